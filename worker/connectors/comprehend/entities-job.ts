import { createGunzip } from 'node:zlib';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DescribeEntitiesDetectionJobCommand, StartEntitiesDetectionJobCommand, type ComprehendClient, type Entity, type LanguageCode } from '@aws-sdk/client-comprehend';
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { extract } from 'tar-stream';
import { callAws } from '../../aws/errors';
import type { JobContext } from '../../runtime/connector';
import { ConnectorError } from '../../runtime/errors';
import { pollUntilDone } from '../../runtime/polling';
import { splitText } from './chunks';
import { shifted, type CallOptions, type EntitiesAnswer } from './entities';

/** An asynchronous entities job reads documents of at most 1 MB each. */
export const JOB_DOCUMENT_MAX_BYTES = 1_000_000;

export interface EntitiesJobSettings {
  bucket: string;
  roleArn: string;
  languageCode: string;
  pollIntervalMs: number;
  timeoutMs: number;
  call?: CallOptions;
}

/**
 * Text beyond what batches allow (seed 000): split into files at sentence boundaries under one S3 prefix,
 * StartEntitiesDetectionJob over them, DescribeEntitiesDetectionJob until it ends, then its output.tar.gz
 * read back and every entity placed in the whole text. The job is started with a ClientRequestToken of the
 * task instance, so a retried Zeebe job (after a timeout or a worker restart) waits for the same job.
 * The files are removed once the job has ended.
 */
export async function entitiesByJob(comprehend: ComprehendClient, s3: S3Client, text: string, settings: EntitiesJobSettings, ctx: JobContext): Promise<EntitiesAnswer> {
  const { bucket } = settings;
  const prefix = `zeebe-aws-connectors/comprehend/${ctx.elementInstanceKey}`;
  const parts = splitText(text, JOB_DOCUMENT_MAX_BYTES);
  const names = parts.map((_p, i) => `part-${String(i + 1).padStart(5, '0')}.txt`);
  const written: string[] = [];
  // While the job runs it reads the files: they stay for a retry of this Zeebe job to wait on.
  let jobRunning = false;
  try {
    for (const [i, part] of parts.entries()) {
      const key = `${prefix}/input/${names[i]}`;
      await callAws(`Staging text to s3://${bucket}/${key}`, () => s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: part.text, ContentType: 'text/plain; charset=utf-8' })));
      written.push(key);
    }
    const started = await callAws('Comprehend StartEntitiesDetectionJob', () => comprehend.send(new StartEntitiesDetectionJobCommand({
      InputDataConfig: { S3Uri: `s3://${bucket}/${prefix}/input/`, InputFormat: 'ONE_DOC_PER_FILE' },
      OutputDataConfig: { S3Uri: `s3://${bucket}/${prefix}/output/` },
      DataAccessRoleArn: settings.roleArn,
      LanguageCode: settings.languageCode as LanguageCode,
      JobName: `zeebe-aws-connectors-${ctx.elementInstanceKey}`,
      ClientRequestToken: `zac-entities-${ctx.elementInstanceKey}`,
    }), settings.call));
    const jobId = started.JobId;
    if (!jobId) throw new ConnectorError('INVALID_RESULT_FORMAT', 'Comprehend started an entities job but answered no job ID');
    jobRunning = true;
    ctx.log.info({ comprehendJobId: jobId, files: parts.length }, 'Comprehend entities job started');

    let lastStatus: string | undefined;
    const outputUri = await pollUntilDone(async () => {
      const { EntitiesDetectionJobProperties: job } = await callAws('Comprehend DescribeEntitiesDetectionJob', () => comprehend.send(new DescribeEntitiesDetectionJobCommand({ JobId: jobId }), settings.call));
      lastStatus = job?.JobStatus;
      if (lastStatus === 'COMPLETED') {
        jobRunning = false;
        const uri = job?.OutputDataConfig?.S3Uri;
        if (!uri) throw new ConnectorError('INVALID_RESULT_FORMAT', `Comprehend entities job ${jobId} completed without an output location`);
        return uri;
      }
      if (lastStatus === 'FAILED' || lastStatus === 'STOPPED') {
        jobRunning = false;
        throw new ConnectorError('UNPROCESSABLE_ENTITY', `Comprehend entities job ${jobId} ${lastStatus}: ${job?.Message ?? 'no reason given'}`, {
          type: 'ComprehendJobFailed', variables: { comprehendJobId: jobId },
        });
      }
      return undefined;
    }, {
      intervalMs: settings.pollIntervalMs,
      timeoutMs: settings.timeoutMs,
      ctx,
      timedOut: () => new ConnectorError('CLIENT_EXECUTION_TIMEOUT', `Comprehend entities job ${jobId} was still ${lastStatus ?? 'running'} after action.timeout; it keeps running`, {
        type: 'ComprehendPollingTimeout', variables: { comprehendJobId: jobId },
      }),
    });

    const output = parseS3Uri(outputUri);
    written.push(output.key);
    const lines = await readOutput(s3, output.bucket, output.key);
    const offsetOf = new Map(names.map((n, i) => [n, parts[i]!.offset]));
    const entities: Entity[] = [];
    for (const line of lines) {
      const offset = offsetOf.get(String(line.File ?? '').split('/').pop() ?? '');
      if (offset === undefined) throw new ConnectorError('INVALID_RESULT_FORMAT', `Comprehend's output names a file that was not sent: ${String(line.File)}`);
      if (line.ErrorCode || line.ErrorMessage) {
        throw new ConnectorError('UNPROCESSABLE_ENTITY', `Comprehend could not analyse ${String(line.File)}: ${String(line.ErrorCode ?? '')} ${String(line.ErrorMessage ?? '')}`.trim(), { type: 'ComprehendDocumentError' });
      }
      entities.push(...((line.Entities ?? []) as Entity[]).map((e) => shifted(e, offset)));
    }
    entities.sort((a, b) => (a.BeginOffset ?? 0) - (b.BeginOffset ?? 0));
    return { Entities: entities, method: 'StartEntitiesDetectionJob', pieces: parts.length, jobId };
  } finally {
    if (!jobRunning) await removeAll(s3, bucket, written, ctx);
  }
}

function parseS3Uri(uri: string): { bucket: string; key: string } {
  const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  if (!m) throw new ConnectorError('INVALID_RESULT_FORMAT', `Comprehend answered an output location that is not an S3 URI: ${uri}`);
  return { bucket: m[1]!, key: m[2]! };
}

/** output.tar.gz holds one file of JSON lines, one per document. */
async function readOutput(s3: S3Client, bucket: string, key: string): Promise<Record<string, unknown>[]> {
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
  return files.flatMap((f) => f.split('\n')).filter((l) => l.trim()).map((l) => {
    try {
      return JSON.parse(l) as Record<string, unknown>;
    } catch {
      throw new ConnectorError('INVALID_RESULT_FORMAT', `Comprehend's output has a line that is not JSON: ${l.slice(0, 100)}`);
    }
  });
}

async function removeAll(s3: S3Client, bucket: string, keys: string[], ctx: JobContext): Promise<void> {
  for (const key of keys) {
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key })).catch((e) => ctx.log.warn({ err: e, key }, 'could not remove a Comprehend job file'));
  }
}
