import { Type } from '@sinclair/typebox';
import { ConnectorError } from '../../runtime/errors';
import { validateInput } from '../../runtime/validation';
import { CamundaFlag, given, yes } from '../camunda-fields';
import { camundaConnection, CamundaConnectionSchema } from '../camunda-connection';
import type { BindingNames } from '../camunda-paths';
import type { TextractInput } from './schema';

/** The official connector's bindings, every template version (v1..v8). */
const CamundaTextractSchema = Type.Object({
  ...CamundaConnectionSchema,
  input: Type.Object({
    documentLocationType: Type.Optional(Type.Union([Type.Literal('S3'), Type.Literal('UPLOADED')])),
    documentS3Bucket: Type.Optional(Type.String()),
    documentName: Type.Optional(Type.String()),
    documentVersion: Type.Optional(Type.String()),
    document: Type.Optional(Type.Unknown()),
    document_documentSource: Type.Optional(Type.String()),
    document_camundaReference: Type.Optional(Type.Unknown()),
    document_external_url: Type.Optional(Type.String()),
    executionType: Type.Optional(Type.Union([Type.Literal('SYNC'), Type.Literal('POLLING'), Type.Literal('ASYNC')])),
    analyzeTables: CamundaFlag, analyzeForms: CamundaFlag, analyzeSignatures: CamundaFlag, analyzeLayout: CamundaFlag, analyzeQueries: CamundaFlag,
    query: Type.Optional(Type.String()),
    outputConfigS3Bucket: Type.Optional(Type.String()),
    outputConfigS3Prefix: Type.Optional(Type.String()),
    clientRequestToken: Type.Optional(Type.String()),
    jobTag: Type.Optional(Type.String()),
    kmsKeyId: Type.Optional(Type.String()),
    notificationChannelRoleArn: Type.Optional(Type.String()),
    notificationChannelSnsTopicArn: Type.Optional(Type.String()),
  }, { additionalProperties: true }),
});

/** Reads an io.camunda:aws-textract:1 job into our Textract input. */
export function readCamundaTextract(variables: Record<string, unknown>): TextractInput {
  const v = validateInput(CamundaTextractSchema, variables);
  const i = v.input;
  const uploaded = i.documentLocationType === 'UPLOADED';
  if (yes(i.analyzeQueries) && !given(i.query)) {
    throw new ConnectorError('INVALID_INPUT', "input.query: The 'query' field must be provided when 'analyzeQueries' is set to true.", { path: 'input.query' });
  }
  if (!uploaded && (!given(i.documentS3Bucket) || !given(i.documentName))) {
    throw new ConnectorError('MISSING_INPUT', `${given(i.documentS3Bucket) ? 'input.documentName' : 'input.documentS3Bucket'}: is required`, {
      path: given(i.documentS3Bucket) ? 'input.documentName' : 'input.documentS3Bucket',
    });
  }
  const document = uploaded ? uploadedDocument(i) : { bucket: i.documentS3Bucket, key: i.documentName, versionId: given(i.documentVersion) };
  // The template hides the execution type for uploaded documents (the official bug): they are real-time.
  const executionType = ({ SYNC: 'sync', POLLING: 'polling', ASYNC: 'async' } as const)[i.executionType ?? (uploaded ? 'SYNC' : 'POLLING')];
  return {
    ...camundaConnection(v),
    action: {
      type: 'extract',
      document,
      executionType,
      analyzeTables: yes(i.analyzeTables),
      analyzeForms: yes(i.analyzeForms),
      analyzeSignatures: yes(i.analyzeSignatures),
      analyzeLayout: yes(i.analyzeLayout),
      queries: yes(i.analyzeQueries) ? [{ text: i.query! }] : undefined,
      outputBucket: given(i.outputConfigS3Bucket),
      outputPrefix: given(i.outputConfigS3Prefix),
      clientRequestToken: given(i.clientRequestToken),
      jobTag: given(i.jobTag),
      kmsKeyId: given(i.kmsKeyId),
      snsRoleArn: given(i.notificationChannelRoleArn),
      snsTopicArn: given(i.notificationChannelSnsTopicArn),
    },
  };
}

function uploadedDocument(i: { document?: unknown; document_documentSource?: string; document_camundaReference?: unknown; document_external_url?: string }): unknown {
  if (i.document !== undefined && i.document !== null && i.document !== '') return i.document;
  if (i.document_documentSource === 'external') return { 'camunda.document.type': 'external', url: i.document_external_url };
  if (i.document_documentSource === 'camunda') return i.document_camundaReference;
  throw new ConnectorError('MISSING_INPUT', 'input.document: is required', { path: 'input.document' });
}

/** Where each of our Textract inputs comes from in Camunda's template, for messages in the modeler's terms. */
export function camundaTextractBindings(variables: Record<string, unknown>): BindingNames {
  const input = variables.input as { documentLocationType?: unknown } | undefined;
  return {
    'action.document': input?.documentLocationType === 'UPLOADED' ? 'input.document' : 'input.documentName',
    'action.executionType': 'input.executionType',
    'action.queries': 'input.query',
    'action.outputBucket': 'input.outputConfigS3Bucket',
    'action.outputPrefix': 'input.outputConfigS3Prefix',
    'action.clientRequestToken': 'input.clientRequestToken',
    'action.jobTag': 'input.jobTag',
    'action.kmsKeyId': 'input.kmsKeyId',
    'action.snsTopicArn': 'input.notificationChannelSnsTopicArn',
    'action.snsRoleArn': 'input.notificationChannelRoleArn',
  };
}
