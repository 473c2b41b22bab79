/**
 * The requests the seeds' EXTRACT builds (alfresco-extract.ts). The service's side is tested end to end in
 * test/integration/alfresco-connectors.test.ts; here a recording client shows what is asked of Textract.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AnalyzeDocumentCommand, DetectDocumentTextCommand } from '@aws-sdk/client-textract';
import type { ConnectorDeps } from '../../worker/connectors/deps';
import { readActionInput } from '../../worker/connectors/action-input';
import { isSeedExtract, seedExtract } from '../../worker/connectors/textract/alfresco-extract';
import { TextractDiscriminatorSchema, TextractInputSchemas, type TextractInput } from '../../worker/connectors/textract/schema';
import type { JobContext } from '../../worker/runtime/connector';

const PNG = readFileSync(path.resolve(__dirname, '../fakes/aws-ai/fixtures/textract/multicol-test-document.png'));
const file = { base64: PNG.toString('base64'), name: 'scan.png' };
const line = (Text: string, Confidence: number) => ({ BlockType: 'LINE', Text, Confidence, Id: Text, Geometry: { BoundingBox: { Left: 0, Top: 0, Width: 1, Height: 1 } } });

function recordingDeps() {
  const sent: { command: unknown; signal?: AbortSignal }[] = [];
  const client = {
    send: async (command: unknown, options?: { abortSignal?: AbortSignal }) => {
      sent.push({ command, signal: options?.abortSignal });
      if (command instanceof DetectDocumentTextCommand) return { Blocks: [line('first line', 99), line('faint line', 40), line('last line', 95)], $metadata: {} };
      return { Blocks: [{ BlockType: 'PAGE', Id: 'p', Relationships: [], Geometry: { BoundingBox: { Left: 0, Top: 0, Width: 1, Height: 1 }, Polygon: [] } }], DocumentMetadata: { Pages: 1 }, $metadata: {} };
    },
  };
  const deps = { aws: { textract: () => ({ client }) }, store: {}, urls: {} } as unknown as ConnectorDeps;
  return { deps, sent };
}
const ctx = {} as JobContext;
const read = (action: Record<string, unknown>) => readActionInput<TextractInput>(TextractDiscriminatorSchema, TextractInputSchemas, { action: { type: 'EXTRACT', ...action } });

test('the seed inputs select the seed\'s EXTRACT; action.document keeps ours', () => {
  expect(isSeedExtract(read({ file }))).toBe(true);
  expect(isSeedExtract(read({ uri: 'https://example.com/a.png' }))).toBe(true);
  expect(isSeedExtract(read({ document: file }))).toBe(false);
});

test('DetectDocumentText and AnalyzeDocument with FORMS and TABLES, each bounded by the timeout; lines over the confidence level', async () => {
  const { deps, sent } = recordingDeps();
  const input = read({ file, confidenceLevel: 0.9, timeout: 5000 });
  if (!isSeedExtract(input)) throw new Error('expected the seed EXTRACT');
  const out = await seedExtract(input, deps, ctx);
  const detect = sent.find((s) => s.command instanceof DetectDocumentTextCommand)!;
  const analyze = sent.find((s) => s.command instanceof AnalyzeDocumentCommand)!;
  expect((analyze.command as AnalyzeDocumentCommand).input.FeatureTypes).toEqual(['FORMS', 'TABLES']);
  expect((detect.command as DetectDocumentTextCommand).input.Document?.Bytes).toEqual(PNG);
  expect(detect.signal).toBeInstanceOf(AbortSignal);
  expect(analyze.signal).toBeInstanceOf(AbortSignal);
  expect(out.text).toBe('first line\nlast line');
  expect(out.awsResult).toMatchObject({ detectDocumentText: { Blocks: expect.any(Array) }, analyzeDocument: { DocumentMetadata: { Pages: 1 } } });
  expect(out.awsResult).not.toHaveProperty('detectDocumentText.$metadata');
});

test('polling or async with the seed inputs is INVALID_INPUT naming executionType', async () => {
  const { deps, sent } = recordingDeps();
  const input = read({ file, executionType: 'polling' });
  if (!isSeedExtract(input)) throw new Error('expected the seed EXTRACT');
  await expect(seedExtract(input, deps, ctx)).rejects.toMatchObject({ code: 'INVALID_INPUT', path: 'action.executionType' });
  expect(sent).toHaveLength(0);
});

test('a document and a seed input together are INVALID_INPUT', async () => {
  const { deps } = recordingDeps();
  const input = read({ file, document: file });
  if (!isSeedExtract(input)) throw new Error('expected the seed EXTRACT');
  await expect(seedExtract(input, deps, ctx)).rejects.toMatchObject({ code: 'INVALID_INPUT', path: 'action.document' });
});
