// SQS inbound end to end: the worker (its own process) discovers deployed inbound elements through the engine's
// REST API, long-polls MiniStack's SQS with the real AWS SDK, and starts/continues instances through the engine.
import { CreateQueueCommand, GetQueueAttributesCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Camunda8 } from '@camunda8/sdk';
import { camunda, stack, uniqueId, waitFor, WorkerProcess } from './harness';
import { Deployments, emulatorSqs, inQueue as messagesIn, instancesOf, variable } from './inbound-harness';
import { boundaryOnTask, messageStart, receiveTask, startThenWait, type Properties } from './inbound-models';

jest.setTimeout(180_000);

const CAMUNDA_SQS = 'io.camunda:aws-sqs-inbound:1';
let c8: Camunda8;
let sqs: SQSClient;
let worker: WorkerProcess;

/** The worker with inbound on, discovery every 300 ms, SQS on the emulator. */
function inboundWorkerEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    INBOUND_ENABLED: 'true', INBOUND_POLL_INTERVAL_MS: '300', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test',
    AWS_ENDPOINT_URL_SQS: stack().AWS_ENDPOINT_URL_S3_EMULATOR, CONNECTORS_ENABLED: 's3', ...extra,
  };
}

async function queue(name: string, visibilityTimeout = 2): Promise<string> {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: { VisibilityTimeout: String(visibilityTimeout) } }));
  return QueueUrl!;
}

const send = (url: string, body: unknown) => sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: JSON.stringify(body) }));

const inQueue = (url: string) => messagesIn(sqs, url);
const deployments = new Deployments(() => c8);
const deploy = (xml: string, id: string) => deployments.deploy(id, xml);

const sqsProps = (url: string, extra: Properties = {}): Properties => ({ 'inbound.type': CAMUNDA_SQS, 'queue.url': url, 'queue.pollingWaitTime': '1', deduplicationMode: 'AUTO', ...extra });

beforeAll(async () => {
  c8 = camunda();
  sqs = emulatorSqs();
  worker = await WorkerProcess.start(inboundWorkerEnv());
});

afterAll(async () => {
  await deployments.retireAll();
  await worker?.stop();
  sqs?.destroy();
  await c8?.getZeebeGrpcApiClient().close();
});

test('a message starts an instance, another continues it by correlation key (one queue, one poller for both elements)', async () => {
  const id = uniqueId('sqs_order');
  const url = await queue(id);
  await deploy(startThenWait(id,
    sqsProps(url, { activationCondition: '=body.kind = "start"', resultExpression: '={orderId: body.orderId}', consumeUnmatchedEvents: 'false' }),
    sqsProps(url, { activationCondition: '=body.kind = "paid"', correlationKeyExpression: '=body.orderId', resultExpression: '={paid: body.amount}', consumeUnmatchedEvents: 'false' }),
  ), id);
  await send(url, { kind: 'start', orderId: 'o-1' });
  const [instance] = await waitFor('an instance started by the SQS message', async () => {
    const found = await instancesOf(id);
    return found.length > 0 ? found : undefined;
  });
  expect(await variable(instance.processInstanceKey, 'orderId')).toBe('o-1');
  await send(url, { kind: 'paid', orderId: 'o-1', amount: 42 });
  await waitFor('the instance to complete', async () => ((await instancesOf(id))[0].state === 'COMPLETED' ? true : undefined));
  expect(await variable(instance.processInstanceKey, 'paid')).toBe(42);
  await waitFor('the queue to be empty', async () => ((await inQueue(url)) === 0 ? true : undefined), 15_000);
  expect(await instancesOf(id)).toHaveLength(1);
});

test('a duplicate message id is correlated once, and both copies are deleted', async () => {
  const id = uniqueId('sqs_dup');
  const url = await queue(id);
  await deploy(messageStart(id, sqsProps(url, { messageIdExpression: '=body.requestId', resultVariable: 'event' })), id);
  await send(url, { requestId: 'r-1' });
  await send(url, { requestId: 'r-1' });
  await send(url, { requestId: 'r-2' });
  await waitFor('the queue to be empty', async () => ((await inQueue(url)) === 0 ? true : undefined));
  const instances = await instancesOf(id);
  expect(instances).toHaveLength(2);
  const ids = await Promise.all(instances.map(async (i) => ((await variable(i.processInstanceKey, 'event')) as { body: { requestId: string } }).body.requestId));
  expect(ids.sort()).toEqual(['r-1', 'r-2']);
});

test('a false activation condition leaves the message in the queue; consumeUnmatchedEvents deletes it', async () => {
  const kept = uniqueId('sqs_keep');
  const keptUrl = await queue(kept);
  await deploy(messageStart(kept, sqsProps(keptUrl, { activationCondition: '=body.ok = true', consumeUnmatchedEvents: 'false' })), kept);
  const consumed = uniqueId('sqs_consume');
  const consumedUrl = await queue(consumed);
  await deploy(messageStart(consumed, sqsProps(consumedUrl, { activationCondition: '=body.ok = true', consumeUnmatchedEvents: 'true' })), consumed);
  await send(keptUrl, { ok: false });
  await send(consumedUrl, { ok: false });
  await waitFor('the unmatched message to be deleted where the element asks for it', async () => ((await inQueue(consumedUrl)) === 0 ? true : undefined));
  // The kept message is received, refused, and received again after its 2 s visibility timeout: still there.
  await new Promise((r) => setTimeout(r, 5000));
  expect(await inQueue(keptUrl)).toBe(1);
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: keptUrl, AttributeNames: ['All'] }));
  expect(Attributes).toBeDefined();
  expect(await instancesOf(kept)).toHaveLength(0);
  expect(await instancesOf(consumed)).toHaveLength(0);
  expect(worker.output).toContain('no activation condition matched the message; left in the queue');
});

test('a receive task and a boundary event continue their instances (our own inbound type)', async () => {
  const id = uniqueId('sqs_receive');
  const url = await queue(id);
  await deploy(receiveTask(id, { ...sqsProps(url), 'inbound.type': 'aws:sqs-inbound:1', correlationKeyExpression: '=body.orderId', resultExpression: '={answer: body.answer}' }), id);
  const zeebe = c8.getZeebeGrpcApiClient();
  const started = await zeebe.createProcessInstance({ bpmnProcessId: id, variables: { orderId: 'r-7' } });
  await send(url, { orderId: 'r-7', answer: 'yes' });
  await waitFor('the receive task to complete', async () => ((await instancesOf(id))[0]?.state === 'COMPLETED' ? true : undefined));
  expect(await variable(started.processInstanceKey, 'answer')).toBe('yes');

  const b = uniqueId('sqs_boundary');
  const bUrl = await queue(b);
  await deploy(boundaryOnTask(b, `${b}-nobody`, { ...sqsProps(bUrl), correlationKeyExpression: '=body.orderId' }), b);
  const waiting = await zeebe.createProcessInstance({ bpmnProcessId: b, variables: { orderId: 'b-1' } });
  await send(bUrl, { orderId: 'b-1' });
  await waitFor('the boundary event to end the instance', async () => ((await instancesOf(b))[0]?.state === 'COMPLETED' ? true : undefined));
  expect((await instancesOf(b))[0].processInstanceKey).toBe(waiting.processInstanceKey);
});

test('a new process version moves the subscription to its queue', async () => {
  const id = uniqueId('sqs_version');
  const first = await queue(`${id}_a`);
  const second = await queue(`${id}_b`);
  await deploy(messageStart(id, sqsProps(first, { resultExpression: '={from: "v1"}' })), id);
  await send(first, { n: 1 });
  await waitFor('v1 to take its message', async () => ((await instancesOf(id)).length === 1 ? true : undefined));
  await deploy(messageStart(id, sqsProps(second, { resultExpression: '={from: "v2"}' })), id);
  await waitFor('the worker to open the new version\'s subscription', () => (worker.output.includes(`"elementIds":["start"]`) && countOpened(worker.output, id) >= 2 ? true : undefined));
  await send(first, { n: 2 });
  await send(second, { n: 3 });
  await waitFor('v2 to take its message', async () => ((await instancesOf(id)).length === 2 ? true : undefined));
  await new Promise((r) => setTimeout(r, 3000));
  expect(await inQueue(first)).toBe(1);
  expect(await instancesOf(id)).toHaveLength(2);
});

function countOpened(output: string, id: string): number {
  return output.split('\n').filter((l) => l.includes('"msg":"inbound subscription opened"') && l.includes(`"bpmnProcessId":"${id}"`)).length;
}
