import type { Camunda8 } from '@camunda8/sdk';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { camunda, createBucket, runTask, s3, stack, uniqueId, WorkerProcess } from './harness';
import { expectResult } from './result-check';

const TYPE = uniqueId('aws:s3:it');
const BUCKET = 'it-s3-actions';
const auth = { 'authentication.type': 'credentials', 'authentication.accessKey': '{{secrets.AWS_KEY}}', 'authentication.secretKey': '{{secrets.AWS_SECRET}}' };

let worker: WorkerProcess;
let c8: Camunda8;

beforeAll(async () => {
  stack();
  await createBucket(BUCKET);
  worker = await WorkerProcess.start({
    CONNECTOR_S3_TYPE: TYPE, SECRET_AWS_KEY: 'test-access-key', SECRET_AWS_SECRET: 'test-secret-key-42',
    AWS_ENDPOINT_URL_STS: stack().AWS_ENDPOINT_URL_S3_EMULATOR,
  });
  c8 = camunda();
});

afterAll(async () => {
  await c8?.getZeebeGrpcApiClient().close();
  await worker?.stop();
});

const s3Task = (inputs: Record<string, string>, headers: Record<string, string> = { resultVariable: 'result' }) => ({
  type: TYPE,
  inputs: { ...auth, ...inputs },
  headers,
});

test('upload inline content with a defaulted key answers the key used, size and an endpoint link', async () => {
  const vars = await runTask(c8, s3Task({
    'action.type': 'upload',
    'action.bucket': BUCKET,
    'action.document': '={"camunda.document.type": "inline", "content": "hello, S3", "name": "greeting one.txt"}',
  }));
  const result = vars.result as Record<string, unknown>;
  expect(result).toMatchObject({ bucket: BUCKET, key: 'greeting one.txt', size: 9, contentType: 'text/plain' });
  expect(result.link).toBe(`${stack().S3_ENDPOINT}/${BUCKET}/greeting%20one.txt`);
  expect(typeof result.eTag).toBe('string');
  expectResult('s3', 'own', 'upload', result);

  const client = s3();
  const object = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'greeting one.txt' }));
  expect(await object.Body!.transformToString()).toBe('hello, S3');
  client.destroy();
});

test('the template\'s "S3\'s default" choices send no storage class and no encryption; a chosen class is sent', async () => {
  const upload = (key: string, storageClass: string) => runTask(c8, s3Task({
    'action.type': 'upload', 'action.bucket': BUCKET, 'action.key': key, 'action.document': '={"camunda.document.type": "inline", "content": "x", "name": "x.txt"}',
    'action.storageClass': storageClass, 'action.serverSideEncryption': 'default',
  }));
  const client = s3();
  const defaulted = uniqueId('defaults');
  await upload(defaulted, 'default');
  const head = await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: defaulted }));
  expect([undefined, 'STANDARD']).toContain(head.StorageClass);
  expect(head.ServerSideEncryption).not.toBe('default');
  const infrequent = uniqueId('infrequent');
  await upload(infrequent, 'STANDARD_IA');
  expect((await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: infrequent }))).StorageClass).toBe('STANDARD_IA');
  client.destroy();
});

test('download as text honours the charset of the content type', async () => {
  const client = s3();
  await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'latin1.txt', Body: Buffer.from('caf\xe9', 'latin1'), ContentType: 'text/plain; charset=ISO-8859-1' }));
  client.destroy();
  const vars = await runTask(c8, s3Task({ 'action.type': 'download', 'action.bucket': BUCKET, 'action.key': 'latin1.txt', 'action.returnAs': 'text' }));
  expect(vars.result).toMatchObject({ bucket: BUCKET, key: 'latin1.txt', content: 'café', encoding: 'iso-8859-1', size: 4 });
  expectResult('s3', 'own', 'download', vars.result);
});

test('download as JSON, as base64, and as a Camunda document', async () => {
  const client = s3();
  await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'data.json', Body: '{"a":[1,2]}', ContentType: 'application/json' }));
  client.destroy();
  const json = await runTask(c8, s3Task({ 'action.type': 'download', 'action.bucket': BUCKET, 'action.key': 'data.json', 'action.returnAs': 'json' }));
  expect((json.result as Record<string, unknown>).content).toEqual({ a: [1, 2] });

  const b64 = await runTask(c8, s3Task({ 'action.type': 'download', 'action.bucket': BUCKET, 'action.key': 'data.json', 'action.returnAs': 'base64' }));
  expect(Buffer.from((b64.result as { content: string }).content, 'base64').toString()).toBe('{"a":[1,2]}');

  const doc = await runTask(c8, s3Task({ 'action.type': 'download', 'action.bucket': BUCKET, 'action.key': 'data.json' }));
  expect((doc.result as Record<string, unknown>).document).toMatchObject({
    'camunda.document.type': 'camunda',
    storeId: expect.any(String),
    documentId: expect.any(String),
    metadata: expect.objectContaining({ fileName: 'data.json', contentType: 'application/json' }),
  });
  for (const answer of [json.result, b64.result, doc.result]) expectResult('s3', 'own', 'download', answer);
});

test('list, head, copy, presign and delete', async () => {
  const prefix = uniqueId('dir');
  const client = s3();
  for (const name of ['a.txt', 'b.txt', 'sub/c.txt']) {
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: `${prefix}/${name}`, Body: name, ContentType: 'text/plain' }));
  }
  const listed = await runTask(c8, s3Task({ 'action.type': 'list', 'action.bucket': BUCKET, 'action.prefix': `${prefix}/`, 'action.delimiter': '/' }));
  const list = listed.result as { objects: { key: string; size: number }[]; commonPrefixes: string[]; keyCount: number };
  expect(list.objects.map((o) => o.key).sort()).toEqual([`${prefix}/a.txt`, `${prefix}/b.txt`]);
  expect(list.commonPrefixes).toEqual([`${prefix}/sub/`]);
  expectResult('s3', 'own', 'list', listed.result);

  const head = await runTask(c8, s3Task({ 'action.type': 'head', 'action.bucket': BUCKET, 'action.key': `${prefix}/a.txt` }));
  expect(head.result).toMatchObject({ size: 5, contentType: 'text/plain' });
  expectResult('s3', 'own', 'head', head.result);

  const copied = await runTask(c8, s3Task({
    'action.type': 'copy', 'action.sourceBucket': BUCKET, 'action.sourceKey': `${prefix}/a.txt`, 'action.bucket': BUCKET, 'action.key': `${prefix}/copy of a.txt`,
  }));
  expect(copied.result).toMatchObject({ key: `${prefix}/copy of a.txt`, sourceKey: `${prefix}/a.txt` });
  expectResult('s3', 'own', 'copy', copied.result);
  const copy = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: `${prefix}/copy of a.txt` }));
  expect(await copy.Body!.transformToString()).toBe('a.txt');

  // MiniStack checks presigned URLs against its IAM keys, so this one is signed with the emulator's own key.
  const presigned = await runTask(c8, {
    type: TYPE,
    inputs: { 'authentication.accessKey': 'test', 'authentication.secretKey': 'test', 'action.type': 'presign', 'action.bucket': BUCKET, 'action.key': `${prefix}/b.txt`, 'action.expiresIn': '=60' },
    headers: { resultVariable: 'result' },
  });
  const url = (presigned.result as { url: string }).url;
  expectResult('s3', 'own', 'presign', presigned.result);
  expect(await (await fetch(url)).text()).toBe('b.txt');

  const deleted = await runTask(c8, s3Task({ 'action.type': 'delete', 'action.bucket': BUCKET, 'action.key': `${prefix}/b.txt` }));
  expect(deleted.result).toMatchObject({ bucket: BUCKET, key: `${prefix}/b.txt`, deleted: true });
  expectResult('s3', 'own', 'delete', deleted.result);
  await expect(client.send(new GetObjectCommand({ Bucket: BUCKET, Key: `${prefix}/b.txt` }))).rejects.toMatchObject({ name: 'NoSuchKey' });
  client.destroy();
});

test('configuration.endpoint is honoured (path-style) and shows in the link', async () => {
  const direct = stack().AWS_ENDPOINT_URL_S3_EMULATOR;
  const vars = await runTask(c8, s3Task({
    'configuration.endpoint': direct,
    'action.type': 'upload',
    'action.bucket': BUCKET,
    'action.key': 'via/endpoint.txt',
    'action.document': '={"base64": "ZW5kcG9pbnQ=", "name": "endpoint.txt"}',
  }));
  expect(vars.result).toMatchObject({ key: 'via/endpoint.txt', size: 8, link: `${direct}/${BUCKET}/via/endpoint.txt` });
});

test('an S3 object is a document source too (upload from s3://bucket/key)', async () => {
  const client = s3();
  await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'source/original.csv', Body: 'a,b\n1,2', ContentType: 'text/csv' }));
  const vars = await runTask(c8, s3Task({
    'action.type': 'upload', 'action.bucket': BUCKET, 'action.key': 'target/copy.csv', 'action.document': `={"bucket": "${BUCKET}", "key": "source/original.csv"}`,
  }));
  expect(vars.result).toMatchObject({ key: 'target/copy.csv', size: 7, contentType: 'text/csv' });
  const copy = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'target/copy.csv' }));
  expect(await copy.Body!.transformToString()).toBe('a,b\n1,2');
  client.destroy();
});

test('external URLs to loopback or private addresses are refused unless the operator allows them', async () => {
  const vars = await runTask(c8, s3Task({
    'action.type': 'upload', 'action.bucket': BUCKET, 'action.key': 'ssrf.txt',
    'action.document': '={"camunda.document.type": "external", "url": "http://127.0.0.1:9600/actuator/health"}',
  }));
  expect(vars.caughtCode).toBe('FORBIDDEN');
  expect(vars.caughtMessage).toContain('127.0.0.1 is a private or loopback address');
  const byName = await runTask(c8, s3Task({
    'action.type': 'upload', 'action.bucket': BUCKET, 'action.key': 'ssrf.txt',
    'action.document': '={"camunda.document.type": "external", "url": "http://localhost:9600/actuator/health"}',
  }));
  expect(byName.caughtCode).toBe('FORBIDDEN');
  expect(byName.caughtMessage).toMatch(/localhost resolves to a private or loopback address/);
});

test('a document that is not a document is INVALID_INPUT naming the property', async () => {
  const vars = await runTask(c8, s3Task({ 'action.type': 'upload', 'action.bucket': BUCKET, 'action.key': 'x', 'action.document': '={"whatever": 1}' }));
  expect(vars.caughtCode).toBe('INVALID_INPUT');
  expect(vars.caughtMessage).toContain('action.document: is not a document');
});

test('assumeRole: the task runs with the role\'s temporary credentials (STS on the emulator)', async () => {
  const client = s3();
  await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'role/visible.txt', Body: 'through the role' }));
  client.destroy();
  const vars = await runTask(c8, {
    type: TYPE,
    inputs: {
      'authentication.type': 'assumeRole', 'authentication.accessKey': 'test', 'authentication.secretKey': 'test',
      'authentication.roleArn': 'arn:aws:iam::000000000000:role/reports-reader', 'authentication.externalId': 'ext-1',
      'action.type': 'presign', 'action.bucket': BUCKET, 'action.key': 'role/visible.txt',
    },
    headers: { resultVariable: 'result' },
  });
  const url = new URL((vars.result as { url: string }).url);
  // Signed with temporary credentials from AssumeRole (ASIA... key and a session token), which the emulator accepts.
  expect(url.searchParams.get('X-Amz-Credential')).toMatch(/^ASIA/);
  expect(url.searchParams.get('X-Amz-Security-Token')).toBeTruthy();
  expect(await (await fetch(url)).text()).toBe('through the role');
});
