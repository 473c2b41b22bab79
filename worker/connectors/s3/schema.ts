import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { S3ConnectionSchema } from '../aws-input';
import { shown } from '../template-meta';

const bucket = shown(Type.String({ minLength: 1 }), { label: 'Bucket', group: 'action', feel: 'optional', description: 'The name of the S3 bucket, e.g. invoices-eu.' });
const key = shown(Type.String({ minLength: 1 }), { label: 'Key', group: 'action', feel: 'optional', description: 'The object\'s key (its path in the bucket), e.g. 2024/invoice-17.pdf.' });
const versionId = Type.Optional(shown(Type.String({ minLength: 1 }), { label: 'Version ID', group: 'action', feel: 'optional', description: 'A specific version of a versioned object. Default: the latest version.' }));

/** The kinds of S3 work; `action.type` picks one. */
export const S3_ACTIONS = ['upload', 'download', 'delete', 'list', 'copy', 'head', 'presign'] as const;
export type S3ActionType = (typeof S3_ACTIONS)[number];

export const S3ActionTypeSchema = shown(Type.Union(S3_ACTIONS.map((a) => Type.Literal(a))), {
  label: 'Operation',
  group: 'action',
  description: 'What to do with S3; the fields below follow the choice.',
  choiceLabels: {
    upload: 'Upload object', download: 'Download object', delete: 'Delete object', list: 'List objects',
    copy: 'Copy object', head: 'Read object metadata', presign: 'Create presigned URL',
  },
});

const stringMap = Type.Record(Type.String(), Type.String());

/** The choice of an upload option that leaves it to S3 (sends nothing), as leaving the input out does. */
export const S3_DEFAULT = 'default';

/** Each action's inputs under `action.*` (the official connector's binding names where they exist). */
export const S3ActionSchemas = {
  upload: Type.Object({
    type: Type.Literal('upload'),
    bucket,
    key: Type.Optional(shown(Type.String({ minLength: 1 }), { label: 'Key', group: 'action', feel: 'optional', description: 'The object\'s key. Default: the document\'s file name.' })),
    document: shown(Type.Unknown(), {
      label: 'Document', group: 'action', feel: 'required', editor: 'String',
      description: 'What to upload: a Camunda document reference, {"camunda.document.type":"external", url}, {"camunda.document.type":"inline", content, name}, {base64, name} or an S3 object {bucket, key}.',
    }),
    contentType: Type.Optional(shown(Type.String({ minLength: 1 }), { label: 'Content type', group: 'action', feel: 'optional', description: 'The object\'s Content-Type. Default: the content type of the document.' })),
    metadata: Type.Optional(shown(stringMap, { label: 'Metadata', group: 'action', feel: 'required', editor: 'String', description: 'User metadata (x-amz-meta-*), a FEEL context of strings. Default: none.' })),
    tags: Type.Optional(shown(stringMap, { label: 'Tags', group: 'action', feel: 'required', editor: 'String', description: 'Object tags, a FEEL context of strings. Default: none.' })),
    // `default` (S3_DEFAULT) says what leaving the input out means and sends nothing; the template writes it, so the Modeler's dropdown never opens blank.
    storageClass: Type.Optional(shown(Type.Union([S3_DEFAULT, 'STANDARD', 'STANDARD_IA', 'ONEZONE_IA', 'INTELLIGENT_TIERING', 'GLACIER_IR', 'GLACIER', 'DEEP_ARCHIVE', 'REDUCED_REDUNDANCY'].map((c) => Type.Literal(c))), {
      label: 'Storage class', group: 'action', description: 'Where S3 keeps the object (price and access time). Default: STANDARD, S3\'s own.',
      defaultChoice: S3_DEFAULT, choiceLabels: { [S3_DEFAULT]: 'S3\'s default (STANDARD)' },
    })),
    serverSideEncryption: Type.Optional(shown(Type.Union([Type.Literal(S3_DEFAULT), Type.Literal('AES256'), Type.Literal('aws:kms')]), {
      label: 'Server-side encryption', group: 'action', description: 'How S3 encrypts the object at rest: AES256 (S3-managed keys) or aws:kms. Default: the bucket\'s encryption.',
      defaultChoice: S3_DEFAULT, choiceLabels: { [S3_DEFAULT]: 'S3\'s default (bucket settings)', AES256: 'S3-managed keys (AES256)', 'aws:kms': 'AWS KMS keys (aws:kms)' },
    })),
    kmsKeyId: Type.Optional(shown(Type.String({ minLength: 1 }), {
      label: 'KMS key ID', group: 'action', feel: 'optional', description: 'With aws:kms: the KMS key\'s ID or ARN. Default: the AWS managed key for S3.',
      visibleWhen: { path: 'action.serverSideEncryption', oneOf: ['aws:kms'] },
    })),
  }),
  download: Type.Object({
    type: Type.Literal('download'),
    bucket,
    key,
    versionId,
    returnAs: Type.Optional(shown(Type.Union(['document', 'text', 'json', 'base64', 'auto'].map((f) => Type.Literal(f)), { default: 'document' }), {
      label: 'Return as', group: 'action', description: 'The form of the downloaded content in the result. Default: a Camunda document.',
      choiceLabels: {
        document: 'Camunda document (any size)', text: 'Text (up to 1.5 MB)', json: 'JSON (up to 1.5 MB)', base64: 'Base64 (up to 1.5 MB)',
        auto: 'By content type: text, JSON or base64 (up to 1.5 MB)',
      },
    })),
    encoding: Type.Optional(shown(Type.String({ minLength: 1 }), { label: 'Text encoding', group: 'action', description: 'The charset of the text. Default: the one the content type names, else UTF-8.', visibleWhen: { path: 'action.returnAs', oneOf: ['text', 'json', 'auto'] } })),
  }),
  delete: Type.Object({ type: Type.Literal('delete'), bucket, key, versionId }),
  list: Type.Object({
    type: Type.Literal('list'),
    bucket,
    prefix: Type.Optional(shown(Type.String(), { label: 'Prefix', group: 'action', feel: 'optional', description: 'Only keys that start with it, e.g. invoices/. Default: all keys.' })),
    delimiter: Type.Optional(shown(Type.String(), { label: 'Delimiter', group: 'action', description: 'Groups keys at this character, e.g. / to list one folder level. Default: none (every key).' })),
    maxKeys: Type.Optional(shown(Type.Integer({ minimum: 1, maximum: 1000, default: 1000 }), { label: 'Maximum keys', group: 'action', feel: 'static', description: 'The most keys in one answer, 1 to 1000. Default: 1000.' })),
    continuationToken: Type.Optional(shown(Type.String(), { label: 'Continuation token', group: 'action', feel: 'optional', description: 'The nextContinuationToken of the previous page. Default: the first page.' })),
  }),
  copy: Type.Object({
    type: Type.Literal('copy'),
    sourceBucket: shown(Type.String({ minLength: 1 }), { label: 'Source bucket', group: 'action', feel: 'optional', description: 'The bucket to copy from.' }),
    sourceKey: shown(Type.String({ minLength: 1 }), { label: 'Source key', group: 'action', feel: 'optional', description: 'The key of the object to copy.' }),
    sourceVersionId: Type.Optional(shown(Type.String({ minLength: 1 }), { label: 'Source version ID', group: 'action', feel: 'optional', description: 'A specific version to copy. Default: the latest version.' })),
    bucket: shown(Type.String({ minLength: 1 }), { label: 'Target bucket', group: 'action', feel: 'optional', description: 'The bucket to copy to (may be the source bucket).' }),
    key: shown(Type.String({ minLength: 1 }), { label: 'Target key', group: 'action', feel: 'optional', description: 'The key of the copy.' }),
  }),
  head: Type.Object({ type: Type.Literal('head'), bucket, key, versionId }),
  presign: Type.Object({
    type: Type.Literal('presign'),
    bucket,
    key,
    method: Type.Optional(shown(Type.Union([Type.Literal('GET'), Type.Literal('PUT')], { default: 'GET' }), { label: 'Method', group: 'action', description: 'What the URL allows. Default: GET.', choiceLabels: { GET: 'GET (download)', PUT: 'PUT (upload)' } })),
    expiresIn: Type.Optional(shown(Type.Integer({ minimum: 1, maximum: 604800, default: 900 }), { label: 'Expires in (seconds)', group: 'action', feel: 'static', description: 'How long the URL works, 1 to 604800 (7 days). Default: 900.' })),
  }),
} satisfies Record<S3ActionType, TSchema>;

/** Validated first, so that the action's own schema can then be chosen and its errors be precise. */
export const S3DiscriminatorSchema = Type.Object({ action: Type.Object({ type: S3ActionTypeSchema }) });

export const S3InputSchemas = Object.fromEntries(
  S3_ACTIONS.map((a) => [a, Type.Object({ ...S3ConnectionSchema, action: S3ActionSchemas[a] })]),
) as { [A in S3ActionType]: ReturnType<typeof Type.Object<typeof S3ConnectionSchema & { action: (typeof S3ActionSchemas)[A] }>> };

export type S3Input = { [A in S3ActionType]: Static<(typeof S3InputSchemas)[A]> }[S3ActionType];
export type S3Action = S3Input['action'];
