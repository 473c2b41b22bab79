import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { localHost, requireContainerRuntime } from '../stack/containers';
import { stackMode } from '../stack/mode';

// STACK chooses how the local stack starts: processes (default) or containers (test/stack/containers.ts).
const ROOT = path.resolve(__dirname, '../..');

/** `bash scripts/test-setup.sh` (npm test's pretest) with only PATH, a fresh HOME and the given environment. */
function testSetup(env: Record<string, string>, home: string): Promise<{ code: number; out: string; ms: number }> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    execFile('bash', [path.join(ROOT, 'scripts/test-setup.sh')], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: home, ...env }, timeout: 90_000 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, out: stdout + stderr, ms: Date.now() - t0 }));
  });
}

describe('stackMode', () => {
  it('is the process stack when STACK is unset, empty or "processes"', () => {
    expect(stackMode({})).toBe('processes');
    expect(stackMode({ STACK: '' })).toBe('processes');
    expect(stackMode({ STACK: 'processes' })).toBe('processes');
  });

  it('is the container stack with STACK=containers', () => {
    expect(stackMode({ STACK: 'containers' })).toBe('containers');
  });

  it('refuses any other value, naming it and the accepted ones', () => {
    expect(() => stackMode({ STACK: 'docker' })).toThrow('STACK=docker is not a stack: leave STACK unset for the process stack (scripts/stack/start.sh), or set STACK=containers');
  });
});

describe('jest global setup', () => {
  afterEach(() => jest.resetModules());

  /** Runs test/stack/global-setup.ts with STACK as given; the leak registry and the container stack are stand-ins that record their calls. */
  async function setupWith(stack: string | undefined) {
    const calls: string[] = [];
    jest.doMock('../leak/global-setup', () => ({ __esModule: true, default: () => calls.push('leak registry') }));
    jest.doMock('../stack/containers', () => ({ startContainerStack: async () => { calls.push('container stack'); return { containers: [] }; } }));
    const saved = process.env.STACK;
    if (stack === undefined) delete process.env.STACK; else process.env.STACK = stack;
    try {
      const { default: globalSetup } = await import('../stack/global-setup');
      await globalSetup();
    } finally {
      if (saved === undefined) delete process.env.STACK; else process.env.STACK = saved;
      delete (globalThis as { containerStack?: unknown }).containerStack;
    }
    return calls;
  }

  it('starts no containers when STACK is unset (the process stack, started by the pretest step)', async () => {
    expect(await setupWith(undefined)).toEqual(['leak registry']);
  });

  it('starts the container stack with STACK=containers', async () => {
    expect(await setupWith('containers')).toEqual(['leak registry', 'container stack']);
  });
});

describe('requireContainerRuntime', () => {
  it('answers the runtime it found', async () => {
    await expect(requireContainerRuntime(async () => 'linux at localhost')).resolves.toBe('linux at localhost');
  });

  it('fails with a code, the cause and what to do when there is no runtime', async () => {
    const error = await requireContainerRuntime(async () => { throw new Error('Could not find a working container runtime strategy'); }).catch((e: Error) => e);
    expect((error as Error).message).toMatch(/^NO_CONTAINER_RUNTIME: STACK=containers needs a Docker engine .*\(Could not find a working container runtime strategy\)\. Start one, or run the tests on the process stack: leave STACK unset\.$/);
  });

  it('gives up after its timeout when the runtime never answers (a dead DOCKER_HOST), never hangs', async () => {
    const t0 = Date.now();
    const error = await requireContainerRuntime(() => new Promise<string>(() => undefined), 300).catch((e: Error) => e);
    expect((error as Error).message).toContain('no container runtime answered within 300 ms');
    expect(Date.now() - t0).toBeLessThan(2_000);
  });
});

describe('scripts/test-setup.sh (npm test\'s pretest)', () => {
  let home: string;
  beforeAll(() => { home = mkdtempSync(path.join(os.tmpdir(), 'zac-stack-mode-')); });
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('refuses an unknown STACK before starting anything', async () => {
    const r = await testSetup({ STACK: 'docker' }, home);
    expect(r.code).toBe(1);
    expect(r.out).toContain('STACK=docker is not a stack');
  });

  it('with STACK=containers fails fast with a clear message where no container runtime exists, or names the runtime', async () => {
    // With HOME empty and no DOCKER_HOST, testcontainers can only find a runtime on these sockets.
    const uid = process.getuid?.() ?? 0;
    const dockerHere = existsSync('/var/run/docker.sock') || existsSync(`/run/user/${uid}/docker.sock`);
    const r = await testSetup({ STACK: 'containers' }, home);
    if (dockerHere) {
      expect(r.out).toContain('[stack] STACK=containers: container runtime ');
      expect(r.code).toBe(0);
    } else {
      expect(r.out).toContain('NO_CONTAINER_RUNTIME: STACK=containers needs a Docker engine');
      expect(r.code).toBe(1);
      expect(r.ms).toBeLessThan(30_000);
    }
  });
});

describe('localHost', () => {
  it('gives the process stack\'s address for a local Docker engine', () => {
    expect(localHost('localhost')).toBe('127.0.0.1');
    expect(localHost('127.0.0.1')).toBe('127.0.0.1');
  });

  it('refuses a remote Docker host, whose endpoints the tests\' workers would not allow', () => {
    expect(() => localHost('docker.example.net')).toThrow(/^REMOTE_CONTAINER_HOST: the containers' ports are on docker\.example\.net/);
  });
});
