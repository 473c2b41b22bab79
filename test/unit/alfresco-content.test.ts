/**
 * The Alfresco Content Services stand-in (test/fakes/alfresco-content.ts): node content by nodeId with
 * its type, length and name, Basic auth, ACS's error JSON for 401 and 404, the node entry, and the
 * control routes; also that it runs as a script. Needs no stack.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { NODES_PATH, startAlfrescoContent, type AlfrescoContent } from '../fakes/alfresco-content';

const PNG = readFileSync(path.resolve(__dirname, '../fakes/aws-ai/fixtures/rekognition/gradient-32x32.png'));
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const ADMIN = { authorization: basic('admin', 'admin') };
const ACS_STACK_TRACE = 'For security reasons the stack trace is no longer displayed, but the property is kept for previous versions';

let acs: AlfrescoContent;
const content = (id: string) => `${acs.url}${NODES_PATH}${encodeURIComponent(id)}/content`;

beforeAll(async () => {
  acs = await startAlfrescoContent({ port: 0 });
});

afterEach(async () => {
  await fetch(`${acs.url}/_control/nodes`, { method: 'DELETE' });
});

afterAll(async () => {
  await acs?.close();
});

describe('content by nodeId', () => {
  test('bytes, content-type, content-length and content-disposition of the node', async () => {
    acs.addNode('8f2a7c1e-0b4d-4e4b-9a57-3c1d2e5f6a7b', { name: 'gradient.png', mimeType: 'image/png', bytes: PNG });
    const r = await fetch(content('8f2a7c1e-0b4d-4e4b-9a57-3c1d2e5f6a7b'), { headers: ADMIN });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('image/png');
    expect(r.headers.get('content-length')).toBe(String(PNG.length));
    expect(r.headers.get('content-disposition')).toBe('attachment; filename="gradient.png"');
    expect(Buffer.from(await r.arrayBuffer()).equals(PNG)).toBe(true);
  });

  test('large content is streamed whole; HEAD gives the headers only', async () => {
    const big = Buffer.alloc(3 * 1024 * 1024 + 17);
    for (let i = 0; i < big.length; i++) big[i] = (i * 31) & 0xff;
    acs.addNode('big', { name: 'scan.jpg', mimeType: 'image/jpeg', bytes: big });
    const r = await fetch(content('big'), { headers: ADMIN });
    expect(r.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await r.arrayBuffer()).equals(big)).toBe(true);
    const h = await fetch(content('big'), { method: 'HEAD', headers: ADMIN });
    expect(h.status).toBe(200);
    expect(h.headers.get('content-length')).toBe(String(big.length));
    expect(await h.text()).toBe('');
  });

  test('a name with quotes and non-ASCII characters gets an ASCII filename and filename*', async () => {
    acs.addNode('n1', { name: 'Grüße "1".png', mimeType: 'image/png', bytes: PNG });
    const r = await fetch(content('n1'), { headers: ADMIN });
    expect(r.headers.get('content-disposition')).toBe(`attachment; filename="Gr__e _1_.png"; filename*=UTF-8''${encodeURIComponent('Grüße "1".png')}`);
  });

  test('the node entry', async () => {
    acs.addNode('n2', { name: 'gradient.png', mimeType: 'image/png', bytes: PNG });
    const r = await fetch(`${acs.url}${NODES_PATH}n2`, { headers: ADMIN });
    expect(r.status).toBe(200);
    const body = (await r.json()) as { entry: Record<string, unknown> };
    expect(body.entry).toMatchObject({
      id: 'n2',
      name: 'gradient.png',
      nodeType: 'cm:content',
      isFile: true,
      isFolder: false,
      content: { mimeType: 'image/png', mimeTypeName: 'PNG Image', sizeInBytes: PNG.length, encoding: 'UTF-8' },
    });
    expect(body.entry.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
  });
});

describe("errors in ACS's JSON", () => {
  const expectAcsError = async (r: Response, statusCode: number, errorKey: string, summary: RegExp) => {
    expect(r.status).toBe(statusCode);
    expect(r.headers.get('content-type')).toBe('application/json');
    const { error } = (await r.json()) as { error: Record<string, unknown> };
    expect(Object.keys(error).sort()).toEqual(['briefSummary', 'descriptionURL', 'errorKey', 'stackTrace', 'statusCode']);
    expect(error).toMatchObject({ errorKey, statusCode, stackTrace: ACS_STACK_TRACE, descriptionURL: 'https://api-explorer.alfresco.com' });
    expect(error.briefSummary).toMatch(summary);
  };

  test('401 without credentials, with a wrong password, a wrong user or another scheme', async () => {
    acs.addNode('n3', { name: 'gradient.png', mimeType: 'image/png', bytes: PNG });
    const attempts: Record<string, string>[] = [{}, { authorization: basic('admin', 'wrong') }, { authorization: basic('guest', 'admin') }, { authorization: 'Bearer abc' }];
    for (const headers of attempts) {
      await expectAcsError(await fetch(content('n3'), { headers }), 401, 'framework.exception.ApiDefault', /^\d{8} Authentication failed for Web Script/);
    }
    // an unknown node is a 401 too without credentials (authentication comes first)
    await expectAcsError(await fetch(content('nope')), 401, 'framework.exception.ApiDefault', /Authentication failed/);
    await expectAcsError(await fetch(`${acs.url}${NODES_PATH}n3`), 401, 'framework.exception.ApiDefault', /Authentication failed/);
  });

  test('404 for an unknown node, on the content and on the entry', async () => {
    await expectAcsError(await fetch(content('no-such-node'), { headers: ADMIN }), 404, 'framework.exception.EntityNotFound', /^\d{8} The entity with id: no-such-node was not found$/);
    await expectAcsError(await fetch(`${acs.url}${NODES_PATH}no-such-node`, { headers: ADMIN }), 404, 'framework.exception.EntityNotFound', /The entity with id: no-such-node was not found/);
  });

  test('other credentials given at start', async () => {
    const other = await startAlfrescoContent({ port: 0, user: 'svc-worker', password: 's3cr3t' });
    try {
      other.addNode('n4', { name: 'a.png', mimeType: 'image/png', bytes: PNG });
      const url = `${other.url}${NODES_PATH}n4/content`;
      expect((await fetch(url, { headers: ADMIN })).status).toBe(401);
      expect((await fetch(url, { headers: { authorization: basic('svc-worker', 's3cr3t') } })).status).toBe(200);
    } finally {
      await other.close();
    }
  });
});

describe('control routes', () => {
  test('PUT /_control/nodes/{id}?name= adds a node from the body and its content-type; replacing answers 200', async () => {
    const put = await fetch(`${acs.url}/_control/nodes/ctl-1?name=${encodeURIComponent('photo one.png')}`, {
      method: 'PUT',
      headers: { 'content-type': 'image/png' },
      body: PNG,
    });
    expect(put.status).toBe(201);
    expect(await put.json()).toMatchObject({ entry: { id: 'ctl-1', name: 'photo one.png', content: { mimeType: 'image/png', sizeInBytes: PNG.length } } });
    const r = await fetch(content('ctl-1'), { headers: ADMIN });
    expect(r.headers.get('content-type')).toBe('image/png');
    expect(r.headers.get('content-disposition')).toBe('attachment; filename="photo one.png"');
    expect(Buffer.from(await r.arrayBuffer()).equals(PNG)).toBe(true);

    const again = await fetch(`${acs.url}/_control/nodes/ctl-1?name=notes.txt`, { method: 'PUT', headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'hello' });
    expect(again.status).toBe(200);
    const r2 = await fetch(content('ctl-1'), { headers: ADMIN });
    expect(r2.headers.get('content-type')).toBe('text/plain');
    expect(await r2.text()).toBe('hello');
  });

  test('DELETE /_control/nodes forgets every node; health answers', async () => {
    acs.addNode('a', { name: 'a.png', mimeType: 'image/png', bytes: PNG });
    acs.addNode('b', { name: 'b.png', mimeType: 'image/png', bytes: PNG });
    const del = await fetch(`${acs.url}/_control/nodes`, { method: 'DELETE' });
    expect(await del.json()).toEqual({ cleared: 2 });
    expect((await fetch(content('a'), { headers: ADMIN })).status).toBe(404);
    const health = await fetch(`${acs.url}/_control/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
  });
});

test('runs as a script on ALFRESCO_PORT and stops on SIGTERM', async () => {
  const port = await new Promise<number>((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(p));
    });
  });
  const root = path.resolve(__dirname, '../..');
  const child = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), path.join(root, 'test/fakes/alfresco-content.ts')], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ALFRESCO_PORT: String(port), ALFRESCO_PASSWORD: 'pw' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    const base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 20_000;
    for (;;) {
      const ok = await fetch(`${base}/_control/health`).then((r) => r.ok, () => false);
      if (ok) break;
      if (Date.now() > deadline) throw new Error('the script did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
    await fetch(`${base}/_control/nodes/s1?name=s.png`, { method: 'PUT', headers: { 'content-type': 'image/png' }, body: PNG });
    expect((await fetch(`${base}${NODES_PATH}s1/content`, { headers: { authorization: basic('admin', 'pw') } })).status).toBe(200);
  } finally {
    child.kill('SIGTERM');
  }
  expect(await exited).toBe(0);
}, 30_000);
