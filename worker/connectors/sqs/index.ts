import { readActionInput } from '../action-input';
import type { Connector } from '../connector';
import { fetchedVariables } from '../fetched-variables';
import { withBindingNames } from '../camunda-paths';
import { CAMUNDA_SQS_BINDINGS, readCamundaSqs } from './camunda-input';
import { presentCamundaSqs, presentSqs } from './present';
import { SqsActionTypeSchema, SqsDiscriminatorSchema, SqsInputSchemas, type SqsInput } from './schema';
import { SqsResultSchemas, CamundaSqsResultSchemas } from './result-schema';

// Loaded on this task type's first job, with the AWS SDK package it uses.
const handler = () => require('./handler') as typeof import('./handler');

const readSqs = (variables: Record<string, unknown>) => readActionInput<SqsInput>(SqsDiscriminatorSchema, SqsInputSchemas, variables);

export const sqsConnector: Connector = {
  name: 'sqs',
  taskType: 'aws:sqs:1',
  camundaTaskType: 'io.camunda:aws-sqs:1',
  template: {
    id: 'io.github.zeebe-aws-connectors.sqs.v1',
    name: 'Amazon SQS (zeebe-aws-connectors)',
    version: 1,
    description: 'Send a message, or up to 10, to a standard or FIFO SQS queue',
    keywords: ['sqs', 'queue', 'message', 'send', 'fifo'],
    groups: [
      { id: 'authentication', label: 'Authentication' },
      { id: 'configuration', label: 'Configuration' },
      { id: 'action', label: 'Action' },
      { id: 'queue', label: 'Queue' },
      { id: 'message', label: 'Message' },
    ],
  },
  inputs: { discriminator: { path: 'action.type', schema: SqsActionTypeSchema }, schemas: SqsInputSchemas },
  results: { own: SqsResultSchemas, camunda: CamundaSqsResultSchemas },
  handlers: (deps) => ({
    own: {
      fetchVariables: fetchedVariables(Object.values(SqsInputSchemas)),
      execute: async (variables) => presentSqs(await handler().runSqs(readSqs(variables), deps)),
    },
    camunda: {
      fetchVariables: ['authentication', 'awsCredential', 'configuration', 'queue'],
      execute: (variables) => withBindingNames(CAMUNDA_SQS_BINDINGS, async () => presentCamundaSqs(await handler().runSqs(readCamundaSqs(variables), deps))),
    },
  }),
};
