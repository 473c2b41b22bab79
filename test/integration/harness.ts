import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Camunda8 } from '@camunda8/sdk';

type JSONDoc = Parameters<ReturnType<Camunda8["getZeebeGrpcApiClient"]>["createProcessInstance"]>[0]["variables"] & object;
import { S3Client, CreateBucketCommand } from '@aws-sdk/client-s3';

const ROOT = path.resolve(__dirname, '../..');
let logStart: number | undefined;

export interface StackEndpoints {
  ZEEBE_GRPC_ADDRESS: string;
  ZEEBE_REST_ADDRESS: string;
  AWS_REGION: string;
  AWS_ENDPOINT_URL_S3_EMULATOR: string;
  S3_ENDPOINT: string;
  FAULT_PROXY_CONTROL: string;
  ZEEBE_MANAGEMENT_ADDRESS: string;
  STACK_LOG_DIR: string;
}

/** The local stack's endpoints; a missing stack fails the test run instead of skipping it. */
export function stack(): StackEndpoints {
  const file = path.join(ROOT, '.stack/endpoints.json');
  if (!existsSync(file)) throw new Error(`The local stack is not running (${file} is missing): run \`npm run stack:start\` first`);
  const endpoints = JSON.parse(readFileSync(file, 'utf8')) as StackEndpoints;
  // The first call, in a test file's setup, marks where that file's broker records begin.
  if (logStart === undefined) {
    const log = path.join(endpoints.STACK_LOG_DIR, 'camunda.log');
    logStart = existsSync(log) ? statSync(log).size : 0;
  }
  return endpoints;
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

export function camunda(): Camunda8 {
  const s = stack();
  return new Camunda8({
    ZEEBE_GRPC_ADDRESS: s.ZEEBE_GRPC_ADDRESS,
    ZEEBE_REST_ADDRESS: s.ZEEBE_REST_ADDRESS,
    CAMUNDA_AUTH_STRATEGY: 'NONE',
    CAMUNDA_LOG_LEVEL: 'error',
  } as ConstructorParameters<typeof Camunda8>[0]);
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

  static async start(env: Record<string, string>): Promise<WorkerProcess> {
    const s = stack();
    const port = await freePort();
    // tsx loaded in the same process (its CLI would run the worker in a child that SIGKILL does not reach).
    const child = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), path.join(ROOT, 'worker/main.ts')], {
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
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const worker = new WorkerProcess(child, port);
    await worker.waitReady();
    return worker;
  }

  private async waitReady(): Promise<void> {
    const deadline = Date.now() + 60_000;
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
    throw new Error(`worker not ready within 60 s:\n${this.output}`);
  }

  async get(pathname: string): Promise<Response> {
    return fetch(`http://127.0.0.1:${this.port}${pathname}`);
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

/**
 * A one-task process; `catchErrors` adds a catch-all error boundary that keeps the code and message.
 * Zeebe 8.6 does not offer errorCode/errorMessage to output mappings (later versions do), so the
 * `error` variable our BPMN errors carry is read when they are absent.
 */
export function oneTaskProcess(id: string, task: TaskSpec, catchErrors = true): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const inputs = Object.entries(task.inputs ?? {}).map(([target, source]) => `<zeebe:input source="${esc(source)}" target="${esc(target)}"/>`).join('');
  const headers = Object.entries(task.headers ?? {}).map(([k, v]) => `<zeebe:header key="${esc(k)}" value="${esc(v)}"/>`).join('');
  const boundary = catchErrors
    ? `<bpmn:boundaryEvent id="caught" attachedToRef="task"><bpmn:extensionElements><zeebe:ioMapping>
         <zeebe:output source="=if errorCode != null then errorCode else error.code" target="caughtCode"/>
         <zeebe:output source="=if errorMessage != null then errorMessage else error.message" target="caughtMessage"/>
       </zeebe:ioMapping></bpmn:extensionElements><bpmn:outgoing>f3</bpmn:outgoing><bpmn:errorEventDefinition/></bpmn:boundaryEvent>
       <bpmn:sequenceFlow id="f3" sourceRef="caught" targetRef="errorEnd"/><bpmn:endEvent id="errorEnd"><bpmn:incoming>f3</bpmn:incoming></bpmn:endEvent>`
    : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs_${id}" targetNamespace="http://bpmn.io/schema/bpmn">
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
    ${boundary}
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

/** Starts an instance without waiting (for incidents and in-flight tests). */
export async function startInstance(c8: Camunda8, task: TaskSpec, variables: JSONDoc = {}): Promise<{ id: string; processInstanceKey: string }> {
  const id = uniqueId('p');
  const zeebe = c8.getZeebeGrpcApiClient();
  await zeebe.deployResource({ process: Buffer.from(oneTaskProcess(id, task)), name: `${id}.bpmn` });
  const r = await zeebe.createProcessInstance({ bpmnProcessId: id, variables });
  return { id, processInstanceKey: r.processInstanceKey };
}

const brokerLog = () => path.join(stack().STACK_LOG_DIR, 'camunda.log');

/** Records the broker exported (the debug exporter writes them to the broker log), for incidents and job states. */
export function exportedRecords(filter: (record: ExportedRecord) => boolean): ExportedRecord[] {
  const fd = openSync(brokerLog(), 'r');
  let text: string;
  try {
    // Only what the broker logged since this test file started: a long-lived stack's log grows large.
    const from = Math.min(logStart ?? 0, fstatSync(fd).size);
    const bytes = Buffer.alloc(fstatSync(fd).size - from);
    readSync(fd, bytes, 0, bytes.length, from);
    text = bytes.toString('utf8');
  } finally {
    closeSync(fd);
  }
  const out: ExportedRecord[] = [];
  for (const line of text.split('\n')) {
    const start = line.indexOf('{"partitionId"');
    if (start < 0) continue;
    try {
      const record = JSON.parse(line.slice(start)) as ExportedRecord;
      if (filter(record)) out.push(record);
    } catch {
      // a record split over lines or a non-record line
    }
  }
  return out;
}

export interface ExportedRecord {
  timestamp: number;
  valueType: string;
  intent: string;
  recordType: string;
  key: number;
  value: Record<string, unknown> & { processInstanceKey?: number; elementInstanceKey?: number; errorMessage?: string; errorCode?: string; retries?: number; bpmnProcessId?: string; type?: string };
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
