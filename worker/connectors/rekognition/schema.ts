import { Type, type Static } from '@sinclair/typebox';
import { AwsConnectionSchema } from '../aws-input';
import { ContentSourceSchema } from '../content-source';
import { shown } from '../template-meta';

/** The seeds' only action (LABEL), so it may be left out; a discriminator all the same, so that more actions can follow. */
export const RekognitionActionTypeSchema = shown(Type.Union([Type.Literal('label')], { default: 'label' }), {
  label: 'Operation', group: 'action', description: 'What Rekognition finds in the image. Default: labels.', choiceLabels: { label: 'Detect labels (LABEL)' },
});

export const RekognitionActionSchemas = {
  label: Type.Object({
    type: Type.Literal('label'),
    ...ContentSourceSchema,
    mediaType: Type.Optional(shown(Type.String({ minLength: 1 }), {
      label: 'Media type', group: 'source', feel: 'optional', description: 'The media type of the staged copy (the format itself is read from the bytes, JPEG or PNG). Default: the source\'s.',
    })),
    maxLabels: Type.Optional(shown(Type.Integer({ minimum: 1, maximum: 1000, default: 10 }), { label: 'Maximum labels', group: 'action', feel: 'static', description: 'The most labels kept (the highest-scored). Default: 10.' })),
    confidenceLevel: Type.Optional(shown(Type.Number({ minimum: 0, maximum: 1, default: 0.75 }), {
      label: 'Confidence level', group: 'action', feel: 'static', description: '0 to 1: labels below it are left out (sent to Rekognition as 0 to 100). Default: 0.75.',
    })),
    timeout: Type.Optional(shown(Type.Integer({ minimum: 1000, maximum: 3_600_000, default: 910_000 }), {
      label: 'Timeout (ms)', group: 'action', feel: 'static', description: 'How long the Rekognition call may take. Default: 910000.',
    })),
  }),
};

export const RekognitionDiscriminatorSchema = Type.Object({ action: Type.Object({ type: RekognitionActionTypeSchema }) });
export const RekognitionInputSchemas = { label: Type.Object({ ...AwsConnectionSchema, action: RekognitionActionSchemas.label }) };
export type RekognitionInput = Static<(typeof RekognitionInputSchemas)['label']>;
