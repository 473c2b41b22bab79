import { ConditionalCheckFailedException, DynamoDBServiceException, RequestLimitExceeded } from '@aws-sdk/client-dynamodb';
import { exactNumber } from '../../worker/aws/clients';
import { fromAwsError } from '../../worker/aws/errors';
import { javaExceptionType } from '../../worker/aws/java-exception-names';
import { createDeadline, runWithDeadline } from '../../worker/runtime/deadline';
import { ConnectorError } from '../../worker/runtime/errors';
import { chunks, sendInBatches } from '../../worker/connectors/dynamodb/batches';
import { readCamundaDynamoDb } from '../../worker/connectors/dynamodb/camunda-input';
import { plainItem, setExpression, updateExpression } from '../../worker/connectors/dynamodb/items';

test('numbers: exact ones as numbers, DynamoDB\'s 38-digit ones as their text', () => {
  expect(exactNumber('12.5')).toBe(12.5);
  expect(exactNumber('100')).toBe(100);
  expect(exactNumber('-0.000001')).toBe(-0.000001);
  expect(exactNumber('9007199254740993')).toBe('9007199254740993');
  expect(exactNumber('3.14159265358979323846264')).toBe('3.14159265358979323846264');
});

test('sets become lists and binary its base64, at any depth', () => {
  expect(plainItem({ a: new Set(['x']), b: { c: new Uint8Array([1, 2]) }, d: [new Set([1, 2])] })).toEqual({ a: ['x'], b: { c: 'AQI=' }, d: [[1, 2]] });
  expect(plainItem(undefined)).toBeNull();
});

test('update expressions take placeholders the modeler\'s own do not use', () => {
  const e = setExpression({ status: 'PAID', total: null }, { ExpressionAttributeNames: { '#set0': 'x' }, ExpressionAttributeValues: { ':set0': 1 } });
  expect(e).toEqual({
    UpdateExpression: 'SET #set1 = :set1, #set2 = :set2',
    ExpressionAttributeNames: { '#set0': 'x', '#set1': 'status', '#set2': 'total' },
    ExpressionAttributeValues: { ':set0': 1, ':set1': 'PAID', ':set2': null },
  });
  expect(updateExpression([], ['a', 'b'])).toEqual({ UpdateExpression: 'REMOVE #remove0, #remove1', ExpressionAttributeNames: { '#remove0': 'a', '#remove1': 'b' } });
});

describe('batches', () => {
  test('chunks to the service limit', () => {
    expect(chunks([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
  });

  test('unprocessed entries are sent again, with growing waits, until none are left', async () => {
    const calls: number[][] = [];
    const waits: number[] = [];
    let refusals = 3;
    await sendInBatches('write', Array.from({ length: 30 }, (_, i) => i), 25, async (batch) => {
      calls.push(batch);
      // The service leaves the last two of each call unprocessed, three times.
      return refusals-- > 0 ? batch.slice(-2) : [];
    }, async (ms) => { waits.push(ms); });
    expect(calls.map((c) => c.length)).toEqual([25, 5, 4, 2]);
    expect(waits).toHaveLength(2);
  });

  test('entries still unprocessed when the job\'s time runs short are PROVISIONED_THROUGHPUT_EXCEEDED (transient)', async () => {
    const deadline = createDeadline(3_000);
    const error = await runWithDeadline(deadline, () => sendInBatches('write', [1, 2, 3], 25, async (batch) => batch, async () => undefined)).catch((e) => e);
    deadline.close();
    expect(error).toBeInstanceOf(ConnectorError);
    expect([error.code, error.transient, error.variables]).toEqual(['PROVISIONED_THROUGHPUT_EXCEEDED', true, { unprocessedCount: 3 }]);
  });
});

describe("Camunda's bindings", () => {
  const auth = { authentication: { accessKey: 'a', secretKey: 'b' }, configuration: { region: 'eu-west-1' } };

  test('the operation from input.tableOperation, input.itemOperation or the old input.type', () => {
    expect(readCamundaDynamoDb({ ...auth, input: { itemOperation: 'getItem', tableName: 'orders', primaryKeyComponents: { id: '1' } } }).input.action).toMatchObject({ type: 'getItem', key: { id: '1' } });
    expect(readCamundaDynamoDb({ ...auth, operationGroup: 'item', input: { type: 'addItem', tableName: 'orders', item: '{"id":"1","n":null}' } }).input.action).toMatchObject({ type: 'putItem', item: { id: '1', n: null } });
    expect(() => readCamundaDynamoDb({ ...auth, input: { itemOperation: 'upsertItem', tableName: 'orders' } })).toThrow(/input.itemOperation: must be one of/);
  });

  test('createTable: the keys by their roles, provisioned capacity by default', () => {
    const job = readCamundaDynamoDb({ ...auth, input: {
      tableOperation: 'createTable', tableName: 'orders', partitionKey: 'day', partitionKeyRole: 'RANGE', partitionKeyType: 'S', sortKey: 'id', sortKeyRole: 'HASH', sortKeyType: 'N',
      readCapacityUnits: '5', writeCapacityUnits: 3, deletionProtection: 'true',
    } });
    expect(job.input.action).toMatchObject({ partitionKey: 'id', partitionKeyType: 'N', sortKey: 'day', sortKeyType: 'S', billingMode: 'PROVISIONED', readCapacityUnits: 5, writeCapacityUnits: 3, deletionProtection: true });
  });

  test('updateItem: put sets, delete removes the key attributes; anything else is INVALID_INPUT', () => {
    const put = readCamundaDynamoDb({ ...auth, input: { itemOperation: 'updateItem', tableName: 'orders', primaryKeyComponents: { id: '1' }, keyAttributes: { s: 'x' }, attributeAction: 'PUT' } });
    expect(put.input.action).toMatchObject({ updateExpression: 'SET #set0 = :set0', expressionAttributeValues: { ':set0': 'x' } });
    const del = readCamundaDynamoDb({ ...auth, input: { itemOperation: 'updateItem', tableName: 'orders', primaryKeyComponents: { id: '1' }, keyAttributes: { s: 'x' }, attributeAction: 'delete' } });
    expect(del.input.action).toMatchObject({ updateExpression: 'REMOVE #remove0' });
    expect(() => readCamundaDynamoDb({ ...auth, input: { itemOperation: 'updateItem', tableName: 'orders', primaryKeyComponents: { id: '1' }, keyAttributes: { s: 'x' }, attributeAction: 'add' } }))
      .toThrow(expect.objectContaining({ code: 'INVALID_INPUT', path: 'input.attributeAction' }));
  });
});

test("DynamoDB's exceptions: our code, and the Java class Camunda's runtime reports on the compatible types", () => {
  const $metadata = { httpStatusCode: 400 };
  const conditional = new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata });
  expect(fromAwsError(conditional, 'put').code).toBe('CONFLICT');
  expect(javaExceptionType(conditional)).toBe('software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException');
  expect(javaExceptionType(new RequestLimitExceeded({ message: 'slow', $metadata }))).toBe('software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException');
  const validation = new DynamoDBServiceException({ name: 'ValidationException', $fault: 'client', message: 'bad', $metadata });
  expect(javaExceptionType(validation)).toBe('software.amazon.awssdk.services.dynamodb.model.DynamoDbException');
  expect(fromAwsError(validation, 'put').code).toBe('BAD_REQUEST');
});

test('a key attribute with a name that is not plain is named by its path as ["..."] (found by the fuzz test)', async () => {
  const { runDynamoDb } = await import('../../worker/connectors/dynamodb/handler');
  const sent: unknown[] = [];
  const deps = { aws: { dynamodb: () => ({ client: { send: async (c: unknown) => sent.push(c) } }) } } as never;
  const input = (key: Record<string, unknown>) => ({ action: { type: 'getItem', tableName: 't', key } }) as never;
  await expect(runDynamoDb(input({ '': {} }), deps, {} as never)).rejects.toMatchObject({ code: 'INVALID_INPUT', path: 'action.key[""]', message: expect.stringMatching(/^action\.key\[""\]: a key attribute/) });
  await expect(runDynamoDb(input({ 'order id': true }), deps, {} as never)).rejects.toMatchObject({ path: 'action.key["order id"]' });
  await expect(runDynamoDb(input({ orderId: true }), deps, {} as never)).rejects.toMatchObject({ path: 'action.key.orderId' });
  expect(sent).toEqual([]);
});
