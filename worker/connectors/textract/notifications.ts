import type { Message, SQSClient } from '@aws-sdk/client-sqs';
import { outsideAnyJob } from '../../runtime/deadline';
import { ConnectorError } from '../../runtime/errors';

/**
 * Textract's completion notifications, read from the SQS queue subscribed to the job's SNS topic: one
 * long-poll loop per queue and client, shared by every job of the process waiting on that queue, running
 * while at least one waits. A message of a waiting job wakes it and is deleted; a message of a job this
 * process finished is deleted; any other message (another worker process's job, someone else's) is made
 * visible again at once, and later ones less often, so that its owner gets it and a stray message costs
 * little. Raw message delivery and the SNS envelope are both read.
 */

/** An SQS queue URL: scheme, host, 12-digit account, queue name. */
const QUEUE_URL = /^https?:\/\/[a-z0-9.-]+(?::\d{1,5})?\/\d{12}\/[A-Za-z0-9_-]{1,80}$/i;

export function checkQueueUrl(url: string, path: string): void {
  if (!QUEUE_URL.test(url)) {
    throw new ConnectorError('INVALID_INPUT', `${path}: is not an SQS queue URL such as https://sqs.eu-west-1.amazonaws.com/123456789012/textract-done`, { path });
  }
}

export interface Completion {
  /** Settles when the queue says the Textract job ended; rejects when the queue cannot be read. */
  done: Promise<void>;
  /** No longer waiting (the job was seen done by a poll, or failed): its notification will be deleted. */
  cancel(): void;
}

interface Waiter { resolve(): void; reject(error: unknown): void }
interface Listener { waiting: Map<string, Waiter>; finished: Map<string, true>; running: boolean }

/** Job IDs remembered as finished per queue, so their late notifications are deleted. */
const FINISHED_KEPT = 10_000;
/** Queues remembered per client; past it, an idle one is forgotten. */
const QUEUES_KEPT = 100;
const WAIT_SECONDS = 10;

const listeners = new WeakMap<SQSClient, Map<string, Listener>>();

export function textractCompletion(client: SQSClient, queueUrl: string, jobId: string): Completion {
  let byQueue = listeners.get(client);
  if (!byQueue) listeners.set(client, (byQueue = new Map()));
  let listener = byQueue.get(queueUrl);
  if (!listener) {
    if (byQueue.size >= QUEUES_KEPT) for (const [url, idle] of byQueue) if (!idle.running) byQueue.delete(url);
    byQueue.set(queueUrl, (listener = { waiting: new Map(), finished: new Map(), running: false }));
  }
  const l = listener;
  const done = new Promise<void>((resolve, reject) => l.waiting.set(jobId, { resolve, reject }));
  done.catch(() => undefined); // a reader that never awaits it must not crash the process
  if (!l.running) {
    l.running = true;
    // The loop serves every job waiting on the queue: no job's deadline may end it.
    outsideAnyJob(() => void listen(client, queueUrl, l));
  }
  return {
    done,
    cancel: () => {
      if (l.waiting.delete(jobId)) remember(l, jobId);
    },
  };
}

function remember(l: Listener, jobId: string): void {
  l.finished.set(jobId, true);
  if (l.finished.size > FINISHED_KEPT) l.finished.delete(l.finished.keys().next().value as string);
}

/** The Textract job a message is about: the SNS envelope's `Message`, or the body itself (raw delivery). */
export function jobIdOf(body: string | undefined): string | undefined {
  try {
    let message = JSON.parse(body ?? '') as { JobId?: unknown; Type?: unknown; Message?: unknown };
    if (message?.Type === 'Notification' && typeof message.Message === 'string') message = JSON.parse(message.Message);
    return typeof message?.JobId === 'string' ? message.JobId : undefined;
  } catch {
    return undefined;
  }
}

async function listen(client: SQSClient, queueUrl: string, l: Listener): Promise<void> {
  const sqs = require('@aws-sdk/client-sqs') as typeof import('@aws-sdk/client-sqs');
  for (;;) {
    // Checked and given up in the same turn as a new waiter would see `running`: none is left unserved.
    if (l.waiting.size === 0) {
      l.running = false;
      return;
    }
    let messages: Message[];
    try {
      const answer = await client.send(new sqs.ReceiveMessageCommand({
        QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: WAIT_SECONDS, MessageSystemAttributeNames: ['ApproximateReceiveCount'],
      }));
      messages = answer.Messages ?? [];
    } catch (error) {
      // The queue cannot be read: every job waiting on it goes on polling at its interval.
      for (const w of l.waiting.values()) w.reject(error);
      l.waiting.clear();
      l.running = false;
      return;
    }
    const remove: Message[] = [];
    const release: Message[] = [];
    for (const m of messages) {
      const jobId = jobIdOf(m.Body);
      const waiter = jobId === undefined ? undefined : l.waiting.get(jobId);
      if (waiter) {
        l.waiting.delete(jobId!);
        remember(l, jobId!);
        waiter.resolve();
        remove.push(m);
      } else if (jobId !== undefined && l.finished.has(jobId)) remove.push(m);
      else release.push(m);
    }
    const entries = (ms: Message[]) => ms.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! }));
    // Not waited for: the next receive goes out at once (a message not deleted comes back and is deleted then).
    void Promise.all([
      remove.length > 0 && client.send(new sqs.DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries(remove) })).catch(() => undefined),
      release.length > 0 && client.send(new sqs.ChangeMessageVisibilityBatchCommand({
        QueueUrl: queueUrl,
        Entries: release.map((m, i) => {
          const received = Number(m.Attributes?.ApproximateReceiveCount ?? 1);
          return { Id: String(i), ReceiptHandle: m.ReceiptHandle!, VisibilityTimeout: received <= 3 ? 0 : Math.min(60, 2 * received) };
        }),
      })).catch(() => undefined),
    ]);
  }
}
