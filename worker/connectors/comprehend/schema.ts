import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { AwsConnectionSchema } from '../aws-input';
import { ContentSourceSchema } from '../content-source';
import { shown } from '../template-meta';

export const COMPREHEND_ACTIONS = ['entity', 'keyPhrases', 'sentiment', 'piiEntities'] as const;
export type ComprehendActionType = (typeof COMPREHEND_ACTIONS)[number];

export const ComprehendActionTypeSchema = shown(Type.Union(COMPREHEND_ACTIONS.map((a) => Type.Literal(a))), {
  label: 'Operation', group: 'action', description: 'What Comprehend finds in the text; the fields below follow the choice.',
  choiceLabels: {
    entity: 'Detect entities (ENTITY)',
    keyPhrases: 'Detect key phrases',
    sentiment: 'Detect sentiment',
    piiEntities: 'Detect personal information (PII)',
  },
});

/** Seed 000's inputs: the text itself or a UTF-8 plain-text file (by any source). */
const textSource = {
  text: Type.Optional(shown(Type.String({ minLength: 1 }), { label: 'Text', group: 'source', feel: 'optional', editor: 'Text', description: 'The text to analyse; or give one of the file, files, URI or node ID instead.' })),
  ...ContentSourceSchema,
  mediaType: Type.Optional(shown(Type.String({ minLength: 1 }), {
    label: 'Media type', group: 'source', feel: 'optional', description: 'The file\'s media type when its source does not say; a UTF-8 text type (text/plain, ...). Default: the source\'s.',
  })),
};

const languageCode = Type.Optional(shown(Type.String({ minLength: 2, maxLength: 5 }), {
  label: 'Language code', group: 'action', feel: 'optional', description: 'The language of the text, e.g. en. Default: detected with DetectDominantLanguage.',
}));
const confidenceLevel = Type.Optional(shown(Type.Number({ minimum: 0, maximum: 1, default: 0.75 }), {
  label: 'Confidence level', group: 'action', feel: 'static', description: '0 to 1: entities, key phrases or PII scored below it are left out. Default: 0.75.',
}));
const timeout = Type.Optional(shown(Type.Integer({ minimum: 1000, maximum: 86_400_000, default: 910_000 }), {
  label: 'Timeout (ms)', group: 'action', feel: 'static', description: 'How long the analysis may take (an asynchronous job included). Default: 910000.',
}));

/** For a text beyond what batches allow, analysed by an asynchronous job through S3. */
const longTexts = {
  pollInterval: Type.Optional(shown(Type.Integer({ minimum: 100, maximum: 600_000, default: 10_000 }), {
    label: 'Poll interval (ms)', group: 'asynchronous', feel: 'static', description: 'How often an asynchronous job (text too long for batches) is checked. Default: 10000.',
  })),
  dataAccessRoleArn: Type.Optional(shown(Type.String({ minLength: 20 }), {
    label: 'Data access role ARN', group: 'asynchronous', feel: 'optional', description: 'The role Comprehend uses to read and write S3 in an asynchronous job. Default: the worker\'s AWS_COMPREHEND_ROLE_ARN.',
  })),
};

export const ComprehendActionSchemas = {
  entity: Type.Object({
    type: Type.Literal('entity'),
    ...textSource,
    languageCode,
    maxEntities: Type.Optional(shown(Type.Integer({ minimum: 1, maximum: 100_000, default: 1000 }), {
      label: 'Maximum entities', group: 'action', feel: 'static', description: 'The most entities kept (the highest-scored). Default: 1000.',
    })),
    confidenceLevel,
    timeout,
    ...longTexts,
  }),
  keyPhrases: Type.Object({ type: Type.Literal('keyPhrases'), ...textSource, languageCode, confidenceLevel, timeout, ...longTexts }),
  sentiment: Type.Object({ type: Type.Literal('sentiment'), ...textSource, languageCode, timeout, ...longTexts }),
  piiEntities: Type.Object({ type: Type.Literal('piiEntities'), ...textSource, languageCode, confidenceLevel, timeout, ...longTexts }),
} satisfies Record<ComprehendActionType, TSchema>;

export const ComprehendDiscriminatorSchema = Type.Object({ action: Type.Object({ type: ComprehendActionTypeSchema }) });

export const ComprehendInputSchemas = {
  entity: Type.Object({ ...AwsConnectionSchema, action: ComprehendActionSchemas.entity }),
  keyPhrases: Type.Object({ ...AwsConnectionSchema, action: ComprehendActionSchemas.keyPhrases }),
  sentiment: Type.Object({ ...AwsConnectionSchema, action: ComprehendActionSchemas.sentiment }),
  piiEntities: Type.Object({ ...AwsConnectionSchema, action: ComprehendActionSchemas.piiEntities }),
};

export type ComprehendInput = { [K in ComprehendActionType]: Static<(typeof ComprehendInputSchemas)[K]> }[ComprehendActionType];
export type EntityAction = Static<typeof ComprehendActionSchemas.entity>;
export type TextSourceAction = Pick<EntityAction, 'text' | 'file' | 'files' | 'uri' | 'nodeId' | 'mediaType'>;
