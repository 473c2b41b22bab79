// Who gets a job, as Zeebe does: a job that becomes activatable goes to an open job stream of its type
// (round robin), else to a waiting long-polling ActivateJobs request, else into its type's queue. Streams
// only get jobs that become activatable while they are open: the queue is for polling (the SDK's streaming
// worker back-fills with ActivateJobs). Also the clock that times out activated jobs and ends retry backoffs.
import type { ActivatedJob, ActivateRequest, Key } from './api';

export interface Stream {
  request: Omit<ActivateRequest, 'maxJobsToActivate'>;
  push: (job: ActivatedJob) => boolean;
}

interface Waiter {
  request: ActivateRequest;
  resolve: (jobs: ActivatedJob[]) => void;
}

export interface JobActivator {
  /** Marks the job active for the request's worker and timeout, and returns it as a worker sees it. */
  activate(jobKey: Key, request: Omit<ActivateRequest, 'maxJobsToActivate'>): ActivatedJob;
  /** Undoes activate() for a job a stream could not take. */
  yieldBack(jobKey: Key): void;
  /** Called by the clock: times out and ends backoffs due now (and fires what else is due). */
  tick(): void;
}

export class JobQueue {
  private readonly ready = new Map<string, Set<Key>>();
  private readonly streams = new Map<string, Stream[]>();
  private readonly waiters = new Map<string, Waiter[]>();
  private readonly clock: NodeJS.Timeout;

  constructor(private readonly activator: JobActivator, tickMs = 50) {
    this.clock = setInterval(() => activator.tick(), tickMs);
    this.clock.unref();
  }

  close(): void {
    clearInterval(this.clock);
    for (const list of this.waiters.values()) for (const w of list) w.resolve([]);
    this.waiters.clear();
    this.streams.clear();
  }

  /** A job can be activated: push it to a stream, or queue it for polling. */
  offer(type: string, jobKey: Key): void {
    if (this.pushToStream(type, jobKey)) return;
    let queue = this.ready.get(type);
    if (!queue) this.ready.set(type, (queue = new Set()));
    queue.add(jobKey);
    this.serveWaiters(type);
  }

  /** The job is no longer activatable (activated, completed, canceled, or its instance is gone). */
  withdraw(type: string, jobKey: Key): void {
    this.ready.get(type)?.delete(jobKey);
  }

  /** Activates up to `maxJobsToActivate` queued jobs at once; waits up to `waitMs` for one when none is queued. */
  activate(request: ActivateRequest, waitMs: number, signal?: AbortSignal): Promise<ActivatedJob[]> {
    const jobs = this.take(request, request.maxJobsToActivate);
    if (jobs.length > 0 || waitMs <= 0 || signal?.aborted) return Promise.resolve(jobs);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        request,
        resolve: (found) => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          resolve(found);
        },
      };
      const leave = () => {
        const list = this.waiters.get(request.type) ?? [];
        const i = list.indexOf(waiter);
        if (i >= 0) list.splice(i, 1);
        waiter.resolve([]);
      };
      const onAbort = () => leave();
      const timer = setTimeout(leave, waitMs);
      signal?.addEventListener('abort', onAbort);
      const list = this.waiters.get(request.type) ?? [];
      list.push(waiter);
      this.waiters.set(request.type, list);
    });
  }

  openStream(stream: Stream): () => void {
    const list = this.streams.get(stream.request.type) ?? [];
    list.push(stream);
    this.streams.set(stream.request.type, list);
    return () => {
      const current = this.streams.get(stream.request.type) ?? [];
      const i = current.indexOf(stream);
      if (i >= 0) current.splice(i, 1);
    };
  }

  private take(request: Omit<ActivateRequest, 'maxJobsToActivate'>, max: number): ActivatedJob[] {
    const queue = this.ready.get(request.type);
    const out: ActivatedJob[] = [];
    if (!queue) return out;
    for (const jobKey of queue) {
      if (out.length >= max) break;
      queue.delete(jobKey);
      out.push(this.activator.activate(jobKey, request));
    }
    return out;
  }

  /** Round robin over the type's streams; false when none takes the job. */
  private pushToStream(type: string, jobKey: Key): boolean {
    const streams = this.streams.get(type) ?? [];
    for (let tries = 0; tries < streams.length; tries++) {
      const stream = streams.shift()!;
      streams.push(stream);
      if (stream.push(this.activator.activate(jobKey, stream.request))) return true;
      this.activator.yieldBack(jobKey);
    }
    return false;
  }

  private serveWaiters(type: string): void {
    const queue = this.ready.get(type);
    const waiters = this.waiters.get(type) ?? [];
    while (queue && queue.size > 0 && waiters.length > 0) {
      const waiter = waiters.shift()!;
      waiter.resolve(this.take(waiter.request, waiter.request.maxJobsToActivate));
    }
  }
}
