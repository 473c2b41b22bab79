// The engine as a process: `tsx engine/src/main.ts`. Configured by ENGINE_HOST, ENGINE_GRPC_PORT,
// ENGINE_REST_PORT (0 = a free port), ENGINE_DATA_DIR (keeps the state across restarts),
// ENGINE_MAX_DEPLOYMENT_BYTES / ENGINE_MAX_DEPLOYMENT_RESOURCES and ENGINE_CLOCK_CONTROL (see engine/README.md).

import { deploymentLimitsFromEnv } from './defaults';
import { Engine } from './engine';
import { startServer } from './server';

/** The ready line's time counts from process start, module loading included. */
async function main(): Promise<void> {
  const host = process.env.ENGINE_HOST || '127.0.0.1';
  const grpcPort = port('ENGINE_GRPC_PORT', 26500);
  const restPort = port('ENGINE_REST_PORT', 8080);
  const log = (line: string) => process.stdout.write(`${line}\n`);

  const clockControl = flag('ENGINE_CLOCK_CONTROL');
  const engine = await Engine.open({ dataDir: process.env.ENGINE_DATA_DIR || undefined, log, deploymentLimits: deploymentLimitsFromEnv() });
  const server = await startServer({ engine, host, grpcPort, restPort, clockControl }).catch(async (e) => {
    await engine.close();
    throw e;
  });
  log(`engine ready grpc=${host}:${server.grpcPort} rest=${host}:${server.restPort} in ${Math.round(performance.now())} ms`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`engine stopping (${signal})`);
    await server.close();
    await engine.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

function flag(name: string): boolean {
  const text = (process.env[name] ?? '').toLowerCase();
  if (text === '' || text === 'false') return false;
  if (text === 'true') return true;
  throw new Error(`${name} must be true or false, but was '${process.env[name]}'`);
}

function port(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value > 65535) throw new Error(`${name} must be a port number, but was '${text}'`);
  return value;
}

main().catch((error) => {
  process.stderr.write(`engine failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
