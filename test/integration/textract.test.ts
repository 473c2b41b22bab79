import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Camunda8 } from '@camunda8/sdk';
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { GetDocumentTextDetectionCommand, TextractClient } from '@aws-sdk/client-textract';
import { subscribedQueue } from './sns-queue';
import { aiStandIn, camunda, createBucket, runTask, s3, shortenedJobTimeout, stack, startInstance, uniqueId, waitFor, WorkerProcess } from './harness';
import { expectResult } from './result-check';

const FIXTURES = path.resolve(__dirname, '../fakes/aws-ai/fixtures/textract');
const fixture = (name: string) => JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8')) as { Blocks: { BlockType: string; Text?: string }[] };
const png = readFileSync(path.join(FIXTURES, 'multicol-test-document.png'));
const invoice = readFileSync(path.join(FIXTURES, 'default_invoice_1.png'));
const paystub = readFileSync(path.join(FIXTURES, 'paystub.jpg'));
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const linesOf = (name: string) => fixture(name).Blocks.filter((b) => b.BlockType === 'LINE').map((b) => b.Text!).sort();

const TYPE = uniqueId('aws:textract:it');
const CAMUNDA_TYPE = uniqueId('io.camunda:aws-textract:it');
const BUCKET = 'it-textract';
const STAGING = 'it-textract-staging';

const control = (method: string, route: string, body?: unknown) => aiStandIn().control(method, route, body);
const register = (match: unknown, fixtureName: string, operations?: string[]) => control('POST', '/textract/responses', { match, fixture: fixtureName, operations });

let worker: WorkerProcess;
let c8: Camunda8;
let files: { url: string; server: http.Server };

const workerEnv = () => ({
  CONNECTOR_TEXTRACT_TYPE: TYPE,
  CAMUNDA_COMPATIBLE_TYPES: 'true',
  CONNECTOR_AWS_TEXTRACT_TYPE: CAMUNDA_TYPE,
  AWS_ENDPOINT_URL_TEXTRACT: aiStandIn().endpoint,
  AWS_ENDPOINT_URL_SQS: stack().AWS_ENDPOINT_URL_S3_EMULATOR,
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_S3_BUCKET: STAGING,
  AWS_MAX_ATTEMPTS: '1',
  DOCUMENT_URL_ALLOW_PRIVATE_ADDRESSES: 'true',
});

beforeAll(async () => {
  await createBucket(BUCKET);
  await createBucket(STAGING);
  const client = s3();
  await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'scans/multicol.png', Body: png, ContentType: 'image/png' }));
  await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'scans/two-pages.pdf', Body: Buffer.concat([Buffer.from('%PDF-1.7\n'), png]) }));
  await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'scans/paystub.jpg', Body: paystub, ContentType: 'image/jpeg' }));
  await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'scans/bad.pdf', Body: Buffer.from('%PDF-1.7\nbroken') }));
  client.destroy();
  const server = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'image/png' }).end(png));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  files = { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
  worker = await WorkerProcess.start(workerEnv());
  c8 = camunda();
});

beforeEach(async () => {
  await control('POST', '/reset');
  await control('POST', '/textract/config', { jobDelayMs: 1000, pageSize: 1000 });
});

afterAll(async () => {
  await c8?.getZeebeGrpcApiClient().close();
  await worker?.stop();
  await new Promise((r) => files?.server.close(r));
});

const extract = (action: Record<string, string>, headers: Record<string, string> = { resultVariable: 'result' }) => ({
  type: TYPE, inputs: Object.fromEntries(Object.entries(action).map(([k, v]) => [`action.${k}`, v])), headers,
});
type Extracted = { result: { awsResult: unknown; text: string; keyValues: unknown[]; tables: { rows: string[][] }[]; queries: { alias: string | null; answer: string | null }[]; pages: number } };

test('real-time, S3 document, no feature: DetectDocumentText, every line in text', async () => {
  await register({ bucket: BUCKET, key: 'scans/multicol.png' }, 'test-multicol-response.json', ['DetectDocumentText']);
  const vars = (await runTask(c8, extract({ type: 'extract', document: `={"bucket": "${BUCKET}", "key": "scans/multicol.png"}` }))) as Extracted;
  expect(vars.result.text.split('\n').sort()).toEqual(linesOf('test-multicol-response.json'));
  expect(vars.result.pages).toBe(1);
  expect((vars.result.awsResult as { Blocks: unknown[] }).Blocks).toHaveLength(fixture('test-multicol-response.json').Blocks.length);
  expectResult('textract', 'own', 'extract', vars.result);
});

test('real-time, uploaded bytes, tables and forms: AnalyzeDocument; TXT output', async () => {
  await register({ sha256: sha256(png) }, 'test-response.json', ['AnalyzeDocument']);
  const vars = (await runTask(c8, extract({
    type: 'extract', document: `={"base64": "${png.toString('base64')}", "name": "scan.png"}`, analyzeTables: '=true', analyzeForms: '=true', outputFormat: 'TXT',
  }))) as Extracted;
  expect(vars.result.awsResult).toBe(vars.result.text);
  expectResult('textract', 'own', 'extract', vars.result);
  expect(vars.result.text.split('\n').sort()).toEqual(linesOf('test-response.json'));
  expect(vars.result.tables).toHaveLength(1);
  expect(vars.result.keyValues.length).toBeGreaterThan(0);
});

test('real-time, layout: a two-column paystub read in the LAYOUT order (TXT output)', async () => {
  await register({ sha256: sha256(paystub) }, 'paystub-response.json', ['AnalyzeDocument']);
  const vars = (await runTask(c8, extract({
    type: 'extract', document: `={"bucket": "${BUCKET}", "key": "scans/paystub.jpg"}`, analyzeLayout: '=true', analyzeForms: '=true', analyzeTables: '=true', outputFormat: 'TXT',
  }))) as Extracted;
  const lines = (vars.result.awsResult as string).split('\n');
  const from = lines.indexOf('Social Security Number: 987-65-4321');
  expect(lines.slice(from, from + 9)).toEqual([
    'Social Security Number: 987-65-4321', 'Taxable Marital Status: Married', 'Exemptions/Allowances:', 'Federal: 3. $25 Additional Tax', 'State: 2', 'Local: 2',
    'JOHN STILES', '101 MAIN STREET', 'ANYTOWN, USA 12345',
  ]);
  expect(vars.result.tables.map((t) => t.rows[0][0])).toEqual(['CO.', 'Period ending:', 'Earnings', '', 'Deductions', 'Payroll check number:', 'Pay to the order of:']);
});

test.each(['analyzeSignatures', 'analyzeLayout', 'analyzeTables', 'analyzeForms'])('the %s switch alone asks AnalyzeDocument for that feature', async (feature) => {
  // Only AnalyzeDocument has a recording: without the feature the connector would call DetectDocumentText and fail.
  await register({ bucket: BUCKET, key: 'scans/multicol.png' }, 'test-response.json', ['AnalyzeDocument']);
  const vars = (await runTask(c8, extract({ type: 'extract', document: `={"bucket": "${BUCKET}", "key": "scans/multicol.png"}`, [feature]: '=true' }))) as Extracted;
  expect(vars.result.pages).toBe(1);
  const state = (await control('GET', '/state')) as { faults: { requests: Record<string, number> } };
  expect(state.faults.requests['Textract.AnalyzeDocument']).toBe(1);
  expect(state.faults.requests['Textract.DetectDocumentText'] ?? 0).toBe(0);
});

test('queries with aliases', async () => {
  await register({ bucket: BUCKET, key: 'scans/multicol.png' }, 'test-query-response.json', ['AnalyzeDocument']);
  const raw = fixture('test-query-response.json') as unknown as { Blocks: { BlockType: string; Query?: { Text: string; Alias?: string } }[] };
  const queries = raw.Blocks.filter((b) => b.BlockType === 'QUERY').map((b) => b.Query!);
  const feelList = `=[${queries.map((q) => `{text: "${q.Text}"${q.Alias ? `, alias: "${q.Alias}"` : ''}}`).join(', ')}]`;
  const vars = (await runTask(c8, extract({ type: 'extract', document: `={"bucket": "${BUCKET}", "key": "scans/multicol.png"}`, queries: feelList }))) as Extracted;
  expect(vars.result.queries.map((q) => q.alias)).toEqual(queries.map((q) => q.Alias ?? null));
  expect(vars.result.queries.every((q) => typeof q.answer === 'string')).toBe(true);
});

test('polling: a multi-page job IN_PROGRESS then SUCCEEDED, every page merged', async () => {
  await register({ bucket: BUCKET, key: 'scans/two-pages.pdf' }, 'multi-page-forms-samples-2-page.json', ['StartDocumentAnalysis', 'GetDocumentAnalysis']);
  await control('POST', '/textract/config', { jobDelayMs: 1500, pageSize: 50 });
  const vars = (await runTask(c8, extract({
    type: 'extract', document: `={"bucket": "${BUCKET}", "key": "scans/two-pages.pdf"}`, executionType: 'polling', analyzeForms: '=true', analyzeTables: '=true', pollInterval: '=300',
  }))) as Extracted;
  const blocks = fixture('multi-page-forms-samples-2-page.json').Blocks;
  expect((vars.result.awsResult as { Blocks: unknown[] }).Blocks).toHaveLength(blocks.length);
  expect(vars.result.pages).toBe(2);
  expect(vars.result.tables).toHaveLength(2);
  expectResult('textract', 'own', 'extract', vars.result);
});

test('polling an uploaded document stages it to AWS_S3_BUCKET and removes it afterwards', async () => {
  await register({ sha256: sha256(png) }, 'test-multicol-response.json', ['StartDocumentTextDetection', 'GetDocumentTextDetection']);
  const vars = (await runTask(c8, extract({
    type: 'extract', document: `={"base64": "${png.toString('base64')}", "name": "upload.png"}`, executionType: 'polling', pollInterval: '=300',
  }))) as Extracted;
  expect(vars.result.text.split('\n').sort()).toEqual(linesOf('test-multicol-response.json'));
  const client = s3();
  const left = await client.send(new ListObjectsV2Command({ Bucket: STAGING, Prefix: 'zeebe-aws-connectors/staging/' }));
  client.destroy();
  expect(left.KeyCount ?? 0).toBe(0);
});

test('polling with a notification queue: the result comes from Textract\'s SNS notification through SQS, not from the polls', async () => {
  const queue = await subscribedQueue(uniqueId('it-textract-done').replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 80));
  try {
    await register({ bucket: BUCKET, key: 'scans/multicol.png' }, 'test-multicol-response.json', ['StartDocumentTextDetection', 'GetDocumentTextDetection']);
    await control('POST', '/textract/config', { jobDelayMs: 1500, pageSize: 1000 });
    // A poll interval of 10 minutes: only the notification can end this job within the test.
    const vars = (await runTask(c8, extract({
      type: 'extract', document: `={"bucket": "${BUCKET}", "key": "scans/multicol.png"}`, executionType: 'polling', pollInterval: '=600000',
      snsTopicArn: `="${queue.topicArn}"`, snsRoleArn: '="arn:aws:iam::000000000000:role/textract-publishes"', notificationQueueUrl: `="${queue.queueUrl}"`,
    }))) as Extracted;
    expect(vars.result.text.split('\n').sort()).toEqual(linesOf('test-multicol-response.json'));
    const state = (await control('GET', '/state')) as { faults: { requests: Record<string, number> }; textract: { jobs: { notification?: { status: string } }[] } };
    // The first check (still IN_PROGRESS), then one read once notified.
    expect(state.faults.requests['Textract.GetDocumentTextDetection']).toBe(2);
    expect(state.textract.jobs.map((j) => j.notification?.status)).toEqual(['sent']);
    // The worker deleted the notification it took.
    await expect(queue.next(2000)).rejects.toThrow(/no notification/);
  } finally {
    queue.close();
  }
});

test('a notification queue is refused without the SNS topic it is subscribed to, or when it is not a queue URL', async () => {
  const base = { type: 'extract', document: `={"bucket": "${BUCKET}", "key": "scans/multicol.png"}`, executionType: 'polling' };
  const noTopic = await runTask(c8, extract({ ...base, notificationQueueUrl: '="https://sqs.us-east-1.amazonaws.com/123456789012/done"' }));
  expect(noTopic.caughtMessage).toMatch(/action\.snsTopicArn: is required with a notification queue/);
  const notQueue = await runTask(c8, extract({
    ...base, snsTopicArn: '="arn:aws:sns:us-east-1:123456789012:done"', snsRoleArn: '="arn:aws:iam::123456789012:role/r"', notificationQueueUrl: '="http://169.254.169.254/latest/meta-data"',
  }));
  expect(notQueue.caughtMessage).toMatch(/action\.notificationQueueUrl: is not an SQS queue URL/);
});

test('a FAILED job is an UNPROCESSABLE_ENTITY BPMN error with the status message', async () => {
  await register({ bucket: BUCKET, key: 'scans/bad.pdf' }, 'test-failed-response.json');
  const vars = await runTask(c8, extract({ type: 'extract', document: `={"bucket": "${BUCKET}", "key": "scans/bad.pdf"}`, executionType: 'polling', pollInterval: '=300' }));
  expect([vars.caughtCode, vars.caughtMessage]).toEqual(["UNPROCESSABLE_ENTITY", expect.stringMatching(/Textract job .* failed/)]);
  expect(vars.caughtMessage).toMatch(/Textract job .* failed/);
});

test('asynchronous: start only, answers the job ID', async () => {
  await register({ bucket: BUCKET, key: 'scans/multicol.png' }, 'test-multicol-response.json');
  const vars = await runTask(c8, extract({
    type: 'extract', document: `={"bucket": "${BUCKET}", "key": "scans/multicol.png"}`, executionType: 'async', analyzeTables: '=true', outputBucket: BUCKET, outputPrefix: 'textract-out', jobTag: 'it',
  }));
  const jobId = (vars.result as { jobId: string }).jobId;
  expect(jobId).toMatch(/\S+/);
  expectResult('textract', 'own', 'extract', vars.result);
  // The job finishes later on its own and writes its result where OutputConfig said.
  const written = await waitFor('the async output in S3', async () => {
    const client = s3();
    const listed = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: `textract-out/${jobId}/` }));
    client.destroy();
    return (listed.KeyCount ?? 0) > 0 ? listed.Contents!.map((o) => o.Key) : undefined;
  }, 15_000);
  expect(written).toContain(`textract-out/${jobId}/1`);
});

const stagedKeys = async () => {
  const client = s3();
  const listed = await client.send(new ListObjectsV2Command({ Bucket: STAGING, Prefix: 'zeebe-aws-connectors/staging/' }));
  client.destroy();
  return (listed.Contents ?? []).map((o) => o.Key!);
};

test('asynchronous, uploaded document: the staged copy stays while the job runs and is removed once it has finished', async () => {
  await register({ sha256: sha256(png) }, 'test-multicol-response.json', ['StartDocumentTextDetection', 'GetDocumentTextDetection']);
  await control('POST', '/textract/config', { jobDelayMs: 3000, pageSize: 1000 });
  const vars = await runTask(c8, extract({
    type: 'extract', document: `={"base64": "${png.toString('base64')}", "name": "async-upload.png"}`, executionType: 'async', pollInterval: '=300',
  }));
  const jobId = (vars.result as { jobId: string }).jobId;
  // Textract reads the staged copy while the job runs: it is still there when the Zeebe job has completed.
  expect((await stagedKeys()).filter((k) => k.endsWith('/async-upload.png'))).toHaveLength(1);
  // As a user reads the result: once Textract says SUCCEEDED, the worker removes the staged copy.
  const textract = new TextractClient({ endpoint: aiStandIn().endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  try {
    expect((await textract.send(new GetDocumentTextDetectionCommand({ JobId: jobId }))).JobStatus).toBe('IN_PROGRESS');
    await waitFor('the job to finish', async () => ((await textract.send(new GetDocumentTextDetectionCommand({ JobId: jobId }))).JobStatus === 'SUCCEEDED' ? true : undefined), 15_000);
  } finally {
    textract.destroy();
  }
  await waitFor('the staged copy to be removed', async () => ((await stagedKeys()).some((k) => k.endsWith('/async-upload.png')) ? undefined : true), 10_000);
});

test('asynchronous, S3 document given by the user: never removed, nothing staged', async () => {
  await register({ bucket: BUCKET, key: 'scans/multicol.png' }, 'test-multicol-response.json');
  await control('POST', '/textract/config', { jobDelayMs: 300, pageSize: 1000 });
  const vars = await runTask(c8, extract({ type: 'extract', document: `={"bucket": "${BUCKET}", "key": "scans/multicol.png"}`, executionType: 'async', pollInterval: '=300' }));
  expect((vars.result as { jobId: string }).jobId).toMatch(/\S+/);
  await new Promise((r) => setTimeout(r, 2000));
  const client = s3();
  const listed = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'scans/multicol.png' }));
  client.destroy();
  expect(listed.KeyCount).toBe(1);
  expect(await stagedKeys()).toEqual([]);
});

test('expense analysis: summary fields and line items', async () => {
  await register({ sha256: sha256(invoice) }, 'invoice-expense-response.json', ['AnalyzeExpense']);
  const vars = await runTask(c8, extract({ type: 'expense', document: `={"base64": "${invoice.toString('base64')}", "name": "invoice.png"}` }));
  const result = vars.result as { summaryFields: unknown[]; lineItems: unknown[][] };
  expect(result.summaryFields.length).toBeGreaterThan(0);
  expect(result.lineItems.length).toBeGreaterThan(0);
  expectResult('textract', 'own', 'expense', vars.result);
});

test('a GIF is INVALID_IMAGE_FORMAT (UnsupportedDocumentException from the service)', async () => {
  const gif = Buffer.from('R0lGODlhAQABAAAAACw=', 'base64');
  const vars = await runTask(c8, extract({ type: 'extract', document: `={"base64": "${gif.toString('base64')}", "name": "x.gif"}` }));
  expect(vars.caughtCode).toBe('INVALID_IMAGE_FORMAT');
});

test('throttling is retried with the backoff, then succeeds', async () => {
  await register({ bucket: BUCKET, key: 'scans/multicol.png' }, 'test-multicol-response.json');
  await control('POST', '/faults', { count: 2, operation: 'Textract.DetectDocumentText', error: 'ThrottlingException' });
  const vars = (await runTask(c8, extract({ type: 'extract', document: `={"bucket": "${BUCKET}", "key": "scans/multicol.png"}` }, { resultVariable: 'result', retryBackoff: 'PT0.3S' }))) as Extracted;
  expect(vars.result.pages).toBe(1);
  const state = (await control('GET', '/state')) as { faults: { injected: Record<string, number> } };
  expect(state.faults.injected['Textract.DetectDocumentText']).toBe(2);
});

test('a worker stopped in the middle of polling: the next worker reuses the same Textract job', async () => {
  await register({ bucket: BUCKET, key: 'scans/two-pages.pdf' }, 'multi-page-forms-samples-2-page.json');
  await control('POST', '/textract/config', { jobDelayMs: 8000, pageSize: 1000 });
  const { processInstanceKey } = await startInstance(c8, extract({
    type: 'extract', document: `={"bucket": "${BUCKET}", "key": "scans/two-pages.pdf"}`, executionType: 'polling', analyzeForms: '=true', pollInterval: '=500',
  }));
  // The worker's log is shared by the whole suite: look only at this instance's lines.
  const started = await waitFor('the Textract job to start', () => worker.output.split('\n')
    .find((l) => l.includes('Textract job started') && l.includes(`"processInstanceKey":"${processInstanceKey}"`)));
  const firstJobId = /"textractJobId":"([^"]+)"/.exec(started)![1];
  // Kill only once the engine has the shortened (extended) timeout, as a crash mid-polling would find it: the
  // job, still activated, is due within the worker's polling extension (4 intervals + 10 s), not within the
  // activation timeout (WORKER_JOB_TIMEOUT_MS, 300 s).
  await shortenedJobTimeout(processInstanceKey);
  await worker.stop('SIGKILL');
  worker = await WorkerProcess.start(workerEnv());
  // The job comes back after the extended timeout (2 intervals + 10 s); the new worker asks for the same
  // Textract job (same ClientRequestToken) and completes from it.
  await waitFor('the new worker to complete the job', () => (worker.output.includes('job completed') ? true : undefined), 60_000);
  expect(worker.output).toContain(`"textractJobId":"${firstJobId}"`);
  const state = (await control('GET', '/state')) as { textract: { jobs: { jobId: string; clientRequestToken?: string }[] } };
  expect(state.textract.jobs.map((j) => j.jobId)).toEqual([firstJobId]);
}, 90_000);

describe('io.camunda:aws-textract:1', () => {
  const official = (inputs: Record<string, string>) => ({
    type: CAMUNDA_TYPE,
    inputs: { 'authentication.accessKey': 'test', 'authentication.secretKey': 'test', 'configuration.region': 'us-east-1', ...inputs },
    headers: { resultVariable: 'result' },
  });

  test('S3 document, POLLING by default: the official camelCase shape with every page merged', async () => {
    await register({ bucket: BUCKET, key: 'scans/two-pages.pdf' }, 'multi-page-forms-samples-2-page.json');
    await control('POST', '/textract/config', { jobDelayMs: 500, pageSize: 60 });
    const vars = await runTask(c8, official({
      'input.documentLocationType': 'S3', 'input.documentS3Bucket': BUCKET, 'input.documentName': 'scans/two-pages.pdf',
      'input.analyzeTables': 'true', 'input.analyzeForms': 'true', 'input.analyzeSignatures': 'false', 'input.analyzeQueries': 'false',
    }));
    const result = vars.result as { jobStatus: string; nextToken: unknown; documentMetadata: { pages: number }; blocks: { blockType: string; geometry: { boundingBox: unknown } }[]; sdkHttpMetadata: { httpStatusCode: number } };
    expect(result.jobStatus).toBe('SUCCEEDED');
    expect(result.nextToken).toBeNull();
    expect(result.documentMetadata.pages).toBe(2);
    expect(result.blocks).toHaveLength(fixture('multi-page-forms-samples-2-page.json').Blocks.length);
    expect(result.blocks[0].blockType).toBe('PAGE');
    expect(result.blocks[0].geometry.boundingBox).toBeDefined();
    expect(result.sdkHttpMetadata.httpStatusCode).toBe(200);
    expectResult('textract', 'camunda', 'POLLING', vars.result);
  });

  test('ASYNC with the notification channel bindings: the job ID, then Textract\'s completion message on the SNS topic', async () => {
    const queue = await subscribedQueue(uniqueId('it-textract-done'));
    try {
      await register({ bucket: BUCKET, key: 'scans/two-pages.pdf' }, 'multi-page-forms-samples-2-page.json');
      await control('POST', '/textract/config', { jobDelayMs: 500, pageSize: 1000 });
      const vars = await runTask(c8, official({
        'input.documentLocationType': 'S3', 'input.documentS3Bucket': BUCKET, 'input.documentName': 'scans/two-pages.pdf', 'input.executionType': 'ASYNC',
        'input.analyzeTables': 'false', 'input.analyzeForms': 'true', 'input.analyzeSignatures': 'false', 'input.analyzeQueries': 'false',
        'input.jobTag': 'claim-7', 'input.notificationChannelSnsTopicArn': queue.topicArn, 'input.notificationChannelRoleArn': 'arn:aws:iam::000000000000:role/textract-publishes',
      }));
      const { jobId } = vars.result as { jobId: string };
      expect(jobId).toMatch(/^[0-9a-f]{64}$/);
      expectResult('textract', 'camunda', 'ASYNC', vars.result);
      expect(await queue.next()).toEqual({
        JobId: jobId, Status: 'SUCCEEDED', API: 'StartDocumentAnalysis', JobTag: 'claim-7', Timestamp: expect.any(Number),
        DocumentLocation: { S3ObjectName: 'scans/two-pages.pdf', S3Bucket: BUCKET },
      });
    } finally {
      queue.close();
    }
  });

  test('UPLOADED (v8 external source) without input.executionType (the official template bug) runs real-time', async () => {
    await register({ sha256: sha256(png) }, 'test-response.json', ['AnalyzeDocument']);
    const vars = await runTask(c8, official({
      'input.documentLocationType': 'UPLOADED',
      'input.document_documentSource': 'external',
      'input.document_external_url': `${files.url}/scan.png`,
      'input.analyzeTables': 'true', 'input.analyzeForms': 'true',
    }));
    const result = vars.result as { blocks: unknown[]; jobStatus?: unknown; documentMetadata: { pages: number } };
    expect(result.blocks).toHaveLength(fixture('test-response.json').Blocks.length);
    expect(result.documentMetadata.pages).toBe(1);
    expect(result).not.toHaveProperty('jobStatus');
    expectResult('textract', 'camunda', 'SYNC', vars.result);
  });
});
