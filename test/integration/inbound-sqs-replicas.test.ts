// Two replicas of the worker on one queue: each message starts exactly one instance. And message attributes the
// element asks for reach its activation condition.
import { CreateQueueCommand, GetQueueAttributesCommand, SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Camunda8 } from '@camunda8/sdk';
import { camunda, searchProcessInstances, searchVariables, stack, uniqueId, waitFor, WorkerProcess } from './harness';
import { messageStart, retired } from './inbound-models';

jest.setTimeout(180_000);

let c8: Camunda8;
let sqs: SQSClient;
const workers: WorkerProcess[] = [];
const deployed: string[] = [];

beforeAll(async () => {
  c8 = camunda();
  const s = stack();
  sqs = new SQSClient({ endpoint: s.AWS_ENDPOINT_URL_S3_EMULATOR, region: s.AWS_REGION, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  const env = { INBOUND_POLL_INTERVAL_MS: '300', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_ENDPOINT_URL_SQS: s.AWS_ENDPOINT_URL_S3_EMULATOR, CONNECTORS_ENABLED: 's3' };
  workers.push(...(await Promise.all([WorkerProcess.start(env), WorkerProcess.start(env)])));
});

afterAll(async () => {
  for (const id of deployed) await c8.getZeebeGrpcApiClient().deployResource({ process: Buffer.from(retired(id)), name: `${id}.bpmn` });
  for (const w of workers) await w.stop();
  sqs?.destroy();
  await c8?.getZeebeGrpcApiClient().close();
});

async function deploy(id: string, xml: string): Promise<void> {
  deployed.push(id);
  await c8.getZeebeGrpcApiClient().deployResource({ process: Buffer.from(xml), name: `${id}.bpmn` });
}

async function inQueue(url: string): Promise<number> {
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
  return Number(Attributes?.ApproximateNumberOfMessages ?? 0) + Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
}

test('two replicas on one queue: 60 messages, 60 instances, each message once', async () => {
  const id = uniqueId('sqs_replicas');
  const { QueueUrl: url } = await sqs.send(new CreateQueueCommand({ QueueName: id }));
  await deploy(id, messageStart(id, { 'inbound.type': 'io.camunda:aws-sqs-inbound:1', 'queue.url': url!, 'queue.pollingWaitTime': '1', resultExpression: '={n: body.n}' }));
  // Both replicas serve the process before the messages arrive.
  await waitFor('both replicas to open the subscription', () => (workers.every((w) => w.output.includes(`"bpmnProcessId":"${id}"`)) ? true : undefined));
  for (let from = 0; from < 60; from += 10) {
    await sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: Array.from({ length: 10 }, (_, k) => ({ Id: String(k), MessageBody: JSON.stringify({ n: from + k }) })) }));
  }
  await waitFor('the queue to be empty', async () => ((await inQueue(url!)) === 0 ? true : undefined), 60_000);
  const instances = await searchProcessInstances({ processDefinitionId: id });
  expect(instances).toHaveLength(60);
  const ns = await Promise.all(instances.map(async (i) => JSON.parse((await searchVariables({ processInstanceKey: i.processInstanceKey, name: 'n' }))[0].value) as number));
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
  await waitFor('the queue to be empty', async () => ((await inQueue(url!)) === 0 ? true : undefined), 30_000);
  const instances = await searchProcessInstances({ processDefinitionId: id });
  expect(instances).toHaveLength(1);
  const value = async (name: string) => JSON.parse((await searchVariables({ processInstanceKey: instances[0].processInstanceKey, name }))[0].value);
  expect(await value('kind')).toBe('order');
  expect(await value('other')).toBeNull();
  expect(await value('sent')).toBe(true);
});
