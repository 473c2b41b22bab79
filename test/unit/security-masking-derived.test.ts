import { ConnectorError } from '../../worker/runtime/errors';
import { feelPool } from '../../worker/runtime/feel-pool';
import { SecretMasker } from '../../worker/runtime/secrets';
import { fakeJob, jobDeps, processJob, task } from './security-helpers';

// Findings 5 and 6 of the second round: a result expression over an echoed secret returned it as
// `upper case(...)` or a 12-character `substring(...)`, and a secret in an S3 key came back in S3's
// per-segment URL encoding (`p%40ss%20w0rd%2B...`).
afterAll(() => feelPool().close());

const SECRET = "p@ss w0rd+(S3)!/two'*";
const secrets = { PASSWORD: SECRET };
const vars = { value: '{{secrets.PASSWORD}}' };
const echo = task(async (v) => ({ echoed: v.value }));
const leaks = (outcome: unknown) => {
  const text = JSON.stringify(outcome);
  const pieces = [SECRET, SECRET.toUpperCase(), SECRET.slice(2, 14), SECRET.toUpperCase().slice(2, 14)];
  return pieces.filter((p) => text.includes(JSON.stringify(p).slice(1, -1)));
};

test.each([
  ['upper case()', '={u: upper case(echoed)}'],
  ['lower case()', '={l: lower case(response.echoed)}'],
  ['a 12-character substring()', '={s: substring(echoed, 3, 12)}'],
  ['a string built around it', '={s: "<" + echoed + ">", n: string length(echoed)}'],
])('a resultExpression taking %s of an echoed secret gets the masked value, never a piece of the secret', async (_what, expression) => {
  const outcome = await processJob(fakeJob(vars, { resultExpression: expression }), echo, jobDeps(secrets));
  expect(outcome.kind).toBe('complete');
  expect(leaks(outcome)).toEqual([]);
});

test('an errorExpression over an error message holding a secret sees it masked', async () => {
  const failing = task(async (v) => {
    throw new ConnectorError('NOT_FOUND', `no such object: ${String(v.value)}`);
  });
  const outcome = await processJob(fakeJob(vars, { errorExpression: '=bpmnError("E", upper case(substring(error.message, 17)))' }), failing, jobDeps(secrets));
  expect(outcome).toMatchObject({ kind: 'bpmnError', code: 'E' });
  expect(leaks(outcome)).toEqual([]);
});

test('S3\'s per-segment encoding, lower-case percent escapes and an upper-case echo of a secret are masked', async () => {
  const s3Path = SECRET.split('/').map((seg) => encodeURIComponent(seg).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)).join('/');
  expect(s3Path).toContain('p%40ss%20w0rd%2B');
  const echoes = task(async () => ({
    url: `https://bucket.s3.amazonaws.com/${s3Path}`,
    lower: `key=${encodeURIComponent(SECRET).toLowerCase()}`,
    header: `X-ECHO: ${SECRET.toUpperCase()}`,
  }));
  const outcome = await processJob(fakeJob(vars, { resultVariable: 'r' }), echoes, jobDeps(secrets));
  expect(outcome).toEqual({ kind: 'complete', variables: { r: { url: 'https://bucket.s3.amazonaws.com/***', lower: 'key=***', header: 'X-ECHO: ***' } } });
});

test('masking is one pass over the text whatever the number of secrets', () => {
  const masker = new SecretMasker();
  masker.add(Array.from({ length: 200 }, (_, i) => `secret-value-${i}-${'x'.repeat(20)}`));
  const text = `${'a'.repeat(1_000_000)} secret-value-150-${'x'.repeat(20)} SECRET-VALUE-7-${'X'.repeat(20)}`;
  const started = Date.now();
  expect(masker.maskText(text).endsWith(' *** ***')).toBe(true);
  expect(Date.now() - started).toBeLessThan(2000);
});

test('a whole value that is a piece of a secret (a PII entity cut from a text that held one) is masked; short or unrelated values are not', async () => {
  const pii = task(async () => ({
    piiEntities: [{ type: 'PASSWORD', text: SECRET.slice(0, 10) }, { type: 'NAME', text: 'Jane Doe' }],
    keyPhrases: [{ text: SECRET.slice(5, 16).toUpperCase() }],
    short: SECRET.slice(0, 4),
  }));
  const outcome = await processJob(fakeJob(vars, { resultVariable: 'r' }), pii, jobDeps(secrets));
  expect(outcome).toEqual({ kind: 'complete', variables: { r: {
    piiEntities: [{ type: 'PASSWORD', text: '***' }, { type: 'NAME', text: 'Jane Doe' }],
    keyPhrases: [{ text: '***' }],
    short: SECRET.slice(0, 4),
  } } });
});
