import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describeSettings } from '../../worker/config';
import { camunda, createBucket, freePort, runTask, stack, uniqueId, waitFor } from '../integration/harness';

// The package as an operator gets it: `npm pack` (which builds on prepack), the tarball installed into an
// empty folder, and `npx zeebe-aws-connectors` run from there, against the local stack.
const ROOT = path.resolve(__dirname, '../..');
const run = promisify(execFile);
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };

let tmp: string;
let app: string;
let tarball: string;

/** `npx zeebe-aws-connectors ...args` in the install folder; answers the exit code and all output. */
async function npx(args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string }> {
  try {
    const r = await run('npx', ['--no-install', 'zeebe-aws-connectors', ...args], {
      cwd: app, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env }, timeout: 60_000,
    });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, out: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

beforeAll(async () => {
  stack();
  tmp = mkdtempSync(path.join(os.tmpdir(), 'zac-pack-'));
  const packed = await run('npm', ['pack', '--silent', '--pack-destination', tmp], { cwd: ROOT, timeout: 300_000 });
  tarball = path.join(tmp, packed.stdout.trim().split('\n').pop()!);
  app = path.join(tmp, 'app');
  mkdirSync(app);
  writeFileSync(path.join(app, 'package.json'), '{"private": true}\n');
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', tarball], { cwd: app, timeout: 600_000 });
}, 900_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

test('the tarball holds the built worker, the command and the templates, and no sources or tests', async () => {
  const { stdout } = await run('tar', ['tzf', tarball]);
  const files = stdout.split('\n');
  expect(files).toEqual(expect.arrayContaining([
    'package/bin/zeebe-aws-connectors.js', 'package/dist/worker/cli/index.js', 'package/dist/worker/main.js',
    'package/element-templates/aws-s3.json', 'package/results/s3.json', 'package/README.md', 'package/LICENSE', 'package/package.json',
  ]));
  expect(files.filter((f) => /^package\/(test|engine|scripts|worker)\/|^package\/dist\/engine\/|\.ts$/.test(f) && !f.endsWith('.d.ts'))).toEqual([]);
});

test('the installed package brings only what the worker uses', async () => {
  const installed = JSON.parse(readFileSync(path.join(app, 'node_modules/zeebe-aws-connectors/package.json'), 'utf8')) as { dependencies: Record<string, string> };
  // Every dependency is required by the built worker or the command (a require('x') or require('x/...') in dist/ or bin/).
  const code = [path.join(app, 'node_modules/zeebe-aws-connectors/bin'), path.join(app, 'node_modules/zeebe-aws-connectors/dist/worker')]
    .flatMap((d) => readdirSync(d, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js')).map((f) => readFileSync(path.join(d, f), 'utf8')))
    .join('\n');
  const required = new Set([...code.matchAll(/require(?:\.resolve)?\(["']((?:@[^/"']+\/)?[^/"'.][^/"']*)/g)].map((m) => m[1]));
  expect(Object.keys(installed.dependencies).filter((d) => !required.has(d))).toEqual([]);
  // The engine's packages, the test-only ajv-formats and the unused STS client are not among them, nor installed.
  for (const name of ['bpmn-moddle', 'zeebe-bpmn-moddle', 'busboy', 'ajv-formats', '@aws-sdk/client-sts']) {
    expect([name, Object.keys(installed.dependencies).includes(name)]).toEqual([name, false]);
    expect([name, existsSync(path.join(app, 'node_modules', name))]).toEqual([name, false]);
  }
  // What the tarball brings, for the record: its dependencies and every package installed with them.
  const { stdout } = await run('npm', ['ls', '--all', '--omit=dev', '--parseable'], { cwd: app, maxBuffer: 64 * 1024 * 1024 });
  const packages = new Set(stdout.split('\n').filter((l) => l.includes('node_modules')).map((l) => l.slice(l.lastIndexOf('node_modules/') + 13)));
  const { stdout: du } = await run('du', ['-sk', path.join(app, 'node_modules')]);
  process.stdout.write(`the tarball brings ${Object.keys(installed.dependencies).length} dependencies, ${packages.size} packages in all, ${Math.round(Number(du.split('\t')[0]) / 1024)} MiB:\n  ${Object.keys(installed.dependencies).join(', ')}\n`);
  expect(packages.size).toBeGreaterThan(Object.keys(installed.dependencies).length);
});

test('the playground (camunda-bpmn-js, under the bpmn.io licence) is neither in the tarball nor installed with it', async () => {
  const { stdout } = await run('tar', ['tzf', tarball]);
  expect(stdout.split('\n').filter((f) => /^package\/(playground|docs\/img)\/|bpmn-js|playwright/.test(f))).toEqual([]);
  const installed = readdirSync(path.join(app, 'node_modules'));
  for (const name of ['bpmn-js', 'camunda-bpmn-js', 'diagram-js', 'playwright-core']) expect([name, installed.includes(name)]).toEqual([name, false]);
  const manifest = JSON.parse(readFileSync(path.join(app, 'node_modules/zeebe-aws-connectors/package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
  expect(Object.keys({ ...manifest.dependencies, ...manifest.devDependencies }).filter((d) => /bpmn-js|playwright/.test(d))).toEqual([]);
});

test('--version answers the package version', async () => {
  expect(await npx(['--version'])).toEqual({ code: 0, out: `${pkg.version}\n` });
});

test('--help lists every setting loadConfig reads, with its default', async () => {
  const { code, out } = await npx(['--help']);
  expect(code).toBe(0);
  for (const s of describeSettings()) expect(out).toMatch(new RegExp(`^  ${s.name.replace(/[<>]/g, '.')} +default: ${s.default === undefined ? '\\(none\\)' : s.default.replace(/[.*+?()[\]|]/g, '\\$&')}`, 'm'));
  expect(out).toMatch(/^ {2}WORKER_CONCURRENCY +default: 32 +\[whole number 1\.\.1000\]$/m);
});

test('templates DIR copies the element templates for Desktop Modeler', async () => {
  const dir = path.join(tmp, 'modeler', 'resources', 'element-templates');
  const { code } = await npx(['templates', dir]);
  expect(code).toBe(0);
  // Every published version: the newest, and the earlier ones under versioned/.
  const json = (d: string) => readdirSync(d, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json')).sort();
  const expected = json(path.join(ROOT, 'element-templates'));
  expect(expected).toContain('versioned/aws-s3-1.json');
  expect(json(dir)).toEqual(expected);
  for (const f of expected) expect(readFileSync(path.join(dir, f), 'utf8')).toBe(readFileSync(path.join(ROOT, 'element-templates', f), 'utf8'));
  expect(await npx(['templates'])).toMatchObject({ code: 2, out: expect.stringContaining('templates needs a folder') });
});

describe('check', () => {
  const secret = 'pack-test-secret-value-7f3a';
  const base = () => ({
    ZEEBE_GRPC_ADDRESS: stack().ZEEBE_GRPC_ADDRESS, ZEEBE_REST_ADDRESS: stack().ZEEBE_REST_ADDRESS, CAMUNDA_AUTH_STRATEGY: 'NONE',
    AWS_REGION: stack().AWS_REGION, AWS_ACCESS_KEY_ID: 'AKIAPACKTEST', AWS_SECRET_ACCESS_KEY: secret, AWS_ENDPOINT_URL_S3: stack().S3_ENDPOINT,
  });

  test('passes when the engine and the configured AWS endpoints answer as themselves, and prints no secret', async () => {
    const { code, out } = await npx(['check'], base());
    expect(out).toContain(`ok   engine gRPC gateway ${stack().ZEEBE_GRPC_ADDRESS}: answers`);
    expect(out).toContain(`ok   engine REST API ${stack().ZEEBE_REST_ADDRESS}: answers`);
    expect(out).toContain(`ok   AWS endpoint ${stack().S3_ENDPOINT} (s3): answers as S3`);
    // The configuration only when asked for.
    expect(out).not.toContain('secretAccessKey');
    expect(out).toContain('check passed');
    expect(code).toBe(0);
  });

  test('--show-config prints the configuration, secrets masked, all connectors named as such', async () => {
    const { code, out } = await npx(['check', '--show-config'], base());
    expect(out).toContain('"secretAccessKey": "***"');
    expect(out).toContain('"enabledConnectors": "all (s3, ');
    expect(out).not.toContain(secret);
    expect(out).not.toContain('AKIAPACKTEST');
    expect(code).toBe(0);
  });

  test('an endpoint that answers, but not as the service, fails', async () => {
    // The engine's REST API answers 404 to S3's ListBuckets, and the AI stand-in is not Lambda.
    const { code, out } = await npx(['check'], { ...base(), AWS_ENDPOINT_URL_S3: `${stack().ZEEBE_REST_ADDRESS}/no-such-path`, AWS_ENDPOINT_URL_LAMBDA: stack().AWS_AI_ENDPOINT! });
    expect(out).toContain(`FAIL AWS endpoint ${stack().ZEEBE_REST_ADDRESS}/no-such-path (s3): answers HTTP 404, but not as S3`);
    expect(out).toContain(`FAIL AWS endpoint ${stack().AWS_AI_ENDPOINT} (lambda): answers HTTP 404, but not as Lambda`);
    expect(code).toBe(1);
  });

  test('fails with a clear message when the engine or an AWS endpoint does not answer', async () => {
    const closed = await freePort();
    const { code, out } = await npx(['check'], {
      ...base(), ZEEBE_GRPC_ADDRESS: `grpc://127.0.0.1:${closed}`, ZEEBE_REST_ADDRESS: `http://127.0.0.1:${closed}`,
      // Node 20: the AWS SDK's warning (9 lines, once) is not what this test counts.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      AWS_ENDPOINT_URL_LAMBDA: `http://127.0.0.1:${closed}`,
    });
    expect(code).toBe(1);
    expect(out).toContain(`FAIL engine gRPC gateway grpc://127.0.0.1:${closed}`);
    expect(out).toContain(`FAIL engine REST API http://127.0.0.1:${closed}`);
    expect(out).toContain(`FAIL AWS endpoint http://127.0.0.1:${closed} (lambda)`);
    expect(out).toContain(`ok   AWS endpoint ${stack().S3_ENDPOINT} (s3)`);
    expect(out).toContain('check failed: 3 of 4 did not answer as they should');
    // Its own lines only: none of the SDK's retry or channel lines.
    const own = /^(task types: |note AWS: |ok {3}|FAIL |check (passed|failed))/;
    expect(out.split('\n').filter((l) => l && !own.test(l))).toEqual([]);
  }, 60_000);

  test('bad settings exit 2, every one named at once', async () => {
    const { code, out } = await npx(['check'], { ...base(), WORKER_CONCURRENCY: 'lots', LOG_LEVEL: 'loud' });
    expect(code).toBe(2);
    expect(out).toContain('2 bad settings:');
    expect(out).toContain("WORKER_CONCURRENCY must be a whole number from 1 to 1000, got 'lots'");
    expect(out).toContain("LOG_LEVEL must be one of trace, debug, info, warn, error, fatal, silent, got 'loud'");
  });
});

test('the installed command runs the worker: ready against the stack, stops on SIGTERM', async () => {
  const port = await freePort();
  // The installed command itself (npx runs the same file; signals reach it directly this way).
  const child = spawn(path.join(app, 'node_modules/.bin/zeebe-aws-connectors'), [], {
    cwd: app, stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ZEEBE_GRPC_ADDRESS: stack().ZEEBE_GRPC_ADDRESS,
      ZEEBE_REST_ADDRESS: stack().ZEEBE_REST_ADDRESS, CAMUNDA_AUTH_STRATEGY: 'NONE', AWS_REGION: stack().AWS_REGION,
      HTTP_PORT: String(port), CONNECTORS_ENABLED: 's3', CONNECTOR_S3_TYPE: `pack-test:s3:${port}`,
    },
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  const deadline = Date.now() + 60_000;
  let ready = false;
  while (!ready && Date.now() < deadline && child.exitCode === null) {
    ready = await fetch(`http://127.0.0.1:${port}/ready`).then((r) => r.ok, () => false);
    if (!ready) await new Promise((r) => setTimeout(r, 200));
  }
  expect({ ready, output: ready ? '' : output }).toEqual({ ready: true, output: '' });
  expect(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()).toContain('connector_jobs_in_flight');
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
}, 90_000);

/**
 * SIGTERM to the command a user started the worker with, with a job in flight. `npx` and `npm start` run the
 * worker under `sh -c`, which dies of the signal npm passes on without passing it further: the worker then
 * drains because its parent ended (npx), or gets the signal itself (`npm start` execs node).
 */
describe.each([
  ['npx zeebe-aws-connectors', () => ({ command: 'npx', args: ['--no-install', 'zeebe-aws-connectors'], cwd: app })],
  ['npm start', () => ({ command: 'npm', args: ['start', '--silent'], cwd: ROOT })],
])('SIGTERM through %s', (name, how) => {
  const bucket = 'pack-signals';

  test('the job in flight completes, the worker drains and exits', async () => {
    await createBucket(bucket);
    const port = await freePort();
    const type = uniqueId('aws:s3:signals');
    const { command, args, cwd } = how();
    const child = spawn(command, args, {
      cwd, stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ZEEBE_GRPC_ADDRESS: stack().ZEEBE_GRPC_ADDRESS,
        ZEEBE_REST_ADDRESS: stack().ZEEBE_REST_ADDRESS, CAMUNDA_AUTH_STRATEGY: 'NONE', AWS_REGION: stack().AWS_REGION,
        AWS_ENDPOINT_URL_S3: stack().S3_ENDPOINT, HTTP_PORT: String(port), CONNECTORS_ENABLED: 's3', CONNECTOR_S3_TYPE: type,
        WORKER_SHUTDOWN_TIMEOUT_MS: '20000',
      },
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    // The pipes close once every process that holds them has exited: npm, the shell and the worker.
    const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
    await waitFor(`the worker started by ${name} to be ready`, () => fetch(`http://127.0.0.1:${port}/ready`).then((r) => (r.ok ? true : undefined), () => undefined), 60_000);

    const c8 = camunda();
    try {
      // The S3 call is held for 3 s, so that the job is surely in flight when the signal comes.
      await fetch(stack().FAULT_PROXY_CONTROL, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ count: 1, delayMs: 3000, match: `GET /${bucket}` }) });
      const result = runTask(c8, { type, inputs: { 'authentication.accessKey': 'test', 'authentication.secretKey': 'test', 'action.type': 'list', 'action.bucket': bucket }, headers: { resultVariable: 'result' } });
      await waitFor('the S3 call to be held', async () => (((await (await fetch(stack().FAULT_PROXY_CONTROL)).json()) as { counters: { delayed: number } }).counters.delayed >= 1 ? true : undefined));
      child.kill('SIGTERM');
      expect((await result).result).toMatchObject({ bucket });
      await Promise.race([closed, new Promise((_, reject) => setTimeout(() => reject(new Error(`the worker did not exit:\n${output}`)), 30_000))]);
    } finally {
      await fetch(stack().FAULT_PROXY_CONTROL, { method: 'DELETE' });
      await c8.getZeebeGrpcApiClient().close();
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    const lines = output.split('\n').filter((l) => l.startsWith('{'));
    expect(lines.filter((l) => l.includes('"msg":"job completed"'))).toHaveLength(1);
    expect(output).toMatch(/"msg":"shutting down: no new jobs are activated"/);
    // A clean stop: one line per subscription, and none of the SDK's stream-cancelled stack traces.
    expect(lines.filter((l) => l.includes('"msg":"job subscription closed"'))).toHaveLength(1);
    expect(output).not.toContain('Cancelled on client');
    expect(output).toMatch(/"drained":true,"msg":"worker stopped"/);
    // npm start execs the worker, so npm answers its exit code (0: drained); npx ends by the signal it passed on,
    // before the worker's drain (which the closed pipes above waited for).
    expect(await exited).toEqual(name === 'npm start' ? { code: 0, signal: null } : { code: null, signal: 'SIGTERM' });
  }, 120_000);
});
