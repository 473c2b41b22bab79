import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { AwsConnectionSchema } from '../aws-input';
import { shown } from '../template-meta';

export const BEDROCK_ACTIONS = ['converse', 'invokeModel', 'retrieve'] as const;
export type BedrockActionType = (typeof BEDROCK_ACTIONS)[number];

export const BedrockActionTypeSchema = shown(Type.Union(BEDROCK_ACTIONS.map((a) => Type.Literal(a)), { default: 'converse' }), {
  label: 'Operation', group: 'action', description: 'How the model is called; the fields below follow the choice. Default: Converse.',
  choiceLabels: {
    converse: 'Converse (messages, documents, tools; any model)', invokeModel: 'InvokeModel (a raw JSON body in the model family\'s format)',
    retrieve: 'Retrieve from a knowledge base (passages with their sources)',
  },
});

const modelId = shown(Type.String({ minLength: 1, maxLength: 2048 }), {
  label: 'Model ID', group: 'action', feel: 'optional', placeholder: 'anthropic.claude-3-haiku-20240307-v1:0',
  description: 'A model ID, inference profile ID or ARN, e.g. anthropic.claude-3-haiku-20240307-v1:0 or eu.amazon.nova-lite-v1:0.',
});

const guardrail = {
  guardrailIdentifier: Type.Optional(shown(Type.String({ minLength: 1, maxLength: 2048 }), {
    label: 'Guardrail ID', group: 'guardrail', feel: 'optional', description: 'A guardrail\'s ID or ARN; when it blocks, the task throws GUARDRAIL_INTERVENED. Default: none.',
  })),
  guardrailVersion: Type.Optional(shown(Type.String({ pattern: '^(DRAFT|[1-9][0-9]{0,7})$' }), {
    label: 'Guardrail version', group: 'guardrail', feel: 'optional', description: 'A version number or DRAFT. Default: DRAFT.',
  })),
  guardrailTrace: Type.Optional(shown(Type.Boolean({ default: false }), {
    label: 'Guardrail trace', group: 'guardrail', feel: 'static', description: 'Returns the guardrail\'s assessment in the result\'s trace. Default: off.',
  })),
};

/** A Converse message: a role and content blocks (text, document, image, toolUse, toolResult, ...). */
const MessageSchema = Type.Object({
  role: Type.Union([Type.Literal('user'), Type.Literal('assistant')]),
  content: Type.Array(Type.Record(Type.String(), Type.Unknown()), { minItems: 1 }),
});
export type BedrockMessage = Static<typeof MessageSchema>;

/** Each action's inputs under `action.*`. */
export const BedrockActionSchemas = {
  converse: Type.Object({
    type: Type.Literal('converse'),
    modelId,
    system: Type.Optional(shown(Type.String({ minLength: 1 }), {
      label: 'System prompt', group: 'action', feel: 'optional', editor: 'Text', description: 'Instructions the model follows throughout the conversation. Default: none.',
    })),
    messages: Type.Optional(shown(Type.Array(MessageSchema, { maxItems: 1000 }), {
      label: 'Message history', group: 'action', feel: 'required', editor: 'String',
      description: 'The conversation so far, as a previous result\'s messages: [{role, content: [{text}, {document}, {image}, {toolUse}, {toolResult}]}]. Default: none.',
    })),
    message: Type.Optional(shown(Type.String({ minLength: 1 }), {
      label: 'New message', group: 'action', feel: 'optional', editor: 'Text', description: 'The user\'s new message. Default: none (the history\'s last user message, e.g. tool results, is answered).',
    })),
    documents: Type.Optional(shown(Type.Array(Type.Unknown(), { maxItems: 25 }), {
      label: 'Documents and images', group: 'action', feel: 'required', editor: 'String',
      description: 'Sent with the new message: Camunda document references, S3 objects {bucket, key}, external or inline documents or {base64, name}. Images (png, jpeg, gif, webp: up to 20, 3.75 MB each) and documents (pdf, csv, doc, docx, xls, xlsx, html, txt, md: up to 5, 4.5 MB each). Default: none.',
    })),
    maxTokens: Type.Optional(shown(Type.Integer({ minimum: 1 }), { label: 'Max tokens', group: 'inference', feel: 'static', description: 'The longest answer, in tokens. Default: the model\'s.' })),
    temperature: Type.Optional(shown(Type.Number({ minimum: 0, maximum: 1 }), { label: 'Temperature', group: 'inference', feel: 'static', description: '0 to 1: higher is more varied. Default: the model\'s.' })),
    topP: Type.Optional(shown(Type.Number({ minimum: 0, maximum: 1 }), { label: 'Top P', group: 'inference', feel: 'static', description: '0 to 1: the share of likely tokens considered. Some models refuse it with temperature. Default: the model\'s.' })),
    stopSequences: Type.Optional(shown(Type.Array(Type.String({ minLength: 1 }), { maxItems: 2500 }), {
      label: 'Stop sequences', group: 'inference', feel: 'required', editor: 'String', description: 'Texts that end the answer, a FEEL list, e.g. ["END"]. Default: none.',
    })),
    toolConfig: Type.Optional(shown(Type.Object({ tools: Type.Array(Type.Record(Type.String(), Type.Unknown()), { minItems: 1 }), toolChoice: Type.Optional(Type.Record(Type.String(), Type.Unknown())) }), {
      label: 'Tool configuration', group: 'tools', feel: 'required', editor: 'String',
      description: 'Converse\'s toolConfig: {tools: [{toolSpec: {name, description, inputSchema: {json: {...}}}}], toolChoice}. The model\'s tool requests come back as toolUse, for the process to answer with toolResult blocks. Default: none.',
    })),
    additionalModelRequestFields: Type.Optional(shown(Type.Record(Type.String(), Type.Unknown()), {
      label: 'Additional model fields', group: 'inference', feel: 'required', editor: 'String', description: 'Model-specific parameters, e.g. {top_k: 200}. Default: none.',
    })),
    ...guardrail,
  }),
  invokeModel: Type.Object({
    type: Type.Literal('invokeModel'),
    modelId,
    body: shown(Type.Unknown(), {
      label: 'Body', group: 'action', feel: 'optional', editor: 'Text', placeholder: '={"anthropic_version": "bedrock-2023-05-31", "max_tokens": 512, "messages": [{"role": "user", "content": prompt}]}',
      description: 'The request in the model family\'s own format: a FEEL context (sent as JSON) or JSON text.',
    }),
    ...guardrail,
  }),
  retrieve: Type.Object({
    type: Type.Literal('retrieve'),
    knowledgeBaseId: shown(Type.String({ minLength: 1, maxLength: 64, pattern: '^[0-9A-Za-z_-]+$' }), {
      label: 'Knowledge base ID', group: 'action', feel: 'optional', description: 'The knowledge base to search, e.g. KB12345678.',
    }),
    query: shown(Type.String({ minLength: 1 }), { label: 'Query', group: 'action', feel: 'optional', editor: 'Text', description: 'What to find, in words.' }),
    numberOfResults: Type.Optional(shown(Type.Integer({ minimum: 1, maximum: 100, default: 5 }), {
      label: 'Number of results', group: 'action', feel: 'static', description: '1 to 100: the most passages returned. Default: 5.',
    })),
    filter: Type.Optional(shown(Type.Record(Type.String(), Type.Unknown()), {
      label: 'Metadata filter', group: 'action', feel: 'required', editor: 'String', description: 'A Retrieve filter on the documents\' metadata, e.g. {equals: {key: "year", value: 2024}}. Default: none.',
    })),
    nextToken: Type.Optional(shown(Type.String({ minLength: 1 }), { label: 'Next token', group: 'action', feel: 'optional', description: 'A previous result\'s nextToken, for the next page. Default: the first page.' })),
  }),
} satisfies Record<BedrockActionType, TSchema>;

export const BedrockDiscriminatorSchema = Type.Object({ action: Type.Object({ type: BedrockActionTypeSchema }) });

export const BedrockInputSchemas = {
  converse: Type.Object({ ...AwsConnectionSchema, action: BedrockActionSchemas.converse }),
  invokeModel: Type.Object({ ...AwsConnectionSchema, action: BedrockActionSchemas.invokeModel }),
  retrieve: Type.Object({ ...AwsConnectionSchema, action: BedrockActionSchemas.retrieve }),
};

export type ConverseAction = Static<typeof BedrockActionSchemas.converse>;
export type InvokeModelAction = Static<typeof BedrockActionSchemas.invokeModel>;
export type RetrieveAction = Static<typeof BedrockActionSchemas.retrieve>;
export type BedrockInput = Static<(typeof BedrockInputSchemas)['converse']> | Static<(typeof BedrockInputSchemas)['invokeModel']> | Static<(typeof BedrockInputSchemas)['retrieve']>;
