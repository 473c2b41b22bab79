// The executable view of a BPMN process: the flow nodes the engine runs, their Zeebe extensions and the
// events they wait for. Built by parse.ts at deployment; read by the runtime.

export interface Mapping {
  source: string;
  target: string;
}

/** What an event waits for or throws. Expressions are text (static or `=` FEEL), evaluated at run time. */
export type EventTrigger =
  | { kind: 'none' }
  | { kind: 'error'; errorCode?: string }
  | { kind: 'message'; messageName: string; correlationKey?: string }
  | { kind: 'timer'; timer: TimerDefinition };

export interface TimerDefinition {
  type: 'duration' | 'date' | 'cycle';
  expression: string;
}

/** The element kinds the engine runs; each has its processor in runtime/processors/. */
export type NodeKind =
  | 'startEvent'
  | 'endEvent'
  | 'errorEndEvent'
  | 'terminateEndEvent'
  | 'jobTask'
  | 'passThrough'
  | 'exclusiveGateway'
  | 'parallelGateway'
  | 'inclusiveGateway'
  | 'eventBasedGateway'
  | 'boundaryEvent'
  | 'catchEvent'
  | 'receiveTask'
  | 'subProcess'
  | 'eventSubProcess'
  | 'multiInstanceBody';

export interface MultiInstance {
  sequential: boolean;
  inputCollection: string;
  inputElement?: string;
  outputCollection?: string;
  outputElement?: string;
  completionCondition?: string;
}

export interface ExecutionListener {
  eventType: 'start' | 'end';
  type: string;
  retries: string;
}

export interface FlowNode {
  id: string;
  name?: string;
  /** The BPMN type as Camunda's search API names it, e.g. SERVICE_TASK. */
  bpmnType: string;
  kind: NodeKind;
  /** The sub-process (or event sub-process) the node is in; undefined at the process level. */
  parent?: string;
  incoming: string[];
  outgoing: string[];
  inputs: Mapping[];
  outputs: Mapping[];
  /** Start, boundary and catch events, receive tasks: what they wait for. */
  event?: EventTrigger;
  /** jobTask: zeebe:taskDefinition (static text or `=` FEEL). */
  jobType?: string;
  jobRetries?: string;
  headers?: Record<string, string>;
  /** errorEndEvent: the code thrown. */
  errorCode?: string;
  /** boundaryEvent. */
  attachedTo?: string;
  /** boundaryEvent, and the start event of an event sub-process. */
  interrupting?: boolean;
  /** exclusive and inclusive gateways. */
  defaultFlow?: string;
  /** subProcess, eventSubProcess: the start event inside. */
  startEventId?: string;
  /** A node with multi-instance characteristics runs inside a multiInstanceBody node of id `<id>#multiInstanceBody`. */
  multiInstance?: MultiInstance;
  listeners: ExecutionListener[];
}

export interface SequenceFlow {
  id: string;
  source: string;
  target: string;
  condition?: string;
}

export interface ProcessModel {
  bpmnProcessId: string;
  name?: string;
  nodes: Map<string, FlowNode>;
  flows: Map<string, SequenceFlow>;
  /** The none start event; absent when the process only starts on a message or a timer. */
  startEventId?: string;
  /** Message and timer start events of the process itself. */
  eventStarts: string[];
  /** Event sub-processes by the scope they are in ('' for the process). */
  eventSubProcesses: Map<string, string[]>;
  /** Boundary event ids by the activity they are attached to. */
  boundaries: Map<string, string[]>;
}

/** The id of the multi-instance body wrapping `nodeId`. */
export const multiInstanceBodyId = (nodeId: string) => `${nodeId}#multiInstanceBody`;

/** The message and timer start events of the event sub-processes directly in a container ('' = the process). */
export function eventSubProcessStarts(model: ProcessModel, containerId: string): FlowNode[] {
  return (model.eventSubProcesses.get(containerId) ?? [])
    .map((id) => model.nodes.get(model.nodes.get(id)!.startEventId!)!)
    .filter((start) => start.event?.kind === 'message' || start.event?.kind === 'timer');
}
