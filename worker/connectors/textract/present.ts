import { aisFromTextLines } from '../ais';
import { camelCase, sdkMetadata } from '../camunda-shapes';
import type { TextractResult, TextractServiceAnswer } from './handler';

function withoutMetadata(answer: TextractServiceAnswer): Record<string, unknown> {
  const { $metadata: _m, ...rest } = answer;
  return rest;
}

/** Our answer: `awsResult` (the service's, every page) plus the parsed forms and the AIS lines; `jobId` for async. */
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
        aisResponse: aisFromTextLines(result.content.text.split('\n')),
      };
  }
}

/**
 * The official connector's shapes (camelCase, as its SDK v1 result objects serialised), every page merged:
 * real-time, polling (jobStatus, nextToken null), asynchronous (jobId).
 */
export function presentCamundaTextract(result: TextractResult): Record<string, unknown> {
  const sdk = sdkMetadata(result.answer.$metadata);
  if (result.kind === 'started') return { ...sdk, jobId: result.jobId };
  const answer = camelCase(withoutMetadata(result.answer)) as Record<string, unknown>;
  if (result.executionType === 'sync') {
    return { ...sdk, documentMetadata: null, blocks: [], humanLoopActivationOutput: null, analyzeDocumentModelVersion: null, ...answer };
  }
  return { ...sdk, documentMetadata: null, jobStatus: null, nextToken: null, blocks: [], warnings: null, statusMessage: null, analyzeDocumentModelVersion: null, ...answer };
}
