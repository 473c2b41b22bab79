import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ModelReader } from '../../worker/runtime/model-reader';
import { declaredSecretsOf, fetchModelXml, ModelSecrets } from '../../worker/runtime/model-secrets';
import { fakeJob, jobDeps, processJob, task } from './security-helpers';

// Findings 4 and 10 of the second round: the worker read every deployed model with fast-xml-parser on the event
// loop (100,000 elements blocked it 2.4 s), without a size cap, and a DOCTYPE, an entity or deep nesting came
// back as UNKNOWN_ERROR (retried).
const reader = new ModelReader({ timeoutMs: 10_000, maxMemoryMb: 256, maxDepth: 256 });
afterAll(() => reader.close());

const head = '<?xml version="1.0"?>';
const ns = 'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"';
const taskXml = (id: string, secret: string) =>
  `<bpmn:serviceTask id="${id}"><bpmn:extensionElements><zeebe:ioMapping><zeebe:input source="{{secrets.${secret}}}" target="authentication.accessKey"/></zeebe:ioMapping></bpmn:extensionElements></bpmn:serviceTask>`;
const model = (body: string) => `${head}<bpmn:definitions ${ns}><bpmn:process id="p">${body}</bpmn:process></bpmn:definitions>`;

test.each([
  ['an external entity', `${head}<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><bpmn:definitions ${ns}>&x;</bpmn:definitions>`, /DOCTYPE/],
  ['an entity over 10 kB', `${head}<!DOCTYPE d [<!ENTITY big "${'a'.repeat(20_000)}">]><bpmn:definitions ${ns}>&big;</bpmn:definitions>`, /DOCTYPE/],
  ['nesting 100,000 levels deep', `${head}${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}`, /nested more than 256 levels/],
  ['text that is not XML', 'not <xml', /not well-formed|cannot be read/],
])('a model with %s is INVALID_INPUT naming the cause', async (_what, xml, cause) => {
  await expect(declaredSecretsOf(xml, 'task', reader)).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(cause) });
});

test('a job whose model has a DOCTYPE gets INVALID_INPUT, not UNKNOWN_ERROR', async () => {
  const secrets = new ModelSecrets(async () => `${head}<!DOCTYPE d [<!ENTITY x "y">]>${model(taskXml('task', 'K'))}`.replace(head, ''), reader);
  const placeholders = { source: 'model' as const, declared: () => secrets.declared('9', 'task') };
  const outcome = await processJob(fakeJob({ authentication: { accessKey: '{{secrets.K}}' } }), task(async () => ({})), jobDeps({ K: 'value' }, { placeholders }));
  expect(outcome).toMatchObject({ kind: 'bpmnError', code: 'INVALID_INPUT' });
  expect(outcome.kind === 'bpmnError' && outcome.message).toMatch(/DOCTYPE/);
});

test('a model of 100,000 elements is read off the event loop', async () => {
  const xml = model(`${taskXml('task', 'K')}${'<bpmn:task id="t" name="n"/>'.repeat(100_000)}`);
  let longest = 0;
  let last = Date.now();
  const timer = setInterval(() => {
    longest = Math.max(longest, Date.now() - last);
    last = Date.now();
  }, 5);
  const declared = await declaredSecretsOf(xml, 'task', reader);
  clearInterval(timer);
  expect(declared).toEqual([{ name: 'K', path: ['authentication', 'accessKey'] }]);
  // The old parse held the loop 2.4 s; the hand-over to the thread is one copy of the text.
  expect(longest).toBeLessThan(400);
}, 30_000);

test('a model over MODEL_XML_MAX_BYTES is refused without being read whole, with or without Content-Length', async () => {
  let sent = 0;
  const small = model(taskXml('task', 'K'));
  const server = http.createServer((req, res) => {
    if (req.url?.includes('/3/')) {
      res.end(small);
      return;
    }
    if (req.url?.includes('/1/')) res.writeHead(200, { 'content-length': 5_000_000 });
    else res.writeHead(200);
    const chunk = Buffer.alloc(64 * 1024, 'a');
    const pump = () => {
      while (sent < 5_000_000 && res.write(chunk)) sent += chunk.length;
      if (sent >= 5_000_000) res.end();
    };
    res.on('drain', pump);
    res.on('close', () => res.off('drain', pump));
    pump();
  }).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    for (const key of ['1', '2']) {
      await expect(fetchModelXml(base, async () => ({}), key, 100_000)).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/MODEL_XML_MAX_BYTES/) });
    }
    await expect(fetchModelXml(base, async () => ({}), '../x', 100_000)).rejects.toThrow(/not a process definition key/);
    // Under the cap: the bytes go to the reading thread, which decodes them.
    const secrets = new ModelSecrets((key) => fetchModelXml(base, async () => ({}), key, 100_000), reader);
    await expect(secrets.declared('3', 'task')).resolves.toEqual([{ name: 'K', path: ['authentication', 'accessKey'] }]);
  } finally {
    server.closeAllConnections();
    server.close();
  }
});

test('the model cache is bounded by bytes, and keeps only the mappings that name secrets', async () => {
  const bigSource = `{{secrets.K}}${'x'.repeat(1_000_000)}`;
  let reads = 0;
  const secrets = new ModelSecrets(async () => {
    reads++;
    return model(`<bpmn:serviceTask id="task"><bpmn:extensionElements><zeebe:ioMapping><zeebe:input source="${bigSource}" target="a"/></zeebe:ioMapping></bpmn:extensionElements></bpmn:serviceTask>${'<bpmn:task id="t"/>'.repeat(10_000)}`);
  }, reader);
  for (let key = 1; key <= 20; key++) await secrets.declared(String(key), 'task');
  expect(reads).toBe(20);
  // 20 models of ~1 MB of mappings each (2 MB as JS strings): the cache keeps at most 16 MiB of them.
  expect(secrets.bytes).toBeLessThanOrEqual(16 * 1024 * 1024);
  expect(secrets.bytes).toBeGreaterThan(1_000_000);
  await secrets.declared('20', 'task');
  expect(reads).toBe(20);
  await secrets.declared('1', 'task');
  expect(reads).toBe(21);
}, 60_000);

test('model bytes that share memory are read, and the memory they share is left whole', async () => {
  const xml = model(taskXml('task', 'K'));
  // A small Buffer lives in Node's shared pool (node 22 refuses to move the pool to a thread: it crashed the
  // worker); a view into a larger buffer must not take the rest of that buffer with it.
  const pooled = Buffer.from(xml);
  const larger = Buffer.alloc(xml.length + 10_000, ' ');
  larger.write(xml);
  const view = larger.subarray(0, xml.length);
  for (const bytes of [pooled, view, pooled]) await expect(reader.read(bytes)).resolves.toEqual({ task: [['{{secrets.K}}', 'authentication.accessKey']] });
  expect(pooled.toString()).toBe(xml);
  expect(larger.length).toBe(xml.length + 10_000);
  expect(larger.subarray(0, xml.length).toString()).toBe(xml);
});
