import { Worker } from 'node:worker_threads';
import { ConnectorError } from './errors';
import { MODEL_THREAD_SOURCE } from './model-thread';

/** The zeebe:input mappings of a model that name a secret, by element id: `[source, target]` pairs. */
export type ModelInputs = Record<string, [string, string][]>;

export interface ModelReaderLimits {
  /** Time to read one model. */
  timeoutMs: number;
  /** Heap of the reading thread. */
  maxMemoryMb: number;
  /** Deepest element nesting read. */
  maxDepth: number;
}

const DEFAULT_LIMITS: ModelReaderLimits = { timeoutMs: 10_000, maxMemoryMb: 256, maxDepth: 256 };

interface Task {
  id: number;
  xml: string | Uint8Array;
  what: string;
  resolve(inputs: ModelInputs): void;
  reject(error: Error): void;
}

/**
 * Reads deployed models in a thread of their own, one at a time, within a time and memory budget, so that
 * a model of 100,000 elements (or a hostile one) never blocks the event loop the jobs run on. A thread over
 * its budget is terminated and replaced.
 */
export class ModelReader {
  private worker?: Worker;
  private current?: Task;
  private timer?: NodeJS.Timeout;
  private readonly queue: Task[] = [];
  private nextId = 1;

  constructor(readonly limits: ModelReaderLimits = DEFAULT_LIMITS) {}

  /** The mappings that name secrets; INVALID_INPUT naming the cause when the model cannot be read safely. */
  read(xml: string | Uint8Array, processDefinitionKey?: string): Promise<ModelInputs> {
    const what = processDefinitionKey ? `The process model (definition ${processDefinitionKey})` : 'The process model';
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, xml, what, resolve, reject });
      this.next();
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (this.timer) clearTimeout(this.timer);
    this.current?.reject(new Error('the model reader was stopped'));
    this.current = undefined;
    await worker?.terminate();
  }

  private next(): void {
    if (this.current || this.queue.length === 0) return;
    const task = this.queue.shift()!;
    this.current = task;
    const worker = this.worker ?? this.spawn();
    this.timer = setTimeout(() => this.lose(worker, `took longer than ${this.limits.timeoutMs} ms to read`), this.limits.timeoutMs);
    try {
      post(worker, task);
    } catch (error) {
      clearTimeout(this.timer);
      this.current = undefined;
      task.reject(invalid(task.what, `it could not be handed to the reading thread (${(error as Error).message})`));
      this.next();
    }
  }

  private spawn(): Worker {
    const worker = new Worker(MODEL_THREAD_SOURCE, {
      eval: true,
      workerData: { saxenPath: require.resolve('saxen'), maxDepth: this.limits.maxDepth },
      resourceLimits: { maxOldGenerationSizeMb: this.limits.maxMemoryMb, stackSizeMb: 4 },
    });
    worker.unref();
    worker.on('message', (reply: { id: number; inputs?: ModelInputs; error?: string }) => {
      const task = this.current;
      if (!task || task.id !== reply.id) return;
      clearTimeout(this.timer);
      this.current = undefined;
      if (reply.error !== undefined) task.reject(invalid(task.what, reply.error));
      else task.resolve(reply.inputs ?? {});
      this.next();
    });
    worker.on('error', (error) => this.lose(worker, (error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY' ? `needed more than ${this.limits.maxMemoryMb} MB to read` : `could not be read (${error.message})`));
    worker.on('exit', () => this.lose(worker, `needed more than ${this.limits.maxMemoryMb} MB to read`));
    this.worker = worker;
    return worker;
  }

  private lose(worker: Worker, why: string): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    clearTimeout(this.timer);
    void worker.terminate();
    const task = this.current;
    this.current = undefined;
    task?.reject(invalid(task.what, why));
    this.next();
  }
}

function post(worker: Worker, task: Task): void {
  if (typeof task.xml === 'string') return worker.postMessage({ id: task.id, xml: task.xml });
  // Bytes are moved, not copied, and decoded in the thread: nothing of the size is done on the event loop. Bytes
  // that share their memory (a Buffer from Node's pool, a view into a larger buffer) are copied first: moving
  // the pool is refused (node 22: DataCloneError) and would take other buffers' bytes with it.
  const whole = task.xml.byteOffset === 0 && task.xml.byteLength === task.xml.buffer.byteLength;
  const bytes = whole ? task.xml : new Uint8Array(task.xml);
  try {
    worker.postMessage({ id: task.id, xml: bytes }, [bytes.buffer as ArrayBuffer]);
  } catch {
    // Not transferable after all: cloned instead (`bytes` spans its whole buffer, so only these bytes are copied).
    worker.postMessage({ id: task.id, xml: bytes });
  }
}

function invalid(what: string, why: string): ConnectorError {
  return new ConnectorError('INVALID_INPUT', `${what} cannot be read to see which secrets it declares: ${why}`, { type: 'InvalidModel' });
}

let shared: ModelReader | undefined;

/** The process's model reader (its thread starts with the first model read). */
export function modelReader(): ModelReader {
  shared ??= new ModelReader();
  return shared;
}
