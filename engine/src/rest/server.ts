// The Camunda 8 REST API v2 (the subset the SDK and the connectors use) on node:http.

import http from 'node:http';
import type { EngineApi } from '../api';
import { clockRoutes } from './clock';
import { clusterRoutes } from './cluster';
import { deploymentRoutes } from './deployments';
import { documentRoutes } from './documents';
import { HttpError, sendProblem, type Route } from './http';
import { incidentAndVariableRoutes } from './incidents-variables';
import { jobRoutes } from './jobs';
import { messageRoutes } from './messages';
import { processInstanceRoutes } from './process-instances';
import { getByKeyRoutes, searchRoutes } from './searches';

interface CompiledRoute extends Route {
  pattern: RegExp;
  names: string[];
}

/**
 * When `shutdown` aborts, long polls answer at once (empty), so the server can close promptly. With
 * `clockControl`, tests move the engine's clock (rest/clock.ts).
 */
export function createRestServer(engine: EngineApi, shutdown: AbortSignal = new AbortController().signal, { clockControl = false } = {}): http.Server {
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
      .then(() => dispatch(routes, req, res, url))
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
  const params = Object.fromEntries(found.route.names.map((name, i) => [name, decodeURIComponent(found.match[i + 1])]));
  return found.route.handle({ req, res, url, params });
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
