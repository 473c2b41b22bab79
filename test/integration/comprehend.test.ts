/**
 * aws:comprehend:1 and io.camunda:aws-comprehend:1 end to end: the real cluster, the worker as its own process,
 * the real AWS SDK against the AI stand-in (Comprehend) and the S3 emulator (asynchronous jobs), Alfresco's
 * content API stand-in for nodeId.
 */
import type { Camunda8 } from '@camunda8/sdk';
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { startAlfrescoContent, type AlfrescoContent } from '../fakes/alfresco-content';
import { aiStandIn, camunda, createBucket, runTask, s3, uniqueId, WorkerProcess } from './harness';
import { expectResult } from './result-check';

const TYPE = uniqueId('aws:comprehend:it');
const CAMUNDA_TYPE = uniqueId('io.camunda:aws-comprehend:it');
const DOCS = 'it-comprehend-docs';
const STAGING = 'it-comprehend-staging';
const SECRET_KEY_ID = 'AKIACOMPREHENDSECRET7';

const control = (method: string, route: string, body?: unknown) => aiStandIn().control(method, route, body);
const requests = (operation: string) => aiStandIn().requests(`Comprehend_20171127.${operation}`);

let worker: WorkerProcess;
let c8: Camunda8;
let alfresco: AlfrescoContent;

beforeAll(async () => {
  await createBucket(DOCS);
  await createBucket(STAGING);
  alfresco = await startAlfrescoContent({ port: 0, user: 'apa', password: 'apa-pass' });
  worker = await WorkerProcess.start({
    CONNECTOR_COMPREHEND_TYPE: TYPE,
    CAMUNDA_COMPATIBLE_TYPES: 'true',
    CONNECTOR_AWS_COMPREHEND_TYPE: CAMUNDA_TYPE,
    AWS_ENDPOINT_URL_COMPREHEND: aiStandIn().endpoint,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_S3_BUCKET: STAGING,
    AWS_COMPREHEND_ROLE_ARN: 'arn:aws:iam::123456789012:role/comprehend-data-access',
    AWS_MAX_ATTEMPTS: '1',
    ALFRESCO_CONTENT_REPO_BASE_URL: alfresco.url,
    ALFRESCO_CONTENT_REPO_USERNAME: 'apa',
    ALFRESCO_CONTENT_REPO_PASSWORD: 'apa-pass',
    SECRET_COMPREHEND_KEY_ID: SECRET_KEY_ID,
  });
  c8 = camunda();
});

beforeEach(async () => {
  await control('POST', '/reset');
  await control('POST', '/comprehend/config', { jobDelayMs: 1000 });
  await control('POST', '/comprehend/entities', {
    entities: [
      { text: 'Ada Lovelace', type: 'PERSON', score: 0.99 },
      { text: 'London', type: 'LOCATION', score: 0.97 },
      { text: 'Royal Society', type: 'ORGANIZATION', score: 0.93 },
      { text: '1843', type: 'DATE', score: 0.9 },
      { text: 'Analytical Engine', type: 'COMMERCIAL_ITEM', score: 0.6 },
    ],
  });
});

afterAll(async () => {
  await c8?.getZeebeGrpcApiClient().close();
  await worker?.stop();
  await alfresco?.close();
});

interface Entity { text: string; type: string; score: number; beginOffset: number; endOffset: number }
interface EntityResult {
  result: {
    entities: Entity[];
    aisResponse: Record<string, string[]>;
    awsResponse: { Entities: { Text: string; BeginOffset: number; EndOffset: number }[] };
    languageCode: string;
    analysis: { method: string; pieces: number; jobId?: string };
  };
  caughtCode?: string;
  caughtMessage?: string;
}

const task = (action: Record<string, string>, headers: Record<string, string> = { resultVariable: 'result' }, retries = 3) => ({
  type: TYPE, retries, inputs: Object.fromEntries(Object.entries(action).map(([k, v]) => [`action.${k}`, v])), headers,
});

/** Every entity's offsets (code points) must point at its text in the original. */
function expectOffsetsInto(text: string, entities: { text?: string; Text?: string; beginOffset?: number; endOffset?: number; BeginOffset?: number; EndOffset?: number }[]): void {
  const chars = [...text];
  for (const e of entities) {
    expect(chars.slice(e.beginOffset ?? e.BeginOffset, e.endOffset ?? e.EndOffset).join('')).toBe(e.text ?? e.Text);
  }
}

/** Occurrences of each registered text, counted independently of the stand-in's recognizer. */
function occurrences(text: string, needle: string): number {
  let n = 0;
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length)) n++;
  return n;
}

/** ~`bytes` of English sentences with accents and emoji, naming the registered entities every `every` sentences. */
function longText(bytes: number, every: number): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const s = i % every === 0
      ? `In ${1800 + (i % 40)} Ada Lovelace wrote to the Royal Society from London about the café 🚀 number ${i}. `
      : `This is plain sentence number ${i} of the text, with an é and a naïve word for the byte count. `;
    parts.push(s);
    size += Buffer.byteLength(s);
  }
  return parts.join('');
}

describe('ENTITY', () => {
  test('short text: DetectEntities, language detected, entities over the confidence level, AIS output', async () => {
    const text = 'Ada Lovelace wrote the first program in 1843 in London. The Analytical Engine never ran it.';
    const vars = (await runTask(c8, task({ type: 'ENTITY', text: '=text' }), { text })) as unknown as EntityResult;
    const r = vars.result;
    expect(r.analysis.method).toBe('DetectEntities');
    expect(r.languageCode).toBe('en');
    expect(r.entities.map((e) => [e.text, e.type])).toEqual([['Ada Lovelace', 'PERSON'], ['1843', 'DATE'], ['London', 'LOCATION']]);
    expectOffsetsInto(text, r.entities);
    // The service's answer keeps what the confidence level left out.
    expect(r.awsResponse.Entities.map((e) => e.Text)).toContain('Analytical Engine');
    expect(r.aisResponse).toEqual({
      'ai:people': ['Ada Lovelace'], 'ai:places': ['London'], 'ai:organizations': [], 'ai:products': [], 'ai:events': [],
      'ai:dates': ['1843'], 'ai:quantities': [], 'ai:creativeWorks': [], 'ai:things': [],
    });
    expect(await requests('DetectDominantLanguage')).toBe(1);
    expectResult('comprehend', 'own', 'entity', vars.result);
  });

  test('a result expression reads an AIS aspect with get value(), as the docs show', async () => {
    const vars = await runTask(c8, task({ type: 'entity', text: '="Ada Lovelace was born in London."' }, {
      resultExpression: '={ people: get value(aisResponse, "ai:people"), firstPlace: (entities[type = "LOCATION"].text)[1] }',
    }));
    expect(vars.people).toEqual(['Ada Lovelace']);
    expect(vars.firstPlace).toBe('London');
  });

  test('maxEntities keeps the highest scored; confidenceLevel lets lower ones in', async () => {
    const text = 'Ada Lovelace wrote the first program in 1843 in London. The Analytical Engine never ran it.';
    const capped = (await runTask(c8, task({ type: 'entity', text: '=text', maxEntities: '=2' }), { text })) as unknown as EntityResult;
    expect(capped.result.entities.map((e) => e.text)).toEqual(['Ada Lovelace', 'London']);
    const low = (await runTask(c8, task({ type: 'entity', text: '=text', confidenceLevel: '=0.5' }), { text })) as unknown as EntityResult;
    expect(low.result.entities.map((e) => e.text)).toEqual(['Ada Lovelace', '1843', 'London', 'Analytical Engine']);
    expect(low.result.aisResponse['ai:products']).toEqual(['Analytical Engine']);
  });

  test('a text of a few hundred KB: BatchDetectEntities over sentence chunks, every offset into the original', async () => {
    const text = longText(300_000, 25);
    const vars = (await runTask(c8, task({ type: 'entity', text: '=text' }, { resultVariable: 'result', resultExpression: '={ result: { entities: entities, analysis: analysis } }' }), { text })) as unknown as EntityResult;
    const r = vars.result;
    expect(r.analysis.method).toBe('BatchDetectEntities');
    expect(r.analysis.pieces).toBeGreaterThan(50);
    expect(await requests('BatchDetectEntities')).toBe(Math.ceil(r.analysis.pieces / 25));
    expect(await requests('DetectEntities')).toBe(0);
    expect(r.entities.filter((e) => e.text === 'Ada Lovelace')).toHaveLength(occurrences(text, 'Ada Lovelace'));
    expect(r.entities.filter((e) => e.text === 'London')).toHaveLength(occurrences(text, 'London'));
    expect(r.entities.length).toBeGreaterThan(100);
    expectOffsetsInto(text, r.entities);
  });

  test('a text beyond the batch path: an asynchronous job through S3, offsets into the original, files removed', async () => {
    const text = longText(1_300_000, 200);
    await s3().send(new PutObjectCommand({ Bucket: DOCS, Key: 'long/book.txt', Body: text, ContentType: 'text/plain; charset=utf-8' }));
    const vars = (await runTask(c8, task(
      { type: 'entity', file: `={"bucket": "${DOCS}", "key": "long/book.txt"}`, pollInterval: '=300' },
      { resultVariable: 'result', resultExpression: '={ result: { entities: entities, analysis: analysis, aisResponse: aisResponse } }' },
    ), {}, 120_000)) as unknown as EntityResult;
    const r = vars.result;
    expect(r.analysis.method).toBe('StartEntitiesDetectionJob');
    expect(r.analysis.pieces).toBe(2);
    expect(r.analysis.jobId).toMatch(/^[0-9a-f]{32}$/);
    // The job ran with the role named by AWS_COMPREHEND_ROLE_ARN (seed 000), the task giving none.
    const { comprehend } = (await control('GET', '/state')) as { comprehend: { jobs: { jobId: string; dataAccessRoleArn?: string }[] } };
    expect(comprehend.jobs.find((j) => j.jobId === r.analysis.jobId)?.dataAccessRoleArn).toBe('arn:aws:iam::123456789012:role/comprehend-data-access');
    expect(r.entities.filter((e) => e.text === 'Royal Society')).toHaveLength(occurrences(text, 'Royal Society'));
    expectOffsetsInto(text, r.entities);
    expect(r.aisResponse['ai:organizations']).toEqual(['Royal Society']);
    expect(await requests('DescribeEntitiesDetectionJob')).toBeGreaterThan(1);
    const left = await s3().send(new ListObjectsV2Command({ Bucket: STAGING, Prefix: 'zeebe-aws-connectors/comprehend/' }));
    expect(left.KeyCount ?? 0).toBe(0);
  });

  test('a job that fails is UNPROCESSABLE_ENTITY with its message', async () => {
    await control('POST', '/comprehend/config', { failJobs: 'The input is not valid UTF-8' });
    const text = longText(1_100_000, 500);
    await s3().send(new PutObjectCommand({ Bucket: DOCS, Key: 'long/failing.txt', Body: text }));
    const vars = (await runTask(c8, task({ type: 'entity', file: `={"bucket": "${DOCS}", "key": "long/failing.txt"}`, pollInterval: '=300' }), {}, 120_000)) as unknown as EntityResult;
    expect(vars.caughtCode).toBe('UNPROCESSABLE_ENTITY');
    expect(vars.caughtMessage).toContain('The input is not valid UTF-8');
  });

  test('unsupported language: UNSUPPORTED_LANGUAGE before DetectEntities is called', async () => {
    await control('POST', '/comprehend/languages', { contains: 'Dit is een', languageCode: 'nl', score: 0.98 });
    const vars = (await runTask(c8, task({ type: 'entity', text: '="Dit is een Nederlandse tekst over Ada Lovelace in Londen."' }))) as unknown as EntityResult;
    expect(vars.caughtCode).toBe('UNSUPPORTED_LANGUAGE');
    expect(vars.caughtMessage).toContain('(nl)');
    expect(await requests('DetectEntities')).toBe(0);
  });

  test('a UTF-8 file from Alfresco by nodeId; a PDF is refused as INVALID_INPUT', async () => {
    const text = 'Ada Lovelace met Charles Babbage in London, where the Royal Society met.';
    alfresco.addNode('node-text-1', { name: 'letter.txt', mimeType: 'text/plain', bytes: Buffer.from(text) });
    alfresco.addNode('node-pdf-1', { name: 'letter.pdf', mimeType: 'application/pdf', bytes: Buffer.from('%PDF-1.7\n') });
    const ok = (await runTask(c8, task({ type: 'entity', nodeId: 'node-text-1' }))) as unknown as EntityResult;
    expect(ok.result.entities.map((e) => e.text)).toEqual(['Ada Lovelace', 'London', 'Royal Society']);
    const pdf = (await runTask(c8, task({ type: 'entity', files: '=[{nodeId: "node-pdf-1"}]' }))) as unknown as EntityResult;
    expect(pdf.caughtCode).toBe('INVALID_INPUT');
    expect(pdf.caughtMessage).toContain('application/pdf');
  });

  test('text and a file together are INVALID_INPUT; neither is MISSING_INPUT', async () => {
    const both = (await runTask(c8, task({ type: 'entity', text: '="some text here"', uri: 'http://127.0.0.1:9/x.txt' }))) as unknown as EntityResult;
    expect(both.caughtCode).toBe('INVALID_INPUT');
    expect(both.caughtMessage).toContain('action.uri and action.text');
    const none = (await runTask(c8, task({ type: 'entity' }))) as unknown as EntityResult;
    expect(none.caughtCode).toBe('MISSING_INPUT');
  });

  test('a call slower than action.timeout is aborted: CLIENT_EXECUTION_TIMEOUT, a BPMN error on the last retry', async () => {
    await control('POST', '/faults', { operation: 'DetectEntities', delayMs: 3000, count: 1 });
    // Not aborted, the call would answer after 3 s and the task complete.
    const vars = (await runTask(c8, task({ type: 'entity', text: '="Ada Lovelace lived in London."', timeout: '=1000' }, { resultVariable: 'result' }, 1))) as unknown as EntityResult;
    expect(vars.caughtCode).toBe('CLIENT_EXECUTION_TIMEOUT');
  });

  test('throttling is retried after the backoff and then succeeds; secrets are used and never shown', async () => {
    await control('POST', '/faults', { operation: 'Comprehend_20171127.DetectEntities', error: 'ThrottlingException', status: 400, count: 1 });
    const text = '="Ada Lovelace lived in London for many years."';
    const withSecret = task({ type: 'entity', text }, { resultVariable: 'result', retryBackoff: 'PT0S' });
    withSecret.inputs = {
      ...withSecret.inputs,
      'authentication.type': 'credentials',
      'authentication.accessKey': '{{secrets.COMPREHEND_KEY_ID}}',
      'authentication.secretKey': 'test',
    };
    const started = Date.now();
    const vars = (await runTask(c8, withSecret)) as unknown as EntityResult;
    // The failed job is pushed back at once (backoff PT0S); a worker that dropped that delivery while it still held
    // the job waited about 60 s for the next one.
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(vars.result.entities.map((e) => e.text)).toEqual(['Ada Lovelace', 'London']);
    expect(await aiStandIn().injected('Comprehend_20171127.DetectEntities')).toBe(1);
    expect(await requests('DetectEntities')).toBe(2);
    expect(worker.output).not.toContain(SECRET_KEY_ID);
    expect(JSON.stringify(vars)).not.toContain(SECRET_KEY_ID);
  });
});

describe('key phrases, sentiment, PII', () => {
  test('each action answers its own outputs', async () => {
    await control('POST', '/comprehend/key-phrases', { keyPhrases: [{ text: 'the first program', score: 0.98 }, { text: 'a note', score: 0.4 }] });
    await control('POST', '/comprehend/sentiments', { contains: 'wonderful', sentiment: 'POSITIVE' });
    await control('POST', '/comprehend/pii-entities', { entities: [{ text: 'ada@example.org', type: 'EMAIL', score: 0.99 }] });
    const text = 'Ada wrote the first program, a wonderful note. Write to ada@example.org.';
    const phrases = (await runTask(c8, task({ type: 'KEY_PHRASES', text: '=text' }), { text })) as { result: { keyPhrases: { text: string }[] } };
    expect(phrases.result.keyPhrases.map((k) => k.text)).toEqual(['the first program']);
    expectResult('comprehend', 'own', 'keyPhrases', phrases.result);
    const mood = (await runTask(c8, task({ type: 'sentiment', text: '=text' }), { text })) as { result: { sentiment: string; sentimentScore: Record<string, number> } };
    expect(mood.result.sentiment).toBe('POSITIVE');
    expect(mood.result.sentimentScore.positive).toBeGreaterThan(mood.result.sentimentScore.negative);
    expectResult('comprehend', 'own', 'sentiment', mood.result);
    const pii = (await runTask(c8, task({ type: 'piiEntities', text: '=text' }), { text })) as { result: { piiEntities: { text: string; type: string }[]; piiEntityTypes: string[] } };
    expect(pii.result.piiEntities).toEqual([expect.objectContaining({ text: 'ada@example.org', type: 'EMAIL' })]);
    expect(pii.result.piiEntityTypes).toEqual(['EMAIL']);
    expectResult('comprehend', 'own', 'piiEntities', pii.result);
  });
  // Texts over each action's limit: comprehend-long-texts.test.ts.
});

describe('io.camunda:aws-comprehend:1', () => {
  const ENDPOINT = 'arn:aws:comprehend:us-east-1:123456789012:document-classifier-endpoint/invoices';
  const camundaTask = (input: Record<string, string>) => ({
    type: CAMUNDA_TYPE,
    inputs: {
      'authentication.accessKey': 'test', 'authentication.secretKey': 'test', 'configuration.region': 'us-east-1',
      ...Object.fromEntries(Object.entries(input).map(([k, v]) => [`input.${k}`, v])),
    },
    headers: { resultVariable: 'result' },
  });

  test('sync: ClassifyDocument in the official shape', async () => {
    await control('POST', '/comprehend/classifiers', { endpointArn: ENDPOINT, classes: [{ Name: 'invoice', Score: 0.93 }, { Name: 'letter', Score: 0.07 }] });
    const vars = (await runTask(c8, camundaTask({ type: 'sync', text: 'Invoice 42: total 10 EUR', endpointArn: ENDPOINT }))) as { result: Record<string, unknown> };
    expect(vars.result.classes).toEqual([{ name: 'invoice', score: 0.93 }, { name: 'letter', score: 0.07 }]);
    expect(vars.result.sdkHttpMetadata).toEqual(expect.objectContaining({ httpStatusCode: 200 }));
    expect(vars.result).toHaveProperty('documentMetadata');
    expect(vars.result).toHaveProperty('warnings');
    expectResult('comprehend', 'camunda', 'sync', vars.result);
  });

  test('async: StartDocumentClassificationJob answers the job', async () => {
    const vars = (await runTask(c8, camundaTask({
      type: 'async', inputS3Uri: `s3://${DOCS}/in/`, outputS3Uri: `s3://${DOCS}/out/`, comprehendInputFormat: 'ONE_DOC_PER_FILE',
      dataAccessRoleArn: 'arn:aws:iam::123456789012:role/comprehend', documentClassifierArn: 'arn:aws:comprehend:us-east-1:123456789012:document-classifier/invoices',
      tags: '={project: "it"}',
    }))) as { result: { jobId: string; jobStatus: string; jobArn: string } };
    expect(vars.result.jobId).toMatch(/^[0-9a-f]{32}$/);
    expect(vars.result.jobStatus).toBe('SUBMITTED');
    expect(vars.result.jobArn).toContain(vars.result.jobId);
    expectResult('comprehend', 'camunda', 'async', vars.result);
  });
});
