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

export interface InstanceRow extends ProcessInstanceEntity {
  /** Element instances that are active plus tokens waiting at a parallel join; 0 completes the instance. */
  tokens: number;
  /** Tokens waiting at each parallel gateway, by gateway id and incoming flow id. */
  joins: Record<string, Record<string, number>>;
}

/** What to do again when an incident on the element is resolved. */
export type PendingStep = 'activate' | 'complete' | 'throw';

export interface ElementRow extends ElementInstanceEntity {
  flowScopeKey: Key;
  jobKey?: Key;
  pending?: PendingStep;
  /** complete: the variables the job completed with, kept until the output mappings apply. */
  completion?: Record<string, unknown>;
  /** errorBoundaryEvent: the error it caught, for its output mappings. */
  caught?: { errorCode: string; errorMessage: string; variables: Record<string, unknown> };
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
