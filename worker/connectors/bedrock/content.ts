import type { ContentBlock, DocumentFormat, ImageFormat } from '@aws-sdk/client-bedrock-runtime';
import mime from 'mime-types';
import { ConnectorError } from '../../runtime/errors';
import { isPlainObject } from '../../runtime/expressions';
import { readAtMost } from '../../runtime/byte-cap';
import type { ConnectorDeps } from '../deps';
import { openAnyDocument } from '../document-input';

/** Converse's attachment quotas per request (Bedrock's ContentBlock reference). */
export const MAX_IMAGES = 20;
export const MAX_IMAGE_BYTES = 3.75 * 1024 * 1024;
export const MAX_DOCUMENTS = 5;
export const MAX_DOCUMENT_BYTES = 4.5 * 1024 * 1024;

const IMAGE_FORMATS: readonly string[] = ['png', 'jpeg', 'gif', 'webp'];
const DOCUMENT_FORMATS: readonly string[] = ['pdf', 'csv', 'doc', 'docx', 'xls', 'xlsx', 'html', 'txt', 'md'];
const ALIASES: Record<string, string> = { jpg: 'jpeg', jpe: 'jpeg', htm: 'html', markdown: 'md', text: 'txt' };

/**
 * Turns documents given in any form the connectors take into Converse image and document blocks, counting
 * them against the request's quotas. A document's name is made to fit Bedrock's rule (letters, digits, single
 * spaces, hyphens, parentheses, square brackets) and unique in the request.
 */
export class Attachments {
  private images = 0;
  private documents = 0;
  private readonly names = new Set<string>();

  constructor(private readonly deps: ConnectorDeps, private readonly awsInput: object) {}

  /** `kind` is the block the document was given in (`document` or `image`), or undefined to decide by format. */
  async block(value: unknown, path: string, kind?: 'document' | 'image'): Promise<ContentBlock> {
    const opened = await openAnyDocument(value, this.deps, path, this.awsInput);
    const fileName = opened.fileName ?? (isPlainObject(value) && typeof value.name === 'string' ? value.name : undefined);
    const format = formatOf(fileName, opened.contentType);
    const isImage = kind === 'image' || (kind === undefined && format !== undefined && IMAGE_FORMATS.includes(format));
    if (isImage) {
      if (format === undefined || !IMAGE_FORMATS.includes(format)) {
        opened.stream.destroy();
        throw new ConnectorError('INVALID_INPUT', `${path}: Bedrock takes png, jpeg, gif or webp images, not ${format ?? opened.contentType ?? 'an unknown format'}`, { path });
      }
      if (++this.images > MAX_IMAGES) {
        opened.stream.destroy();
        throw new ConnectorError('INVALID_INPUT', `${path}: more than ${MAX_IMAGES} images in one Converse request`, { path });
      }
      const bytes = await readAtMost(opened.stream, MAX_IMAGE_BYTES, () => new ConnectorError('REQUEST_TOO_LARGE', `${path}: an image over ${MAX_IMAGE_BYTES} bytes (3.75 MB), Converse's limit`, { path }));
      return { image: { format: format as ImageFormat, source: { bytes } } };
    }
    if (format === undefined || !DOCUMENT_FORMATS.includes(format)) {
      opened.stream.destroy();
      throw new ConnectorError('INVALID_INPUT', `${path}: Bedrock takes ${DOCUMENT_FORMATS.join(', ')} documents and ${IMAGE_FORMATS.join(', ')} images, not ${format ?? opened.contentType ?? 'a file without a known type'}`, { path });
    }
    if (++this.documents > MAX_DOCUMENTS) {
      opened.stream.destroy();
      throw new ConnectorError('INVALID_INPUT', `${path}: more than ${MAX_DOCUMENTS} documents in one Converse request`, { path });
    }
    const bytes = await readAtMost(opened.stream, MAX_DOCUMENT_BYTES, () => new ConnectorError('REQUEST_TOO_LARGE', `${path}: a document over ${MAX_DOCUMENT_BYTES} bytes (4.5 MB), Converse's limit`, { path }));
    return { document: { format: format as DocumentFormat, name: this.uniqueName(fileName), source: { bytes } } };
  }

  /** A block given in Bedrock's own form (`{format, source}`): counted and its inline bytes measured as the others. */
  native(kind: 'document' | 'image' | 'video', value: { source: Record<string, unknown> }, path: string): void {
    if (kind === 'video') return;
    const [max, bytes] = kind === 'image' ? [MAX_IMAGES, MAX_IMAGE_BYTES] : [MAX_DOCUMENTS, MAX_DOCUMENT_BYTES];
    const count = kind === 'image' ? ++this.images : ++this.documents;
    if (count > max) throw new ConnectorError('INVALID_INPUT', `${path}: more than ${max} ${kind}s in one Converse request`, { path });
    const inline = value.source.bytes;
    const size = typeof inline === 'string' ? Math.floor((inline.length * 3) / 4) : 0;
    if (size > bytes) throw new ConnectorError('REQUEST_TOO_LARGE', `${path}: ${kind === 'image' ? 'an image' : 'a document'} over ${bytes} bytes, Converse's limit`, { path });
  }

  private uniqueName(fileName: string | undefined): string {
    const base = documentName(fileName);
    let name = base;
    for (let i = 2; this.names.has(name); i++) name = `${base.slice(0, 190)} (${i})`;
    this.names.add(name);
    return name;
  }
}

/** The format Bedrock names: the file's extension (lower case, jpg as jpeg), else the content type's. */
export function formatOf(fileName: string | undefined, contentType: string | undefined): string | undefined {
  const extension = /\.([A-Za-z0-9]{1,10})$/.exec(fileName ?? '')?.[1]?.toLowerCase();
  const fromName = extension === undefined ? undefined : (ALIASES[extension] ?? extension);
  if (fromName && (IMAGE_FORMATS.includes(fromName) || DOCUMENT_FORMATS.includes(fromName))) return fromName;
  const fromType = contentType ? mime.extension(contentType.split(';')[0]!.trim().toLowerCase()) || undefined : undefined;
  return fromType === undefined ? fromName : (ALIASES[fromType] ?? fromType);
}

/** A file name without its extension, in the characters Bedrock allows in a document name, at most 200 of them. */
export function documentName(fileName: string | undefined): string {
  const stem = (fileName ?? '').replace(/\.[A-Za-z0-9]{1,10}$/, '');
  const cleaned = stem.replace(/[^A-Za-z0-9\-()[\]\s]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 200).trim();
  return cleaned || 'document';
}
