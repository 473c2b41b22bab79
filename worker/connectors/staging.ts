import type { Readable } from 'node:stream';
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { callAws } from '../aws/errors';
import type { AwsConnectionInput } from '../aws/clients';
import type { JobContext } from '../runtime/connector';
import { ConnectorError } from '../runtime/errors';
import type { ConnectorDeps } from './deps';
import { isPrintableAscii } from '../aws/s3-names';

export interface StagedObject {
  bucket: string;
  key: string;
  remove(): Promise<void>;
}

/**
 * Puts a document where an AWS service can read it: AWS_S3_BUCKET, under
 * `zeebe-aws-connectors/staging/<element instance>/`, streamed. `why` completes the message when no bucket is set.
 */
export async function stageToS3(
  body: Readable | Buffer,
  meta: { fileName?: string; contentType?: string; path: string; why: string },
  input: AwsConnectionInput,
  deps: ConnectorDeps,
  ctx: JobContext,
): Promise<StagedObject> {
  const bucket = deps.stagingBucket;
  if (!bucket) {
    if (!Buffer.isBuffer(body)) body.destroy();
    throw new ConnectorError('MISSING_INPUT', `${meta.path}: ${meta.why} needs a staging bucket; set AWS_S3_BUCKET for the worker`, { path: meta.path });
  }
  const key = `zeebe-aws-connectors/staging/${ctx.elementInstanceKey}/${(meta.fileName ?? 'document').replace(/[^\w.-]+/g, '_')}`;
  const { client: s3 } = deps.aws.s3(input);
  await callAws(`Staging the document to s3://${bucket}/${key}`, () => new Upload({
    client: s3, params: { Bucket: bucket, Key: key, Body: body, ContentType: meta.contentType && isPrintableAscii(meta.contentType) ? meta.contentType : undefined }, partSize: 5 * 1024 * 1024, queueSize: 2,
  }).done());
  return {
    bucket,
    key,
    remove: async () => {
      // Asked again: a removal after the Zeebe job (textract/staged-cleanup.ts) may find the first client evicted.
      await deps.aws.s3(input).client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key })).catch((e) => ctx.log.warn({ err: e, key }, 'could not remove the staged document'));
    },
  };
}
