import { AwsClientFactory } from './aws/clients';
import { EndpointAllowList } from './aws/endpoint-allow-list';
import { configureFeel } from './runtime/feel-pool';
import type { PlaceholderPolicy } from './runtime/job-processor';
import { fetchModelXml, ModelSecrets } from './runtime/model-secrets';
import { ConfigError, loadConfig, type WorkerConfig } from './config';
import { connectors } from './connectors';
import type { ConnectorDeps } from './connectors/deps';
import type { TaskDefinition } from './runtime/connector';
import { CamundaDocumentStore } from './runtime/documents';
import { createLogger } from './runtime/logger';
import { onStopRequest } from './runtime/stop-request';
import { directorySecrets, environmentSecrets, SecretMasker, SecretResolver, type SecretProvider } from './runtime/secrets';
import { ConnectorWorker } from './runtime/worker';
import { stopTracing } from './tracing';
import { startInbound } from './inbound/inbound-runtime';
import { WebhookRouter } from './inbound/webhook-router';

/** Builds the worker from its configuration (exported for tests and embedding). */
export function createWorker(config: WorkerConfig, env: NodeJS.ProcessEnv = process.env): ConnectorWorker {
  configureFeel(config.feel);
  const logMasker = new SecretMasker();
  const log = createLogger(config.logLevel, logMasker);
  let worker: ConnectorWorker | undefined;
  // The document store authenticates as the worker's cluster connection, which exists once the worker does.
  const deps = connectorDeps(config, () => worker!.restAuthHeaders());
  const store = deps.store as CamundaDocumentStore;

  const providers: SecretProvider[] = [environmentSecrets(env, config.secrets.envPrefix)];
  if (config.secrets.directory) providers.push(directorySecrets(config.secrets.directory));
  if (config.secrets.awsSecretsManager) {
    // Required only when switched on: most deployments never load the Secrets Manager client.
    const { SecretsManagerClient } = require('@aws-sdk/client-secrets-manager') as typeof import('@aws-sdk/client-secrets-manager');
    const { awsSecretsManagerSecrets } = require('./aws/secrets-manager') as typeof import('./aws/secrets-manager');
    const client = new SecretsManagerClient({ region: config.aws.region, endpoint: config.aws.endpoints.secretsmanager });
    providers.push(awsSecretsManagerSecrets(client, config.secrets.awsSecretsManagerPrefix));
  }

  const secrets = new SecretResolver(providers);
  const webhooks = new WebhookRouter(config.inbound.webhookMaxBodyBytes);
  // The model is read through the worker's own cluster connection, which exists once the worker does.
  const model = new ModelSecrets((key) => fetchModelXml(config.restAddress, () => worker!.restAuthHeaders(), key, config.secrets.modelXmlMaxBytes));
  const placeholders: PlaceholderPolicy = config.secrets.placeholderSource === 'model'
    ? { source: 'model', declared: (job) => model.declared(job.processDefinitionKey, job.elementId) }
    : { source: 'variables' };

  worker = new ConnectorWorker({
    name: config.workerName,
    mode: config.mode,
    streamBackfillMs: config.streamBackfillMs,
    concurrency: config.concurrency,
    jobTimeoutMs: config.jobTimeoutMs,
    shutdownTimeoutMs: config.shutdownTimeoutMs,
    startTimeoutMs: config.startTimeoutMs,
    http: config.http,
    tasks: tasksOf(config, deps),
    secrets,
    placeholders,
    logMasker,
    documents: store,
    log,
    ...(config.inbound.enabled ? {
      webhooks,
      inbound: (cluster, metrics) => startInbound({ settings: config.inbound, cluster, aws: deps.aws, secrets, logMasker, router: webhooks, log, metrics }),
    } : {}),
  });
  return worker;
}

/** What the connectors use: AWS clients, the document store and their settings (exported for the in-process benchmark). */
export function connectorDeps(config: WorkerConfig, restAuthHeaders?: () => Promise<Record<string, string>>): ConnectorDeps {
  const aws = new AwsClientFactory({
    deployment: {
      accessKeyId: config.aws.accessKeyId,
      secretAccessKey: config.aws.secretAccessKey,
      sessionToken: config.aws.sessionToken,
      region: config.aws.region,
      allowDefaultChain: config.aws.allowDefaultChain,
    },
    serviceDeployments: { lambda: config.aws.lambda },
    endpoints: config.aws.endpoints,
    endpointAllowList: EndpointAllowList.parse(config.aws.endpointAllowList),
    endpointAllowPrivateAddresses: config.aws.endpointAllowPrivateAddresses,
    maxAttempts: config.aws.maxAttempts,
  });
  const store = new CamundaDocumentStore(config.restAddress, restAuthHeaders);
  return {
    aws,
    store,
    urls: config.documents,
    stagingBucket: config.aws.s3Bucket,
    alfresco: config.alfresco.baseUrl ? { ...config.alfresco, baseUrl: config.alfresco.baseUrl } : undefined,
    comprehend: { roleArn: config.aws.comprehendRoleArn, batchMaxBytes: config.comprehendBatchMaxBytes },
    presignWithSecretCredentials: config.aws.presignWithSecretCredentials,
  };
}

export function tasksOf(config: WorkerConfig, deps: ConnectorDeps): TaskDefinition[] {
  const unknown = config.enabledConnectors.filter((n) => !connectors.some((c) => c.name === n));
  if (unknown.length > 0) throw new ConfigError(`CONNECTORS_ENABLED names unknown connectors: ${unknown.join(', ')} (known: ${connectors.map((c) => c.name).join(', ')})`);
  return connectors
    .filter((c) => config.enabledConnectors.length === 0 || config.enabledConnectors.includes(c.name))
    .flatMap((c) => {
      const { own, camunda } = c.handlers(deps);
      const tasks: TaskDefinition[] = [{ ...own, taskType: config.taskTypes[c.name] ?? c.taskType, family: 'own' }];
      if (config.camundaCompatible && c.camundaTaskType && camunda) {
        tasks.push({ ...camunda, taskType: config.camundaTaskTypes[c.name] ?? c.camundaTaskType, family: 'camunda' });
        if (c.camundaLegacyTaskType) tasks.push({ ...camunda, taskType: config.camundaLegacyTaskTypes[c.name] ?? c.camundaLegacyTaskType, family: 'camunda' });
      }
      return tasks;
    });
}

export async function main(_argv: string[]): Promise<void> {
  let worker: ConnectorWorker | undefined;
  let stopping: Promise<void> | undefined;
  // Watched from the start: a signal while the worker still waits for the engine stops it as well.
  onStopRequest((reason) => {
    stopping = (async () => {
      const { drained } = await (worker?.stop(reason) ?? Promise.resolve({ drained: true }));
      await stopTracing();
      process.exit(drained ? 0 : 1);
    })();
  });
  try {
    worker = createWorker(loadConfig(process.env));
    await worker.start();
  } catch (error) {
    if (stopping) return;
    process.stderr.write(`zeebe-aws-connectors: ${(error as Error).message}\n`);
    process.exit(error instanceof ConfigError ? 2 : 1);
  }
}

if (require.main === module) void main(process.argv.slice(2));
