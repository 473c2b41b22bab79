import { readActionInput } from '../action-input';
import type { Connector } from '../connector';
import { fetchedVariables } from '../fetched-variables';
import { withBindingNames } from '../camunda-paths';
import { CAMUNDA_DYNAMODB_BINDINGS, readCamundaDynamoDb } from './camunda-input';
import { withItemNulls } from './items';
import { presentCamundaDynamoDb, presentDynamoDb } from './present';
import { CamundaDynamoDbResults, DynamoDbResults } from './result-schema';
import { DynamoDbActionTypeSchema, DynamoDbDiscriminatorSchema, DynamoDbInputSchemas, type DynamoDbInput } from './schema';

// Loaded on this task type's first job, with the AWS SDK packages it uses.
const handler = () => require('./handler') as typeof import('./handler');

const readDynamoDb = (variables: Record<string, unknown>) =>
  withItemNulls(readActionInput<DynamoDbInput>(DynamoDbDiscriminatorSchema, DynamoDbInputSchemas, variables), variables.action);

export const dynamodbConnector: Connector = {
  name: 'dynamodb',
  taskType: 'aws:dynamodb:1',
  camundaTaskType: 'io.camunda:aws-dynamodb:1',
  camundaLegacyTaskType: 'io.camunda:aws:1',
  template: {
    id: 'io.github.zeebe-aws-connectors.dynamodb.v1',
    name: 'AWS DynamoDB (zeebe-aws-connectors)',
    version: 1,
    description: 'Put, get, update and delete DynamoDB items, query and scan by pages, read and write in batches, create and delete tables',
    keywords: ['dynamodb', 'database', 'item', 'table', 'query', 'nosql'],
    groups: [
      { id: 'authentication', label: 'Authentication' },
      { id: 'configuration', label: 'Configuration' },
      { id: 'action', label: 'Action' },
    ],
  },
  inputs: { discriminator: { path: 'action.type', schema: DynamoDbActionTypeSchema }, schemas: DynamoDbInputSchemas },
  results: { own: DynamoDbResults, camunda: CamundaDynamoDbResults },
  handlers: (deps) => ({
    own: {
      fetchVariables: fetchedVariables(Object.values(DynamoDbInputSchemas)),
      execute: async (variables, ctx) => presentDynamoDb(await handler().runDynamoDb(readDynamoDb(variables), deps, ctx)),
    },
    camunda: {
      fetchVariables: ['authentication', 'awsCredential', 'configuration', 'input'],
      execute: (variables, ctx) => withBindingNames(CAMUNDA_DYNAMODB_BINDINGS, async () => {
        const job = readCamundaDynamoDb(variables);
        return presentCamundaDynamoDb(job.operation, await handler().runDynamoDb(job.input, deps, ctx, job.options));
      }),
    },
  }),
};
