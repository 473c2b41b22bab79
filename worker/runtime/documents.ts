import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { Readable } from 'node:stream';
import mime from 'mime-types';
import { ConnectorError } from './errors';
import { boundByDeadline, currentDeadline } from './deadline';
import { pathSegment } from './path-segment';
import { fetchUrl, type UrlPolicy } from './url-fetch';
import { isPlainObject } from './expressions';

/** A document's bytes as a stream, with what is known of it. Never held whole in memory. */
export interface OpenedDocument {
  stream: Readable;
  size?: number;
  contentType?: string;
  fileName?: string;
}

/** A document reference as Camunda's connectors exchange it in variables. */
export interface CamundaDocumentReference {
  'camunda.document.type': 'camunda';
  storeId: string;
  documentId: string;
  contentHash?: string;
  metadata: { contentType?: string; fileName?: string; size?: number; [k: string]: unknown };
}

export interface DocumentStore {
  create(doc: OpenedDocument): Promise<CamundaDocumentReference>;
  /** `path` names the input holding the reference, for messages. */
  read(ref: CamundaDocumentReference, path?: string): Promise<OpenedDocument>;
}

/** The Camunda document store, reached through the orchestration cluster's REST API (`/v2/documents`). */
export class CamundaDocumentStore implements DocumentStore {
  constructor(
    private readonly restAddress: string,
    private readonly authHeaders: () => Promise<Record<string, string>> = async () => ({}),
  ) {}

  /** A URL under the REST address, keeping its path (a SaaS cluster's address ends in `/<clusterId>`). */
  private url(relative: string): URL {
    return new URL(relative, this.restAddress.endsWith('/') ? this.restAddress : `${this.restAddress}/`);
  }

  async create(doc: OpenedDocument): Promise<CamundaDocumentReference> {
    const boundary = `----zeebe-aws-connectors-${randomUUID()}`;
    const fileName = doc.fileName ?? randomUUID();
    const contentType = doc.contentType !== undefined && isHeaderSafe(doc.contentType) ? doc.contentType : 'application/octet-stream';
    const metadata = JSON.stringify({ contentType, fileName, ...(doc.size === undefined ? {} : { size: doc.size }) });
    const head =
      `--${boundary}\r\nContent-Disposition: form-data; name="metadata"\r\nContent-Type: application/json\r\n\r\n${metadata}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; ${fileNameParameters(fileName)}\r\n` +
      `Content-Type: ${contentType}\r\n\r\n`;
    const tail = `\r\n--${boundary}--\r\n`;
    const body = Readable.from(
      (async function* () {
        yield Buffer.from(head);
        for await (const chunk of doc.stream) yield chunk as Buffer;
        yield Buffer.from(tail);
      })(),
    );
    const { status, text } = await postStream(this.url('v2/documents'), {
      ...(await this.authHeaders()),
      'content-type': `multipart/form-data; boundary=${boundary}`,
    }, body);
    if (status < 200 || status >= 300) {
      throw new ConnectorError(status >= 500 ? 'SERVICE_UNAVAILABLE' : status === 413 ? 'REQUEST_TOO_LARGE' : 'BAD_REQUEST', `The document store refused the document (HTTP ${status}): ${text.slice(0, 500)}`, {
        type: 'DocumentStoreError',
      });
    }
    return toReference(JSON.parse(text));
  }

  async read(ref: CamundaDocumentReference, path = 'document.documentId'): Promise<OpenedDocument> {
    const url = this.url(`v2/documents/${pathSegment(ref.documentId, path)}`);
    if (ref.storeId) url.searchParams.set('storeId', ref.storeId);
    if (ref.contentHash) url.searchParams.set('contentHash', ref.contentHash);
    const response = await fetch(url, { headers: await this.authHeaders(), signal: currentDeadline()?.signal });
    if (!response.ok || !response.body) {
      const code = response.status === 404 ? 'NOT_FOUND' : response.status >= 500 ? 'SERVICE_UNAVAILABLE' : 'BAD_REQUEST';
      throw new ConnectorError(code, `Camunda document '${ref.documentId}' could not be read (HTTP ${response.status})`, {
        type: 'DocumentStoreError',
      });
    }
    const length = response.headers.get('content-length');
    return {
      stream: boundByDeadline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream)),
      size: ref.metadata?.size ?? (length ? Number(length) : undefined),
      contentType: ref.metadata?.contentType ?? response.headers.get('content-type') ?? undefined,
      fileName: ref.metadata?.fileName,
    };
  }
}

/** POSTs a stream with Node's own backpressure (fetch with a web stream buffers far ahead on Node 20). */
function postStream(url: URL, headers: Record<string, string>, body: Readable): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = (url.protocol === 'https:' ? https : http).request(url, { method: 'POST', headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    request.on('error', (e) => reject(new ConnectorError('SERVICE_UNAVAILABLE', `The document store could not be reached: ${e.message}`, { type: 'DocumentStoreError', cause: e })));
    body.on('error', (e) => request.destroy(e));
    body.pipe(request);
  });
}

/** 8.6 answers `documentType`, later versions `camunda.document.type`: both become the latter. */
export function toReference(raw: Record<string, unknown>): CamundaDocumentReference {
  const { documentType: _legacy, ...rest } = raw;
  return { ...(rest as Omit<CamundaDocumentReference, 'camunda.document.type'>), 'camunda.document.type': 'camunda' };
}

export interface DocumentSources {
  store: DocumentStore;
  urls: UrlPolicy;
}

/**
 * Opens a document given as a variable: a Camunda reference (or a one-element list of one), an
 * `external` URL, `inline` text, or base64 content (`{ base64, name, contentType }`).
 * Returns undefined when the value is none of these, so a connector can try its own sources (S3).
 */
export async function openDocument(value: unknown, sources: DocumentSources, path: string): Promise<OpenedDocument | undefined> {
  const doc = Array.isArray(value) && value.length === 1 ? value[0] : value;
  if (typeof doc === 'string' && doc.trim().startsWith('{')) return openDocument(parseJson(doc, path), sources, path);
  if (!isPlainObject(doc)) return undefined;

  const type = doc['camunda.document.type'] ?? doc.documentType;
  if (type === 'camunda') {
    if (typeof doc.documentId !== 'string') throw new ConnectorError('INVALID_INPUT', `${path}.documentId: is required for a Camunda document`, { path: `${path}.documentId` });
    pathSegment(doc.documentId, `${path}.documentId`);
    return sources.store.read(toReference(doc), `${path}.documentId`);
  }
  if (type === 'external') {
    if (typeof doc.url !== 'string') throw new ConnectorError('MISSING_INPUT', `${path}.url: is required for an external document`, { path: `${path}.url` });
    const response = await fetchUrl(doc.url, sources.urls, `${path}.url`);
    return fromResponse(response, stringOr(doc.name) ?? fileNameOf(doc.url));
  }
  if (type === 'inline') {
    const content = typeof doc.content === 'string' ? doc.content : JSON.stringify(doc.content ?? null);
    return fromBuffer(Buffer.from(content, 'utf8'), stringOr(doc.name) ?? randomUUID(), stringOr(doc.contentType) ?? contentTypeOf(stringOr(doc.name)));
  }
  if (typeof doc.base64 === 'string') {
    if (!isBase64(doc.base64)) throw new ConnectorError('INVALID_INPUT', `${path}.base64: is not valid base64`, { path: `${path}.base64` });
    const name = stringOr(doc.name) ?? stringOr(doc.fileName) ?? randomUUID();
    return fromBuffer(Buffer.from(doc.base64, 'base64'), name, stringOr(doc.contentType) ?? contentTypeOf(name));
  }
  return undefined;
}

/** Base64 (standard alphabet, whitespace anywhere, at most two `=` at the end): one pass, no regular expression. */
export function isBase64(text: string): boolean {
  let padding = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) continue;
    if (c === 0x3d) {
      if (++padding > 2) return false;
      continue;
    }
    if (padding > 0) return false;
    const ok = (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2f;
    if (!ok) return false;
  }
  return true;
}

export function fromBuffer(bytes: Buffer, fileName: string | undefined, contentType: string | undefined): OpenedDocument {
  return { stream: Readable.from([bytes]), size: bytes.length, fileName, contentType };
}

/** A fetched document; without a known file name, the one the server gives in Content-Disposition. */
export function fromResponse(response: IncomingMessage, fileName: string | undefined): OpenedDocument {
  const length = response.headers['content-length'];
  const name = fileName ?? /filename="?([^";]+)"?/.exec(String(response.headers['content-disposition'] ?? ''))?.[1];
  return {
    stream: response,
    size: length ? Number(length) : undefined,
    contentType: response.headers['content-type'] ?? contentTypeOf(name),
    fileName: name,
  };
}

function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ConnectorError('INVALID_INPUT', `${path}: is not a document reference (invalid JSON)`, { path });
  }
}

function stringOr(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function fileNameOf(url: string): string | undefined {
  try {
    const last = new URL(url).pathname.split('/').filter(Boolean).pop();
    return last ? decodeURIComponent(last) : undefined;
  } catch {
    return undefined;
  }
}

/** A content type from a file name's extension, as Camunda's inline documents infer it. */
export function contentTypeOf(fileName: string | undefined): string | undefined {
  return (fileName && mime.lookup(fileName)) || undefined;
}

/**
 * A part's file name parameters: CR, LF, `"` and other control characters percent-escaped as browsers do
 * (HTML's multipart/form-data encoding), so a name cannot end the header and write headers of its own; a
 * name with non-ASCII characters also goes as RFC 5987 `filename*` (UTF-8), with `_` for them in `filename`.
 */
export function fileNameParameters(fileName: string): string {
  let ascii = '';
  let plain = true;
  for (const c of fileName) {
    const code = c.codePointAt(0)!;
    if (code < 0x20 || code === 0x7f || c === '"' || c === '\\') ascii += `%${code.toString(16).toUpperCase().padStart(2, '0')}`;
    else if (code > 0x7e) {
      ascii += '_';
      plain = false;
    } else ascii += c;
  }
  if (plain) return `filename="${ascii}"`;
  const extended = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `filename="${ascii}"; filename*=UTF-8''${extended}`;
}

function isHeaderSafe(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return false;
  }
  return value.length <= 1024;
}
