import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SecretProvider } from '../runtime/secrets';

const CACHE_MS = 60_000;
/**
 * What the cache may hold, names and values counted as their length: with SECRETS_PLACEHOLDER_SOURCE=variables
 * every secret name in job data (a form field) would otherwise add an entry for good.
 */
export const MAX_CACHED_SECRET_BYTES = 4 * 1024 * 1024;
const MAX_CACHED_SECRETS = 1000;

/** Secrets from AWS Secrets Manager (secret name = prefix + NAME), cached for a minute, the cache bounded by size. */
export function awsSecretsManagerSecrets(client: SecretsManagerClient, prefix: string): SecretProvider {
  const cache = new Map<string, { value: string | undefined; at: number; bytes: number }>();
  let bytes = 0;
  const forget = (name: string) => {
    bytes -= cache.get(name)?.bytes ?? 0;
    cache.delete(name);
  };
  return {
    name: 'aws-secrets-manager',
    async lookup(secretName) {
      const hit = cache.get(secretName);
      if (hit && Date.now() - hit.at < CACHE_MS) return hit.value;
      if (hit) forget(secretName);
      let value: string | undefined;
      try {
        const r = await client.send(new GetSecretValueCommand({ SecretId: prefix + secretName }));
        value = r.SecretString ?? (r.SecretBinary ? Buffer.from(r.SecretBinary).toString('utf8') : undefined);
      } catch (error) {
        if ((error as { name?: string }).name !== 'ResourceNotFoundException') throw error;
      }
      const size = secretName.length + (value?.length ?? 0) + 64;
      if (size <= MAX_CACHED_SECRET_BYTES) {
        forget(secretName);
        cache.set(secretName, { value, at: Date.now(), bytes: size });
        bytes += size;
        // Oldest first out (Map order is insertion order).
        while (bytes > MAX_CACHED_SECRET_BYTES || cache.size > MAX_CACHED_SECRETS) forget(cache.keys().next().value as string);
      }
      return value;
    },
  };
}
