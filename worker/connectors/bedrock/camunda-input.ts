import { Type } from '@sinclair/typebox';
import { ConnectorError } from '../../runtime/errors';
import { isPlainObject } from '../../runtime/expressions';
import { validateInput } from '../../runtime/validation';
import { camundaConnection, CamundaConnectionSchema } from '../camunda-connection';
import type { BindingNames } from '../camunda-paths';
import type { BedrockInput, BedrockMessage } from './schema';

const numberOrText = Type.Optional(Type.Union([Type.Number(), Type.String(), Type.Null()]));

/** The official connector's bindings, every template version (v1..v8): `action` at the root, the rest under `data`. */
const CamundaBedrockSchema = Type.Object({
  ...CamundaConnectionSchema,
  action: Type.Optional(Type.Union([Type.Literal('invokeModel'), Type.Literal('converse')])),
  data: Type.Object({
    modelId: Type.String({ minLength: 1 }),
    payload: Type.Optional(Type.Unknown()),
    messagesHistory: Type.Optional(Type.Union([Type.Array(Type.Unknown()), Type.Null()])),
    newMessage: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    newDocuments: Type.Optional(Type.Union([Type.Array(Type.Unknown()), Type.Null()])),
    maxTokens: numberOrText,
    temperature: numberOrText,
    topP: numberOrText,
    // Template v1 (8.6) bound these; Camunda's runtime has ignored them since December 2024, this worker reads them.
    messages: Type.Optional(Type.Union([Type.Array(Type.Unknown()), Type.Null()])),
    nextMessage: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  }, { additionalProperties: true }),
});

/** Reads an io.camunda:aws-bedrock:1 job into our Bedrock input, so the one handler does the work. */
export function readCamundaBedrock(variables: Record<string, unknown>): BedrockInput {
  const v = validateInput(CamundaBedrockSchema, variables);
  const connection = camundaConnection(v);
  const { data } = v;
  if ((v.action ?? 'invokeModel') === 'invokeModel') {
    if (data.payload === undefined || data.payload === null || data.payload === '') throw new ConnectorError('MISSING_INPUT', 'data.payload: is required', { path: 'data.payload' });
    return { ...connection, action: { type: 'invokeModel', modelId: data.modelId, body: data.payload } };
  }
  const message = data.newMessage ?? data.nextMessage ?? undefined;
  const documents = newDocuments(data);
  return {
    ...connection,
    action: {
      type: 'converse',
      modelId: data.modelId,
      messages: fromCamundaHistory(data.messagesHistory ?? data.messages ?? []),
      ...(message ? { message } : {}),
      ...(documents.length > 0 ? { documents } : {}),
      // Camunda's connector always sends maxTokens (512 unless set); temperature and topP only when set.
      maxTokens: numberOf(data.maxTokens, 'data.maxTokens', true) ?? 512,
      temperature: numberOf(data.temperature, 'data.temperature'),
      topP: numberOf(data.topP, 'data.topP'),
    },
  } as BedrockInput;
}

/** The documents of the new message: the Hidden composer's list, else (its v4..v6 scoping bug left it empty or [null]) the helper fields. */
function newDocuments(data: Record<string, unknown>): unknown[] {
  const composed = Array.isArray(data.newDocuments) ? data.newDocuments.filter((d) => d !== null && d !== undefined && d !== '') : [];
  if (composed.length > 0) return composed;
  switch (data.data_newDocuments_documentMode) {
    case 'multiple':
      return Array.isArray(data.data_newDocuments_multiple_expression) ? data.data_newDocuments_multiple_expression : [];
    case 'single':
      switch (data.data_newDocuments_single_documentSource ?? 'camunda') {
        case 'camunda':
          return data.data_newDocuments_single_camundaReference ? [data.data_newDocuments_single_camundaReference] : [];
        case 'inline':
          return [{ 'camunda.document.type': 'inline', content: data.data_newDocuments_single_inline_content, name: data.data_newDocuments_single_inline_fileName, contentType: data.data_newDocuments_single_inline_contentType }];
        case 'external':
          return [{ 'camunda.document.type': 'external', url: data.data_newDocuments_single_external_url, name: data.data_newDocuments_single_external_fileName }];
      }
  }
  return [];
}

/** Camunda's history `[{role, contentList: [{text} | {document}]}]` as our messages. */
function fromCamundaHistory(history: unknown[]): BedrockMessage[] {
  return history.map((m, i) => {
    const path = `data.messagesHistory[${i}]`;
    if (!isPlainObject(m) || (m.role !== 'user' && m.role !== 'assistant')) {
      throw new ConnectorError('INVALID_INPUT', `${path}: must be {role: "user" | "assistant", contentList: [...]}`, { path });
    }
    const list = Array.isArray(m.contentList) ? m.contentList : Array.isArray(m.content) ? m.content : [];
    // Camunda's own answers hold {} for an assistant block that was not text: nothing to send back.
    const content = list.filter((b): b is Record<string, unknown> => isPlainObject(b) && Object.keys(b).length > 0);
    return { role: m.role, content: content.length > 0 ? content : [{ text: ' ' }] };
  });
}

function numberOf(value: unknown, path: string, integer = false): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n))) throw new ConnectorError('INVALID_INPUT', `${path}: must be a number`, { path });
  return n;
}

/** Where our Bedrock inputs come from in Camunda's template. */
export const CAMUNDA_BEDROCK_BINDINGS: BindingNames = {
  'action.modelId': 'data.modelId', 'action.body': 'data.payload', 'action.messages': 'data.messagesHistory', 'action.message': 'data.newMessage',
  'action.documents': 'data.newDocuments', 'action.maxTokens': 'data.maxTokens', 'action.temperature': 'data.temperature', 'action.topP': 'data.topP',
};
