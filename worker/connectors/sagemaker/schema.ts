import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { AwsConnectionSchema } from '../aws-input';
import { shown } from '../template-meta';

export const SAGEMAKER_ACTIONS = ['invokeEndpoint', 'invokeEndpointAsync'] as const;
export type SageMakerActionType = (typeof SAGEMAKER_ACTIONS)[number];

export const SageMakerActionTypeSchema = shown(Type.Union(SAGEMAKER_ACTIONS.map((a) => Type.Literal(a)), { default: 'invokeEndpoint' }), {
  label: 'Inference type', group: 'action', description: 'Real-time (the answer comes back, up to 6 MB in) or asynchronous (the input and the output in S3). Default: real-time.',
  choiceLabels: { invokeEndpoint: 'Real-time (InvokeEndpoint)', invokeEndpointAsync: 'Asynchronous, input in S3 (InvokeEndpointAsync)' },
});

const endpointName = shown(Type.String({ minLength: 1, maxLength: 63, pattern: '^[a-zA-Z0-9](-*[a-zA-Z0-9])*$' }), {
  label: 'Endpoint name', group: 'action', feel: 'optional', description: 'The SageMaker endpoint, e.g. churn-classifier.',
});
const contentType = Type.Optional(shown(Type.String({ minLength: 1, maxLength: 1024 }), {
  label: 'Content type', group: 'action', feel: 'optional', description: 'The input\'s MIME type, e.g. application/json or text/csv. Default: application/json.',
}));
const accept = Type.Optional(shown(Type.String({ minLength: 1, maxLength: 1024 }), {
  label: 'Accept', group: 'action', feel: 'optional', description: 'The MIME type wanted back; a JSON answer is parsed. Default: the model\'s.',
}));
const customAttributes = Type.Optional(shown(Type.String({ maxLength: 1024, pattern: '^[\\x20-\\x7e]*$' }), {
  label: 'Custom attributes', group: 'options', feel: 'optional', description: 'Passed to the model unread by SageMaker (X-Amzn-SageMaker-Custom-Attributes). Default: none.',
}));
const inferenceId = Type.Optional(shown(Type.String({ minLength: 1, maxLength: 64, pattern: '^\\S' }), {
  label: 'Inference ID', group: 'options', feel: 'optional', description: 'Identifies the request in the model\'s logs and data capture. Default: none (asynchronous: SageMaker makes one).',
}));

export const SageMakerActionSchemas = {
  invokeEndpoint: Type.Object({
    type: Type.Literal('invokeEndpoint'),
    endpointName,
    body: shown(Type.Unknown(), {
      label: 'Payload', group: 'action', feel: 'optional', editor: 'Text', placeholder: '={"instances": [[1.5, 2, 7]]}',
      description: 'The request, up to 6 MB: a FEEL context or list (sent as JSON), or text sent as it is (CSV, JSON text, ...).',
    }),
    contentType,
    accept,
    customAttributes,
    targetModel: Type.Optional(shown(Type.String({ minLength: 1, maxLength: 1024 }), { label: 'Target model', group: 'options', feel: 'optional', description: 'On a multi-model endpoint: the model to call, e.g. model-a.tar.gz. Default: none.' })),
    targetVariant: Type.Optional(shown(Type.String({ minLength: 1, maxLength: 63 }), { label: 'Target variant', group: 'options', feel: 'optional', description: 'The production variant to call, over the endpoint\'s traffic split. Default: the split.' })),
    targetContainerHostname: Type.Optional(shown(Type.String({ minLength: 1, maxLength: 63 }), { label: 'Target container', group: 'options', feel: 'optional', description: 'On a multi-container endpoint with direct invocation: the container\'s host name. Default: none.' })),
    inferenceComponentName: Type.Optional(shown(Type.String({ minLength: 1, maxLength: 63 }), { label: 'Inference component', group: 'options', feel: 'optional', description: 'The inference component to call. Default: none.' })),
    enableExplanations: Type.Optional(shown(Type.String({ minLength: 1, maxLength: 64 }), { label: 'Enable explanations', group: 'options', feel: 'optional', description: 'A JMESPath expression over the answer deciding when SageMaker Clarify explains it, e.g. "true". Default: the endpoint\'s configuration.' })),
    inferenceId,
  }),
  invokeEndpointAsync: Type.Object({
    type: Type.Literal('invokeEndpointAsync'),
    endpointName,
    inputLocation: shown(Type.String({ minLength: 6, maxLength: 1024, pattern: '^(https|s3)://' }), {
      label: 'Input location', group: 'action', feel: 'optional', description: 'The input\'s S3 URI, e.g. s3://inference-in/batch-17.csv.',
    }),
    contentType,
    accept,
    customAttributes,
    inferenceId,
    requestTTLSeconds: Type.Optional(shown(Type.Integer({ minimum: 60, maximum: 21600 }), { label: 'Request TTL (seconds)', group: 'options', feel: 'static', description: '60 to 21600: how long the request may wait in SageMaker\'s queue. Default: 21600 (6 hours).' })),
    invocationTimeoutSeconds: Type.Optional(shown(Type.Integer({ minimum: 1, maximum: 3600 }), { label: 'Invocation timeout (seconds)', group: 'options', feel: 'static', description: '1 to 3600: how long the model may take once started. Default: 900.' })),
    wait: Type.Optional(shown(Type.Boolean({ default: true }), {
      label: 'Wait for the output', group: 'action', feel: 'static', description: 'Waits (holding no thread, across worker restarts) until the output or failure object is in S3 and returns it; off: returns the locations at once. Default: on.',
    })),
    pollInterval: Type.Optional(shown(Type.Integer({ minimum: 100, maximum: 600_000, default: 5000 }), {
      label: 'Poll interval (ms)', group: 'action', feel: 'static', description: 'How often S3 is asked for the output. Default: 5000.'
    })),
    timeout: Type.Optional(shown(Type.Integer({ minimum: 1000, maximum: 86_400_000, default: 3_600_000 }), {
      label: 'Timeout (ms)', group: 'action', feel: 'static', description: 'How long to wait for the output; a retry of the task goes on waiting for the same inference. Default: 3600000 (1 hour).'
    })),
  }),
} satisfies Record<SageMakerActionType, TSchema>;

export const SageMakerDiscriminatorSchema = Type.Object({ action: Type.Object({ type: SageMakerActionTypeSchema }) });

export const SageMakerInputSchemas = {
  invokeEndpoint: Type.Object({ ...AwsConnectionSchema, action: SageMakerActionSchemas.invokeEndpoint }),
  invokeEndpointAsync: Type.Object({ ...AwsConnectionSchema, action: SageMakerActionSchemas.invokeEndpointAsync }),
};

export type InvokeEndpointAction = Static<typeof SageMakerActionSchemas.invokeEndpoint>;
export type InvokeEndpointAsyncAction = Static<typeof SageMakerActionSchemas.invokeEndpointAsync>;
export type SageMakerInput = Static<(typeof SageMakerInputSchemas)['invokeEndpoint']> | Static<(typeof SageMakerInputSchemas)['invokeEndpointAsync']>;
