import {
  ConverseCommand, InvokeModelCommand, type ContentBlock, type ConverseCommandInput, type ConverseCommandOutput, type Message,
} from '@aws-sdk/client-bedrock-runtime';
import { callAws } from '../../aws/errors';
import { ConnectorError } from '../../runtime/errors';
import { isPlainObject } from '../../runtime/expressions';
import type { ConnectorDeps } from '../deps';
import { jsonText } from '../json-text';
import { Attachments } from './content';
import type { BedrockMessage, ConverseAction, InvokeModelAction } from './schema';

/** The connection inputs every call takes, with the action. */
interface Call<A> { action: A; authentication?: object; configuration?: { region?: string; endpoint?: string } }

/** A message as variables hold it: content blocks of JSON (documents as the references they were given as). */
export type StoredMessage = BedrockMessage;

export interface ConverseResult {
  /** The answer's text blocks, joined. */
  text: string;
  /** The model's new message, to append to the history. */
  message: StoredMessage;
  /** The history, the new user message (if any) and the answer: the next call's `messages`. */
  messages: StoredMessage[];
  stopReason: string;
  usage: { inputTokens: number; outputTokens: number; totalTokens: number; cacheReadInputTokens?: number; cacheWriteInputTokens?: number };
  /** The tools the model asks to be run (stop reason tool_use), for the process to answer with toolResult blocks. */
  toolUse: { toolUseId: string; name: string; input: unknown }[];
  latencyMs: number | null;
  trace?: unknown;
}

/** Whether the error is the model's context window being too small for the conversation. */
const CONTEXT_OVERFLOW = /too long|too many (input )?tokens|context (window|length)|maximum context|exceeds? the (model'?s? )?(max|context)|prompt is too long/i;

/** Converse: the history and the new user message (documents first, then the text), the answer as data. */
export async function converse(input: Call<ConverseAction>, deps: ConnectorDeps): Promise<ConverseResult> {
  const { action } = input;
  const history = action.messages ?? [];
  const newContent: Record<string, unknown>[] = [
    ...(action.documents ?? []).map((document) => ({ document })),
    ...(action.message ? [{ text: action.message }] : []),
  ];
  if (newContent.length === 0 && history.at(-1)?.role !== 'user') {
    throw new ConnectorError('MISSING_INPUT', 'action.message: is required (or documents, or a history ending with a user message such as tool results)', { path: 'action.message' });
  }
  const stored = newContent.length > 0 ? [...history, { role: 'user' as const, content: newContent }] : [...history];
  const attachments = new Attachments(deps, input);
  const messages: Message[] = [];
  for (const [i, m] of stored.entries()) {
    const path = i < history.length ? `action.messages[${i}]` : 'action.documents';
    // One document at a time: each is read whole (or refused) before the next is opened, so a refusal leaves none open.
    const content: ContentBlock[] = [];
    for (const [j, block] of m.content.entries()) content.push(await toBedrockBlock(block, attachments, i < history.length ? `${path}.content[${j}]` : `action.documents[${j}]`));
    messages.push({ role: m.role, content });
  }

  const request: ConverseCommandInput = {
    modelId: action.modelId,
    messages,
    system: action.system ? [{ text: action.system }] : undefined,
    inferenceConfig: action.maxTokens !== undefined || action.temperature !== undefined || action.topP !== undefined || action.stopSequences !== undefined
      ? { maxTokens: action.maxTokens, temperature: action.temperature, topP: action.topP, stopSequences: action.stopSequences }
      : undefined,
    toolConfig: action.toolConfig as ConverseCommandInput['toolConfig'],
    additionalModelRequestFields: action.additionalModelRequestFields as ConverseCommandInput['additionalModelRequestFields'],
    guardrailConfig: action.guardrailIdentifier
      ? { guardrailIdentifier: action.guardrailIdentifier, guardrailVersion: action.guardrailVersion ?? 'DRAFT', trace: action.guardrailTrace ? 'enabled' : undefined }
      : undefined,
  };
  if (action.guardrailVersion && !action.guardrailIdentifier) {
    throw new ConnectorError('MISSING_INPUT', 'action.guardrailIdentifier: is required with a guardrail version', { path: 'action.guardrailIdentifier' });
  }
  const { client } = deps.aws.bedrockRuntime(input);
  const answer = await callBedrock(`Bedrock Converse with ${action.modelId}`, () => client.send(new ConverseCommand(request)));
  const result = converseResult(answer, stored);
  checkStop(result.stopReason, `Bedrock Converse with ${action.modelId}`, { bedrockResult: result });
  return result;
}

function converseResult(answer: ConverseCommandOutput, stored: StoredMessage[]): ConverseResult {
  const content = (answer.output?.message?.content ?? []).map((block) => asJson(block) as Record<string, unknown>);
  const message: StoredMessage = { role: 'assistant', content };
  const u = answer.usage;
  return {
    text: content.filter((b) => typeof b.text === 'string').map((b) => b.text as string).join(''),
    message,
    messages: [...stored, message],
    stopReason: answer.stopReason ?? 'end_turn',
    usage: {
      inputTokens: u?.inputTokens ?? 0, outputTokens: u?.outputTokens ?? 0, totalTokens: u?.totalTokens ?? 0,
      ...(u?.cacheReadInputTokens !== undefined ? { cacheReadInputTokens: u.cacheReadInputTokens } : {}),
      ...(u?.cacheWriteInputTokens !== undefined ? { cacheWriteInputTokens: u.cacheWriteInputTokens } : {}),
    },
    toolUse: content.flatMap((b) => isPlainObject(b.toolUse) ? [{ toolUseId: String(b.toolUse.toolUseId ?? ''), name: String(b.toolUse.name ?? ''), input: b.toolUse.input ?? null }] : []),
    latencyMs: answer.metrics?.latencyMs ?? null,
    ...(answer.trace ? { trace: asJson(answer.trace) } : {}),
  };
}

/**
 * A stored block as Bedrock takes it: `document` and `image` given as any document source are read (again on
 * every turn: the history keeps the reference, not the bytes); blocks already in Bedrock's form (with a
 * `source`) and the others (text, toolUse, toolResult, reasoning) go as they are.
 */
async function toBedrockBlock(block: Record<string, unknown>, attachments: Attachments, path: string): Promise<ContentBlock> {
  for (const kind of ['document', 'image'] as const) {
    const value = block[kind];
    if (value === undefined) continue;
    if (isPlainObject(value) && isPlainObject(value.source) && typeof value.format === 'string') {
      attachments.native(kind, value as { source: Record<string, unknown> }, `${path}.${kind}`);
      return fromJson(block) as ContentBlock;
    }
    // An image given as a document becomes an image block; an `image` must be one.
    return attachments.block(value, path.startsWith('action.documents') ? path : `${path}.${kind}`, kind === 'image' ? 'image' : undefined);
  }
  return fromJson(block) as ContentBlock;
}

/** InvokeModel: the body as given (a FEEL context as JSON, JSON text as it is), the answer parsed as JSON when it is. */
export async function invokeModel(input: Call<InvokeModelAction>, deps: ConnectorDeps): Promise<{ body: unknown; contentType: string | null }> {
  const { action } = input;
  const body = jsonText(action.body);
  if (body === undefined) throw new ConnectorError('MISSING_INPUT', 'action.body: is required', { path: 'action.body' });
  if (action.guardrailVersion && !action.guardrailIdentifier) {
    throw new ConnectorError('MISSING_INPUT', 'action.guardrailIdentifier: is required with a guardrail version', { path: 'action.guardrailIdentifier' });
  }
  const { client } = deps.aws.bedrockRuntime(input);
  const what = `Bedrock InvokeModel with ${action.modelId}`;
  const answer = await callBedrock(what, () => client.send(new InvokeModelCommand({
    modelId: action.modelId, body: Buffer.from(body), contentType: 'application/json', accept: 'application/json',
    guardrailIdentifier: action.guardrailIdentifier, guardrailVersion: action.guardrailIdentifier ? (action.guardrailVersion ?? 'DRAFT') : undefined,
    trace: action.guardrailIdentifier && action.guardrailTrace ? 'ENABLED' : undefined,
  })));
  const text = Buffer.from(answer.body ?? new Uint8Array()).toString('utf8');
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON: returned as text.
  }
  if (isPlainObject(parsed) && parsed['amazon-bedrock-guardrailAction'] === 'INTERVENED') {
    throw new ConnectorError('GUARDRAIL_INTERVENED', `${what}: guardrail ${action.guardrailIdentifier} blocked the request or the answer`, {
      type: 'GuardrailIntervened', variables: { bedrockResult: { body: parsed } },
    });
  }
  return { body: parsed, contentType: answer.contentType ?? null };
}

/** A stop the process must handle: a blocked guardrail, or a conversation the model cannot take in. */
export function checkStop(stopReason: string, what: string, variables: Record<string, unknown>): void {
  if (stopReason === 'guardrail_intervened') {
    throw new ConnectorError('GUARDRAIL_INTERVENED', `${what}: a guardrail blocked the request or the answer`, { type: 'GuardrailIntervened', variables });
  }
  if (stopReason === 'model_context_window_exceeded') {
    throw new ConnectorError('CONTEXT_WINDOW_EXCEEDED', `${what}: the conversation is longer than the model's context window; shorten the history or the documents`, { type: 'ModelContextWindowExceeded', variables });
  }
}

/** An AWS call whose ValidationException for a too-long input becomes CONTEXT_WINDOW_EXCEEDED (Bedrock has no own name for it). */
async function callBedrock<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await callAws(what, call);
  } catch (error) {
    if (error instanceof ConnectorError && error.type === 'ValidationException' && CONTEXT_OVERFLOW.test(error.message)) {
      throw new ConnectorError('CONTEXT_WINDOW_EXCEEDED', `${error.message} (shorten the history or the documents)`, {
        type: error.type, camundaType: error.camundaType, variables: error.variables, cause: error,
      });
    }
    throw error;
  }
}

/** The SDK's answer as JSON variables: bytes as base64 text, dates as ISO strings. */
function asJson(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(asJson);
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, asJson(v)]));
  return value;
}

/** A stored Bedrock-form block back to the SDK's: `source.bytes` given as base64 text becomes bytes. */
function fromJson(block: Record<string, unknown>): unknown {
  const copy = structuredClone(block);
  for (const kind of ['document', 'image', 'video']) {
    const inner = copy[kind];
    if (isPlainObject(inner) && isPlainObject(inner.source) && typeof inner.source.bytes === 'string') inner.source.bytes = Buffer.from(inner.source.bytes, 'base64');
  }
  return copy;
}
