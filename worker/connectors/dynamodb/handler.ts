import {
  type AttributeValue, CreateTableCommand, DeleteTableCommand, DescribeTableCommand, type ReturnValue, type TableDescription,
} from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand, BatchWriteCommand, DeleteCommand, GetCommand, PutCommand, QueryCommand, ScanCommand, UpdateCommand, type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { exactNumber } from '../../aws/clients';
import { callAws } from '../../aws/errors';
import type { JobContext } from '../../runtime/connector';
import { ConnectorError } from '../../runtime/errors';
import { MAX_OUTPUT_BYTES } from '../../runtime/job-processor';
import { pollUntilDone } from '../../runtime/polling';
import { propertyPath } from '../../runtime/validation';
import type { ConnectorDeps } from '../deps';
import { GET_BATCH_SIZE, sendInBatches, WRITE_BATCH_SIZE } from './batches';
import { plainItem, setExpression } from './items';
import type { DynamoDbAction, DynamoDbInput } from './schema';

type ActionOf<T extends DynamoDbAction['type']> = Extract<DynamoDbAction, { type: T }>;
type Item = Record<string, unknown>;

/** The service's answer: its request ID, for Camunda's result shape. */
export interface CallMetadata { requestId?: string; httpStatusCode: number }

export type DynamoDbResult =
  | { action: 'putItem' | 'updateItem' | 'deleteItem'; tableName: string; attributes: Item | null; metadata: CallMetadata }
  | { action: 'getItem'; tableName: string; item: Item | null; found: boolean }
  | { action: 'query' | 'scan'; tableName: string; items: Item[]; count: number; scannedCount: number; lastEvaluatedKey: Item | null }
  | { action: 'batchGetItems'; tableName: string; items: Item[]; count: number }
  | { action: 'batchWriteItems'; tableName: string; putCount: number; deleteCount: number }
  | { action: 'createTable' | 'describeTable'; tableName: string; table: TableDescription }
  | { action: 'deleteTable'; tableName: string; tableStatus: string | null; table: TableDescription };

/** What Camunda's connector does differently, asked for by its compatible type. */
export interface DynamoDbOptions {
  /** Scan every page (Camunda's scanTable), refused past the variable size limit instead of the `limit` page. */
  allPages?: boolean;
  /** Wait until a deleted table is gone (Camunda's deleteTable). */
  waitUntilDeleted?: boolean;
}

/** Tables reach ACTIVE within seconds; Camunda's connector waits 25 x 5 s at most, so do we. */
const TABLE_POLL_MS = 2_000;
const TABLE_WAIT_MS = 125_000;

export async function runDynamoDb(input: DynamoDbInput, deps: ConnectorDeps, ctx: JobContext, options: DynamoDbOptions = {}): Promise<DynamoDbResult> {
  const db = deps.aws.dynamodb(input).client;
  const a = input.action;
  switch (a.type) {
    case 'putItem': return putItem(db, a);
    case 'getItem': return getItem(db, a);
    case 'updateItem': return updateItem(db, a);
    case 'deleteItem': return deleteItem(db, a);
    case 'query': return query(db, a);
    case 'scan': return options.allPages ? scanAll(db, a) : scan(db, a);
    case 'batchGetItems': return batchGet(db, a);
    case 'batchWriteItems': return batchWrite(db, a);
    case 'createTable': return createTable(db, a, ctx);
    case 'describeTable': return { action: 'describeTable', tableName: a.tableName, table: await describe(db, a.tableName) };
    case 'deleteTable': return deleteTable(db, a, ctx, options.waitUntilDeleted ?? false);
  }
}

async function putItem(db: DynamoDBDocumentClient, a: ActionOf<'putItem'>): Promise<DynamoDbResult> {
  const r = await call(`DynamoDB PutItem into ${a.tableName}`, 'action.item', () => db.send(new PutCommand({
    TableName: a.tableName, Item: a.item, ConditionExpression: a.conditionExpression, ...expressionInputs(a), ReturnValues: a.returnValues, ...currentOnConflict(a),
  })));
  return { action: 'putItem', tableName: a.tableName, attributes: plainItem(r.Attributes), metadata: metadataOf(r) };
}

async function getItem(db: DynamoDBDocumentClient, a: ActionOf<'getItem'>): Promise<DynamoDbResult> {
  checkKey(a.key, 'action.key');
  const r = await call(`DynamoDB GetItem from ${a.tableName}`, 'action.key', () => db.send(new GetCommand({
    TableName: a.tableName, Key: a.key, ProjectionExpression: a.projectionExpression, ExpressionAttributeNames: a.expressionAttributeNames, ConsistentRead: a.consistentRead,
  })));
  const item = plainItem(r.Item);
  return { action: 'getItem', tableName: a.tableName, item, found: item !== null };
}

async function updateItem(db: DynamoDBDocumentClient, a: ActionOf<'updateItem'>): Promise<DynamoDbResult> {
  checkKey(a.key, 'action.key');
  if (a.updateExpression !== undefined && a.attributes !== undefined) {
    throw new ConnectorError('INVALID_INPUT', 'action.attributes: give either an update expression or the attributes to set, not both', { path: 'action.attributes' });
  }
  const update = a.updateExpression !== undefined
    ? { UpdateExpression: a.updateExpression, ...expressionInputs(a) }
    : a.attributes !== undefined
      ? setExpression(a.attributes, expressionInputs(a))
      : missing('action.updateExpression', 'is required (or the attributes to set)');
  const r = await call(`DynamoDB UpdateItem in ${a.tableName}`, 'action.key', () => db.send(new UpdateCommand({
    TableName: a.tableName, Key: a.key, ConditionExpression: a.conditionExpression, ...update, ReturnValues: (a.returnValues ?? 'ALL_NEW') as ReturnValue, ...currentOnConflict(a),
  })));
  return { action: 'updateItem', tableName: a.tableName, attributes: plainItem(r.Attributes), metadata: metadataOf(r) };
}

async function deleteItem(db: DynamoDBDocumentClient, a: ActionOf<'deleteItem'>): Promise<DynamoDbResult> {
  checkKey(a.key, 'action.key');
  const r = await call(`DynamoDB DeleteItem from ${a.tableName}`, 'action.key', () => db.send(new DeleteCommand({
    TableName: a.tableName, Key: a.key, ConditionExpression: a.conditionExpression, ...expressionInputs(a), ReturnValues: a.returnValues, ...currentOnConflict(a),
  })));
  return { action: 'deleteItem', tableName: a.tableName, attributes: plainItem(r.Attributes), metadata: metadataOf(r) };
}

async function query(db: DynamoDBDocumentClient, a: ActionOf<'query'>): Promise<DynamoDbResult> {
  const r = await call(`DynamoDB Query of ${a.tableName}`, 'action.keyConditionExpression', () => db.send(new QueryCommand({
    TableName: a.tableName, IndexName: a.indexName, KeyConditionExpression: a.keyConditionExpression, FilterExpression: a.filterExpression,
    ProjectionExpression: a.projectionExpression, ...expressionInputs(a), ScanIndexForward: a.scanIndexForward, ConsistentRead: a.consistentRead,
    Limit: a.limit ?? 100, ExclusiveStartKey: a.exclusiveStartKey,
  })));
  return page('query', a.tableName, r);
}

function scanCommand(a: ActionOf<'scan'>, limit: number | undefined, startKey: Item | undefined) {
  return new ScanCommand({
    TableName: a.tableName, IndexName: a.indexName, FilterExpression: a.filterExpression, ProjectionExpression: a.projectionExpression,
    ...expressionInputs(a), ConsistentRead: a.consistentRead, Limit: limit, ExclusiveStartKey: startKey,
  });
}

async function scan(db: DynamoDBDocumentClient, a: ActionOf<'scan'>): Promise<DynamoDbResult> {
  const r = await call(`DynamoDB Scan of ${a.tableName}`, 'action.filterExpression', () => db.send(scanCommand(a, a.limit ?? 100, a.exclusiveStartKey)));
  return page('scan', a.tableName, r);
}

/** Every page, as Camunda's scanTable reads them, but never more than a process variable can hold. */
async function scanAll(db: DynamoDBDocumentClient, a: ActionOf<'scan'>): Promise<DynamoDbResult> {
  const items: Item[] = [];
  let bytes = 0;
  let scanned = 0;
  let startKey: Item | undefined;
  do {
    const r = await call(`DynamoDB Scan of ${a.tableName}`, 'action.filterExpression', () => db.send(scanCommand(a, undefined, startKey)));
    for (const item of r.Items ?? []) {
      bytes += Buffer.byteLength(JSON.stringify(plainItem(item)));
      if (bytes > MAX_OUTPUT_BYTES) {
        throw new ConnectorError('REQUEST_TOO_LARGE', `DynamoDB Scan of ${a.tableName}: the items found are over the 1.5 MB limit for process variables; narrow the filter expression or use aws:dynamodb:1's paged scan`, { path: 'action.filterExpression' });
      }
      items.push(plainItem(item)!);
    }
    scanned += r.ScannedCount ?? 0;
    startKey = r.LastEvaluatedKey;
  } while (startKey);
  return { action: 'scan', tableName: a.tableName, items, count: items.length, scannedCount: scanned, lastEvaluatedKey: null };
}

function page(action: 'query' | 'scan', tableName: string, r: { Items?: Item[]; Count?: number; ScannedCount?: number; LastEvaluatedKey?: Item }): DynamoDbResult {
  const items = (r.Items ?? []).map((i) => plainItem(i)!);
  return { action, tableName, items, count: r.Count ?? items.length, scannedCount: r.ScannedCount ?? items.length, lastEvaluatedKey: plainItem(r.LastEvaluatedKey) };
}

async function batchGet(db: DynamoDBDocumentClient, a: ActionOf<'batchGetItems'>): Promise<DynamoDbResult> {
  a.keys.forEach((k, i) => checkKey(k, `action.keys[${i}]`));
  // The same key twice in one call is refused by DynamoDB; it is one item anyway.
  const keys = [...new Map(a.keys.map((k) => [JSON.stringify(k, Object.keys(k).sort()), k])).values()];
  const items: Item[] = [];
  await sendInBatches(`DynamoDB BatchGetItem from ${a.tableName}`, keys, GET_BATCH_SIZE, async (batch) => {
    const r = await call(`DynamoDB BatchGetItem from ${a.tableName}`, 'action.keys', () => db.send(new BatchGetCommand({
      RequestItems: { [a.tableName]: { Keys: batch, ProjectionExpression: a.projectionExpression, ExpressionAttributeNames: a.expressionAttributeNames, ConsistentRead: a.consistentRead } },
    })));
    items.push(...(r.Responses?.[a.tableName] ?? []).map((i) => plainItem(i)!));
    return (r.UnprocessedKeys?.[a.tableName]?.Keys ?? []) as Item[];
  });
  return { action: 'batchGetItems', tableName: a.tableName, items, count: items.length };
}

type WriteRequest = { PutRequest: { Item: Item } } | { DeleteRequest: { Key: Item } };

async function batchWrite(db: DynamoDBDocumentClient, a: ActionOf<'batchWriteItems'>): Promise<DynamoDbResult> {
  const puts = a.putItems ?? [];
  const deletes = a.deleteKeys ?? [];
  deletes.forEach((k, i) => checkKey(k, `action.deleteKeys[${i}]`));
  if (puts.length + deletes.length === 0) missing('action.putItems', 'is required: give items to put or keys to delete');
  const requests: WriteRequest[] = [...puts.map((Item) => ({ PutRequest: { Item } })), ...deletes.map((Key) => ({ DeleteRequest: { Key } }))];
  await sendInBatches(`DynamoDB BatchWriteItem into ${a.tableName}`, requests, WRITE_BATCH_SIZE, async (batch) => {
    const r = await call(`DynamoDB BatchWriteItem into ${a.tableName}`, puts.length > 0 ? 'action.putItems' : 'action.deleteKeys', () => db.send(new BatchWriteCommand({
      RequestItems: { [a.tableName]: batch },
    })));
    return (r.UnprocessedItems?.[a.tableName] ?? []) as WriteRequest[];
  });
  return { action: 'batchWriteItems', tableName: a.tableName, putCount: puts.length, deleteCount: deletes.length };
}

async function createTable(db: DynamoDBDocumentClient, a: ActionOf<'createTable'>, ctx: JobContext): Promise<DynamoDbResult> {
  const billingMode = a.billingMode ?? 'PAY_PER_REQUEST';
  if (billingMode === 'PROVISIONED') {
    if (a.readCapacityUnits === undefined) missing('action.readCapacityUnits', 'is required for provisioned capacity');
    if (a.writeCapacityUnits === undefined) missing('action.writeCapacityUnits', 'is required for provisioned capacity');
  }
  if (a.sortKey !== undefined && a.sortKey === a.partitionKey) {
    throw new ConnectorError('INVALID_INPUT', 'action.sortKey: must differ from the partition key', { path: 'action.sortKey' });
  }
  const keys: { name: string; type: 'S' | 'N' | 'B'; role: 'HASH' | 'RANGE' }[] = [{ name: a.partitionKey, type: a.partitionKeyType ?? 'S', role: 'HASH' }];
  if (a.sortKey !== undefined) keys.push({ name: a.sortKey, type: a.sortKeyType ?? 'S', role: 'RANGE' });
  await call(`DynamoDB CreateTable ${a.tableName}`, 'action.tableName', () => db.send(new CreateTableCommand({
    TableName: a.tableName,
    AttributeDefinitions: keys.map((k) => ({ AttributeName: k.name, AttributeType: k.type })),
    KeySchema: keys.map((k) => ({ AttributeName: k.name, KeyType: k.role })),
    BillingMode: billingMode,
    ProvisionedThroughput: billingMode === 'PROVISIONED' ? { ReadCapacityUnits: a.readCapacityUnits, WriteCapacityUnits: a.writeCapacityUnits } : undefined,
    DeletionProtectionEnabled: a.deletionProtection,
  })));
  const table = a.waitUntilActive === false ? await describe(db, a.tableName) : await pollUntilDone(async () => {
    const t = await describe(db, a.tableName);
    if (t.TableStatus === 'ACTIVE') return t;
    if (t.TableStatus === 'CREATING' || t.TableStatus === 'UPDATING') return undefined;
    if (!t.TableStatus) throw new ConnectorError('INVALID_RESULT_FORMAT', `DynamoDB DescribeTable ${a.tableName}: the answer holds no table status`);
    // A state a new table does not leave for ACTIVE by itself (DELETING, ARCHIVED, ...): waiting is pointless.
    throw new ConnectorError('CONFLICT', `DynamoDB CreateTable ${a.tableName}: the table is ${t.TableStatus}, it will not become ACTIVE`);
  }, {
    intervalMs: TABLE_POLL_MS, timeoutMs: TABLE_WAIT_MS, ctx,
    timedOut: () => new ConnectorError('REQUEST_TIMEOUT', `DynamoDB CreateTable ${a.tableName}: the table did not become ACTIVE within ${TABLE_WAIT_MS / 1000} s`),
  });
  return { action: 'createTable', tableName: a.tableName, table };
}

async function deleteTable(db: DynamoDBDocumentClient, a: ActionOf<'deleteTable'>, ctx: JobContext, waitUntilGone: boolean): Promise<DynamoDbResult> {
  const r = await call(`DynamoDB DeleteTable ${a.tableName}`, 'action.tableName', () => db.send(new DeleteTableCommand({ TableName: a.tableName })));
  if (waitUntilGone) {
    await pollUntilDone(async () => {
      try {
        await describe(db, a.tableName);
        return undefined;
      } catch (error) {
        if (error instanceof ConnectorError && error.code === 'NOT_FOUND') return true;
        throw error;
      }
    }, {
      intervalMs: TABLE_POLL_MS, timeoutMs: TABLE_WAIT_MS, ctx,
      timedOut: () => new ConnectorError('REQUEST_TIMEOUT', `DynamoDB DeleteTable ${a.tableName}: the table was not gone within ${TABLE_WAIT_MS / 1000} s`),
    });
  }
  const table = r.TableDescription ?? {};
  return { action: 'deleteTable', tableName: a.tableName, tableStatus: table.TableStatus ?? null, table };
}

async function describe(db: DynamoDBDocumentClient, tableName: string): Promise<TableDescription> {
  const r = await call(`DynamoDB DescribeTable ${tableName}`, 'action.tableName', () => db.send(new DescribeTableCommand({ TableName: tableName })));
  if (!r.Table) throw new ConnectorError('INVALID_RESULT_FORMAT', `DynamoDB DescribeTable ${tableName}: the answer holds no table description`);
  return r.Table;
}

function expressionInputs(a: { expressionAttributeNames?: Record<string, string>; expressionAttributeValues?: Record<string, unknown> }) {
  return {
    ...(a.expressionAttributeNames && Object.keys(a.expressionAttributeNames).length > 0 ? { ExpressionAttributeNames: a.expressionAttributeNames } : {}),
    ...(a.expressionAttributeValues && Object.keys(a.expressionAttributeValues).length > 0 ? { ExpressionAttributeValues: a.expressionAttributeValues } : {}),
  };
}

/** A primary key's values are strings, numbers or binary: anything else cannot be a key, whatever the table. */
function checkKey(key: Item, path: string): void {
  for (const [name, value] of Object.entries(key)) {
    if (typeof value === 'string' ? value === '' : typeof value !== 'number') {
      const at = propertyPath(path, name);
      throw new ConnectorError('INVALID_INPUT', `${at}: a key attribute must be a non-empty string or a number, got ${value === '' ? 'an empty string' : JSON.stringify(value) ?? typeof value}`, { path: at });
    }
  }
}

/** A failed condition answers the item as it is, so that the scope catching CONFLICT can see why. */
function currentOnConflict(a: { conditionExpression?: string }) {
  return a.conditionExpression ? { ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const } : {};
}

function missing(path: string, message: string): never {
  throw new ConnectorError('MISSING_INPUT', `${path}: ${message}`, { path });
}

function metadataOf(r: { $metadata?: { requestId?: string; httpStatusCode?: number } }): CallMetadata {
  return { requestId: r.$metadata?.requestId, httpStatusCode: r.$metadata?.httpStatusCode ?? 200 };
}

/**
 * DynamoDB says which input it refuses in a ValidationException's message; where that is the job's input, the
 * failure is the modeler's (INVALID_INPUT with the property's path), not a bad request of the connector.
 */
const INPUT_IN_MESSAGE: [RegExp, string | undefined][] = [
  [/ExpressionAttributeValues?/, 'action.expressionAttributeValues'],
  [/ExpressionAttributeNames?/, 'action.expressionAttributeNames'],
  [/KeyConditionExpression|Query condition/, 'action.keyConditionExpression'],
  [/FilterExpression/, 'action.filterExpression'],
  [/UpdateExpression/, 'action.updateExpression'],
  [/ConditionExpression/, 'action.conditionExpression'],
  [/ProjectionExpression/, 'action.projectionExpression'],
  [/\bkey\b|\bkeys\b|duplicates/i, undefined],
];

async function call<T>(what: string, keyPath: string, send: () => Promise<T>): Promise<T> {
  try {
    return await callAws(what, send);
  } catch (error) {
    if (error instanceof ConnectorError && error.type === 'ConditionalCheckFailedException') throw withCurrentItem(error);
    if (!(error instanceof ConnectorError) || error.type !== 'ValidationException') throw error;
    // DynamoDB's own words, not our message around them (which names the table).
    const said = error.cause instanceof Error ? error.cause.message : error.message;
    if (/size has exceeded|item size/i.test(said)) {
      throw new ConnectorError('REQUEST_TOO_LARGE', `${error.message} (DynamoDB's limit is 400 KB per item)`, { path: keyPath, type: error.type, camundaType: error.camundaType, cause: error, variables: error.variables });
    }
    const found = INPUT_IN_MESSAGE.find(([pattern]) => pattern.test(said));
    if (!found) throw error;
    const path = found[1] ?? keyPath;
    throw new ConnectorError('INVALID_INPUT', `${path}: ${error.message}`, { path, type: error.type, camundaType: error.camundaType, cause: error, variables: error.variables });
  }
}

/** CONFLICT's variables get `item`: the item the condition was checked against, as a context (null when there was none). */
function withCurrentItem(error: ConnectorError): ConnectorError {
  const raw = (error.cause as { Item?: Record<string, AttributeValue> } | undefined)?.Item;
  const item = raw ? plainItem(unmarshall(raw, { wrapNumbers: exactNumber }) as Record<string, unknown>) : null;
  return new ConnectorError(error.code, error.message, {
    path: error.path, type: error.type, camundaType: error.camundaType, cause: error.cause, variables: { ...error.variables, item },
  });
}
