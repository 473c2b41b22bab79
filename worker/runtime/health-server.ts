import http from 'node:http';
import type { WorkerMetrics } from './metrics';

export interface HealthState {
  /** The process is alive and not stuck. */
  live(): boolean;
  /** Subscriptions are open and the worker is not shutting down. */
  ready(): boolean;
}

/** Serves the inbound connectors' webhooks under /inbound/ (worker/inbound/webhook-router.ts). */
export interface WebhookServer {
  serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void>;
}

/** /health, /ready and /metrics for orchestrators and Prometheus; /inbound/<webhook id> when webhooks are given. */
export async function startHealthServer(host: string, port: number, state: HealthState, metrics: WorkerMetrics, webhooks?: WebhookServer): Promise<http.Server> {
  const server = http.createServer(async (req, res) => {
    const url = (req.url ?? '/').split('?')[0];
    if (webhooks && url.startsWith('/inbound/')) {
      await webhooks.serve(req, res).catch(() => {
        if (!res.headersSent) res.writeHead(500).end();
      });
    } else if (url === '/health' || url === '/ready') {
      const ok = url === '/health' ? state.live() : state.ready();
      res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: ok ? 'UP' : 'DOWN' }));
    } else if (url === '/metrics') {
      res.writeHead(200, { 'content-type': metrics.registry.contentType });
      res.end(await metrics.registry.metrics());
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return server;
}
