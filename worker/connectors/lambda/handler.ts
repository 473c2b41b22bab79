import { InvokeCommand, type InvocationType, type LogType } from '@aws-sdk/client-lambda';
import { callAws } from '../../aws/errors';
import { amended, ConnectorError } from '../../runtime/errors';
import { isPlainObject } from '../../runtime/expressions';
import type { ConnectorDeps } from '../deps';
import { jsonText } from '../json-text';
import type { LambdaInput } from './schema';

/** Lambda's request payload quotas: 6 MB waiting for the answer, 1 MB for Event (since October 2025). */
export const MAX_SYNC_PAYLOAD_BYTES = 6 * 1024 * 1024;
export const MAX_EVENT_PAYLOAD_BYTES = 1024 * 1024;

export interface LambdaFunctionError {
  /** The function's error type (`Runtime.HandlerError`, `Sandbox.Timedout`, or what the code threw). */
  type: string;
  message: string;
  /** `Unhandled` or `Handled`, from the X-Amz-Function-Error header. */
  functionError: string;
  stackTrace?: unknown;
}

export interface LambdaResult {
  lambdaPayload: unknown;
  lambdaStatus: number | null;
  lambdaLog: string | null;
  lambdaError: LambdaFunctionError | null;
  executedVersion: string | null;
}

export async function invokeLambda(input: LambdaInput, deps: ConnectorDeps): Promise<LambdaResult> {
  const invocationType = (input.invocationType ?? 'RequestResponse') as InvocationType;
  const payload = payloadText(input.payload);
  const limit = invocationType === 'Event' ? MAX_EVENT_PAYLOAD_BYTES : MAX_SYNC_PAYLOAD_BYTES;
  const bytes = payload === undefined ? 0 : Buffer.byteLength(payload);
  if (bytes > limit) {
    throw new ConnectorError('REQUEST_TOO_LARGE', `payload: ${bytes} bytes is over Lambda's ${limit}-byte limit for ${invocationType} invocations`, { path: 'payload' });
  }

  const { client } = deps.aws.lambda(input);
  // Seed 004's lambdaLog is the function's log: asked for (Tail) unless the task says logTail false.
  const logType: LogType | undefined = (input.logTail ?? true) && invocationType === 'RequestResponse' ? 'Tail' : undefined;
  const response = await callAws(`Lambda invocation of ${input.functionName}`, () => client.send(new InvokeCommand({
    FunctionName: input.functionName,
    Qualifier: input.qualifier,
    InvocationType: invocationType,
    LogType: logType,
    Payload: payload === undefined ? undefined : Buffer.from(payload),
  })));

  const lambdaPayload = parsePayload(response.Payload);
  const result: LambdaResult = {
    lambdaPayload,
    lambdaStatus: response.StatusCode ?? null,
    lambdaLog: response.LogResult ? Buffer.from(response.LogResult, 'base64').toString('utf8') : null,
    lambdaError: response.FunctionError ? functionErrorOf(response.FunctionError, lambdaPayload) : null,
    executedVersion: response.ExecutedVersion ?? null,
  };
  if (result.lambdaError && (input.onFunctionError ?? 'complete') === 'bpmnError') {
    const e = result.lambdaError;
    throw new ConnectorError(input.functionErrorCode ?? e.type, `Lambda function ${input.functionName} failed with ${e.type}: ${e.message}`, {
      type: 'LambdaFunctionError',
      variables: { ...result },
    });
  }
  return result;
}

/** The payload as Lambda takes it (json-text.ts). */
export const payloadText = jsonText;

function parsePayload(payload: Uint8Array | undefined): unknown {
  if (!payload || payload.length === 0) return null;
  const text = Buffer.from(payload).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function functionErrorOf(functionError: string, payload: unknown): LambdaFunctionError {
  const p = isPlainObject(payload) ? payload : {};
  return {
    type: typeof p.errorType === 'string' && p.errorType ? p.errorType : functionError,
    message: typeof p.errorMessage === 'string' ? p.errorMessage : typeof payload === 'string' ? payload : '',
    functionError,
    ...(p.stackTrace !== undefined ? { stackTrace: p.stackTrace } : {}),
  };
}

/**
 * An error the connector caught (bad input, AWS refused, a quota) keeps its code for the BPMN error, and carries seed 004's
 * `lambdaError` in its variables, so that the scope that catches it reads the error where the seed says.
 */
export function withLambdaError(error: unknown): unknown {
  // A function's own error (onFunctionError bpmnError) already carries its lambdaError.
  if (!(error instanceof ConnectorError) || error.type === 'LambdaFunctionError') return error;
  return amended(error, { variables: { ...error.variables, lambdaError: { code: error.code, type: error.type, message: error.message } } });
}
