import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { AwsConnectionSchema } from '../aws-input';
import { ContentSourceSchema } from '../content-source';
import { shown } from '../template-meta';

export const TEXTRACT_ACTIONS = ['extract', 'expense'] as const;
export type TextractActionType = (typeof TEXTRACT_ACTIONS)[number];

export const TextractActionTypeSchema = shown(Type.Union(TEXTRACT_ACTIONS.map((a) => Type.Literal(a))), {
  label: 'Operation', group: 'action', description: 'What Textract reads from the document; the fields below follow the choice.',
  choiceLabels: { extract: 'Extract text, forms, tables, queries (EXTRACT)', expense: 'Analyze an invoice or receipt (AnalyzeExpense)' },
});

const document = shown(Type.Unknown(), {
  label: 'Document', group: 'action', feel: 'required', editor: 'String',
  description: 'The document to analyse (PDF, TIFF, JPEG or PNG): an S3 object {bucket, key, versionId}, a Camunda document reference, an external or inline document, or {base64, name}.',
});
const executionType = Type.Optional(shown(Type.Union(['sync', 'polling', 'async'].map((t) => Type.Literal(t)), { default: 'sync' }), {
  label: 'Execution type', group: 'action', description: 'How Textract is called. Default: real-time.',
  choiceLabels: { sync: 'Real-time (one page, up to 10 MB)', polling: 'Polling (multi-page; waits without blocking)', async: 'Asynchronous (start only; answers the job ID)' },
}));
const timeout = Type.Optional(shown(Type.Integer({ minimum: 1000, maximum: 86_400_000, default: 900_000 }), {
  label: 'Timeout (ms)', group: 'action', feel: 'static', description: 'How long each Textract call, and polling as a whole, may take. Default: 900000 (15 minutes).',
}));
const pollInterval = Type.Optional(shown(Type.Integer({ minimum: 100, maximum: 600_000, default: 5000 }), {
  label: 'Poll interval (ms)', group: 'action', feel: 'static', description: 'How often polling asks whether the analysis is done. Default: 5000.',
  visibleWhen: { path: 'action.executionType', oneOf: ['polling'] },
}));
const asyncOptions = {
  outputBucket: Type.Optional(shown(Type.String({ minLength: 1 }), {
    label: 'Output S3 bucket', group: 'asynchronous', feel: 'optional', description: 'Where Textract also writes its results. Default: Textract keeps them (7 days).', visibleWhen: { path: 'action.executionType', oneOf: ['polling', 'async'] },
  })),
  outputPrefix: Type.Optional(shown(Type.String({ minLength: 1 }), {
    label: 'Output S3 prefix', group: 'asynchronous', feel: 'optional', description: 'The key prefix of the results in the output bucket. Default: textract_output.', visibleWhen: { path: 'action.executionType', oneOf: ['polling', 'async'] },
  })),
  snsTopicArn: Type.Optional(shown(Type.String({ minLength: 1 }), { label: 'SNS topic ARN', group: 'asynchronous', feel: 'optional', description: 'The SNS topic Textract notifies when it is done; give the SNS role ARN with it. Default: none.', visibleWhen: { path: 'action.executionType', oneOf: ['polling', 'async'] } })),
  snsRoleArn: Type.Optional(shown(Type.String({ minLength: 1 }), {
    label: 'SNS role ARN', group: 'asynchronous', feel: 'optional', description: 'The IAM role Textract uses to publish to the SNS topic. Default: none.', visibleWhen: { path: 'action.executionType', oneOf: ['polling', 'async'] },
  })),
  notificationQueueUrl: Type.Optional(shown(Type.String({ minLength: 1, maxLength: 2048 }), {
    label: 'Notification SQS queue URL', group: 'asynchronous', feel: 'optional',
    description: 'An SQS queue subscribed to the SNS topic: polling then waits for Textract\'s notification instead of asking every interval, and polls only as a safety net (every poll interval, default then 60000). Needs the SNS topic and role. Default: none (polling).',
    visibleWhen: { path: 'action.executionType', oneOf: ['polling'] },
  })),
  kmsKeyId: Type.Optional(shown(Type.String({ minLength: 1 }), {
    label: 'KMS key ID', group: 'asynchronous', feel: 'optional', description: 'The KMS key that encrypts the results in the output bucket. Default: S3-managed encryption.', visibleWhen: { path: 'action.executionType', oneOf: ['polling', 'async'] },
  })),
  clientRequestToken: Type.Optional(shown(Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-zA-Z0-9-_]+$' }), {
    label: 'Client request token', group: 'asynchronous', feel: 'optional', description: 'Makes the start idempotent. Default: one derived from the task instance, so a retried job reuses the Textract job.', visibleWhen: { path: 'action.executionType', oneOf: ['polling', 'async'] },
  })),
  jobTag: Type.Optional(shown(Type.String({ minLength: 1, maxLength: 64 }), {
    label: 'Job tag', group: 'asynchronous', feel: 'optional', description: 'A tag in the completion notification, to find the job. Default: none.', visibleWhen: { path: 'action.executionType', oneOf: ['polling', 'async'] },
  })),
};

const query = Type.Object({
  text: Type.String({ minLength: 1, maxLength: 200 }),
  alias: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  pages: Type.Optional(Type.Array(Type.String({ pattern: '^[0-9\\*\\-]+$' }), { minItems: 1 })),
});

export const TextractActionSchemas = {
  extract: Type.Object({
    type: Type.Literal('extract'),
    // The seed's EXTRACT names its image `file` (alfresco-extract.ts); `document` is ours, for PDFs, polling and async.
    document: Type.Optional(document),
    ...ContentSourceSchema,
    executionType,
    analyzeTables: Type.Optional(shown(Type.Boolean({ default: false }), { label: 'Analyze tables', group: 'features', feel: 'static', description: 'Adds the TABLES feature: tables with their cells. Default: off.' })),
    analyzeForms: Type.Optional(shown(Type.Boolean({ default: false }), { label: 'Analyze forms (key-values)', group: 'features', feel: 'static', description: 'Adds the FORMS feature: key-value pairs. Default: off.' })),
    analyzeSignatures: Type.Optional(shown(Type.Boolean({ default: false }), { label: 'Analyze signatures', group: 'features', feel: 'static', description: 'Adds the SIGNATURES feature: where signatures are. Default: off.' })),
    analyzeLayout: Type.Optional(shown(Type.Boolean({ default: false }), { label: 'Analyze layout', group: 'features', feel: 'static', description: 'Adds the LAYOUT feature: titles, headers, paragraphs, lists. Default: off.' })),
    queries: Type.Optional(shown(Type.Array(query, { minItems: 1, maxItems: 30 }), {
      label: 'Queries', group: 'features', feel: 'required', editor: 'String',
      description: 'Questions to answer from the document (the QUERIES feature), a FEEL list of {text, alias, pages}, e.g. [{text: "What is the total?", alias: "total"}]. Default: none.',
    })),
    outputFormat: Type.Optional(shown(Type.Union([Type.Literal('JSON'), Type.Literal('TXT')], { default: 'JSON' }), {
      label: 'Output format', group: 'action', description: 'The form of the extracted result. Default: JSON.', choiceLabels: { JSON: 'JSON (the service answer)', TXT: 'TXT (the lines, one per line)' },
    })),
    confidenceLevel: Type.Optional(shown(Type.Number({ minimum: 0, maximum: 1, default: 0 }), {
      label: 'Confidence level', group: 'action', feel: 'static', description: '0 to 1: lines, key-values and cells scored below it are left out. Default: 0 (all).',
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
      label: 'Confidence level', group: 'action', feel: 'static', description: '0 to 1: fields scored below it are left out. Default: 0 (all).',
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
