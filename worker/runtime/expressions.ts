import { evaluate } from 'feelin';
import { ConnectorError } from './errors';

/** What an errorExpression can ask for, as Camunda's connector runtime defines it. */
export type ErrorDirective =
  | { errorType: 'bpmnError'; errorCode: string; errorMessage: string; variables: Record<string, unknown> }
  | { errorType: 'jobError'; errorMessage: string; variables: Record<string, unknown>; retries: number; retryBackoffMs: number }
  | { errorType: 'ignoreError'; variables: Record<string, unknown> };

/** The functions errorExpression may call. They only build values; the runtime acts on them. */
const connectorFunctions = {
  bpmnError: (errorCode: unknown, errorMessage?: unknown, variables?: unknown) => ({
    errorType: 'bpmnError',
    errorCode,
    errorMessage: errorMessage ?? '',
    variables: variables ?? {},
  }),
  jobError: (errorMessage: unknown, variables?: unknown, retries?: unknown, retryBackoff?: unknown) => ({
    errorType: 'jobError',
    errorMessage,
    variables: variables ?? {},
    retries: retries ?? 0,
    retryBackoff: retryBackoff ?? 'PT0S',
  }),
  ignoreError: (variables?: unknown) => ({ errorType: 'ignoreError', variables: variables ?? {} }),
};

/** Evaluates a FEEL expression (a leading `=` is allowed); a broken one is an input error with its position. */
export function evaluateFeel(expression: string, context: Record<string, unknown>, what: string): unknown {
  const source = expression.trim().replace(/^=/, '');
  try {
    return toJson(evaluate(source, context).value);
  } catch (error) {
    const position = (error as { position?: { from?: number } }).position?.from;
    const where = position === undefined ? '' : ` at position ${position}`;
    throw new ConnectorError('INVALID_INPUT', `${what} is not valid FEEL${where}: ${(error as Error).message}`, {
      path: what,
      type: 'FeelExpressionError',
    });
  }
}

/** resultExpression: FEEL over the result's fields plus `response`; it must give a context. */
export function evaluateResultExpression(expression: string, result: unknown): Record<string, unknown> {
  const value = evaluateFeel(expression, { ...asContext(result), response: result }, 'resultExpression');
  if (value === null || value === undefined) return {};
  if (!isPlainObject(value)) {
    throw new ConnectorError('INVALID_INPUT', `resultExpression must return a context (a JSON object), but got ${JSON.stringify(value)}`, {
      path: 'resultExpression',
    });
  }
  return value;
}

export interface ErrorExpressionInput {
  /** Set when the connector succeeded: the output variables (or the response when there are none). */
  response?: unknown;
  /** Set when the connector failed. */
  error?: { code: string; message: string; type: string; variables?: Record<string, unknown> };
  retries: number;
}

/** errorExpression: `null` or `{}` means "no error"; otherwise one of the three functions' results. */
export function evaluateErrorExpression(expression: string, input: ErrorExpressionInput): ErrorDirective | undefined {
  const base = input.error ? { error: input.error } : asContext(input.response);
  const context = {
    ...connectorFunctions,
    ...base,
    response: input.error ? { error: input.error } : input.response,
    job: { retries: input.retries },
  };
  const value = evaluateFeel(expression, context, 'errorExpression');
  if (value === null || value === undefined || (isPlainObject(value) && Object.keys(value).length === 0)) return undefined;
  if (!isPlainObject(value)) {
    throw new ConnectorError('INVALID_INPUT', `errorExpression must return null or bpmnError(...), jobError(...), ignoreError(...), but got ${JSON.stringify(value)}`, {
      path: 'errorExpression',
    });
  }
  return toDirective(value);
}

function toDirective(value: Record<string, unknown>): ErrorDirective | undefined {
  const variables = isPlainObject(value.variables) ? value.variables : {};
  switch (value.errorType) {
    case 'bpmnError':
      // As in Camunda: a bpmnError without a code is no error.
      if (value.errorCode === null || value.errorCode === undefined || value.errorCode === '') return undefined;
      return { errorType: 'bpmnError', errorCode: String(value.errorCode), errorMessage: String(value.errorMessage ?? ''), variables };
    case 'jobError': {
      const retries = Number(value.retries ?? 0);
      if (!Number.isInteger(retries) || retries < 0) {
        throw new ConnectorError('INVALID_INPUT', `errorExpression: jobError retries must be a whole number >= 0, got ${String(value.retries)}`, {
          path: 'errorExpression',
        });
      }
      return {
        errorType: 'jobError',
        errorMessage: String(value.errorMessage ?? ''),
        variables,
        retries,
        retryBackoffMs: parseIsoDuration(String(value.retryBackoff ?? 'PT0S'), 'errorExpression'),
      };
    }
    case 'ignoreError':
      return { errorType: 'ignoreError', variables };
    default:
      throw new ConnectorError('INVALID_INPUT', 'errorExpression must return null or the result of bpmnError(...), jobError(...) or ignoreError(...)', {
        path: 'errorExpression',
      });
  }
}

const ISO_DURATION = /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** ISO-8601 day-time durations as Java's Duration.parse reads them (PT30S, PT5M, P1DT2H, ...), in milliseconds. */
export function parseIsoDuration(text: string, path: string): number {
  const m = ISO_DURATION.exec(text.trim().toUpperCase());
  if (!m || text.trim().toUpperCase() === 'P' || text.trim().toUpperCase().endsWith('T')) {
    throw new ConnectorError('INVALID_INPUT', `${path}: expected an ISO-8601 duration such as PT30S or PT5M, got '${text}'`, { path });
  }
  const [w, d, h, min, s] = m.slice(1).map((v) => (v === undefined ? 0 : Number(v)));
  return Math.round(((((w * 7 + d) * 24 + h) * 60 + min) * 60 + s) * 1000);
}

function asContext(value: unknown): Record<string, unknown> {
  return isPlainObject(value) ? value : {};
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** FEEL values (durations, dates) become their JSON form, as the Java runtime serialises them. */
function toJson(value: unknown): unknown {
  if (value === undefined) return null;
  return value === null ? null : JSON.parse(JSON.stringify(value));
}
