import { Type, type TObject, type TProperties, type TSchema } from '@sinclair/typebox';

/**
 * Building blocks of the result schemas (`<connector>/result-schema.ts`): what a task answers, field by field with
 * its type and meaning, for the docs' output tables, the published JSON schemas and the integration tests' check.
 */

/** A field with what it means (the docs' "meaning" column). */
export function field<S extends TSchema>(schema: S, description: string): S {
  return { ...schema, description } as S;
}

/** The value, or null when there is none. */
export function nullable<S extends TSchema>(schema: S, description?: string) {
  return Type.Union([schema, Type.Null()], description ? { description } : {});
}

/** A result object: exactly these fields (a field the code adds without its schema fails the check). */
export function answer<P extends TProperties>(properties: P, description?: string): TObject<P> {
  return Type.Object(properties, { additionalProperties: false, ...(description ? { description } : {}) });
}

/** A service's own answer passed on as it is: its fields are AWS's (see the service's API reference). */
export function awsAnswer(description: string) {
  return Type.Object({}, { additionalProperties: true, description });
}

/** A reference to a document in the Camunda document store. */
export const DocumentReferenceSchema = Type.Object({
  'camunda.document.type': Type.Literal('camunda'),
  storeId: Type.String(),
  documentId: Type.String(),
  contentHash: Type.Optional(Type.String()),
  metadata: Type.Object({
    contentType: Type.Optional(Type.String()), fileName: Type.Optional(Type.String()), size: Type.Optional(Type.Integer()),
  }, { additionalProperties: true }),
}, { additionalProperties: true, description: 'A Camunda document reference ({"camunda.document.type": "camunda", storeId, documentId, contentHash, metadata {contentType, fileName, size}})' });

/** Seeds 000/001's AIS answer: each Alfresco AI aspect with the distinct texts found. */
export const AisResponseSchema = field(Type.Record(Type.String(), Type.Array(Type.String())), 'The Alfresco Intelligence Services format: each aspect (`ai:people`, `ai:labels`, ...) with the texts found');

/** The AWS SDK for Java v1 metadata the official connectors' answers carry (`camunda-shapes.ts`). */
export const SdkMetadataSchema = {
  sdkResponseMetadata: field(Type.Object({ requestId: nullable(Type.String()) }, { additionalProperties: false }), 'The AWS request ID (`requestId`)'),
  sdkHttpMetadata: field(Type.Object({
    httpHeaders: Type.Record(Type.String(), Type.String()), httpStatusCode: Type.Integer(), allHttpHeaders: Type.Record(Type.String(), Type.Array(Type.String())),
  }, { additionalProperties: false }), 'The HTTP status (`httpStatusCode`); the header maps are empty'),
};
