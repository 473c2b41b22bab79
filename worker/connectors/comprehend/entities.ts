import { BatchDetectEntitiesCommand, DetectEntitiesCommand, type ComprehendClient, type Entity, type LanguageCode } from '@aws-sdk/client-comprehend';
import { callAws } from '../../aws/errors';
import { ConnectorError, type ErrorCode } from '../../runtime/errors';
import { splitText, utf8Bytes, type TextChunk } from './chunks';

/** DetectEntities reads at most 100 KB of UTF-8. */
export const DETECT_MAX_BYTES = 100_000;
/** BatchDetectEntities reads at most 25 documents of 5 KB each. */
export const BATCH_ITEM_MAX_BYTES = 5000;
export const BATCH_MAX_ITEMS = 25;

/** Options of every Comprehend call of one task: `action.timeout` aborts them. */
export interface CallOptions {
  abortSignal?: AbortSignal;
}

export type EntitiesMethod = 'DetectEntities' | 'BatchDetectEntities' | 'StartEntitiesDetectionJob';

/** Every entity Comprehend found, its offsets in the whole text (code points). */
export interface EntitiesAnswer {
  Entities: Entity[];
  method: EntitiesMethod;
  /** How many pieces the text was sent in (chunks for batches, files for a job). */
  pieces: number;
  jobId?: string;
}

/**
 * Seed 000's strategy: DetectEntities for text within its limit, BatchDetectEntities over sentence-boundary
 * chunks up to `batchMaxBytes`, an asynchronous job through S3 beyond (`byJob`).
 */
export async function findEntities(
  client: ComprehendClient,
  text: string,
  languageCode: string,
  batchMaxBytes: number,
  byJob: () => Promise<EntitiesAnswer>,
  call: CallOptions = {},
): Promise<EntitiesAnswer> {
  const bytes = utf8Bytes(text);
  if (bytes <= DETECT_MAX_BYTES) {
    const answer = await callAws('Comprehend DetectEntities', () => client.send(new DetectEntitiesCommand({ Text: text, LanguageCode: languageCode as LanguageCode }), call));
    return { Entities: answer.Entities ?? [], method: 'DetectEntities', pieces: 1 };
  }
  if (bytes <= batchMaxBytes) return inBatches(client, splitText(text, BATCH_ITEM_MAX_BYTES), languageCode, call);
  return byJob();
}

async function inBatches(client: ComprehendClient, chunks: TextChunk[], languageCode: string, call: CallOptions): Promise<EntitiesAnswer> {
  const entities: Entity[] = [];
  for (let first = 0; first < chunks.length; first += BATCH_MAX_ITEMS) {
    const batch = chunks.slice(first, first + BATCH_MAX_ITEMS);
    const answer = await callAws('Comprehend BatchDetectEntities', () => client.send(new BatchDetectEntitiesCommand({ TextList: batch.map((c) => c.text), LanguageCode: languageCode as LanguageCode }), call));
    // A document that failed does not fail the call: its error is in ErrorList.
    const failed = answer.ErrorList?.[0];
    if (failed) {
      const code = (KNOWN_ITEM_CODES as string[]).includes(failed.ErrorCode ?? '') ? (failed.ErrorCode as ErrorCode) : 'UNKNOWN_ERROR';
      throw new ConnectorError(code, `Comprehend BatchDetectEntities failed for chunk ${first + (failed.Index ?? 0) + 1} of ${chunks.length}: ${failed.ErrorCode ?? ''} ${failed.ErrorMessage ?? ''}`.trim(), {
        type: 'BatchItemError',
      });
    }
    for (const result of answer.ResultList ?? []) {
      const chunk = batch[result.Index ?? -1];
      if (!chunk) throw new ConnectorError('INVALID_RESULT_FORMAT', `Comprehend BatchDetectEntities answered a result for document ${result.Index}, which was not sent`);
      entities.push(...(result.Entities ?? []).map((e) => shifted(e, chunk.offset)));
    }
  }
  return { Entities: entities, method: 'BatchDetectEntities', pieces: chunks.length };
}

/** The codes a batch item's ErrorCode may carry that are ours too. */
const KNOWN_ITEM_CODES: ErrorCode[] = ['TEXT_SIZE_LIMIT_EXCEEDED', 'UNSUPPORTED_LANGUAGE', 'INTERNAL_SERVER_ERROR', 'INVALID_REQUEST'];

/** An entity found in a piece of the text, placed in the whole text. */
export function shifted(entity: Entity, offset: number): Entity {
  return { ...entity, BeginOffset: (entity.BeginOffset ?? 0) + offset, EndOffset: (entity.EndOffset ?? 0) + offset };
}
