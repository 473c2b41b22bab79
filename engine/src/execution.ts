// How a process instance moves, following Camunda 8's documented BPMN semantics: element instances are
// activated and completed; job worker tasks wait for their job; exclusive gateways take the first flow whose
// condition holds (else the default); parallel gateways fork and join; errors thrown by a job or an error end
// event are caught by a matching error boundary event, else raise an incident. A step that fails (a mapping,
// a condition, an expression) raises an incident and is done again when the incident is resolved.
import type { IncidentErrorType, Key } from './api';
import { EngineError } from './api';
import { evaluateExpression, ExpressionError } from './feel';
import type { FlowNode, Mapping, ProcessModel } from './model';
import type { ElementRow, IncidentRow, InstanceRow, JobRow } from './rows';
import type { Store } from './store';
import { assignTarget, type Variables } from './variables';

export interface ExecutionHooks {
  model(processDefinitionKey: Key): ProcessModel;
  newKey(): Key;
  /** A job became activatable (or stopped being so). */
  jobReady(job: JobRow): void;
  jobGone(job: JobRow): void;
  instanceEnded(instance: InstanceRow): void;
}

type Step =
  | { op: 'activate'; instance: InstanceRow; nodeId: string; flowScopeKey: Key; variables?: Record<string, unknown> }
  | { op: 'arrive'; instance: InstanceRow; flowId: string; flowScopeKey: Key }
  | { op: 'complete'; element: ElementRow }
  | { op: 'throw'; element: ElementRow; errorCode: string; errorMessage: string; variables: Record<string, unknown> };

const now = () => new Date().toISOString();

class StepFailure extends Error {
  constructor(readonly errorType: IncidentErrorType, message: string) {
    super(message);
  }
}

export class Execution {
  constructor(
    private readonly store: Store,
    private readonly variables: Variables,
    private readonly hooks: ExecutionHooks,
  ) {}

  // ---------------------------------------------------------------- commands

  start(instance: InstanceRow, variables: Record<string, unknown>): void {
    this.variables.setLocal(instance.processInstanceKey, instance.processInstanceKey, instance.tenantId, variables);
    const model = this.hooks.model(instance.processDefinitionKey);
    this.run([{ op: 'activate', instance, nodeId: model.startEventId, flowScopeKey: instance.processInstanceKey }]);
  }

  /** The job's element goes on: output mappings (or propagation of the job's variables), then its outgoing flows. */
  completeJob(job: JobRow, variables: Record<string, unknown>): void {
    this.finishJob(job, 'COMPLETED');
    const element = this.element(job.elementInstanceKey);
    element.completion = variables;
    this.run([{ op: 'complete', element }]);
  }

  throwFromJob(job: JobRow, errorCode: string, errorMessage: string, variables: Record<string, unknown>): void {
    job.errorCode = errorCode;
    job.errorMessage = errorMessage;
    this.finishJob(job, 'ERROR_THROWN');
    this.run([{ op: 'throw', element: this.element(job.elementInstanceKey), errorCode, errorMessage, variables }]);
  }

  /** A job with no retries left: an incident carrying the failure message. */
  jobIncident(job: JobRow): void {
    const element = this.element(job.elementInstanceKey);
    this.raise(element, 'JOB_NO_RETRIES', job.errorMessage || 'No more retries left.', job.jobKey);
  }

  resolve(incident: IncidentRow): void {
    incident.state = 'RESOLVED';
    this.store.put('incidents', incident.incidentKey, incident);
    const element = this.store.get<ElementRow>('elements', incident.elementInstanceKey);
    if (!element || element.state !== 'ACTIVE') return;
    element.hasIncident = false;
    element.incidentKey = undefined;
    this.store.put('elements', element.elementInstanceKey, element);
    this.refreshIncidentFlag(element.processInstanceKey);
    if (incident.errorType === 'JOB_NO_RETRIES' && incident.jobKey) {
      const job = this.store.get<JobRow>('jobs', incident.jobKey)!;
      if (job.retries > 0) {
        job.status = 'ready';
        this.store.put('jobs', job.jobKey, job);
        this.hooks.jobReady(job);
      } else {
        this.jobIncident(job); // as Zeebe: resolved without new retries, the incident is raised again
      }
      return;
    }
    const instance = this.instance(element.processInstanceKey);
    const pending = element.pending;
    element.pending = undefined;
    if (pending === 'activate') this.run([], () => this.enter(element, instance));
    else if (pending === 'complete') this.run([{ op: 'complete', element }]);
    // An uncaught error stays uncaught: resolving UNHANDLED_ERROR_EVENT leaves the element where it is.
  }

  cancel(instance: InstanceRow): void {
    for (const element of [...this.store.rows<ElementRow>('elements')]) {
      if (element.processInstanceKey === instance.processInstanceKey && element.state === 'ACTIVE') this.terminate(element);
    }
    instance.state = 'TERMINATED';
    instance.endDate = now();
    instance.tokens = 0;
    this.store.put('instances', instance.processInstanceKey, instance);
    this.hooks.instanceEnded(instance);
  }

  // ---------------------------------------------------------------- the loop

  /** Runs steps until every token waits (for a job, a join or an incident). No recursion: models can be long. */
  private run(steps: Step[], first?: () => Step[] | void): void {
    const queue: Step[] = [...(first?.() ?? []), ...steps];
    while (queue.length > 0) {
      const step = queue.shift()!;
      queue.push(...this.perform(step));
    }
  }

  private perform(step: Step): Step[] {
    switch (step.op) {
      case 'activate':
        return this.activate(step.instance, step.nodeId, step.flowScopeKey, step.variables);
      case 'arrive':
        return this.arrive(step.instance, step.flowId, step.flowScopeKey);
      case 'complete':
        return this.complete(step.element);
      case 'throw':
        return this.throwError(step.element, step.errorCode, step.errorMessage, step.variables);
    }
  }

  private activate(instance: InstanceRow, nodeId: string, flowScopeKey: Key, variables?: Record<string, unknown>, caught?: ElementRow['caught']): Step[] {
    if (instance.state !== 'ACTIVE') return [];
    const node = this.node(instance, nodeId);
    const element: ElementRow = {
      elementInstanceKey: this.hooks.newKey(),
      processInstanceKey: instance.processInstanceKey,
      processDefinitionKey: instance.processDefinitionKey,
      processDefinitionId: instance.processDefinitionId,
      elementId: node.id,
      elementName: node.name,
      type: node.bpmnType,
      state: 'ACTIVE',
      startDate: now(),
      hasIncident: false,
      tenantId: instance.tenantId,
      flowScopeKey,
      caught,
    };
    this.store.put('elements', element.elementInstanceKey, element);
    instance.tokens += 1;
    this.store.put('instances', instance.processInstanceKey, instance);
    if (variables) this.variables.setLocal(element.elementInstanceKey, instance.processInstanceKey, instance.tenantId, variables);
    // A thrown error's variables are local variables of the catch event (Camunda 8 API: ThrowError).
    if (caught) this.variables.setLocal(element.elementInstanceKey, instance.processInstanceKey, instance.tenantId, caught.variables);
    return this.enter(element, instance);
  }

  /** The element's behaviour on activation: input mappings, then what its kind does. */
  private enter(element: ElementRow, instance: InstanceRow): Step[] {
    const node = this.node(instance, element.elementId);
    try {
      if (node.kind !== 'errorBoundaryEvent' && node.inputs.length > 0) {
        const inputs = this.map(node.inputs, this.variables.visible(element.flowScopeKey), 'IO_MAPPING_ERROR');
        this.variables.setLocal(element.elementInstanceKey, instance.processInstanceKey, instance.tenantId, inputs);
      }
      switch (node.kind) {
        case 'jobTask':
          this.createJob(element, instance, node);
          return [];
        case 'errorEndEvent':
          return [{ op: 'throw', element, errorCode: node.errorCode!, errorMessage: '', variables: {} }];
        default: // an exclusive gateway chooses its flow on completion

          return [{ op: 'complete', element }];
      }
    } catch (e) {
      return this.failStep(element, 'activate', e);
    }
  }

  private complete(element: ElementRow): Step[] {
    if (element.state !== 'ACTIVE') return [];
    const instance = this.instance(element.processInstanceKey);
    const node = this.node(instance, element.elementId);
    let outgoing: string[];
    try {
      this.applyOutputs(element, instance, node);
      outgoing = node.kind === 'exclusiveGateway' ? [this.chooseFlow(element, instance, node)] : node.outgoing;
    } catch (e) {
      return this.failStep(element, 'complete', e);
    }
    this.close(element, 'COMPLETED');
    const next: Step[] = outgoing.map((flowId) => ({ op: 'arrive', instance, flowId, flowScopeKey: element.flowScopeKey }));
    this.release(instance, next.length);
    return next;
  }

  /** A token arrives over a flow: activates the target, or waits at a parallel join until every incoming flow has one. */
  private arrive(instance: InstanceRow, flowId: string, flowScopeKey: Key): Step[] {
    if (instance.state !== 'ACTIVE') return [];
    const model = this.hooks.model(instance.processDefinitionKey);
    const target = model.nodes.get(model.flows.get(flowId)!.target)!;
    if (target.kind !== 'parallelGateway' || target.incoming.length <= 1) {
      instance.tokens -= 1; // the flow's token becomes the element's
      return [{ op: 'activate', instance, nodeId: target.id, flowScopeKey }];
    }
    const join = (instance.joins[target.id] ??= {});
    join[flowId] = (join[flowId] ?? 0) + 1;
    if (!target.incoming.every((f) => (join[f] ?? 0) > 0)) {
      this.store.put('instances', instance.processInstanceKey, instance);
      return [];
    }
    for (const f of target.incoming) {
      join[f] -= 1;
      if (join[f] === 0) delete join[f];
    }
    instance.tokens -= target.incoming.length;
    return [{ op: 'activate', instance, nodeId: target.id, flowScopeKey }];
  }

  private throwError(element: ElementRow, errorCode: string, errorMessage: string, variables: Record<string, unknown>): Step[] {
    if (element.state !== 'ACTIVE') return [];
    const instance = this.instance(element.processInstanceKey);
    const model = this.hooks.model(instance.processDefinitionKey);
    const boundaries = (model.boundaries.get(element.elementId) ?? []).map((id) => model.nodes.get(id)!);
    const catcher = boundaries.find((b) => b.errorCode === errorCode) ?? boundaries.find((b) => b.errorCode === undefined);
    if (!catcher) {
      const message = `Expected to throw an error event with the code '${errorCode}' with message '${errorMessage}', but it was not caught. No error events are available in the scope.`;
      element.pending = 'throw';
      this.store.put('elements', element.elementInstanceKey, element);
      this.raise(element, 'UNHANDLED_ERROR_EVENT', message, element.jobKey);
      return [];
    }
    this.terminate(element);
    instance.tokens -= 1;
    return this.activate(instance, catcher.id, element.flowScopeKey, undefined, { errorCode, errorMessage, variables });
  }

  // ---------------------------------------------------------------- pieces

  private createJob(element: ElementRow, instance: InstanceRow, node: FlowNode): void {
    const context = this.variables.visible(element.elementInstanceKey);
    const type = this.evaluate(node.jobType!, context, 'EXTRACT_VALUE_ERROR', 'the job type');
    if (typeof type !== 'string' || type === '') throw new StepFailure('EXTRACT_VALUE_ERROR', `Expected the job type to be a non-empty string, but was '${JSON.stringify(type)}'`);
    const retries = Number(this.evaluate(node.jobRetries!, context, 'EXTRACT_VALUE_ERROR', 'the job retries'));
    if (!Number.isInteger(retries)) throw new StepFailure('EXTRACT_VALUE_ERROR', `Expected the job retries to be a number, but was '${node.jobRetries}'`);
    const job: JobRow = {
      jobKey: this.hooks.newKey(),
      type,
      worker: '',
      state: 'CREATED',
      kind: 'BPMN_ELEMENT',
      retries,
      customHeaders: node.headers ?? {},
      processInstanceKey: instance.processInstanceKey,
      processDefinitionKey: instance.processDefinitionKey,
      processDefinitionId: instance.processDefinitionId,
      processDefinitionVersion: instance.processDefinitionVersion,
      elementId: element.elementId,
      elementInstanceKey: element.elementInstanceKey,
      hasFailedWithRetriesLeft: false,
      tenantId: instance.tenantId,
      status: 'ready',
    };
    element.jobKey = job.jobKey;
    this.store.put('elements', element.elementInstanceKey, element);
    this.store.put('jobs', job.jobKey, job);
    this.hooks.jobReady(job);
  }

  /**
   * Output mappings build a document merged into the flow scope. Without them, a job's variables are
   * propagated from the element's own scope, and a caught error's variables (local to the catch event)
   * from the flow scope, as Camunda 8 does.
   */
  private applyOutputs(element: ElementRow, instance: InstanceRow, node: FlowNode): void {
    const produced = element.completion ?? {};
    if (node.outputs.length > 0) {
      const context = { ...this.variables.visible(element.elementInstanceKey), ...produced };
      if (element.caught) Object.assign(context, { errorCode: element.caught.errorCode, errorMessage: element.caught.errorMessage });
      const document = this.map(node.outputs, context, 'IO_MAPPING_ERROR');
      this.variables.merge(element.flowScopeKey, instance.processInstanceKey, instance.tenantId, document);
    } else if (element.caught) {
      this.variables.merge(element.flowScopeKey, instance.processInstanceKey, instance.tenantId, element.caught.variables);
    } else if (Object.keys(produced).length > 0) {
      this.variables.merge(element.elementInstanceKey, instance.processInstanceKey, instance.tenantId, produced);
    }
  }

  private chooseFlow(element: ElementRow, instance: InstanceRow, node: FlowNode): string {
    const model = this.hooks.model(instance.processDefinitionKey);
    const context = this.variables.visible(element.elementInstanceKey);
    for (const flowId of node.outgoing) {
      const flow = model.flows.get(flowId)!;
      if (flowId === node.defaultFlow) continue;
      if (flow.condition === undefined) {
        if (node.outgoing.length === 1) return flowId;
        continue;
      }
      const value = this.evaluate(flow.condition, context, 'CONDITION_ERROR', `the condition of '${flowId}'`);
      if (value === true) return flowId;
    }
    if (node.defaultFlow) return node.defaultFlow;
    throw new StepFailure('CONDITION_ERROR', `Expected at least one condition to evaluate to true, or to have a default flow`);
  }

  private map(mappings: Mapping[], context: Record<string, unknown>, errorType: IncidentErrorType): Record<string, unknown> {
    const document: Record<string, unknown> = {};
    for (const m of mappings) assignTarget(document, m.target, this.evaluate(m.source, context, errorType, `the mapping to '${m.target}'`));
    return document;
  }

  private evaluate(text: string, context: Record<string, unknown>, errorType: IncidentErrorType, what: string): unknown {
    try {
      return evaluateExpression(text, context);
    } catch (e) {
      if (e instanceof ExpressionError) throw new StepFailure(errorType, `${what}: ${e.message}`);
      throw e;
    }
  }

  private failStep(element: ElementRow, pending: 'activate' | 'complete', e: unknown): Step[] {
    if (!(e instanceof StepFailure)) throw e;
    element.pending = pending;
    this.store.put('elements', element.elementInstanceKey, element);
    this.raise(element, e.errorType, e.message);
    return [];
  }

  private raise(element: ElementRow, errorType: IncidentErrorType, errorMessage: string, jobKey?: Key): void {
    const incident: IncidentRow = {
      incidentKey: this.hooks.newKey(),
      processInstanceKey: element.processInstanceKey,
      processDefinitionKey: element.processDefinitionKey,
      processDefinitionId: element.processDefinitionId,
      elementId: element.elementId,
      elementInstanceKey: element.elementInstanceKey,
      jobKey,
      errorType,
      errorMessage,
      state: 'ACTIVE',
      creationTime: now(),
      tenantId: element.tenantId,
    };
    this.store.put('incidents', incident.incidentKey, incident);
    element.hasIncident = true;
    element.incidentKey = incident.incidentKey;
    this.store.put('elements', element.elementInstanceKey, element);
    const instance = this.instance(element.processInstanceKey);
    instance.hasIncident = true;
    this.store.put('instances', instance.processInstanceKey, instance);
  }

  private refreshIncidentFlag(processInstanceKey: Key): void {
    const instance = this.instance(processInstanceKey);
    instance.hasIncident = [...this.store.rows<IncidentRow>('incidents')].some((i) => i.processInstanceKey === processInstanceKey && i.state === 'ACTIVE');
    this.store.put('instances', processInstanceKey, instance);
  }

  private finishJob(job: JobRow, state: JobRow['state']): void {
    job.state = state;
    job.status = 'done';
    job.deadlineMs = undefined;
    job.endTime = now();
    this.store.put('jobs', job.jobKey, job);
    this.hooks.jobGone(job);
  }

  /** Ends an element that did not complete: its job is canceled and its incidents resolved. */
  private terminate(element: ElementRow): void {
    if (element.jobKey) {
      const job = this.store.get<JobRow>('jobs', element.jobKey);
      if (job && job.status !== 'done') this.finishJob(job, 'CANCELED');
    }
    if (element.incidentKey) {
      const incident = this.store.get<IncidentRow>('incidents', element.incidentKey);
      if (incident && incident.state === 'ACTIVE') {
        incident.state = 'RESOLVED';
        this.store.put('incidents', incident.incidentKey, incident);
      }
    }
    this.close(element, 'TERMINATED');
  }

  private close(element: ElementRow, state: 'COMPLETED' | 'TERMINATED'): void {
    element.state = state;
    element.endDate = now();
    element.hasIncident = false;
    element.completion = undefined;
    element.pending = undefined;
    this.store.put('elements', element.elementInstanceKey, element);
  }

  /** The element's token is gone and `forwarded` new ones travel on; with none left, the instance completes. */
  private release(instance: InstanceRow, forwarded: number): void {
    instance.tokens += forwarded - 1;
    this.store.put('instances', instance.processInstanceKey, instance);
    if (instance.tokens === 0 && instance.state === 'ACTIVE') {
      instance.state = 'COMPLETED';
      instance.endDate = now();
      this.store.put('instances', instance.processInstanceKey, instance);
      this.hooks.instanceEnded(instance);
    }
  }

  private node(instance: InstanceRow, nodeId: string): FlowNode {
    return this.hooks.model(instance.processDefinitionKey).nodes.get(nodeId)!;
  }

  private element(key: Key): ElementRow {
    const element = this.store.get<ElementRow>('elements', key);
    if (!element) throw new EngineError('NOT_FOUND', `no element instance with key '${key}'`);
    return element;
  }

  private instance(key: Key): InstanceRow {
    return this.store.get<InstanceRow>('instances', key)!;
  }
}
