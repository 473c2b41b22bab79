/**
 * Growth, for `npm run bench`: the same S3 upload of 1 KiB at each concurrency, through 1 and 2 worker
 * processes (WORKER_PROCESSES=2: the supervisor's two worker processes, whose CPU and RSS are counted), next to the no-op SDK worker (engine + SDK ceiling) and the direct AWS SDK (emulator ceiling) at
 * the same concurrency, interleaved per concurrency. Every worker process takes up to `concurrency` jobs, so
 * the load generator's `concurrency` instances in flight are the load. Each cell starts fresh processes, so
 * peak RSS (VmHWM) belongs to that concurrency; the CPU shares name what bounds each cell (cpu.ts).
 */
import path from 'node:path';
import type { Camunda8 } from '@camunda8/sdk';
import { searchElementInstances, stack, uniqueId } from '../../test/integration/harness';
import { bottleneck, cpuMeter, type CpuShares } from './cpu';
import { childEnv, childPids, deployOneTask, peakRssMiB, percentile, runInstances, runJson, startNoop, startWorker, stopWorker, type WorkerProc } from './common';

export type GrowthVariant = 'no-op SDK worker' | 'direct AWS SDK' | 'worker, 1 process' | 'worker, 2 processes';
export const GROWTH_VARIANTS: GrowthVariant[] = ['no-op SDK worker', 'direct AWS SDK', 'worker, 1 process', 'worker, 2 processes'];

export interface GrowthRow {
  variant: GrowthVariant;
  concurrency: number;
  jobs: number;
  jobsPerSecond: number;
  p50: number;
  p95: number;
  /** CPU of the processes doing the work (summed over worker processes), per job */
  cpuMsPerJob: number;
  /** summed over the processes doing the work */
  peakRssMiB: number;
  peakRssMiBPerProcess: number[];
  cpu: CpuShares;
  bottleneck: string;
}

export interface GrowthOptions { concurrencies: number[]; jobs: (concurrency: number) => number; bucket: string }

const PAYLOAD = 'x'.repeat(1024);
// Per run: a job left by an aborted run is not this run's workers' to take.
const WORKER_TYPE = uniqueId('bench:growth:s3');
const NOOP_TYPE = uniqueId('bench:growth:noop');

async function engineCell(c8: Camunda8, variant: GrowthVariant, procs: WorkerProc[], type: string, concurrency: number, jobs: number, bucket: string): Promise<GrowthRow> {
  const task = (id: string) => deployOneTask(c8, id, {
    type, headers: { resultVariable: 'result' },
    inputs: type === NOOP_TYPE ? {} : {
      'action.type': 'upload', 'action.bucket': bucket, 'action.key': '="growth/" + string(n) + ".txt"',
      'action.document': '={"camunda.document.type": "inline", "content": payload, "name": "o.txt"}',
    },
  });
  const warm = uniqueId('growth_warm'); // JIT, connection pools, FEEL threads; not in the measured definition's records
  await task(warm);
  await runInstances(c8, warm, Math.min(jobs, Math.max(50, concurrency)), concurrency, (n) => ({ n: 9_000_000 + n, payload: PAYLOAD }));
  const id = uniqueId('growth');
  await task(id);
  const stop = cpuMeter(procs.map((p) => p.pid));
  const run = await runInstances(c8, id, jobs, concurrency, (n) => ({ n, payload: PAYLOAD }));
  const cpu = stop();
  const tasks = await searchElementInstances({ processDefinitionId: id, elementId: 'task', state: 'COMPLETED' }) as unknown as { startDate: string; endDate: string }[];
  if (tasks.length !== jobs) throw new Error(`growth ${variant} at ${concurrency}: the engine recorded ${tasks.length} completed tasks, expected ${jobs}`);
  const latencies = tasks.map((e) => Date.parse(e.endDate) - Date.parse(e.startDate)).sort((a, b) => a - b);
  const rss = procs.map((p) => peakRssMiB(p.pid));
  return {
    variant, concurrency, jobs, jobsPerSecond: jobs / run.seconds, p50: percentile(latencies, 50), p95: percentile(latencies, 95),
    cpuMsPerJob: (cpu.workers.reduce((a, b) => a + b, 0) * run.seconds * 1000) / jobs,
    peakRssMiB: rss.reduce((a, b) => a + b, 0), peakRssMiBPerProcess: rss, cpu, bottleneck: bottleneck(cpu),
  };
}

async function directCell(concurrency: number, jobs: number, bucket: string): Promise<GrowthRow> {
  const stop = cpuMeter([]);
  const r = await runJson<{ seconds: number; latencies: number[]; cpuMs: number; peakRssMiB: number }>([path.join(__dirname, 'direct-sdk.js')], childEnv({
    BENCH_KIND: 's3', BENCH_JOBS: String(jobs), BENCH_CONCURRENCY: String(concurrency), BENCH_ENDPOINT: stack().AWS_ENDPOINT_URL_S3_EMULATOR, BENCH_BUCKET: bucket,
  }));
  // The engine's and the emulator's shares span the child's whole life (its start and warm-up too); its own is the measured calls'.
  const cpu = { ...stop(), workers: [r.cpuMs / 1000 / r.seconds] };
  return {
    variant: 'direct AWS SDK', concurrency, jobs, jobsPerSecond: jobs / r.seconds, p50: percentile(r.latencies, 50), p95: percentile(r.latencies, 95),
    cpuMsPerJob: r.cpuMs / jobs, peakRssMiB: r.peakRssMiB, peakRssMiBPerProcess: [r.peakRssMiB], cpu, bottleneck: bottleneck(cpu),
  };
}

/** The worker with WORKER_PROCESSES=count: one process, or the supervisor's worker processes (the ones doing the work). */
async function startWorkers(count: number, concurrency: number): Promise<{ stop(): Promise<void>; procs: WorkerProc[] }> {
  const worker = await startWorker({
    AWS_ENDPOINT_URL_S3: stack().AWS_ENDPOINT_URL_S3_EMULATOR, CONNECTORS_ENABLED: 's3', CONNECTOR_S3_TYPE: WORKER_TYPE, WORKER_CONCURRENCY: String(concurrency), WORKER_PROCESSES: String(count),
  });
  const procs = count === 1 ? [worker] : childPids(worker.pid).map((pid) => ({ child: worker.child, pid }));
  if (procs.length !== count) throw new Error(`growth: ${procs.length} worker processes under the supervisor, expected ${count}`);
  return { procs, stop: () => stopWorker(worker) };
}

export async function measureGrowth(c8: Camunda8, o: GrowthOptions, progress: (row: GrowthRow) => void = () => undefined): Promise<GrowthRow[]> {
  const rows: GrowthRow[] = [];
  const add = (r: GrowthRow) => { rows.push(r); progress(r); };
  for (const c of o.concurrencies) {
    const jobs = o.jobs(c);
    const noop = await startNoop(NOOP_TYPE, c);
    try {
      add(await engineCell(c8, 'no-op SDK worker', [noop], NOOP_TYPE, c, jobs, o.bucket));
    } finally {
      await stopWorker(noop);
    }
    add(await directCell(c, jobs, o.bucket));
    for (const count of [1, 2]) {
      const workers = await startWorkers(count, c);
      try {
        add(await engineCell(c8, count === 1 ? 'worker, 1 process' : 'worker, 2 processes', workers.procs, WORKER_TYPE, c, jobs, o.bucket));
      } finally {
        await workers.stop();
      }
    }
  }
  return rows;
}
