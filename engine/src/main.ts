// The engine as a process: `tsx engine/src/main.ts`. Configured by ENGINE_HOST, ENGINE_GRPC_PORT,
// ENGINE_REST_PORT (0 = a free port), ENGINE_DATA_DIR (keeps the state across restarts),
// ENGINE_MAX_DEPLOYMENT_BYTES / ENGINE_MAX_DEPLOYMENT_RESOURCES and ENGINE_CLOCK_CONTROL (see engine/README.md), ENGINE_AUTH
// (credentials every client must send, see auth.ts; required to bind anything but loopback unless
// ENGINE_ALLOW_UNAUTHENTICATED=true says only trusted clients reach the ports) and
// ENGINE_MAX_REQUEST_BYTES (the largest request taken; by default 16 MiB over REST, grpc-js's 4 MiB over gRPC).

import { isLoopbackHost, parseEngineAuth } from './auth';
import { deploymentLimitsFromEnv } from './defaults';
import { Engine } from './engine';
import { startServer } from './server';

/** The ready line's time counts from process start, module loading included. */
async function main(): Promise<void> {
  const host = process.env.ENGINE_HOST || '127.0.0.1';
  const grpcPort = port('ENGINE_GRPC_PORT', 26500);
  const restPort = port('ENGINE_REST_PORT', 8080);
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const auth = parseEngineAuth(process.env.ENGINE_AUTH);
  if (!auth && !isLoopbackHost(host) && process.env.ENGINE_ALLOW_UNAUTHENTICATED !== 'true') {
    throw new Error(`ENGINE_HOST=${host} would let anyone who reaches it read every variable and document and complete any job: ` +
      'set ENGINE_AUTH (bearer:<token> or basic:<username>:<password>) to bind anything but loopback ' +
      '(or, where only trusted clients can reach the ports, ENGINE_ALLOW_UNAUTHENTICATED=true)');
  }
  const maxRequestBytes = size('ENGINE_MAX_REQUEST_BYTES');

  const clockControl = flag('ENGINE_CLOCK_CONTROL');
  const engine = await Engine.open({ dataDir: process.env.ENGINE_DATA_DIR || undefined, log, deploymentLimits: deploymentLimitsFromEnv() });
  const server = await startServer({ engine, host, grpcPort, restPort, clockControl, auth, maxRequestBytes }).catch(async (e) => {
    await engine.close();
    throw e;
  });
  log(auth ? `engine authentication: ${auth.scheme} (ENGINE_AUTH)` : 'engine authentication: none; anyone who reaches these ports may do anything (set ENGINE_AUTH)');
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

function size(name: string): number | undefined {
  const text = process.env[name];
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1024) throw new Error(`${name} must be a number of bytes of at least 1024, but was '${text}'`);
  return value;
}

main().catch((error) => {
  process.stderr.write(`engine failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
