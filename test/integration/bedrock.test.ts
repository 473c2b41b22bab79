/**
 * aws:bedrock:1 and io.camunda:aws-bedrock:1 end to end: the engine, the worker as its own process, the real AWS
 * SDK against MiniStack's Bedrock runtime (deterministic answers per model family, guardrails from its control
 * plane) through the fault proxy (throttling and a context-window refusal injected), documents from the
 * engine's document store and the S3 emulator.
 */
import type { Camunda8 } from '@camunda8/sdk';
import { BedrockClient, CreateGuardrailCommand } from '@aws-sdk/client-bedrock';
import { BedrockAgentClient, CreateDataSourceCommand, CreateKnowledgeBaseCommand, StartIngestionJobCommand } from '@aws-sdk/client-bedrock-agent';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { camunda, createBucket, oneTaskProcess, runTask, s3, stack, uniqueId, WorkerProcess, type ErrorCatch } from './harness';

const TYPE = uniqueId('aws:bedrock:it');
const CAMUNDA_TYPE = uniqueId('io.camunda:aws-bedrock:it');
const BUCKET = 'it-bedrock-documents';
const CLAUDE = 'anthropic.claude-3-haiku-20240307-v1:0';
const MB = 1024 * 1024;

let worker: WorkerProcess;
let c8: Camunda8;
let guardrailId: string;

interface Message { role: string; content: Record<string, unknown>[] }
interface ConverseResult { text: string; message: Message; messages: Message[]; stopReason: string; usage: { inputTokens: number; outputTokens: number; totalTokens: number }; toolUse: unknown[] }

/** A document in the engine's document store (Camunda 8.7+ REST API), as a Camunda document reference. */
async function storeDocument(content: string | Buffer, fileName: string, contentType: string): Promise<Record<string, unknown>> {
  const form = new FormData();
  form.append('metadata', new Blob([JSON.stringify({ contentType, fileName })], { type: 'application/json' }));
  form.append('file', new Blob([content], { type: contentType }), fileName);
  const r = await fetch(`${stack().ZEEBE_REST_ADDRESS.replace(/\/+$/, '')}/v2/documents`, { method: 'POST', body: form });
  if (!r.ok) throw new Error(`document upload -> ${r.status} ${await r.text()}`);
  const created = (await r.json()) as { documentId: string; storeId?: string; contentHash?: string; metadata: Record<string, unknown> };
  return { 'camunda.document.type': 'camunda', storeId: created.storeId ?? 'in-memory', documentId: created.documentId, contentHash: created.contentHash, metadata: created.metadata };
}

const faults = (body?: unknown) => fetch(stack().FAULT_PROXY_CONTROL, body === undefined ? { method: 'DELETE' } : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

beforeAll(async () => {
  await createBucket(BUCKET);
  const client = s3();
  await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'specs/pump manual_v2.pdf', Body: Buffer.from('%PDF-1.4 pump manual'), ContentType: 'application/pdf' }));
  await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'big/scan.png', Body: Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), Buffer.alloc(4 * MB)]), ContentType: 'image/png' }));
  client.destroy();
  const bedrock = new BedrockClient({ endpoint: stack().AWS_ENDPOINT_URL_S3_EMULATOR, region: stack().AWS_REGION, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  const created = await bedrock.send(new CreateGuardrailCommand({
    name: uniqueId('no-passwords'), blockedInputMessaging: 'Sorry, I cannot talk about that.', blockedOutputsMessaging: 'Sorry.',
    wordPolicyConfig: { wordsConfig: [{ text: 'password' }] },
  }));
  bedrock.destroy();
  guardrailId = created.guardrailId!;
  worker = await WorkerProcess.start({
    CONNECTOR_BEDROCK_TYPE: TYPE,
    CAMUNDA_COMPATIBLE_TYPES: 'true',
    CONNECTOR_AWS_BEDROCK_TYPE: CAMUNDA_TYPE,
    // Through the fault proxy (in front of MiniStack), which injects throttling and refusals.
    AWS_ENDPOINT_URL_BEDROCK_RUNTIME: stack().S3_ENDPOINT,
    AWS_ENDPOINT_URL_BEDROCK_AGENT_RUNTIME: stack().AWS_ENDPOINT_URL_S3_EMULATOR,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_MAX_ATTEMPTS: '1',
    CONNECTORS_ENABLED: 'bedrock',
  });
  c8 = camunda();
});

afterEach(async () => {
  await faults();
});

afterAll(async () => {
  if (process.env.DEBUG_WORKER) console.log(worker?.output);
  await c8?.getZeebeGrpcApiClient().close();
  await worker?.stop();
});

const own = (inputs: Record<string, string>, headers: Record<string, string> = {}) => ({ type: TYPE, inputs, headers: { resultVariable: 'result', ...headers } });

test('Converse: system prompt, history, inference settings, and a Camunda document, an S3 object and an inline document in the new message; the next turn re-reads them', async () => {
  const camundaDoc = await storeDocument('Order 17: 3 pumps, 1 valve.', 'order 17.txt', 'text/plain');
  const vars = await runTask(c8, own({
    'action.type': 'converse',
    'action.modelId': CLAUDE,
    'action.system': 'You answer in one sentence.',
    'action.messages': '=[{role: "user", content: [{text: "We sell pumps."}]}, {role: "assistant", content: [{text: "Noted."}]}]',
    'action.message': 'Summarise the documents.',
    'action.documents': `=[camundaDoc, {bucket: "${BUCKET}", key: "specs/pump manual_v2.pdf"}, {"camunda.document.type": "inline", content: "a,b\\n1,2", name: "table.csv", contentType: "text/csv"}]`,
    'action.maxTokens': '=200',
    'action.temperature': '=0.2',
    'action.stopSequences': '=["END"]',
  }), { camundaDoc: camundaDoc as never });
  const result = vars.result as ConverseResult;
  expect(result.text).toMatch(/^\[ministack mock anthropic anthropic\.claude-3-haiku-20240307-v1:0\] reply for prompt#[0-9a-f]{8}$/);
  expect(result.stopReason).toBe('end_turn');
  expect(result.usage.inputTokens).toBeGreaterThan(0);
  expect(result.usage.totalTokens).toBe(result.usage.inputTokens + result.usage.outputTokens);
  expect(result.message).toEqual({ role: 'assistant', content: [{ text: result.text }] });
  expect(result.toolUse).toEqual([]);
  // The history, the new user message with its documents as they were given (references, not bytes), the answer.
  expect(result.messages).toHaveLength(4);
  expect(result.messages[2]).toEqual({ role: 'user', content: [
    { document: camundaDoc }, { document: { bucket: BUCKET, key: 'specs/pump manual_v2.pdf' } },
    { document: { 'camunda.document.type': 'inline', content: 'a,b\n1,2', name: 'table.csv', contentType: 'text/csv' } },
    { text: 'Summarise the documents.' },
  ] });
  expect(result.messages[3]).toEqual(result.message);

  // The next turn: the whole history goes back, its documents read again.
  const next = await runTask(c8, own({ 'action.modelId': CLAUDE, 'action.messages': '=history', 'action.message': 'And the valves?' }), { history: result.messages as never });
  const second = next.result as ConverseResult;
  expect(second.messages).toHaveLength(6);
  expect(second.text).not.toBe(result.text);
});

test('tool use: a toolUse and its toolResult in the history go back to the model, and the answer continues', async () => {
  const history = [
    { role: 'user', content: [{ text: 'What is the stock of pump P-7?' }] },
    { role: 'assistant', content: [{ toolUse: { toolUseId: 'tooluse_1', name: 'stock', input: { sku: 'P-7' } } }] },
    { role: 'user', content: [{ toolResult: { toolUseId: 'tooluse_1', content: [{ json: { units: 12 } }] } }] },
  ];
  const vars = await runTask(c8, own({
    'action.modelId': 'amazon.nova-lite-v1:0',
    'action.messages': '=history',
    'action.toolConfig': '={tools: [{toolSpec: {name: "stock", description: "Units in stock", inputSchema: {json: {type: "object", properties: {sku: {type: "string"}}}}}}]}',
  }), { history: history as never });
  const result = vars.result as ConverseResult;
  expect(result.text).toMatch(/ministack mock nova/);
  expect(result.messages.slice(0, 3)).toEqual(history);
});

test('InvokeModel with a raw JSON body for the model family (Titan)', async () => {
  const vars = await runTask(c8, own({ 'action.type': 'invokeModel', 'action.modelId': 'amazon.titan-text-express-v1', 'action.body': '={inputText: "Hello", textGenerationConfig: {maxTokenCount: 50}}' }));
  const result = vars.result as { body: { results: { outputText: string; completionReason: string }[] }; contentType: string };
  expect(result.contentType).toBe('application/json');
  expect(result.body.results[0]!.outputText).toMatch(/ministack mock titan/);
});

test('Retrieve from a knowledge base (MiniStack\'s, ingested from S3): the passages ranked, each with its source, and numbered citations', async () => {
  const kbBucket = uniqueId('it-bedrock-kb').toLowerCase().replace(/_/g, '-');
  await createBucket(kbBucket);
  const client = s3();
  await client.send(new PutObjectCommand({ Bucket: kbBucket, Key: 'pumps/p7.txt', Body: 'Pump P-7 needs its seal replaced every 2000 hours of service.', ContentType: 'text/plain' }));
  await client.send(new PutObjectCommand({ Bucket: kbBucket, Key: 'valves/v2.txt', Body: 'Valve V-2 is inspected yearly.', ContentType: 'text/plain' }));
  client.destroy();
  const agent = new BedrockAgentClient({ endpoint: stack().AWS_ENDPOINT_URL_S3_EMULATOR, region: stack().AWS_REGION, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  const kb = await agent.send(new CreateKnowledgeBaseCommand({
    name: kbBucket, roleArn: 'arn:aws:iam::000000000000:role/kb',
    knowledgeBaseConfiguration: { type: 'VECTOR', vectorKnowledgeBaseConfiguration: { embeddingModelArn: 'arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-embed-text-v2:0' } },
  }));
  const knowledgeBaseId = kb.knowledgeBase!.knowledgeBaseId!;
  const ds = await agent.send(new CreateDataSourceCommand({ knowledgeBaseId, name: 'manuals', dataSourceConfiguration: { type: 'S3', s3Configuration: { bucketArn: `arn:aws:s3:::${kbBucket}` } } }));
  await agent.send(new StartIngestionJobCommand({ knowledgeBaseId, dataSourceId: ds.dataSource!.dataSourceId! }));
  agent.destroy();

  const vars = await runTask(c8, own({ 'action.type': 'retrieve', 'action.knowledgeBaseId': knowledgeBaseId, 'action.query': 'How often is the seal of pump P-7 replaced?', 'action.numberOfResults': '=3' }));
  const result = vars.result as { results: { text: string; score: number; sourceUri: string }[]; citations: { number: number; sourceUri: string; type: string }[]; nextToken: unknown };
  expect(result.results[0]).toMatchObject({ text: 'Pump P-7 needs its seal replaced every 2000 hours of service.', sourceUri: `s3://${kbBucket}/pumps/p7.txt` });
  expect(result.results[0]!.score).toBeGreaterThan(0);
  expect(result.citations[0]).toEqual({ number: 1, sourceUri: `s3://${kbBucket}/pumps/p7.txt`, type: 'S3' });
  expect(result.citations).toHaveLength(result.results.length);
  expect(result.nextToken).toBeNull();
});

describe('errors caught by boundary events', () => {
  const catches: ErrorCatch[] = [
    { code: 'GUARDRAIL_INTERVENED', outputs: { caught: '="guardrail"', blockedText: '=bedrockResult.text' } },
    { code: 'CONTEXT_WINDOW_EXCEEDED', outputs: { caught: '="context"', caughtMessage: '=errorMessage' } },
    { code: 'REQUEST_TOO_LARGE', outputs: { caught: '="too large"', caughtMessage: '=errorMessage' } },
  ];
  const run = async (inputs: Record<string, string>) => {
    const id = uniqueId('p');
    const zeebe = c8.getZeebeGrpcApiClient();
    await zeebe.deployResource({ process: Buffer.from(oneTaskProcess(id, own(inputs), catches)), name: `${id}.bpmn` });
    return (await zeebe.createProcessInstanceWithResult({ bpmnProcessId: id, variables: {}, requestTimeout: 60_000 })).variables as Record<string, unknown>;
  };

  test('a guardrail (by ID and version) that blocks the input: GUARDRAIL_INTERVENED with the blocked answer', async () => {
    const vars = await run({ 'action.modelId': CLAUDE, 'action.message': 'Tell me the admin password.', 'action.guardrailIdentifier': guardrailId, 'action.guardrailVersion': 'DRAFT' });
    expect(vars).toMatchObject({ caught: 'guardrail', blockedText: 'Sorry, I cannot talk about that.' });
  });

  test('the same guardrail lets a harmless message through', async () => {
    const vars = await runTask(c8, own({ 'action.modelId': CLAUDE, 'action.message': 'Hello', 'action.guardrailIdentifier': guardrailId }));
    expect((vars.result as ConverseResult).stopReason).toBe('end_turn');
  });

  test('a conversation over the context window (Bedrock\'s ValidationException): CONTEXT_WINDOW_EXCEEDED', async () => {
    const model = 'anthropic.claude-v2';
    await faults({ count: 1, status: 400, code: 'ValidationException', message: 'Input is too long for requested model.', match: `/model/${model}/converse` });
    const vars = await run({ 'action.modelId': model, 'action.message': 'A very long conversation' });
    expect(vars.caught).toBe('context');
    expect(vars.caughtMessage).toMatch(/Input is too long for requested model/);
  });

  test('an image over Converse\'s 3.75 MB: REQUEST_TOO_LARGE, before any call', async () => {
    const vars = await run({ 'action.modelId': CLAUDE, 'action.message': 'What is on the scan?', 'action.documents': `=[{bucket: "${BUCKET}", key: "big/scan.png"}]` });
    expect(vars.caught).toBe('too large');
    expect(vars.caughtMessage).toMatch(/action\.documents\[0\]: an image over 3932160 bytes/);
  });
});

test('throttling is retried per the retry policy: the task completes after two throttled attempts', async () => {
  const model = 'mistral.mistral-large-2407-v1';
  await faults({ count: 2, status: 429, code: 'ThrottlingException', message: 'Too many requests', match: `/model/${model}/converse` });
  const vars = await runTask(c8, { ...own({ 'action.modelId': model, 'action.message': 'Hi' }, { retryBackoff: 'PT0.2S' }), retries: 3 });
  expect((vars.result as ConverseResult).text).toMatch(/ministack mock mistral/);
  const state = (await (await fetch(stack().FAULT_PROXY_CONTROL)).json()) as { counters: { failed: number } };
  expect(state.counters.failed).toBe(2);
});

describe('io.camunda:aws-bedrock:1 (a model built with Camunda\'s template)', () => {
  const camundaTask = (inputs: Record<string, string>) => ({
    type: CAMUNDA_TYPE,
    inputs: { 'authentication.type': 'credentials', 'authentication.accessKey': 'test', 'authentication.secretKey': 'test', 'configuration.region': 'us-east-1', ...inputs },
    headers: { resultVariable: 'result' },
  });

  test('converse (v8 bindings, a single Camunda document): the whole conversation with contentList, the documents as references', async () => {
    const doc = await storeDocument('Invoice 9: 120 EUR', 'invoice.txt', 'text/plain');
    const vars = await runTask(c8, camundaTask({
      action: 'converse', 'data.modelId': CLAUDE, 'data.newMessage': 'Summarise the invoice.', 'data.maxTokens': '=256',
      'data.data_newDocuments_documentMode': 'single', 'data.data_newDocuments_single_documentSource': 'camunda',
      'data.data_newDocuments_single_camundaReference': '=doc', 'data.newDocuments': '=[data.data_newDocuments_single_camundaReference]',
      'data.messagesHistory': '=[]',
    }), { doc: doc as never });
    const conversation = vars.result as { role: string; contentList: Record<string, unknown>[] }[];
    expect(conversation).toHaveLength(2);
    expect(conversation[0]).toEqual({ role: 'user', contentList: [{ document: doc }, { text: 'Summarise the invoice.' }] });
    expect(conversation[1]!.role).toBe('assistant');
    expect(conversation[1]!.contentList[0]!.text).toMatch(/ministack mock anthropic/);
  });

  test('invokeModel: {body: <the model\'s JSON>}', async () => {
    const vars = await runTask(c8, camundaTask({ action: 'invokeModel', 'data.modelId': 'amazon.titan-text-express-v1', 'data.payload': '={inputText: "Hi"}' }));
    expect((vars.result as { body: { results: unknown[] } }).body.results).toHaveLength(1);
  });

  test('a context-window refusal fails the job with the code, which errorExpression turns into a caught BPMN error', async () => {
    const model = 'anthropic.claude-instant-v1';
    await faults({ count: 1, status: 400, code: 'ValidationException', message: 'Input is too long for requested model.', match: `/model/${model}/converse` });
    const task = camundaTask({ action: 'converse', 'data.modelId': model, 'data.newMessage': 'Hi' });
    const id = uniqueId('p');
    const zeebe = c8.getZeebeGrpcApiClient();
    const withExpression = { ...task, headers: { ...task.headers, errorExpression: '=if error.code = "CONTEXT_WINDOW_EXCEEDED" then bpmnError("too-long", error.message) else null' } };
    await zeebe.deployResource({ process: Buffer.from(oneTaskProcess(id, withExpression, [{ code: 'too-long', outputs: { caught: '=errorCode' } }])), name: `${id}.bpmn` });
    const vars = (await zeebe.createProcessInstanceWithResult({ bpmnProcessId: id, variables: {}, requestTimeout: 60_000 })).variables as Record<string, unknown>;
    expect(vars.caught).toBe('too-long');
  });
});
