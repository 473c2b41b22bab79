import { ComprehendClient } from '@aws-sdk/client-comprehend';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { RekognitionClient } from '@aws-sdk/client-rekognition';
import { S3Client } from '@aws-sdk/client-s3';
import { TextractClient } from '@aws-sdk/client-textract';
import { ConnectorError } from '../runtime/errors';
import { resolveCredentials, type AwsAuthentication, type DeploymentCredentials } from './credentials';

/** The `authentication` and `configuration` blocks every AWS connector takes. */
export interface AwsConnectionInput {
  authentication?: AwsAuthentication;
  configuration?: { region?: string; endpoint?: string };
}

export interface AwsClientSettings {
  deployment: DeploymentCredentials;
  /** Deployment credentials for one service only (seed 000: AWS_LAMBDA_AWS_ACCESS_KEY, ...), over the general ones. */
  serviceDeployments?: Record<string, Partial<DeploymentCredentials> | undefined>;
  /** Endpoint overrides per service from the operator (for local emulators), e.g. { s3: 'http://127.0.0.1:4566' }. */
  endpoints: Record<string, string | undefined>;
  maxAttempts: number;
}

interface Destroyable {
  destroy(): void;
}

const MAX_CACHED_CLIENTS = 64;

/**
 * Builds AWS SDK clients once per (service, region, endpoint, credentials) and reuses them across jobs:
 * a client holds its connection pool and credential cache, which per-job clients would throw away.
 */
export class AwsClientFactory {
  private readonly cache = new Map<string, Destroyable>();

  constructor(private readonly settings: AwsClientSettings) {}

  s3(input: AwsConnectionInput): AwsTarget<S3Client> {
    return this.client('s3', input, (config) => new S3Client({
      ...config,
      // Custom endpoints (MinIO, LocalStack, emulators) rarely support virtual-hosted buckets.
      forcePathStyle: config.endpoint !== undefined,
    }));
  }

  lambda(input: AwsConnectionInput): AwsTarget<LambdaClient> {
    return this.client('lambda', input, (config) => new LambdaClient(config));
  }

  textract(input: AwsConnectionInput): AwsTarget<TextractClient> {
    return this.client('textract', input, (config) => new TextractClient(config));
  }

  comprehend(input: AwsConnectionInput): AwsTarget<ComprehendClient> {
    return this.client('comprehend', input, (config) => new ComprehendClient(config));
  }

  rekognition(input: AwsConnectionInput): AwsTarget<RekognitionClient> {
    return this.client('rekognition', input, (config) => new RekognitionClient(config));
  }

  /** For connectors added later: any SDK v3 client constructor with the common configuration. */
  client<C extends Destroyable>(service: string, input: AwsConnectionInput, create: (config: CommonClientConfig) => C): AwsTarget<C> {
    const deployment = this.deploymentFor(service);
    const region = input.configuration?.region?.trim() || deployment.region;
    if (!region) {
      throw new ConnectorError('MISSING_INPUT', 'configuration.region: is required (or set AWS_REGION for the deployment)', { path: 'configuration.region' });
    }
    const endpoint = input.configuration?.endpoint?.trim() || this.settings.endpoints[service] || undefined;
    if (endpoint !== undefined && !/^https?:\/\/[^\s]+$/.test(endpoint)) {
      throw new ConnectorError('INVALID_INPUT', `configuration.endpoint: '${endpoint}' is not an http(s) URL`, { path: 'configuration.endpoint' });
    }
    const credentials = resolveCredentials(input.authentication, deployment, { region, endpoint: this.settings.endpoints.sts });
    const key = [service, region, endpoint ?? '', credentials.fingerprint].join('|');

    const cached = this.cache.get(key);
    if (cached) {
      // Map order doubles as recency for eviction.
      this.cache.delete(key);
      this.cache.set(key, cached);
      return { client: cached as C, region, endpoint };
    }
    const client = create({ region, endpoint, credentials: credentials.provider, maxAttempts: this.settings.maxAttempts });
    this.cache.set(key, client);
    if (this.cache.size > MAX_CACHED_CLIENTS) {
      const [oldestKey, oldest] = this.cache.entries().next().value as [string, Destroyable];
      this.cache.delete(oldestKey);
      oldest.destroy();
    }
    return { client, region, endpoint };
  }

  private deploymentFor(service: string): DeploymentCredentials {
    const own = this.settings.serviceDeployments?.[service];
    if (!own) return this.settings.deployment;
    const hasKeys = Boolean(own.accessKeyId && own.secretAccessKey);
    return {
      ...this.settings.deployment,
      ...(hasKeys ? { accessKeyId: own.accessKeyId, secretAccessKey: own.secretAccessKey, sessionToken: undefined } : {}),
      region: own.region || this.settings.deployment.region,
    };
  }

  get size(): number {
    return this.cache.size;
  }

  destroy(): void {
    for (const client of this.cache.values()) client.destroy();
    this.cache.clear();
  }
}

/** A client with the region and endpoint it talks to (links and messages need them). */
export interface AwsTarget<C> {
  client: C;
  region: string;
  endpoint?: string;
}

export interface CommonClientConfig {
  region: string;
  endpoint?: string;
  credentials: ReturnType<typeof resolveCredentials>['provider'];
  maxAttempts: number;
}
