import { feelPool } from '../../worker/runtime/feel-pool';
import { MAX_DEPTH } from '../../worker/runtime/json-walk';
import { fakeJob, jobDeps, processJob, task } from './security-helpers';

afterAll(() => feelPool().close());

function nested(levels: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: true };
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
}

test('an answer nested thousands of levels deep with resultVariable: a coded outcome with a path, never a throw', async () => {
  const outcome = await processJob(fakeJob({}, { resultVariable: 'result' }), task(async () => nested(20_000)), jobDeps());
  expect(outcome).toMatchObject({ kind: 'bpmnError', code: 'INVALID_RESULT_FORMAT' });
  expect(outcome.kind === 'bpmnError' && outcome.message).toContain(`response${'.a'.repeat(MAX_DEPTH)}: nested more than ${MAX_DEPTH} levels deep`);
});

test('a deep answer inside a failure (error variables) is refused the same way', async () => {
  const outcome = await processJob(fakeJob({}), task(async () => {
    throw Object.assign(new Error('boom'), { name: 'X' });
  }), jobDeps());
  expect(outcome.kind).toBe('fail');
  const { ConnectorError } = await import('../../worker/runtime/errors');
  const deep = await processJob(fakeJob({}), task(async () => {
    throw new ConnectorError('Function.Error', 'failed', { variables: { lambdaPayload: nested(20_000) } });
  }), jobDeps());
  expect(deep).toMatchObject({ kind: 'bpmnError', code: 'INVALID_RESULT_FORMAT' });
});

test('job variables nested thousands of levels deep: INVALID_INPUT with the property path', async () => {
  let called = false;
  const outcome = await processJob(fakeJob({ action: nested(20_000) }), task(async () => {
    called = true;
    return {};
  }), jobDeps());
  expect(called).toBe(false);
  expect(outcome).toMatchObject({ kind: 'bpmnError', code: 'INVALID_INPUT' });
  expect(outcome.kind === 'bpmnError' && outcome.message).toMatch(/^action(\.a)+: nested more than 64 levels deep/);
});

test('odd jobs (no headers, headers of the wrong type, a connector throwing a non-error) never make processJob throw', async () => {
  const odd = { ...fakeJob({}), customHeaders: null as unknown as Record<string, unknown>, variables: undefined as unknown as Record<string, unknown> };
  await expect(processJob(odd, task(async () => ({ ok: 1 })), jobDeps())).resolves.toMatchObject({ kind: 'complete' });
  await expect(processJob(fakeJob({}, { resultVariable: 5 }), task(async () => {
    throw undefined;
  }), jobDeps())).resolves.toMatchObject({ kind: 'fail' });
  // A result that JSON cannot write (a BigInt): the size guard fails inside the guard, not outside it.
  await expect(processJob(fakeJob({}, { resultVariable: 'r' }), task(async () => ({ n: BigInt(1) })), jobDeps())).resolves.toMatchObject({ kind: 'fail' });
});
