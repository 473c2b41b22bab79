/**
 * Comprehend's asynchronous jobs, as AWS runs them: Start/Describe of EntitiesDetectionJob,
 * KeyPhrasesDetectionJob, SentimentDetectionJob, PiiEntitiesDetectionJob and DocumentClassificationJob.
 *
 * Start answers SUBMITTED; Describe says IN_PROGRESS for `jobDelayMs`, then while the job runs, then
 * COMPLETED or FAILED (with Message). An analysis job reads every object under InputDataConfig.S3Uri
 * from the S3 emulator (none: FAILED "No input files found ..."), analyses each document (ONE_DOC_PER_FILE:
 * a file; ONE_DOC_PER_LINE: a line of a file) with the registered answers and writes, under
 * `<OutputDataConfig.S3Uri>/123456789012-<TAG>-<JobId>/output/` (TAG: NER, KP, SENTIMENT, PII):
 *   - entities, key phrases, sentiment: `output.tar.gz`, a gzip'ed tar with one member `output` of JSON lines,
 *     `{"File", ["Line",] "Entities" | "KeyPhrases" | "Sentiment" + "SentimentScore"}` per document;
 *   - PII (Mode ONLY_OFFSETS; ONLY_REDACTION is not simulated): one `<input file>.out` per input file, of
 *     JSON lines `{"Entities": [{"BeginOffset", "EndOffset", "Type", "Score"}], "File", "Line"}`, and Describe
 *     answers that folder as OutputDataConfig.S3Uri.
 * A document over 1,000,000 bytes (AWS's quota for a document of an asynchronous job) gets a line
 * `{"File", ["Line",] "ErrorCode": "DOCUMENT_SIZE_EXCEEDED", "ErrorMessage"}` instead. Classification jobs
 * only change status (no output is written). JobIds, ClientRequestToken idempotency and timers: jobs.ts.
 */
import { gzipSync } from 'node:zlib';
import * as tar from 'tar-stream';
import type { ComprehendModels } from './comprehend-models';
import type { S3Documents } from './documents';
import { JobStore, type Job } from './jobs';
import { AwsError, isObject, type Json } from './protocol';

export const ACCOUNT = '123456789012';
/** Per document (a file, or a line of ONE_DOC_PER_LINE input): 1 MB as AWS's entities quota. */
export const ASYNC_DOCUMENT_MAX_BYTES = 1_000_000;
/** A ONE_DOC_PER_LINE file is read whole; over this the file gets an error line (a stand-in limit). */
const LINE_FILE_MAX_BYTES = 64 * 1024 * 1024;

const S3_URI = /^s3:\/\/([a-z0-9][.\-a-z0-9]{1,61}[a-z0-9])(\/.*)?$/;
const ROLE_ARN = /^arn:aws(-[^:]+)?:iam::[0-9]{12}:role\/.+$/;
const CLASSIFIER_ARN = /^arn:aws(-[^:]+)?:comprehend:[a-zA-Z0-9-]*:[0-9]{12}:document-classifier\/[a-zA-Z0-9](-*[a-zA-Z0-9])*(\/version\/[a-zA-Z0-9](-*[a-zA-Z0-9])*)?$/;
const JOB_NAME = /^[\p{L}\p{Z}\p{N}_.:/=+\-%@]{1,256}$/u;
const TOKEN = /^[a-zA-Z0-9-]{1,64}$/;
const INPUT_FORMATS = ['ONE_DOC_PER_FILE', 'ONE_DOC_PER_LINE'];

export type Kind = 'entities' | 'keyPhrases' | 'sentiment' | 'pii' | 'classification';
type AnalysisKind = Exclude<Kind, 'classification'>;
const KINDS: Record<Kind, { start: string; arnType: string; outputTag: string; properties: string }> = {
  entities: { start: 'Comprehend_20171127.StartEntitiesDetectionJob', arnType: 'entities-detection-job', outputTag: 'NER', properties: 'EntitiesDetectionJobProperties' },
  keyPhrases: { start: 'Comprehend_20171127.StartKeyPhrasesDetectionJob', arnType: 'key-phrases-detection-job', outputTag: 'KP', properties: 'KeyPhrasesDetectionJobProperties' },
  sentiment: { start: 'Comprehend_20171127.StartSentimentDetectionJob', arnType: 'sentiment-detection-job', outputTag: 'SENTIMENT', properties: 'SentimentDetectionJobProperties' },
  pii: { start: 'Comprehend_20171127.StartPiiEntitiesDetectionJob', arnType: 'pii-entities-detection-job', outputTag: 'PII', properties: 'PiiEntitiesDetectionJobProperties' },
  classification: { start: 'Comprehend_20171127.StartDocumentClassificationJob', arnType: 'document-classification-job', outputTag: 'CLN', properties: 'DocumentClassificationJobProperties' },
};
const PII_MODES = ['ONLY_OFFSETS', 'ONLY_REDACTION'];

export type ComprehendJobStatus = 'SUBMITTED' | 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';

export interface ComprehendJob {
  kind: Kind;
  job: Job;
  arn: string;
  status: ComprehendJobStatus;
  message?: string | undefined;
  submitTime: number;
  endTime?: number | undefined;
  input: { bucket: string; prefix: string; uri: string; format: string };
  /** Where the output is: output.tar.gz, or the folder of a PII job's `.out` files (classification jobs only report it). */
  output: { bucket: string; key: string; uri: string };
  failWith?: string | undefined;
  written?: { documents: number; files: number } | undefined;
}

export interface JobSettings {
  jobDelayMs(): number;
  /** Consumed by the next analysis job (not classification): it ends FAILED with this Message. */
  takeFailure(): string | undefined;
}

const invalid = (message: string): AwsError => new AwsError('InvalidRequestException', message);

function s3Uri(v: unknown, member: string): { bucket: string; prefix: string; uri: string } {
  if (v === undefined || v === null) throw invalid(`1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`);
  const m = typeof v === 'string' ? S3_URI.exec(v) : null;
  if (!m) throw invalid(`Value '${String(v)}' at '${member}' failed to satisfy constraint: Member must satisfy regular expression pattern: s3://[a-z0-9][\\.\\-a-z0-9]{1,61}[a-z0-9](/.*)?`);
  return { bucket: m[1]!, prefix: (m[2] ?? '').replace(/^\//, ''), uri: v as string };
}

export class ComprehendJobs {
  private readonly store = new JobStore({
    idBytes: 16,
    tokenMismatch: () => invalid('The ClientRequestToken was already used for another job with different parameters'),
  });
  private readonly jobs = new Map<string, ComprehendJob>();

  constructor(
    private readonly s3: S3Documents,
    private readonly models: ComprehendModels,
    private readonly settings: JobSettings,
    private readonly languages: (input: Json, kind: AnalysisKind) => void,
    private readonly log: (line: string) => void,
  ) {}

  start(kind: Kind, input: Json, region: string): Json {
    const inCfg = input.InputDataConfig;
    const outCfg = input.OutputDataConfig;
    if (!isObject(inCfg)) throw invalid("1 validation error detected: Value null at 'inputDataConfig' failed to satisfy constraint: Member must not be null");
    if (!isObject(outCfg)) throw invalid("1 validation error detected: Value null at 'outputDataConfig' failed to satisfy constraint: Member must not be null");
    const source = s3Uri(inCfg.S3Uri, 'inputDataConfig.s3Uri');
    const target = s3Uri(outCfg.S3Uri, 'outputDataConfig.s3Uri');
    const format = inCfg.InputFormat ?? 'ONE_DOC_PER_FILE';
    if (typeof format !== 'string' || !INPUT_FORMATS.includes(format)) throw invalid(`InputFormat must be one of ${INPUT_FORMATS.join(', ')}`);
    if (outCfg.KmsKeyId !== undefined && (typeof outCfg.KmsKeyId !== 'string' || !outCfg.KmsKeyId)) throw invalid('OutputDataConfig.KmsKeyId must be a non-empty string');
    const role = input.DataAccessRoleArn;
    if (role === undefined) throw invalid("1 validation error detected: Value null at 'dataAccessRoleArn' failed to satisfy constraint: Member must not be null");
    if (typeof role !== 'string' || !ROLE_ARN.test(role)) throw invalid(`Value '${String(role)}' at 'dataAccessRoleArn' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:aws(-[^:]+)?:iam::[0-9]{12}:role/.+`);
    if (input.JobName !== undefined && (typeof input.JobName !== 'string' || !JOB_NAME.test(input.JobName))) throw invalid('JobName must be 1 to 256 characters of letters, digits, spaces and _.:/=+-%@');
    if (input.ClientRequestToken !== undefined && (typeof input.ClientRequestToken !== 'string' || !TOKEN.test(input.ClientRequestToken))) {
      throw invalid('ClientRequestToken must be 1 to 64 characters of [a-zA-Z0-9-]');
    }
    if (input.Tags !== undefined && (!Array.isArray(input.Tags) || !input.Tags.every((t) => isObject(t) && typeof t.Key === 'string' && t.Key))) {
      throw invalid('every tag needs a Key');
    }
    if (input.FlywheelArn !== undefined) throw invalid('FlywheelArn: flywheels are not simulated by the stand-in');
    if (kind === 'classification') {
      const arn = input.DocumentClassifierArn;
      if (arn === undefined) throw invalid("1 validation error detected: Value null at 'documentClassifierArn' failed to satisfy constraint: Member must not be null");
      if (typeof arn !== 'string' || !CLASSIFIER_ARN.test(arn)) throw invalid(`Value '${String(arn)}' at 'documentClassifierArn' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:aws(-[^:]+)?:comprehend:[a-zA-Z0-9-]*:[0-9]{12}:document-classifier/...`);
    } else {
      this.languages(input, kind);
      if (kind === 'entities' && input.EntityRecognizerArn !== undefined) throw invalid('EntityRecognizerArn: custom entity recognizers are not simulated by the stand-in');
      if (kind === 'pii') {
        const mode = input.Mode;
        if (mode === undefined || mode === null) throw invalid("1 validation error detected: Value null at 'mode' failed to satisfy constraint: Member must not be null");
        if (typeof mode !== 'string' || !PII_MODES.includes(mode)) throw invalid(`Value '${String(mode)}' at 'mode' failed to satisfy constraint: Member must satisfy enum value set: [${PII_MODES.join(', ')}]`);
        if (mode === 'ONLY_REDACTION') throw invalid('Mode ONLY_REDACTION: redaction jobs are not simulated by the stand-in');
        if (input.RedactionConfig !== undefined) throw invalid('RedactionConfig is only accepted with Mode ONLY_REDACTION');
      }
    }

    const spec = KINDS[kind];
    const job = this.store.start(spec.start, input, {}, this.settings.jobDelayMs(), undefined, (j) => void this.run(j.jobId));
    const existing = this.jobs.get(job.jobId);
    if (existing) return this.startAnswer(existing);
    const base = target.prefix.replace(/\/+$/, '');
    const folder = `${base ? `${base}/` : ''}${ACCOUNT}-${spec.outputTag}-${job.jobId}/output/`;
    const key = kind === 'pii' ? folder : `${folder}output.tar.gz`;
    const rec: ComprehendJob = {
      kind,
      job,
      arn: `arn:aws:comprehend:${region}:${ACCOUNT}:${spec.arnType}/${job.jobId}`,
      status: 'IN_PROGRESS',
      submitTime: job.startedAt,
      input: { ...source, format },
      output: { bucket: target.bucket, key, uri: `s3://${target.bucket}/${key}` },
      failWith: kind === 'classification' ? undefined : this.settings.takeFailure(),
    };
    this.jobs.set(job.jobId, rec);
    return this.startAnswer(rec);
  }

  private startAnswer(rec: ComprehendJob): Json {
    const out: Json = { JobId: rec.job.jobId, JobArn: rec.arn, JobStatus: 'SUBMITTED' };
    if (rec.kind === 'classification') out.DocumentClassifierArn = rec.job.request.DocumentClassifierArn;
    return out;
  }

  describe(kind: Kind, input: Json): Json {
    const id = input.JobId;
    if (id === undefined || id === null) throw invalid("1 validation error detected: Value null at 'jobId' failed to satisfy constraint: Member must not be null");
    if (typeof id !== 'string' || !/^[\p{L}\p{Z}\p{N}_.:/=+\-%@]{1,32}$/u.test(id)) throw invalid('JobId must be 1 to 32 characters');
    const rec = this.jobs.get(id);
    if (!rec || rec.kind !== kind) throw new AwsError('JobNotFoundException', `Could not find the specified job ${id}`);
    const r = rec.job.request;
    const inCfg = r.InputDataConfig as Json;
    const outCfg = r.OutputDataConfig as Json;
    const props: Json = {
      JobId: rec.job.jobId,
      JobArn: rec.arn,
      JobName: r.JobName,
      JobStatus: rec.status,
      Message: rec.message,
      SubmitTime: rec.submitTime / 1000,
      EndTime: rec.endTime === undefined ? undefined : rec.endTime / 1000,
      LanguageCode: r.LanguageCode,
      DocumentClassifierArn: r.DocumentClassifierArn,
      DataAccessRoleArn: r.DataAccessRoleArn,
      InputDataConfig: { ...inCfg, InputFormat: rec.input.format },
      OutputDataConfig: { ...outCfg, S3Uri: rec.output.uri },
      VolumeKmsKeyId: r.VolumeKmsKeyId,
      VpcConfig: r.VpcConfig,
    };
    for (const k of Object.keys(props)) if (props[k] === undefined) delete props[k];
    if (kind === 'pii') props.Mode = r.Mode;
    return { [KINDS[kind].properties]: props };
  }

  /** When the delay has passed: classification jobs complete; analysis jobs read, detect and write. */
  private async run(jobId: string): Promise<void> {
    const rec = this.jobs.get(jobId);
    if (!rec) return;
    try {
      if (rec.failWith !== undefined) throw new JobFailure(rec.failWith);
      if (rec.kind !== 'classification') await this.analyse(rec, rec.kind);
      rec.status = 'COMPLETED';
    } catch (e) {
      rec.status = 'FAILED';
      rec.message = e instanceof JobFailure ? e.message : `stand-in: ${(e as Error).name}: ${(e as Error).message}`;
      this.log(`comprehend job ${jobId} FAILED: ${rec.message}`);
    } finally {
      rec.endTime = Date.now();
    }
  }

  private async analyse(rec: ComprehendJob, kind: AnalysisKind): Promise<void> {
    const { bucket, prefix, uri, format } = rec.input;
    let objects: { key: string; size: number }[];
    try {
      objects = (await this.s3.list(bucket, prefix)).filter((o) => !o.key.endsWith('/'));
    } catch (e) {
      throw new JobFailure(`NO_READ_ACCESS_TO_INPUT: The provided data access role does not have proper access to the input data at ${uri} (${(e as Error).name})`);
    }
    if (objects.length === 0) throw new JobFailure(`No input files found in ${uri}`);
    const lines: Json[] = [];
    /** Each input file's lines, for a PII job's `.out` files. */
    const byFile = new Map<string, Json[]>();
    for (const o of objects) {
      const file = o.key.slice(prefix.length).replace(/^\/+/, '') || (o.key.split('/').pop() ?? o.key);
      const start = lines.length;
      const perFile = format === 'ONE_DOC_PER_FILE';
      const max = perFile ? ASYNC_DOCUMENT_MAX_BYTES : LINE_FILE_MAX_BYTES;
      if (o.size > max) {
        lines.push({ File: file, ErrorCode: 'DOCUMENT_SIZE_EXCEEDED', ErrorMessage: `Document size ${o.size} bytes exceeds the maximum of ${max} bytes` });
        continue;
      }
      const text = (await this.s3.get({ bucket, key: o.key }, max)).toString('utf8');
      if (perFile) {
        lines.push({ File: file, ...(kind === 'pii' ? { Line: 0 } : {}), ...this.detect(kind, text) });
        byFile.set(file, lines.slice(start));
        continue;
      }
      const docs = text.split(/\r\n|\r|\n/);
      if (docs.length > 0 && docs[docs.length - 1] === '') docs.pop();
      docs.forEach((doc, Line) => {
        const size = Buffer.byteLength(doc, 'utf8');
        lines.push(
          size > ASYNC_DOCUMENT_MAX_BYTES
            ? { File: file, Line, ErrorCode: 'DOCUMENT_SIZE_EXCEEDED', ErrorMessage: `Document size ${size} bytes exceeds the maximum of ${ASYNC_DOCUMENT_MAX_BYTES} bytes` }
            : { File: file, Line, ...this.detect(kind, doc) },
        );
      });
      byFile.set(file, lines.slice(start));
    }
    const jsonLines = (ls: Json[]): Buffer => Buffer.from(ls.map((l) => JSON.stringify(l)).join('\n') + (ls.length ? '\n' : ''), 'utf8');
    try {
      if (kind === 'pii') {
        for (const [file, ls] of byFile) await this.s3.put(rec.output.bucket, `${rec.output.key}${file}.out`, jsonLines(ls), 'application/json');
      } else {
        await this.s3.put(rec.output.bucket, rec.output.key, await tarGz('output', jsonLines(lines)), 'application/gzip');
      }
    } catch (e) {
      throw new JobFailure(`NO_WRITE_ACCESS_TO_OUTPUT: The provided data access role does not have write access to the output location ${rec.output.uri} (${(e as Error).name})`);
    }
    rec.written = { documents: lines.length, files: objects.length };
  }

  /** What the kind finds in one document, in the members of its output line. */
  private detect(kind: AnalysisKind, text: string): Json {
    switch (kind) {
      case 'entities':
        return { Entities: this.models.entities.find(text).map((o) => ({ Score: o.score, Type: o.type, Text: o.text, BeginOffset: o.begin, EndOffset: o.end })) };
      case 'keyPhrases':
        return { KeyPhrases: this.models.keyPhrases.find(text).map((o) => ({ Score: o.score, Text: o.text, BeginOffset: o.begin, EndOffset: o.end })) };
      case 'sentiment':
        return { ...this.models.sentiments.detect(text) };
      case 'pii':
        return { Entities: this.models.piiEntities.find(text).map((o) => ({ Score: o.score, Type: o.type, BeginOffset: o.begin, EndOffset: o.end })) };
    }
  }

  clear(): number {
    const n = this.jobs.size;
    this.store.clear();
    this.jobs.clear();
    return n;
  }

  summary(): unknown[] {
    return [...this.jobs.values()].map((j) => ({
      jobId: j.job.jobId,
      kind: j.kind,
      status: j.status,
      message: j.message,
      jobName: j.job.request.JobName,
      clientRequestToken: j.job.request.ClientRequestToken,
      dataAccessRoleArn: j.job.request.DataAccessRoleArn,
      submitTime: new Date(j.submitTime).toISOString(),
      endTime: j.endTime === undefined ? undefined : new Date(j.endTime).toISOString(),
      input: `${j.input.uri} (${j.input.format})`,
      output: j.kind === 'classification' ? { uri: j.output.uri, written: false } : { key: j.output.key, uri: j.output.uri, written: j.written ?? false },
    }));
  }
}

class JobFailure extends Error {}

/** A gzip'ed tar holding one file. */
export async function tarGz(name: string, content: Buffer): Promise<Buffer> {
  const pack = tar.pack();
  pack.entry({ name, size: content.length, mtime: new Date() }, content);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  return gzipSync(Buffer.concat(chunks));
}
