/**
 * examples/order-events.bpmn end to end, as the demo runs it: the file itself deployed to the engine (its task types
 * renamed to this run's, so that no other worker takes its jobs), the worker as its own process with SQS,
 * EventBridge and DynamoDB on MiniStack, and what the process did read back with the AWS SDK: the record in the
 * table, the order on the queue and the OrderPlaced event the bus's rule delivered to it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Camunda8 } from '@camunda8/sdk';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { camunda, stack, uniqueId, WorkerProcess } from './harness';
import { AWS, closeQueues } from './queues';
import { orderEventsVariables, prepareOrderEvents, readOrderRecord, receiveOrderMessages, type OrderEventsSetup } from './order-events';

const EXAMPLE = path.resolve(__dirname, '../../examples/order-events.bpmn');
const CONNECTORS = ['dynamodb', 'sqs', 'eventbridge'];
const types = Object.fromEntries(CONNECTORS.map((name) => [name, uniqueId(`aws:${name}:it`)]));
const processId = uniqueId('order-events');
const run = uniqueId('o').replace(/_/g, '-').slice(0, 40);

let worker: WorkerProcess;
let c8: Camunda8;
let setup: OrderEventsSetup;

beforeAll(async () => {
  setup = await prepareOrderEvents({ table: `${run}-orders`, queue: `${run}-orders`, bus: `${run}-orders` });
  const emulator = stack().AWS_ENDPOINT_URL_S3_EMULATOR;
  worker = await WorkerProcess.start({
    CONNECTORS_ENABLED: CONNECTORS.join(','),
    ...Object.fromEntries(CONNECTORS.map((name) => [`CONNECTOR_${name.toUpperCase()}_TYPE`, types[name]!])),
    AWS_ENDPOINT_URL_DYNAMODB: emulator,
    AWS_ENDPOINT_URL_SQS: emulator,
    AWS_ENDPOINT_URL_EVENTBRIDGE: emulator,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
  });
  c8 = camunda();
});

afterAll(async () => {
  await c8?.getZeebeGrpcApiClient().close();
  await worker?.stop();
  const db = new DynamoDBClient(AWS());
  await db.send(new DeleteTableCommand({ TableName: setup.table })).catch(() => undefined);
  db.destroy();
  closeQueues();
});

test('the example writes the order, sends it through SQS and EventBridge (delivered to the queue by the rule) and reads its record back', async () => {
  let xml = readFileSync(EXAMPLE, 'utf8');
  for (const name of CONNECTORS) {
    expect(xml).toContain(`type="aws:${name}:1"`);
    xml = xml.replaceAll(`type="aws:${name}:1"`, `type="${types[name]}"`);
  }
  xml = xml.replace('<bpmn:process id="order-events"', `<bpmn:process id="${processId}"`);
  const zeebe = c8.getZeebeGrpcApiClient();
  await zeebe.deployResource({ process: Buffer.from(xml), name: 'order-events.bpmn' });

  const order = { orderId: uniqueId('A'), customer: 'Maria Silva', total: 42.5, lines: [{ sku: 'BOOK-7', qty: 2 }] };
  const result = await zeebe.createProcessInstanceWithResult({
    bpmnProcessId: processId, variables: { order, ...orderEventsVariables(setup) }, requestTimeout: 60_000,
  });
  const vars = result.variables as { orderMessageId?: string; orderEventId?: string; orderFound?: boolean; storedOrder?: Record<string, unknown> };

  expect(vars.orderMessageId).toEqual(expect.any(String));
  expect(vars.orderEventId).toEqual(expect.any(String));
  const record = { ...order, status: 'ANNOUNCED', messageId: vars.orderMessageId, eventId: vars.orderEventId };
  expect(vars.orderFound).toBe(true);
  expect(vars.storedOrder).toEqual(record);
  expect(await readOrderRecord(setup.table, order.orderId)).toEqual(record);

  const { sent, event } = await receiveOrderMessages(setup, vars.orderMessageId!, vars.orderEventId!);
  expect(sent).toEqual(order);
  expect(event).toMatchObject({ source: 'com.example.orders', 'detail-type': 'OrderPlaced', detail: { orderId: order.orderId, customer: order.customer, total: 42.5 } });
});
