/**
 * SQS through the engine, both task families, with the real SDKs: each message read back from the queue on the
 * emulator; FEEL result expressions; every documented error code produced (by the input, the emulator or the
 * fault proxy in front of it) and caught by a boundary event.
 */
import { incidentOf, injectFault, runCaught, runTask, startInstance, uniqueId } from './harness';
import { Value } from '@sinclair/typebox/value';
import { CamundaSqsResultSchemas, SqsResultSchemas } from '../../worker/connectors/sqs/result-schema';
import { connectorSuite } from './connector-suite';
import { closeQueues, createQueue, type TestQueue } from './queues';

const run = uniqueId('q').replace(/_/g, '-').slice(0, 40);
let standard: TestQueue;
let fifo: TestQueue;
const suite = connectorSuite('sqs', async () => {
  standard = await createQueue(`${run}-std`);
  fifo = await createQueue(`${run}-orders.fifo`);
}, closeQueues);
const c8 = () => suite.c8;

const send = (inputs: Record<string, string>, headers: Record<string, string> = { resultVariable: 'sqs' }, retries = 3) => ({ type: suite.type, retries, inputs, headers });
const caught = (code: string, inputs: Record<string, string>) => runCaught(c8(), send(inputs, { retryBackoff: 'PT0.1S' }, 1), code);

test('send by URL: body from a FEEL context, attributes of each kind, read back from the queue; a result expression', async () => {
  const vars = await runTask(c8(), send({
    'action.type': 'send',
    'queue.url': standard.url,
    'message.body': '={orderId: orderId, total: 12.5}',
    'message.attributes': '={tenant: "acme", priority: 2, blob: {DataType: "Binary", BinaryValue: "AAEC"}, custom: {dataType: "String.kind", stringValue: "x"}}',
    'message.delaySeconds': '=0',
  }, { resultExpression: '={sentId: messageId, sameId: response.messageId, where: queueUrl}' }), { orderId: 'A-17' });
  const [m] = await standard.receive();
  expect(JSON.parse(m!.Body!)).toEqual({ orderId: 'A-17', total: 12.5 });
  expect(m!.MessageAttributes).toMatchObject({
    tenant: { DataType: 'String', StringValue: 'acme' },
    priority: { DataType: 'Number', StringValue: '2' },
    blob: { DataType: 'Binary' },
    custom: { DataType: 'String.kind', StringValue: 'x' },
  });
  expect(Buffer.from(m!.MessageAttributes!.blob!.BinaryValue!)).toEqual(Buffer.from([0, 1, 2]));
  expect(vars).toMatchObject({ sentId: m!.MessageId, sameId: m!.MessageId, where: standard.url });
});

test('send by name to a FIFO queue: group and deduplication IDs reach the queue, the sequence number comes back', async () => {
  const vars = await runTask(c8(), send({ 'action.type': 'send', 'queue.name': fifo.name, 'message.body': 'plain text', 'message.groupId': 'customer-1', 'message.deduplicationId': 'order-1' }));
  const sqs = vars.sqs as Record<string, unknown>;
  // Looked up through the fault proxy, whose port the emulator puts in the URL.
  expect(new URL(sqs.queueUrl as string).pathname).toBe(new URL(fifo.url).pathname);
  expect(sqs).toEqual({ queueUrl: expect.any(String), messageId: expect.any(String), sequenceNumber: expect.stringMatching(/^\d+$/), md5OfMessageBody: expect.any(String) });
  const [m] = await fifo.receive();
  expect(m!.Body).toBe('plain text');
  expect(m!.Attributes).toMatchObject({ MessageGroupId: 'customer-1', MessageDeduplicationId: 'order-1' });
  expect(m!.MessageId).toBe(sqs.messageId);
  expect(Value.Check(SqsResultSchemas.send, sqs)).toBe(true);
});

test('a batch of three: every message reaches the queue, the result lists each with its index', async () => {
  const vars = await runTask(c8(), send({
    'action.type': 'sendBatch', 'queue.url': standard.url,
    messages: '=for i in [1, 2, 3] return {body: {n: i}, attributes: {n: i}, id: "m" + string(i)}',
  }));
  const result = vars.sqs as { messages: { index: number; id: string; messageId: string }[] };
  expect(result.messages.map((m) => [m.index, m.id])).toEqual([[0, 'm1'], [1, 'm2'], [2, 'm3']]);
  const got = await standard.receive(3);
  expect(got.map((m) => JSON.parse(m.Body!).n).sort()).toEqual([1, 2, 3]);
  expect(new Set(got.map((m) => m.MessageId))).toEqual(new Set(result.messages.map((m) => m.messageId)));
  expect(Value.Check(SqsResultSchemas.sendBatch, result)).toBe(true);
});

test('a batch entry SQS refuses fails the task with its index and reason, the others are sent', async () => {
  const small = await createQueue(`${run}-small`, { MaximumMessageSize: '1024' });
  const vars = await runTask(c8(), send({
    'action.type': 'sendBatch', 'queue.url': small.url,
    messages: '=[{body: "fits"}, {body: string join(for i in 1..100 return "0123456789abcdef", "")}, {body: "fits too"}]',
  }));
  expect(vars.caughtCode).toBe('BAD_REQUEST');
  expect(vars.caughtMessage).toMatch(/1 of 3 messages failed \(messages\[1\] \(id 1\): /);
  expect(vars.caughtMessage).toContain('2 were sent');
  expect((await small.receive(2)).map((m) => m.Body).sort()).toEqual(['fits', 'fits too']);
});

describe('io.camunda:aws-sqs:1', () => {
  const camundaTask = (queue: Record<string, string>, extra: Record<string, string> = {}) => ({
    type: suite.camundaType, retries: 3,
    inputs: { 'authentication.accessKey': 'test', 'authentication.secretKey': 'test', 'configuration.region': 'us-east-1', ...extra, ...Object.fromEntries(Object.entries(queue).map(([k, v]) => [`queue.${k}`, v])) },
    headers: { resultVariable: 'result' },
  });

  test('the official bindings (PascalCase attributes, FEEL body) answer {messageId}', async () => {
    const vars = await runTask(c8(), camundaTask({
      url: standard.url, type: 'standard', messageBody: '={status: "NEW"}', messageAttributes: '={tenant: {DataType: "String", StringValue: "acme"}}',
    }));
    const [m] = await standard.receive();
    expect(vars.result).toEqual({ messageId: m!.MessageId });
    expect(Value.Check(CamundaSqsResultSchemas.send, vars.result)).toBe(true);
    expect(JSON.parse(m!.Body!)).toEqual({ status: 'NEW' });
    expect(m!.MessageAttributes?.tenant).toMatchObject({ DataType: 'String', StringValue: 'acme' });
  });

  test('oldest template: queue.region, no authentication.type, a FIFO queue with group and deduplication IDs', async () => {
    const task = camundaTask({ url: fifo.url, type: 'fifo', region: 'us-east-1', messageBody: 'hello', messageGroupId: 'g1', messageDeduplicationId: 'd1' });
    delete (task.inputs as Record<string, string>)['configuration.region'];
    const vars = await runTask(c8(), task);
    const [m] = await fifo.receive();
    expect(vars.result).toEqual({ messageId: m!.MessageId });
    expect(m!.Attributes).toMatchObject({ MessageGroupId: 'g1', MessageDeduplicationId: 'd1' });
  });

  test('a FIFO queue without a group ID is an incident (no retries, as Camunda\'s input errors) naming queue.messageGroupId', async () => {
    const { processInstanceKey } = await startInstance(c8(), camundaTask({ url: fifo.url, type: 'fifo', messageBody: 'x' }));
    const incident = await incidentOf(processInstanceKey);
    expect(incident.errorType).toBe('JOB_NO_RETRIES');
    expect(incident.errorMessage).toContain(`queue.messageGroupId: is required: ${fifo.name} is a FIFO queue`);
  });

  test('an official errorExpression on the Java SDK\'s exception class raises its BPMN error (QueueDoesNotExistException)', async () => {
    const errorExpression = '=if error.type = "software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException" then bpmnError("NO_QUEUE", error.message) else null';
    const task = camundaTask({ url: standard.url.replace(/[^/]+$/, `${run}-gone`), messageBody: 'x' });
    const vars = await runTask(c8(), { ...task, headers: { errorExpression } });
    expect(vars.caughtCode).toBe('NO_QUEUE');
    expect(vars.caughtMessage).toContain('QueueDoesNotExist');
  });
});

describe('errors, each caught by its own boundary event', () => {
  const inject = (rule: Record<string, unknown>) => injectFault({ match: 'POST /', ...rule });

  test('INVALID_INPUT: a queue URL that is not one', async () => {
    const vars = await caught('INVALID_INPUT', { 'action.type': 'send', 'queue.url': 'http://169.254.169.254/latest/meta-data', 'message.body': 'x' });
    expect(vars).toMatchObject({ caughtCode: 'INVALID_INPUT', caughtMessage: expect.stringContaining('queue.url: "http://169.254.169.254/latest/meta-data" is not a queue URL') });
  });

  test('INVALID_INPUT: a FIFO queue without a group ID', async () => {
    const vars = await caught('INVALID_INPUT', { 'action.type': 'send', 'queue.url': fifo.url, 'message.body': 'x' });
    expect(vars.caughtMessage).toContain(`message.groupId: is required: ${fifo.name} is a FIFO queue`);
  });

  test('INVALID_INPUT: a message over 1 MiB counted as SQS counts it, attributes included', async () => {
    // The body alone fits (1 MiB - 7 bytes); its attribute's name (1 byte), type (6) and value (1) take it over by one.
    const vars = await caught('INVALID_INPUT', {
      'action.type': 'send', 'queue.url': standard.url, 'message.body': `=string join(for i in 1..${1024 * 1024 - 7} return "a", "")`, 'message.attributes': '={k: "v"}',
    });
    expect(vars.caughtMessage).toContain(`message: the message with its attributes is ${1024 * 1024 + 1} bytes as SQS counts it`);
    expect(await standard.staysEmpty(1000)).toBe(true);
  }, 120_000);

  test('INVALID_INPUT: an attribute name SQS reserves, with its path', async () => {
    const vars = await caught('INVALID_INPUT', { 'action.type': 'send', 'queue.url': standard.url, 'message.body': 'x', 'message.attributes': '={"AWS.trace": "1"}' });
    expect(vars.caughtMessage).toContain('message.attributes: "AWS.trace": names starting with AWS. or Amazon. are reserved');
  });

  test('NOT_FOUND: a queue the emulator does not have', async () => {
    const vars = await caught('NOT_FOUND', { 'action.type': 'send', 'queue.url': standard.url.replace(/[^/]+$/, `${run}-missing`), 'message.body': 'x' });
    expect(vars.caughtMessage).toContain('QueueDoesNotExist');
  });

  test('NOT_FOUND: a queue name the emulator does not have', async () => {
    const vars = await caught('NOT_FOUND', { 'action.type': 'send', 'queue.name': `${run}-missing`, 'message.body': 'x' });
    expect(vars.caughtMessage).toContain(`SQS GetQueueUrl of ${run}-missing failed with QueueDoesNotExist`);
  });

  test.each([
    ['THROTTLING_ERROR', 'RequestThrottled', 400],
    ['LIMIT_EXCEEDED', 'OverLimit', 403],
    ['REQUEST_TOO_LARGE', 'BatchRequestTooLong', 400],
    ['BAD_REQUEST', 'InvalidMessageContents', 400],
    ['ACCESS_DENIED', 'KmsAccessDenied', 400],
    ['FORBIDDEN', 'InvalidSecurity', 403],
    ['INTERNAL_SERVER_ERROR', 'InternalError', 500],
    ['SERVICE_UNAVAILABLE', 'ServiceUnavailable', 503],
  ])('%s: SQS answers %s', async (code, name, status) => {
    await inject({ count: 5, status, code: name });
    const vars = await caught(code, { 'action.type': 'send', 'queue.url': standard.url, 'message.body': 'x' });
    expect(vars.caughtCode).toBe(code);
    expect(vars.caughtMessage).toContain(name);
  });

  test('a throttled send is retried by the job, then succeeds', async () => {
    await inject({ count: 1, status: 400, code: 'RequestThrottled' });
    const vars = await runTask(c8(), send({ 'action.type': 'send', 'queue.url': standard.url, 'message.body': 'after a retry' }, { resultVariable: 'sqs', retryBackoff: 'PT0.2S' }));
    const [m] = await standard.receive();
    expect(m!.Body).toBe('after a retry');
    expect((vars.sqs as { messageId: string }).messageId).toBe(m!.MessageId);
  });
});
