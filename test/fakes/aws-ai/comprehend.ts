/**
 * Amazon Comprehend (X-Amz-Target `Comprehend_20171127.<Operation>`): request validation and limits as
 * AWS has them, answers from what the control API registered (comprehend-models.ts), async jobs over the
 * S3 emulator (comprehend-jobs.ts).
 *
 * Sync: DetectDominantLanguage, DetectEntities, BatchDetectEntities, DetectKeyPhrases, BatchDetectKeyPhrases,
 *       DetectSentiment, BatchDetectSentiment, DetectPiiEntities (AWS has no BatchDetectPiiEntities), ClassifyDocument.
 * Async: Start/Describe of EntitiesDetectionJob, KeyPhrasesDetectionJob, SentimentDetectionJob,
 *        PiiEntitiesDetectionJob and DocumentClassificationJob.
 *
 * Text sizes are UTF-8 bytes: 100,000 for entities, key phrases, PII and language; 5,000 for sentiment and
 * for each Batch* item (at most 25 items); 10,000 for ClassifyDocument (real-time custom
 * classification). Errors: InvalidRequestException, TextSizeLimitExceededException,
 * UnsupportedLanguageException, BatchSizeLimitExceededException, ResourceUnavailableException,
 * JobNotFoundException (all 400).
 */
import { CLASSIFIER_ENDPOINT_ARN, ComprehendModels, type Occurrence } from './comprehend-models';
import { ComprehendJobs } from './comprehend-jobs';
import type { S3Documents } from './documents';
import { AwsError, isObject, type Json } from './protocol';

export const COMPREHEND_TARGET_PREFIX = 'Comprehend_20171127';

export const COMPREHEND_OPERATIONS = [
  'DetectDominantLanguage',
  'DetectEntities',
  'BatchDetectEntities',
  'DetectKeyPhrases',
  'BatchDetectKeyPhrases',
  'DetectSentiment',
  'BatchDetectSentiment',
  'DetectPiiEntities',
  'ClassifyDocument',
  'StartEntitiesDetectionJob',
  'DescribeEntitiesDetectionJob',
  'StartKeyPhrasesDetectionJob',
  'DescribeKeyPhrasesDetectionJob',
  'StartSentimentDetectionJob',
  'DescribeSentimentDetectionJob',
  'StartPiiEntitiesDetectionJob',
  'DescribePiiEntitiesDetectionJob',
  'StartDocumentClassificationJob',
  'DescribeDocumentClassificationJob',
] as const;

/** LanguageCode of entities, key phrases and sentiment; PII knows two. */
export const LANGUAGES = ['en', 'es', 'fr', 'de', 'it', 'pt', 'ar', 'hi', 'ja', 'ko', 'zh', 'zh-TW'];
export const PII_LANGUAGES = ['en', 'es'];

export const TEXT_MAX_BYTES = 100_000;
export const SENTIMENT_MAX_BYTES = 5_000;
export const BATCH_ITEM_MAX_BYTES = 5_000;
export const BATCH_MAX_ITEMS = 25;
export const CLASSIFY_MAX_BYTES = 10_000;
export const LANGUAGE_MIN_CHARS = 20;

export interface ComprehendConfig {
  /** How long an async job stays IN_PROGRESS before it runs. */
  jobDelayMs: number;
  /** When set, the next analysis job (entities, key phrases, sentiment, PII) ends FAILED with this Message. */
  failJobs: string | null;
}

export const DEFAULT_COMPREHEND_CONFIG: ComprehendConfig = { jobDelayMs: 1000, failJobs: null };

/** What the request tells besides its body. */
export interface RequestInfo {
  /** From the SigV4 credential scope. */
  region?: string | undefined;
}

const invalid = (message: string): AwsError => new AwsError('InvalidRequestException', message);
const missing = (member: string): AwsError =>
  invalid(`1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`);

export class Comprehend {
  readonly models = new ComprehendModels();
  readonly jobs: ComprehendJobs;
  config: ComprehendConfig = { ...DEFAULT_COMPREHEND_CONFIG };

  constructor(s3: S3Documents, log: (line: string) => void = () => undefined) {
    const settings = {
      jobDelayMs: (): number => this.config.jobDelayMs,
      takeFailure: (): string | undefined => {
        const message = this.config.failJobs ?? undefined;
        this.config = { ...this.config, failJobs: null };
        return message;
      },
    };
    this.jobs = new ComprehendJobs(s3, this.models, settings, (input, kind) => language(input, kind === 'pii' ? PII_LANGUAGES : LANGUAGES), log);
  }

  setConfig(body: unknown): ComprehendConfig {
    if (!isObject(body)) throw new Error('body must be a JSON object');
    const next = { ...this.config };
    if (body.jobDelayMs !== undefined) {
      if (typeof body.jobDelayMs !== 'number' || !Number.isInteger(body.jobDelayMs) || body.jobDelayMs < 0) throw new Error('jobDelayMs must be an integer >= 0');
      next.jobDelayMs = body.jobDelayMs;
    }
    if (body.failJobs !== undefined) {
      if (body.failJobs !== null && (typeof body.failJobs !== 'string' || !body.failJobs)) throw new Error('failJobs must be a non-empty message, or null to clear it');
      next.failJobs = body.failJobs;
    }
    this.config = next;
    return next;
  }

  reset(): void {
    this.models.clear();
    this.jobs.clear();
    this.config = { ...DEFAULT_COMPREHEND_CONFIG };
  }

  summary(): unknown {
    return { config: this.config, registrations: this.models.summary(), jobs: this.jobs.summary() };
  }

  async handle(operation: string, input: Json, info: RequestInfo = {}): Promise<Json> {
    const region = info.region ?? 'us-east-1';
    switch (operation) {
      case 'DetectDominantLanguage': {
        const text = textOf(input, 'Text', TEXT_MAX_BYTES);
        if ([...text].length < LANGUAGE_MIN_CHARS) throw invalid(`Text must contain at least ${LANGUAGE_MIN_CHARS} characters`);
        return { Languages: this.models.languages.detect(text) };
      }
      case 'DetectEntities': {
        if (input.EndpointArn !== undefined) throw invalid('EndpointArn: custom entity recognizer endpoints are not simulated by the stand-in');
        if (input.Bytes !== undefined) throw invalid('Bytes is only accepted with a custom entity recognizer EndpointArn');
        const text = textOf(input, 'Text', TEXT_MAX_BYTES);
        language(input, LANGUAGES);
        return { Entities: this.models.entities.find(text).map(entity) };
      }
      case 'BatchDetectEntities':
        return batch(input, (t) => ({ Entities: this.models.entities.find(t).map(entity) }));
      case 'BatchDetectKeyPhrases':
        return batch(input, (t) => ({ KeyPhrases: this.models.keyPhrases.find(t).map(keyPhrase) }));
      case 'BatchDetectSentiment':
        return batch(input, (t) => ({ ...this.models.sentiments.detect(t) }));
      case 'DetectKeyPhrases': {
        const text = textOf(input, 'Text', TEXT_MAX_BYTES);
        language(input, LANGUAGES);
        return { KeyPhrases: this.models.keyPhrases.find(text).map(keyPhrase) };
      }
      case 'DetectSentiment': {
        const text = textOf(input, 'Text', SENTIMENT_MAX_BYTES);
        language(input, LANGUAGES);
        return this.models.sentiments.detect(text);
      }
      case 'DetectPiiEntities': {
        const text = textOf(input, 'Text', TEXT_MAX_BYTES);
        language(input, PII_LANGUAGES);
        return { Entities: this.models.piiEntities.find(text).map((o) => ({ Score: o.score, Type: o.type, BeginOffset: o.begin, EndOffset: o.end })) };
      }
      case 'ClassifyDocument':
        return this.classifyDocument(input);
      case 'StartEntitiesDetectionJob':
        return this.jobs.start('entities', input, region);
      case 'DescribeEntitiesDetectionJob':
        return this.jobs.describe('entities', input);
      case 'StartKeyPhrasesDetectionJob':
        return this.jobs.start('keyPhrases', input, region);
      case 'DescribeKeyPhrasesDetectionJob':
        return this.jobs.describe('keyPhrases', input);
      case 'StartSentimentDetectionJob':
        return this.jobs.start('sentiment', input, region);
      case 'DescribeSentimentDetectionJob':
        return this.jobs.describe('sentiment', input);
      case 'StartPiiEntitiesDetectionJob':
        return this.jobs.start('pii', input, region);
      case 'DescribePiiEntitiesDetectionJob':
        return this.jobs.describe('pii', input);
      case 'StartDocumentClassificationJob':
        return this.jobs.start('classification', input, region);
      case 'DescribeDocumentClassificationJob':
        return this.jobs.describe('classification', input);
      default:
        throw new AwsError('UnknownOperationException', `Operation ${COMPREHEND_TARGET_PREFIX}.${operation} is not supported by the stand-in`);
    }
  }

  /**
   * Text: {Classes and/or Labels, Errors: [], Warnings: []}; Bytes (plain UTF-8 text only) adds
   * DocumentMetadata and DocumentType, which AWS returns only for Bytes.
   */
  private classifyDocument(input: Json): Json {
    const arn = input.EndpointArn;
    if (arn === undefined || arn === null) throw missing('endpointArn');
    if (typeof arn !== 'string' || !CLASSIFIER_ENDPOINT_ARN.test(arn)) {
      throw invalid(`Value '${String(arn)}' at 'endpointArn' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:aws(-[^:]+)?:comprehend:[a-zA-Z0-9-]*:[0-9]{12}:document-classifier-endpoint/[a-zA-Z0-9](-*[a-zA-Z0-9])*`);
    }
    const hasText = input.Text !== undefined && input.Text !== null;
    const hasBytes = input.Bytes !== undefined && input.Bytes !== null;
    if (hasText === hasBytes) throw invalid('Specify exactly one of Text or Bytes');
    let text: string;
    if (hasText) {
      text = textOf(input, 'Text', CLASSIFY_MAX_BYTES);
    } else {
      if (typeof input.Bytes !== 'string') throw new AwsError('SerializationException', 'Bytes must be a base64 string');
      const bytes = Buffer.from(input.Bytes, 'base64');
      if (bytes.length === 0) throw invalid('Bytes must not be empty');
      if (bytes.length > CLASSIFY_MAX_BYTES) throw tooLarge(CLASSIFY_MAX_BYTES, bytes.length);
      text = bytes.toString('utf8');
      if (!Buffer.from(text, 'utf8').equals(bytes) || text.includes('\u0000')) {
        throw invalid('stand-in: only plain UTF-8 text Bytes are simulated (no PDF, Word or image documents)');
      }
    }
    const answer = this.models.classifiers.get(arn);
    if (!answer) throw new AwsError('ResourceUnavailableException', `Specified resource ${arn} is not ready or does not exist (stand-in: register it with POST /_control/comprehend/classifiers)`);
    const out: Json = {};
    if (answer.classes) out.Classes = answer.classes.map((c) => ({ ...c }));
    if (answer.labels) out.Labels = answer.labels.map((c) => ({ ...c }));
    if (hasBytes) {
      out.DocumentMetadata = { Pages: 1, ExtractedCharacters: [{ Page: 1, Count: [...text].length }] };
      out.DocumentType = [{ Page: 1, Type: 'PLAIN_TEXT' }];
    }
    out.Errors = [];
    out.Warnings = [];
    return out;
  }
}

function entity(o: Occurrence): Json {
  return { Score: o.score, Type: o.type, Text: o.text, BeginOffset: o.begin, EndOffset: o.end };
}

function keyPhrase(o: Occurrence): Json {
  return { Score: o.score, Text: o.text, BeginOffset: o.begin, EndOffset: o.end };
}

/**
 * A Batch* operation: 1 to 25 documents of 1 to 5,000 bytes, a language of LANGUAGES; each document's answer
 * (`detect`) in ResultList with its Index.
 */
function batch(input: Json, detect: (text: string) => Json): Json {
  const list = input.TextList;
  if (list === undefined || list === null) throw missing('textList');
  if (!Array.isArray(list)) throw new AwsError('SerializationException', 'TextList must be a list of strings');
  if (list.length === 0) throw invalid('TextList must contain at least 1 document');
  if (list.length > BATCH_MAX_ITEMS) {
    throw new AwsError('BatchSizeLimitExceededException', `The number of documents in the request exceeds the limit of ${BATCH_MAX_ITEMS}. Documents in this request: ${list.length}`);
  }
  language(input, LANGUAGES);
  list.forEach((t, i) => {
    if (typeof t !== 'string') throw new AwsError('SerializationException', `TextList[${i}] must be a string`);
    if (!t) throw invalid(`TextList[${i}] must not be empty`);
    const size = Buffer.byteLength(t, 'utf8');
    if (size > BATCH_ITEM_MAX_BYTES) throw tooLarge(BATCH_ITEM_MAX_BYTES, size, ` (TextList[${i}])`);
  });
  return { ResultList: (list as string[]).map((t, Index) => ({ Index, ...detect(t) })), ErrorList: [] };
}

function tooLarge(max: number, size: number, where = ''): AwsError {
  return new AwsError(
    'TextSizeLimitExceededException',
    `Input text size exceeds limit. Max length of request text allowed is ${max} bytes while in this request the text size is ${size} bytes${where}`,
  );
}

/** The member as a string of 1..max UTF-8 bytes. */
function textOf(input: Json, member: string, maxBytes: number): string {
  const v = input[member];
  if (v === undefined || v === null) throw missing(member.charAt(0).toLowerCase() + member.slice(1));
  if (typeof v !== 'string') throw new AwsError('SerializationException', `${member} must be a string`);
  if (!v) throw invalid(`1 validation error detected: Value at '${member.charAt(0).toLowerCase() + member.slice(1)}' failed to satisfy constraint: Member must have length greater than or equal to 1`);
  const size = Buffer.byteLength(v, 'utf8');
  if (size > maxBytes) throw tooLarge(maxBytes, size);
  return v;
}

/** LanguageCode present and one of `supported`. */
function language(input: Json, supported: readonly string[]): string {
  const v = input.LanguageCode;
  if (v === undefined || v === null) throw missing('languageCode');
  if (typeof v !== 'string' || !supported.includes(v)) {
    throw new AwsError('UnsupportedLanguageException', `Unsupported language: ${String(v)}. Supported languages are ${supported.join(', ')}`);
  }
  return v;
}
