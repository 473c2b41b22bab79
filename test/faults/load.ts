/**
 * Load and reconciliation for the fault suite: many instances of one S3-upload process on the local stack,
 * then an account of every instance (through the engine's search API) and of every object written (S3 object
 * versions in a versioned bucket, so that a second write of the same key is counted, not hidden).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Camunda8 } from '@camunda8/sdk';
import { CreateBucketCommand, ListObjectVersionsCommand, PutBucketVersioningCommand } from '@aws-sdk/client-s3';
import pLimit from 'p-limit';
import { camunda, oneTaskProcess, s3, searchIncidents, searchProcessInstances, stack, uniqueId, WorkerProcess } from '../integration/harness';

export const BUCKET = 'faults-load';
export const INSTANCES = Number(process.env.FAULT_INSTANCES ?? 500);

export async function versionedBucket(): Promise<void> {
  const client = s3();
  try {
    await client.send(new CreateBucketCommand({ Bucket: BUCKET })).catch((e: Error) => {
      if (e.name !== 'BucketAlreadyOwnedByYou' && e.name !== 'BucketAlreadyExists') throw e;
    });
    await client.send(new PutBucketVersioningCommand({ Bucket: BUCKET, VersioningConfiguration: { Status: 'Enabled' } }));
  } finally {
    client.destroy();
  }
}

/** Deploys a one-task process uploading a small object to `<run>/<i>`; BPMN errors are not caught (incidents). */
export async function deployUpload(c8: Camunda8, type: string, opts: { retries?: number; headers?: Record<string, string> } = {}): Promise<{ processId: string; run: string }> {
  const processId = uniqueId('faults');
  const xml = oneTaskProcess(processId, {
    type,
    retries: opts.retries ?? 3,
    inputs: {
      'authentication.accessKey': 'test', 'authentication.secretKey': 'test',
      'action.type': 'upload', 'action.bucket': BUCKET, 'action.key': '=key',
      'action.document': '={"camunda.document.type": "inline", "content": key, "name": "load.txt"}',
    },
    headers: { resultVariable: 'result', ...(opts.headers ?? {}) },
  }, false);
  await c8.getZeebeGrpcApiClient().deployResource({ process: Buffer.from(xml), name: `${processId}.bpmn` });
  return { processId, run: processId };
}

/** Starts `n` instances (at most 16 requests at once); each writes the key `<run>/<i>`. */
export async function startInstances(c8: Camunda8, processId: string, run: string, n = INSTANCES): Promise<string[]> {
  const zeebe = c8.getZeebeGrpcApiClient();
  const limit = pLimit(16);
  return Promise.all(Array.from({ length: n }, (_, i) => limit(async () =>
    (await zeebe.createProcessInstance({ bpmnProcessId: processId, variables: { key: `${run}/${i}` } })).processInstanceKey)));
}

export interface Reconciliation {
  instances: number;
  completed: number;
  incidents: Record<string, number>;
  /** Neither completed nor with an incident when the wait ended: lost or stuck. */
  lost: number;
  objects: number;
  writes: number;
  /** Writes beyond the first of a key (at-least-once: a job run twice writes twice). */
  duplicates: number;
  settledMs: number;
}

/** The code of an incident: the BPMN error's code, or the `CODE:` a failed job's message starts with. */
export function incidentCode(message: string): string {
  return /code '([^']+)'/.exec(message)?.[1] ?? /^([A-Z_]+): /.exec(message)?.[1] ?? 'UNCODED';
}

/**
 * Waits until every instance of the process has completed or has an incident (or `timeoutMs` passed), then
 * counts instances, incidents by code and S3 writes under the run's prefix.
 */
export async function reconcile(processId: string, run: string, keys: string[], timeoutMs: number): Promise<Reconciliation> {
  const started = Date.now();
  const expected = new Set(keys);
  let settled = 0;
  let instances: Awaited<ReturnType<typeof searchProcessInstances>> = [];
  for (;;) {
    instances = (await searchProcessInstances({ processDefinitionId: processId })).filter((i) => expected.has(i.processInstanceKey));
    settled = instances.filter((i) => i.state === 'COMPLETED' || i.hasIncident).length;
    if (settled === expected.size || Date.now() - started > timeoutMs) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  const settledMs = Date.now() - started;
  const incidents: Record<string, number> = {};
  for (const incident of await searchIncidents({ processDefinitionId: processId, state: 'ACTIVE' })) {
    const code = incidentCode(incident.errorMessage);
    incidents[code] = (incidents[code] ?? 0) + 1;
  }
  const { objects, writes } = await s3Writes(`${run}/`);
  return {
    instances: expected.size,
    completed: instances.filter((i) => i.state === 'COMPLETED').length,
    incidents,
    lost: expected.size - settled,
    objects,
    writes,
    duplicates: writes - objects,
    settledMs,
  };
}

async function s3Writes(prefix: string): Promise<{ objects: number; writes: number }> {
  const client = s3();
  const keys = new Set<string>();
  let writes = 0;
  try {
    let keyMarker: string | undefined;
    let versionIdMarker: string | undefined;
    for (;;) {
      const page = await client.send(new ListObjectVersionsCommand({ Bucket: BUCKET, Prefix: prefix, KeyMarker: keyMarker, VersionIdMarker: versionIdMarker }));
      for (const v of page.Versions ?? []) {
        writes += 1;
        keys.add(v.Key!);
      }
      if (!page.IsTruncated) break;
      keyMarker = page.NextKeyMarker;
      versionIdMarker = page.NextVersionIdMarker;
    }
  } finally {
    client.destroy();
  }
  return { objects: keys.size, writes };
}

/** The fault proxy in front of the S3 emulator: add a rule, clear them, read its counters. */
export const faults = {
  add: (rule: Record<string, unknown>) => control('POST', rule),
  clear: () => control('DELETE'),
  state: () => control('GET') as Promise<{ counters: { seen: number; proxied: number; failed: number; delayed: number; reset: number } }>,
};

async function control(method: string, body?: unknown): Promise<unknown> {
  const r = await fetch(stack().FAULT_PROXY_CONTROL, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!r.ok) throw new Error(`fault proxy ${method} -> ${r.status} ${await r.text()}`);
  return r.json();
}

/** The scenario's figures, printed and kept in .stack/reliability/ for docs/reliability.md. */
export function record(scenario: string, figures: Record<string, unknown>): void {
  const dir = path.resolve(__dirname, '../../.stack/reliability');
  mkdirSync(dir, { recursive: true });
  const line = JSON.stringify({ scenario, at: new Date().toISOString(), ...figures });
  writeFileSync(path.join(dir, `${scenario}.json`), `${line}\n`);
  process.stdout.write(`\nreliability figures: ${line}\n`);
}

/** Waits until `probe` holds, polling every 200 ms. */
export async function until(what: string, probe: () => boolean | Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** How many lines of a worker's log have this message (`job completed`, `job failed`, ...). */
export function countLog(output: string, msg: string): number {
  return output.split('\n').filter((l) => l.includes(`"msg":"${msg}"`)).length;
}

export const LATE_ACK = 'could not send the job command to Zeebe; the job will be retried after its timeout';
export const EXPIRED_IN_QUEUE = 'job timed out while waiting for a slot; not run (Zeebe activates it again)';

/**
 * What every scenario has around it: before, a versioned bucket, no faults and an engine client; after, the
 * faults cleared, the workers it started killed and the client closed.
 */
export function faultScenario() {
  let client: Camunda8 | undefined;
  const workers: WorkerProcess[] = [];
  beforeAll(async () => {
    await versionedBucket();
    await faults.clear();
    client = camunda();
  });
  afterAll(async () => {
    await faults.clear();
    for (const w of workers) await w.stop('SIGKILL');
    await client?.getZeebeGrpcApiClient().close();
  });
  return {
    get c8(): Camunda8 {
      return client!;
    },
    /** A new engine client, after an engine restart. */
    async reconnect(): Promise<void> {
      await client?.getZeebeGrpcApiClient().close();
      client = camunda();
    },
    async startWorker(env: Record<string, string>): Promise<WorkerProcess> {
      const worker = await WorkerProcess.start(env);
      workers.push(worker);
      return worker;
    },
  };
}
