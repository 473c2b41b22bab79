// Small BPMN builders for the engine's conformance tests: readable models without a modeler.

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function definitions(processId: string, ...elements: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs_${processId}" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:error id="err_any" name="any"/>
  ${elements.filter(isRootElement).join('\n  ')}
  <bpmn:process id="${processId}" isExecutable="true">
    ${elements.filter((e) => !isRootElement(e)).join('\n    ')}
  </bpmn:process>
</bpmn:definitions>`;
}

/** Errors and messages are defined beside the process. */
const isRootElement = (e: string) => e.startsWith('<bpmn:error ') || e.startsWith('<bpmn:message ');

export interface Io {
  inputs?: Record<string, string>;
  outputs?: Record<string, string>;
}

function ioMapping({ inputs = {}, outputs = {} }: Io): string {
  const i = Object.entries(inputs).map(([t, s]) => `<zeebe:input source="${esc(s)}" target="${esc(t)}"/>`);
  const o = Object.entries(outputs).map(([t, s]) => `<zeebe:output source="${esc(s)}" target="${esc(t)}"/>`);
  return i.length + o.length > 0 ? `<zeebe:ioMapping>${i.join('')}${o.join('')}</zeebe:ioMapping>` : '';
}

export const start = (id = 'start') => `<bpmn:startEvent id="${id}"/>`;
export const end = (id = 'end') => `<bpmn:endEvent id="${id}"/>`;

export function flow(id: string, source: string, target: string, condition?: string): string {
  const body = condition === undefined ? '' : `<bpmn:conditionExpression>${esc(condition)}</bpmn:conditionExpression>`;
  return `<bpmn:sequenceFlow id="${id}" sourceRef="${source}" targetRef="${target}">${body}</bpmn:sequenceFlow>`;
}

export function serviceTask(id: string, type: string, options: Io & { retries?: string; headers?: Record<string, string> } = {}): string {
  const headers = Object.entries(options.headers ?? {}).map(([k, v]) => `<zeebe:header key="${esc(k)}" value="${esc(v)}"/>`).join('');
  return `<bpmn:serviceTask id="${id}"><bpmn:extensionElements>
      <zeebe:taskDefinition type="${esc(type)}" retries="${esc(options.retries ?? '3')}"/>
      ${ioMapping(options)}${headers ? `<zeebe:taskHeaders>${headers}</zeebe:taskHeaders>` : ''}
    </bpmn:extensionElements></bpmn:serviceTask>`;
}

export const exclusiveGateway = (id: string, defaultFlow?: string) => `<bpmn:exclusiveGateway id="${id}"${defaultFlow ? ` default="${defaultFlow}"` : ''}/>`;
export const parallelGateway = (id: string) => `<bpmn:parallelGateway id="${id}"/>`;

/** An error definition (to reference from boundary and end events). */
export const error = (id: string, code: string) => `<bpmn:error id="${id}" name="${id}" errorCode="${esc(code)}"/>`;

/** An error boundary event; without `errorRef` it catches every error. */
export function errorBoundary(id: string, attachedTo: string, options: Io & { errorRef?: string } = {}): string {
  const ref = options.errorRef ? ` errorRef="${options.errorRef}"` : '';
  return `<bpmn:boundaryEvent id="${id}" attachedToRef="${attachedTo}"><bpmn:extensionElements>${ioMapping(options)}</bpmn:extensionElements><bpmn:errorEventDefinition${ref}/></bpmn:boundaryEvent>`;
}

export const errorEnd = (id: string, errorRef: string) => `<bpmn:endEvent id="${id}"><bpmn:errorEventDefinition errorRef="${errorRef}"/></bpmn:endEvent>`;

/** A message definition (to reference from message events and receive tasks), with its correlation key. */
export const message = (id: string, name: string, correlationKey?: string) =>
  `<bpmn:message id="${id}" name="${esc(name)}">${correlationKey ? `<bpmn:extensionElements><zeebe:subscription correlationKey="${esc(correlationKey)}"/></bpmn:extensionElements>` : ''}</bpmn:message>`;

export type TimerSpec = { duration: string } | { date: string } | { cycle: string };

function timerDefinition(timer: TimerSpec): string {
  const [kind, value] = 'duration' in timer ? ['timeDuration', timer.duration] : 'date' in timer ? ['timeDate', timer.date] : ['timeCycle', timer.cycle];
  return `<bpmn:timerEventDefinition><bpmn:${kind}>${esc(value)}</bpmn:${kind}></bpmn:timerEventDefinition>`;
}

const extension = (io: Io) => {
  const mapping = ioMapping(io);
  return mapping ? `<bpmn:extensionElements>${mapping}</bpmn:extensionElements>` : '';
};

export type Trigger = { messageRef: string } | { timer: TimerSpec } | { errorRef?: string };

function eventDefinition(trigger: Trigger): string {
  if ('messageRef' in trigger) return `<bpmn:messageEventDefinition messageRef="${trigger.messageRef}"/>`;
  if ('timer' in trigger) return timerDefinition(trigger.timer);
  return `<bpmn:errorEventDefinition${trigger.errorRef ? ` errorRef="${trigger.errorRef}"` : ''}/>`;
}

export const catchEvent = (id: string, trigger: Trigger, io: Io = {}) => `<bpmn:intermediateCatchEvent id="${id}">${extension(io)}${eventDefinition(trigger)}</bpmn:intermediateCatchEvent>`;
export const receiveTask = (id: string, messageRef: string, io: Io = {}) => `<bpmn:receiveTask id="${id}" messageRef="${messageRef}">${extension(io)}</bpmn:receiveTask>`;
export const boundary = (id: string, attachedTo: string, trigger: Trigger, options: Io & { interrupting?: boolean } = {}) =>
  `<bpmn:boundaryEvent id="${id}" attachedToRef="${attachedTo}"${options.interrupting === false ? ' cancelActivity="false"' : ''}>${extension(options)}${eventDefinition(trigger)}</bpmn:boundaryEvent>`;
export const eventStart = (id: string, trigger: Trigger, options: Io & { interrupting?: boolean } = {}) =>
  `<bpmn:startEvent id="${id}"${options.interrupting === false ? ' isInterrupting="false"' : ''}>${extension(options)}${eventDefinition(trigger)}</bpmn:startEvent>`;

/** An embedded sub-process (or, with `triggeredByEvent`, an event sub-process) holding `elements`. */
export const subProcess = (id: string, elements: string[], options: Io & { triggeredByEvent?: boolean; multiInstance?: MultiInstanceSpec } = {}) =>
  `<bpmn:subProcess id="${id}"${options.triggeredByEvent ? ' triggeredByEvent="true"' : ''}>${extension(options)}${options.multiInstance ? loop(options.multiInstance) : ''}${elements.join('')}</bpmn:subProcess>`;

export interface MultiInstanceSpec {
  sequential?: boolean;
  inputCollection: string;
  inputElement?: string;
  outputCollection?: string;
  outputElement?: string;
  completionCondition?: string;
}

function loop(mi: MultiInstanceSpec): string {
  const attrs = Object.entries({ inputCollection: mi.inputCollection, inputElement: mi.inputElement, outputCollection: mi.outputCollection, outputElement: mi.outputElement })
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}="${esc(v!)}"`)
    .join(' ');
  const condition = mi.completionCondition ? `<bpmn:completionCondition>${esc(mi.completionCondition)}</bpmn:completionCondition>` : '';
  return `<bpmn:multiInstanceLoopCharacteristics${mi.sequential ? ' isSequential="true"' : ''}><bpmn:extensionElements><zeebe:loopCharacteristics ${attrs}/></bpmn:extensionElements>${condition}</bpmn:multiInstanceLoopCharacteristics>`;
}

/** A service task with multi-instance characteristics and/or execution listeners. */
export function serviceTaskWith(id: string, type: string, options: Io & { multiInstance?: MultiInstanceSpec; listeners?: { eventType: 'start' | 'end'; type: string }[] } = {}): string {
  const listeners = options.listeners?.length
    ? `<zeebe:executionListeners>${options.listeners.map((l) => `<zeebe:executionListener eventType="${l.eventType}" type="${esc(l.type)}"/>`).join('')}</zeebe:executionListeners>`
    : '';
  return `<bpmn:serviceTask id="${id}"><bpmn:extensionElements>
      <zeebe:taskDefinition type="${esc(type)}"/>${ioMapping(options)}${listeners}
    </bpmn:extensionElements>${options.multiInstance ? loop(options.multiInstance) : ''}</bpmn:serviceTask>`;
}

export const inclusiveGateway = (id: string, defaultFlow?: string) => `<bpmn:inclusiveGateway id="${id}"${defaultFlow ? ` default="${defaultFlow}"` : ''}/>`;
