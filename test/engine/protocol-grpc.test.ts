// The Zeebe gRPC gateway of the engine, exercised with the real @camunda8/sdk (and a raw grpc-js client
// where the SDK cannot send what a test needs, such as malformed variables).
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { Camunda8 } from '@camunda8/sdk';
import { definitions, end, error, errorBoundary, flow, serviceTask, start } from './bpmn';
import { engineClient, startEngineProcess, type EngineProcess } from './engine-process';

let engine: EngineProcess;
let c8: Camunda8;
let raw: grpc.Client & Record<string, (request: object, callback: (error: grpc.ServiceError | null, response: Record<string, unknown>) => void) => void>;
const zeebe = () => c8.getZeebeGrpcApiClient();

beforeAll(async () => {
  engine = await startEngineProcess();
  c8 = engineClient(engine);
  const proto = path.join(path.dirname(require.resolve('@camunda8/sdk/package.json')), 'dist', 'proto', 'zeebe.proto');
  const pkg = grpc.loadPackageDefinition(loadSync(proto, { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true }));
  const Gateway = (pkg.gateway_protocol as grpc.GrpcObject).Gateway as grpc.ServiceClientConstructor;
  raw = new Gateway(engine.grpcAddress, grpc.credentials.createInsecure()) as typeof raw;
});

afterAll(async () => {
  raw?.close();
  await zeebe().close();
  await engine?.stop();
});

let counter = 0;
const uniqueId = (prefix: string) => `${prefix}-${process.pid}-${++counter}`;

/** A process with one service task of type `<id>-task`. */
async function deployOneTask(id: string, extra: string[] = []): Promise<string> {
  const type = `${id}-task`;
  await zeebe().deployResource({
    process: Buffer.from(definitions(id, start(), serviceTask('task', type), end(), flow('f1', 'start', 'task'), flow('f2', 'task', 'end'), ...extra)),
    name: `${id}.bpmn`,
  });
  return type;
}

function call(method: string, request: object): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => raw[method](request, (e, response) => (e ? reject(e) : resolve(response))));
}

async function restSearch(entity: string, filter: object): Promise<Record<string, unknown>[]> {
  const response = await fetch(`${engine.restAddress}/v2/${entity}/search`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ filter }) });
  return ((await response.json()) as { items: Record<string, unknown>[] }).items;
}

test('Topology answers with one healthy leader partition', async () => {
  const topology = await zeebe().topology();
  expect(topology.clusterSize).toBe(1);
  expect(topology.brokers[0].partitions[0]).toMatchObject({ partitionId: 1, role: 'LEADER', health: 'HEALTHY' });
});

test('DeployResource answers with the process metadata', async () => {
  const id = uniqueId('deploy');
  const xml = definitions(id, start(), end(), flow('f1', 'start', 'end'));
  const first = await zeebe().deployResource({ process: Buffer.from(xml), name: `${id}.bpmn` });
  expect(first.deployments[0].process).toMatchObject({ bpmnProcessId: id, version: 1, resourceName: `${id}.bpmn` });
  expect(first.key).toMatch(/^\d+$/);
  const second = await zeebe().deployResource({ process: Buffer.from(xml.replace('id="end"', 'id="end2"').replace("'end'", "'end2'").replace('targetRef="end"', 'targetRef="end2"')), name: `${id}.bpmn` });
  expect(second.deployments[0].process.version).toBe(2);
});

test('a polling worker (createWorker) completes jobs; CreateProcessInstanceWithResult returns the result', async () => {
  const id = uniqueId('poll');
  const type = await deployOneTask(id);
  const worker = zeebe().createWorker({
    taskType: type,
    timeout: 30_000,
    taskHandler: (job) => job.complete({ doubled: (job.variables as { n: number }).n * 2 }),
  });
  try {
    const result = await zeebe().createProcessInstanceWithResult({ bpmnProcessId: id, variables: { n: 21 }, requestTimeout: 20_000 });
    expect(result.bpmnProcessId).toBe(id);
    expect(result.variables).toEqual({ n: 21, doubled: 42 });
    const only = await zeebe().createProcessInstanceWithResult({ bpmnProcessId: id, variables: { n: 1 }, fetchVariables: ['doubled'], requestTimeout: 20_000 });
    expect(only.variables).toEqual({ doubled: 2 });
  } finally {
    await worker.close();
  }
});

test('a streaming worker (StreamActivatedJobs) gets jobs pushed, including ones created after it opened', async () => {
  const id = uniqueId('stream');
  const type = await deployOneTask(id);
  const seen: string[] = [];
  const stream = await zeebe().streamJobs({
    type,
    worker: 'stream-test',
    tenantIds: [],
    timeout: 30_000,
    pollInterval: 0, // only the initial backfill poll, before the instances exist: the rest must be pushed
    taskHandler: (job) => {
      seen.push(job.processInstanceKey);
      return job.complete({ streamed: true });
    },
  });
  try {
    await new Promise((r) => setTimeout(r, 300)); // the stream is open before the instances exist
    const results = await Promise.all(
      [1, 2, 3].map(() => zeebe().createProcessInstanceWithResult({ bpmnProcessId: id, variables: {}, requestTimeout: 20_000 })),
    );
    for (const r of results) expect(r.variables).toEqual({ streamed: true });
    expect(seen.sort()).toEqual(results.map((r) => r.processInstanceKey).sort());
  } finally {
    stream.close();
  }
});

test('ActivateJobs long-polls until a job arrives, honours maxJobsToActivate and fetchVariable', async () => {
  const id = uniqueId('longpoll');
  const type = await deployOneTask(id);
  const polling = zeebe().activateJobs({ type, worker: 'w', timeout: 30_000, maxJobsToActivate: 2, requestTimeout: 10_000, fetchVariable: ['a'] });
  await new Promise((r) => setTimeout(r, 300));
  for (let i = 0; i < 3; i++) await zeebe().createProcessInstance({ bpmnProcessId: id, variables: { a: i, b: 'hidden' } });
  const jobs = await polling;
  expect(jobs.length).toBeGreaterThanOrEqual(1);
  expect(jobs.length).toBeLessThanOrEqual(2);
  expect(Object.keys(jobs[0].variables)).toEqual(['a']);
  expect(jobs[0].worker).toBe('w');
  expect(Number(jobs[0].deadline)).toBeGreaterThan(Date.now());
  const rest = await zeebe().activateJobs({ type, worker: 'w', timeout: 30_000, maxJobsToActivate: 10, requestTimeout: -1 });
  expect(jobs.length + rest.length).toBe(3);
  for (const job of [...jobs, ...rest]) await zeebe().completeJob({ jobKey: job.key, variables: {} });
});

test('ActivateJobs with no jobs answers empty after the request timeout, or at once when it is negative', async () => {
  const type = uniqueId('none');
  let started = Date.now();
  expect(await zeebe().activateJobs({ type, worker: 'w', timeout: 1000, maxJobsToActivate: 1, requestTimeout: 700 })).toEqual([]);
  expect(Date.now() - started).toBeGreaterThanOrEqual(600);
  started = Date.now();
  expect(await zeebe().activateJobs({ type, worker: 'w', timeout: 1000, maxJobsToActivate: 1, requestTimeout: -1 })).toEqual([]);
  expect(Date.now() - started).toBeLessThan(500);
});

test('FailJob with retries and a back-off makes the job activatable again only after the back-off', async () => {
  const id = uniqueId('fail');
  const type = await deployOneTask(id);
  await zeebe().createProcessInstance({ bpmnProcessId: id, variables: {} });
  const [job] = await zeebe().activateJobs({ type, worker: 'w', timeout: 30_000, maxJobsToActivate: 1, requestTimeout: 5000 });
  const failedAt = Date.now();
  await zeebe().failJob({ jobKey: job.key, retries: 2, errorMessage: 'try again', retryBackOff: 1000, variables: { attempt: 1 } });
  expect(await zeebe().activateJobs({ type, worker: 'w', timeout: 30_000, maxJobsToActivate: 1, requestTimeout: -1 })).toEqual([]);
  const [again] = await zeebe().activateJobs({ type, worker: 'w', timeout: 30_000, maxJobsToActivate: 1, requestTimeout: 5000 });
  expect(Date.now() - failedAt).toBeGreaterThanOrEqual(900);
  expect(again.key).toBe(job.key);
  expect(again.retries).toBe(2);
  expect(again.variables).toMatchObject({ attempt: 1 });
  await zeebe().completeJob({ jobKey: again.key, variables: {} });
});

test('a job failed with no retries left raises an incident; UpdateJobRetries and ResolveIncident recover it', async () => {
  const id = uniqueId('incident');
  const type = await deployOneTask(id);
  const created = await zeebe().createProcessInstance({ bpmnProcessId: id, variables: {} });
  const [job] = await zeebe().activateJobs({ type, worker: 'w', timeout: 30_000, maxJobsToActivate: 1, requestTimeout: 5000 });
  await zeebe().failJob({ jobKey: job.key, retries: 0, errorMessage: 'broken', retryBackOff: 0 });
  const [incident] = await restSearch('incidents', { processInstanceKey: created.processInstanceKey, state: 'ACTIVE' });
  expect(incident).toMatchObject({ errorType: 'JOB_NO_RETRIES', errorMessage: 'broken', jobKey: job.key });

  await zeebe().setVariables({ elementInstanceKey: created.processInstanceKey, variables: { fixed: true }, local: false });
  await zeebe().updateJobRetries({ jobKey: job.key, retries: 1 });
  await zeebe().resolveIncident({ incidentKey: incident.incidentKey as string });
  const [again] = await zeebe().activateJobs({ type, worker: 'w', timeout: 30_000, maxJobsToActivate: 1, requestTimeout: 5000 });
  expect(again.key).toBe(job.key);
  expect(again.variables).toMatchObject({ fixed: true });
  await zeebe().updateJobTimeout({ jobKey: again.key, timeout: 60_000 });
  await zeebe().completeJob({ jobKey: again.key, variables: {} });
});

test('ThrowError is caught by an error boundary event, with the error variables', async () => {
  const id = uniqueId('throw');
  const type = `${id}-task`;
  await zeebe().deployResource({
    process: Buffer.from(
      definitions(id, error('err_oops', 'OOPS'), start(), serviceTask('task', type), errorBoundary('caught', 'task', { errorRef: 'err_oops' }), end(), end('handled'),
        flow('f1', 'start', 'task'), flow('f2', 'task', 'end'), flow('f3', 'caught', 'handled')),
    ),
    name: `${id}.bpmn`,
  });
  const created = await zeebe().createProcessInstance({ bpmnProcessId: id, variables: {} });
  const [job] = await zeebe().activateJobs({ type, worker: 'w', timeout: 30_000, maxJobsToActivate: 1, requestTimeout: 5000 });
  await zeebe().throwError({ jobKey: job.key, errorCode: 'OOPS', errorMessage: 'it went wrong', variables: { reason: 'x' } });
  const handled = await restSearch('element-instances', { processInstanceKey: created.processInstanceKey, elementId: 'handled' });
  expect(handled).toHaveLength(1);
});

test('CancelProcessInstance terminates the instance', async () => {
  const id = uniqueId('cancel');
  await deployOneTask(id);
  const created = await zeebe().createProcessInstance({ bpmnProcessId: id, variables: {} });
  await zeebe().cancelProcessInstance(created.processInstanceKey);
  const [instance] = await restSearch('process-instances', { processInstanceKey: created.processInstanceKey });
  expect(instance.state).toBe('TERMINATED');
});

describe('errors', () => {
  test('an unknown job key is NOT_FOUND', async () => {
    await expect(call('CompleteJob', { jobKey: '2251799813685000', variables: '{}' })).rejects.toMatchObject({ code: grpc.status.NOT_FOUND });
    await expect(zeebe().completeJob({ jobKey: '2251799813685001', variables: {} })).rejects.toThrow(/NOT_FOUND|not found/i);
  });

  test('variables that are not a JSON object are INVALID_ARGUMENT, in Zeebe words', async () => {
    const id = uniqueId('badvars');
    await deployOneTask(id);
    await expect(call('CreateProcessInstance', { bpmnProcessId: id, version: -1, variables: '[1, 2]' })).rejects.toMatchObject({
      code: grpc.status.INVALID_ARGUMENT,
      details: "Property 'variables' is invalid: Expected document to be a root level object, but was 'ARRAY'",
    });
    await expect(call('CreateProcessInstance', { bpmnProcessId: id, version: -1, variables: '{not json' })).rejects.toMatchObject({ code: grpc.status.INVALID_ARGUMENT });
    await expect(call('CompleteJob', { jobKey: '2251799813685000', variables: '42' })).rejects.toMatchObject({
      code: grpc.status.INVALID_ARGUMENT,
      details: expect.stringContaining("but was 'INTEGER'"),
    });
  });

  test('an unknown process is NOT_FOUND; CreateProcessInstanceWithResult times out with DEADLINE_EXCEEDED', async () => {
    await expect(call('CreateProcessInstance', { bpmnProcessId: uniqueId('nope'), version: -1 })).rejects.toMatchObject({ code: grpc.status.NOT_FOUND });
    const id = uniqueId('slow');
    await deployOneTask(id);
    await expect(call('CreateProcessInstanceWithResult', { request: { bpmnProcessId: id, version: -1 }, requestTimeout: 300 })).rejects.toMatchObject({
      code: grpc.status.DEADLINE_EXCEEDED,
    });
  });

  test('variables nested 5,000 levels deep are INVALID_ARGUMENT before anything is written', async () => {
    const id = uniqueId('grpcdeep');
    await deployOneTask(id);
    const deep = `{"v":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`;
    await expect(call('CreateProcessInstance', { bpmnProcessId: id, version: -1, variables: deep })).rejects.toMatchObject({ code: grpc.status.INVALID_ARGUMENT });
    const found = await fetch(`${engine.restAddress}/v2/process-instances/search`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ filter: { processDefinitionId: id } }) });
    expect(await found.json()).toMatchObject({ items: [] });
  });

  test('a deployment over the resource cap is RESOURCE_EXHAUSTED (the SDK retries that code as back-pressure, so a raw client asks)', async () => {
    const small = await startEngineProcess({ env: { ENGINE_MAX_DEPLOYMENT_RESOURCES: '1' } });
    const client = new (raw.constructor as new (address: string, credentials: grpc.ChannelCredentials) => typeof raw)(small.grpcAddress, grpc.credentials.createInsecure());
    try {
      const xml = (id: string) => Buffer.from(definitions(id, start(), end(), flow('f1', 'start', 'end')));
      const failure = await new Promise<grpc.ServiceError | null>((resolve) =>
        client.DeployResource({ resources: [{ name: 'g1.bpmn', content: xml('g1') }, { name: 'g2.bpmn', content: xml('g2') }] }, (e) => resolve(e)),
      );
      expect(failure).toMatchObject({ code: grpc.status.RESOURCE_EXHAUSTED, details: expect.stringContaining('ENGINE_MAX_DEPLOYMENT_RESOURCES') });
    } finally {
      client.close();
      await small.stop();
    }
  });

  test('PublishMessage answers with the message key; a buffered message id is ALREADY_EXISTS', async () => {
    const name = uniqueId('grpcmsg');
    const published = await zeebe().publishMessage({ name, correlationKey: 'k', timeToLive: 60_000, messageId: 'm-1', variables: {} });
    expect(published.key).toMatch(/^\d+$/);
    await expect(call('PublishMessage', { name, correlationKey: 'k', timeToLive: 60_000, messageId: 'm-1', variables: '{}' })).rejects.toMatchObject({ code: grpc.status.ALREADY_EXISTS });
  });

  test('RPCs the engine does not implement are UNIMPLEMENTED, streaming ones too', async () => {
    await expect(call('BroadcastSignal', { signalName: 's' })).rejects.toMatchObject({
      code: grpc.status.UNIMPLEMENTED,
      details: expect.stringContaining('BroadcastSignal'),
    });
    await expect(call('EvaluateDecision', { decisionId: 'd' })).rejects.toMatchObject({ code: grpc.status.UNIMPLEMENTED });
  });

  test('invalid activation requests are INVALID_ARGUMENT', async () => {
    const stream = (raw as unknown as { ActivateJobs(r: object): grpc.ClientReadableStream<unknown> }).ActivateJobs({ type: '', worker: 'w', timeout: 1000, maxJobsToActivate: 1 });
    const failure = await new Promise<grpc.ServiceError>((resolve) => {
      stream.on('error', resolve);
      stream.on('data', () => undefined);
    });
    expect(failure.code).toBe(grpc.status.INVALID_ARGUMENT);
  });
});
