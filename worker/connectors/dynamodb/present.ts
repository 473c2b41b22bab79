import type { TableDescription } from '@aws-sdk/client-dynamodb';
import { camelCase, sdkMetadata } from '../camunda-shapes';
import type { CamundaOperation } from './camunda-input';
import type { DynamoDbResult } from './handler';

/** Our own answer: the result without the internal `action` tag and call metadata; tables in our short form. */
export function presentDynamoDb(result: DynamoDbResult): Record<string, unknown> {
  switch (result.action) {
    case 'putItem':
    case 'updateItem':
    case 'deleteItem':
      return { tableName: result.tableName, attributes: result.attributes };
    case 'createTable':
    case 'describeTable':
      return { tableName: result.tableName, table: tableSummary(result.table) };
    case 'deleteTable':
      return { tableName: result.tableName, tableStatus: result.tableStatus };
    default: {
      const { action: _action, ...answer } = result;
      return answer;
    }
  }
}

/** What a modeler needs to know about a table, with plain names and an ISO date. */
export function tableSummary(t: TableDescription): Record<string, unknown> {
  return {
    tableName: t.TableName ?? null,
    tableArn: t.TableArn ?? null,
    tableStatus: t.TableStatus ?? null,
    keySchema: (t.KeySchema ?? []).map((k) => ({ attributeName: k.AttributeName ?? null, keyType: k.KeyType ?? null })),
    attributeDefinitions: (t.AttributeDefinitions ?? []).map((d) => ({ attributeName: d.AttributeName ?? null, attributeType: d.AttributeType ?? null })),
    billingMode: t.BillingModeSummary?.BillingMode ?? (t.ProvisionedThroughput?.ReadCapacityUnits ? 'PROVISIONED' : null),
    readCapacityUnits: t.ProvisionedThroughput?.ReadCapacityUnits || null,
    writeCapacityUnits: t.ProvisionedThroughput?.WriteCapacityUnits || null,
    itemCount: t.ItemCount ?? null,
    tableSizeBytes: t.TableSizeBytes ?? null,
    creationDateTime: t.CreationDateTime?.toISOString() ?? null,
    deletionProtectionEnabled: t.DeletionProtectionEnabled ?? false,
  };
}

/** The official connector's JSON shapes (its AWS SDK for Java v1 beans), per operation. */
export function presentCamundaDynamoDb(operation: CamundaOperation, result: DynamoDbResult): unknown {
  switch (result.action) {
    case 'putItem':
    case 'updateItem':
    case 'deleteItem': {
      const name = { putItem: 'putItemResult', updateItem: 'updateItemResult', deleteItem: 'deleteItemResult' }[result.action];
      return { item: null, [name]: { ...sdkMetadata(result.metadata), attributes: null, consumedCapacity: null, itemCollectionMetrics: null } };
    }
    case 'getItem':
      // v1's Item.attributes(): one single-entry object per attribute.
      return result.item === null ? null : Object.entries(result.item).map(([k, v]) => ({ [k]: v }));
    case 'scan':
      return { action: operation, status: 'OK', response: result.items.length > 0 ? result.items : null };
    case 'deleteTable':
      return { action: `delete Table [${result.tableName}]`, status: 'OK', response: null };
    case 'createTable':
    case 'describeTable':
      return camundaTable(result.table);
    default:
      return presentDynamoDb(result);
  }
}

/** Java v1's TableDescription bean as Jackson writes it: every field, null when absent, `ssedescription` as spelled there. */
function camundaTable(t: TableDescription): Record<string, unknown> {
  const bean = (value: unknown) => (value === undefined ? null : camelCase(javaDates(value)));
  const p = t.ProvisionedThroughput;
  return {
    attributeDefinitions: bean(t.AttributeDefinitions),
    tableName: t.TableName ?? null,
    keySchema: bean(t.KeySchema),
    tableStatus: t.TableStatus ?? null,
    creationDateTime: t.CreationDateTime ? javaDate(t.CreationDateTime) : null,
    provisionedThroughput: p === undefined ? null : {
      lastIncreaseDateTime: p.LastIncreaseDateTime ? javaDate(p.LastIncreaseDateTime) : null,
      lastDecreaseDateTime: p.LastDecreaseDateTime ? javaDate(p.LastDecreaseDateTime) : null,
      numberOfDecreasesToday: p.NumberOfDecreasesToday ?? null,
      readCapacityUnits: p.ReadCapacityUnits ?? null,
      writeCapacityUnits: p.WriteCapacityUnits ?? null,
    },
    tableSizeBytes: t.TableSizeBytes ?? null,
    itemCount: t.ItemCount ?? null,
    tableArn: t.TableArn ?? null,
    tableId: t.TableId ?? null,
    billingModeSummary: t.BillingModeSummary === undefined ? null : {
      billingMode: t.BillingModeSummary.BillingMode ?? null,
      lastUpdateToPayPerRequestDateTime: t.BillingModeSummary.LastUpdateToPayPerRequestDateTime ? javaDate(t.BillingModeSummary.LastUpdateToPayPerRequestDateTime) : null,
    },
    localSecondaryIndexes: bean(t.LocalSecondaryIndexes),
    globalSecondaryIndexes: bean(t.GlobalSecondaryIndexes),
    streamSpecification: bean(t.StreamSpecification),
    latestStreamLabel: t.LatestStreamLabel ?? null,
    latestStreamArn: t.LatestStreamArn ?? null,
    globalTableVersion: t.GlobalTableVersion ?? null,
    replicas: bean(t.Replicas),
    restoreSummary: bean(t.RestoreSummary),
    archivalSummary: bean(t.ArchivalSummary),
    tableClassSummary: bean(t.TableClassSummary),
    deletionProtectionEnabled: t.DeletionProtectionEnabled ?? null,
    onDemandThroughput: bean(t.OnDemandThroughput),
    ssedescription: bean(t.SSEDescription),
    warmThroughput: bean(t.WarmThroughput),
  };
}

/** `2023-11-14T22:13:20.000+00:00`, as Jackson writes a java.util.Date there. */
function javaDate(d: Date): string {
  return d.toISOString().replace(/Z$/, '+00:00');
}

function javaDates(value: unknown): unknown {
  if (value instanceof Date) return javaDate(value);
  if (Array.isArray(value)) return value.map(javaDates);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, javaDates(v)]));
  return value;
}
