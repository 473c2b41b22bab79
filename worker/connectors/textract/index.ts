import { readActionInput } from '../action-input';
import type { Connector } from '../connector';
import { readCamundaTextract } from './camunda-input';
import { presentCamundaTextract, presentTextract } from './present';
import { TextractActionTypeSchema, TextractDiscriminatorSchema, TextractInputSchemas, type TextractInput } from './schema';

// Loaded on this task type's first job, with the AWS SDK package it uses.
const handler = () => require('./handler') as typeof import('./handler');

const readTextract = (variables: Record<string, unknown>) => readActionInput<TextractInput>(TextractDiscriminatorSchema, TextractInputSchemas, variables);

export const textractConnector: Connector = {
  name: 'textract',
  taskType: 'aws:textract:1',
  camundaTaskType: 'io.camunda:aws-textract:1',
  template: {
    id: 'io.github.zeebe-aws-connectors.textract.v1',
    name: 'AWS Textract (zeebe-aws-connectors)',
    version: 1,
    description: 'Extract text, key-values, tables, query answers and signatures from documents, or analyze invoices and receipts',
    keywords: ['textract', 'ocr', 'extract', 'document', 'invoice', 'expense', 'forms', 'tables'],
    groups: [
      { id: 'authentication', label: 'Authentication' },
      { id: 'configuration', label: 'Configuration' },
      { id: 'action', label: 'Action' },
      { id: 'features', label: 'Features' },
      { id: 'asynchronous', label: 'Asynchronous and polling options' },
    ],
  },
  inputs: { discriminator: { path: 'action.type', schema: TextractActionTypeSchema }, schemas: TextractInputSchemas },
  handlers: (deps) => ({
    own: { execute: async (variables, ctx) => presentTextract(await handler().runTextract(readTextract(variables), deps, ctx)) },
    camunda: {
      fetchVariables: ['authentication', 'awsCredential', 'configuration', 'input', 'documentReturnFormat'],
      execute: async (variables, ctx) => presentCamundaTextract(await handler().runTextract(readCamundaTextract(variables), deps, ctx)),
    },
  }),
};
