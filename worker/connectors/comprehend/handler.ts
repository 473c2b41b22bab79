import {
  DetectKeyPhrasesCommand, DetectPiiEntitiesCommand, DetectSentimentCommand, type ComprehendClient, type Entity, type LanguageCode,
} from '@aws-sdk/client-comprehend';
import { callAws } from '../../aws/errors';
import type { JobContext } from '../../runtime/connector';
import { ConnectorError } from '../../runtime/errors';
import { aisFromEntities } from '../ais';
import type { ConnectorDeps } from '../deps';
import { codePoints, utf8Bytes } from './chunks';
import { DETECT_MAX_BYTES, findEntities, type CallOptions } from './entities';
import { entitiesByJob } from './entities-job';
import { languageOf, PII_LANGUAGES, TEXT_LANGUAGES } from './language';
import type { ComprehendInput, EntityAction } from './schema';
import { readText } from './text-input';

const DEFAULT_CONFIDENCE = 0.75;
const DEFAULT_TIMEOUT = 910_000;
/** What each of the other actions reads at most, in UTF-8 bytes (DetectSentiment: 5 KB). */
const MAX_BYTES: Record<string, number> = { keyPhrases: DETECT_MAX_BYTES, sentiment: 5000, piiEntities: DETECT_MAX_BYTES };
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
  if (action.type === 'entity') return detectEntities(client, text, languageCode, action, input, deps, ctx, call);
  const limit = MAX_BYTES[action.type] ?? DETECT_MAX_BYTES;
  if (utf8Bytes(text) > limit) {
    throw new ConnectorError('TEXT_SIZE_LIMIT_EXCEEDED', `The text is ${utf8Bytes(text)} bytes of UTF-8; Comprehend reads at most ${limit} for ${action.type}`, {
      path: action.text !== undefined ? 'action.text' : 'action.file',
    });
  }
  const params = { Text: text, LanguageCode: languageCode as LanguageCode };
  const level = 'confidenceLevel' in action ? action.confidenceLevel ?? DEFAULT_CONFIDENCE : 0;
  switch (action.type) {
    case 'keyPhrases': {
      const { $metadata: _m, ...answer } = await callAws('Comprehend DetectKeyPhrases', () => client.send(new DetectKeyPhrasesCommand(params), call));
      const keyPhrases = (answer.KeyPhrases ?? [])
        .filter((k) => (k.Score ?? 0) >= level)
        .map((k) => ({ text: k.Text ?? '', score: k.Score ?? 0, beginOffset: k.BeginOffset ?? 0, endOffset: k.EndOffset ?? 0 }));
      return { awsResponse: answer, languageCode, keyPhrases };
    }
    case 'sentiment': {
      const { $metadata: _m, ...answer } = await callAws('Comprehend DetectSentiment', () => client.send(new DetectSentimentCommand(params), call));
      const s = answer.SentimentScore ?? {};
      return {
        awsResponse: answer,
        languageCode,
        sentiment: answer.Sentiment ?? null,
        sentimentScore: { positive: s.Positive ?? 0, negative: s.Negative ?? 0, neutral: s.Neutral ?? 0, mixed: s.Mixed ?? 0 },
      };
    }
    case 'piiEntities': {
      const { $metadata: _m, ...answer } = await callAws('Comprehend DetectPiiEntities', () => client.send(new DetectPiiEntitiesCommand(params), call));
      const chars = [...text];
      const piiEntities = (answer.Entities ?? [])
        .filter((e) => (e.Score ?? 0) >= level)
        .map((e) => ({
          type: e.Type ?? 'UNKNOWN', score: e.Score ?? 0, beginOffset: e.BeginOffset ?? 0, endOffset: e.EndOffset ?? 0,
          // PII answers carry no text: it is cut from the text by the (code point) offsets.
          text: chars.slice(e.BeginOffset ?? 0, e.EndOffset ?? 0).join(''),
        }));
      return { awsResponse: answer, languageCode, piiEntities, piiEntityTypes: [...new Set(piiEntities.map((e) => e.type))] };
    }
  }
  throw new ConnectorError('INVALID_INPUT', `action.type: unknown action`, { path: 'action.type' });
}

async function detectEntities(
  client: ComprehendClient, text: string, languageCode: string, action: EntityAction, input: ComprehendInput, deps: ConnectorDeps, ctx: JobContext, call: CallOptions,
): Promise<Record<string, unknown>> {
  const answer = await findEntities(client, text, languageCode, deps.comprehend?.batchMaxBytes ?? DEFAULT_BATCH_MAX_BYTES, () => {
    const bucket = deps.stagingBucket;
    const roleArn = action.dataAccessRoleArn ?? deps.comprehend?.roleArn;
    if (!bucket || !roleArn) {
      throw new ConnectorError('MISSING_INPUT', `action.text: ${utf8Bytes(text)} bytes of text are analysed by an asynchronous Comprehend job, which needs ${[
        bucket ? undefined : 'AWS_S3_BUCKET', roleArn ? undefined : 'AWS_COMPREHEND_ROLE_ARN (or action.dataAccessRoleArn)',
      ].filter(Boolean).join(' and ')} set`, { path: roleArn ? 'action.text' : 'action.dataAccessRoleArn' });
    }
    const { client: s3 } = deps.aws.s3(input);
    return entitiesByJob(client, s3, text, {
      bucket, roleArn, languageCode, pollIntervalMs: action.pollInterval ?? 10_000, timeoutMs: action.timeout ?? DEFAULT_TIMEOUT, call,
    }, ctx);
  }, call);
  const entities = selectEntities(answer.Entities, action.confidenceLevel ?? DEFAULT_CONFIDENCE, action.maxEntities ?? 1000);
  return {
    awsResponse: { Entities: answer.Entities },
    aisResponse: aisFromEntities(entities),
    entities,
    languageCode,
    analysis: { method: answer.method, pieces: answer.pieces, characters: codePoints(text), ...(answer.jobId ? { jobId: answer.jobId } : {}) },
  };
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
