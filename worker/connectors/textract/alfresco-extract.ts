import { AnalyzeDocumentCommand, DetectDocumentTextCommand, type FeatureType } from '@aws-sdk/client-textract';
import { callAws } from '../../aws/errors';
import type { JobContext } from '../../runtime/connector';
import { ConnectorError } from '../../runtime/errors';
import { readAtMost } from '../../runtime/byte-cap';
import { aisFromTextLines } from '../ais';
import { givenSources, openContentSource, sourcePath, type ContentSourceInput } from '../content-source';
import type { ConnectorDeps } from '../deps';
import { imageFormat } from '../rekognition/handler';
import { parseDocument } from './parse';
import type { ExtractAction, TextractInput } from './schema';

/** Seed 000: EXTRACT reads "JPEG and PNG files that are less than 5mb in size". */
export const SEED_MAX_BYTES = 5 * 1024 * 1024;
export const DEFAULT_TIMEOUT_MS = 900_000;

/** The seed's EXTRACT is asked for by its own input names (`file`, and like Rekognition's `files`, `uri`, `nodeId`). */
export function isSeedExtract(input: TextractInput): input is TextractInput & { action: ExtractAction } {
  return input.action.type === 'extract' && givenSources(input.action as ContentSourceInput).length > 0;
}

/**
 * EXTRACT as seed 000 describes it: DetectDocumentText, whose LINE blocks joined with a line separator are the
 * text, and AnalyzeDocument with FORMS and TABLES (and any other feature the task asks for); `awsResult` holds
 * both answers, or the text for outputFormat TXT. Real-time only, JPEG or PNG under 5 MB; `timeout` bounds
 * each call.
 */
export async function seedExtract(input: TextractInput & { action: ExtractAction }, deps: ConnectorDeps, _ctx: JobContext): Promise<Record<string, unknown>> {
  const action = input.action;
  if ((action.executionType ?? 'sync') !== 'sync') {
    throw new ConnectorError('INVALID_INPUT', `action.executionType: Alfresco Process Automation's EXTRACT (file, files, uri or nodeId) is real-time only; give the document as action.document for ${action.executionType}`, {
      path: 'action.executionType',
    });
  }
  const source = sourcePath(action);
  const doc = await openContentSource(action, deps, 'action', input, { document: action.document });
  const bytes = await readAtMost(doc.stream, SEED_MAX_BYTES - 1, () => new ConnectorError('IMAGE_TOO_LARGE',
    `${source}: the image is 5 MB or more; Alfresco Process Automation's EXTRACT reads JPEG and PNG under 5 MB (give a larger document or a PDF as action.document)`, { path: source }));
  if (!imageFormat(bytes)) {
    throw new ConnectorError('INVALID_IMAGE_FORMAT', `${source}: is not a JPEG or PNG image (read from its bytes${doc.contentType ? `; it says ${doc.contentType}` : ''}); Alfresco Process Automation's EXTRACT reads those two`, {
      path: source,
    });
  }

  const { client } = deps.aws.textract(input);
  const timeoutMs = action.timeout ?? DEFAULT_TIMEOUT_MS;
  const features = new Set<FeatureType>(['FORMS', 'TABLES']);
  if (action.analyzeSignatures) features.add('SIGNATURES');
  if (action.analyzeLayout) features.add('LAYOUT');
  if (action.queries?.length) features.add('QUERIES');
  const [detected, analyzed] = await Promise.all([
    callAws('Textract DetectDocumentText', () => client.send(new DetectDocumentTextCommand({ Document: { Bytes: bytes } }), { abortSignal: AbortSignal.timeout(timeoutMs) })),
    callAws('Textract AnalyzeDocument', () => client.send(new AnalyzeDocumentCommand({
      Document: { Bytes: bytes },
      FeatureTypes: [...features],
      QueriesConfig: action.queries?.length ? { Queries: action.queries.map((q) => ({ Text: q.text, Alias: q.alias, Pages: q.pages })) } : undefined,
    }), { abortSignal: AbortSignal.timeout(timeoutMs) })),
  ]);
  const { $metadata: _d, ...detectDocumentText } = detected;
  const { $metadata: _a, ...analyzeDocument } = analyzed;

  const level = action.confidenceLevel ?? 0;
  const lines = (detectDocumentText.Blocks ?? [])
    .filter((b) => b.BlockType === 'LINE' && typeof b.Text === 'string' && (b.Confidence ?? 100) >= level * 100)
    .map((b) => b.Text!);
  const text = lines.join('\n');
  const content = parseDocument(analyzeDocument, level);
  return {
    awsResult: action.outputFormat === 'TXT' ? text : { detectDocumentText, analyzeDocument },
    ...content,
    text,
    aisResponse: aisFromTextLines(lines),
  };
}
