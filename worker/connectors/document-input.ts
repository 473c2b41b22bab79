import type { Readable } from 'node:stream';
import { callAws } from '../aws/errors';
import { isPlainObject } from '../runtime/expressions';
import { boundByDeadline } from '../runtime/deadline';
import { ConnectorError } from '../runtime/errors';
import { openDocument, type OpenedDocument } from '../runtime/documents';
import type { ConnectorDeps } from './deps';
import { checkBucket, checkKey } from '../aws/s3-names';

/**
 * Opens a document from any source a connector accepts: the runtime's (Camunda, external, inline,
 * base64) or an S3 object `{ bucket, key, versionId? }` read with the job's own AWS settings.
 */
export async function openAnyDocument(value: unknown, deps: ConnectorDeps, path: string, awsInput: object = {}): Promise<OpenedDocument> {
  if (value === undefined || value === null || value === '') {
    throw new ConnectorError('MISSING_INPUT', `${path}: is required`, { path });
  }
  const opened = await openDocument(value, { store: deps.store, urls: deps.urls }, path);
  if (opened) return opened;

  if (isPlainObject(value) && typeof value.bucket === 'string' && typeof value.key === 'string') {
    const bucket = checkBucket(value.bucket, `${path}.bucket`);
    const key = checkKey(value.key, `${path}.key`);
    const versionId = typeof value.versionId === 'string' ? value.versionId : undefined;
    const { client } = deps.aws.s3(awsInput);
    // Required here, not at the top: the schemas that import this module must not load the S3 client.
    const { GetObjectCommand } = require('@aws-sdk/client-s3') as typeof import('@aws-sdk/client-s3');
    const object = await callAws(`S3 download of s3://${bucket}/${key}`, () => client.send(new GetObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId })));
    return { stream: boundByDeadline(object.Body as Readable), size: object.ContentLength, contentType: object.ContentType, fileName: key.split('/').pop() };
  }
  throw new ConnectorError('INVALID_INPUT', `${path}: is not a document (expected a Camunda document reference, an external or inline document, {base64, name} or an S3 object {bucket, key})`, {
    path,
  });
}
