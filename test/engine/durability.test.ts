// The engine keeps its state across its own restart, a crash (SIGKILL) included: an activated job is still
// the worker's after the restart, nothing completed is lost, and documents can still be read.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Camunda8 } from '@camunda8/sdk';
import { boundary, catchEvent, definitions, end, flow, message, serviceTask, start } from './bpmn';
import { engineClient, startEngineProcess, type EngineProcess } from './engine-process';

let dataDir: string;
let engine: EngineProcess | undefined;
let current: Camunda8 | undefined;

/** A client of `e`; the client of the engine before it is closed first, as its server is gone. */
async function client(e: EngineProcess): Promise<Camunda8> {
  await current?.getZeebeGrpcApiClient().close();
  current = engineClient(e);
  return current;
}

async function searchOne<T>(e: EngineProcess, resource: string, filter: Record<string, unknown>): Promise<T | undefined> {
  const r = await fetch(`${e.restAddress}/v2/${resource}/search`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ filter }) });
  expect(r.status).toBe(200);
  return ((await r.json()) as { items: T[] }).items[0];
}

beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'engine-durability-'));
});

afterAll(async () => {
  await current?.getZeebeGrpcApiClient().close();
  await engine?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('after a crash and a restart, activated jobs, completed instances and documents are all there', async () => {
  engine = await startEngineProcess({ dataDir });
  let zeebe = (await client(engine)).getZeebeGrpcApiClient();
  const xml = definitions('durable', start(), serviceTask('task', 'durable-task', { inputs: { doubled: '=n * 2' } }), end(), flow('f1', 'start', 'task'), flow('f2', 'task', 'end'));
  await zeebe.deployResource({ process: Buffer.from(xml), name: 'durable.bpmn' });

  // one instance completed before the crash
  const done = zeebe.createProcessInstanceWithResult({ bpmnProcessId: 'durable', variables: { n: 1 }, requestTimeout: 20_000 });
  const [first] = await zeebe.activateJobs({ type: 'durable-task', worker: 'w1', timeout: 60_000, maxJobsToActivate: 1, requestTimeout: 5000 });
  await zeebe.completeJob({ jobKey: first.key, variables: { out: 'before crash' } });
  const completed = await done;

  // one instance whose job is activated when the engine dies
  const inFlight = await zeebe.createProcessInstance({ bpmnProcessId: 'durable', variables: { n: 21 } });
  const [held] = await zeebe.activateJobs({ type: 'durable-task', worker: 'w1', timeout: 60_000, maxJobsToActivate: 1, requestTimeout: 5000 });
  expect(held.processInstanceKey).toBe(inFlight.processInstanceKey);

  const form = new FormData();
  form.append('file', new Blob([Buffer.from('kept across restarts')], { type: 'text/plain' }), 'note.txt');
  const created = await fetch(`${engine.restAddress}/v2/documents`, { method: 'POST', body: form });
  expect(created.status).toBe(201);
  const reference = (await created.json()) as { documentId: string; contentHash: string };

  await engine.kill();
  engine = await startEngineProcess({ dataDir });
  zeebe = (await client(engine)).getZeebeGrpcApiClient();

  // the completed instance and its variables survived
  expect(await searchOne(engine, 'process-instances', { processInstanceKey: completed.processInstanceKey })).toMatchObject({ state: 'COMPLETED' });
  const out = await searchOne<{ value: string }>(engine, 'variables', { processInstanceKey: completed.processInstanceKey, name: 'out' });
  expect(JSON.parse(out!.value)).toBe('before crash');

  // the held job is still activated (nobody else gets it) and its worker can complete it
  const stolen = await zeebe.activateJobs({ type: 'durable-task', worker: 'w2', timeout: 60_000, maxJobsToActivate: 1, requestTimeout: -1 });
  expect(stolen).toHaveLength(0);
  await zeebe.completeJob({ jobKey: held.key, variables: { out: 'after crash' } });
  expect(await searchOne(engine, 'process-instances', { processInstanceKey: inFlight.processInstanceKey })).toMatchObject({ state: 'COMPLETED' });

  const read = await fetch(`${engine.restAddress}/v2/documents/${reference.documentId}?contentHash=${reference.contentHash}`);
  expect(read.status).toBe(200);
  expect(await read.text()).toBe('kept across restarts');

  // a clean stop keeps it all too, and keys go on without reuse
  expect(await engine.stop('SIGTERM')).toBe(0);
  engine = await startEngineProcess({ dataDir });
  zeebe = (await client(engine)).getZeebeGrpcApiClient();
  const next = await zeebe.createProcessInstance({ bpmnProcessId: 'durable', variables: { n: 0 } });
  expect(BigInt(next.processInstanceKey)).toBeGreaterThan(BigInt(inFlight.processInstanceKey));
  expect(await searchOne(engine, 'process-instances', { processInstanceKey: inFlight.processInstanceKey })).toMatchObject({ state: 'COMPLETED' });
});

test('a job whose deadline passed while the engine was down is activatable after the restart', async () => {
  await engine?.stop();
  engine = await startEngineProcess({ dataDir });
  let zeebe = (await client(engine)).getZeebeGrpcApiClient();
  const instance = await zeebe.createProcessInstance({ bpmnProcessId: 'durable', variables: { n: 2 } });
  const jobs = await zeebe.activateJobs({ type: 'durable-task', worker: 'w1', timeout: 1000, maxJobsToActivate: 10, requestTimeout: 5000 });
  const held = jobs.find((j) => j.processInstanceKey === instance.processInstanceKey)!;
  expect(held).toBeDefined();
  await engine.kill();
  await new Promise((r) => setTimeout(r, 1200));
  engine = await startEngineProcess({ dataDir });
  zeebe = (await client(engine)).getZeebeGrpcApiClient();
  const again = await zeebe.activateJobs({ type: 'durable-task', worker: 'w2', timeout: 60_000, maxJobsToActivate: 10, requestTimeout: 5000 });
  expect(again.map((j) => j.key)).toContain(held.key);
});

test('timers and message subscriptions survive a crash: a timer due while the engine was down fires after the restart, the others when the clock gets there', async () => {
  await engine?.stop();
  const env = { ENGINE_CLOCK_CONTROL: 'true' };
  engine = await startEngineProcess({ dataDir, env });
  let zeebe = (await client(engine)).getZeebeGrpcApiClient();
  const waiting = definitions(
    'waiting',
    message('m', 'paid', '=orderId'),
    start(),
    serviceTask('task', 'waiting-task'),
    boundary('late', 'task', { timer: { duration: '=limit' } }),
    end('e1'),
    end('e2'),
    flow('f1', 'start', 'task'),
    flow('f2', 'task', 'e1'),
    flow('f3', 'late', 'e2'),
  );
  const payment = definitions('payment', message('m', 'paid', '=orderId'), start(), catchEvent('wait', { messageRef: 'm' }), end(), flow('f1', 'start', 'wait'), flow('f2', 'wait', 'end'));
  await zeebe.deployResource({ process: Buffer.from(waiting), name: 'waiting.bpmn' });
  await zeebe.deployResource({ process: Buffer.from(payment), name: 'payment.bpmn' });
  const soon = await zeebe.createProcessInstance({ bpmnProcessId: 'waiting', variables: { limit: 'PT1S' } });
  const later = await zeebe.createProcessInstance({ bpmnProcessId: 'waiting', variables: { limit: 'PT1H' } });
  const paying = await zeebe.createProcessInstance({ bpmnProcessId: 'payment', variables: { orderId: 'o-1' } });
  await engine.kill();
  await new Promise((r) => setTimeout(r, 1500));
  engine = await startEngineProcess({ dataDir, env });
  zeebe = (await client(engine)).getZeebeGrpcApiClient();
  const state = async (key: string) => (await searchOne<{ state: string }>(engine!, 'process-instances', { processInstanceKey: key }))?.state;
  const until = async (key: string) => {
    for (let i = 0; i < 100 && (await state(key)) !== 'COMPLETED'; i++) await new Promise((r) => setTimeout(r, 100));
    return state(key);
  };
  expect(await until(soon.processInstanceKey)).toBe('COMPLETED');
  expect(await state(later.processInstanceKey)).toBe('ACTIVE');
  await fetch(`${engine.restAddress}/actuator/clock/add`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ offsetMilli: 2 * 3600_000 }) });
  expect(await until(later.processInstanceKey)).toBe('COMPLETED');
  await zeebe.publishMessage({ name: 'paid', correlationKey: 'o-1', variables: {}, timeToLive: 0 });
  expect(await until(paying.processInstanceKey)).toBe('COMPLETED');
});
