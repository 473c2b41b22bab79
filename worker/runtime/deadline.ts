import { AsyncLocalStorage } from 'node:async_hooks';
import { ConnectorError } from './errors';

/**
 * The time a job has: every AWS call, streamed body and document fetch made while the job runs is
 * aborted when it is up, so that nothing that stalls can hold a job forever. It starts under the Zeebe
 * job's timeout (Zeebe would hand the job to another worker then) and moves when the job's timeout is
 * extended (long Textract or Comprehend waits).
 */
export interface JobDeadline {
  readonly signal: AbortSignal;
  /** Epoch ms. */
  readonly until: number;
  extend(ms: number): void;
  close(): void;
}

const current = new AsyncLocalStorage<JobDeadline>();

function timeoutError(ms: number): ConnectorError {
  return new ConnectorError('CLIENT_EXECUTION_TIMEOUT', `The job ran out of time (its deadline of ${ms} ms passed) while waiting for an answer`, { type: 'JobDeadlineExceeded' });
}

export function createDeadline(ms: number): JobDeadline {
  const controller = new AbortController();
  let until = Date.now() + ms;
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => controller.abort(timeoutError(ms)), Math.max(0, until - Date.now()));
  };
  arm();
  return {
    signal: controller.signal,
    get until() {
      return until;
    },
    extend(more: number) {
      if (controller.signal.aborted) return;
      const next = Date.now() + more;
      if (next > until) {
        until = next;
        arm();
      }
    },
    close() {
      if (timer) clearTimeout(timer);
    },
  };
}

/** Runs `fn` with `deadline` as the current job's. */
export function runWithDeadline<T>(deadline: JobDeadline, fn: () => Promise<T>): Promise<T> {
  return current.run(deadline, fn);
}

/** The current job's deadline, if any. */
export function currentDeadline(): JobDeadline | undefined {
  return current.getStore();
}

/** Rejects as soon as the current job's deadline passes; `work` settles it otherwise. */
export async function beforeDeadline<T>(work: Promise<T>): Promise<T> {
  const deadline = current.getStore();
  if (!deadline) return work;
  const { signal } = deadline;
  if (signal.aborted) throw signal.reason;
  let onAbort!: () => void;
  const expired = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/** Destroys a stream with the deadline's error when the current job's deadline passes before it ends. */
export function boundByDeadline<S extends NodeJS.ReadableStream & { destroy(error?: Error): unknown; once(event: string, fn: () => void): unknown }>(stream: S): S {
  const deadline = current.getStore();
  if (!deadline) return stream;
  const { signal } = deadline;
  const onAbort = () => stream.destroy(signal.reason as Error);
  if (signal.aborted) onAbort();
  else {
    signal.addEventListener('abort', onAbort, { once: true });
    const release = () => signal.removeEventListener('abort', onAbort);
    stream.once('end', release);
    stream.once('close', release);
    stream.once('error', release);
  }
  return stream;
}

/** Runs `fn` outside any job: what it starts (a loop shared by many jobs) is bounded by no job's deadline. */
export function outsideAnyJob<T>(fn: () => T): T {
  return current.exit(fn);
}
