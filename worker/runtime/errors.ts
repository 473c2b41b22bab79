/** Failure codes from the seeds (Alfresco Process Automation's connector errors). */
export type ErrorCode =
  | 'MISSING_INPUT'
  | 'INVALID_INPUT'
  | 'INVALID_RESULT_FORMAT'
  | 'TEXT_SIZE_LIMIT_EXCEEDED'
  | 'IMAGE_TOO_LARGE'
  | 'REQUEST_TOO_LARGE'
  | 'INVALID_IMAGE_FORMAT'
  | 'UNSUPPORTED_LANGUAGE'
  | 'INVALID_REQUEST'
  | 'ACCESS_DENIED'
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'NOT_ACCEPTABLE'
  | 'CONFLICT'
  | 'GONE'
  | 'UNPROCESSABLE_ENTITY'
  | 'LOCKED'
  | 'FAILED_DEPENDENCY'
  | 'NOT_IMPLEMENTED'
  | 'THROTTLING_ERROR'
  | 'TOO_MANY_REQUEST'
  | 'PROVISIONED_THROUGHPUT_EXCEEDED'
  | 'LIMIT_EXCEEDED'
  | 'SERVICE_ERROR'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL_SERVER_ERROR'
  | 'BAD_GATEWAY'
  | 'GATEWAY_TIMEOUT'
  | 'REQUEST_TIMEOUT'
  | 'CLIENT_EXECUTION_TIMEOUT'
  | 'UNKNOWN_ERROR';

/** Codes that mean "try again later": the job is failed with retries - 1 after the backoff. */
export const TRANSIENT_CODES: ReadonlySet<string> = new Set<ErrorCode>([
  'THROTTLING_ERROR',
  'TOO_MANY_REQUEST',
  'PROVISIONED_THROUGHPUT_EXCEEDED',
  'LIMIT_EXCEEDED',
  'SERVICE_ERROR',
  'SERVICE_UNAVAILABLE',
  'INTERNAL_SERVER_ERROR',
  'BAD_GATEWAY',
  'GATEWAY_TIMEOUT',
  'REQUEST_TIMEOUT',
  'CLIENT_EXECUTION_TIMEOUT',
]);

/** Codes caused by the job's own input: never retried in the Camunda-compatible family. */
export const INPUT_CODES: ReadonlySet<string> = new Set<ErrorCode>(['MISSING_INPUT', 'INVALID_INPUT']);

export interface ConnectorErrorOptions {
  /** The input property at fault, as a dotted path (`action.bucket`). */
  path?: string;
  /** Extra data a modeler may want in the error's variables. */
  variables?: Record<string, unknown>;
  /** The original exception's name (an AWS exception name, for example), shown as the error's type. */
  type?: string;
  /** The type Camunda's Java runtime would report on the io.camunda:* task types (an AWS SDK for Java class name). */
  camundaType?: string;
  cause?: unknown;
}

/**
 * Every failure a connector or the runtime raises: a code from the seeds and a message that says what to change.
 * A business failure reported by the called service (a Lambda function's own error type) may carry its own code.
 */
export class ConnectorError extends Error {
  readonly code: ErrorCode | (string & {});
  readonly path?: string;
  readonly variables?: Record<string, unknown>;
  readonly type: string;
  readonly camundaType?: string;

  constructor(code: ErrorCode | (string & {}), message: string, options: ConnectorErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ConnectorError';
    this.code = code;
    this.path = options.path;
    this.variables = options.variables;
    this.type = options.type ?? 'ConnectorError';
    this.camundaType = options.camundaType;
  }

  get transient(): boolean {
    return TRANSIENT_CODES.has(this.code);
  }
}

/**
 * The same failure (code, types) with its message, path or variables changed: a message in the modeler's
 * terms, or variables a scope that catches it reads. The first error stays the cause.
 */
export function amended(error: ConnectorError, changes: { message?: string; path?: string; variables?: Record<string, unknown> }): ConnectorError {
  return new ConnectorError(error.code, changes.message ?? error.message, {
    path: 'path' in changes ? changes.path : error.path,
    variables: changes.variables ?? error.variables,
    type: error.type,
    camundaType: error.camundaType,
    cause: error.cause ?? error,
  });
}

/** Wraps anything thrown into a ConnectorError, keeping ConnectorErrors as they are. */
export function asConnectorError(error: unknown): ConnectorError {
  if (error instanceof ConnectorError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const type = error instanceof Error ? error.name : typeof error;
  return new ConnectorError('UNKNOWN_ERROR', message || 'Unexpected runtime error', { type, cause: error });
}
