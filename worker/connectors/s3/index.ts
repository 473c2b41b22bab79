import { readActionInput } from '../action-input';
import type { Connector } from '../connector';
import { fetchedVariables } from '../fetched-variables';
import { withBindingNames } from '../camunda-paths';
import { camundaS3Bindings, readCamundaS3 } from './camunda-input';
import { presentCamundaS3, presentS3 } from './present';
import { S3ActionTypeSchema, S3DiscriminatorSchema, S3InputSchemas, type S3Input } from './schema';
import { CamundaS3Results, S3Results } from './result-schema';

// Loaded on this task type's first job, with the AWS SDK package it uses.
const handler = () => require('./handler') as typeof import('./handler');

const readS3 = (variables: Record<string, unknown>) => readActionInput<S3Input>(S3DiscriminatorSchema, S3InputSchemas, variables);

export const s3Connector: Connector = {
  name: 's3',
  taskType: 'aws:s3:1',
  camundaTaskType: 'io.camunda:aws-s3:1',
  template: {
    id: 'io.github.zeebe-aws-connectors.s3.v1',
    name: 'AWS S3 (zeebe-aws-connectors)',
    version: 3,
    description: 'Upload, download, delete, list, copy and inspect S3 objects, or create presigned URLs',
    keywords: ['s3', 'upload', 'download', 'bucket', 'object', 'presigned url'],
    groups: [
      { id: 'authentication', label: 'Authentication' },
      { id: 'configuration', label: 'Configuration' },
      { id: 'action', label: 'Action' },
    ],
  },
  inputs: { discriminator: { path: 'action.type', schema: S3ActionTypeSchema }, schemas: S3InputSchemas },
  results: { own: S3Results, camunda: CamundaS3Results },
  handlers: (deps) => ({
    own: {
      fetchVariables: fetchedVariables(Object.values(S3InputSchemas)),
      execute: async (variables, ctx) => presentS3(await handler().runS3(readS3(variables), deps, ctx)),
    },
    camunda: {
      fetchVariables: ['authentication', 'awsCredential', 'configuration', 'actionDiscriminator', 'action', 'documentReturnFormat'],
      execute: (variables, ctx) => withBindingNames(camundaS3Bindings(variables), async () => presentCamundaS3(await handler().runS3(readCamundaS3(variables), deps, ctx))),
    },
  }),
};
