import { Type, type TSchema } from '@sinclair/typebox';

const nullableText = Type.Union([Type.String(), Type.Null()]);
const body = Type.Unknown({ description: 'The answer: parsed when its content type is JSON, text for text types, else base64 (bodyEncoding "base64")' });

const InvokeResultSchema = Type.Object({
  body, bodyEncoding: Type.Optional(Type.Literal('base64')),
  contentType: nullableText, customAttributes: nullableText, invokedProductionVariant: nullableText,
});
const AsyncLocations = {
  outputLocation: nullableText, failureLocation: nullableText, inferenceId: nullableText,
};

export const SageMakerResultSchemas: { own: Record<string, TSchema>; camunda: Record<string, TSchema> } = {
  own: {
    invokeEndpoint: InvokeResultSchema,
    invokeEndpointAsync: Type.Union([
      Type.Object({ body, bodyEncoding: Type.Optional(Type.Literal('base64')), contentType: nullableText, ...AsyncLocations }, { description: 'action.wait on (the default): the output' }),
      Type.Object(AsyncLocations, { description: 'action.wait off: where the output will be' }),
    ]),
  },
  camunda: {
    SYNC: Type.Object({ body, contentType: nullableText, customAttributes: nullableText, invokedProductionVariant: nullableText }),
    ASYNC: Type.Object(AsyncLocations),
  },
};
