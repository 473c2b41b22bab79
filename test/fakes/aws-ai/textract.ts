/**
 * Amazon Textract (X-Amz-Target `Textract.<Operation>`): request validation as AWS does it, answers
 * from the registered recordings (recordings.ts), asynchronous jobs with NextToken paging (jobs.ts).
 *
 * Sync: DetectDocumentText, AnalyzeDocument, AnalyzeExpense.
 * Async: StartDocumentTextDetection/GetDocumentTextDetection, StartDocumentAnalysis/GetDocumentAnalysis,
 *        StartExpenseAnalysis/GetExpenseAnalysis.
 *
 * A sync call answered by a recording whose JobStatus is FAILED or IN_PROGRESS (a Get* recording of a
 * job that did not succeed) is a BadDocumentException with the recording's StatusMessage.
 */
import path from 'node:path';
import { S3Documents, TooLargeError, pageCount, sha256, sniffFormat, type LoadedDocument } from './documents';
import { JobStore, type Job } from './jobs';
import type { Notifications } from './notifications';
import { AwsError, invalidParameter, isObject, type Json } from './protocol';
import { Recordings } from './recordings';

export const TEXTRACT_OPERATIONS = [
  'DetectDocumentText',
  'AnalyzeDocument',
  'AnalyzeExpense',
  'StartDocumentTextDetection',
  'GetDocumentTextDetection',
  'StartDocumentAnalysis',
  'GetDocumentAnalysis',
  'StartExpenseAnalysis',
  'GetExpenseAnalysis',
] as const;

const FEATURE_TYPES = ['TABLES', 'FORMS', 'QUERIES', 'SIGNATURES', 'LAYOUT'];
const SYNC_MAX_BYTES = 10 * 1024 * 1024;
const ASYNC_IMAGE_MAX_BYTES = 10 * 1024 * 1024;
const ASYNC_MAX_BYTES = 500 * 1024 * 1024;
/** AWS's set quota: PDF and TIFF files of at most 3,000 pages for asynchronous operations (1 for real-time). */
export const ASYNC_MAX_PAGES = 3000;
/** GetExpenseAnalysis pages ExpenseDocuments, at most 20 per page (its MaxResults limit). */
const EXPENSE_MAX_RESULTS = 20;

export interface TextractConfig {
  /** How long a job stays IN_PROGRESS. */
  jobDelayMs: number;
  /** Most Blocks per Get* page (MaxResults is honoured up to this). */
  pageSize: number;
}

export const DEFAULT_TEXTRACT_CONFIG: TextractConfig = { jobDelayMs: 1000, pageSize: 1000 };

/** The Get* operation of each kind of job, what it pages and which model version it reports. */
const ASYNC: Record<string, { start: string; items: 'Blocks' | 'ExpenseDocuments'; model?: string }> = {
  GetDocumentTextDetection: { start: 'StartDocumentTextDetection', items: 'Blocks', model: 'DetectDocumentTextModelVersion' },
  GetDocumentAnalysis: { start: 'StartDocumentAnalysis', items: 'Blocks', model: 'AnalyzeDocumentModelVersion' },
  GetExpenseAnalysis: { start: 'StartExpenseAnalysis', items: 'ExpenseDocuments', model: 'AnalyzeExpenseModelVersion' },
};
const GET_OF_START: Record<string, string> = Object.fromEntries(Object.entries(ASYNC).map(([get, a]) => [a.start, get]));

export class Textract {
  readonly recordings: Recordings;
  readonly jobs = new JobStore();
  config: TextractConfig = { ...DEFAULT_TEXTRACT_CONFIG };

  constructor(
    readonly s3: S3Documents,
    fixturesDir = path.join(__dirname, 'fixtures', 'textract'),
    private readonly log: (line: string) => void = () => undefined,
    private readonly notifications?: Notifications,
  ) {
    this.recordings = new Recordings(fixturesDir, TEXTRACT_OPERATIONS);
  }

  setConfig(body: unknown): TextractConfig {
    if (!isObject(body)) throw new Error('body must be a JSON object');
    const next = { ...this.config };
    for (const k of ['jobDelayMs', 'pageSize'] as const) {
      const v = body[k];
      if (v === undefined) continue;
      if (typeof v !== 'number' || !Number.isInteger(v) || v < (k === 'pageSize' ? 1 : 0)) throw new Error(`${k} must be an integer ${k === 'pageSize' ? '>= 1' : '>= 0'}`);
      next[k] = v;
    }
    this.config = next;
    return next;
  }

  reset(): void {
    this.recordings.clear();
    this.jobs.clear();
    this.config = { ...DEFAULT_TEXTRACT_CONFIG };
  }

  async handle(operation: string, input: Json): Promise<Json> {
    switch (operation) {
      case 'DetectDocumentText':
      case 'AnalyzeDocument':
      case 'AnalyzeExpense':
        return this.sync(operation, input);
      case 'StartDocumentTextDetection':
      case 'StartDocumentAnalysis':
      case 'StartExpenseAnalysis':
        return this.start(operation, input);
      case 'GetDocumentTextDetection':
      case 'GetDocumentAnalysis':
      case 'GetExpenseAnalysis':
        return this.get(operation, input);
      default:
        throw new AwsError('UnknownOperationException', `Operation Textract.${operation} is not supported by the stand-in`);
    }
  }

  // ------------------------------------------------------------------ sync --

  private async sync(operation: string, input: Json): Promise<Json> {
    if (operation === 'AnalyzeDocument') validateFeatures(input);
    const doc = await this.loadDocument(input.Document, 'Document', SYNC_MAX_BYTES, true);
    const reg = this.lookup(operation, doc);
    const r = reg.response;
    if (r.JobStatus === 'FAILED' || r.JobStatus === 'IN_PROGRESS') {
      throw new AwsError('BadDocumentException', typeof r.StatusMessage === 'string' ? r.StatusMessage : 'Amazon Textract isn\'t able to read the document.');
    }
    const metadata = documentMetadata(r);
    if (operation === 'AnalyzeExpense') return { DocumentMetadata: metadata, ExpenseDocuments: r.ExpenseDocuments ?? [] };
    const out: Json = { DocumentMetadata: metadata, Blocks: r.Blocks ?? [] };
    if (operation === 'AnalyzeDocument') {
      if (r.HumanLoopActivationOutput !== undefined) out.HumanLoopActivationOutput = r.HumanLoopActivationOutput;
      out.AnalyzeDocumentModelVersion = modelVersion(r, 'AnalyzeDocumentModelVersion');
    } else {
      out.DetectDocumentTextModelVersion = modelVersion(r, 'DetectDocumentTextModelVersion');
    }
    return out;
  }

  // ----------------------------------------------------------------- async --

  private async start(operation: string, input: Json): Promise<Json> {
    if (operation === 'StartDocumentAnalysis') validateFeatures(input);
    const loc = input.DocumentLocation;
    if (!isObject(loc)) throw invalidParameter('DocumentLocation is required');
    if (loc.Bytes !== undefined) throw invalidParameter('DocumentLocation takes an S3Object only');
    if (input.NotificationChannel !== undefined) {
      const n = input.NotificationChannel;
      if (!isObject(n) || typeof n.SNSTopicArn !== 'string' || !n.SNSTopicArn || typeof n.RoleArn !== 'string' || !n.RoleArn) {
        throw invalidParameter('NotificationChannel needs both SNSTopicArn and RoleArn');
      }
    }
    if (input.OutputConfig !== undefined) {
      const o = input.OutputConfig;
      if (!isObject(o) || typeof o.S3Bucket !== 'string' || !o.S3Bucket) throw invalidParameter('OutputConfig needs S3Bucket');
      if (o.S3Prefix !== undefined && typeof o.S3Prefix !== 'string') throw invalidParameter('OutputConfig.S3Prefix must be a string');
    }
    const token = input.ClientRequestToken;
    if (token !== undefined && (typeof token !== 'string' || !/^[a-zA-Z0-9-_]{1,64}$/.test(token))) {
      throw invalidParameter('ClientRequestToken must be 1 to 64 characters of [a-zA-Z0-9-_]');
    }
    if (input.JobTag !== undefined && (typeof input.JobTag !== 'string' || !/^[a-zA-Z0-9_.\-:]{1,64}$/.test(input.JobTag))) {
      throw invalidParameter('JobTag must be 1 to 64 characters of [a-zA-Z0-9_.\\-:]');
    }
    const doc = await this.loadDocument({ S3Object: loc.S3Object }, 'DocumentLocation', ASYNC_MAX_BYTES, false);
    const pages = pageCount(doc) ?? 1;
    // AWS takes the request and fails the job (its notification says FAILED); no recording is needed for that.
    const reg = pages > ASYNC_MAX_PAGES
      ? { id: undefined, response: { JobStatus: 'FAILED', StatusMessage: `The document has ${pages} pages, over the maximum of ${ASYNC_MAX_PAGES} for asynchronous operations (stand-in's wording)` } }
      : this.lookup(GET_OF_START[operation]!, doc, operation);
    const job = this.jobs.start(`Textract.${operation}`, input, reg.response, this.config.jobDelayMs, reg.id, (j) => {
      void this.complete(j);
    });
    return { JobId: job.jobId };
  }

  private async get(operation: string, input: Json): Promise<Json> {
    const spec = ASYNC[operation]!;
    const jobId = input.JobId;
    if (typeof jobId !== 'string' || !jobId) throw invalidParameter('JobId is required');
    const job = this.jobs.get(jobId);
    if (!job || job.kind !== `Textract.${spec.start}`) throw new AwsError('InvalidJobIdException', `An invalid job identifier was passed: ${jobId}`);
    let limit = spec.items === 'ExpenseDocuments' ? Math.min(this.config.pageSize, EXPENSE_MAX_RESULTS) : this.config.pageSize;
    if (input.MaxResults !== undefined) {
      if (typeof input.MaxResults !== 'number' || !Number.isInteger(input.MaxResults) || input.MaxResults < 1) throw invalidParameter('MaxResults must be >= 1');
      limit = Math.min(limit, input.MaxResults);
    }
    let offset = 0;
    if (input.NextToken !== undefined) offset = parseNextToken(input.NextToken, jobId);
    return this.page(job, spec, offset, limit);
  }

  /** One Get* answer: the status, and when SUCCEEDED the page of items starting at `offset`. */
  private page(job: Job, spec: (typeof ASYNC)[string], offset: number, limit: number): Json {
    const status = this.jobs.status(job);
    const r = job.response;
    if (status === 'IN_PROGRESS') return { JobStatus: 'IN_PROGRESS' };
    if (status === 'FAILED') {
      const out: Json = { JobStatus: 'FAILED', StatusMessage: typeof r.StatusMessage === 'string' ? r.StatusMessage : 'The job failed.' };
      if (r.Warnings !== undefined) out.Warnings = r.Warnings;
      return out;
    }
    const items = Array.isArray(r[spec.items]) ? (r[spec.items] as unknown[]) : [];
    if (offset > items.length) throw invalidParameter('NextToken is invalid');
    const out: Json = { DocumentMetadata: documentMetadata(r), JobStatus: 'SUCCEEDED' };
    if (offset + limit < items.length) out.NextToken = makeNextToken(job.jobId, offset + limit);
    out[spec.items] = items.slice(offset, offset + limit);
    if (r.Warnings !== undefined) out.Warnings = r.Warnings;
    if (typeof r.StatusMessage === 'string') out.StatusMessage = r.StatusMessage;
    if (spec.model) out[spec.model] = modelVersion(r, spec.model);
    return out;
  }

  /** A finished job writes its output (OutputConfig), then tells its NotificationChannel. */
  private async complete(job: Job): Promise<void> {
    await this.writeOutput(job);
    await this.notify(job);
  }

  /**
   * The completion message Textract publishes to NotificationChannel.SNSTopicArn (documented shape:
   * JobId, Status, API, JobTag, Timestamp in milliseconds, DocumentLocation {S3ObjectName, S3Bucket}).
   */
  private async notify(job: Job): Promise<void> {
    const channel = job.request.NotificationChannel;
    if (!isObject(channel) || typeof channel.SNSTopicArn !== 'string' || !this.notifications) return;
    const s3 = isObject(job.request.DocumentLocation) && isObject(job.request.DocumentLocation.S3Object) ? job.request.DocumentLocation.S3Object : {};
    const message: Json = {
      JobId: job.jobId,
      Status: this.jobs.status(job),
      API: job.kind.replace(/^Textract\./, ''),
      ...(typeof job.request.JobTag === 'string' ? { JobTag: job.request.JobTag } : {}),
      Timestamp: Date.now(),
      DocumentLocation: { S3ObjectName: s3.Name, S3Bucket: s3.Bucket },
    };
    job.notification = await this.notifications.publish(channel.SNSTopicArn, message);
    if (job.notification.status === 'failed') this.log(`job ${job.jobId}: the notification to ${channel.SNSTopicArn} failed: ${job.notification.error}`);
  }

  /** A SUCCEEDED job with OutputConfig writes its result pages to S3 as `<prefix>/<JobId>/1`, `/2`, ... */
  private async writeOutput(job: Job): Promise<void> {
    const o = job.request.OutputConfig;
    if (!isObject(o) || this.jobs.status(job) !== 'SUCCEEDED') return;
    const getOp = GET_OF_START[job.kind.replace(/^Textract\./, '')]!;
    const spec = ASYNC[getOp]!;
    const prefix = typeof o.S3Prefix === 'string' && o.S3Prefix ? o.S3Prefix.replace(/\/+$/, '') : 'textract_output';
    const keys: string[] = [];
    try {
      let offset = 0;
      for (let n = 1; ; n++) {
        const page = this.page(job, spec, offset, this.config.pageSize);
        const key = `${prefix}/${job.jobId}/${n}`;
        await this.s3.put(String(o.S3Bucket), key, JSON.stringify(page));
        keys.push(key);
        if (typeof page.NextToken !== 'string') break;
        offset += this.config.pageSize;
      }
      job.output = { status: 'written', keys };
    } catch (e) {
      job.output = { status: 'failed', keys, error: (e as Error).message };
      this.log(`job ${job.jobId}: writing the output to s3://${String(o.S3Bucket)}/${prefix} failed: ${(e as Error).message}`);
    }
  }

  // ------------------------------------------------------------- documents --

  private async loadDocument(document: unknown, field: string, maxBytes: number, allowBytes: boolean): Promise<LoadedDocument> {
    if (!isObject(document)) throw invalidParameter(`${field} is required`);
    const hasBytes = document.Bytes !== undefined && document.Bytes !== null;
    const hasS3 = document.S3Object !== undefined && document.S3Object !== null;
    if (hasBytes === hasS3) throw invalidParameter(`${field} needs exactly one of Bytes or S3Object`);
    let doc: LoadedDocument;
    if (hasBytes) {
      if (!allowBytes) throw invalidParameter(`${field} takes an S3Object only`);
      if (typeof document.Bytes !== 'string') throw new AwsError('SerializationException', 'Bytes must be a base64 string');
      const bytes = Buffer.from(document.Bytes, 'base64');
      if (bytes.length === 0) throw invalidParameter(`${field}.Bytes must not be empty`);
      if (bytes.length > maxBytes) throw tooLarge(maxBytes);
      doc = { bytes, sha256: sha256(bytes), format: sniffFormat(bytes) };
    } else {
      const s3 = document.S3Object;
      if (!isObject(s3) || typeof s3.Bucket !== 'string' || !s3.Bucket || typeof s3.Name !== 'string' || !s3.Name) {
        throw invalidParameter(`${field}.S3Object needs Bucket and Name`);
      }
      if (s3.Version !== undefined && typeof s3.Version !== 'string') throw invalidParameter(`${field}.S3Object.Version must be a string`);
      const loc = { bucket: s3.Bucket, key: s3.Name, version: s3.Version as string | undefined };
      let bytes: Buffer;
      try {
        bytes = await this.s3.get(loc, maxBytes);
      } catch (e) {
        if (e instanceof TooLargeError) throw tooLarge(maxBytes);
        throw e;
      }
      doc = { bytes, sha256: sha256(bytes), format: sniffFormat(bytes), s3: loc };
    }
    if (!doc.format) throw new AwsError('UnsupportedDocumentException', 'Request has unsupported document format');
    // Real-time operations read one page: AWS refuses a multi-page PDF or TIFF there as an unsupported document.
    if (allowBytes && (pageCount(doc) ?? 1) > 1) {
      throw new AwsError('UnsupportedDocumentException', 'Request has unsupported document format');
    }
    if (!allowBytes && (doc.format === 'PNG' || doc.format === 'JPEG') && doc.bytes.length > ASYNC_IMAGE_MAX_BYTES) throw tooLarge(ASYNC_IMAGE_MAX_BYTES);
    return doc;
  }

  private lookup(operation: string, doc: LoadedDocument, calledAs = operation) {
    const reg = this.recordings.find([operation, calledAs], { sha256: doc.sha256, bucket: doc.s3?.bucket, key: doc.s3?.key });
    if (!reg) {
      const where = doc.s3 ? `s3://${doc.s3.bucket}/${doc.s3.key}, ` : '';
      throw new AwsError(
        'UnsupportedDocumentException',
        `Request has unsupported document format (stand-in: no recording is registered for ${calledAs} of this document: ${where}sha256 ${doc.sha256}; ` +
          'register one with POST /_control/textract/responses)',
      );
    }
    return reg;
  }
}

function tooLarge(max: number): AwsError {
  return new AwsError('DocumentTooLargeException', `Document size exceeds the maximum of ${max} bytes for this operation`);
}

function validateFeatures(input: Json): void {
  const f = input.FeatureTypes;
  if (!Array.isArray(f) || f.length === 0) throw invalidParameter('FeatureTypes is required: one or more of ' + FEATURE_TYPES.join(', '));
  const bad = f.filter((x) => typeof x !== 'string' || !FEATURE_TYPES.includes(x));
  if (bad.length) throw invalidParameter(`FeatureTypes has invalid values ${JSON.stringify(bad)}; valid: ${FEATURE_TYPES.join(', ')}`);
  const queries = isObject(input.QueriesConfig) ? input.QueriesConfig.Queries : undefined;
  if (f.includes('QUERIES')) {
    if (!Array.isArray(queries) || queries.length === 0) throw invalidParameter('QueriesConfig.Queries is required when FeatureTypes includes QUERIES');
    if (!queries.every((q) => isObject(q) && typeof q.Text === 'string' && q.Text.length > 0)) throw invalidParameter('every query needs a Text');
  } else if (input.QueriesConfig !== undefined) {
    throw invalidParameter('QueriesConfig is only allowed when FeatureTypes includes QUERIES');
  }
}

function documentMetadata(r: Json): unknown {
  if (r.DocumentMetadata !== undefined) return r.DocumentMetadata;
  const pages = Array.isArray(r.Blocks) ? r.Blocks.filter((b) => isObject(b) && b.BlockType === 'PAGE').length : 0;
  return { Pages: Math.max(1, pages) };
}

function modelVersion(r: Json, key: string): string {
  const v = r[key] ?? r.AnalyzeDocumentModelVersion ?? r.DetectDocumentTextModelVersion;
  return typeof v === 'string' ? v : '1.0';
}

function makeNextToken(jobId: string, offset: number): string {
  return Buffer.from(JSON.stringify({ j: jobId.slice(0, 16), o: offset })).toString('base64');
}

function parseNextToken(token: unknown, jobId: string): number {
  try {
    if (typeof token !== 'string') throw new Error();
    const t = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { j?: unknown; o?: unknown };
    if (t.j !== jobId.slice(0, 16) || typeof t.o !== 'number' || !Number.isInteger(t.o) || t.o < 0) throw new Error();
    return t.o;
  } catch {
    throw invalidParameter('NextToken is invalid');
  }
}
