// SNS inbound end to end. MiniStack delivers to HTTP subscribers with `Signature: "FAKE"`, which the worker must
// refuse (checked below); signed messages are built here with a test certificate (test/fakes/sns-signing), which
// the test serves from a host the worker is told to trust (SNS_SIGNING_CERT_ALLOWED_HOSTS).
import { readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { createSign, randomUUID } from 'node:crypto';
import { CreateTopicCommand, PublishCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import type { Camunda8 } from '@camunda8/sdk';
import { stringToSign } from '../../worker/inbound/sns-signature';
import { camunda, stack, uniqueId, waitFor, WorkerProcess } from './harness';
import { Deployments, instancesOf, variable } from './inbound-harness';
import { messageStart } from './inbound-models';

jest.setTimeout(180_000);

const FIXTURES = path.resolve(__dirname, '../fakes/sns-signing');
const KEY = readFileSync(path.join(FIXTURES, 'test-signing-key.pem'), 'utf8');
const CERT = readFileSync(path.join(FIXTURES, 'test-signing-cert.pem'), 'utf8');
const REGION = 'us-east-1';
const TOPIC = `arn:aws:sns:${REGION}:000000000000:orders-${process.pid}`;
const OTHER_TOPIC = `arn:aws:sns:${REGION}:000000000000:other-${process.pid}`;

let c8: Camunda8;
let worker: WorkerProcess;
/** Serves the certificate and records SubscribeURL visits (the "SNS" side of the test). */
let sns: http.Server;
let snsHost: string;
const confirmations: string[] = [];
const deployments = new Deployments(() => c8);

beforeAll(async () => {
  c8 = camunda();
  sns = http.createServer((req, res) => {
    if (req.url === '/cert.pem') res.writeHead(200, { 'content-type': 'application/x-pem-file' }).end(CERT);
    else if (req.url?.startsWith('/confirm')) {
      confirmations.push(req.url);
      res.writeHead(200).end('<ConfirmSubscriptionResponse/>');
    } else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => sns.listen(0, '127.0.0.1', resolve));
  snsHost = `127.0.0.1:${(sns.address() as net.AddressInfo).port}`;
  worker = await WorkerProcess.start({ INBOUND_ENABLED: 'true', INBOUND_POLL_INTERVAL_MS: '300', CONNECTORS_ENABLED: 's3', SNS_SIGNING_CERT_ALLOWED_HOSTS: snsHost });
});

afterAll(async () => {
  await deployments.retireAll();
  await worker?.stop();
  sns?.close();
  await c8?.getZeebeGrpcApiClient().close();
});

/** An SNS HTTP(S) message signed with the test key (SignatureVersion 2 = SHA256withRSA, 1 = SHA1withRSA). */
function signed(fields: Record<string, string>, version: '1' | '2' = '2', certHost = snsHost): Record<string, string> {
  const message: Record<string, string> = { ...fields, SignatureVersion: version, SigningCertURL: `http://${certHost}/cert.pem` };
  const signer = createSign(version === '2' ? 'sha256' : 'sha1');
  signer.update(stringToSign(message));
  return { ...message, Signature: signer.sign(KEY, 'base64') };
}

function notification(message: string, topic = TOPIC): Record<string, string> {
  return { Type: 'Notification', MessageId: randomUUID(), TopicArn: topic, Subject: 'order created', Message: message, Timestamp: new Date().toISOString(), UnsubscribeURL: `http://${snsHost}/unsubscribe` };
}

const post = (context: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`http://127.0.0.1:${worker.port}/inbound/${context}`, { method: 'POST', headers: { 'content-type': 'text/plain; charset=UTF-8', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

async function deployed(id: string, context: string, topics: string): Promise<void> {
  await deployments.deploy(id, messageStart(id, {
      'inbound.type': 'io.camunda:aws-sns-webhook:1', 'inbound.context': context,
      'inbound.securitySubscriptionAllowedFor': 'specific', 'inbound.topicsAllowList': topics,
      resultExpression: '={message: request.body.Message, subject: request.body.Subject, kind: connectorData.snsEventType}',
  }));
  await waitFor(`webhook ${context}`, async () => ((await worker.get(`/inbound/${context}`)).status !== 404 ? true : undefined));
}

test('a signed confirmation is confirmed and starts nothing; a signed notification starts an instance; a tampered copy is refused', async () => {
  const id = uniqueId('sns_start');
  const context = `sns-${id.replace(/_/g, '-')}`;
  await deployed(id, context, ` ${OTHER_TOPIC} , ${TOPIC} `);

  const token = randomUUID();
  const confirmation = signed({
    Type: 'SubscriptionConfirmation', MessageId: randomUUID(), Token: token, TopicArn: TOPIC, Message: 'You have chosen to subscribe',
    SubscribeURL: `http://${snsHost}/confirm?Token=${token}`, Timestamp: new Date().toISOString(),
  });
  expect((await post(context, confirmation, { 'x-amz-sns-message-type': 'SubscriptionConfirmation', 'x-amz-sns-topic-arn': TOPIC })).status).toBe(200);
  expect(confirmations).toContain(`/confirm?Token=${token}`);

  const good = signed(notification('{"orderId":4711}'));
  expect((await post(context, good, { 'x-amz-sns-topic-arn': TOPIC })).status).toBe(200);
  const [instance] = await waitFor('the notification\'s instance', async () => {
    const found = await instancesOf(id);
    return found.length > 0 ? found : undefined;
  });
  expect(await variable(instance.processInstanceKey, 'message')).toBe('{"orderId":4711}');
  expect(await variable(instance.processInstanceKey, 'kind')).toBe('Notification');

  expect((await post(context, { ...good, Message: '{"orderId":9999}' })).status).toBe(403);
  expect((await post(context, { ...good, Subject: 'changed' })).status).toBe(403);
  // SNS retries a delivery it thinks failed: the same MessageId is a duplicate, not a second instance.
  expect((await post(context, good)).status).toBe(200);
  // SignatureVersion 1 (SHA1withRSA) is verified too.
  expect((await post(context, signed(notification('v1'), '1'))).status).toBe(200);
  await waitFor('the second instance', async () => ((await instancesOf(id)).length === 2 ? true : undefined));
  await new Promise((r) => setTimeout(r, 1000));
  expect(await instancesOf(id)).toHaveLength(2);
});

test('a topic not on the element\'s list, a certificate from a host not allowed, a header that disagrees, a big body: refused', async () => {
  const id = uniqueId('sns_refuse');
  const context = `snsr-${id.replace(/_/g, '-')}`;
  await deployed(id, context, TOPIC);
  expect((await post(context, signed(notification('x', OTHER_TOPIC)))).status).toBe(403);
  expect((await post(context, signed(notification('x'), '2', `localhost:${snsHost.split(':')[1]}`))).status).toBe(403);
  expect((await post(context, signed(notification('x')), { 'x-amz-sns-topic-arn': OTHER_TOPIC })).status).toBe(400);
  expect((await post(context, { ...signed(notification('x')), SigningCertURL: 'https://sns.us-east-1.amazonaws.com.evil.example/cert.pem' })).status).toBe(403);
  expect((await post(context, 'x'.repeat(1024 * 1024 + 10))).status).toBe(413);
  expect((await post(context, 'not json')).status).toBe(400);
  await new Promise((r) => setTimeout(r, 1000));
  expect(await instancesOf(id)).toHaveLength(0);
});

test('MiniStack\'s unsigned confirmation (Signature FAKE) is refused: the subscription is not confirmed, a publication starts nothing', async () => {
  const s = stack();
  const id = uniqueId('sns_emulator');
  const context = `snse-${id.replace(/_/g, '-')}`;
  const client = new SNSClient({ endpoint: s.AWS_ENDPOINT_URL_S3_EMULATOR, region: REGION, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  try {
    const { TopicArn } = await client.send(new CreateTopicCommand({ Name: id }));
    await deployed(id, context, TopicArn!);
    await client.send(new SubscribeCommand({ TopicArn, Protocol: 'http', Endpoint: `http://127.0.0.1:${worker.port}/inbound/${context}` }));
    const refused = () => worker.output.split('\n').some((l) => l.includes('SNS message refused: its signature could not be verified') && l.includes(`"context":"${context}"`));
    await waitFor('the refusal in the worker log', () => (refused() ? true : undefined), 15_000);
    expect(confirmations).toHaveLength(1); // only the signed confirmation of the first test was visited
    await client.send(new PublishCommand({ TopicArn, Message: 'unconfirmed' }));
    await new Promise((r) => setTimeout(r, 1500));
    expect(await instancesOf(id)).toHaveLength(0);
  } finally {
    client.destroy();
  }
});
