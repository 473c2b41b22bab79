import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { S3Object } from '@aws-sdk/client-rekognition';
import { callAws } from '../../aws/errors';
import { checkBucket, checkKey } from '../../aws/s3-names';
import { ConnectorError } from '../../runtime/errors';
import { isPlainObject } from '../../runtime/expressions';
import { givenSources } from '../content-source';
import type { ConnectorDeps } from '../deps';

/** Enough of a file's start to tell PNG (8 bytes) from JPEG (3 bytes). */
const SIGNATURE_BYTES = 16;

/**
 * The S3 object `{bucket, key, versionId?}` given as `file` (or the first of `files`) when it is the only
 * source given (two sources are refused by the content source's own check).
 */
export function s3ImageOf(action: { file?: unknown; files?: unknown[]; uri?: string; nodeId?: string }): S3Object | undefined {
  if (givenSources(action).length !== 1) return undefined;
  const file = action.file ?? (Array.isArray(action.files) ? action.files[0] : undefined);
  if (!isPlainObject(file) || file['camunda.document.type'] !== undefined || typeof file.bucket !== 'string' || typeof file.key !== 'string') return undefined;
  const path = action.file !== undefined ? 'action.file' : 'action.files[0]';
  return { Bucket: checkBucket(file.bucket, `${path}.bucket`), Name: checkKey(file.key, `${path}.key`), Version: typeof file.versionId === 'string' ? file.versionId : undefined };
}

/**
 * An S3 image's size and first bytes, from one ranged read: Rekognition then reads the object itself, so the
 * image is neither downloaded nor staged again.
 */
export async function peekS3Image(image: S3Object, input: object, deps: ConnectorDeps): Promise<{ size: number; head: Buffer }> {
  const { client } = deps.aws.s3(input);
  const where = `S3 read of the first bytes of s3://${image.Bucket}/${image.Name}`;
  const object = await callAws(where, () => client.send(new GetObjectCommand({
    Bucket: image.Bucket, Key: image.Name, VersionId: image.Version, Range: `bytes=0-${SIGNATURE_BYTES - 1}`,
  })));
  const head = Buffer.from(await callAws(where, async () => (await object.Body?.transformToByteArray()) ?? new Uint8Array()));
  // A ranged answer says the whole size in Content-Range (`bytes 0-15/12345`); a server ignoring the range sends it all.
  const total = /\/(\d+)\s*$/.exec(object.ContentRange ?? '')?.[1];
  const size = total !== undefined ? Number(total) : object.ContentLength;
  if (size === undefined || !Number.isFinite(size)) {
    throw new ConnectorError('INVALID_RESULT_FORMAT', `${where}: S3 did not say the object's size`);
  }
  return { size, head: head.subarray(0, SIGNATURE_BYTES) };
}
