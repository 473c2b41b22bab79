/**
 * The AWS AI stand-in (test/fakes/aws-ai) spoken to by the real AWS SDK Textract client over HTTP with
 * SigV4 signing: every operation, AWS's validation errors, recorded responses matched by sha256 and by
 * bucket/key, async jobs with paging, FAILED jobs, ClientRequestToken idempotency, output to S3, and
 * injected faults retried by the SDK.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  AnalyzeDocumentCommand,
  AnalyzeExpenseCommand,
  DetectDocumentTextCommand,
  GetDocumentAnalysisCommand,
  GetDocumentTextDetectionCommand,
  GetExpenseAnalysisCommand,
  StartDocumentAnalysisCommand,
  StartDocumentTextDetectionCommand,
  StartExpenseAnalysisCommand,
  TextractClient,
  type Block,
  type GetDocumentAnalysisCommandOutput,
} from '@aws-sdk/client-textract';
import { controlApi, createBucket, failure, s3, stack } from './harness';
import { subscribedQueue } from './sns-queue';

const FIXTURES = path.resolve(__dirname, '../fakes/aws-ai/fixtures/textract');
const fixture = <T = Record<string, unknown>>(name: string): T => JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8')) as T;
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/**
 * The SDK keeps only the members its model knows: test-multicol-response.json has a `SearchKey` on its
 * words that Textract's model lacks, so a block the SDK returns is a subset of the recorded one.
 */
function expectRecordedBlocks(actual: Block[] | undefined, recorded: Block[]): void {
  expect(actual).toHaveLength(recorded.length);
  expect(actual?.map((b) => b.Id)).toEqual(recorded.map((b) => b.Id));
  expect(recorded).toMatchObject(actual!);
}

const MULTICOL_PNG = readFileSync(path.join(FIXTURES, 'multicol-test-document.png'));
const INVOICE_PNG = readFileSync(path.join(FIXTURES, 'default_invoice_1.png'));
const GIF = Buffer.concat([Buffer.from('GIF89a', 'latin1'), Buffer.alloc(64, 1)]);

/** A PDF with `pages` page objects, as the stand-in counts them. */
const pdf = (pages: number) => Buffer.from(`%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Count ${pages}>> endobj\n` +
  Array.from({ length: pages }, (_p, i) => `${i + 3} 0 obj <</Type /Page /Parent 2 0 R>> endobj\n`).join('') + '%%EOF\n', 'latin1');
/** A little-endian TIFF of `pages` image directories (one entry each), chained. */
function tiff(pages: number): Buffer {
  const b = Buffer.alloc(8 + pages * 18);
  b.write('II*\u0000', 0, 'latin1');
  b.writeUInt32LE(8, 4);
  for (let i = 0; i < pages; i++) {
    const at = 8 + i * 18;
    b.writeUInt16LE(1, at);
    b.writeUInt16LE(256, at + 2); // ImageWidth
    b.writeUInt16LE(3, at + 4);
    b.writeUInt32LE(1, at + 6);
    b.writeUInt32LE(1, at + 10);
    b.writeUInt32LE(i + 1 < pages ? at + 18 : 0, at + 14);
  }
  return b;
}

const BUCKET = 'it-aws-ai-standin';
const MULTICOL_KEY = 'docs/multicol-test-document.png';
const INVOICE_KEY = 'docs/default_invoice_1.png';
const GIF_KEY = 'docs/picture.gif';
const s3Doc = (Name: string) => ({ S3Object: { Bucket: BUCKET, Name } });

function endpoints(): { endpoint: string; control: string } {
  const s = stack() as unknown as Record<string, string | undefined>;
  if (!s.AWS_AI_ENDPOINT || !s.AWS_AI_CONTROL) {
    throw new Error('the stack runs without the AWS AI stand-in (AWS_AI_ENDPOINT missing in .stack/endpoints.json): run `npm run stack:start`');
  }
  return { endpoint: s.AWS_AI_ENDPOINT, control: s.AWS_AI_CONTROL };
}

const clients: TextractClient[] = [];
function textract(maxAttempts?: number): TextractClient {
  const c = new TextractClient({
    endpoint: endpoints().endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    ...(maxAttempts ? { maxAttempts } : {}),
  });
  clients.push(c);
  return c;
}

const control = <T = unknown>(method: string, route: string, body?: unknown): Promise<T> => controlApi(endpoints().control)<T>(method, route, body);
const register = (body: Record<string, unknown>) => control('POST', '/textract/responses', body);


async function untilDone<T extends { JobStatus?: string }>(get: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await get();
    if (r.JobStatus !== 'IN_PROGRESS') return r;
    if (Date.now() > deadline) throw new Error('job still IN_PROGRESS');
    await new Promise((res) => setTimeout(res, 100));
  }
}

let s3c: S3Client;
let tx: TextractClient;

beforeAll(async () => {
  endpoints();
  await createBucket(BUCKET);
  s3c = s3();
  for (const [Key, Body] of [[MULTICOL_KEY, MULTICOL_PNG], [INVOICE_KEY, INVOICE_PNG], [GIF_KEY, GIF]] as const) {
    await s3c.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body }));
  }
  tx = textract();
});

afterEach(async () => {
  await control('POST', '/reset');
});

afterAll(() => {
  s3c?.destroy();
  for (const c of clients) c.destroy();
});

describe('sync operations answer with the registered recording', () => {
  test('DetectDocumentText by the sha256 of the bytes', async () => {
    await register({ match: { sha256: sha(MULTICOL_PNG) }, fixture: 'test-multicol-response.json' });
    const r = await tx.send(new DetectDocumentTextCommand({ Document: { Bytes: MULTICOL_PNG } }));
    expectRecordedBlocks(r.Blocks, fixture<{ Blocks: Block[] }>('test-multicol-response.json').Blocks);
    expect(r.DocumentMetadata).toEqual({ Pages: 1 });
    expect(r.DetectDocumentTextModelVersion).toBe('1.0');
    expect(r.$metadata.httpStatusCode).toBe(200);
    expect(r.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('AnalyzeDocument by bucket/key; the same bytes inline do not match a bucket/key registration', async () => {
    await register({ match: { bucket: BUCKET, key: MULTICOL_KEY }, operations: ['AnalyzeDocument'], fixture: 'test-response.json' });
    const r = await tx.send(new AnalyzeDocumentCommand({ Document: s3Doc(MULTICOL_KEY), FeatureTypes: ['TABLES', 'FORMS'] }));
    expect(r.Blocks).toEqual(fixture<{ Blocks: Block[] }>('test-response.json').Blocks);
    expect(r.AnalyzeDocumentModelVersion).toBe('1.0');

    const e = await failure(tx.send(new AnalyzeDocumentCommand({ Document: { Bytes: MULTICOL_PNG }, FeatureTypes: ['TABLES'] })));
    expect(e.name).toBe('UnsupportedDocumentException');
    expect(e.message).toContain('no recording is registered');
    // registered for AnalyzeDocument only
    const e2 = await failure(tx.send(new DetectDocumentTextCommand({ Document: s3Doc(MULTICOL_KEY) })));
    expect(e2.name).toBe('UnsupportedDocumentException');
  });

  test('AnalyzeDocument with QUERIES', async () => {
    await register({ match: { sha256: sha(MULTICOL_PNG) }, fixture: 'test-query-response.json' });
    const r = await tx.send(
      new AnalyzeDocumentCommand({
        Document: { Bytes: MULTICOL_PNG },
        FeatureTypes: ['QUERIES', 'FORMS', 'TABLES'],
        QueriesConfig: { Queries: [{ Text: 'What is the name?', Alias: 'name' }] },
      }),
    );
    expect(r.Blocks?.filter((b) => b.BlockType === 'QUERY_RESULT')).toHaveLength(4);
  });

  test('AnalyzeExpense', async () => {
    await register({ match: { sha256: sha(INVOICE_PNG) }, fixture: 'invoice-expense-response.json' });
    const r = await tx.send(new AnalyzeExpenseCommand({ Document: { Bytes: INVOICE_PNG } }));
    const expected = fixture<{ ExpenseDocuments: unknown[] }>('invoice-expense-response.json');
    expect(r.ExpenseDocuments).toEqual(expected.ExpenseDocuments);
    expect(r.ExpenseDocuments?.[0]?.SummaryFields?.length).toBeGreaterThan(0);
  });

  test('a "default" registration answers documents nothing else matches; an inline response works too', async () => {
    await register({ match: 'default', response: { Blocks: [{ BlockType: 'PAGE', Id: 'p1' }] } });
    await register({ match: { sha256: sha(INVOICE_PNG) }, fixture: 'test-multicol-response.json' });
    const r = await tx.send(new DetectDocumentTextCommand({ Document: { Bytes: MULTICOL_PNG } }));
    expect(r.Blocks).toEqual([{ BlockType: 'PAGE', Id: 'p1' }]);
    expect(r.DocumentMetadata).toEqual({ Pages: 1 });
    const r2 = await tx.send(new DetectDocumentTextCommand({ Document: { Bytes: INVOICE_PNG } }));
    expect(r2.Blocks).toHaveLength(137);
  });
});

describe('validation as AWS does it', () => {
  const png = { Bytes: MULTICOL_PNG };
  const cases: [string, () => Promise<unknown>, string][] = [
    ['both Bytes and S3Object', () => tx.send(new DetectDocumentTextCommand({ Document: { ...png, ...s3Doc(MULTICOL_KEY) } })), 'InvalidParameterException'],
    ['neither Bytes nor S3Object', () => tx.send(new DetectDocumentTextCommand({ Document: {} })), 'InvalidParameterException'],
    ['no Document', () => tx.send(new DetectDocumentTextCommand({} as never)), 'InvalidParameterException'],
    ['GIF bytes', () => tx.send(new DetectDocumentTextCommand({ Document: { Bytes: GIF } })), 'UnsupportedDocumentException'],
    ['a GIF in S3', () => tx.send(new AnalyzeExpenseCommand({ Document: s3Doc(GIF_KEY) })), 'UnsupportedDocumentException'],
    [
      'bytes over 10 MB',
      () => tx.send(new DetectDocumentTextCommand({ Document: { Bytes: Buffer.concat([MULTICOL_PNG, Buffer.alloc(10 * 1024 * 1024)]) } })),
      'DocumentTooLargeException',
    ],
    ['no FeatureTypes', () => tx.send(new AnalyzeDocumentCommand({ Document: png } as never)), 'InvalidParameterException'],
    ['an unknown FeatureType', () => tx.send(new AnalyzeDocumentCommand({ Document: png, FeatureTypes: ['PICTURES' as never] })), 'InvalidParameterException'],
    ['QUERIES without queries', () => tx.send(new AnalyzeDocumentCommand({ Document: png, FeatureTypes: ['QUERIES'] })), 'InvalidParameterException'],
    ['a missing S3 object', () => tx.send(new DetectDocumentTextCommand({ Document: s3Doc('docs/nothing-here.png') })), 'InvalidS3ObjectException'],
    [
      'a missing bucket',
      () => tx.send(new DetectDocumentTextCommand({ Document: { S3Object: { Bucket: 'it-aws-ai-no-such-bucket', Name: 'x.png' } } })),
      'InvalidS3ObjectException',
    ],
    ['a missing S3 object (async)', () => tx.send(new StartDocumentTextDetectionCommand({ DocumentLocation: s3Doc('docs/nothing.pdf') })), 'InvalidS3ObjectException'],
    ['an unknown JobId', () => tx.send(new GetDocumentAnalysisCommand({ JobId: 'f'.repeat(64) })), 'InvalidJobIdException'],
    [
      'a NotificationChannel without RoleArn',
      () =>
        tx.send(
          new StartDocumentTextDetectionCommand({
            DocumentLocation: s3Doc(MULTICOL_KEY),
            NotificationChannel: { SNSTopicArn: 'arn:aws:sns:us-east-1:000000000000:t' } as never,
          }),
        ),
      'InvalidParameterException',
    ],
  ];
  test('real time reads one page: a two-page PDF is UnsupportedDocumentException, a one-page PDF is analysed', async () => {
    await register({ match: 'default', fixture: 'test-multicol-response.json' });
    const pdf = (pages: number) => Buffer.from(`%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Count ${pages}>> endobj\n` +
      Array.from({ length: pages }, (_p, i) => `${i + 3} 0 obj <</Type /Page /Parent 2 0 R>> endobj\n`).join('') + '%%EOF\n', 'latin1');
    const e = await failure(tx.send(new DetectDocumentTextCommand({ Document: { Bytes: pdf(2) } })));
    expect(e.name).toBe('UnsupportedDocumentException');
    expect((await tx.send(new DetectDocumentTextCommand({ Document: { Bytes: pdf(1) } }))).Blocks?.length).toBeGreaterThan(0);
  });

  test('real time reads one page of a TIFF too: a two-page TIFF is UnsupportedDocumentException, a one-page TIFF is analysed', async () => {
    await register({ match: 'default', fixture: 'test-multicol-response.json' });
    const e = await failure(tx.send(new DetectDocumentTextCommand({ Document: { Bytes: tiff(2) } })));
    expect([e.name, e.message]).toEqual(['UnsupportedDocumentException', 'Request has unsupported document format']);
    expect((await tx.send(new DetectDocumentTextCommand({ Document: { Bytes: tiff(1) } }))).Blocks?.length).toBeGreaterThan(0);
  });

  test.each(cases)('%s', async (_what, call, name) => {
    await register({ match: 'default', fixture: 'test-multicol-response.json' });
    const e = await failure(call());
    expect(e.name).toBe(name);
    expect(e.$fault).toBe('client');
    expect(e.$metadata?.httpStatusCode).toBe(400);
  });

  test('an unsigned request is refused; an unknown target is UnknownOperationException', async () => {
    const { endpoint } = endpoints();
    const r = await fetch(endpoint, { method: 'POST', headers: { 'x-amz-target': 'Textract.DetectDocumentText', 'content-type': 'application/x-amz-json-1.1' }, body: '{}' });
    expect(r.status).toBe(400);
    expect(r.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
    expect(r.headers.get('x-amzn-requestid')).toBeTruthy();
    expect(await r.json()).toMatchObject({ __type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' });
    const signed = { authorization: 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/textract/aws4_request, SignedHeaders=host, Signature=00' };
    const u = await fetch(endpoint, { method: 'POST', headers: { ...signed, 'x-amz-target': 'Textract.Explode' }, body: '{}' });
    expect(u.status).toBe(400);
    expect(u.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
    const m = await fetch(endpoint, { method: 'POST', headers: { ...signed, 'x-amz-target': 'Textract.DetectDocumentText' }, body: '{oops' });
    expect(m.headers.get('x-amzn-errortype')).toBe('SerializationException');
  });

  test('the control API refuses bad registrations', async () => {
    await expect(register({ match: 'default', fixture: '../package.json' })).rejects.toThrow(/400/);
    await expect(register({ match: 'default', fixture: 'nope.json' })).rejects.toThrow(/no fixture/);
    await expect(register({ match: { sha256: 'abc' }, fixture: 'test-response.json' })).rejects.toThrow(/match must be/);
    await expect(register({ match: 'default', operations: ['Explode'], fixture: 'test-response.json' })).rejects.toThrow(/unknown operations/);
  });
});

describe('asynchronous jobs', () => {
  test('IN_PROGRESS, then SUCCEEDED; pages hold every block exactly once, in order', async () => {
    await control('POST', '/textract/config', { jobDelayMs: 500, pageSize: 100 });
    await register({ match: { bucket: BUCKET, key: MULTICOL_KEY }, fixture: 'multi-page-forms-samples-2-page.json' });
    const { JobId } = await tx.send(new StartDocumentAnalysisCommand({ DocumentLocation: s3Doc(MULTICOL_KEY), FeatureTypes: ['FORMS', 'TABLES'] }));
    expect(JobId).toMatch(/^[0-9a-f]{64}$/);
    const first = await tx.send(new GetDocumentAnalysisCommand({ JobId }));
    expect(first.JobStatus).toBe('IN_PROGRESS');
    expect(first.Blocks).toBeUndefined();
    await untilDone(() => tx.send(new GetDocumentAnalysisCommand({ JobId })));

    const expected = fixture<{ Blocks: Block[] }>('multi-page-forms-samples-2-page.json').Blocks;
    const collect = async (MaxResults?: number): Promise<GetDocumentAnalysisCommandOutput[]> => {
      const pages: GetDocumentAnalysisCommandOutput[] = [];
      let NextToken: string | undefined;
      do {
        const p = await tx.send(new GetDocumentAnalysisCommand({ JobId, NextToken, MaxResults }));
        pages.push(p);
        NextToken = p.NextToken;
      } while (NextToken);
      return pages;
    };
    const pages = await collect();
    expect(pages.map((p) => p.Blocks?.length)).toEqual([100, 100, 100, 100, 18]);
    expect(pages.flatMap((p) => p.Blocks ?? [])).toEqual(expected);
    for (const p of pages) {
      expect(p.JobStatus).toBe('SUCCEEDED');
      expect(p.DocumentMetadata).toEqual({ Pages: 2 });
      expect(p.AnalyzeDocumentModelVersion).toBe('1.0');
    }
    // MaxResults is honoured below the page size, not above it
    const small = await collect(50);
    expect(small).toHaveLength(9);
    expect(small.flatMap((p) => p.Blocks ?? [])).toEqual(expected);
    expect((await tx.send(new GetDocumentAnalysisCommand({ JobId, MaxResults: 5000 }))).Blocks).toHaveLength(100);

    const bad = await failure(tx.send(new GetDocumentAnalysisCommand({ JobId, NextToken: 'garbage' })));
    expect(bad.name).toBe('InvalidParameterException');
    // a JobId of another kind of job
    expect((await failure(tx.send(new GetDocumentTextDetectionCommand({ JobId })))).name).toBe('InvalidJobIdException');
  });

  test('text detection and expense analysis jobs', async () => {
    await control('POST', '/textract/config', { jobDelayMs: 0 });
    await register({ match: { bucket: BUCKET, key: MULTICOL_KEY }, fixture: 'test-multicol-response.json' });
    await register({ match: { sha256: sha(INVOICE_PNG) }, operations: ['GetExpenseAnalysis'], fixture: 'invoice-expense-response.json' });
    const text = await tx.send(new StartDocumentTextDetectionCommand({ DocumentLocation: s3Doc(MULTICOL_KEY), JobTag: 'it' }));
    const t = await untilDone(() => tx.send(new GetDocumentTextDetectionCommand({ JobId: text.JobId })));
    expect(t.JobStatus).toBe('SUCCEEDED');
    expectRecordedBlocks(t.Blocks, fixture<{ Blocks: Block[] }>('test-multicol-response.json').Blocks);
    expect(t.DetectDocumentTextModelVersion).toBe('1.0');

    const exp = await tx.send(new StartExpenseAnalysisCommand({ DocumentLocation: s3Doc(INVOICE_KEY) }));
    const x = await untilDone(() => tx.send(new GetExpenseAnalysisCommand({ JobId: exp.JobId })));
    expect(x.JobStatus).toBe('SUCCEEDED');
    expect(x.ExpenseDocuments).toEqual(fixture<{ ExpenseDocuments: unknown[] }>('invoice-expense-response.json').ExpenseDocuments);
  });

  test('a FAILED recording makes a FAILED job with its StatusMessage', async () => {
    await control('POST', '/textract/config', { jobDelayMs: 200 });
    await register({ match: { bucket: BUCKET, key: MULTICOL_KEY }, fixture: 'test-failed-response.json' });
    const { JobId } = await tx.send(new StartDocumentAnalysisCommand({ DocumentLocation: s3Doc(MULTICOL_KEY), FeatureTypes: ['TABLES'] }));
    const r = await untilDone(() => tx.send(new GetDocumentAnalysisCommand({ JobId })));
    expect(r.JobStatus).toBe('FAILED');
    expect(r.StatusMessage).toBe('Dummy Status Message');
    expect(r.Blocks).toBeUndefined();
    // the same recording on a sync call is a BadDocumentException
    const e = await failure(tx.send(new AnalyzeDocumentCommand({ Document: s3Doc(MULTICOL_KEY), FeatureTypes: ['TABLES'] })));
    expect(e.name).toBe('BadDocumentException');
  });

  test('an IN_PROGRESS recording makes a job that never finishes', async () => {
    await control('POST', '/textract/config', { jobDelayMs: 0 });
    await register({ match: 'default', operations: ['GetDocumentTextDetection'], fixture: 'test-inprogress-response.json' });
    const { JobId } = await tx.send(new StartDocumentTextDetectionCommand({ DocumentLocation: s3Doc(MULTICOL_KEY) }));
    await new Promise((r) => setTimeout(r, 100));
    expect((await tx.send(new GetDocumentTextDetectionCommand({ JobId }))).JobStatus).toBe('IN_PROGRESS');
  });

  test('ClientRequestToken: same request, same JobId; other request, IdempotentParameterMismatchException', async () => {
    await register({ match: 'default', fixture: 'multi-page-forms-samples-2-page.json' });
    const req = { DocumentLocation: s3Doc(MULTICOL_KEY), FeatureTypes: ['FORMS' as const], ClientRequestToken: 'token-1' };
    const a = await tx.send(new StartDocumentAnalysisCommand(req));
    const b = await tx.send(new StartDocumentAnalysisCommand(req));
    expect(b.JobId).toBe(a.JobId);
    const e = await failure(tx.send(new StartDocumentAnalysisCommand({ ...req, FeatureTypes: ['TABLES'] })));
    expect(e.name).toBe('IdempotentParameterMismatchException');
    const c = await tx.send(new StartDocumentAnalysisCommand({ ...req, ClientRequestToken: 'token-2' }));
    expect(c.JobId).not.toBe(a.JobId);
  });

  test('OutputConfig: the result pages are written to S3 as <prefix>/<JobId>/1, /2, ...', async () => {
    await control('POST', '/textract/config', { jobDelayMs: 100, pageSize: 300 });
    await register({ match: 'default', fixture: 'multi-page-forms-samples-2-page.json' });
    const { JobId } = await tx.send(
      new StartDocumentAnalysisCommand({
        DocumentLocation: s3Doc(MULTICOL_KEY),
        FeatureTypes: ['FORMS'],
        OutputConfig: { S3Bucket: BUCKET, S3Prefix: 'textract-out' },
      }),
    );
    await untilDone(() => tx.send(new GetDocumentAnalysisCommand({ JobId })));
    const deadline = Date.now() + 5000;
    let job: { output?: { status: string; keys: string[] } } | undefined;
    while (Date.now() < deadline) {
      const st = await control<{ textract: { jobs: { jobId: string; output?: { status: string; keys: string[] } }[] } }>('GET', '/state');
      job = st.textract.jobs.find((j) => j.jobId === JobId);
      if (job?.output) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(job?.output).toEqual({ status: 'written', keys: [`textract-out/${JobId}/1`, `textract-out/${JobId}/2`] });
    const blocks: Block[] = [];
    for (const n of [1, 2]) {
      const o = await s3c.send(new GetObjectCommand({ Bucket: BUCKET, Key: `textract-out/${JobId}/${n}` }));
      const page = JSON.parse(await o.Body!.transformToString()) as { JobStatus: string; Blocks: Block[] };
      expect(page.JobStatus).toBe('SUCCEEDED');
      blocks.push(...page.Blocks);
    }
    expect(blocks).toEqual(fixture<{ Blocks: Block[] }>('multi-page-forms-samples-2-page.json').Blocks);
  });
});

describe('asynchronous limits and notifications', () => {
  test('a PDF over 3,000 pages is taken, and its job FAILS (AWS\'s asynchronous page quota); 3,000 pages succeed', async () => {
    await control('POST', '/textract/config', { jobDelayMs: 50 });
    await register({ match: 'default', fixture: 'multi-page-forms-samples-2-page.json' });
    await s3c.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'docs/3001-pages.pdf', Body: pdf(3001) }));
    await s3c.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'docs/3000-pages.pdf', Body: pdf(3000) }));
    const over = await tx.send(new StartDocumentTextDetectionCommand({ DocumentLocation: s3Doc('docs/3001-pages.pdf') }));
    const failed = await untilDone(() => tx.send(new GetDocumentTextDetectionCommand({ JobId: over.JobId })));
    expect([failed.JobStatus, failed.StatusMessage]).toEqual(['FAILED', expect.stringMatching(/3001 pages, over the maximum of 3000/)]);
    const at = await tx.send(new StartDocumentTextDetectionCommand({ DocumentLocation: s3Doc('docs/3000-pages.pdf') }));
    expect((await untilDone(() => tx.send(new GetDocumentTextDetectionCommand({ JobId: at.JobId })))).JobStatus).toBe('SUCCEEDED');
  });

  test('NotificationChannel: the completion message is published to the SNS topic (read from a subscribed SQS queue)', async () => {
    const queue = await subscribedQueue(`aws-ai-standin-${Date.now()}`);
    try {
      await control('POST', '/textract/config', { jobDelayMs: 100 });
      await register({ match: 'default', fixture: 'multi-page-forms-samples-2-page.json' });
      const channel = { SNSTopicArn: queue.topicArn, RoleArn: 'arn:aws:iam::000000000000:role/textract-sns' };
      const ok = await tx.send(new StartDocumentAnalysisCommand({ DocumentLocation: s3Doc(MULTICOL_KEY), FeatureTypes: ['FORMS'], JobTag: 'invoice-42', NotificationChannel: channel }));
      const before = Date.now();
      const message = await queue.next();
      expect(message).toEqual({
        JobId: ok.JobId, Status: 'SUCCEEDED', API: 'StartDocumentAnalysis', JobTag: 'invoice-42',
        Timestamp: expect.any(Number), DocumentLocation: { S3ObjectName: MULTICOL_KEY, S3Bucket: BUCKET },
      });
      expect(Math.abs((message.Timestamp as number) - before)).toBeLessThan(10_000);
      // A failed job is notified too, and without a JobTag there is none in the message.
      await s3c.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'docs/3001-pages.pdf', Body: pdf(3001) }));
      const bad = await tx.send(new StartDocumentTextDetectionCommand({ DocumentLocation: s3Doc('docs/3001-pages.pdf'), NotificationChannel: channel }));
      expect(await queue.next()).toEqual({
        JobId: bad.JobId, Status: 'FAILED', API: 'StartDocumentTextDetection', Timestamp: expect.any(Number), DocumentLocation: { S3ObjectName: 'docs/3001-pages.pdf', S3Bucket: BUCKET },
      });
      const st = await control<{ textract: { jobs: { jobId: string; notification?: { status: string } }[] } }>('GET', '/state');
      expect(st.textract.jobs.map((j) => j.notification?.status)).toEqual(['sent', 'sent']);
    } finally {
      queue.close();
    }
  });

  test('a notification to a topic that does not exist is dropped (the job still succeeds) and reported in /state', async () => {
    await control('POST', '/textract/config', { jobDelayMs: 50 });
    await register({ match: 'default', fixture: 'multi-page-forms-samples-2-page.json' });
    const { JobId } = await tx.send(new StartDocumentAnalysisCommand({
      DocumentLocation: s3Doc(MULTICOL_KEY), FeatureTypes: ['FORMS'], NotificationChannel: { SNSTopicArn: 'arn:aws:sns:us-east-1:000000000000:no-such-topic', RoleArn: 'arn:aws:iam::000000000000:role/r' },
    }));
    expect((await untilDone(() => tx.send(new GetDocumentAnalysisCommand({ JobId })))).JobStatus).toBe('SUCCEEDED');
    const deadline = Date.now() + 5000;
    let notification: { status: string } | undefined;
    while (!notification && Date.now() < deadline) {
      const st = await control<{ textract: { jobs: { jobId: string; notification?: { status: string } }[] } }>('GET', '/state');
      notification = st.textract.jobs.find((j) => j.jobId === JobId)?.notification;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(notification).toMatchObject({ status: 'failed' });
  });
});

describe('injected faults', () => {
  test('ThrottlingException (500) is retried by the SDK: 2 faults and default attempts succeed', async () => {
    await register({ match: 'default', fixture: 'test-multicol-response.json' });
    await control('POST', '/faults', { count: 2, operation: 'Textract.DetectDocumentText', error: 'ThrottlingException' });
    const r = await tx.send(new DetectDocumentTextCommand({ Document: { Bytes: MULTICOL_PNG } }));
    expect(r.Blocks).toHaveLength(137);
    expect(r.$metadata.attempts).toBe(3);
    const st = await control<{ faults: { requests: Record<string, number>; injected: Record<string, number>; pending: unknown[] } }>('GET', '/state');
    expect(st.faults.requests['Textract.DetectDocumentText']).toBe(3);
    expect(st.faults.injected['Textract.DetectDocumentText']).toBe(2);
    expect(st.faults.pending).toEqual([]);
  });

  test('with maxAttempts 1 the ThrottlingException surfaces as a server fault', async () => {
    await register({ match: 'default', fixture: 'test-multicol-response.json' });
    await control('POST', '/faults', { count: 1, error: 'ThrottlingException' });
    const e = await failure(textract(1).send(new DetectDocumentTextCommand({ Document: { Bytes: MULTICOL_PNG } })));
    expect(e.name).toBe('ThrottlingException');
    expect(e.$fault).toBe('server');
    expect(e.$metadata?.httpStatusCode).toBe(500);
    expect(e.message).toBe('Rate exceeded');
  });

  test('a fault with only delayMs slows the call down', async () => {
    await register({ match: 'default', fixture: 'test-multicol-response.json' });
    await control('POST', '/faults', { operation: 'DetectDocumentText', delayMs: 400 });
    const t0 = Date.now();
    await tx.send(new DetectDocumentTextCommand({ Document: { Bytes: MULTICOL_PNG } }));
    expect(Date.now() - t0).toBeGreaterThanOrEqual(380);
    const t1 = Date.now();
    await tx.send(new DetectDocumentTextCommand({ Document: { Bytes: MULTICOL_PNG } }));
    expect(Date.now() - t1).toBeLessThan(380);
  });

  test('a fault for another operation does not fire; ProvisionedThroughputExceededException is a 400', async () => {
    await register({ match: 'default', fixture: 'test-response.json' });
    await control('POST', '/faults', { count: 1, operation: 'Textract.AnalyzeDocument', error: 'ProvisionedThroughputExceededException' });
    await tx.send(new DetectDocumentTextCommand({ Document: { Bytes: MULTICOL_PNG } }));
    const e = await failure(textract(1).send(new AnalyzeDocumentCommand({ Document: { Bytes: MULTICOL_PNG }, FeatureTypes: ['FORMS'] })));
    expect(e.name).toBe('ProvisionedThroughputExceededException');
    expect(e.$metadata?.httpStatusCode).toBe(400);
  });
});
