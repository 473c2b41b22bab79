/**
 * Documents as the AI services receive them: inline bytes (base64 in JSON) or an S3 object read from
 * the S3 emulator (AWS_AI_S3_ENDPOINT, path-style, dummy credentials), plus format detection from the
 * magic bytes. Shared by every service of the stand-in.
 */
import { createHash } from 'node:crypto';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { AwsError } from './protocol';

export type DocumentFormat = 'PNG' | 'JPEG' | 'PDF' | 'TIFF';

export function sniffFormat(b: Buffer): DocumentFormat | undefined {
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'PNG';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'JPEG';
  if (b.length >= 5 && b.subarray(0, 5).toString('latin1') === '%PDF-') return 'PDF';
  if (b.length >= 4) {
    const head = b.subarray(0, 4).toString('latin1');
    if (head === 'II*\u0000' || head === 'MM\u0000*') return 'TIFF';
  }
  return undefined;
}

/**
 * A PDF's page count from its page objects (`/Type /Page`); undefined when none can be seen (pages inside
 * compressed object streams), so such a PDF is taken as it comes.
 */
export function pdfPageCount(b: Buffer): number | undefined {
  const pages = b.toString('latin1').match(/\/Type\s*\/Page(?![A-Za-z])/g)?.length ?? 0;
  return pages > 0 ? pages : undefined;
}

/** A TIFF's page count: the images in its chain of directories (IFDs); undefined when the header is cut short. */
export function tiffPageCount(b: Buffer): number | undefined {
  if (b.length < 8) return undefined;
  const le = b[0] === 0x49;
  const u16 = (o: number) => (le ? b.readUInt16LE(o) : b.readUInt16BE(o));
  const u32 = (o: number) => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));
  const seen = new Set<number>();
  let pages = 0;
  for (let ifd = u32(4); ifd !== 0 && ifd + 2 <= b.length && !seen.has(ifd); ) {
    seen.add(ifd);
    pages += 1;
    const next = ifd + 2 + u16(ifd) * 12;
    if (next + 4 > b.length) break;
    ifd = u32(next);
  }
  return pages > 0 ? pages : undefined;
}

/** The pages of a PDF or TIFF as far as they can be counted (images are one page). */
export function pageCount(doc: { bytes: Buffer; format: DocumentFormat | undefined }): number | undefined {
  if (doc.format === 'PDF') return pdfPageCount(doc.bytes);
  if (doc.format === 'TIFF') return tiffPageCount(doc.bytes);
  return 1;
}

export function sha256(b: Buffer): string {
  return createHash('sha256').update(b).digest('hex');
}

export interface S3Location {
  bucket: string;
  key: string;
  version?: string | undefined;
}

/** A document with where it came from. */
export interface LoadedDocument {
  bytes: Buffer;
  sha256: string;
  format: DocumentFormat | undefined;
  s3?: S3Location | undefined;
}

export class TooLargeError extends Error {}

export class S3Documents {
  private readonly client: S3Client;

  constructor(readonly endpoint: string) {
    this.client = new S3Client({
      endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 2,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  /**
   * Reads an object; a missing bucket, key or version is InvalidS3ObjectException (AWS's wording),
   * an object over `maxBytes` throws TooLargeError (the caller picks the service's exception).
   */
  async get(loc: S3Location, maxBytes: number): Promise<Buffer> {
    let out;
    try {
      out = await this.client.send(new GetObjectCommand({ Bucket: loc.bucket, Key: loc.key, VersionId: loc.version }));
    } catch (e) {
      const err = e as Error & { $metadata?: { httpStatusCode?: number } };
      if (err.$metadata?.httpStatusCode !== undefined) {
        throw new AwsError(
          'InvalidS3ObjectException',
          `Unable to get object metadata from S3. Check object key, region and/or access permissions. (${err.name})`,
        );
      }
      throw new AwsError('InternalServerError', `stand-in could not reach the S3 emulator at ${this.endpoint}: ${err.message}`);
    }
    if (out.ContentLength !== undefined && out.ContentLength > maxBytes) {
      (out.Body as { destroy?: () => void } | undefined)?.destroy?.();
      throw new TooLargeError(`object is ${out.ContentLength} bytes`);
    }
    const bytes = Buffer.from((await out.Body?.transformToByteArray()) ?? new Uint8Array());
    if (bytes.length > maxBytes) throw new TooLargeError(`object is ${bytes.length} bytes`);
    return bytes;
  }

  async put(bucket: string, key: string, body: string | Buffer, contentType = 'application/json'): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }));
  }

  /** Every object key under `prefix` (all pages), in S3's order; a missing bucket throws the S3 error. */
  async list(bucket: string, prefix: string): Promise<{ key: string; size: number }[]> {
    const out: { key: string; size: number }[] = [];
    let ContinuationToken: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix || undefined, ContinuationToken }));
      for (const o of page.Contents ?? []) if (o.Key !== undefined) out.push({ key: o.Key, size: o.Size ?? 0 });
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);
    return out;
  }

  destroy(): void {
    this.client.destroy();
  }
}
