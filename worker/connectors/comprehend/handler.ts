import type { ComprehendClient, Entity } from '@aws-sdk/client-comprehend';
import type { JobContext } from '../../runtime/connector';
import { ConnectorError } from '../../runtime/errors';
import { aisFromEntities } from '../ais';
import type { ConnectorDeps } from '../deps';
import { analyseByJob, type JobAnswer } from './analysis-job';
import { codePoints, utf8Bytes } from './chunks';
import type { CallOptions } from './call-options';
import { findEntities, type Analysis } from './entities';
import { JOB_KINDS } from './job-kinds';
import { findKeyPhrases } from './key-phrases';
import { languageOf, PII_LANGUAGES, TEXT_LANGUAGES } from './language';
import { findPiiEntities } from './pii';
import type { ComprehendInput } from './schema';
import { detectSentiment, type SentimentPart } from './sentiment';
import { readText } from './text-input';

const DEFAULT_CONFIDENCE = 0.75;
const DEFAULT_TIMEOUT = 910_000;
const DEFAULT_BATCH_MAX_BYTES = 1_000_000;

/** Runs one action of `aws:comprehend:1` and answers with its outputs (seed 000's names for ENTITY). */
export async function runComprehend(input: ComprehendInput, deps: ConnectorDeps, ctx: JobContext): Promise<Record<string, unknown>> {
  const action = input.action;
  const { client } = deps.aws.comprehend(input);
  const text = await readText(action, deps, input);
  // `action.timeout` bounds the whole analysis: every call of this task is aborted when it is up.
  const call = { abortSignal: AbortSignal.timeout(action.timeout ?? DEFAULT_TIMEOUT) };
  if (!text.trim()) throw new ConnectorError('MISSING_INPUT', 'action.text: the text to analyse is empty', { path: action.text !== undefined ? 'action.text' : 'action.file' });
  const languageCode = await languageOf(client, text, action.languageCode, action.type === 'piiEntities' ? PII_LANGUAGES : TEXT_LANGUAGES, call);
  const batchMaxBytes = deps.comprehend?.batchMaxBytes ?? DEFAULT_BATCH_MAX_BYTES;
  const byJob = () => runJob(client, text, languageCode, input, deps, ctx, call);
  const level = action.type === 'sentiment' ? 0 : action.confidenceLevel ?? DEFAULT_CONFIDENCE;
  switch (action.type) {
    case 'entity': {
      const answer = await findEntities(client, text, languageCode, batchMaxBytes, byJob, call);
      const entities = selectEntities(answer.Entities, level, action.maxEntities ?? 1000);
      return {
        awsResponse: { Entities: answer.Entities },
        aisResponse: aisFromEntities(entities),
        entities,
        languageCode,
        analysis: analysisOf(answer, text),
      };
    }
    case 'keyPhrases': {
      const answer = await findKeyPhrases(client, text, languageCode, batchMaxBytes, byJob, call);
      const keyPhrases = answer.KeyPhrases
        .filter((k) => (k.Score ?? 0) >= level)
        .map((k) => ({ text: k.Text ?? '', score: k.Score ?? 0, beginOffset: k.BeginOffset ?? 0, endOffset: k.EndOffset ?? 0 }));
      return { awsResponse: { KeyPhrases: answer.KeyPhrases }, languageCode, keyPhrases, analysis: analysisOf(answer, text) };
    }
    case 'sentiment': {
      const answer = await detectSentiment(client, text, languageCode, batchMaxBytes, byJob, call);
      return {
        awsResponse: { Sentiment: answer.Sentiment, SentimentScore: answer.SentimentScore },
        languageCode,
        sentiment: answer.Sentiment,
        sentimentScore: scoreOf(answer.SentimentScore),
        ...(answer.parts ? { sentimentChunks: answer.parts.map(chunkOf) } : {}),
        analysis: analysisOf(answer, text),
      };
    }
    case 'piiEntities': {
      const answer = await findPiiEntities(client, text, languageCode, batchMaxBytes, byJob, call);
      const chars = [...text];
      const piiEntities = answer.Entities
        .filter((e) => (e.Score ?? 0) >= level)
        .map((e) => ({
          type: e.Type ?? 'UNKNOWN', score: e.Score ?? 0, beginOffset: e.BeginOffset ?? 0, endOffset: e.EndOffset ?? 0,
          // PII answers carry no text: it is cut from the text by the (code point) offsets.
          text: chars.slice(e.BeginOffset ?? 0, e.EndOffset ?? 0).join(''),
        }));
      return {
        awsResponse: { Entities: answer.Entities }, languageCode, piiEntities, piiEntityTypes: [...new Set(piiEntities.map((e) => e.type))], analysis: analysisOf(answer, text),
      };
    }
  }
  throw new ConnectorError('INVALID_INPUT', `action.type: unknown action`, { path: 'action.type' });
}

/** The action's asynchronous job through S3, for text beyond what batches allow. */
function runJob(client: ComprehendClient, text: string, languageCode: string, input: ComprehendInput, deps: ConnectorDeps, ctx: JobContext, call: CallOptions): Promise<JobAnswer> {
  const action = input.action;
  const bucket = deps.stagingBucket;
  const roleArn = action.dataAccessRoleArn ?? deps.comprehend?.roleArn;
  if (!bucket || !roleArn) {
    throw new ConnectorError('MISSING_INPUT', `action.text: ${utf8Bytes(text)} bytes of text are analysed by an asynchronous Comprehend job, which needs ${[
      bucket ? undefined : 'AWS_S3_BUCKET', roleArn ? undefined : 'AWS_COMPREHEND_ROLE_ARN (or action.dataAccessRoleArn)',
    ].filter(Boolean).join(' and ')} set`, { path: roleArn ? 'action.text' : 'action.dataAccessRoleArn' });
  }
  const { client: s3 } = deps.aws.s3(input);
  return analyseByJob(JOB_KINDS[action.type], client, s3, text, {
    bucket, roleArn, languageCode, pollIntervalMs: action.pollInterval ?? 10_000, timeoutMs: action.timeout ?? DEFAULT_TIMEOUT, call,
  }, ctx);
}

function analysisOf(answer: Analysis, text: string): Record<string, unknown> {
  return { method: answer.method, pieces: answer.pieces, characters: codePoints(text), ...(answer.jobId ? { jobId: answer.jobId } : {}) };
}

function scoreOf(s: { Positive?: number; Negative?: number; Neutral?: number; Mixed?: number }): Record<string, number> {
  return { positive: s.Positive ?? 0, negative: s.Negative ?? 0, neutral: s.Neutral ?? 0, mixed: s.Mixed ?? 0 };
}

function chunkOf(p: SentimentPart): Record<string, unknown> {
  return { beginOffset: p.beginOffset, endOffset: p.endOffset, bytes: p.bytes, sentiment: p.Sentiment ?? null, sentimentScore: scoreOf(p.SentimentScore ?? {}) };
}

export interface FoundEntity {
  text: string;
  type: string;
  score: number;
  beginOffset: number;
  endOffset: number;
}

/** At or above the confidence level, the `max` highest scored, in the order of the text. */
export function selectEntities(all: Entity[], confidenceLevel: number, max: number): FoundEntity[] {
  return all
    .filter((e) => (e.Score ?? 0) >= confidenceLevel)
    .map((e) => ({ text: e.Text ?? '', type: e.Type ?? 'OTHER', score: e.Score ?? 0, beginOffset: e.BeginOffset ?? 0, endOffset: e.EndOffset ?? 0 }))
    .sort((a, b) => b.score - a.score || a.beginOffset - b.beginOffset)
    .slice(0, max)
    .sort((a, b) => a.beginOffset - b.beginOffset);
}
