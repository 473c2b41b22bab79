import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { ConnectorError } from './errors';
import { FEEL_THREAD_SOURCE } from './feel-thread';
import { assertDepth } from './json-walk';

/** What one FEEL evaluation may use. Over it, the thread is terminated and replaced; the job gets INVALID_INPUT. */
export interface FeelBudget {
  /** Wall-clock time for one evaluation (FEEL_TIMEOUT_MS). */
  timeoutMs: number;
  /** Heap of one FEEL thread (FEEL_MAX_MEMORY_MB), the evaluation's context included. */
  maxMemoryMb: number;
  /** Threads evaluating at once (FEEL_THREADS). */
  threads: number;
}

export const DEFAULT_FEEL_BUDGET: FeelBudget = { timeoutMs: 2000, maxMemoryMb: 128, threads: Math.min(4, Math.max(1, availableParallelism())) };

/** Parse trees (and syntax verdicts) each thread keeps, keyed by the expression's text. */
const MAX_CACHED_EXPRESSIONS = 500;

interface Task {
  id: number;
  expression: string;
  context: Record<string, unknown>;
  connectorFunctions: boolean;
  what: string;
  resolve(value: unknown): void;
  reject(error: ConnectorError): void;
}

interface Slot {
  worker: Worker;
  /** feelin is loaded: the deadline runs from here, not from the thread's start. */
  ready: boolean;
  task?: Task;
  timer?: NodeJS.Timeout;
}

interface Reply {
  ready?: boolean;
  id: number;
  json?: string;
  error?: string;
  position?: number;
  /** The expression was parsed for this evaluation (not found in the thread's cache). */
  parsed?: boolean;
}

/**
 * FEEL runs in a small pool of worker threads with a heap limit and a deadline, so that one expression
 * (a `for` over fifty million numbers, a quantifier over ten million items) can neither exhaust the
 * process's memory nor block its event loop: the other jobs go on.
 */
export class FeelPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextId = 1;
  /** Evaluations that had to parse their expression (the rest came from the threads' caches). */
  parses = 0;
  private readonly feelinPath = require.resolve('feelin');

  constructor(readonly budget: FeelBudget = DEFAULT_FEEL_BUDGET) {}

  /** Evaluates `expression` (no leading `=`) over `context`; the answer is plain JSON. */
  evaluate(expression: string, context: Record<string, unknown>, what: string, connectorFunctions = false): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, expression, context, connectorFunctions, what, resolve, reject });
      this.dispatch();
    });
  }

  /** Stops every thread (tests; the process's exit does it otherwise). */
  async close(): Promise<void> {
    const slots = this.slots.splice(0);
    for (const slot of slots) {
      if (slot.timer) clearTimeout(slot.timer);
      slot.task?.reject(new ConnectorError('UNKNOWN_ERROR', 'the FEEL evaluator was stopped'));
    }
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => !s.task);
      if (!slot) {
        if (this.slots.length >= this.budget.threads) return;
        slot = this.spawn();
      }
      const task = this.queue.shift()!;
      this.run(slot, task);
    }
  }

  private spawn(): Slot {
    const mb = this.budget.maxMemoryMb;
    const worker = new Worker(FEEL_THREAD_SOURCE, {
      eval: true,
      workerData: { feelinPath: this.feelinPath, maxCached: MAX_CACHED_EXPRESSIONS },
      resourceLimits: { maxOldGenerationSizeMb: mb, maxYoungGenerationSizeMb: Math.max(4, Math.min(32, Math.floor(mb / 4))), stackSizeMb: 4 },
    });
    worker.unref();
    const slot: Slot = { worker, ready: false };
    worker.on('message', (reply: Reply) => this.answer(slot, reply));
    worker.on('error', (error) => this.lose(slot, (error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : `failure (${error.message})`));
    worker.on('exit', () => this.lose(slot, 'memory'));
    this.slots.push(slot);
    return slot;
  }

  private run(slot: Slot, task: Task): void {
    slot.task = task;
    if (slot.ready) this.startClock(slot);
    try {
      slot.worker.postMessage({ id: task.id, expression: task.expression, context: task.context, connectorFunctions: task.connectorFunctions });
    } catch (error) {
      // A context that cannot be cloned (it is JSON from the job or AWS, so only a bug does this).
      clearTimeout(slot.timer);
      slot.task = undefined;
      task.reject(new ConnectorError('INVALID_INPUT', `${task.what}: its input cannot be given to FEEL: ${(error as Error).message}`, { path: task.what }));
    }
  }

  private startClock(slot: Slot): void {
    slot.timer = setTimeout(() => this.lose(slot, 'time'), this.budget.timeoutMs);
  }

  private answer(slot: Slot, reply: Reply): void {
    if (reply.ready) {
      slot.ready = true;
      if (slot.task) this.startClock(slot);
      return;
    }
    const task = slot.task;
    if (!task || task.id !== reply.id) return;
    clearTimeout(slot.timer);
    slot.task = undefined;
    if (reply.parsed) this.parses += 1;
    if (reply.error !== undefined) {
      const where = reply.position === undefined ? '' : ` at position ${reply.position}`;
      task.reject(new ConnectorError('INVALID_INPUT', `${task.what} is not valid FEEL${where}: ${reply.error}`, { path: task.what, type: 'FeelExpressionError' }));
    } else {
      try {
        const value: unknown = JSON.parse(reply.json ?? 'null');
        assertDepth(value, task.what);
        task.resolve(value);
      } catch (error) {
        task.reject(error instanceof ConnectorError ? error : new ConnectorError('INVALID_INPUT', `${task.what}: its result cannot be read`, { path: task.what }));
      }
    }
    this.dispatch();
  }

  /** The thread went over its budget (or died): its job fails, a fresh thread takes its place. */
  private lose(slot: Slot, why: string): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    this.slots.splice(index, 1);
    if (slot.timer) clearTimeout(slot.timer);
    void slot.worker.terminate();
    const task = slot.task;
    slot.task = undefined;
    if (task) {
      const limit = why === 'time' ? `took longer than ${this.budget.timeoutMs} ms` : why === 'memory' ? `needed more than ${this.budget.maxMemoryMb} MB of memory` : `stopped the evaluator: ${why}`;
      task.reject(new ConnectorError('INVALID_INPUT', `${task.what}: the FEEL expression ${limit}, over the worker's budget for one expression (FEEL_TIMEOUT_MS, FEEL_MAX_MEMORY_MB); make it do less work`, {
        path: task.what,
        type: 'FeelBudgetExceeded',
      }));
    }
    this.dispatch();
  }
}

let shared: FeelPool | undefined;

/** The process's FEEL pool (created on first use with the configured budget). */
export function feelPool(): FeelPool {
  shared ??= new FeelPool();
  return shared;
}

/** Sets the budget for FEEL evaluations; the worker calls it once at start from its configuration. */
export function configureFeel(budget: FeelBudget): void {
  const previous = shared;
  shared = new FeelPool(budget);
  void previous?.close();
}
