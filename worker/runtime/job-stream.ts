import type { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import { reasonOf } from './engine-wait';

/** One stream as the SDK's streamJobs opens it, with its gRPC call (to see it break). */
export interface OpenedStream {
  close(): void;
  call?: EventEmitter;
}

export interface JobStreamOptions {
  taskType: string;
  open: () => Promise<OpenedStream>;
  /** Resolves true once the engine answers again, false when the worker stops meanwhile. */
  engineBack: () => Promise<boolean>;
  log: Logger;
}

/**
 * A gRPC job stream that is opened again when it breaks. The SDK's streamJobs opens a stream once and only
 * prints its end (a stack trace, also at every clean stop): after an engine restart jobs then came only from
 * the back-fill poll, once the SDK's retry back-off let it through (16.7 s after a 3.3 s outage). Here a broken
 * stream is logged once and opened again as soon as the engine answers.
 */
export class JobStream {
  private current?: OpenedStream;
  private closed = false;

  constructor(private readonly options: JobStreamOptions) {}

  async start(): Promise<void> {
    await this.connect();
  }

  close(): void {
    this.closed = true;
    this.current?.close();
  }

  private async connect(): Promise<void> {
    const opened = await this.options.open();
    this.current = opened;
    if (this.closed) opened.close();
    const call = opened.call;
    if (!call) return;
    // Replaces the SDK's listener, which prints every end of the stream, a cancel at shutdown included.
    call.removeAllListeners('error');
    let broken = false;
    const onBreak = (reason: string) => {
      if (broken || this.closed) return;
      broken = true;
      void this.reopen(reason);
    };
    call.on('error', (error: Error) => onBreak(reasonOf(error)));
    call.on('end', () => onBreak('the engine ended the stream'));
  }

  private async reopen(reason: string): Promise<void> {
    const { log, taskType } = this.options;
    const lostAt = Date.now();
    log.warn({ taskType, reason }, 'job stream lost; it is opened again as soon as the engine answers');
    this.current?.close();
    while (!this.closed) {
      if (!(await this.options.engineBack())) return;
      try {
        await this.connect();
        log.info({ taskType, lostForMs: Date.now() - lostAt }, 'job stream open again');
        return;
      } catch (error) {
        log.warn({ taskType, reason: reasonOf(error) }, 'job stream could not be opened again; retrying');
      }
    }
  }
}
