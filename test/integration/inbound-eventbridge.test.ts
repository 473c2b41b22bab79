// EventBridge inbound end to end: MiniStack's EventBridge delivers events through API destinations (a connection
// with an API key) to the worker's webhook, which starts instances; a wrong key is refused. HMAC and the plain
// HTTP webhook (not ours) are checked with direct calls.
import { createHmac } from 'node:crypto';
import type { Camunda8 } from '@camunda8/sdk';
import { camunda, stack, uniqueId, waitFor, WorkerProcess } from './harness';
import { Deployments, instancesOf, variable } from './inbound-harness';
import { messageStart } from './inbound-models';

jest.setTimeout(180_000);

const KEY = 'eb-key-7f3a9c1d2e';
const HMAC_SECRET = 'eb-hmac-5b8e2f4a9d';
let c8: Camunda8;
let worker: WorkerProcess;
const deployments = new Deployments(() => c8);

/** One EventBridge API call on the emulator (JSON protocol; the emulator reads the region from the credential scope). */
async function events<T = Record<string, unknown>>(operation: string, body: unknown): Promise<T> {
  const s = stack();
  const r = await fetch(s.AWS_ENDPOINT_URL_S3_EMULATOR, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSEvents.${operation}`,
      authorization: `AWS4-HMAC-SHA256 Credential=test/20260101/${s.AWS_REGION}/events/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: JSON.stringify(body),
  });
  const text = await r.text();
  if (!r.ok) throw new Error(`${operation} -> ${r.status} ${text}`);
  return JSON.parse(text || '{}') as T;
}

/** A rule on the default bus sending events of `source` to an API destination with an API-key connection. */
async function route(name: string, source: string, endpoint: string, apiKey: string): Promise<void> {
  const { ConnectionArn } = await events<{ ConnectionArn: string }>('CreateConnection', {
    Name: `${name}-conn`, AuthorizationType: 'API_KEY', AuthParameters: { ApiKeyAuthParameters: { ApiKeyName: 'x-api-key', ApiKeyValue: apiKey } },
  });
  const { ApiDestinationArn } = await events<{ ApiDestinationArn: string }>('CreateApiDestination', {
    Name: `${name}-dest`, ConnectionArn, InvocationEndpoint: endpoint, HttpMethod: 'POST',
  });
  await events('PutRule', { Name: `${name}-rule`, EventPattern: JSON.stringify({ source: [source] }) });
  await events('PutTargets', { Rule: `${name}-rule`, Targets: [{ Id: 'webhook', Arn: ApiDestinationArn, RoleArn: 'arn:aws:iam::000000000000:role/eb' }] });
}

const putEvent = (source: string, detail: unknown) => events<{ FailedEntryCount: number }>('PutEvents', { Entries: [{ Source: source, DetailType: 'Order Status', Detail: JSON.stringify(detail) }] });

beforeAll(async () => {
  c8 = camunda();
  worker = await WorkerProcess.start({ INBOUND_ENABLED: 'true', INBOUND_POLL_INTERVAL_MS: '300', CONNECTORS_ENABLED: 's3', SECRET_EB_KEY: KEY, SECRET_EB_HMAC: HMAC_SECRET });
});

afterAll(async () => {
  await deployments.retireAll();
  await worker?.stop();
  await c8?.getZeebeGrpcApiClient().close();
});

async function deployed(id: string, xml: string, context: string): Promise<void> {
  await deployments.deploy(id, xml);
  // The webhook exists once discovery opened it (404 before).
  await waitFor(`webhook ${context}`, async () => ((await worker.get(`/inbound/${context}`)).status !== 404 ? true : undefined));
}

test('an event through an API destination with the shared key starts an instance; the wrong key starts none', async () => {
  const id = uniqueId('eb_start');
  const context = `eb-${id.replace(/_/g, '-')}`;
  await deployed(id, messageStart(id, {
    'inbound.type': 'io.camunda:webhook:1', 'inbound.subtype': 'aws:eventbridge', 'inbound.context': context, 'inbound.method': 'post',
    'inbound.auth.type': 'APIKEY', 'inbound.auth.apiKey': '{{secrets.EB_KEY}}', 'inbound.auth.apiKeyLocator': '=get value(request.headers, "x-api-key")',
    resultExpression: '={status: request.body.detail.status, detailType: get value(request.body, "detail-type")}',
  }), context);
  const endpoint = `http://127.0.0.1:${worker.port}/inbound/${context}`;
  await route(`${id}-good`, `${id}.good`, endpoint, KEY);
  await route(`${id}-bad`, `${id}.bad`, endpoint, 'not-the-key');

  expect((await putEvent(`${id}.bad`, { status: 'forged' })).FailedEntryCount).toBe(0);
  expect((await putEvent(`${id}.good`, { status: 'shipped' })).FailedEntryCount).toBe(0);
  const [instance] = await waitFor('an instance started by the event', async () => {
    const found = await instancesOf(id);
    return found.length > 0 ? found : undefined;
  });
  expect(await variable(instance.processInstanceKey, 'status')).toBe('shipped');
  expect(await variable(instance.processInstanceKey, 'detailType')).toBe('Order Status');
  await new Promise((r) => setTimeout(r, 2000));
  expect(await instancesOf(id)).toHaveLength(1);
  expect(worker.output).not.toContain(KEY);

  // The same call directly: the wrong key is 401; a retry of one event (same id) is a duplicate.
  const event = { id: `evt-${id}`, source: 'direct', 'detail-type': 'Order Status', detail: { status: 'again' } };
  const post = (key: string) => fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key }, body: JSON.stringify(event) });
  expect((await post('wrong')).status).toBe(401);
  expect((await post(KEY)).status).toBe(200);
  expect((await post(KEY)).status).toBe(200);
  await waitFor('the direct event\'s instance', async () => ((await instancesOf(id)).length === 2 ? true : undefined));
  await new Promise((r) => setTimeout(r, 1000));
  expect(await instancesOf(id)).toHaveLength(2);
  // The worker counts them: the wrong keys refused (the emulator's and the direct one), the rest correlated or duplicates.
  const metrics = await (await worker.get('/metrics')).text();
  const count = (outcome: string) => Number(new RegExp(`connector_inbound_events_total\\{connector="eventbridge",outcome="${outcome}"\\} (\\d+)`).exec(metrics)?.[1] ?? 0);
  expect(count('refused')).toBeGreaterThanOrEqual(2);
  expect(count('correlated')).toBeGreaterThanOrEqual(2);
  expect(count('duplicate')).toBeGreaterThanOrEqual(1);
});

test('HMAC: a body signed with the shared secret is taken, a tampered one refused; a plain HTTP webhook is not ours', async () => {
  const id = uniqueId('eb_hmac');
  const context = `ebh-${id.replace(/_/g, '-')}`;
  await deployed(id, messageStart(id, {
    'inbound.type': 'aws:eventbridge-inbound:1', 'inbound.context': context,
    'inbound.shouldValidateHmac': 'enabled', 'inbound.hmacSecret': '{{secrets.EB_HMAC}}', 'inbound.hmacHeader': 'X-Signature', 'inbound.hmacAlgorithm': 'sha_256',
    resultExpression: '={n: request.body.detail.n}',
  }), context);
  const body = JSON.stringify({ id: `e-${id}`, detail: { n: 1 } });
  const signature = createHmac('sha256', HMAC_SECRET).update(body).digest('hex');
  const endpoint = `http://127.0.0.1:${worker.port}/inbound/${context}`;
  const tampered = body.replace('"n":1', '"n":2');
  expect((await fetch(endpoint, { method: 'POST', headers: { 'x-signature': signature }, body: tampered })).status).toBe(401);
  expect((await fetch(endpoint, { method: 'POST', body })).status).toBe(401);
  expect((await fetch(endpoint, { method: 'POST', headers: { 'x-signature': signature }, body })).status).toBe(200);
  const [instance] = await waitFor('the signed event\'s instance', async () => {
    const found = await instancesOf(id);
    return found.length > 0 ? found : undefined;
  });
  expect(await variable(instance.processInstanceKey, 'n')).toBe(1);

  // Camunda's generic HTTP webhook (no EventBridge marker) belongs to Camunda's runtime: no endpoint here.
  const plain = uniqueId('plain_webhook');
  deployments.track(plain);
  const plainContext = `plain-${plain.replace(/_/g, '-')}`;
  await c8.getZeebeGrpcApiClient().deployResource({
    process: Buffer.from(messageStart(plain, { 'inbound.type': 'io.camunda:webhook:1', 'inbound.context': plainContext, 'inbound.method': 'any', 'inbound.auth.type': 'NONE' })),
    name: `${plain}.bpmn`,
  });
  await new Promise((r) => setTimeout(r, 1500));
  expect((await fetch(`http://127.0.0.1:${worker.port}/inbound/${plainContext}`, { method: 'POST', body: '{}' })).status).toBe(404);
});

test('an element without a shared secret is not served unless the operator allows it', async () => {
  const id = uniqueId('eb_noauth');
  deployments.track(id);
  const context = `ebn-${id.replace(/_/g, '-')}`;
  await c8.getZeebeGrpcApiClient().deployResource({
    process: Buffer.from(messageStart(id, { 'inbound.type': 'io.camunda:webhook:1', 'inbound.subtype': 'aws:eventbridge', 'inbound.context': context, 'inbound.auth.type': 'NONE' })),
    name: `${id}.bpmn`,
  });
  await waitFor('the refusal in the log', () => (worker.output.split('\n').some((l) => l.includes(`"bpmnProcessId":"${id}"`) && l.includes('INBOUND_WEBHOOK_ALLOW_NO_AUTH')) ? true : undefined), 15_000);
  expect((await fetch(`http://127.0.0.1:${worker.port}/inbound/${context}`, { method: 'POST', body: '{}' })).status).toBe(404);
});
