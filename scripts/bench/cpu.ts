/**
 * Where the CPU goes during a measured step, to name what bounds it: each process of ours (with its children:
 * the stack's engine, MiniStack and its workers), this process (the load generator), and the machine as a whole
 * (/proc/stat; on a shared machine other people's work shows there and not in ours).
 */
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const TICKS = 100; // clock ticks per second (USER_HZ)

function statOf(pid: number): { ppid: number; ticks: number } | undefined {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime + stime, plus cutime + cstime: children that already exited and were waited for
    return { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]) };
  } catch {
    return undefined; // exited
  }
}

/** CPU seconds of a process and every live descendant. */
export function treeCpuSeconds(pid: number): number {
  const children = new Map<number, number[]>();
  const ticks = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const s = statOf(Number(name));
    if (!s) continue;
    ticks.set(Number(name), s.ticks);
    children.set(s.ppid, [...(children.get(s.ppid) ?? []), Number(name)]);
  }
  let total = 0;
  const todo = [pid];
  while (todo.length) {
    const p = todo.pop()!;
    total += ticks.get(p) ?? 0;
    todo.push(...(children.get(p) ?? []));
  }
  return total / TICKS;
}

/** The pid of one of the local stack's components (.stack/pids/NAME.pid), if it runs. */
export function stackPid(name: 'engine' | 'ministack' | 'aws-ai'): number | undefined {
  try {
    const pid = Number(readFileSync(path.join(ROOT, '.stack/pids', `${name}.pid`), 'utf8').trim());
    return statOf(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

function machineTicks(): { busy: number; total: number } {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: total - f[3] - f[4], total }; // idle and iowait are not busy
}

/** Cores used on average over a step (1 = one core busy the whole time). */
export interface CpuShares {
  /** each worker process (or the no-op / direct process) */
  workers: number[];
  engine: number;
  emulator: number;
  loadGenerator: number;
  /** fraction of all the machine's cores busy, anyone's work */
  machineBusy: number;
}

/** Starts measuring; the answer's function ends the step. The emulator: MiniStack (S3, Lambda) or the AI stand-in. */
export function cpuMeter(workerPids: number[], emulatorName: 'ministack' | 'aws-ai' = 'ministack'): () => CpuShares {
  const engine = stackPid('engine');
  const emulator = stackPid(emulatorName);
  const tree = (pid: number | undefined) => (pid === undefined ? 0 : treeCpuSeconds(pid));
  const start = { workers: workerPids.map(tree), engine: tree(engine), emulator: tree(emulator), self: process.cpuUsage(), machine: machineTicks(), t: performance.now() };
  return () => {
    const seconds = (performance.now() - start.t) / 1000;
    const self = process.cpuUsage(start.self);
    const machine = machineTicks();
    return {
      workers: workerPids.map((p, i) => (tree(p) - start.workers[i]) / seconds),
      engine: (tree(engine) - start.engine) / seconds,
      emulator: (tree(emulator) - start.emulator) / seconds,
      loadGenerator: (self.user + self.system) / 1e6 / seconds,
      machineBusy: (machine.busy - start.machine.busy) / Math.max(1, machine.total - start.machine.total),
    };
  };
}

/**
 * What bounds a step, from its CPU shares: a single-threaded process at nearly one core (the engine and the
 * worker are one Node thread each, MiniStack one Python interpreter); otherwise the machine's cores when nearly
 * all are busy; otherwise nothing saturated: the rate is concurrency / latency.
 */
export function bottleneck(c: CpuShares, cores = os.cpus().length): string {
  const pct = (x: number) => `${Math.round(100 * x)} %`;
  const ours = c.workers.reduce((a, b) => a + b, 0) + c.engine + c.emulator + c.loadGenerator;
  const single: [string, number][] = [['engine', c.engine], ['emulator', c.emulator], ['load generator', c.loadGenerator], ...c.workers.map((w, i): [string, number] => [c.workers.length > 1 ? `worker process ${i + 1}` : 'worker process', w])];
  const [name, share] = single.sort((a, b) => b[1] - a[1])[0];
  // A thread at its core's limit bounds the step even on a saturated machine: it could not go faster anyway.
  if (share >= 0.85) return `${name}: one thread at ${pct(share)} of a core`;
  if (c.machineBusy >= 0.9) {
    const others = c.machineBusy * cores - ours;
    return `CPU: ${cores} cores ${pct(c.machineBusy)} busy (ours ${ours.toFixed(2)} cores${others > 0.5 ? `, other work on the machine ${others.toFixed(2)}` : ''})`;
  }
  return `latency: nothing saturated (busiest: ${name} ${pct(share)} of a core; machine ${pct(c.machineBusy)})`;
}
