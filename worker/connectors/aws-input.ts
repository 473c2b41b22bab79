import { Type } from '@sinclair/typebox';
import { shown } from './template-meta';

/** Credentials are printable ASCII without spaces: a line break or a space in a key is a pasting mistake, caught here with its path. */
export const CREDENTIAL = '^[!-~]+$';
const OPTIONAL_CREDENTIAL = '^[!-~]*$';

/** The `authentication` and `configuration` inputs every AWS connector shares (official binding names). */
export const AwsAuthenticationSchema = Type.Object({
  // `worker` says what leaving the type out means; the template writes it, so the Modeler's dropdown never opens blank.
  type: Type.Optional(shown(Type.Union([Type.Literal('worker'), Type.Literal('credentials'), Type.Literal('assumeRole'), Type.Literal('defaultCredentialsChain')]), {
    label: 'Credentials',
    group: 'authentication',
    description: 'Where the AWS credentials come from. Default: the worker\'s (its AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, else its default chain if the operator allows it).',
    defaultChoice: 'worker',
    choiceLabels: {
      worker: 'Worker\'s credentials (environment, instance role)',
      credentials: 'Access key and secret key given here',
      assumeRole: 'Assume an IAM role',
      defaultCredentialsChain: 'AWS default credentials chain of the worker (self-managed only)',
    },
  })),
  accessKey: Type.Optional(shown(Type.String({ minLength: 1, pattern: CREDENTIAL }), {
    label: 'Access key', group: 'authentication', feel: 'optional', secret: true,
    description: 'The access key ID; use a secret, e.g. {{secrets.AWS_ACCESS_KEY}}. With Assume role: the caller\'s key (empty: the worker\'s).',
  })),
  secretKey: Type.Optional(shown(Type.String({ minLength: 1, pattern: CREDENTIAL }), {
    label: 'Secret key', group: 'authentication', feel: 'optional', secret: true,
    description: 'The secret access key; use a secret, e.g. {{secrets.AWS_SECRET_KEY}}.',
  })),
  sessionToken: Type.Optional(shown(Type.String({ pattern: OPTIONAL_CREDENTIAL }), {
    label: 'Session token', group: 'authentication', feel: 'optional', secret: true,
    description: 'Only for temporary credentials (keys starting with ASIA); use a secret. Default: none.',
  })),
  roleArn: Type.Optional(shown(Type.String({ minLength: 1 }), {
    label: 'Role ARN', group: 'authentication', feel: 'optional',
    description: 'The IAM role to assume with STS, e.g. arn:aws:iam::123456789012:role/Reader.',
  })),
  externalId: Type.Optional(shown(Type.String(), {
    label: 'External ID', group: 'authentication', feel: 'optional',
    description: 'The external ID the role\'s trust policy asks for. Default: none.',
  })),
  roleSessionName: Type.Optional(shown(Type.String(), {
    label: 'Role session name', group: 'authentication', feel: 'optional',
    description: 'Names the session in CloudTrail. Default: zeebe-aws-connectors.',
  })),
});

const region = Type.Optional(shown(Type.String({ minLength: 1 }), {
  label: 'Region', group: 'configuration', feel: 'optional', description: 'The AWS region, e.g. eu-west-1. Default: the worker\'s AWS_REGION.',
}));
const ENDPOINT_DESCRIPTION = 'A custom endpoint URL (an emulator, a VPC endpoint); the operator must allow it. Default: AWS\'s public endpoint for the region.';

export const AwsConfigurationSchema = Type.Object({
  region,
  endpoint: Type.Optional(shown(Type.String({ minLength: 1 }), { label: 'Endpoint', group: 'configuration', feel: 'optional', description: ENDPOINT_DESCRIPTION })),
});

/** S3's configuration: the endpoint also switches to path-style addressing, which only S3 has. */
export const S3ConfigurationSchema = Type.Object({
  region,
  endpoint: Type.Optional(shown(Type.String({ minLength: 1 }), {
    label: 'Endpoint', group: 'configuration', feel: 'optional', description: `${ENDPOINT_DESCRIPTION} With an endpoint, S3 uses path-style addressing.`,
  })),
});

export const AwsConnectionSchema = {
  authentication: Type.Optional(AwsAuthenticationSchema),
  configuration: Type.Optional(AwsConfigurationSchema),
};

/** S3's connection inputs: the shared ones with S3's configuration. */
export const S3ConnectionSchema = {
  authentication: Type.Optional(AwsAuthenticationSchema),
  configuration: Type.Optional(S3ConfigurationSchema),
};
