// The executable view of a BPMN process: the flow nodes the engine runs and their Zeebe extensions,
// read with bpmn-moddle and zeebe-bpmn-moddle. Anything the engine cannot run is refused at deployment.
import * as bpmnModdle from 'bpmn-moddle';
import zeebeSchema from 'zeebe-bpmn-moddle/resources/zeebe.json';
import { EngineError } from './api';
import { checkExpression } from './feel';

export interface Mapping {
  source: string;
  target: string;
}

export type NodeKind =
  | 'startEvent'
  | 'endEvent'
  | 'errorEndEvent'
  | 'jobTask'
  | 'passThrough'
  | 'exclusiveGateway'
  | 'parallelGateway'
  | 'errorBoundaryEvent';

export interface FlowNode {
  id: string;
  name?: string;
  /** The BPMN type as Camunda's search API names it, e.g. SERVICE_TASK. */
  bpmnType: string;
  kind: NodeKind;
  incoming: string[];
  outgoing: string[];
  inputs: Mapping[];
  outputs: Mapping[];
  /** jobTask: zeebe:taskDefinition (static text or `=` FEEL). */
  jobType?: string;
  jobRetries?: string;
  headers?: Record<string, string>;
  /** errorEndEvent: the code thrown; errorBoundaryEvent: the code caught (absent = catch all). */
  errorCode?: string;
  /** errorBoundaryEvent. */
  attachedTo?: string;
  interrupting?: boolean;
  /** exclusiveGateway. */
  defaultFlow?: string;
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
  startEventId: string;
  /** errorBoundaryEvent ids by the activity they are attached to. */
  boundaries: Map<string, string[]>;
}

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
  const fail = (element: ModdleElement | undefined, why: string) => invalid(resourceName, `${element ? `element '${element.id}': ` : ''}${why}`);

  for (const e of (process.flowElements as ModdleElement[]) ?? []) {
    if (e.$type === 'bpmn:SequenceFlow') {
      const condition = (e.conditionExpression as { body?: string } | undefined)?.body?.trim();
      if (condition !== undefined) checkFeel(condition, () => fail(e, 'the condition'));
      flows.set(e.id, { id: e.id, source: (e.sourceRef as ModdleElement).id, target: (e.targetRef as ModdleElement).id, condition });
      continue;
    }
    nodes.set(e.id, readNode(e, fail));
  }

  for (const node of nodes.values()) {
    node.incoming = [...flows.values()].filter((f) => f.target === node.id).map((f) => f.id);
    node.outgoing = [...flows.values()].filter((f) => f.source === node.id).map((f) => f.id);
    if (node.kind === 'errorBoundaryEvent') {
      if (!nodes.has(node.attachedTo!)) throw fail(undefined, `boundary event '${node.id}' is attached to an unknown activity`);
      boundaries.set(node.attachedTo!, [...(boundaries.get(node.attachedTo!) ?? []), node.id]);
    }
  }
  const starts = [...nodes.values()].filter((n) => n.kind === 'startEvent');
  if (starts.length !== 1) throw fail(undefined, `process '${process.id}' must have exactly one none start event, found ${starts.length}`);
  return { bpmnProcessId: process.id, name: process.name, nodes, flows, startEventId: starts[0].id, boundaries };
}

function readNode(e: ModdleElement, fail: (e: ModdleElement, why: string) => EngineError): FlowNode {
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
    incoming: [],
    outgoing: [],
    inputs: mapping(io?.inputParameters, 'input'),
    outputs: mapping(io?.outputParameters, 'output'),
  };
  const definitions = (e.eventDefinitions as ModdleElement[] | undefined) ?? [];
  const errorCodeOf = (d: ModdleElement) => (d.errorRef as { errorCode?: string } | undefined)?.errorCode || undefined;

  switch (e.$type) {
    case 'bpmn:StartEvent':
      if (definitions.length > 0) throw fail(e, `start events with ${definitions[0].$type} are not supported`);
      return { ...base, bpmnType: 'START_EVENT', kind: 'startEvent' };
    case 'bpmn:EndEvent': {
      if (definitions.length === 0) return { ...base, bpmnType: 'END_EVENT', kind: 'endEvent' };
      const d = definitions[0];
      if (d.$type !== 'bpmn:ErrorEventDefinition') throw fail(e, `end events with ${d.$type} are not supported`);
      const errorCode = errorCodeOf(d);
      if (!errorCode) throw fail(e, 'an error end event needs an error with an error code');
      return { ...base, bpmnType: 'END_EVENT', kind: 'errorEndEvent', errorCode };
    }
    case 'bpmn:BoundaryEvent': {
      const d = definitions[0];
      if (d?.$type !== 'bpmn:ErrorEventDefinition') throw fail(e, `boundary events with ${d?.$type ?? 'no event definition'} are not supported`);
      return {
        ...base,
        bpmnType: 'BOUNDARY_EVENT',
        kind: 'errorBoundaryEvent',
        errorCode: errorCodeOf(d),
        attachedTo: (e.attachedToRef as ModdleElement).id,
        interrupting: e.cancelActivity !== false,
      };
    }
    case 'bpmn:ExclusiveGateway':
      return { ...base, bpmnType: 'EXCLUSIVE_GATEWAY', kind: 'exclusiveGateway', defaultFlow: (e.default as ModdleElement | undefined)?.id };
    case 'bpmn:ParallelGateway':
      return { ...base, bpmnType: 'PARALLEL_GATEWAY', kind: 'parallelGateway' };
  }
  if (JOB_TASKS[e.$type]) {
    const definition = ext.find((x) => x.$type === 'zeebe:TaskDefinition') as { type?: string; retries?: string } | undefined;
    if (!definition?.type) throw fail(e, 'a job worker task needs zeebe:taskDefinition with a type');
    checkFeel(definition.type, () => fail(e, 'the job type'));
    if (definition.retries) checkFeel(definition.retries, () => fail(e, 'the job retries'));
    const headers = (ext.find((x) => x.$type === 'zeebe:TaskHeaders') as { values?: { key: string; value: string }[] } | undefined)?.values ?? [];
    return {
      ...base,
      bpmnType: JOB_TASKS[e.$type],
      kind: 'jobTask',
      jobType: definition.type,
      jobRetries: definition.retries ?? '3',
      headers: Object.fromEntries(headers.map((h) => [h.key, h.value ?? ''])),
    };
  }
  if (PASS_THROUGH[e.$type]) {
    if (definitions.length > 0) throw fail(e, `${e.$type} with ${definitions[0].$type} is not supported`);
    return { ...base, bpmnType: PASS_THROUGH[e.$type], kind: 'passThrough' };
  }
  throw fail(e, `${e.$type} is not supported by this engine (see engine/README.md)`);
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
