import type { SQSClient } from '@aws-sdk/client-sqs';

/** A message to delete: its id (for the log) and its receipt handle. */
interface Pending {
  id: string;
  receiptHandle: string;
  done: (failure?: string) => void;
}

/**
 * Deletes messages with DeleteMessageBatch, group-commit style: one call in flight at a time, carrying up to 10
 * messages; those that become ready meanwhile go in the next call. A message is added only once the engine took
 * it, so a lone message is deleted at once and a busy queue needs a tenth of the calls.
 */
export class SqsDeleter {
  private readonly pending: Pending[] = [];
  private flushing = false;

  constructor(private readonly client: SQSClient, private readonly queueUrl: string) {}

  /** Resolves when the message is deleted; answers the reason when it could not be (it comes back then). */
  delete(id: string, receiptHandle: string): Promise<string | undefined> {
    return new Promise((resolve) => {
      this.pending.push({ id, receiptHandle, done: resolve });
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.pending.length > 0) {
        const batch = this.pending.splice(0, 10);
        const { DeleteMessageBatchCommand } = require('@aws-sdk/client-sqs') as typeof import('@aws-sdk/client-sqs');
        try {
          const { Failed = [] } = await this.client.send(new DeleteMessageBatchCommand({
            QueueUrl: this.queueUrl, Entries: batch.map((m, i) => ({ Id: String(i), ReceiptHandle: m.receiptHandle })),
          }));
          const failed = new Map(Failed.map((f) => [f.Id, f.Message ?? f.Code ?? 'failed']));
          batch.forEach((m, i) => m.done(failed.get(String(i))));
        } catch (error) {
          for (const m of batch) m.done((error as Error).message);
        }
      }
    } finally {
      this.flushing = false;
    }
  }
}
