import { Type, type TSchema } from '@sinclair/typebox';
import { answer, field, nullable, SdkMetadataSchema } from '../result-types';
import type { CamundaOperation } from './camunda-input';
import type { DynamoDbActionType } from './schema';

const item = Type.Record(Type.String(), Type.Unknown());
const tableName = field(Type.String(), 'The table the task worked on, as given');
const attributes = field(nullable(item), 'The attributes `returnValues` asked for, as a context; null with `NONE`');
const page = answer({
  tableName,
  items: field(Type.Array(item), 'The items of this page, as contexts'),
  count: field(Type.Integer(), 'How many items the page holds (after the filter)'),
  scannedCount: field(Type.Integer(), 'How many items DynamoDB read for it (before the filter)'),
  lastEvaluatedKey: field(nullable(item), 'Where the next page starts (give it as `exclusiveStartKey`); null after the last page'),
});
const key = Type.Object({ attributeName: Type.String(), keyType: Type.String() }, { additionalProperties: false });
const table = field(Type.Object({
  tableName: nullable(Type.String()),
  tableArn: nullable(Type.String()),
  tableStatus: nullable(Type.String()),
  keySchema: Type.Array(key),
  attributeDefinitions: Type.Array(Type.Object({ attributeName: Type.String(), attributeType: Type.String() }, { additionalProperties: false })),
  billingMode: nullable(Type.String()),
  readCapacityUnits: nullable(Type.Integer()),
  writeCapacityUnits: nullable(Type.Integer()),
  itemCount: nullable(Type.Integer()),
  tableSizeBytes: nullable(Type.Integer()),
  creationDateTime: nullable(Type.String()),
  deletionProtectionEnabled: Type.Boolean(),
}, { additionalProperties: false }), 'The table: `tableName`, `tableArn`, `tableStatus` (`ACTIVE`, ...), `keySchema` [{attributeName, keyType}], `attributeDefinitions` [{attributeName, attributeType}], `billingMode`, `readCapacityUnits`, `writeCapacityUnits`, `itemCount`, `tableSizeBytes`, `creationDateTime` (ISO 8601), `deletionProtectionEnabled`');

/** What `aws:dynamodb:1` answers, per operation. */
export const DynamoDbResults = {
  putItem: answer({ tableName, attributes }),
  getItem: answer({
    tableName,
    item: field(nullable(item), 'The item as a context; null when there is none with that key'),
    found: field(Type.Boolean(), 'Whether the item exists'),
  }),
  updateItem: answer({ tableName, attributes }),
  deleteItem: answer({ tableName, attributes }),
  query: page,
  scan: page,
  batchGetItems: answer({
    tableName,
    items: field(Type.Array(item), 'The items found, in no particular order; keys without an item are left out'),
    count: field(Type.Integer(), 'How many items were found'),
  }),
  batchWriteItems: answer({
    tableName,
    putCount: field(Type.Integer(), 'How many items were put'),
    deleteCount: field(Type.Integer(), 'How many keys were deleted'),
  }),
  createTable: answer({ tableName, table }),
  describeTable: answer({ tableName, table }),
  deleteTable: answer({ tableName, tableStatus: field(nullable(Type.String()), 'The table\'s status once the deletion started (`DELETING`)') }),
} satisfies Record<DynamoDbActionType, TSchema>;

const writeResult = (name: string) => answer({
  item: field(Type.Null(), 'Always null'),
  [name]: field(Type.Object({
    ...SdkMetadataSchema, attributes: Type.Null(), consumedCapacity: Type.Null(), itemCollectionMetrics: Type.Null(),
  }, { additionalProperties: false }), '`sdkResponseMetadata` {requestId}, `sdkHttpMetadata` {httpHeaders, httpStatusCode, allHttpHeaders}, and `attributes`, `consumedCapacity`, `itemCollectionMetrics`, always null'),
});
const camundaTable = Type.Object({
  attributeDefinitions: nullable(Type.Array(Type.Object({ attributeName: Type.String(), attributeType: Type.String() }))),
  tableName: nullable(Type.String()),
  keySchema: nullable(Type.Array(Type.Object({ attributeName: Type.String(), keyType: Type.String() }))),
  tableStatus: nullable(Type.String()),
  creationDateTime: nullable(Type.String()),
  provisionedThroughput: nullable(Type.Object({
    lastIncreaseDateTime: nullable(Type.String()), lastDecreaseDateTime: nullable(Type.String()), numberOfDecreasesToday: nullable(Type.Integer()),
    readCapacityUnits: nullable(Type.Integer()), writeCapacityUnits: nullable(Type.Integer()),
  }, { additionalProperties: false })),
  tableSizeBytes: nullable(Type.Integer()),
  itemCount: nullable(Type.Integer()),
  tableArn: nullable(Type.String()),
  tableId: nullable(Type.String()),
  billingModeSummary: nullable(Type.Object({ billingMode: nullable(Type.String()), lastUpdateToPayPerRequestDateTime: nullable(Type.String()) }, { additionalProperties: false })),
  localSecondaryIndexes: nullable(Type.Array(Type.Unknown())),
  globalSecondaryIndexes: nullable(Type.Array(Type.Unknown())),
  streamSpecification: nullable(Type.Unknown()),
  latestStreamLabel: nullable(Type.String()),
  latestStreamArn: nullable(Type.String()),
  globalTableVersion: nullable(Type.String()),
  replicas: nullable(Type.Array(Type.Unknown())),
  restoreSummary: nullable(Type.Unknown()),
  archivalSummary: nullable(Type.Unknown()),
  tableClassSummary: nullable(Type.Unknown()),
  deletionProtectionEnabled: nullable(Type.Boolean()),
  onDemandThroughput: nullable(Type.Unknown()),
  ssedescription: nullable(Type.Unknown()),
  warmThroughput: nullable(Type.Unknown()),
}, { additionalProperties: false, description: 'the table description as the AWS SDK for Java v1 bean, null where absent (dates as `2026-12-07T03:40:00.000+00:00`)' });
const status = (action: TSchema, response: TSchema) => answer({ action, status: field(Type.Literal('OK'), 'Always OK'), response });

/** What `io.camunda:aws-dynamodb:1` (and `io.camunda:aws:1`) answers, per Camunda operation. */
export const CamundaDynamoDbResults = {
  addItem: writeResult('putItemResult'),
  updateItem: writeResult('updateItemResult'),
  deleteItem: writeResult('deleteItemResult'),
  getItem: nullable(Type.Array(Type.Record(Type.String(), Type.Unknown(), { minProperties: 1, maxProperties: 1 })),
    'One single-entry context per attribute of the item (`[{"orderId": "1"}, {"total": 5}]`); null when there is no such item'),
  scanTable: status(field(Type.Literal('scanTable'), 'Always scanTable'), field(nullable(Type.Array(item)), 'Every item that matched, as contexts; null when none did')),
  createTable: camundaTable,
  describeTable: camundaTable,
  deleteTable: status(field(Type.String(), '`delete Table [<name>]`'), field(Type.Null(), 'Always null')),
} satisfies Record<CamundaOperation, TSchema>;
