import { s3Connector } from '../../worker/connectors/s3';
import { evaluateErrorExpression } from '../../worker/runtime/expressions';
import { feelPool } from '../../worker/runtime/feel-pool';
import { connectorDeps, fakeHandler, fakeJob, jobDeps, processJob } from './security-helpers';

// Finding 8 of the second round: inputs that reached the SDK or the fake and came back UNKNOWN_ERROR (retried).
const ok = fakeHandler(() => ({ statusCode: 200, headers: { etag: '"e"' }, body: '' }));
const s3 = () => ({ ...s3Connector.handlers(connectorDeps(ok)).own, taskType: 't', family: 'own' as const });
const job = (action: Record<string, unknown>) => fakeJob({ authentication: {}, configuration: {}, action });
const upload = (extra: Record<string, unknown>) => job({ type: 'upload', bucket: 'b-1', key: 'k', document: { base64: 'aGk=', name: 'a.txt' }, ...extra });

afterAll(() => feelPool().close());

test.each([
  ['a 20,000-character bucket name', job({ type: 'head', bucket: 'b'.repeat(20_000), key: 'k' }), 'action.bucket'],
  ['a two-character bucket name', job({ type: 'delete', bucket: 'ab', key: 'k' }), 'action.bucket'],
  ['a bucket name with a slash', job({ type: 'download', bucket: 'a/b', key: 'k' }), 'action.bucket'],
  ['a copy source bucket of 64 characters', job({ type: 'copy', sourceBucket: 'x'.repeat(64), sourceKey: 'k', bucket: 'abc', key: 'k' }), 'action.sourceBucket'],
  ['a key over 1,024 bytes (in UTF-8)', job({ type: 'head', bucket: 'abc', key: 'é'.repeat(600) }), 'action.key'],
  ['a content type with an emoji', upload({ contentType: 'text/plain 😀' }), 'action.contentType'],
  ['a content type with a line break', upload({ contentType: 'text/plain\nX-Injected: 1' }), 'action.contentType'],
  ['a content type with a NUL', upload({ contentType: 'text/plain\0' }), 'action.contentType'],
  ['a document whose own content type has a line break', upload({ document: { 'camunda.document.type': 'inline', content: 'hi', name: 'a.txt', contentType: 'text/plain\r\nX: y' } }), 'action.document'],
  ['an empty S3 bucket in a document', upload({ document: { bucket: '', key: 'k' } }), 'action.document.bucket'],
  ['S3 tags with a toString key holding a context', upload({ tags: { toString: { a: 1 } } }), 'action.tags.toString'],
  ['tags with a line break in a value', upload({ tags: { a: 'x\ny' } }), 'action.tags.a'],
])('%s is INVALID_INPUT with its path, never UNKNOWN_ERROR', async (_what, j, path) => {
  const outcome = await processJob(j, s3(), jobDeps());
  expect(outcome).toMatchObject({ kind: 'bpmnError', code: 'INVALID_INPUT' });
  expect(outcome.kind === 'bpmnError' && (outcome.variables.error as { message: string }).message).toContain(path);
});

test('Comprehend tags with a toString key holding a context are INVALID_INPUT with the path (String() of it threw)', async () => {
  const { comprehendConnector } = await import('../../worker/connectors/comprehend');
  const camunda = { ...comprehendConnector.handlers(connectorDeps(ok)).camunda!, taskType: 't', family: 'camunda' as const };
  const outcome = await processJob(fakeJob({ authentication: { type: 'credentials', accessKey: 'AKIDX', secretKey: 'sk' }, configuration: { region: 'us-east-1' }, input: {
    type: 'async', inputS3Uri: 's3://b/in', outputS3Uri: 's3://b/out', dataAccessRoleArn: 'arn:aws:iam::1:role/r', tags: { toString: { a: 1 } },
  } }), camunda, jobDeps());
  expect(outcome).toMatchObject({ kind: 'fail', retries: 0 });
  expect(outcome.kind === 'fail' && outcome.message).toMatch(/^INVALID_INPUT: input\.tags\.toString: /);
});

test('bucket names and keys within the limits, and ordinary content types, go through', async () => {
  for (const j of [job({ type: 'head', bucket: 'a'.repeat(63), key: 'k'.repeat(1024) }), job({ type: 'head', bucket: 'my.bucket-1', key: 'a/b c.pdf' }),
    upload({ contentType: 'text/plain; charset="utf-8"' })]) {
    await expect(processJob(j, s3(), jobDeps())).resolves.toMatchObject({ kind: 'complete' });
  }
});

test('an errorExpression asking for a blank BPMN error code is refused with a clear message', async () => {
  await expect(evaluateErrorExpression('=bpmnError(" ", "m")', { response: {}, retries: 3 })).rejects.toMatchObject({
    code: 'INVALID_INPUT', path: 'errorExpression', message: expect.stringMatching(/error code .*blank/),
  });
  const outcome = await processJob(fakeJob({}, { errorExpression: '=bpmnError("  ", "m")' }), s3(), jobDeps());
  expect(outcome).toMatchObject({ kind: 'fail', retries: 0 });
  expect(outcome.kind === 'fail' && outcome.message).toMatch(/^INVALID_INPUT: errorExpression: .*blank/);
});
