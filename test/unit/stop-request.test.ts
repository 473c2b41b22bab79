import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

// onStopRequest under a shell that dies without passing the signal on, as npm's `sh -c` does: a worker npm
// started drains when its parent ends; one started otherwise outlives its parent as any process does.
const ROOT = path.resolve(__dirname, '../..');
const SCRIPT = `
  const { onStopRequest } = require(${JSON.stringify(path.join(ROOT, 'worker/runtime/stop-request.ts'))});
  onStopRequest((reason) => { process.stdout.write('stop: ' + reason + '\\n'); process.exit(0); });
  setInterval(() => undefined, 1000);
  process.stdout.write('pid ' + process.pid + '\\n');
`;

/** The watcher under `sh -c` (the trailing `; true` keeps the shell as its parent); answers both and the output. */
async function underShell(env: Record<string, string>) {
  const shell = spawn('sh', ['-c', `"${process.execPath}" -r tsx/cjs -e '${SCRIPT.replace(/'/g, "'\\''")}'; true`], {
    cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  shell.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  const closed = new Promise<void>((resolve) => shell.stdout!.on('close', () => resolve()));
  const deadline = Date.now() + 20_000;
  while (!/pid (\d+)/.test(output) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const pid = Number(/pid (\d+)/.exec(output)?.[1]);
  expect(pid).toBeGreaterThan(0);
  return { shell, pid, output: () => output, closed };
}

/** Running: a process that exited and waits to be reaped (a zombie, its state Z) is not. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

test('started by npm (npm_command set): the end of its shell is a stop request', async () => {
  const { shell, pid, output, closed } = await underShell({ npm_command: 'exec' });
  shell.kill('SIGKILL');
  await closed;
  expect(output()).toMatch(/stop: its parent process \(pid \d+\) ended/);
  await new Promise((r) => setTimeout(r, 200));
  expect(alive(pid)).toBe(false);
}, 30_000);

test('started otherwise: it outlives its shell; SIGTERM stops it', async () => {
  const { shell, pid, output, closed } = await underShell({});
  shell.kill('SIGKILL');
  await new Promise((r) => setTimeout(r, 1000));
  expect(alive(pid)).toBe(true);
  process.kill(pid, 'SIGTERM');
  await closed;
  expect(output()).toContain('stop: SIGTERM');
}, 30_000);
