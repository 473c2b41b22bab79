/**
 * DynamoDB end to end: processes on the engine, the worker as its own process, MiniStack's DynamoDB (through the
 * fault proxy, so AWS failures can be injected) with the real AWS SDK. What a task wrote is read back directly.
 */
import type { Camunda8 } from '@camunda8/sdk';
import { CreateTableCommand, DeleteTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { camunda, oneTaskProcess, runTask, stack, uniqueId, WorkerProcess } from './harness';
import { expectResult } from './result-check';
import { deploySeedProcess } from './alfresco-process';

const TYPE = uniqueId('aws:dynamodb:it');
const CAMUNDA_TYPE = uniqueId('io.camunda:aws-dynamodb:it');
const LEGACY_TYPE = uniqueId('io.camunda:aws:it');
const run = uniqueId('t').replace(/_/g, '-');
const ORDERS = `orders-${run}`;
const LINES = `lines-${run}`;
const SECRET_KEY_ID = 'AKIADYNAMODBSECRET01';

let worker: WorkerProcess;
let c8: Camunda8;
let base: DynamoDBClient;
let db: DynamoDBDocumentClient;

beforeAll(async () => {
  base = new DynamoDBClient({ endpoint: stack().AWS_ENDPOINT_URL_S3_EMULATOR, region: stack().AWS_REGION, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  db = DynamoDBDocumentClient.from(base);
  await base.send(new CreateTableCommand({
    TableName: ORDERS, BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [{ AttributeName: 'orderId', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'orderId', KeyType: 'HASH' }],
  }));
  await base.send(new CreateTableCommand({
    TableName: LINES, BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [{ AttributeName: 'orderId', AttributeType: 'S' }, { AttributeName: 'line', AttributeType: 'N' }],
    KeySchema: [{ AttributeName: 'orderId', KeyType: 'HASH' }, { AttributeName: 'line', KeyType: 'RANGE' }],
  }));
  worker = await WorkerProcess.start({
    CONNECTORS_ENABLED: 'dynamodb',
    CONNECTOR_DYNAMODB_TYPE: TYPE,
    CAMUNDA_COMPATIBLE_TYPES: 'true',
    CONNECTOR_AWS_DYNAMODB_TYPE: CAMUNDA_TYPE,
    CONNECTOR_AWS_DYNAMODB_LEGACY_TYPE: LEGACY_TYPE,
    // Through the fault proxy in front of the emulator; the deployment's own credentials.
    AWS_ENDPOINT_URL_DYNAMODB: stack().S3_ENDPOINT,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_MAX_ATTEMPTS: '1',
    SECRET_DDB_KEY_ID: SECRET_KEY_ID,
  });
  c8 = camunda();
});

afterEach(async () => {
  await fetch(stack().FAULT_PROXY_CONTROL, { method: 'DELETE' });
});

afterAll(async () => {
  await c8?.getZeebeGrpcApiClient().close();
  await worker?.stop();
  for (const table of [ORDERS, LINES]) await base?.send(new DeleteTableCommand({ TableName: table })).catch(() => undefined);
  base?.destroy();
});

/** A task of our type; `action` entries become `action.*` input mappings. */
const own = (action: Record<string, string>, headers: Record<string, string> = { resultVariable: 'result' }, retries = 3) => ({
  type: TYPE, retries, headers, inputs: Object.fromEntries(Object.entries(action).map(([k, v]) => [`action.${k}`, v])),
});
type Result = { result: Record<string, unknown>; caughtCode?: string; caughtMessage?: string };
const read = async (table: string, key: Record<string, unknown>) => (await db.send(new GetCommand({ TableName: table, Key: key }))).Item;

test('putItem writes a FEEL context as a plain item (nested, lists, booleans, null, decimals), read back with the SDK', async () => {
  const vars = (await runTask(c8, own({ type: 'putItem', tableName: ORDERS, item: '={orderId: id, total: 12.5, paid: false, note: null, lines: [{sku: "A-1", qty: 2}], tags: ["new", "eu"]}' }), { id: 'o-1' })) as Result;
  expect(vars.result).toEqual({ tableName: ORDERS, attributes: null });
  expectResult('dynamodb', 'own', 'putItem', vars.result);
  expect(await read(ORDERS, { orderId: 'o-1' })).toEqual({ orderId: 'o-1', total: 12.5, paid: false, note: null, lines: [{ sku: 'A-1', qty: 2 }], tags: ['new', 'eu'] });
});

test('getItem answers the plain item; a result expression reads its fields; a missing item is found: false', async () => {
  await db.send(new PutCommand({ TableName: ORDERS, Item: { orderId: 'o-2', total: 99, lines: [{ sku: 'B-7' }], tags: new Set(['x', 'y']) } }));
  const vars = await runTask(c8, own({ type: 'getItem', tableName: ORDERS, key: '={orderId: "o-2"}' }, { resultExpression: '={total: item.total, firstSku: item.lines[1].sku, found: found, tags: item.tags}' }));
  expect(vars).toMatchObject({ total: 99, firstSku: 'B-7', found: true });
  // A string set (which JSON cannot say) comes back as a list.
  expect([...(vars.tags as string[])].sort()).toEqual(['x', 'y']);
  const none = (await runTask(c8, own({ type: 'getItem', tableName: ORDERS, key: '={orderId: "nobody"}' }))) as Result;
  expect(none.result).toEqual({ tableName: ORDERS, item: null, found: false });
  expectResult('dynamodb', 'own', 'getItem', none.result);
});

test('updateItem sets attributes (or runs an update expression) and answers the new item', async () => {
  await db.send(new PutCommand({ TableName: ORDERS, Item: { orderId: 'o-3', status: 'NEW', retries: 0 } }));
  const set = (await runTask(c8, own({ type: 'updateItem', tableName: ORDERS, key: '={orderId: "o-3"}', attributes: '={status: "PAID", paidBy: user}' }), { user: 'ada' })) as Result;
  expect(set.result).toEqual({ tableName: ORDERS, attributes: { orderId: 'o-3', status: 'PAID', retries: 0, paidBy: 'ada' } });
  const added = (await runTask(c8, own({
    type: 'updateItem', tableName: ORDERS, key: '={orderId: "o-3"}', updateExpression: 'ADD retries :one REMOVE paidBy',
    expressionAttributeValues: '={":one": 1}', returnValues: 'UPDATED_NEW',
  }))) as Result;
  expect(added.result.attributes).toEqual({ retries: 1 });
  expectResult('dynamodb', 'own', 'updateItem', set.result);
  expect(await read(ORDERS, { orderId: 'o-3' })).toEqual({ orderId: 'o-3', status: 'PAID', retries: 1 });
});

test('a conditional write that fails is CONFLICT, a BPMN error caught by the boundary event; the item is unchanged', async () => {
  await db.send(new PutCommand({ TableName: ORDERS, Item: { orderId: 'o-4', status: 'SHIPPED' } }));
  const put = (await runTask(c8, own({ type: 'putItem', tableName: ORDERS, item: '={orderId: "o-4", status: "NEW"}', conditionExpression: 'attribute_not_exists(orderId)' }))) as Result;
  expect(put.caughtCode).toBe('CONFLICT');
  expect(put.caughtMessage).toContain('ConditionalCheckFailedException');
  const update = (await runTask(c8, own({
    type: 'updateItem', tableName: ORDERS, key: '={orderId: "o-4"}', attributes: '={status: "CANCELLED"}',
    conditionExpression: '#s = :open', expressionAttributeNames: '={"#s": "status"}', expressionAttributeValues: '={":open": "NEW"}',
  }))) as Result;
  expect(update.caughtCode).toBe('CONFLICT');
  expect(await read(ORDERS, { orderId: 'o-4' })).toEqual({ orderId: 'o-4', status: 'SHIPPED' });

  // The error's variables hold the item the condition was checked against; a boundary event for CONFLICT maps it.
  const id = uniqueId('p');
  const zeebe = c8.getZeebeGrpcApiClient();
  await zeebe.deployResource({ process: Buffer.from(oneTaskProcess(id, own({
    type: 'deleteItem', tableName: ORDERS, key: '={orderId: "o-4"}', conditionExpression: '#s = :open', expressionAttributeNames: '={"#s": "status"}', expressionAttributeValues: '={":open": "NEW"}',
  }), [{ code: 'CONFLICT', outputs: { current: '=item', caughtCode: '=errorCode' } }])), name: `${id}.bpmn` });
  const caught = (await zeebe.createProcessInstanceWithResult({ bpmnProcessId: id, variables: {}, requestTimeout: 60_000 })).variables as Record<string, unknown>;
  expect(caught).toMatchObject({ caughtCode: 'CONFLICT', current: { orderId: 'o-4', status: 'SHIPPED' } });
});

test('deleteItem answers the old item with returnValues ALL_OLD; the item is gone', async () => {
  await db.send(new PutCommand({ TableName: ORDERS, Item: { orderId: 'o-5', total: 3 } }));
  const vars = (await runTask(c8, own({ type: 'deleteItem', tableName: ORDERS, key: '={orderId: "o-5"}', returnValues: 'ALL_OLD' }))) as Result;
  expect(vars.result).toEqual({ tableName: ORDERS, attributes: { orderId: 'o-5', total: 3 } });
  expectResult('dynamodb', 'own', 'deleteItem', vars.result);
  expect(await read(ORDERS, { orderId: 'o-5' })).toBeUndefined();
});

test('batchWriteItems writes 60 items (25 per call) and deletes by key; batchGetItems reads them back (100 per call, duplicates once)', async () => {
  const written = (await runTask(c8, own({
    type: 'batchWriteItems', tableName: LINES, putItems: '=for i in 1..60 return {orderId: "b-1", line: i, sku: "S-" + string(i)}',
  }))) as Result;
  expect(written.result).toEqual({ tableName: LINES, putCount: 60, deleteCount: 0 });
  const deleted = (await runTask(c8, own({ type: 'batchWriteItems', tableName: LINES, deleteKeys: '=for i in 51..60 return {orderId: "b-1", line: i}' }))) as Result;
  expect(deleted.result).toMatchObject({ putCount: 0, deleteCount: 10 });
  const direct = await db.send(new ScanCommand({ TableName: LINES, FilterExpression: 'orderId = :o', ExpressionAttributeValues: { ':o': 'b-1' } }));
  expect(direct.Items).toHaveLength(50);
  expectResult('dynamodb', 'own', 'batchWriteItems', written.result);
  const got = (await runTask(c8, own({
    type: 'batchGetItems', tableName: LINES, keys: '=append(for i in 1..50 return {orderId: "b-1", line: i}, {orderId: "b-1", line: 1}, {orderId: "b-1", line: 999})',
  }))) as Result;
  expect(got.result.count).toBe(50);
  // The same key twice in one write is DynamoDB's ValidationException: the modeler's input, with its path.
  const twice = (await runTask(c8, own({ type: 'batchWriteItems', tableName: LINES, putItems: '=[{orderId: "b-2", line: 1}, {orderId: "b-2", line: 1, x: 2}]' }))) as Result;
  expect([twice.caughtCode, twice.caughtMessage]).toEqual(['INVALID_INPUT', expect.stringMatching(/^action\.putItems: .*duplicates/)]);
  expectResult('dynamodb', 'own', 'batchGetItems', got.result);
  expect((got.result.items as { line: number }[]).map((i) => i.line).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
});

test('query reads one bounded page in sort key order and answers the key of the next; the next page starts there', async () => {
  await runTask(c8, own({ type: 'batchWriteItems', tableName: LINES, putItems: '=for i in 1..5 return {orderId: "q-1", line: i, qty: i * 10}' }));
  const first = (await runTask(c8, own({
    type: 'query', tableName: LINES, keyConditionExpression: 'orderId = :o AND line >= :from', expressionAttributeValues: '={":o": "q-1", ":from": 2}', limit: '=2', scanIndexForward: '=false',
  }))) as Result;
  expect(first.result).toMatchObject({ count: 2, items: [{ line: 5, qty: 50 }, { line: 4, qty: 40 }], lastEvaluatedKey: { orderId: 'q-1', line: 4 } });
  const next = (await runTask(c8, own({
    type: 'query', tableName: LINES, keyConditionExpression: 'orderId = :o AND line >= :from', expressionAttributeValues: '={":o": "q-1", ":from": 2}', limit: '=10', scanIndexForward: '=false',
    exclusiveStartKey: '=page',
  }), { page: first.result.lastEvaluatedKey as never })) as Result;
  expect(next.result).toMatchObject({ count: 2, items: [{ line: 3 }, { line: 2 }], lastEvaluatedKey: null });
  expectResult('dynamodb', 'own', 'query', first.result);
  expectResult('dynamodb', 'own', 'query', next.result);
});

test('scan with a filter expression and attribute names', async () => {
  await runTask(c8, own({ type: 'batchWriteItems', tableName: LINES, putItems: '=for i in 1..4 return {orderId: "s-1", line: i, status: if i <= 2 then "OPEN" else "DONE"}' }));
  const vars = (await runTask(c8, own({
    type: 'scan', tableName: LINES, filterExpression: 'orderId = :o AND #s = :st', expressionAttributeNames: '={"#s": "status"}', expressionAttributeValues: '={":o": "s-1", ":st": "OPEN"}', limit: '=1000',
  }))) as Result;
  expect((vars.result.items as { line: number }[]).map((i) => i.line).sort()).toEqual([1, 2]);
  expect(vars.result.lastEvaluatedKey).toBeNull();
  expectResult('dynamodb', 'own', 'scan', vars.result);
});

test('createTable waits until ACTIVE, describeTable describes it, deleteTable deletes it', async () => {
  const name = `created-${run}`;
  const created = (await runTask(c8, own({ type: 'createTable', tableName: name, partitionKey: 'pk', partitionKeyType: 'S', sortKey: 'sk', sortKeyType: 'N', deletionProtection: '=false' }))) as Result;
  expect(created.result).toMatchObject({ tableName: name, table: { tableName: name, tableStatus: 'ACTIVE', billingMode: 'PAY_PER_REQUEST', keySchema: [{ attributeName: 'pk', keyType: 'HASH' }, { attributeName: 'sk', keyType: 'RANGE' }] } });
  expect((await base.send(new DescribeTableCommand({ TableName: name }))).Table?.TableStatus).toBe('ACTIVE');
  expectResult('dynamodb', 'own', 'createTable', created.result);
  const again = (await runTask(c8, own({ type: 'createTable', tableName: name, partitionKey: 'pk' }))) as Result;
  expect([again.caughtCode, again.caughtMessage]).toEqual(['CONFLICT', expect.stringContaining('ResourceInUseException')]);
  const described = (await runTask(c8, own({ type: 'describeTable', tableName: name }))) as Result;
  expectResult('dynamodb', 'own', 'describeTable', described.result);
  expect(described.result.table).toMatchObject({ itemCount: 0, attributeDefinitions: expect.arrayContaining([{ attributeName: 'sk', attributeType: 'N' }]) });
  const deleted = (await runTask(c8, own({ type: 'deleteTable', tableName: name }))) as Result;
  expect(deleted.result.tableName).toBe(name);
  expectResult('dynamodb', 'own', 'deleteTable', deleted.result);
  const gone = (await runTask(c8, own({ type: 'describeTable', tableName: name }))) as Result;
  expect(gone.caughtCode).toBe('NOT_FOUND');
});

test('the shared runtime: credentials from a secret are used and never shown; a model\'s endpoint off the allow-list is refused', async () => {
  const withSecret = own({ type: 'putItem', tableName: ORDERS, item: '={orderId: "secret-1"}', conditionExpression: 'attribute_not_exists(orderId)' });
  withSecret.inputs = { ...withSecret.inputs, 'authentication.type': 'credentials', 'authentication.accessKey': '{{secrets.DDB_KEY_ID}}', 'authentication.secretKey': 'test' };
  const first = (await runTask(c8, withSecret)) as Result;
  expect(first.result).toEqual({ tableName: ORDERS, attributes: null });
  const second = (await runTask(c8, withSecret)) as Result;
  expect(second.caughtCode).toBe('CONFLICT');
  expect(JSON.stringify([first, second])).not.toContain(SECRET_KEY_ID);
  expect(worker.output).not.toContain(SECRET_KEY_ID);

  const elsewhere = own({ type: 'getItem', tableName: ORDERS, key: '={orderId: "secret-1"}' });
  elsewhere.inputs = { ...elsewhere.inputs, 'configuration.endpoint': 'http://169.254.169.254:80' };
  const refused = (await runTask(c8, elsewhere)) as Result;
  expect([refused.caughtCode, refused.caughtMessage]).toEqual(['INVALID_INPUT', expect.stringContaining("configuration.endpoint: http://169.254.169.254 is not on the worker's endpoint allow-list")]);
});

describe('every error code, each caught by its own boundary event', () => {
  // What the fault proxy answers in DynamoDB's JSON protocol, and the code the docs' table gives it.
  const INJECTED: [string, { status: number; code: string }][] = [
    ['THROTTLING_ERROR', { status: 400, code: 'ThrottlingException' }],
    ['THROTTLING_ERROR', { status: 400, code: 'RequestLimitExceeded' }],
    ['REQUEST_TOO_LARGE', { status: 400, code: 'ItemCollectionSizeLimitExceededException' }],
    ['UNAUTHORIZED', { status: 400, code: 'ExpiredTokenException' }],
    ['PROVISIONED_THROUGHPUT_EXCEEDED', { status: 400, code: 'ProvisionedThroughputExceededException' }],
    ['LIMIT_EXCEEDED', { status: 400, code: 'LimitExceededException' }],
    ['ACCESS_DENIED', { status: 400, code: 'AccessDeniedException' }],
    ['UNAUTHORIZED', { status: 400, code: 'UnrecognizedClientException' }],
    ['INTERNAL_SERVER_ERROR', { status: 500, code: 'InternalServerError' }],
    ['CONFLICT', { status: 400, code: 'TransactionConflictException' }],
    ['BAD_REQUEST', { status: 400, code: 'ValidationException' }],
    ['SERVICE_UNAVAILABLE', { status: 503, code: 'ServiceUnavailable' }],
    ['UNKNOWN_ERROR', { status: 418, code: 'SomethingNobodyMapped' }],
  ];
  const CODES = ['MISSING_INPUT', 'INVALID_INPUT', 'NOT_FOUND', 'REQUEST_TOO_LARGE', ...INJECTED.map(([code]) => code)];
  let runSeed: Awaited<ReturnType<typeof deploySeedProcess>>;

  beforeAll(async () => {
    // One process: the action from process variables, one boundary event per code, retries 1 (transient codes are thrown at once).
    runSeed = await deploySeedProcess(c8, {
      type: TYPE, retries: 1, codes: [...new Set(CODES)],
      inputs: { 'action.type': '=op', 'action.tableName': '=table', 'action.item': '=item', 'action.key': '=key' },
      headers: { resultVariable: 'result' },
    });
  });

  test('from the input and from DynamoDB itself', async () => {
    const missingKey = await runSeed({ op: 'getItem', table: ORDERS });
    expect([missingKey.caught, missingKey.caughtMessage]).toEqual(['MISSING_INPUT', expect.stringContaining('action.key: is required')]);
    const badName = await runSeed({ op: 'getItem', table: 'no spaces allowed', key: { orderId: 'x' } });
    expect([badName.caught, badName.caughtMessage]).toEqual(['INVALID_INPUT', expect.stringContaining('action.tableName')]);
    // DynamoDB refuses an item without the table's key: the modeler's input, with its path.
    const noKey = await runSeed({ op: 'putItem', table: ORDERS, item: { total: 1 } });
    expect([noKey.caught, noKey.caughtMessage]).toEqual(['INVALID_INPUT', expect.stringMatching(/^action\.item: .*key/i)]);
    const boolKey = await runSeed({ op: 'getItem', table: ORDERS, key: { orderId: true } });
    expect([boolKey.caught, boolKey.caughtMessage]).toEqual(['INVALID_INPUT', expect.stringContaining('action.key.orderId: a key attribute must be')]);
    const noTable = await runSeed({ op: 'getItem', table: `missing-${run}`, key: { orderId: 'x' } });
    expect([noTable.caught, noTable.caughtMessage]).toEqual(['NOT_FOUND', expect.stringContaining('ResourceNotFoundException')]);
    const big = await runSeed({ op: 'putItem', table: ORDERS, item: { orderId: 'big', blob: 'x'.repeat(410 * 1024) } });
    expect([big.caught, big.caughtMessage]).toEqual(['REQUEST_TOO_LARGE', expect.stringContaining('400 KB')]);
  });

  test.each(INJECTED)('%s from %j', async (code, fault) => {
    await fetch(stack().FAULT_PROXY_CONTROL, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ count: 1, match: 'POST /', ...fault }) });
    const vars = await runSeed({ op: 'getItem', table: ORDERS, key: { orderId: 'o-1' } });
    expect([vars.caught, vars.caughtMessage]).toEqual([code, expect.stringContaining(fault.code)]);
  });
});

describe('io.camunda:aws-dynamodb:1 and the legacy io.camunda:aws:1', () => {
  const auth = { 'authentication.type': 'credentials', 'authentication.accessKey': 'test', 'authentication.secretKey': 'test', 'configuration.region': 'us-east-1' };
  const camundaTask = (inputs: Record<string, string>, type = CAMUNDA_TYPE, headers: Record<string, string> = { resultVariable: 'result' }) => ({ type, headers, inputs: { ...auth, ...inputs } });

  test('v12 bindings: addItem, getItem (v1\'s array of single-entry objects), updateItem put and delete, deleteItem, with the official result shapes', async () => {
    const item = { 'input.operationGroup': 'itemOperation', 'input.tableName': ORDERS };
    const added = (await runTask(c8, camundaTask({ ...item, 'input.itemOperation': 'addItem', 'input.item': '={orderId: "c-1", total: 5, status: "NEW"}' }))) as Result;
    expect(added.result).toEqual({
      item: null,
      putItemResult: {
        sdkResponseMetadata: { requestId: expect.any(String) }, sdkHttpMetadata: { httpHeaders: {}, httpStatusCode: 200, allHttpHeaders: {} },
        attributes: null, consumedCapacity: null, itemCollectionMetrics: null,
      },
    });
    expect(await read(ORDERS, { orderId: 'c-1' })).toEqual({ orderId: 'c-1', total: 5, status: 'NEW' });
    expectResult('dynamodb', 'camunda', 'addItem', added.result);

    const got = (await runTask(c8, camundaTask({ ...item, 'input.itemOperation': 'getItem', 'input.primaryKeyComponents': '={orderId: "c-1"}' }))) as Result;
    expect(got.result).toEqual(expect.arrayContaining([{ orderId: 'c-1' }, { total: 5 }, { status: 'NEW' }]));
    expectResult('dynamodb', 'camunda', 'getItem', got.result);

    const put = (await runTask(c8, camundaTask({ ...item, 'input.itemOperation': 'updateItem', 'input.primaryKeyComponents': '={orderId: "c-1"}', 'input.keyAttributes': '={status: "PAID", paidBy: "ada"}', 'input.attributeAction': 'put' }))) as Result;
    expect(put.result).toMatchObject({ item: null, updateItemResult: { attributes: null } });
    expectResult('dynamodb', 'camunda', 'updateItem', put.result);
    await runTask(c8, camundaTask({ ...item, 'input.itemOperation': 'updateItem', 'input.primaryKeyComponents': '={orderId: "c-1"}', 'input.keyAttributes': '={total: null}', 'input.attributeAction': 'DELETE' }));
    expect(await read(ORDERS, { orderId: 'c-1' })).toEqual({ orderId: 'c-1', status: 'PAID', paidBy: 'ada' });

    const deleted = (await runTask(c8, camundaTask({ ...item, 'input.itemOperation': 'deleteItem', 'input.primaryKeyComponents': '={orderId: "c-1"}' }))) as Result;
    expect(deleted.result).toMatchObject({ item: null, deleteItemResult: { attributes: null } });
    expectResult('dynamodb', 'camunda', 'deleteItem', deleted.result);
    expect(await read(ORDERS, { orderId: 'c-1' })).toBeUndefined();
    const missing = (await runTask(c8, camundaTask({ ...item, 'input.itemOperation': 'getItem', 'input.primaryKeyComponents': '={orderId: "c-1"}' }))) as Result;
    expect(missing.result).toBeNull();
    expectResult('dynamodb', 'camunda', 'getItem', missing.result);
  });

  test('scanTable reads every page ({action, status, response}); createTable, describeTable (v1 bean) and deleteTable', async () => {
    await runTask(c8, own({ type: 'batchWriteItems', tableName: LINES, putItems: '=for i in 1..3 return {orderId: "cs-1", line: i}' }));
    const table = { 'input.operationGroup': 'tableOperation' };
    const scanned = (await runTask(c8, camundaTask({
      ...table, 'input.tableOperation': 'scanTable', 'input.tableName': LINES, 'input.filterExpression': '#o = :o',
      'input.expressionAttributeNames': '={"#o": "orderId"}', 'input.expressionAttributeValues': '={":o": "cs-1"}',
    }))) as Result;
    expect(scanned.result).toMatchObject({ action: 'scanTable', status: 'OK' });
    expect((scanned.result.response as unknown[]).length).toBe(3);
    expectResult('dynamodb', 'camunda', 'scanTable', scanned.result);
    const none = (await runTask(c8, camundaTask({ ...table, 'input.tableOperation': 'scanTable', 'input.tableName': LINES, 'input.filterExpression': 'orderId = :o', 'input.expressionAttributeValues': '={":o": "nobody"}' }))) as Result;
    expect(none.result).toEqual({ action: 'scanTable', status: 'OK', response: null });

    const name = `camunda-${run}`;
    const created = (await runTask(c8, camundaTask({
      ...table, 'input.tableOperation': 'createTable', 'input.tableName': name, 'input.partitionKey': 'id', 'input.partitionKeyRole': 'HASH', 'input.partitionKeyType': 'S',
      'input.readCapacityUnits': '=5', 'input.writeCapacityUnits': '=5', 'input.billingModeStr': 'PROVISIONED', 'input.deletionProtection': 'false',
    }))) as Result;
    expect(created.result).toMatchObject({
      tableName: name, tableStatus: 'ACTIVE', keySchema: [{ attributeName: 'id', keyType: 'HASH' }], attributeDefinitions: [{ attributeName: 'id', attributeType: 'S' }],
      provisionedThroughput: { readCapacityUnits: 5, writeCapacityUnits: 5 }, ssedescription: null, creationDateTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/),
    });
    const described = (await runTask(c8, camundaTask({ ...table, 'input.tableOperation': 'describeTable', 'input.tableName': name }))) as Result;
    expect(Object.keys(described.result)).toEqual(Object.keys(created.result));
    expectResult('dynamodb', 'camunda', 'createTable', created.result);
    expectResult('dynamodb', 'camunda', 'describeTable', described.result);
    const deleted = (await runTask(c8, camundaTask({ ...table, 'input.tableOperation': 'deleteTable', 'input.tableName': name }))) as Result;
    expect(deleted.result).toEqual({ action: `delete Table [${name}]`, status: 'OK', response: null });
    expectResult('dynamodb', 'camunda', 'deleteTable', deleted.result);
  });

  test('legacy type io.camunda:aws:1 with v2..v6 bindings (root operationGroup, the operation in input.type)', async () => {
    const vars = (await runTask(c8, camundaTask({ operationGroup: 'item', 'input.type': 'addItem', 'input.tableName': ORDERS, 'input.item': '={orderId: "legacy-1", v: 1}' }, LEGACY_TYPE))) as Result;
    expect(vars.result).toMatchObject({ item: null, putItemResult: { attributes: null } });
    expect(await read(ORDERS, { orderId: 'legacy-1' })).toEqual({ orderId: 'legacy-1', v: 1 });
  });

  test('Camunda\'s error handling: an AWS failure fails the job with the Java exception type, which an errorExpression turns into a BPMN error', async () => {
    const vars = (await runTask(c8, camundaTask({ 'input.itemOperation': 'getItem', 'input.tableName': `missing-${run}`, 'input.primaryKeyComponents': '={orderId: "x"}' }, CAMUNDA_TYPE, {
      errorExpression: '=if error.type = "software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException" then bpmnError("NO_TABLE", error.message) else null',
    }))) as Result;
    expect(vars.caughtCode).toBe('NO_TABLE');
    const conditional = (await runTask(c8, camundaTask({ 'input.itemOperation': 'getItem', 'input.tableName': ORDERS, 'input.primaryKeyComponents': '={total: 1}' }, CAMUNDA_TYPE, {
      errorExpression: '=if error.code = "INVALID_INPUT" then bpmnError("BAD_KEY", error.message) else null',
    }))) as Result;
    expect([conditional.caughtCode, conditional.caughtMessage]).toEqual(['BAD_KEY', expect.stringContaining('input.primaryKeyComponents')]);
  });
});
