// BPMN for the inbound tests: processes whose start events, catch events, boundary events and receive tasks carry
// inbound connector properties, as Camunda's and our templates write them (zeebe:properties).

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export type Properties = Record<string, string>;

function properties(p: Properties): string {
  const entries = Object.entries(p).map(([name, value]) => `<zeebe:property name="${esc(name)}" value="${esc(value)}"/>`).join('');
  return `<bpmn:extensionElements><zeebe:properties>${entries}</zeebe:properties></bpmn:extensionElements>`;
}

function definitions(id: string, messages: string, body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs_${id}" targetNamespace="http://bpmn.io/schema/bpmn">
  ${messages}
  <bpmn:process id="${id}" isExecutable="true">${body}</bpmn:process>
</bpmn:definitions>`;
}

const message = (id: string, name: string, correlationKey?: string) =>
  `<bpmn:message id="${id}" name="${esc(name)}">${correlationKey ? `<bpmn:extensionElements><zeebe:subscription correlationKey="${esc(correlationKey)}"/></bpmn:extensionElements>` : ''}</bpmn:message>`;

/**
 * A message start event (`start`), then an intermediate message catch event (`wait`) correlated by `=orderId`,
 * then the end: `startProps` and `waitProps` are the two elements' properties.
 */
export function startThenWait(id: string, startProps: Properties, waitProps: Properties): string {
  return definitions(id, message('m_start', `${id}-start`) + message('m_wait', `${id}-wait`, '=orderId'), `
    <bpmn:startEvent id="start">${properties(startProps)}<bpmn:messageEventDefinition messageRef="m_start"/></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait"/>
    <bpmn:intermediateCatchEvent id="wait">${properties(waitProps)}<bpmn:messageEventDefinition messageRef="m_wait"/></bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="end"/>
    <bpmn:endEvent id="end"/>`);
}

/** A message start event (`start`) with `props`, straight to the end. */
export function messageStart(id: string, props: Properties): string {
  return definitions(id, message('m_start', `${id}-start`), `
    <bpmn:startEvent id="start">${properties(props)}<bpmn:messageEventDefinition messageRef="m_start"/></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="end"/>
    <bpmn:endEvent id="end"/>`);
}

/** A none start event, a receive task (`reply`, key `=orderId`) with `props`, the end. */
export function receiveTask(id: string, props: Properties): string {
  return definitions(id, message('m_reply', `${id}-reply`, '=orderId'), `
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="reply"/>
    <bpmn:receiveTask id="reply" messageRef="m_reply">${properties(props)}</bpmn:receiveTask>
    <bpmn:sequenceFlow id="f2" sourceRef="reply" targetRef="end"/>
    <bpmn:endEvent id="end"/>`);
}

/** A none start event, a service task of `taskType` nobody serves with a message boundary event (`cancelled`, key `=orderId`) to `end_cancelled`. */
export function boundaryOnTask(id: string, taskType: string, props: Properties): string {
  return definitions(id, message('m_cancel', `${id}-cancel`, '=orderId'), `
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task"/>
    <bpmn:serviceTask id="task"><bpmn:extensionElements><zeebe:taskDefinition type="${esc(taskType)}"/></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="end"/>
    <bpmn:endEvent id="end"/>
    <bpmn:boundaryEvent id="cancelled" attachedToRef="task">${properties(props)}<bpmn:messageEventDefinition messageRef="m_cancel"/></bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="f3" sourceRef="cancelled" targetRef="end_cancelled"/>
    <bpmn:endEvent id="end_cancelled"/>`);
}

/**
 * A version of process `id` without inbound elements: deployed when a test ends, so that no worker started later
 * on the same engine (other tests, the demo, benchmarks) subscribes to the test's queues or webhooks.
 */
export function retired(id: string): string {
  return definitions(id, '', '<bpmn:startEvent id="start"/>');
}
