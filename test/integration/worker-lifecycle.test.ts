import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Camunda8 } from '@camunda8/sdk';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { camunda, createBucket, runTask, searchJobs, stack, uniqueId, waitFor, WorkerProcess } from './harness';

const BUCKET = 'it-lifecycle';
let c8: Camunda8;

beforeAll(async () => {
  await createBucket(BUCKET);
  c8 = camunda();
});

afterAll(async () => {
  await fetch(stack().FAULT_PROXY_CONTROL, { method: 'DELETE' });
  await c8?.getZeebeGrpcApiClient().close();
});

const listTask = (type: string, bucket = BUCKET) => ({
  type, inputs: { 'authentication.accessKey': 'test', 'authentication.secretKey': 'test', 'action.type': 'list', 'action.bucket': bucket }, headers: { resultVariable: 'result' },
});

test('SIGTERM with a job in flight: the job completes, the worker exits 0, nothing is left activated', async () => {
  const type = uniqueId('aws:s3:sigterm');
  const worker = await WorkerProcess.start({ CONNECTOR_S3_TYPE: type, WORKER_SHUTDOWN_TIMEOUT_MS: '20000' });
  // Hold the S3 call for 3 s so that the job is surely in flight when the signal comes.
  await fetch(stack().FAULT_PROXY_CONTROL, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ count: 1, delayMs: 3000, match: `GET /${BUCKET}` }),
  });
  const result = runTask(c8, listTask(type));
  await waitFor('the S3 call to be held', async () => {
    const state = (await (await fetch(stack().FAULT_PROXY_CONTROL)).json()) as { counters: { delayed: number } };
    return state.counters.delayed >= 1 ? true : undefined;
  });
  const exited = worker.stop('SIGTERM');
  // While it drains, the worker says it is not ready (the held S3 call keeps it draining for about 3 s).
  await waitFor('readiness to drop', async () => ((await worker.get('/ready').catch(() => undefined))?.status === 503 ? true : undefined), 2000);
  const vars = await result;
  expect(vars.result).toMatchObject({ bucket: BUCKET });
  expect(await exited).toBe(0);
  expect(worker.output).toContain('shutting down');
  expect(worker.output).toMatch(/"drained":true.*worker stopped/);
  // One job, completed by this worker, never failed nor timed out: its retries are as the model set them
  // (a failure takes one), it never failed with retries left, and no other worker took it over.
  const jobs = await waitFor('the job to show as COMPLETED in the search API', async () => {
    const found = await searchJobs({ type });
    return found.some((j) => j.state === 'COMPLETED') ? found : undefined;
  });
  expect(jobs).toHaveLength(1);
  expect(jobs[0]).toMatchObject({ state: 'COMPLETED', retries: 3, worker: 'zeebe-aws-connectors' });
  expect(jobs[0].hasFailedWithRetriesLeft).toBe(false);
  // The worker's own account: it completed that one job and failed none of its type.
  const lines = worker.output.split('\n').filter((l) => l.includes(`"taskType":"${type}"`));
  expect(lines.filter((l) => l.includes('"msg":"job completed"'))).toHaveLength(1);
  expect(lines.filter((l) => l.includes('"msg":"job failed"'))).toHaveLength(0);
});

test.each(['rest', 'grpc-poll'])('the %s subscription mode runs jobs too', async (mode) => {
  const type = uniqueId(`aws:s3:${mode}`);
  const worker = await WorkerProcess.start({ CONNECTOR_S3_TYPE: type, WORKER_MODE: mode });
  try {
    const vars = await runTask(c8, listTask(type));
    expect(vars.result).toMatchObject({ bucket: BUCKET });
    expect(worker.output).toContain(`"mode":"${mode}"`);
  } finally {
    expect(await worker.stop()).toBe(0);
  }
});

test('secrets from a directory of files and from AWS Secrets Manager', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'it-secrets-'));
  writeFileSync(path.join(dir, 'BUCKET_FROM_FILE'), `${BUCKET}\n`);
  const secretName = uniqueId('bucket');
  const sm = new SecretsManagerClient({ endpoint: stack().AWS_ENDPOINT_URL_S3_EMULATOR, region: stack().AWS_REGION, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  await sm.send(new CreateSecretCommand({ Name: `zac/${secretName}`, SecretString: BUCKET }));
  sm.destroy();

  const type = uniqueId('aws:s3:secrets');
  const worker = await WorkerProcess.start({
    CONNECTOR_S3_TYPE: type,
    SECRETS_DIR: dir,
    SECRETS_AWS_SECRETS_MANAGER: 'true',
    SECRETS_AWS_SECRETS_MANAGER_PREFIX: 'zac/',
    AWS_ENDPOINT_URL_SECRETS_MANAGER: stack().AWS_ENDPOINT_URL_S3_EMULATOR,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
  });
  try {
    // The list succeeded on the real bucket; its name came from a secret, so it is masked in the variables too.
    const fromFile = await runTask(c8, listTask(type, '{{secrets.BUCKET_FROM_FILE}}'));
    expect(fromFile.result).toMatchObject({ bucket: '***', isTruncated: false });
    const fromManager = await runTask(c8, listTask(type, `{{secrets.${secretName}}}`));
    expect(fromManager.result).toMatchObject({ bucket: '***', isTruncated: false });
    expect(JSON.stringify([fromFile, fromManager])).not.toContain(BUCKET);
  } finally {
    await worker.stop();
  }
});

test('/health, /ready and /metrics', async () => {
  const type = uniqueId('aws:s3:metrics');
  const worker = await WorkerProcess.start({ CONNECTOR_S3_TYPE: type });
  try {
    await runTask(c8, listTask(type));
    expect((await worker.get('/health')).status).toBe(200);
    expect((await worker.get('/ready')).status).toBe(200);
    const metrics = await (await worker.get('/metrics')).text();
    expect(metrics).toContain(`connector_jobs_total{task_type="${type}",outcome="complete"} 1`);
    expect(metrics).toContain('connector_job_duration_seconds_bucket');
  } finally {
    await worker.stop();
  }
});

test('a bad setting stops the worker at start with a clear message', async () => {
  await expect(WorkerProcess.start({ WORKER_CONCURRENCY: 'lots' })).rejects.toThrow(/WORKER_CONCURRENCY must be a whole number from 1 to 1000, got 'lots'/);
});
