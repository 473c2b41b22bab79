import { ConnectorError } from './errors';
import { currentDeadline } from './deadline';
import { feelPool, type EvaluationDeadline } from './feel-pool';

/** What an errorExpression can ask for, as Camunda's connector runtime defines it. */
export type ErrorDirective =
  | { errorType: 'bpmnError'; errorCode: string; errorMessage: string; variables: Record<string, unknown> }
  | { errorType: 'jobError'; errorMessage: string; variables: Record<string, unknown>; retries: number; retryBackoffMs: number }
  | { errorType: 'ignoreError'; variables: Record<string, unknown> };

/**
 * Evaluates a FEEL expression (a leading `=` is allowed) within the worker's FEEL budget (feel-pool.ts);
 * a broken one is an input error with its position, one over the budget an input error naming `what`.
 * `connectorFunctions` adds bpmnError(), jobError() and ignoreError(), which only build values.
 */
export async function evaluateFeel(expression: string, context: Record<string, unknown>, what: string, connectorFunctions = false, deadline: EvaluationDeadline | undefined = currentDeadline()): Promise<unknown> {
  const source = expression.trim().replace(/^=/, '');
  return feelPool().evaluate(source, context, what, connectorFunctions, deadline);
}

/** resultExpression: FEEL over the result's fields plus `response`; it must give a context. */
export async function evaluateResultExpression(expression: string, result: unknown, deadline?: EvaluationDeadline): Promise<Record<string, unknown>> {
  const value = await evaluateFeel(expression, { ...asContext(result), response: result }, 'resultExpression', false, deadline);
  if (value === null || value === undefined) return {};
  if (!isPlainObject(value)) {
    throw new ConnectorError('INVALID_INPUT', `resultExpression must return a context (a JSON object), but got ${preview(value)}`, {
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
export async function evaluateErrorExpression(expression: string, input: ErrorExpressionInput, deadline?: EvaluationDeadline): Promise<ErrorDirective | undefined> {
  const base = input.error ? { error: input.error } : asContext(input.response);
  const context = {
    ...base,
    response: input.error ? { error: input.error } : input.response,
    job: { retries: input.retries },
  };
  const value = await evaluateFeel(expression, context, 'errorExpression', true, deadline);
  if (value === null || value === undefined || (isPlainObject(value) && Object.keys(value).length === 0)) return undefined;
  if (!isPlainObject(value)) {
    throw new ConnectorError('INVALID_INPUT', `errorExpression must return null or bpmnError(...), jobError(...), ignoreError(...), but got ${preview(value)}`, {
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
      if (String(value.errorCode).trim() === '') {
        throw new ConnectorError('INVALID_INPUT', 'errorExpression: bpmnError() was given an error code that is blank; a BPMN error code must have a visible character (Zeebe matches boundary events by it)', {
          path: 'errorExpression',
        });
      }
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

/** The longest duration taken (about 24.8 days): the longest timer Node.js keeps, and far beyond any sensible backoff. */
export const MAX_DURATION_MS = 2_147_483_647;

/** ISO-8601 day-time durations as Java's Duration.parse reads them (PT30S, PT5M, P1DT2H, ...), in milliseconds. */
export function parseIsoDuration(text: string, path: string): number {
  const normalised = text.trim().toUpperCase();
  const m = normalised.length <= 100 ? ISO_DURATION.exec(normalised) : null;
  if (!m || normalised === 'P' || normalised.endsWith('T')) {
    throw new ConnectorError('INVALID_INPUT', `${path}: expected an ISO-8601 duration such as PT30S or PT5M, got '${preview(text)}'`, { path });
  }
  const [w, d, h, min, s] = m.slice(1).map((v) => (v === undefined ? 0 : Number(v)));
  const ms = Math.round(((((w * 7 + d) * 24 + h) * 60 + min) * 60 + s) * 1000);
  if (!Number.isSafeInteger(ms) || ms > MAX_DURATION_MS) {
    throw new ConnectorError('INVALID_INPUT', `${path}: '${preview(text)}' is longer than the ${MAX_DURATION_MS} ms (about 24 days) a duration may be`, { path });
  }
  return ms;
}

function asContext(value: unknown): Record<string, unknown> {
  return isPlainObject(value) ? value : {};
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A short view of a value for a message. */
function preview(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  return text.length > 200 ? `${text.slice(0, 200)}...` : text;
}
