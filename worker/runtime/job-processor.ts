import type { Logger } from 'pino';
import type { DocumentStore } from './documents';
import type { JobContext, TaskDefinition } from './connector';
import { asConnectorError, ConnectorError } from './errors';
import { evaluateErrorExpression, evaluateResultExpression, parseIsoDuration } from './expressions';
import { errorVariable, outcomeOfDirective, outcomeOfFailure, truncate, type Outcome } from './outcome';
import { SecretMasker, type SecretResolver } from './secrets';

/** The part of an activated Zeebe job the runtime reads (both the gRPC and the REST job have it). */
export interface ActivatedJob {
  key: string;
  retries: number;
  processInstanceKey: string;
  elementInstanceKey: string;
  bpmnProcessId: string;
  elementId: string;
  variables: Record<string, unknown>;
  customHeaders: Record<string, unknown>;
}

export interface JobProcessorDeps {
  secrets: SecretResolver;
  /** Every secret value seen so far, for the logger. */
  logMasker: SecretMasker;
  documents: DocumentStore;
  log: Logger;
  extendTimeout(jobKey: string, ms: number): Promise<void>;
}

/** Zeebe refuses variables much above this; the Java runtime guards the same 1.5 MB. */
export const MAX_OUTPUT_BYTES = (3 * 1024 * 1024) / 2;

/**
 * Runs one job from its variables to its outcome: secrets, the connector, result mapping, errorExpression,
 * size guard, and masking. It never throws: every failure becomes an outcome with a code.
 */
export async function processJob(job: ActivatedJob, task: TaskDefinition, deps: JobProcessorDeps): Promise<Outcome> {
  const masker = new SecretMasker();
  const headers = readHeaders(job.customHeaders);
  let backoffMs = 0;
  let outcome: Outcome;
  try {
    backoffMs = headers.retryBackoff ? parseIsoDuration(headers.retryBackoff, 'retryBackoff') : 0;
    if (headers.jobTimeout) await deps.extendTimeout(job.key, parseIsoDuration(headers.jobTimeout, 'jobTimeout'));
  } catch (error) {
    // A broken header cannot be fixed by retrying: incident at once, as Camunda does.
    const e = asConnectorError(error);
    return mask({ kind: 'fail', message: truncate(`${e.code}: ${e.message}`), retries: 0, backoffMs: 0, variables: {} }, masker);
  }

  let errorInput: Parameters<typeof evaluateErrorExpression>[1];
  try {
    const resolved = await deps.secrets.resolve(job.variables);
    masker.add(resolved.secretValues);
    deps.logMasker.add(resolved.secretValues);
    const result = await task.execute(resolved.value, contextFor(job, deps));
    const output = mapResult(result, headers);
    errorInput = { response: Object.keys(output).length > 0 ? output : result, retries: job.retries };
    outcome = { kind: 'complete', variables: output };
  } catch (error) {
    const e = asConnectorError(error);
    errorInput = { error: errorVariable(e), retries: job.retries };
    outcome = outcomeOfFailure(e, { family: task.family, retries: job.retries, backoffMs });
  }

  if (headers.errorExpression) {
    try {
      const directive = evaluateErrorExpression(headers.errorExpression, errorInput);
      if (directive) outcome = outcomeOfDirective(directive);
    } catch (error) {
      const e = asConnectorError(error);
      outcome = { kind: 'fail', message: truncate(`${e.code}: ${e.message}`), retries: 0, backoffMs: 0, variables: {} };
    }
  }
  return mask(guardSize(outcome, task.family, job.retries, backoffMs), masker);
}

interface TaskHeaders {
  resultVariable?: string;
  resultExpression?: string;
  errorExpression?: string;
  retryBackoff?: string;
  jobTimeout?: string;
}

function readHeaders(headers: Record<string, unknown>): TaskHeaders {
  const text = (name: string) => {
    const v = headers[name];
    return typeof v === 'string' && v.trim() !== '' ? v : undefined;
  };
  return {
    resultVariable: text('resultVariable'),
    resultExpression: text('resultExpression'),
    errorExpression: text('errorExpression'),
    retryBackoff: text('retryBackoff'),
    jobTimeout: text('jobTimeout'),
  };
}

function mapResult(result: unknown, headers: TaskHeaders): Record<string, unknown> {
  const output: Record<string, unknown> = {};
  if (headers.resultVariable) output[headers.resultVariable] = result ?? null;
  if (headers.resultExpression) Object.assign(output, evaluateResultExpression(headers.resultExpression, result));
  return output;
}

function guardSize(outcome: Outcome, family: TaskDefinition['family'], retries: number, backoffMs: number): Outcome {
  const bytes = Buffer.byteLength(JSON.stringify(outcome.variables));
  if (bytes <= MAX_OUTPUT_BYTES) return outcome;
  const error = new ConnectorError(
    'INVALID_INPUT',
    `Output variables payload (${bytes} bytes) exceeds the 1.5 MB safe variable size limit for Zeebe. ` +
      'Map fewer fields with resultExpression, or return the content as a document.',
    { path: 'resultExpression' },
  );
  return outcomeOfFailure(error, { family, retries, backoffMs });
}

function mask(outcome: Outcome, masker: SecretMasker): Outcome {
  const variables = masker.maskValue(outcome.variables);
  if (outcome.kind === 'complete') return { ...outcome, variables };
  return { ...outcome, message: masker.maskText(outcome.message), variables };
}

function contextFor(job: ActivatedJob, deps: JobProcessorDeps): JobContext {
  return {
    jobKey: job.key,
    processInstanceKey: job.processInstanceKey,
    elementInstanceKey: job.elementInstanceKey,
    bpmnProcessId: job.bpmnProcessId,
    elementId: job.elementId,
    log: deps.log.child({ jobKey: job.key, elementId: job.elementId }),
    documents: deps.documents,
    extendTimeout: (ms) => deps.extendTimeout(job.key, ms),
  };
}
