import { declaredSecretsOf } from '../../worker/runtime/model-secrets';
import { modelReader } from '../../worker/runtime/model-reader';
import { findPlaceholders } from '../../worker/runtime/secret-placeholders';
import { fakeJob, jobDeps, processJob, task } from './security-helpers';
import { scopeOf } from '../../worker/runtime/model-secrets';

afterAll(() => modelReader().close());

const echo = task(async (v) => v);
const secrets = { AWS_KEY: 'AKIAFROMSECRET', DB_PASSWORD: 'db-password-value' };
const variables = {
  authentication: { accessKey: '{{secrets.AWS_KEY}}' },
  // What a form user typed, copied into the upload's content by an input mapping.
  action: { document: { content: 'hello {{secrets.DB_PASSWORD}}' } },
};
const model = { source: 'model' as const, declared: async () => [{ name: 'AWS_KEY', path: ['authentication', 'accessKey'] }] };

test('placeholders resolve only where the model wrote them; one in process data stays text', async () => {
  const outcome = await processJob(fakeJob(variables, { resultVariable: 'r' }), echo, jobDeps(secrets, { placeholders: model }));
  expect(outcome).toEqual({ kind: 'complete', variables: { r: { authentication: { accessKey: '***' }, action: { document: { content: 'hello {{secrets.DB_PASSWORD}}' } } } } });
});

test('the connector sees the resolved value only under the declared path', async () => {
  let seen: Record<string, unknown> = {};
  await processJob(fakeJob(variables), task(async (v) => {
    seen = v;
    return {};
  }), jobDeps(secrets, { placeholders: model }));
  expect(seen).toEqual({ authentication: { accessKey: 'AKIAFROMSECRET' }, action: { document: { content: 'hello {{secrets.DB_PASSWORD}}' } } });
});

test('the old behaviour (every placeholder anywhere) is the operator\'s opt-in', async () => {
  let seen: Record<string, unknown> = {};
  await processJob(fakeJob(variables), task(async (v) => {
    seen = v;
    return {};
  }), jobDeps(secrets, { placeholders: { source: 'variables' } }));
  expect(seen).toMatchObject({ action: { document: { content: 'hello db-password-value' } } });
});

test('the model is not read for jobs without placeholders; an unreadable model fails closed', async () => {
  let reads = 0;
  const failing = { source: 'model' as const, declared: async () => {
    reads++;
    throw new Error('no XML');
  } };
  await expect(processJob(fakeJob({ a: 'plain' }), echo, jobDeps(secrets, { placeholders: failing }))).resolves.toMatchObject({ kind: 'complete' });
  expect(reads).toBe(0);
  const outcome = await processJob(fakeJob(variables), echo, jobDeps(secrets, { placeholders: failing }));
  expect(outcome.kind).not.toBe('complete');
});

test('the declared secrets come from the element\'s zeebe:input mappings in the deployed BPMN', async () => {
  const xml = `<?xml version="1.0"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0">
    <bpmn:process id="p"><bpmn:subProcess id="sub"><bpmn:serviceTask id="task"><bpmn:extensionElements><zeebe:ioMapping>
      <zeebe:input source="{{secrets.AWS_KEY}}" target="authentication.accessKey"/>
      <zeebe:input source="=&quot;Bearer {{secrets.TOKEN}}&quot;" target="action.header"/>
      <zeebe:input source="=formField" target="action.document"/>
    </zeebe:ioMapping></bpmn:extensionElements></bpmn:serviceTask></bpmn:subProcess>
    <bpmn:serviceTask id="other"><bpmn:extensionElements><zeebe:ioMapping><zeebe:input source="{{secrets.OTHER}}" target="x"/></zeebe:ioMapping></bpmn:extensionElements></bpmn:serviceTask>
    </bpmn:process></bpmn:definitions>`;
  const declared = await declaredSecretsOf(xml, 'task');
  expect(declared).toEqual([{ name: 'AWS_KEY', path: ['authentication', 'accessKey'] }, { name: 'TOKEN', path: ['action', 'header'] }]);
  const scope = scopeOf(declared);
  expect(scope('AWS_KEY', ['authentication', 'accessKey'])).toBe(true);
  expect(scope('AWS_KEY', ['action', 'document'])).toBe(false);
  expect(scope('OTHER', ['x'])).toBe(false);
});

test('plain text mentioning secrets.json is not a placeholder; a missing secret names the property', async () => {
  expect(findPlaceholders('config in secrets.json')).toEqual([]);
  const outcome = await processJob(fakeJob({ note: 'config in secrets.json', action: { bucket: '{{secrets.NOPE}}' } }, { resultVariable: 'r' }), echo, jobDeps(secrets));
  expect(outcome).toMatchObject({ kind: 'bpmnError', code: 'INVALID_INPUT', message: "action.bucket: Secret with name 'NOPE' is not available" });
  const legacyMissing = await processJob(fakeJob({ key: 'secrets.json' }, { resultVariable: 'r' }), echo, jobDeps(secrets));
  expect(legacyMissing).toEqual({ kind: 'complete', variables: { r: { key: 'secrets.json' } } });
});
