import { callAws } from '../../aws/errors';
import { ConnectorError, type ErrorCode } from '../../runtime/errors';
import type { TextChunk } from './chunks';
import type { CallOptions } from './call-options';

/** Every Batch* operation reads at most 25 documents of 5 KB each. */
export const BATCH_ITEM_MAX_BYTES = 5000;
export const BATCH_MAX_ITEMS = 25;

/** What every Batch* answer has: a result per document that succeeded, an error per document that failed. */
export interface BatchAnswer<R> {
  ResultList?: (R & { Index?: number })[];
  ErrorList?: { Index?: number; ErrorCode?: string; ErrorMessage?: string }[];
}

/**
 * Sends the chunks 25 at a time with one Batch* operation (`send`) and answers each chunk with its result, in
 * the order of the text. A chunk that failed (in ErrorList) fails the task with its code.
 */
export async function inBatches<R>(
  chunks: TextChunk[],
  operation: string,
  send: (texts: string[], call: CallOptions) => Promise<BatchAnswer<R>>,
  call: CallOptions,
): Promise<{ chunk: TextChunk; result: R }[]> {
  const out: { chunk: TextChunk; result: R }[] = [];
  for (let first = 0; first < chunks.length; first += BATCH_MAX_ITEMS) {
    const batch = chunks.slice(first, first + BATCH_MAX_ITEMS);
    const answer = await callAws(`Comprehend ${operation}`, () => send(batch.map((c) => c.text), call));
    // A document that failed does not fail the call: its error is in ErrorList.
    const failed = answer.ErrorList?.[0];
    if (failed) {
      const code = (KNOWN_ITEM_CODES as string[]).includes(failed.ErrorCode ?? '') ? (failed.ErrorCode as ErrorCode) : 'UNKNOWN_ERROR';
      throw new ConnectorError(code, `Comprehend ${operation} failed for chunk ${first + (failed.Index ?? 0) + 1} of ${chunks.length}: ${failed.ErrorCode ?? ''} ${failed.ErrorMessage ?? ''}`.trim(), {
        type: 'BatchItemError',
      });
    }
    const results = [...(answer.ResultList ?? [])].sort((a, b) => (a.Index ?? -1) - (b.Index ?? -1));
    for (const result of results) {
      const chunk = batch[result.Index ?? -1];
      if (!chunk) throw new ConnectorError('INVALID_RESULT_FORMAT', `Comprehend ${operation} answered a result for document ${result.Index}, which was not sent`);
      out.push({ chunk, result });
    }
    if (results.length !== batch.length) {
      throw new ConnectorError('INVALID_RESULT_FORMAT', `Comprehend ${operation} answered ${results.length} results for ${batch.length} documents`);
    }
  }
  return out;
}

/** The codes a batch item's ErrorCode may carry that are ours too. */
const KNOWN_ITEM_CODES: ErrorCode[] = ['TEXT_SIZE_LIMIT_EXCEEDED', 'UNSUPPORTED_LANGUAGE', 'INTERNAL_SERVER_ERROR', 'INVALID_REQUEST'];
