import { s3Connector } from '../../worker/connectors/s3';
import { connectorDeps, fakeHandler, fakeJob, jobDeps, processJob } from './security-helpers';
import { CamundaDocumentStore } from '../../worker/runtime/documents';
import { openContentSource } from '../../worker/connectors/content-source';

const ok = fakeHandler(() => ({ statusCode: 200, headers: { etag: '"e"' }, body: '' }));
const s3 = () => ({ ...s3Connector.handlers(connectorDeps(ok)).own, taskType: 't', family: 'own' as const });
const upload = (extra: Record<string, unknown>, auth: Record<string, unknown> = {}, configuration: Record<string, unknown> = {}) => fakeJob({
  authentication: auth, configuration,
  action: { type: 'upload', bucket: 'bkt', key: 'k', document: { base64: 'aGk=', name: 'a.txt' }, ...extra },
});

test.each([
  ['S3 metadata with spaces in a name', upload({ metadata: { 'my key': 'v' } }), 'action.metadata["my key"]'],
  ['S3 metadata with accents in a name', upload({ metadata: { 'clé': 'v' } }), 'action.metadata["clé"]'],
  ['S3 metadata with a line break in a value', upload({ metadata: { k: 'a\nb' } }), 'action.metadata.k'],
  ['a newline in an access key', upload({}, { type: 'credentials', accessKey: 'AKIA\nX', secretKey: 's' }), 'authentication.accessKey'],
  ['a malformed region', upload({}, {}, { region: 'us-east-1.evil.com/x' }), 'configuration.region'],
])('%s is INVALID_INPUT with the property path, never UNKNOWN_ERROR', async (_what, job, path) => {
  const outcome = await processJob(job, s3(), jobDeps());
  expect(outcome).toMatchObject({ kind: 'bpmnError', code: 'INVALID_INPUT' });
  expect(outcome.kind === 'bpmnError' && (outcome.variables.error as { message: string }).message).toContain(path);
});

test('durations are range-checked: PT99999999999999999999S is INVALID_INPUT on retryBackoff', async () => {
  const outcome = await processJob(fakeJob({}, { retryBackoff: 'PT99999999999999999999S' }), s3(), jobDeps());
  expect(outcome).toMatchObject({ kind: 'fail', retries: 0 });
  expect(outcome.kind === 'fail' && outcome.message).toMatch(/^INVALID_INPUT: retryBackoff: .* longer than/);
});

test('".." is refused as an Alfresco node ID and as a Camunda document ID (ids that become path segments)', async () => {
  const deps = { ...connectorDeps(), alfresco: { baseUrl: 'http://127.0.0.1:9' } };
  await expect(openContentSource({ file: { nodeId: '..' } }, deps, 'action', {})).rejects.toMatchObject({ code: 'INVALID_INPUT', path: 'action.file.nodeId' });
  const store = new CamundaDocumentStore('http://127.0.0.1:9');
  const withStore = { ...connectorDeps(), store };
  await expect(openContentSource({ file: { 'camunda.document.type': 'camunda', storeId: 'in-memory', documentId: '..', metadata: {} } }, withStore, 'action', {}))
    .rejects.toMatchObject({ code: 'INVALID_INPUT', path: 'action.file.documentId' });
});
