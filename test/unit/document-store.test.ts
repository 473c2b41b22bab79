// The worker's document store client reaches a cluster whose REST address has a path (SaaS clusters end in
// `/<clusterId>`) and authenticates as the worker's cluster connection does.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { CamundaDocumentStore } from '../../worker/runtime/documents';

let server: http.Server;
let base: string;
const seen: { method?: string; url?: string; authorization?: string }[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push({ method: req.method, url: req.url, authorization: req.headers.authorization });
    req.resume();
    req.on('end', () => {
      if (req.method === 'POST') {
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ 'camunda.document.type': 'camunda', storeId: 'local', documentId: 'doc-1', contentHash: 'h', metadata: { fileName: 'a.txt' } }));
      } else {
        res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2' });
        res.end('hi');
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => server.close());

test('documents are created and read under the REST address path, with the auth headers', async () => {
  const store = new CamundaDocumentStore(`${base}/cluster-7`, async () => ({ authorization: 'Bearer t0k3n' }));
  const ref = await store.create({ stream: Readable.from([Buffer.from('hi')]), fileName: 'a.txt', contentType: 'text/plain' });
  const opened = await store.read(ref);
  let text = '';
  for await (const chunk of opened.stream) text += chunk.toString();
  expect(text).toBe('hi');
  expect(seen.map((s) => `${s.method} ${s.url?.split('?')[0]} ${s.authorization}`)).toEqual([
    'POST /cluster-7/v2/documents Bearer t0k3n',
    'GET /cluster-7/v2/documents/doc-1 Bearer t0k3n',
  ]);
});
