/**
 * A process modelled from a seed's tables: one service task with the seed's inputs mapped from process
 * variables of the same names, its outputs mapped by a result expression, and one error boundary event per
 * error code the seed lists, each ending in its own end event. A catch-all boundary keeps any other code, so
 * that an unexpected one fails the test at once instead of making an incident.
 */
import type { Camunda8 } from '@camunda8/sdk';
import { oneTaskProcess, uniqueId, type ErrorCatch } from './harness';

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

/** The seed's boundary events: one per code, then a catch-all that names any other code. */
function seedCatches(task: SeedTask): ErrorCatch[] {
  const outputs = (caught: string) => ({ caught, caughtMessage: '=errorMessage', ...(task.errorOutputs ?? {}) });
  return [...task.codes.map((code) => ({ code, outputs: outputs(`="${code}"`) })), { outputs: outputs('="OTHER " + errorCode') }];
}

export function seedProcess(id: string, task: SeedTask): string {
  return oneTaskProcess(id, { type: task.type, retries: task.retries ?? 1, inputs: task.inputs, headers: task.headers }, seedCatches(task));
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
