import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Camunda8 } from '@camunda8/sdk';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { aiStandIn, camunda, createBucket, incidentOf, runTask, s3, startInstance, uniqueId, WorkerProcess } from './harness';
import { expectResult } from './result-check';

// Models built with Camunda's official templates, on the io.camunda:* types (routed to unique types here).
const S3_TYPE = uniqueId('io.camunda:aws-s3:compat');
const TEXTRACT_TYPE = uniqueId('io.camunda:aws-textract:compat');
const COMPREHEND_TYPE = uniqueId('io.camunda:aws-comprehend:compat');
const BUCKET = 'it-camunda-compat';
const FIXTURES = path.resolve(__dirname, '../fakes/aws-ai/fixtures/textract');
const png = readFileSync(path.join(FIXTURES, 'multicol-test-document.png'));
const credentials = { 'authentication.type': 'credentials', 'authentication.accessKey': 'test', 'authentication.secretKey': 'test', 'configuration.region': 'us-east-1' };
const control = (method: string, route: string, body?: unknown) => aiStandIn().control(method, route, body);

let worker: WorkerProcess;
let c8: Camunda8;

beforeAll(async () => {
  await createBucket(BUCKET);
  const client = s3();
  await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'scans/multicol.png', Body: png, ContentType: 'image/png' }));
  client.destroy();
  worker = await WorkerProcess.start({
    CAMUNDA_COMPATIBLE_TYPES: 'true',
    CONNECTOR_AWS_S3_TYPE: S3_TYPE,
    CONNECTOR_AWS_TEXTRACT_TYPE: TEXTRACT_TYPE,
    CONNECTOR_AWS_COMPREHEND_TYPE: COMPREHEND_TYPE,
    AWS_ENDPOINT_URL_TEXTRACT: aiStandIn().endpoint,
    AWS_ENDPOINT_URL_COMPREHEND: aiStandIn().endpoint,
    AWS_MAX_ATTEMPTS: '1',
  });
  c8 = camunda();
});

beforeEach(async () => {
  await control('POST', '/reset');
});

afterAll(async () => {
  await c8?.getZeebeGrpcApiClient().close();
  await worker?.stop();
});

interface DocumentReference {
  'camunda.document.type': string;
  documentId: string;
  storeId?: string;
  contentHash?: string;
  metadata: { contentType?: string; fileName?: string; size?: number };
}

/** A document's bytes, read back from the engine's document store through the REST API. */
const readDocument = (ref: DocumentReference) =>
  c8.getCamundaRestClient().downloadDocument({ documentId: ref.documentId, storeId: ref.storeId, contentHash: ref.contentHash } as never);

const textract = (inputs: Record<string, string>) => ({ type: TEXTRACT_TYPE, inputs: { ...credentials, ...inputs }, headers: { resultVariable: 'result' } });
const realTimeS3 = {
  'input.documentLocationType': 'S3', 'input.documentS3Bucket': BUCKET, 'input.documentName': 'scans/multicol.png', 'input.executionType': 'SYNC',
  'input.analyzeTables': 'true', 'input.analyzeForms': 'true', 'input.analyzeSignatures': 'false', 'input.analyzeQueries': 'false',
};

describe('Textract: documentReturnFormat', () => {
  test('DOCUMENT: the analysis is stored as an application/json document and the reference is the result', async () => {
    await control('POST', '/textract/responses', { match: { bucket: BUCKET, key: 'scans/multicol.png' }, fixture: 'test-multicol-response.json', operations: ['AnalyzeDocument'] });
    const vars = await runTask(c8, textract({ ...realTimeS3, 'documentReturnFormat.choice': 'DOCUMENT' }));
    const ref = vars.result as DocumentReference;
    expect(ref['camunda.document.type']).toBe('camunda');
    expect(ref.metadata).toMatchObject({ contentType: 'application/json', fileName: 'multicol.png.textract.json' });
    expectResult('textract', 'camunda', 'SYNC', vars.result);
    const stored = JSON.parse((await readDocument(ref)).toString('utf8')) as { blocks: { blockType: string }[]; documentMetadata: { pages: number } };
    const recorded = JSON.parse(readFileSync(path.join(FIXTURES, 'test-multicol-response.json'), 'utf8')) as { Blocks: { BlockType: string }[] };
    expect(stored.documentMetadata.pages).toBe(1);
    expect(stored.blocks.map((b) => b.blockType)).toEqual(recorded.Blocks.map((b) => b.BlockType));
  });

  test('JSON (the default) keeps the answer inline', async () => {
    await control('POST', '/textract/responses', { match: { bucket: BUCKET, key: 'scans/multicol.png' }, fixture: 'test-multicol-response.json', operations: ['AnalyzeDocument'] });
    const vars = await runTask(c8, textract({ ...realTimeS3, 'documentReturnFormat.choice': 'JSON' }));
    expect((vars.result as { blocks: unknown[] }).blocks.length).toBeGreaterThan(100);
    expectResult('textract', 'camunda', 'SYNC', vars.result);
  });
});

describe('messages name the template bindings', () => {
  test('Textract: an SNS topic without its role is reported as input.notificationChannelSnsTopicArn', async () => {
    const { processInstanceKey } = await startInstance(c8, textract({
      ...realTimeS3, 'input.executionType': 'ASYNC', 'input.notificationChannelSnsTopicArn': 'arn:aws:sns:us-east-1:123456789012:textract',
    }));
    const incident = await incidentOf(processInstanceKey);
    expect(incident.errorMessage).toContain('input.notificationChannelSnsTopicArn: give both');
    expect(incident.errorMessage).not.toContain('action.');
  });

  test('S3: an unknown documentReturnFormat.encoding is reported by that name', async () => {
    const client = s3();
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'notes.txt', Body: 'notes' }));
    client.destroy();
    const { processInstanceKey } = await startInstance(c8, {
      type: S3_TYPE,
      inputs: { ...credentials, actionDiscriminator: 'downloadObject', 'action.bucket': BUCKET, 'action.key': 'notes.txt', 'documentReturnFormat.choice': 'TEXT', 'documentReturnFormat.encoding': 'klingon-8' },
    });
    const incident = await incidentOf(processInstanceKey);
    expect(incident.errorMessage).toContain("documentReturnFormat.encoding: 'klingon-8' is not a known character encoding");
  });

  test('Comprehend: an unset execution type is reported as input.type', async () => {
    const { processInstanceKey } = await startInstance(c8, { type: COMPREHEND_TYPE, inputs: { ...credentials } });
    const incident = await incidentOf(processInstanceKey);
    expect(incident.errorMessage).toContain(' - input.type: is required');
  });
});

/** Three official S3 tasks in one process: download as a document, upload it elsewhere, download that again. */
function documentRoundTrip(id: string, source: string, copy: string): string {
  const inputs = (entries: Record<string, string>) =>
    Object.entries({ ...credentials, 'action.bucket': BUCKET, ...entries }).map(([target, value]) => `<zeebe:input source="${value}" target="${target}"/>`).join('');
  const task = (taskId: string, entries: Record<string, string>, resultVariable: string, next: string) => `
    <bpmn:serviceTask id="${taskId}"><bpmn:extensionElements>
      <zeebe:taskDefinition type="${S3_TYPE}" retries="1"/>
      <zeebe:ioMapping>${inputs(entries)}</zeebe:ioMapping>
      <zeebe:taskHeaders><zeebe:header key="resultVariable" value="${resultVariable}"/></zeebe:taskHeaders>
    </bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:sequenceFlow id="to_${next}" sourceRef="${taskId}" targetRef="${next}"/>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d_${id}" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="${id}" isExecutable="true">
    <bpmn:startEvent id="start"/><bpmn:sequenceFlow id="to_fetch" sourceRef="start" targetRef="fetch"/>
    ${task('fetch', { actionDiscriminator: 'downloadObject', 'action.key': source, 'documentReturnFormat.choice': 'DOCUMENT' }, 'fetched', 'store')}
    ${task('store', { actionDiscriminator: 'uploadObject', 'action.key': copy, 'action.document': '=fetched.element.document' }, 'stored', 'again')}
    ${task('again', { actionDiscriminator: 'downloadObject', 'action.key': copy }, 'again', 'end')}
    <bpmn:endEvent id="end"/>
  </bpmn:process>
</bpmn:definitions>`;
}

test('Camunda documents end to end: created by one task, uploaded by the next, downloaded as a new document, same bytes', async () => {
  const bytes = randomBytes(256 * 1024);
  const client = s3();
  await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'round-trip/original.bin', Body: bytes, ContentType: 'application/octet-stream' }));
  client.destroy();
  const id = uniqueId('docs');
  const zeebe = c8.getZeebeGrpcApiClient();
  await zeebe.deployResource({ process: Buffer.from(documentRoundTrip(id, 'round-trip/original.bin', 'round-trip/copy.bin')), name: `${id}.bpmn` });
  const { variables } = await zeebe.createProcessInstanceWithResult({ bpmnProcessId: id, variables: {}, requestTimeout: 60_000 });
  const first = (variables.fetched as unknown as { element: { document: DocumentReference } }).element.document;
  const last = (variables.again as unknown as { element: { document: DocumentReference } }).element.document;
  expect(variables.stored).toMatchObject({ bucket: BUCKET, key: 'round-trip/copy.bin' });
  expect(last.documentId).not.toBe(first.documentId);
  expect(last.metadata).toMatchObject({ fileName: 'copy.bin', size: bytes.length });
  expect(Buffer.compare(await readDocument(first), bytes)).toBe(0);
  expect(Buffer.compare(await readDocument(last), bytes)).toBe(0);
});
