import { pollUntilDone, POLL_TICK_MS } from '../../worker/runtime/polling';
import { ConnectorError } from '../../worker/runtime/errors';
import type { JobContext } from '../../worker/runtime/connector';

const ctx = { extendTimeout: async () => undefined } as unknown as JobContext;
const timedOut = () => new ConnectorError('CLIENT_EXECUTION_TIMEOUT', 'still running');

beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
afterEach(() => jest.useRealTimers());

test('a thousand polls on the shared clock: each sees its result within one interval (and a tick) of readiness', async () => {
  const interval = 1000;
  const seen: number[] = [];
  const polls = Array.from({ length: 1000 }, (_, i) => {
    const readyAt = Date.now() + 500 + ((i * 7919) % 5000);
    return pollUntilDone(async () => (Date.now() >= readyAt ? Date.now() - readyAt : undefined), { intervalMs: interval, timeoutMs: 60_000, ctx, timedOut })
      .then((late) => seen.push(late));
  });
  await jest.advanceTimersByTimeAsync(8000);
  await Promise.all(polls);
  expect(seen).toHaveLength(1000);
  expect(Math.max(...seen)).toBeLessThanOrEqual(interval + POLL_TICK_MS);
});

test('a wake-up checks at once; polling goes on at the interval when the check is not done yet', async () => {
  let wake!: () => void;
  const wakeUp = new Promise<void>((r) => { wake = r; });
  const checks: number[] = [];
  let readyAt = Infinity;
  const t0 = Date.now();
  const done = pollUntilDone(async () => {
    checks.push(Date.now() - t0);
    return Date.now() >= readyAt ? 'done' : undefined;
  }, { intervalMs: 60_000, timeoutMs: 600_000, ctx, timedOut, wakeUp });
  await jest.advanceTimersByTimeAsync(1000);
  readyAt = Date.now();
  wake();
  await jest.advanceTimersByTimeAsync(0);
  await expect(done).resolves.toBe('done');
  expect(checks).toEqual([0, 1000]);
});

test('a failed wake-up leaves the interval in charge', async () => {
  const checks: number[] = [];
  const t0 = Date.now();
  const done = pollUntilDone(async () => {
    checks.push(Date.now() - t0);
    return checks.length === 3 ? 'done' : undefined;
  }, { intervalMs: 1000, timeoutMs: 60_000, ctx, timedOut, wakeUp: Promise.reject(new Error('queue gone')) });
  await jest.advanceTimersByTimeAsync(2100);
  await expect(done).resolves.toBe('done');
  expect(checks.map((t) => Math.round(t / 100) * 100)).toEqual([0, 1000, 2000]);
});

test('time up: the timedOut error', async () => {
  const done = pollUntilDone(async () => undefined, { intervalMs: 1000, timeoutMs: 2500, ctx, timedOut });
  const expectation = expect(done).rejects.toThrow('still running');
  await jest.advanceTimersByTimeAsync(3000);
  await expectation;
});
