import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Camunda8 } from '@camunda8/sdk';
import { engineConnection, freePort, oneTaskProcess, stack, type TaskSpec } from '../../test/integration/harness';

const ROOT = path.resolve(__dirname, '../..');

export function option(name: string, fallback: number): number {
  const args = process.argv.slice(2);
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}

/** A comma-separated list of numbers, e.g. `--growth-concurrency 1,8,32`. */
export function listOption(name: string, fallback: number[]): number[] {
  const args = process.argv.slice(2);
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1].split(',').map(Number) : fallback;
}

export interface WorkerProc { child: ChildProcess; pid: number }

/** The environment of a bench child process: the engine's connection and the region, nothing else of ours. */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '', ...engineConnection(), AWS_REGION: stack().AWS_REGION, ...extra };
}

/** Runs a node script to its end and answers its last stdout line as JSON. */
export function runJson<T>(args: string[], env: NodeJS.ProcessEnv): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] });
    let last = '';
    createInterface({ input: child.stdout! }).on('line', (l) => { if (l.trim()) last = l; });
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(last) as T) : reject(new Error(`${args.join(' ')} exited with ${code}`))));
  });
}

/** The no-op SDK worker (noop-worker.js) subscribed to `type`, taking up to `concurrency` jobs at a time. */
export function startNoop(type: string, concurrency: number): Promise<WorkerProc> {
  return startScript('noop-worker.js', { BENCH_TYPE: type, WORKER_CONCURRENCY: String(concurrency) });
}

/** The hand-written SDK worker (hand-written-worker.js): the same S3 and Lambda calls, no connector runtime. */
export function startHandWritten(env: { BENCH_S3_TYPE?: string; BENCH_LAMBDA_TYPE?: string; BENCH_BUCKET: string; BENCH_FUNCTION?: string }, concurrency: number): Promise<WorkerProc> {
  return startScript('hand-written-worker.js', { ...env, BENCH_ENDPOINT: stack().AWS_ENDPOINT_URL_S3_EMULATOR, WORKER_CONCURRENCY: String(concurrency) } as Record<string, string>);
}

/** A bench worker script of this folder, once it printed "ready". */
async function startScript(script: string, env: Record<string, string>): Promise<WorkerProc> {
  const child: ChildProcess = spawn(process.execPath, [path.join(__dirname, script)], { cwd: ROOT, env: childEnv(env), stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (l) => { if (l === 'ready') resolve(); });
    child.on('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
  return { child, pid: child.pid! };
}

/** The worker as users run it (bin/, compiled dist/): one node process, so /proc tells its own CPU and memory. */
export async function startWorker(env: Record<string, string>): Promise<WorkerProc> {
  const s = stack();
  const port = await freePort();
  // BENCH_WORKER_PROF=DIR: the worker under `node --cpu-prof` (profiles written to DIR when it exits), as bin/ runs it.
  const prof = process.env.BENCH_WORKER_PROF;
  const [command, args] = prof
    ? [process.execPath, ['--max-semi-space-size=1', '--cpu-prof', `--cpu-prof-dir=${prof}`, path.join(ROOT, 'bin/zeebe-aws-connectors.js')]]
    : [path.join(ROOT, 'bin/zeebe-aws-connectors.js'), []];
  const child = spawn(command, args, {
    env: {
      // The engine's SDK settings: the local stack's engine, or the user's cluster (ZEEBE_GRPC_ADDRESS, auth, ...).
      PATH: process.env.PATH ?? '', ...engineConnection(), AWS_REGION: s.AWS_REGION, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test',
      HTTP_PORT: String(port), LOG_LEVEL: 'warn',
      // The worker's own settings can be varied from the benchmark's environment (WORKER_MODE, ...).
      ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('WORKER_')) as [string, string][]),
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/ready`)).status === 200) return { child, pid: child.pid! };
    } catch {
      // starting
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('worker did not get ready');
}

export async function stopWorker(w: WorkerProc): Promise<void> {
  w.child.kill('SIGTERM');
  await new Promise((r) => w.child.on('exit', r));
}

/** utime + stime of a process, in seconds (clock ticks of 1/100 s). */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** The processes a process started (the supervisor's worker processes), from /proc. */
export function childPids(pid: number): number[] {
  return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
}

export function peakRssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmHWM:'))!;
  return Number(line.replace(/\D+/g, '')) / 1024;
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export async function deployOneTask(c8: Camunda8, id: string, task: TaskSpec): Promise<void> {
  await c8.getZeebeGrpcApiClient().deployResource({ process: Buffer.from(oneTaskProcess(id, task, false)), name: `${id}.bpmn` });
}

/** Runs `count` instances to their end, `concurrency` at a time; latencies in ms, sorted. */
export async function runInstances(c8: Camunda8, bpmnProcessId: string, count: number, concurrency: number, variables: (n: number) => Record<string, unknown>) {
  const zeebe = c8.getZeebeGrpcApiClient();
  const latencies: number[] = [];
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const n = next++;
      const t0 = performance.now();
      await zeebe.createProcessInstanceWithResult({ bpmnProcessId, variables: variables(n) as never, requestTimeout: 60_000 });
      latencies.push(performance.now() - t0);
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, lane));
  return { latencies: latencies.sort((a, b) => a - b), seconds: (performance.now() - t0) / 1000 };
}

/** Prints throughput, latency percentiles, CPU per job and peak RSS of a measured run. */
export function report(label: string, jobs: number, run: { latencies: number[]; seconds: number }, cpu: number, worker: WorkerProc): void {
  const p = (q: number) => percentile(run.latencies, q).toFixed(1);
  console.log(`${label}:`);
  console.log(`  throughput ${(jobs / run.seconds).toFixed(1)} jobs/s over ${run.seconds.toFixed(1)} s`);
  console.log(`  latency (process instance start to end) p50 ${p(50)} ms, p95 ${p(95)} ms, p99 ${p(99)} ms, max ${p(100)} ms`);
  console.log(`  worker CPU ${((cpu / jobs) * 1000).toFixed(2)} ms per job; worker peak RSS ${peakRssMiB(worker.pid).toFixed(0)} MiB`);
}
