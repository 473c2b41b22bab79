/**
 * Hostile webhook calls: any body, headers and method reach the SNS and EventBridge handlers; they answer a
 * status, never throw, never hand an unauthenticated or unsigned call to the engine, and fetch certificates only
 * from SNS hosts. Also any text as a deployed model: discovery's parser answers or throws, never hangs.
 * FUZZ_RUNS calls per handler (1,000 in `npm test`); the seed as seed.ts says.
 */
import fc from 'fast-check';
import pino from 'pino';
import type { InboundEngine } from '../../worker/inbound/correlation';
import { eventBridgeHandler, eventBridgeSettings } from '../../worker/inbound/eventbridge-webhook';
import { inboundElementsOf, type InboundElement } from '../../worker/inbound/inbound-elements';
import { CertificateStore } from '../../worker/inbound/sns-signature';
import { snsHandler } from '../../worker/inbound/sns-webhook';
import type { WebhookRequest } from '../../worker/inbound/webhook-router';
import { feelPool } from '../../worker/runtime/feel-pool';
import { FUZZ_SEED } from './seed';

const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
const SEED = FUZZ_SEED;
const options = { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }) };

afterAll(() => feelPool().close());

const element: InboundElement = {
  processDefinitionKey: '1', bpmnProcessId: 'p', version: 1, tenantId: '<default>', elementId: 's', kind: 'message-start', messageName: 'm',
  properties: { 'inbound.type': 'aws:sqs-inbound:1', resultExpression: '={b: request.body}' },
};

function engine(calls: unknown[]): InboundEngine {
  return {
    publishMessage: async (m) => { calls.push(m); return 'published'; },
    createProcessInstance: async (s) => { calls.push(s); },
  };
}

const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:orders';
const snsBody = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  fc.record({
    Type: fc.constantFrom('Notification', 'SubscriptionConfirmation', 'UnsubscribeConfirmation', 'Other'),
    MessageId: fc.string(), TopicArn: fc.constantFrom(TOPIC, 'arn:aws:sns:eu-west-1:1:other', ''), Message: fc.string(), Timestamp: fc.string(),
    SignatureVersion: fc.constantFrom('1', '2', '3', ''), Signature: fc.base64String({ maxLength: 400 }),
    SigningCertURL: fc.oneof(fc.webUrl(), fc.constantFrom('https://sns.eu-west-1.amazonaws.com/c.pem', 'http://127.0.0.1:1/c.pem', 'file:///etc/passwd')),
    SubscribeURL: fc.webUrl(), Token: fc.string(),
  }, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 200 }),
);

const request = (body: fc.Arbitrary<string>) => fc.record({
  method: fc.constantFrom('POST', 'GET', 'PUT', 'DELETE'),
  headers: fc.dictionary(fc.constantFrom('x-api-key', 'authorization', 'x-signature', 'x-amz-sns-topic-arn', 'content-type', 'x'), fc.string({ maxLength: 60 })),
  params: fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 10 })),
  rawBody: body.map((t) => Buffer.from(t)),
}) as fc.Arbitrary<WebhookRequest>;

test('SNS: no hostile call reaches the engine; certificates are fetched from SNS hosts only', async () => {
  const calls: unknown[] = [];
  const fetched: string[] = [];
  const certificates = new CertificateStore([], (async (url: string) => {
    fetched.push(String(url));
    throw new Error('no network in this test');
  }) as unknown as typeof fetch);
  const handler = snsHandler([element], { context: 'c', topics: [TOPIC] }, engine(calls), certificates, pino({ level: 'silent' }), (t) => t);
  await fc.assert(fc.asyncProperty(request(snsBody), async (r) => {
    const { status } = await handler(r);
    expect([200, 400, 403, 405, 422, 502, 503]).toContain(status);
  }), options);
  expect(calls).toEqual([]);
  for (const url of fetched) expect(new URL(url).host).toBe('sns.eu-west-1.amazonaws.com');
});

test('EventBridge: only calls carrying the shared key reach the engine', async () => {
  const calls: unknown[] = [];
  const settings = eventBridgeSettings({ inbound: { context: 'c', auth: { type: 'APIKEY', apiKey: 'the-key', apiKeyLocator: '=get value(request.headers, "x-api-key")' } } }, false);
  const handler = eventBridgeHandler([element], settings, engine(calls), (t) => t);
  let authorised = 0;
  await fc.assert(fc.asyncProperty(request(fc.oneof(fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)), fc.string({ maxLength: 100 }))), fc.boolean(), async (r, withKey) => {
    if (withKey) r.headers['x-api-key'] = 'the-key';
    const before = calls.length;
    const { status } = await handler(r);
    expect([200, 400, 401, 405, 422, 503]).toContain(status);
    if (r.headers['x-api-key'] !== 'the-key') expect(calls.length).toBe(before);
    else if (status === 200) authorised += 1;
  }), options);
  expect(authorised).toBe(calls.length);
});

test('discovery\'s model reader answers or throws an error for any text', () => {
  fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.constantFrom('<bpmn:definitions><bpmn:process id="p"><bpmn:startEvent id=', '<a><b></a>', '<?xml?><definitions/>')), (xml) => {
    try {
      inboundElementsOf(xml, { processDefinitionKey: '1', bpmnProcessId: 'p', version: 1, tenantId: '' });
    } catch (error) {
      expect(error).toBeInstanceOf(Error);
    }
  }), options);
});
