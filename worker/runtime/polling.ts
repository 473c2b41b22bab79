import type { JobContext } from './connector';
import type { ConnectorError } from './errors';

export interface PollOptions {
  intervalMs: number;
  timeoutMs: number;
  ctx: JobContext;
  /** The error when the time is up (usually transient: a retry of the Zeebe job goes on waiting). */
  timedOut: () => ConnectorError;
  /**
   * Settles when the job is reported done (a completion notification): the next check is made at once
   * instead of at the next interval. Once it has settled (or if it rejects), polling goes on at the interval.
   */
  wakeUp?: Promise<unknown>;
}

/** The resolution of the shared poll clock: a poll is due at most this late after its time. */
export const POLL_TICK_MS = 20;

/**
 * One timer for every waiting poll of the process (a timer wheel): due times are rounded up to a tick and
 * kept by tick, and one timer is armed for the earliest. A thousand jobs polling every second cost fifty timer
 * callbacks a second instead of a thousand timers.
 */
class PollClock {
  private readonly due = new Map<number, (() => void)[]>();
  private timer: NodeJS.Timeout | undefined;
  private armedTick = Infinity;

  /** Resolves at `at` (epoch ms), at most one tick late. */
  at(at: number): Promise<void> {
    const tick = Math.ceil(at / POLL_TICK_MS);
    return new Promise((resolve) => {
      const waiting = this.due.get(tick);
      if (waiting) waiting.push(resolve);
      else this.due.set(tick, [resolve]);
      if (tick < this.armedTick) this.arm(tick);
    });
  }

  private arm(tick: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.armedTick = tick;
    this.timer = setTimeout(() => this.fire(), Math.max(0, tick * POLL_TICK_MS - Date.now()));
  }

  private fire(): void {
    this.timer = undefined;
    this.armedTick = Infinity;
    const now = Math.floor(Date.now() / POLL_TICK_MS);
    let next = Infinity;
    for (const [tick, waiting] of this.due) {
      if (tick <= now) {
        this.due.delete(tick);
        for (const resolve of waiting) resolve();
      } else if (tick < next) next = tick;
    }
    if (next !== Infinity) this.arm(next);
  }
}

const clock = new PollClock();

/**
 * Waits for a long-running AWS job without blocking other Zeebe jobs (a timer, not a thread): `check`
 * answers the result when the job is done, undefined while it runs, or throws.
 * Polls keep a fixed cadence from the start (not interval + call latency), so a finished job is seen at most
 * one interval late however slow the calls are under load; every poll of the process waits on one shared
 * clock. The Zeebe job's timeout is pushed out only when it gets close: one command per few polls, yet a
 * crashed worker's job comes back within a few intervals.
 */
export async function pollUntilDone<T>(check: () => Promise<T | undefined>, opts: PollOptions): Promise<T> {
  const deadline = Date.now() + opts.timeoutMs;
  const extension = opts.intervalMs * 4 + 10_000;
  let extendedUntil = 0;
  let nextPoll = Date.now();
  // Settled once: true when woken (check at once), false when the wake-up failed (the interval goes on).
  let wakeUp = opts.wakeUp?.then(() => true, () => false);
  for (;;) {
    const done = await check();
    if (done !== undefined) return done;
    if (Date.now() + opts.intervalMs > deadline) throw opts.timedOut();
    if (Date.now() + opts.intervalMs * 2 > extendedUntil) {
      await opts.ctx.extendTimeout(extension);
      extendedUntil = Date.now() + extension;
    }
    nextPoll += opts.intervalMs;
    if (nextPoll < Date.now()) nextPoll = Date.now(); // behind (slow calls): poll now and keep the cadence from here, no burst
    const due = clock.at(nextPoll);
    const woken = wakeUp ? await Promise.race([due.then(() => undefined), wakeUp]) : undefined;
    if (woken === undefined) {
      if (!wakeUp) await due;
      continue;
    }
    wakeUp = undefined;
    if (woken) nextPoll = Date.now();
    else await due;
  }
}
