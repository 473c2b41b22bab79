// Two replicas of the worker on one queue: each message starts exactly one instance. And message attributes the
// element asks for reach its activation condition.
import { CreateQueueCommand, SendMessageBatchCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Camunda8 } from '@camunda8/sdk';
import { camunda, stack, uniqueId, waitFor, WorkerProcess } from './harness';
import { Deployments, emulatorSqs, inQueue, instancesOf, variable } from './inbound-harness';
import { messageStart } from './inbound-models';

jest.setTimeout(180_000);

let c8: Camunda8;
let sqs: SQSClient;
const workers: WorkerProcess[] = [];
const deployments = new Deployments(() => c8);

beforeAll(async () => {
  c8 = camunda();
  sqs = emulatorSqs();
  const s = stack();
  const env = { INBOUND_ENABLED: 'true', INBOUND_POLL_INTERVAL_MS: '300', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_ENDPOINT_URL_SQS: s.AWS_ENDPOINT_URL_S3_EMULATOR, CONNECTORS_ENABLED: 's3' };
  workers.push(...(await Promise.all([WorkerProcess.start(env), WorkerProcess.start(env)])));
});

afterAll(async () => {
  await deployments.retireAll();
  for (const w of workers) await w.stop();
  sqs?.destroy();
  await c8?.getZeebeGrpcApiClient().close();
});

const deploy = (id: string, xml: string) => deployments.deploy(id, xml);

test('two replicas on one queue: 60 messages, 60 instances, each message once', async () => {
  const id = uniqueId('sqs_replicas');
  const { QueueUrl: url } = await sqs.send(new CreateQueueCommand({ QueueName: id }));
  await deploy(id, messageStart(id, { 'inbound.type': 'io.camunda:aws-sqs-inbound:1', 'queue.url': url!, 'queue.pollingWaitTime': '1', resultExpression: '={n: body.n}' }));
  // Both replicas serve the process before the messages arrive (a fresh worker's first discovery round reads every
  // definition the engine keeps, which takes a while on a loaded machine with a long-lived stack).
  await waitFor('both replicas to open the subscription', () => (workers.every((w) => w.output.includes(`"bpmnProcessId":"${id}"`)) ? true : undefined), 90_000);
  for (let from = 0; from < 60; from += 10) {
    await sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: Array.from({ length: 10 }, (_, k) => ({ Id: String(k), MessageBody: JSON.stringify({ n: from + k }) })) }));
  }
  await waitFor('the queue to be empty', async () => ((await inQueue(sqs, url!)) === 0 ? true : undefined), 60_000);
  const instances = await instancesOf(id);
  expect(instances).toHaveLength(60);
  const ns = await Promise.all(instances.map(async (i) => (await variable(i.processInstanceKey, 'n')) as number));
  expect(ns.sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, n) => n));
  const handled = workers.map((w) => w.output.split('\n').filter((l) => l.includes('inbound message handed to the engine') && l.includes(`"bpmnProcessId":"${id}"`)).length);
  expect(handled[0] + handled[1]).toBe(60);
});

test('the message attributes the element names reach its activation condition', async () => {
  const id = uniqueId('sqs_attributes');
  const { QueueUrl: url } = await sqs.send(new CreateQueueCommand({ QueueName: id }));
  await deploy(id, messageStart(id, {
    'inbound.type': 'io.camunda:aws-sqs-inbound:1', 'queue.url': url!, 'queue.pollingWaitTime': '1', 'queue.messageAttributeNames': '=["kind"]',
    'queue.attributeNames': '=["SentTimestamp"]', activationCondition: '=messageAttributes.kind.stringValue = "order"', consumeUnmatchedEvents: 'true',
    resultExpression: '={kind: messageAttributes.kind.stringValue, other: messageAttributes.other, sent: attributes.SentTimestamp != null}',
  }));
  await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'text body', MessageAttributes: { kind: { DataType: 'String', StringValue: 'order' }, other: { DataType: 'String', StringValue: 'x' } } }));
  await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'text body', MessageAttributes: { kind: { DataType: 'String', StringValue: 'refund' } } }));
  await waitFor('the queue to be empty', async () => ((await inQueue(sqs, url!)) === 0 ? true : undefined), 90_000);
  const instances = await instancesOf(id);
  expect(instances).toHaveLength(1);
  const value = (name: string) => variable(instances[0].processInstanceKey, name);
  expect(await value('kind')).toBe('order');
  expect(await value('other')).toBeNull();
  expect(await value('sent')).toBe(true);
});
