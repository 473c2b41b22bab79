/**
 * EventBridge through the engine, both task families, with the real SDKs: each event read back where the emulator
 * delivers it (an SQS queue, the target of a rule on the bus); FEEL result expressions; a rejected entry
 * (FailedEntryCount > 0) failing the task with its code; every documented error code produced (by the input, the
 * emulator or the fault proxy in front of it) and caught by a boundary event.
 */
import { CreateEventBusCommand, EventBridgeClient, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { incidentOf, injectFault, runCaught, runTask, startInstance, uniqueId } from './harness';
import { Value } from '@sinclair/typebox/value';
import { CamundaEventBridgeResultSchemas, EventBridgeResultSchemas } from '../../worker/connectors/eventbridge/result-schema';
import { connectorSuite } from './connector-suite';
import { AWS, closeQueues, createQueue, type TestQueue } from './queues';

const run = uniqueId('e').replace(/_/g, '-').slice(0, 40);
const SOURCE = `com.example.${run}`;

let eb: EventBridgeClient;
let busName: string;
let onBus: TestQueue;
let onDefault: TestQueue;

interface Delivered { id: string; source: string; 'detail-type': string; detail: unknown; resources: string[]; time: string }
const delivered = async (queue: TestQueue): Promise<Delivered> => JSON.parse((await queue.receive())[0]!.Body!) as Delivered;

async function route(bus: string, queue: TestQueue): Promise<void> {
  const rule = `${run}-${bus === 'default' ? 'd' : 'b'}`;
  await eb.send(new PutRuleCommand({ Name: rule, EventBusName: bus, EventPattern: JSON.stringify({ source: [SOURCE] }) }));
  await eb.send(new PutTargetsCommand({ Rule: rule, EventBusName: bus, Targets: [{ Id: 'queue', Arn: queue.arn }] }));
}

const suite = connectorSuite('eventbridge', async () => {
  eb = new EventBridgeClient(AWS());
  busName = `${run}-bus`;
  await eb.send(new CreateEventBusCommand({ Name: busName }));
  onBus = await createQueue(`${run}-bus`);
  onDefault = await createQueue(`${run}-default`);
  await route(busName, onBus);
  await route('default', onDefault);
}, () => {
  eb?.destroy();
  closeQueues();
});
const c8 = () => suite.c8;

const put = (inputs: Record<string, string>, headers: Record<string, string> = { resultVariable: 'eb' }, retries = 3) => ({ type: suite.type, retries, inputs, headers });
const caught = (code: string, inputs: Record<string, string>) => runCaught(c8(), put(inputs, { retryBackoff: 'PT0.1S' }, 1), code);

test('to a named bus: detail from a FEEL context, resources and time reach the rule\'s queue; a result expression', async () => {
  const vars = await runTask(c8(), put({
    'event.busName': busName, 'event.source': SOURCE, 'event.detailType': 'OrderCreated',
    'event.detail': '={orderId: orderId, lines: [1, 2]}', 'event.resources': '=["arn:aws:s3:::invoices/17.pdf"]', 'event.time': '2024-05-01T12:00:00Z',
  }, { resultExpression: '={sentId: eventId, same: response.eventId, bus: eventBusName}' }), { orderId: 'A-9' });
  const e = await delivered(onBus);
  expect(e).toMatchObject({ source: SOURCE, 'detail-type': 'OrderCreated', detail: { orderId: 'A-9', lines: [1, 2] }, resources: ['arn:aws:s3:::invoices/17.pdf'] });
  // MiniStack 1.5.33 stamps events with their arrival and ignores an entry's Time: it cannot be read back here.
  expect(vars).toMatchObject({ sentId: e.id, same: e.id, bus: busName });
});

test('to the default bus: a detail typed as JSON text is the object it spells', async () => {
  const vars = await runTask(c8(), put({ 'event.source': SOURCE, 'event.detailType': 'Ping', 'event.detail': '{"ping": true}' }));
  const e = await delivered(onDefault);
  expect(e.detail).toEqual({ ping: true });
  expect(vars.eb).toEqual({ eventId: e.id, eventBusName: 'default' });
  expect(Value.Check(EventBridgeResultSchemas.putEvent, vars.eb)).toBe(true);
});

test('an entry EventBridge rejects (FailedEntryCount 1) fails the task with its code: an aws.* source is ACCESS_DENIED', async () => {
  const vars = await runTask(c8(), put({ 'event.source': 'aws.s3', 'event.detailType': 'Object Created', 'event.detail': '={}' }));
  expect(vars.caughtCode).toBe('ACCESS_DENIED');
  expect(vars.caughtMessage).toContain('the event was rejected with NotAuthorizedForSourceException');
  expect(await onDefault.staysEmpty(1000)).toBe(true);
});

test('up to 10 events in one call: each reaches its bus\'s rule, the result lists each with its index', async () => {
  const vars = await runTask(c8(), put({
    'action.type': 'putEvents',
    events: `=for i in [1, 2, 3] return {source: "${SOURCE}", detailType: "Batch", detail: {n: i}, busName: if i = 2 then "default" else "${busName}"}`,
  }));
  const result = vars.eb as { events: { index: number; eventId: string; eventBusName: string }[] };
  expect(result.events.map((e) => [e.index, e.eventBusName])).toEqual([[0, busName], [1, 'default'], [2, busName]]);
  expect(Value.Check(EventBridgeResultSchemas.putEvents, result)).toBe(true);
  const onNamed = (await onBus.receive(2)).map((m) => JSON.parse(m.Body!) as Delivered);
  expect(onNamed.map((e) => (e.detail as { n: number }).n).sort()).toEqual([1, 3]);
  expect((await delivered(onDefault)).id).toBe(result.events[1]!.eventId);
});

test('a batch with an event EventBridge rejects fails the task with its index and code; the others are put', async () => {
  const vars = await runTask(c8(), put({
    'action.type': 'putEvents',
    events: `=[{source: "${SOURCE}", detailType: "Ok"}, {source: "aws.s3", detailType: "Forged"}, {source: "${SOURCE}", detailType: "Ok too"}]`,
  }));
  expect(vars.caughtCode).toBe('ACCESS_DENIED');
  expect(vars.caughtMessage).toContain('1 of 3 events were rejected (events[1]: NotAuthorizedForSourceException');
  expect(vars.caughtMessage).toContain('2 were put');
  expect((await onDefault.receive(2)).map((m) => (JSON.parse(m.Body!) as Delivered)['detail-type']).sort()).toEqual(['Ok', 'Ok too']);
});

describe('io.camunda:aws-eventbridge:1', () => {
  const camundaTask = (input: Record<string, string>) => ({
    type: suite.camundaType, retries: 3,
    inputs: { 'authentication.accessKey': 'test', 'authentication.secretKey': 'test', 'configuration.region': 'us-east-1', ...Object.fromEntries(Object.entries(input).map(([k, v]) => [`input.${k}`, v])) },
    headers: { resultVariable: 'result' },
  });

  test('the official bindings answer the SDK v1 PutEventsResult shape', async () => {
    const vars = await runTask(c8(), camundaTask({ source: SOURCE, detailType: 'OrderShipped', eventBusName: busName, detail: '={orderId: "A-10"}' }));
    const e = await delivered(onBus);
    expect(e).toMatchObject({ 'detail-type': 'OrderShipped', detail: { orderId: 'A-10' } });
    expect(vars.result).toEqual({
      sdkResponseMetadata: { requestId: expect.any(String) },
      sdkHttpMetadata: { httpHeaders: {}, httpStatusCode: 200, allHttpHeaders: {} },
      failedEntryCount: 0,
      entries: [{ eventId: e.id, errorCode: null, errorMessage: null }],
    });
    expect(Value.Check(CamundaEventBridgeResultSchemas.putEvent, vars.result)).toBe(true);
  });

  test('v6+ templates: a detail typed without = (JSON text) is sent as the object, not a JSON string', async () => {
    await runTask(c8(), camundaTask({ source: SOURCE, detailType: 'Typed', eventBusName: 'default', detail: '{"key": "value"}' }));
    expect((await delivered(onDefault)).detail).toEqual({ key: 'value' });
  });

  test('a detail that is not an object is an incident naming input.detail', async () => {
    const { processInstanceKey } = await startInstance(c8(), camundaTask({ source: SOURCE, detailType: 'Bad', eventBusName: 'default', detail: '=[1, 2]' }));
    const incident = await incidentOf(processInstanceKey);
    expect(incident.errorType).toBe('JOB_NO_RETRIES');
    expect(incident.errorMessage).toContain('input.detail: must be an object');
  });
});

describe('errors, each caught by its own boundary event', () => {
  const event = { 'event.source': SOURCE, 'event.detailType': 'X' };

  test('INVALID_INPUT: a detail that is not an object', async () => {
    const vars = await caught('INVALID_INPUT', { ...event, 'event.detail': '="just text"' });
    expect(vars.caughtMessage).toContain('event.detail: is text that is not JSON');
  });

  test('INVALID_INPUT: a bus name EventBridge refuses', async () => {
    const vars = await caught('INVALID_INPUT', { ...event, 'event.busName': 'no spaces allowed' });
    expect(vars.caughtMessage).toContain('event.busName: "no spaces allowed" is not an event bus name');
  });

  test('INVALID_INPUT: an event over 256 KiB counted as EventBridge counts it', async () => {
    // {"a":"<n a's>"} is n + 8 bytes; with the source and the detail type it is one byte over.
    const n = 256 * 1024 - 8 - Buffer.byteLength(SOURCE) - 1 + 1;
    const vars = await caught('INVALID_INPUT', { ...event, 'event.detail': `={a: string join(for i in 1..${n} return "a", "")}` });
    expect(vars.caughtMessage).toContain(`event.detail: the event is ${256 * 1024 + 1} bytes as EventBridge counts it`);
  }, 60_000);

  test('MISSING_INPUT: no source', async () => {
    const vars = await caught('MISSING_INPUT', { 'event.detailType': 'X' });
    expect(vars.caughtMessage).toContain('event.source: is required');
  });

  test.each([
    ['NOT_FOUND', 'ResourceNotFoundException', 400],
    ['THROTTLING_ERROR', 'ThrottlingException', 400],
    ['ACCESS_DENIED', 'AccessDeniedException', 400],
    ['INTERNAL_SERVER_ERROR', 'InternalException', 500],
    ['CONFLICT', 'ConcurrentModificationException', 400],
  ])('%s: EventBridge answers %s', async (code, name, status) => {
    await injectFault({ match: 'POST /', count: 5, status, code: name });
    const vars = await caught(code, event);
    expect(vars.caughtCode).toBe(code);
    expect(vars.caughtMessage).toContain(name);
  });
});
