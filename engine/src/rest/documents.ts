// Documents: upload (multipart `metadata` + `file`), download and delete. Content is streamed both ways,
// never held whole in memory.

import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type { IncomingMessage } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { EngineError, type DocumentMetadata, type DocumentReference, type EngineApi } from '../api';
import { HttpError, isObject, sendJson, sendNoContent, type Route } from './http';
import { multipart } from './multipart';

export function documentRoutes(engine: EngineApi): Route[] {
  return [
    {
      method: 'POST',
      path: '/v2/documents',
      async handle({ req, res, url }) {
        const reference = await receiveDocument(engine, req, url.searchParams.get('documentId') || undefined);
        sendJson(res, 201, reference);
      },
    },
    {
      method: 'GET',
      path: '/v2/documents/:documentId',
      async handle({ res, url, params }) {
        const stored = engine.getDocument(params.documentId);
        const contentHash = url.searchParams.get('contentHash');
        if (contentHash && contentHash !== stored.reference.contentHash) {
          throw new EngineError('INVALID_ARGUMENT', `The given contentHash does not match the document '${params.documentId}'.`);
        }
        const { size } = await fs.promises.stat(stored.path);
        const { contentType, fileName } = stored.reference.metadata;
        res.writeHead(200, {
          'content-type': contentType || 'application/octet-stream',
          'content-length': size,
          ...(fileName ? { 'content-disposition': contentDisposition(fileName) } : {}),
        });
        await pipeline(fs.createReadStream(stored.path), res);
      },
    },
    {
      method: 'DELETE',
      path: '/v2/documents/:documentId',
      handle({ res, params }) {
        engine.deleteDocument(params.documentId);
        sendNoContent(res);
      },
    },
  ];
}

/** An ASCII file name for old clients and the exact one, percent-encoded, for RFC 6266 clients. */
function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/**
 * Reads the upload and hands the file part to the engine as a stream. The metadata part usually comes
 * first (so the file streams straight through); when the file comes first, as the SDK sends it, the file
 * is spooled to a temporary file until the metadata is known.
 */
function receiveDocument(engine: EngineApi, req: IncomingMessage, documentId: string | undefined): Promise<DocumentReference> {
  return new Promise((resolve, reject) => {
    const parser = multipart(req);
    let metadata: DocumentMetadata | undefined;
    let partHeaders: DocumentMetadata = {};
    let created: Promise<DocumentReference> | undefined;
    let spooled: Promise<string> | undefined;
    let file: Readable | undefined;
    let failed = false;

    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      reject(error);
      file?.resume();
      req.unpipe(parser);
      req.resume();
    };

    parser.on('field', (field, value) => {
      if (field !== 'metadata') return;
      try {
        const parsed: unknown = JSON.parse(value);
        if (!isObject(parsed)) throw new Error('not a JSON object');
        metadata = parsed as DocumentMetadata;
      } catch (e) {
        fail(new EngineError('INVALID_ARGUMENT', `The metadata part is not a valid JSON object: ${(e as Error).message}`));
      }
    });

    parser.on('file', (field, stream, info) => {
      if (field !== 'file' || file || failed) {
        stream.resume();
        return;
      }
      file = stream;
      partHeaders = { contentType: info.mimeType, ...(info.filename ? { fileName: path.basename(info.filename) } : {}) };
      if (metadata) {
        created = engine.createDocument(stream, { ...partHeaders, ...metadata }, documentId);
        // If the engine refuses before reading, the rest of the upload must still be drained.
        created.catch((e) => fail(e));
      } else {
        spooled = spool(stream);
        spooled.catch((e) => fail(e));
      }
    });

    parser.on('error', (e) => {
      file?.destroy(e as Error);
      fail(new HttpError(400, 'INVALID_ARGUMENT', `Malformed multipart request: ${(e as Error).message}`));
    });

    parser.on('close', () => {
      if (failed) return;
      if (!file) {
        fail(new EngineError('INVALID_ARGUMENT', 'No file given. Expected the document in the form field `file`.'));
        return;
      }
      if (created) {
        created.then(resolve, fail);
        return;
      }
      spooled!
        .then(async (tempPath) => {
          try {
            return await engine.createDocument(fs.createReadStream(tempPath), { ...partHeaders, ...metadata }, documentId);
          } finally {
            await fs.promises.rm(tempPath, { force: true });
          }
        })
        .then(resolve, fail);
    });

    req.pipe(parser);
  });
}

async function spool(stream: Readable): Promise<string> {
  const tempPath = path.join(os.tmpdir(), `engine-upload-${randomUUID()}`);
  try {
    await pipeline(stream, fs.createWriteStream(tempPath));
    return tempPath;
  } catch (e) {
    await fs.promises.rm(tempPath, { force: true });
    throw e;
  }
}
