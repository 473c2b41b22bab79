// Runs the engine as a child process (tsx) on free ports of 127.0.0.1, for tests.
// In a child because the engine's BPMN parser is ES-module code that jest's CommonJS runtime cannot load.

import { spawn, type ChildProcess } from 'node:child_process';
import { Camunda8 } from '@camunda8/sdk';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const MAIN = path.join(ROOT, 'engine', 'src', 'main.ts');
const COMPILED = path.join(ROOT, 'dist', 'engine', 'main.js');

export interface EngineProcess {
  /** host:port, as ZEEBE_GRPC_ADDRESS wants it after `grpc://`. */
  grpcAddress: string;
  /** http://host:port */
  restAddress: string;
  pid: number;
  /** Everything the engine printed so far. */
  output(): string;
  /** Sends `signal` and resolves with the exit code once the process has exited. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** SIGKILL, for crash tests. */
  kill(): Promise<void>;
}

export interface EngineProcessOptions {
  dataDir?: string;
  env?: Record<string, string>;
  /** Run the compiled engine (dist/engine, `npm run build`) instead of the sources: what the stack runs. */
  compiled?: boolean;
  /** Extra node options, e.g. --cpu-prof. */
  nodeArgs?: string[];
  /** How long to wait for the ready line. */
  startTimeoutMs?: number;
}

export function startEngineProcess(options: EngineProcessOptions = {}): Promise<EngineProcess> {
  // tsx loaded into the engine's own process (its CLI would run it in a child that SIGKILL does not reach).
  const entry = options.compiled ? [COMPILED] : ['--import', 'tsx', MAIN];
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...entry], {
    cwd: ROOT,
    env: {
      ...process.env,
      ENGINE_HOST: '127.0.0.1',
      ENGINE_GRPC_PORT: '0',
      ENGINE_REST_PORT: '0',
      ...(options.dataDir ? { ENGINE_DATA_DIR: options.dataDir } : {}),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`The engine did not start within ${options.startTimeoutMs ?? 30_000} ms:\n${output}`));
    }, options.startTimeoutMs ?? 30_000);
    const onData = () => {
      const ready = /engine ready grpc=(\S+) rest=(\S+)/.exec(output);
      if (!ready) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      resolve(handle(child, exited, ready[1], ready[2], () => output));
    };
    child.stdout!.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`The engine exited with code ${code} before it was ready:\n${output}`));
    });
  });
}

function handle(child: ChildProcess, exited: Promise<number | null>, grpc: string, rest: string, output: () => string): EngineProcess {
  return {
    grpcAddress: grpc,
    restAddress: `http://${rest}`,
    pid: child.pid!,
    output,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** An `@camunda8/sdk` client of `engine`, configured as a user would for a cluster without authentication. */
export function engineClient(engine: EngineProcess): Camunda8 {
  return new Camunda8({
    ZEEBE_GRPC_ADDRESS: `grpc://${engine.grpcAddress}`,
    ZEEBE_REST_ADDRESS: engine.restAddress,
    CAMUNDA_AUTH_STRATEGY: 'NONE',
    CAMUNDA_LOG_LEVEL: 'error',
    ZEEBE_CLIENT_LOG_LEVEL: 'NONE',
  } as ConstructorParameters<typeof Camunda8>[0]);
}
