// Camunda's document store, kept as files: the content streams to disk (never whole in memory) with its
// SHA-256 as the content hash; the reference and metadata are rows of the store, so they survive a restart.
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { EngineError, type DocumentMetadata, type DocumentReference, type StoredDocument } from './api';
import type { DocumentRow } from './rows';
import type { Store } from './store';

export const STORE_ID = 'local';
const ID_PATTERN = /^[A-Za-z0-9._-]{1,200}$/;

export class DocumentFiles {
  constructor(
    private readonly store: Store,
    private readonly dir: string,
  ) {
    fs.mkdirSync(dir, { recursive: true });
  }

  async create(content: NodeJS.ReadableStream, metadata: DocumentMetadata, documentId: string = randomUUID()): Promise<DocumentReference> {
    if (!ID_PATTERN.test(documentId) || documentId === '.' || documentId === '..') {
      throw new EngineError('INVALID_ARGUMENT', `The document id '${documentId}' is not valid: use letters, digits, '.', '_' and '-'`);
    }
    if (this.store.get<DocumentRow>('documents', documentId)) throw new EngineError('FAILED_PRECONDITION', `A document with id '${documentId}' already exists`);
    const file = path.join(this.dir, documentId);
    const hash = createHash('sha256');
    let size = 0;
    const measure = new Transform({
      transform(chunk: Buffer, _enc, done) {
        hash.update(chunk);
        size += chunk.length;
        done(null, chunk);
      },
    });
    try {
      await pipeline(content, measure, fs.createWriteStream(file));
    } catch (e) {
      fs.rmSync(file, { force: true });
      throw e;
    }
    const expiresAtMs = metadata.expiresAt ? Date.parse(metadata.expiresAt) : undefined;
    const reference: DocumentReference = {
      'camunda.document.type': 'camunda',
      storeId: STORE_ID,
      documentId,
      contentHash: hash.digest('hex'),
      metadata: { ...metadata, size },
    };
    this.store.put<DocumentRow>('documents', documentId, { reference, file, expiresAtMs: Number.isNaN(expiresAtMs) ? undefined : expiresAtMs });
    this.store.commit();
    return reference;
  }

  get(documentId: string): StoredDocument {
    const row = this.store.get<DocumentRow>('documents', documentId);
    if (!row || (row.expiresAtMs !== undefined && row.expiresAtMs < Date.now())) {
      throw new EngineError('NOT_FOUND', `Document with id '${documentId}' not found`);
    }
    return { reference: row.reference, path: row.file };
  }

  delete(documentId: string): void {
    const row = this.store.get<DocumentRow>('documents', documentId);
    if (!row) throw new EngineError('NOT_FOUND', `Document with id '${documentId}' not found`);
    fs.rmSync(row.file, { force: true });
    this.store.remove('documents', documentId);
    this.store.commit();
  }
}
