import { ConnectorError } from '../runtime/errors';
import { propertyPath } from '../runtime/validation';

/**
 * S3's own limits on the names a job gives, checked before a request is built: past them the SDK throws
 * (a header it cannot send) or the endpoint answers something no retry mends (431, 400), which would
 * otherwise come back as UNKNOWN_ERROR and be retried. Each failure is INVALID_INPUT with the property path.
 */

/** Bucket names: 3 to 63 characters (S3's rule); upper case and `_` only as old us-east-1 buckets had them. */
const BUCKET = /^[A-Za-z0-9][A-Za-z0-9._-]{1,61}[A-Za-z0-9]$/;
/** An access point or Outposts ARN, which S3 also takes as a bucket. */
const BUCKET_ARN = /^arn:[a-z-]{1,20}:s3[a-z-]{0,20}:[a-z0-9-]{0,30}:\d{0,12}:[A-Za-z0-9._:/-]{1,200}$/;

export const MAX_KEY_BYTES = 1024;

export function checkBucket(bucket: unknown, path: string): string {
  if (typeof bucket !== 'string' || (!BUCKET.test(bucket) && !BUCKET_ARN.test(bucket))) {
    const shown = typeof bucket === 'string' ? `'${bucket.slice(0, 80)}${bucket.length > 80 ? '...' : ''}' (${bucket.length} characters)` : typeof bucket;
    throw new ConnectorError('INVALID_INPUT', `${path}: ${shown} is not an S3 bucket name: 3 to 63 letters, digits, dots and hyphens, starting and ending with a letter or digit (or an access point ARN)`, { path });
  }
  return bucket;
}

export function checkKey(key: unknown, path: string): string {
  if (typeof key !== 'string' || key.length === 0) throw new ConnectorError('INVALID_INPUT', `${path}: an S3 key must be a non-empty text`, { path });
  const bytes = Buffer.byteLength(key, 'utf8');
  if (bytes > MAX_KEY_BYTES) throw new ConnectorError('INVALID_INPUT', `${path}: the key is ${bytes} bytes in UTF-8, over S3's ${MAX_KEY_BYTES}`, { path });
  return key;
}

/** A content type travels as an HTTP header: printable ASCII only (no line breaks, NULs, emoji or accents). */
export function checkContentType(contentType: string | undefined, path: string): string | undefined {
  if (contentType === undefined) return undefined;
  if (contentType.length > 1024 || !isPrintableAscii(contentType)) {
    throw new ConnectorError('INVALID_INPUT', `${path}: the content type must be printable ASCII of at most 1024 characters, such as text/plain; charset=utf-8 (no line breaks, control characters, emoji or accents)`, { path });
  }
  return contentType;
}

/** S3 object tags: at most 10, keys of 1-128 and values of 0-256 letters, digits, spaces and + - = . _ : / @. */
const TAG_TEXT = /^[\p{L}\p{N}\p{Zs}+\-=._:/@]*$/u;

export function checkTags(tags: Record<string, unknown> | undefined, path: string): Record<string, string> | undefined {
  if (tags === undefined) return undefined;
  const entries = Object.entries(tags);
  if (entries.length > 10) throw new ConnectorError('INVALID_INPUT', `${path}: S3 takes at most 10 tags, got ${entries.length}`, { path });
  for (const [key, value] of entries) {
    const at = propertyPath(path, key.slice(0, 128));
    if (key.length < 1 || key.length > 128 || !TAG_TEXT.test(key)) {
      throw new ConnectorError('INVALID_INPUT', `${at}: a tag key must be 1 to 128 letters, digits, spaces or + - = . _ : / @`, { path: at });
    }
    if (typeof value !== 'string' || value.length > 256 || !TAG_TEXT.test(value)) {
      throw new ConnectorError('INVALID_INPUT', `${at}: a tag value must be a text of at most 256 letters, digits, spaces or + - = . _ : / @`, { path: at });
    }
  }
  return tags as Record<string, string>;
}

export function isPrintableAscii(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}
