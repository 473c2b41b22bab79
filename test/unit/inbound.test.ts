import pino from 'pino';
import { correlate, type InboundEngine } from '../../worker/inbound/correlation';
import { InboundDiscovery, type DefinitionSource } from '../../worker/inbound/discovery';
import { connectorProperties, deduplicationKey } from '../../worker/inbound/element-properties';
import { eventBridgeSettings } from '../../worker/inbound/eventbridge-webhook';
import { inboundElementsOf, type DefinitionRef, type InboundElement } from '../../worker/inbound/inbound-elements';
import { inboundKindOf } from '../../worker/inbound/inbound-types';
import { snsSettings } from '../../worker/inbound/sns-webhook';
import { regionOfTopic, stringToSign, trustedSnsUrl } from '../../worker/inbound/sns-signature';
import { sqsQueueSettings } from '../../worker/inbound/sqs-consumer';
import { WebhookRouter } from '../../worker/inbound/webhook-router';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { feelPool } from '../../worker/runtime/feel-pool';

afterAll(() => feelPool().close());

const DEF: DefinitionRef = { processDefinitionKey: '10', bpmnProcessId: 'p', version: 3, tenantId: '<default>' };
const props = (p: Record<string, string>) => `<bpmn:extensionElements><zeebe:properties>${Object.entries(p).map(([n, v]) => `<zeebe:property name="${n}" value="${v}"/>`).join('')}</zeebe:properties></bpmn:extensionElements>`;
const SQS = { 'inbound.type': 'io.camunda:aws-sqs-inbound:1', 'queue.url': 'https://q' };
const model = (body: string, processId = 'p') => `<?xml version="1.0"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0">
  <bpmn:message id="m1" name="one"/><bpmn:message id="m2" name="two"/><bpmn:process id="other"><bpmn:startEvent id="elsewhere">${props(SQS)}</bpmn:startEvent></bpmn:process>
  <bpmn:process id="${processId}">${body}</bpmn:process></bpmn:definitions>`;

describe('inboundElementsOf', () => {
  it('finds every inbound element kind of the definition\'s process, nested sub-processes included', () => {
    const { elements, skipped } = inboundElementsOf(model(`
      <bpmn:startEvent id="none">${props({ ...SQS, 'queue.url': 'first' })}</bpmn:startEvent>
      <bpmn:startEvent id="msg">${props(SQS)}<bpmn:messageEventDefinition messageRef="m1"/></bpmn:startEvent>
      <bpmn:subProcess id="sub"><bpmn:subProcess id="deeper"><bpmn:intermediateCatchEvent id="catch">${props(SQS)}<bpmn:messageEventDefinition messageRef="m2"/></bpmn:intermediateCatchEvent></bpmn:subProcess>
        <bpmn:startEvent id="subStart">${props(SQS)}</bpmn:startEvent></bpmn:subProcess>
      <bpmn:boundaryEvent id="b" attachedToRef="sub">${props(SQS)}<bpmn:messageEventDefinition messageRef="m1"/></bpmn:boundaryEvent>
      <bpmn:receiveTask id="r" messageRef="m2">${props(SQS)}</bpmn:receiveTask>
      <bpmn:intermediateCatchEvent id="timer">${props(SQS)}<bpmn:timerEventDefinition/></bpmn:intermediateCatchEvent>
      <bpmn:serviceTask id="task">${props(SQS)}</bpmn:serviceTask>
      <bpmn:receiveTask id="plain"/>`), DEF);
    expect(elements.map((e) => [e.elementId, e.kind, e.messageName]).sort()).toEqual([
      ['b', 'boundary', 'one'], ['catch', 'intermediate', 'two'], ['msg', 'message-start', 'one'], ['none', 'none-start', undefined], ['r', 'receive', 'two'],
    ]);
    expect(elements.find((e) => e.elementId === 'none')!.properties['queue.url']).toBe('first');
    expect(skipped.map((s) => s.elementId).sort()).toEqual(['subStart', 'timer']);
    expect(elements.every((e) => e.version === 3 && e.bpmnProcessId === 'p')).toBe(true);
  });

  it('keeps the first value of a repeated property and drops one without a value; a message without a name is skipped', () => {
    const xml = model(`<bpmn:startEvent id="s"><bpmn:extensionElements><zeebe:properties><zeebe:property name="inbound.type" value="a"/><zeebe:property name="inbound.type" value="b"/><zeebe:property name="x"/></zeebe:properties></bpmn:extensionElements></bpmn:startEvent>
      <bpmn:receiveTask id="r" messageRef="nope">${props(SQS)}</bpmn:receiveTask>`);
    const { elements, skipped } = inboundElementsOf(xml, DEF);
    expect(elements[0].properties).toEqual({ 'inbound.type': 'a' });
    expect(skipped).toEqual([{ elementId: 'r', reason: expect.stringContaining('no message') }]);
  });
});

describe('which elements are ours', () => {
  it('claims SQS and SNS (both names), EventBridge only with its marker, never a plain HTTP webhook', () => {
    expect(inboundKindOf({ 'inbound.type': 'aws:sqs-inbound:1' })).toBe('sqs');
    expect(inboundKindOf({ 'inbound.type': 'io.camunda:aws-sns-webhook:1' })).toBe('sns');
    expect(inboundKindOf({ 'inbound.type': 'io.camunda:webhook:1', 'inbound.subtype': 'aws:eventbridge' })).toBe('eventbridge');
    expect(inboundKindOf({ 'inbound.type': 'io.camunda:webhook:1' })).toBeUndefined();
    expect(inboundKindOf({ 'inbound.type': 'io.camunda:kafka:1' })).toBeUndefined();
  });

  it('unflattens connector properties without runtime keywords or prototype keys', () => {
    expect(connectorProperties({ 'queue.url': 'u', 'queue.pollingWaitTime': '5', activationCondition: '=true', '__proto__.x': 'y', 'a.constructor': 'z' }))
      .toEqual({ queue: { url: 'u', pollingWaitTime: '5' } });
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('groups elements as Camunda\'s deduplication does', () => {
    const e = (elementId: string, p: Record<string, string>) => ({ tenantId: 't', bpmnProcessId: 'p', processDefinitionKey: '1', elementId, properties: { ...SQS, ...p } });
    expect(deduplicationKey(e('a', { deduplicationMode: 'AUTO', activationCondition: '=x' }))).toBe(deduplicationKey(e('b', { deduplicationMode: 'AUTO', resultVariable: 'r' })));
    expect(deduplicationKey(e('a', { deduplicationMode: 'AUTO' }))).not.toBe(deduplicationKey(e('b', { deduplicationMode: 'AUTO', 'queue.url': 'other' })));
    expect(deduplicationKey(e('a', {}))).not.toBe(deduplicationKey(e('b', {})));
    expect(deduplicationKey(e('a', { deduplicationMode: 'MANUAL', deduplicationId: 'q1', 'queue.url': 'x' }))).toBe(deduplicationKey(e('b', { deduplicationMode: 'MANUAL', deduplicationId: 'q1' })));
  });
});

describe('correlate', () => {
  const element = (over: Partial<InboundElement> & { properties?: Record<string, string> }): InboundElement => ({
    processDefinitionKey: '1', bpmnProcessId: 'p', version: 2, tenantId: '<default>', elementId: 'e', kind: 'intermediate', messageName: 'm', ...over, properties: { ...SQS, ...over.properties },
  });
  const recorder = (answer: 'published' | 'duplicate' | Error = 'published') => {
    const calls: unknown[] = [];
    const engine: InboundEngine = {
      publishMessage: async (m) => { calls.push(['publish', m]); if (answer instanceof Error) throw answer; return answer; },
      createProcessInstance: async (s) => { calls.push(['create', s]); },
    };
    return { engine, calls };
  };

  it('publishes with the key, the message id, the TTL and the mapped variables', async () => {
    const { engine, calls } = recorder();
    const outcome = await correlate([element({ properties: { correlationKeyExpression: '=body.id', messageIdExpression: '=body.ref', messageTtl: 'PT5M', resultVariable: 'ev', resultExpression: '={n: body.n}' } })], { body: { id: 7, ref: 'r', n: 1 } }, engine, 'sqs-id');
    expect(outcome).toEqual({ kind: 'correlated', elementId: 'e' });
    expect(calls).toEqual([['publish', { name: 'm', correlationKey: '7', messageId: 'r', timeToLiveMs: 300_000, tenantId: '<default>', variables: { ev: { body: { id: 7, ref: 'r', n: 1 } }, n: 1 } }]]);
  });

  it('uses the connector\'s id and one hour by default, no variables without a mapping; a none start event creates its version', async () => {
    const { engine, calls } = recorder();
    await correlate([element({ kind: 'message-start' })], { body: {} }, engine, 'sqs-id');
    await correlate([element({ kind: 'none-start', messageName: undefined })], { body: {} }, engine, 'sqs-id');
    expect(calls).toEqual([
      ['publish', { name: 'm', correlationKey: '', messageId: 'sqs-id', timeToLiveMs: 3_600_000, tenantId: '<default>', variables: {} }],
      ['create', { bpmnProcessId: 'p', version: 2, tenantId: '<default>', variables: {} }],
    ]);
  });

  it('answers unmatched (consumed only when an element asks), invalid and failed outcomes; ALREADY_EXISTS is a duplicate', async () => {
    const off = element({ properties: { activationCondition: '=body.ok', correlationKeyExpression: '=body.id' } });
    expect(await correlate([off], { body: { ok: false } }, recorder().engine)).toEqual({ kind: 'unmatched', consume: false });
    expect(await correlate([off, element({ elementId: 'x', properties: { activationCondition: '=false', consumeUnmatchedEvents: 'true' } })], { body: {} }, recorder().engine)).toEqual({ kind: 'unmatched', consume: true });
    const missingKey = await correlate([element({ properties: { correlationKeyExpression: '=body.id' } })], { body: {} }, recorder().engine);
    expect(missingKey).toMatchObject({ kind: 'invalid', error: { code: 'INVALID_INPUT', path: 'correlationKeyExpression' } });
    expect(await correlate([element({})], { body: {} }, recorder().engine)).toMatchObject({ kind: 'invalid', error: { code: 'MISSING_INPUT' } });
    expect(await correlate([element({ properties: { correlationKeyExpression: '="k"', messageTtl: 'soon' } })], {}, recorder().engine)).toMatchObject({ kind: 'invalid', error: { path: 'messageTtl' } });
    expect(await correlate([element({ properties: { correlationKeyExpression: '="k"' } })], {}, recorder('duplicate').engine)).toEqual({ kind: 'duplicate', elementId: 'e' });
    expect(await correlate([element({ properties: { correlationKeyExpression: '="k"' } })], {}, recorder(new Error('UNAVAILABLE')).engine)).toMatchObject({ kind: 'failed' });
  });

  it('takes one message for several matching elements with the same settings, refuses different ones', async () => {
    const a = element({ elementId: 'a', properties: { correlationKeyExpression: '=k' } });
    const b = element({ elementId: 'b', properties: { correlationKeyExpression: '=k' } });
    const { engine, calls } = recorder();
    expect(await correlate([a, b], { k: 'x' }, engine)).toEqual({ kind: 'correlated', elementId: 'a' });
    expect(calls).toHaveLength(1);
    expect(await correlate([a, element({ elementId: 'c', messageName: 'other', properties: { correlationKeyExpression: '=k' } })], { k: 'x' }, engine)).toMatchObject({ kind: 'invalid', error: { message: expect.stringContaining('Multiple connectors') } });
  });
});

describe('InboundDiscovery', () => {
  const xml = (queue: string) => model(`<bpmn:startEvent id="s">${props({ ...SQS, 'queue.url': queue })}<bpmn:messageEventDefinition messageRef="m1"/></bpmn:startEvent>`);
  it('opens one subscription per element, moves it to a new version, closes it when the process is gone, keeps it when the cluster cannot be read', async () => {
    let definitions: DefinitionRef[] | Error = [DEF];
    const models: Record<string, string> = { 10: xml('q1'), 11: xml('q2') };
    const source: DefinitionSource = { latestDefinitions: async () => { if (definitions instanceof Error) throw definitions; return definitions; }, xml: async (key) => models[key] };
    const events: string[] = [];
    const discovery = new InboundDiscovery(source, async (kind, elements) => {
      const name = `${kind}:${elements.map((e) => `${e.processDefinitionKey}/${e.elementId}`).join(',')}`;
      events.push(`open ${name}`);
      return { stop: async () => { events.push(`close ${name}`); } };
    }, pino({ level: 'silent' }), 60_000);
    await discovery.poll();
    await discovery.poll();
    definitions = new Error('down');
    await discovery.poll();
    definitions = [{ ...DEF, processDefinitionKey: '11', version: 4 }];
    await discovery.poll();
    definitions = [];
    await discovery.poll();
    expect(events).toEqual(['open sqs:10/s', 'close sqs:10/s', 'open sqs:11/s', 'close sqs:11/s']);
    expect(discovery.openSubscriptions).toBe(0);
  });

  it('retries an activation that failed at the next round', async () => {
    let attempts = 0;
    const source: DefinitionSource = { latestDefinitions: async () => [DEF], xml: async () => xml('q') };
    const discovery = new InboundDiscovery(source, async () => {
      attempts += 1;
      if (attempts === 1) throw new Error('queue missing');
      return { stop: async () => undefined };
    }, pino({ level: 'silent' }), 60_000);
    await discovery.poll();
    expect(discovery.openSubscriptions).toBe(0);
    await discovery.poll();
    expect(discovery.openSubscriptions).toBe(1);
    await discovery.stop();
    expect(discovery.openSubscriptions).toBe(0);
  });
});

describe('connector settings', () => {
  it('SQS: queue URL required, wait time 0..20 (0 waits 1), attribute names from FEEL, JSON or text', async () => {
    await expect(sqsQueueSettings({})).rejects.toMatchObject({ code: 'MISSING_INPUT', path: 'queue.url' });
    await expect(sqsQueueSettings({ queue: { url: 'u', pollingWaitTime: '21' } })).rejects.toMatchObject({ path: 'queue.pollingWaitTime' });
    expect(await sqsQueueSettings({ queue: { url: 'u', pollingWaitTime: '0', attributeNames: '=["SentTimestamp"]', messageAttributeNames: 'a, b' } }))
      .toEqual({ url: 'u', waitTimeSeconds: 1, attributeNames: ['SentTimestamp'], messageAttributeNames: ['a', 'b'] });
    expect(await sqsQueueSettings({ queue: { url: 'u' } })).toEqual({ url: 'u', waitTimeSeconds: 20, attributeNames: ['All'], messageAttributeNames: ['All'] });
  });

  it('SNS: a topic list is required (any topic is refused), entries trimmed', () => {
    expect(() => snsSettings({ inbound: { context: 'c', securitySubscriptionAllowedFor: 'any' } })).toThrow(/topicsAllowList/);
    expect(snsSettings({ inbound: { context: 'c', topicsAllowList: ' a , b ' } })).toEqual({ context: 'c', topics: ['a', 'b'] });
  });

  it('EventBridge: a shared secret is required unless the operator allows none; JWT is refused', () => {
    expect(() => eventBridgeSettings({ inbound: { context: 'c', auth: { type: 'NONE' } } }, false)).toThrow(/INBOUND_WEBHOOK_ALLOW_NO_AUTH/);
    expect(eventBridgeSettings({ inbound: { context: 'c' } }, true).auth).toEqual({ type: 'NONE' });
    expect(() => eventBridgeSettings({ inbound: { context: 'c', auth: { type: 'JWT' } } }, true)).toThrow(/JWT is not served/);
    expect(eventBridgeSettings({ inbound: { context: 'c', auth: { type: 'APIKEY', apiKey: 'k' } } }, false).auth).toEqual({ type: 'APIKEY', apiKey: 'k', locator: '=request.headers.apikey' });
    expect(eventBridgeSettings({ inbound: { context: 'c', shouldValidateHmac: 'enabled', hmacSecret: 's', hmacHeader: 'X-Sig', hmacAlgorithm: 'sha_512' } }, false).auth)
      .toEqual({ type: 'HMAC', secret: 's', header: 'x-sig', algorithm: 'sha512' });
  });
});

describe('SNS signature helpers', () => {
  it('builds the string to sign per message type, Subject only when present', () => {
    const n = { Type: 'Notification', MessageId: 'i', TopicArn: 't', Message: 'm', Timestamp: 'ts', Signature: 'x' };
    expect(stringToSign(n)).toBe('Message\nm\nMessageId\ni\nTimestamp\nts\nTopicArn\nt\nType\nNotification\n');
    expect(stringToSign({ ...n, Subject: 's' })).toBe('Message\nm\nMessageId\ni\nSubject\ns\nTimestamp\nts\nTopicArn\nt\nType\nNotification\n');
    expect(() => stringToSign({ Type: 'SubscriptionConfirmation', Message: 'm' })).toThrow(/no MessageId/);
    expect(() => stringToSign({ Type: 'Other' })).toThrow(/unknown SNS message type/);
  });

  it('trusts certificate URLs on SNS of the topic\'s region over https, or an allowed host', () => {
    expect(trustedSnsUrl('https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-1.pem', 'eu-west-1', [], 'u').host).toBe('sns.eu-west-1.amazonaws.com');
    expect(() => trustedSnsUrl('https://sns.us-east-1.amazonaws.com/c.pem', 'eu-west-1', [], 'u')).toThrow(/region/);
    expect(() => trustedSnsUrl('http://sns.eu-west-1.amazonaws.com/c.pem', 'eu-west-1', [], 'u')).toThrow(/not an SNS host/);
    expect(() => trustedSnsUrl('https://sns.eu-west-1.amazonaws.com.evil.io/c.pem', 'eu-west-1', [], 'u')).toThrow(/not an SNS host/);
    expect(() => trustedSnsUrl('https://user@sns.eu-west-1.amazonaws.com/c.pem', 'eu-west-1', [], 'u')).toThrow(/user info/);
    expect(trustedSnsUrl('http://localhost:4566/c.pem', 'eu-west-1', ['localhost:4566'], 'u').protocol).toBe('http:');
    expect(() => trustedSnsUrl('http://localhost:4567/c.pem', 'eu-west-1', ['localhost:4566'], 'u')).toThrow();
    expect(regionOfTopic('arn:aws:sns:eu-west-1:1:t')).toBe('eu-west-1');
    expect(() => regionOfTopic('arn:aws:sqs:eu-west-1:1:t')).toThrow();
  });
});

describe('WebhookRouter', () => {
  it('serves registered ids only, refuses malformed paths, big bodies and ids in use; header names arrive lower-case', async () => {
    const router = new WebhookRouter(1024);
    const seen: unknown[] = [];
    const release = router.register('orders-1', async (request) => {
      seen.push({ method: request.method, header: request.headers['x-key'], params: request.params, body: request.rawBody.toString() });
      return { status: 200 };
    });
    expect(() => router.register('orders-1', async () => ({ status: 200 }))).toThrow(/already used/);
    expect(() => router.register('../x', async () => ({ status: 200 }))).toThrow(/not a webhook id/);
    const server = http.createServer((req, res) => void router.serve(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/inbound/`;
    try {
      expect((await fetch(`${base}orders-1?a=1`, { method: 'POST', headers: { 'X-Key': 'v' }, body: 'hi' })).status).toBe(200);
      expect(seen).toEqual([{ method: 'POST', header: 'v', params: { a: '1' }, body: 'hi' }]);
      expect((await fetch(`${base}other`, { method: 'POST' })).status).toBe(404);
      expect((await fetch(`${base}%E0%A4%A`, { method: 'POST' })).status).toBe(400);
      expect((await fetch(`${base}orders-1`, { method: 'POST', body: 'x'.repeat(2000) })).status).toBe(413);
      release();
      expect((await fetch(`${base}orders-1`, { method: 'POST' })).status).toBe(404);
    } finally {
      server.close();
    }
  });
});
