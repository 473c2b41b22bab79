import { readActionInput } from '../action-input';
import type { Connector } from '../connector';
import { fetchedVariables } from '../fetched-variables';
import { withBindingNames } from '../camunda-paths';
import { CAMUNDA_EVENTBRIDGE_BINDINGS, readCamundaEventBridge } from './camunda-input';
import { presentCamundaEventBridge, presentEventBridge } from './present';
import { CamundaEventBridgeResultSchemas, EventBridgeResultSchemas } from './result-schema';
import { EventBridgeActionTypeSchema, EventBridgeDiscriminatorSchema, EventBridgeInputSchemas, type EventBridgeInput } from './schema';

// Loaded on this task type's first job, with the AWS SDK package it uses.
const handler = () => require('./handler') as typeof import('./handler');

/** One event unless the task chose otherwise (`action.type`). */
const readEventBridge = (variables: Record<string, unknown>) =>
  readActionInput<EventBridgeInput>(EventBridgeDiscriminatorSchema, EventBridgeInputSchemas, { action: { type: 'putEvent' }, ...variables });

export const eventBridgeConnector: Connector = {
  name: 'eventbridge',
  taskType: 'aws:eventbridge:1',
  camundaTaskType: 'io.camunda:aws-eventbridge:1',
  template: {
    id: 'io.github.zeebe-aws-connectors.eventbridge.v1',
    name: 'Amazon EventBridge (zeebe-aws-connectors)',
    version: 1,
    description: 'Put an event, or up to 10, on the default or a named EventBridge bus',
    keywords: ['eventbridge', 'event', 'bus', 'putevents'],
    groups: [
      { id: 'authentication', label: 'Authentication' },
      { id: 'configuration', label: 'Configuration' },
      { id: 'action', label: 'Action' },
      { id: 'event', label: 'Event' },
    ],
  },
  inputs: { discriminator: { path: 'action.type', schema: EventBridgeActionTypeSchema }, schemas: EventBridgeInputSchemas },
  results: { own: EventBridgeResultSchemas, camunda: CamundaEventBridgeResultSchemas },
  handlers: (deps) => ({
    own: {
      fetchVariables: fetchedVariables(Object.values(EventBridgeInputSchemas)),
      execute: async (variables) => presentEventBridge(await handler().putEvent(readEventBridge(variables), deps)),
    },
    camunda: {
      fetchVariables: ['authentication', 'awsCredential', 'configuration', 'input'],
      execute: (variables) => withBindingNames(CAMUNDA_EVENTBRIDGE_BINDINGS, async () => presentCamundaEventBridge(await handler().putEvent(readCamundaEventBridge(variables), deps))),
    },
  }),
};
