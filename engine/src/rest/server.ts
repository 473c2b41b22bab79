// The Camunda 8 REST API v2 (the subset the SDK and the connectors use) on node:http.

import http from 'node:http';
import type { EngineApi } from '../api';
import type { EngineAuth } from '../auth';
import { clockRoutes } from './clock';
import { clusterRoutes } from './cluster';
import { deploymentRoutes } from './deployments';
import { documentRoutes } from './documents';
import { HttpError, limitBody, MAX_JSON_BYTES, sendProblem, type Route } from './http';
import { incidentAndVariableRoutes } from './incidents-variables';
import { jobRoutes } from './jobs';
import { messageRoutes } from './messages';
import { processInstanceRoutes } from './process-instances';
import { getByKeyRoutes, searchRoutes } from './searches';

interface CompiledRoute extends Route {
  pattern: RegExp;
  names: string[];
}

export interface RestServerOptions {
  /** When set, every request must carry these credentials (401 otherwise). */
  auth?: EngineAuth;
  /** The largest request body (by its Content-Length) taken, 413 over it; document uploads stream to disk and are not counted. */
  maxRequestBytes?: number;
  /** Serve the clock endpoints (rest/clock.ts) so tests move the engine's clock (ENGINE_CLOCK_CONTROL). */
  clockControl?: boolean;
}

/** Without ENGINE_MAX_REQUEST_BYTES: the cap JSON bodies always had. */
const DEFAULT_MAX_REQUEST_BYTES = MAX_JSON_BYTES;

interface Admission {
  auth?: EngineAuth;
  maxRequestBytes: number;
}

/** When `shutdown` aborts, long polls answer at once (empty), so the server can close promptly. */
export function createRestServer(engine: EngineApi, shutdown: AbortSignal = new AbortController().signal, options: RestServerOptions = {}): http.Server {
  const admission: Admission = { auth: options.auth, maxRequestBytes: options.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES };
  const { clockControl = false } = options;
  const routes = [
    ...clusterRoutes(engine),
    ...deploymentRoutes(engine),
    ...processInstanceRoutes(engine),
    ...searchRoutes(engine),
    ...getByKeyRoutes(engine),
    ...jobRoutes(engine, shutdown),
    ...incidentAndVariableRoutes(engine),
    ...documentRoutes(engine),
    ...messageRoutes(engine),
    ...(clockControl ? clockRoutes(engine) : []),
  ].map(compile);

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    // Once shutting down, answers close their connection: idle keep-alives would hold the server open.
    const closeConnection = () => res.headersSent || res.setHeader('connection', 'close');
    if (shutdown.aborted) closeConnection();
    shutdown.addEventListener('abort', closeConnection, { once: true });
    res.once('close', () => shutdown.removeEventListener('abort', closeConnection));
    Promise.resolve()
      .then(() => {
        admit(req, res, url, admission);
        return dispatch(routes, req, res, url);
      })
      .catch((error) => {
        sendProblem(res, url.pathname, error);
        // Whatever of the request body is unread (a refused upload) is drained, so the client sees the answer.
        req.resume();
      });
  });
  // Uploads of large documents and long polls may legitimately take long.
  server.requestTimeout = 0;
  return server;
}

function dispatch(routes: CompiledRoute[], req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> | void {
  const matching = routes
    .map((route) => ({ route, match: route.pattern.exec(url.pathname) }))
    .filter((m): m is { route: CompiledRoute; match: RegExpExecArray } => m.match !== null);
  if (matching.length === 0) throw new HttpError(404, 'NOT_FOUND', `No endpoint ${req.method} ${url.pathname}.`);
  const found = matching.find(({ route }) => route.method === req.method);
  if (!found) {
    res.setHeader('allow', [...new Set(matching.map(({ route }) => route.method))].join(', '));
    throw new HttpError(405, 'METHOD_NOT_ALLOWED', `${req.method} is not supported on ${url.pathname}.`);
  }
  const params = Object.fromEntries(found.route.names.map((name, i) => [name, decodeSegment(found.match[i + 1])]));
  return found.route.handle({ req, res, url, params });
}

/** Authentication and the size cap, before any route reads the request. */
function admit(req: http.IncomingMessage, res: http.ServerResponse, url: URL, options: Admission): void {
  if (options.auth && !options.auth.accepts(req.headers.authorization)) {
    res.setHeader('www-authenticate', `${options.auth.scheme} realm="engine"`);
    throw new HttpError(401, 'UNAUTHORIZED', 'This engine requires authentication (ENGINE_AUTH): send the credentials it was started with.');
  }
  const length = Number(req.headers['content-length'] ?? 0);
  if (length > options.maxRequestBytes && !(req.method === 'POST' && url.pathname.replace(/\/$/, '') === '/v2/documents')) {
    // The refused body is not read: the connection closes after the answer.
    res.setHeader('connection', 'close');
    throw new HttpError(413, 'PAYLOAD_TOO_LARGE', `The request body of ${length} bytes exceeds the engine's limit of ${options.maxRequestBytes} bytes (ENGINE_MAX_REQUEST_BYTES).`);
  }
  // A body sent without a length (chunked) is counted as it is read.
  limitBody(req, options.maxRequestBytes);
}

/** A path parameter, %-decoded; a malformed escape is the client's error (400), not the engine's. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, 'INVALID_ARGUMENT', `The path segment '${segment.slice(0, 100)}' holds a malformed %-escape.`);
  }
}

function compile(route: Route): CompiledRoute {
  const names: string[] = [];
  const source = route.path
    .split('/')
    .map((segment) => {
      if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(segment.slice(1));
      return '([^/]+)';
    })
    .join('/');
  return { ...route, pattern: new RegExp(`^${source}/?$`), names };
}
