import type { JobContext } from './connector';
import type { ConnectorError } from './errors';

export interface PollOptions {
  intervalMs: number;
  timeoutMs: number;
  ctx: JobContext;
  /** The error when the time is up (usually transient: a retry of the Zeebe job goes on waiting). */
  timedOut: () => ConnectorError;
}

/**
 * Waits for a long-running AWS job without blocking other Zeebe jobs (a timer, not a thread): `check`
 * answers the result when the job is done, undefined while it runs, or throws.
 * Polls keep a fixed cadence from the start (not interval + call latency), so a finished job is seen at most
 * one interval late however slow the calls are under load. The Zeebe job's timeout is pushed out only when
 * it gets close: one command per few polls, yet a crashed worker's job comes back within a few intervals.
 */
export async function pollUntilDone<T>(check: () => Promise<T | undefined>, opts: PollOptions): Promise<T> {
  const deadline = Date.now() + opts.timeoutMs;
  const extension = opts.intervalMs * 4 + 10_000;
  let extendedUntil = 0;
  let nextPoll = Date.now();
  for (;;) {
    const done = await check();
    if (done !== undefined) return done;
    if (Date.now() + opts.intervalMs > deadline) throw opts.timedOut();
    if (Date.now() + opts.intervalMs * 2 > extendedUntil) {
      await opts.ctx.extendTimeout(extension);
      extendedUntil = Date.now() + extension;
    }
    nextPoll += opts.intervalMs;
    await new Promise((r) => setTimeout(r, Math.max(0, nextPoll - Date.now())));
  }
}
