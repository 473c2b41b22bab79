// Small BPMN builders for the engine's conformance tests: readable models without a modeler.

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function definitions(processId: string, ...elements: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs_${processId}" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:error id="err_any" name="any"/>
  ${elements.filter((e) => e.startsWith('<bpmn:error ')).join('\n  ')}
  <bpmn:process id="${processId}" isExecutable="true">
    ${elements.filter((e) => !e.startsWith('<bpmn:error ')).join('\n    ')}
  </bpmn:process>
</bpmn:definitions>`;
}

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
