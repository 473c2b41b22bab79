import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Camunda8 } from '@camunda8/sdk';
import { camunda, createBucket, runTask, searchJobs, stack, uniqueId, waitFor, WorkerProcess } from './harness';

// Traces as an operator's collector gets them: the worker process with tracing on (the in-memory exporter
// of the OpenTelemetry SDK in place of OTLP), real jobs from the engine, real AWS SDK calls to the emulator.
const TYPE = uniqueId('aws:s3:trace');
const BUCKET = 'it-tracing';

interface SpanJson {
  name: string; traceId: string; spanId: string; parentSpanId?: string; scope: string;
  attributes: Record<string, unknown>; status: { code: number };
}

let c8: Camunda8;
let dir: string;

beforeAll(async () => {
  stack();
  await createBucket(BUCKET);
  c8 = camunda();
  dir = mkdtempSync(path.join(os.tmpdir(), 'zac-spans-'));
});

afterAll(async () => {
  await c8?.getZeebeGrpcApiClient().close();
  rmSync(dir, { recursive: true, force: true });
});

test('one span per job (type, job key, instance key, outcome) with a child span per AWS call', async () => {
  const spansFile = path.join(dir, 'spans.json');
  const worker = await WorkerProcess.start({
    CONNECTOR_S3_TYPE: TYPE, CONNECTORS_ENABLED: 's3', SPANS_FILE: spansFile,
    SECRET_AWS_KEY: 'test-access-key', SECRET_AWS_SECRET: 'test-secret-key-42',
  }, 'test/integration/traced-worker.ts');
  const task = (inputs: Record<string, string>) => ({
    type: TYPE, headers: { resultVariable: 'result' },
    inputs: { 'authentication.type': 'credentials', 'authentication.accessKey': '{{secrets.AWS_KEY}}', 'authentication.secretKey': '{{secrets.AWS_SECRET}}', ...inputs },
  });
  try {
    const uploaded = await runTask(c8, task({ 'action.type': 'upload', 'action.bucket': BUCKET, 'action.key': 'traced.txt', 'action.document': '={"camunda.document.type": "inline", "content": "traced", "name": "t.txt"}' }));
    expect(uploaded.result).toMatchObject({ key: 'traced.txt' });
    const missing = await runTask(c8, task({ 'action.type': 'delete', 'action.bucket': 'it-tracing-no-such-bucket', 'action.key': 'x' }));
    expect(missing.caughtCode).toBe('NOT_FOUND');
  } finally {
    expect(await worker.stop()).toBe(0);
  }

  const spans = JSON.parse(readFileSync(spansFile, 'utf8')) as SpanJson[];
  const jobSpans = spans.filter((s) => s.name === `job ${TYPE}`);
  expect(jobSpans).toHaveLength(2);
  const jobs = await waitFor('both jobs in the search', async () => {
    const found = await searchJobs({ type: TYPE });
    return found.length === 2 ? found : undefined;
  });
  for (const span of jobSpans) {
    const job = jobs.find((j) => j.jobKey === span.attributes['zeebe.job.key']);
    expect(job).toBeDefined();
    expect(span.attributes).toMatchObject({ 'zeebe.job.type': TYPE, 'zeebe.process_instance.key': job!.processInstanceKey });
    const awsCalls = spans.filter((s) => s.parentSpanId === span.spanId);
    expect(awsCalls.length).toBeGreaterThanOrEqual(1);
    for (const call of awsCalls) {
      expect(call).toMatchObject({ traceId: span.traceId, scope: '@opentelemetry/instrumentation-aws-sdk', attributes: { 'rpc.service': 'S3' } });
    }
  }
  const byOutcome = Object.fromEntries(jobSpans.map((s) => [s.attributes['zeebe.job.outcome'], s]));
  expect(Object.keys(byOutcome).sort()).toEqual(['bpmnError', 'complete']);
  expect(spans.filter((s) => s.parentSpanId === byOutcome.complete.spanId).map((s) => s.attributes['rpc.method'])).toContain('PutObject');
  expect(spans.filter((s) => s.parentSpanId === byOutcome.bpmnError.spanId).map((s) => s.attributes['rpc.method'])).toContain('DeleteObject');
  // No secret reaches a span.
  expect(JSON.stringify(spans)).not.toContain('test-secret-key-42');
});
