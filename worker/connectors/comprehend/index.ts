import { readActionInput } from '../action-input';
import type { Connector } from '../connector';
import { runCamundaComprehend } from './camunda';
import { runComprehend } from './handler';
import { ComprehendActionTypeSchema, ComprehendDiscriminatorSchema, ComprehendInputSchemas, type ComprehendInput } from './schema';

const readComprehend = (variables: Record<string, unknown>) => readActionInput<ComprehendInput>(ComprehendDiscriminatorSchema, ComprehendInputSchemas, variables);

export const comprehendConnector: Connector = {
  name: 'comprehend',
  taskType: 'aws:comprehend:1',
  camundaTaskType: 'io.camunda:aws-comprehend:1',
  template: {
    id: 'io.github.zeebe-aws-connectors.comprehend.v1',
    name: 'AWS Comprehend (zeebe-aws-connectors)',
    version: 1,
    description: 'Find the entities in a text (people, places, organizations, dates, ...), its key phrases, sentiment or personal information',
    keywords: ['comprehend', 'nlp', 'entities', 'entity', 'key phrases', 'sentiment', 'pii', 'alfresco', 'ais'],
    groups: [
      { id: 'authentication', label: 'Authentication' },
      { id: 'configuration', label: 'Configuration' },
      { id: 'action', label: 'Action' },
      { id: 'source', label: 'Text' },
      { id: 'asynchronous', label: 'Long texts (asynchronous job)' },
    ],
  },
  inputs: { discriminator: { path: 'action.type', schema: ComprehendActionTypeSchema }, schemas: ComprehendInputSchemas },
  handlers: (deps) => ({
    own: { execute: async (variables, ctx) => runComprehend(readComprehend(variables), deps, ctx) },
    camunda: {
      fetchVariables: ['authentication', 'awsCredential', 'configuration', 'input'],
      execute: async (variables) => runCamundaComprehend(variables, deps),
    },
  }),
};
