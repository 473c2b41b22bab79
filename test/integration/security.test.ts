// The worker's guards end to end, on the engine with a real worker process (docs/security.md): hostile
// model or process data fails its own job with a code, and the worker and the other jobs go on.
import type { Camunda8 } from '@camunda8/sdk';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { camunda, createBucket, oneTaskProcess, runTask, s3, uniqueId, WorkerProcess } from './harness';

const TYPE = uniqueId('aws:s3:security');
const BUCKET = 'it-security';
const SECRET = 'wJalr-security-test-secret-9b1f';
const auth = { 'authentication.type': 'credentials', 'authentication.accessKey': '{{secrets.AWS_KEY}}', 'authentication.secretKey': '{{secrets.AWS_SECRET}}' };

let worker: WorkerProcess;
let c8: Camunda8;

beforeAll(async () => {
  await createBucket(BUCKET);
  worker = await WorkerProcess.start({ CONNECTOR_S3_TYPE: TYPE, SECRET_AWS_KEY: 'test-access-key', SECRET_AWS_SECRET: SECRET, FEEL_TIMEOUT_MS: '1500' });
  c8 = camunda();
});

afterAll(async () => {
  await c8?.getZeebeGrpcApiClient().close();
  await worker?.stop();
  expect(worker.output).not.toContain(SECRET);
});

const task = (inputs: Record<string, string>, headers: Record<string, string> = { resultVariable: 'result' }) => ({ type: TYPE, inputs: { ...auth, ...inputs }, headers });

test('a resultExpression that would exhaust memory fails its own job; a job running beside it completes and the worker stays up', async () => {
  const hostile = runTask(c8, task({ 'action.type': 'list', 'action.bucket': BUCKET }, { resultExpression: '={n: count(for i in 1..50000000 return i)}' }));
  const ordinary = runTask(c8, task({ 'action.type': 'list', 'action.bucket': BUCKET }));
  const [bad, good] = await Promise.all([hostile, ordinary]);
  expect(bad.caughtCode).toBe('INVALID_INPUT');
  expect(bad.caughtMessage).toContain('resultExpression');
  expect(good.result).toMatchObject({ bucket: BUCKET });
  expect(worker.child.exitCode).toBeNull();
  expect((await worker.get('/health')).status).toBe(200);
});

test('configuration.endpoint aimed at the instance metadata address is refused before any request is signed', async () => {
  const vars = await runTask(c8, task({ 'action.type': 'list', 'action.bucket': BUCKET, 'configuration.endpoint': 'http://169.254.169.254/latest/meta-data/' }));
  expect(vars.caughtCode).toBe('INVALID_INPUT');
  expect(vars.caughtMessage).toContain('configuration.endpoint');
});

test('a secret placeholder typed into process data stays text: the model did not put it there', async () => {
  const key = `${uniqueId('typed')}.txt`;
  const vars = await runTask(
    c8,
    task({ 'action.type': 'upload', 'action.bucket': BUCKET, 'action.key': key, 'action.document': '={"camunda.document.type": "inline", "content": userText, "name": "t.txt"}' }),
    { userText: 'my note: {{secrets.AWS_SECRET}}' },
  );
  expect(vars.caughtCode).toBeUndefined();
  const client = s3();
  const object = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  expect(await object.Body!.transformToString()).toBe('my note: {{secrets.AWS_SECRET}}');
  client.destroy();
});

test('a deployed model with a DOCTYPE (an entity declaration) fails the job that reads its secrets with INVALID_INPUT naming the cause; the worker goes on', async () => {
  const id = uniqueId('doctype');
  const model = oneTaskProcess(id, task({ 'action.type': 'list', 'action.bucket': BUCKET }));
  const hostile = model.startsWith('<?xml') ? model.replace('?>', '?><!DOCTYPE definitions [<!ENTITY note "hello">]>') : `<!DOCTYPE definitions [<!ENTITY note "hello">]>${model}`;
  await c8.getZeebeGrpcApiClient().deployResource({ process: Buffer.from(hostile), name: `${id}.bpmn` });
  const result = await c8.getZeebeGrpcApiClient().createProcessInstanceWithResult({ bpmnProcessId: id, variables: {}, requestTimeout: 30_000 });
  const vars = result.variables as Record<string, unknown>;
  expect(vars.caughtCode).toBe('INVALID_INPUT');
  expect(vars.caughtMessage).toMatch(/DOCTYPE/);
  // The same task in a model without it runs.
  expect((await runTask(c8, task({ 'action.type': 'list', 'action.bucket': BUCKET }))).result).toMatchObject({ bucket: BUCKET });
});
