import type { Logger } from 'pino';
import type { TaskFamily } from './outcome';
import type { DocumentStore } from './documents';

/** What a connector may use while it runs one job. It never talks to Zeebe directly. */
export interface JobContext {
  jobKey: string;
  processInstanceKey: string;
  elementInstanceKey: string;
  bpmnProcessId: string;
  elementId: string;
  log: Logger;
  documents: DocumentStore;
  /** Tells Zeebe the job needs this much more time (long AWS operations); the job's deadline moves too. */
  extendTimeout(ms: number): Promise<void>;
  /**
   * Sets local variables on the task's element instance, for a later delivery of the same job (after a worker
   * restart, a timeout or a retry) to read where this one left off; they end with the task. Absent in tests.
   */
  remember?(variables: Record<string, unknown>): Promise<void>;
  /** The job's secret values: whether a value is one, and (with the operator's consent only) unmasking one. */
  secrets?: { isSecret(value: string): boolean; disclose(value: string): void };
}

/**
 * One task type the worker subscribes to. `execute` reads and validates the job's variables, does the
 * work and presents the result; the runtime does everything around it (secrets, FEEL, outcome).
 */
export interface TaskDefinition {
  taskType: string;
  family: TaskFamily;
  /** Only these variables are fetched with the job (all when absent). */
  fetchVariables?: string[];
  execute(variables: Record<string, unknown>, ctx: JobContext): Promise<unknown>;
}
