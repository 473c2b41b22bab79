/**
 * A process modelled from a seed's tables: one service task with the seed's inputs mapped from process
 * variables of the same names, its outputs mapped by a result expression, and one error boundary event per
 * error code the seed lists, each ending in its own end event. A catch-all boundary keeps any other code, so
 * that an unexpected one fails the test at once instead of making an incident.
 */
import type { Camunda8 } from '@camunda8/sdk';
import { uniqueId } from './harness';

export interface SeedTask {
  type: string;
  retries?: number;
  /** zeebe:input target -> FEEL source. */
  inputs: Record<string, string>;
  headers: Record<string, string>;
  /** The codes the seed lists for the connector: one boundary event each. */
  codes: readonly string[];
  /** Output mappings of every boundary event: the error's variables a model keeps (target -> FEEL source). */
  errorOutputs?: Record<string, string>;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function seedProcess(id: string, task: SeedTask): string {
  const inputs = Object.entries(task.inputs).map(([target, source]) => `<zeebe:input source="${esc(source)}" target="${esc(target)}"/>`).join('');
  const headers = Object.entries(task.headers).map(([k, v]) => `<zeebe:header key="${esc(k)}" value="${esc(v)}"/>`).join('');
  const errors = task.codes.map((code, i) => `<bpmn:error id="error_${i}" name="${esc(code)}" errorCode="${esc(code)}"/>`).join('\n  ');
  // An error's variables are local to the catch event: only what its output mappings name reaches the process.
  const errorOutputs = Object.entries(task.errorOutputs ?? {}).map(([target, source]) => `<zeebe:output source="${esc(source)}" target="${esc(target)}"/>`).join('');
  const boundary = (i: number | 'other', code: string | undefined, caught: string) => `
    <bpmn:boundaryEvent id="catch_${i}" attachedToRef="task"><bpmn:extensionElements><zeebe:ioMapping>
        <zeebe:output source="${esc(caught)}" target="caught"/>
        <zeebe:output source="=errorMessage" target="caughtMessage"/>${errorOutputs}
      </zeebe:ioMapping></bpmn:extensionElements><bpmn:outgoing>to_end_${i}</bpmn:outgoing>
      <bpmn:errorEventDefinition${code === undefined ? '' : ` errorRef="error_${i}"`}/></bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="to_end_${i}" sourceRef="catch_${i}" targetRef="end_${i}"/>
    <bpmn:endEvent id="end_${i}"><bpmn:incoming>to_end_${i}</bpmn:incoming></bpmn:endEvent>`;
  const boundaries = task.codes.map((code, i) => boundary(i, code, `="${code}"`)).join('') + boundary('other', undefined, '="OTHER " + errorCode');
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs_${id}" targetNamespace="http://bpmn.io/schema/bpmn">
  ${errors}
  <bpmn:process id="${id}" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task"/>
    <bpmn:serviceTask id="task">
      <bpmn:extensionElements>
        <zeebe:taskDefinition type="${esc(task.type)}" retries="${task.retries ?? 1}"/>
        ${inputs ? `<zeebe:ioMapping>${inputs}</zeebe:ioMapping>` : ''}
        <zeebe:taskHeaders>${headers}</zeebe:taskHeaders>
      </bpmn:extensionElements>
      <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="done"/>
    <bpmn:endEvent id="done"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
    ${boundaries}
  </bpmn:process>
</bpmn:definitions>`;
}

/** Deploys the seed's process once; `run` starts an instance with the given variables and answers its variables. */
export async function deploySeedProcess(c8: Camunda8, task: SeedTask) {
  const id = uniqueId('seed');
  const zeebe = c8.getZeebeGrpcApiClient();
  await zeebe.deployResource({ process: Buffer.from(seedProcess(id, task)), name: `${id}.bpmn` });
  return async (variables: Record<string, unknown> = {}, timeoutMs = 60_000): Promise<Record<string, unknown> & { caught?: string; caughtMessage?: string }> => {
    const result = await zeebe.createProcessInstanceWithResult({ bpmnProcessId: id, variables: variables as never, requestTimeout: timeoutMs });
    return result.variables as Record<string, unknown>;
  };
}

/** Seed 000's HTTP-status codes, and the status each stands for. */
export const HTTP_STATUS_CODES: Record<string, number> = {
  BAD_REQUEST: 400, UNAUTHORIZED: 401, FORBIDDEN: 403, NOT_FOUND: 404, METHOD_NOT_ALLOWED: 405, NOT_ACCEPTABLE: 406,
  REQUEST_TIMEOUT: 408, CONFLICT: 409, GONE: 410, UNPROCESSABLE_ENTITY: 422, LOCKED: 423, FAILED_DEPENDENCY: 424,
  INTERNAL_SERVER_ERROR: 500, NOT_IMPLEMENTED: 501, BAD_GATEWAY: 502, SERVICE_UNAVAILABLE: 503, GATEWAY_TIMEOUT: 504,
};
