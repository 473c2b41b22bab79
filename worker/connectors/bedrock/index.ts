import { readActionInput } from '../action-input';
import type { Connector } from '../connector';
import { fetchedVariables } from '../fetched-variables';
import { withBindingNames } from '../camunda-paths';
import { CAMUNDA_BEDROCK_BINDINGS, readCamundaBedrock } from './camunda-input';
import { presentCamundaConverse } from './present';
import { BedrockResultSchemas } from './result-schema';
import { BedrockActionTypeSchema, BedrockDiscriminatorSchema, BedrockInputSchemas, type BedrockInput, type ConverseAction, type InvokeModelAction, type RetrieveAction } from './schema';

// Loaded on this task type's first job, with the AWS SDK package it uses.
const handler = () => require('./handler') as typeof import('./handler');
const knowledgeBase = () => require('./retrieve') as typeof import('./retrieve');

const readBedrock = (variables: Record<string, unknown>) => readActionInput<BedrockInput>(BedrockDiscriminatorSchema, BedrockInputSchemas, variables);

type WithAction<A> = BedrockInput & { action: A };
const isConverse = (input: BedrockInput): input is WithAction<ConverseAction> => input.action.type === 'converse';

export const bedrockConnector: Connector = {
  name: 'bedrock',
  taskType: 'aws:bedrock:1',
  camundaTaskType: 'io.camunda:aws-bedrock:1',
  template: {
    id: 'io.github.zeebe-aws-connectors.bedrock.v1',
    name: 'AWS Bedrock (zeebe-aws-connectors)',
    version: 1,
    description: 'Ask a Bedrock model: Converse with a system prompt, history, documents, images, tools and guardrails, or InvokeModel with a raw body; or retrieve passages from a knowledge base',
    keywords: ['bedrock', 'llm', 'genai', 'converse', 'invoke model', 'claude', 'nova', 'titan', 'guardrail', 'knowledge base', 'rag'],
    groups: [
      { id: 'authentication', label: 'Authentication' },
      { id: 'configuration', label: 'Configuration' },
      { id: 'action', label: 'Model and messages' },
      { id: 'inference', label: 'Inference settings' },
      { id: 'tools', label: 'Tools' },
      { id: 'guardrail', label: 'Guardrail' },
    ],
  },
  inputs: { discriminator: { path: 'action.type', schema: BedrockActionTypeSchema }, schemas: BedrockInputSchemas },
  results: BedrockResultSchemas,
  handlers: (deps) => ({
    own: {
      fetchVariables: fetchedVariables(Object.values(BedrockInputSchemas)),
      execute: async (variables) => {
        const input = readBedrock(variables);
        if (isConverse(input)) return handler().converse(input, deps);
        if (input.action.type === 'retrieve') return knowledgeBase().retrieve(input as WithAction<RetrieveAction>, deps);
        return handler().invokeModel(input as WithAction<InvokeModelAction>, deps);
      },
    },
    camunda: {
      fetchVariables: ['authentication', 'awsCredential', 'configuration', 'action', 'data'],
      execute: (variables) => withBindingNames(CAMUNDA_BEDROCK_BINDINGS, async () => {
        const input = readCamundaBedrock(variables);
        if (isConverse(input)) return presentCamundaConverse(await handler().converse(input, deps));
        return { body: (await handler().invokeModel(input as WithAction<InvokeModelAction>, deps)).body };
      }),
    },
  }),
};
