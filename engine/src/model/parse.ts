/// <reference path="../bpmn-moddle.d.ts" />
// BPMN XML to the executable model, read with bpmn-moddle and zeebe-bpmn-moddle. Linear in the model's size
// (flows are indexed once, not searched per node). Anything the engine cannot run is refused here, at
// deployment, with the element named.
import * as bpmnModdle from 'bpmn-moddle';
import zeebeSchema from 'zeebe-bpmn-moddle/resources/zeebe.json';
import { EngineError } from '../api';
import { checkExpression, evaluateExpression, isExpression } from '../feel';
import { multiInstanceBodyId, type EventTrigger, type ExecutionListener, type FlowNode, type Mapping, type MultiInstance, type ProcessModel, type SequenceFlow } from './model';

type ModdleElement = {
  $type: string;
  id: string;
  name?: string;
  [property: string]: unknown;
};

const BpmnModdle = (bpmnModdle as unknown as { BpmnModdle: new (packages: object) => { fromXML(xml: string): Promise<{ rootElement: ModdleElement; warnings: { message: string }[] }> } }).BpmnModdle;
const moddle = new BpmnModdle({ zeebe: zeebeSchema });

const JOB_TASKS: Record<string, string> = {
  'bpmn:ServiceTask': 'SERVICE_TASK',
  'bpmn:SendTask': 'SEND_TASK',
  'bpmn:BusinessRuleTask': 'BUSINESS_RULE_TASK',
  'bpmn:ScriptTask': 'SCRIPT_TASK',
};
const PASS_THROUGH: Record<string, string> = {
  'bpmn:Task': 'TASK',
  'bpmn:ManualTask': 'MANUAL_TASK',
  'bpmn:IntermediateThrowEvent': 'INTERMEDIATE_THROW_EVENT',
};

const DATA = new Set(['bpmn:DataObject', 'bpmn:DataObjectReference', 'bpmn:DataStoreReference']);

type Fail = (element: ModdleElement | undefined, why: string) => EngineError;

/** Parses a BPMN XML resource into the executable processes it defines. */
export async function parseProcesses(xml: string, resourceName: string): Promise<ProcessModel[]> {
  let root: ModdleElement;
  try {
    ({ rootElement: root } = await moddle.fromXML(xml));
  } catch (e) {
    throw invalid(resourceName, `the XML is not a BPMN model: ${(e as Error).message}`);
  }
  if (root?.$type !== 'bpmn:Definitions') throw invalid(resourceName, 'the root element is not bpmn:definitions');
  const processes = ((root.rootElements as ModdleElement[]) ?? []).filter((e) => e.$type === 'bpmn:Process' && e.isExecutable !== false);
  if (processes.length === 0) throw invalid(resourceName, 'it defines no executable process');
  return processes.map((p) => readProcess(p, resourceName));
}

function readProcess(process: ModdleElement, resourceName: string): ProcessModel {
  const nodes = new Map<string, FlowNode>();
  const flows = new Map<string, SequenceFlow>();
  const boundaries = new Map<string, string[]>();
  const eventSubProcesses = new Map<string, string[]>();
  const fail: Fail = (element, why) => invalid(resourceName, `${element ? `element '${element.id}': ` : ''}${why}`);
  const push = <T>(map: Map<string, T[]>, key: string, value: T) => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };

  // Containers are walked with a work list, not recursion: sub-processes can nest deep.
  if (extensions(process).some((x) => x.$type === 'zeebe:ExecutionListeners')) throw fail(undefined, `process '${process.id}': execution listeners of the process itself are not supported (those of its elements are)`);
  const work: { container: ModdleElement; parent?: string }[] = [{ container: process }];
  while (work.length > 0) {
    const { container, parent } = work.pop()!;
    for (const e of (container.flowElements as ModdleElement[]) ?? []) {
      if (DATA.has(e.$type)) continue; // data objects and stores carry no behaviour (Zeebe ignores them too)
      if (e.$type === 'bpmn:SequenceFlow') {
        const condition = (e.conditionExpression as { body?: string } | undefined)?.body?.trim();
        if (condition !== undefined) checkFeel(condition, () => fail(e, 'the condition'));
        flows.set(e.id, { id: e.id, source: (e.sourceRef as ModdleElement).id, target: (e.targetRef as ModdleElement).id, condition });
        continue;
      }
      if (nodes.has(e.id)) throw fail(e, 'the id is used twice');
      const node = readNode(e, fail);
      node.parent = parent;
      nodes.set(e.id, node);
      if (node.kind === 'subProcess' || node.kind === 'eventSubProcess') work.push({ container: e, parent: e.id });
      if (node.kind === 'eventSubProcess') push(eventSubProcesses, parent ?? '', e.id);
    }
  }

  // Multi-instance activities run inside a body that takes their place in the flow.
  const bodyOf = new Map<string, string>();
  for (const node of [...nodes.values()]) {
    if (!node.multiInstance) continue;
    const body: FlowNode = { id: multiInstanceBodyId(node.id), name: node.name, bpmnType: 'MULTI_INSTANCE_BODY', kind: 'multiInstanceBody', parent: node.parent, incoming: [], outgoing: [], inputs: [], outputs: [], listeners: [], multiInstance: node.multiInstance };
    nodes.set(body.id, body);
    bodyOf.set(node.id, body.id);
    node.parent = body.id;
  }
  const placed = (id: string) => bodyOf.get(id) ?? id;

  for (const flow of flows.values()) {
    flow.source = placed(flow.source);
    flow.target = placed(flow.target);
    const source = nodes.get(flow.source);
    const target = nodes.get(flow.target);
    if (!source || !target) throw fail(undefined, `sequence flow '${flow.id}' connects an element the engine does not know`);
    source.outgoing.push(flow.id);
    target.incoming.push(flow.id);
  }

  const starts: FlowNode[] = [];
  const eventStarts: string[] = [];
  for (const node of nodes.values()) {
    if (node.kind === 'boundaryEvent') {
      node.attachedTo = placed(node.attachedTo!);
      if (!nodes.has(node.attachedTo)) throw fail(undefined, `boundary event '${node.id}' is attached to an unknown activity`);
      push(boundaries, node.attachedTo, node.id);
    }
    if (node.kind === 'startEvent') {
      const container = node.parent === undefined ? undefined : nodes.get(node.parent);
      if (container) {
        if (container.startEventId) throw fail(undefined, `'${container.id}' must have exactly one start event`);
        container.startEventId = node.id;
        if (container.kind === 'subProcess' && node.event?.kind !== 'none') throw fail(undefined, `the start event '${node.id}' of the embedded sub-process '${container.id}' must be a none start event`);
        if (container.kind === 'eventSubProcess') {
          if (node.event?.kind === 'none') throw fail(undefined, `the start event '${node.id}' of the event sub-process '${container.id}' needs an error, message or timer event definition`);
          container.interrupting = node.interrupting;
        }
      } else if (node.event?.kind === 'none') starts.push(node);
      else if (node.event?.kind === 'message') {
        // A process's message start event subscribes at deployment: its name is evaluated now, without variables.
        let name: unknown;
        try {
          name = isExpression(node.event.messageName) ? evaluateExpression(node.event.messageName, {}) : node.event.messageName;
        } catch (e) {
          throw fail(undefined, `element '${node.id}': the message name: ${(e as Error).message}`);
        }
        if (typeof name !== 'string' || name === '') throw fail(undefined, `element '${node.id}': the message name of a start event must be a non-empty string without variables, but was '${JSON.stringify(name)}'`);
        node.event.messageName = name;
        eventStarts.push(node.id);
      } else if (node.event?.kind === 'timer') eventStarts.push(node.id);
      else throw fail(undefined, `the start event '${node.id}' of the process has a ${node.event?.kind} event definition, which only event sub-processes can have`);
    }
  }
  for (const node of nodes.values()) {
    if ((node.kind === 'subProcess' || node.kind === 'eventSubProcess') && !node.startEventId) throw fail(undefined, `'${node.id}' must have exactly one start event`);
    // As Zeebe: a message that an element instance waits for needs a correlation key (only a process's start event has none).
    const processStart = node.kind === 'startEvent' && node.parent === undefined;
    if (node.event?.kind === 'message' && !processStart && node.event.correlationKey === undefined) throw fail(undefined, `element '${node.id}': the message '${node.event.messageName}' must have a correlation key (zeebe:subscription)`);
    if (node.kind === 'eventBasedGateway') {
      const targets = node.outgoing.map((f) => nodes.get(flows.get(f)!.target)!);
      if (targets.length < 2) throw fail(undefined, `element '${node.id}': an event-based gateway must have at least two outgoing sequence flows`);
      const wrong = targets.find((t) => (t.kind !== 'catchEvent' && t.kind !== 'receiveTask') || t.incoming.length !== 1);
      if (wrong) throw fail(undefined, `element '${node.id}': an event-based gateway must lead only to message or timer intermediate catch events and receive tasks that have no other incoming flow, but '${wrong.id}' is not one`);
      if (node.outgoing.some((f) => flows.get(f)!.condition !== undefined)) throw fail(undefined, `element '${node.id}': the outgoing flows of an event-based gateway have no conditions`);
    }
    if (node.kind === 'catchEvent' && node.event?.kind === 'timer' && node.event.timer.type === 'cycle') throw fail(undefined, `element '${node.id}': an intermediate timer catch event must have a time duration or a time date`);
  }
  if (starts.length > 1) throw fail(undefined, `process '${process.id}' must have at most one none start event, found ${starts.length}`);
  if (starts.length + eventStarts.length === 0) throw fail(undefined, `process '${process.id}' must have a start event`);
  return { bpmnProcessId: process.id, name: process.name, nodes, flows, startEventId: starts[0]?.id, eventStarts, eventSubProcesses, boundaries };
}

function readNode(e: ModdleElement, fail: Fail): FlowNode {
  const ext = extensions(e);
  const io = ext.find((x) => x.$type === 'zeebe:IoMapping') as { inputParameters?: Mapping[]; outputParameters?: Mapping[] } | undefined;
  const mapping = (list: Mapping[] | undefined, what: string): Mapping[] =>
    (list ?? []).map((m) => {
      if (!m.target) throw fail(e, `an ${what} mapping has no target`);
      checkFeel(m.source ?? '', () => fail(e, `the ${what} mapping to '${m.target}'`));
      return { source: m.source ?? '', target: m.target };
    });
  const base = {
    id: e.id,
    name: e.name,
    incoming: [] as string[],
    outgoing: [] as string[],
    inputs: mapping(io?.inputParameters, 'input'),
    outputs: mapping(io?.outputParameters, 'output'),
    listeners: readListeners(e, ext, fail),
    multiInstance: readMultiInstance(e, fail),
  };
  const definitions = (e.eventDefinitions as ModdleElement[] | undefined) ?? [];
  if (definitions.length > 1) throw fail(e, 'events with more than one event definition are not supported');
  const event = () => readTrigger(e, definitions[0], fail);
  const taskDefinition = ext.find((x) => x.$type === 'zeebe:TaskDefinition') as { type?: string; retries?: string } | undefined;
  const jobTask = (bpmnType: string): FlowNode => {
    if (!taskDefinition?.type) throw fail(e, 'a job worker task needs zeebe:taskDefinition with a type');
    checkFeel(taskDefinition.type, () => fail(e, 'the job type'));
    if (taskDefinition.retries) checkFeel(taskDefinition.retries, () => fail(e, 'the job retries'));
    const headers = (ext.find((x) => x.$type === 'zeebe:TaskHeaders') as { values?: { key: string; value: string }[] } | undefined)?.values ?? [];
    return { ...base, bpmnType, kind: 'jobTask', jobType: taskDefinition.type, jobRetries: taskDefinition.retries ?? '3', headers: Object.fromEntries(headers.map((h) => [h.key, h.value ?? ''])) };
  };
  if (base.multiInstance && !['bpmn:ServiceTask', 'bpmn:SendTask', 'bpmn:BusinessRuleTask', 'bpmn:ScriptTask', 'bpmn:Task', 'bpmn:ManualTask', 'bpmn:ReceiveTask', 'bpmn:SubProcess'].includes(e.$type)) {
    throw fail(e, `multi-instance ${e.$type} is not supported`);
  }

  switch (e.$type) {
    case 'bpmn:StartEvent':
      return { ...base, bpmnType: 'START_EVENT', kind: 'startEvent', event: event(), interrupting: e.isInterrupting !== false };
    case 'bpmn:EndEvent': {
      const d = definitions[0];
      if (!d) return { ...base, bpmnType: 'END_EVENT', kind: 'endEvent' };
      if (d.$type === 'bpmn:TerminateEventDefinition') return { ...base, bpmnType: 'END_EVENT', kind: 'terminateEndEvent' };
      if (d.$type === 'bpmn:MessageEventDefinition') return jobTask('END_EVENT');
      if (d.$type !== 'bpmn:ErrorEventDefinition') throw fail(e, `end events with ${d.$type} are not supported`);
      const errorCode = (d.errorRef as { errorCode?: string } | undefined)?.errorCode;
      if (!errorCode) throw fail(e, 'an error end event needs an error with an error code');
      return { ...base, bpmnType: 'END_EVENT', kind: 'errorEndEvent', errorCode };
    }
    case 'bpmn:BoundaryEvent': {
      const trigger = event();
      if (trigger.kind === 'none') throw fail(e, 'boundary events need an error, message or timer event definition');
      if (trigger.kind === 'error' && e.cancelActivity === false) throw fail(e, 'error boundary events are always interrupting');
      return { ...base, bpmnType: 'BOUNDARY_EVENT', kind: 'boundaryEvent', event: trigger, attachedTo: (e.attachedToRef as ModdleElement).id, interrupting: e.cancelActivity !== false };
    }
    case 'bpmn:IntermediateCatchEvent': {
      const trigger = event();
      if (trigger.kind !== 'message' && trigger.kind !== 'timer') throw fail(e, 'intermediate catch events need a message or timer event definition');
      return { ...base, bpmnType: 'INTERMEDIATE_CATCH_EVENT', kind: 'catchEvent', event: trigger };
    }
    case 'bpmn:IntermediateThrowEvent':
      if (definitions[0]?.$type === 'bpmn:MessageEventDefinition') return jobTask('INTERMEDIATE_THROW_EVENT');
      break;
    case 'bpmn:ReceiveTask': {
      const trigger = readMessage(e, e.messageRef as ModdleElement | undefined, fail);
      return { ...base, bpmnType: 'RECEIVE_TASK', kind: 'receiveTask', event: trigger };
    }
    case 'bpmn:SubProcess':
      if (e.triggeredByEvent === true) {
        if (base.multiInstance) throw fail(e, 'an event sub-process cannot be multi-instance');
        return { ...base, bpmnType: 'EVENT_SUB_PROCESS', kind: 'eventSubProcess' };
      }
      return { ...base, bpmnType: 'SUB_PROCESS', kind: 'subProcess' };
    case 'bpmn:ExclusiveGateway':
      return { ...base, bpmnType: 'EXCLUSIVE_GATEWAY', kind: 'exclusiveGateway', defaultFlow: (e.default as ModdleElement | undefined)?.id };
    case 'bpmn:InclusiveGateway':
      return { ...base, bpmnType: 'INCLUSIVE_GATEWAY', kind: 'inclusiveGateway', defaultFlow: (e.default as ModdleElement | undefined)?.id };
    case 'bpmn:ParallelGateway':
      return { ...base, bpmnType: 'PARALLEL_GATEWAY', kind: 'parallelGateway' };
    case 'bpmn:EventBasedGateway':
      return { ...base, bpmnType: 'EVENT_BASED_GATEWAY', kind: 'eventBasedGateway' };
  }
  if (JOB_TASKS[e.$type]) return jobTask(JOB_TASKS[e.$type]);
  if (PASS_THROUGH[e.$type]) {
    if (definitions.length > 0) throw fail(e, `${e.$type} with ${definitions[0].$type} is not supported`);
    return { ...base, bpmnType: PASS_THROUGH[e.$type], kind: 'passThrough' };
  }
  throw fail(e, `${e.$type} is not supported by this engine (see engine/README.md)`);
}

function readTrigger(e: ModdleElement, d: ModdleElement | undefined, fail: Fail): EventTrigger {
  if (!d) return { kind: 'none' };
  switch (d.$type) {
    case 'bpmn:ErrorEventDefinition':
      return { kind: 'error', errorCode: (d.errorRef as { errorCode?: string } | undefined)?.errorCode || undefined };
    case 'bpmn:MessageEventDefinition':
      return readMessage(e, d.messageRef as ModdleElement | undefined, fail);
    case 'bpmn:TimerEventDefinition': {
      const text = (key: string) => (d[key] as { body?: string } | undefined)?.body?.trim();
      const [type, expression] = text('timeDuration') ? (['duration', text('timeDuration')] as const) : text('timeDate') ? (['date', text('timeDate')] as const) : text('timeCycle') ? (['cycle', text('timeCycle')] as const) : [undefined, undefined];
      if (!type || !expression) throw fail(e, 'a timer needs a duration, a date or a cycle');
      checkFeel(expression, () => fail(e, `the timer ${type}`));
      return { kind: 'timer', timer: { type, expression } };
    }
  }
  throw fail(e, `${d.$type} is not supported by this engine (see engine/README.md)`);
}

function readMessage(e: ModdleElement, message: ModdleElement | undefined, fail: Fail): EventTrigger {
  if (!message?.name) throw fail(e, 'a message event needs a message with a name');
  const subscription = extensions(message).find((x) => x.$type === 'zeebe:Subscription') as { correlationKey?: string } | undefined;
  checkFeel(message.name, () => fail(e, 'the message name'));
  if (subscription?.correlationKey) checkFeel(subscription.correlationKey, () => fail(e, 'the correlation key'));
  return { kind: 'message', messageName: message.name, correlationKey: subscription?.correlationKey || undefined };
}

function readMultiInstance(e: ModdleElement, fail: Fail): MultiInstance | undefined {
  const loop = e.loopCharacteristics as ModdleElement | undefined;
  if (!loop) return undefined;
  if (loop.$type !== 'bpmn:MultiInstanceLoopCharacteristics') throw fail(e, `${loop.$type} is not supported (only multi-instance)`);
  const zeebe = extensions(loop).find((x) => x.$type === 'zeebe:LoopCharacteristics') as Partial<MultiInstance> | undefined;
  if (!zeebe?.inputCollection) throw fail(e, 'a multi-instance activity needs zeebe:loopCharacteristics with an inputCollection');
  const completionCondition = (loop.completionCondition as { body?: string } | undefined)?.body?.trim() || undefined;
  for (const [what, text] of Object.entries({ inputCollection: zeebe.inputCollection, outputElement: zeebe.outputElement, completionCondition })) {
    if (text) checkFeel(text, () => fail(e, `the multi-instance ${what}`));
  }
  return {
    sequential: loop.isSequential === true,
    inputCollection: zeebe.inputCollection,
    inputElement: zeebe.inputElement || undefined,
    outputCollection: zeebe.outputCollection || undefined,
    outputElement: zeebe.outputElement || undefined,
    completionCondition,
  };
}

function readListeners(e: ModdleElement, ext: ModdleElement[], fail: Fail): ExecutionListener[] {
  const listeners = (ext.find((x) => x.$type === 'zeebe:ExecutionListeners') as { listeners?: { eventType?: string; type?: string; retries?: string }[] } | undefined)?.listeners ?? [];
  return listeners.map((l) => {
    if (l.eventType !== 'start' && l.eventType !== 'end') throw fail(e, `execution listeners of event type '${l.eventType}' are not supported`);
    if (!l.type) throw fail(e, 'an execution listener needs a type');
    checkFeel(l.type, () => fail(e, 'the execution listener type'));
    return { eventType: l.eventType, type: l.type, retries: l.retries || '3' };
  });
}

function extensions(e: ModdleElement): ModdleElement[] {
  return ((e.extensionElements as { values?: ModdleElement[] } | undefined)?.values ?? []) as ModdleElement[];
}

/** Deployment refuses an expression that does not parse, as Zeebe does. */
function checkFeel(text: string, where: () => EngineError): void {
  const problem = checkExpression(text);
  if (problem) {
    const error = where();
    throw new EngineError('INVALID_ARGUMENT', `${error.message} is not a valid expression: ${problem}`);
  }
}

function invalid(resourceName: string, why: string): EngineError {
  return new EngineError('INVALID_ARGUMENT', `Command 'CREATE' rejected with code 'INVALID_ARGUMENT': Expected to deploy new resources, but encountered the following errors:\n'${resourceName}': ${why}`);
}
