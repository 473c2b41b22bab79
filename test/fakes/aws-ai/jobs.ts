/**
 * Asynchronous jobs (Textract Start* and Get* operations): a job is IN_PROGRESS until its delay has
 * passed, then SUCCEEDED, or FAILED when its recorded response says so; a recorded response whose
 * JobStatus is IN_PROGRESS never finishes. ClientRequestToken makes Start* idempotent: same token and
 * same request -> same JobId; same token, other request -> IdempotentParameterMismatchException (the
 * error and the JobId length are options). Comprehend's jobs use the store for JobIds, tokens and
 * timers and keep their own status beside it (comprehend-jobs.ts).
 */
import { randomBytes } from 'node:crypto';
import { AwsError, type Json } from './protocol';

export type JobStatus = 'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED';

export interface Job {
  jobId: string;
  /** The Start operation, e.g. "Textract.StartDocumentAnalysis". */
  kind: string;
  request: Json;
  response: Json;
  registrationId?: number | undefined;
  startedAt: number;
  readyAt: number;
  /** Set once the job's completion side effects (output to S3) ran, with their outcome. */
  output?: { status: 'written' | 'failed'; keys?: string[]; error?: string } | undefined;
  /** Set once the completion notification (NotificationChannel) was published, or failed to be. */
  notification?: { status: 'sent' | 'failed'; topicArn: string; messageId?: string | undefined; error?: string | undefined } | undefined;
}

export interface JobStoreOptions {
  /** Random bytes of a JobId (written as hex): Textract's are 32 (64 hex), Comprehend's 16 (32 hex). */
  idBytes?: number;
  /** The error for a ClientRequestToken reused with another request (Textract: IdempotentParameterMismatchException). */
  tokenMismatch?: () => AwsError;
}

const textractMismatch = (): AwsError =>
  new AwsError(
    'IdempotentParameterMismatchException',
    'A ClientRequestToken input parameter was reused with an operation, but at least one of the other input parameters is different from the previous call to the operation.',
  );

export class JobStore {
  private readonly jobs = new Map<string, Job>();
  private readonly tokens = new Map<string, { jobId: string; request: string }>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly idBytes: number;
  private readonly tokenMismatch: () => AwsError;

  constructor(opts: JobStoreOptions = {}) {
    this.idBytes = opts.idBytes ?? 32;
    this.tokenMismatch = opts.tokenMismatch ?? textractMismatch;
  }

  /**
   * Creates a job (or returns the one a ClientRequestToken already made). `onComplete` runs once,
   * when the delay has passed, for jobs that end (not for an IN_PROGRESS recording).
   */
  start(kind: string, request: Json, response: Json, delayMs: number, registrationId: number | undefined, onComplete?: (job: Job) => void): Job {
    const token = typeof request.ClientRequestToken === 'string' ? request.ClientRequestToken : undefined;
    const canonical = canonicalJson(request);
    if (token) {
      const seen = this.tokens.get(`${kind}\u0000${token}`);
      if (seen) {
        if (seen.request !== canonical) throw this.tokenMismatch();
        const existing = this.jobs.get(seen.jobId);
        if (existing) return existing;
      }
    }
    const now = Date.now();
    const job: Job = { jobId: randomBytes(this.idBytes).toString('hex'), kind, request, response, registrationId, startedAt: now, readyAt: now + delayMs };
    this.jobs.set(job.jobId, job);
    if (token) this.tokens.set(`${kind}\u0000${token}`, { jobId: job.jobId, request: canonical });
    if (onComplete && this.recordedStatus(job) !== 'IN_PROGRESS') {
      const t = setTimeout(() => {
        this.timers.delete(t);
        if (this.jobs.get(job.jobId) === job) onComplete(job);
      }, delayMs);
      t.unref();
      this.timers.add(t);
    }
    return job;
  }

  get(jobId: string): Job | undefined {
    return this.jobs.get(jobId);
  }

  private recordedStatus(job: Job): JobStatus {
    const s = job.response.JobStatus;
    return s === 'FAILED' || s === 'IN_PROGRESS' ? s : 'SUCCEEDED';
  }

  status(job: Job, now = Date.now()): JobStatus {
    if (now < job.readyAt) return 'IN_PROGRESS';
    return this.recordedStatus(job);
  }

  clear(): number {
    const n = this.jobs.size;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.jobs.clear();
    this.tokens.clear();
    return n;
  }

  summary(): unknown[] {
    return [...this.jobs.values()].map((j) => ({
      jobId: j.jobId,
      kind: j.kind,
      status: this.status(j),
      registrationId: j.registrationId,
      startedAt: new Date(j.startedAt).toISOString(),
      readyAt: new Date(j.readyAt).toISOString(),
      clientRequestToken: j.request.ClientRequestToken,
      output: j.output,
      notification: j.notification,
    }));
  }
}

/** JSON with sorted keys, to compare two requests. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (typeof v === 'object' && v !== null) {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .filter((k) => o[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}
