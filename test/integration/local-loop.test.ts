import { execFile, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { camunda, createBucket, engineConnection, externalEngine, freePort, runTask, stack, uniqueId, waitFor } from './harness';

/**
 * The local loop of the README and docs/local-development.md, as a user runs it: `.stack/endpoints.env` holds the
 * worker's own settings (engine, credentials, AWS endpoints), so sourcing it and starting the command is all it
 * takes; `npm run local` does the same in one command and prints what Desktop Modeler needs. The tasks give no
 * credentials and no endpoint of their own: only the file's settings can make them reach the emulator.
 */
const ROOT = path.resolve(__dirname, '../..');
const BUCKET = 'it-local-loop';
const children: ChildProcess[] = [];

beforeAll(async () => {
  await createBucket(BUCKET);
  // The command runs the compiled worker (dist/), as `npm run local` builds it.
  await promisify(execFile)('bash', [path.join(ROOT, 'scripts/build-worker.sh')], { cwd: ROOT, timeout: 600_000 });
}, 600_000);

afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

/** Runs `command` in a shell at the repository's root with nothing of the test's own settings but PATH and HOME. */
function start(script: string, env: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  // Against a cluster of the user's (no engine lines in the file), its settings come from the environment.
  const engine = externalEngine() ? engineConnection() : {};
  const child = spawn('bash', ['-c', script], {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...engine, ...env },
  });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function listWithDeploymentSettings(type: string): Promise<void> {
  const c8 = camunda();
  try {
    const vars = await runTask(c8, { type, inputs: { 'action.type': 'list', 'action.bucket': BUCKET }, headers: { resultVariable: 'result' } });
    expect(vars.result).toMatchObject({ bucket: BUCKET });
  } finally {
    await c8.getZeebeGrpcApiClient().close();
  }
}

const ready = (port: number) => fetch(`http://127.0.0.1:${port}/ready`).then((r) => (r.ok ? true : undefined), () => undefined);

test('set -a; . .stack/endpoints.env; set +a; npx zeebe-aws-connectors: a job on the emulator runs', async () => {
  const port = await freePort();
  const type = uniqueId('aws:s3:endpoints-file');
  const w = start('set -a; . .stack/endpoints.env; set +a; exec npx --no-install zeebe-aws-connectors', {
    HTTP_PORT: String(port), CONNECTORS_ENABLED: 's3', CONNECTOR_S3_TYPE: type,
  });
  await waitFor(`the worker to be ready:\n${w.output()}`, () => ready(port), 60_000);
  await listWithDeploymentSettings(type);
  // npx ends by the signal; the worker drains (the pipes close once it has exited too).
  w.child.kill('SIGTERM');
  await w.exited;
  expect(w.output()).toMatch(/"drained":true,"msg":"worker stopped"/);
}, 120_000);

test('npm run local: the stack, the Desktop Modeler settings, and a worker wired to it', async () => {
  const port = await freePort();
  const type = uniqueId('aws:s3:local');
  // The stack's ports as this run has them (the defaults, or the developer's own).
  const ports = Object.fromEntries(['ENGINE_GRPC_PORT', 'ENGINE_REST_PORT', 'MINISTACK_PORT', 'FAULT_PROXY_PORT', 'AWS_AI_PORT']
    .filter((n) => process.env[n]).map((n) => [n, process.env[n]!]));
  const w = start('exec npm run --silent local', { ...ports, HTTP_PORT: String(port), CONNECTORS_ENABLED: 's3', CONNECTOR_S3_TYPE: type });
  await waitFor(`npm run local to have a ready worker:\n${w.output()}`, () => ready(port), 120_000);
  const grpcPort = new URL(stack().ZEEBE_GRPC_ADDRESS.replace(/^grpc/, 'http')).port;
  if (!externalEngine()) expect(w.output()).toContain(`Cluster endpoint: http://localhost:${grpcPort}   Authentication: None`);
  expect(w.output()).toContain(`AWS emulator             ${stack().AWS_ENDPOINT_URL_S3_EMULATOR}`);
  await listWithDeploymentSettings(type);
  // npm execs the script, the script execs the worker: SIGTERM to npm's process drains the worker, exit 0.
  w.child.kill('SIGTERM');
  expect(await w.exited).toBe(0);
  expect(w.output()).toMatch(/"drained":true,"msg":"worker stopped"/);
}, 300_000);
