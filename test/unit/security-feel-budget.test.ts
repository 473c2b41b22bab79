import { configureFeel, feelPool } from '../../worker/runtime/feel-pool';
import { fakeJob, jobDeps, processJob, task } from './security-helpers';

beforeAll(() => configureFeel({ timeoutMs: 1500, maxMemoryMb: 64, threads: 2 }));
afterAll(() => feelPool().close());

const answer = task(async () => ({ bucket: 'b', key: 'k' }));

test('a resultExpression that allocates without end fails the job with INVALID_INPUT naming the header; the process goes on', async () => {
  const outcome = await processJob(fakeJob({}, { resultExpression: '={n: count(for i in 1..50000000 return i)}' }), answer, jobDeps());
  expect(outcome).toMatchObject({ kind: 'bpmnError', code: 'INVALID_INPUT' });
  expect(outcome.kind === 'bpmnError' && outcome.message).toMatch(/^resultExpression: the FEEL expression (needed more than 64 MB|took longer than 1500 ms)/);
  // The pool replaced the thread: the next job is served.
  await expect(processJob(fakeJob({}, { resultExpression: '={k: key}' }), answer, jobDeps())).resolves.toEqual({ kind: 'complete', variables: { k: 'k' } });
}, 30_000);

test('a quantified expression over ten million items is stopped at the deadline, and the event loop keeps turning meanwhile', async () => {
  let ticks = 0;
  const timer = setInterval(() => ticks++, 50);
  const started = Date.now();
  const outcome = await processJob(fakeJob({}, { errorExpression: '=if every x in 1..10000000 satisfies x > 0 then bpmnError("X", "") else null' }), answer, jobDeps());
  clearInterval(timer);
  expect(outcome).toMatchObject({ kind: 'fail', retries: 0 });
  expect(outcome.kind === 'fail' && outcome.message).toMatch(/^INVALID_INPUT: errorExpression: the FEEL expression (took longer than 1500 ms|needed more)/);
  const elapsed = Date.now() - started;
  expect(elapsed).toBeLessThan(10_000);
  // A blocked loop would fire the 50 ms timer once at most; a free one about elapsed / 50 times (a third of that
  // allows for a loaded machine). The thread may give up on memory early, so the elapsed time varies.
  expect(ticks).toBeGreaterThanOrEqual(Math.max(2, Math.floor(elapsed / 150)));
}, 30_000);

test('several jobs evaluate at once while one is over budget', async () => {
  const slow = processJob(fakeJob({}, { resultExpression: '={n: count(for i in 1..50000000 return i)}' }), answer, jobDeps());
  const quick = await Promise.all([1, 2, 3].map(() => processJob(fakeJob({}, { resultExpression: '={b: bucket}' }), answer, jobDeps())));
  expect(quick.every((o) => o.kind === 'complete')).toBe(true);
  expect((await slow).kind).toBe('bpmnError');
}, 30_000);
