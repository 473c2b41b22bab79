// How a process instance moves, following Camunda 8's documented BPMN semantics. Element instances are
// activated (input mappings, start listeners, boundary events opened, then their processor), completed
// (output mappings, end listeners, outgoing flows) or terminated. Tokens are counted per flow scope (the
// process instance, a sub-process, a multi-instance body); a scope without tokens completes. Errors go up
// the scopes to the nearest boundary event or event sub-process that catches them. A step that fails (a
// mapping, a condition, an expression) raises an incident and is done again when the incident is resolved.
import type { Key } from '../api';
import type { Clock } from '../clock';
import { eventSubProcessStarts, type FlowNode, type ProcessModel } from '../model/model';
import type { Caught, ElementRow, IncidentRow, InstanceRow, JobRow, ScopeTokens } from '../rows';
import type { ElementInstances } from '../state/elements';
import type { Store } from '../store';
import type { Variables } from '../variables';
import type { EventBehaviour, Holder } from './behaviours/events';
import type { IncidentBehaviour } from './behaviours/incidents';
import type { JobBehaviour } from './behaviours/jobs';
import type { MappingBehaviour } from './behaviours/mappings';
import type { Runtime, Step } from './context';
import { StepFailure } from './failure';
import { transition } from './lifecycle';
import { PROCESSORS } from './processors';

export interface ExecutionHooks {
  model(processDefinitionKey: Key): ProcessModel;
  newKey(): Key;
  instanceEnded(instance: InstanceRow): void;
}

export interface Behaviours {
  jobs: JobBehaviour;
  events: EventBehaviour;
  mappings: MappingBehaviour;
  incidents: IncidentBehaviour;
}

type Scope = (InstanceRow | ElementRow) & ScopeTokens;

export class Execution implements Runtime {
  readonly jobs: JobBehaviour;
  readonly events: EventBehaviour;
  private readonly mappings: MappingBehaviour;
  private readonly incidents: IncidentBehaviour;

  constructor(
    private readonly store: Store,
    readonly variables: Variables,
    readonly elements: ElementInstances,
    readonly clock: Clock,
    behaviours: Behaviours,
    private readonly hooks: ExecutionHooks,
  ) {
    ({ jobs: this.jobs, events: this.events, mappings: this.mappings, incidents: this.incidents } = behaviours);
  }

  // ---------------------------------------------------------------- commands

  /** Starts the instance at `startNodeId` (default: its none start event), opening its event sub-processes. */
  start(instance: InstanceRow, variables: Record<string, unknown>, startNodeId?: string, caught?: Caught): void {
    this.variables.setLocal(instance.processInstanceKey, instance.processInstanceKey, instance.tenantId, variables);
    const model = this.model(instance.processDefinitionKey);
    const holder: Holder = { key: instance.processInstanceKey, processInstanceKey: instance.processInstanceKey, processDefinitionKey: instance.processDefinitionKey, tenantId: instance.tenantId };
    const steps: Step[] = [{ op: 'activate', instance, nodeId: startNodeId ?? model.startEventId!, flowScopeKey: instance.processInstanceKey, caught }];
    this.run(steps, () => {
      const triggered = this.events.open(holder, eventSubProcessStarts(model, ''), this.variables.visible(instance.processInstanceKey));
      return triggered ? [{ op: 'trigger', instance, holderKey: instance.processInstanceKey, eventId: triggered.eventId, caught: triggered.caught }] : [];
    });
  }

  /** The job's element goes on: a task completes, an execution listener lets its element go on. */
  completeJob(job: JobRow, variables: Record<string, unknown>): void {
    this.jobs.finish(job, 'COMPLETED');
    const element = this.element(job.elementInstanceKey);
    if (job.listenerEventType) {
      this.variables.merge(element.elementInstanceKey, element.processInstanceKey, element.tenantId, variables);
      const listened = (element.listened ??= {});
      if (job.listenerEventType === 'START') listened.start = (listened.start ?? 0) + 1;
      else listened.end = (listened.end ?? 0) + 1;
      this.elements.put(element);
      this.run(job.listenerEventType === 'START' ? [] : [{ op: 'complete', element }], job.listenerEventType === 'START' ? () => this.enter(element, this.instance(element.processInstanceKey)) : undefined);
      return;
    }
    element.completion = variables;
    this.run([{ op: 'complete', element }]);
  }

  throwFromJob(job: JobRow, errorCode: string, errorMessage: string, variables: Record<string, unknown>): void {
    job.errorCode = errorCode;
    job.errorMessage = errorMessage;
    this.store.put('jobs', job.jobKey, job);
    this.run([{ op: 'throw', element: this.element(job.elementInstanceKey), errorCode, errorMessage, variables }]);
  }

  /** A job with no retries left: an incident carrying the failure message. */
  jobIncident(job: JobRow): void {
    this.incidents.raise(this.element(job.elementInstanceKey), 'JOB_NO_RETRIES', job.errorMessage || 'No more retries left.', job.jobKey);
  }

  /** As Zeebe: a job's incident makes the job activatable again (a job without retries raises it again); else the failed step is done again. */
  resolve(incident: IncidentRow): void {
    this.incidents.resolve(incident);
    const element = this.elements.get(incident.elementInstanceKey);
    if (!element || element.state !== 'ACTIVE') return;
    const job = incident.jobKey ? this.store.get<JobRow>('jobs', incident.jobKey) : undefined;
    if (job && job.status === 'waiting') {
      if (job.retries > 0) this.jobs.release(job);
      else this.jobIncident(job);
      return;
    }
    const pending = element.pending;
    element.pending = undefined;
    this.elements.put(element);
    const node = this.node(element);
    if (pending === 'activate') this.run([], () => this.enter(element, this.instance(element.processInstanceKey)));
    else if (pending === 'complete') this.run([{ op: 'complete', element }]);
    else if (pending === 'throw') this.run([{ op: 'throw', element, errorCode: node.errorCode ?? '', errorMessage: '', variables: {} }]);
  }

  /** A message or a timer triggered an event the holder subscribed to. */
  trigger(instance: InstanceRow, holderKey: Key, eventId: string, caught: Caught): void {
    this.run([{ op: 'trigger', instance, holderKey, eventId, caught }]);
  }

  cancel(instance: InstanceRow): void {
    this.terminateChildren(instance.processInstanceKey);
    this.events.closeFor(instance.processInstanceKey);
    instance.state = 'TERMINATED';
    instance.endDate = this.clock.iso();
    this.store.put('instances', instance.processInstanceKey, instance);
    this.hooks.instanceEnded(instance);
  }

  // ---------------------------------------------------------------- Runtime, for the processors

  model(processDefinitionKey: Key): ProcessModel {
    return this.hooks.model(processDefinitionKey);
  }

  node(element: ElementRow): FlowNode {
    return this.model(element.processDefinitionKey).nodes.get(element.nodeId ?? element.elementId)!;
  }

  holder(element: ElementRow): Holder {
    return { key: element.elementInstanceKey, processInstanceKey: element.processInstanceKey, processDefinitionKey: element.processDefinitionKey, tenantId: element.tenantId };
  }

  terminate(element: ElementRow): void {
    // Children first, found with a work list (scopes can nest deep).
    const order: ElementRow[] = [];
    const work = [element];
    while (work.length > 0) {
      const e = work.pop()!;
      order.push(e);
      work.push(...this.elements.activeChildren(e.elementInstanceKey));
    }
    for (const e of order.reverse()) {
      this.jobs.cancelOf(e);
      this.events.closeFor(e.elementInstanceKey);
      this.incidents.resolveOf(e);
      this.close(e, 'TERMINATED');
    }
    const scope = this.scope(element.flowScopeKey, element.processInstanceKey);
    scope.tokens -= 1;
    this.putScope(scope);
    if (element.hasIncident || order.some((e) => e.incidentKey)) this.incidents.refreshFlag(element.processInstanceKey);
  }

  terminateChildren(scopeKey: Key): void {
    const children = this.elements.activeChildren(scopeKey);
    for (const child of children) this.terminate(child);
    const processInstanceKey = children[0]?.processInstanceKey ?? this.store.get<InstanceRow>('instances', scopeKey)?.processInstanceKey ?? this.elements.get(scopeKey)!.processInstanceKey;
    const scope = this.scope(scopeKey, processInstanceKey);
    scope.tokens = 0;
    scope.joins = {};
    this.putScope(scope);
  }

  // ---------------------------------------------------------------- the loop

  /** Runs steps until every token waits (for a job, a message, a timer, a join or an incident). No recursion: models can be long. */
  private run(steps: Step[], first?: () => Step[]): void {
    const queue: Step[] = [...(first?.() ?? []), ...steps];
    for (let i = 0; i < queue.length; i++) {
      for (const next of this.perform(queue[i])) queue.push(next);
      if (i > 1024) {
        queue.splice(0, i + 1);
        i = -1;
      }
    }
  }

  private perform(step: Step): Step[] {
    switch (step.op) {
      case 'activate':
        return this.activate(step);
      case 'arrive':
        return this.arrive(step.instance, step.flowId, step.flowScopeKey);
      case 'complete':
        return this.complete(step.element);
      case 'throw':
        return this.throwError(step.element, step.errorCode, step.errorMessage, step.variables);
      case 'trigger':
        return this.triggered(step.instance, step.holderKey, step.eventId, step.caught);
    }
  }

  private activate({ instance, nodeId, flowScopeKey, variables, caught, loopCounter }: Extract<Step, { op: 'activate' }>): Step[] {
    const scope = this.scope(flowScopeKey, instance.processInstanceKey);
    if (scope.state !== 'ACTIVE') return [];
    const node = this.model(instance.processDefinitionKey).nodes.get(nodeId)!;
    const body = node.kind === 'multiInstanceBody';
    const element: ElementRow = {
      elementInstanceKey: this.newKey(),
      processInstanceKey: instance.processInstanceKey,
      processDefinitionKey: instance.processDefinitionKey,
      processDefinitionId: instance.processDefinitionId,
      elementId: body ? nodeId.slice(0, nodeId.indexOf('#')) : node.id,
      nodeId: body ? node.id : undefined,
      elementName: node.name,
      type: node.bpmnType,
      state: 'ACTIVE',
      startDate: this.clock.iso(),
      hasIncident: false,
      tenantId: instance.tenantId,
      flowScopeKey,
      caught,
      loopCounter,
    };
    this.elements.put(element);
    scope.tokens += 1;
    this.putScope(scope);
    if (variables) this.variables.setLocal(element.elementInstanceKey, instance.processInstanceKey, instance.tenantId, variables);
    // A caught error's (a message's) variables are local variables of the catch event (Camunda 8 API: ThrowError).
    if (caught && node.kind !== 'eventSubProcess') this.variables.setLocal(element.elementInstanceKey, instance.processInstanceKey, instance.tenantId, caught.variables);
    const steps = this.enter(element, instance);
    // A token that came to rest where it cannot reach a waiting inclusive join lets that join go on.
    if (Object.keys(scope.joins).length > 0) steps.push(...this.inclusiveJoinsReady(scope, instance));
    return steps;
  }

  /** Input mappings, start listeners, boundary events, then what the element's kind does. */
  private enter(element: ElementRow, instance: InstanceRow): Step[] {
    const node = this.node(element);
    try {
      if (element.listened?.start === undefined) this.mappings.applyInputs(element, node.inputs);
      if (this.listen(element, instance, node, 'start')) return [];
      const model = this.model(element.processDefinitionKey);
      const boundaries = (model.boundaries.get(node.id) ?? []).map((id) => model.nodes.get(id)!).filter((b) => b.event?.kind !== 'error');
      const triggered = boundaries.length > 0 ? this.events.open(this.holder(element), boundaries, this.variables.visible(element.elementInstanceKey)) : undefined;
      const steps = PROCESSORS[node.kind].activate(this, element, node, instance);
      this.elements.put(element);
      if (triggered) steps.push({ op: 'trigger', instance, holderKey: element.elementInstanceKey, eventId: triggered.eventId, caught: triggered.caught });
      return steps;
    } catch (e) {
      this.events.closeFor(element.elementInstanceKey);
      return this.failStep(element, 'activate', e);
    }
  }

  /** Creates the next execution listener job of `eventType`; false when all have run. */
  private listen(element: ElementRow, instance: InstanceRow, node: FlowNode, eventType: 'start' | 'end'): boolean {
    if (node.listeners.length === 0) return false;
    const listeners = node.listeners.filter((l) => l.eventType === eventType);
    const listened = (element.listened ??= {});
    const done = (listened[eventType] ??= 0);
    if (done >= listeners.length) return false;
    const listener = listeners[done];
    this.jobs.create(element, instance, { jobType: listener.type, jobRetries: listener.retries, listenerEventType: eventType === 'start' ? 'START' : 'END' });
    this.elements.put(element);
    return true;
  }

  private complete(element: ElementRow): Step[] {
    if (element.state !== 'ACTIVE') return [];
    const instance = this.instance(element.processInstanceKey);
    const node = this.node(element);
    const processor = PROCESSORS[node.kind];
    let outgoing: string[];
    try {
      if (element.listened?.end === undefined) {
        processor.completing?.(this, element, node);
        this.mappings.applyOutputs(element, node.outputs);
      }
      if (this.listen(element, instance, node, 'end')) return [];
      this.childCompleting(element, instance);
      outgoing = processor.outgoing?.(this, element, node) ?? node.outgoing;
    } catch (e) {
      if (element.listened) element.listened.end = undefined;
      return this.failStep(element, 'complete', e);
    }
    this.events.closeFor(element.elementInstanceKey);
    this.close(element, 'COMPLETED');
    const next: Step[] = outgoing.map((flowId) => ({ op: 'arrive', instance, flowId, flowScopeKey: element.flowScopeKey }));
    return [...next, ...this.release(element, next.length, instance)];
  }

  /** The element's token is gone and `forwarded` new ones travel on in its flow scope; a scope without tokens completes. */
  private release(child: ElementRow, forwarded: number, instance: InstanceRow): Step[] {
    const scope = this.scope(child.flowScopeKey, instance.processInstanceKey);
    scope.tokens += forwarded - 1;
    this.putScope(scope);
    const joined = this.inclusiveJoinsReady(scope, instance);
    if (joined.length > 0) return joined;
    if (child.flowScopeKey === instance.processInstanceKey) {
      if (scope.tokens === 0 && instance.state === 'ACTIVE') this.completeInstance(instance);
      return [];
    }
    const scopeElement = scope as ElementRow;
    if (scopeElement.state !== 'ACTIVE') return [];
    const node = this.node(scopeElement);
    const processor = PROCESSORS[node.kind];
    if (processor.childCompleted) return processor.childCompleted(this, scopeElement, node, child, instance);
    return scope.tokens === 0 ? [{ op: 'complete', element: scopeElement }] : [];
  }

  /** What the flow scope does before its child completes (a multi-instance body's output element and completion condition). */
  private childCompleting(child: ElementRow, instance: InstanceRow): void {
    if (child.flowScopeKey === instance.processInstanceKey) return;
    const scope = this.element(child.flowScopeKey);
    const node = this.node(scope);
    PROCESSORS[node.kind].childCompleting?.(this, scope, node, child);
  }

  private completeInstance(instance: InstanceRow): void {
    this.events.closeFor(instance.processInstanceKey);
    instance.state = 'COMPLETED';
    instance.endDate = this.clock.iso();
    this.store.put('instances', instance.processInstanceKey, instance);
    this.hooks.instanceEnded(instance);
  }

  /** A token arrives over a flow: it activates the target, or waits at a joining gateway. */
  private arrive(instance: InstanceRow, flowId: string, flowScopeKey: Key): Step[] {
    const scope = this.scope(flowScopeKey, instance.processInstanceKey);
    if (scope.state !== 'ACTIVE') return [];
    const model = this.model(instance.processDefinitionKey);
    const target = model.nodes.get(model.flows.get(flowId)!.target)!;
    const joining = (target.kind === 'parallelGateway' || target.kind === 'inclusiveGateway') && target.incoming.length > 1;
    if (!joining) {
      scope.tokens -= 1; // the flow's token becomes the element's
      this.putScope(scope);
      return [{ op: 'activate', instance, nodeId: target.id, flowScopeKey }];
    }
    const join = (scope.joins[target.id] ??= {});
    join[flowId] = (join[flowId] ?? 0) + 1;
    this.putScope(scope);
    if (target.kind === 'parallelGateway' && !target.incoming.every((f) => (join[f] ?? 0) > 0)) return [];
    if (target.kind === 'inclusiveGateway' && !target.incoming.every((f) => (join[f] ?? 0) > 0)) return this.inclusiveJoinsReady(scope, instance);
    return this.join(scope, target, instance);
  }

  /**
   * An inclusive join goes on when no other token of its scope can still reach it: every other token is at an
   * element (or waits at another join) from which no path leads to the gateway. Tokens still travelling on a
   * flow are waited for (their arrival or their end checks again).
   */
  private inclusiveJoinsReady(scope: Scope, instance: InstanceRow): Step[] {
    const joins = Object.entries(scope.joins ?? {});
    if (joins.length === 0) return [];
    const model = this.model(instance.processDefinitionKey);
    const scopeKey = 'elementInstanceKey' in scope ? scope.elementInstanceKey : instance.processInstanceKey;
    const active = this.elements.activeChildren(scopeKey).map((e) => (e.nodeId ?? e.elementId));
    const waiting = joins.map(([gatewayId, join]) => ({ gatewayId, count: Object.values(join).reduce((a, b) => a + b, 0) }));
    const travelling = scope.tokens - active.length - waiting.reduce((a, w) => a + w.count, 0);
    if (travelling > 0) return [];
    for (const { gatewayId, count } of waiting) {
      const gateway = model.nodes.get(gatewayId)!;
      if (gateway.kind !== 'inclusiveGateway' || count === 0) continue;
      const others = [...active, ...waiting.filter((w) => w.gatewayId !== gatewayId && w.count > 0).map((w) => w.gatewayId)];
      if (!others.some((nodeId) => this.reaches(model, nodeId, gatewayId))) return this.join(scope, gateway, instance);
    }
    return [];
  }

  /** Whether a path of sequence flows (or a boundary event) leads from `fromId` to `toId`; walked with a work list. */
  private reaches(model: ProcessModel, fromId: string, toId: string): boolean {
    const seen = new Set<string>([fromId]);
    const work = [fromId];
    while (work.length > 0) {
      const node = model.nodes.get(work.pop()!)!;
      const next = [...node.outgoing.map((f) => model.flows.get(f)!.target), ...(model.boundaries.get(node.id) ?? [])];
      for (const id of next) {
        if (id === toId) return true;
        if (!seen.has(id)) {
          seen.add(id);
          work.push(id);
        }
      }
    }
    return false;
  }

  /** One token of each incoming flow that has one is consumed; the gateway is activated. */
  private join(scope: Scope, gateway: FlowNode, instance: InstanceRow): Step[] {
    const join = scope.joins[gateway.id];
    for (const f of gateway.incoming) {
      if (!join[f]) continue;
      join[f] -= 1;
      scope.tokens -= 1;
      if (join[f] === 0) delete join[f];
    }
    if (Object.keys(join).length === 0) delete scope.joins[gateway.id];
    this.putScope(scope);
    return [{ op: 'activate', instance, nodeId: gateway.id, flowScopeKey: 'elementInstanceKey' in scope ? scope.elementInstanceKey : instance.processInstanceKey }];
  }

  /** An error goes up the scopes: a boundary event of the element or of an enclosing scope, or an event sub-process in one, catches it. */
  private throwError(element: ElementRow, errorCode: string, errorMessage: string, variables: Record<string, unknown>): Step[] {
    if (element.state !== 'ACTIVE') return [];
    const instance = this.instance(element.processInstanceKey);
    const model = this.model(instance.processDefinitionKey);
    const job = element.jobKey ? this.store.get<JobRow>('jobs', element.jobKey) : undefined;
    const caught: Caught = { errorCode, errorMessage, variables };
    const available: string[] = [];
    const pick = (events: FlowNode[]) => {
      for (const e of events) if (e.event?.kind === 'error' && e.event.errorCode !== undefined && !available.includes(e.event.errorCode)) available.push(e.event.errorCode);
      const errors = events.filter((e) => e.event?.kind === 'error');
      return errors.find((e) => e.event?.kind === 'error' && e.event.errorCode === errorCode) ?? errors.find((e) => e.event?.kind === 'error' && e.event.errorCode === undefined);
    };
    const finishJob = () => job && job.status !== 'done' && this.jobs.finish(job, 'ERROR_THROWN');
    for (let current: ElementRow | undefined = element; current; ) {
      const node = this.node(current);
      const boundary = pick((model.boundaries.get(node.id) ?? []).map((id) => model.nodes.get(id)!));
      if (boundary) {
        finishJob();
        this.terminate(current);
        return [{ op: 'activate', instance, nodeId: boundary.id, flowScopeKey: current.flowScopeKey, caught }];
      }
      const scopeKey: Key = current.flowScopeKey;
      const scopeElement: ElementRow | undefined = scopeKey === instance.processInstanceKey ? undefined : this.elements.get(scopeKey);
      const containerId = scopeElement ? this.node(scopeElement).id : '';
      const starts = (model.eventSubProcesses.get(containerId) ?? []).map((id) => model.nodes.get(model.nodes.get(id)!.startEventId!)!);
      const start = pick(starts);
      if (start) {
        finishJob();
        this.terminateChildren(scopeKey);
        this.events.closeFor(scopeKey, new Set(starts.map((s) => s.id)));
        return [{ op: 'activate', instance, nodeId: start.parent!, flowScopeKey: scopeKey, caught }];
      }
      current = scopeElement;
    }
    const message = `Expected to throw an error event with the code '${errorCode}'${errorMessage ? ` with message '${errorMessage}'` : ''}, but it was not caught.${available.length > 0 ? ` Available error events are [${available.join(', ')}]` : ' No error events are available in the scope.'}`;
    if (job && job.status !== 'done') {
      this.jobs.hold(job, 'ERROR_THROWN');
      this.incidents.raise(element, 'UNHANDLED_ERROR_EVENT', message, job.jobKey);
    } else {
      element.pending = 'throw';
      this.incidents.raise(element, 'UNHANDLED_ERROR_EVENT', message);
    }
    return [];
  }

  /** A message or a timer for an event of the holder: a catch event completes; a boundary event or an event sub-process is activated. */
  private triggered(instance: InstanceRow, holderKey: Key, eventId: string, caught: Caught): Step[] {
    const holder = holderKey === instance.processInstanceKey ? instance : this.elements.get(holderKey);
    if (!holder || holder.state !== 'ACTIVE') return [];
    const event = this.model(instance.processDefinitionKey).nodes.get(eventId)!;
    if (holderKey !== instance.processInstanceKey && this.node(holder as ElementRow).kind === 'eventBasedGateway') {
      // The gateway's token goes on to the event that was triggered, which is activated with what it caught.
      const gateway = holder as ElementRow;
      this.events.closeFor(holderKey);
      this.close(gateway, 'COMPLETED');
      const scope = this.scope(gateway.flowScopeKey, instance.processInstanceKey);
      scope.tokens -= 1;
      this.putScope(scope);
      return [{ op: 'activate', instance, nodeId: event.id, flowScopeKey: gateway.flowScopeKey, caught }];
    }
    if (event.kind === 'catchEvent' || event.kind === 'receiveTask') {
      const element = holder as ElementRow;
      this.events.closeFor(holderKey);
      element.completion = caught.variables;
      this.elements.put(element);
      return [{ op: 'complete', element }];
    }
    if (event.kind === 'boundaryEvent') {
      const attached = holder as ElementRow;
      if (event.interrupting !== false) this.terminate(attached);
      return [{ op: 'activate', instance, nodeId: event.id, flowScopeKey: attached.flowScopeKey, caught }];
    }
    // the start event of an event sub-process in the holder's scope
    if (event.interrupting !== false) {
      const model = this.model(instance.processDefinitionKey);
      const container = holderKey === instance.processInstanceKey ? '' : this.node(holder as ElementRow).id;
      this.terminateChildren(holderKey);
      this.events.closeFor(holderKey, new Set((model.eventSubProcesses.get(container) ?? []).map((id) => model.nodes.get(id)!.startEventId!)));
    }
    return [{ op: 'activate', instance, nodeId: event.parent!, flowScopeKey: holderKey, caught }];
  }

  // ---------------------------------------------------------------- pieces

  private failStep(element: ElementRow, pending: 'activate' | 'complete', e: unknown): Step[] {
    if (!(e instanceof StepFailure)) throw e;
    element.pending = pending;
    this.elements.put(element);
    this.incidents.raise(element, e.errorType, e.message);
    return [];
  }

  private close(element: ElementRow, state: 'COMPLETED' | 'TERMINATED'): void {
    transition(element, state, this.clock.iso());
    this.elements.put(element);
  }

  private scope(key: Key, processInstanceKey: Key): Scope {
    return (key === processInstanceKey ? this.store.get<InstanceRow>('instances', key)! : this.elements.get(key)!) as Scope;
  }

  private putScope(scope: Scope): void {
    if ('elementInstanceKey' in scope) this.elements.put(scope);
    else this.store.put('instances', scope.processInstanceKey, scope);
  }

  private newKey(): Key {
    return this.hooks.newKey();
  }

  private element(key: Key): ElementRow {
    const element = this.elements.get(key);
    if (!element) throw new Error(`no element instance with key '${key}'`);
    return element;
  }

  private instance(key: Key): InstanceRow {
    return this.store.get<InstanceRow>('instances', key)!;
  }
}
