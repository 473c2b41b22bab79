import type { Logger } from 'pino';
import type { DocumentStore } from './documents';
import type { JobContext, TaskDefinition } from './connector';
import { createDeadline, runWithDeadline, type JobDeadline } from './deadline';
import { asConnectorError, ConnectorError } from './errors';
import { evaluateErrorExpression, evaluateResultExpression, parseIsoDuration } from './expressions';
import { assertDepth, visitStrings } from './json-walk';
import { scopeOf, type DeclaredSecret } from './model-secrets';
import { errorVariable, outcomeOfDirective, outcomeOfFailure, truncate, type Outcome } from './outcome';
import { findPlaceholders } from './secret-placeholders';
import { SecretMasker, type SecretResolver, type SecretScope } from './secrets';

/** The part of an activated Zeebe job the runtime reads (both the gRPC and the REST job have it). */
export interface ActivatedJob {
  key: string;
  retries: number;
  processInstanceKey: string;
  elementInstanceKey: string;
  bpmnProcessId: string;
  elementId: string;
  processDefinitionKey?: string;
  variables: Record<string, unknown>;
  customHeaders: Record<string, unknown>;
}

/**
 * Where the secret placeholders that are resolved may come from:
 * - `model` (the default): only those the deployed model wrote into the task's input mappings, for the
 *   property they were written for (Camunda's secret filter); placeholders in process data stay text;
 * - `variables`: any placeholder anywhere in the job's variables (the old behaviour; operator's opt-in).
 */
export type PlaceholderPolicy =
  | { source: 'model'; declared(job: ActivatedJob): Promise<DeclaredSecret[]> }
  | { source: 'variables' };

export interface JobProcessorDeps {
  secrets: SecretResolver;
  placeholders: PlaceholderPolicy;
  /** Every secret value seen so far, for the logger. */
  logMasker: SecretMasker;
  documents: DocumentStore;
  log: Logger;
  extendTimeout(jobKey: string, ms: number): Promise<void>;
  /** Sets local variables on an element instance (JobContext.remember). */
  setLocalVariables?(elementInstanceKey: string, variables: Record<string, unknown>): Promise<void>;
  /** How long a job may run before its AWS calls and streams are cut (kept under the Zeebe job timeout). */
  deadlineMs?: number;
}

/** Zeebe refuses variables much above this; the Java runtime guards the same 1.5 MB. */
export const MAX_OUTPUT_BYTES = (3 * 1024 * 1024) / 2;

/** Without a configured deadline: under the worker's default 5-minute job timeout. */
export const DEFAULT_DEADLINE_MS = 290_000;

/**
 * Runs one job from its variables to its outcome: secrets, the connector, result mapping, errorExpression,
 * size guard, and masking. It never throws, whatever the job or the AWS answer holds: every step runs
 * inside the guard, and every failure becomes an outcome with a code.
 */
export async function processJob(job: ActivatedJob, task: TaskDefinition, deps: JobProcessorDeps): Promise<Outcome> {
  const masker = new SecretMasker();
  try {
    return seal(await run(job, task, deps, masker), masker);
  } catch (error) {
    try {
      return seal(outcomeOfFailure(asConnectorError(error), { family: task.family, retries: retriesOf(job), backoffMs: 0 }), masker);
    } catch {
      // Not even the failure could be described (it could not be masked): say so without any of it.
      return { kind: 'fail', message: 'UNKNOWN_ERROR: the job could not be processed; see the worker log', retries: Math.max(retriesOf(job) - 1, 0), backoffMs: 0, variables: {} };
    }
  }
}

async function run(job: ActivatedJob, task: TaskDefinition, deps: JobProcessorDeps, masker: SecretMasker): Promise<Outcome> {
  const headers = readHeaders(job.customHeaders);
  const retries = retriesOf(job);
  let backoffMs = 0;
  const deadline = createDeadline(deps.deadlineMs ?? DEFAULT_DEADLINE_MS);
  try {
    try {
      backoffMs = headers.retryBackoff ? parseIsoDuration(headers.retryBackoff, 'retryBackoff') : 0;
      if (headers.jobTimeout) {
        const ms = parseIsoDuration(headers.jobTimeout, 'jobTimeout');
        await deps.extendTimeout(job.key, ms);
        deadline.extend(ms);
      }
    } catch (error) {
      // A broken header cannot be fixed by retrying: incident at once, as Camunda does.
      const e = asConnectorError(error);
      return { kind: 'fail', message: `${e.code}: ${e.message}`, retries: 0, backoffMs: 0, variables: {} };
    }

    let outcome: Outcome;
    let errorInput: Parameters<typeof evaluateErrorExpression>[1];
    try {
      const variables = job.variables ?? {};
      assertDepth(variables, '');
      const resolved = await deps.secrets.resolve(variables, await scopeFor(job, variables, deps.placeholders));
      masker.add(resolved.secretValues);
      deps.logMasker.add(resolved.secretValues);
      const result = await runWithDeadline(deadline, () => task.execute(resolved.value, contextFor(job, deps, masker, deadline)));
      assertDepth(result, 'response', 'INVALID_RESULT_FORMAT');
      // Expressions see the answer with the secrets already masked: nothing they derive (upper case, substring) can hold one.
      const visible = headers.resultExpression || headers.errorExpression ? masker.maskValue(result) : result;
      const output = await mapResult(visible, headers, deadline);
      errorInput = { response: Object.keys(output).length > 0 ? output : visible, retries };
      outcome = { kind: 'complete', variables: output };
    } catch (error) {
      const e = asConnectorError(error);
      errorInput = { error: headers.errorExpression ? masker.maskValue(errorVariable(e, task.family)) : errorVariable(e, task.family), retries };
      outcome = outcomeOfFailure(e, { family: task.family, retries, backoffMs });
    }

    if (headers.errorExpression) {
      try {
        const directive = await evaluateErrorExpression(headers.errorExpression, errorInput, deadline);
        if (directive) outcome = outcomeOfDirective(directive);
      } catch (error) {
        const e = asConnectorError(error);
        // Out of time (no FEEL thread before the deadline) is no fault of the expression: retried.
        outcome = e.transient
          ? outcomeOfFailure(e, { family: task.family, retries, backoffMs })
          : { kind: 'fail', message: `${e.code}: ${e.message}`, retries: 0, backoffMs: 0, variables: {} };
      }
    }
    return guardSize(outcome, task.family, retries, backoffMs);
  } finally {
    deadline.close();
  }
}

/** Which placeholders this job may resolve; the model is only read when the variables hold a placeholder. */
async function scopeFor(job: ActivatedJob, variables: Record<string, unknown>, policy: PlaceholderPolicy): Promise<SecretScope | undefined> {
  if (policy.source === 'variables') return undefined;
  let any = false;
  visitStrings(variables, (s) => {
    if (!any && findPlaceholders(s).length > 0) any = true;
  });
  if (!any) return () => false;
  return scopeOf(await policy.declared(job));
}

function retriesOf(job: ActivatedJob): number {
  const n = Number(job?.retries);
  return Number.isInteger(n) && n >= 0 ? n : 0;
}

interface TaskHeaders {
  resultVariable?: string;
  resultExpression?: string;
  errorExpression?: string;
  retryBackoff?: string;
  jobTimeout?: string;
}

function readHeaders(headers: unknown): TaskHeaders {
  const all = headers !== null && typeof headers === 'object' ? (headers as Record<string, unknown>) : {};
  const text = (name: string) => {
    const v = all[name];
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

async function mapResult(result: unknown, headers: TaskHeaders, deadline: JobDeadline): Promise<Record<string, unknown>> {
  const output: Record<string, unknown> = {};
  if (headers.resultVariable) output[headers.resultVariable] = result ?? null;
  if (headers.resultExpression) Object.assign(output, await evaluateResultExpression(headers.resultExpression, result, deadline));
  return output;
}

function guardSize(outcome: Outcome, family: TaskDefinition['family'], retries: number, backoffMs: number): Outcome {
  try {
    assertDepth(outcome.variables, 'variables', 'INVALID_RESULT_FORMAT');
  } catch (error) {
    return outcomeOfFailure(asConnectorError(error), { family, retries, backoffMs });
  }
  const bytes = Buffer.byteLength(JSON.stringify(outcome.variables) ?? '');
  if (bytes <= MAX_OUTPUT_BYTES) return outcome;
  const error = new ConnectorError(
    'INVALID_INPUT',
    `Output variables payload (${bytes} bytes) exceeds the 1.5 MB safe variable size limit for Zeebe. ` +
      'Map fewer fields with resultExpression, or return the content as a document.',
    { path: 'resultExpression' },
  );
  return outcomeOfFailure(error, { family, retries, backoffMs });
}

/**
 * The last step of every outcome: secrets masked everywhere they can appear (message, BPMN error code,
 * every variable, names included), then the message cut to Zeebe's limit (after masking, so that a cut
 * cannot leave part of a secret unmasked).
 */
function seal(outcome: Outcome, masker: SecretMasker): Outcome {
  const variables = masker.maskValue(outcome.variables ?? {});
  assertDepth(variables, 'variables');
  if (outcome.kind === 'complete') return { kind: 'complete', variables };
  const message = truncate(masker.maskText(outcome.message));
  if (outcome.kind === 'bpmnError') return { kind: 'bpmnError', code: truncate(masker.maskText(outcome.code)), message, variables };
  return { ...outcome, message, variables };
}

function contextFor(job: ActivatedJob, deps: JobProcessorDeps, masker: SecretMasker, deadline: JobDeadline): JobContext {
  return {
    jobKey: job.key,
    processInstanceKey: job.processInstanceKey,
    elementInstanceKey: job.elementInstanceKey,
    bpmnProcessId: job.bpmnProcessId,
    elementId: job.elementId,
    log: deps.log.child({ jobKey: job.key, elementId: job.elementId }),
    documents: deps.documents,
    extendTimeout: async (ms) => {
      await deps.extendTimeout(job.key, ms);
      deadline.extend(ms);
    },
    secrets: { isSecret: (value) => masker.has(value), disclose: (value) => masker.remove(value) },
    ...(deps.setLocalVariables ? { remember: (variables: Record<string, unknown>) => deps.setLocalVariables!(job.elementInstanceKey, masker.maskValue(variables) as Record<string, unknown>) } : {}),
  };
}
