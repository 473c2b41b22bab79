import { fork, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { AggregatorRegistry, type Registry } from 'prom-client';
import { loadConfig } from './config';
import { SUPERVISED, type HealthPort } from './runtime/health-server';
import { createLogger } from './runtime/logger';
import { SecretMasker } from './runtime/secrets';

/**
 * WORKER_PROCESSES=auto|N (N > 1): one worker process per core (or N) under this small supervisor, so one
 * worker uses the machine's cores (each worker is one Node thread). Every worker process runs the same
 * command with WORKER_PROCESSES=1 and its own health server on a free port; the supervisor:
 * - forwards SIGTERM and SIGINT to every worker process, waits for them to drain, and exits 0 when all did;
 * - starts a worker process again when it ends on its own (after 1 s, doubling up to 30 s while it keeps
 *   ending within a minute of its start);
 * - answers /health and /ready on HTTP_HOST:HTTP_PORT for all of them (UP only when every process is), and
 *   /metrics summed over them (prom-client's aggregation).
 */

interface Slot { index: number; child?: ChildProcess; port?: number; startedAt: number; quickExits: number }

const QUICK_EXIT_MS = 60_000;
const MAX_RESTART_DELAY_MS = 30_000;

export async function supervise(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const config = loadConfig(env); // every setting checked once, before any process starts
  const log = createLogger(config.logLevel, new SecretMasker()).child({ component: 'supervisor' });
  const slots: Slot[] = Array.from({ length: config.processes }, (_, index) => ({ index, startedAt: 0, quickExits: 0 }));
  let stopping: NodeJS.Signals | undefined;
  const exits: number[] = [];

  const start = (slot: Slot) => {
    slot.port = undefined;
    slot.startedAt = Date.now();
    const child = fork(process.argv[1], [], {
      env: { ...env, WORKER_PROCESSES: '1', HTTP_PORT: '0', [SUPERVISED]: '1' },
      execArgv: process.execArgv,
      stdio: 'inherit',
    });
    slot.child = child;
    child.on('message', (m: Partial<HealthPort>) => {
      if (m?.type === 'zac:health-port' && Number.isInteger(m.port)) slot.port = m.port;
    });
    child.on('exit', (code, signal) => {
      slot.child = undefined;
      if (stopping) {
        exits.push(code ?? 1);
        if (slots.every((s) => !s.child)) finish();
        return;
      }
      slot.quickExits = Date.now() - slot.startedAt < QUICK_EXIT_MS ? slot.quickExits + 1 : 0;
      const delay = Math.min(MAX_RESTART_DELAY_MS, 1000 * 2 ** Math.max(0, slot.quickExits - 1));
      log.error({ process: slot.index, pid: child.pid, code, signal, restartInMs: delay }, 'worker process ended; starting it again');
      setTimeout(() => !stopping && start(slot), delay).unref();
    });
  };

  const server = http.createServer((req, res) => {
    void answer((req.url ?? '/').split('?')[0], slots).then(({ status, type, body }) => res.writeHead(status, { 'content-type': type }).end(body), () => res.writeHead(500).end());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.http.port, config.http.host, resolve);
  });

  const finish = () => {
    server.close();
    log.info({ exits }, 'worker processes stopped');
    process.exit(exits.every((c) => c === 0) ? 0 : 1);
  };
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = signal;
    log.info({ signal }, 'stopping the worker processes');
    if (slots.every((s) => !s.child)) finish();
    for (const s of slots) s.child?.kill(signal);
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  for (const slot of slots) start(slot);
  log.info({ processes: slots.length, pid: process.pid }, 'worker processes started');
}

/** /health and /ready: UP when every worker process answers UP; /metrics: theirs, summed. */
async function answer(url: string, slots: Slot[]): Promise<{ status: number; type: string; body: string }> {
  const ask = async (slot: Slot, path: string): Promise<Response | undefined> => {
    if (!slot.child || slot.port === undefined) return undefined;
    try {
      return await fetch(`http://127.0.0.1:${slot.port}${path}`, { signal: AbortSignal.timeout(2000) });
    } catch {
      return undefined;
    }
  };
  if (url === '/health' || url === '/ready') {
    const states = await Promise.all(slots.map(async (s) => ({ pid: s.child?.pid ?? null, up: (await ask(s, url))?.status === 200 })));
    const up = states.every((s) => s.up);
    const body = JSON.stringify({ status: up ? 'UP' : 'DOWN', processes: states.map((s) => ({ pid: s.pid, status: s.up ? 'UP' : 'DOWN' })) });
    return { status: up ? 200 : 503, type: 'application/json', body };
  }
  if (url === '/metrics') {
    type Json = Awaited<ReturnType<Registry['getMetricsAsJSON']>>;
    const each = await Promise.all(slots.map(async (s) => (await ask(s, '/metrics.json'))?.json() as Promise<Json> | undefined));
    const registry = AggregatorRegistry.aggregate(each.filter((m): m is Json => Array.isArray(m)));
    return { status: 200, type: registry.contentType, body: await registry.metrics() };
  }
  return { status: 404, type: 'text/plain', body: '' };
}
