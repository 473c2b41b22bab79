import { ConnectorError } from '../../worker/runtime/errors';
import { feelPool } from '../../worker/runtime/feel-pool';
import { MAX_ERROR_MESSAGE_LENGTH } from '../../worker/runtime/outcome';
import { SecretMasker } from '../../worker/runtime/secrets';
import { s3Connector } from '../../worker/connectors/s3';
import { connectorDeps, fakeJob, jobDeps, processJob, task } from './security-helpers';

afterAll(() => feelPool().close());

const SECRET = 'Tr0ub4dor&3-horse "battery" staple/ü';
const secretVars = { value: '{{secrets.PASSWORD}}' };

test('messages are masked before they are cut: a secret straddling the 6,000-character cut does not survive', async () => {
  const failing = task(async (v) => {
    throw new ConnectorError('NOT_FOUND', `${'x'.repeat(MAX_ERROR_MESSAGE_LENGTH - 20)}${String(v.value)} tail`);
  });
  const outcome = await processJob(fakeJob(secretVars), failing, jobDeps({ PASSWORD: SECRET }));
  expect(outcome.kind).toBe('bpmnError');
  const message = outcome.kind === 'bpmnError' ? outcome.message : '';
  expect(message.length).toBeLessThanOrEqual(MAX_ERROR_MESSAGE_LENGTH);
  expect(message).not.toContain(SECRET.slice(0, 10));
  expect(JSON.stringify(outcome)).not.toContain(SECRET.slice(0, 10));
});

test('BPMN error codes are masked: a function error type and a bpmnError() code from errorExpression', async () => {
  const echo = task(async (v) => {
    throw new ConnectorError(String(v.value), 'the function failed', { type: 'LambdaFunctionError' });
  });
  const fromFunction = await processJob(fakeJob(secretVars), echo, jobDeps({ PASSWORD: SECRET }));
  expect(fromFunction).toMatchObject({ kind: 'bpmnError', code: '***' });

  const ok = task(async (v) => ({ echoed: v.value }));
  const fromExpression = await processJob(fakeJob(secretVars, { errorExpression: '=bpmnError(response.echoed, "x " + response.echoed, {v: response.echoed})' }), ok, jobDeps({ PASSWORD: SECRET }));
  expect(fromExpression).toEqual({ kind: 'bpmnError', code: '***', message: 'x ***', variables: { v: '***' } });
});

test('URL-encoded, form-encoded, JSON-escaped and base64 forms (every alignment) of a secret are masked, in values and names', async () => {
  const echoes = task(async (v) => {
    const s = String(v.value);
    return {
      url: `https://x.example/?p=${encodeURIComponent(s)}`,
      form: new URLSearchParams({ p: s }).toString(),
      json: JSON.stringify({ p: s }),
      b64: [0, 1, 2].map((n) => Buffer.from(`${'a'.repeat(n)}${s}!`).toString('base64')),
      [s]: 'a secret used as a property name',
      [`k-${encodeURIComponent(s)}`]: 1,
    };
  });
  const outcome = await processJob(fakeJob(secretVars, { resultVariable: 'r' }), echoes, jobDeps({ PASSWORD: SECRET }));
  const text = JSON.stringify(outcome);
  const m = new SecretMasker();
  expect(text).not.toContain(encodeURIComponent(SECRET));
  expect(text).not.toContain(JSON.stringify(SECRET).slice(1, -1).replace(/"/g, '\\"'));
  for (const n of [0, 1, 2]) expect(text).not.toContain(Buffer.from(`${'a'.repeat(n)}${SECRET}!`).toString('base64').slice(4, 40));
  expect(Object.keys((outcome as unknown as { variables: { r: object } }).variables.r)).toContain('***');
  expect(text).not.toContain(SECRET);
  expect(m.size).toBe(0);
});

test('presign with credentials from secrets is refused unless the operator consents; with consent the URL is whole', async () => {
  const vars = {
    authentication: { type: 'credentials', accessKey: '{{secrets.KEY_ID}}', secretKey: '{{secrets.KEY}}', sessionToken: '{{secrets.TOKEN}}' },
    action: { type: 'presign', bucket: 'bkt', key: 'k' },
  };
  const secrets = { KEY_ID: 'AKIASECRETKEYID0001', KEY: 'secret-access-key-value', TOKEN: 'session-token-value-1234567890' };
  const refused = await processJob(fakeJob(vars, { resultVariable: 'r' }), { ...s3Connector.handlers(connectorDeps()).own, taskType: 't', family: 'own' }, jobDeps(secrets));
  expect(refused).toMatchObject({ kind: 'bpmnError', code: 'INVALID_INPUT' });
  expect(refused.kind === 'bpmnError' && refused.message).toContain('S3_PRESIGN_WITH_SECRET_CREDENTIALS');

  const deps = connectorDeps(undefined, { presignWithSecretCredentials: true });
  const allowed = await processJob(fakeJob(vars, { resultVariable: 'r' }), { ...s3Connector.handlers(deps).own, taskType: 't', family: 'own' }, jobDeps(secrets));
  expect(allowed.kind).toBe('complete');
  const url = new URL((allowed as unknown as { variables: { r: { url: string } } }).variables.r.url);
  expect(url.searchParams.get('X-Amz-Credential')).toMatch(/^AKIASECRETKEYID0001\//);
  expect(url.searchParams.get('X-Amz-Security-Token')).toBe(secrets.TOKEN);
  expect(url.toString()).not.toContain(secrets.KEY);
});
