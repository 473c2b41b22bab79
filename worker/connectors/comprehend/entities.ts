import { BatchDetectEntitiesCommand, DetectEntitiesCommand, type ComprehendClient, type Entity, type LanguageCode } from '@aws-sdk/client-comprehend';
import { callAws } from '../../aws/errors';
import { BATCH_ITEM_MAX_BYTES, inBatches } from './batches';
import { splitText, utf8Bytes } from './chunks';
import type { JobAnswer } from './analysis-job';
import type { CallOptions } from './call-options';

/** DetectEntities, DetectKeyPhrases and DetectPiiEntities read at most 100 KB of UTF-8. */
export const DETECT_MAX_BYTES = 100_000;

/** How a text was analysed: one call, chunks (in batches, or one call each), or an asynchronous job. */
export interface Analysis {
  method: string;
  /** How many pieces the text was analysed in (chunks of a batch, calls, or a job's documents). */
  pieces: number;
  jobId?: string;
}

/** Every entity Comprehend found, its offsets in the whole text (code points). */
export interface EntitiesAnswer extends Analysis {
  Entities: Entity[];
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
  byJob: () => Promise<JobAnswer>,
  call: CallOptions = {},
): Promise<EntitiesAnswer> {
  const bytes = utf8Bytes(text);
  if (bytes <= DETECT_MAX_BYTES) {
    const answer = await callAws('Comprehend DetectEntities', () => client.send(new DetectEntitiesCommand({ Text: text, LanguageCode: languageCode as LanguageCode }), call));
    return { Entities: answer.Entities ?? [], method: 'DetectEntities', pieces: 1 };
  }
  if (bytes <= batchMaxBytes) {
    const chunks = splitText(text, BATCH_ITEM_MAX_BYTES);
    const results = await inBatches(chunks, 'BatchDetectEntities', (TextList, c) => client.send(new BatchDetectEntitiesCommand({ TextList, LanguageCode: languageCode as LanguageCode }), c), call);
    return { Entities: results.flatMap(({ chunk, result }) => (result.Entities ?? []).map((e) => shifted(e, chunk.offset))), method: 'BatchDetectEntities', pieces: chunks.length };
  }
  const job = await byJob();
  return { Entities: job.documents.flatMap(({ part, line }) => ((line.Entities ?? []) as Entity[]).map((e) => shifted(e, part.offset))), method: job.method, pieces: job.pieces, jobId: job.jobId };
}

/** Something found in a piece of the text (an entity, key phrase or PII entity), placed in the whole text. */
export function shifted<T extends { BeginOffset?: number; EndOffset?: number }>(found: T, offset: number): T {
  return { ...found, BeginOffset: (found.BeginOffset ?? 0) + offset, EndOffset: (found.EndOffset ?? 0) + offset };
}
