// The rows the store keeps: the search entities plus what the engine needs to go on after a restart.
import type { DocumentReference, ElementInstanceEntity, IncidentEntity, JobEntity, Key, ProcessInstanceEntity } from './api';

export interface DefinitionRow {
  processDefinitionKey: Key;
  processDefinitionId: string;
  version: number;
  resourceName: string;
  name?: string;
  deploymentKey: Key;
  tenantId: string;
  xml: string;
}

/** A flow scope (a process instance, a sub-process, a multi-instance body): the tokens moving inside it. */
export interface ScopeTokens {
  /** Element instances that are active plus tokens waiting at a join; 0 completes the scope. */
  tokens: number;
  /** Tokens waiting at each joining gateway, by gateway id and incoming flow id. */
  joins: Record<string, Record<string, number>>;
}

export interface InstanceRow extends ProcessInstanceEntity, ScopeTokens {
  /** Started by a message with this name and correlation key (one active instance per key). */
  startedBy?: string;
}

/** What to do again when an incident on the element is resolved. */
export type PendingStep = 'activate' | 'complete' | 'throw';

export interface ElementRow extends ElementInstanceEntity, Partial<ScopeTokens> {
  flowScopeKey: Key;
  /** The model node when it differs from elementId (a multi-instance body reports its activity's id). */
  nodeId?: string;
  jobKey?: Key;
  pending?: PendingStep;
  /** complete: the variables the job completed with, kept until the output mappings apply. */
  completion?: Record<string, unknown>;
  /** errorBoundaryEvent: the error it caught, for its output mappings. */
  caught?: Caught;
  /** A multi-instance body: how many inner instances there are, how many were started and completed; whether the completion condition held for the inner instance completing. */
  loop?: { size: number; started: number; completed: number; conditionMet?: boolean };
  /** An inner instance of a multi-instance body: its position, from 1. */
  loopCounter?: number;
  /** Execution listeners done so far, by event type. */
  listened?: { start?: number; end?: number };
}

/** What activated a catch event: a caught error, or a message's or timer's variables. */
export interface Caught {
  errorCode?: string;
  errorMessage?: string;
  variables: Record<string, unknown>;
}

export interface VariableRow {
  variableKey: Key;
  name: string;
  data: unknown;
  scopeKey: Key;
  processInstanceKey: Key;
  tenantId: string;
}

/** ready: can be activated; active: with a worker until `deadlineMs`; backoff: ready at `readyAtMs`; waiting: has an incident; done. */
export type JobStatus = 'ready' | 'active' | 'backoff' | 'waiting' | 'done';

export interface JobRow extends JobEntity {
  status: JobStatus;
  /** An execution listener's job: the event it listens to. */
  listenerEventType?: 'START' | 'END';
  deadlineMs?: number;
  readyAtMs?: number;
  processDefinitionVersion: number;
}

export interface IncidentRow extends IncidentEntity {}

export interface DocumentRow {
  reference: DocumentReference;
  file: string;
  expiresAtMs?: number;
}

/** A timer that fires at `dueMs`: on an element instance (catch or boundary event, event sub-process start) or a process (start event). */
export interface TimerRow {
  timerKey: Key;
  processDefinitionKey: Key;
  /** The event that fires. */
  elementId: string;
  /** The element instance it waits on (the catch event, the activity a boundary is attached to, the scope of an event sub-process); absent for a start event. */
  elementInstanceKey?: Key;
  processInstanceKey?: Key;
  dueMs: number;
  /** Cycles: repetitions left after this one (-1 = forever) and the interval. */
  repetitions: number;
  intervalMs?: number;
  /** A cron cycle (fires at the expression's times). */
  cron?: string;
  tenantId: string;
}

/** An open message subscription of an element instance. */
export interface SubscriptionRow {
  subscriptionKey: Key;
  messageName: string;
  correlationKey: string;
  processInstanceKey: Key;
  processDefinitionKey: Key;
  /** The element instance that waits (see TimerRow.elementInstanceKey) and the event that catches. */
  elementInstanceKey: Key;
  elementId: string;
  interrupting: boolean;
  tenantId: string;
}

/** A published message, buffered until `deadlineMs`. */
export interface MessageRow {
  messageKey: Key;
  name: string;
  correlationKey: string;
  messageId?: string;
  variables: Record<string, unknown>;
  deadlineMs: number;
  tenantId: string;
  /** The process instances it was correlated to (once per instance), and the processes it started. */
  correlated: Key[];
}
