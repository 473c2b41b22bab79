import { validateInput } from '../../runtime/validation';
import type { Connector } from '../connector';
import { fetchedVariables } from '../fetched-variables';
import { withBindingNames } from '../camunda-paths';
import { CAMUNDA_EVENTBRIDGE_BINDINGS, readCamundaEventBridge } from './camunda-input';
import { presentCamundaEventBridge, presentEventBridge } from './present';
import { CamundaEventBridgeResultSchemas, EventBridgeResultSchemas } from './result-schema';
import { EventBridgeInputSchema } from './schema';

// Loaded on this task type's first job, with the AWS SDK package it uses.
const handler = () => require('./handler') as typeof import('./handler');

export const eventBridgeConnector: Connector = {
  name: 'eventbridge',
  taskType: 'aws:eventbridge:1',
  camundaTaskType: 'io.camunda:aws-eventbridge:1',
  template: {
    id: 'io.github.zeebe-aws-connectors.eventbridge.v1',
    name: 'Amazon EventBridge (zeebe-aws-connectors)',
    version: 1,
    description: 'Put an event on the default or a named EventBridge bus',
    keywords: ['eventbridge', 'event', 'bus', 'putevents'],
    groups: [
      { id: 'authentication', label: 'Authentication' },
      { id: 'configuration', label: 'Configuration' },
      { id: 'event', label: 'Event' },
    ],
  },
  inputs: { schemas: { putEvent: EventBridgeInputSchema } },
  results: { own: EventBridgeResultSchemas, camunda: CamundaEventBridgeResultSchemas },
  handlers: (deps) => ({
    own: {
      fetchVariables: fetchedVariables([EventBridgeInputSchema]),
      execute: async (variables) => presentEventBridge(await handler().putEvent(validateInput(EventBridgeInputSchema, variables), deps)),
    },
    camunda: {
      fetchVariables: ['authentication', 'awsCredential', 'configuration', 'input'],
      execute: (variables) => withBindingNames(CAMUNDA_EVENTBRIDGE_BINDINGS, async () => presentCamundaEventBridge(await handler().putEvent(readCamundaEventBridge(variables), deps))),
    },
  }),
};
