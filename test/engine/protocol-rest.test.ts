// The Camunda 8 REST API v2 of the engine, exercised with the real @camunda8/sdk where it has the call,
// with fetch otherwise, and with the connectors' own document client (worker/runtime/documents.ts).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { Camunda8 } from '@camunda8/sdk';
import { CamundaDocumentStore } from '../../worker/runtime/documents';
import { definitions, end, flow, message, receiveTask, serviceTask, start } from './bpmn';
import { engineClient, startEngineProcess, type EngineProcess } from './engine-process';

let engine: EngineProcess;
let c8: Camunda8;
const rest = () => c8.getCamundaRestClient();

beforeAll(async () => {
  engine = await startEngineProcess();
  c8 = engineClient(engine);
});

afterAll(async () => {
  rest().stopWorkers();
  await engine?.stop();
});

let counter = 0;
const uniqueId = (prefix: string) => `${prefix}-${process.pid}-${++counter}`;

async function deployOneTask(id: string): Promise<string> {
  const type = `${id}-task`;
  const xml = definitions(id, start(), serviceTask('task', type), end(), flow('f1', 'start', 'task'), flow('f2', 'task', 'end'));
  await rest().deployResources([{ content: xml, name: `${id}.bpmn` }]);
  return type;
}

async function api(method: string, urlPath: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> | undefined; contentType: string | null }> {
  const response = await fetch(`${engine.restAddress}${urlPath}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : undefined, contentType: response.headers.get('content-type') };
}

test('GET /v2/topology', async () => {
  const topology = await rest().getTopology();
  expect(topology.clusterSize).toBe(1);
  expect(topology.brokers[0].partitions[0]).toMatchObject({ partitionId: 1, role: 'leader', health: 'healthy' });
});

test('deploy several resources in one multipart request', async () => {
  const a = uniqueId('multi-a');
  const b = uniqueId('multi-b');
  const xml = (id: string) => definitions(id, start(), end(), flow('f1', 'start', 'end'));
  const deployment = await rest().deployResources([
    { content: xml(a), name: `${a}.bpmn` },
    { content: xml(b), name: `${b}.bpmn` },
  ]);
  expect(deployment.deploymentKey).toMatch(/^\d+$/);
  expect(deployment.processes.map((p) => [p.processDefinitionId, p.processDefinitionVersion, p.resourceName])).toEqual([
    [a, 1, `${a}.bpmn`],
    [b, 1, `${b}.bpmn`],
  ]);
});

test("GET a process definition's XML (the connectors' worker reads it)", async () => {
  const id = uniqueId('xml');
  await deployOneTask(id);
  const [definition] = (await rest().searchProcessDefinitions({ filter: { processDefinitionId: id } })).items;
  const xml = await rest().getProcessDefinitionXML(definition.processDefinitionKey);
  expect(xml).toContain(`<bpmn:process id="${id}"`);
  expect((await api('GET', '/v2/process-definitions/123/xml')).status).toBe(404);
});

test('GET a process definition, an element instance and an incident by key', async () => {
  const id = uniqueId('getbykey');
  const type = await deployOneTask(id);
  const [definition] = (await rest().searchProcessDefinitions({ filter: { processDefinitionId: id } })).items;
  expect(await rest().getProcessDefinition(definition.processDefinitionKey)).toMatchObject({ processDefinitionId: id, version: 1 });

  const created = await rest().createProcessInstance({ processDefinitionId: id, variables: {} });
  const [element] = (await rest().searchElementInstances({ filter: { processInstanceKey: created.processInstanceKey, elementId: 'task' } })).items;
  expect(await rest().getElementInstance(element.elementInstanceKey)).toMatchObject({ elementId: 'task', state: 'ACTIVE' });
  const [job] = await rest().activateJobs({ type, worker: 'w', timeout: 30_000, maxJobsToActivate: 1, requestTimeout: 5_000 });
  await rest().failJob({ jobKey: job.jobKey, retries: 0, errorMessage: 'no', retryBackOff: 0 });
  const [incident] = (await rest().searchIncidents({ filter: { processInstanceKey: created.processInstanceKey } })).items;
  expect((await api('GET', `/v2/incidents/${incident.incidentKey}`)).json).toMatchObject({ errorMessage: 'no', state: 'ACTIVE' });
  expect((await api('GET', '/v2/element-instances/123')).status).toBe(404);
});

test('a REST job worker (createJobWorker) completes jobs; awaitCompletion returns the result', async () => {
  const id = uniqueId('restworker');
  const type = await deployOneTask(id);
  const worker = rest().createJobWorker({
    type,
    worker: 'rest-test',
    timeout: 30_000,
    maxJobsToActivate: 5,
    requestTimeout: 5_000,
    pollIntervalMs: 100,
    jobHandler: (job) => job.complete({ tripled: (job.variables as unknown as { n: number }).n * 3 }),
  });
  try {
    const result = await rest().createProcessInstanceWithResult({ processDefinitionId: id, variables: { n: 5 }, requestTimeout: 20_000 });
    expect(result.processDefinitionId).toBe(id);
    expect(result.variables).toEqual({ n: 5, tripled: 15 });
    const only = await rest().createProcessInstanceWithResult({ processDefinitionId: id, variables: { n: 1 }, fetchVariables: ['tripled'], requestTimeout: 20_000 });
    expect(only.variables).toEqual({ tripled: 3 });
  } finally {
    worker.stop();
  }
});

test('activate, fail with back-off, update, complete; a second failure with no retries makes an incident to resolve', async () => {
  const id = uniqueId('restjobs');
  const type = await deployOneTask(id);
  const created = await rest().createProcessInstance({ processDefinitionId: id, variables: { x: 1 } });
  expect(created.processInstanceKey).toMatch(/^\d+$/);

  const [job] = await rest().activateJobs({ type, worker: 'w', timeout: 30_000, maxJobsToActivate: 1, requestTimeout: 5_000 });
  expect(job).toMatchObject({ type, processDefinitionId: id, elementId: 'task', retries: 3, worker: 'w' });
  expect(job.variables).toEqual({ x: 1 });
  await rest().failJob({ jobKey: job.jobKey, retries: 1, errorMessage: 'later', retryBackOff: 500 });
  expect(await rest().activateJobs({ type, worker: 'w', timeout: 30_000, maxJobsToActivate: 1, requestTimeout: -1 })).toEqual([]);
  const [again] = await rest().activateJobs({ type, worker: 'w', timeout: 30_000, maxJobsToActivate: 1, requestTimeout: 5_000 });
  expect(again.jobKey).toBe(job.jobKey);

  await rest().updateJob({ jobKey: again.jobKey, timeout: 60_000 });
  await rest().failJob({ jobKey: again.jobKey, retries: 0, errorMessage: 'broken', retryBackOff: 0 });
  const incidents = await rest().searchIncidents({ filter: { processInstanceKey: created.processInstanceKey } });
  expect(incidents.items).toHaveLength(1);
  const incident = incidents.items[0];
  expect(incident).toMatchObject({ errorType: 'JOB_NO_RETRIES', state: 'ACTIVE', jobKey: job.jobKey });

  expect((await api('PUT', `/v2/element-instances/${created.processInstanceKey}/variables`, { variables: { fixed: 'yes' } })).status).toBe(204);
  await rest().updateJob({ jobKey: job.jobKey, retries: 1 });
  await rest().resolveIncident(incident.incidentKey);
  const [third] = await rest().activateJobs({ type, worker: 'w', timeout: 30_000, maxJobsToActivate: 1, requestTimeout: 5_000 });
  expect(third.variables).toMatchObject({ fixed: 'yes' });
  await rest().completeJob({ jobKey: third.jobKey, variables: { done: true } });

  const instance = await api('GET', `/v2/process-instances/${created.processInstanceKey}`);
  expect(instance.status).toBe(200);
  expect(instance.json).toMatchObject({ processInstanceKey: created.processInstanceKey, processDefinitionId: id, state: 'COMPLETED' });
});

test('throw a BPMN error on a job: without a catch event it becomes an incident', async () => {
  const id = uniqueId('resterror');
  const type = await deployOneTask(id);
  const created = await rest().createProcessInstance({ processDefinitionId: id, variables: {} });
  const [job] = await rest().activateJobs({ type, worker: 'w', timeout: 30_000, maxJobsToActivate: 1, requestTimeout: 5_000 });
  await rest().errorJob({ jobKey: job.jobKey, errorCode: 'NOPE', errorMessage: 'not caught', variables: {} });
  const incidents = await rest().searchIncidents({ filter: { processInstanceKey: created.processInstanceKey } });
  expect(incidents.items[0]).toMatchObject({ errorType: 'UNHANDLED_ERROR_EVENT' });
});

test('cancel a process instance', async () => {
  const id = uniqueId('restcancel');
  await deployOneTask(id);
  const created = await rest().createProcessInstance({ processDefinitionId: id, variables: {} });
  await rest().cancelProcessInstance({ processInstanceKey: created.processInstanceKey });
  expect((await api('GET', `/v2/process-instances/${created.processInstanceKey}`)).json).toMatchObject({ state: 'TERMINATED' });
  const again = await api('POST', `/v2/process-instances/${created.processInstanceKey}/cancellation`);
  expect(again.status).toBe(404);
});

describe('search', () => {
  let id: string;
  const keys: string[] = [];

  beforeAll(async () => {
    id = uniqueId('search');
    await deployOneTask(id);
    for (let i = 0; i < 5; i++) keys.push((await rest().createProcessInstance({ processDefinitionId: id, variables: { i, tag: i % 2 ? 'odd' : 'even' } })).processInstanceKey);
    await rest().cancelProcessInstance({ processInstanceKey: keys[0] });
  });

  test('plain-value filters, sort and paging', async () => {
    const all = await api('POST', '/v2/process-instances/search', { filter: { processDefinitionId: id }, sort: [{ field: 'processInstanceKey', order: 'DESC' }] });
    expect(all.json!.page).toMatchObject({ totalItems: 5 });
    expect((all.json!.items as { processInstanceKey: string }[]).map((i) => i.processInstanceKey)).toEqual([...keys].reverse());

    const page = await api('POST', '/v2/process-instances/search', { filter: { processDefinitionId: id }, sort: [{ field: 'processInstanceKey' }], page: { from: 1, limit: 2 } });
    expect(page.json!.page).toMatchObject({ totalItems: 5 });
    expect((page.json!.items as { processInstanceKey: string }[]).map((i) => i.processInstanceKey)).toEqual(keys.slice(1, 3));

    const active = await rest().searchProcessInstances({ filter: { processDefinitionId: id, state: 'ACTIVE' } });
    expect(active.items).toHaveLength(4);
  });

  test('advanced filters: $in, $neq, $like, $gt, $exists', async () => {
    const count = async (filter: object) => ((await api('POST', '/v2/process-instances/search', { filter: { processDefinitionId: id, ...filter } })).json!.page as { totalItems: number }).totalItems;
    expect(await count({ processInstanceKey: { $in: [keys[1], keys[2], '1'] } })).toBe(2);
    expect(await count({ state: { $neq: 'ACTIVE' } })).toBe(1);
    expect(await count({ processInstanceKey: { $gt: keys[2] } })).toBe(2);
    expect(await count({ endDate: { $exists: true } })).toBe(1);
    expect(await count({ processDefinitionId: { $like: `${id.slice(0, -1)}?` } })).toBe(5);
    expect(await count({ processDefinitionId: { $like: 'search-*' } })).toBe(5);

    const variables = await api('POST', '/v2/variables/search', { filter: { name: 'tag', value: '"odd"', processInstanceKey: { $in: keys } } });
    expect(variables.json!.page).toMatchObject({ totalItems: 2 });
  });

  test('the other search endpoints answer with items and page', async () => {
    const definitions = await rest().searchProcessDefinitions({ filter: { processDefinitionId: id } });
    expect(definitions.items[0]).toMatchObject({ processDefinitionId: id, version: 1 });
    const elements = await rest().searchElementInstances({ filter: { processInstanceKey: keys[1], elementId: 'task' } });
    expect(elements.items[0]).toMatchObject({ elementId: 'task', state: 'ACTIVE' });
    const jobs = await api('POST', '/v2/jobs/search', { filter: { processInstanceKey: keys[1] } });
    expect(jobs.json!.items).toHaveLength(1);
  });

  test('an unknown filter or sort field, or a bad page, is a 400 problem', async () => {
    for (const body of [{ filter: { nope: 1 } }, { sort: [{ field: 'nope' }] }, { page: { limit: 0 } }, { filter: { state: { $bogus: 1 } } }]) {
      const response = await api('POST', '/v2/process-instances/search', body);
      expect(response.status).toBe(400);
      expect(response.contentType).toBe('application/problem+json');
      expect(response.json).toMatchObject({ title: 'INVALID_ARGUMENT', status: 400, instance: '/v2/process-instances/search' });
    }
  });
});

describe('errors', () => {
  test('an unknown job key is a 404 problem', async () => {
    const response = await api('POST', '/v2/jobs/2251799813685000/completion', {});
    expect(response.status).toBe(404);
    expect(response.json).toMatchObject({ type: 'about:blank', title: 'NOT_FOUND', status: 404, instance: '/v2/jobs/2251799813685000/completion' });
    expect(response.json!.detail).toEqual(expect.any(String));
    await expect(rest().completeJob({ jobKey: '2251799813685000', variables: {} })).rejects.toThrow(/404/);
  });

  test('malformed bodies and variables are 400 problems', async () => {
    expect((await api('POST', '/v2/process-instances', '{not json')).status).toBe(400);
    expect((await api('POST', '/v2/process-instances', { processDefinitionId: 'x', variables: [1] })).status).toBe(400);
    expect((await api('POST', '/v2/process-instances', { variables: {} })).json).toMatchObject({ status: 400, detail: expect.stringContaining('processDefinitionId') });
    expect((await api('POST', '/v2/jobs/activation', { worker: 'w', timeout: 1000, maxJobsToActivate: 1 })).status).toBe(400);
    expect((await api('PATCH', '/v2/jobs/1', { changeset: {} })).status).toBe(400);
  });

  test('variables nested 5,000 levels deep are a 400 before anything is written: no instance, and the variables search still answers', async () => {
    const id = uniqueId('restdeep');
    await deployOneTask(id);
    const deep = `{"processDefinitionId":"${id}","variables":{"v":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}}`;
    const response = await api('POST', '/v2/process-instances', deep);
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({ title: 'INVALID_ARGUMENT', detail: expect.stringContaining("Property 'variables' is invalid") });
    expect((await api('POST', '/v2/process-instances/search', { filter: { processDefinitionId: id } })).json).toMatchObject({ items: [] });
    expect((await api('POST', '/v2/variables/search', {})).status).toBe(200);
  });

  test('a deployment over the caps is a 413, by total size and by resource count (ENGINE_MAX_DEPLOYMENT_BYTES, ENGINE_MAX_DEPLOYMENT_RESOURCES)', async () => {
    const small = await startEngineProcess({ env: { ENGINE_MAX_DEPLOYMENT_BYTES: '3000', ENGINE_MAX_DEPLOYMENT_RESOURCES: '2' } });
    try {
      const xml = (id: string) => definitions(id, start(), end(), flow('f1', 'start', 'end'));
      const upload = async (files: { name: string; content: string }[]) => {
        const form = new FormData();
        for (const f of files) form.append('resources', new Blob([f.content]), f.name);
        const response = await fetch(`${small.restAddress}/v2/deployments`, { method: 'POST', body: form });
        return { status: response.status, json: (await response.json()) as Record<string, unknown> };
      };
      expect((await upload([{ name: 'a.bpmn', content: xml('capa') }])).status).toBe(200);
      const three = await upload(['a', 'b', 'c'].map((n) => ({ name: `${n}.bpmn`, content: xml(`cap${n}`) })));
      expect(three).toMatchObject({ status: 413, json: { detail: expect.stringContaining('at most 2 resources') } });
      const big = await upload([{ name: 'big.bpmn', content: xml('capbig').replace('</bpmn:definitions>', `<!-- ${'x'.repeat(5000)} --></bpmn:definitions>`) }]);
      expect(big).toMatchObject({ status: 413, json: { detail: expect.stringContaining('ENGINE_MAX_DEPLOYMENT_BYTES') } });
    } finally {
      await small.stop();
    }
  });

  test('awaitCompletion past its request timeout is a 504 problem', async () => {
    const id = uniqueId('rest504');
    await deployOneTask(id);
    const response = await api('POST', '/v2/process-instances', { processDefinitionId: id, awaitCompletion: true, requestTimeout: 300 });
    expect(response.status).toBe(504);
    expect(response.json).toMatchObject({ title: 'DEADLINE_EXCEEDED', status: 504 });
  });

  test('an unknown route is a 404 problem; a known path with another method is a 405', async () => {
    expect(await api('GET', '/v2/nothing-here')).toMatchObject({ status: 404, contentType: 'application/problem+json' });
    expect((await api('DELETE', '/v2/topology')).status).toBe(405);
  });

  test('deployments need multipart with resources', async () => {
    expect((await api('POST', '/v2/deployments', {})).status).toBe(415);
    const form = new FormData();
    form.append('tenantId', '<default>');
    expect((await fetch(`${engine.restAddress}/v2/deployments`, { method: 'POST', body: form })).status).toBe(400);
  });
});

describe('messages (Camunda 8 REST API: Publish a message, Correlate a message)', () => {
  test('publication answers with the message key; a message id is refused as a duplicate (409) while it is buffered', async () => {
    const name = uniqueId('restmsg');
    const published = await rest().publishMessage({ name, correlationKey: 'k1', timeToLive: 60_000, messageId: 'id-1', variables: { a: 1 } });
    expect(published).toMatchObject({ messageKey: expect.stringMatching(/^\d+$/), tenantId: '<default>' });
    const again = await api('POST', '/v2/messages/publication', { name, correlationKey: 'k1', timeToLive: 60_000, messageId: 'id-1' });
    expect(again).toMatchObject({ status: 409, json: { title: 'ALREADY_EXISTS' } });
    expect((await api('POST', '/v2/messages/publication', { correlationKey: 'k1' })).status).toBe(400);
  });

  test('correlation answers with the first process instance it reached, and 404 when nothing waits for the message', async () => {
    const name = uniqueId('restcorr');
    const missing = await api('POST', '/v2/messages/correlation', { name, correlationKey: 'nobody' });
    expect(missing).toMatchObject({ status: 404, json: { title: 'NOT_FOUND', detail: expect.stringContaining(`message with name '${name}' and correlation key 'nobody'`) } });
    const id = uniqueId('restcorrp');
    const xml = definitions(id, message('msg', name, '=orderId'), start(), receiveTask('wait', 'msg'), end(), flow('f1', 'start', 'wait'), flow('f2', 'wait', 'end'));
    await rest().deployResources([{ content: xml, name: `${id}.bpmn` }]);
    const created = await rest().createProcessInstance({ processDefinitionId: id, variables: { orderId: 'o-7' } });
    const correlated = await rest().correlateMessage({ name, correlationKey: 'o-7', variables: { paid: true } });
    expect(correlated).toMatchObject({ messageKey: expect.stringMatching(/^\d+$/), processInstanceKey: created.processInstanceKey, tenantId: '<default>' });
  });
});

describe('documents', () => {
  test('the SDK uploads (file part first), downloads and deletes a document', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'doc-test-'));
    const file = path.join(dir, 'hello.txt');
    fs.writeFileSync(file, 'hello, documents');
    try {
      const reference = await rest().uploadDocument({ file: fs.createReadStream(file), metadata: { contentType: 'text/plain', fileName: 'greeting.txt', customProperties: { a: 1 } } });
      expect(reference).toMatchObject({ 'camunda.document.type': 'camunda', documentId: expect.any(String), storeId: expect.any(String), contentHash: expect.any(String) });
      expect(reference.metadata).toMatchObject({ contentType: 'text/plain', fileName: 'greeting.txt', customProperties: { a: 1 } });

      const content = await rest().downloadDocument({ documentId: reference.documentId, storeId: reference.storeId, contentHash: reference.contentHash });
      expect(content.toString()).toBe('hello, documents');
      const response = await fetch(`${engine.restAddress}/v2/documents/${reference.documentId}`);
      expect(response.headers.get('content-type')).toBe('text/plain');
      expect(response.headers.get('content-disposition')).toContain('filename="greeting.txt"');
      await response.arrayBuffer();

      await rest().deleteDocument({ documentId: reference.documentId });
      expect((await api('GET', `/v2/documents/${reference.documentId}`)).status).toBe(404);
      expect((await api('DELETE', `/v2/documents/${reference.documentId}`)).status).toBe(404);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a chosen documentId is kept; uploading it twice is refused', async () => {
    const documentId = uniqueId('doc');
    const upload = () => {
      const form = new FormData();
      form.append('file', new Blob(['x'], { type: 'application/octet-stream' }), 'x.bin');
      return fetch(`${engine.restAddress}/v2/documents?documentId=${documentId}`, { method: 'POST', body: form });
    };
    const first = await upload();
    expect(first.status).toBe(201);
    expect(((await first.json()) as { documentId: string }).documentId).toBe(documentId);
    const second = await upload();
    expect(second.status).toBeGreaterThanOrEqual(400);
    await second.text();
  });

  test('a document without a file part is a 400', async () => {
    const form = new FormData();
    form.append('metadata', JSON.stringify({ fileName: 'x' }));
    expect((await fetch(`${engine.restAddress}/v2/documents`, { method: 'POST', body: form })).status).toBe(400);
  });

  test('a 200 MB document streams through (worker document client) with the engine memory bounded', async () => {
    const size = 200 * 1024 * 1024;
    const store = new CamundaDocumentStore(engine.restAddress);
    const rssBefore = rssOf(engine.pid);
    let peak = rssBefore;
    const sampler = setInterval(() => (peak = Math.max(peak, rssOf(engine.pid))), 50);
    try {
      const sent = createHash('sha256');
      const reference = await store.create({ stream: generated(size, sent), size, contentType: 'application/octet-stream', fileName: 'big.bin' });
      expect(reference.metadata).toMatchObject({ fileName: 'big.bin', contentType: 'application/octet-stream' });

      const opened = await store.read(reference);
      const received = createHash('sha256');
      let length = 0;
      for await (const chunk of opened.stream) {
        received.update(chunk as Buffer);
        length += (chunk as Buffer).length;
      }
      expect(length).toBe(size);
      expect(received.digest('hex')).toBe(sent.digest('hex'));
    } finally {
      clearInterval(sampler);
    }
    // Buffering the document would add at least its 200 MB; streaming adds little.
    expect(peak - rssBefore).toBeLessThan(100 * 1024 * 1024);
  });
});

/** `size` bytes of a repeating non-trivial pattern, produced on demand and hashed into `hash` as they go. */
function generated(size: number, hash: ReturnType<typeof createHash>): Readable {
  const block = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < block.length; i++) block[i] = (i * 31 + 7) & 0xff;
  let produced = 0;
  return new Readable({
    read() {
      if (produced >= size) {
        this.push(null);
        return;
      }
      const chunk = Buffer.from(block.subarray(0, Math.min(block.length, size - produced)));
      chunk[0] = produced / block.length; // every block differs a little
      produced += chunk.length;
      hash.update(chunk);
      this.push(chunk);
    },
  });
}

/** Resident memory of a process, from /proc (Linux). */
function rssOf(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

describe('process', () => {
  test('the ready line names both addresses; SIGTERM answers a pending long poll and exits 0 promptly', async () => {
    const own = await startEngineProcess();
    expect(own.output()).toMatch(/^engine ready grpc=127\.0\.0\.1:\d+ rest=127\.0\.0\.1:\d+ in \d+ ms$/m);
    const poll = fetch(`${own.restAddress}/v2/jobs/activation`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'never', worker: 'w', timeout: 1000, maxJobsToActivate: 1, requestTimeout: 60_000 }),
    });
    await new Promise((r) => setTimeout(r, 200));
    const stopping = Date.now();
    expect(await own.stop('SIGTERM')).toBe(0);
    expect(Date.now() - stopping).toBeLessThan(3000);
    const response = await poll;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ jobs: [] });
  });
});
