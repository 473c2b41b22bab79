import { Type } from '@sinclair/typebox';

const eventId = Type.String({ description: 'The ID EventBridge gave the event.' });
const nullableString = Type.Union([Type.String(), Type.Null()]);
const eventBusName = Type.String({ description: 'The bus the event was put on (default when the task named none).' });

/** The result on aws:eventbridge:1 (one action). */
export const EventBridgeResultSchemas = {
  putEvent: Type.Object({ eventId, eventBusName }),
  putEvents: Type.Object({
    events: Type.Array(Type.Object({ index: Type.Integer({ description: 'The event\'s position in the task\'s list, 0 first.' }), eventId, eventBusName }), {
      description: 'Every event, in the task\'s order (a task with a rejected event fails instead).',
    }),
  }),
};

/** The result on io.camunda:aws-eventbridge:1: the AWS SDK v1 PutEventsResult as Camunda's connector answers it (8.9.7+). */
export const CamundaEventBridgeResultSchemas = {
  putEvent: Type.Object({
    sdkResponseMetadata: Type.Object({ requestId: nullableString }),
    sdkHttpMetadata: Type.Object({
      httpHeaders: Type.Record(Type.String(), Type.String()),
      httpStatusCode: Type.Integer(),
      allHttpHeaders: Type.Record(Type.String(), Type.Array(Type.String())),
    }),
    failedEntryCount: Type.Integer({ description: 'Always 0: a rejected event fails the task instead.' }),
    entries: Type.Array(Type.Object({ eventId, errorCode: Type.Null(), errorMessage: Type.Null() })),
  }),
};
