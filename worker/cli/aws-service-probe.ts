/* eslint-disable @typescript-eslint/no-require-imports */
/**
 * `check`'s question to an AWS endpoint: does it answer as the service it is configured for? One read-only call
 * per service that costs nothing (a list of at most one item, or a job or an image that does not exist); any
 * answer in the service's own words (success, or a service error such as InvalidJobIdException, AccessDenied or
 * an unknown access key) counts. An HTTP answer that is not the service's (a 404 page, another service's
 * "unknown operation") does not.
 */
interface Probe {
  label: string;
  call(endpoint: string, config: ProbeClientConfig): Promise<unknown>;
}

interface ProbeClientConfig {
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

const base = (endpoint: string, c: ProbeClientConfig) => ({ endpoint, region: c.region, credentials: c.credentials, maxAttempts: 1 });

const PROBES: Record<string, Probe> = {
  s3: { label: 'S3', call: (e, c) => { const m = require('@aws-sdk/client-s3') as typeof import('@aws-sdk/client-s3'); return send(new m.S3Client({ ...base(e, c), forcePathStyle: true }), new m.ListBucketsCommand({ MaxBuckets: 1 })); } },
  lambda: { label: 'Lambda', call: (e, c) => { const m = require('@aws-sdk/client-lambda') as typeof import('@aws-sdk/client-lambda'); return send(new m.LambdaClient(base(e, c)), new m.ListFunctionsCommand({ MaxItems: 1 })); } },
  textract: { label: 'Textract', call: (e, c) => { const m = require('@aws-sdk/client-textract') as typeof import('@aws-sdk/client-textract'); return send(new m.TextractClient(base(e, c)), new m.GetDocumentTextDetectionCommand({ JobId: 'zeebe-aws-connectors-check' })); } },
  comprehend: { label: 'Comprehend', call: (e, c) => { const m = require('@aws-sdk/client-comprehend') as typeof import('@aws-sdk/client-comprehend'); return send(new m.ComprehendClient(base(e, c)), new m.DescribeEntitiesDetectionJobCommand({ JobId: 'zeebe-aws-connectors-check' })); } },
  rekognition: { label: 'Rekognition', call: (e, c) => { const m = require('@aws-sdk/client-rekognition') as typeof import('@aws-sdk/client-rekognition'); return send(new m.RekognitionClient(base(e, c)), new m.DetectLabelsCommand({ Image: { Bytes: new Uint8Array(1) } })); } },
  secretsmanager: { label: 'Secrets Manager', call: (e, c) => { const m = require('@aws-sdk/client-secrets-manager') as typeof import('@aws-sdk/client-secrets-manager'); return send(new m.SecretsManagerClient(base(e, c)), new m.ListSecretsCommand({ MaxResults: 1 })); } },
};

async function send(client: { send(command: unknown): Promise<unknown>; destroy(): void }, command: unknown): Promise<unknown> {
  try {
    return await client.send(command);
  } finally {
    client.destroy();
  }
}

/** Errors that are an HTTP answer, but not one of the service: nothing the service itself would say. */
const NOT_THE_SERVICE = new Set(['UnknownError', 'Error', 'UnknownOperationException', 'SyntaxError', 'TypeError']);

export type ServiceAnswer = { ok: true; detail: string } | { ok: false; detail: string };

/** Asks `endpoint` as each of `services` would be asked; `ok` when every one answers as itself. */
export async function answersAsService(services: string[], endpoint: string, config: ProbeClientConfig): Promise<ServiceAnswer> {
  const details: string[] = [];
  let ok = true;
  for (const service of services) {
    const probe = PROBES[service];
    if (!probe) {
      details.push(`${service}: ${await httpAnswer(endpoint)} (not asked as the service)`);
      continue;
    }
    try {
      await probe.call(endpoint, config);
      details.push(`answers as ${probe.label}`);
    } catch (error) {
      const e = error as Error & { $metadata?: { httpStatusCode?: number } };
      const status = e.$metadata?.httpStatusCode;
      if (status === undefined) throw error;
      if (NOT_THE_SERVICE.has(e.name) || /Deserialization error/.test(e.message)) {
        ok = false;
        details.push(`answers HTTP ${status}, but not as ${probe.label}`);
      } else {
        details.push(`answers as ${probe.label} (HTTP ${status} ${e.name})`);
      }
    }
  }
  return { ok, detail: details.join('; ') };
}

async function httpAnswer(url: string): Promise<string> {
  const r = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  await r.body?.cancel();
  return `answers HTTP ${r.status}`;
}
