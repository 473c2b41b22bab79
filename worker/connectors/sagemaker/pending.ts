import { isPlainObject } from '../../runtime/expressions';
import type { InvokeEndpointAsyncAction } from './schema';

/** The task-local variable holding an asynchronous inference the task waits for (JobContext.remember). */
export const PENDING_VARIABLE = 'sagemakerAsyncInference';

export interface PendingInvocation {
  endpointName: string;
  inputLocation: string;
  outputLocation: string;
  failureLocation: string | null;
  inferenceId: string | null;
}

const S3_URI = /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/.+/;

/**
 * The inference an earlier delivery of this job started, if it was for the same endpoint and input. Anything
 * else in the variable (a model may set it too) is ignored: a new inference is started.
 */
export function pendingInvocation(value: unknown, action: InvokeEndpointAsyncAction): PendingInvocation | undefined {
  if (!isPlainObject(value)) return undefined;
  if (value.endpointName !== action.endpointName || value.inputLocation !== action.inputLocation) return undefined;
  if (typeof value.outputLocation !== 'string' || !S3_URI.test(value.outputLocation)) return undefined;
  const failureLocation = typeof value.failureLocation === 'string' && S3_URI.test(value.failureLocation) ? value.failureLocation : null;
  return {
    endpointName: action.endpointName, inputLocation: action.inputLocation, outputLocation: value.outputLocation, failureLocation,
    inferenceId: typeof value.inferenceId === 'string' ? value.inferenceId : null,
  };
}
