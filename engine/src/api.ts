// The engine's in-process API: what the gRPC gateway and the REST API are thin layers over.
// Keys are decimal strings (Zeebe's 64-bit keys, as the SDK passes them); times are epoch milliseconds.

export type Key = string;

export type EngineErrorCode = 'NOT_FOUND' | 'INVALID_ARGUMENT' | 'FAILED_PRECONDITION' | 'DEADLINE_EXCEEDED' | 'RESOURCE_EXHAUSTED' | 'UNAVAILABLE' | 'ALREADY_EXISTS';

/** A refused command; the layers map `code` to a gRPC status and an HTTP status. */
export class EngineError extends Error {
  constructor(readonly code: EngineErrorCode, message: string) {
    super(message);
    this.name = 'EngineError';
  }
}

export const DEFAULT_TENANT = '<default>';

export interface DeployedProcess {
  processDefinitionKey: Key;
  bpmnProcessId: string;
  version: number;
  resourceName: string;
  tenantId: string;
}

export interface Deployment {
  deploymentKey: Key;
  processes: DeployedProcess[];
  tenantId: string;
}

export interface CreateInstanceRequest {
  bpmnProcessId?: string;
  processDefinitionKey?: Key;
  /** -1 or absent: the latest version. */
  version?: number;
  variables?: Record<string, unknown>;
}

export interface CreatedInstance {
  processInstanceKey: Key;
  processDefinitionKey: Key;
  bpmnProcessId: string;
  version: number;
  tenantId: string;
}

export interface InstanceResult extends CreatedInstance {
  variables: Record<string, unknown>;
}

export interface ActivateRequest {
  type: string;
  worker: string;
  /** How long an activated job stays with the worker before it is activatable again. */
  timeoutMs: number;
  maxJobsToActivate: number;
  /** Absent or empty: all variables visible from the job's element. */
  fetchVariables?: string[];
}

export interface ActivatedJob {
  key: Key;
  type: string;
  processInstanceKey: Key;
  bpmnProcessId: string;
  processDefinitionVersion: number;
  processDefinitionKey: Key;
  elementId: string;
  elementInstanceKey: Key;
  customHeaders: Record<string, string>;
  worker: string;
  retries: number;
  deadline: number;
  variables: Record<string, unknown>;
  tenantId: string;
  kind: 'BPMN_ELEMENT' | 'EXECUTION_LISTENER';
  listenerEventType: 'UNSPECIFIED' | 'START' | 'END';
}

export interface PublishMessageRequest {
  name: string;
  correlationKey?: string;
  /** How long the message is buffered for subscriptions opened later; 0 = not buffered. */
  timeToLiveMs: number;
  messageId?: string;
  variables?: Record<string, unknown>;
  tenantId?: string;
}

export interface CorrelatedMessage {
  messageKey: Key;
  tenantId: string;
  /** The first process instance the message was correlated to (or started). */
  processInstanceKey?: Key;
}

/** An open job stream: the engine pushes jobs of `type` to it as they become activatable. */
export interface JobStreamHandle {
  close(): void;
}

// ---- entities as the search API returns them (Camunda 8 REST v2 field names) ----

export type ProcessInstanceState = 'ACTIVE' | 'COMPLETED' | 'TERMINATED';

export interface ProcessInstanceEntity {
  processInstanceKey: Key;
  processDefinitionKey: Key;
  processDefinitionId: string;
  processDefinitionVersion: number;
  state: ProcessInstanceState;
  startDate: string;
  endDate?: string;
  hasIncident: boolean;
  tenantId: string;
}

export type ElementInstanceState = 'ACTIVE' | 'COMPLETED' | 'TERMINATED';

export interface ElementInstanceEntity {
  elementInstanceKey: Key;
  processInstanceKey: Key;
  processDefinitionKey: Key;
  processDefinitionId: string;
  elementId: string;
  elementName?: string;
  type: string;
  state: ElementInstanceState;
  startDate: string;
  endDate?: string;
  hasIncident: boolean;
  incidentKey?: Key;
  tenantId: string;
}

export interface VariableEntity {
  variableKey: Key;
  name: string;
  /** The value as JSON text, as Camunda's search API gives it. */
  value: string;
  scopeKey: Key;
  processInstanceKey: Key;
  tenantId: string;
}

export type JobState = 'CREATED' | 'COMPLETED' | 'FAILED' | 'ERROR_THROWN' | 'TIMED_OUT' | 'CANCELED' | 'RETRIES_UPDATED';

export interface JobEntity {
  jobKey: Key;
  type: string;
  worker: string;
  state: JobState;
  kind: 'BPMN_ELEMENT' | 'EXECUTION_LISTENER';
  retries: number;
  deadline?: string;
  endTime?: string;
  errorCode?: string;
  errorMessage?: string;
  customHeaders: Record<string, string>;
  processInstanceKey: Key;
  processDefinitionKey: Key;
  processDefinitionId: string;
  elementId: string;
  elementInstanceKey: Key;
  hasFailedWithRetriesLeft: boolean;
  tenantId: string;
}

export type IncidentErrorType =
  | 'JOB_NO_RETRIES'
  | 'IO_MAPPING_ERROR'
  | 'UNHANDLED_ERROR_EVENT'
  | 'CONDITION_ERROR'
  | 'EXTRACT_VALUE_ERROR'
  | 'UNKNOWN';

export interface IncidentEntity {
  incidentKey: Key;
  processInstanceKey: Key;
  processDefinitionKey: Key;
  processDefinitionId: string;
  elementId: string;
  elementInstanceKey: Key;
  jobKey?: Key;
  errorType: IncidentErrorType;
  errorMessage: string;
  state: 'ACTIVE' | 'RESOLVED';
  creationTime: string;
  tenantId: string;
}

export interface ProcessDefinitionEntity {
  processDefinitionKey: Key;
  processDefinitionId: string;
  version: number;
  resourceName: string;
  name?: string;
  tenantId: string;
}

/** Equality filters on entity fields (a value or `{ $eq | $in | $neq | $exists }`, as Camunda 8.8 search). */
export type SearchFilter = Record<string, unknown>;

export interface SearchQuery {
  filter?: SearchFilter;
  sort?: { field: string; order?: 'ASC' | 'DESC' }[];
  page?: { from?: number; limit?: number };
}

export interface SearchResult<T> {
  items: T[];
  page: { totalItems: number };
}

// ---- documents ----

export interface DocumentMetadata {
  contentType?: string;
  fileName?: string;
  size?: number;
  expiresAt?: string;
  customProperties?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface DocumentReference {
  'camunda.document.type': 'camunda';
  storeId: string;
  documentId: string;
  contentHash: string;
  metadata: DocumentMetadata;
}

export interface StoredDocument {
  reference: DocumentReference;
  /** The content as a file path in the engine's data folder; stream it with fs.createReadStream. */
  path: string;
}

/** Everything the gateway layers call. Implemented by `Engine` in engine.ts. */
export interface EngineApi {
  topology(): { clusterSize: number; partitionsCount: number; replicationFactor: number; gatewayVersion: string; brokers: { nodeId: number; host: string; port: number; version: string; partitions: { partitionId: number; role: 'LEADER'; health: 'HEALTHY' }[] }[] };

  /** Async: models are parsed with bpmn-moddle. INVALID_ARGUMENT for a model the engine cannot run. */
  deploy(resources: { name: string; content: Buffer }[], tenantId?: string): Promise<Deployment>;
  createProcessInstance(request: CreateInstanceRequest): CreatedInstance;
  /** Resolves when the instance completes; rejects with DEADLINE_EXCEEDED after `timeoutMs`. */
  awaitResult(processInstanceKey: Key, fetchVariables: string[] | undefined, timeoutMs: number): Promise<InstanceResult>;
  cancelProcessInstance(processInstanceKey: Key): void;
  setVariables(elementInstanceKey: Key, variables: Record<string, unknown>, local: boolean): { key: Key };
  resolveIncident(incidentKey: Key): void;

  /** Long polling: resolves with at least one job, or [] when `requestTimeoutMs` passes or `signal` aborts. */
  activateJobs(request: ActivateRequest, requestTimeoutMs: number, signal?: AbortSignal): Promise<ActivatedJob[]>;
  /** `push` returns false when the client cannot take the job; the job is then activatable again at once. */
  openJobStream(request: Omit<ActivateRequest, 'maxJobsToActivate'>, push: (job: ActivatedJob) => boolean): JobStreamHandle;
  completeJob(jobKey: Key, variables?: Record<string, unknown>): void;
  failJob(jobKey: Key, retries: number, errorMessage?: string, retryBackOffMs?: number, variables?: Record<string, unknown>): void;
  throwError(jobKey: Key, errorCode: string, errorMessage?: string, variables?: Record<string, unknown>): void;
  updateJobTimeout(jobKey: Key, timeoutMs: number): void;
  updateJobRetries(jobKey: Key, retries: number): void;

  /** gRPC PublishMessage, REST POST /v2/messages/publication. ALREADY_EXISTS for a buffered message id. */
  publishMessage(request: PublishMessageRequest): { messageKey: Key; tenantId: string };
  /** REST POST /v2/messages/correlation. NOT_FOUND when no subscription or start event takes it. */
  correlateMessage(request: Omit<PublishMessageRequest, 'timeToLiveMs' | 'messageId'>): CorrelatedMessage;
  /** The engine's clock (timers, deadlines, message lifetimes), moved by tests through /actuator/clock when enabled. */
  readonly clock: { now(): number; pin(epochMs: number): void; add(offsetMs: number): void; reset(): void; state(): { epochMilli: number; instant: string } };
  /** Does now what the clock says is due (after the clock was moved). */
  tick(): void;
  /** The caps on one deployment (ENGINE_MAX_DEPLOYMENT_BYTES, ENGINE_MAX_DEPLOYMENT_RESOURCES). */
  readonly deploymentLimits: { maxBytes: number; maxResources: number };

  searchProcessInstances(query: SearchQuery): SearchResult<ProcessInstanceEntity>;
  searchElementInstances(query: SearchQuery): SearchResult<ElementInstanceEntity>;
  searchVariables(query: SearchQuery): SearchResult<VariableEntity>;
  searchJobs(query: SearchQuery): SearchResult<JobEntity>;
  searchIncidents(query: SearchQuery): SearchResult<IncidentEntity>;
  searchProcessDefinitions(query: SearchQuery): SearchResult<ProcessDefinitionEntity>;
  getProcessInstance(processInstanceKey: Key): ProcessInstanceEntity;
  /** The deployed BPMN XML (GET /v2/process-definitions/{key}/xml, which the connectors' worker reads). NOT_FOUND when unknown. */
  getProcessDefinitionXml(processDefinitionKey: Key): string;

  /** Stores `content` (a stream) as a document; `documentId` is generated when absent. */
  createDocument(content: NodeJS.ReadableStream, metadata: DocumentMetadata, documentId?: string): Promise<DocumentReference>;
  /** NOT_FOUND when unknown or expired. */
  getDocument(documentId: string): StoredDocument;
  deleteDocument(documentId: string): void;
}
