import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { AwsConnectionSchema } from '../aws-input';
import { shown } from '../template-meta';

/** The kinds of DynamoDB work; `action.type` picks one. */
export const DYNAMODB_ACTIONS = [
  'putItem', 'getItem', 'updateItem', 'deleteItem', 'query', 'scan', 'batchGetItems', 'batchWriteItems', 'createTable', 'describeTable', 'deleteTable',
] as const;
export type DynamoDbActionType = (typeof DYNAMODB_ACTIONS)[number];

export const DynamoDbActionTypeSchema = shown(Type.Union(DYNAMODB_ACTIONS.map((a) => Type.Literal(a))), {
  label: 'Operation',
  group: 'action',
  description: 'What to do with DynamoDB; the fields below follow the choice.',
  choiceLabels: {
    putItem: 'Put item (add or replace)', getItem: 'Get item', updateItem: 'Update item', deleteItem: 'Delete item',
    query: 'Query by key condition', scan: 'Scan table', batchGetItems: 'Get items in batches', batchWriteItems: 'Put and delete items in batches',
    createTable: 'Create table', describeTable: 'Describe table', deleteTable: 'Delete table',
  },
});

/** A table's name (3 to 255 of a-z A-Z 0-9 _ . -) or its ARN. */
export const TABLE_NAME = '^(?:[a-zA-Z0-9_.-]{3,255}|arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:[0-9]{12}:table/[a-zA-Z0-9_.-]{3,255})$';

const tableName = shown(Type.String({ minLength: 1, pattern: TABLE_NAME }), {
  label: 'Table name', group: 'action', feel: 'optional', description: 'The table\'s name or ARN, e.g. orders.',
});
const plainObject = Type.Record(Type.String(), Type.Unknown(), { minProperties: 1 });
const key = shown(Type.Record(Type.String(), Type.Unknown(), { minProperties: 1, maxProperties: 2 }), {
  label: 'Key', group: 'action', feel: 'required', editor: 'String', placeholder: '{orderId: orderId}',
  description: 'The item\'s primary key as a FEEL context: its partition key, and its sort key if the table has one.',
});
const conditionExpression = Type.Optional(shown(Type.String({ minLength: 1 }), {
  label: 'Condition expression', group: 'action', feel: 'optional', placeholder: 'attribute_not_exists(orderId)',
  description: 'The write happens only if this holds, else the task fails with CONFLICT (a BPMN error you can catch). Default: none.',
}));
const names = Type.Optional(shown(Type.Record(Type.String({ pattern: '^#' }), Type.String({ minLength: 1 })), {
  label: 'Expression attribute names', group: 'action', feel: 'required', editor: 'String', placeholder: '{"#s": "status"}',
  description: 'Placeholders for attribute names in the expressions (#name -> name), a FEEL context. Default: none.',
}));
const values = Type.Optional(shown(Type.Record(Type.String({ pattern: '^:' }), Type.Unknown()), {
  label: 'Expression attribute values', group: 'action', feel: 'required', editor: 'String', placeholder: '{":paid": "PAID"}',
  description: 'Values for the placeholders in the expressions (:name -> value, plain JSON), a FEEL context. Default: none.',
}));
const projection = Type.Optional(shown(Type.String({ minLength: 1 }), {
  label: 'Projection expression', group: 'action', feel: 'optional', description: 'Only these attributes, comma-separated, e.g. orderId, total. Default: every attribute.',
}));
const consistentRead = Type.Optional(shown(Type.Boolean({ default: false }), {
  label: 'Consistent read', group: 'action', feel: 'static', description: 'Read the latest committed data (twice the read capacity; not on global secondary indexes). Default: eventually consistent.',
}));
const filter = Type.Optional(shown(Type.String({ minLength: 1 }), {
  label: 'Filter expression', group: 'action', feel: 'optional', placeholder: '#s = :paid',
  description: 'Keeps only the items read that match; the limit counts items before the filter. Default: every item read.',
}));
const indexName = Type.Optional(shown(Type.String({ minLength: 3, maxLength: 255 }), {
  label: 'Index name', group: 'action', feel: 'optional', description: 'A secondary index to read instead of the table. Default: the table.',
}));
const limit = Type.Optional(shown(Type.Integer({ minimum: 1, maximum: 1000, default: 100 }), {
  label: 'Limit', group: 'action', feel: 'static', description: 'The most items read for one page, 1 to 1000 (DynamoDB also ends a page at 1 MB). Default: 100.',
}));
const startKey = Type.Optional(shown(plainObject, {
  label: 'Start key', group: 'action', feel: 'required', editor: 'String', placeholder: 'page.lastEvaluatedKey',
  description: 'The lastEvaluatedKey of the previous page, to read the next one. Default: the first page.',
}));
const returnOld = (label: string) => Type.Optional(shown(Type.Union([Type.Literal('NONE'), Type.Literal('ALL_OLD')], { default: 'NONE' }), {
  label: 'Return values', group: 'action', description: `${label} Default: none.`,
  choiceLabels: { NONE: 'Nothing', ALL_OLD: 'The item as it was before (ALL_OLD)' },
}));
const keyType = (what: string) => Type.Union([Type.Literal('S'), Type.Literal('N'), Type.Literal('B')], { default: 'S', description: what });
const keyTypeLabels = { S: 'String (S)', N: 'Number (N)', B: 'Binary (B)' };

/** Each action's inputs under `action.*`. */
export const DynamoDbActionSchemas = {
  putItem: Type.Object({
    type: Type.Literal('putItem'),
    tableName,
    item: shown(plainObject, {
      label: 'Item', group: 'action', feel: 'required', editor: 'String', placeholder: '{orderId: orderId, total: total}',
      description: 'The whole item as a FEEL context, with its primary key; it replaces an item with the same key.',
    }),
    conditionExpression,
    expressionAttributeNames: names,
    expressionAttributeValues: values,
    returnValues: returnOld('What the result\'s attributes hold.'),
  }),
  getItem: Type.Object({
    type: Type.Literal('getItem'), tableName, key, projectionExpression: projection, expressionAttributeNames: names, consistentRead,
  }),
  updateItem: Type.Object({
    type: Type.Literal('updateItem'),
    tableName,
    key,
    updateExpression: Type.Optional(shown(Type.String({ minLength: 1 }), {
      label: 'Update expression', group: 'action', feel: 'optional', placeholder: 'SET #s = :paid ADD retries :one',
      description: 'What to change (SET, REMOVE, ADD, DELETE clauses). Give it or the attributes to set.',
    })),
    attributes: Type.Optional(shown(plainObject, {
      label: 'Attributes to set', group: 'action', feel: 'required', editor: 'String', placeholder: '{status: "PAID", paidAt: now()}',
      description: 'Instead of an update expression: these attributes are set to these values, a FEEL context.',
    })),
    conditionExpression,
    expressionAttributeNames: names,
    expressionAttributeValues: values,
    returnValues: Type.Optional(shown(Type.Union(['NONE', 'ALL_OLD', 'UPDATED_OLD', 'ALL_NEW', 'UPDATED_NEW'].map((v) => Type.Literal(v)), { default: 'ALL_NEW' }), {
      label: 'Return values', group: 'action', description: 'What the result\'s attributes hold. Default: the whole item after the update.',
      choiceLabels: { NONE: 'Nothing', ALL_OLD: 'The whole item before', UPDATED_OLD: 'The changed attributes before', ALL_NEW: 'The whole item after', UPDATED_NEW: 'The changed attributes after' },
    })),
  }),
  deleteItem: Type.Object({
    type: Type.Literal('deleteItem'), tableName, key, conditionExpression, expressionAttributeNames: names, expressionAttributeValues: values,
    returnValues: returnOld('What the result\'s attributes hold.'),
  }),
  query: Type.Object({
    type: Type.Literal('query'),
    tableName,
    keyConditionExpression: shown(Type.String({ minLength: 1 }), {
      label: 'Key condition expression', group: 'action', feel: 'optional', placeholder: 'customerId = :c AND begins_with(orderDate, :year)',
      description: 'The partition key equal to a value, and optionally a condition on the sort key.',
    }),
    expressionAttributeNames: names,
    expressionAttributeValues: values,
    filterExpression: filter,
    projectionExpression: projection,
    indexName,
    scanIndexForward: Type.Optional(shown(Type.Boolean({ default: true }), {
      label: 'Ascending', group: 'action', feel: 'static', description: 'Sort key order of the items: ascending, or descending when off. Default: ascending.',
    })),
    consistentRead,
    limit,
    exclusiveStartKey: startKey,
  }),
  scan: Type.Object({
    type: Type.Literal('scan'), tableName, filterExpression: filter, projectionExpression: projection, expressionAttributeNames: names, expressionAttributeValues: values,
    indexName, consistentRead, limit, exclusiveStartKey: startKey,
  }),
  batchGetItems: Type.Object({
    type: Type.Literal('batchGetItems'),
    tableName,
    keys: shown(Type.Array(Type.Record(Type.String(), Type.Unknown(), { minProperties: 1, maxProperties: 2 }), { minItems: 1, maxItems: 1000 }), {
      label: 'Keys', group: 'action', feel: 'required', editor: 'String', placeholder: 'for id in orderIds return {orderId: id}',
      description: 'The primary keys of the items to read, a FEEL list of contexts (up to 1000; read 100 per call).',
    }),
    projectionExpression: projection,
    expressionAttributeNames: names,
    consistentRead,
  }),
  batchWriteItems: Type.Object({
    type: Type.Literal('batchWriteItems'),
    tableName,
    putItems: Type.Optional(shown(Type.Array(plainObject, { maxItems: 1000 }), {
      label: 'Items to put', group: 'action', feel: 'required', editor: 'String', placeholder: 'for line in lines return {orderId: orderId, line: line.no, sku: line.sku}',
      description: 'Whole items to add or replace, a FEEL list of contexts (written 25 per call). Default: none.',
    })),
    deleteKeys: Type.Optional(shown(Type.Array(Type.Record(Type.String(), Type.Unknown(), { minProperties: 1, maxProperties: 2 }), { maxItems: 1000 }), {
      label: 'Keys to delete', group: 'action', feel: 'required', editor: 'String', placeholder: 'for id in oldIds return {orderId: id}',
      description: 'Primary keys of items to delete, a FEEL list of contexts. Default: none.',
    })),
  }),
  createTable: Type.Object({
    type: Type.Literal('createTable'),
    tableName,
    partitionKey: shown(Type.String({ minLength: 1, maxLength: 255 }), { label: 'Partition key', group: 'action', feel: 'optional', description: 'The name of the partition (hash) key attribute, e.g. orderId.' }),
    partitionKeyType: Type.Optional(shown(keyType('The partition key\'s type.'), { label: 'Partition key type', group: 'action', description: 'The type of the partition key\'s values. Default: String.', choiceLabels: keyTypeLabels })),
    sortKey: Type.Optional(shown(Type.String({ minLength: 1, maxLength: 255 }), { label: 'Sort key', group: 'action', feel: 'optional', description: 'The name of the sort (range) key attribute. Default: none (partition key only).' })),
    sortKeyType: Type.Optional(shown(keyType('The sort key\'s type.'), { label: 'Sort key type', group: 'action', description: 'The type of the sort key\'s values. Default: String.', choiceLabels: keyTypeLabels })),
    billingMode: Type.Optional(shown(Type.Union([Type.Literal('PAY_PER_REQUEST'), Type.Literal('PROVISIONED')], { default: 'PAY_PER_REQUEST' }), {
      label: 'Billing mode', group: 'action', description: 'On demand, or a provisioned read and write capacity. Default: on demand.',
      choiceLabels: { PAY_PER_REQUEST: 'On demand (PAY_PER_REQUEST)', PROVISIONED: 'Provisioned capacity' },
    })),
    readCapacityUnits: Type.Optional(shown(Type.Integer({ minimum: 1 }), {
      label: 'Read capacity units', group: 'action', feel: 'static', description: 'Provisioned reads per second.', visibleWhen: { path: 'action.billingMode', oneOf: ['PROVISIONED'] },
    })),
    writeCapacityUnits: Type.Optional(shown(Type.Integer({ minimum: 1 }), {
      label: 'Write capacity units', group: 'action', feel: 'static', description: 'Provisioned writes per second.', visibleWhen: { path: 'action.billingMode', oneOf: ['PROVISIONED'] },
    })),
    deletionProtection: Type.Optional(shown(Type.Boolean({ default: false }), {
      label: 'Deletion protection', group: 'action', feel: 'static', description: 'Refuse to delete the table until this is switched off. Default: off.',
    })),
    waitUntilActive: Type.Optional(shown(Type.Boolean({ default: true }), {
      label: 'Wait until active', group: 'action', feel: 'static', description: 'Complete the task once the table can be used (within the job\'s time). Default: on.',
    })),
  }),
  describeTable: Type.Object({ type: Type.Literal('describeTable'), tableName }),
  deleteTable: Type.Object({ type: Type.Literal('deleteTable'), tableName }),
} satisfies Record<DynamoDbActionType, TSchema>;

/** Validated first, so that the action's own schema can then be chosen and its errors be precise. */
export const DynamoDbDiscriminatorSchema = Type.Object({ action: Type.Object({ type: DynamoDbActionTypeSchema }) });

export const DynamoDbInputSchemas = Object.fromEntries(
  DYNAMODB_ACTIONS.map((a) => [a, Type.Object({ ...AwsConnectionSchema, action: DynamoDbActionSchemas[a] })]),
) as { [A in DynamoDbActionType]: ReturnType<typeof Type.Object<typeof AwsConnectionSchema & { action: (typeof DynamoDbActionSchemas)[A] }>> };

export type DynamoDbInput = { [A in DynamoDbActionType]: Static<(typeof DynamoDbInputSchemas)[A]> }[DynamoDbActionType];
export type DynamoDbAction = DynamoDbInput['action'];
