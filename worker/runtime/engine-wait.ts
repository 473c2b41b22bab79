import type { Logger } from 'pino';

export interface EngineWait {
  /** One attempt: resolves when the engine answers, throws why it did not. */
  probe: () => Promise<void>;
  /** Where the engine is, for the log. */
  address: string;
  log: Logger;
  /** Give up after this long (WORKER_START_TIMEOUT_MS); undefined: wait as long as it takes. */
  timeoutMs?: number;
  /** Pause before the first retry; it doubles up to maxDelayMs. */
  firstDelayMs: number;
  maxDelayMs: number;
  /** Stop waiting (the worker is shutting down); waitForEngine then answers false. */
  cancelled: () => boolean;
  /** Log every failed attempt (at start), or only the first (when a running worker lost the engine). */
  logEveryAttempt: boolean;
}

export class EngineStartTimeout extends Error {}

/**
 * Retries `probe` with back-off until the engine answers: one log line per attempt, never the SDK's retry chatter.
 * Answers true once it answered, false when cancelled; throws EngineStartTimeout after `timeoutMs`.
 */
export async function waitForEngine(w: EngineWait): Promise<boolean> {
  const started = Date.now();
  let delay = w.firstDelayMs;
  for (let attempt = 1; ; attempt++) {
    if (w.cancelled()) return false;
    try {
      await w.probe();
      if (attempt > 1) w.log.info({ attempts: attempt, waitedMs: Date.now() - started }, `the engine at ${w.address} answers`);
      return true;
    } catch (error) {
      const reason = reasonOf(error);
      const left = w.timeoutMs === undefined ? Infinity : w.timeoutMs - (Date.now() - started);
      if (left <= 0) {
        throw new EngineStartTimeout(`the engine at ${w.address} did not answer within WORKER_START_TIMEOUT_MS=${w.timeoutMs} (${attempt} attempts; last: ${reason})`);
      }
      const pause = Math.min(delay, left);
      if (w.logEveryAttempt || attempt === 1) {
        w.log.warn({ attempt, nextAttemptInMs: pause, reason }, `the engine at ${w.address} does not answer yet; trying again`);
      }
      await sleep(pause, w.cancelled);
      delay = Math.min(delay * 2, w.maxDelayMs);
    }
  }
}

/** Notes the SDK and gRPC put at the end of a message, which say nothing to the reader of a log line. */
const TRAILING_NOTES = ['Resolution note:', 'Enhanced stack trace available as error.source.'];

/** The first line of an error's message, without those notes. */
export function reasonOf(error: unknown): string {
  let line = String((error as Error)?.message ?? error).split('\n')[0].trimEnd();
  for (const note of TRAILING_NOTES) if (line.endsWith(note)) line = line.slice(0, -note.length).trimEnd();
  return line.endsWith('.') ? line.slice(0, -1) : line;
}

/** Sleeps `ms`, waking early (every 100 ms at most) once `cancelled` says so. */
async function sleep(ms: number, cancelled: () => boolean): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until && !cancelled()) await new Promise((r) => setTimeout(r, Math.min(100, until - Date.now())));
}
