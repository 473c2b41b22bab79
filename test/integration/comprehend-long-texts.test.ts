/**
 * Key phrases, sentiment and PII over texts beyond one call, end to end: the worker as its own process on the
 * engine, the real AWS SDK against the AI stand-in (Comprehend) and the S3 emulator (the asynchronous jobs).
 * COMPREHEND_BATCH_MAX_BYTES is 150 KB here, so that the job paths are reached with small texts.
 */
import type { Camunda8 } from '@camunda8/sdk';
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { aiStandIn, camunda, createBucket, runTask, s3, uniqueId, WorkerProcess } from './harness';

const TYPE = uniqueId('aws:comprehend:long');
const DOCS = 'it-comprehend-long-docs';
const STAGING = 'it-comprehend-long-staging';
const BATCH_MAX_BYTES = 150_000;

const control = (method: string, route: string, body?: unknown) => aiStandIn().control(method, route, body);
const requests = (operation: string) => aiStandIn().requests(`Comprehend_20171127.${operation}`);

let worker: WorkerProcess;
let c8: Camunda8;

beforeAll(async () => {
  await createBucket(DOCS);
  await createBucket(STAGING);
  worker = await WorkerProcess.start({
    CONNECTOR_COMPREHEND_TYPE: TYPE,
    AWS_ENDPOINT_URL_COMPREHEND: aiStandIn().endpoint,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_S3_BUCKET: STAGING,
    AWS_COMPREHEND_ROLE_ARN: 'arn:aws:iam::123456789012:role/comprehend-data-access',
    AWS_MAX_ATTEMPTS: '1',
    COMPREHEND_BATCH_MAX_BYTES: String(BATCH_MAX_BYTES),
  });
  c8 = camunda();
});

beforeEach(async () => {
  await control('POST', '/reset');
  await control('POST', '/comprehend/config', { jobDelayMs: 500 });
  await control('POST', '/comprehend/key-phrases', { keyPhrases: [{ text: 'the Analytical Engine', score: 0.95 }, { text: 'a note', score: 0.4 }] });
  await control('POST', '/comprehend/pii-entities', { entities: [{ text: 'ada@example.org', type: 'EMAIL', score: 0.99 }] });
  await control('POST', '/comprehend/sentiments', { contains: 'wonderful', sentiment: 'POSITIVE' });
  // Registered last, so it wins in a piece that holds both words.
  await control('POST', '/comprehend/sentiments', { contains: 'dreadful', sentiment: 'NEGATIVE' });
});

afterAll(async () => {
  await c8?.getZeebeGrpcApiClient().close();
  await worker?.stop();
});

interface Found { text: string; beginOffset: number; endOffset: number; score: number; type?: string }
interface Analysis { method: string; pieces: number; characters: number; jobId?: string }
interface SentimentChunk { beginOffset: number; endOffset: number; bytes: number; sentiment: string; sentimentScore: Record<string, number> }
interface Result {
  result: {
    keyPhrases?: Found[];
    piiEntities?: Found[];
    awsResponse: { KeyPhrases?: unknown[] };
    sentiment?: string;
    sentimentScore?: Record<string, number>;
    sentimentChunks?: SentimentChunk[];
    analysis: Analysis;
  };
  caughtCode?: string;
  caughtMessage?: string;
}

const task = (action: Record<string, string>) => ({
  type: TYPE,
  retries: 1,
  inputs: Object.fromEntries(Object.entries({ languageCode: 'en', pollInterval: '=200', ...action }).map(([k, v]) => [`action.${k}`, v])),
  headers: { resultVariable: 'result' },
});

async function run(action: Record<string, string>, text: string): Promise<Result> {
  if (Buffer.byteLength(text) <= 200_000) return (await runTask(c8, task({ ...action, text: '=text' }), { text }, 120_000)) as unknown as Result;
  // Long texts come from S3, as they would in a model: no process variable that large.
  const key = `long/${uniqueId('t')}.txt`;
  await s3().send(new PutObjectCommand({ Bucket: DOCS, Key: key, Body: text, ContentType: 'text/plain; charset=utf-8' }));
  return (await runTask(c8, task({ ...action, file: `={"bucket": "${DOCS}", "key": "${key}"}` }), {}, 120_000)) as unknown as Result;
}

/** ~`bytes` of English sentences with accents and emoji; every `every`-th sentence says `special`. */
function prose(bytes: number, every: number, special: string): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const s = i % every === 0
      ? `In ${1800 + (i % 40)} Ada 🚀 wrote ${special} in sentence ${i}. `
      : `This is plain sentence number ${i} of the text, with an é and a naïve word. `;
    parts.push(s);
    size += Buffer.byteLength(s);
  }
  return parts.join('');
}

function occurrences(text: string, needle: string): number {
  let n = 0;
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length)) n++;
  return n;
}

/** Every offset (code points) must point at the found text in the original. */
function expectOffsetsInto(text: string, found: Found[]): void {
  const chars = [...text];
  for (const f of found) expect(chars.slice(f.beginOffset, f.endOffset).join('')).toBe(f.text);
}

async function stagingLeft(): Promise<number> {
  return (await s3().send(new ListObjectsV2Command({ Bucket: STAGING, Prefix: 'zeebe-aws-connectors/comprehend/' }))).KeyCount ?? 0;
}

/** The chunks cover the text, in order, without a gap; each chunk's sentiment is what its own text says. */
function expectChunksOf(text: string, chunks: SentimentChunk[]): void {
  const chars = [...text];
  expect(chunks[0]!.beginOffset).toBe(0);
  expect(chunks[chunks.length - 1]!.endOffset).toBe(chars.length);
  chunks.forEach((c, i) => {
    if (i > 0) expect(c.beginOffset).toBe(chunks[i - 1]!.endOffset);
    const own = chars.slice(c.beginOffset, c.endOffset).join('');
    expect(c.bytes).toBe(Buffer.byteLength(own));
    expect(c.bytes).toBeLessThanOrEqual(5000);
    expect(c.sentiment).toBe(own.includes('dreadful') ? 'NEGATIVE' : own.includes('wonderful') ? 'POSITIVE' : 'NEUTRAL');
  });
}

/** The whole text's scores: the chunks' scores averaged, weighted by bytes; the label of the highest. */
function expectAggregateOf(r: Result['result']): void {
  const chunks = r.sentimentChunks!;
  const total = chunks.reduce((n, c) => n + c.bytes, 0);
  for (const k of ['positive', 'negative', 'neutral', 'mixed']) {
    expect(r.sentimentScore![k]).toBeCloseTo(chunks.reduce((n, c) => n + c.sentimentScore[k]! * c.bytes, 0) / total, 6);
  }
  const best = Object.entries(r.sentimentScore!).sort((a, b) => b[1] - a[1])[0]![0];
  expect(r.sentiment).toBe(best.toUpperCase());
}

describe('keyPhrases', () => {
  test('over 100 KB: BatchDetectKeyPhrases over sentence chunks, every offset into the original', async () => {
    const text = prose(120_000, 20, 'the Analytical Engine and a note');
    const { result: r } = await run({ type: 'keyPhrases' }, text);
    expect(r.analysis.method).toBe('BatchDetectKeyPhrases');
    expect(r.analysis.pieces).toBeGreaterThanOrEqual(24);
    expect(await requests('BatchDetectKeyPhrases')).toBe(Math.ceil(r.analysis.pieces / 25));
    expect(await requests('DetectKeyPhrases')).toBe(0);
    expect(r.keyPhrases).toHaveLength(occurrences(text, 'the Analytical Engine'));
    expect(r.keyPhrases!.every((k) => k.text === 'the Analytical Engine')).toBe(true);
    expectOffsetsInto(text, r.keyPhrases!);
    // The service's answer keeps what the confidence level left out.
    expect(r.awsResponse.KeyPhrases).toHaveLength(2 * occurrences(text, 'the Analytical Engine'));
  });

  test('beyond the batch bound: StartKeyPhrasesDetectionJob over files of 1 MB, offsets into the original, files removed', async () => {
    const text = prose(1_100_000, 400, 'the Analytical Engine');
    const { result: r } = await run({ type: 'keyPhrases' }, text);
    expect(r.analysis.method).toBe('StartKeyPhrasesDetectionJob');
    expect(r.analysis.pieces).toBe(2);
    expect(r.analysis.jobId).toMatch(/^[0-9a-f]{32}$/);
    expect(r.keyPhrases).toHaveLength(occurrences(text, 'the Analytical Engine'));
    expectOffsetsInto(text, r.keyPhrases!);
    expect(r.keyPhrases![r.keyPhrases!.length - 1]!.beginOffset).toBeGreaterThan([...text].length / 2);
    expect(await requests('DescribeKeyPhrasesDetectionJob')).toBeGreaterThan(1);
    expect(await requests('BatchDetectKeyPhrases')).toBe(0);
    expect(await stagingLeft()).toBe(0);
  });
});

describe('sentiment', () => {
  test('over 5 KB: BatchDetectSentiment over chunks, the whole text\'s sentiment their bytes-weighted mean, each chunk returned', async () => {
    const text = prose(17_000, 1, 'a wonderful letter') + prose(8_000, 1, 'a dreadful letter');
    const { result: r } = await run({ type: 'sentiment' }, text);
    expect(r.analysis.method).toBe('BatchDetectSentiment');
    expect(r.analysis.pieces).toBe(r.sentimentChunks!.length);
    expect(r.analysis.pieces).toBeGreaterThanOrEqual(4);
    expect(await requests('BatchDetectSentiment')).toBe(1);
    expect(await requests('DetectSentiment')).toBe(0);
    expectChunksOf(text, r.sentimentChunks!);
    expect(new Set(r.sentimentChunks!.map((c) => c.sentiment))).toEqual(new Set(['POSITIVE', 'NEGATIVE']));
    expectAggregateOf(r);
    expect(r.sentiment).toBe('POSITIVE');
  });

  test('beyond the batch bound: StartSentimentDetectionJob over 5 KB documents, one per line of one file, aggregated the same way, files removed', async () => {
    const text = prose(40_000, 1, 'a wonderful letter') + prose(120_000, 1, 'a dreadful letter');
    const { result: r } = await run({ type: 'sentiment' }, text);
    expect(r.analysis.method).toBe('StartSentimentDetectionJob');
    expect(r.analysis.pieces).toBe(r.sentimentChunks!.length);
    expect(r.analysis.pieces).toBeGreaterThanOrEqual(32);
    expectChunksOf(text, r.sentimentChunks!);
    expectAggregateOf(r);
    expect(r.sentiment).toBe('NEGATIVE');
    expect(await requests('BatchDetectSentiment')).toBe(0);
    // So small, the documents share a file rather than each having one.
    const { comprehend } = (await control('GET', '/state')) as { comprehend: { jobs: { jobId: string; input: string; output: { written: unknown } }[] } };
    const job = comprehend.jobs.find((j) => j.jobId === r.analysis.jobId)!;
    expect(job.input).toMatch(/\(ONE_DOC_PER_LINE\)$/);
    expect(job.output.written).toEqual({ documents: r.analysis.pieces, files: 1 });
    expect(await stagingLeft()).toBe(0);
  });

  test('a job that fails is UNPROCESSABLE_ENTITY with its message; its files are removed', async () => {
    await control('POST', '/comprehend/config', { failJobs: 'Insufficient permissions on the output location' });
    const { caughtCode, caughtMessage } = await run({ type: 'sentiment' }, prose(160_000, 1, 'a dreadful letter'));
    expect(caughtCode).toBe('UNPROCESSABLE_ENTITY');
    expect(caughtMessage).toContain('Insufficient permissions on the output location');
    expect(await stagingLeft()).toBe(0);
  });
});

describe('piiEntities', () => {
  test('over 100 KB: DetectPiiEntities over 100 KB chunks in turn (AWS has no batch for PII), offsets into the original', async () => {
    const text = prose(120_000, 30, 'to ada@example.org');
    const { result: r } = await run({ type: 'piiEntities' }, text);
    expect(r.analysis.method).toBe('DetectPiiEntities');
    expect(r.analysis.pieces).toBe(2);
    expect(await requests('DetectPiiEntities')).toBe(2);
    expect(r.piiEntities).toHaveLength(occurrences(text, 'ada@example.org'));
    expect(r.piiEntities!.every((e) => e.type === 'EMAIL' && e.text === 'ada@example.org')).toBe(true);
    expectOffsetsInto(text, r.piiEntities!);
  });

  test('beyond the batch bound: StartPiiEntitiesDetectionJob (ONLY_OFFSETS) over 100 KB files, its .out files read, files removed', async () => {
    const text = prose(250_000, 30, 'to ada@example.org');
    const { result: r } = await run({ type: 'piiEntities' }, text);
    expect(r.analysis.method).toBe('StartPiiEntitiesDetectionJob');
    expect(r.analysis.pieces).toBe(3);
    expect(r.piiEntities).toHaveLength(occurrences(text, 'ada@example.org'));
    expectOffsetsInto(text, r.piiEntities!);
    expect(await requests('DetectPiiEntities')).toBe(0);
    expect(await requests('DescribePiiEntitiesDetectionJob')).toBeGreaterThan(1);
    expect(await stagingLeft()).toBe(0);
  });
});
