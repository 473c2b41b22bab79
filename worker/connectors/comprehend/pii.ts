import { DetectPiiEntitiesCommand, type ComprehendClient, type LanguageCode, type PiiEntity } from '@aws-sdk/client-comprehend';
import { callAws } from '../../aws/errors';
import type { JobAnswer } from './analysis-job';
import { splitText, utf8Bytes } from './chunks';
import type { CallOptions } from './call-options';
import { DETECT_MAX_BYTES, shifted, type Analysis } from './entities';

/** Every PII entity Comprehend found, its offsets in the whole text (code points). */
export interface PiiAnswer extends Analysis {
  Entities: PiiEntity[];
}

/**
 * Comprehend has no BatchDetectPiiEntities: up to `batchMaxBytes` the text is cut at sentence boundaries into
 * chunks of 100 KB, each sent to DetectPiiEntities in turn (the same number of bytes analysed as a batch path,
 * in fewer, larger calls); beyond, StartPiiEntitiesDetectionJob.
 */
export async function findPiiEntities(
  client: ComprehendClient, text: string, languageCode: string, batchMaxBytes: number, byJob: () => Promise<JobAnswer>, call: CallOptions,
): Promise<PiiAnswer> {
  const bytes = utf8Bytes(text);
  if (bytes > batchMaxBytes) {
    const job = await byJob();
    return {
      Entities: job.documents.flatMap(({ part, line }) => ((line.Entities ?? []) as PiiEntity[]).map((e) => shifted(e, part.offset))),
      method: job.method, pieces: job.pieces, jobId: job.jobId,
    };
  }
  const chunks = bytes <= DETECT_MAX_BYTES ? [{ text, offset: 0 }] : splitText(text, DETECT_MAX_BYTES);
  const entities: PiiEntity[] = [];
  for (const chunk of chunks) {
    const answer = await callAws('Comprehend DetectPiiEntities', () => client.send(new DetectPiiEntitiesCommand({ Text: chunk.text, LanguageCode: languageCode as LanguageCode }), call));
    entities.push(...(answer.Entities ?? []).map((e) => shifted(e, chunk.offset)));
  }
  return { Entities: entities, method: 'DetectPiiEntities', pieces: chunks.length };
}
