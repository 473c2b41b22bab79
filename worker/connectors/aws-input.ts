import { Type } from '@sinclair/typebox';
import { shown } from './template-meta';

/** Credentials are printable ASCII without spaces: a line break or a space in a key is a pasting mistake, caught here with its path. */
export const CREDENTIAL = '^[!-~]+$';
const OPTIONAL_CREDENTIAL = '^[!-~]*$';

/** The `authentication` and `configuration` inputs every AWS connector shares (official binding names). */
export const AwsAuthenticationSchema = Type.Object({
  type: Type.Optional(shown(Type.Union([Type.Literal('credentials'), Type.Literal('assumeRole'), Type.Literal('defaultCredentialsChain')]), {
    label: 'Authentication',
    group: 'authentication',
    description: 'Credentials, a role to assume, or the worker\'s default credentials chain (if the operator allows it). Leave empty to use the deployment\'s credentials.',
    choiceLabels: { credentials: 'Credentials', assumeRole: 'Assume role', defaultCredentialsChain: 'Default credentials chain (self-managed only)' },
  })),
  accessKey: Type.Optional(shown(Type.String({ minLength: 1, pattern: CREDENTIAL }), { label: 'Access key', group: 'authentication', feel: 'optional', secret: true, description: 'Use a secret: {{secrets.AWS_ACCESS_KEY}}' })),
  secretKey: Type.Optional(shown(Type.String({ minLength: 1, pattern: CREDENTIAL }), { label: 'Secret key', group: 'authentication', feel: 'optional', secret: true, description: 'Use a secret: {{secrets.AWS_SECRET_KEY}}' })),
  sessionToken: Type.Optional(shown(Type.String({ pattern: OPTIONAL_CREDENTIAL }), { label: 'Session token', group: 'authentication', feel: 'optional', secret: true })),
  roleArn: Type.Optional(shown(Type.String({ minLength: 1 }), { label: 'Role ARN', group: 'authentication', feel: 'optional' })),
  externalId: Type.Optional(shown(Type.String(), { label: 'External ID', group: 'authentication', feel: 'optional' })),
  roleSessionName: Type.Optional(shown(Type.String(), { label: 'Role session name', group: 'authentication', feel: 'optional' })),
});

export const AwsConfigurationSchema = Type.Object({
  region: Type.Optional(shown(Type.String({ minLength: 1 }), { label: 'Region', group: 'configuration', feel: 'optional', description: 'e.g. eu-west-1; defaults to the deployment\'s AWS_REGION' })),
  endpoint: Type.Optional(shown(Type.String({ minLength: 1 }), { label: 'Endpoint', group: 'configuration', feel: 'optional', description: 'A custom endpoint (MinIO, LocalStack, a VPC endpoint). S3 then uses path-style addressing.' })),
});

export const AwsConnectionSchema = {
  authentication: Type.Optional(AwsAuthenticationSchema),
  configuration: Type.Optional(AwsConfigurationSchema),
};
