import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Type } from '@sinclair/typebox';
import { ConnectorError } from '../../worker/runtime/errors';
import { evaluateErrorExpression, evaluateResultExpression, parseIsoDuration } from '../../worker/runtime/expressions';
import { outcomeOfDirective, outcomeOfFailure, truncate } from '../../worker/runtime/outcome';
import { directorySecrets, environmentSecrets, SecretMasker, SecretResolver } from '../../worker/runtime/secrets';
import { validateInput } from '../../worker/runtime/validation';
import { isPrivateAddress } from '../../worker/runtime/url-fetch';
import { loadConfig } from '../../worker/config';
import { feelPool } from '../../worker/runtime/feel-pool';

function thrown(fn: () => unknown): ConnectorError {
  try {
    fn();
  } catch (e) {
    return e as ConnectorError;
  }
  throw new Error('expected a throw');
}

describe('validateInput', () => {
  const schema = Type.Object({
    action: Type.Object({ bucket: Type.String({ minLength: 1 }), maxKeys: Type.Optional(Type.Integer({ maximum: 1000 })), mode: Type.Optional(Type.Union([Type.Literal('a'), Type.Literal('b')])) }),
  });

  test('coerces, and accepts valid input', () => {
    expect(validateInput(schema, { action: { bucket: 'b', maxKeys: '5' } })).toEqual({ action: { bucket: 'b', maxKeys: 5 } });
  });

  test('a missing property is MISSING_INPUT with its path', () => {
    const e = thrown(() => validateInput(schema, { action: {} }));
    expect(e.code).toBe('MISSING_INPUT');
    expect(e.message).toContain('action.bucket: is required');
    expect(e.path).toBe('action.bucket');
  });

  test('a blank required string is MISSING_INPUT', () => {
    expect(thrown(() => validateInput(schema, { action: { bucket: '' } })).message).toContain('action.bucket: must not be blank');
  });

  test('all violations are listed in one INVALID_INPUT message', () => {
    const e = thrown(() => validateInput(schema, { action: { bucket: 'b', maxKeys: 5000, mode: 'c' } }));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toContain('action.maxKeys: must be <= 1000');
    expect(e.message).toContain('action.mode: must be one of "a", "b"');
  });

  test('null means absent (Zeebe 8.8 maps empty fields to null)', () => {
    expect(validateInput(schema, { action: { bucket: 'b', maxKeys: null, mode: null } })).toEqual({ action: { bucket: 'b' } });
  });
});

// FEEL now runs in a thread pool with a budget (runtime/feel-pool.ts), so these evaluations are awaited.
async function rejected(p: Promise<unknown>): Promise<ConnectorError> {
  try {
    await p;
  } catch (e) {
    return e as ConnectorError;
  }
  throw new Error('expected a rejection');
}

describe('FEEL expressions', () => {
  test('resultExpression sees the result fields and response', async () => {
    expect(await evaluateResultExpression('={k: key, b: response.bucket}', { key: 'x', bucket: 'y' })).toEqual({ k: 'x', b: 'y' });
  });

  test('resultExpression must give a context', async () => {
    expect((await rejected(evaluateResultExpression('=1 + 1', {}))).message).toContain('must return a context');
  });

  test('a syntax error names the position', async () => {
    const e = await rejected(evaluateResultExpression('={a: 1 +* 2}', {}));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toMatch(/at position \d+/);
  });

  test('errorExpression functions', async () => {
    const failure = { error: { code: 'NOT_FOUND', message: 'gone', type: 'NoSuchKey' }, retries: 3 };
    expect(await evaluateErrorExpression('=bpmnError("C", error.message, {x: 1})', failure)).toEqual({ errorType: 'bpmnError', errorCode: 'C', errorMessage: 'gone', variables: { x: 1 } });
    expect(await evaluateErrorExpression('=jobError("m", {}, job.retries - 1, duration("PT5S"))', failure)).toEqual({
      errorType: 'jobError', errorMessage: 'm', variables: {}, retries: 2, retryBackoffMs: 5000,
    });
    expect(await evaluateErrorExpression('=ignoreError({ok: true})', failure)).toEqual({ errorType: 'ignoreError', variables: { ok: true } });
    expect(await evaluateErrorExpression('=if error.code = "X" then bpmnError("X", "") else null', failure)).toBeUndefined();
    expect(await evaluateErrorExpression('=bpmnError(null, "no code")', failure)).toBeUndefined();
  });

  test('errorExpression on success sees the output and response', async () => {
    expect(await evaluateErrorExpression('=if response.r.size > 10 then bpmnError("BIG", "") else null', { response: { r: { size: 11 } }, retries: 1 })).toMatchObject({ errorCode: 'BIG' });
  });

  test('ISO-8601 durations', () => {
    expect(parseIsoDuration('PT30S', 'x')).toBe(30_000);
    expect(parseIsoDuration('P1DT1H0.5S', 'x')).toBe(90_000_500);
    expect(thrown(() => parseIsoDuration('30s', 'retryBackoff')).message).toContain('retryBackoff: expected an ISO-8601 duration');
    expect(thrown(() => parseIsoDuration('PT', 'retryBackoff')).code).toBe('INVALID_INPUT');
  });
});

describe('secrets', () => {
  const resolver = new SecretResolver([environmentSecrets({ SECRET_KEY: 'k3y-value', SECRET_a_b: 'legacy-value' }, 'SECRET_')]);

  test('mustache and legacy forms anywhere in strings', async () => {
    const { value, secretValues } = await resolver.resolve({ a: 'x-{{ secrets.KEY }}-y', b: ['secrets.a_b'], c: 5 });
    expect(value).toEqual({ a: 'x-k3y-value-y', b: ['legacy-value'], c: 5 });
    expect(secretValues.sort()).toEqual(['k3y-value', 'legacy-value']);
  });

  test('the prefix keeps the worker environment out of reach', async () => {
    const r = new SecretResolver([environmentSecrets({ PATH: '/bin' }, 'SECRET_')]);
    // The message now names the property that holds the placeholder (and its path).
    await expect(r.resolve({ a: '{{secrets.PATH}}' })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: "a: Secret with name 'PATH' is not available", path: 'a' });
  });

  test('a directory of files', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'secrets-'));
    writeFileSync(path.join(dir, 'DB'), 'from-file\n');
    const r = new SecretResolver([directorySecrets(dir)]);
    expect((await r.resolve('{{secrets.DB}}')).value).toBe('from-file');
    await expect(r.resolve('{{secrets.../etc/passwd}}')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  test('masking', () => {
    const m = new SecretMasker();
    m.add(['s3cr3t', 'ab']);
    expect(m.maskText('a s3cr3t ab')).toBe('a *** ab');
    expect(m.maskValue({ x: ['s3cr3t!'] })).toEqual({ x: ['***!'] });
  });
});

describe('outcomes', () => {
  const throttled = new ConnectorError('THROTTLING_ERROR', 'slow down');
  const missing = new ConnectorError('MISSING_INPUT', 'action.bucket: is required');
  const unknown = new ConnectorError('UNKNOWN_ERROR', 'boom');

  test('own types: transient codes retry with backoff, then become the BPMN error', () => {
    expect(outcomeOfFailure(throttled, { family: 'own', retries: 3, backoffMs: 1000 })).toMatchObject({ kind: 'fail', retries: 2, backoffMs: 1000 });
    expect(outcomeOfFailure(throttled, { family: 'own', retries: 1, backoffMs: 1000 })).toMatchObject({ kind: 'bpmnError', code: 'THROTTLING_ERROR' });
    expect(outcomeOfFailure(missing, { family: 'own', retries: 3, backoffMs: 0 })).toMatchObject({ kind: 'bpmnError', code: 'MISSING_INPUT' });
    expect(outcomeOfFailure(unknown, { family: 'own', retries: 3, backoffMs: 0 })).toMatchObject({ kind: 'fail', retries: 2 });
    expect(outcomeOfFailure(unknown, { family: 'own', retries: 1, backoffMs: 0 })).toMatchObject({ kind: 'bpmnError', code: 'UNKNOWN_ERROR' });
  });

  test('camunda types: input errors retries 0, others retries - 1, with error variables', () => {
    expect(outcomeOfFailure(missing, { family: 'camunda', retries: 3, backoffMs: 5 })).toMatchObject({
      kind: 'fail', retries: 0, variables: { error: { code: 'MISSING_INPUT', type: 'io.camunda.connector.api.error.ConnectorInputException' } },
    });
    expect(outcomeOfFailure(throttled, { family: 'camunda', retries: 3, backoffMs: 5 })).toMatchObject({ kind: 'fail', retries: 2, backoffMs: 5 });
  });

  test('directives', () => {
    expect(outcomeOfDirective({ errorType: 'jobError', errorMessage: 'm', variables: { a: 1 }, retries: 1, retryBackoffMs: 10 })).toEqual({
      kind: 'fail', message: 'm', retries: 1, backoffMs: 10, variables: { a: 1, error: 'm' },
    });
  });

  // Cutting moved to the job processor's last step (after masking, so that a cut cannot split a secret):
  // the outcome builders keep messages whole, truncate() cuts them (see security-masking.test.ts for processJob).
  test('long messages are cut to Zeebe limits', () => {
    const o = outcomeOfFailure(new ConnectorError('NOT_FOUND', 'x'.repeat(10_000)), { family: 'own', retries: 1, backoffMs: 0 });
    expect(o.kind === 'bpmnError' && truncate(o.message).length).toBe(6000);
  });
});

test('private, loopback and link-local addresses are recognised', () => {
  for (const a of ['127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.1.1', '169.254.169.254', '::1', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '0.0.0.0']) {
    expect([a, isPrivateAddress(a)]).toEqual([a, true]);
  }
  for (const a of ['8.8.8.8', '52.95.110.1', '2600:1f18::1']) expect([a, isPrivateAddress(a)]).toEqual([a, false]);
});

afterAll(() => feelPool().close());

test('configuration errors are clear', () => {
  expect(() => loadConfig({ WORKER_CONCURRENCY: 'many' })).toThrow("WORKER_CONCURRENCY must be a whole number from 1 to 1000, got 'many'");
  expect(() => loadConfig({ WORKER_MODE: 'carrier-pigeon' })).toThrow('WORKER_MODE must be one of grpc-stream, grpc-poll, rest');
  const c = loadConfig({ AWS_SECRET_KEY: 'seed-name', CONNECTOR_S3_TYPE: 'custom:s3', CONNECTOR_AWS_S3_TYPE: 'custom:camunda-s3', AWS_ENDPOINT_URL_S3: 'http://x' });
  expect(c.aws.secretAccessKey).toBe('seed-name');
  expect(c.taskTypes).toEqual({ s3: 'custom:s3' });
  expect(c.camundaTaskTypes).toEqual({ s3: 'custom:camunda-s3' });
  expect(c.aws.endpoints.s3).toBe('http://x');
});
