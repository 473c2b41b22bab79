/**
 * What examples/order-events.bpmn needs on the emulator and what it leaves there, shared by the demo
 * (scripts/demo.ts) and its test (order-events.test.ts): a DynamoDB table keyed by orderId, an SQS queue, an
 * EventBridge bus whose rule sends the OrderPlaced events of com.example.orders to that queue; afterwards, the
 * order's message and event read from the queue and its record read from the table, all with the AWS SDK.
 */
import { CreateTableCommand, DynamoDBClient, ResourceInUseException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { CreateEventBusCommand, EventBridgeClient, PutRuleCommand, PutTargetsCommand, ResourceAlreadyExistsException } from '@aws-sdk/client-eventbridge';
import { AWS, createQueue, type TestQueue } from './queues';

export interface OrderEventsNames { table: string; queue: string; bus: string }

export interface OrderEventsSetup extends OrderEventsNames { rule: string; events: TestQueue }

/** What the example's process variables name, after the order itself. */
export const orderEventsVariables = (names: OrderEventsNames) => ({ tableName: names.table, queueName: names.queue, busName: names.bus });

/** Creates the table, the queue, the bus and its rule (each kept when it exists, so the demo can run again). */
export async function prepareOrderEvents(names: OrderEventsNames): Promise<OrderEventsSetup> {
  const db = new DynamoDBClient(AWS());
  const eb = new EventBridgeClient(AWS());
  const rule = `${names.bus}-order-placed`;
  try {
    await db.send(new CreateTableCommand({
      TableName: names.table, BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'orderId', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'orderId', KeyType: 'HASH' }],
    })).catch((e) => { if (!(e instanceof ResourceInUseException)) throw e; });
    const events = await createQueue(names.queue);
    await eb.send(new CreateEventBusCommand({ Name: names.bus })).catch((e) => { if (!(e instanceof ResourceAlreadyExistsException)) throw e; });
    await eb.send(new PutRuleCommand({ Name: rule, EventBusName: names.bus, EventPattern: JSON.stringify({ source: ['com.example.orders'], 'detail-type': ['OrderPlaced'] }) }));
    await eb.send(new PutTargetsCommand({ Rule: rule, EventBusName: names.bus, Targets: [{ Id: 'orders-queue', Arn: events.arn }] }));
    return { ...names, rule, events };
  } finally {
    db.destroy();
    eb.destroy();
  }
}

export interface EventBridgeEnvelope { id: string; source: string; 'detail-type': string; detail: Record<string, unknown> }

/**
 * The queue's two messages about one order: the one the SQS task sent (by its message ID) and the EventBridge event
 * the rule delivered (by its event ID). Messages about other orders (an earlier demo run's) are read and dropped.
 */
export async function receiveOrderMessages(setup: OrderEventsSetup, messageId: string, eventId: string, timeoutMs = 20_000): Promise<{ sent: Record<string, unknown>; event: EventBridgeEnvelope }> {
  let sent: Record<string, unknown> | undefined;
  let event: EventBridgeEnvelope | undefined;
  const deadline = Date.now() + timeoutMs;
  while (!(sent && event) && Date.now() < deadline) {
    const [message] = await setup.events.receive(1, Math.max(1000, deadline - Date.now())).catch(() => []);
    if (!message) break;
    const body = JSON.parse(message.Body!) as Record<string, unknown>;
    if (message.MessageId === messageId) sent = body;
    else if (body.id === eventId) event = body as unknown as EventBridgeEnvelope;
  }
  if (!sent) throw new Error(`the order's message ${messageId} did not reach queue ${setup.queue} within ${timeoutMs} ms`);
  if (!event) throw new Error(`the OrderPlaced event ${eventId} did not reach queue ${setup.queue} through rule ${setup.rule} within ${timeoutMs} ms`);
  return { sent, event };
}

/** The order's record, read from the table directly. */
export async function readOrderRecord(table: string, orderId: string): Promise<Record<string, unknown> | undefined> {
  const base = new DynamoDBClient(AWS());
  try {
    return (await DynamoDBDocumentClient.from(base).send(new GetCommand({ TableName: table, Key: { orderId }, ConsistentRead: true }))).Item;
  } finally {
    base.destroy();
  }
}
