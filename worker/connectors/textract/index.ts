import { readActionInput } from '../action-input';
import type { Connector } from '../connector';
import { fetchedVariables } from '../fetched-variables';
import { withBindingNames } from '../camunda-paths';
import { camundaTextractBindings, readCamundaTextract } from './camunda-input';
import { analysisFileName, camundaTextractReturnFormat, storeAnalysis } from './document-result';
import { presentCamundaTextract, presentTextract } from './present';
import { TextractActionTypeSchema, TextractDiscriminatorSchema, TextractInputSchemas, type TextractInput } from './schema';
import { CamundaTextractResults, TextractResults } from './result-schema';

// Loaded on this task type's first job, with the AWS SDK package it uses.
const handler = () => require('./handler') as typeof import('./handler');
const seed = () => require('./alfresco-extract') as typeof import('./alfresco-extract');

const readTextract = (variables: Record<string, unknown>) => readActionInput<TextractInput>(TextractDiscriminatorSchema, TextractInputSchemas, variables);

export const textractConnector: Connector = {
  name: 'textract',
  taskType: 'aws:textract:1',
  camundaTaskType: 'io.camunda:aws-textract:1',
  template: {
    id: 'io.github.zeebe-aws-connectors.textract.v1',
    name: 'AWS Textract (zeebe-aws-connectors)',
    version: 2,
    description: 'Extract text, key-values, tables, query answers and signatures from documents, or analyze invoices and receipts',
    keywords: ['textract', 'ocr', 'extract', 'document', 'invoice', 'expense', 'forms', 'tables'],
    groups: [
      { id: 'authentication', label: 'Authentication' },
      { id: 'configuration', label: 'Configuration' },
      { id: 'action', label: 'Action' },
      { id: 'source', label: 'Image (Alfresco Process Automation\'s EXTRACT: JPEG or PNG under 5 MB, instead of Document)' },
      { id: 'features', label: 'Features' },
      { id: 'asynchronous', label: 'Asynchronous and polling options' },
    ],
  },
  inputs: { discriminator: { path: 'action.type', schema: TextractActionTypeSchema }, schemas: TextractInputSchemas },
  results: { own: TextractResults, camunda: CamundaTextractResults },
  handlers: (deps) => ({
    own: {
      fetchVariables: fetchedVariables(Object.values(TextractInputSchemas)),
      execute: async (variables, ctx) => {
        const input = readTextract(variables);
        const { isSeedExtract, seedExtract } = seed();
        return isSeedExtract(input) ? seedExtract(input, deps, ctx) : presentTextract(await handler().runTextract(input, deps, ctx));
      },
    },
    camunda: {
      fetchVariables: ['authentication', 'awsCredential', 'configuration', 'input', 'documentReturnFormat'],
      execute: (variables, ctx) => withBindingNames(camundaTextractBindings(variables), async () => {
        const format = camundaTextractReturnFormat(variables);
        const result = await handler().runTextract(readCamundaTextract(variables), deps, ctx);
        const answer = presentCamundaTextract(result);
        // The template offers DOCUMENT only where the answer is the analysis (not for an asynchronous start).
        return format === 'DOCUMENT' && result.kind !== 'started' ? storeAnalysis(answer, analysisFileName(variables), ctx) : answer;
      }),
    },
  }),
};
