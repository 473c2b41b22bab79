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
  type CorrelatedMessage,
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
  type PublishMessageRequest,
  type SearchQuery,
  type SearchResult,
  type StoredDocument,
  type VariableEntity,
} from './api';
import { Clock } from './clock';
import { DEFAULT_DEPLOYMENT_LIMITS, deploymentTooLarge, type DeploymentLimits } from './defaults';
import { DocumentFiles } from './documents';
import { JobQueue, type JobActivator } from './jobs';
import type { ProcessModel } from './model/model';
import { parseProcesses } from './model/parse';
import type { Caught, DefinitionRow, ElementRow, IncidentRow, InstanceRow, JobRow, MessageRow, TimerRow, VariableRow } from './rows';
import { EventBehaviour } from './runtime/behaviours/events';
import { IncidentBehaviour } from './runtime/behaviours/incidents';
import { JobBehaviour, toActivatedJob } from './runtime/behaviours/jobs';
import { MappingBehaviour } from './runtime/behaviours/mappings';
import { nextCronMs, planTimer } from './runtime/behaviours/timer-values';
import { Execution } from './runtime/execution';
import { evaluateExpression } from './feel';
import { search } from './search';
import { ElementInstances } from './state/elements';
import { Messages } from './state/messages';
import { MessageSubscriptions } from './state/subscriptions';
import { Timers } from './state/timers';
import { Store } from './store';
import { variableDepthProblem, Variables } from './variables';

export const ENGINE_VERSION = '8.8.0';
/** Zeebe's first key on partition 1. */
const FIRST_KEY = 2 ** 51 + 1;

export interface EngineOptions {
  /** Where the state and documents are kept; without it, the state lives in memory only. */
  dataDir?: string;
  log?: (line: string) => void;
  deploymentLimits?: DeploymentLimits;
}

interface ResultWaiter {
  fetchVariables?: string[];
  resolve: (result: InstanceResult) => void;
  reject: (error: Error) => void;
}

/** A message or timer start event of the latest version of a process. */
interface EventStart {
  definition: DefinitionRow;
  eventId: string;
}

export class Engine implements EngineApi, JobActivator {
  readonly clock = new Clock();
  private readonly models = new Map<Key, ProcessModel>();
  private readonly versions = new Map<string, DefinitionRow[]>();
  /** Message start events of the latest versions, by message name. */
  private readonly messageStarts = new Map<string, EventStart[]>();
  private readonly waiters = new Map<Key, ResultWaiter[]>();
  /** Jobs the clock watches: active ones (deadline) and those in retry backoff. */
  private readonly timed = new Set<Key>();
  private readonly queue: JobQueue;
  private readonly variables: Variables;
  private readonly elements: ElementInstances;
  private readonly timers: Timers;
  private readonly subscriptions: MessageSubscriptions;
  private readonly messages: Messages;
  private readonly events: EventBehaviour;
  private readonly execution: Execution;
  private readonly documents: DocumentFiles;
  private readonly limits: DeploymentLimits;
  private nextKey: number;

  private constructor(
    private readonly store: Store,
    private readonly scratchDir: string | undefined,
    documentsDir: string,
    limits: DeploymentLimits | undefined,
  ) {
    this.limits = limits ?? DEFAULT_DEPLOYMENT_LIMITS;
    this.nextKey = store.get<{ next: number }>('meta', 'keys')?.next ?? FIRST_KEY;
    const newKey = () => this.newKey();
    this.variables = new Variables(store, newKey);
    this.elements = new ElementInstances(store);
    this.timers = new Timers(store);
    this.subscriptions = new MessageSubscriptions(store);
    this.messages = new Messages(store);
    this.queue = new JobQueue(this);
    this.documents = new DocumentFiles(store, documentsDir);
    this.events = new EventBehaviour(this.clock, newKey, this.subscriptions, this.timers, this.messages);
    const jobs = new JobBehaviour(store, this.variables, this.clock, newKey, {
      ready: (job) => this.queue.offer(job.type, job.jobKey),
      gone: (job) => {
        this.queue.withdraw(job.type, job.jobKey);
        this.timed.delete(job.jobKey);
      },
    });
    this.execution = new Execution(
      store,
      this.variables,
      this.elements,
      this.clock,
      { jobs, events: this.events, mappings: new MappingBehaviour(this.variables), incidents: new IncidentBehaviour(store, this.elements, this.clock, newKey) },
      { model: (key) => this.models.get(key)!, newKey, instanceEnded: (instance) => this.instanceEnded(instance) },
    );
  }

  static async open(options: EngineOptions = {}): Promise<Engine> {
    const scratch = options.dataDir ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'engine-'));
    const dataDir = options.dataDir ?? scratch!;
    const store = Store.open(options.dataDir ? path.join(dataDir, 'state') : undefined);
    const engine = new Engine(store, scratch, path.join(dataDir, 'documents'), options.deploymentLimits);
    await engine.recover();
    return engine;
  }

  /** After a restart: models parsed again, activatable jobs queued, the clock watching the others (timers are in the store). */
  private async recover(): Promise<void> {
    const definitions = [...this.store.rows<DefinitionRow>('definitions')].sort((a, b) => a.version - b.version);
    const parsed = new Map<string, ProcessModel[]>();
    for (const row of definitions) {
      // one parse per resource, however many processes it defines
      const cacheKey = `${row.deploymentKey}\u0000${row.resourceName}`;
      if (!parsed.has(cacheKey)) parsed.set(cacheKey, await parseProcesses(row.xml, row.resourceName));
      this.models.set(row.processDefinitionKey, parsed.get(cacheKey)!.find((m) => m.bpmnProcessId === row.processDefinitionId)!);
      this.addVersion(row);
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

  get deploymentLimits(): DeploymentLimits {
    return this.limits;
  }

  async deploy(resources: { name: string; content: Buffer }[], tenantId = DEFAULT_TENANT): Promise<Deployment> {
    if (resources.length === 0) throw new EngineError('INVALID_ARGUMENT', 'Expected to deploy at least one resource, but none given');
    const tooLarge = deploymentTooLarge(this.limits, resources.length, resources.reduce((n, r) => n + r.content.length, 0));
    if (tooLarge) throw new EngineError('RESOURCE_EXHAUSTED', tooLarge);
    const parsed: { resourceName: string; xml: string; model: ProcessModel }[] = [];
    for (const r of resources) {
      if (!/\.bpmn$|\.xml$/i.test(r.name)) {
        throw new EngineError('INVALID_ARGUMENT', `Expected to deploy BPMN resources (.bpmn or .xml), but '${r.name}' is not one: this engine runs processes only`);
      }
      const xml = r.content.toString('utf8');
      for (const model of await parseProcesses(xml, r.name)) {
        this.startTimerPlans(model, r.name);
        parsed.push({ resourceName: r.name, xml, model });
      }
    }
    const deploymentKey = this.newKey();
    const processes: DeployedProcess[] = parsed.map(({ resourceName, xml, model }) => {
      const history = this.versions.get(model.bpmnProcessId) ?? [];
      const latest = history[history.length - 1];
      if (latest && latest.xml === xml && latest.tenantId === tenantId) {
        return { processDefinitionKey: latest.processDefinitionKey, bpmnProcessId: latest.processDefinitionId, version: latest.version, resourceName: latest.resourceName, tenantId };
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
      const previous = this.addVersion(row);
      this.scheduleStartTimers(row, previous);
      return { processDefinitionKey: row.processDefinitionKey, bpmnProcessId: row.processDefinitionId, version: row.version, resourceName, tenantId };
    });
    this.commit();
    return { deploymentKey, processes, tenantId };
  }

  /** Records a new version; the message start events now belong to it. Returns the version it replaces. */
  private addVersion(row: DefinitionRow): DefinitionRow | undefined {
    const history = this.versions.get(row.processDefinitionId) ?? [];
    const previous = history[history.length - 1];
    this.versions.set(row.processDefinitionId, [...history, row]);
    for (const [name, starts] of this.messageStarts) {
      const kept = starts.filter((s) => s.definition.processDefinitionId !== row.processDefinitionId || s.definition.tenantId !== row.tenantId);
      if (kept.length > 0) this.messageStarts.set(name, kept);
      else this.messageStarts.delete(name);
    }
    const model = this.models.get(row.processDefinitionKey)!;
    for (const eventId of model.eventStarts) {
      const event = model.nodes.get(eventId)!.event!;
      if (event.kind !== 'message') continue;
      const name = event.messageName; // evaluated at parsing
      this.messageStarts.set(name, [...(this.messageStarts.get(name) ?? []), { definition: row, eventId }]);
    }
    return previous;
  }

  /** Timer start events of a new version replace those of the version before (docs: Timer events > Timer start events). */
  private scheduleStartTimers(row: DefinitionRow, previous: DefinitionRow | undefined): void {
    if (previous) for (const timer of this.timers.ofDefinition(previous.processDefinitionKey)) this.timers.remove(timer);
    for (const { eventId, plan } of this.startTimerPlans(this.models.get(row.processDefinitionKey)!, row.resourceName)) {
      this.timers.add({ timerKey: this.newKey(), processDefinitionKey: row.processDefinitionKey, elementId: eventId, tenantId: row.tenantId, ...plan });
    }
  }

  /** When the timer start events of a model fire first; a value that is not a timer refuses the deployment. */
  private startTimerPlans(model: ProcessModel, resourceName: string) {
    return model.eventStarts.flatMap((eventId) => {
      const event = model.nodes.get(eventId)!.event!;
      if (event.kind !== 'timer') return [];
      try {
        return [{ eventId, plan: planTimer(event.timer.type, evaluateExpression(event.timer.expression, {}), this.clock.now()) }];
      } catch (e) {
        throw new EngineError('INVALID_ARGUMENT', `Command 'CREATE' rejected with code 'INVALID_ARGUMENT': Expected to deploy new resources, but encountered the following errors:\n'${resourceName}': element '${eventId}': ${(e as Error).message}`);
      }
    });
  }

  createProcessInstance(request: CreateInstanceRequest): CreatedInstance {
    const definition = this.findDefinition(request);
    const variables = request.variables ?? {};
    if (typeof variables !== 'object' || Array.isArray(variables)) {
      throw new EngineError('INVALID_ARGUMENT', `Expected variables to be a JSON object, but was '${Array.isArray(variables) ? 'array' : typeof variables}'`);
    }
    checkVariables('variables', variables);
    const model = this.models.get(definition.processDefinitionKey)!;
    if (!model.startEventId) {
      throw new EngineError('INVALID_ARGUMENT', `Command 'CREATE' rejected with code 'INVALID_ARGUMENT': Expected to create instance of process with none start event, but there is no such event`);
    }
    const instance = this.startInstance(definition, variables);
    this.commit();
    return this.created(instance);
  }

  private startInstance(definition: DefinitionRow, variables: Record<string, unknown>, startEventId?: string, caught?: Caught, startedBy?: string): InstanceRow {
    const instance: InstanceRow = {
      processInstanceKey: this.newKey(),
      processDefinitionKey: definition.processDefinitionKey,
      processDefinitionId: definition.processDefinitionId,
      processDefinitionVersion: definition.version,
      state: 'ACTIVE',
      startDate: this.clock.iso(),
      hasIncident: false,
      tenantId: definition.tenantId,
      tokens: 0,
      joins: {},
      startedBy,
    };
    this.store.put('instances', instance.processInstanceKey, instance);
    this.execution.start(instance, variables, startEventId, caught);
    return instance;
  }

  private created(instance: InstanceRow): CreatedInstance {
    return {
      processInstanceKey: instance.processInstanceKey,
      processDefinitionKey: instance.processDefinitionKey,
      bpmnProcessId: instance.processDefinitionId,
      version: instance.processDefinitionVersion,
      tenantId: instance.tenantId,
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
    checkVariables('variables', variables);
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

  // ---------------------------------------------------------------- messages

  /**
   * Publishes a message (docs: Components > Concepts > Messages): it is correlated to the open subscriptions
   * with its name and correlation key (once per process instance), starts the processes with a message start
   * event of its name (one active instance per correlation key), and with a time to live is buffered for
   * subscriptions opened later. A message id is refused while a message with it is buffered.
   */
  publishMessage(request: PublishMessageRequest): { messageKey: Key; tenantId: string } {
    const { messageKey, tenantId } = this.correlate(request, false);
    this.commit();
    return { messageKey, tenantId };
  }

  /** Correlates a message without buffering it; NOT_FOUND when nothing waits for it (REST /v2/messages/correlation). */
  correlateMessage(request: Omit<PublishMessageRequest, 'timeToLiveMs' | 'messageId'>): CorrelatedMessage {
    const result = this.correlate({ ...request, timeToLiveMs: 0 }, true);
    this.commit();
    return result;
  }

  private correlate(request: PublishMessageRequest, required: boolean): CorrelatedMessage {
    const tenantId = request.tenantId || DEFAULT_TENANT;
    const correlationKey = request.correlationKey ?? '';
    const variables = request.variables ?? {};
    if (!request.name) throw new EngineError('INVALID_ARGUMENT', "Expected argument 'name' to be a non-empty string, but it was empty");
    if (!(request.timeToLiveMs >= 0)) throw new EngineError('INVALID_ARGUMENT', `Expected argument 'timeToLive' to be zero or more, but was ${request.timeToLiveMs}`);
    checkVariables('variables', variables);
    if (request.messageId && this.messages.duplicate(tenantId, request.name, correlationKey, request.messageId)) {
      throw new EngineError('ALREADY_EXISTS', `Command 'PUBLISH' rejected with code 'ALREADY_EXISTS': Expected to publish a new message with id '${request.messageId}', but a message with that id was already published`);
    }
    const messageKey = this.newKey();
    const correlated: Key[] = [];
    for (const subscription of this.subscriptions.matching(tenantId, request.name, correlationKey)) {
      if (correlated.includes(subscription.processInstanceKey)) continue;
      const instance = this.store.get<InstanceRow>('instances', subscription.processInstanceKey);
      if (instance?.state !== 'ACTIVE') continue;
      correlated.push(subscription.processInstanceKey);
      this.execution.trigger(instance, subscription.elementInstanceKey, subscription.elementId, { variables });
    }
    for (const start of this.messageStarts.get(request.name) ?? []) {
      if (start.definition.tenantId !== tenantId) continue;
      const startedBy = correlationKey === '' ? undefined : `${request.name}\u0000${correlationKey}`;
      if (startedBy && this.activeInstanceStartedBy(start.definition.processDefinitionId, startedBy)) continue;
      const instance = this.startInstance(start.definition, variables, start.eventId, { variables: {} }, startedBy);
      correlated.push(instance.processInstanceKey);
    }
    if (required && correlated.length === 0) {
      throw new EngineError('NOT_FOUND', `Command 'CORRELATE' rejected with code 'NOT_FOUND': Expected to find subscription for message with name '${request.name}' and correlation key '${correlationKey}', but none was found.`);
    }
    if (request.timeToLiveMs > 0) {
      const row: MessageRow = { messageKey, name: request.name, correlationKey, messageId: request.messageId || undefined, variables, deadlineMs: this.clock.now() + request.timeToLiveMs, tenantId, correlated };
      this.messages.buffer(row);
    }
    return { messageKey, tenantId, processInstanceKey: correlated[0] };
  }

  private activeInstanceStartedBy(processDefinitionId: string, startedBy: string): boolean {
    for (const i of this.store.rows<InstanceRow>('instances')) if (i.state === 'ACTIVE' && i.startedBy === startedBy && i.processDefinitionId === processDefinitionId) return true;
    return false;
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
    job.deadlineMs = this.clock.now() + request.timeoutMs;
    this.store.put('jobs', jobKey, job);
    this.timed.add(jobKey);
    return toActivatedJob(job, this.variables.visible(job.elementInstanceKey, request.fetchVariables));
  }

  yieldBack(jobKey: Key): void {
    const job = this.store.get<JobRow>('jobs', jobKey)!;
    job.status = 'ready';
    job.deadlineMs = undefined;
    this.store.put('jobs', jobKey, job);
    this.timed.delete(jobKey);
  }

  /** JobActivator: the clock. Timed-out jobs and ended backoffs become activatable, due timers fire, expired messages go. */
  tick(): void {
    const now = this.clock.now();
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
    for (const timer of this.timers.due(now)) {
      this.fire(timer);
      changed = true;
    }
    if (this.messages.expire(now)) changed = true;
    if (changed) this.commit();
  }

  /** A due timer: its event is triggered, a cycle is scheduled again (docs: Timer events). */
  private fire(timer: TimerRow): void {
    this.timers.remove(timer);
    const model = this.models.get(timer.processDefinitionKey)!;
    const event = model.nodes.get(timer.elementId)!;
    const repeats = timer.repetitions !== 0 && (event.interrupting === false || !timer.elementInstanceKey);
    const nextMs = !repeats ? undefined : timer.cron ? nextCronMs(timer.cron, timer.dueMs) : timer.intervalMs !== undefined ? timer.dueMs + timer.intervalMs : undefined;
    if (nextMs !== undefined) this.timers.add({ ...timer, timerKey: this.newKey(), dueMs: nextMs, repetitions: timer.repetitions > 0 ? timer.repetitions - 1 : -1 });
    if (!timer.elementInstanceKey) {
      const definition = this.store.get<DefinitionRow>('definitions', timer.processDefinitionKey)!;
      this.startInstance(definition, {}, timer.elementId, { variables: {} });
      return;
    }
    const instance = this.store.get<InstanceRow>('instances', timer.processInstanceKey!);
    if (instance?.state === 'ACTIVE') this.execution.trigger(instance, timer.elementInstanceKey, timer.elementId, { variables: {} });
  }

  completeJob(jobKey: Key, variables: Record<string, unknown> = {}): void {
    checkVariables('variables', variables);
    const job = this.job(jobKey, 'COMPLETE', 'complete', ['ready', 'active']);
    this.execution.completeJob(job, variables);
    this.commit();
  }

  failJob(jobKey: Key, retries: number, errorMessage = '', retryBackOffMs = 0, variables: Record<string, unknown> = {}): void {
    checkVariables('variables', variables);
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
      job.readyAtMs = this.clock.now() + retryBackOffMs;
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
    checkVariables('variables', variables);
    const job = this.job(jobKey, 'THROW_ERROR', 'throw an error for', ['ready', 'active']);
    this.execution.throwFromJob(job, errorCode, errorMessage, variables);
    this.commit();
  }

  updateJobTimeout(jobKey: Key, timeoutMs: number): void {
    const job = this.job(jobKey, 'UPDATE_TIMEOUT', 'update the timeout of', ['active']);
    job.deadlineMs = this.clock.now() + timeoutMs;
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
    return search(mapRows(this.store.rows<InstanceRow>('instances'), instanceEntity), query);
  }

  getProcessInstance(processInstanceKey: Key): ProcessInstanceEntity {
    const row = this.store.get<InstanceRow>('instances', processInstanceKey);
    if (!row) throw new EngineError('NOT_FOUND', `Process instance with key '${processInstanceKey}' not found`);
    return instanceEntity(row);
  }

  searchElementInstances(query: SearchQuery): SearchResult<ElementInstanceEntity> {
    return search(
      mapRows(this.store.rows<ElementRow>('elements'), ({ flowScopeKey: _f, jobKey: _k, pending: _p, completion: _c, caught: _e, nodeId: _n, tokens: _t, joins: _j, loop: _l, loopCounter: _lc, listened: _li, ...entity }) => entity),
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

/** The instance as the search API shows it. */
function instanceEntity({ tokens: _t, joins: _j, startedBy: _s, ...entity }: InstanceRow): ProcessInstanceEntity {
  return entity;
}

/** Variables are refused before anything is written when they nest too deep. */
function checkVariables(property: string, document: unknown): void {
  const problem = variableDepthProblem(property, document);
  if (problem) throw new EngineError('INVALID_ARGUMENT', problem);
}

function* mapRows<R, T>(rows: Iterable<R>, project: (row: R) => T): Iterable<T> {
  for (const row of rows) yield project(row);
}
