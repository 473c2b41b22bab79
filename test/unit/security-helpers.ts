import pino from 'pino';
import { Readable } from 'node:stream';
import { AwsClientFactory } from '../../worker/aws/clients';
import type { ConnectorDeps } from '../../worker/connectors/deps';
import type { TaskDefinition } from '../../worker/runtime/connector';
import type { DocumentStore } from '../../worker/runtime/documents';
import { processJob, type ActivatedJob, type JobProcessorDeps, type PlaceholderPolicy } from '../../worker/runtime/job-processor';
import { environmentSecrets, SecretMasker, SecretResolver } from '../../worker/runtime/secrets';

/** A fake job, as the SDK hands it to the worker. */
export function fakeJob(variables: Record<string, unknown>, customHeaders: Record<string, unknown> = {}, retries = 3): ActivatedJob {
  return {
    key: '2251799813685249', retries, processInstanceKey: '1', elementInstanceKey: '2', bpmnProcessId: 'p', elementId: 'task',
    processDefinitionKey: '9', variables, customHeaders,
  };
}

export const noDocuments: DocumentStore = {
  create: async () => { throw new Error('no document store in this test'); },
  read: async () => { throw new Error('no document store in this test'); },
};

export function jobDeps(secrets: Record<string, string> = {}, overrides: Partial<JobProcessorDeps> = {}): JobProcessorDeps {
  const env = Object.fromEntries(Object.entries(secrets).map(([k, v]) => [`SECRET_${k}`, v]));
  return {
    secrets: new SecretResolver([environmentSecrets(env, 'SECRET_')]),
    placeholders: { source: 'variables' } as PlaceholderPolicy,
    logMasker: new SecretMasker(),
    documents: noDocuments,
    log: pino({ level: 'silent' }),
    extendTimeout: async () => undefined,
    ...overrides,
  };
}

export function task(execute: TaskDefinition['execute'], family: TaskDefinition['family'] = 'own'): TaskDefinition {
  return { taskType: 'test', family, execute };
}

export { processJob };

interface FakeRequest { method: string; hostname: string; port?: number; path: string; headers: Record<string, string>; query?: Record<string, unknown> }
export type FakeAnswer = { statusCode: number; headers?: Record<string, string>; body?: Readable | string } | 'never';

/** An AWS SDK HTTP handler answering from a function; 'never' never answers (and ignores aborts). */
export function fakeHandler(answer: (request: FakeRequest) => FakeAnswer) {
  const seen: FakeRequest[] = [];
  return {
    seen,
    metadata: { handlerProtocol: 'http/1.1' },
    destroy() {},
    updateHttpClientConfig() {},
    httpHandlerConfigs: () => ({}),
    handle: async (request: FakeRequest) => {
      seen.push(request);
      const a = answer(request);
      if (a === 'never') return new Promise<never>(() => undefined);
      const body = typeof a.body === 'string' || a.body === undefined ? Readable.from([Buffer.from(a.body ?? '')]) : a.body;
      return { response: { statusCode: a.statusCode, headers: a.headers ?? {}, body } };
    },
  };
}

export function connectorDeps(handler?: ReturnType<typeof fakeHandler>, extra: Partial<ConnectorDeps> = {}, allowList?: ConstructorParameters<typeof AwsClientFactory>[0]['endpointAllowList']): ConnectorDeps {
  const aws = new AwsClientFactory({
    deployment: { allowDefaultChain: false, accessKeyId: 'AKIDDEPLOYMENT', secretAccessKey: 'deployment-secret', region: 'us-east-1' },
    endpoints: {},
    maxAttempts: 1,
    endpointAllowList: allowList,
    requestHandler: handler as never,
  });
  return { aws, store: noDocuments, urls: { allowPrivateAddresses: false, maxBytes: 10_000_000, timeoutMs: 2000 }, ...extra };
}
