import type { BedrockAgentRuntimeClient } from '@aws-sdk/client-bedrock-agent-runtime';
import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import type { ComprehendClient } from '@aws-sdk/client-comprehend';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { RekognitionClient } from '@aws-sdk/client-rekognition';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import type { TextractClient } from '@aws-sdk/client-textract';
import type { HttpHandlerOptions } from '@aws-sdk/types';
import { ConnectorError } from '../runtime/errors';
import { currentDeadline, type JobDeadline } from '../runtime/deadline';
import { resolveCredentials, type AwsAuthentication, type DeploymentCredentials } from './credentials';
import { EndpointAllowList, DEFAULT_ENDPOINT_ALLOW_LIST } from './endpoint-allow-list';
import { capResponseBody } from './response-cap';
import { modelEndpointHandler, checkEndpointLiteral } from './endpoint-address-guard';

/** Lambda answers at most 6 MB to a synchronous invocation; a bigger body is not a Lambda answer. */
export const MAX_LAMBDA_RESPONSE_BYTES = 6 * 1024 * 1024;

/** AWS region names: lower-case words and digits joined by dashes (a region becomes part of a host name). */
const REGION = /^[a-z0-9]{1,20}(?:-[a-z0-9]{1,20}){0,5}$/;

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
  /** Which endpoints a model may name in `configuration.endpoint` (AWS_ENDPOINT_ALLOW_LIST). */
  endpointAllowList?: EndpointAllowList;
  /**
   * Whether an endpoint a model names may be at a private, loopback or link-local address (VPC endpoints,
   * local emulators: AWS_ENDPOINT_ALLOW_PRIVATE_ADDRESSES); checked by resolved address at connect time.
   */
  endpointAllowPrivateAddresses?: boolean;
  /** The SDK's HTTP handler (tests give a fake one). */
  requestHandler?: S3ClientConfig['requestHandler'];
}

interface Destroyable {
  destroy(): void;
}

interface Sender {
  send(command: unknown, options?: HttpHandlerOptions): Promise<unknown>;
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
    // Each service's SDK package is required when a task first needs it: a worker serving one connector loads one.
    const { S3Client } = require('@aws-sdk/client-s3') as typeof import('@aws-sdk/client-s3');
    return this.client('s3', input, (config) => new S3Client({
      ...config,
      // Custom endpoints (MinIO, LocalStack, emulators) rarely support virtual-hosted buckets.
      forcePathStyle: config.endpoint !== undefined,
    }));
  }

  lambda(input: AwsConnectionInput): AwsTarget<LambdaClient> {
    const { LambdaClient } = require('@aws-sdk/client-lambda') as typeof import('@aws-sdk/client-lambda');
    return this.client('lambda', input, (config) => capResponseBody(new LambdaClient(config), MAX_LAMBDA_RESPONSE_BYTES, 'Lambda'));
  }

  textract(input: AwsConnectionInput): AwsTarget<TextractClient> {
    const { TextractClient } = require('@aws-sdk/client-textract') as typeof import('@aws-sdk/client-textract');
    return this.client('textract', input, (config) => new TextractClient(config));
  }

  comprehend(input: AwsConnectionInput): AwsTarget<ComprehendClient> {
    const { ComprehendClient } = require('@aws-sdk/client-comprehend') as typeof import('@aws-sdk/client-comprehend');
    return this.client('comprehend', input, (config) => new ComprehendClient(config));
  }

  rekognition(input: AwsConnectionInput): AwsTarget<RekognitionClient> {
    const { RekognitionClient } = require('@aws-sdk/client-rekognition') as typeof import('@aws-sdk/client-rekognition');
    return this.client('rekognition', input, (config) => new RekognitionClient(config));
  }

  /**
   * DynamoDB through the document client: items are plain JSON both ways (the SDK marshals them). The
   * document client's own destroy does nothing, so it destroys the client it wraps.
   */
  dynamodb(input: AwsConnectionInput): AwsTarget<DynamoDBDocumentClient> {
    const { DynamoDBClient } = require('@aws-sdk/client-dynamodb') as typeof import('@aws-sdk/client-dynamodb');
    const { DynamoDBDocumentClient } = require('@aws-sdk/lib-dynamodb') as typeof import('@aws-sdk/lib-dynamodb');
    return this.client('dynamodb', input, (config) => {
      const base = new DynamoDBClient(config);
      const documents = DynamoDBDocumentClient.from(base, {
        marshallOptions: { removeUndefinedValues: true },
        // A number JavaScript cannot hold exactly stays the decimal text DynamoDB stored.
        unmarshallOptions: { wrapNumbers: exactNumber },
      });
      documents.destroy = () => base.destroy();
      return documents;
    });
  }

  sqs(input: AwsConnectionInput): AwsTarget<SQSClient> {
    const { SQSClient } = require('@aws-sdk/client-sqs') as typeof import('@aws-sdk/client-sqs');
    // The SDK would otherwise send each call to the host of the QueueUrl a model gives, credentials signed for it:
    // calls go to the region's (or the operator's allowed) endpoint only.
    return this.client('sqs', input, (config) => new SQSClient({ ...config, useQueueUrlAsEndpoint: false }));
  }

  sns(input: AwsConnectionInput): AwsTarget<SNSClient> {
    const { SNSClient } = require('@aws-sdk/client-sns') as typeof import('@aws-sdk/client-sns');
    return this.client('sns', input, (config) => new SNSClient(config));
  }

  eventbridge(input: AwsConnectionInput): AwsTarget<EventBridgeClient> {
    const { EventBridgeClient } = require('@aws-sdk/client-eventbridge') as typeof import('@aws-sdk/client-eventbridge');
    return this.client('eventbridge', input, (config) => new EventBridgeClient(config));
  }

  bedrockRuntime(input: AwsConnectionInput): AwsTarget<BedrockRuntimeClient> {
    const { BedrockRuntimeClient } = require('@aws-sdk/client-bedrock-runtime') as typeof import('@aws-sdk/client-bedrock-runtime');
    // The SDK's default for Bedrock is HTTP/2, needed only for bidirectional streams, which no task uses; HTTP/1.1
    // also goes through the proxies, VPC endpoints and emulators that speak no HTTP/2 without TLS.
    const { NodeHttpHandler } = require('@smithy/node-http-handler') as typeof import('@smithy/node-http-handler');
    return this.client('bedrock_runtime', input, (config) => new BedrockRuntimeClient({ requestHandler: new NodeHttpHandler(), ...config }));
  }

  /** Knowledge bases (Retrieve); HTTP/1.1 as Bedrock Runtime's. */
  bedrockAgentRuntime(input: AwsConnectionInput): AwsTarget<BedrockAgentRuntimeClient> {
    const { BedrockAgentRuntimeClient } = require('@aws-sdk/client-bedrock-agent-runtime') as typeof import('@aws-sdk/client-bedrock-agent-runtime');
    const { NodeHttpHandler } = require('@smithy/node-http-handler') as typeof import('@smithy/node-http-handler');
    return this.client('bedrock_agent_runtime', input, (config) => new BedrockAgentRuntimeClient({ requestHandler: new NodeHttpHandler(), ...config }));
  }

  sagemakerRuntime(input: AwsConnectionInput): AwsTarget<SageMakerRuntimeClient> {
    const { SageMakerRuntimeClient } = require('@aws-sdk/client-sagemaker-runtime') as typeof import('@aws-sdk/client-sagemaker-runtime');
    return this.client('sagemaker_runtime', input, (config) => new SageMakerRuntimeClient(config));
  }

  /** For connectors added later: any SDK v3 client constructor with the common configuration. */
  client<C extends Destroyable>(service: string, input: AwsConnectionInput, create: (config: CommonClientConfig) => C): AwsTarget<C> {
    const deployment = this.deploymentFor(service);
    const region = input.configuration?.region?.trim() || deployment.region;
    if (!region) {
      throw new ConnectorError('MISSING_INPUT', 'configuration.region: is required (or set AWS_REGION for the deployment)', { path: 'configuration.region' });
    }
    if (!REGION.test(region)) {
      throw new ConnectorError('INVALID_INPUT', 'configuration.region: is not an AWS region name such as eu-west-1', { path: 'configuration.region' });
    }
    const endpoint = this.endpointOf(service, input.configuration?.endpoint?.trim());
    const credentials = resolveCredentials(input.authentication, deployment, { region, endpoint: this.settings.endpoints.sts });
    const key = [service, region, endpoint ?? '', credentials.fingerprint].join('|');

    const cached = this.cache.get(key);
    if (cached) {
      // Map order doubles as recency for eviction.
      this.cache.delete(key);
      this.cache.set(key, cached);
      return { client: cached as C, region, endpoint };
    }
    const fromModel = Boolean(input.configuration?.endpoint?.trim());
    const allowPrivate = this.settings.endpointAllowPrivateAddresses ?? false;
    const requestHandler = this.settings.requestHandler ?? (fromModel ? modelEndpointHandler(allowPrivate) : undefined);
    const client = boundToJobDeadline(create({
      region, endpoint, credentials: credentials.provider, maxAttempts: this.settings.maxAttempts,
      ...(requestHandler ? { requestHandler } : {}),
    }));
    this.cache.set(key, client);
    if (this.cache.size > MAX_CACHED_CLIENTS) {
      const [oldestKey, oldest] = this.cache.entries().next().value as [string, Destroyable];
      this.cache.delete(oldestKey);
      oldest.destroy();
    }
    return { client, region, endpoint };
  }

  /** A model's endpoint must be on the operator's allow-list; the operator's own endpoints are trusted. */
  private endpointOf(service: string, fromModel: string | undefined): string | undefined {
    if (!fromModel) return this.settings.endpoints[service] || undefined;
    let url: URL;
    try {
      url = new URL(fromModel);
    } catch {
      throw new ConnectorError('INVALID_INPUT', 'configuration.endpoint: is not a URL', { path: 'configuration.endpoint' });
    }
    if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password || url.search || url.hash) {
      throw new ConnectorError('INVALID_INPUT', 'configuration.endpoint: must be an http(s) URL without user info, query or fragment', { path: 'configuration.endpoint' });
    }
    const allowList = this.settings.endpointAllowList ?? EndpointAllowList.parse(DEFAULT_ENDPOINT_ALLOW_LIST);
    if (!allowList.allows(url)) {
      throw new ConnectorError('INVALID_INPUT', `configuration.endpoint: ${url.origin} is not on the worker's endpoint allow-list (AWS_ENDPOINT_ALLOW_LIST: ${allowList.text}); ask the operator to allow it`, {
        path: 'configuration.endpoint',
      });
    }
    checkEndpointLiteral(url, this.settings.endpointAllowPrivateAddresses ?? false);
    return fromModel;
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
  requestHandler?: S3ClientConfig['requestHandler'];
}

/**
 * Every call a client sends is aborted at the deadline of the job it runs for (runtime/deadline.ts), on
 * top of any signal the caller gives; clients are shared across jobs, so the job is looked up per call.
 */
function boundToJobDeadline<C extends Destroyable>(client: C): C {
  const sender = client as unknown as Sender;
  const send = sender.send.bind(client);
  sender.send = (command, options = {}) => {
    const deadline = currentDeadline();
    if (!deadline) return send(command, options);
    const abortSignal = options.abortSignal ? bothSignals(deadline, options.abortSignal as AbortSignal) : deadline.signal;
    return send(command, { ...options, abortSignal });
  };
  return client;
}

/**
 * DynamoDB's number text as a JavaScript number when the number holds it exactly (any decimal of up to 15
 * significant digits does), else the text itself: DynamoDB keeps 38 digits, which a double cannot.
 */
export function exactNumber(text: string): number | string {
  const n = Number(text);
  if (!Number.isFinite(n)) return text;
  return significantDigits(text) <= 15 || String(n) === text ? n : text;
}

/** The significant digits of a decimal text (`-0.00120e5` has 2). */
function significantDigits(text: string): number {
  let first = -1;
  let last = -1;
  let count = 0;
  for (const c of text) {
    if (c === 'e' || c === 'E') break;
    if (c < '0' || c > '9') continue;
    if (c !== '0') {
      if (first < 0) first = count;
      last = count;
    }
    count++;
  }
  return first < 0 ? 0 : last - first + 1;
}

/** The job's deadline and a caller's signal as one; made once per pair (a polling job gives the same signal to every poll). */
const combined = new WeakMap<JobDeadline, WeakMap<AbortSignal, AbortSignal>>();
function bothSignals(deadline: JobDeadline, signal: AbortSignal): AbortSignal {
  let bySignal = combined.get(deadline);
  if (!bySignal) combined.set(deadline, (bySignal = new WeakMap()));
  let both = bySignal.get(signal);
  if (!both) bySignal.set(signal, (both = AbortSignal.any([signal, deadline.signal])));
  return both;
}
