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

/** An expression whose last evaluation took this long (or was stopped) is heavy: it queues apart from the light ones. */
const HEAVY_MS = 100;

/** Time a new thread has to load feelin before it is taken for broken. */
const THREAD_START_MS = 30_000;

/** When the job an evaluation is for must be done (its deadline, runtime/deadline.ts). */
export interface EvaluationDeadline {
  /** Epoch ms; it may move later (an extended job timeout). */
  readonly until: number;
}

interface Task {
  id: number;
  expression: string;
  context: Record<string, unknown>;
  connectorFunctions: boolean;
  what: string;
  deadline?: EvaluationDeadline;
  heavy: boolean;
  /** Set while the task waits for a thread and has a deadline. */
  waiting?: NodeJS.Timeout;
  resolve(value: unknown): void;
  reject(error: ConnectorError): void;
}

interface Slot {
  worker: Worker;
  /** feelin is loaded: the deadline runs from here, not from the thread's start. */
  ready: boolean;
  task?: Task;
  timer?: NodeJS.Timeout;
  startedAt?: number;
  /** The clock that runs stops at the job's deadline, not at FEEL_TIMEOUT_MS. */
  deadlineBound?: boolean;
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
 *
 * The job's own deadline covers the wait for a thread too: a job that cannot get one in time fails with a
 * transient code (retried) instead of completing after Zeebe gave it to another worker. Expressions that
 * proved heavy (their last evaluation took HEAVY_MS or more, or was stopped) wait in a queue of their own and
 * may hold all threads but one, so light expressions always find a thread soon.
 */
export class FeelPool {
  private readonly slots: Slot[] = [];
  private readonly light: Task[] = [];
  private readonly heavy: Task[] = [];
  /** How long each expression's last evaluation took (ms), least recently used out first. */
  private readonly costs = new Map<string, number>();
  private nextId = 1;
  /** Evaluations that had to parse their expression (the rest came from the threads' caches). */
  parses = 0;
  private readonly feelinPath = require.resolve('feelin');

  constructor(readonly budget: FeelBudget = DEFAULT_FEEL_BUDGET) {}

  /** Evaluates `expression` (no leading `=`) over `context`; the answer is plain JSON. */
  evaluate(expression: string, context: Record<string, unknown>, what: string, connectorFunctions = false, deadline?: EvaluationDeadline): Promise<unknown> {
    return new Promise((resolve, reject) => {
      if (deadline && deadline.until <= Date.now()) {
        reject(outOfTime(what, 'before its FEEL expression could start'));
        return;
      }
      const heavy = (this.costs.get(expression) ?? 0) >= HEAVY_MS;
      const task: Task = { id: this.nextId++, expression, context, connectorFunctions, what, deadline, heavy, resolve, reject };
      (heavy ? this.heavy : this.light).push(task);
      this.dispatch();
      if (deadline && this.isQueued(task)) this.expireAt(task, deadline);
    });
  }

  /** Stops every thread (tests; the process's exit does it otherwise). */
  async close(): Promise<void> {
    const slots = this.slots.splice(0);
    for (const slot of slots) {
      if (slot.timer) clearTimeout(slot.timer);
      slot.task?.reject(new ConnectorError('UNKNOWN_ERROR', 'the FEEL evaluator was stopped'));
    }
    for (const task of [...this.light.splice(0), ...this.heavy.splice(0)]) {
      if (task.waiting) clearTimeout(task.waiting);
      task.reject(new ConnectorError('UNKNOWN_ERROR', 'the FEEL evaluator was stopped'));
    }
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private dispatch(): void {
    for (;;) {
      const heavyRunning = this.slots.filter((s) => s.task?.heavy).length;
      const queue = this.light.length > 0 ? this.light : this.heavy.length > 0 && heavyRunning < Math.max(1, this.budget.threads - 1) ? this.heavy : undefined;
      if (!queue) return;
      let slot = this.slots.find((s) => !s.task);
      if (!slot) {
        if (this.slots.length >= this.budget.threads) return;
        slot = this.spawn();
      }
      const task = queue.shift()!;
      if (task.waiting) clearTimeout(task.waiting);
      this.run(slot, task);
    }
  }

  private isQueued(task: Task): boolean {
    return (task.heavy ? this.heavy : this.light).includes(task);
  }

  /** A task still waiting for a thread when its job's deadline passes fails with a transient code. */
  private expireAt(task: Task, deadline: EvaluationDeadline): void {
    task.waiting = setTimeout(() => {
      if (!this.isQueued(task)) return;
      if (deadline.until > Date.now()) {
        this.expireAt(task, deadline);
        return;
      }
      const queue = task.heavy ? this.heavy : this.light;
      queue.splice(queue.indexOf(task), 1);
      task.reject(outOfTime(task.what, `while its FEEL expression waited for a thread (all ${this.budget.threads} FEEL_THREADS were busy)`));
    }, Math.max(0, deadline.until - Date.now()));
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
    else this.awaitStart(slot);
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
    const left = slot.task?.deadline ? slot.task.deadline.until - Date.now() : Infinity;
    slot.deadlineBound = left < this.budget.timeoutMs;
    slot.startedAt = Date.now();
    slot.timer = setTimeout(() => this.lose(slot, slot.deadlineBound ? 'deadline' : 'time'), Math.max(0, Math.min(left, this.budget.timeoutMs)));
  }

  /** A thread still loading feelin: the job's deadline holds meanwhile, and a thread that never starts is replaced. */
  private awaitStart(slot: Slot): void {
    const left = slot.task?.deadline ? slot.task.deadline.until - Date.now() : Infinity;
    const deadlineFirst = left < THREAD_START_MS;
    slot.timer = setTimeout(() => this.lose(slot, deadlineFirst ? 'deadline' : `failure (the thread did not start within ${THREAD_START_MS} ms)`), Math.max(0, Math.min(left, THREAD_START_MS)));
  }

  private remember(expression: string, ms: number): void {
    const was = this.costs.get(expression) ?? 0;
    this.costs.delete(expression);
    this.costs.set(expression, ms);
    if (this.costs.size > MAX_CACHED_EXPRESSIONS) this.costs.delete(this.costs.keys().next().value as string);
    if (ms >= HEAVY_MS && was < HEAVY_MS) {
      // It just proved heavy: its evaluations already waiting (a burst of new jobs) move to the heavy queue.
      for (let i = this.light.length - 1; i >= 0; i--) {
        const task = this.light[i];
        if (task.expression !== expression) continue;
        this.light.splice(i, 1);
        task.heavy = true;
        this.heavy.unshift(task);
      }
    }
  }

  private answer(slot: Slot, reply: Reply): void {
    if (reply.ready) {
      slot.ready = true;
      clearTimeout(slot.timer);
      if (slot.task) this.startClock(slot);
      return;
    }
    const task = slot.task;
    if (!task || task.id !== reply.id) return;
    clearTimeout(slot.timer);
    slot.task = undefined;
    if (slot.startedAt !== undefined) this.remember(task.expression, Date.now() - slot.startedAt);
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
    if (task && why === 'deadline') {
      task.reject(outOfTime(task.what, 'while its FEEL expression ran'));
    } else if (task && !slot.ready) {
      // The thread failed before it could take any expression: the worker's fault, not the expression's.
      task.reject(new ConnectorError('SERVICE_UNAVAILABLE', `${task.what}: the FEEL evaluator's thread ${why === 'memory' ? 'ran out of memory while starting' : `could not start: ${why}`}; it is retried`, {
        path: task.what,
        type: 'FeelThreadUnavailable',
      }));
    } else if (task) {
      this.remember(task.expression, Infinity);
      const limit = why === 'time' ? `took longer than ${this.budget.timeoutMs} ms` : why === 'memory' ? `needed more than ${this.budget.maxMemoryMb} MB of memory` : `stopped the evaluator: ${why}`;
      task.reject(new ConnectorError('INVALID_INPUT', `${task.what}: the FEEL expression ${limit}, over the worker's budget for one expression (FEEL_TIMEOUT_MS, FEEL_MAX_MEMORY_MB); make it do less work`, {
        path: task.what,
        type: 'FeelBudgetExceeded',
      }));
    }
    this.dispatch();
  }
}

function outOfTime(what: string, when: string): ConnectorError {
  return new ConnectorError('CLIENT_EXECUTION_TIMEOUT', `${what}: the job's deadline passed ${when}; it is retried`, { path: what, type: 'JobDeadlineExceeded' });
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
