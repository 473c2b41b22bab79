import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Camunda8 } from '@camunda8/sdk';
import { startEngineProcess, type EngineProcess } from '../engine/engine-process';
import { createBucket, freePort, runTask, uniqueId, WorkerProcess } from './harness';

// The worker may start before its engine (Kubernetes brings a gateway up after the worker, or restarts it):
// it waits, not ready, with one log line per attempt, and connects as soon as the engine answers.
const BUCKET = 'it-start-order';
const WAITING = 'does not answer yet; trying again';
let engine: EngineProcess | undefined;
let worker: WorkerProcess | undefined;
let dataDir: string;

beforeAll(async () => {
  await createBucket(BUCKET);
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'it-start-order-'));
});

afterAll(async () => {
  await worker?.stop();
  await engine?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test('a worker started ten seconds before its engine waits for it, then runs jobs', async () => {
  const [grpcPort, restPort] = [await freePort(), await freePort()];
  const type = uniqueId('aws:s3:start-order');
  const startedAt = Date.now();
  worker = await WorkerProcess.spawn({
    ZEEBE_GRPC_ADDRESS: `grpc://127.0.0.1:${grpcPort}`, ZEEBE_REST_ADDRESS: `http://127.0.0.1:${restPort}`, CAMUNDA_AUTH_STRATEGY: 'NONE',
    CONNECTORS_ENABLED: 's3', CONNECTOR_S3_TYPE: type, LOG_LEVEL: 'info',
  });
  await new Promise((r) => setTimeout(r, 10_000));

  // Still running, not ready, and saying so once per attempt (back-off 0.25 s doubling to 5 s: 6 or 7 attempts
  // in 10 s); nothing else on its output, no retry line of the SDK's own.
  expect(worker.child.exitCode).toBeNull();
  expect((await worker.get('/ready')).status).toBe(503);
  expect((await worker.get('/health')).status).toBe(200);
  const lines = worker.output.split('\n').filter(Boolean);
  const waiting = lines.filter((l) => l.includes(WAITING));
  expect(waiting.length).toBeGreaterThanOrEqual(3);
  expect(waiting.length).toBeLessThanOrEqual(10);
  expect(waiting[0]).toContain(`the engine at grpc://127.0.0.1:${grpcPort}`);
  expect(lines.filter((l) => !l.includes(WAITING))).toEqual([]);

  engine = await startEngineProcess({ dataDir, env: { ENGINE_GRPC_PORT: String(grpcPort), ENGINE_REST_PORT: String(restPort) } });
  const engineUpAt = Date.now();
  // At most one back-off step (5 s) after the engine answers, plus the subscription.
  await worker.waitReady(15_000);
  expect(Date.now() - engineUpAt).toBeLessThan(15_000);
  expect(Date.now() - startedAt).toBeGreaterThan(10_000);
  expect(worker.output).toMatch(/"msg":"the engine at grpc:\/\/127\.0\.0\.1:\d+ answers"/);

  const c8 = new Camunda8({ ZEEBE_GRPC_ADDRESS: `grpc://${engine.grpcAddress}`, ZEEBE_REST_ADDRESS: engine.restAddress, CAMUNDA_AUTH_STRATEGY: 'NONE' } as ConstructorParameters<typeof Camunda8>[0]);
  try {
    const vars = await runTask(c8, {
      type, inputs: { 'authentication.accessKey': 'test', 'authentication.secretKey': 'test', 'action.type': 'list', 'action.bucket': BUCKET }, headers: { resultVariable: 'result' },
    });
    expect(vars.result).toMatchObject({ bucket: BUCKET });
  } finally {
    await c8.getZeebeGrpcApiClient().close();
  }
  expect(await worker.stop()).toBe(0);
  worker = undefined;
}, 90_000);

test('WORKER_START_TIMEOUT_MS: without an engine the worker exits 1 with a message that names it', async () => {
  const port = await freePort();
  const w = await WorkerProcess.spawn({
    ZEEBE_GRPC_ADDRESS: `grpc://127.0.0.1:${port}`, ZEEBE_REST_ADDRESS: `http://127.0.0.1:${port}`, CAMUNDA_AUTH_STRATEGY: 'NONE', WORKER_START_TIMEOUT_MS: '2000',
  });
  const started = Date.now();
  expect(await w.waitExit()).toBe(1);
  expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
  expect(w.output).toContain(`zeebe-aws-connectors: the engine at grpc://127.0.0.1:${port} did not answer within WORKER_START_TIMEOUT_MS=2000`);
}, 60_000);
