import type { Message, SQSClient } from '@aws-sdk/client-sqs';
import type { Logger } from 'pino';
import type { AwsClientFactory } from '../aws/clients';
import type { AwsAuthentication } from '../aws/credentials';
import { ConnectorError } from '../runtime/errors';
import { evaluateFeel } from '../runtime/expressions';
import { correlate, outcomeLabel, type CorrelationOutcome, type InboundEngine, type RecordOutcome } from './correlation';
import type { ActiveSubscription } from './discovery';
import type { InboundElement } from './inbound-elements';
import { SqsDeleter } from './sqs-deleter';
import { sqsEvent } from './sqs-event';

/** The `queue` block of an SQS inbound element (Camunda's binding names). */
export interface SqsQueueSettings {
  url: string;
  waitTimeSeconds: number;
  attributeNames: string[];
  messageAttributeNames: string[];
}

export interface SqsConsumerOptions {
  aws: AwsClientFactory;
  engine: InboundEngine;
  log: Logger;
  /** Masks secrets out of error messages before they are logged. */
  mask: (text: string) => string;
  record?: RecordOutcome;
}

/** At most 10 messages per ReceiveMessage (AWS's limit); Camunda's connector takes one. */
const BATCH = 10;
/** Messages of one queue being correlated at once; the next receive waits below it. */
const MAX_IN_FLIGHT = 32;
/** How long opening a subscription may wait for the queue to answer. */
const ACTIVATION_TIMEOUT_MS = 10_000;
/** How much longer than its wait time a receive may take before it is abandoned (a network that drops packets). */
const RECEIVE_GRACE_MS = 10_000;
/** At stop, how long messages being correlated may take to finish; the rest reappear after their visibility timeout. */
const STOP_WAIT_MS = 10_000;
const MAX_BACKOFF_MS = 30_000;

/** The queue settings of an element's properties (unflattened, secrets resolved). */
export async function sqsQueueSettings(connector: Record<string, unknown>): Promise<SqsQueueSettings> {
  const queue = (connector.queue ?? {}) as Record<string, unknown>;
  const url = typeof queue.url === 'string' ? queue.url.trim() : '';
  if (!url) throw new ConnectorError('MISSING_INPUT', 'queue.url: is required', { path: 'queue.url' });
  const waitText = typeof queue.pollingWaitTime === 'string' && queue.pollingWaitTime.trim() !== '' ? queue.pollingWaitTime.trim() : '20';
  const wait = Number(waitText);
  if (!Number.isInteger(wait) || wait < 0 || wait > 20) {
    throw new ConnectorError('INVALID_INPUT', `queue.pollingWaitTime: must be a whole number of seconds from 0 to 20, got '${waitText}'`, { path: 'queue.pollingWaitTime' });
  }
  return {
    url,
    // A wait of 0 would poll in a tight loop (Camunda's runtime also takes at least 1 s).
    waitTimeSeconds: Math.max(wait, 1),
    attributeNames: await nameList(queue.attributeNames, 'queue.attributeNames'),
    messageAttributeNames: await nameList(queue.messageAttributeNames, 'queue.messageAttributeNames'),
  };
}

/** A list of attribute names: FEEL (`=["a","b"]`), JSON or comma-separated text; empty means all. */
async function nameList(value: unknown, path: string): Promise<string[]> {
  if (typeof value !== 'string' || value.trim() === '') return ['All'];
  const text = value.trim();
  let names: unknown;
  if (text.startsWith('=')) names = await evaluateFeel(text, {}, path);
  else if (text.startsWith('[')) {
    try {
      names = JSON.parse(text);
    } catch {
      throw new ConnectorError('INVALID_INPUT', `${path}: is not a list of names`, { path });
    }
  } else names = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (!Array.isArray(names) || !names.every((n) => typeof n === 'string' && n.length > 0 && n.length <= 256)) {
    throw new ConnectorError('INVALID_INPUT', `${path}: must be a list of attribute names`, { path });
  }
  return names.length === 0 ? ['All'] : (names as string[]);
}

/**
 * Long-polls one queue for a group of elements and hands each message to the engine. A message is deleted only
 * once the engine accepted it (or refused it as a duplicate of one it accepted); while that is pending its
 * visibility is extended. A message no element's activation condition takes is deleted only when an element
 * asks for it (consumeUnmatchedEvents), else left to reappear and, with a redrive policy, to reach the DLQ.
 * Messages of one FIFO message group are handled in order; others at once.
 */
export async function startSqsConsumer(elements: InboundElement[], connector: Record<string, unknown>, options: SqsConsumerOptions): Promise<ActiveSubscription> {
  const settings = await sqsQueueSettings(connector);
  const configuration = { ...((connector.configuration ?? {}) as Record<string, string>) };
  const queueRegion = (connector.queue as Record<string, unknown> | undefined)?.region;
  if (!configuration.region && typeof queueRegion === 'string' && queueRegion.trim()) configuration.region = queueRegion.trim();
  // An AWS queue URL names its region (https://sqs.eu-west-1.amazonaws.com/...): better than the worker's default.
  const urlRegion = /^https:\/\/sqs\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?\//.exec(settings.url)?.[1];
  if (!configuration.region && urlRegion) configuration.region = urlRegion;
  const { SQSClient: Client, GetQueueAttributesCommand, ReceiveMessageCommand, ChangeMessageVisibilityCommand } = require('@aws-sdk/client-sqs') as typeof import('@aws-sdk/client-sqs');
  const { client } = options.aws.client<SQSClient>('sqs', { authentication: connector.authentication as AwsAuthentication | undefined, configuration }, (config) => new Client(config));

  // Fails activation at once for a queue that does not exist or cannot be read (retried at the next discovery round).
  const { Attributes } = await client.send(new GetQueueAttributesCommand({ QueueUrl: settings.url, AttributeNames: ['VisibilityTimeout'] }), { abortSignal: AbortSignal.timeout(ACTIVATION_TIMEOUT_MS) });
  // Extended every third of the queue's own visibility timeout, by that timeout: a message being correlated stays
  // hidden, with two thirds of the timeout to spare for a slow answer.
  const visibilityS = Math.max(1, Number(Attributes?.VisibilityTimeout ?? 30) || 0);
  const log = options.log.child({ queueUrl: settings.url, bpmnProcessId: elements[0].bpmnProcessId, version: elements[0].version });

  const deleter = new SqsDeleter(client, settings.url);
  const abort = new AbortController();
  const aborted = new Promise<void>((resolve) => abort.signal.addEventListener('abort', () => resolve(), { once: true }));
  let active = true;
  let lastError = '';

  const handle = async (message: Message): Promise<void> => {
    const extend = setInterval(() => {
      client.send(new ChangeMessageVisibilityCommand({ QueueUrl: settings.url, ReceiptHandle: message.ReceiptHandle, VisibilityTimeout: visibilityS }))
        .catch((error: Error) => log.warn({ messageId: message.MessageId, err: options.mask(error.message) }, 'could not extend the visibility of a message being correlated'));
    }, Math.max(300, (visibilityS * 1000) / 3));
    let outcome: CorrelationOutcome;
    try {
      outcome = await correlate(elements, sqsEvent(message), options.engine, message.MessageId);
    } finally {
      clearInterval(extend);
    }
    const consume = outcome.kind === 'correlated' || outcome.kind === 'duplicate' || (outcome.kind === 'unmatched' && outcome.consume);
    logOutcome(log, message.MessageId, outcome, options.mask);
    options.record?.(outcomeLabel(outcome));
    if (!consume) return;
    const failure = await deleter.delete(message.MessageId ?? '', message.ReceiptHandle ?? '');
    // It comes back after its visibility timeout and is then refused as a duplicate by its message id.
    if (failure) log.warn({ messageId: message.MessageId, err: options.mask(failure) }, 'could not delete a correlated message; it will be received again');
  };

  // Messages are handled as they arrive, up to MAX_IN_FLIGHT at once; those of one FIFO message group in order.
  const inFlight = new Set<Promise<void>>();
  const groupTails = new Map<string, Promise<void>>();
  const track = (message: Message) => {
    const group = message.Attributes?.MessageGroupId;
    const before = group === undefined ? undefined : groupTails.get(group);
    const done: Promise<void> = (before ?? Promise.resolve()).then(() => handle(message)).catch((error: Error) => {
      log.error({ messageId: message.MessageId, err: options.mask(error.message) }, 'inbound message could not be handled; it will be received again');
    }).finally(() => {
      inFlight.delete(done);
      if (group !== undefined && groupTails.get(group) === done) groupTails.delete(group);
    });
    inFlight.add(done);
    if (group !== undefined) groupTails.set(group, done);
  };

  const loop = (async () => {
    let backoffMs = 0;
    while (active) {
      if (inFlight.size >= MAX_IN_FLIGHT) {
        await Promise.race([...inFlight, aborted]);
        continue;
      }
      let messages: Message[];
      try {
        ({ Messages: messages = [] } = await client.send(new ReceiveMessageCommand({
          QueueUrl: settings.url, MaxNumberOfMessages: Math.min(BATCH, MAX_IN_FLIGHT - inFlight.size), WaitTimeSeconds: settings.waitTimeSeconds,
          MessageSystemAttributeNames: settings.attributeNames as never, MessageAttributeNames: settings.messageAttributeNames,
        }), { abortSignal: AbortSignal.any([abort.signal, AbortSignal.timeout(settings.waitTimeSeconds * 1000 + RECEIVE_GRACE_MS)]) }));
        backoffMs = 0;
        lastError = '';
      } catch (error) {
        if (!active) break;
        const text = options.mask((error as Error).message);
        if (text !== lastError) log.error({ err: text }, 'could not receive from the queue; retrying with backoff');
        lastError = text;
        backoffMs = Math.min(MAX_BACKOFF_MS, Math.max(1000, backoffMs * 2));
        await sleep(backoffMs, abort.signal);
        continue;
      }
      for (const message of messages) track(message);
    }
  })();

  return {
    async stop() {
      active = false;
      abort.abort();
      // Messages being correlated finish (and are deleted); a receive in flight is abandoned, its messages reappear.
      await loop;
      await Promise.race([Promise.all(inFlight), new Promise((resolve) => setTimeout(resolve, STOP_WAIT_MS).unref())]);
    },
  };
}

function logOutcome(log: Logger, messageId: string | undefined, outcome: CorrelationOutcome, mask: (t: string) => string): void {
  switch (outcome.kind) {
    case 'correlated':
      log.info({ messageId, elementId: outcome.elementId }, 'inbound message handed to the engine; deleted from the queue');
      return;
    case 'duplicate':
      log.info({ messageId, elementId: outcome.elementId }, 'inbound message already published (same message id); deleted from the queue');
      return;
    case 'unmatched':
      log.info({ messageId, consumed: outcome.consume }, outcome.consume ? 'no activation condition matched the message; deleted (consumeUnmatchedEvents)' : 'no activation condition matched the message; left in the queue');
      return;
    case 'invalid':
      log.warn({ messageId, code: outcome.error.code, path: outcome.error.path, reason: mask(outcome.error.message) }, 'inbound message cannot be correlated; left in the queue');
      return;
    case 'failed':
      log.warn({ messageId, code: outcome.error.code, reason: mask(outcome.error.message) }, 'the engine did not accept the inbound message; left in the queue');
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
  });
}
