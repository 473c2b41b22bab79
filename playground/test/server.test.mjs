// The playground's server alone (no engine behind it: what is checked here is refused before any engine call).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startServer } from '../server/server.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let server;
let staticDir;

before(async () => {
  staticDir = mkdtempSync(path.join(os.tmpdir(), 'playground-static-'));
  writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>page</title>');
  server = await startServer({
    engineRestAddress: 'http://127.0.0.1:9', staticDir,
    templatesDir: path.join(root, 'element-templates'), examplesDir: path.join(root, 'examples'),
  });
});

after(async () => {
  await server.close();
  rmSync(staticDir, { recursive: true, force: true });
});

const post = (body, headers = {}) =>
  fetch(`${server.url}/api/run`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

test('the templates: every file of element-templates/, the versioned ones too', async () => {
  const templates = await (await fetch(`${server.url}/api/templates`)).json();
  const s3 = templates.filter((t) => t.id === 'io.github.zeebe-aws-connectors.s3.v1').map((t) => t.version).sort();
  assert.deepEqual(s3.slice(0, 2), [1, 2]);
  assert.ok(templates.length >= 10, `${templates.length} templates`);
});

test('the examples, with their variables where a file gives them', async () => {
  const examples = await (await fetch(`${server.url}/api/examples`)).json();
  const roundTrip = examples.find((e) => e.name === 's3-document-round-trip.bpmn');
  assert.match(roundTrip.xml, /<bpmn:definitions/);
  assert.equal(roundTrip.variables.bucket, 'playground');
});

test('static files stay inside the page folder', async () => {
  assert.equal((await fetch(`${server.url}/`)).status, 200);
  assert.equal((await fetch(`${server.url}/..%2f..%2fpackage.json`)).status, 404);
  assert.equal((await fetch(`${server.url}/nothing.js`)).status, 404);
});

test('runs only for its own page: a foreign origin, a form post or another host name is refused', async () => {
  assert.equal((await post('{}', { origin: 'http://evil.example' })).status, 403);
  const form = await fetch(`${server.url}/api/run`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"xml":"<x/>"}' });
  assert.equal(form.status, 415);
  const port = new URL(server.url).port;
  const rebound = await new Promise((resolve, reject) => {
    import('node:http').then(({ request }) => {
      const req = request({ host: '127.0.0.1', port, path: '/api/templates', headers: { host: `attacker.example:${port}` } }, (res) => resolve(res.statusCode));
      req.on('error', reject);
      req.end();
    });
  });
  assert.equal(rebound, 403);
});

test('bad input gets a clear message, and an engine that does not answer says so', async () => {
  const notJson = await post('not json');
  assert.equal(notJson.status, 400);
  assert.match((await notJson.json()).message, /not valid JSON/);
  assert.equal((await post('{"xml":""}')).status, 400);
  assert.equal((await post('{"xml":"<x/>","variables":[1]}')).status, 400);
  const down = await post('{"xml":"<x/>"}');
  assert.equal(down.status, 502);
  assert.match((await down.json()).message, /does not answer/);
});
