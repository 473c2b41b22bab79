import { createHash } from 'node:crypto';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import type { fromNodeProviderChain as NodeProviderChain } from '@aws-sdk/credential-providers';
import { ConnectorError } from '../runtime/errors';

/** The `authentication` block of every AWS connector's input. */
export interface AwsAuthentication {
  /** `worker` (or none): the deployment's credentials, else the default chain if the operator allows it. */
  type?: 'worker' | 'credentials' | 'assumeRole' | 'defaultCredentialsChain';
  accessKey?: string;
  secretKey?: string;
  sessionToken?: string;
  roleArn?: string;
  externalId?: string;
  roleSessionName?: string;
}

/** Credentials set by the operator for the whole deployment (the seeds' configuration variables). */
export interface DeploymentCredentials {
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
  region?: string;
  /** The operator can forbid models from using the worker's own ambient credentials. */
  allowDefaultChain: boolean;
}

export interface ResolvedCredentials {
  provider: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Identifies the credentials without revealing them, for the client cache. */
  fingerprint: string;
}

/**
 * Task credentials win; then the deployment's; then the default chain if the operator allows it.
 * `region` and `endpoint` are only used to talk to STS when a role is assumed.
 */
export function resolveCredentials(
  auth: AwsAuthentication | undefined,
  deployment: DeploymentCredentials,
  sts: { region: string; endpoint?: string },
): ResolvedCredentials {
  const type = auth?.type ?? (auth?.accessKey || auth?.secretKey ? 'credentials' : undefined);

  if (type === 'credentials') return staticCredentials(auth?.accessKey, auth?.secretKey, auth?.sessionToken, 'authentication');
  if (type === 'defaultCredentialsChain') return defaultChain(deployment);
  if (type === 'assumeRole') {
    if (!auth?.roleArn) throw new ConnectorError('MISSING_INPUT', 'authentication.roleArn: is required to assume a role', { path: 'authentication.roleArn' });
    const base = auth.accessKey || auth.secretKey ? staticCredentials(auth.accessKey, auth.secretKey, auth.sessionToken, 'authentication') : deploymentOrChain(deployment);
    return {
      provider: providers().fromTemporaryCredentials({
        masterCredentials: base.provider,
        params: { RoleArn: auth.roleArn, ExternalId: auth.externalId, RoleSessionName: auth.roleSessionName ?? 'zeebe-aws-connectors' },
        clientConfig: { region: sts.region, ...(sts.endpoint ? { endpoint: sts.endpoint } : {}) },
      }),
      fingerprint: digest(['role', base.fingerprint, auth.roleArn, auth.externalId ?? '', auth.roleSessionName ?? '']),
    };
  }
  return deploymentOrChain(deployment);
}

function deploymentOrChain(deployment: DeploymentCredentials): ResolvedCredentials {
  if (deployment.accessKeyId && deployment.secretAccessKey) {
    return staticCredentials(deployment.accessKeyId, deployment.secretAccessKey, deployment.sessionToken, 'deployment');
  }
  if (deployment.allowDefaultChain) return defaultChain(deployment);
  throw new ConnectorError('MISSING_INPUT', 'authentication: no AWS credentials were given, none are configured for the deployment, and the default credentials chain is switched off', {
    path: 'authentication',
  });
}

function defaultChain(deployment: DeploymentCredentials): ResolvedCredentials {
  if (!deployment.allowDefaultChain) {
    throw new ConnectorError('INVALID_INPUT', 'authentication.type: the default credentials chain is switched off by the operator of this worker; use credentials', {
      path: 'authentication.type',
    });
  }
  sharedChain ??= providers().fromNodeProviderChain();
  return { provider: sharedChain, fingerprint: 'default-chain' };
}

// The chain caches what it finds; one for the whole process, made when a task first needs it.
let sharedChain: ReturnType<typeof NodeProviderChain> | undefined;

/** The credential providers (and the STS client they bring) load only when a role or the default chain is used. */
function providers(): typeof import('@aws-sdk/credential-providers') {
  return require('@aws-sdk/credential-providers') as typeof import('@aws-sdk/credential-providers');
}

function staticCredentials(accessKeyId: string | undefined, secretAccessKey: string | undefined, sessionToken: string | undefined, where: string): ResolvedCredentials {
  if (!accessKeyId) throw new ConnectorError('MISSING_INPUT', `${where === 'authentication' ? 'authentication.accessKey' : 'AWS_ACCESS_KEY_ID'}: is required`, { path: 'authentication.accessKey' });
  if (!secretAccessKey) throw new ConnectorError('MISSING_INPUT', `${where === 'authentication' ? 'authentication.secretKey' : 'AWS_SECRET_ACCESS_KEY'}: is required`, { path: 'authentication.secretKey' });
  return {
    provider: { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) },
    fingerprint: digest(['static', accessKeyId, secretAccessKey, sessionToken ?? '']),
  };
}

function digest(parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}
