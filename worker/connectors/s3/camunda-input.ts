import { Type } from '@sinclair/typebox';
import { ConnectorError } from '../../runtime/errors';
import { validateInput } from '../../runtime/validation';
import { required } from '../camunda-fields';
import { camundaConnection, CamundaConnectionSchema } from '../camunda-connection';
import type { BindingNames } from '../camunda-paths';
import type { S3Input } from './schema';

/** The official connector's bindings, every template version (v1..v8). */
const CamundaS3Schema = Type.Object({
  ...CamundaConnectionSchema,
  actionDiscriminator: Type.Union([Type.Literal('uploadObject'), Type.Literal('downloadObject'), Type.Literal('deleteObject')]),
  action: Type.Object({
    bucket: Type.String({ minLength: 1 }),
    key: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    document: Type.Optional(Type.Unknown()),
    asFile: Type.Optional(Type.Boolean()),
  }, { additionalProperties: true }),
  documentReturnFormat: Type.Optional(Type.Object({ choice: Type.Optional(Type.String()), encoding: Type.Optional(Type.String()) })),
});

/** Reads an io.camunda:aws-s3:1 job into our S3 input, so the one handler does the work. */
export function readCamundaS3(variables: Record<string, unknown>): S3Input {
  const v = validateInput(CamundaS3Schema, variables);
  const connection = camundaConnection(v);
  const { bucket } = v.action;
  const key = v.action.key ?? undefined;
  switch (v.actionDiscriminator) {
    case 'deleteObject':
      return { ...connection, action: { type: 'delete', bucket, key: required(key, 'action.key') } };
    case 'uploadObject':
      return { ...connection, action: { type: 'upload', bucket, key: key || undefined, document: uploadDocument(v.action) } };
    case 'downloadObject':
      return { ...connection, action: { type: 'download', bucket, key: required(key, 'action.key'), ...downloadFormat(v) } };
  }
}

/** v8's document-source fields, composed when the template's Hidden composer gave nothing. */
function uploadDocument(action: Record<string, unknown>): unknown {
  if (action.document !== undefined && action.document !== null && action.document !== '') return action.document;
  switch (action.action_document_documentSource) {
    case 'camunda':
      return action.action_document_camundaReference;
    case 'inline':
      return { 'camunda.document.type': 'inline', content: action.action_document_inline_content, name: action.action_document_inline_fileName, contentType: action.action_document_inline_contentType };
    case 'external':
      return { 'camunda.document.type': 'external', url: action.action_document_external_url, name: action.action_document_external_fileName };
    default:
      throw new ConnectorError('MISSING_INPUT', 'action.document: is required', { path: 'action.document' });
  }
}

function downloadFormat(v: { action: { asFile?: boolean }; documentReturnFormat?: { choice?: string; encoding?: string } }) {
  const choice = v.documentReturnFormat?.choice;
  if (choice === 'TEXT') return { returnAs: 'text' as const, encoding: v.documentReturnFormat?.encoding || 'UTF-8' };
  if (choice === 'JSON') return { returnAs: 'json' as const };
  if (choice === 'DOCUMENT') return { returnAs: 'document' as const };
  if (choice !== undefined) {
    throw new ConnectorError('INVALID_INPUT', `documentReturnFormat.choice: must be one of "DOCUMENT", "TEXT", "JSON", got ${JSON.stringify(choice)}`, { path: 'documentReturnFormat.choice' });
  }
  return { returnAs: v.action.asFile === false ? ('auto' as const) : ('document' as const) };
}

/** Where our S3 inputs come from in Camunda's template: the v8 response format, or v2's asFile. */
export function camundaS3Bindings(variables: Record<string, unknown>): BindingNames {
  const v8 = variables.documentReturnFormat !== undefined && variables.documentReturnFormat !== null;
  return { 'action.encoding': 'documentReturnFormat.encoding', 'action.returnAs': v8 ? 'documentReturnFormat.choice' : 'action.asFile' };
}
