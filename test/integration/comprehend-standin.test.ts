/**
 * The AWS AI stand-in's Comprehend (test/fakes/aws-ai/comprehend*.ts), run in-process on its own port and
 * spoken to by the real AWS SDK Comprehend client: language detection, AWS's limits and exception names,
 * entities with offsets in code points, key phrases, sentiment, PII, their batches, the async jobs end to end
 * over the S3 emulator (output.tar.gz; a PII job's `.out` files), classification, and injected faults retried by the SDK.
 */
import { gunzipSync } from 'node:zlib';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  BatchDetectEntitiesCommand,
  BatchDetectKeyPhrasesCommand,
  BatchDetectSentimentCommand,
  DescribeKeyPhrasesDetectionJobCommand,
  DescribePiiEntitiesDetectionJobCommand,
  DescribeSentimentDetectionJobCommand,
  StartKeyPhrasesDetectionJobCommand,
  StartPiiEntitiesDetectionJobCommand,
  StartSentimentDetectionJobCommand,
  ClassifyDocumentCommand,
  ComprehendClient,
  DescribeDocumentClassificationJobCommand,
  DescribeEntitiesDetectionJobCommand,
  DetectDominantLanguageCommand,
  DetectEntitiesCommand,
  DetectKeyPhrasesCommand,
  DetectPiiEntitiesCommand,
  DetectSentimentCommand,
  StartDocumentClassificationJobCommand,
  StartEntitiesDetectionJobCommand,
  type Entity,
  type EntitiesDetectionJobProperties,
  type StartEntitiesDetectionJobCommandInput,
} from '@aws-sdk/client-comprehend';
import * as tar from 'tar-stream';
import { startAwsAiStandIn, type AwsAiStandIn } from '../fakes/aws-ai/server';
import { controlApi, createBucket, failure, s3, stack, uniqueId } from './harness';

const BUCKET = 'it-comprehend-standin';
const ROLE = 'arn:aws:iam::123456789012:role/comprehend-access';
const ENDPOINT_ARN = 'arn:aws:comprehend:us-east-1:123456789012:document-classifier-endpoint/invoices';
const CLASSIFIER_ARN = 'arn:aws:comprehend:us-east-1:123456789012:document-classifier/invoices';

let standIn: AwsAiStandIn;
let s3c: S3Client;
let cp: ComprehendClient;
const clients: ComprehendClient[] = [];

function comprehend(opts: { region?: string; maxAttempts?: number } = {}): ComprehendClient {
  const c = new ComprehendClient({
    endpoint: standIn.url,
    region: opts.region ?? 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    ...(opts.maxAttempts ? { maxAttempts: opts.maxAttempts } : {}),
  });
  clients.push(c);
  return c;
}

const control = <T = unknown>(method: string, route: string, body?: unknown): Promise<T> => controlApi(standIn.controlUrl)<T>(method, route, body);


const cps = (s: string): string[] => [...s];
/** The text an entity's code-point offsets point at. */
const at = (text: string, e: { BeginOffset?: number; EndOffset?: number }): string => cps(text).slice(e.BeginOffset, e.EndOffset).join('');

async function put(key: string, body: string | Buffer): Promise<void> {
  await s3c.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
}

async function untilEnded(jobId: string, client = cp, timeoutMs = 15_000): Promise<EntitiesDetectionJobProperties> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const p = (await client.send(new DescribeEntitiesDetectionJobCommand({ JobId: jobId }))).EntitiesDetectionJobProperties!;
    if (p.JobStatus === 'COMPLETED' || p.JobStatus === 'FAILED') return p;
    if (Date.now() > deadline) throw new Error(`job ${jobId} still ${p.JobStatus}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Downloads an s3:// URI from the S3 emulator, gunzips and untars it: member name -> text. */
async function readOutput(uri: string): Promise<Record<string, string>> {
  const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  expect(m).not.toBeNull();
  const o = await s3c.send(new GetObjectCommand({ Bucket: m![1], Key: m![2] }));
  const tarBytes = gunzipSync(Buffer.from(await o.Body!.transformToByteArray()));
  const members: Record<string, string> = {};
  const extract = tar.extract();
  const read = (async () => {
    for await (const entry of extract) {
      const chunks: Buffer[] = [];
      for await (const c of entry) chunks.push(c as Buffer);
      members[entry.header.name] = Buffer.concat(chunks).toString('utf8');
    }
  })();
  extract.end(tarBytes);
  await read;
  return members;
}

const jsonLines = (text: string): Record<string, unknown>[] =>
  text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, unknown>);

beforeAll(async () => {
  standIn = await startAwsAiStandIn({ port: 0, s3Endpoint: stack().AWS_ENDPOINT_URL_S3_EMULATOR });
  await createBucket(BUCKET);
  s3c = s3();
  cp = comprehend();
});

afterEach(async () => {
  await control('POST', '/reset');
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  s3c?.destroy();
  await standIn?.close();
});

describe('DetectDominantLanguage', () => {
  test('English and Spanish by their common words, the winner first with a runner-up', async () => {
    const en = await cp.send(new DetectDominantLanguageCommand({ Text: 'The invoice is attached and you have to pay it this week.' }));
    expect(en.Languages?.[0]?.LanguageCode).toBe('en');
    expect(en.Languages?.[0]?.Score).toBeGreaterThanOrEqual(0.5);
    expect(en.Languages?.[0]?.Score).toBeLessThanOrEqual(0.99);

    const es = await cp.send(new DetectDominantLanguageCommand({ Text: 'El perro de los vecinos está en el jardín y es muy simpático.' }));
    expect(es.Languages?.[0]?.LanguageCode).toBe('es');

    // mostly German, one French word: German wins, French is the runner-up, scores descending
    const mixed = await cp.send(new DetectDominantLanguageCommand({ Text: 'Der Hund und die Katze sind nicht im Haus, nous savons.' }));
    expect(mixed.Languages?.map((l) => l.LanguageCode)).toEqual(['de', 'fr']);
    expect(mixed.Languages![0]!.Score!).toBeGreaterThan(mixed.Languages![1]!.Score!);
    expect(mixed.Languages![0]!.Score! + mixed.Languages![1]!.Score!).toBeLessThanOrEqual(1);

    // no known word at all: English
    const none = await cp.send(new DetectDominantLanguageCommand({ Text: 'Xylophon quagga zyzzyva 12345 kumquat' }));
    expect(none.Languages).toEqual([{ LanguageCode: 'en', Score: 0.5 }]);
  });

  test('a registered override wins over the vote; the newest matching one wins', async () => {
    await control('POST', '/comprehend/languages', { contains: 'Rechnung', languageCode: 'fr', score: 0.97 });
    await control('POST', '/comprehend/languages', { contains: 'Rechnung Nr', languageCode: 'zh-TW' });
    const r = await cp.send(new DetectDominantLanguageCommand({ Text: 'The Rechnung is attached and it is paid.' }));
    expect(r.Languages).toEqual([{ LanguageCode: 'fr', Score: 0.97 }]);
    const r2 = await cp.send(new DetectDominantLanguageCommand({ Text: 'The Rechnung Nr 42 is attached and paid.' }));
    expect(r2.Languages).toEqual([{ LanguageCode: 'zh-TW', Score: 0.99 }]);
  });
});

describe('limits and errors as AWS has them (all HTTP 400)', () => {
  const a = (n: number): string => 'a'.repeat(n);
  /** Every row has its 4 members (jest passes `done` to a test taking more arguments than its row has). */
  type Case = [string, () => Promise<unknown>, string, RegExp | undefined];
  const cases: Case[] = [
    ['DetectEntities 100,001 bytes', () => cp.send(new DetectEntitiesCommand({ Text: a(100_001), LanguageCode: 'en' })), 'TextSizeLimitExceededException', /100000 bytes.*100001 bytes/],
    ['DetectEntities 50,001 "é" (100,002 bytes)', () => cp.send(new DetectEntitiesCommand({ Text: 'é'.repeat(50_001), LanguageCode: 'en' })), 'TextSizeLimitExceededException', /100002 bytes/],
    ['DetectEntities 25,001 emoji (100,004 bytes)', () => cp.send(new DetectEntitiesCommand({ Text: '🎉'.repeat(25_001), LanguageCode: 'en' })), 'TextSizeLimitExceededException', undefined],
    ['DetectKeyPhrases 100,001 bytes', () => cp.send(new DetectKeyPhrasesCommand({ Text: a(100_001), LanguageCode: 'de' })), 'TextSizeLimitExceededException', undefined],
    ['DetectPiiEntities 100,001 bytes', () => cp.send(new DetectPiiEntitiesCommand({ Text: a(100_001), LanguageCode: 'en' })), 'TextSizeLimitExceededException', undefined],
    ['DetectSentiment 5,001 bytes', () => cp.send(new DetectSentimentCommand({ Text: a(5_001), LanguageCode: 'en' })), 'TextSizeLimitExceededException', /5000 bytes/],
    ['DetectDominantLanguage 100,001 bytes', () => cp.send(new DetectDominantLanguageCommand({ Text: a(100_001) })), 'TextSizeLimitExceededException', undefined],
    ['DetectDominantLanguage 19 characters', () => cp.send(new DetectDominantLanguageCommand({ Text: 'é'.repeat(19) })), 'InvalidRequestException', /at least 20 characters/],
    ['BatchDetectEntities 26 documents', () => cp.send(new BatchDetectEntitiesCommand({ TextList: Array(26).fill('x'), LanguageCode: 'en' })), 'BatchSizeLimitExceededException', undefined],
    [
      'BatchDetectEntities an item of 5,001 bytes',
      () => cp.send(new BatchDetectEntitiesCommand({ TextList: ['ok', 'ü'.repeat(2_500) + 'x', 'ok'], LanguageCode: 'en' })),
      'TextSizeLimitExceededException',
      /5000 bytes.*5001 bytes/,
    ],
    ['BatchDetectEntities without LanguageCode', () => cp.send(new BatchDetectEntitiesCommand({ TextList: ['x'] } as never)), 'InvalidRequestException', /languageCode/],
    ['BatchDetectEntities an empty list', () => cp.send(new BatchDetectEntitiesCommand({ TextList: [], LanguageCode: 'en' })), 'InvalidRequestException', undefined],
    ['ClassifyDocument 10,001 bytes', () => cp.send(new ClassifyDocumentCommand({ Text: a(10_001), EndpointArn: ENDPOINT_ARN })), 'TextSizeLimitExceededException', undefined],
    ['DetectEntities empty text', () => cp.send(new DetectEntitiesCommand({ Text: '', LanguageCode: 'en' })), 'InvalidRequestException', /text/],
    ['DetectEntities without Text', () => cp.send(new DetectEntitiesCommand({ LanguageCode: 'en' } as never)), 'InvalidRequestException', /'text'/],
    ['DetectEntities without LanguageCode', () => cp.send(new DetectEntitiesCommand({ Text: 'x' } as never)), 'InvalidRequestException', /'languageCode'/],
    ['DetectEntities LanguageCode xx', () => cp.send(new DetectEntitiesCommand({ Text: 'x', LanguageCode: 'xx' as never })), 'UnsupportedLanguageException', /Unsupported language: xx/],
    ['DetectSentiment LanguageCode sv', () => cp.send(new DetectSentimentCommand({ Text: 'x', LanguageCode: 'sv' as never })), 'UnsupportedLanguageException', undefined],
    ['DetectPiiEntities LanguageCode fr (PII knows en and es)', () => cp.send(new DetectPiiEntitiesCommand({ Text: 'x', LanguageCode: 'fr' })), 'UnsupportedLanguageException', /en, es$/],
    ['BatchDetectEntities LanguageCode xx', () => cp.send(new BatchDetectEntitiesCommand({ TextList: ['x'], LanguageCode: 'xx' as never })), 'UnsupportedLanguageException', undefined],
  ];
  test.each(cases)('%s', async (_what, call, name, message) => {
    const e = await failure(call());
    expect(e.name).toBe(name);
    expect(e.$fault).toBe('client');
    expect(e.$metadata?.httpStatusCode).toBe(400);
    if (message) expect(e.message).toMatch(message);
  });

  test('exactly at the limits is accepted', async () => {
    await expect(cp.send(new DetectEntitiesCommand({ Text: 'a'.repeat(100_000), LanguageCode: 'en' }))).resolves.toMatchObject({ Entities: [] });
    await expect(cp.send(new DetectEntitiesCommand({ Text: 'é'.repeat(50_000), LanguageCode: 'en' }))).resolves.toMatchObject({ Entities: [] });
    await expect(cp.send(new DetectSentimentCommand({ Text: 'a'.repeat(5_000), LanguageCode: 'en' }))).resolves.toMatchObject({ Sentiment: 'NEUTRAL' });
    await expect(cp.send(new DetectDominantLanguageCommand({ Text: 'é'.repeat(20) }))).resolves.toMatchObject({ Languages: [{ LanguageCode: 'en' }] });
    const batch = await cp.send(new BatchDetectEntitiesCommand({ TextList: Array(25).fill('ü'.repeat(2_500)), LanguageCode: 'en' }));
    expect(batch.ResultList).toHaveLength(25);
  });

  test('an unknown Comprehend operation is UnknownOperationException', async () => {
    const r = await fetch(standIn.url, {
      method: 'POST',
      headers: {
        authorization: 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/comprehend/aws4_request, SignedHeaders=host, Signature=00',
        'x-amz-target': 'Comprehend_20171127.DetectTelepathy',
        'content-type': 'application/x-amz-json-1.1',
      },
      body: '{}',
    });
    expect(r.status).toBe(400);
    expect(r.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
  });
});

describe('entities, key phrases, sentiment, PII', () => {
  const PEOPLE = [
    { text: 'Jeff Bezos', type: 'PERSON', score: 0.998 },
    { text: 'Seattle', type: 'LOCATION' },
    { text: 'New York', type: 'LOCATION', score: 0.9 },
    { text: 'New York Times', type: 'ORGANIZATION', score: 0.95 },
    { text: 'Times Square', type: 'LOCATION', score: 0.8 },
  ];

  test('offsets count code points: "é" and an emoji before an entity', async () => {
    await control('POST', '/comprehend/entities', { entities: PEOPLE });
    const text = 'Café ☕ 🎉🎉 met Jeff Bezos in Seattle; then Jeff Bezos left.';
    const r = await cp.send(new DetectEntitiesCommand({ Text: text, LanguageCode: 'en' }));
    expect(r.Entities).toEqual([
      { Score: 0.998, Type: 'PERSON', Text: 'Jeff Bezos', BeginOffset: 14, EndOffset: 24 },
      { Score: 0.99, Type: 'LOCATION', Text: 'Seattle', BeginOffset: 28, EndOffset: 35 },
      { Score: 0.998, Type: 'PERSON', Text: 'Jeff Bezos', BeginOffset: 42, EndOffset: 52 },
    ]);
    for (const e of r.Entities!) expect(at(text, e)).toBe(e.Text);
    // UTF-16 offsets would differ (each emoji is two code units)
    expect(text.indexOf('Jeff Bezos')).toBe(16);
  });

  test('the longest registered text wins at a position; occurrences do not overlap; matching is case-sensitive', async () => {
    await control('POST', '/comprehend/entities', { entities: PEOPLE });
    const text = 'The New York Times Square office, New York, not new york.';
    const r = await cp.send(new DetectEntitiesCommand({ Text: text, LanguageCode: 'en' }));
    expect(r.Entities?.map((e) => [e.Text, e.Type, e.BeginOffset, e.EndOffset])).toEqual([
      ['New York Times', 'ORGANIZATION', 4, 18],
      ['New York', 'LOCATION', 34, 42],
    ]);
    for (const e of r.Entities!) expect(at(text, e)).toBe(e.Text);
  });

  test('BatchDetectEntities answers per index with offsets within each item', async () => {
    await control('POST', '/comprehend/entities', { entities: PEOPLE });
    const list = ['Seattle', 'nothing here', '🎉 Jeff Bezos and Seattle'];
    const r = await cp.send(new BatchDetectEntitiesCommand({ TextList: list, LanguageCode: 'en' }));
    expect(r.ErrorList).toEqual([]);
    expect(r.ResultList?.map((x) => x.Index)).toEqual([0, 1, 2]);
    expect(r.ResultList?.[0]?.Entities).toEqual([{ Score: 0.99, Type: 'LOCATION', Text: 'Seattle', BeginOffset: 0, EndOffset: 7 }]);
    expect(r.ResultList?.[1]?.Entities).toEqual([]);
    expect(r.ResultList?.[2]?.Entities?.map((e) => [e.Text, e.BeginOffset])).toEqual([['Jeff Bezos', 2], ['Seattle', 17]]);
    for (const x of r.ResultList!) for (const e of x.Entities!) expect(at(list[x.Index!]!, e)).toBe(e.Text);
  });

  test('DetectKeyPhrases finds the registered phrases', async () => {
    await control('POST', '/comprehend/key-phrases', { keyPhrases: [{ text: 'the invoice', score: 0.97 }, { text: 'payment terms' }] });
    const text = 'Über the invoice: payment terms apply to the invoice.';
    const r = await cp.send(new DetectKeyPhrasesCommand({ Text: text, LanguageCode: 'en' }));
    expect(r.KeyPhrases).toEqual([
      { Score: 0.97, Text: 'the invoice', BeginOffset: 5, EndOffset: 16 },
      { Score: 0.99, Text: 'payment terms', BeginOffset: 18, EndOffset: 31 },
      { Score: 0.97, Text: 'the invoice', BeginOffset: 41, EndOffset: 52 },
    ]);
  });

  test('DetectSentiment: NEUTRAL by default, registered overrides (the newest matching wins); scores sum to 1', async () => {
    const neutral = await cp.send(new DetectSentimentCommand({ Text: 'A plain statement.', LanguageCode: 'en' }));
    expect(neutral.Sentiment).toBe('NEUTRAL');
    await control('POST', '/comprehend/sentiments', { contains: 'great', sentiment: 'POSITIVE' });
    await control('POST', '/comprehend/sentiments', { contains: 'but late', sentiment: 'MIXED' });
    const pos = await cp.send(new DetectSentimentCommand({ Text: 'A great service.', LanguageCode: 'fr' }));
    expect(pos.Sentiment).toBe('POSITIVE');
    const mixed = await cp.send(new DetectSentimentCommand({ Text: 'A great service, but late.', LanguageCode: 'en' }));
    expect(mixed.Sentiment).toBe('MIXED');
    for (const [r, key] of [[neutral, 'Neutral'], [pos, 'Positive'], [mixed, 'Mixed']] as const) {
      const s = r.SentimentScore!;
      expect(s.Positive! + s.Negative! + s.Neutral! + s.Mixed!).toBeCloseTo(1, 10);
      const top = Math.max(s.Positive!, s.Negative!, s.Neutral!, s.Mixed!);
      expect(s[key]).toBe(top);
      expect([s.Positive, s.Negative, s.Neutral, s.Mixed].filter((v) => v === top)).toHaveLength(1);
    }
  });

  test('DetectPiiEntities: registered PII types, no Text member, code-point offsets', async () => {
    await control('POST', '/comprehend/pii-entities', {
      entities: [{ text: 'jane@example.com', type: 'EMAIL', score: 0.9999 }, { text: '123-45-6789', type: 'SSN' }],
    });
    const text = 'Écrivez à jane@example.com — SSN 123-45-6789.';
    const r = await cp.send(new DetectPiiEntitiesCommand({ Text: text, LanguageCode: 'es' }));
    expect(r.Entities).toEqual([
      { Score: 0.9999, Type: 'EMAIL', BeginOffset: 10, EndOffset: 26 },
      { Score: 0.99, Type: 'SSN', BeginOffset: 33, EndOffset: 44 },
    ]);
    expect(at(text, r.Entities![1]!)).toBe('123-45-6789');
    // the ordinary entity registrations are not PII
    expect((await cp.send(new DetectEntitiesCommand({ Text: text, LanguageCode: 'en' }))).Entities).toEqual([]);
  });

  test('the control API refuses bad registrations with 400 and a clear error', async () => {
    const bad: [string, unknown, RegExp][] = [
      ['/comprehend/entities', { entities: [{ text: 'x', type: 'PLANET' }] }, /type must be one of PERSON/],
      ['/comprehend/entities', { entities: [{ text: 'x', type: 'PERSON', score: 1.5 }] }, /score must be a number from 0 to 1/],
      ['/comprehend/entities', { entities: [] }, /non-empty array/],
      ['/comprehend/entities', { entities: [{ text: '', type: 'PERSON' }] }, /text must be a non-empty string/],
      ['/comprehend/pii-entities', { entities: [{ text: 'x', type: 'PERSON' }] }, /type must be one of ADDRESS/],
      ['/comprehend/key-phrases', { keyPhrases: [{ text: 'x', type: 'PERSON' }] }, /takes no type/],
      ['/comprehend/languages', { contains: 'x', languageCode: 'French' }, /languageCode/],
      ['/comprehend/sentiments', { contains: 'x', sentiment: 'HAPPY' }, /sentiment/],
      ['/comprehend/classifiers', { endpointArn: 'arn:aws:comprehend:us-east-1:1:endpoint/x', classes: [{ Name: 'a', Score: 1 }] }, /endpointArn/],
      ['/comprehend/classifiers', { endpointArn: ENDPOINT_ARN }, /classes/],
      ['/comprehend/config', { jobDelayMs: -1 }, /jobDelayMs/],
    ];
    for (const [route, body, message] of bad) {
      const r = await fetch(`${standIn.controlUrl}${route}`, { method: 'POST', body: JSON.stringify(body) });
      expect([route, r.status]).toEqual([route, 400]);
      expect(((await r.json()) as { error: string }).error).toMatch(message);
    }
  });

  test('GET /_control/state counts the registrations; DELETE and reset clear them', async () => {
    await control('POST', '/comprehend/entities', { entities: PEOPLE });
    await control('POST', '/comprehend/key-phrases', { keyPhrases: [{ text: 'x' }] });
    await control('POST', '/comprehend/classifiers', { endpointArn: ENDPOINT_ARN, classes: [{ Name: 'invoice', Score: 0.9 }] });
    type St = { comprehend: { registrations: { entities: number; keyPhrases: number; classifiers: unknown[] }; config: unknown } };
    const st = await control<St>('GET', '/state');
    expect(st.comprehend.registrations).toMatchObject({ entities: 5, keyPhrases: 1, classifiers: [{ endpointArn: ENDPOINT_ARN, classes: 1, labels: 0 }] });
    expect(await control('DELETE', '/comprehend/entities')).toEqual({ cleared: 5 });
    const after = await control<St>('POST', '/reset');
    expect(after.comprehend.registrations).toMatchObject({ entities: 0, keyPhrases: 0, classifiers: [] });
    expect(after.comprehend.config).toEqual({ jobDelayMs: 1000, failJobs: null });
  });
});

describe('StartEntitiesDetectionJob / DescribeEntitiesDetectionJob', () => {
  const ENTITIES = [
    { text: 'Jeff Bezos', type: 'PERSON', score: 0.998 },
    { text: 'Seattle', type: 'LOCATION' },
    { text: 'Amazon', type: 'ORGANIZATION', score: 0.97 },
  ];
  const job = (prefix: string, extra: Partial<StartEntitiesDetectionJobCommandInput> = {}): StartEntitiesDetectionJobCommandInput => ({
    InputDataConfig: { S3Uri: `s3://${BUCKET}/${prefix}/in/` },
    OutputDataConfig: { S3Uri: `s3://${BUCKET}/${prefix}/out/` },
    DataAccessRoleArn: ROLE,
    LanguageCode: 'en',
    ...extra,
  });

  test('ONE_DOC_PER_FILE end to end: IN_PROGRESS, COMPLETED, output.tar.gz with a line per file', async () => {
    await control('POST', '/comprehend/config', { jobDelayMs: 400 });
    await control('POST', '/comprehend/entities', { entities: ENTITIES });
    const prefix = uniqueId('ner');
    const docs: Record<string, string> = {
      'a.txt': 'Jeff Bezos founded Amazon.',
      'b.txt': 'Café 🎉 in Seattle with Jeff Bezos.\nSeattle again.',
      'sub/c.txt': 'Nothing to see.',
    };
    for (const [name, text] of Object.entries(docs)) await put(`${prefix}/in/${name}`, text);
    await put(`${prefix}/in/big.txt`, 'x'.repeat(1_000_001));

    const client = comprehend({ region: 'eu-west-1' });
    const started = await client.send(new StartEntitiesDetectionJobCommand(job(prefix, { JobName: 'it job' })));
    expect(started.JobId).toMatch(/^[0-9a-f]{32}$/);
    expect(started.JobStatus).toBe('SUBMITTED');
    expect(started.JobArn).toBe(`arn:aws:comprehend:eu-west-1:123456789012:entities-detection-job/${started.JobId}`);
    const first = (await client.send(new DescribeEntitiesDetectionJobCommand({ JobId: started.JobId }))).EntitiesDetectionJobProperties!;
    expect(first.JobStatus).toBe('IN_PROGRESS');
    expect(first.EndTime).toBeUndefined();

    const p = await untilEnded(started.JobId!, client);
    expect(p).toMatchObject({
      JobId: started.JobId,
      JobArn: started.JobArn,
      JobName: 'it job',
      JobStatus: 'COMPLETED',
      LanguageCode: 'en',
      DataAccessRoleArn: ROLE,
      InputDataConfig: { S3Uri: `s3://${BUCKET}/${prefix}/in/`, InputFormat: 'ONE_DOC_PER_FILE' },
      OutputDataConfig: { S3Uri: `s3://${BUCKET}/${prefix}/out/123456789012-NER-${started.JobId}/output/output.tar.gz` },
    });
    expect(p.Message).toBeUndefined();
    expect(p.SubmitTime).toBeInstanceOf(Date);
    expect(p.EndTime!.getTime()).toBeGreaterThanOrEqual(p.SubmitTime!.getTime() + 300);

    const members = await readOutput(p.OutputDataConfig!.S3Uri!);
    expect(Object.keys(members)).toEqual(['output']);
    const lines = jsonLines(members.output!);
    expect(lines.map((l) => l.File)).toEqual(['a.txt', 'b.txt', 'big.txt', 'sub/c.txt']);
    expect(lines[2]).toEqual({ File: 'big.txt', ErrorCode: 'DOCUMENT_SIZE_EXCEEDED', ErrorMessage: expect.stringContaining('1000000') });
    expect(lines[0]!.Entities).toEqual([
      { Score: 0.998, Type: 'PERSON', Text: 'Jeff Bezos', BeginOffset: 0, EndOffset: 10 },
      { Score: 0.97, Type: 'ORGANIZATION', Text: 'Amazon', BeginOffset: 19, EndOffset: 25 },
    ]);
    expect((lines[1]!.Entities as Entity[]).map((e) => [e.Text, e.BeginOffset, e.EndOffset])).toEqual([
      ['Seattle', 10, 17],
      ['Jeff Bezos', 23, 33],
      ['Seattle', 35, 42],
    ]);
    expect(lines[3]!.Entities).toEqual([]);
    for (const l of lines) {
      for (const e of (l.Entities as Entity[] | undefined) ?? []) expect(at(docs[l.File as string]!, e)).toBe(e.Text);
    }
    type St = { comprehend: { jobs: { jobId: string; status: string; output: { key: string; written: unknown } }[] } };
    const st = await control<St>('GET', '/state');
    expect(st.comprehend.jobs).toEqual([
      expect.objectContaining({
        jobId: started.JobId,
        status: 'COMPLETED',
        output: expect.objectContaining({ key: `${prefix}/out/123456789012-NER-${started.JobId}/output/output.tar.gz`, written: { documents: 4, files: 4 } }),
      }),
    ]);
  });

  test('ONE_DOC_PER_LINE: a line per document (LF, CRLF, CR), offsets within the line', async () => {
    await control('POST', '/comprehend/config', { jobDelayMs: 0 });
    await control('POST', '/comprehend/entities', { entities: ENTITIES });
    const prefix = uniqueId('nerl');
    await put(`${prefix}/in/posts.txt`, 'Jeff Bezos here\r\n\n🎉🎉 Seattle rocks\rAmazon and Seattle\n');
    const { JobId } = await cp.send(
      new StartEntitiesDetectionJobCommand({
        ...job(prefix),
        InputDataConfig: { S3Uri: `s3://${BUCKET}/${prefix}/in/posts.txt`, InputFormat: 'ONE_DOC_PER_LINE' },
        OutputDataConfig: { S3Uri: `s3://${BUCKET}/${prefix}/out` },
      }),
    );
    const p = await untilEnded(JobId!);
    expect(p.JobStatus).toBe('COMPLETED');
    expect(p.InputDataConfig?.InputFormat).toBe('ONE_DOC_PER_LINE');
    const lines = jsonLines((await readOutput(p.OutputDataConfig!.S3Uri!)).output!);
    const short = (l: Record<string, unknown>) => [l.File, l.Line, (l.Entities as Entity[]).map((e) => [e.Text, e.BeginOffset, e.EndOffset])];
    expect(lines.map(short)).toEqual([
      ['posts.txt', 0, [['Jeff Bezos', 0, 10]]],
      ['posts.txt', 1, []],
      ['posts.txt', 2, [['Seattle', 3, 10]]],
      ['posts.txt', 3, [['Amazon', 0, 6], ['Seattle', 11, 18]]],
    ]);
  });

  test('FAILED: no input files; an injected failJobs message (used once)', async () => {
    await control('POST', '/comprehend/config', { jobDelayMs: 0 });
    const empty = await cp.send(new StartEntitiesDetectionJobCommand(job(uniqueId('none'))));
    const p = await untilEnded(empty.JobId!);
    expect(p.JobStatus).toBe('FAILED');
    expect(p.Message).toMatch(/No input files found/);
    expect(p.EndTime).toBeInstanceOf(Date);

    const prefix = uniqueId('fail');
    await put(`${prefix}/in/a.txt`, 'Seattle');
    await control('POST', '/comprehend/config', { failJobs: 'INTERNAL_ERROR: the stand-in was told to fail' });
    const failed = await untilEnded((await cp.send(new StartEntitiesDetectionJobCommand(job(prefix)))).JobId!);
    expect(failed).toMatchObject({ JobStatus: 'FAILED', Message: 'INTERNAL_ERROR: the stand-in was told to fail' });
    // nothing was written for it
    const miss = await failure(s3c.send(new GetObjectCommand({ Bucket: BUCKET, Key: `${prefix}/out/123456789012-NER-${failed.JobId}/output/output.tar.gz` })));
    expect(miss.name).toBe('NoSuchKey');
    // used once: the next job completes
    expect((await untilEnded((await cp.send(new StartEntitiesDetectionJobCommand(job(prefix)))).JobId!)).JobStatus).toBe('COMPLETED');
  });

  test('ClientRequestToken: same request, same JobId; another request with it is refused', async () => {
    const prefix = uniqueId('tok');
    const req = job(prefix, { ClientRequestToken: 'token-1' });
    const a = await cp.send(new StartEntitiesDetectionJobCommand(req));
    const b = await cp.send(new StartEntitiesDetectionJobCommand(req));
    expect(b.JobId).toBe(a.JobId);
    const e = await failure(cp.send(new StartEntitiesDetectionJobCommand({ ...req, LanguageCode: 'de' })));
    expect(e.name).toBe('InvalidRequestException');
    const c = await cp.send(new StartEntitiesDetectionJobCommand({ ...req, ClientRequestToken: 'token-2' }));
    expect(c.JobId).not.toBe(a.JobId);
    const st = await control<{ comprehend: { jobs: unknown[] } }>('GET', '/state');
    expect(st.comprehend.jobs).toHaveLength(2);
    expect(await control('DELETE', '/comprehend/jobs')).toEqual({ cleared: 2 });
    expect((await failure(cp.send(new DescribeEntitiesDetectionJobCommand({ JobId: a.JobId })))).name).toBe('JobNotFoundException');
  });

  test('validation of Start and Describe', async () => {
    const prefix = uniqueId('val');
    const cases: [Partial<StartEntitiesDetectionJobCommandInput>, string, RegExp][] = [
      [{ DataAccessRoleArn: 'arn:aws:iam::123:role/x' }, 'InvalidRequestException', /dataAccessRoleArn/],
      [{ DataAccessRoleArn: 'arn:aws:s3:::bucket' }, 'InvalidRequestException', /dataAccessRoleArn/],
      [{ DataAccessRoleArn: undefined }, 'InvalidRequestException', /dataAccessRoleArn/],
      [{ InputDataConfig: { S3Uri: 'https://bucket/x' } }, 'InvalidRequestException', /inputDataConfig/],
      [{ OutputDataConfig: undefined }, 'InvalidRequestException', /outputDataConfig/],
      [{ LanguageCode: undefined }, 'InvalidRequestException', /languageCode/],
      [{ LanguageCode: 'xx' as never }, 'UnsupportedLanguageException', /xx/],
      [{ EntityRecognizerArn: 'arn:aws:comprehend:us-east-1:123456789012:entity-recognizer/r' }, 'InvalidRequestException', /custom entity recognizers/],
    ];
    for (const [extra, name, message] of cases) {
      const e = await failure(cp.send(new StartEntitiesDetectionJobCommand({ ...job(prefix), ...extra } as StartEntitiesDetectionJobCommandInput)));
      expect([JSON.stringify(extra), e.name, e.$metadata?.httpStatusCode]).toEqual([JSON.stringify(extra), name, 400]);
      expect(e.message).toMatch(message);
    }
    const nf = await failure(cp.send(new DescribeEntitiesDetectionJobCommand({ JobId: 'f'.repeat(32) })));
    expect(nf.name).toBe('JobNotFoundException');
    expect(nf.$metadata?.httpStatusCode).toBe(400);
    // an entities JobId is not a classification job
    const { JobId } = await cp.send(new StartEntitiesDetectionJobCommand(job(prefix)));
    expect((await failure(cp.send(new DescribeDocumentClassificationJobCommand({ JobId })))).name).toBe('JobNotFoundException');
  });
});

describe('classification', () => {
  test('ClassifyDocument answers the classes registered for the endpoint', async () => {
    await control('POST', '/comprehend/classifiers', {
      endpointArn: ENDPOINT_ARN,
      classes: [{ Name: 'receipt', Score: 0.05 }, { Name: 'invoice', Score: 0.93 }],
    });
    const r = await cp.send(new ClassifyDocumentCommand({ Text: 'Invoice 42: total 100 EUR', EndpointArn: ENDPOINT_ARN }));
    expect(r.Classes).toEqual([{ Name: 'invoice', Score: 0.93 }, { Name: 'receipt', Score: 0.05 }]);
    expect(r.Labels).toBeUndefined();
    expect(r.DocumentMetadata).toBeUndefined();
    expect(r.Errors).toEqual([]);

    // Bytes (plain text): DocumentMetadata and DocumentType as AWS adds them for Bytes
    const b = await cp.send(new ClassifyDocumentCommand({ Bytes: Buffer.from('Rechnung über 🎉', 'utf8'), EndpointArn: ENDPOINT_ARN }));
    expect(b.DocumentMetadata).toEqual({ Pages: 1, ExtractedCharacters: [{ Page: 1, Count: 15 }] });
    expect(b.DocumentType).toEqual([{ Page: 1, Type: 'PLAIN_TEXT' }]);

    // multi-label
    const labelled = 'arn:aws:comprehend:us-east-1:123456789012:document-classifier-endpoint/genres';
    await control('POST', '/comprehend/classifiers', { endpointArn: labelled, labels: [{ Name: 'action', Score: 0.8 }, { Name: 'comedy', Score: 0.6 }] });
    const l = await cp.send(new ClassifyDocumentCommand({ Text: 'A funny chase.', EndpointArn: labelled }));
    expect(l.Labels).toEqual([{ Name: 'action', Score: 0.8 }, { Name: 'comedy', Score: 0.6 }]);
    expect(l.Classes).toBeUndefined();
  });

  test('ClassifyDocument errors', async () => {
    const unregistered = await failure(cp.send(new ClassifyDocumentCommand({ Text: 'x', EndpointArn: ENDPOINT_ARN })));
    expect(unregistered.name).toBe('ResourceUnavailableException');
    expect(unregistered.$metadata?.httpStatusCode).toBe(400);
    expect(unregistered.message).toMatch(/not ready/);
    const badArn = await failure(cp.send(new ClassifyDocumentCommand({ Text: 'x', EndpointArn: 'arn:aws:comprehend:us-east-1:123456789012:endpoint/x' })));
    expect(badArn.name).toBe('InvalidRequestException');
    const noText = await failure(cp.send(new ClassifyDocumentCommand({ EndpointArn: ENDPOINT_ARN })));
    expect(noText.name).toBe('InvalidRequestException');
  });

  test('StartDocumentClassificationJob / DescribeDocumentClassificationJob', async () => {
    await control('POST', '/comprehend/config', { jobDelayMs: 200 });
    const prefix = uniqueId('cls');
    const req = {
      InputDataConfig: { S3Uri: `s3://${BUCKET}/${prefix}/in/`, InputFormat: 'ONE_DOC_PER_LINE' as const },
      OutputDataConfig: { S3Uri: `s3://${BUCKET}/${prefix}/out/` },
      DataAccessRoleArn: ROLE,
      DocumentClassifierArn: CLASSIFIER_ARN,
      JobName: 'classify',
    };
    const s = await cp.send(new StartDocumentClassificationJobCommand(req));
    expect(s).toMatchObject({ JobStatus: 'SUBMITTED', DocumentClassifierArn: CLASSIFIER_ARN });
    expect(s.JobArn).toBe(`arn:aws:comprehend:us-east-1:123456789012:document-classification-job/${s.JobId}`);
    const describe = async () => (await cp.send(new DescribeDocumentClassificationJobCommand({ JobId: s.JobId }))).DocumentClassificationJobProperties!;
    expect((await describe()).JobStatus).toBe('IN_PROGRESS');
    await new Promise((r) => setTimeout(r, 400));
    expect(await describe()).toMatchObject({
      JobStatus: 'COMPLETED',
      JobName: 'classify',
      DocumentClassifierArn: CLASSIFIER_ARN,
      InputDataConfig: { S3Uri: req.InputDataConfig.S3Uri, InputFormat: 'ONE_DOC_PER_LINE' },
      OutputDataConfig: { S3Uri: `s3://${BUCKET}/${prefix}/out/123456789012-CLN-${s.JobId}/output/output.tar.gz` },
    });
    const bad = await failure(cp.send(new StartDocumentClassificationJobCommand({ ...req, DocumentClassifierArn: ENDPOINT_ARN })));
    expect(bad.name).toBe('InvalidRequestException');
    expect((await failure(cp.send(new DescribeEntitiesDetectionJobCommand({ JobId: s.JobId })))).name).toBe('JobNotFoundException');
  });
});

describe('injected faults', () => {
  test('a ThrottlingException (status 400, as Comprehend answers it) is retried by the SDK', async () => {
    await control('POST', '/comprehend/entities', { entities: [{ text: 'Seattle', type: 'LOCATION' }] });
    await control('POST', '/faults', { count: 2, operation: 'Comprehend_20171127.DetectEntities', error: 'ThrottlingException', status: 400 });
    const r = await cp.send(new DetectEntitiesCommand({ Text: 'Seattle', LanguageCode: 'en' }));
    expect(r.Entities).toHaveLength(1);
    expect(r.$metadata.attempts).toBe(3);
    const st = await control<{ faults: { requests: Record<string, number>; injected: Record<string, number> } }>('GET', '/state');
    expect(st.faults.requests['Comprehend_20171127.DetectEntities']).toBe(3);
    expect(st.faults.injected['Comprehend_20171127.DetectEntities']).toBe(2);
  });

  test('with maxAttempts 1 the throttling errors surface as client errors', async () => {
    await control('POST', '/faults', { operation: 'DetectSentiment', error: 'ThrottlingException', status: 400 });
    await control('POST', '/faults', { operation: 'StartEntitiesDetectionJob', error: 'TooManyRequestsException' });
    const once = comprehend({ maxAttempts: 1 });
    const t = await failure(once.send(new DetectSentimentCommand({ Text: 'x', LanguageCode: 'en' })));
    expect([t.name, t.$fault, t.$metadata?.httpStatusCode, t.message]).toEqual(['ThrottlingException', 'client', 400, 'Rate exceeded']);
    const m = await failure(once.send(new StartEntitiesDetectionJobCommand({
      InputDataConfig: { S3Uri: `s3://${BUCKET}/x/` },
      OutputDataConfig: { S3Uri: `s3://${BUCKET}/y/` },
      DataAccessRoleArn: ROLE,
      LanguageCode: 'en',
    })));
    expect([m.name, m.$fault, m.$metadata?.httpStatusCode]).toEqual(['TooManyRequestsException', 'client', 400]);
  });
});

describe('key phrases, sentiment and PII beyond one call: batches and jobs', () => {
  const io = (prefix: string) => ({
    InputDataConfig: { S3Uri: `s3://${BUCKET}/${prefix}/in/` },
    OutputDataConfig: { S3Uri: `s3://${BUCKET}/${prefix}/out/` },
    DataAccessRoleArn: ROLE,
  });
  /** Describes until the job has ended, whatever its kind. */
  async function ended(describe: () => Promise<{ JobStatus?: string; OutputDataConfig?: { S3Uri?: string }; Message?: string } | undefined>) {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const p = (await describe())!;
      if (p.JobStatus === 'COMPLETED' || p.JobStatus === 'FAILED') return p;
      if (Date.now() > deadline) throw new Error(`job still ${p.JobStatus}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  test('BatchDetectKeyPhrases and BatchDetectSentiment: one result per document, by Index; AWS\'s batch limits', async () => {
    await control('POST', '/comprehend/key-phrases', { keyPhrases: [{ text: 'the engine', score: 0.9 }] });
    await control('POST', '/comprehend/sentiments', { contains: 'awful', sentiment: 'NEGATIVE' });
    const phrases = await cp.send(new BatchDetectKeyPhrasesCommand({ LanguageCode: 'en', TextList: ['No phrase.', 'Café: the engine runs.'] }));
    expect(phrases.ErrorList).toEqual([]);
    expect(phrases.ResultList).toEqual([
      { Index: 0, KeyPhrases: [] },
      { Index: 1, KeyPhrases: [{ Score: 0.9, Text: 'the engine', BeginOffset: 6, EndOffset: 16 }] },
    ]);
    const moods = await cp.send(new BatchDetectSentimentCommand({ LanguageCode: 'en', TextList: ['An awful day.', 'A day.'] }));
    expect(moods.ResultList!.map((r) => [r.Index, r.Sentiment])).toEqual([[0, 'NEGATIVE'], [1, 'NEUTRAL']]);
    expect(moods.ResultList![0]!.SentimentScore).toEqual({ Positive: 0.03, Negative: 0.91, Neutral: 0.03, Mixed: 0.03 });
    const tooMany = await failure(cp.send(new BatchDetectSentimentCommand({ LanguageCode: 'en', TextList: Array.from({ length: 26 }, () => 'x') })));
    expect(tooMany.name).toBe('BatchSizeLimitExceededException');
    const tooLong = await failure(cp.send(new BatchDetectKeyPhrasesCommand({ LanguageCode: 'en', TextList: ['ok', 'é'.repeat(2501)] })));
    expect(tooLong.name).toBe('TextSizeLimitExceededException');
    expect(tooLong.message).toContain('TextList[1]');
  });

  test('key phrases and sentiment jobs write output.tar.gz under <account>-KP-<JobId> and <account>-SENTIMENT-<JobId>', async () => {
    await control('POST', '/comprehend/config', { jobDelayMs: 0 });
    await control('POST', '/comprehend/key-phrases', { keyPhrases: [{ text: 'the engine', score: 0.9 }] });
    await control('POST', '/comprehend/sentiments', { contains: 'awful', sentiment: 'NEGATIVE' });
    const prefix = uniqueId('kps');
    await put(`${prefix}/in/a.txt`, '🎉 the engine is awful.');
    await put(`${prefix}/in/b.txt`, 'Nothing here.');

    const kp = await cp.send(new StartKeyPhrasesDetectionJobCommand({ ...io(prefix), LanguageCode: 'en' }));
    expect(kp.JobArn).toBe(`arn:aws:comprehend:us-east-1:123456789012:key-phrases-detection-job/${kp.JobId}`);
    const kpDone = await ended(async () => (await cp.send(new DescribeKeyPhrasesDetectionJobCommand({ JobId: kp.JobId }))).KeyPhrasesDetectionJobProperties);
    expect(kpDone.OutputDataConfig!.S3Uri).toBe(`s3://${BUCKET}/${prefix}/out/123456789012-KP-${kp.JobId}/output/output.tar.gz`);
    expect(jsonLines((await readOutput(kpDone.OutputDataConfig!.S3Uri!)).output!)).toEqual([
      { File: 'a.txt', KeyPhrases: [{ Score: 0.9, Text: 'the engine', BeginOffset: 2, EndOffset: 12 }] },
      { File: 'b.txt', KeyPhrases: [] },
    ]);

    const st = await cp.send(new StartSentimentDetectionJobCommand({ ...io(prefix), LanguageCode: 'en' }));
    const stDone = await ended(async () => (await cp.send(new DescribeSentimentDetectionJobCommand({ JobId: st.JobId }))).SentimentDetectionJobProperties);
    expect(stDone.OutputDataConfig!.S3Uri).toBe(`s3://${BUCKET}/${prefix}/out/123456789012-SENTIMENT-${st.JobId}/output/output.tar.gz`);
    const lines = jsonLines((await readOutput(stDone.OutputDataConfig!.S3Uri!)).output!);
    expect(lines.map((l) => [l.File, l.Sentiment])).toEqual([['a.txt', 'NEGATIVE'], ['b.txt', 'NEUTRAL']]);
    // A job of one kind is not found by another kind's Describe.
    const wrongKind = await failure(cp.send(new DescribeKeyPhrasesDetectionJobCommand({ JobId: st.JobId })));
    expect(wrongKind.name).toBe('JobNotFoundException');
  });

  test('StartPiiEntitiesDetectionJob: Mode required, ONLY_OFFSETS writes <file>.out per input file, Describe answers the folder', async () => {
    await control('POST', '/comprehend/config', { jobDelayMs: 0 });
    await control('POST', '/comprehend/pii-entities', { entities: [{ text: 'ada@example.org', type: 'EMAIL', score: 0.99 }] });
    const prefix = uniqueId('pii');
    const docs: Record<string, string> = { 'a.txt': 'Mail 🎉 ada@example.org now.', 'b.txt': 'No PII.' };
    for (const [name, text] of Object.entries(docs)) await put(`${prefix}/in/${name}`, text);

    const noMode = await failure(cp.send(new StartPiiEntitiesDetectionJobCommand({ ...io(prefix), LanguageCode: 'en' } as never)));
    expect(noMode.name).toBe('InvalidRequestException');
    expect(noMode.message).toContain("'mode'");
    const german = await failure(cp.send(new StartPiiEntitiesDetectionJobCommand({ ...io(prefix), LanguageCode: 'de', Mode: 'ONLY_OFFSETS' })));
    expect(german.name).toBe('UnsupportedLanguageException');

    const pii = await cp.send(new StartPiiEntitiesDetectionJobCommand({ ...io(prefix), LanguageCode: 'en', Mode: 'ONLY_OFFSETS' }));
    expect(pii.JobArn).toBe(`arn:aws:comprehend:us-east-1:123456789012:pii-entities-detection-job/${pii.JobId}`);
    const done = await ended(async () => (await cp.send(new DescribePiiEntitiesDetectionJobCommand({ JobId: pii.JobId }))).PiiEntitiesDetectionJobProperties);
    const folder = `${prefix}/out/123456789012-PII-${pii.JobId}/output/`;
    expect(done).toMatchObject({ JobStatus: 'COMPLETED', Mode: 'ONLY_OFFSETS', OutputDataConfig: { S3Uri: `s3://${BUCKET}/${folder}` } });
    const listed = await s3c.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: folder }));
    expect((listed.Contents ?? []).map((o) => o.Key)).toEqual([`${folder}a.txt.out`, `${folder}b.txt.out`]);
    const out = async (name: string) => jsonLines(await (await s3c.send(new GetObjectCommand({ Bucket: BUCKET, Key: `${folder}${name}.out` }))).Body!.transformToString());
    const a = await out('a.txt');
    expect(a).toEqual([{ File: 'a.txt', Line: 0, Entities: [{ Score: 0.99, Type: 'EMAIL', BeginOffset: 7, EndOffset: 22 }] }]);
    expect(at(docs['a.txt']!, (a[0]!.Entities as Entity[])[0]!)).toBe('ada@example.org');
    expect(await out('b.txt')).toEqual([{ File: 'b.txt', Line: 0, Entities: [] }]);
  });
});
