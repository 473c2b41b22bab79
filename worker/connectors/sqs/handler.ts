import {
  GetQueueUrlCommand, SendMessageBatchCommand, SendMessageCommand, type BatchResultErrorEntry, type SendMessageBatchRequestEntry, type SQSClient,
} from '@aws-sdk/client-sqs';
import { callAws, codeOfAwsName } from '../../aws/errors';
import { ConnectorError } from '../../runtime/errors';
import type { ConnectorDeps } from '../deps';
import { attributesSize, firstInvalidCharacter, readMessageAttributes } from '../message-attributes';
import { messageText } from '../message-text';
import type { SqsInput, SqsMessage } from './schema';

/** SQS's largest message, body and attributes together, and the largest batch (the sum of its messages). */
export const MAX_MESSAGE_BYTES = 1024 * 1024;
const MAX_ATTRIBUTES = 10;
/** Group and deduplication IDs: 1 to 128 printable ASCII characters without spaces. */
const MESSAGE_ID_TEXT = /^[!-~]{1,128}$/;
/** A batch entry SQS failed on its side is sent again this many times within the job, after these pauses. */
const ENTRY_RETRY_PAUSES_MS = [200, 800];

export interface SqsSent { messageId: string; sequenceNumber: string | null; md5OfMessageBody: string | null }
export interface SqsSendResult extends SqsSent { action: 'send'; queueUrl: string }
export interface SqsBatchResult { action: 'sendBatch'; queueUrl: string; messages: (SqsSent & { index: number; id: string })[] }
export type SqsResult = SqsSendResult | SqsBatchResult;

export async function runSqs(input: SqsInput, deps: ConnectorDeps): Promise<SqsResult> {
  if (input.queue.url !== undefined && input.queue.name !== undefined) {
    throw new ConnectorError('INVALID_INPUT', 'queue.name: give the queue\'s URL or its name, not both', { path: 'queue.name' });
  }
  const named = input.queue.url === undefined ? checkedName(input.queue.name) : undefined;
  const url = named === undefined ? checkedQueueUrl(input.queue.url) : undefined;
  const queueName = named ?? url!.name;
  const fifo = queueName.endsWith('.fifo');
  const region = input.configuration?.region || url?.region;
  const { client } = deps.aws.sqs({ ...input, configuration: { ...input.configuration, region } });
  if ('messages' in input) {
    const entries = input.messages.map((m, i) => outgoing(m, `messages[${i}]`, fifo, queueName));
    const total = entries.reduce((sum, e) => sum + e.bytes, 0);
    if (total > MAX_MESSAGE_BYTES) throw tooLarge('messages', total, 'the batch');
    checkDistinctIds(input.messages);
    const queueUrl = url?.text ?? (await lookUp(client, queueName, input.queue.ownerAccountId));
    return sendBatch(client, queueUrl, input.messages, entries.map((e) => e.entry));
  }
  const { entry } = outgoing(input.message, 'message', fifo, queueName);
  const queueUrl = url?.text ?? (await lookUp(client, queueName, input.queue.ownerAccountId));
  const r = await callAws(`SQS SendMessage to ${queueUrl}`, () => client.send(new SendMessageCommand({ QueueUrl: queueUrl, ...entry })));
  return { action: 'send', queueUrl, messageId: r.MessageId ?? '', sequenceNumber: r.SequenceNumber ?? null, md5OfMessageBody: r.MD5OfMessageBody ?? null };
}

interface QueueUrl { text: string; name: string; region?: string }

/** `https://sqs.<region>.amazonaws.com/<account>/<name>` or an emulator's `http://host:port/<account>/<name>`. */
function checkedQueueUrl(text: string | undefined): QueueUrl {
  const path = 'queue.url';
  if (text === undefined) throw new ConnectorError('MISSING_INPUT', 'queue.url: give the queue\'s URL (or queue.name)', { path });
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw notAQueueUrl(text);
  }
  const m = /^\/([0-9]{12})\/([^/]+)$/.exec(url.pathname);
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password || url.search || url.hash || !m || !isQueueName(m[2]!)) throw notAQueueUrl(text);
  const region = /^(?:sqs\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?|([a-z0-9-]+)\.queue\.amazonaws\.com)$/.exec(url.hostname);
  return { text: url.href, name: m[2]!, region: region?.[1] ?? region?.[2] };
}

function notAQueueUrl(text: string): ConnectorError {
  return new ConnectorError('INVALID_INPUT', `queue.url: ${JSON.stringify(text.slice(0, 200))} is not a queue URL such as https://sqs.eu-west-1.amazonaws.com/123456789012/orders`, { path: 'queue.url' });
}

function isQueueName(name: string): boolean {
  return name.length <= 80 && /^[A-Za-z0-9_-]+(\.fifo)?$/.test(name);
}

function checkedName(name: string | undefined): string {
  if (name === undefined) throw new ConnectorError('MISSING_INPUT', 'queue.url: give the queue\'s URL or its name (queue.name)', { path: 'queue.url' });
  if (!isQueueName(name)) {
    throw new ConnectorError('INVALID_INPUT', `queue.name: ${JSON.stringify(name.slice(0, 100))} is not a queue name (1 to 80 letters, digits, - and _, a FIFO queue's ending in .fifo)`, { path: 'queue.name' });
  }
  return name;
}

async function lookUp(client: SQSClient, name: string, owner: string | undefined): Promise<string> {
  const r = await callAws(`SQS GetQueueUrl of ${name}`, () => client.send(new GetQueueUrlCommand({ QueueName: name, QueueOwnerAWSAccountId: owner })));
  return r.QueueUrl!;
}

/** One message checked as SQS checks it, before anything is sent, and its size as SQS counts it. */
function outgoing(m: SqsMessage, path: string, fifo: boolean, queueName: string): { entry: Omit<SendMessageBatchRequestEntry, 'Id'>; bytes: number } {
  const body = messageText(m.body, `${path}.body`);
  const bad = firstInvalidCharacter(body);
  if (bad !== undefined) throw invalid(`${path}.body`, `holds a character SQS refuses (${bad})`);
  const attributes = readMessageAttributes(m.attributes, `${path}.attributes`, { max: MAX_ATTRIBUTES, stringArrays: false });
  const bytes = Buffer.byteLength(body) + attributesSize(attributes);
  if (bytes > MAX_MESSAGE_BYTES) throw tooLarge(path, bytes, 'the message with its attributes');
  if (fifo && m.groupId === undefined) throw invalid(`${path}.groupId`, `is required: ${queueName} is a FIFO queue`);
  if (fifo && m.delaySeconds) throw invalid(`${path}.delaySeconds`, `FIFO queues (${queueName}) take no delay per message; set the queue's delay instead`);
  if (!fifo && m.deduplicationId !== undefined) throw invalid(`${path}.deduplicationId`, `only FIFO queues deduplicate; ${queueName} is a standard queue`);
  for (const [key, value] of [['groupId', m.groupId], ['deduplicationId', m.deduplicationId]] as const) {
    if (value !== undefined && !MESSAGE_ID_TEXT.test(value)) throw invalid(`${path}.${key}`, 'must be 1 to 128 printable ASCII characters without spaces');
  }
  return {
    entry: {
      MessageBody: body, MessageAttributes: attributes, MessageGroupId: m.groupId, MessageDeduplicationId: m.deduplicationId, DelaySeconds: m.delaySeconds,
    },
    bytes,
  };
}

function checkDistinctIds(messages: SqsMessage[]): void {
  const seen = new Set<string>();
  messages.forEach((m, i) => {
    const id = m.id ?? String(i);
    if (seen.has(id)) throw invalid(`messages[${i}].id`, `${JSON.stringify(id)} names two messages (the default id is the position)`);
    seen.add(id);
  });
}

/**
 * SendMessageBatch: entries SQS failed on its own side are sent again (twice at most) within the job; what still
 * fails, or failed by the caller's fault, fails the task with every failed entry's index, id and reason (the
 * messages that were sent are in the error's variables too).
 */
async function sendBatch(client: SQSClient, queueUrl: string, messages: SqsMessage[], entries: Omit<SendMessageBatchRequestEntry, 'Id'>[]): Promise<SqsBatchResult> {
  const ids = messages.map((m, i) => m.id ?? String(i));
  const indexOf = new Map(ids.map((id, i) => [id, i]));
  const sent: SqsBatchResult['messages'] = [];
  let pending = ids;
  let failed: BatchResultErrorEntry[] = [];
  for (let attempt = 0; ; attempt++) {
    const r = await callAws(`SQS SendMessageBatch to ${queueUrl}`, () => client.send(new SendMessageBatchCommand({
      QueueUrl: queueUrl, Entries: pending.map((id) => ({ Id: id, ...entries[indexOf.get(id)!] })),
    })));
    for (const s of r.Successful ?? []) {
      sent.push({ index: indexOf.get(s.Id!)!, id: s.Id!, messageId: s.MessageId ?? '', sequenceNumber: s.SequenceNumber ?? null, md5OfMessageBody: s.MD5OfMessageBody ?? null });
    }
    failed = r.Failed ?? [];
    const again = failed.filter((f) => !f.SenderFault);
    if (failed.length === 0 || again.length < failed.length || attempt >= ENTRY_RETRY_PAUSES_MS.length) break;
    await new Promise((resolve) => setTimeout(resolve, ENTRY_RETRY_PAUSES_MS[attempt]));
    pending = again.map((f) => f.Id!);
  }
  sent.sort((a, b) => a.index - b.index);
  if (failed.length === 0) return { action: 'sendBatch', queueUrl, messages: sent };

  const failures = failed.map((f) => ({ index: indexOf.get(f.Id!) ?? -1, id: f.Id ?? '', code: f.Code ?? 'Unknown', message: f.Message ?? '', senderFault: f.SenderFault ?? false }))
    .sort((a, b) => a.index - b.index);
  const first = failures[0]!;
  const list = failures.map((f) => `messages[${f.index}] (id ${f.id}): ${f.code}${f.message ? ` ${f.message}` : ''}`).join('; ');
  throw new ConnectorError(codeOfAwsName(first.code, first.senderFault), `SQS SendMessageBatch to ${queueUrl}: ${failures.length} of ${messages.length} messages failed (${list}); ${sent.length} were sent`, {
    path: `messages[${first.index}]`, type: first.code, variables: { failed: failures, sent },
  });
}

function invalid(path: string, message: string): ConnectorError {
  return new ConnectorError('INVALID_INPUT', `${path}: ${message}`, { path });
}

function tooLarge(path: string, bytes: number, what: string): ConnectorError {
  return invalid(path, `${what} is ${bytes} bytes as SQS counts it (body, attribute names, types and values), over its ${MAX_MESSAGE_BYTES}-byte (1 MiB) limit`);
}
