import { readActionInput } from '../action-input';
import type { Connector } from '../connector';
import { fetchedVariables } from '../fetched-variables';
import { RekognitionActionTypeSchema, RekognitionDiscriminatorSchema, RekognitionInputSchemas, type RekognitionInput } from './schema';
import { RekognitionResults } from './result-schema';

// Loaded on this task type's first job, with the AWS SDK package it uses.
const handler = () => require('./handler') as typeof import('./handler');

const readRekognition = (variables: Record<string, unknown>) => readActionInput<RekognitionInput>(RekognitionDiscriminatorSchema, RekognitionInputSchemas, variables);

export const rekognitionConnector: Connector = {
  name: 'rekognition',
  taskType: 'aws:rekognition:1',
  template: {
    id: 'io.github.zeebe-aws-connectors.rekognition.v1',
    name: 'AWS Rekognition (zeebe-aws-connectors)',
    version: 2,
    description: 'Label the objects, scenes and concepts in a JPEG or PNG image',
    keywords: ['rekognition', 'image', 'labels', 'label', 'vision', 'alfresco', 'ais'],
    groups: [
      { id: 'authentication', label: 'Authentication' },
      { id: 'configuration', label: 'Configuration' },
      { id: 'action', label: 'Action' },
      { id: 'source', label: 'Image to analyse' },
    ],
  },
  inputs: { discriminator: { path: 'action.type', schema: RekognitionActionTypeSchema }, schemas: RekognitionInputSchemas },
  results: { own: RekognitionResults },
  handlers: (deps) => ({
    own: {
      fetchVariables: fetchedVariables(Object.values(RekognitionInputSchemas)),
      execute: async (variables, ctx) => {
        try {
          return await handler().detectLabels(readRekognition(variables), deps, ctx);
        } catch (error) {
          throw handler().withAnalysisError(error);
        }
      },
    },
  }),
};
