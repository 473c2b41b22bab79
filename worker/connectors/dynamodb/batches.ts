import { currentDeadline } from '../../runtime/deadline';
import { ConnectorError } from '../../runtime/errors';

/** DynamoDB's limits per call: BatchWriteItem takes 25 requests, BatchGetItem 100 keys. */
export const WRITE_BATCH_SIZE = 25;
export const GET_BATCH_SIZE = 100;

/** Without a job deadline (tools, tests), unprocessed entries are retried for this long at most. */
const DEFAULT_BUDGET_MS = 60_000;
const FIRST_DELAY_MS = 50;
const MAX_DELAY_MS = 5_000;

export function chunks<T>(entries: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < entries.length; i += size) out.push(entries.slice(i, i + size));
  return out;
}

/**
 * Sends `entries` in chunks of `size`; what a call leaves unprocessed (throttled, or over the call's 16 MB) is sent
 * again with exponential backoff and jitter, as AWS advises, as long as the job's deadline leaves time for it.
 * `send` answers the entries it left unprocessed. Entries still unprocessed then are a transient failure.
 */
export async function sendInBatches<T>(what: string, entries: T[], size: number, send: (batch: T[]) => Promise<T[]>, sleep = defaultSleep): Promise<void> {
  const until = currentDeadline()?.until ?? Date.now() + DEFAULT_BUDGET_MS;
  let pending: T[] = [];
  for (const chunk of chunks(entries, size)) pending.push(...(await send(chunk)));
  for (let attempt = 0; pending.length > 0; attempt++) {
    const delay = Math.random() * Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** attempt);
    // The retry needs time for its own call too; a second is a conservative share of a job's deadline.
    if (Date.now() + delay + 1000 > until) {
      throw new ConnectorError('PROVISIONED_THROUGHPUT_EXCEEDED', `${what}: ${pending.length} of ${entries.length} entries were still unprocessed after ${attempt + 1} attempts within the job's time; the table's capacity is exhausted`, {
        variables: { unprocessedCount: pending.length },
      });
    }
    await sleep(delay);
    const retried = pending;
    pending = [];
    for (const chunk of chunks(retried, size)) pending.push(...(await send(chunk)));
  }
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
