import { validateInput } from '../../runtime/validation';
import type { Connector } from '../connector';
import { fetchedVariables } from '../fetched-variables';
import { withBindingNames } from '../camunda-paths';
import { CAMUNDA_SNS_BINDINGS, readCamundaSns } from './camunda-input';
import { CamundaSnsResultSchemas, SnsResultSchemas } from './result-schema';
import { SnsInputSchema } from './schema';

// Loaded on this task type's first job, with the AWS SDK package it uses.
const handler = () => require('./handler') as typeof import('./handler');

export const snsConnector: Connector = {
  name: 'sns',
  taskType: 'aws:sns:1',
  camundaTaskType: 'io.camunda:aws-sns:1',
  template: {
    id: 'io.github.zeebe-aws-connectors.sns.v1',
    name: 'Amazon SNS (zeebe-aws-connectors)',
    version: 1,
    description: 'Publish a message to an SNS topic (standard or FIFO), a mobile endpoint or a phone number',
    keywords: ['sns', 'publish', 'topic', 'notification', 'sms', 'fifo'],
    groups: [
      { id: 'authentication', label: 'Authentication' },
      { id: 'configuration', label: 'Configuration' },
      { id: 'target', label: 'Target' },
      { id: 'message', label: 'Message' },
    ],
  },
  inputs: { schemas: { publish: SnsInputSchema } },
  results: { own: SnsResultSchemas, camunda: CamundaSnsResultSchemas },
  handlers: (deps) => ({
    own: {
      fetchVariables: fetchedVariables([SnsInputSchema]),
      execute: async (variables) => ({ ...(await handler().publish(validateInput(SnsInputSchema, variables), deps)) }),
    },
    camunda: {
      fetchVariables: ['authentication', 'awsCredential', 'configuration', 'topic'],
      execute: (variables) => withBindingNames(CAMUNDA_SNS_BINDINGS, async () => {
        const { messageId } = await handler().publish(readCamundaSns(variables), deps);
        return { messageId };
      }),
    },
  }),
};
