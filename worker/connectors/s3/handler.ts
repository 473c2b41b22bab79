import path from 'node:path';
import { TextDecoder } from 'node:util';
import { Transform, type Readable } from 'node:stream';
import {
  CopyObjectCommand, DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client, type StorageClass,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { callAws } from '../../aws/errors';
import type { AwsConnectionInput } from '../../aws/clients';
import { boundByDeadline } from '../../runtime/deadline';
import { ConnectorError } from '../../runtime/errors';
import { propertyPath } from '../../runtime/validation';
import { MAX_OUTPUT_BYTES } from '../../runtime/job-processor';
import type { JobContext } from '../../runtime/connector';
import type { CamundaDocumentReference } from '../../runtime/documents';
import type { ConnectorDeps } from '../deps';
import { openAnyDocument } from '../document-input';
import { S3_DEFAULT, type S3Action, type S3Input } from './schema';
import { trimEnd } from '../../runtime/trim-end';
import { readHead } from '../../runtime/read-head';
import { readAtMost } from '../../runtime/byte-cap';
import { checkBucket, checkContentType, checkKey, checkTags, isPrintableAscii } from '../../aws/s3-names';

type ActionOf<T extends S3Action['type']> = Extract<S3Action, { type: T }>;

export interface S3UploadResult { action: 'upload'; bucket: string; key: string; versionId: string | null; eTag: string | null; size: number; contentType: string | null; link: string }
export interface S3DownloadResult {
  action: 'download'; bucket: string; key: string; versionId: string | null; contentType: string | null; size: number | null;
  document?: CamundaDocumentReference; content?: unknown; encoding?: string;
}
export interface S3DeleteResult { action: 'delete'; bucket: string; key: string; versionId: string | null; deleted: true }
export interface S3ListResult {
  action: 'list'; bucket: string; prefix: string | null; keyCount: number; isTruncated: boolean; nextContinuationToken: string | null;
  objects: { key: string; size: number; eTag: string | null; lastModified: string | null; storageClass: string | null }[];
  commonPrefixes: string[];
}
export interface S3CopyResult { action: 'copy'; bucket: string; key: string; sourceBucket: string; sourceKey: string; versionId: string | null; eTag: string | null; link: string }
export interface S3HeadResult {
  action: 'head'; bucket: string; key: string; versionId: string | null; contentType: string | null; size: number | null;
  eTag: string | null; lastModified: string | null; storageClass: string | null; metadata: Record<string, string>;
}
export interface S3PresignResult { action: 'presign'; bucket: string; key: string; method: 'GET' | 'PUT'; url: string; expiresAt: string }

export type S3Result = S3UploadResult | S3DownloadResult | S3DeleteResult | S3ListResult | S3CopyResult | S3HeadResult | S3PresignResult;

/** Multipart parts: 5 MiB (S3's minimum) each, 4 in flight, so any upload holds about 25 MiB at a time. */
const PART_SIZE = 5 * 1024 * 1024;
const QUEUE_SIZE = 2;

export async function runS3(input: S3Input, deps: ConnectorDeps, ctx: JobContext): Promise<S3Result> {
  const target = deps.aws.s3(input as AwsConnectionInput);
  const link = (bucket: string, key: string) => objectLink(bucket, key, target.region, target.endpoint);
  const s3 = target.client;
  const action = input.action;
  checkNames(action);
  switch (action.type) {
    case 'upload': return upload(s3, action, deps, ctx, link, input);
    case 'download': return download(s3, action, ctx);
    case 'delete': return remove(s3, action);
    case 'list': return list(s3, action);
    case 'copy': return copy(s3, action, link);
    case 'head': return head(s3, action);
    case 'presign': return presign(s3, action, input, deps, ctx);
  }
}

async function upload(s3: S3Client, a: ActionOf<'upload'>, deps: ConnectorDeps, ctx: JobContext, link: (b: string, k: string) => string, input: S3Input): Promise<S3UploadResult> {
  checkHeaderMap(a.metadata, 'action.metadata');
  checkContentType(a.contentType, 'action.contentType');
  checkTags(a.tags, 'action.tags');
  const doc = await openAnyDocument(a.document, deps, 'action.document', input);
  const key = a.key ?? doc.fileName;
  if (!key) {
    doc.stream.destroy();
    throw new ConnectorError('MISSING_INPUT', 'action.key: is required when the document has no file name', { path: 'action.key' });
  }
  let contentType: string;
  try {
    checkKey(key, a.key === undefined ? 'action.document' : 'action.key');
    contentType = a.contentType ?? checkContentType(doc.contentType, 'action.document') ?? 'application/octet-stream';
  } catch (error) {
    doc.stream.destroy();
    throw error;
  }
  const params = {
    Bucket: a.bucket,
    Key: key,
    ContentType: contentType,
    Metadata: a.metadata,
    Tagging: a.tags ? new URLSearchParams(Object.entries(a.tags)).toString() : undefined,
    StorageClass: unlessDefault(a.storageClass) as StorageClass | undefined,
    ServerSideEncryption: unlessDefault(a.serverSideEncryption),
    SSEKMSKeyId: a.kmsKeyId,
  };
  const where = `S3 upload to s3://${a.bucket}/${key}`;
  const uploaded = (size: number, result: { VersionId?: string; ETag?: string }): S3UploadResult => {
    ctx.log.debug({ bucket: a.bucket, key, size }, 'uploaded');
    return {
      action: 'upload', bucket: a.bucket, key, size, contentType,
      versionId: result.VersionId ?? null, eTag: result.ETag ?? null, link: link(a.bucket, key),
    };
  };
  // A body within one part goes up with one PutObject; multipart (and its streams) only pays beyond that.
  const head = await readHead(doc.stream, PART_SIZE);
  if (head.whole) {
    const result = await callAws(where, () => s3.send(new PutObjectCommand({ ...params, Body: head.body, ContentLength: head.body.length })));
    return uploaded(head.body.length, result);
  }
  let size = 0;
  const counted = head.stream.pipe(new Transform({ transform(chunk: Buffer, _e, done) { size += chunk.length; done(null, chunk); } }));
  head.stream.on('error', (e) => counted.destroy(e));
  const result = await callAws(where, () => new Upload({
    client: s3,
    partSize: PART_SIZE,
    queueSize: QUEUE_SIZE,
    leavePartsOnError: false,
    params: { ...params, Body: counted },
  }).done());
  return uploaded(size, result);
}

async function download(s3: S3Client, a: ActionOf<'download'>, ctx: JobContext): Promise<S3DownloadResult> {
  const where = `S3 download of s3://${a.bucket}/${a.key}`;
  const object = await callAws(where, () => s3.send(new GetObjectCommand({ Bucket: a.bucket, Key: a.key, VersionId: a.versionId })));
  const body = boundByDeadline(object.Body as Readable);
  const base = {
    action: 'download' as const, bucket: a.bucket, key: a.key, versionId: object.VersionId ?? null,
    contentType: object.ContentType ?? null, size: object.ContentLength ?? null,
  };
  const returnAs = a.returnAs ?? 'document';
  if (returnAs === 'document') {
    const document = await ctx.documents.create({
      stream: body, size: object.ContentLength, contentType: object.ContentType, fileName: path.posix.basename(a.key),
    });
    return { ...base, document };
  }
  // An inline body is refused past the variable limit instead of sending half.
  const bytes = await readAtMost(body, MAX_OUTPUT_BYTES, () => new ConnectorError('REQUEST_TOO_LARGE',
    `${where}: the object is over the 1.5 MB limit for process variables; download it as a document instead`, { path: 'action.returnAs' }));
  const format = returnAs === 'auto' ? formatOf(object.ContentType) : returnAs;
  if (format === 'base64') return { ...base, content: bytes.toString('base64'), encoding: 'base64' };
  const encoding = a.encoding ?? charsetOf(object.ContentType) ?? 'utf-8';
  const text = decode(bytes, encoding);
  if (format === 'text') return { ...base, content: text, encoding };
  try {
    return { ...base, content: JSON.parse(text), encoding };
  } catch (e) {
    throw new ConnectorError('INVALID_RESULT_FORMAT', `${where}: the object is not valid JSON (${(e as Error).message}); download it as text or as a document`, { path: 'action.returnAs' });
  }
}

async function remove(s3: S3Client, a: ActionOf<'delete'>): Promise<S3DeleteResult> {
  const where = `S3 delete of s3://${a.bucket}/${a.key}`;
  const result = await callAws(where, () => s3.send(new DeleteObjectCommand({ Bucket: a.bucket, Key: a.key, VersionId: a.versionId })));
  return { action: 'delete', bucket: a.bucket, key: a.key, versionId: result.VersionId ?? a.versionId ?? null, deleted: true };
}

async function list(s3: S3Client, a: ActionOf<'list'>): Promise<S3ListResult> {
  const where = `S3 list of s3://${a.bucket}/${a.prefix ?? ''}`;
  const r = await callAws(where, () => s3.send(new ListObjectsV2Command({
    Bucket: a.bucket, Prefix: a.prefix, Delimiter: a.delimiter, MaxKeys: a.maxKeys, ContinuationToken: a.continuationToken,
  })));
  return {
    action: 'list', bucket: a.bucket, prefix: a.prefix ?? null, keyCount: r.KeyCount ?? r.Contents?.length ?? 0,
    isTruncated: r.IsTruncated ?? false, nextContinuationToken: r.NextContinuationToken ?? null,
    objects: (r.Contents ?? []).map((o) => ({
      key: o.Key ?? '', size: o.Size ?? 0, eTag: o.ETag ?? null, lastModified: o.LastModified?.toISOString() ?? null, storageClass: o.StorageClass ?? null,
    })),
    commonPrefixes: (r.CommonPrefixes ?? []).map((p) => p.Prefix ?? '').filter(Boolean),
  };
}

async function copy(s3: S3Client, a: ActionOf<'copy'>, link: (b: string, k: string) => string): Promise<S3CopyResult> {
  const where = `S3 copy of s3://${a.sourceBucket}/${a.sourceKey} to s3://${a.bucket}/${a.key}`;
  const source = `${a.sourceBucket}/${a.sourceKey.split('/').map(encodeURIComponent).join('/')}${a.sourceVersionId ? `?versionId=${encodeURIComponent(a.sourceVersionId)}` : ''}`;
  const r = await callAws(where, () => s3.send(new CopyObjectCommand({ Bucket: a.bucket, Key: a.key, CopySource: source })));
  return {
    action: 'copy', bucket: a.bucket, key: a.key, sourceBucket: a.sourceBucket, sourceKey: a.sourceKey,
    versionId: r.VersionId ?? null, eTag: r.CopyObjectResult?.ETag ?? null, link: link(a.bucket, a.key),
  };
}

async function head(s3: S3Client, a: ActionOf<'head'>): Promise<S3HeadResult> {
  const where = `S3 head of s3://${a.bucket}/${a.key}`;
  const r = await callAws(where, () => s3.send(new HeadObjectCommand({ Bucket: a.bucket, Key: a.key, VersionId: a.versionId })));
  return {
    action: 'head', bucket: a.bucket, key: a.key, versionId: r.VersionId ?? null, contentType: r.ContentType ?? null,
    size: r.ContentLength ?? null, eTag: r.ETag ?? null, lastModified: r.LastModified?.toISOString() ?? null,
    storageClass: r.StorageClass ?? null, metadata: r.Metadata ?? {},
  };
}

/**
 * A presigned URL carries the access key ID (and a session token) of the credentials that signed it.
 * When those came from secrets, the URL would either leak them or, masked, be broken: so it is refused
 * unless the operator consents (S3_PRESIGN_WITH_SECRET_CREDENTIALS=true), and then handed out whole.
 */
async function presign(s3: S3Client, a: ActionOf<'presign'>, input: S3Input, deps: ConnectorDeps, ctx: JobContext): Promise<S3PresignResult> {
  const auth = (input as AwsConnectionInput).authentication;
  const carried = [auth?.accessKey, auth?.sessionToken].filter((v): v is string => typeof v === 'string' && v !== '');
  const secret = ctx.secrets ? carried.filter((v) => ctx.secrets!.isSecret(v)) : [];
  if (secret.length > 0) {
    if (!deps.presignWithSecretCredentials) {
      throw new ConnectorError('INVALID_INPUT', 'authentication: a presigned URL carries the access key ID and session token that sign it, and these come from secrets here; ' +
        'use credentials that are not secret (the deployment\'s), or ask the operator to allow it (S3_PRESIGN_WITH_SECRET_CREDENTIALS=true)', { path: 'authentication' });
    }
    for (const v of carried) ctx.secrets?.disclose(v);
  }
  const method = a.method ?? 'GET';
  const expiresIn = a.expiresIn ?? 900;
  const command = method === 'GET' ? new GetObjectCommand({ Bucket: a.bucket, Key: a.key }) : new PutObjectCommand({ Bucket: a.bucket, Key: a.key });
  const url = await callAws(`S3 presign of s3://${a.bucket}/${a.key}`, () => getSignedUrl(s3, command, { expiresIn }));
  return { action: 'presign', bucket: a.bucket, key: a.key, method, url, expiresAt: new Date(Date.now() + expiresIn * 1000).toISOString() };
}

/** Where an object lives: the virtual-hosted AWS URL, or path-style under a custom endpoint. Key URL-encoded. */
export function objectLink(bucket: string, key: string, region: string, endpoint?: string): string {
  const encodedKey = key.split('/').map(encodeURIComponent).join('/');
  if (endpoint) return `${trimEnd(endpoint, '/')}/${encodeURIComponent(bucket)}/${encodedKey}`;
  return `https://${bucket}.s3.${region}.amazonaws.com/${encodedKey}`;
}

/** Every bucket and key an action names, within S3's limits (s3-names.ts). */
/** The template's "S3's default" choice sends nothing, as an input left out does. */
function unlessDefault<T extends string>(choice: T | undefined): Exclude<T, typeof S3_DEFAULT> | undefined {
  return choice === S3_DEFAULT ? undefined : (choice as Exclude<T, typeof S3_DEFAULT> | undefined);
}

function checkNames(action: S3Action): void {
  const named = action as { bucket?: unknown; key?: unknown; sourceBucket?: unknown; sourceKey?: unknown };
  checkBucket(named.bucket, 'action.bucket');
  if (named.key !== undefined) checkKey(named.key, 'action.key');
  if (action.type === 'copy') {
    checkBucket(named.sourceBucket, 'action.sourceBucket');
    checkKey(named.sourceKey, 'action.sourceKey');
  }
}

/**
 * S3 user metadata travels as HTTP headers (x-amz-meta-NAME: value): names must be header tokens and
 * values printable ASCII, or the request cannot be sent.
 */
function checkHeaderMap(map: Record<string, string> | undefined, path: string): void {
  for (const [name, value] of Object.entries(map ?? {})) {
    const at = propertyPath(path, name.slice(0, 100));
    if (!isToken(name)) {
      throw new ConnectorError('INVALID_INPUT', `${at}: this name is not allowed (letters, digits and ! # $ % & ' * + - . ^ _ \` | ~ only; no spaces or accents)`, { path: at });
    }
    if (!isPrintableAscii(value)) {
      throw new ConnectorError('INVALID_INPUT', `${at}: the value must be printable ASCII (no line breaks, control characters or accents)`, { path: at });
    }
  }
}

function isToken(name: string): boolean {
  if (name.length === 0) return false;
  for (let i = 0; i < name.length; i++) {
    const c = name[i];
    const alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum && !"!#$%&'*+-.^_`|~".includes(c)) return false;
  }
  return true;
}

/** The official connector's asFile=false rule, tolerant of `;charset=` and of a missing content type. */
function formatOf(contentType: string | undefined): 'text' | 'json' | 'base64' {
  const base = contentType?.split(';')[0].trim().toLowerCase();
  if (base === 'text/plain') return 'text';
  if (base === 'application/json') return 'json';
  return 'base64';
}

/** `text/plain; charset=ISO-8859-1` -> `iso-8859-1`. */
export function charsetOf(contentType: string | undefined): string | undefined {
  const m = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '');
  return m ? m[1].toLowerCase() : undefined;
}

export function decode(bytes: Buffer, encoding: string): string {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(encoding);
  } catch {
    throw new ConnectorError('INVALID_INPUT', `action.encoding: '${encoding}' is not a known character encoding`, { path: 'action.encoding' });
  }
  return decoder.decode(bytes);
}
