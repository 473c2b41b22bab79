import { PublishCommand } from '@aws-sdk/client-sns';
import { callAws } from '../../aws/errors';
import { ConnectorError } from '../../runtime/errors';
import { isPlainObject } from '../../runtime/expressions';
import type { ConnectorDeps } from '../deps';
import { attributesSize, readMessageAttributes } from '../message-attributes';
import { messageText } from '../message-text';
import type { SnsInput } from './schema';

/** SNS's largest message: the message and its attributes together, in UTF-8 bytes. */
export const MAX_MESSAGE_BYTES = 256 * 1024;
/** SNS takes as many attributes as fit; SQS subscribers receive at most 10 (the rest is not delivered there). */
const MAX_ATTRIBUTES = 100;
const MESSAGE_ID_TEXT = /^[!-~]{1,128}$/;
const TOPIC_ARN = /^arn:aws[a-z-]*:sns:([a-z0-9-]+):[0-9]{12}:([A-Za-z0-9_-]{1,256}(?:\.fifo)?)$/;
const ENDPOINT_ARN = /^arn:aws[a-z-]*:sns:([a-z0-9-]+):[0-9]{12}:endpoint\/[A-Za-z0-9_./-]+$/;
const E164 = /^\+[1-9][0-9]{4,14}$/;

export interface SnsResult { messageId: string; sequenceNumber: string | null }

export async function publish(input: SnsInput, deps: ConnectorDeps): Promise<SnsResult> {
  const target = targetOf(input);
  const m = input.message;
  const fifo = target.kind === 'topic' && target.name.endsWith('.fifo');
  const text = m.structure === 'json' ? perProtocol(m.body) : messageText(m.body, 'message.body');
  const attributes = readMessageAttributes(m.attributes, 'message.attributes', { max: MAX_ATTRIBUTES, stringArrays: true });
  const bytes = Buffer.byteLength(text) + attributesSize(attributes);
  if (bytes > MAX_MESSAGE_BYTES) {
    throw invalid('message.body', `the message with its attributes is ${bytes} bytes as SNS counts it (message, attribute names, types and values), over its ${MAX_MESSAGE_BYTES}-byte (256 KiB) limit`);
  }
  if (m.subject !== undefined && !/^[ -~]{1,99}$/.test(m.subject)) throw invalid('message.subject', 'must be printable ASCII on one line, under 100 characters');
  if (m.subject !== undefined && !/^[A-Za-z0-9!-/:-@[-`{-~]/.test(m.subject)) throw invalid('message.subject', 'must start with a letter, a digit or a punctuation mark');
  if (fifo && m.groupId === undefined) throw invalid('message.groupId', `is required: ${target.name} is a FIFO topic`);
  if (!fifo && m.deduplicationId !== undefined) throw invalid('message.deduplicationId', 'only FIFO topics (names ending in .fifo) deduplicate');
  for (const [key, value] of [['groupId', m.groupId], ['deduplicationId', m.deduplicationId]] as const) {
    if (value !== undefined && !MESSAGE_ID_TEXT.test(value)) throw invalid(`message.${key}`, 'must be 1 to 128 printable ASCII characters without spaces');
  }

  const region = input.configuration?.region || target.region;
  const { client } = deps.aws.sns({ ...input, configuration: { ...input.configuration, region } });
  const r = await callAws(`SNS Publish to ${target.shown}`, () => client.send(new PublishCommand({
    TopicArn: target.kind === 'topic' ? target.arn : undefined,
    TargetArn: target.kind === 'endpoint' ? target.arn : undefined,
    PhoneNumber: target.kind === 'phone' ? target.arn : undefined,
    Message: text,
    MessageStructure: m.structure === 'json' ? 'json' : undefined,
    Subject: m.subject,
    MessageAttributes: attributes,
    MessageGroupId: m.groupId,
    MessageDeduplicationId: m.deduplicationId,
  })));
  return { messageId: r.MessageId ?? '', sequenceNumber: r.SequenceNumber ?? null };
}

interface Target { kind: 'topic' | 'endpoint' | 'phone'; arn: string; name: string; region?: string; shown: string }

function targetOf(input: SnsInput): Target {
  const t = input.target;
  const kind = t.type ?? 'topic';
  const field = ({ topic: 'topicArn', endpoint: 'targetArn', phone: 'phoneNumber' } as const)[kind];
  const value = t[field]?.trim();
  const path = `target.${field}`;
  if (!value) throw new ConnectorError('MISSING_INPUT', `${path}: is required to publish to a ${kind}`, { path });
  const others = (['topicArn', 'targetArn', 'phoneNumber'] as const).filter((f) => f !== field && t[f] !== undefined);
  if (others.length > 0) throw invalid(`target.${others[0]}`, `give only ${path} to publish to a ${kind} (target.type)`);
  if (kind === 'phone') {
    if (!E164.test(value)) throw invalid(path, 'is not an E.164 phone number such as +4915112345678');
    return { kind, arn: value, name: value, shown: 'a phone number' };
  }
  const m = (kind === 'topic' ? TOPIC_ARN : ENDPOINT_ARN).exec(value);
  if (!m) throw invalid(path, `${JSON.stringify(value.slice(0, 200))} is not an SNS ${kind} ARN such as ${kind === 'topic' ? 'arn:aws:sns:eu-west-1:123456789012:orders' : 'arn:aws:sns:eu-west-1:123456789012:endpoint/GCM/app/1234'}`);
  return { kind, arn: value, name: m[2] ?? value, region: m[1], shown: value };
}

/** MessageStructure json: a context (or its JSON text) of protocol -> text, with the `default` every other protocol gets. */
function perProtocol(body: unknown): string {
  const path = 'message.body';
  let value = body;
  if (typeof body === 'string') {
    try {
      value = JSON.parse(body);
    } catch {
      throw invalid(path, 'with one message per protocol, the message is a context of protocol -> text, e.g. {"default": "...", "sms": "..."}');
    }
  }
  if (!isPlainObject(value)) throw invalid(path, 'with one message per protocol, the message is a context of protocol -> text, e.g. {"default": "...", "sms": "..."}');
  if (typeof value.default !== 'string' || value.default === '') throw invalid(path, 'with one message per protocol, "default" (the text of every protocol not named) is required');
  for (const [protocol, text] of Object.entries(value)) {
    // A context for a protocol (an SQS body, say) is what a modeler means: it goes as its JSON text.
    if (typeof text !== 'string') value[protocol] = JSON.stringify(text);
  }
  return JSON.stringify(value);
}

function invalid(path: string, message: string): ConnectorError {
  return new ConnectorError('INVALID_INPUT', `${path}: ${message}`, { path });
}
