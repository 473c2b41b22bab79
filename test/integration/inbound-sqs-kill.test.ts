// kill -9 of the worker between receiving an SQS message and the engine accepting it loses nothing: the message
// stays hidden while it is held (its visibility is extended), and after the kill it is received again.
import net from 'node:net';
import { CreateQueueCommand, GetQueueAttributesCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Camunda8 } from '@camunda8/sdk';
import { camunda, searchProcessInstances, searchVariables, stack, uniqueId, waitFor, WorkerProcess } from './harness';
import { messageStart, retired } from './inbound-models';

jest.setTimeout(180_000);

let c8: Camunda8;
let sqs: SQSClient;
let blackHole: net.Server;
const held: net.Socket[] = [];
const workers: WorkerProcess[] = [];
const deployed: string[] = [];

beforeAll(async () => {
  c8 = camunda();
  const s = stack();
  sqs = new SQSClient({ endpoint: s.AWS_ENDPOINT_URL_S3_EMULATOR, region: s.AWS_REGION, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  // A gRPC gateway that accepts connections and never answers: the worker's PublishMessage hangs.
  blackHole = net.createServer((socket) => held.push(socket));
  await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  for (const id of deployed) await c8.getZeebeGrpcApiClient().deployResource({ process: Buffer.from(retired(id)), name: `${id}.bpmn` });
  for (const w of workers) await w.stop('SIGKILL');
  for (const socket of held) socket.destroy();
  blackHole?.close();
  sqs?.destroy();
  await c8?.getZeebeGrpcApiClient().close();
});

async function counts(url: string): Promise<{ visible: number; hidden: number }> {
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
  return { visible: Number(Attributes?.ApproximateNumberOfMessages ?? 0), hidden: Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0) };
}

test('kill -9 while a message is being correlated: the message is received again and starts one instance', async () => {
  const s = stack();
  const id = uniqueId('sqs_kill');
  deployed.push(id);
  const { QueueUrl: url } = await sqs.send(new CreateQueueCommand({ QueueName: id, Attributes: { VisibilityTimeout: '4' } }));
  await c8.getZeebeGrpcApiClient().deployResource({
    process: Buffer.from(messageStart(id, { 'inbound.type': 'io.camunda:aws-sqs-inbound:1', 'queue.url': url!, 'queue.pollingWaitTime': '1', resultExpression: '={n: body.n, receives: attributes.ApproximateReceiveCount}' })),
    name: `${id}.bpmn`,
  });
  const env = { INBOUND_POLL_INTERVAL_MS: '300', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_ENDPOINT_URL_SQS: s.AWS_ENDPOINT_URL_S3_EMULATOR, CONNECTORS_ENABLED: 's3', WORKER_MODE: 'rest' };
  // Discovery reads the engine's REST API; PublishMessage goes to the black hole.
  const stuck = await WorkerProcess.start({ ...env, ZEEBE_GRPC_ADDRESS: `grpc://127.0.0.1:${(blackHole.address() as net.AddressInfo).port}` });
  workers.push(stuck);
  await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: JSON.stringify({ n: 1 }) }));
  await waitFor('the worker to receive the message', async () => ((await counts(url!)).hidden === 1 ? true : undefined));
  // Three visibility timeouts later it is still hidden: the worker extends it while the engine has not answered.
  for (let i = 0; i < 6; i++) {
    await new Promise((r) => setTimeout(r, 2000));
    expect(await counts(url!)).toEqual({ visible: 0, hidden: 1 });
  }
  expect(await searchProcessInstances({ processDefinitionId: id })).toHaveLength(0);
  await stuck.stop('SIGKILL');

  const healthy = await WorkerProcess.start(env);
  workers.push(healthy);
  await waitFor('the message to start an instance', async () => ((await searchProcessInstances({ processDefinitionId: id })).length === 1 ? true : undefined), 60_000);
  await waitFor('the queue to be empty', async () => {
    const c = await counts(url!);
    return c.visible + c.hidden === 0 ? true : undefined;
  });
  await new Promise((r) => setTimeout(r, 5000));
  const instances = await searchProcessInstances({ processDefinitionId: id });
  expect(instances).toHaveLength(1);
  // Received once by the killed worker (never again while it held it) and once by the new one.
  const [receives] = await searchVariables({ processInstanceKey: instances[0].processInstanceKey, name: 'receives' });
  expect(JSON.parse(receives.value)).toBe('2');
});
