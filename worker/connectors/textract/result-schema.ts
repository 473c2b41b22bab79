import { Type } from '@sinclair/typebox';
import { AisResponseSchema, answer, awsAnswer, DocumentReferenceSchema, field, nullable, SdkMetadataSchema } from '../result-types';

const started = answer({ jobId: field(Type.String(), 'The Textract job\'s ID (execution type async): read its result with Get* later') }, 'started asynchronously');
const confidence = Type.Number();

/** What `aws:textract:1` answers, per action: the analysis, or the job it started (asynchronous). */
export const TextractResults = {
  extract: Type.Union([
    answer({
      awsResult: field(Type.Union([awsAnswer('Textract\'s answer'), Type.String()]),
        'Textract\'s answer, every page merged (for Alfresco Process Automation\'s EXTRACT: {detectDocumentText, analyzeDocument}); with outputFormat TXT the text'),
      text: field(Type.String(), 'Every line, in reading order, one per line'),
      keyValues: field(Type.Array(Type.Object({ key: Type.String(), value: Type.String(), confidence, page: Type.Integer() }, { additionalProperties: false })),
        'The form fields (FORMS): {key, value, confidence, page}'),
      tables: field(Type.Array(Type.Object({
        page: Type.Integer(), rows: Type.Array(Type.Array(Type.String())),
        checkboxes: Type.Array(Type.Object({ row: Type.Integer(), column: Type.Integer(), label: Type.String(), selected: Type.Boolean() }, { additionalProperties: false })),
      }, { additionalProperties: false })), 'The tables (TABLES): {page, rows (lists of cell texts), checkboxes [{row, column, label, selected}]}'),
      queries: field(Type.Array(Type.Object({ alias: nullable(Type.String()), question: Type.String(), answer: nullable(Type.String()), confidence: nullable(confidence), page: Type.Integer() }, { additionalProperties: false })),
        'The queries\' answers (QUERIES): {alias, question, answer, confidence, page}'),
      signatures: field(Type.Array(Type.Object({ page: Type.Integer(), confidence }, { additionalProperties: false })), 'The signatures found (SIGNATURES): {page, confidence}'),
      pages: field(Type.Integer(), 'The document\'s pages'),
      aisResponse: AisResponseSchema,
    }, 'the analysis (real-time or polling)'),
    started,
  ]),
  expense: Type.Union([
    answer({
      awsResult: field(awsAnswer('Textract\'s AnalyzeExpense answer'), 'Textract\'s answer: {ExpenseDocuments, DocumentMetadata}'),
      summaryFields: field(Type.Array(Type.Object({ type: Type.String(), label: nullable(Type.String()), value: Type.String(), confidence, page: nullable(Type.Integer()) }, { additionalProperties: false })),
        'The invoice\'s or receipt\'s fields (VENDOR_NAME, TOTAL, ...): {type, label, value, confidence, page}'),
      lineItems: field(Type.Array(Type.Array(Type.Object({ type: Type.String(), label: nullable(Type.String()), value: Type.String() }, { additionalProperties: false }))),
        'Each line item\'s fields (ITEM, QUANTITY, PRICE, ...): lists of {type, label, value}'),
    }, 'the analysis (real-time or polling)'),
    started,
  ]),
};

const camundaAnswer = (fields: Record<string, ReturnType<typeof field>>) => Type.Object({ ...SdkMetadataSchema, ...fields }, { additionalProperties: true, description: 'the analysis (documentReturnFormat JSON, the default); Textract\'s other answer fields too, camelCase' });
const blocks = field(Type.Array(Type.Unknown()), 'Textract\'s blocks, camelCase (blockType, text, confidence, geometry, relationships, ...), every page merged');
const documentMetadata = field(nullable(Type.Unknown()), '{pages}');

/** What `io.camunda:aws-textract:1` answers, per `input.executionType` (camelCase, as the AWS SDK for Java v1 beans). */
export const CamundaTextractResults = {
  SYNC: Type.Union([
    camundaAnswer({ documentMetadata, blocks, humanLoopActivationOutput: field(nullable(Type.Unknown()), 'Always null here'), analyzeDocumentModelVersion: field(nullable(Type.String()), 'The model version') }),
    field(DocumentReferenceSchema, 'with documentReturnFormat DOCUMENT: a reference to the answer, stored as a JSON document'),
  ]),
  POLLING: Type.Union([
    camundaAnswer({
      documentMetadata, jobStatus: field(nullable(Type.String()), 'SUCCEEDED or PARTIAL_SUCCESS'), nextToken: field(Type.Null(), 'Always null: every page is merged'),
      blocks, warnings: field(nullable(Type.Array(Type.Unknown())), 'Textract\'s warnings'), statusMessage: field(nullable(Type.String()), 'Textract\'s status message'),
      analyzeDocumentModelVersion: field(nullable(Type.String()), 'The model version'),
    }),
    field(DocumentReferenceSchema, 'with documentReturnFormat DOCUMENT: a reference to the answer, stored as a JSON document'),
  ]),
  ASYNC: Type.Object({ ...SdkMetadataSchema, jobId: field(Type.String(), 'The Textract job\'s ID') }, { additionalProperties: false }),
};
