import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { engineContext } from '../stack/containers';

// STACK=containers builds the engine's image from a staged context (test/stack/containers.ts). No Docker engine
// is needed to check that this context holds what docker/Dockerfile's stages copy and that the engine runs from it.
const ROOT = path.resolve(__dirname, '../..');

/** The sources of the COPY lines (without --from) of the named stages of docker/Dockerfile. */
function copiedSources(stages: string[]): string[] {
  const sources: string[] = [];
  let stage = '';
  for (const line of readFileSync(path.join(ROOT, 'docker/Dockerfile'), 'utf8').split('\n')) {
    const from = /^FROM\s+\S+\s+AS\s+(\S+)/i.exec(line);
    if (from) stage = from[1];
    if (!stages.includes(stage) || !/^COPY\s/i.test(line) || /--from=/.test(line)) continue;
    const words = line.trim().split(/\s+/).slice(1).filter((w) => !w.startsWith('--'));
    sources.push(...words.slice(0, -1));
  }
  return sources;
}

let ctx: string;
beforeAll(() => { ctx = engineContext(mkdtempSync(path.join(os.tmpdir(), 'zac-engine-ctx-'))); });
afterAll(() => rmSync(ctx, { recursive: true, force: true }));

it('holds docker/Dockerfile and every file its deps and engine stages copy, and not the rest of the repository', () => {
  const sources = copiedSources(['deps', 'engine']);
  expect(sources).toEqual(expect.arrayContaining(['package.json', 'package-lock.json', 'tsconfig.json', 'engine']));
  for (const s of [...sources, 'docker/Dockerfile']) expect([s, existsSync(path.join(ctx, s))]).toEqual([s, true]);
  for (const s of ['node_modules', 'worker', 'test', '.stack']) expect([s, existsSync(path.join(ctx, s))]).toEqual([s, false]);
});

it('runs the engine the way the image does (tsx engine/src/main.ts) from that context and the installed packages alone', async () => {
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(ctx, 'node_modules'));
  const child = spawn(path.join(ctx, 'node_modules/.bin/tsx'), ['engine/src/main.ts'], {
    cwd: ctx, env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), ENGINE_HOST: '127.0.0.1', ENGINE_GRPC_PORT: '0', ENGINE_REST_PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  try {
    const rest = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ready line within 60 s:\n${output}`)), 60_000);
      child.stdout.on('data', () => {
        const ready = /engine ready grpc=\S+ rest=(\S+)/.exec(output);
        if (ready) { clearTimeout(timer); resolve(ready[1]); }
      });
      void exited.then((code) => { clearTimeout(timer); reject(new Error(`the engine exited (${code}) before it was ready:\n${output}`)); });
    });
    const topology = await fetch(`http://${rest}/v2/topology`);
    expect(topology.status).toBe(200);
  } finally {
    child.kill('SIGTERM');
  }
  expect(await exited).toBe(0);
});
