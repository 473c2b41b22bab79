import { InvokeEndpointAsyncCommand, InvokeEndpointCommand } from '@aws-sdk/client-sagemaker-runtime';
import { callAws } from '../../aws/errors';
import type { JobContext } from '../../runtime/connector';
import { ConnectorError } from '../../runtime/errors';
import type { ConnectorDeps } from '../deps';
import { decodeAnswer, MAX_REQUEST_BYTES, requestBody } from './body';
import { readOutput, type S3Object } from './output';
import { pendingInvocation, PENDING_VARIABLE, type PendingInvocation } from './pending';
import type { InvokeEndpointAction, InvokeEndpointAsyncAction } from './schema';

interface Call<A> { action: A; authentication?: object; configuration?: { region?: string; endpoint?: string } }

export interface InvokeResult {
  body: unknown;
  bodyEncoding?: 'base64';
  contentType: string | null;
  customAttributes: string | null;
  invokedProductionVariant: string | null;
}

/** InvokeEndpoint. `jsonQuoted`: Camunda's connector JSON-serialises a text body (CSV arrives quoted). */
export async function invokeEndpoint(input: Call<InvokeEndpointAction>, deps: ConnectorDeps, jsonQuoted = false): Promise<InvokeResult> {
  const { action } = input;
  if (action.body === undefined || action.body === null || action.body === '') throw new ConnectorError('MISSING_INPUT', 'action.body: is required', { path: 'action.body' });
  const body = requestBody(action.body, jsonQuoted);
  if (body.length > MAX_REQUEST_BYTES) {
    throw new ConnectorError('REQUEST_TOO_LARGE', `action.body: ${body.length} bytes is over SageMaker's ${MAX_REQUEST_BYTES}-byte limit for real-time inference; use the asynchronous type with the input in S3`, { path: 'action.body' });
  }
  const { client } = deps.aws.sagemakerRuntime(input);
  const answer = await callAws(`SageMaker InvokeEndpoint of ${action.endpointName}`, () => client.send(new InvokeEndpointCommand({
    EndpointName: action.endpointName,
    Body: body,
    ContentType: action.contentType ?? 'application/json',
    Accept: action.accept,
    CustomAttributes: action.customAttributes,
    TargetModel: action.targetModel,
    TargetVariant: action.targetVariant,
    TargetContainerHostname: action.targetContainerHostname,
    InferenceId: action.inferenceId,
    EnableExplanations: action.enableExplanations,
    InferenceComponentName: action.inferenceComponentName,
  })));
  return {
    ...decodeAnswer(answer.Body ?? new Uint8Array(), answer.ContentType),
    contentType: answer.ContentType ?? null,
    customAttributes: answer.CustomAttributes ?? null,
    invokedProductionVariant: answer.InvokedProductionVariant ?? null,
  };
}

export interface AsyncStarted { outputLocation: string | null; failureLocation: string | null; inferenceId: string | null }
export type AsyncResult = AsyncStarted & { body: unknown; bodyEncoding?: 'base64'; contentType: string | null };

/** InvokeEndpointAsync: starts the inference; the locations SageMaker will write to come back. */
export async function startAsync(input: Call<InvokeEndpointAsyncAction>, deps: ConnectorDeps): Promise<AsyncStarted> {
  const { action } = input;
  const { client } = deps.aws.sagemakerRuntime(input);
  const answer = await callAws(`SageMaker InvokeEndpointAsync of ${action.endpointName}`, () => client.send(new InvokeEndpointAsyncCommand({
    EndpointName: action.endpointName,
    InputLocation: action.inputLocation,
    ContentType: action.contentType ?? 'application/json',
    Accept: action.accept,
    CustomAttributes: action.customAttributes,
    InferenceId: action.inferenceId,
    RequestTTLSeconds: action.requestTTLSeconds,
    InvocationTimeoutSeconds: action.invocationTimeoutSeconds,
  })));
  return { outputLocation: answer.OutputLocation ?? null, failureLocation: answer.FailureLocation ?? null, inferenceId: answer.InferenceId ?? null };
}

/**
 * InvokeEndpointAsync, then waits for the output (or failure) object in S3 as Textract's polling waits (a
 * timer, the Zeebe job's timeout pushed out). The invocation is remembered on the task's element instance
 * first, so a delivery of the same job after a worker restart, a timeout or a retry waits for the same
 * inference instead of starting another.
 */
export async function invokeAsyncAndWait(input: Call<InvokeEndpointAsyncAction>, deps: ConnectorDeps, ctx: JobContext, remembered: unknown): Promise<AsyncResult> {
  const { action } = input;
  let pending = pendingInvocation(remembered, action);
  if (pending) ctx.log.info({ inferenceId: pending.inferenceId, outputLocation: pending.outputLocation }, 'SageMaker asynchronous inference resumed');
  else {
    const started = await startAsync(input, deps);
    if (!started.outputLocation) throw new ConnectorError('INVALID_RESULT_FORMAT', `SageMaker InvokeEndpointAsync of ${action.endpointName} answered no output location`);
    pending = { endpointName: action.endpointName, inputLocation: action.inputLocation, ...started, outputLocation: started.outputLocation };
    try {
      await ctx.remember?.({ [PENDING_VARIABLE]: pending });
    } catch (error) {
      // The wait goes on; only a later delivery of this job would start a second inference.
      ctx.log.warn({ err: error }, 'could not record the asynchronous inference on the task; a restart would start it again');
    }
    ctx.log.info({ inferenceId: pending.inferenceId, outputLocation: pending.outputLocation }, 'SageMaker asynchronous inference started');
  }
  const output = await readOutput(pending, input, deps, ctx, { intervalMs: action.pollInterval ?? 5000, timeoutMs: action.timeout ?? 3_600_000 });
  // A failed inference is forgotten: a retry of the task starts a new one.
  if (output.found === 'failure') await ctx.remember?.({ [PENDING_VARIABLE]: null }).catch(() => undefined);
  return finish(pending, output, action);
}

function finish(pending: PendingInvocation, output: { found: 'output' | 'failure'; object: S3Object }, action: InvokeEndpointAsyncAction): AsyncResult {
  const contentType = output.object.contentType ?? action.accept;
  const decoded = decodeAnswer(output.object.bytes, contentType);
  const locations = { outputLocation: pending.outputLocation, failureLocation: pending.failureLocation, inferenceId: pending.inferenceId };
  if (output.found === 'failure') {
    const reason = typeof decoded.body === 'string' ? decoded.body.slice(0, 1000) : JSON.stringify(decoded.body).slice(0, 1000);
    throw new ConnectorError('FAILED_DEPENDENCY', `SageMaker asynchronous inference ${pending.inferenceId ?? ''} of ${pending.endpointName} failed: ${reason}`, {
      type: 'AsyncInferenceFailed', variables: { sagemakerError: { ...locations, body: decoded.body } },
    });
  }
  return { ...decoded, contentType: contentType ?? null, ...locations };
}
