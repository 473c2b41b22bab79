import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { AwsConnectionSchema } from '../aws-input';
import { shown } from '../template-meta';

const group = 'event';

/** One event (putEvent); the entries of putEvents have the same fields. */
const event = Type.Object({
  busName: Type.Optional(shown(Type.String({ minLength: 1, maxLength: 1600 }), {
    label: 'Event bus', group, feel: 'optional', placeholder: 'orders',
    description: 'The bus\'s name or ARN (a bus of another account by its ARN). Default: the account\'s default bus.',
  })),
  source: shown(Type.String({ minLength: 1, maxLength: 256 }), {
    label: 'Source', group, feel: 'optional', placeholder: 'com.example.orders',
    description: 'Who sends the event, e.g. com.example.orders; rules match on it. Sources starting with aws. are AWS\'s own.',
  }),
  detailType: shown(Type.String({ minLength: 1, maxLength: 256 }), {
    label: 'Detail type', group, feel: 'optional', placeholder: 'OrderCreated', description: 'What happened, e.g. OrderCreated; rules match on it.',
  }),
  detail: Type.Optional(shown(Type.Unknown(), {
    label: 'Detail', group, feel: 'optional', editor: 'Text', placeholder: '={"orderId": orderId, "total": total}',
    description: 'The event\'s data: a FEEL context, or the JSON text of an object. Up to 256 KiB with the other fields. Default: {}.',
  })),
  resources: Type.Optional(shown(Type.Array(Type.String({ minLength: 1, maxLength: 1600 }), { maxItems: 100 }), {
    label: 'Resources', group, feel: 'required', editor: 'String', placeholder: '=["arn:aws:s3:::invoices/2024/17.pdf"]',
    description: 'The ARNs the event is about, a FEEL list. Default: none.',
  })),
  time: Type.Optional(shown(Type.String({ minLength: 1 }), {
    label: 'Time', group, feel: 'optional', placeholder: '2024-05-01T12:00:00Z', description: 'When it happened, ISO 8601. Default: when EventBridge receives it.',
  })),
});

export const EVENTBRIDGE_ACTIONS = ['putEvent', 'putEvents'] as const;
export type EventBridgeActionType = (typeof EVENTBRIDGE_ACTIONS)[number];

export const EventBridgeActionTypeSchema = shown(Type.Union(EVENTBRIDGE_ACTIONS.map((a) => Type.Literal(a)), { default: 'putEvent' }), {
  label: 'Operation', group: 'action', description: 'Put one event, or up to 10 in one call. Default: one event.',
  choiceLabels: { putEvent: 'Put an event (PutEvents)', putEvents: 'Put up to 10 events (PutEvents)' },
});

const eventEntry = Type.Object({
  busName: Type.Optional(Type.String({ minLength: 1, maxLength: 1600 })),
  source: Type.String({ minLength: 1, maxLength: 256 }),
  detailType: Type.String({ minLength: 1, maxLength: 256 }),
  detail: Type.Optional(Type.Unknown()),
  resources: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 1600 }), { maxItems: 100 })),
  time: Type.Optional(Type.String({ minLength: 1 })),
});

export const EventBridgeInputSchemas = {
  putEvent: Type.Object({ ...AwsConnectionSchema, action: Type.Object({ type: Type.Literal('putEvent') }), event }),
  putEvents: Type.Object({
    ...AwsConnectionSchema,
    action: Type.Object({ type: Type.Literal('putEvents') }),
    events: shown(Type.Array(eventEntry, { minItems: 1, maxItems: 10 }), {
      label: 'Events', group, feel: 'required', editor: 'String', placeholder: '=for o in orders return {source: "com.example.orders", detailType: "OrderCreated", detail: o}',
      description: '1 to 10 events, a FEEL list of {source, detailType, detail, busName, resources, time}; up to 256 KiB together.',
    }),
  }),
} satisfies Record<EventBridgeActionType, TSchema>;

/** Validated first, so that the action's own schema can then be chosen and its errors be precise. */
export const EventBridgeDiscriminatorSchema = Type.Object({ action: Type.Object({ type: EventBridgeActionTypeSchema }) });

export type EventBridgeSingleInput = Static<(typeof EventBridgeInputSchemas)['putEvent']>;
export type EventBridgeBatchInput = Static<(typeof EventBridgeInputSchemas)['putEvents']>;
export type EventBridgeInput = EventBridgeSingleInput | EventBridgeBatchInput;
export type EventEntry = Static<typeof eventEntry>;
