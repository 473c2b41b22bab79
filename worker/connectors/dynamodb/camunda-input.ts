import { Type } from '@sinclair/typebox';
import { ConnectorError } from '../../runtime/errors';
import { isPlainObject } from '../../runtime/expressions';
import { validateInput } from '../../runtime/validation';
import { camundaConnection, CamundaConnectionSchema } from '../camunda-connection';
import type { BindingNames } from '../camunda-paths';
import type { DynamoDbOptions } from './handler';
import { updateExpression, withItemNulls } from './items';
import { DynamoDbInputSchemas, type DynamoDbInput } from './schema';

export const CAMUNDA_OPERATIONS = ['createTable', 'deleteTable', 'describeTable', 'scanTable', 'addItem', 'deleteItem', 'getItem', 'updateItem'] as const;
export type CamundaOperation = (typeof CAMUNDA_OPERATIONS)[number];

const map = Type.Unknown();

/**
 * The official connector's bindings, every template version: the operation in `input.tableOperation` or
 * `input.itemOperation` (v7+) or `input.type` (v2..v6, beside a root `operationGroup` that nobody reads).
 */
const CamundaDynamoDbSchema = Type.Object({
  ...CamundaConnectionSchema,
  input: Type.Object({
    tableOperation: Type.Optional(Type.String()),
    itemOperation: Type.Optional(Type.String()),
    type: Type.Optional(Type.String()),
    tableName: Type.Optional(Type.String()),
    partitionKey: Type.Optional(Type.String()),
    partitionKeyRole: Type.Optional(Type.String()),
    partitionKeyType: Type.Optional(Type.String()),
    sortKey: Type.Optional(Type.String()),
    sortKeyRole: Type.Optional(Type.String()),
    sortKeyType: Type.Optional(Type.String()),
    readCapacityUnits: Type.Optional(Type.Integer({ minimum: 1 })),
    writeCapacityUnits: Type.Optional(Type.Integer({ minimum: 1 })),
    billingModeStr: Type.Optional(Type.String()),
    deletionProtection: Type.Optional(Type.Union([Type.Boolean(), Type.String()])),
    filterExpression: Type.Optional(Type.String()),
    projectionExpression: Type.Optional(Type.String()),
    expressionAttributeNames: Type.Optional(map),
    expressionAttributeValues: Type.Optional(map),
    item: Type.Optional(map),
    primaryKeyComponents: Type.Optional(map),
    keyAttributes: Type.Optional(map),
    attributeAction: Type.Optional(Type.String()),
  }, { additionalProperties: true }),
});

export interface CamundaDynamoDbJob {
  operation: CamundaOperation;
  input: DynamoDbInput;
  options: DynamoDbOptions;
}

/** Reads an io.camunda:aws-dynamodb:1 (or io.camunda:aws:1) job into our DynamoDB input, so the one handler does the work. */
export function readCamundaDynamoDb(variables: Record<string, unknown>): CamundaDynamoDbJob {
  const v = validateInput(CamundaDynamoDbSchema, variables);
  const connection = camundaConnection(v);
  // Nulls inside an item or a value map are data (DynamoDB's NULL), which validation would drop.
  const given = isPlainObject(variables.input) ? variables.input : {};
  const i = { ...v.input, item: given.item, keyAttributes: given.keyAttributes, expressionAttributeValues: given.expressionAttributeValues };
  const operation = operationOf(i);
  const tableName = i.tableName;
  // Our schema checks the rest (the table name, the item, the key) with the same property paths.
  const ours = (action: Record<string, unknown>, options: DynamoDbOptions = {}): CamundaDynamoDbJob => {
    const given = { tableName, ...action };
    const input = validateInput(DynamoDbInputSchemas[action.type as keyof typeof DynamoDbInputSchemas], { ...connection, action: given }) as DynamoDbInput;
    return { operation, input: withItemNulls(input, given), options };
  };
  switch (operation) {
    case 'addItem':
      return ours({ type: 'putItem', item: object(i.item, 'input.item') });
    case 'getItem':
      return ours({ type: 'getItem', key: object(i.primaryKeyComponents, 'input.primaryKeyComponents') });
    case 'deleteItem':
      return ours({ type: 'deleteItem', key: object(i.primaryKeyComponents, 'input.primaryKeyComponents') });
    case 'updateItem':
      return ours({ type: 'updateItem', key: object(i.primaryKeyComponents, 'input.primaryKeyComponents'), ...attributeUpdates(i.keyAttributes, i.attributeAction), returnValues: 'NONE' });
    case 'scanTable':
      return ours({
        type: 'scan', filterExpression: i.filterExpression || undefined, projectionExpression: i.projectionExpression || undefined,
        expressionAttributeNames: optionalObject(i.expressionAttributeNames, 'input.expressionAttributeNames'),
        expressionAttributeValues: optionalObject(i.expressionAttributeValues, 'input.expressionAttributeValues'),
      }, { allPages: true });
    case 'describeTable':
      return ours({ type: 'describeTable' });
    case 'deleteTable':
      return ours({ type: 'deleteTable' }, { waitUntilDeleted: true });
    case 'createTable':
      return ours({ type: 'createTable', ...tableKeys(i), ...billing(i), deletionProtection: flag(i.deletionProtection), waitUntilActive: true });
  }
}

function operationOf(i: { tableOperation?: string; itemOperation?: string; type?: string }): CamundaOperation {
  const [path, value] = i.tableOperation ? ['input.tableOperation', i.tableOperation] : i.itemOperation ? ['input.itemOperation', i.itemOperation] : ['input.type', i.type];
  if (value === undefined || value === '') throw new ConnectorError('MISSING_INPUT', 'input.itemOperation: is required (or input.tableOperation)', { path: 'input.itemOperation' });
  if (!(CAMUNDA_OPERATIONS as readonly string[]).includes(value)) {
    throw new ConnectorError('INVALID_INPUT', `${path}: must be one of ${CAMUNDA_OPERATIONS.map((o) => JSON.stringify(o)).join(', ')}, got ${JSON.stringify(value)}`, { path });
  }
  return value as CamundaOperation;
}

/** A FEEL context, or (typed into an old template's text field) the JSON text of one. */
function object(value: unknown, path: string): Record<string, unknown> {
  const parsed = typeof value === 'string' && value.trim().startsWith('{') ? parseJson(value, path) : value;
  if (!isPlainObject(parsed) || Object.keys(parsed).length === 0) {
    if (value === undefined || value === '') throw new ConnectorError('MISSING_INPUT', `${path}: is required`, { path });
    throw new ConnectorError('INVALID_INPUT', `${path}: must be a non-empty context (a JSON object)`, { path });
  }
  return parsed;
}

function optionalObject(value: unknown, path: string): Record<string, unknown> | undefined {
  if (value === undefined || value === '' || (isPlainObject(value) && Object.keys(value).length === 0)) return undefined;
  return object(value, path);
}

function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ConnectorError('INVALID_INPUT', `${path}: is neither a context nor JSON text`, { path });
  }
}

/** Camunda's `put` sets every key attribute, `delete` removes them (the values are ignored), as AttributeUpdates did. */
function attributeUpdates(keyAttributes: unknown, attributeAction: string | undefined) {
  const attributes = object(keyAttributes, 'input.keyAttributes');
  const action = attributeAction?.toLowerCase();
  if (action === undefined || action === '') throw new ConnectorError('MISSING_INPUT', 'input.attributeAction: is required', { path: 'input.attributeAction' });
  if (action !== 'put' && action !== 'delete') {
    throw new ConnectorError('INVALID_INPUT', `input.attributeAction: must be "put" or "delete", got ${JSON.stringify(attributeAction)}`, { path: 'input.attributeAction' });
  }
  const e = action === 'put'
    ? updateExpression(Object.entries(attributes).map(([name, value]) => ({ name, value })), [])
    : updateExpression([], Object.keys(attributes));
  return { updateExpression: e.UpdateExpression, expressionAttributeNames: e.ExpressionAttributeNames, expressionAttributeValues: e.ExpressionAttributeValues };
}

/**
 * Camunda's template asks each key's role (HASH or RANGE); a table has one HASH key and may have one RANGE key,
 * in whichever of the two fields the modeler put them.
 */
function tableKeys(i: { partitionKey?: string; partitionKeyRole?: string; partitionKeyType?: string; sortKey?: string; sortKeyRole?: string; sortKeyType?: string }) {
  const keys = [
    { name: i.partitionKey, role: (i.partitionKeyRole || 'HASH').toUpperCase(), type: i.partitionKeyType || undefined, path: 'input.partitionKey' },
    ...(i.sortKey ? [{ name: i.sortKey, role: (i.sortKeyRole || 'RANGE').toUpperCase(), type: i.sortKeyType || undefined, path: 'input.sortKey' }] : []),
  ];
  for (const k of keys) {
    if (k.role !== 'HASH' && k.role !== 'RANGE') throw new ConnectorError('INVALID_INPUT', `${k.path}Role: must be "HASH" or "RANGE"`, { path: `${k.path}Role` });
  }
  const hash = keys.find((k) => k.role === 'HASH');
  const range = keys.find((k) => k.role === 'RANGE');
  if (!hash || (keys.length === 2 && !range)) {
    throw new ConnectorError('INVALID_INPUT', 'input.partitionKeyRole: a table needs exactly one HASH key and at most one RANGE key', { path: 'input.partitionKeyRole' });
  }
  return { partitionKey: hash.name, partitionKeyType: hash.type, ...(range ? { sortKey: range.name, sortKeyType: range.type } : {}) };
}

/** Camunda's default is provisioned capacity. */
function billing(i: { billingModeStr?: string; readCapacityUnits?: number; writeCapacityUnits?: number }) {
  const billingMode = i.billingModeStr || 'PROVISIONED';
  return { billingMode, ...(billingMode === 'PROVISIONED' ? { readCapacityUnits: i.readCapacityUnits, writeCapacityUnits: i.writeCapacityUnits } : {}) };
}

function flag(value: boolean | string | undefined): boolean | undefined {
  if (value === undefined || value === '') return undefined;
  return value === true || String(value).toLowerCase() === 'true';
}

/** Where our DynamoDB inputs come from in Camunda's template. */
export const CAMUNDA_DYNAMODB_BINDINGS: BindingNames = {
  'action.tableName': 'input.tableName',
  'action.item': 'input.item',
  'action.key': 'input.primaryKeyComponents',
  'action.updateExpression': 'input.keyAttributes',
  'action.expressionAttributeNames': 'input.expressionAttributeNames',
  'action.expressionAttributeValues': 'input.expressionAttributeValues',
  'action.filterExpression': 'input.filterExpression',
  'action.projectionExpression': 'input.projectionExpression',
  'action.partitionKey': 'input.partitionKey',
  'action.partitionKeyType': 'input.partitionKeyType',
  'action.sortKey': 'input.sortKey',
  'action.sortKeyType': 'input.sortKeyType',
  'action.billingMode': 'input.billingModeStr',
  'action.readCapacityUnits': 'input.readCapacityUnits',
  'action.writeCapacityUnits': 'input.writeCapacityUnits',
};
