import { BatchDetectSentimentCommand, DetectSentimentCommand, type ComprehendClient, type LanguageCode, type SentimentScore, type SentimentType } from '@aws-sdk/client-comprehend';
import { callAws } from '../../aws/errors';
import type { JobAnswer } from './analysis-job';
import { BATCH_ITEM_MAX_BYTES, inBatches } from './batches';
import { codePoints, splitText, utf8Bytes, type TextChunk } from './chunks';
import type { CallOptions } from './call-options';
import type { Analysis } from './entities';

/** DetectSentiment reads at most 5 KB, as each Batch* document. */
export const SENTIMENT_MAX_BYTES = BATCH_ITEM_MAX_BYTES;

const LABELS = ['POSITIVE', 'NEGATIVE', 'NEUTRAL', 'MIXED'] as const;
const SCORE_OF = { POSITIVE: 'Positive', NEGATIVE: 'Negative', NEUTRAL: 'Neutral', MIXED: 'Mixed' } as const;

/** The sentiment of one piece of a long text. */
export interface SentimentPart {
  beginOffset: number;
  endOffset: number;
  bytes: number;
  Sentiment?: SentimentType | string;
  SentimentScore?: SentimentScore;
}

export interface SentimentAnswer extends Analysis {
  Sentiment: string;
  SentimentScore: Required<SentimentScore>;
  /** For a text analysed in pieces: each piece's own answer, in the order of the text. */
  parts?: SentimentPart[];
}

/**
 * DetectSentiment up to 5 KB; beyond, the text's sentence-boundary chunks of 5 KB are judged each (with
 * BatchDetectSentiment up to `batchMaxBytes`, with a sentiment job beyond) and the whole text's sentiment is
 * their aggregate (`aggregateSentiment`).
 */
export async function detectSentiment(
  client: ComprehendClient, text: string, languageCode: string, batchMaxBytes: number, byJob: () => Promise<JobAnswer>, call: CallOptions,
): Promise<SentimentAnswer> {
  const LanguageCode = languageCode as LanguageCode;
  const bytes = utf8Bytes(text);
  if (bytes <= SENTIMENT_MAX_BYTES) {
    const answer = await callAws('Comprehend DetectSentiment', () => client.send(new DetectSentimentCommand({ Text: text, LanguageCode }), call));
    return { Sentiment: answer.Sentiment ?? 'NEUTRAL', SentimentScore: complete(answer.SentimentScore), method: 'DetectSentiment', pieces: 1 };
  }
  if (bytes <= batchMaxBytes) {
    const chunks = splitText(text, BATCH_ITEM_MAX_BYTES);
    const results = await inBatches(chunks, 'BatchDetectSentiment', (TextList, c) => client.send(new BatchDetectSentimentCommand({ TextList, LanguageCode }), c), call);
    const parts = results.map(({ chunk, result }) => part(chunk, result));
    return { ...aggregateSentiment(parts), parts, method: 'BatchDetectSentiment', pieces: chunks.length };
  }
  const job = await byJob();
  const parts = job.documents.map(({ part: chunk, line }) => part(chunk, line as { Sentiment?: string; SentimentScore?: SentimentScore }));
  return { ...aggregateSentiment(parts), parts, method: job.method, pieces: job.pieces, jobId: job.jobId };
}

function part(chunk: TextChunk, answer: { Sentiment?: string; SentimentScore?: SentimentScore }): SentimentPart {
  return {
    beginOffset: chunk.offset, endOffset: chunk.offset + codePoints(chunk.text), bytes: utf8Bytes(chunk.text),
    Sentiment: answer.Sentiment, SentimentScore: complete(answer.SentimentScore),
  };
}

function complete(s: SentimentScore | undefined): Required<SentimentScore> {
  return { Positive: s?.Positive ?? 0, Negative: s?.Negative ?? 0, Neutral: s?.Neutral ?? 0, Mixed: s?.Mixed ?? 0 };
}

/**
 * The whole text's sentiment from its pieces': each score is the mean of the pieces' scores weighted by their
 * UTF-8 bytes (a long piece says more of the text than a short one), and the sentiment is the label of the
 * highest mean score (on a tie, the first of POSITIVE, NEGATIVE, NEUTRAL, MIXED).
 */
export function aggregateSentiment(parts: { bytes: number; SentimentScore?: SentimentScore }[]): { Sentiment: string; SentimentScore: Required<SentimentScore> } {
  const total = parts.reduce((n, p) => n + p.bytes, 0);
  const mean = (key: keyof SentimentScore): number => (total === 0 ? 0 : parts.reduce((n, p) => n + (p.SentimentScore?.[key] ?? 0) * p.bytes, 0) / total);
  const SentimentScore = { Positive: mean('Positive'), Negative: mean('Negative'), Neutral: mean('Neutral'), Mixed: mean('Mixed') };
  let best: (typeof LABELS)[number] = LABELS[0];
  for (const label of LABELS) if (SentimentScore[SCORE_OF[label]] > SentimentScore[SCORE_OF[best]]) best = label;
  return { Sentiment: best, SentimentScore };
}
