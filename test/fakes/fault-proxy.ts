/**
 * Fault-injecting HTTP reverse proxy for the S3 emulator (node:http only, no dependencies).
 *
 * Every request is streamed to FAULT_PROXY_TARGET (default http://127.0.0.1:4566) and the
 * response streamed back (pipes both ways, nothing is buffered, so multi-GB uploads are fine).
 * The Host header is passed through unchanged.
 *
 * Control API on the same port (S3 bucket names cannot contain "_", so no clash):
 *   POST   /_fault  {"count": N, "status": 503, "code": "SlowDown", "message": "...",
 *                    "delayMs": 0, "match": "PUT /bucket", "reset": false}
 *          -> the next N proxied requests whose "METHOD /path?query" contains `match`
 *             (every request when absent) fail with `status` and an S3-style XML error body;
 *             with no status (or 0) and delayMs > 0 they are only delayed, then proxied;
 *             with status and delayMs both, the error is sent after the delay;
 *             with "reset": true the client connection is destroyed (a network error);
 *             with "probability": p (0..1) a matching request gets the fault only with that chance
 *             (its count is taken only then): load tests' "30 % of calls throttled".
 *          Several POSTs queue several rules; the first matching rule with count left wins.
 *          Answers 201 with the current state.
 *   DELETE /_fault  -> clears every rule and resets the counters; answers 200 with the state
 *                      as it was just before.
 *   GET    /_fault  -> {"target", "faults": [...remaining...], "counters": {seen, proxied, failed,
 *                      delayed, reset, upstreamErrors}, "recent": [last 100 requests]}
 *
 * A failed request's body is read to its end before the error is sent, so clients always see
 * the error response (never EPIPE), exactly as S3 answers a throttled PUT.
 *
 * Run: node_modules/.bin/tsx test/fakes/fault-proxy.ts
 * Env: FAULT_PROXY_PORT (4567), FAULT_PROXY_HOST (127.0.0.1), FAULT_PROXY_TARGET,
 *      FAULT_PROXY_QUIET=1 to stop logging one line per request.
 * Tests may also import { startFaultProxy } to run one in-process.
 */
import * as http from 'node:http';
import { closeOnSignals, readBody, sendJson, sleep } from './serve';
import { randomBytes } from 'node:crypto';
import { pipeline } from 'node:stream';

export interface FaultRule {
  count: number;
  status?: number | undefined;
  code?: string | undefined;
  message?: string | undefined;
  delayMs?: number | undefined;
  match?: string | undefined;
  reset?: boolean | undefined;
  probability?: number | undefined;
}

export interface FaultCounters {
  seen: number;
  proxied: number;
  failed: number;
  delayed: number;
  reset: number;
  upstreamErrors: number;
}

export interface RecentRequest {
  at: string;
  request: string;
  outcome: 'proxied' | 'failed' | 'reset' | 'upstream-error' | 'aborted';
  status?: number | undefined;
  delayedMs?: number | undefined;
  ms?: number | undefined;
}

export interface FaultProxyOptions {
  port?: number;
  host?: string;
  target?: string;
  log?: (line: string) => void;
}

export interface FaultProxy {
  server: http.Server;
  url: string;
  controlUrl: string;
  state(): FaultProxyState;
  close(): Promise<void>;
}

export interface FaultProxyState {
  target: string;
  faults: FaultRule[];
  counters: FaultCounters;
  recent: RecentRequest[];
}

const CONTROL_PATH = '/_fault';
const MAX_RECENT = 100;
const MAX_CONTROL_BODY = 64 * 1024;

/** Headers that apply to one connection only and must not be forwarded. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  // The proxy already answered "100 Continue" to the client; do not ask upstream again.
  'expect',
]);

function stripHopByHop(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const out: http.OutgoingHttpHeaders = {};
  const connectionTokens = String(headers.connection ?? '')
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter(Boolean);
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower) || connectionTokens.includes(lower)) continue;
    out[name] = value;
  }
  return out;
}

/** Lambda's API lives under /2015-03-31/, Bedrock Runtime's under /model/; JSON 1.0/1.1 services name their operation in X-Amz-Target. */
function speaksJson(req: http.IncomingMessage): boolean {
  return Boolean(req.headers['x-amz-target']) || /^\/(2015-03-31|model)\//.test(req.url ?? '');
}

/** AWS Query protocol (SNS, STS): a form-encoded POST. S3 posts forms only as multipart. */
function speaksQuery(req: http.IncomingMessage): boolean {
  return req.method === 'POST' && (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
}

function xmlEscape(s: string): string {
  return s.replace(/[<>&'"]/g, (c) =>
    c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : c === "'" ? '&apos;' : '&quot;',
  );
}

function defaultMessage(code: string): string {
  switch (code) {
    case 'SlowDown':
      return 'Please reduce your request rate.';
    case 'InternalError':
      return 'We encountered an internal error. Please try again.';
    case 'ServiceUnavailable':
      return 'Service is unable to handle request.';
    case 'RequestTimeout':
      return 'Your socket connection to the server was not read from or written to within the timeout period.';
    default:
      return code;
  }
}

function defaultCode(status: number): string {
  if (status === 503) return 'SlowDown';
  if (status === 500) return 'InternalError';
  if (status === 400) return 'RequestTimeout';
  if (status === 403) return 'AccessDenied';
  if (status === 404) return 'NoSuchKey';
  return 'InternalError';
}

function parseRule(body: unknown): FaultRule {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new Error('body must be a JSON object');
  }
  const b = body as Record<string, unknown>;
  const num = (k: string): number | undefined => {
    const v = b[k];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new Error(`${k} must be a non-negative number`);
    return Math.floor(v);
  };
  const str = (k: string): string | undefined => {
    const v = b[k];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') throw new Error(`${k} must be a string`);
    return v;
  };
  const count = num('count') ?? 1;
  const status = num('status');
  if (status !== undefined && status !== 0 && (status < 100 || status > 599)) {
    throw new Error('status must be 0 or an HTTP status code');
  }
  const delayMs = num('delayMs') ?? 0;
  const reset = b.reset === true;
  if (!reset && !status && delayMs <= 0) {
    throw new Error('a fault needs a status, a delayMs > 0, or reset: true');
  }
  const rule: FaultRule = { count, delayMs, reset };
  if (status) {
    rule.status = status;
    rule.code = str('code') ?? defaultCode(status);
    rule.message = str('message') ?? defaultMessage(rule.code);
  }
  const match = str('match');
  if (match) rule.match = match;
  const probability = b.probability;
  if (probability !== undefined && probability !== null) {
    if (typeof probability !== 'number' || !(probability >= 0 && probability <= 1)) throw new Error('probability must be a number from 0 to 1');
    rule.probability = probability;
  }
  return rule;
}

export function startFaultProxy(opts: FaultProxyOptions = {}): Promise<FaultProxy> {
  const host = opts.host ?? '127.0.0.1';
  const port = opts.port ?? 4567;
  const target = new URL(opts.target ?? 'http://127.0.0.1:4566');
  if (target.protocol !== 'http:') throw new Error(`only http:// targets are supported: ${target.href}`);
  const log = opts.log ?? ((): void => undefined);

  let faults: FaultRule[] = [];
  let counters: FaultCounters = { seen: 0, proxied: 0, failed: 0, delayed: 0, reset: 0, upstreamErrors: 0 };
  let recent: RecentRequest[] = [];

  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

  const state = (): FaultProxyState => ({
    target: target.origin,
    faults: faults.map((f) => ({ ...f })),
    counters: { ...counters },
    recent: recent.slice(),
  });

  const remember = (r: RecentRequest): void => {
    recent.push(r);
    if (recent.length > MAX_RECENT) recent = recent.slice(-MAX_RECENT);
    log(
      `${r.request} -> ${r.outcome}${r.status !== undefined ? ` ${r.status}` : ''}` +
        `${r.delayedMs ? ` (delayed ${r.delayedMs} ms)` : ''}${r.ms !== undefined ? ` ${r.ms} ms` : ''}`,
    );
  };

  /** Takes one unit from the first rule matching this request, if any. */
  const takeFault = (requestLine: string): FaultRule | undefined => {
    const idx = faults.findIndex((f) => f.count > 0 && (!f.match || requestLine.includes(f.match)) && (f.probability === undefined || Math.random() < f.probability));
    if (idx < 0) return undefined;
    const rule = faults[idx];
    if (!rule) return undefined;
    rule.count -= 1;
    const taken: FaultRule = { ...rule };
    if (rule.count <= 0) faults.splice(idx, 1);
    return taken;
  };

  const handleControl = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    try {
      if (req.method === 'GET') {
        sendJson(res, 200, state());
      } else if (req.method === 'DELETE') {
        const before = state();
        faults = [];
        counters = { seen: 0, proxied: 0, failed: 0, delayed: 0, reset: 0, upstreamErrors: 0 };
        recent = [];
        sendJson(res, 200, before);
      } else if (req.method === 'POST' || req.method === 'PUT') {
        const text = (await readBody(req, MAX_CONTROL_BODY)).toString('utf8');
        let parsed: unknown;
        try {
          parsed = text.trim() ? JSON.parse(text) : {};
        } catch {
          throw new Error('body is not valid JSON');
        }
        const rule = parseRule(parsed);
        if (rule.count > 0) faults.push(rule);
        log(`fault added: ${JSON.stringify(rule)}`);
        sendJson(res, 201, state());
      } else {
        sendJson(res, 405, { error: `method ${req.method ?? '?'} not allowed on ${CONTROL_PATH}` });
      }
    } catch (err) {
      if (!res.headersSent) sendJson(res, 400, { error: (err as Error).message });
    }
  };

  const sendS3Error = (req: http.IncomingMessage, res: http.ServerResponse, rule: FaultRule): void => {
    const status = rule.status ?? 500;
    const code = rule.code ?? defaultCode(status);
    const message = rule.message ?? defaultMessage(code);
    const requestId = randomBytes(8).toString('hex').toUpperCase();
    const hostId = randomBytes(24).toString('base64');
    const headers: http.OutgoingHttpHeaders = {
      'x-amz-request-id': requestId,
      'x-amz-id-2': hostId,
      'x-fault-proxy': 'injected',
    };
    if (req.method === 'HEAD') {
      // S3 answers HEAD errors without a body.
      res.writeHead(status, headers);
      res.end();
      return;
    }
    const resource = (req.url ?? '/').split('?')[0] ?? '/';
    if (speaksJson(req)) {
      // JSON-protocol services (Lambda's REST-JSON, X-Amz-Target services): AWS's JSON error shape.
      const json = JSON.stringify({ __type: code, message });
      headers['x-amzn-errortype'] = code;
      headers['x-amzn-requestid'] = requestId;
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(json);
      res.writeHead(status, headers);
      res.end(json);
      return;
    }
    if (speaksQuery(req)) {
      // Query-protocol services (SNS, STS): AWS's <ErrorResponse> shape.
      const xml = `<ErrorResponse><Error><Type>${status >= 500 ? 'Receiver' : 'Sender'}</Type><Code>${xmlEscape(code)}</Code>` +
        `<Message>${xmlEscape(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
      headers['content-type'] = 'text/xml';
      headers['content-length'] = Buffer.byteLength(xml);
      res.writeHead(status, headers);
      res.end(xml);
      return;
    }
    const body =
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
      `<Error><Code>${xmlEscape(code)}</Code><Message>${xmlEscape(message)}</Message>` +
      `<Resource>${xmlEscape(resource)}</Resource><RequestId>${requestId}</RequestId>` +
      `<HostId>${xmlEscape(hostId)}</HostId></Error>`;
    headers['content-type'] = 'application/xml';
    headers['content-length'] = Buffer.byteLength(body);
    res.writeHead(status, headers);
    res.end(body);
  };

  const proxy = (req: http.IncomingMessage, res: http.ServerResponse, line: string, started: number, delayedMs: number): void => {
    const upstreamReq = http.request({
      protocol: target.protocol,
      hostname: target.hostname,
      port: target.port || 80,
      method: req.method,
      path: req.url,
      headers: stripHopByHop(req.headers),
      agent,
    });
    let done = false;
    const finish = (r: Omit<RecentRequest, 'at' | 'request'>): void => {
      if (done) return;
      done = true;
      remember({ at: new Date().toISOString(), request: line, ...r, ms: Date.now() - started, ...(delayedMs ? { delayedMs } : {}) });
    };

    upstreamReq.on('response', (upstreamRes) => {
      res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.statusMessage, stripHopByHop(upstreamRes.headers));
      pipeline(upstreamRes, res, (err) => {
        if (err) {
          finish({ outcome: 'aborted', status: upstreamRes.statusCode });
          res.destroy();
        } else {
          counters.proxied += 1;
          finish({ outcome: 'proxied', status: upstreamRes.statusCode });
        }
      });
    });

    upstreamReq.on('error', (err) => {
      if (done) return;
      counters.upstreamErrors += 1;
      finish({ outcome: 'upstream-error' });
      log(`upstream error for ${line}: ${err.message}`);
      if (!res.headersSent) {
        req.resume();
        sendS3Error(req, res, { count: 0, status: 502, code: 'BadGateway', message: `fault proxy: upstream error: ${err.message}` });
      } else {
        res.destroy();
      }
    });

    // Client went away before the response was complete: abort the upstream call too.
    res.on('close', () => {
      if (!res.writableFinished) {
        upstreamReq.destroy();
        finish({ outcome: 'aborted' });
      }
    });

    // Stream the request body (pipe; backpressure keeps memory flat for multi-GB bodies).
    pipeline(req, upstreamReq, (err) => {
      if (err && !done) upstreamReq.destroy(err);
    });
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === CONTROL_PATH || path === `${CONTROL_PATH}/`) {
      await handleControl(req, res);
      return;
    }
    const started = Date.now();
    const line = `${req.method ?? 'GET'} ${req.url ?? '/'}`;
    counters.seen += 1;
    const rule = takeFault(line);
    let delayedMs = 0;
    if (rule && rule.delayMs && rule.delayMs > 0) {
      counters.delayed += 1;
      delayedMs = rule.delayMs;
      await sleep(rule.delayMs);
    }
    if (rule?.reset) {
      counters.reset += 1;
      remember({ at: new Date().toISOString(), request: line, outcome: 'reset', ms: Date.now() - started });
      req.socket.destroy();
      return;
    }
    if (rule?.status) {
      counters.failed += 1;
      // Read the whole request body first so the client sees the error, not a broken pipe.
      const respond = (): void => {
        sendS3Error(req, res, rule);
        remember({ at: new Date().toISOString(), request: line, outcome: 'failed', status: rule.status, ms: Date.now() - started, ...(delayedMs ? { delayedMs } : {}) });
      };
      if (req.complete) respond();
      else {
        req.on('end', respond);
        req.on('error', () => res.destroy());
        req.resume();
      }
      return;
    }
    proxy(req, res, line, started, delayedMs);
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      log(`internal error: ${(err as Error).stack ?? String(err)}`);
      if (!res.headersSent) sendJson(res, 500, { error: (err as Error).message });
      else res.destroy();
    });
  });
  // No whole-request deadline: multi-GB uploads take longer than Node's default 300 s.
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;
  server.keepAliveTimeout = 65_000;
  server.timeout = 0;

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const addr = server.address();
      const actualPort = typeof addr === 'object' && addr ? addr.port : port;
      const url = `http://${host}:${actualPort}`;
      resolve({
        server,
        url,
        controlUrl: `${url}${CONTROL_PATH}`,
        state,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeIdleConnections();
            setTimeout(() => server.closeAllConnections(), 2000).unref();
            agent.destroy();
          }),
      });
    });
  });
}

function isMain(): boolean {
  const entry = process.argv[1] ?? '';
  return /fault-proxy(\.ts|\.js|\.mjs|\.cjs)?$/.test(entry);
}

async function main(): Promise<void> {
  const quiet = process.env.FAULT_PROXY_QUIET === '1';
  const proxy = await startFaultProxy({
    host: process.env.FAULT_PROXY_HOST ?? '127.0.0.1',
    port: Number(process.env.FAULT_PROXY_PORT ?? 4567),
    target: process.env.FAULT_PROXY_TARGET ?? 'http://127.0.0.1:4566',
    ...(quiet ? {} : { log: (line: string) => console.log(`${new Date().toISOString()} ${line}`) }),
  });
  console.log(`fault proxy listening on ${proxy.url} -> ${proxy.state().target} (control: ${proxy.controlUrl})`);
  closeOnSignals('fault proxy', () => proxy.close());
}

if (isMain()) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
