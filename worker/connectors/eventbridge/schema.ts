import { Type, type Static } from '@sinclair/typebox';
import { AwsConnectionSchema } from '../aws-input';
import { shown } from '../template-meta';

const group = 'event';

export const EventBridgeInputSchema = Type.Object({
  ...AwsConnectionSchema,
  event: Type.Object({
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
  }),
});

export type EventBridgeInput = Static<typeof EventBridgeInputSchema>;
