import { BatchDetectKeyPhrasesCommand, DetectKeyPhrasesCommand, type ComprehendClient, type KeyPhrase, type LanguageCode } from '@aws-sdk/client-comprehend';
import { callAws } from '../../aws/errors';
import type { JobAnswer } from './analysis-job';
import { BATCH_ITEM_MAX_BYTES, inBatches } from './batches';
import { splitText, utf8Bytes } from './chunks';
import type { CallOptions } from './call-options';
import { DETECT_MAX_BYTES, shifted, type Analysis } from './entities';

/** Every key phrase Comprehend found, its offsets in the whole text (code points). */
export interface KeyPhrasesAnswer extends Analysis {
  KeyPhrases: KeyPhrase[];
}

/** As for entities: DetectKeyPhrases up to 100 KB, BatchDetectKeyPhrases over chunks up to `batchMaxBytes`, a job beyond. */
export async function findKeyPhrases(
  client: ComprehendClient, text: string, languageCode: string, batchMaxBytes: number, byJob: () => Promise<JobAnswer>, call: CallOptions,
): Promise<KeyPhrasesAnswer> {
  const LanguageCode = languageCode as LanguageCode;
  const bytes = utf8Bytes(text);
  if (bytes <= DETECT_MAX_BYTES) {
    const answer = await callAws('Comprehend DetectKeyPhrases', () => client.send(new DetectKeyPhrasesCommand({ Text: text, LanguageCode }), call));
    return { KeyPhrases: answer.KeyPhrases ?? [], method: 'DetectKeyPhrases', pieces: 1 };
  }
  if (bytes <= batchMaxBytes) {
    const chunks = splitText(text, BATCH_ITEM_MAX_BYTES);
    const results = await inBatches(chunks, 'BatchDetectKeyPhrases', (TextList, c) => client.send(new BatchDetectKeyPhrasesCommand({ TextList, LanguageCode }), c), call);
    return { KeyPhrases: results.flatMap(({ chunk, result }) => (result.KeyPhrases ?? []).map((k) => shifted(k, chunk.offset))), method: 'BatchDetectKeyPhrases', pieces: chunks.length };
  }
  const job = await byJob();
  return {
    KeyPhrases: job.documents.flatMap(({ part, line }) => ((line.KeyPhrases ?? []) as KeyPhrase[]).map((k) => shifted(k, part.offset))),
    method: job.method, pieces: job.pieces, jobId: job.jobId,
  };
}
