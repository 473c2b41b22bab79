/**
 * The playground's small HTTP server, on 127.0.0.1: the bundled page, the project's element templates and
 * examples (read from their folders at every request, so new ones appear without a change here), and
 * POST /api/run, which deploys the page's diagram to the engine, starts it and answers what happened.
 * The browser never talks to the engine itself (no CORS there, and the page gets no other address).
 */
import { createServer } from 'node:http';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { EngineError, engineClient } from './engine.mjs';

const MAX_BODY_BYTES = 5 * 1024 * 1024;
const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.woff': 'font/woff', '.woff2': 'font/woff2', '.ttf': 'font/ttf', '.eot': 'application/vnd.ms-fontobject',
  '.svg': 'image/svg+xml', '.map': 'application/json',
};

/**
 * @param {{ host?: string, port?: number, engineRestAddress: string, staticDir: string, templatesDir: string,
 *           examplesDir: string, runTimeoutMs?: number }} options
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export async function startServer(options) {
  const { host = '127.0.0.1', port = 0, staticDir, templatesDir, examplesDir, runTimeoutMs = 60_000 } = options;
  const engine = engineClient(options.engineRestAddress);

  const routes = {
    'GET /api/templates': async () => json(200, await readTemplates(templatesDir)),
    'GET /api/examples': async () => json(200, await readExamples(examplesDir)),
    'POST /api/run': async (req) => {
      const { xml, variables, name } = JSON.parse(await readBody(req));
      if (typeof xml !== 'string' || xml.trim() === '') return json(400, { message: 'xml: the diagram is missing' });
      if (variables !== undefined && (typeof variables !== 'object' || variables === null || Array.isArray(variables))) {
        return json(400, { message: 'variables: must be a JSON object' });
      }
      const process = await engine.deploy(xml, `${safeName(name)}.bpmn`);
      const { processInstanceKey } = await engine.start(process.processDefinitionKey, variables ?? {});
      const instance = await engine.waitForOutcome(processInstanceKey, runTimeoutMs);
      return json(200, { processDefinitionId: process.processDefinitionId, processInstanceKey, state: instance.state, ...(await engine.report(processInstanceKey)) });
    },
  };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    try {
      const refusal = refuseForeign(req, server.address().port);
      if (refusal) throw Object.assign(new Error(refusal.message), { status: refusal.status });
      const route = routes[`${req.method} ${url.pathname}`];
      const answer = route ? await route(req) : await staticFile(staticDir, url.pathname);
      res.writeHead(answer.status, { 'content-type': answer.type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
      res.end(answer.body);
    } catch (error) {
      const status = error instanceof EngineError ? error.status : error instanceof SyntaxError ? 400 : error.status ?? 500;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: error.message }));
    }
  });
  await new Promise((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
  const address = server.address();
  return {
    url: `http://${host}:${address.port}`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/**
 * Only this page may use the server: another site open in the same browser could otherwise post a diagram
 * for the worker to run (a form post needs no CORS preflight), or reach it through a DNS name of its own.
 */
function refuseForeign(req, port) {
  const hosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  if (!hosts.includes(req.headers.host ?? '')) return { status: 403, message: `host ${req.headers.host}: the playground answers on 127.0.0.1:${port} only` };
  const origin = req.headers.origin;
  if (origin !== undefined && !hosts.map((h) => `http://${h}`).includes(origin)) return { status: 403, message: `origin ${origin}: not the playground's page` };
  if (req.method === 'POST' && !/^application\/json\b/.test(req.headers['content-type'] ?? '')) return { status: 415, message: 'send application/json' };
  return undefined;
}

const json = (status, value) => ({ status, type: 'application/json', body: JSON.stringify(value) });

/** Every *.json under the folder, versioned/ included; a file holds one template or a list of them. */
async function readTemplates(dir) {
  const files = (await readdir(dir, { recursive: true })).filter((f) => f.endsWith('.json')).sort();
  const lists = await Promise.all(files.map(async (f) => JSON.parse(await readFile(path.join(dir, f), 'utf8'))));
  return lists.flat();
}

/** Every *.bpmn of the folder, with the variables to start it with from NAME.variables.json beside it, if there is one. */
async function readExamples(dir) {
  const files = await readdir(dir);
  return Promise.all(files.filter((f) => f.endsWith('.bpmn')).sort().map(async (name) => {
    const variablesFile = name.replace(/\.bpmn$/, '.variables.json');
    const variables = files.includes(variablesFile) ? JSON.parse(await readFile(path.join(dir, variablesFile), 'utf8')) : undefined;
    return { name, xml: await readFile(path.join(dir, name), 'utf8'), variables };
  }));
}

async function staticFile(dir, pathname) {
  const relative = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '');
  const file = path.resolve(dir, relative);
  if (!file.startsWith(path.resolve(dir) + path.sep)) return { status: 404, type: 'text/plain', body: 'not found' };
  try {
    return { status: 200, type: CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream', body: await readFile(file) };
  } catch {
    return { status: 404, type: 'text/plain', body: 'not found' };
  }
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(Object.assign(new Error(`the request is larger than ${MAX_BODY_BYTES} bytes`), { status: 413 }));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The deployment's resource name: the page's file name, reduced to safe characters. */
function safeName(name) {
  const base = typeof name === 'string' ? name.replace(/\.bpmn$/, '').replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 100) : '';
  return base || 'playground';
}
