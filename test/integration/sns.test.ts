/**
 * SNS through the engine, both task families, with the real SDKs: each publication read back where the emulator
 * delivers it (an SQS queue subscribed to the topic); FEEL result expressions; every documented error code produced
 * (by the input, the emulator or the fault proxy in front of it) and caught by a boundary event. SMS and mobile push
 * are publications the emulator only logs: their tests check the answer, not a delivery.
 */
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { incidentOf, injectFault, runCaught, runTask, startInstance, uniqueId } from './harness';
import { Value } from '@sinclair/typebox/value';
import { SnsResultSchemas } from '../../worker/connectors/sns/result-schema';
import { connectorSuite } from './connector-suite';
import { AWS, closeQueues, createQueue, type TestQueue } from './queues';

const run = uniqueId('t').replace(/_/g, '-').slice(0, 40);
let sns: SNSClient;
let topicArn: string;
let fifoTopicArn: string;
let inbox: TestQueue;
let fifoInbox: TestQueue;

interface Envelope { Type: string; MessageId: string; TopicArn: string; Subject?: string; Message: string; MessageAttributes?: Record<string, { Type: string; Value: string }> }
const envelope = async (queue: TestQueue): Promise<Envelope> => JSON.parse((await queue.receive())[0]!.Body!) as Envelope;

const suite = connectorSuite('sns', async () => {
  sns = new SNSClient(AWS());
  topicArn = (await sns.send(new CreateTopicCommand({ Name: `${run}-events` }))).TopicArn!;
  fifoTopicArn = (await sns.send(new CreateTopicCommand({ Name: `${run}-orders.fifo`, Attributes: { FifoTopic: 'true' } }))).TopicArn!;
  inbox = await createQueue(`${run}-inbox`);
  fifoInbox = await createQueue(`${run}-inbox.fifo`);
  await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: inbox.arn }));
  await sns.send(new SubscribeCommand({ TopicArn: fifoTopicArn, Protocol: 'sqs', Endpoint: fifoInbox.arn }));
}, () => {
  sns?.destroy();
  closeQueues();
});
const c8 = () => suite.c8;

const publish = (inputs: Record<string, string>, headers: Record<string, string> = { resultVariable: 'sns' }, retries = 3) => ({ type: suite.type, retries, inputs, headers });
const caught = (code: string, inputs: Record<string, string>) => runCaught(c8(), publish(inputs, { retryBackoff: 'PT0.1S' }, 1), code);

test('to a topic: a FEEL context as JSON, subject and attributes reach the subscribed queue; a result expression', async () => {
  const vars = await runTask(c8(), publish({
    'target.topicArn': topicArn,
    'message.body': '={orderId: orderId}',
    'message.subject': 'Order created',
    'message.attributes': '={eventType: "order.created", amount: 12.5, regions: ["eu", "us"]}',
  }, { resultExpression: '={publishedId: messageId, same: response.messageId, seq: sequenceNumber}' }), { orderId: 'A-1' });
  const e = await envelope(inbox);
  expect(e).toMatchObject({ Type: 'Notification', TopicArn: topicArn, Subject: 'Order created' });
  expect(JSON.parse(e.Message)).toEqual({ orderId: 'A-1' });
  expect(e.MessageAttributes).toMatchObject({
    eventType: { Type: 'String', Value: 'order.created' }, amount: { Type: 'Number', Value: '12.5' }, regions: { Type: 'String.Array', Value: '["eu","us"]' },
  });
  expect(vars).toMatchObject({ publishedId: e.MessageId, same: e.MessageId, seq: null });
});

test('one message per protocol (MessageStructure json): the SQS subscriber gets its own', async () => {
  await runTask(c8(), publish({ 'target.topicArn': topicArn, 'message.structure': 'json', 'message.body': '={default: "for everyone", sqs: {kind: "for queues"}}' }));
  expect(JSON.parse((await envelope(inbox)).Message)).toEqual({ kind: 'for queues' });
});

test('to a FIFO topic: group and deduplication IDs, the sequence number comes back; the FIFO queue receives it', async () => {
  const vars = await runTask(c8(), publish({ 'target.topicArn': fifoTopicArn, 'message.body': 'first', 'message.groupId': 'customer-1', 'message.deduplicationId': 'o-1' }));
  const result = vars.sns as { messageId: string; sequenceNumber: string };
  expect(result.sequenceNumber).toMatch(/^\d+$/);
  expect(Value.Check(SnsResultSchemas.publish, result)).toBe(true);
  const e = await envelope(fifoInbox);
  expect(e).toMatchObject({ MessageId: result.messageId, Message: 'first' });
});

test('to a phone number (SMS, which the emulator only logs): the answer is a message ID', async () => {
  const vars = await runTask(c8(), publish({ 'target.type': 'phone', 'target.phoneNumber': '+4915112345678', 'message.body': 'Your order shipped' }));
  expect(vars.sns).toEqual({ messageId: expect.any(String), sequenceNumber: null });
});

describe('io.camunda:aws-sns:1', () => {
  const camundaTask = (topic: Record<string, string>, extra: Record<string, string> = { 'configuration.region': 'us-east-1' }) => ({
    type: suite.camundaType, retries: 3,
    inputs: { 'authentication.accessKey': 'test', 'authentication.secretKey': 'test', ...extra, ...Object.fromEntries(Object.entries(topic).map(([k, v]) => [`topic.${k}`, v])) },
    headers: { resultVariable: 'result' },
  });

  test('the official bindings (camelCase attributes, text message, subject) answer {messageId}', async () => {
    const vars = await runTask(c8(), camundaTask({
      topicArn, type: 'standard', message: 'hello', subject: 'Hi', messageAttributes: '={tenant: {dataType: "String", stringValue: "acme"}}',
    }));
    const e = await envelope(inbox);
    expect(vars.result).toEqual({ messageId: e.MessageId });
    expect(e).toMatchObject({ Message: 'hello', Subject: 'Hi', MessageAttributes: { tenant: { Type: 'String', Value: 'acme' } } });
  });

  test('oldest template: topic.region and a JSON text of attributes; a FIFO topic with its group', async () => {
    const vars = await runTask(c8(), camundaTask({
      topicArn: fifoTopicArn, type: 'fifo', region: 'us-east-1', message: '={a: 1}', messageGroupId: 'g', messageDeduplicationId: 'd-1',
      messageAttributes: '{"tenant": {"DataType": "String", "StringValue": "acme"}}',
    }, {}));
    const e = await envelope(fifoInbox);
    expect(vars.result).toEqual({ messageId: e.MessageId });
    expect(JSON.parse(e.Message)).toEqual({ a: 1 });
  });

  test('a FIFO topic without a group ID is an incident naming topic.messageGroupId', async () => {
    const { processInstanceKey } = await startInstance(c8(), camundaTask({ topicArn: fifoTopicArn, type: 'fifo', message: 'x' }));
    const incident = await incidentOf(processInstanceKey);
    expect(incident.errorType).toBe('JOB_NO_RETRIES');
    expect(incident.errorMessage).toContain('topic.messageGroupId: is required');
  });

  test('an official errorExpression on the Java SDK\'s exception class (NotFoundException) raises its BPMN error', async () => {
    const errorExpression = '=if error.type = "software.amazon.awssdk.services.sns.model.NotFoundException" then bpmnError("NO_TOPIC", error.message) else null';
    const task = camundaTask({ topicArn: `${topicArn}-gone`, message: 'x' });
    const vars = await runTask(c8(), { ...task, headers: { errorExpression } });
    expect(vars.caughtCode).toBe('NO_TOPIC');
  });
});

describe('errors, each caught by its own boundary event', () => {
  test('INVALID_INPUT: a topic ARN that is not one', async () => {
    const vars = await caught('INVALID_INPUT', { 'target.topicArn': 'https://example.com/topic', 'message.body': 'x' });
    expect(vars.caughtMessage).toContain('target.topicArn: "https://example.com/topic" is not an SNS topic ARN');
  });

  test('INVALID_INPUT: a FIFO topic without a group ID', async () => {
    const vars = await caught('INVALID_INPUT', { 'target.topicArn': fifoTopicArn, 'message.body': 'x' });
    expect(vars.caughtMessage).toContain('message.groupId: is required');
  });

  test('INVALID_INPUT: a message over 256 KiB counted as SNS counts it, attributes included', async () => {
    // The text alone fits (256 KiB - 7 bytes); its attribute's name (1), type (6) and value (1) take it over by one.
    const vars = await caught('INVALID_INPUT', {
      'target.topicArn': topicArn, 'message.body': `=string join(for i in 1..${256 * 1024 - 7} return "a", "")`, 'message.attributes': '={k: "v"}',
    });
    expect(vars.caughtMessage).toContain(`message.body: the message with its attributes is ${256 * 1024 + 1} bytes as SNS counts it`);
    expect(await inbox.staysEmpty(1000)).toBe(true);
  }, 60_000);

  test('INVALID_INPUT: a subject on two lines', async () => {
    const vars = await caught('INVALID_INPUT', { 'target.topicArn': topicArn, 'message.body': 'x', 'message.subject': '="a\\nb"' });
    expect(vars.caughtMessage).toContain('message.subject: must be printable ASCII on one line');
  });

  test('INVALID_INPUT: per-protocol messages without "default"', async () => {
    const vars = await caught('INVALID_INPUT', { 'target.topicArn': topicArn, 'message.structure': 'json', 'message.body': '={sqs: "x"}' });
    expect(vars.caughtMessage).toContain('"default" (the text of every protocol not named) is required');
  });

  test('NOT_FOUND: a topic the emulator does not have', async () => {
    const vars = await caught('NOT_FOUND', { 'target.topicArn': `${topicArn}-missing`, 'message.body': 'x' });
    expect(vars.caughtMessage).toContain('NotFoundException');
  });

  test.each([
    ['THROTTLING_ERROR', 'Throttled', 400],
    ['ACCESS_DENIED', 'AuthorizationError', 403],
    ['ACCESS_DENIED', 'KMSAccessDenied', 400],
    ['FORBIDDEN', 'InvalidSecurity', 403],
    ['BAD_REQUEST', 'InvalidParameter', 400],
    ['BAD_REQUEST', 'EndpointDisabled', 400],
    ['INTERNAL_SERVER_ERROR', 'InternalError', 500],
  ])('%s: SNS answers %s', async (code, name, status) => {
    await injectFault({ match: 'POST /', count: 5, status, code: name });
    const vars = await caught(code, { 'target.topicArn': topicArn, 'message.body': 'x' });
    expect(vars.caughtCode).toBe(code);
    expect(vars.caughtMessage).toContain(name);
  });
});
