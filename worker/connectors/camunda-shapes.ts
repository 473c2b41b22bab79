/**
 * How the official connectors' answers look: their AWS SDK v1 result objects serialised by Jackson,
 * camelCase at every depth, with the SDK's response and HTTP metadata.
 */

export function sdkMetadata(metadata: { requestId?: string; httpStatusCode?: number } = {}): Record<string, unknown> {
  return {
    sdkResponseMetadata: { requestId: metadata.requestId ?? null },
    sdkHttpMetadata: { httpHeaders: {}, httpStatusCode: metadata.httpStatusCode ?? 200, allHttpHeaders: {} },
  };
}

/** `BlockType` -> `blockType`, `BoundingBox` -> `boundingBox`, `X` -> `x`, at every depth. */
export function camelCase(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelCase);
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array || value instanceof Date) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.charAt(0).toLowerCase() + k.slice(1), camelCase(v)]));
}
