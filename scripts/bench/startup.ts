/**
 * Start-up, for `npm run bench`: process spawn -> first job completed (the job waits in the engine before the
 * spawn), for the worker (compiled, bin/) next to a bare @camunda8/sdk process that only connects and
 * completes a no-op job (noop-worker.js); and each one's RSS once started and idle.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Camunda8 } from '@camunda8/sdk';
import { engineConnection, freePort, stack, uniqueId } from '../../test/integration/harness';
import { deployOneTask } from './common';

const ROOT = path.resolve(__dirname, '../..');

export interface StartupRow { name: string; spawnToFirstJobMs: number; idleRssMiB: number }

function rssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'))!;
  return Number(line.replace(/\D+/g, '')) / 1024;
}

async function spawnOne(kind: 'worker' | 'noop', type: string): Promise<ChildProcess> {
  const s = stack();
  const base = { PATH: process.env.PATH ?? '', ...engineConnection(), AWS_REGION: s.AWS_REGION, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', LOG_LEVEL: 'warn' };
  if (kind === 'noop') return spawn(process.execPath, [path.join(__dirname, 'noop-worker.js')], { cwd: ROOT, env: { ...base, BENCH_TYPE: type }, stdio: ['ignore', 'ignore', 'ignore'] });
  // BENCH_WORKER_PROF=DIR: the worker under `node --cpu-prof`, as common.ts's startWorker does.
  const prof = process.env.BENCH_WORKER_PROF;
  const bin = path.join(ROOT, 'bin/zeebe-aws-connectors.js');
  const [command, args] = prof ? [process.execPath, ['--max-semi-space-size=1', '--cpu-prof', `--cpu-prof-dir=${prof}`, bin]] : [bin, []];
  return spawn(command, args, {
    cwd: ROOT,
    env: { ...base, HTTP_PORT: String(await freePort()), AWS_ENDPOINT_URL_S3: s.AWS_ENDPOINT_URL_S3_EMULATOR, CONNECTOR_S3_TYPE: type },
    stdio: ['ignore', 'ignore', 'ignore'],
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
}

/** One start: the job is created first, then the process is spawned; idle RSS is read 2 s after its job completed. */
async function once(c8: Camunda8, kind: 'worker' | 'noop', bucket: string): Promise<{ ms: number; rss: number }> {
  const type = uniqueId(`bench:start:${kind}`);
  const id = uniqueId('startup');
  const inputs: Record<string, string> = kind === 'noop' ? {} : {
    'action.type': 'upload', 'action.bucket': bucket, 'action.key': 'startup.txt',
    'action.document': '={"camunda.document.type": "inline", "content": "started", "name": "s.txt"}',
  };
  await deployOneTask(c8, id, { type, inputs, headers: { resultVariable: 'result' } });
  const done = c8.getZeebeGrpcApiClient().createProcessInstanceWithResult({ bpmnProcessId: id, variables: {}, requestTimeout: 60_000 });
  await new Promise((r) => setTimeout(r, 200)); // the job exists before the process does
  const t0 = performance.now();
  const child = await spawnOne(kind, type);
  try {
    await done;
    const ms = performance.now() - t0;
    await new Promise((r) => setTimeout(r, 2000));
    return { ms, rss: rssMiB(child.pid!) };
  } finally {
    await stop(child);
  }
}

export async function measureStartup(c8: Camunda8, bucket: string, rounds: number): Promise<StartupRow[]> {
  const rows = new Map<string, { ms: number[]; rss: number[] }>([['worker (bin/, compiled JS)', { ms: [], rss: [] }], ['bare @camunda8/sdk no-op (node)', { ms: [], rss: [] }]]);
  for (let round = 0; round < rounds; round++) {
    for (const [name, kind] of [['worker (bin/, compiled JS)', 'worker'], ['bare @camunda8/sdk no-op (node)', 'noop']] as const) {
      const r = await once(c8, kind, bucket);
      rows.get(name)!.ms.push(r.ms);
      rows.get(name)!.rss.push(r.rss);
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return [...rows].map(([name, r]) => ({ name, spawnToFirstJobMs: median(r.ms), idleRssMiB: median(r.rss) }));
}
