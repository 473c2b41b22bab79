import type http from 'node:http';

/** A webhook call as the element's expressions see it: header names lower-cased, the body still raw (for signatures). */
export interface WebhookRequest {
  method: string;
  headers: Record<string, string>;
  params: Record<string, string>;
  rawBody: Buffer;
}

export interface WebhookReply {
  status: number;
  body?: unknown;
}

export type WebhookHandler = (request: WebhookRequest) => Promise<WebhookReply>;

/** Camunda's runtime asks webhook ids to look like this (`/inbound/<id>`). */
const CONTEXT = /^[a-zA-Z0-9]+([-_][a-zA-Z0-9]+)*$/;
export const WEBHOOK_PREFIX = '/inbound/';

/**
 * The webhook endpoints of inbound elements on the worker's HTTP server, under `/inbound/<webhook id>`.
 * A body over `maxBodyBytes` is refused with 413 before the handler runs.
 */
export class WebhookRouter {
  private readonly handlers = new Map<string, WebhookHandler>();

  constructor(private readonly maxBodyBytes: number) {}

  /** Registers a webhook id; answers the function that removes it. An id in use or malformed is refused. */
  register(context: string, handler: WebhookHandler): () => void {
    if (!CONTEXT.test(context) || context.length > 200) {
      throw new Error(`inbound.context: '${context.slice(0, 50)}' is not a webhook id (letters and digits, single - or _ between them)`);
    }
    if (this.handlers.has(context)) throw new Error(`inbound.context: the webhook id '${context}' is already used by another element`);
    this.handlers.set(context, handler);
    return () => {
      if (this.handlers.get(context) === handler) this.handlers.delete(context);
    };
  }

  /** Serves a request whose path starts with /inbound/. */
  async serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    let url: URL;
    let context: string;
    try {
      url = new URL(req.url ?? '/', 'http://worker');
      context = decodeURIComponent(url.pathname.slice(WEBHOOK_PREFIX.length));
    } catch {
      return reply(res, { status: 400, body: { error: 'BAD_REQUEST', message: 'malformed path' } });
    }
    const handler = this.handlers.get(context);
    if (!handler) return reply(res, { status: 404, body: { error: 'NOT_FOUND', message: 'no inbound element listens on this webhook id' } });
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > this.maxBodyBytes) {
      req.resume();
      return reply(res, { status: 413, body: { error: 'REQUEST_TOO_LARGE', message: `the body exceeds ${this.maxBodyBytes} bytes` } });
    }
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of req) {
        size += (chunk as Buffer).length;
        if (size > this.maxBodyBytes) {
          req.destroy();
          return reply(res, { status: 413, body: { error: 'REQUEST_TOO_LARGE', message: `the body exceeds ${this.maxBodyBytes} bytes` } });
        }
        chunks.push(chunk as Buffer);
      }
    } catch {
      return;
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : String(value ?? '');
    const params: Record<string, string> = {};
    for (const [name, value] of url.searchParams) params[name] = value;
    let answer: WebhookReply;
    try {
      answer = await handler({ method: (req.method ?? 'GET').toUpperCase(), headers, params, rawBody: Buffer.concat(chunks) });
    } catch {
      answer = { status: 500, body: { error: 'INTERNAL_SERVER_ERROR', message: 'the webhook could not be handled' } };
    }
    reply(res, answer);
  }
}

function reply(res: http.ServerResponse, answer: WebhookReply): void {
  if (res.headersSent) return;
  if (answer.body === undefined) {
    res.writeHead(answer.status).end();
    return;
  }
  const text = JSON.stringify(answer.body);
  res.writeHead(answer.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
}
