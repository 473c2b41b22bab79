import { Type } from '@sinclair/typebox';

const messageId = Type.String({ description: 'The ID SNS gave the message.' });

/** The result on aws:sns:1 (one action). */
export const SnsResultSchemas = {
  publish: Type.Object({
    messageId,
    sequenceNumber: Type.Union([Type.String(), Type.Null()], { description: 'FIFO topics: the message\'s place in its group; null otherwise.' }),
  }),
};

/** The result on io.camunda:aws-sns:1, as Camunda's connector answers. */
export const CamundaSnsResultSchemas = { publish: Type.Object({ messageId }) };
