/**
 * aws:rekognition:1 end to end: the real cluster, the worker as its own process, the real AWS SDK against the
 * AI stand-in (Rekognition, with a recorded real DetectLabels answer) and the S3 emulator (images and staging),
 * Alfresco's content API stand-in for nodeId, a local HTTP server for uri.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Camunda8 } from '@camunda8/sdk';
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { startAlfrescoContent, type AlfrescoContent } from '../fakes/alfresco-content';
import { aiStandIn, camunda, createBucket, runTask, s3, uniqueId, WorkerProcess } from './harness';
import { expectResult } from './result-check';

const FIXTURES = path.resolve(__dirname, '../fakes/aws-ai/fixtures/rekognition');
const PNG = readFileSync(path.join(FIXTURES, 'gradient-32x32.png'));
const RECORDED = JSON.parse(readFileSync(path.join(FIXTURES, 'detect-labels-cli-example.json'), 'utf8')) as { Labels: { Name: string; Confidence: number }[] };
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const MB = 1024 * 1024;
/** The stand-in reads only the magic bytes, so a big "image" is a PNG signature and filler. */
const bigPng = (bytes: number, seed: number) => Buffer.concat([PNG.subarray(0, 8), Buffer.alloc(bytes - 8, seed)]);

const TYPE = uniqueId('aws:rekognition:it');
const IMAGES = 'it-rekognition-images';
const STAGING = 'it-rekognition-staging';
const IMAGE_4_9 = bigPng(Math.round(4.9 * MB), 1);
const IMAGE_6 = bigPng(6 * MB, 2);
const IMAGE_16 = bigPng(16 * MB, 3);
const GIF = Buffer.concat([Buffer.from('GIF89a', 'latin1'), Buffer.alloc(256, 7)]);

const control = (method: string, route: string, body?: unknown) => aiStandIn().control(method, route, body);
const DETECT_LABELS = 'RekognitionService.DetectLabels';
const label = (Name: string, Confidence: number, parents: string[] = []) => ({ Name, Confidence, Parents: parents.map((p) => ({ Name: p })), Categories: [{ Name: 'Vehicles and Automotive' }] });
const registerLabels = (image: Buffer, labels: unknown[]) => control('POST', '/rekognition/labels', { match: { sha256: sha256(image) }, labels });

let worker: WorkerProcess;
let c8: Camunda8;
let alfresco: AlfrescoContent;
let files: { url: string; server: http.Server };

beforeAll(async () => {
  await createBucket(IMAGES);
  await createBucket(STAGING);
  const client = s3();
  for (const [Key, Body] of [['small.png', PNG], ['4.9mb.png', IMAGE_4_9], ['6mb.png', IMAGE_6], ['16mb.png', IMAGE_16], ['anim.gif', GIF]] as const) {
    await client.send(new PutObjectCommand({ Bucket: IMAGES, Key, Body, ContentType: Key.endsWith('gif') ? 'image/gif' : 'image/png' }));
  }
  alfresco = await startAlfrescoContent({ port: 0 });
  const served: Record<string, Buffer> = { '/images/4.9mb.png': IMAGE_4_9, '/images/6mb.png': IMAGE_6, '/images/16mb.png': IMAGE_16 };
  const server = http.createServer((req, res) => res.writeHead(200, { 'content-type': 'image/png' }).end(served[req.url ?? ''] ?? PNG));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  files = { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
  worker = await WorkerProcess.start({
    CONNECTOR_REKOGNITION_TYPE: TYPE,
    AWS_ENDPOINT_URL_REKOGNITION: aiStandIn().endpoint,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_S3_BUCKET: STAGING,
    AWS_MAX_ATTEMPTS: '1',
    DOCUMENT_URL_ALLOW_PRIVATE_ADDRESSES: 'true',
    ALFRESCO_CONTENT_REPO_BASE_URL: `${alfresco.url}/alfresco`,
    ALFRESCO_CONTENT_REPO_USERNAME: 'admin',
    ALFRESCO_CONTENT_REPO_PASSWORD: 'admin',
  });
  c8 = camunda();
});

beforeEach(async () => {
  await control('POST', '/reset');
});

afterAll(async () => {
  await c8?.getZeebeGrpcApiClient().close();
  await worker?.stop();
  await alfresco?.close();
  await new Promise((r) => files?.server.close(r));
});

interface Labelled {
  result: {
    labels: { name: string; confidence: number; parents: string[]; categories: string[]; instances: unknown[] }[];
    aisResponse: { 'ai:labels': string[] };
    awsResponse: { Labels: { Name: string; Confidence: number }[]; LabelModelVersion: string };
    analysis: { error: string[]; image: string; bytes: number; format: string };
  };
  caughtCode?: string;
  caughtMessage?: string;
}

const task = (action: Record<string, string>, headers: Record<string, string> = { resultVariable: 'result' }) => ({
  type: TYPE, inputs: Object.fromEntries(Object.entries(action).map(([k, v]) => [`action.${k}`, v])), headers,
});
const s3File = (key: string) => `={"bucket": "${IMAGES}", "key": "${key}"}`;
const stagedLeft = async () => (await s3().send(new ListObjectsV2Command({ Bucket: STAGING, Prefix: 'zeebe-aws-connectors/staging/' }))).KeyCount ?? 0;

test('a recorded real answer: the default confidence level (0.75) and maxLabels (10); labels, AIS and the service answer', async () => {
  await control('POST', '/rekognition/labels', { match: { sha256: sha256(PNG) }, fixture: 'detect-labels-cli-example.json' });
  const vars = (await runTask(c8, task({ type: 'LABEL', file: s3File('small.png') }))) as unknown as Labelled;
  const expected = RECORDED.Labels.filter((l) => l.Confidence >= 75).sort((a, b) => b.Confidence - a.Confidence).slice(0, 10);
  expect(vars.result.labels.map((l) => l.name)).toEqual(expected.map((l) => l.Name));
  expect(vars.result.labels[0]!.confidence).toBeCloseTo(expected[0]!.Confidence / 100, 6);
  expect(vars.result.awsResponse.Labels.map((l) => l.Name)).toEqual(expected.map((l) => l.Name));
  // seed 001 names the service's answer awsResult, seed 000 awsResponse: both are there, the same
  expect((vars.result as unknown as { awsResult: unknown }).awsResult).toEqual(vars.result.awsResponse);
  expect(vars.result.aisResponse).toEqual({ 'ai:labels': expected.map((l) => l.Name) });
  expect(vars.result.analysis).toEqual({ error: [], image: 's3', bytes: PNG.length, format: 'PNG' });
  expectResult('rekognition', 'own', 'label', vars.result);
});

test('confidenceLevel is sent as 0..100 and maxLabels caps; parents and categories as names', async () => {
  await registerLabels(PNG, [label('Car', 99.1, ['Vehicle']), label('Vehicle', 99.1), label('Wheel', 81), label('Tree', 40)]);
  const strict = (await runTask(c8, task({ file: s3File('small.png'), confidenceLevel: '=0.9' }))) as unknown as Labelled;
  expect(strict.result.labels.map((l) => l.name)).toEqual(['Car', 'Vehicle']);
  expect(strict.result.labels[0]).toEqual(expect.objectContaining({ parents: ['Vehicle'], categories: ['Vehicles and Automotive'], instances: [] }));
  const loose = (await runTask(c8, task({ file: s3File('small.png'), confidenceLevel: '=0.3', maxLabels: '=3' }))) as unknown as Labelled;
  expect(loose.result.labels.map((l) => l.name)).toEqual(['Car', 'Vehicle', 'Wheel']);
});

test('4.9 MB goes as bytes; 6 MB is staged to S3 and removed afterwards; 16 MB is IMAGE_TOO_LARGE', async () => {
  await registerLabels(IMAGE_4_9, [label('Large', 90)]);
  await registerLabels(IMAGE_6, [label('Larger', 90)]);
  const small = (await runTask(c8, task({ uri: `${files.url}/images/4.9mb.png` }))) as unknown as Labelled;
  expect(small.result.analysis).toEqual({ error: [], image: 'bytes', bytes: IMAGE_4_9.length, format: 'PNG' });
  expect(small.result.labels.map((l) => l.name)).toEqual(['Large']);

  const staged = (await runTask(c8, task({ uri: `${files.url}/images/6mb.png` }))) as unknown as Labelled;
  expect(staged.result.analysis).toEqual({ error: [], image: 's3', bytes: IMAGE_6.length, format: 'PNG' });
  // The stand-in read the staged S3 object: it matched the 6 MB image's registration by its bytes.
  expect(staged.result.labels.map((l) => l.name)).toEqual(['Larger']);
  expect(await stagedLeft()).toBe(0);

  const tooLarge = (await runTask(c8, task({ uri: `${files.url}/images/16mb.png` }))) as unknown as Labelled;
  expect(tooLarge.caughtCode).toBe('IMAGE_TOO_LARGE');
  expect(await aiStandIn().requests(DETECT_LABELS)).toBe(2);
});

test('an S3 image goes to Rekognition as the S3 object, neither downloaded nor staged; its size and format come from a ranged read', async () => {
  await registerLabels(IMAGE_4_9, [label('Large', 90)]);
  // Under 5 MB, a downloaded image would go as bytes; the S3 object goes as itself.
  const vars = (await runTask(c8, task({ files: `=[{"bucket": "${IMAGES}", "key": "4.9mb.png"}]` }))) as unknown as Labelled;
  expect(vars.result.analysis).toEqual({ error: [], image: 's3', bytes: IMAGE_4_9.length, format: 'PNG' });
  // The stand-in matched the registration by the bytes it read from the S3 object itself.
  expect(vars.result.labels.map((l) => l.name)).toEqual(['Large']);
  const tooLarge = (await runTask(c8, task({ file: s3File('16mb.png') }))) as unknown as Labelled;
  expect(tooLarge.caughtCode).toBe('IMAGE_TOO_LARGE');
  expect(tooLarge.caughtMessage).toContain(`${IMAGE_16.length} bytes`);
  const missing = (await runTask(c8, task({ file: s3File('no-such.png') }))) as unknown as Labelled;
  expect(missing.caughtCode).toBe('NOT_FOUND');
  expect(await aiStandIn().requests(DETECT_LABELS)).toBe(1);
});

test('a GIF is INVALID_IMAGE_FORMAT, read from its bytes before Rekognition is called', async () => {
  const vars = (await runTask(c8, task({ file: `={"base64": "${GIF.toString('base64')}", "name": "looks-like.png"}` }))) as unknown as Labelled;
  expect(vars.caughtCode).toBe('INVALID_IMAGE_FORMAT');
  expect(vars.caughtMessage).toContain('action.file');
  const viaS3 = (await runTask(c8, task({ file: s3File('anim.gif') }))) as unknown as Labelled;
  expect(viaS3.caughtCode).toBe('INVALID_IMAGE_FORMAT');
  expect(await aiStandIn().requests(DETECT_LABELS)).toBe(0);
});

test('uri and nodeId sources, and an Alfresco file list; an unknown node is NOT_FOUND', async () => {
  await registerLabels(PNG, [label('Gradient', 97)]);
  const byUri = (await runTask(c8, task({ uri: `${files.url}/images/gradient.png` }))) as unknown as Labelled;
  expect(byUri.result.aisResponse).toEqual({ 'ai:labels': ['Gradient'] });

  alfresco.addNode('5f1b0c7e-7a43-4d7a-9a53-1f3c2a1b0d11', { name: 'gradient.png', mimeType: 'image/png', bytes: PNG });
  const byNode = (await runTask(c8, task({ nodeId: '5f1b0c7e-7a43-4d7a-9a53-1f3c2a1b0d11' }))) as unknown as Labelled;
  expect(byNode.result.labels.map((l) => l.name)).toEqual(['Gradient']);
  const byFiles = (await runTask(c8, task({ files: '=[{nodeId: "5f1b0c7e-7a43-4d7a-9a53-1f3c2a1b0d11", name: "gradient.png"}, {nodeId: "ignored"}]' }))) as unknown as Labelled;
  expect(byFiles.result.labels.map((l) => l.name)).toEqual(['Gradient']);

  const missing = (await runTask(c8, task({ nodeId: 'no-such-node' }))) as unknown as Labelled;
  expect(missing.caughtCode).toBe('NOT_FOUND');
  expect(missing.caughtMessage).toContain('action.nodeId');
});

test('two sources are INVALID_INPUT, none MISSING_INPUT', async () => {
  const two = (await runTask(c8, task({ uri: `${files.url}/a.png`, nodeId: 'x' }))) as unknown as Labelled;
  expect(two.caughtCode).toBe('INVALID_INPUT');
  const none = (await runTask(c8, task({ maxLabels: '=3' }))) as unknown as Labelled;
  expect(none.caughtCode).toBe('MISSING_INPUT');
});

test('throttling (a 500 from Rekognition) is retried after the backoff, then succeeds; access denied is a BPMN error', async () => {
  await registerLabels(PNG, [label('Gradient', 97)]);
  await control('POST', '/faults', { operation: 'RekognitionService.DetectLabels', error: 'ThrottlingException', count: 1 });
  const vars = (await runTask(c8, task({ file: s3File('small.png') }, { resultVariable: 'result', retryBackoff: 'PT0S' }))) as unknown as Labelled;
  expect(vars.result.labels.map((l) => l.name)).toEqual(['Gradient']);
  expect(await aiStandIn().injected(DETECT_LABELS)).toBe(1);
  expect(await aiStandIn().requests(DETECT_LABELS)).toBe(2);

  await control('POST', '/faults', { operation: 'DetectLabels', error: 'AccessDeniedException', count: 1 });
  const denied = (await runTask(c8, task({ file: s3File('small.png') }))) as unknown as Labelled;
  expect(denied.caughtCode).toBe('ACCESS_DENIED');
});

test('a DetectLabels call slower than action.timeout is aborted: CLIENT_EXECUTION_TIMEOUT', async () => {
  await registerLabels(PNG, [label('Gradient', 97)]);
  await control('POST', '/faults', { operation: 'DetectLabels', delayMs: 3000, count: 1 });
  const vars = (await runTask(c8, { ...task({ file: s3File('small.png'), timeout: '=1000' }), retries: 1 })) as unknown as Labelled;
  expect(vars.caughtCode).toBe('CLIENT_EXECUTION_TIMEOUT');
});
