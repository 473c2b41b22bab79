import { Type, type TSchema } from '@sinclair/typebox';
import { answer, DocumentReferenceSchema, field, nullable } from '../result-types';
import type { S3ActionType } from './schema';

const bucket = field(Type.String(), 'The bucket');
const key = field(Type.String(), 'The object\'s key');
const versionId = field(nullable(Type.String()), 'The object version (versioned buckets), else null');
const eTag = field(nullable(Type.String()), 'The object\'s ETag (quoted, as S3 gives it)');
const contentType = field(nullable(Type.String()), 'The object\'s Content-Type');
const lastModified = field(nullable(Type.String()), 'When the object was last written (ISO 8601)');
const storageClass = field(nullable(Type.String()), 'The storage class; null means STANDARD');
const link = field(Type.String(), 'The object\'s URL (virtual-hosted style for AWS, path style under a custom endpoint)');

/** What `aws:s3:1` answers, per action. */
export const S3Results = {
  upload: answer({
    bucket, key, versionId, eTag,
    size: field(Type.Integer(), 'Bytes uploaded'),
    contentType: field(nullable(Type.String()), 'The Content-Type stored'),
    link,
  }),
  download: answer({
    bucket, key, versionId, contentType,
    size: field(nullable(Type.Integer()), 'The object\'s size in bytes'),
    document: Type.Optional(field(DocumentReferenceSchema, 'With `returnAs` document: the object as a Camunda document')),
    content: Type.Optional(field(Type.Unknown(), 'With `returnAs` text, json, base64 or auto: the content (text, parsed JSON, or base64)')),
    encoding: Type.Optional(field(Type.String(), 'The charset the text was decoded with, or `base64`')),
  }),
  delete: answer({ bucket, key, versionId, deleted: field(Type.Literal(true), 'Always true (S3 answers the same for a key that did not exist)') }),
  list: answer({
    bucket,
    prefix: field(nullable(Type.String()), 'The prefix listed, or null'),
    keyCount: field(Type.Integer(), 'How many keys this page holds'),
    isTruncated: field(Type.Boolean(), 'Whether more keys follow'),
    nextContinuationToken: field(nullable(Type.String()), 'Give it as `continuationToken` for the next page; null after the last'),
    objects: field(Type.Array(Type.Object({ key: Type.String(), size: Type.Integer(), eTag: nullable(Type.String()), lastModified: nullable(Type.String()), storageClass: nullable(Type.String()) }, { additionalProperties: false })),
      'The objects: {key, size, eTag, lastModified, storageClass}'),
    commonPrefixes: field(Type.Array(Type.String()), 'The "folders" under the delimiter'),
  }),
  copy: answer({
    bucket: field(Type.String(), 'The target bucket'), key: field(Type.String(), 'The key of the copy'),
    sourceBucket: field(Type.String(), 'The bucket copied from'), sourceKey: field(Type.String(), 'The key copied'),
    versionId: field(nullable(Type.String()), 'The copy\'s version, else null'), eTag, link,
  }),
  head: answer({
    bucket, key, versionId, contentType,
    size: field(nullable(Type.Integer()), 'The object\'s size in bytes'),
    eTag, lastModified, storageClass,
    metadata: field(Type.Record(Type.String(), Type.String()), 'The user metadata (x-amz-meta-*), without the prefix'),
  }),
  presign: answer({
    bucket, key,
    method: field(Type.Union([Type.Literal('GET'), Type.Literal('PUT')]), 'What the URL allows'),
    url: field(Type.String(), 'The presigned URL'),
    expiresAt: field(Type.String(), 'When it stops working (ISO 8601)'),
  }),
} satisfies Record<S3ActionType, TSchema>;

/** What `io.camunda:aws-s3:1` answers, per `actionDiscriminator`. */
export const CamundaS3Results = {
  uploadObject: answer({ bucket, key: field(Type.String(), 'The key used (the document\'s file name when none was given)'), link }),
  downloadObject: answer({
    bucket, key,
    element: field(Type.Union([
      Type.Object({ document: DocumentReferenceSchema }, { additionalProperties: false }),
      Type.Object({ content: Type.Unknown() }, { additionalProperties: false }),
    ]), '`{document}`: a Camunda document reference (asFile, DOCUMENT), or `{content}`: the text, JSON or base64 content'),
  }),
  deleteObject: answer({ bucket, key }),
};
