import type { TextractResult, TextractServiceAnswer } from './handler';

function withoutMetadata(answer: TextractServiceAnswer): Record<string, unknown> {
  const { $metadata: _m, ...rest } = answer;
  return rest;
}

/** Our answer: `awsResult` (the service's, every page) plus the parsed forms; `jobId` for async. */
export function presentTextract(result: TextractResult): Record<string, unknown> {
  switch (result.kind) {
    case 'started':
      return { jobId: result.jobId };
    case 'expense':
      return { awsResult: withoutMetadata(result.answer), ...result.content };
    case 'extract':
      return {
        awsResult: result.outputFormat === 'TXT' ? result.content.text : withoutMetadata(result.answer),
        ...result.content,
      };
  }
}

/**
 * The official connector's shapes (camelCase, as its SDK v1 result objects serialised), every page merged:
 * real-time, polling (jobStatus, nextToken null), asynchronous (jobId).
 */
export function presentCamundaTextract(result: TextractResult): Record<string, unknown> {
  const metadata = result.answer.$metadata ?? {};
  const sdk = {
    sdkResponseMetadata: { requestId: metadata.requestId ?? null },
    sdkHttpMetadata: { httpHeaders: {}, httpStatusCode: metadata.httpStatusCode ?? 200, allHttpHeaders: {} },
  };
  if (result.kind === 'started') return { ...sdk, jobId: result.jobId };
  const answer = camelCase(withoutMetadata(result.answer)) as Record<string, unknown>;
  if (result.executionType === 'sync') {
    return { ...sdk, documentMetadata: null, blocks: [], humanLoopActivationOutput: null, analyzeDocumentModelVersion: null, ...answer };
  }
  return { ...sdk, documentMetadata: null, jobStatus: null, nextToken: null, blocks: [], warnings: null, statusMessage: null, analyzeDocumentModelVersion: null, ...answer };
}

/** `BlockType` -> `blockType`, `BoundingBox` -> `boundingBox`, `X` -> `x`, at every depth. */
export function camelCase(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelCase);
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.charAt(0).toLowerCase() + k.slice(1), camelCase(v)]));
}
