// kill -9 of the worker between receiving an SQS message and the engine accepting it loses nothing: the message
// stays hidden while it is held (its visibility is extended), and after the kill it is received again.
import net from 'node:net';
import { CreateQueueCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Camunda8 } from '@camunda8/sdk';
import { camunda, stack, uniqueId, waitFor, WorkerProcess } from './harness';
import { Deployments, emulatorSqs, instancesOf, queueCounts, variable } from './inbound-harness';
import { messageStart } from './inbound-models';

jest.setTimeout(180_000);

let c8: Camunda8;
let sqs: SQSClient;
let blackHole: net.Server;
const held: net.Socket[] = [];
const workers: WorkerProcess[] = [];
const deployments = new Deployments(() => c8);

beforeAll(async () => {
  c8 = camunda();
  sqs = emulatorSqs();
  // A gRPC gateway that accepts connections and never answers: the worker's PublishMessage hangs.
  blackHole = net.createServer((socket) => held.push(socket));
  await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  await deployments.retireAll();
  for (const w of workers) await w.stop('SIGKILL');
  for (const socket of held) socket.destroy();
  blackHole?.close();
  sqs?.destroy();
  await c8?.getZeebeGrpcApiClient().close();
});

const counts = (url: string) => queueCounts(sqs, url);

test('kill -9 while a message is being correlated: the message is received again and starts one instance', async () => {
  const s = stack();
  const id = uniqueId('sqs_kill');
  const { QueueUrl: url } = await sqs.send(new CreateQueueCommand({ QueueName: id, Attributes: { VisibilityTimeout: '4' } }));
  await deployments.deploy(id, messageStart(id, { 'inbound.type': 'io.camunda:aws-sqs-inbound:1', 'queue.url': url!, 'queue.pollingWaitTime': '1', resultExpression: '={n: body.n, receives: attributes.ApproximateReceiveCount}' }));
  const env = { INBOUND_ENABLED: 'true', INBOUND_POLL_INTERVAL_MS: '300', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_ENDPOINT_URL_SQS: s.AWS_ENDPOINT_URL_S3_EMULATOR, CONNECTORS_ENABLED: 's3', WORKER_MODE: 'rest' };
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
  expect(await instancesOf(id)).toHaveLength(0);
  await stuck.stop('SIGKILL');

  const healthy = await WorkerProcess.start(env);
  workers.push(healthy);
  await waitFor('the message to start an instance', async () => ((await instancesOf(id)).length === 1 ? true : undefined), 60_000);
  await waitFor('the queue to be empty', async () => {
    const c = await counts(url!);
    return c.visible + c.hidden === 0 ? true : undefined;
  });
  await new Promise((r) => setTimeout(r, 5000));
  const instances = await instancesOf(id);
  expect(instances).toHaveLength(1);
  // Received once by the killed worker (never again while it held it) and once by the new one.
  expect(await variable(instances[0].processInstanceKey, 'receives')).toBe('2');
});
