/** Request and answer bodies of a SageMaker model: what is sent as it is, what is parsed, what stays bytes. */

/** SageMaker's limit for a real-time request body (botocore's `sagemaker-runtime` model). */
export const MAX_REQUEST_BYTES = 6 * 1024 * 1024;

/** A content type's media type without parameters, in lower case: `Application/JSON; charset=utf-8` -> `application/json`. */
function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

/** An `application/` subtype's format, after any `+` (`problem+json` -> `json`). */
function applicationFormat(contentType: string | undefined): string | undefined {
  const type = mediaType(contentType);
  if (!type.startsWith('application/')) return undefined;
  const subtype = type.slice('application/'.length);
  return subtype.slice(subtype.lastIndexOf('+') + 1);
}

/** `application/json`, `application/problem+json`, with or without parameters (`; charset=utf-8`). */
export function isJsonType(contentType: string | undefined): boolean {
  return applicationFormat(contentType) === 'json';
}

/** Text formats models answer in (CSV, JSON Lines, XML, plain text). */
function isTextType(contentType: string | undefined): boolean {
  return mediaType(contentType).startsWith('text/') || ['json', 'jsonlines', 'x-ndjson', 'csv', 'xml'].includes(applicationFormat(contentType) ?? '');
}

/**
 * Our body: a FEEL context, list, number or boolean goes as JSON; text goes as it is (CSV stays CSV, JSON text
 * stays JSON). Camunda's connector JSON-quotes text instead (`jsonQuoted`).
 */
export function requestBody(body: unknown, jsonQuoted = false): Buffer {
  if (typeof body === 'string' && !jsonQuoted) return Buffer.from(body, 'utf8');
  return Buffer.from(JSON.stringify(body ?? null), 'utf8');
}

/** The answer as a variable: JSON parsed when its type says JSON, text as text, anything else as base64. */
export function decodeAnswer(bytes: Uint8Array, contentType: string | undefined): { body: unknown; bodyEncoding?: 'base64' } {
  const buffer = Buffer.from(bytes);
  if (isJsonType(contentType)) {
    const text = buffer.toString('utf8');
    try {
      return { body: JSON.parse(text) };
    } catch {
      return { body: text };
    }
  }
  if (isTextType(contentType) || contentType === undefined) return { body: buffer.toString('utf8') };
  return { body: buffer.toString('base64'), bodyEncoding: 'base64' };
}
