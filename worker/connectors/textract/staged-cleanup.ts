import type { Logger } from 'pino';

/** Textract's job statuses after which it no longer reads the document. */
const FINISHED = new Set(['SUCCEEDED', 'FAILED', 'PARTIAL_SUCCESS']);

export interface StagedCleanupOptions {
  jobId: string;
  /** Asks Textract for the job's status (a Get* call of one result); throws what the call throws. */
  status: () => Promise<string | undefined>;
  remove: () => Promise<void>;
  log: Logger;
  /** The first wait; each next one doubles, up to `maxIntervalMs`. */
  firstIntervalMs: number;
  maxIntervalMs?: number;
  /** After this the watch stops and the bucket's lifecycle rule (docs/textract.md) removes the object. */
  giveUpAfterMs?: number;
}

/** Errors that will not go away by asking again: the job cannot be watched, so the lifecycle rule takes over. */
const FINAL_ERRORS = new Set(['InvalidJobIdException', 'AccessDeniedException', 'InvalidParameterException']);

/**
 * An asynchronous start answers only the job ID, so the staged copy of an uploaded document must outlive the
 * Zeebe job: Textract reads it while the job runs. This watch asks the job's status on a timer that does not
 * hold the process open, and removes the staged object once Textract has finished with it. A worker stopped
 * before then leaves the object to the staging prefix's lifecycle rule.
 */
export function removeWhenFinished(opts: StagedCleanupOptions): { stop(): void } {
  const maxInterval = opts.maxIntervalMs ?? 5 * 60_000;
  const giveUpAt = Date.now() + (opts.giveUpAfterMs ?? 24 * 3600_000);
  let interval = opts.firstIntervalMs;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const schedule = () => {
    if (stopped) return;
    if (Date.now() + interval > giveUpAt) {
      opts.log.warn({ textractJobId: opts.jobId }, 'Textract job still running when the staged document\'s watch ended; the staging lifecycle rule removes it');
      return;
    }
    timer = setTimeout(check, interval);
    timer.unref();
    interval = Math.min(interval * 2, maxInterval);
  };

  const check = async () => {
    let status: string | undefined;
    try {
      status = await opts.status();
    } catch (e) {
      // A ConnectorError from callAws carries the AWS error name as its type.
      const name = (e as { type?: string }).type ?? (e as { name?: string }).name;
      if (name && FINAL_ERRORS.has(name)) {
        opts.log.warn({ textractJobId: opts.jobId, err: e }, 'cannot watch the Textract job; the staging lifecycle rule removes its staged document');
        return;
      }
      schedule();
      return;
    }
    if (status && FINISHED.has(status)) {
      try {
        await opts.remove();
        opts.log.info({ textractJobId: opts.jobId, status }, 'Textract job finished: staged document removed');
      } catch (e) {
        // Runs on a timer, outside any job: a rejection here would end the worker process.
        opts.log.warn({ textractJobId: opts.jobId, err: e }, 'staged document not removed; the staging lifecycle rule removes it');
      }
      return;
    }
    schedule();
  };

  schedule();
  return {
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
