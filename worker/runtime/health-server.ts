import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WorkerMetrics } from './metrics';

/** Set in the environment of a worker process started by the supervisor (worker/supervisor.ts). */
export const SUPERVISED = 'WORKER_SUPERVISED';

/** What a supervised worker process sends its supervisor once its health server listens. */
export interface HealthPort { type: 'zac:health-port'; port: number }

function announceHealthPort(server: http.Server): void {
  if (process.env[SUPERVISED] !== '1' || !process.send) return;
  process.send({ type: 'zac:health-port', port: (server.address() as AddressInfo).port } satisfies HealthPort);
  // The supervisor is gone (killed): stop as on SIGTERM, draining the jobs in hand, rather than run on unsupervised.
  process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}

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
    } else if (url === '/metrics.json' && process.env[SUPERVISED] === '1') {
      // For the supervisor, which sums its worker processes' metrics (worker/supervisor.ts).
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(await metrics.registry.getMetricsAsJSON()));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  announceHealthPort(server);
  return server;
}
