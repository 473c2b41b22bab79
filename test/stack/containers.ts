/**
 * STACK=containers: the local stack with the project's engine and MiniStack in containers (testcontainers)
 * instead of local processes. Only how those two start differs from scripts/stack/start.sh:
 *   engine      image from docker/Dockerfile (target "engine"), built from this repository
 *   ministack   image from docker/ministack.Dockerfile: pip-installs ministack==$MINISTACK_VERSION (versions.env)
 * both published on the same host ports as the process stack (.stack-ports.env / lib.sh defaults), so the
 * addresses are the same. The fault proxy and the AWS AI stand-in stay local processes, started and stopped by
 * scripts/stack/lib.sh as on the process stack. .stack/endpoints.json (and .env) get the same keys start.sh
 * writes, so the suite runs unchanged. Jest's global setup starts it and its global teardown stops it
 * (test/stack/global-setup.ts, global-teardown.ts); testcontainers' reaper removes the containers if the run dies.
 *
 * `tsx test/stack/containers.ts check` (the pretest step with STACK=containers) fails fast when no container
 * runtime answers.
 */
import { execFile } from 'node:child_process';
import { cpSync, createWriteStream, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { StartedTestContainer } from 'testcontainers';

const ROOT = path.resolve(__dirname, '../..');
const STACK_DIR = path.join(ROOT, '.stack');
const LIB = path.join(ROOT, 'scripts/stack/lib.sh');
const ENDPOINTS_JSON = path.join(STACK_DIR, 'endpoints.json');
const run = promisify(execFile);

/** How long the search for a container runtime may take before STACK=containers gives up. */
export const RUNTIME_TIMEOUT_MS = 20_000;
const START_TIMEOUT_MS = 120_000;

/** Finds a container runtime and names it; rejects when there is none. */
export type RuntimeFinder = () => Promise<string>;

async function testcontainersRuntime(): Promise<string> {
  const { getContainerRuntimeClient } = await import('testcontainers');
  const { info } = await getContainerRuntimeClient();
  return `${info.containerRuntime.operatingSystem} at ${info.containerRuntime.host} (server ${info.containerRuntime.serverVersion})`;
}

/**
 * Resolves with the container runtime testcontainers found; rejects within timeoutMs with a message that says
 * what is missing and what to do, never hangs.
 */
export async function requireContainerRuntime(find: RuntimeFinder = testcontainersRuntime, timeoutMs = RUNTIME_TIMEOUT_MS): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no container runtime answered within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([find(), timeout]);
  } catch (error) {
    throw new Error(
      `NO_CONTAINER_RUNTIME: STACK=containers needs a Docker engine (or another runtime testcontainers finds: DOCKER_HOST, ` +
      `/var/run/docker.sock, a rootless Docker socket, ~/.testcontainers.properties) and none was found ` +
      `(${(error as Error).message}). Start one, or run the tests on the process stack: leave STACK unset.`,
    );
  } finally {
    clearTimeout(timer);
  }
}

/** The ports, MiniStack version and tsx path of the process stack (scripts/stack/lib.sh, the single source). */
async function stackSettings() {
  const { stdout } = await run('bash', ['-c',
    'source "$0" && printf "%s\\n" "$ENGINE_GRPC_PORT" "$ENGINE_REST_PORT" "$MINISTACK_PORT" "$FAULT_PROXY_PORT" "$AWS_AI_PORT" "$MINISTACK_VERSION" "$TSX"',
    LIB]);
  const [grpc, rest, ministack, proxy, ai, ministackVersion, tsx] = stdout.trim().split('\n');
  return { grpc: Number(grpc), rest: Number(rest), ministack: Number(ministack), proxy: Number(proxy), ai: Number(ai), ministackVersion, tsx };
}

/** A lib.sh function, with the same environment overrides (ports) as this process. */
async function lib(fn: string, ...args: string[]): Promise<void> {
  await run('bash', ['-c', 'source "$0" && "$@"', LIB, fn, ...args], { cwd: ROOT, timeout: 60_000 });
}

async function waitForOk(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(5_000) })).ok) return;
    } catch { /* not up yet */ }
    if (Date.now() > deadline) throw new Error(`${url} did not answer 200 within ${timeoutMs} ms (see ${path.join(STACK_DIR, 'logs')})`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/**
 * The engine's build context: docker/Dockerfile and what its deps and engine stages copy, nothing else
 * (testcontainers sends the whole context folder and reads only a .dockerignore at its root).
 */
export function engineContext(dir = path.join(STACK_DIR, 'containers/engine-context')): string {
  rmSync(dir, { recursive: true, force: true });
  for (const p of ['docker/Dockerfile', 'package.json', 'package-lock.json', 'tsconfig.json', 'engine']) {
    cpSync(path.join(ROOT, p), path.join(dir, p), { recursive: true });
  }
  return dir;
}

function logTo(name: string) {
  mkdirSync(path.join(STACK_DIR, 'logs'), { recursive: true });
  return (stream: NodeJS.ReadableStream) => stream.pipe(createWriteStream(path.join(STACK_DIR, 'logs', `${name}.log`), { flags: 'a' }));
}

export interface ContainerStack {
  containers: StartedTestContainer[];
}

/** Starts the engine and MiniStack in containers and the stand-ins as processes; writes .stack/endpoints.json. */
export async function startContainerStack(): Promise<ContainerStack> {
  const runtime = await requireContainerRuntime();
  if (existsSync(ENDPOINTS_JSON)) {
    throw new Error(`STACK_RUNNING: a stack is already running (${ENDPOINTS_JSON} exists): stop it with \`bash scripts/stack/stop.sh\`, then run STACK=containers again`);
  }
  const { GenericContainer, Wait } = await import('testcontainers');
  const s = await stackSettings();
  process.stdout.write(`[stack] containers on ${runtime}: building the engine and MiniStack ${s.ministackVersion} images\n`);

  const [engineImage, ministackImage] = await Promise.all([
    GenericContainer.fromDockerfile(engineContext(), 'docker/Dockerfile').withTarget('engine')
      .build('zeebe-aws-connectors-engine:test', { deleteOnExit: false }),
    GenericContainer.fromDockerfile(path.join(ROOT, 'docker'), 'ministack.Dockerfile').withBuildArgs({ MINISTACK_VERSION: s.ministackVersion })
      .build(`zeebe-aws-connectors-ministack:${s.ministackVersion}`, { deleteOnExit: false }),
  ]);

  const stack: ContainerStack = { containers: [] };
  try {
    const started = await Promise.allSettled([
      engineImage
        // The test stack's engine runs without authentication, as the process stack's does on 127.0.0.1.
        .withEnvironment({ ENGINE_GRPC_PORT: String(s.grpc), ENGINE_REST_PORT: String(s.rest), ENGINE_CLOCK_CONTROL: 'true', ENGINE_ALLOW_UNAUTHENTICATED: 'true' })
        .withExposedPorts({ container: s.grpc, host: s.grpc }, { container: s.rest, host: s.rest })
        .withWaitStrategy(Wait.forHttp('/v2/topology', s.rest)).withStartupTimeout(START_TIMEOUT_MS)
        .withLogConsumer(logTo('engine'))
        .start(),
      ministackImage
        .withEnvironment({ GATEWAY_PORT: String(s.ministack) })
        .withExposedPorts({ container: s.ministack, host: s.ministack })
        .withWaitStrategy(Wait.forHttp('/_ministack/ready', s.ministack)).withStartupTimeout(START_TIMEOUT_MS)
        .withLogConsumer(logTo('ministack'))
        .start(),
    ]);
    for (const r of started) if (r.status === 'fulfilled') stack.containers.push(r.value);
    for (const r of started) if (r.status === 'rejected') throw r.reason;
    const [engine, ministack] = stack.containers;

    const host = localHost(engine.getHost());
    const ministackUrl = `http://${host}:${s.ministack}`;
    const proxyUrl = `http://127.0.0.1:${s.proxy}`;
    const aiUrl = `http://127.0.0.1:${s.ai}`;
    await lib('require_free_port', 'fault-proxy', String(s.proxy));
    await lib('start_bg', 'fault-proxy', 'env', 'FAULT_PROXY_HOST=127.0.0.1', `FAULT_PROXY_PORT=${s.proxy}`,
      `FAULT_PROXY_TARGET=${ministackUrl}`, s.tsx, path.join(ROOT, 'test/fakes/fault-proxy.ts'));
    await lib('require_free_port', 'aws-ai', String(s.ai));
    await lib('start_bg', 'aws-ai', 'env', 'AWS_AI_HOST=127.0.0.1', `AWS_AI_PORT=${s.ai}`,
      `AWS_AI_S3_ENDPOINT=${ministackUrl}`, s.tsx, path.join(ROOT, 'test/fakes/aws-ai/server.ts'));
    await Promise.all([waitForOk(`${proxyUrl}/_fault`, 60_000), waitForOk(`${aiUrl}/_control/health`, 60_000)]);

    writeEndpoints({
      STACK: 'containers',
      ZEEBE_GRPC_ADDRESS: `grpc://${host}:${s.grpc}`,
      ZEEBE_REST_ADDRESS: `http://${host}:${s.rest}`,
      CAMUNDA_AUTH_STRATEGY: 'NONE',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      // The worker's own settings, as start.sh writes them.
      AWS_ENDPOINT_URL_S3: ministackUrl,
      AWS_ENDPOINT_URL_LAMBDA: ministackUrl,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: ministackUrl,
      AWS_ENDPOINT_URL_DYNAMODB: ministackUrl,
      AWS_ENDPOINT_URL_SQS: ministackUrl,
      AWS_ENDPOINT_URL_SNS: ministackUrl,
      AWS_ENDPOINT_URL_EVENTBRIDGE: ministackUrl,
      AWS_ENDPOINT_URL_TEXTRACT: aiUrl,
      AWS_ENDPOINT_URL_COMPREHEND: aiUrl,
      AWS_ENDPOINT_URL_REKOGNITION: aiUrl,
      AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME: aiUrl,
      AWS_ENDPOINT_URL_BEDROCK_RUNTIME: ministackUrl,
      AWS_ENDPOINT_URL_BEDROCK_AGENT_RUNTIME: ministackUrl,
      AWS_ENDPOINT_URL_S3_EMULATOR: ministackUrl,
      S3_ENDPOINT: proxyUrl,
      FAULT_PROXY_CONTROL: `${proxyUrl}/_fault`,
      AWS_AI_ENDPOINT: aiUrl,
      AWS_AI_CONTROL: `${aiUrl}/_control`,
    });
    process.stdout.write(`[stack] containers up: engine ${engine.getId().slice(0, 12)}, ministack ${ministack.getId().slice(0, 12)}\n`);
    return stack;
  } catch (error) {
    await stopContainerStack(stack);
    throw error;
  }
}

/**
 * The containers' published ports must be on this machine: the workers the tests start allow only 127.0.0.1 and
 * localhost endpoints besides AWS's own (AWS_ENDPOINT_ALLOW_LIST in the harness). Answers the process stack's host.
 */
export function localHost(containerHost: string): string {
  if (containerHost === 'localhost' || containerHost === '127.0.0.1') return '127.0.0.1';
  throw new Error(`REMOTE_CONTAINER_HOST: the containers' ports are on ${containerHost}, but STACK=containers needs them on this machine ` +
    '(the tests allow only 127.0.0.1 and localhost endpoints): use a local Docker engine, or the process stack (leave STACK unset)');
}

function writeEndpoints(endpoints: Record<string, string>): void {
  mkdirSync(STACK_DIR, { recursive: true });
  const stamp = `# Written by test/stack/containers.ts (STACK=containers) at ${new Date().toISOString()}; removed when the run ends.\n`;
  writeFileSync(path.join(STACK_DIR, 'endpoints.env'), stamp + Object.entries(endpoints).map(([k, v]) => `${k}=${v}\n`).join(''));
  writeFileSync(ENDPOINTS_JSON, `${JSON.stringify(endpoints, null, 2)}\n`);
}

/** Stops the stand-ins (scripts/stack/stop.sh: every process in .stack/pids, and the endpoints files) and the containers. */
export async function stopContainerStack(stack: ContainerStack): Promise<void> {
  try {
    await run('bash', [path.join(ROOT, 'scripts/stack/stop.sh')], { cwd: ROOT, timeout: 120_000 });
  } finally {
    await Promise.all(stack.containers.map((c) => c.stop({ timeout: 20_000 })));
  }
}

if (require.main === module) {
  if (process.argv[2] !== 'check') {
    process.stderr.write('usage: tsx test/stack/containers.ts check\n');
    process.exit(2);
  }
  requireContainerRuntime().then(
    (runtime) => process.stdout.write(`[stack] STACK=containers: container runtime ${runtime}\n`),
    (error: Error) => {
      process.stderr.write(`[stack] ERROR: ${error.message}\n`);
      process.exit(1);
    },
  );
}
