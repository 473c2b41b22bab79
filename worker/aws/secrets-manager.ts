import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SecretProvider } from '../runtime/secrets';

const CACHE_MS = 60_000;

/** Secrets from AWS Secrets Manager (secret name = prefix + NAME), cached for a minute. */
export function awsSecretsManagerSecrets(client: SecretsManagerClient, prefix: string): SecretProvider {
  const cache = new Map<string, { value: string | undefined; at: number }>();
  return {
    name: 'aws-secrets-manager',
    async lookup(secretName) {
      const hit = cache.get(secretName);
      if (hit && Date.now() - hit.at < CACHE_MS) return hit.value;
      let value: string | undefined;
      try {
        const r = await client.send(new GetSecretValueCommand({ SecretId: prefix + secretName }));
        value = r.SecretString ?? (r.SecretBinary ? Buffer.from(r.SecretBinary).toString('utf8') : undefined);
      } catch (error) {
        if ((error as { name?: string }).name !== 'ResourceNotFoundException') throw error;
      }
      cache.set(secretName, { value, at: Date.now() });
      return value;
    },
  };
}
