/**
 * A small Alfresco Content Services stand-in: the public REST API's node content, enough for a worker
 * to read a file by nodeId. node:http only; nodes live in memory.
 *
 *   GET    /alfresco/api/-default-/public/alfresco/versions/1/nodes/{nodeId}/content
 *            200, the bytes (streamed), content-type = the node's mime type, content-length,
 *            content-disposition: attachment; filename="<name>"   (HEAD: the same headers, no body)
 *   GET    /alfresco/api/-default-/public/alfresco/versions/1/nodes/{nodeId}
 *            200 {"entry": {"id", "name", "nodeType": "cm:content", "isFile": true, "content": {...}, ...}}
 *   Both need Basic auth (the user and password given at start, default admin/admin): without it or
 *   with wrong credentials 401, an unknown node 404, with ACS's error JSON
 *   {"error": {"errorKey", "statusCode", "briefSummary", "stackTrace", "descriptionURL"}}; the
 *   briefSummary starts with a log number as ACS's does ("05210059 Authentication failed ...").
 *
 *   PUT    /_control/nodes/{nodeId}?name=<file name>   add or replace a node: body = the bytes,
 *            content-type header = the mime type; 201 (200 when replaced) with the node's entry
 *   DELETE /_control/nodes                              forget every node
 *   GET    /_control/health                             {"status": "ok"}
 *
 * In-process: `startAlfrescoContent({ port: 0 })` -> { url, addNode(id, {name, mimeType, bytes}), close }.
 * Script: node_modules/.bin/tsx test/fakes/alfresco-content.ts
 *   Env: ALFRESCO_PORT (4571), ALFRESCO_HOST (127.0.0.1), ALFRESCO_USER (admin), ALFRESCO_PASSWORD (admin).
 */
import * as http from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BodyTooLargeError, closeOnSignals, readBody, sendJson } from './serve';

export const NODES_PATH = '/alfresco/api/-default-/public/alfresco/versions/1/nodes/';
const MAX_CONTENT = 64 * 1024 * 1024;
const CHUNK = 64 * 1024;

export interface NodeContent {
  name: string;
  mimeType: string;
  bytes: Buffer;
}

interface StoredNode extends NodeContent {
  id: string;
  createdAt: string;
  modifiedAt: string;
}

export interface AlfrescoContentOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  user?: string;
  password?: string;
}

export interface AlfrescoContent {
  server: http.Server;
  /** Base URL, e.g. http://127.0.0.1:4571 (the API is under /alfresco/api/...). */
  url: string;
  addNode(id: string, content: NodeContent): unknown;
  close(): Promise<void>;
}

const MIME_TYPE_NAMES: Record<string, string> = {
  'image/png': 'PNG Image',
  'image/jpeg': 'JPEG Image',
  'image/gif': 'GIF Image',
  'image/tiff': 'TIFF Image',
  'application/pdf': 'Adobe PDF Document',
  'text/plain': 'Plain Text',
  'application/octet-stream': 'Binary File (Octet Stream)',
};

/** ACS writes dates as 2024-05-21T10:00:00.000+0000. */
const acsDate = (d = new Date()): string => d.toISOString().replace('Z', '+0000');

let logCounter = 0;
/** ACS prefixes briefSummary with a log number: month, day and a counter ("05210059"). */
function logNumber(): string {
  const d = new Date();
  logCounter = (logCounter + 1) % 10_000;
  return `${String(d.getMonth() + 1).padStart(2, '0')}${String(d.getDate()).padStart(2, '0')}${String(logCounter).padStart(4, '0')}`;
}

function sendAcsError(res: http.ServerResponse, statusCode: number, errorKey: string, summary: string): void {
  sendJson(res, statusCode, {
    error: {
      errorKey,
      statusCode,
      briefSummary: `${logNumber()} ${summary}`,
      stackTrace: 'For security reasons the stack trace is no longer displayed, but the property is kept for previous versions',
      descriptionURL: 'https://api-explorer.alfresco.com',
    },
  });
}

function entry(node: StoredNode, user: string): unknown {
  const who = { id: user, displayName: user === 'admin' ? 'Administrator' : user };
  return {
    entry: {
      id: node.id,
      name: node.name,
      nodeType: 'cm:content',
      isFile: true,
      isFolder: false,
      createdAt: node.createdAt,
      modifiedAt: node.modifiedAt,
      createdByUser: who,
      modifiedByUser: who,
      content: {
        mimeType: node.mimeType,
        mimeTypeName: MIME_TYPE_NAMES[node.mimeType] ?? node.mimeType,
        sizeInBytes: node.bytes.length,
        encoding: 'UTF-8',
      },
    },
  };
}

/** `attachment; filename="<name>"`, with an RFC 5987 `filename*` when the name is not plain ASCII. */
function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return ascii === name ? `attachment; filename="${name}"` : `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

function* chunks(bytes: Buffer): Generator<Buffer> {
  for (let i = 0; i < bytes.length; i += CHUNK) yield bytes.subarray(i, i + CHUNK);
}

export function startAlfrescoContent(opts: AlfrescoContentOptions = {}): Promise<AlfrescoContent> {
  const host = opts.host ?? '127.0.0.1';
  const user = opts.user ?? 'admin';
  const password = opts.password ?? 'admin';
  const expectedAuth = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  const nodes = new Map<string, StoredNode>();

  const addNode = (id: string, content: NodeContent): unknown => {
    if (!id || id.includes('/')) throw new Error(`invalid node id "${id}"`);
    const now = acsDate();
    const existing = nodes.get(id);
    const node: StoredNode = { id, name: content.name, mimeType: content.mimeType, bytes: content.bytes, createdAt: existing?.createdAt ?? now, modifiedAt: now };
    nodes.set(id, node);
    return entry(node, user);
  };

  const handleControl = async (req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> => {
    const p = url.pathname.replace(/\/+$/, '');
    if (req.method === 'GET' && p === '/_control/health') return sendJson(res, 200, { status: 'ok' });
    if (req.method === 'DELETE' && p === '/_control/nodes') {
      const cleared = nodes.size;
      nodes.clear();
      return sendJson(res, 200, { cleared });
    }
    const m = /^\/_control\/nodes\/([^/]+)$/.exec(p);
    if (req.method === 'PUT' && m) {
      let bytes: Buffer;
      try {
        bytes = await readBody(req, MAX_CONTENT);
      } catch (e) {
        if (e instanceof BodyTooLargeError) return sendJson(res, 413, { error: `content over ${MAX_CONTENT} bytes` });
        throw e;
      }
      const id = decodeURIComponent(m[1]!);
      const mimeType = String(req.headers['content-type'] ?? 'application/octet-stream').split(';')[0]!.trim() || 'application/octet-stream';
      const existed = nodes.has(id);
      return sendJson(res, existed ? 200 : 201, addNode(id, { name: url.searchParams.get('name') || id, mimeType, bytes }));
    }
    req.resume();
    return sendJson(res, 404, { error: `no control route ${req.method ?? '?'} ${p}` });
  };

  const handleApi = async (req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> => {
    req.resume();
    if (req.headers.authorization !== expectedAuth) {
      return sendAcsError(res, 401, 'framework.exception.ApiDefault', 'Authentication failed for Web Script org/alfresco/api/ResourceWebScript.get');
    }
    const m = /^([^/]+)(\/content)?\/?$/.exec(url.pathname.slice(NODES_PATH.length));
    if (!m) return sendAcsError(res, 404, 'framework.exception.ApiDefault', `Unable to locate resource for ${url.pathname}`);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return sendAcsError(res, 405, 'framework.exception.UnsupportedResourceOperation', `The operation is unsupported: ${req.method ?? '?'}`);
    }
    const id = decodeURIComponent(m[1]!);
    const node = nodes.get(id);
    if (!node) return sendAcsError(res, 404, 'framework.exception.EntityNotFound', `The entity with id: ${id} was not found`);
    if (!m[2]) return sendJson(res, 200, entry(node, user));
    res.writeHead(200, {
      'content-type': node.mimeType,
      'content-length': node.bytes.length,
      'content-disposition': contentDisposition(node.name),
      'last-modified': new Date(node.modifiedAt.replace('+0000', 'Z')).toUTCString(),
    });
    if (req.method === 'HEAD') return void res.end();
    await pipeline(Readable.from(chunks(node.bytes)), res);
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    let work: Promise<void>;
    if (url.pathname.startsWith('/_control/')) work = handleControl(req, res, url);
    else if (url.pathname.startsWith(NODES_PATH)) work = handleApi(req, res, url);
    else {
      req.resume();
      work = Promise.resolve(sendAcsError(res, 404, 'framework.exception.ApiDefault', `Unable to locate resource for ${url.pathname}`));
    }
    work.catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: (err as Error).message });
      else res.destroy();
    });
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 4571, host, () => {
      server.off('error', reject);
      const addr = server.address();
      const url = `http://${host}:${typeof addr === 'object' && addr ? addr.port : (opts.port ?? 4571)}`;
      resolve({
        server,
        url,
        addNode,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeIdleConnections();
            setTimeout(() => server.closeAllConnections(), 2000).unref();
          }),
      });
    });
  });
}

function isMain(): boolean {
  return /alfresco-content(\.ts|\.js)?$/.test(process.argv[1] ?? '');
}

if (isMain()) {
  startAlfrescoContent({
    port: Number(process.env.ALFRESCO_PORT ?? 4571),
    host: process.env.ALFRESCO_HOST ?? '127.0.0.1',
    user: process.env.ALFRESCO_USER ?? 'admin',
    password: process.env.ALFRESCO_PASSWORD ?? 'admin',
  })
    .then((acs) => {
      console.log(`Alfresco content stand-in listening on ${acs.url} (control: ${acs.url}/_control)`);
      closeOnSignals('Alfresco content stand-in', () => acs.close());
    })
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
}
