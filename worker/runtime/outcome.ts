import { ConnectorError, INPUT_CODES } from './errors';
import type { ErrorDirective } from './expressions';

/** What happens to a job: the only three things a worker can tell Zeebe. */
export type Outcome =
  | { kind: 'complete'; variables: Record<string, unknown> }
  | { kind: 'fail'; message: string; retries: number; backoffMs: number; variables: Record<string, unknown> }
  | { kind: 'bpmnError'; code: string; message: string; variables: Record<string, unknown> };

/** Our own task types follow the seeds' codes; the io.camunda:* ones keep Camunda's retry rules. */
export type TaskFamily = 'own' | 'camunda';

/** Zeebe's limit for incident and error messages, as the Java runtime applies it. */
export const MAX_ERROR_MESSAGE_LENGTH = 6000;

export interface FailureContext {
  family: TaskFamily;
  retries: number;
  backoffMs: number;
}

/**
 * The default outcome of a failure, when no errorExpression says otherwise. Messages are whole here:
 * the job processor masks them, then cuts them to Zeebe's limit.
 */
export function outcomeOfFailure(error: ConnectorError, ctx: FailureContext): Outcome {
  const message = `${error.code}: ${error.message}`;
  const remaining = Math.max(ctx.retries - 1, 0);

  if (ctx.family === 'camunda') {
    const retries = INPUT_CODES.has(error.code) ? 0 : remaining;
    return { kind: 'fail', message, retries, backoffMs: ctx.backoffMs, variables: { error: errorVariable(error, 'camunda') } };
  }
  // UNKNOWN_ERROR may pass, so it is retried like a transient code; the seeds say it "can be handled", so
  // the last retry throws it as a BPMN error too (an uncaught one is still an incident).
  if ((error.transient || error.code === 'UNKNOWN_ERROR') && remaining > 0) {
    return { kind: 'fail', message, retries: remaining, backoffMs: ctx.backoffMs, variables: {} };
  }
  return { kind: 'bpmnError', code: error.code, message: error.message, variables: errorVariables(error) };
}

/** The outcome an errorExpression asked for. */
export function outcomeOfDirective(directive: ErrorDirective): Outcome {
  switch (directive.errorType) {
    case 'bpmnError':
      return { kind: 'bpmnError', code: directive.errorCode, message: directive.errorMessage, variables: directive.variables };
    case 'jobError':
      return {
        kind: 'fail',
        message: directive.errorMessage,
        retries: directive.retries,
        backoffMs: directive.retryBackoffMs,
        variables: { ...directive.variables, error: directive.errorMessage },
      };
    case 'ignoreError':
      return { kind: 'complete', variables: directive.variables };
  }
}

/** Camunda's Java exception classes for failures that are not AWS exceptions. */
const CONNECTOR_INPUT_EXCEPTION = 'io.camunda.connector.api.error.ConnectorInputException';
const CONNECTOR_EXCEPTION = 'io.camunda.connector.api.error.ConnectorException';

/**
 * `error{code,message,type}` as both families expose it to FEEL and in failed jobs' variables. The
 * io.camunda:* types get the Java class name Camunda's runtime would give as `type`.
 */
export function errorVariable(error: ConnectorError, family: TaskFamily = 'own'): { code: string; message: string; type: string; variables?: Record<string, unknown> } {
  const camundaType = error.camundaType ?? (INPUT_CODES.has(error.code) ? CONNECTOR_INPUT_EXCEPTION : CONNECTOR_EXCEPTION);
  return {
    code: error.code,
    message: error.message,
    type: family === 'camunda' ? camundaType : error.type,
    ...(error.variables ? { variables: error.variables } : {}),
  };
}

function errorVariables(error: ConnectorError): Record<string, unknown> {
  return { ...(error.variables ?? {}), error: errorVariable(error) };
}

export function truncate(message: string): string {
  return message.length <= MAX_ERROR_MESSAGE_LENGTH ? message : `${message.slice(0, MAX_ERROR_MESSAGE_LENGTH - 3)}...`;
}
