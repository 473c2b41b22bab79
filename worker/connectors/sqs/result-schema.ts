import { Type } from '@sinclair/typebox';

const sent = {
  messageId: Type.String({ description: 'The ID SQS gave the message.' }),
  sequenceNumber: Type.Union([Type.String(), Type.Null()], { description: 'FIFO queues: the message\'s place in its group; null for standard queues.' }),
  md5OfMessageBody: Type.Union([Type.String(), Type.Null()], { description: 'The MD5 digest of the body SQS received (the SDK checks it).' }),
};
const queueUrl = Type.String({ description: 'The queue\'s URL (looked up when the task gave its name).' });

/** Each action's result on aws:sqs:1. */
export const SqsResultSchemas = {
  send: Type.Object({ queueUrl, ...sent }),
  sendBatch: Type.Object({
    queueUrl,
    messages: Type.Array(Type.Object({
      index: Type.Integer({ description: 'The message\'s position in the task\'s list, 0 first.' }),
      id: Type.String({ description: 'The entry\'s id (the position when the task gave none).' }),
      ...sent,
    }), { description: 'Every message, in the task\'s order (a task with a failed message fails instead).' }),
  }),
};

/** The result on io.camunda:aws-sqs:1, as Camunda's connector answers. */
export const CamundaSqsResultSchemas = {
  send: Type.Object({ messageId: Type.String({ description: 'The ID SQS gave the message.' }) }),
};
