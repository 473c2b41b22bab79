import { Type, type TSchema } from '@sinclair/typebox';

const Block = Type.Record(Type.String(), Type.Unknown());
const Message = Type.Object({ role: Type.Union([Type.Literal('user'), Type.Literal('assistant')]), content: Type.Array(Block) });

/** Our converse result (handler.ts ConverseResult). */
const ConverseResultSchema = Type.Object({
  text: Type.String({ description: 'The answer\'s text blocks, joined' }),
  message: Message,
  messages: Type.Array(Message, { description: 'The history, the new user message and the answer: the next call\'s action.messages' }),
  stopReason: Type.String({ description: 'end_turn, tool_use, max_tokens, stop_sequence, content_filtered, ...' }),
  usage: Type.Object({
    inputTokens: Type.Integer(), outputTokens: Type.Integer(), totalTokens: Type.Integer(),
    cacheReadInputTokens: Type.Optional(Type.Integer()), cacheWriteInputTokens: Type.Optional(Type.Integer()),
  }),
  toolUse: Type.Array(Type.Object({ toolUseId: Type.String(), name: Type.String(), input: Type.Unknown() })),
  latencyMs: Type.Union([Type.Number(), Type.Null()]),
  trace: Type.Optional(Type.Unknown()),
});

const InvokeModelResultSchema = Type.Object({
  body: Type.Unknown({ description: 'The model\'s answer, parsed when it is JSON' }),
  contentType: Type.Union([Type.String(), Type.Null()]),
});

const RetrieveResultSchema = Type.Object({
  results: Type.Array(Type.Object({
    text: Type.String(), score: Type.Union([Type.Number(), Type.Null()]), sourceUri: Type.Union([Type.String(), Type.Null()]),
    location: Type.Unknown(), metadata: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  })),
  citations: Type.Array(Type.Object({ number: Type.Integer(), sourceUri: Type.Union([Type.String(), Type.Null()]), type: Type.Union([Type.String(), Type.Null()]) })),
  nextToken: Type.Union([Type.String(), Type.Null()]),
});

const CamundaMessage = Type.Object({ role: Type.Union([Type.Literal('user'), Type.Literal('assistant')]), contentList: Type.Array(Block) });

export const BedrockResultSchemas: { own: Record<string, TSchema>; camunda: Record<string, TSchema> } = {
  own: { converse: ConverseResultSchema, invokeModel: InvokeModelResultSchema, retrieve: RetrieveResultSchema },
  camunda: {
    converse: Type.Array(CamundaMessage, { description: 'The whole conversation; an assistant\'s non-text blocks are {}' }),
    invokeModel: Type.Object({ body: Type.Unknown() }),
  },
};
