/**
 * The worker's CPU per job through the engine, next to the no-op @camunda8/sdk worker, in one run:
 * the same S3 1 KiB upload jobs (BPMN service tasks on the local stack) at one concurrency, rounds interleaved.
 * Each process's CPU is utime + stime from /proc around each round; peak RSS its VmHWM; idle RSS its VmRSS
 * once subscribed, before any job.
 *
 *   tsx scripts/profile/through-engine.ts [--jobs 1000] [--rounds 3] [--concurrency 32] [--prof DIR] [--root DIR]
 * --prof DIR: run both processes under `node --cpu-prof` (profiles written to DIR on exit; summarise them with
 *             scripts/profile/cpuprofile-summary.ts). The profiler's own overhead inflates the CPU figures.
 * --node-args '...': the worker's node options instead of bin/'s (--max-semi-space-size=1).
 * --startups N: also N starts of each (interleaved): spawn -> first job completed, the job created before the spawn,
 *               and the process's CPU time by then (steadier than the wall time on a loaded machine).
 * --startup-root DIR: a second worker root started the same way, interleaved (an earlier build, to compare).
 * --root DIR: the worker's package root (bin/ and dist/) to run, e.g. a copy of an earlier build to compare.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { camunda, createBucket, engineConnection, freePort, stack, uniqueId } from '../../test/integration/harness';
import { cpuSeconds, deployOneTask, option, peakRssMiB, percentile, runInstances } from '../bench/common';

const ROOT = path.resolve(__dirname, '../..');
const JOBS = option('jobs', 1000);
const ROUNDS = option('rounds', 3);
const CONCURRENCY = option('concurrency', 32);
const argValue = (name: string) => { const i = process.argv.indexOf(`--${name}`); return i >= 0 ? process.argv[i + 1] : undefined; };
const PROF = argValue('prof');
const WORKER_ROOT = path.resolve(argValue('root') ?? ROOT);
const STARTUPS = option('startups', 0);
const STARTUP_ROOT = argValue('startup-root') && path.resolve(argValue('startup-root')!);
const BUCKET = 'bench';
/** --cpu-prof is not allowed in NODE_OPTIONS on node 20: it goes on the command line. */
const profArgs = PROF ? ['--cpu-prof', `--cpu-prof-dir=${PROF}`] : [];
/** The worker's node options (bin/'s shebang gives --max-semi-space-size=1); --node-args varies them. */
const WORKER_NODE_ARGS = (argValue('node-args') ?? '--max-semi-space-size=1').split(' ').filter(Boolean);
const PAYLOAD = 'x'.repeat(1024);

function rssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'))!;
  return Number(line.replace(/\D+/g, '')) / 1024;
}

function baseEnv(): Record<string, string> {
  const s = stack();
  return {
    PATH: process.env.PATH ?? '', ...engineConnection(), AWS_REGION: s.AWS_REGION, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test',
    LOG_LEVEL: 'warn', WORKER_CONCURRENCY: String(CONCURRENCY),
  };
}

function spawnWorker(type: string, port: number, root = WORKER_ROOT): ChildProcess {
  // As bin/'s shebang runs it, plus the profiler when asked.
  return spawn(process.execPath, [...WORKER_NODE_ARGS, ...profArgs, path.join(root, 'bin/zeebe-aws-connectors.js')], {
    cwd: root,
    env: { ...baseEnv(), HTTP_PORT: String(port), AWS_ENDPOINT_URL_S3: stack().AWS_ENDPOINT_URL_S3_EMULATOR, CONNECTORS_ENABLED: 's3', CONNECTOR_S3_TYPE: type },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

async function startWorker(type: string): Promise<ChildProcess> {
  const port = await freePort();
  const child = spawnWorker(type, port);
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/ready`)).status === 200) return child;
    } catch {
      // starting
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('worker did not get ready');
}

function spawnNoop(type: string): ChildProcess {
  return spawn(process.execPath, [...profArgs, path.join(ROOT, 'scripts/bench/noop-worker.js')], { cwd: ROOT, env: { ...baseEnv(), BENCH_TYPE: type }, stdio: ['ignore', 'pipe', 'inherit'] });
}

async function startNoop(type: string): Promise<ChildProcess> {
  const child = spawnNoop(type);
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (l) => { if (l === 'ready') resolve(); });
    child.on('exit', (code) => reject(new Error(`the no-op worker exited with ${code}`)));
  });
  return child;
}

async function stop(child: ChildProcess): Promise<void> {
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
}

/** Spawn -> first job completed (the job waits in the engine before the spawn), ms; the process is stopped after. */
async function startup(c8: ReturnType<typeof camunda>, kind: 'worker' | 'noop', root = WORKER_ROOT): Promise<{ ms: number; cpuMs: number }> {
  const type = uniqueId(`prof:start:${kind}`);
  const id = uniqueId('prof-start');
  await deployOneTask(c8, id, kind === 'noop' ? { type } : {
    type, headers: { resultVariable: 'result' },
    inputs: { 'action.type': 'upload', 'action.bucket': BUCKET, 'action.key': 'startup.txt', 'action.document': '={"camunda.document.type": "inline", "content": "started", "name": "s.txt"}' },
  });
  const done = c8.getZeebeGrpcApiClient().createProcessInstanceWithResult({ bpmnProcessId: id, variables: {}, requestTimeout: 60_000 });
  await new Promise((r) => setTimeout(r, 200));
  const t0 = performance.now();
  const child = kind === 'worker' ? spawnWorker(type, await freePort(), root) : spawnNoop(type);
  child.stdout?.resume();
  await done;
  const ms = performance.now() - t0;
  const cpuMs = cpuSeconds(child.pid!) * 1000;
  await stop(child);
  return { ms, cpuMs };
}

async function main(): Promise<void> {
  const c8 = camunda();
  await createBucket(BUCKET);
  if (STARTUPS > 0) {
    const starts: { name: string; run: () => Promise<{ ms: number; cpuMs: number }>; ms: number[]; cpuMs: number[] }[] = [
      { name: `worker ${WORKER_ROOT}`, run: () => startup(c8, 'worker'), ms: [], cpuMs: [] },
      ...(STARTUP_ROOT ? [{ name: `worker ${STARTUP_ROOT}`, run: () => startup(c8, 'worker', STARTUP_ROOT), ms: [] as number[], cpuMs: [] as number[] }] : []),
      { name: 'no-op SDK worker', run: () => startup(c8, 'noop'), ms: [], cpuMs: [] },
    ];
    const load = os.loadavg()[0];
    for (let i = 0; i < STARTUPS; i++) {
      for (const s of starts) {
        const r = await s.run();
        s.ms.push(r.ms);
        s.cpuMs.push(r.cpuMs);
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    console.log(`\nstart-up (median of ${STARTUPS}, interleaved; load average ${load.toFixed(1)} -> ${os.loadavg()[0].toFixed(1)})`);
    console.log('| process | spawn -> first job completed ms | CPU ms by then | all runs ms |\n|---|---|---|---|');
    for (const s of starts) console.log(`| ${s.name} | ${median(s.ms).toFixed(0)} | ${median(s.cpuMs).toFixed(0)} | ${s.ms.map((x) => x.toFixed(0)).join(', ')} |`);
  }
  const s3Type = uniqueId('prof:s3');
  const noopType = uniqueId('prof:noop');
  const worker = await startWorker(s3Type);
  const noop = await startNoop(noopType);
  await new Promise((r) => setTimeout(r, 1000));
  const idle = { worker: rssMiB(worker.pid!), noop: rssMiB(noop.pid!) };
  const s3 = {
    type: s3Type, headers: { resultVariable: 'result' },
    inputs: {
      'action.type': 'upload', 'action.bucket': BUCKET, 'action.key': '="profile/" + string(n) + ".txt"',
      'action.document': '={"camunda.document.type": "inline", "content": payload, "name": "o.txt"}',
    },
  };
  const variants = [
    { name: 'worker, S3 upload 1 KiB', proc: worker, task: s3 },
    { name: 'no-op SDK worker', proc: noop, task: { type: noopType } },
  ];
  const totals = new Map(variants.map((v) => [v.name, { jobs: 0, seconds: 0, cpuMs: 0, latencies: [] as number[] }]));
  for (const v of variants) { // warm-up: JIT, connections, lazily loaded modules
    const id = uniqueId('warm');
    await deployOneTask(c8, id, v.task);
    await runInstances(c8, id, Math.min(200, JOBS), CONCURRENCY, (n) => ({ n: 9_000_000 + n, payload: PAYLOAD }));
  }
  const load0 = os.loadavg()[0];
  for (let round = 0; round < ROUNDS; round++) {
    for (const v of variants) {
      const id = uniqueId('prof');
      await deployOneTask(c8, id, v.task);
      const cpu0 = cpuSeconds(v.proc.pid!);
      const run = await runInstances(c8, id, JOBS, CONCURRENCY, (n) => ({ n, payload: PAYLOAD }));
      const t = totals.get(v.name)!;
      t.cpuMs += (cpuSeconds(v.proc.pid!) - cpu0) * 1000;
      t.jobs += JOBS;
      t.seconds += run.seconds;
      t.latencies.push(...run.latencies);
    }
  }
  const load1 = os.loadavg()[0];
  const peak = { worker: peakRssMiB(worker.pid!), noop: peakRssMiB(noop.pid!) };
  await stop(worker);
  await stop(noop);
  await c8.getZeebeGrpcApiClient().close();

  console.log(`\nnode ${process.version}, ${new Date().toISOString()}, ${JOBS} jobs x ${ROUNDS} rounds at concurrency ${CONCURRENCY}, worker ${WORKER_ROOT} (node ${WORKER_NODE_ARGS.join(' ')})${PROF ? ', under --cpu-prof' : ''}; load average ${load0.toFixed(1)} -> ${load1.toFixed(1)}`);
  console.log('| process | jobs | jobs/s | p50 ms | p95 ms | CPU ms/job | idle RSS MiB | peak RSS MiB |\n|---|---|---|---|---|---|---|---|');
  for (const v of variants) {
    const t = totals.get(v.name)!;
    const sorted = t.latencies.sort((a, b) => a - b);
    const key = v.proc === worker ? 'worker' : 'noop';
    console.log(`| ${v.name} | ${t.jobs} | ${(t.jobs / t.seconds).toFixed(1)} | ${percentile(sorted, 50).toFixed(0)} | ${percentile(sorted, 95).toFixed(0)} | ${(t.cpuMs / t.jobs).toFixed(2)} | ${idle[key].toFixed(0)} | ${peak[key].toFixed(0)} |`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
