import { Type } from '@sinclair/typebox';
import { AisResponseSchema, answer, awsAnswer, field } from '../result-types';

const rekognitionAnswer = awsAnswer('Rekognition\'s DetectLabels answer');

/** What `aws:rekognition:1` answers (LABEL). */
export const RekognitionResults = {
  label: answer({
    awsResult: field(rekognitionAnswer, 'Rekognition\'s answer (the name Alfresco Process Automation\'s LABEL gives it): {Labels, LabelModelVersion, ...}'),
    awsResponse: field(rekognitionAnswer, 'The same answer under the name of Alfresco Process Automation\'s overview'),
    aisResponse: AisResponseSchema,
    labels: field(Type.Array(Type.Object({
      name: Type.String(), confidence: Type.Number(), parents: Type.Array(Type.String()), categories: Type.Array(Type.String()), aliases: Type.Array(Type.String()),
      instances: Type.Array(Type.Object({
        confidence: Type.Number(),
        boundingBox: Type.Object({ width: Type.Number(), height: Type.Number(), left: Type.Number(), top: Type.Number() }, { additionalProperties: false }),
      }, { additionalProperties: false })),
    }, { additionalProperties: false })), 'The labels: {name, confidence (0..1), parents, categories, aliases, instances [{confidence, boundingBox {width, height, left, top}}]}'),
    analysis: field(Type.Object({
      error: Type.Array(Type.String()), image: Type.Union([Type.Literal('s3'), Type.Literal('bytes')]), bytes: Type.Integer(), format: Type.String(),
    }, { additionalProperties: false }), 'Alfresco Process Automation\'s `analysis`: `error` (empty on success), how the image was sent (`image`: bytes or s3), its `bytes` and `format` (JPEG, PNG)'),
  }),
};
