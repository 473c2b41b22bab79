import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { AwsConnectionSchema } from '../aws-input';
import { shown } from '../template-meta';

export const SQS_ACTIONS = ['send', 'sendBatch'] as const;
export type SqsActionType = (typeof SQS_ACTIONS)[number];

export const SqsActionTypeSchema = shown(Type.Union(SQS_ACTIONS.map((a) => Type.Literal(a)), { default: 'send' }), {
  label: 'Operation', group: 'action', description: 'Send one message, or up to 10 in one call. Default: one message.',
  choiceLabels: { send: 'Send a message (SendMessage)', sendBatch: 'Send up to 10 messages (SendMessageBatch)' },
});

const queue = Type.Object({
  url: Type.Optional(shown(Type.String({ minLength: 1, maxLength: 2048 }), {
    label: 'Queue URL', group: 'queue', feel: 'optional', placeholder: 'https://sqs.eu-west-1.amazonaws.com/123456789012/orders',
    description: 'The queue\'s URL. A FIFO queue\'s name ends in .fifo. Give the URL or the name.',
  })),
  name: Type.Optional(shown(Type.String({ minLength: 1, maxLength: 80 }), {
    label: 'Queue name', group: 'queue', feel: 'optional', description: 'The queue\'s name in the region (its URL is looked up), e.g. orders or orders.fifo. Give the URL or the name.',
  })),
  ownerAccountId: Type.Optional(shown(Type.String({ pattern: '^[0-9]{12}$' }), {
    label: 'Queue owner account', group: 'queue', feel: 'optional', description: 'With a queue name: the 12-digit account that owns the queue. Default: the caller\'s account.',
  })),
});

const group = 'message';
const body = shown(Type.Unknown(), {
  label: 'Message body', group, feel: 'optional', editor: 'Text', placeholder: '={"orderId": orderId}',
  description: 'The message: text (sent as it is) or a FEEL context (sent as JSON). Up to 1 MiB with its attributes.',
});
const attributes = Type.Optional(shown(Type.Unknown(), {
  label: 'Message attributes', group, feel: 'required', editor: 'String', placeholder: '={"tenant": "acme", "priority": 2}',
  description: 'Up to 10 attributes, a FEEL context: name -> text or number, or {DataType, StringValue | BinaryValue (base64)}. Default: none.',
}));
const groupId = Type.Optional(shown(Type.String({ minLength: 1, maxLength: 128 }), {
  label: 'Message group ID', group, feel: 'optional', description: 'FIFO queues: required; messages of one group arrive in order. Standard queues: a fair-queue tenant. Default: none.',
}));
const deduplicationId = Type.Optional(shown(Type.String({ minLength: 1, maxLength: 128 }), {
  label: 'Deduplication ID', group, feel: 'optional', description: 'FIFO queues: a message with the same ID within 5 minutes is accepted but not delivered again. Default: none (the queue\'s content-based deduplication).',
}));
const delaySeconds = Type.Optional(shown(Type.Integer({ minimum: 0, maximum: 900 }), {
  label: 'Delay (seconds)', group, feel: 'static', description: 'Standard queues: how long the message stays invisible, 0 to 900. Default: the queue\'s delay.',
}));

const messageEntry = Type.Object({
  id: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{1,80}$' })),
  body: Type.Unknown(),
  attributes: Type.Optional(Type.Unknown()),
  groupId: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  deduplicationId: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  delaySeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 900 })),
});

export const SqsInputSchemas = {
  send: Type.Object({
    ...AwsConnectionSchema,
    action: Type.Object({ type: Type.Literal('send') }),
    queue,
    message: Type.Object({ body, attributes, groupId, deduplicationId, delaySeconds }),
  }),
  sendBatch: Type.Object({
    ...AwsConnectionSchema,
    action: Type.Object({ type: Type.Literal('sendBatch') }),
    queue,
    messages: shown(Type.Array(messageEntry, { minItems: 1, maxItems: 10 }), {
      label: 'Messages', group, feel: 'required', editor: 'String', placeholder: '=for o in orders return {body: o, groupId: o.customer}',
      description: '1 to 10 messages, a FEEL list of {body, attributes, groupId, deduplicationId, delaySeconds, id}; the id (default: the position, 0 first) names the entry in failures.',
    }),
  }),
} satisfies Record<SqsActionType, TSchema>;

/** Validated first, so that the action's own schema can then be chosen and its errors be precise. */
export const SqsDiscriminatorSchema = Type.Object({ action: Type.Object({ type: SqsActionTypeSchema }) });

export type SqsSendInput = Static<(typeof SqsInputSchemas)['send']>;
export type SqsBatchInput = Static<(typeof SqsInputSchemas)['sendBatch']>;
export type SqsInput = SqsSendInput | SqsBatchInput;
/** One message, as both actions and Camunda's type give it. */
export type SqsMessage = Static<typeof messageEntry>;
