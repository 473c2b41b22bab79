import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { Camunda8 } from '@camunda8/sdk';
// The SDK's own configuration names and auth providers (not re-exported from its root).
import { CamundaEnvironmentConfigurator, CamundaEnvironmentVariableDictionary, constructOAuthProvider } from '@camunda8/sdk/dist/lib';

type JSONDoc = Parameters<ReturnType<Camunda8["getZeebeGrpcApiClient"]>["createProcessInstance"]>[0]["variables"] & object;
import { S3Client, CreateBucketCommand } from '@aws-sdk/client-s3';
import { keepWorkerLog, registerWorkerSecrets } from '../leak/registry';

const ROOT = path.resolve(__dirname, '../..');
const ENDPOINTS_FILE = path.join(ROOT, '.stack/endpoints.json');

/**
 * Where the tests find the engine and the AWS stand-ins. One suite, any engine: the engine is the user's
 * Camunda 8 cluster when ZEEBE_GRPC_ADDRESS is set in the environment, else the local stack's engine; the
 * AWS stand-ins always come from the local stack (.stack/endpoints.json).
 */
export interface StackEndpoints {
  ZEEBE_GRPC_ADDRESS: string;
  ZEEBE_REST_ADDRESS: string;
  CAMUNDA_AUTH_STRATEGY: string;
  AWS_REGION: string;
  AWS_ENDPOINT_URL_S3_EMULATOR: string;
  S3_ENDPOINT: string;
  FAULT_PROXY_CONTROL: string;
  AWS_AI_ENDPOINT?: string;
  AWS_AI_CONTROL?: string;
  /** The local engine's data folder (absent when the tests run against another cluster). */
  ENGINE_DATA_DIR?: string;
}

/** True when the tests run against the user's own cluster (ZEEBE_GRPC_ADDRESS set in the environment). */
export function externalEngine(): boolean {
  return Boolean(process.env.ZEEBE_GRPC_ADDRESS);
}

/**
 * The Camunda SDK settings that reach the engine, as environment variables (the SDK's own names):
 * every SDK setting the user set when ZEEBE_GRPC_ADDRESS is set (addresses, CAMUNDA_AUTH_STRATEGY, the
 * OAuth client, audience, TLS, tenant, ...), else the local stack's engine without authentication.
 */
export function engineConnection(): Record<string, string> {
  if (externalEngine()) {
    if (!process.env.ZEEBE_REST_ADDRESS) {
      throw new Error('ZEEBE_GRPC_ADDRESS is set but ZEEBE_REST_ADDRESS is not: the tests need both (the REST API v2 search and document store)');
    }
    const settings: Record<string, string> = {};
    for (const name of CamundaEnvironmentVariableDictionary) {
      const value = process.env[name];
      if (value !== undefined && value !== '') settings[name] = value;
    }
    // The SDK's default, said explicitly so that the worker processes (which get NONE otherwise) agree.
    settings.CAMUNDA_AUTH_STRATEGY ??= 'NONE';
    return settings;
  }
  const local = localStack();
  if (!local.ZEEBE_GRPC_ADDRESS || !local.ZEEBE_REST_ADDRESS) {
    throw new Error(`The local stack runs without its engine (no ZEEBE_GRPC_ADDRESS in ${ENDPOINTS_FILE}): run \`npm run stack:start\`, or set ZEEBE_GRPC_ADDRESS, ZEEBE_REST_ADDRESS and CAMUNDA_AUTH_STRATEGY for your own cluster`);
  }
  return { ZEEBE_GRPC_ADDRESS: local.ZEEBE_GRPC_ADDRESS, ZEEBE_REST_ADDRESS: local.ZEEBE_REST_ADDRESS, CAMUNDA_AUTH_STRATEGY: local.CAMUNDA_AUTH_STRATEGY ?? 'NONE' };
}

/** .stack/endpoints.json as start.sh wrote it; a missing stack fails the test run instead of skipping it. */
function localStack(): Partial<StackEndpoints> & Omit<StackEndpoints, 'ZEEBE_GRPC_ADDRESS' | 'ZEEBE_REST_ADDRESS' | 'CAMUNDA_AUTH_STRATEGY'> {
  if (!existsSync(ENDPOINTS_FILE)) {
    throw new Error(`The local stack is not running (${ENDPOINTS_FILE} is missing): run \`npm run stack:start\` first (the AWS stand-ins are always local; with ZEEBE_GRPC_ADDRESS set, \`bash scripts/stack/start.sh --without-engine\` starts only them)`);
  }
  return JSON.parse(readFileSync(ENDPOINTS_FILE, 'utf8')) as ReturnType<typeof localStack>;
}

/** The endpoints of the engine (see engineConnection) and of the local AWS stand-ins. */
export function stack(): StackEndpoints {
  const local = localStack();
  const engine = engineConnection();
  return {
    ...local,
    ZEEBE_GRPC_ADDRESS: engine.ZEEBE_GRPC_ADDRESS,
    ZEEBE_REST_ADDRESS: engine.ZEEBE_REST_ADDRESS,
    CAMUNDA_AUTH_STRATEGY: engine.CAMUNDA_AUTH_STRATEGY,
    ENGINE_DATA_DIR: externalEngine() ? undefined : local.ENGINE_DATA_DIR,
  };
}

/**
 * Restarts the local stack's engine alone on the same data folder (scripts/stack/restart-engine.sh) and
 * resolves once it answers again. Throws when the tests run against another cluster.
 */
export async function restartEngine(): Promise<void> {
  if (externalEngine()) throw new Error('restartEngine() needs the local stack\'s engine; the tests run against ZEEBE_GRPC_ADDRESS');
  await promisify(execFile)('bash', [path.join(ROOT, 'scripts/stack/restart-engine.sh')], { cwd: ROOT, timeout: 120_000 });
}

/** A fake's JSON control API at `baseUrl`: a call answers the body, or throws with the status and body. */
export function controlApi(baseUrl: string) {
  return async <T = unknown>(method: string, route: string, body?: unknown): Promise<T> => {
    const r = await fetch(`${baseUrl}${route}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await r.text();
    if (!r.ok) throw new Error(`control ${method} ${route} -> ${r.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
}

/** The stack's AWS AI stand-in (test/fakes/aws-ai): its endpoint and its control API. */
export function aiStandIn() {
  const s = stack() as StackEndpoints & { AWS_AI_ENDPOINT?: string; AWS_AI_CONTROL?: string };
  if (!s.AWS_AI_ENDPOINT || !s.AWS_AI_CONTROL) {
    throw new Error('the stack runs without the AWS AI stand-in (AWS_AI_ENDPOINT missing in .stack/endpoints.json): run `npm run stack:start`');
  }
  const control = controlApi(s.AWS_AI_CONTROL);
  type Counters = { faults: { requests: Record<string, number>; injected: Record<string, number> } };
  return {
    endpoint: s.AWS_AI_ENDPOINT,
    control,
    /** Calls (and injected faults) per X-Amz-Target since the last reset, e.g. "Textract.AnalyzeDocument". */
    requests: async (target: string) => (await control<Counters>('GET', '/state')).faults.requests[target] ?? 0,
    injected: async (target: string) => (await control<Counters>('GET', '/state')).faults.injected[target] ?? 0,
  };
}

/** What an AWS SDK call threw: its exception name, fault side, HTTP status and attempts. */
export type AwsFailure = Error & { $fault?: string; $metadata?: { httpStatusCode?: number; attempts?: number } };

/** The error a call that must fail threw (the test fails if it did not). */
export async function failure(p: Promise<unknown>): Promise<AwsFailure> {
  try {
    await p;
  } catch (e) {
    return e as AwsFailure;
  }
  throw new Error('expected the call to fail');
}

/** The engine's addresses and auth strategy, explicitly; the SDK reads any other setting (OAuth client, TLS, ...) from the environment itself. */
function sdkConfig(): ConstructorParameters<typeof Camunda8>[0] {
  const s = stack();
  return { ZEEBE_GRPC_ADDRESS: s.ZEEBE_GRPC_ADDRESS, ZEEBE_REST_ADDRESS: s.ZEEBE_REST_ADDRESS, CAMUNDA_AUTH_STRATEGY: s.CAMUNDA_AUTH_STRATEGY } as ConstructorParameters<typeof Camunda8>[0];
}

export function camunda(): Camunda8 {
  return new Camunda8({ ...sdkConfig(), CAMUNDA_LOG_LEVEL: 'error' } as ConstructorParameters<typeof Camunda8>[0]);
}

export function s3(endpoint = stack().AWS_ENDPOINT_URL_S3_EMULATOR): S3Client {
  return new S3Client({ endpoint, region: stack().AWS_REGION, forcePathStyle: true, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
}

export async function createBucket(name: string): Promise<void> {
  const client = s3();
  try {
    await client.send(new CreateBucketCommand({ Bucket: name }));
  } catch (e) {
    if ((e as Error).name !== 'BucketAlreadyOwnedByYou' && (e as Error).name !== 'BucketAlreadyExists') throw e;
  } finally {
    client.destroy();
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** A worker running as its own process, exactly as `zeebe-aws-connectors` runs, with its output captured. */
export class WorkerProcess {
  output = '';
  private exited?: Promise<number | null>;

  private constructor(readonly child: ChildProcess, readonly port: number) {
    child.stdout?.on('data', (d: Buffer) => (this.output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (this.output += d.toString()));
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  }

  /** `entry`: the script the process runs (the command's entry by default, as `zeebe-aws-connectors` runs). */
  static async start(env: Record<string, string>, entry = 'worker/cli/index.ts'): Promise<WorkerProcess> {
    const worker = await WorkerProcess.spawn(env, entry);
    await worker.waitReady();
    return worker;
  }

  /** Starts the worker without waiting for it to be ready (e.g. before its engine). */
  static async spawn(env: Record<string, string>, entry = 'worker/cli/index.ts'): Promise<WorkerProcess> {
    const s = stack();
    // Against the user's own cluster the worker gets every SDK setting the user set (auth strategy, OAuth
    // client, TLS, ...) through `env`, which its environment below takes last.
    if (externalEngine()) env = { ...engineConnection(), ...env };
    const port = await freePort();
    // tsx loaded in the same process (its CLI would run the worker in a child that SIGKILL does not reach).
    const child = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), path.join(ROOT, entry)], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/tmp',
        ZEEBE_GRPC_ADDRESS: s.ZEEBE_GRPC_ADDRESS,
        ZEEBE_REST_ADDRESS: s.ZEEBE_REST_ADDRESS,
        CAMUNDA_AUTH_STRATEGY: 'NONE',
        AWS_REGION: s.AWS_REGION,
        AWS_ENDPOINT_URL_S3: s.S3_ENDPOINT,
        AWS_ALLOW_DEFAULT_CREDENTIALS_CHAIN: 'false',
        HTTP_PORT: String(port),
        LOG_LEVEL: 'debug',
        // Tests name the local emulators in configuration.endpoint; the default allows AWS's own endpoints only.
        AWS_ENDPOINT_ALLOW_LIST: 'https://*.amazonaws.com,https://*.amazonaws.com.cn,https://*.api.aws,http://127.0.0.1:*,http://localhost:*',
        AWS_ENDPOINT_ALLOW_PRIVATE_ADDRESSES: 'true',
        // Inbound discovery reads every deployed model, and the suite deploys hundreds: only the inbound tests turn it on.
        INBOUND_ENABLED: 'false',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    registerWorkerSecrets(env);
    child.on('close', () => keepWorkerLog(child.pid, worker.output));
    const worker = new WorkerProcess(child, port);
    return worker;
  }

  /** Resolves once /ready answers 200; throws if the worker exits first or is not ready within `timeoutMs`. */
  async waitReady(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`worker exited with ${this.child.exitCode}:\n${this.output}`);
      try {
        const r = await fetch(`http://127.0.0.1:${this.port}/ready`);
        if (r.status === 200) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`worker not ready within ${timeoutMs / 1000} s:\n${this.output}`);
  }

  async get(pathname: string): Promise<Response> {
    return fetch(`http://127.0.0.1:${this.port}${pathname}`);
  }

  /** This worker's own log lines with the message `msg` (e.g. 'job failed') about the jobs of one process instance, in order. */
  logLines(msg: string, processInstanceKey: string): string[] {
    return this.output.split('\n').filter((l) => l.includes(`"msg":"${msg}"`) && l.includes(`"processInstanceKey":"${processInstanceKey}"`));
  }

  /** The exit code, once the process has exited by itself. */
  waitExit(): Promise<number | null> {
    return this.exited!;
  }

  /** SIGTERM and wait for the exit code. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (this.child.exitCode === null) this.child.kill(signal);
    return this.exited!;
  }
}

export interface TaskSpec {
  type: string;
  retries?: number;
  /** zeebe:input target -> FEEL source (with the leading `=`) or a static string. */
  inputs?: Record<string, string>;
  headers?: Record<string, string>;
}

/** An error boundary event of a one-task process, ending in its own end event. */
export interface ErrorCatch {
  /** The error code it catches; absent: every error (a catch-all). */
  code?: string;
  /** Its output mappings (target -> FEEL source): an error's variables are local to the event, only these reach the process. */
  outputs: Record<string, string>;
}

/** Keeps the thrown error's code and message (which the engine gives to the boundary's output mappings). */
export const CATCH_ALL: ErrorCatch = { outputs: { caughtCode: '=errorCode', caughtMessage: '=errorMessage' } };

/**
 * A one-task process with error boundary events: by default one catch-all that keeps the thrown error's code
 * and message as `caughtCode` and `caughtMessage` (CATCH_ALL); `false` catches nothing (incidents). Each
 * event with a code gets a `bpmn:error` definition.
 */
export function oneTaskProcess(id: string, task: TaskSpec, catches: boolean | readonly ErrorCatch[] = true): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const mappings = (kind: 'input' | 'output', entries: Record<string, string>) =>
    Object.entries(entries).map(([target, source]) => `<zeebe:${kind} source="${esc(source)}" target="${esc(target)}"/>`).join('');
  const inputs = mappings('input', task.inputs ?? {});
  const headers = Object.entries(task.headers ?? {}).map(([k, v]) => `<zeebe:header key="${esc(k)}" value="${esc(v)}"/>`).join('');
  const events = catches === true ? [CATCH_ALL] : catches === false ? [] : catches;
  const errors = events.map((e, i) => (e.code === undefined ? '' : `<bpmn:error id="error_${i}" name="${esc(e.code)}" errorCode="${esc(e.code)}"/>`)).join('');
  const boundaries = events.map((e, i) => `
    <bpmn:boundaryEvent id="catch_${i}" attachedToRef="task"><bpmn:extensionElements><zeebe:ioMapping>${mappings('output', e.outputs)}</zeebe:ioMapping></bpmn:extensionElements>
      <bpmn:outgoing>to_end_${i}</bpmn:outgoing><bpmn:errorEventDefinition${e.code === undefined ? '' : ` errorRef="error_${i}"`}/></bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="to_end_${i}" sourceRef="catch_${i}" targetRef="end_${i}"/>
    <bpmn:endEvent id="end_${i}"><bpmn:incoming>to_end_${i}</bpmn:incoming></bpmn:endEvent>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs_${id}" targetNamespace="http://bpmn.io/schema/bpmn">
  ${errors}
  <bpmn:process id="${id}" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task"/>
    <bpmn:serviceTask id="task">
      <bpmn:extensionElements>
        <zeebe:taskDefinition type="${esc(task.type)}" retries="${task.retries ?? 3}"/>
        ${inputs ? `<zeebe:ioMapping>${inputs}</zeebe:ioMapping>` : ''}
        ${headers ? `<zeebe:taskHeaders>${headers}</zeebe:taskHeaders>` : ''}
      </bpmn:extensionElements>
      <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="end"/>
    <bpmn:endEvent id="end"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
    ${boundaries}
  </bpmn:process>
</bpmn:definitions>`;
}

let counter = 0;
export function uniqueId(prefix: string): string {
  counter += 1;
  return `${prefix}_${process.pid}_${Date.now().toString(36)}_${counter}`;
}

/** Deploys a one-task process and runs one instance to its end, returning the instance's variables. */
export async function runTask(c8: Camunda8, task: TaskSpec, variables: JSONDoc = {}, timeoutMs = 60_000): Promise<Record<string, unknown>> {
  const id = uniqueId('p');
  const zeebe = c8.getZeebeGrpcApiClient();
  await zeebe.deployResource({ process: Buffer.from(oneTaskProcess(id, task)), name: `${id}.bpmn` });
  const result = await zeebe.createProcessInstanceWithResult({ bpmnProcessId: id, variables, requestTimeout: timeoutMs });
  return result.variables as Record<string, unknown>;
}

/**
 * Deploys a one-task process whose only boundary event catches `code` (keeping the error's message as
 * `caughtMessage`, and `caughtCode`), runs one instance to its end and returns its variables: the error was
 * thrown with exactly that code when the instance ends through that event.
 */
export async function runCaught(c8: Camunda8, task: TaskSpec, code: string, variables: JSONDoc = {}): Promise<Record<string, unknown>> {
  const id = uniqueId('p');
  const zeebe = c8.getZeebeGrpcApiClient();
  const catches: ErrorCatch[] = [{ code, outputs: { caughtCode: `="${code.replace(/"/g, '\\"')}"`, caughtMessage: '=errorMessage' } }];
  await zeebe.deployResource({ process: Buffer.from(oneTaskProcess(id, task, catches)), name: `${id}.bpmn` });
  const result = await zeebe.createProcessInstanceWithResult({ bpmnProcessId: id, variables, requestTimeout: 60_000 });
  return result.variables as Record<string, unknown>;
}

/** Queues a fault of the stack's fault proxy (see test/fakes/fault-proxy.ts for the rule's fields). */
export async function injectFault(rule: Record<string, unknown>): Promise<void> {
  const r = await fetch(stack().FAULT_PROXY_CONTROL, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(rule) });
  if (!r.ok) throw new Error(`fault proxy: ${r.status} ${await r.text()}`);
}

/** Starts an instance without waiting (for incidents and in-flight tests). */
export async function startInstance(c8: Camunda8, task: TaskSpec, variables: JSONDoc = {}): Promise<{ id: string; processInstanceKey: string }> {
  const id = uniqueId('p');
  const zeebe = c8.getZeebeGrpcApiClient();
  await zeebe.deployResource({ process: Buffer.from(oneTaskProcess(id, task)), name: `${id}.bpmn` });
  const r = await zeebe.createProcessInstance({ bpmnProcessId: id, variables });
  return { id, processInstanceKey: r.processInstanceKey };
}

// ---- what the engine did, through the public search API (Camunda 8 REST API v2, 8.8+), never a log ----

/** A search filter: field -> value, or an operator object such as `{ $in: [...] }` / `{ $exists: true }` (Camunda 8.8). */
export type SearchFilter = Record<string, unknown>;
export type SearchSort = { field: string; order?: 'ASC' | 'DESC' }[];

export interface JobEntity {
  jobKey: string;
  type: string;
  worker: string;
  /** The job's last state, not a history. */
  state: 'CREATED' | 'COMPLETED' | 'FAILED' | 'ERROR_THROWN' | 'TIMED_OUT' | 'CANCELED' | 'RETRIES_UPDATED' | string;
  retries: number;
  deadline?: string;
  endTime?: string;
  errorCode?: string;
  errorMessage?: string;
  customHeaders?: Record<string, string>;
  processInstanceKey: string;
  processDefinitionId?: string;
  elementId: string;
  elementInstanceKey: string;
  /** True once the job failed with retries left (a retry history in one bit). */
  hasFailedWithRetriesLeft?: boolean;
}

export interface IncidentEntity {
  incidentKey: string;
  processInstanceKey: string;
  errorType: string;
  errorMessage: string;
  state: 'ACTIVE' | 'RESOLVED' | string;
  jobKey?: string;
  elementId: string;
  elementInstanceKey?: string;
}

export interface VariableEntity {
  variableKey?: string;
  name: string;
  /** The value as JSON text. */
  value: string;
  scopeKey: string;
  processInstanceKey: string;
}

export interface ProcessInstanceEntity {
  processInstanceKey: string;
  processDefinitionId: string;
  state: 'ACTIVE' | 'COMPLETED' | 'TERMINATED' | string;
  hasIncident: boolean;
}

export interface ElementInstanceEntity {
  elementInstanceKey: string;
  processInstanceKey: string;
  elementId: string;
  type: string;
  state: 'ACTIVE' | 'COMPLETED' | 'TERMINATED' | string;
  hasIncident?: boolean;
}

let headersProvider: ReturnType<typeof constructOAuthProvider> | undefined;

/** The auth headers the SDK would send for the configured CAMUNDA_AUTH_STRATEGY (none for the local engine). */
async function authHeaders(): Promise<Record<string, string>> {
  headersProvider ??= constructOAuthProvider(CamundaEnvironmentConfigurator.mergeConfigWithEnvironment(sdkConfig() as Parameters<typeof CamundaEnvironmentConfigurator.mergeConfigWithEnvironment>[0]));
  const headers = (await headersProvider.getHeaders('ZEEBE')) as Record<string, string>;
  return Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== undefined && v !== ''));
}

/** POST {ZEEBE_REST_ADDRESS}/v2/{entity}/search with {filter, sort, page}; every page, so all matches. */
export async function search<T>(entity: string, filter: SearchFilter, sort?: SearchSort): Promise<T[]> {
  const url = `${stack().ZEEBE_REST_ADDRESS.replace(/\/+$/, '')}/v2/${entity}/search`;
  const headers = { 'content-type': 'application/json', accept: 'application/json', ...(await authHeaders()) };
  const items: T[] = [];
  for (;;) {
    const body = JSON.stringify({ filter, ...(sort ? { sort } : {}), page: { from: items.length, limit: 100 } });
    const r = await fetch(url, { method: 'POST', headers, body });
    const text = await r.text();
    if (!r.ok) throw new Error(`POST ${url} ${body} -> ${r.status} ${text}`);
    const page = JSON.parse(text) as { items: T[]; page: { totalItems: number } };
    items.push(...page.items);
    if (page.items.length === 0 || items.length >= page.page.totalItems) return items;
  }
}

/** Jobs (their last state), e.g. `searchJobs({ processInstanceKey })` or `searchJobs({ type, state: 'COMPLETED' })`. */
export const searchJobs = (filter: SearchFilter, sort?: SearchSort) => search<JobEntity>('jobs', filter, sort);
export const searchIncidents = (filter: SearchFilter, sort?: SearchSort) => search<IncidentEntity>('incidents', filter, sort);
/** Variables of every scope; `value` is JSON text. */
export const searchVariables = (filter: SearchFilter, sort?: SearchSort) => search<VariableEntity>('variables', filter, sort);
export const searchProcessInstances = (filter: SearchFilter, sort?: SearchSort) => search<ProcessInstanceEntity>('process-instances', filter, sort);
export const searchElementInstances = (filter: SearchFilter, sort?: SearchSort) => search<ElementInstanceEntity>('element-instances', filter, sort);

/**
 * The first incident of a process instance, once the search API shows it (a cluster's secondary storage
 * may lag behind the engine by a moment).
 */
export function incidentOf(processInstanceKey: string, timeoutMs?: number): Promise<IncidentEntity> {
  return waitFor(`an incident of process instance ${processInstanceKey}`, async () => (await searchIncidents({ processInstanceKey }))[0], timeoutMs);
}

export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Waits until the engine holds the shortened job timeout a polling worker set (runtime/polling.ts extends it a few
 * intervals at a time), as a crash mid-wait finds it: the job comes back within seconds, not the activation timeout.
 */
export function shortenedJobTimeout(processInstanceKey: string): Promise<JobEntity> {
  return waitFor('the job timeout to be updated by the worker', async () => {
    const [job] = await searchJobs({ processInstanceKey });
    const dueInMs = job?.deadline ? Date.parse(job.deadline) - Date.now() : Infinity;
    return job?.state === 'CREATED' && dueInMs <= 30_000 ? job : undefined;
  });
}
