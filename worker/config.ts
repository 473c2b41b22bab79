import { availableParallelism } from 'node:os';
import { DEFAULT_ENDPOINT_ALLOW_LIST, EndpointAllowList } from './aws/endpoint-allow-list';
import { DEFAULT_FEEL_BUDGET } from './runtime/feel-pool';

/** Every setting of the worker, read from the environment. The README's configuration table lists them. */
export interface WorkerConfig {
  workerName: string;
  /** grpc-stream: gRPC job streaming (with the SDK's backfill polling); grpc-poll: gRPC long polling; rest: REST polling. */
  mode: 'grpc-stream' | 'grpc-poll' | 'rest';
  streamBackfillMs: number;
  concurrency: number;
  /** Worker processes under a supervisor (worker/supervisor.ts); 1: the worker runs in this process. */
  processes: number;
  jobTimeoutMs: number;
  shutdownTimeoutMs: number;
  /** How long the worker waits at start for the engine to answer; undefined: as long as it takes. */
  startTimeoutMs?: number;
  restAddress: string;
  /** Which connectors run (by name); all when empty. */
  enabledConnectors: string[];
  camundaCompatible: boolean;
  /** Task type per connector name (own) and per official connector (camunda). */
  taskTypes: Record<string, string | undefined>;
  camundaTaskTypes: Record<string, string | undefined>;
  /** The older official task type per connector that has one (DynamoDB's io.camunda:aws:1). */
  camundaLegacyTaskTypes: Record<string, string | undefined>;
  secrets: {
    envPrefix: string; directory?: string; awsSecretsManager: boolean; awsSecretsManagerPrefix: string;
    /** model: only placeholders the deployed model wrote in the task's input mappings; variables: any (old behaviour). */
    placeholderSource: 'model' | 'variables';
    /** The largest deployed model read for the placeholder policy (MODEL_XML_MAX_BYTES). */
    modelXmlMaxBytes: number;
  };
  /** The budget of one FEEL evaluation (runtime/feel-pool.ts). */
  feel: { timeoutMs: number; maxMemoryMb: number; threads: number };
  aws: {
    accessKeyId?: string;
    secretAccessKey?: string;
    sessionToken?: string;
    region?: string;
    /** Lambda's own deployment credentials (seed 000), used over the general ones for Lambda. */
    lambda: { accessKeyId?: string; secretAccessKey?: string; region?: string };
    s3Bucket?: string;
    /** The role Comprehend assumes to read and write S3 for asynchronous jobs (seed 000). */
    comprehendRoleArn?: string;
    allowDefaultChain: boolean;
    maxAttempts: number;
    endpoints: Record<string, string | undefined>;
    /** Endpoints a model may name in configuration.endpoint (AWS_ENDPOINT_ALLOW_LIST). */
    endpointAllowList: string;
    /** Whether endpoints a model names may resolve to private addresses (VPC endpoints): AWS_ENDPOINT_ALLOW_PRIVATE_ADDRESSES. */
    endpointAllowPrivateAddresses: boolean;
    /** Presigned URLs made with credentials that came from secrets (their key ID and session token are in the URL). */
    presignWithSecretCredentials: boolean;
  };
  documents: { allowPrivateAddresses: boolean; maxBytes: number; timeoutMs: number };
  /** Alfresco Content Services, where `nodeId` documents are read (seed 001). */
  alfresco: { baseUrl?: string; username?: string; password?: string };
  /** Comprehend text longer than this (UTF-8 bytes) goes to an asynchronous job instead of batches. */
  comprehendBatchMaxBytes: number;
  http: { host: string; port: number };
  logLevel: string;
  /** Inbound connectors (worker/inbound): SQS pollers and SNS/EventBridge webhooks for deployed inbound elements. */
  inbound: { enabled: boolean; pollIntervalMs: number; webhookMaxBodyBytes: number; webhookAllowNoAuth: boolean; snsCertAllowedHosts: string[] };
}

export class ConfigError extends Error {}

/** A setting as `--help` shows it: its environment variable, its default and what it accepts. */
export interface SettingDescription { name: string; default?: string; accepts?: string }

let described: Map<string, SettingDescription> | undefined;
/** The bad settings loadConfig met so far: it names them all at once, not only the first. */
let problems: string[] | undefined;

function bad(message: string): void {
  if (problems) problems.push(message);
  else throw new ConfigError(message);
}

function describe(name: string, fallback: unknown, accepts?: string): void {
  if (!described) return;
  const shown = fallback === undefined || fallback === '' ? undefined : String(fallback);
  described.set(name, { ...described.get(name), name, default: shown, accepts });
}

/**
 * Every setting loadConfig reads, in the order it reads them, with the defaults and rules its helpers
 * apply: loadConfig runs on an empty environment that records each name asked for. So `--help` can never
 * miss a setting added here.
 */
export function describeSettings(): SettingDescription[] {
  described = new Map();
  const recorder = new Proxy({} as NodeJS.ProcessEnv, {
    get: (_target, name) => {
      if (typeof name === 'string' && !described!.has(name)) described!.set(name, { name });
      return undefined;
    },
  });
  try {
    loadConfig(recorder);
    return [...described.values()];
  } finally {
    described = undefined;
  }
}

/** The worker's settings; a ConfigError names every bad one (one per line). */
export function loadConfig(env: NodeJS.ProcessEnv): WorkerConfig {
  const outer = problems;
  problems = [];
  try {
    const config = readConfig(env);
    if (problems.length === 1) throw new ConfigError(problems[0]);
    if (problems.length > 1) throw new ConfigError(`${problems.length} bad settings:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    return config;
  } finally {
    problems = outer;
  }
}

function readConfig(env: NodeJS.ProcessEnv): WorkerConfig {
  const endpointFor = (service: string) => env[`AWS_ENDPOINT_URL_${service.toUpperCase()}`] || env.AWS_ENDPOINT_URL || undefined;
  return {
    workerName: text(env, 'WORKER_NAME', 'zeebe-aws-connectors'),
    mode: oneOf(env, 'WORKER_MODE', ['grpc-stream', 'grpc-poll', 'rest'] as const, 'grpc-stream'),
    streamBackfillMs: int(env, 'WORKER_STREAM_BACKFILL_MS', 1000, 100, 600_000),
    concurrency: int(env, 'WORKER_CONCURRENCY', 32, 1, 1000),
    processes: workerProcesses(env),
    jobTimeoutMs: int(env, 'WORKER_JOB_TIMEOUT_MS', 300_000, 1000, 86_400_000),
    shutdownTimeoutMs: int(env, 'WORKER_SHUTDOWN_TIMEOUT_MS', 30_000, 0, 3_600_000),
    startTimeoutMs: int(env, 'WORKER_START_TIMEOUT_MS', undefined, 1000, 86_400_000),
    restAddress: text(env, 'ZEEBE_REST_ADDRESS', env.CAMUNDA_REST_ADDRESS || 'http://localhost:8080'),
    enabledConnectors: list(env, 'CONNECTORS_ENABLED'),
    camundaCompatible: bool(env, 'CAMUNDA_COMPATIBLE_TYPES', false),
    taskTypes: prefixed(env, 'CONNECTOR_<NAME>_TYPE', /^CONNECTOR_([A-Z0-9]+)_TYPE$/, (name) => name.toLowerCase()),
    camundaTaskTypes: prefixed(env, 'CONNECTOR_AWS_<NAME>_TYPE', /^CONNECTOR_AWS_([A-Z0-9]+)_TYPE$/, (name) => name.toLowerCase()),
    camundaLegacyTaskTypes: prefixed(env, 'CONNECTOR_AWS_<NAME>_LEGACY_TYPE', /^CONNECTOR_AWS_([A-Z0-9]+)_LEGACY_TYPE$/, (name) => name.toLowerCase()),
    secrets: {
      envPrefix: text(env, 'SECRETS_ENV_PREFIX', 'SECRET_', true),
      directory: env.SECRETS_DIR || undefined,
      awsSecretsManager: bool(env, 'SECRETS_AWS_SECRETS_MANAGER', false),
      awsSecretsManagerPrefix: env.SECRETS_AWS_SECRETS_MANAGER_PREFIX ?? '',
      placeholderSource: oneOf(env, 'SECRETS_PLACEHOLDER_SOURCE', ['model', 'variables'] as const, 'model'),
      modelXmlMaxBytes: int(env, 'MODEL_XML_MAX_BYTES', 8 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    },
    feel: {
      timeoutMs: int(env, 'FEEL_TIMEOUT_MS', DEFAULT_FEEL_BUDGET.timeoutMs, 10, 600_000),
      maxMemoryMb: int(env, 'FEEL_MAX_MEMORY_MB', DEFAULT_FEEL_BUDGET.maxMemoryMb, 16, 16_384),
      threads: int(env, 'FEEL_THREADS', DEFAULT_FEEL_BUDGET.threads, 1, 64),
    },
    aws: {
      accessKeyId: env.AWS_ACCESS_KEY_ID || undefined,
      // The seeds name AWS_SECRET_KEY; the AWS SDKs read AWS_SECRET_ACCESS_KEY.
      secretAccessKey: env.AWS_SECRET_KEY || env.AWS_SECRET_ACCESS_KEY || undefined,
      sessionToken: env.AWS_SESSION_TOKEN || undefined,
      region: env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined,
      lambda: {
        accessKeyId: env.AWS_LAMBDA_AWS_ACCESS_KEY || undefined,
        secretAccessKey: env.AWS_LAMBDA_AWS_SECRET_KEY || undefined,
        region: env.AWS_LAMBDA_AWS_REGION || undefined,
      },
      s3Bucket: env.AWS_S3_BUCKET || undefined,
      comprehendRoleArn: env.AWS_COMPREHEND_ROLE_ARN || undefined,
      allowDefaultChain: bool(env, 'AWS_ALLOW_DEFAULT_CREDENTIALS_CHAIN', true),
      maxAttempts: int(env, 'AWS_MAX_ATTEMPTS', 3, 1, 20),
      endpoints: { s3: endpointFor('s3'), lambda: endpointFor('lambda'), textract: endpointFor('textract'),
        comprehend: endpointFor('comprehend'), rekognition: endpointFor('rekognition'), dynamodb: endpointFor('dynamodb'), sts: endpointFor('sts'), secretsmanager: endpointFor('secrets_manager'),
        sqs: endpointFor('sqs'), sns: endpointFor('sns'), eventbridge: endpointFor('eventbridge'),
        bedrock_runtime: endpointFor('bedrock_runtime'), bedrock_agent_runtime: endpointFor('bedrock_agent_runtime'), sagemaker_runtime: endpointFor('sagemaker_runtime') },
      endpointAllowList: allowList(text(env, 'AWS_ENDPOINT_ALLOW_LIST', DEFAULT_ENDPOINT_ALLOW_LIST)),
      endpointAllowPrivateAddresses: bool(env, 'AWS_ENDPOINT_ALLOW_PRIVATE_ADDRESSES', false),
      presignWithSecretCredentials: bool(env, 'S3_PRESIGN_WITH_SECRET_CREDENTIALS', false),
    },
    documents: {
      allowPrivateAddresses: bool(env, 'DOCUMENT_URL_ALLOW_PRIVATE_ADDRESSES', false),
      maxBytes: int(env, 'DOCUMENT_URL_MAX_BYTES', 100 * 1024 * 1024, 1, Number.MAX_SAFE_INTEGER),
      timeoutMs: int(env, 'DOCUMENT_URL_TIMEOUT_MS', 30_000, 100, 3_600_000),
    },
    alfresco: {
      baseUrl: env.ALFRESCO_CONTENT_REPO_BASE_URL || undefined,
      username: env.ALFRESCO_CONTENT_REPO_USERNAME || undefined,
      password: env.ALFRESCO_CONTENT_REPO_PASSWORD || undefined,
    },
    comprehendBatchMaxBytes: int(env, 'COMPREHEND_BATCH_MAX_BYTES', 1_000_000, 100_000, 100_000_000),
    http: { host: text(env, 'HTTP_HOST', '127.0.0.1'), port: int(env, 'HTTP_PORT', 9400, 0, 65535) },
    logLevel: oneOf(env, 'LOG_LEVEL', ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const, 'info'),
    inbound: {
      enabled: bool(env, 'INBOUND_ENABLED', true),
      pollIntervalMs: int(env, 'INBOUND_POLL_INTERVAL_MS', 5000, 100, 3_600_000),
      webhookMaxBodyBytes: int(env, 'INBOUND_WEBHOOK_MAX_BODY_BYTES', 1024 * 1024, 1024, 64 * 1024 * 1024),
      webhookAllowNoAuth: bool(env, 'INBOUND_WEBHOOK_ALLOW_NO_AUTH', false),
      snsCertAllowedHosts: list(env, 'SNS_SIGNING_CERT_ALLOWED_HOSTS'),
    },
  };
}

function allowList(text: string): string {
  try {
    EndpointAllowList.parse(text);
  } catch (error) {
    bad(`AWS_ENDPOINT_ALLOW_LIST: ${(error as Error).message}`);
  }
  return text;
}

/** `emptyAllowed`: an empty value is kept (e.g. no prefix) instead of meaning the default. */
function text(env: NodeJS.ProcessEnv, name: string, fallback: string, emptyAllowed = false): string {
  describe(name, fallback);
  return (emptyAllowed ? env[name] : env[name] || undefined) ?? fallback;
}

function int<T extends number | undefined>(env: NodeJS.ProcessEnv, name: string, fallback: T, min: number, max: number): number | T {
  describe(name, fallback, `whole number ${min}..${max}`);
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    bad(`${name} must be a whole number from ${min} to ${max}, got '${raw}'`);
    return fallback;
  }
  return n;
}

/** WORKER_PROCESSES: `auto` is one per core the process may use. */
export function workerProcesses(env: NodeJS.ProcessEnv): number {
  describe('WORKER_PROCESSES', 1, 'auto or a whole number 1..64');
  const raw = env.WORKER_PROCESSES?.trim();
  if (raw === undefined || raw === '') return 1;
  if (raw === 'auto') return Math.min(64, availableParallelism());
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new ConfigError(`WORKER_PROCESSES must be auto or a whole number from 1 to 64, got '${raw}'`);
  return n;
}

function bool(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  describe(name, fallback, 'true|false');
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['true', '1', 'yes', 'on'].includes(raw)) return true;
  if (['false', '0', 'no', 'off'].includes(raw)) return false;
  bad(`${name} must be true or false, got '${env[name]}'`);
  return fallback;
}

function oneOf<T extends string>(env: NodeJS.ProcessEnv, name: string, values: readonly T[], fallback: T): T {
  describe(name, fallback, values.join('|'));
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(values as readonly string[]).includes(raw)) {
    bad(`${name} must be one of ${values.join(', ')}, got '${raw}'`);
    return fallback;
  }
  return raw as T;
}

function list(env: NodeJS.ProcessEnv, name: string): string[] {
  describe(name, undefined, 'comma-separated list');
  return (env[name] ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
}

function prefixed(env: NodeJS.ProcessEnv, shownAs: string, pattern: RegExp, key: (name: string) => string): Record<string, string> {
  describe(shownAs, undefined);
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    const m = pattern.exec(name);
    if (m && value) out[key(m[1])] = value;
  }
  return out;
}
