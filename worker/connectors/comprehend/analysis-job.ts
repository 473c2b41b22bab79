import { createGunzip } from 'node:zlib';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ComprehendClient, InputDataConfig, LanguageCode, OutputDataConfig } from '@aws-sdk/client-comprehend';
import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { extract } from 'tar-stream';
import { callAws } from '../../aws/errors';
import type { JobContext } from '../../runtime/connector';
import { ConnectorError } from '../../runtime/errors';
import { pollUntilDone } from '../../runtime/polling';
import type { TextChunk } from './chunks';
import type { CallOptions } from './call-options';
import { jobInput } from './job-input';

/** What every Start*Job request of the built-in models has. */
export interface StartJobRequest {
  InputDataConfig: InputDataConfig;
  OutputDataConfig: OutputDataConfig;
  DataAccessRoleArn: string;
  LanguageCode: LanguageCode;
  JobName: string;
  ClientRequestToken: string;
}

/** What every Describe*Job answer's properties have. */
export interface JobProperties {
  JobStatus?: string;
  Message?: string;
  OutputDataConfig?: { S3Uri?: string };
}

/** One kind of asynchronous analysis (entities, key phrases, sentiment, PII): its operations and document size. */
export interface JobKind {
  /** In messages and logs: "entities", "key phrases", ... */
  name: string;
  /** In the ClientRequestToken, so that each kind has its own job: [a-z]+. */
  tag: string;
  startOperation: string;
  describeOperation: string;
  /** The most UTF-8 bytes one document of the job may hold. */
  documentMaxBytes: number;
  /** Small documents go one per line (ONE_DOC_PER_LINE), many to a file; others one per file. */
  documentsPerLine: boolean;
  start(client: ComprehendClient, request: StartJobRequest, call: CallOptions): Promise<{ JobId?: string }>;
  describe(client: ComprehendClient, jobId: string, call: CallOptions): Promise<JobProperties | undefined>;
}

export interface JobSettings {
  bucket: string;
  roleArn: string;
  languageCode: string;
  pollIntervalMs: number;
  timeoutMs: number;
  call?: CallOptions;
}

/** Each document of the job (a part of the text) with its line of Comprehend's output, in the order of the text. */
export interface JobAnswer {
  documents: { part: TextChunk; line: Record<string, unknown> }[];
  method: string;
  pieces: number;
  jobId: string;
}

/**
 * Text beyond what batches allow (seed 000): split into documents at sentence boundaries, staged as files
 * (`jobInput`) under one S3 prefix,
 * the kind's Start*Job over them, Describe*Job until it ends, then its output read back (output.tar.gz, or
 * the `<file>.out` files a PII job writes) and each line matched to its part of the text. The job is started
 * with a ClientRequestToken of the task instance, so a retried Zeebe job (after a timeout or a worker restart)
 * waits for the same job. Once the job has ended, everything under the task's prefix is removed: the text's
 * files, the output, and whatever else Comprehend wrote there.
 */
export async function analyseByJob(kind: JobKind, comprehend: ComprehendClient, s3: S3Client, text: string, settings: JobSettings, ctx: JobContext): Promise<JobAnswer> {
  const { bucket } = settings;
  const call = settings.call ?? {};
  const prefix = `zeebe-aws-connectors/comprehend/${ctx.elementInstanceKey}`;
  const input = jobInput(text, kind.documentMaxBytes, kind.documentsPerLine);
  const { parts } = input;
  // While the job runs it reads the files: they stay for a retry of this Zeebe job to wait on.
  let jobRunning = false;
  try {
    for (const file of input.files) {
      const key = `${prefix}/input/${file.name}`;
      await callAws(`Staging text to s3://${bucket}/${key}`, () => s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: file.body, ContentType: 'text/plain; charset=utf-8' })));
    }
    const started = await callAws(`Comprehend ${kind.startOperation}`, () => kind.start(comprehend, {
      InputDataConfig: { S3Uri: `s3://${bucket}/${prefix}/input/`, InputFormat: input.format },
      OutputDataConfig: { S3Uri: `s3://${bucket}/${prefix}/output/` },
      DataAccessRoleArn: settings.roleArn,
      LanguageCode: settings.languageCode as LanguageCode,
      JobName: `zeebe-aws-connectors-${ctx.elementInstanceKey}`,
      ClientRequestToken: `zac-${kind.tag}-${ctx.elementInstanceKey}`,
    }, call));
    const jobId = started.JobId;
    if (!jobId) throw new ConnectorError('INVALID_RESULT_FORMAT', `Comprehend started a ${kind.name} job but answered no job ID`);
    jobRunning = true;
    ctx.log.info({ comprehendJobId: jobId, files: input.files.length, documents: parts.length }, `Comprehend ${kind.name} job started`);

    let lastStatus: string | undefined;
    const outputUri = await pollUntilDone(async () => {
      const job = await callAws(`Comprehend ${kind.describeOperation}`, () => kind.describe(comprehend, jobId, call));
      lastStatus = job?.JobStatus;
      if (lastStatus === 'COMPLETED') {
        jobRunning = false;
        const uri = job?.OutputDataConfig?.S3Uri;
        if (!uri) throw new ConnectorError('INVALID_RESULT_FORMAT', `Comprehend ${kind.name} job ${jobId} completed without an output location`);
        return uri;
      }
      if (lastStatus === 'FAILED' || lastStatus === 'STOPPED') {
        jobRunning = false;
        throw new ConnectorError('UNPROCESSABLE_ENTITY', `Comprehend ${kind.name} job ${jobId} ${lastStatus}: ${job?.Message ?? 'no reason given'}`, {
          type: 'ComprehendJobFailed', variables: { comprehendJobId: jobId },
        });
      }
      if (lastStatus !== 'SUBMITTED' && lastStatus !== 'IN_PROGRESS' && lastStatus !== 'STOP_REQUESTED') {
        throw new ConnectorError('INVALID_RESULT_FORMAT', `Comprehend ${kind.name} job ${jobId}: the answer holds ${lastStatus ? `an unknown job status (${String(lastStatus).slice(0, 40)})` : 'no job status'}`);
      }
      return undefined;
    }, {
      intervalMs: settings.pollIntervalMs,
      timeoutMs: settings.timeoutMs,
      ctx,
      timedOut: () => new ConnectorError('CLIENT_EXECUTION_TIMEOUT', `Comprehend ${kind.name} job ${jobId} was still ${lastStatus ?? 'running'} after action.timeout; it keeps running`, {
        type: 'ComprehendPollingTimeout', variables: { comprehendJobId: jobId },
      }),
    });

    const output = parseS3Uri(outputUri);
    const lines = await readOutput(s3, output.bucket, output.key);
    const documents: JobAnswer['documents'] = [];
    for (const line of lines) {
      const index = input.partOf(String(line.File ?? '').split('/').pop() ?? '', line.Line);
      if (index === undefined) throw new ConnectorError('INVALID_RESULT_FORMAT', `Comprehend's output names a document that was not sent: ${String(line.File)} ${line.Line === undefined ? '' : `line ${String(line.Line)}`}`.trim());
      if (line.ErrorCode || line.ErrorMessage) {
        throw new ConnectorError('UNPROCESSABLE_ENTITY', `Comprehend could not analyse ${String(line.File)}: ${String(line.ErrorCode ?? '')} ${String(line.ErrorMessage ?? '')}`.trim(), { type: 'ComprehendDocumentError' });
      }
      documents.push({ part: parts[index]!, line });
    }
    if (documents.length !== parts.length) {
      throw new ConnectorError('INVALID_RESULT_FORMAT', `Comprehend's ${kind.name} output has ${documents.length} results for ${parts.length} documents`);
    }
    documents.sort((a, b) => a.part.offset - b.part.offset);
    return { documents, method: kind.startOperation, pieces: parts.length, jobId };
  } finally {
    if (!jobRunning) await removeAll(s3, bucket, `${prefix}/`, ctx);
  }
}

function parseS3Uri(uri: string): { bucket: string; key: string } {
  const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  if (!m) throw new ConnectorError('INVALID_RESULT_FORMAT', `Comprehend answered an output location that is not an S3 URI: ${uri}`);
  return { bucket: m[1]!, key: m[2]! };
}

/**
 * The output's JSON lines, one per document: from output.tar.gz (one file of lines), or, when the location is
 * a folder (PII jobs), from its `<input file>.out` files.
 */
async function readOutput(s3: S3Client, bucket: string, key: string): Promise<Record<string, unknown>[]> {
  if (key.endsWith('.tar.gz')) return jsonLines(await untarGz(s3, bucket, key), key);
  const prefix = key.endsWith('/') ? key : `${key}/`;
  const keys = (await listKeys(s3, bucket, prefix)).filter((k) => k.endsWith('.out'));
  if (keys.length === 0) throw new ConnectorError('INVALID_RESULT_FORMAT', `Comprehend's output s3://${bucket}/${prefix} holds no .out file`);
  const lines: Record<string, unknown>[] = [];
  for (const k of keys) {
    const object = await callAws(`Reading Comprehend's output s3://${bucket}/${k}`, () => s3.send(new GetObjectCommand({ Bucket: bucket, Key: k })));
    lines.push(...jsonLines([await object.Body!.transformToString('utf8')], k));
  }
  return lines;
}

/** output.tar.gz holds one file of JSON lines. */
async function untarGz(s3: S3Client, bucket: string, key: string): Promise<string[]> {
  const object = await callAws(`Reading Comprehend's output s3://${bucket}/${key}`, () => s3.send(new GetObjectCommand({ Bucket: bucket, Key: key })));
  const files: string[] = [];
  const untar = extract();
  untar.on('entry', (header, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c) => chunks.push(c as Buffer));
    stream.on('end', () => {
      if (header.type === 'file') files.push(Buffer.concat(chunks).toString('utf8'));
      next();
    });
    stream.resume();
  });
  try {
    await pipeline(object.Body as Readable, createGunzip(), untar);
  } catch (e) {
    throw new ConnectorError('INVALID_RESULT_FORMAT', `Comprehend's output s3://${bucket}/${key} is not a gzip'ed tar: ${(e as Error).message}`);
  }
  if (files.length === 0) throw new ConnectorError('INVALID_RESULT_FORMAT', `Comprehend's output s3://${bucket}/${key} holds no file`);
  return files;
}

function jsonLines(files: string[], where: string): Record<string, unknown>[] {
  return files.flatMap((f) => f.split('\n')).filter((l) => l.trim()).map((l) => {
    try {
      return JSON.parse(l) as Record<string, unknown>;
    } catch {
      throw new ConnectorError('INVALID_RESULT_FORMAT', `Comprehend's output ${where} has a line that is not JSON: ${l.slice(0, 100)}`);
    }
  });
}

async function listKeys(s3: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await callAws(`Listing s3://${bucket}/${prefix}`, () => s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token })));
    keys.push(...(page.Contents ?? []).map((o) => o.Key ?? '').filter((k) => k && !k.endsWith('/')));
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys;
}

async function removeAll(s3: S3Client, bucket: string, prefix: string, ctx: JobContext): Promise<void> {
  const keys = await listKeys(s3, bucket, prefix).catch((e: unknown) => {
    ctx.log.warn({ err: e, prefix }, 'could not list the Comprehend job files to remove');
    return [];
  });
  for (const key of keys) {
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key })).catch((e) => ctx.log.warn({ err: e, key }, 'could not remove a Comprehend job file'));
  }
}
