// The engine: commands, queries and documents over one in-memory state that a journal makes durable.
// Every command runs to completion synchronously and is committed before it answers.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  DEFAULT_TENANT,
  EngineError,
  type ActivatedJob,
  type ActivateRequest,
  type CreatedInstance,
  type CreateInstanceRequest,
  type DeployedProcess,
  type Deployment,
  type DocumentMetadata,
  type DocumentReference,
  type ElementInstanceEntity,
  type EngineApi,
  type IncidentEntity,
  type InstanceResult,
  type JobEntity,
  type JobStreamHandle,
  type Key,
  type ProcessDefinitionEntity,
  type ProcessInstanceEntity,
  type SearchQuery,
  type SearchResult,
  type StoredDocument,
  type VariableEntity,
} from './api';
import { DocumentFiles } from './documents';
import { Execution } from './execution';
import { JobQueue, type JobActivator } from './jobs';
import { parseProcesses, type ProcessModel } from './model';
import type { DefinitionRow, ElementRow, IncidentRow, InstanceRow, JobRow, VariableRow } from './rows';
import { search } from './search';
import { Store } from './store';
import { Variables } from './variables';

export const ENGINE_VERSION = '8.8.0';
/** Zeebe's first key on partition 1. */
const FIRST_KEY = 2 ** 51 + 1;

export interface EngineOptions {
  /** Where the state and documents are kept; without it, the state lives in memory only. */
  dataDir?: string;
  log?: (line: string) => void;
}

interface ResultWaiter {
  fetchVariables?: string[];
  resolve: (result: InstanceResult) => void;
  reject: (error: Error) => void;
}

export class Engine implements EngineApi, JobActivator {
  private readonly models = new Map<Key, ProcessModel>();
  private readonly versions = new Map<string, DefinitionRow[]>();
  private readonly waiters = new Map<Key, ResultWaiter[]>();
  /** Jobs the clock watches: active ones (deadline) and those in retry backoff. */
  private readonly timed = new Set<Key>();
  private readonly queue: JobQueue;
  private readonly variables: Variables;
  private readonly execution: Execution;
  private readonly documents: DocumentFiles;
  private nextKey: number;

  private constructor(
    private readonly store: Store,
    private readonly scratchDir: string | undefined,
    documentsDir: string,
  ) {
    this.nextKey = store.get<{ next: number }>('meta', 'keys')?.next ?? FIRST_KEY;
    this.variables = new Variables(store, () => this.newKey());
    this.queue = new JobQueue(this);
    this.documents = new DocumentFiles(store, documentsDir);
    this.execution = new Execution(store, this.variables, {
      model: (key) => this.models.get(key)!,
      newKey: () => this.newKey(),
      jobReady: (job) => this.queue.offer(job.type, job.jobKey),
      jobGone: (job) => {
        this.queue.withdraw(job.type, job.jobKey);
        this.timed.delete(job.jobKey);
      },
      instanceEnded: (instance) => this.instanceEnded(instance),
    });
  }

  static async open(options: EngineOptions = {}): Promise<Engine> {
    const scratch = options.dataDir ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'engine-'));
    const dataDir = options.dataDir ?? scratch!;
    const store = Store.open(options.dataDir ? path.join(dataDir, 'state') : undefined);
    const engine = new Engine(store, scratch, path.join(dataDir, 'documents'));
    await engine.recover();
    return engine;
  }

  /** After a restart: models parsed again, activatable jobs queued, the clock watching the others. */
  private async recover(): Promise<void> {
    const definitions = [...this.store.rows<DefinitionRow>('definitions')].sort((a, b) => a.version - b.version);
    for (const row of definitions) {
      const model = (await parseProcesses(row.xml, row.resourceName)).find((m) => m.bpmnProcessId === row.processDefinitionId)!;
      this.models.set(row.processDefinitionKey, model);
      this.versions.set(row.processDefinitionId, [...(this.versions.get(row.processDefinitionId) ?? []), row]);
    }
    for (const job of this.store.rows<JobRow>('jobs')) {
      if (job.status === 'ready') this.queue.offer(job.type, job.jobKey);
      if (job.status === 'active' || job.status === 'backoff') this.timed.add(job.jobKey);
    }
  }

  async close(): Promise<void> {
    this.queue.close();
    for (const list of this.waiters.values()) for (const w of list) w.reject(new EngineError('UNAVAILABLE', 'The engine is shutting down'));
    this.waiters.clear();
    this.store.close();
    if (this.scratchDir) fs.rmSync(this.scratchDir, { recursive: true, force: true });
  }

  private newKey(): Key {
    return String(this.nextKey++);
  }

  /** Every command ends here: its changes (and the key counter) reach the journal before it answers. */
  private commit(): void {
    this.store.put('meta', 'keys', { next: this.nextKey });
    this.store.commit();
  }

  // ---------------------------------------------------------------- cluster

  topology(): ReturnType<EngineApi['topology']> {
    return {
      clusterSize: 1,
      partitionsCount: 1,
      replicationFactor: 1,
      gatewayVersion: ENGINE_VERSION,
      brokers: [{ nodeId: 0, host: '127.0.0.1', port: 26501, version: ENGINE_VERSION, partitions: [{ partitionId: 1, role: 'LEADER', health: 'HEALTHY' }] }],
    };
  }

  // ---------------------------------------------------------------- deployments and instances

  async deploy(resources: { name: string; content: Buffer }[], tenantId = DEFAULT_TENANT): Promise<Deployment> {
    if (resources.length === 0) throw new EngineError('INVALID_ARGUMENT', 'Expected to deploy at least one resource, but none given');
    const parsed: { resourceName: string; xml: string; model: ProcessModel }[] = [];
    for (const r of resources) {
      if (!/\.bpmn$|\.xml$/i.test(r.name)) {
        throw new EngineError('INVALID_ARGUMENT', `Expected to deploy BPMN resources (.bpmn or .xml), but '${r.name}' is not one: this engine runs processes only`);
      }
      const xml = r.content.toString('utf8');
      for (const model of await parseProcesses(xml, r.name)) parsed.push({ resourceName: r.name, xml, model });
    }
    const deploymentKey = this.newKey();
    const processes: DeployedProcess[] = parsed.map(({ resourceName, xml, model }) => {
      const history = this.versions.get(model.bpmnProcessId) ?? [];
      const latest = history[history.length - 1];
      if (latest && latest.xml === xml && latest.tenantId === tenantId) {
        return { processDefinitionKey: latest.processDefinitionKey, bpmnProcessId: model.bpmnProcessId, version: latest.version, resourceName, tenantId };
      }
      const row: DefinitionRow = {
        processDefinitionKey: this.newKey(),
        processDefinitionId: model.bpmnProcessId,
        version: (latest?.version ?? 0) + 1,
        resourceName,
        name: model.name,
        deploymentKey,
        tenantId,
        xml,
      };
      this.store.put('definitions', row.processDefinitionKey, row);
      this.models.set(row.processDefinitionKey, model);
      this.versions.set(model.bpmnProcessId, [...history, row]);
      return { processDefinitionKey: row.processDefinitionKey, bpmnProcessId: row.processDefinitionId, version: row.version, resourceName, tenantId };
    });
    this.commit();
    return { deploymentKey, processes, tenantId };
  }

  createProcessInstance(request: CreateInstanceRequest): CreatedInstance {
    const definition = this.findDefinition(request);
    const variables = request.variables ?? {};
    if (variables === null || typeof variables !== 'object' || Array.isArray(variables)) {
      throw new EngineError('INVALID_ARGUMENT', `Property 'variables' is invalid: Expected document to be a root level object, but was '${Array.isArray(variables) ? 'ARRAY' : typeof variables}'`);
    }
    const instance: InstanceRow = {
      processInstanceKey: this.newKey(),
      processDefinitionKey: definition.processDefinitionKey,
      processDefinitionId: definition.processDefinitionId,
      processDefinitionVersion: definition.version,
      state: 'ACTIVE',
      startDate: new Date().toISOString(),
      hasIncident: false,
      tenantId: definition.tenantId,
      tokens: 0,
      joins: {},
    };
    this.store.put('instances', instance.processInstanceKey, instance);
    this.execution.start(instance, variables);
    this.commit();
    return {
      processInstanceKey: instance.processInstanceKey,
      processDefinitionKey: definition.processDefinitionKey,
      bpmnProcessId: definition.processDefinitionId,
      version: definition.version,
      tenantId: definition.tenantId,
    };
  }

  private findDefinition(request: CreateInstanceRequest): DefinitionRow {
    if (request.processDefinitionKey) {
      const row = this.store.get<DefinitionRow>('definitions', request.processDefinitionKey);
      if (!row) throw new EngineError('NOT_FOUND', `Command 'CREATE' rejected with code 'NOT_FOUND': Expected to find process definition with key '${request.processDefinitionKey}', but none found`);
      return row;
    }
    const history = this.versions.get(request.bpmnProcessId ?? '') ?? [];
    const version = request.version ?? -1;
    const row = version < 0 ? history[history.length - 1] : history.find((d) => d.version === version);
    if (!row) {
      const which = version < 0 ? '' : ` and version '${version}'`;
      throw new EngineError('NOT_FOUND', `Command 'CREATE' rejected with code 'NOT_FOUND': Expected to find process definition with process ID '${request.bpmnProcessId ?? ''}'${which}, but none found`);
    }
    return row;
  }

  awaitResult(processInstanceKey: Key, fetchVariables: string[] | undefined, timeoutMs: number): Promise<InstanceResult> {
    const instance = this.store.get<InstanceRow>('instances', processInstanceKey);
    if (!instance) return Promise.reject(new EngineError('NOT_FOUND', `Expected to find process instance with key '${processInstanceKey}', but none found`));
    if (instance.state === 'COMPLETED') return Promise.resolve(this.result(instance, fetchVariables));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const list = this.waiters.get(processInstanceKey) ?? [];
        list.splice(list.indexOf(waiter), 1);
        reject(new EngineError('DEADLINE_EXCEEDED', `Time out between gateway and broker: Request timed out after PT${timeoutMs / 1000}S`));
      }, timeoutMs);
      const waiter: ResultWaiter = {
        fetchVariables,
        resolve: (r) => (clearTimeout(timer), resolve(r)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      };
      this.waiters.set(processInstanceKey, [...(this.waiters.get(processInstanceKey) ?? []), waiter]);
    });
  }

  private result(instance: InstanceRow, fetchVariables?: string[]): InstanceResult {
    return {
      processInstanceKey: instance.processInstanceKey,
      processDefinitionKey: instance.processDefinitionKey,
      bpmnProcessId: instance.processDefinitionId,
      version: instance.processDefinitionVersion,
      tenantId: instance.tenantId,
      variables: this.variables.visible(instance.processInstanceKey, fetchVariables),
    };
  }

  private instanceEnded(instance: InstanceRow): void {
    const list = this.waiters.get(instance.processInstanceKey);
    if (!list) return;
    this.waiters.delete(instance.processInstanceKey);
    for (const w of list) {
      if (instance.state === 'COMPLETED') w.resolve(this.result(instance, w.fetchVariables));
      else w.reject(new EngineError('FAILED_PRECONDITION', `Process instance '${instance.processInstanceKey}' was terminated before it completed`));
    }
  }

  cancelProcessInstance(processInstanceKey: Key): void {
    const instance = this.store.get<InstanceRow>('instances', processInstanceKey);
    if (!instance || instance.state !== 'ACTIVE') {
      throw new EngineError('NOT_FOUND', `Command 'CANCEL' rejected with code 'NOT_FOUND': Expected to cancel a process instance with key '${processInstanceKey}', but no such process was found`);
    }
    this.execution.cancel(instance);
    this.commit();
  }

  setVariables(elementInstanceKey: Key, variables: Record<string, unknown>, local: boolean): { key: Key } {
    const instance = this.store.get<InstanceRow>('instances', elementInstanceKey);
    const element = this.store.get<ElementRow>('elements', elementInstanceKey);
    const scope = instance?.state === 'ACTIVE' ? instance : element?.state === 'ACTIVE' ? element : undefined;
    if (!scope) {
      throw new EngineError('NOT_FOUND', `Command 'UPDATE' rejected with code 'NOT_FOUND': Expected to update variables for element with key '${elementInstanceKey}', but no such element was found`);
    }
    if (local) this.variables.setLocal(elementInstanceKey, scope.processInstanceKey, scope.tenantId, variables);
    else this.variables.merge(elementInstanceKey, scope.processInstanceKey, scope.tenantId, variables);
    const key = this.newKey();
    this.commit();
    return { key };
  }

  resolveIncident(incidentKey: Key): void {
    const incident = this.store.get<IncidentRow>('incidents', incidentKey);
    if (!incident || incident.state !== 'ACTIVE') {
      throw new EngineError('NOT_FOUND', `Command 'RESOLVE' rejected with code 'NOT_FOUND': Expected to resolve incident with key '${incidentKey}', but no such incident was found`);
    }
    this.execution.resolve(incident);
    this.commit();
  }

  // ---------------------------------------------------------------- jobs

  async activateJobs(request: ActivateRequest, requestTimeoutMs: number, signal?: AbortSignal): Promise<ActivatedJob[]> {
    if (!request.type) throw new EngineError('INVALID_ARGUMENT', "Expected argument 'type' to be non-empty, but was ''");
    if (!(request.maxJobsToActivate > 0)) throw new EngineError('INVALID_ARGUMENT', `Expected argument 'maxJobsToActivate' to be greater than 0, but was ${request.maxJobsToActivate}`);
    if (!(request.timeoutMs > 0)) throw new EngineError('INVALID_ARGUMENT', `Expected argument 'timeout' to be greater than 0, but was ${request.timeoutMs}`);
    const jobs = await this.queue.activate(request, requestTimeoutMs, signal);
    this.commit();
    return jobs;
  }

  openJobStream(request: Omit<ActivateRequest, 'maxJobsToActivate'>, push: (job: ActivatedJob) => boolean): JobStreamHandle {
    if (!request.type) throw new EngineError('INVALID_ARGUMENT', "Expected argument 'type' to be non-empty, but was ''");
    if (!(request.timeoutMs > 0)) throw new EngineError('INVALID_ARGUMENT', `Expected argument 'timeout' to be greater than 0, but was ${request.timeoutMs}`);
    const close = this.queue.openStream({ request, push });
    this.commit();
    return { close };
  }

  /** JobActivator: the job goes to `request.worker` until its deadline. */
  activate(jobKey: Key, request: Omit<ActivateRequest, 'maxJobsToActivate'>): ActivatedJob {
    const job = this.store.get<JobRow>('jobs', jobKey)!;
    job.status = 'active';
    job.worker = request.worker;
    job.deadlineMs = Date.now() + request.timeoutMs;
    this.store.put('jobs', jobKey, job);
    this.timed.add(jobKey);
    return {
      key: job.jobKey,
      type: job.type,
      processInstanceKey: job.processInstanceKey,
      bpmnProcessId: job.processDefinitionId,
      processDefinitionVersion: job.processDefinitionVersion,
      processDefinitionKey: job.processDefinitionKey,
      elementId: job.elementId,
      elementInstanceKey: job.elementInstanceKey,
      customHeaders: job.customHeaders,
      worker: job.worker,
      retries: job.retries,
      deadline: job.deadlineMs,
      variables: this.variables.visible(job.elementInstanceKey, request.fetchVariables),
      tenantId: job.tenantId,
    };
  }

  yieldBack(jobKey: Key): void {
    const job = this.store.get<JobRow>('jobs', jobKey)!;
    job.status = 'ready';
    job.deadlineMs = undefined;
    this.store.put('jobs', jobKey, job);
    this.timed.delete(jobKey);
  }

  /** JobActivator: the clock. Timed-out jobs and ended backoffs become activatable. */
  tick(now: number): void {
    let changed = false;
    for (const jobKey of this.timed) {
      const job = this.store.get<JobRow>('jobs', jobKey)!;
      const due = job.status === 'active' ? job.deadlineMs! <= now : job.status === 'backoff' ? job.readyAtMs! <= now : true;
      if (!due) continue;
      this.timed.delete(jobKey);
      if (job.status === 'active') job.state = 'TIMED_OUT';
      if (job.status === 'active' || job.status === 'backoff') {
        job.status = 'ready';
        job.deadlineMs = job.readyAtMs = undefined;
        this.store.put('jobs', jobKey, job);
        this.queue.offer(job.type, jobKey);
        changed = true;
      }
    }
    if (changed) this.commit();
  }

  completeJob(jobKey: Key, variables: Record<string, unknown> = {}): void {
    const job = this.job(jobKey, 'COMPLETE', 'complete', ['ready', 'active']);
    this.execution.completeJob(job, variables);
    this.commit();
  }

  failJob(jobKey: Key, retries: number, errorMessage = '', retryBackOffMs = 0, variables: Record<string, unknown> = {}): void {
    const job = this.job(jobKey, 'FAIL', 'fail', ['active']);
    this.variables.setLocal(job.elementInstanceKey, job.processInstanceKey, job.tenantId, variables);
    job.retries = retries;
    job.errorMessage = errorMessage;
    job.state = 'FAILED';
    job.worker = '';
    job.deadlineMs = undefined;
    job.hasFailedWithRetriesLeft = retries > 0;
    this.timed.delete(jobKey);
    if (retries <= 0) {
      job.status = 'waiting';
      this.store.put('jobs', jobKey, job);
      this.execution.jobIncident(job);
    } else if (retryBackOffMs > 0) {
      job.status = 'backoff';
      job.readyAtMs = Date.now() + retryBackOffMs;
      this.store.put('jobs', jobKey, job);
      this.timed.add(jobKey);
    } else {
      job.status = 'ready';
      this.store.put('jobs', jobKey, job);
      this.queue.offer(job.type, jobKey);
    }
    this.commit();
  }

  throwError(jobKey: Key, errorCode: string, errorMessage = '', variables: Record<string, unknown> = {}): void {
    if (!errorCode) throw new EngineError('INVALID_ARGUMENT', "Expected argument 'errorCode' to be non-empty, but was ''");
    const job = this.job(jobKey, 'THROW_ERROR', 'throw an error for', ['ready', 'active']);
    this.execution.throwFromJob(job, errorCode, errorMessage, variables);
    this.commit();
  }

  updateJobTimeout(jobKey: Key, timeoutMs: number): void {
    const job = this.job(jobKey, 'UPDATE_TIMEOUT', 'update the timeout of', ['active']);
    job.deadlineMs = Date.now() + timeoutMs;
    this.store.put('jobs', jobKey, job);
    this.commit();
  }

  updateJobRetries(jobKey: Key, retries: number): void {
    if (!(retries > 0)) throw new EngineError('INVALID_ARGUMENT', `Expected to update job retries with a positive amount, but was ${retries}`);
    const job = this.job(jobKey, 'UPDATE_RETRIES', 'update retries for', ['ready', 'active', 'backoff', 'waiting']);
    job.retries = retries;
    job.state = 'RETRIES_UPDATED';
    this.store.put('jobs', jobKey, job);
    this.commit();
  }

  /** The job if it exists and is in one of `allowed`; else Zeebe's rejection. */
  private job(jobKey: Key, command: string, action: string, allowed: JobRow['status'][]): JobRow {
    const job = this.store.get<JobRow>('jobs', jobKey);
    if (!job || job.status === 'done') {
      throw new EngineError('NOT_FOUND', `Command '${command}' rejected with code 'NOT_FOUND': Expected to ${action} job with key '${jobKey}', but no such job was found`);
    }
    if (!allowed.includes(job.status)) {
      const zeebeState = { ready: 'ACTIVATABLE', active: 'ACTIVATED', backoff: 'FAILED', waiting: 'FAILED', done: 'COMPLETED' }[job.status];
      throw new EngineError('FAILED_PRECONDITION', `Command '${command}' rejected with code 'INVALID_STATE': Expected to ${action} job with key '${jobKey}', but it is in state '${zeebeState}'`);
    }
    return job;
  }

  // ---------------------------------------------------------------- search

  searchProcessInstances(query: SearchQuery): SearchResult<ProcessInstanceEntity> {
    return search(mapRows(this.store.rows<InstanceRow>('instances'), ({ tokens: _t, joins: _j, ...entity }) => entity), query);
  }

  getProcessInstance(processInstanceKey: Key): ProcessInstanceEntity {
    const row = this.store.get<InstanceRow>('instances', processInstanceKey);
    if (!row) throw new EngineError('NOT_FOUND', `Process instance with key '${processInstanceKey}' not found`);
    const { tokens: _t, joins: _j, ...entity } = row;
    return entity;
  }

  searchElementInstances(query: SearchQuery): SearchResult<ElementInstanceEntity> {
    return search(
      mapRows(this.store.rows<ElementRow>('elements'), ({ flowScopeKey: _f, jobKey: _k, pending: _p, completion: _c, caught: _e, ...entity }) => entity),
      query,
    );
  }

  searchVariables(query: SearchQuery): SearchResult<VariableEntity> {
    return search(
      mapRows(this.store.rows<VariableRow>('variables'), ({ data, ...row }) => ({ ...row, value: JSON.stringify(data) })),
      query,
    );
  }

  searchJobs(query: SearchQuery): SearchResult<JobEntity> {
    return search(
      mapRows(this.store.rows<JobRow>('jobs'), ({ status: _s, deadlineMs, readyAtMs: _r, processDefinitionVersion: _v, ...entity }) => ({
        ...entity,
        deadline: deadlineMs === undefined ? undefined : new Date(deadlineMs).toISOString(),
      })),
      query,
    );
  }

  searchIncidents(query: SearchQuery): SearchResult<IncidentEntity> {
    return search(this.store.rows<IncidentRow>('incidents'), query);
  }

  searchProcessDefinitions(query: SearchQuery): SearchResult<ProcessDefinitionEntity> {
    return search(mapRows(this.store.rows<DefinitionRow>('definitions'), ({ xml: _x, deploymentKey: _d, ...entity }) => entity), query);
  }

  getProcessDefinitionXml(processDefinitionKey: Key): string {
    const row = this.store.get<DefinitionRow>('definitions', processDefinitionKey);
    if (!row) throw new EngineError('NOT_FOUND', `Process definition with key '${processDefinitionKey}' not found`);
    return row.xml;
  }

  // ---------------------------------------------------------------- documents

  createDocument(content: NodeJS.ReadableStream, metadata: DocumentMetadata, documentId?: string): Promise<DocumentReference> {
    return this.documents.create(content, metadata, documentId);
  }

  getDocument(documentId: string): StoredDocument {
    return this.documents.get(documentId);
  }

  deleteDocument(documentId: string): void {
    this.documents.delete(documentId);
  }
}

function* mapRows<R, T>(rows: Iterable<R>, project: (row: R) => T): Iterable<T> {
  for (const row of rows) yield project(row);
}
