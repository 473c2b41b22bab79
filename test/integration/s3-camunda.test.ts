import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Camunda8 } from '@camunda8/sdk';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { camunda, createBucket, incidentOf, runTask, s3, searchJobs, searchVariables, stack, startInstance, uniqueId, waitFor, WorkerProcess } from './harness';
import { expectResult } from './result-check';

// The official task type is switched on and routed to a unique type so that tests do not meet other workers.
const TYPE = uniqueId('io.camunda:aws-s3:it');
const BUCKET = 'it-s3-camunda';
const credentials = { 'authentication.type': 'credentials', 'authentication.accessKey': 'test', 'authentication.secretKey': 'test', 'configuration.region': 'us-east-1' };

let worker: WorkerProcess;
let c8: Camunda8;
let files: http.Server;
let filesUrl: string;

beforeAll(async () => {
  await createBucket(BUCKET);
  files = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/csv' });
    res.end(`served ${req.url}`);
  });
  await new Promise<void>((r) => files.listen(0, '127.0.0.1', r));
  filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
  worker = await WorkerProcess.start({ CAMUNDA_COMPATIBLE_TYPES: 'true', CONNECTOR_AWS_S3_TYPE: TYPE, DOCUMENT_URL_ALLOW_PRIVATE_ADDRESSES: 'true' });
  c8 = camunda();
});

afterAll(async () => {
  await c8?.getZeebeGrpcApiClient().close();
  await worker?.stop();
  await new Promise((r) => files?.close(r));
});

const task = (inputs: Record<string, string>, headers: Record<string, string> = { resultVariable: 'result' }, retries = 3) => ({
  type: TYPE, retries, inputs: { ...credentials, ...inputs }, headers,
});

/** The `error` variable a failed job left in its task's scope, as the engine's search API shows it. */
async function errorVariable(processInstanceKey: string, elementInstanceKey: string): Promise<unknown> {
  const found = await waitFor('the error variable', async () => (await searchVariables({ processInstanceKey, scopeKey: elementInstanceKey, name: 'error' }))[0]);
  return JSON.parse(found.value);
}

/** The retries a worker's 'job failed' log line gave the engine. */
const retriesOf = (line: string) => Number(/"retries":(\d+)/.exec(line)?.[1]);

/** The instance's job once the search API shows it FAILED with no retries left (its last state). */
const failedJob = (processInstanceKey: string) =>
  waitFor('the failed job', async () => (await searchJobs({ processInstanceKey, state: 'FAILED', retries: 0 }))[0]);

async function put(key: string, body: string, contentType?: string): Promise<void> {
  const client = s3();
  await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body, ContentType: contentType }));
  client.destroy();
}

test('v2 upload of an external document without a key answers the key used and a correct link (official bug: key null)', async () => {
  const vars = await runTask(c8, task({
    actionDiscriminator: 'uploadObject',
    'action.bucket': BUCKET,
    'action.document': `={"camunda.document.type": "external", "url": "${filesUrl}/reports/q3 summary.csv"}`,
  }));
  expect(vars.result).toEqual({ bucket: BUCKET, key: 'q3 summary.csv', link: `${stack().S3_ENDPOINT}/${BUCKET}/q3%20summary.csv` });
  expectResult('s3', 'camunda', 'uploadObject', vars.result);
  const client = s3();
  const object = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'q3 summary.csv' }));
  expect(await object.Body!.transformToString()).toBe('served /reports/q3%20summary.csv');
  expect(object.ContentType).toBe('text/csv');
  client.destroy();
});

test('v8 upload from the inline document-source fields, without the composed action.document', async () => {
  const vars = await runTask(c8, task({
    actionDiscriminator: 'uploadObject',
    'action.bucket': BUCKET,
    'action.key': 'inline/notes.md',
    'action.action_document_documentSource': 'inline',
    'action.action_document_inline_content': '# Notes',
    'action.action_document_inline_fileName': 'notes.md',
    'action.action_document_inline_contentType': 'text/markdown',
  }));
  expect(vars.result).toMatchObject({ bucket: BUCKET, key: 'inline/notes.md' });
});

test('v2 download with asFile=false: text with a charset, JSON with a charset, and base64 otherwise (official bugs)', async () => {
  await put('charset.txt', 'grüße', 'text/plain; charset=utf-8');
  await put('charset.json', '{"ok":true}', 'application/json; charset=utf-8');
  await put('image.bin', 'raw-bytes', 'application/octet-stream');
  const download = (key: string) => runTask(c8, task({ actionDiscriminator: 'downloadObject', 'action.bucket': BUCKET, 'action.key': key, 'action.asFile': '=false' }));
  expect((await download('charset.txt')).result).toEqual({ bucket: BUCKET, key: 'charset.txt', element: { content: 'grüße' } });
  expect((await download('charset.json')).result).toEqual({ bucket: BUCKET, key: 'charset.json', element: { content: { ok: true } } });
  expect((await download('image.bin')).result).toEqual({ bucket: BUCKET, key: 'image.bin', element: { content: Buffer.from('raw-bytes').toString('base64') } });
});

test('v2 download with asFile=true (default) answers element.document', async () => {
  await put('doc.txt', 'a document', 'text/plain');
  const vars = await runTask(c8, task({ actionDiscriminator: 'downloadObject', 'action.bucket': BUCKET, 'action.key': 'doc.txt' }));
  const element = (vars.result as { element: { document: Record<string, unknown> } }).element;
  expectResult('s3', 'camunda', 'downloadObject', vars.result);
  expect(element.document).toMatchObject({ 'camunda.document.type': 'camunda', documentId: expect.any(String), metadata: expect.objectContaining({ fileName: 'doc.txt' }) });
});

test('v8 documentReturnFormat TEXT with an encoding, and JSON', async () => {
  const client = s3();
  await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'latin.txt', Body: Buffer.from('caf\xe9', 'latin1') }));
  client.destroy();
  const text = await runTask(c8, task({ actionDiscriminator: 'downloadObject', 'action.bucket': BUCKET, 'action.key': 'latin.txt', 'documentReturnFormat.choice': 'TEXT', 'documentReturnFormat.encoding': 'ISO-8859-1' }));
  expect(text.result).toEqual({ bucket: BUCKET, key: 'latin.txt', element: { content: 'café' } });
  expectResult('s3', 'camunda', 'downloadObject', text.result);
  await put('v8.json', '[1,2,3]');
  const json = await runTask(c8, task({ actionDiscriminator: 'downloadObject', 'action.bucket': BUCKET, 'action.key': 'v8.json', 'documentReturnFormat.choice': 'JSON' }));
  expect(json.result).toEqual({ bucket: BUCKET, key: 'v8.json', element: { content: [1, 2, 3] } });
});

test('delete answers {bucket, key}', async () => {
  await put('gone.txt', 'x');
  const vars = await runTask(c8, task({ actionDiscriminator: 'deleteObject', 'action.bucket': BUCKET, 'action.key': 'gone.txt' }));
  expect(vars.result).toEqual({ bucket: BUCKET, key: 'gone.txt' });
  expectResult('s3', 'camunda', 'deleteObject', vars.result);
});

test('a missing authentication.type means credentials: without keys it is an input error with retries 0 and error variables', async () => {
  const { processInstanceKey } = await startInstance(c8, {
    type: TYPE,
    inputs: { 'configuration.region': 'us-east-1', actionDiscriminator: 'deleteObject', 'action.bucket': BUCKET, 'action.key': 'k' },
  });
  // An input error fails the job with retries 0 on its first attempt (none left over from the model's 3).
  const failed = await failedJob(processInstanceKey);
  expect(worker.logLines('job failed', processInstanceKey).map(retriesOf)).toEqual([0]);
  expect(failed.errorMessage).toContain('authentication.accessKey: is required');
  expect((await incidentOf(processInstanceKey)).errorType).toBe('JOB_NO_RETRIES');
  expect(await errorVariable(processInstanceKey, failed.elementInstanceKey)).toMatchObject({ code: 'MISSING_INPUT', type: 'io.camunda.connector.api.error.ConnectorInputException' });
});

test('an AWS failure keeps Camunda rules: retries - 1 with the backoff, then an incident', async () => {
  const { processInstanceKey } = await startInstance(c8, task({ actionDiscriminator: 'deleteObject', 'action.bucket': 'no-such-bucket-camunda', 'action.key': 'k' }, { retryBackoff: 'PT0.1S' }, 2));
  const incident = await incidentOf(processInstanceKey);
  expect(incident.errorType).toBe('JOB_NO_RETRIES');
  expect(incident.errorMessage).toContain('NoSuchBucket');
  // The engine keeps the job's last state (failed, no retries left); the worker's log has each attempt, in
  // order: retries - 1 each time.
  const failed = await failedJob(processInstanceKey);
  expect(worker.logLines('job failed', processInstanceKey).map(retriesOf)).toEqual([1, 0]);
  expect(await errorVariable(processInstanceKey, failed.elementInstanceKey)).toMatchObject({ code: 'NOT_FOUND', type: 'software.amazon.awssdk.services.s3.model.NoSuchBucketException' });
});

test("an official errorExpression on the Java SDK's exception class raises its BPMN error (NoSuchKeyException)", async () => {
  const errorExpression = 'if error.type = "software.amazon.awssdk.services.s3.model.NoSuchKeyException" then bpmnError("S3_MISSING", error.message) else null';
  const vars = await runTask(c8, task({ actionDiscriminator: 'downloadObject', 'action.bucket': BUCKET, 'action.key': 'never-written.txt' }, { errorExpression }));
  expect(vars.caughtCode).toBe('S3_MISSING');
  expect(vars.caughtMessage).toContain('NoSuchKey');
});
