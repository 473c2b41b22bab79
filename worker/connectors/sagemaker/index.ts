import { readActionInput } from '../action-input';
import type { Connector } from '../connector';
import { fetchedVariables } from '../fetched-variables';
import { withBindingNames } from '../camunda-paths';
import { CAMUNDA_SAGEMAKER_BINDINGS, readCamundaSageMaker } from './camunda-input';
import { PENDING_VARIABLE } from './pending';
import { SageMakerResultSchemas } from './result-schema';
import { SageMakerActionTypeSchema, SageMakerDiscriminatorSchema, SageMakerInputSchemas, type InvokeEndpointAction, type InvokeEndpointAsyncAction, type SageMakerInput } from './schema';

// Loaded on this task type's first job, with the AWS SDK package it uses.
const handler = () => require('./handler') as typeof import('./handler');

const readSageMaker = (variables: Record<string, unknown>) => readActionInput<SageMakerInput>(SageMakerDiscriminatorSchema, SageMakerInputSchemas, variables);
type WithAction<A> = SageMakerInput & { action: A };

export const sagemakerConnector: Connector = {
  name: 'sagemaker',
  taskType: 'aws:sagemaker:1',
  camundaTaskType: 'io.camunda:aws-sagemaker:1',
  template: {
    id: 'io.github.zeebe-aws-connectors.sagemaker.v1',
    name: 'AWS SageMaker inference (zeebe-aws-connectors)',
    version: 1,
    description: 'Run inference on a SageMaker endpoint: real-time, or asynchronous with the input in S3 (waiting for the output without holding a thread)',
    keywords: ['sagemaker', 'inference', 'endpoint', 'model', 'machine learning', 'predict'],
    groups: [
      { id: 'authentication', label: 'Authentication' },
      { id: 'configuration', label: 'Configuration' },
      { id: 'action', label: 'Inference' },
      { id: 'options', label: 'Request options' },
    ],
  },
  inputs: { discriminator: { path: 'action.type', schema: SageMakerActionTypeSchema }, schemas: SageMakerInputSchemas },
  results: SageMakerResultSchemas,
  handlers: (deps) => ({
    own: {
      // PENDING_VARIABLE: the asynchronous inference an earlier delivery of this job started (task-local).
      fetchVariables: fetchedVariables(Object.values(SageMakerInputSchemas), [PENDING_VARIABLE]),
      execute: async (variables, ctx) => {
        const input = readSageMaker(variables);
        if (input.action.type === 'invokeEndpoint') return handler().invokeEndpoint(input as WithAction<InvokeEndpointAction>, deps);
        const asyncInput = input as WithAction<InvokeEndpointAsyncAction>;
        if (asyncInput.action.wait === false) return handler().startAsync(asyncInput, deps);
        return handler().invokeAsyncAndWait(asyncInput, deps, ctx, variables[PENDING_VARIABLE]);
      },
    },
    camunda: {
      fetchVariables: ['authentication', 'awsCredential', 'configuration', 'input'],
      execute: (variables) => withBindingNames(CAMUNDA_SAGEMAKER_BINDINGS, async () => {
        const input = readCamundaSageMaker(variables);
        if (input.action.type === 'invokeEndpointAsync') return handler().startAsync(input as WithAction<InvokeEndpointAsyncAction>, deps);
        const action = input.action as InvokeEndpointAction;
        // Camunda's connector JSON-serialises every body; text is sent as it is only where that quoting breaks it (non-JSON content types, e.g. CSV).
        const { bodyEncoding: _e, ...result } = await handler().invokeEndpoint(input as WithAction<InvokeEndpointAction>, deps, isJsonContent(action.contentType));
        return result;
      }),
    },
  }),
};

const isJsonContent = (contentType: string | undefined) => /json/i.test(contentType ?? 'application/json');
