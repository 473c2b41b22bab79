import { Type, type TSchema } from '@sinclair/typebox';
import { AisResponseSchema, answer, awsAnswer, field, nullable, SdkMetadataSchema } from '../result-types';
import type { ComprehendActionType } from './schema';

const languageCode = field(Type.String(), 'The text\'s language: the one given, or the dominant one Comprehend detected');
const analysis = field(Type.Object({
  method: Type.String(), pieces: Type.Integer(), characters: Type.Integer(), jobId: Type.Optional(Type.String()),
}, { additionalProperties: false }), 'How the text was analysed: `method` (sync, batch, job), `pieces` (calls or chunks), `characters`, and the asynchronous job\'s `jobId`');
const offsets = { beginOffset: Type.Integer(), endOffset: Type.Integer() };
const score = Type.Object({ positive: Type.Number(), negative: Type.Number(), neutral: Type.Number(), mixed: Type.Number() }, { additionalProperties: false });

/** What `aws:comprehend:1` answers, per action. */
export const ComprehendResults = {
  entity: answer({
    awsResponse: field(awsAnswer('Comprehend\'s answer'), 'Comprehend\'s answer: {Entities} (every entity, with Score, Type, Text, BeginOffset, EndOffset)'),
    aisResponse: AisResponseSchema,
    entities: field(Type.Array(Type.Object({ text: Type.String(), type: Type.String(), score: Type.Number(), ...offsets }, { additionalProperties: false })),
      'The entities at or above `confidenceLevel` (at most `maxEntities`), in text order: {text, type, score, beginOffset, endOffset}'),
    languageCode,
    analysis,
  }),
  keyPhrases: answer({
    awsResponse: field(awsAnswer('Comprehend\'s answer'), 'Comprehend\'s answer: {KeyPhrases}'),
    languageCode,
    keyPhrases: field(Type.Array(Type.Object({ text: Type.String(), score: Type.Number(), ...offsets }, { additionalProperties: false })), 'The key phrases at or above `confidenceLevel`: {text, score, beginOffset, endOffset}'),
    analysis,
  }),
  sentiment: answer({
    awsResponse: field(awsAnswer('Comprehend\'s answer'), 'Comprehend\'s answer: {Sentiment, SentimentScore}'),
    languageCode,
    sentiment: field(Type.String(), 'POSITIVE, NEGATIVE, NEUTRAL or MIXED'),
    sentimentScore: field(score, '{positive, negative, neutral, mixed}, each 0..1'),
    sentimentChunks: Type.Optional(field(Type.Array(Type.Object({ ...offsets, bytes: Type.Integer(), sentiment: nullable(Type.String()), sentimentScore: score }, { additionalProperties: false })),
      'For a text analysed in chunks: each chunk\'s {beginOffset, endOffset, bytes, sentiment, sentimentScore}')),
    analysis,
  }),
  piiEntities: answer({
    awsResponse: field(awsAnswer('Comprehend\'s answer'), 'Comprehend\'s answer: {Entities} (type, score and offsets, no text)'),
    languageCode,
    piiEntities: field(Type.Array(Type.Object({ type: Type.String(), score: Type.Number(), ...offsets, text: Type.String() }, { additionalProperties: false })),
      'The personal data at or above `confidenceLevel`: {type, score, beginOffset, endOffset, text}'),
    piiEntityTypes: field(Type.Array(Type.String()), 'The distinct types found (NAME, EMAIL, ...)'),
    analysis,
  }),
} satisfies Record<ComprehendActionType, TSchema>;

const list = (description: string) => field(nullable(Type.Array(Type.Unknown())), description);

/** What `io.camunda:aws-comprehend:1` answers, per `input.type`. */
export const CamundaComprehendResults = {
  sync: Type.Object({
    ...SdkMetadataSchema,
    classes: list('ClassifyDocument\'s classes [{name, score, page}] (multi-class models), else null'),
    labels: list('Its labels [{name, score, page}] (multi-label models), else null'),
    documentMetadata: field(nullable(Type.Unknown()), 'Its document metadata (pages, extracted characters), else null'),
    documentType: list('Its document types per page, else null'),
    errors: list('Its page errors, else null'),
    warnings: list('Its warnings, else null'),
  }, { additionalProperties: false }),
  async: Type.Object({
    ...SdkMetadataSchema,
    jobId: field(nullable(Type.String()), 'The classification job\'s ID'),
    jobArn: field(nullable(Type.String()), 'Its ARN'),
    jobStatus: field(nullable(Type.String()), 'SUBMITTED, IN_PROGRESS, ...'),
    documentClassifierArn: field(nullable(Type.String()), 'The classifier, else null'),
  }, { additionalProperties: false }),
};
