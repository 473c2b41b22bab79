import path from 'node:path';
import { configureFeel, FeelPool, feelPool } from '../../worker/runtime/feel-pool';
import { fakeJob, jobDeps, processJob, task } from './security-helpers';

// Finding 2 of the second round: the FEEL queue ignored the job's deadline. With 16 jobs running heavy result
// expressions, a job with `={ok: true}` completed after 14.1 s, past its 10 s timeout (Zeebe had already given
// it to another worker).
const answer = task(async () => ({ bucket: 'b', key: 'k' }));
const HEAVY = '={n: count(for i in 1..50000000 return i)}';

afterAll(() => feelPool().close());

/**
 * Ten jobs evaluating `heavy` (1.5 s each, stopped at the budget), then one light job with a 6 s deadline, on two
 * threads: in one queue the light job waited for five rounds of two (about 7.5 s), past its deadline.
 */
async function lightBesideTenHeavy(heavy: string): Promise<void> {
  const running = Array.from({ length: 10 }, () => processJob(fakeJob({}, { resultExpression: heavy }), answer, jobDeps()));
  await new Promise((r) => setTimeout(r, 20));
  const started = Date.now();
  const light = await processJob(fakeJob({}, { resultExpression: '={ok: true}' }), answer, jobDeps({}, { deadlineMs: 6000 }));
  expect(light).toEqual({ kind: 'complete', variables: { ok: true } });
  expect(Date.now() - started).toBeLessThan(6000);
  await Promise.all(running);
}

test('a light expression is not starved by heavy ones: one thread is kept for it', async () => {
  configureFeel({ timeoutMs: 1500, maxMemoryMb: 64, threads: 2 });
  // The pool learns that the expression is heavy from its first evaluation (stopped at the budget).
  await expect(processJob(fakeJob({}, { resultExpression: HEAVY }), answer, jobDeps())).resolves.toMatchObject({ code: 'INVALID_INPUT' });
  await lightBesideTenHeavy(HEAVY);
}, 60_000);

test('a burst of a new heavy expression does not starve a light one either: once it proves heavy, its waiting evaluations move aside', async () => {
  configureFeel({ timeoutMs: 1500, maxMemoryMb: 64, threads: 2 });
  // Never evaluated before: the first two evaluations show it heavy, the eight waiting move aside.
  await lightBesideTenHeavy('={n: count(for i in 1..60000000 return i)}');
}, 60_000);

test('a job that cannot get a FEEL thread before its deadline fails with retries left, saying why', async () => {
  configureFeel({ timeoutMs: 1500, maxMemoryMb: 64, threads: 1 });
  // Slow but small: it holds the one thread for its whole 1.5 s budget (HEAVY may hit the heap limit sooner under load).
  const heavy = processJob(fakeJob({}, { resultExpression: '={ok: every i in 1..3000 satisfies (every j in 1..3000 satisfies j > 0)}' }), answer, jobDeps());
  await new Promise((r) => setTimeout(r, 50));
  const started = Date.now();
  const waiting = await processJob(fakeJob({}, { resultExpression: '={b: bucket}' }, 3), answer, jobDeps({}, { deadlineMs: 400 }));
  expect(Date.now() - started).toBeLessThan(1400);
  expect(waiting).toMatchObject({ kind: 'fail', retries: 2 });
  expect(waiting.kind === 'fail' && waiting.message).toMatch(/^CLIENT_EXECUTION_TIMEOUT: resultExpression: the job's deadline passed while its FEEL expression waited for a thread/);
  // The same with an errorExpression: no incident (retries 0) for a job that merely ran out of time.
  const withError = await processJob(fakeJob({}, { errorExpression: '=null' }, 3), answer, jobDeps({}, { deadlineMs: 300 }));
  expect(withError).toMatchObject({ kind: 'fail', retries: 2 });
  await heavy;
}, 60_000);

test('an evaluation that runs into the job\'s deadline is stopped there and retried, not charged to the expression', async () => {
  configureFeel({ timeoutMs: 5000, maxMemoryMb: 64, threads: 1 });
  const started = Date.now();
  // Long in time, small in memory (about 35 s of feelin, under 10 MB): only the deadline can stop it here.
  const slow = '={ok: every i in 1..3000 satisfies (every j in 1..3000 satisfies j > 0)}';
  const outcome = await processJob(fakeJob({}, { resultExpression: slow }, 3), answer, jobDeps({}, { deadlineMs: 700 }));
  expect(Date.now() - started).toBeLessThan(3000);
  expect(outcome).toMatchObject({ kind: 'fail', retries: 2 });
  expect(outcome.kind === 'fail' && outcome.message).toMatch(/^CLIENT_EXECUTION_TIMEOUT: resultExpression: the job's deadline passed while its FEEL expression ran/);
}, 60_000);

test('the job deadline holds while a new FEEL thread is still starting', async () => {
  const started = new FeelPool({ timeoutMs: 2000, maxMemoryMb: 64, threads: 1 });
  const fresh = new FeelPool({ timeoutMs: 2000, maxMemoryMb: 64, threads: 1 });
  try {
    let t = Date.now();
    await started.evaluate('1 + 1', {}, 'resultExpression');
    const threadStart = Date.now() - t;
    t = Date.now();
    const outcome = fresh.evaluate('1 + 1', {}, 'resultExpression', false, { until: Date.now() + 5 });
    await expect(outcome).rejects.toMatchObject({ code: 'CLIENT_EXECUTION_TIMEOUT' });
    // Stopped at its deadline, not once the thread had loaded feelin (which only then started the clock).
    expect(Date.now() - t).toBeLessThan(threadStart / 2);
  } finally {
    await Promise.all([started.close(), fresh.close()]);
  }
});

test('a thread that fails before it could take the expression is the worker\'s fault, not the expression\'s: retried', async () => {
  const broken = new FeelPool({ timeoutMs: 2000, maxMemoryMb: 64, threads: 1 });
  // A thread that cannot load feelin (an installation without it) dies before it takes anything. (A heap too small
  // to start a thread cannot be the test: on node 22 V8 aborts the whole process then; the configuration allows 16 MB and more.)
  (broken as unknown as { feelinPath: string }).feelinPath = path.join(__dirname, 'no-such-feelin.js');
  try {
    const outcome = broken.evaluate('1 + 1', {}, 'resultExpression');
    await expect(outcome).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE', transient: true, message: expect.stringMatching(/^resultExpression: the FEEL evaluator's thread could not start: failure \(.*no-such-feelin.*\); it is retried/) });
  } finally {
    await broken.close();
  }
});
