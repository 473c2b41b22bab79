/**
 * Processes built from the seeds' tables (../shared/seeds: inputs, outputs and error codes) run on our own task
 * types: one process per connector, its inputs mapped from process variables named as the seeds name them, its
 * outputs as the seeds name them, one error boundary event per code the seed lists. Every code is produced by
 * what AWS would answer (the AI stand-in's or the fault proxy's injected exception or status) or by the input,
 * and caught by its own boundary event. The worker is configured only with the seeds' variable names.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Camunda8 } from '@camunda8/sdk';
import { startAlfrescoContent, type AlfrescoContent } from '../fakes/alfresco-content';
import { aiStandIn, camunda, stack, uniqueId, WorkerProcess } from './harness';
import { deployFunctions, type FunctionName } from './lambda-functions';
import { deploySeedProcess, HTTP_STATUS_CODES } from './alfresco-process';

const TEXTRACT_FIXTURES = path.resolve(__dirname, '../fakes/aws-ai/fixtures/textract');
const SCAN = readFileSync(path.join(TEXTRACT_FIXTURES, 'multicol-test-document.png'));
const IMAGE = readFileSync(path.resolve(__dirname, '../fakes/aws-ai/fixtures/rekognition/gradient-32x32.png'));
const GIF = Buffer.concat([Buffer.from('GIF89a', 'latin1'), Buffer.alloc(64, 1)]);
const PNG_5MB = Buffer.concat([SCAN.subarray(0, 8), Buffer.alloc(5 * 1024 * 1024 - 8, 1)]);
const fixture = (name: string) => JSON.parse(readFileSync(path.join(TEXTRACT_FIXTURES, name), 'utf8')) as { Blocks: { BlockType: string; Text?: string }[] };
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const inline = (bytes: Buffer, name: string) => ({ base64: bytes.toString('base64'), name });

const TYPES = {
  textract: uniqueId('aws:textract:seed'),
  rekognition: uniqueId('aws:rekognition:seed'),
  comprehend: uniqueId('aws:comprehend:seed'),
  lambda: uniqueId('aws:lambda:seed'),
};
/** Not deployed: the fault proxy answers before the emulator would. */
const NO_FUNCTION = 'seed-fault-target';

const HTTP_CODES = Object.keys(HTTP_STATUS_CODES);
const REKOGNITION_CODES = ['MISSING_INPUT', 'INVALID_INPUT', 'INVALID_RESULT_FORMAT', 'PROVISIONED_THROUGHPUT_EXCEEDED', 'ACCESS_DENIED', 'IMAGE_TOO_LARGE',
  'INVALID_IMAGE_FORMAT', 'LIMIT_EXCEEDED', 'THROTTLING_ERROR', 'UNKNOWN_ERROR', ...HTTP_CODES];
// Seed 000's Textract list is Rekognition's; CLIENT_EXECUTION_TIMEOUT (action.timeout) is ours too.
const TEXTRACT_CODES = [...REKOGNITION_CODES, 'CLIENT_EXECUTION_TIMEOUT'];
const COMPREHEND_CODES = ['MISSING_INPUT', 'INVALID_INPUT', 'INVALID_RESULT_FORMAT', 'TEXT_SIZE_LIMIT_EXCEEDED', 'TOO_MANY_REQUEST', 'UNSUPPORTED_LANGUAGE',
  'CLIENT_EXECUTION_TIMEOUT', 'UNKNOWN_ERROR', ...HTTP_CODES];
const LAMBDA_CODES = ['MISSING_INPUT', 'INVALID_INPUT', 'SERVICE_ERROR', 'INVALID_REQUEST', 'REQUEST_TOO_LARGE', 'UNKNOWN_ERROR', ...HTTP_CODES];

/** What the AI stand-in answers for the AWS AI connectors' codes (an exception name, a status, malformed). */
type AiFault = { error?: string; status?: number; malformed?: boolean; delayMs?: number };
const aiFaults = (own: Record<string, AiFault>): [string, AiFault][] => [
  ...Object.entries(own),
  // A name that maps to nothing, with a status that is not one of the seeds' codes.
  ['UNKNOWN_ERROR', { error: 'SeedUnmappedException', status: 418 }],
  // A name that maps to nothing: the HTTP status names the code.
  ...HTTP_CODES.map((code): [string, AiFault] => [code, { error: 'SeedStatusProbe', status: HTTP_STATUS_CODES[code]! }]),
];

let worker: WorkerProcess;
let c8: Camunda8;
let alfresco: AlfrescoContent;
let files: { url: string; server: http.Server };
let fn: Record<FunctionName, string>;
const ai = () => aiStandIn();

beforeAll(async () => {
  fn = await deployFunctions(uniqueId('seedfn').replace(/_/g, '-'));
  alfresco = await startAlfrescoContent({ port: 0 });
  const server = http.createServer((req, res) => {
    const body = req.url === '/anim.gif' ? GIF : req.url === '/5mb.png' ? PNG_5MB : SCAN;
    res.writeHead(200, { 'content-type': req.url === '/anim.gif' ? 'image/gif' : 'image/png' }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  files = { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
  worker = await WorkerProcess.start({
    CONNECTOR_TEXTRACT_TYPE: TYPES.textract,
    CONNECTOR_REKOGNITION_TYPE: TYPES.rekognition,
    CONNECTOR_COMPREHEND_TYPE: TYPES.comprehend,
    CONNECTOR_LAMBDA_TYPE: TYPES.lambda,
    AWS_ENDPOINT_URL_TEXTRACT: ai().endpoint,
    AWS_ENDPOINT_URL_REKOGNITION: ai().endpoint,
    AWS_ENDPOINT_URL_COMPREHEND: ai().endpoint,
    // Lambda through the fault proxy in front of the emulator.
    AWS_ENDPOINT_URL_LAMBDA: stack().S3_ENDPOINT,
    // The seeds' names only: AWS_SECRET_KEY (not the SDK's AWS_SECRET_ACCESS_KEY) ...
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_KEY: 'test',
    // ... and a general region where the emulator has none of the functions: Lambda must use AWS_LAMBDA_AWS_REGION.
    AWS_REGION: 'eu-west-3',
    AWS_LAMBDA_AWS_ACCESS_KEY: 'test',
    AWS_LAMBDA_AWS_SECRET_KEY: 'test',
    AWS_LAMBDA_AWS_REGION: stack().AWS_REGION,
    ALFRESCO_CONTENT_REPO_BASE_URL: alfresco.url,
    ALFRESCO_CONTENT_REPO_USERNAME: 'admin',
    ALFRESCO_CONTENT_REPO_PASSWORD: 'admin',
    AWS_MAX_ATTEMPTS: '1',
    DOCUMENT_URL_ALLOW_PRIVATE_ADDRESSES: 'true',
  });
  c8 = camunda();
}, 120_000);

afterAll(async () => {
  await c8?.getZeebeGrpcApiClient().close();
  await worker?.stop();
  await alfresco?.close();
  await new Promise((r) => files?.server.close(r));
});

/** Seed 000's inputs of each AWS AI connector, mapped from process variables of the same names (absent ones are null: not given). */
const mapped = (names: string[]) => Object.fromEntries(names.map((n) => [`action.${n}`, `=${n}`]));

describe('Rekognition LABEL (seeds 000 and 001)', () => {
  let run: Awaited<ReturnType<typeof deploySeedProcess>>;
  const file = inline(IMAGE, 'gradient.png');

  beforeAll(async () => {
    run = await deploySeedProcess(c8, {
      type: TYPES.rekognition,
      inputs: { 'action.type': 'LABEL', ...mapped(['file', 'files', 'uri', 'nodeId', 'mediaType', 'maxLabels', 'confidenceLevel', 'timeout']) },
      headers: { resultExpression: '={awsResult: awsResult, awsResponse: awsResponse, aisResponse: aisResponse, labels: labels, analysis: analysis}' },
      codes: REKOGNITION_CODES,
      errorOutputs: { analysis: '=analysis' },
    });
  });

  beforeEach(async () => {
    await ai().control('POST', '/reset');
    await ai().control('POST', '/rekognition/labels', { match: { sha256: sha256(IMAGE) }, labels: [{ Name: 'Car', Confidence: 99 }, { Name: 'Wheel', Confidence: 80 }, { Name: 'Tree', Confidence: 40 }] });
  });

  test('the seed\'s outputs: awsResult (001) and awsResponse (000), labels, aisResponse, analysis.error empty', async () => {
    const vars = await run({ file, mediaType: 'application/octect-stream' });
    expect(vars.caught).toBeUndefined();
    expect((vars.labels as { name: string }[]).map((l) => l.name)).toEqual(['Car', 'Wheel']);
    expect(vars.aisResponse).toEqual({ 'ai:labels': ['Car', 'Wheel'] });
    expect((vars.awsResult as { Labels: unknown[] }).Labels).toHaveLength(2);
    expect(vars.awsResponse).toEqual(vars.awsResult);
    expect((vars.analysis as { error: string[] }).error).toEqual([]);
  });

  const cases: [string, Record<string, unknown>, AiFault | undefined][] = [
    ['MISSING_INPUT', {}, undefined],
    ['INVALID_INPUT', { file, maxLabels: 0 }, undefined],
    ...aiFaults({
      INVALID_RESULT_FORMAT: { malformed: true },
      PROVISIONED_THROUGHPUT_EXCEEDED: { error: 'ProvisionedThroughputExceededException' },
      ACCESS_DENIED: { error: 'AccessDeniedException' },
      IMAGE_TOO_LARGE: { error: 'ImageTooLargeException' },
      INVALID_IMAGE_FORMAT: { error: 'InvalidImageFormatException' },
      LIMIT_EXCEEDED: { error: 'LimitExceededException' },
      THROTTLING_ERROR: { error: 'ThrottlingException' },
    }).map(([code, fault]): [string, Record<string, unknown>, AiFault] => [code, { file }, fault]),
  ];

  test('every code of the seed\'s table is listed here once', () => {
    expect(cases.map(([code]) => code).sort()).toEqual([...REKOGNITION_CODES].sort());
  });

  test.each(cases)('%s is caught by its own boundary event, with analysis.error', async (code, variables, fault) => {
    if (fault) await ai().control('POST', '/faults', { operation: 'DetectLabels', ...fault });
    const vars = await run(variables);
    expect(vars.caught).toBe(code);
    expect((vars.analysis as { error: string[] }).error).toEqual([expect.stringMatching(new RegExp(`^${code}: `))]);
    if (fault) expect(await ai().injected('RekognitionService.DetectLabels')).toBe(1);
  });
});

describe('Textract EXTRACT (seed 000)', () => {
  let run: Awaited<ReturnType<typeof deploySeedProcess>>;
  const file = inline(SCAN, 'scan.png');
  const detected = fixture('test-multicol-response.json');
  const analyzed = fixture('test-response.json');

  beforeAll(async () => {
    alfresco.addNode('seed-scan-1', { name: 'scan.png', mimeType: 'image/png', bytes: SCAN });
    run = await deploySeedProcess(c8, {
      type: TYPES.textract,
      inputs: { 'action.type': 'EXTRACT', ...mapped(['file', 'nodeId', 'uri', 'outputFormat', 'confidenceLevel', 'timeout']) },
      headers: { resultExpression: '={awsResult: awsResult}' },
      codes: TEXTRACT_CODES,
    });
  });

  beforeEach(async () => {
    await ai().control('POST', '/reset');
    await ai().control('POST', '/textract/responses', { match: { sha256: sha256(SCAN) }, fixture: 'test-multicol-response.json', operations: ['DetectDocumentText'] });
    await ai().control('POST', '/textract/responses', { match: { sha256: sha256(SCAN) }, fixture: 'test-response.json', operations: ['AnalyzeDocument'] });
  });

  test('awsResult holds both answers: DetectDocumentText and AnalyzeDocument (forms and tables)', async () => {
    const vars = await run({ file });
    expect(vars.caught).toBeUndefined();
    const awsResult = vars.awsResult as { detectDocumentText: { Blocks: unknown[] }; analyzeDocument: { Blocks: unknown[] } };
    expect(awsResult.detectDocumentText.Blocks).toHaveLength(detected.Blocks.length);
    expect(awsResult.analyzeDocument.Blocks).toHaveLength(analyzed.Blocks.length);
    expect(await ai().requests('Textract.DetectDocumentText')).toBe(1);
    expect(await ai().requests('Textract.AnalyzeDocument')).toBe(1);
  });

  test('outputFormat TXT: every LINE of DetectDocumentText joined with a line separator; nodeId and uri read the image too', async () => {
    const lines = detected.Blocks.filter((b) => b.BlockType === 'LINE').map((b) => b.Text).join('\n');
    expect(await run({ file, outputFormat: 'TXT' })).toMatchObject({ awsResult: lines });
    expect(await run({ nodeId: 'seed-scan-1', outputFormat: 'TXT' })).toMatchObject({ awsResult: lines });
    expect(await run({ uri: `${files.url}/scan.png`, outputFormat: 'TXT' })).toMatchObject({ awsResult: lines });
  });

  test('only JPEG and PNG under 5 MB: a GIF and a 5 MB image are refused before Textract is called', async () => {
    const gif = await run({ uri: `${files.url}/anim.gif` });
    expect([gif.caught, gif.caughtMessage]).toEqual(['INVALID_IMAGE_FORMAT', expect.stringContaining('action.uri: is not a JPEG or PNG image')]);
    const big = await run({ uri: `${files.url}/5mb.png` });
    expect([big.caught, big.caughtMessage]).toEqual(['IMAGE_TOO_LARGE', expect.stringContaining('action.uri: the image is 5 MB or more')]);
    expect(await ai().requests('Textract.DetectDocumentText')).toBe(0);
    expect(await ai().requests('Textract.AnalyzeDocument')).toBe(0);
  });

  const cases: [string, Record<string, unknown>, AiFault | undefined][] = [
    ['MISSING_INPUT', {}, undefined],
    ['INVALID_INPUT', { file, confidenceLevel: 2 }, undefined],
    ...aiFaults({
      INVALID_RESULT_FORMAT: { malformed: true },
      PROVISIONED_THROUGHPUT_EXCEEDED: { error: 'ProvisionedThroughputExceededException' },
      ACCESS_DENIED: { error: 'AccessDeniedException' },
      IMAGE_TOO_LARGE: { error: 'DocumentTooLargeException' },
      INVALID_IMAGE_FORMAT: { error: 'UnsupportedDocumentException' },
      LIMIT_EXCEEDED: { error: 'LimitExceededException' },
      THROTTLING_ERROR: { error: 'ThrottlingException' },
    }).map(([code, fault]): [string, Record<string, unknown>, AiFault] => [code, { file }, fault]),
    // action.timeout bounds the real-time calls: a call slower than it is aborted.
    ['CLIENT_EXECUTION_TIMEOUT', { file, timeout: 1000 }, { delayMs: 2000 }],
  ];

  test('every code of the seed\'s table is listed here once', () => {
    expect(cases.map(([code]) => code).sort()).toEqual([...TEXTRACT_CODES].sort());
  });

  test.each(cases)('%s is caught by its own boundary event', async (code, variables, fault) => {
    if (fault) await ai().control('POST', '/faults', { operation: 'DetectDocumentText', ...fault });
    const vars = await run(variables);
    expect(vars.caught).toBe(code);
    if (fault?.error || fault?.malformed) expect(await ai().injected('Textract.DetectDocumentText')).toBe(1);
  });
});

describe('Comprehend ENTITY (seed 000)', () => {
  let run: Awaited<ReturnType<typeof deploySeedProcess>>;
  const text = 'Ada Lovelace wrote to the Royal Society in London about the engine.';

  beforeAll(async () => {
    run = await deploySeedProcess(c8, {
      type: TYPES.comprehend,
      inputs: { 'action.type': 'ENTITY', ...mapped(['file', 'text', 'mediaType', 'maxEntities', 'confidenceLevel', 'timeout']) },
      headers: { resultExpression: '={awsResponse: awsResponse, aisResponse: aisResponse, entities: entities}' },
      codes: COMPREHEND_CODES,
    });
  });

  beforeEach(async () => {
    await ai().control('POST', '/reset');
    await ai().control('POST', '/comprehend/entities', {
      entities: [{ text: 'Ada Lovelace', type: 'PERSON', score: 0.99 }, { text: 'London', type: 'LOCATION', score: 0.97 }, { text: 'Royal Society', type: 'ORGANIZATION', score: 0.95 }],
    });
  });

  test('the seed\'s outputs: awsResponse, aisResponse, entities', async () => {
    const vars = await run({ text });
    expect(vars.caught).toBeUndefined();
    expect((vars.entities as { text: string }[]).map((e) => e.text).sort()).toEqual(['Ada Lovelace', 'London', 'Royal Society']);
    expect(vars.aisResponse).toMatchObject({ 'ai:people': ['Ada Lovelace'], 'ai:places': ['London'], 'ai:organizations': ['Royal Society'] });
    expect((vars.awsResponse as { Entities: unknown[] }).Entities).toHaveLength(3);
  });

  test.each(['application/octect-stream', 'application/octet-stream'])('a file with mediaType %s is read as UTF-8 text', async (mediaType) => {
    const vars = await run({ file: inline(Buffer.from(text, 'utf8'), 'letter.bin'), mediaType });
    expect(vars.caught).toBeUndefined();
    expect((vars.entities as unknown[]).length).toBe(3);
  });

  const cases: [string, Record<string, unknown>, AiFault | undefined][] = [
    ['MISSING_INPUT', {}, undefined],
    // another media type is refused, naming the field
    ['INVALID_INPUT', { file: inline(Buffer.from(text), 'letter.pdf'), mediaType: 'application/pdf' }, undefined],
    ...aiFaults({
      INVALID_RESULT_FORMAT: { malformed: true },
      TEXT_SIZE_LIMIT_EXCEEDED: { error: 'TextSizeLimitExceededException' },
      TOO_MANY_REQUEST: { error: 'TooManyRequestsException' },
      UNSUPPORTED_LANGUAGE: { error: 'UnsupportedLanguageException' },
      CLIENT_EXECUTION_TIMEOUT: { delayMs: 2000 },
    }).map(([code, fault]): [string, Record<string, unknown>, AiFault] => [code, { text, ...(code === 'CLIENT_EXECUTION_TIMEOUT' ? { timeout: 1000 } : {}) }, fault]),
  ];

  test('every code of the seed\'s table is listed here once', () => {
    expect(cases.map(([code]) => code).sort()).toEqual([...COMPREHEND_CODES].sort());
  });

  test.each(cases)('%s is caught by its own boundary event', async (code, variables, fault) => {
    if (fault) await ai().control('POST', '/faults', { operation: 'DetectEntities', ...fault });
    const vars = await run(variables);
    expect(vars.caught).toBe(code);
    if (code === 'INVALID_INPUT') expect(vars.caughtMessage).toContain('action.mediaType: Comprehend reads UTF-8 plain text');
    if (fault?.error || fault?.malformed) expect(await ai().injected('Comprehend_20171127.DetectEntities')).toBe(1);
  });
});

describe('Lambda INVOKE (seeds 000 and 004)', () => {
  let run: Awaited<ReturnType<typeof deploySeedProcess>>;
  const proxy = (body?: unknown) => fetch(stack().FAULT_PROXY_CONTROL, {
    method: body === undefined ? 'DELETE' : 'POST', headers: { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const task = (retries: number) => ({
    type: TYPES.lambda,
    retries,
    // `function` and `payload` are read from the process variables of those names, as the seeds name them.
    inputs: {},
    headers: { resultExpression: '={lambdaPayload: lambdaPayload, lambdaStatus: lambdaStatus, lambdaLog: lambdaLog, lambdaError: lambdaError}', retryBackoff: 'PT0.2S' },
    codes: LAMBDA_CODES,
    errorOutputs: { lambdaError: '=lambdaError' },
  });

  beforeAll(async () => {
    run = await deploySeedProcess(c8, task(1));
  });

  afterEach(async () => {
    await proxy();
  });

  test('the seed\'s outputs, in AWS_LAMBDA_AWS_REGION (the general AWS_REGION has no such function): payload, status, log', async () => {
    const vars = await run({ function: fn.echo, payload: { orderId: 7 } });
    expect(vars.caught).toBeUndefined();
    expect(vars).toMatchObject({ lambdaPayload: { echo: { orderId: 7 } }, lambdaStatus: 200, lambdaError: null });
    expect(vars.lambdaLog).toContain('echo log line {"orderId":7}');
  });

  test('a function\'s own error is reported in lambdaError and the task completes (the default)', async () => {
    const vars = await run({ function: fn.fails });
    expect(vars.caught).toBeUndefined();
    expect(vars.lambdaError).toMatchObject({ type: 'Runtime.HandlerError', message: 'the order is not valid', functionError: 'Unhandled' });
  });

  type ProxyFault = { status: number; code: string };
  const cases: [string, Record<string, unknown>, ProxyFault | undefined][] = [
    ['MISSING_INPUT', { payload: { a: 1 } }, undefined],
    ['INVALID_INPUT', { function: { name: 'not a text' } }, undefined],
    ...([
      ['SERVICE_ERROR', { status: 500, code: 'ServiceException' }],
      ['INVALID_REQUEST', { status: 400, code: 'InvalidRequestContentException' }],
      ['REQUEST_TOO_LARGE', { status: 413, code: 'RequestTooLargeException' }],
      ['UNKNOWN_ERROR', { status: 418, code: 'SeedUnmappedException' }],
      ...HTTP_CODES.map((code) => [code, { status: HTTP_STATUS_CODES[code]!, code: 'SeedStatusProbe' }]),
    ] as [string, ProxyFault][]).map(([code, fault]): [string, Record<string, unknown>, ProxyFault] => [code, { function: NO_FUNCTION }, fault]),
  ];

  test('every code of the seed\'s table is listed here once', () => {
    expect(cases.map(([code]) => code).sort()).toEqual([...LAMBDA_CODES].sort());
  });

  test.each(cases)('%s is caught by its own boundary event, with lambdaError', async (code, variables, fault) => {
    if (fault) await proxy({ ...fault, count: 1, match: `/functions/${NO_FUNCTION}/invocations` });
    const vars = await run(variables);
    expect(vars.caught).toBe(code);
    expect(vars.lambdaError).toMatchObject({ code, message: expect.any(String) });
  });

  test('UNKNOWN_ERROR is retried after retryBackoff while retries are left, then thrown and caught', async () => {
    const twice = await deploySeedProcess(c8, task(2));
    await proxy({ status: 418, code: 'SeedUnmappedException', count: 5, match: `/functions/${NO_FUNCTION}/invocations` });
    const vars = await twice({ function: NO_FUNCTION });
    expect(vars.caught).toBe('UNKNOWN_ERROR');
    const state = (await (await fetch(stack().FAULT_PROXY_CONTROL)).json()) as { counters: { failed: number } };
    expect(state.counters.failed).toBe(2);
  });
});
