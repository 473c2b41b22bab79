import type { Readable } from 'node:stream';
import { callAws } from '../../aws/errors';
import type { JobContext } from '../../runtime/connector';
import { ConnectorError } from '../../runtime/errors';
import { pollUntilDone } from '../../runtime/polling';
import { readAtMost } from '../../runtime/byte-cap';
import type { ConnectorDeps } from '../deps';
import { PENDING_VARIABLE, type PendingInvocation } from './pending';

/** What fits a process variable (the job's output guard); a bigger output is left in S3 for the S3 connector. */
const MAX_OUTPUT_BYTES = 1024 * 1024;

export interface S3Object { bytes: Buffer; contentType?: string }

function parseS3Uri(uri: string): { bucket: string; key: string } {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  if (!match) throw new ConnectorError('INVALID_RESULT_FORMAT', `SageMaker answered a location that is not an S3 URI: ${uri.slice(0, 200)}`);
  return { bucket: match[1]!, key: match[2]! };
}

/** Waits until SageMaker has written the output or the failure object, and reads it. */
export async function readOutput(
  pending: PendingInvocation, awsInput: object, deps: ConnectorDeps, ctx: JobContext, timing: { intervalMs: number; timeoutMs: number },
): Promise<{ found: 'output' | 'failure'; object: S3Object }> {
  const { client } = deps.aws.s3(awsInput);
  const { GetObjectCommand } = require('@aws-sdk/client-s3') as typeof import('@aws-sdk/client-s3');
  const read = async (uri: string): Promise<S3Object | undefined> => {
    const { bucket, key } = parseS3Uri(uri);
    try {
      const object = await callAws(`S3 read of ${uri}`, () => client.send(new GetObjectCommand({ Bucket: bucket, Key: key })));
      const bytes = await readAtMost(object.Body as Readable, MAX_OUTPUT_BYTES, () => new ConnectorError('REQUEST_TOO_LARGE',
        `The SageMaker output ${uri} is over ${MAX_OUTPUT_BYTES} bytes, more than a process variable holds; set Wait for the output off and read it with the S3 connector`, {
          variables: { [PENDING_VARIABLE]: pending },
        }));
      return { bytes, contentType: object.ContentType };
    } catch (error) {
      if (error instanceof ConnectorError && error.code === 'NOT_FOUND') return undefined;
      throw error;
    }
  };
  return pollUntilDone(async () => {
    const output = await read(pending.outputLocation);
    if (output) return { found: 'output' as const, object: output };
    const failure = pending.failureLocation ? await read(pending.failureLocation) : undefined;
    return failure ? { found: 'failure' as const, object: failure } : undefined;
  }, {
    ...timing,
    ctx,
    // Transient: a retry of this task finds the remembered inference and goes on waiting.
    timedOut: () => new ConnectorError('CLIENT_EXECUTION_TIMEOUT', `SageMaker asynchronous inference ${pending.inferenceId ?? ''} of ${pending.endpointName} wrote no output to ${pending.outputLocation} within action.timeout; it may still be queued or running`, {
      type: 'AsyncInferenceTimeout', variables: { [PENDING_VARIABLE]: pending },
    }),
  });
}
