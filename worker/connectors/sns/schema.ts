import { Type, type Static } from '@sinclair/typebox';
import { AwsConnectionSchema } from '../aws-input';
import { shown } from '../template-meta';

const target = Type.Object({
  type: Type.Optional(shown(Type.Union([Type.Literal('topic'), Type.Literal('endpoint'), Type.Literal('phone')], { default: 'topic' }), {
    label: 'Publish to', group: 'target', description: 'A topic (its subscribers receive the message), one mobile endpoint, or one phone number (SMS). Default: a topic.',
    choiceLabels: { topic: 'Topic (TopicArn)', endpoint: 'Mobile endpoint (TargetArn)', phone: 'Phone number, SMS (PhoneNumber)' },
  })),
  topicArn: Type.Optional(shown(Type.String({ minLength: 1, maxLength: 1024 }), {
    label: 'Topic ARN', group: 'target', feel: 'optional', placeholder: 'arn:aws:sns:eu-west-1:123456789012:orders',
    description: 'The topic\'s ARN; a FIFO topic\'s name ends in .fifo. Its region is used when the task gives none.', visibleWhen: { path: 'target.type', oneOf: ['topic'] },
  })),
  targetArn: Type.Optional(shown(Type.String({ minLength: 1, maxLength: 1024 }), {
    label: 'Endpoint ARN', group: 'target', feel: 'optional', placeholder: 'arn:aws:sns:eu-west-1:123456789012:endpoint/GCM/app/1234',
    description: 'A platform application endpoint\'s ARN (mobile push).', visibleWhen: { path: 'target.type', oneOf: ['endpoint'] },
  })),
  phoneNumber: Type.Optional(shown(Type.String({ minLength: 1, maxLength: 32 }), {
    label: 'Phone number', group: 'target', feel: 'optional', placeholder: '+4915112345678',
    description: 'An E.164 phone number (+, country code, number) that receives the message as SMS.', visibleWhen: { path: 'target.type', oneOf: ['phone'] },
  })),
});

const group = 'message';
const message = Type.Object({
  body: shown(Type.Unknown(), {
    label: 'Message text', group, feel: 'optional', editor: 'Text', placeholder: '={"orderId": orderId}',
    description: 'Text (sent as it is) or a FEEL context (sent as JSON); with per-protocol messages, a context of protocol -> text that has "default". Up to 256 KiB with its attributes.',
  }),
  structure: Type.Optional(shown(Type.Union([Type.Literal('text'), Type.Literal('json')], { default: 'text' }), {
    label: 'Message structure', group, description: 'One message for every subscriber, or one per protocol (MessageStructure json). Default: one message.',
    choiceLabels: { text: 'One message for every protocol', json: 'One message per protocol (default, email, sqs, lambda, http, sms, ...)' },
  })),
  subject: Type.Optional(shown(Type.String({ minLength: 1, maxLength: 99 }), {
    label: 'Subject', group, feel: 'optional', description: 'The subject of email notifications (and in the SQS/HTTP envelope): ASCII, under 100 characters, one line. Default: none.',
  })),
  attributes: Type.Optional(shown(Type.Unknown(), {
    label: 'Message attributes', group, feel: 'required', editor: 'String', placeholder: '={"eventType": "order.created", "regions": ["eu", "us"]}',
    description: 'A FEEL context: name -> text, number, list (String.Array) or {DataType, StringValue | BinaryValue (base64)}; subscription filter policies match them. Default: none.',
  })),
  groupId: Type.Optional(shown(Type.String({ minLength: 1, maxLength: 128 }), {
    label: 'Message group ID', group, feel: 'optional', description: 'FIFO topics: required; messages of one group are delivered in order. Standard topics: passed on to subscribed SQS fair queues. Default: none.',
  })),
  deduplicationId: Type.Optional(shown(Type.String({ minLength: 1, maxLength: 128 }), {
    label: 'Deduplication ID', group, feel: 'optional', description: 'FIFO topics: a message with the same ID within 5 minutes is not delivered again. Default: none (the topic\'s content-based deduplication).',
  })),
});

export const SnsInputSchema = Type.Object({ ...AwsConnectionSchema, target, message });

export type SnsInput = Static<typeof SnsInputSchema>;
