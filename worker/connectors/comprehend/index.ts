import { readActionInput } from '../action-input';
import type { Connector } from '../connector';
import { fetchedVariables } from '../fetched-variables';
import { ComprehendActionTypeSchema, ComprehendDiscriminatorSchema, ComprehendInputSchemas, type ComprehendInput } from './schema';
import { CamundaComprehendResults, ComprehendResults } from './result-schema';

// Loaded on a task type's first job, with the AWS SDK package they use.
const handler = () => require('./handler') as typeof import('./handler');
const camunda = () => require('./camunda') as typeof import('./camunda');

const readComprehend = (variables: Record<string, unknown>) => readActionInput<ComprehendInput>(ComprehendDiscriminatorSchema, ComprehendInputSchemas, variables);

export const comprehendConnector: Connector = {
  name: 'comprehend',
  taskType: 'aws:comprehend:1',
  camundaTaskType: 'io.camunda:aws-comprehend:1',
  template: {
    id: 'io.github.zeebe-aws-connectors.comprehend.v1',
    name: 'AWS Comprehend (zeebe-aws-connectors)',
    version: 2,
    description: 'Find the entities in a text (people, places, organizations, dates, ...), its key phrases, sentiment or personal information',
    keywords: ['comprehend', 'nlp', 'entities', 'entity', 'key phrases', 'sentiment', 'pii', 'alfresco', 'ais'],
    groups: [
      { id: 'authentication', label: 'Authentication' },
      { id: 'configuration', label: 'Configuration' },
      { id: 'action', label: 'Action' },
      { id: 'source', label: 'Text to analyse' },
      { id: 'asynchronous', label: 'Long texts (asynchronous job)' },
    ],
  },
  inputs: { discriminator: { path: 'action.type', schema: ComprehendActionTypeSchema }, schemas: ComprehendInputSchemas },
  results: { own: ComprehendResults, camunda: CamundaComprehendResults },
  handlers: (deps) => ({
    own: {
      fetchVariables: fetchedVariables(Object.values(ComprehendInputSchemas)),
      execute: async (variables, ctx) => handler().runComprehend(readComprehend(variables), deps, ctx),
    },
    camunda: {
      fetchVariables: ['authentication', 'awsCredential', 'configuration', 'input'],
      execute: async (variables) => camunda().runCamundaComprehend(variables, deps),
    },
  }),
};
