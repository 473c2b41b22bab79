import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { AwsConnectionSchema } from '../aws-input';
import { ContentSourceSchema } from '../content-source';
import { shown } from '../template-meta';

export const TEXTRACT_ACTIONS = ['extract', 'expense'] as const;
export type TextractActionType = (typeof TEXTRACT_ACTIONS)[number];

export const TextractActionTypeSchema = shown(Type.Union(TEXTRACT_ACTIONS.map((a) => Type.Literal(a))), {
  label: 'Action', group: 'action',
  choiceLabels: { extract: 'Extract text, forms, tables, queries (EXTRACT)', expense: 'Analyze an invoice or receipt (AnalyzeExpense)' },
});

const document = shown(Type.Unknown(), {
  label: 'Document', group: 'action', feel: 'required', editor: 'String',
  description: 'An S3 object {bucket, key, versionId}, a Camunda document reference, an external or inline document, or {base64, name}',
});
const executionType = Type.Optional(shown(Type.Union(['sync', 'polling', 'async'].map((t) => Type.Literal(t)), { default: 'sync' }), {
  label: 'Execution type', group: 'action',
  choiceLabels: { sync: 'Real-time (one page, up to 10 MB)', polling: 'Polling (multi-page; waits without blocking)', async: 'Asynchronous (start only; answers the job ID)' },
}));
const timeout = Type.Optional(shown(Type.Integer({ minimum: 1000, maximum: 86_400_000, default: 900_000 }), {
  label: 'Timeout (ms)', group: 'action', feel: 'static', description: 'How long each Textract call, and polling as a whole, may take',
}));
const pollInterval = Type.Optional(shown(Type.Integer({ minimum: 100, maximum: 600_000, default: 5000 }), {
  label: 'Poll interval (ms)', group: 'action', feel: 'static',
}));
const asyncOptions = {
  outputBucket: Type.Optional(shown(Type.String({ minLength: 1 }), { label: 'Output S3 bucket', group: 'asynchronous', feel: 'optional' })),
  outputPrefix: Type.Optional(shown(Type.String({ minLength: 1 }), { label: 'Output S3 prefix', group: 'asynchronous', feel: 'optional' })),
  snsTopicArn: Type.Optional(shown(Type.String({ minLength: 1 }), { label: 'SNS topic ARN', group: 'asynchronous', feel: 'optional', description: 'With the role ARN, or neither' })),
  snsRoleArn: Type.Optional(shown(Type.String({ minLength: 1 }), { label: 'SNS role ARN', group: 'asynchronous', feel: 'optional' })),
  kmsKeyId: Type.Optional(shown(Type.String({ minLength: 1 }), { label: 'KMS key ID', group: 'asynchronous', feel: 'optional' })),
  clientRequestToken: Type.Optional(shown(Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-zA-Z0-9-_]+$' }), {
    label: 'Client request token', group: 'asynchronous', feel: 'optional', description: 'Defaults to one derived from the task instance, so a retried job reuses the Textract job',
  })),
  jobTag: Type.Optional(shown(Type.String({ minLength: 1, maxLength: 64 }), { label: 'Job tag', group: 'asynchronous', feel: 'optional' })),
};

const query = Type.Object({
  text: Type.String({ minLength: 1, maxLength: 200 }),
  alias: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  pages: Type.Optional(Type.Array(Type.String({ pattern: '^[0-9\\*\\-]+$' }), { minItems: 1 })),
});

export const TextractActionSchemas = {
  extract: Type.Object({
    type: Type.Literal('extract'),
    // The seed's EXTRACT names its image `file` (seed-extract.ts); `document` is ours, for PDFs, polling and async.
    document: Type.Optional(document),
    ...ContentSourceSchema,
    executionType,
    analyzeTables: Type.Optional(shown(Type.Boolean({ default: false }), { label: 'Analyze tables', group: 'features', feel: 'static' })),
    analyzeForms: Type.Optional(shown(Type.Boolean({ default: false }), { label: 'Analyze forms (key-values)', group: 'features', feel: 'static' })),
    analyzeSignatures: Type.Optional(shown(Type.Boolean({ default: false }), { label: 'Analyze signatures', group: 'features', feel: 'static' })),
    analyzeLayout: Type.Optional(shown(Type.Boolean({ default: false }), { label: 'Analyze layout', group: 'features', feel: 'static' })),
    queries: Type.Optional(shown(Type.Array(query, { minItems: 1, maxItems: 30 }), {
      label: 'Queries', group: 'features', feel: 'required', editor: 'String',
      description: 'A FEEL list of {text, alias, pages}, e.g. [{text: "What is the total?", alias: "total"}]',
    })),
    outputFormat: Type.Optional(shown(Type.Union([Type.Literal('JSON'), Type.Literal('TXT')], { default: 'JSON' }), {
      label: 'Output format', group: 'action', choiceLabels: { JSON: 'JSON (the service answer)', TXT: 'TXT (the lines, one per line)' },
    })),
    confidenceLevel: Type.Optional(shown(Type.Number({ minimum: 0, maximum: 1, default: 0 }), {
      label: 'Confidence level', group: 'action', feel: 'static', description: '0 to 1: lines, key-values and cells below it are left out',
    })),
    timeout,
    pollInterval,
    ...asyncOptions,
  }),
  expense: Type.Object({
    type: Type.Literal('expense'),
    document,
    executionType,
    confidenceLevel: Type.Optional(shown(Type.Number({ minimum: 0, maximum: 1, default: 0 }), {
      label: 'Confidence level', group: 'action', feel: 'static', description: '0 to 1: fields below it are left out',
    })),
    timeout,
    pollInterval,
    ...asyncOptions,
  }),
} satisfies Record<TextractActionType, TSchema>;

export const TextractDiscriminatorSchema = Type.Object({ action: Type.Object({ type: TextractActionTypeSchema }) });

export const TextractInputSchemas = {
  extract: Type.Object({ ...AwsConnectionSchema, action: TextractActionSchemas.extract }),
  expense: Type.Object({ ...AwsConnectionSchema, action: TextractActionSchemas.expense }),
};

export type TextractInput = Static<(typeof TextractInputSchemas)['extract']> | Static<(typeof TextractInputSchemas)['expense']>;
export type ExtractAction = Static<typeof TextractActionSchemas.extract>;
export type ExpenseAction = Static<typeof TextractActionSchemas.expense>;
