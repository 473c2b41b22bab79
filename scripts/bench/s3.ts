/**
 * S3 benchmark through the real cluster: small-object jobs per second and latency percentiles at a
 * concurrency, the worker's CPU per job and peak RSS; then a 1 GiB streamed upload and download.
 *
 *   npm run stack:start        (with CAMUNDA_JAVA_OPTIONS="-Xms256m -Xmx3g" for the 1 GiB document)
 *   npm run bench:s3 -- [--jobs 2000] [--concurrency 32] [--big-mib 1024] [--skip-big]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Camunda8 } from '@camunda8/sdk';
import { camunda, createBucket, freePort, oneTaskProcess, stack } from '../../test/integration/harness';

const ROOT = path.resolve(__dirname, '../..');
const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const JOBS = option('jobs', 2000);
const CONCURRENCY = option('concurrency', 32);
const BIG_MIB = option('big-mib', 1024);
const BUCKET = 'bench';
const TYPE = 'aws:s3:bench';

interface Proc { child: ChildProcess; pid: number }

/** The worker as users run it (bin/, compiled dist/): one node process, so /proc tells its own CPU and memory. */
async function startWorker(extra: Record<string, string>): Promise<Proc> {
  const s = stack();
  const port = await freePort();
  const child = spawn(path.join(ROOT, 'bin/zeebe-aws-connectors.js'), [], {
    env: {
      PATH: process.env.PATH ?? '', ZEEBE_GRPC_ADDRESS: s.ZEEBE_GRPC_ADDRESS, ZEEBE_REST_ADDRESS: s.ZEEBE_REST_ADDRESS,
      CAMUNDA_AUTH_STRATEGY: 'NONE', AWS_REGION: s.AWS_REGION, AWS_ENDPOINT_URL_S3: s.AWS_ENDPOINT_URL_S3_EMULATOR,
      AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', CONNECTOR_S3_TYPE: TYPE, HTTP_PORT: String(port),
      WORKER_CONCURRENCY: String(CONCURRENCY), LOG_LEVEL: 'warn', DOCUMENT_URL_ALLOW_PRIVATE_ADDRESSES: 'true', ...extra,
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

function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks of 1/100 s
}

function peakRssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmHWM:'))!;
  return Number(line.replace(/\D+/g, '')) / 1024;
}

async function stop(p: Proc): Promise<void> {
  p.child.kill('SIGTERM');
  await new Promise((r) => p.child.on('exit', r));
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function deploy(c8: Camunda8, id: string, inputs: Record<string, string>): Promise<void> {
  await c8.getZeebeGrpcApiClient().deployResource({
    process: Buffer.from(oneTaskProcess(id, { type: TYPE, inputs, headers: { resultVariable: 'result' } }, false)),
    name: `${id}.bpmn`,
  });
}

async function smallObjects(c8: Camunda8): Promise<void> {
  await deploy(c8, 'bench_small', {
    'action.type': 'upload', 'action.bucket': BUCKET, 'action.key': '="small/" + string(n) + ".txt"',
    'action.document': '={"camunda.document.type": "inline", "content": payload, "name": "o.txt"}',
  });
  const worker = await startWorker({});
  const zeebe = c8.getZeebeGrpcApiClient();
  const payload = 'x'.repeat(1024);
  const run = async (count: number, offset: number) => {
    const latencies: number[] = [];
    let next = 0;
    const lane = async () => {
      while (next < count) {
        const n = offset + next++;
        const t0 = performance.now();
        await zeebe.createProcessInstanceWithResult({ bpmnProcessId: 'bench_small', variables: { n, payload }, requestTimeout: 60_000 });
        latencies.push(performance.now() - t0);
      }
    };
    const t0 = performance.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, lane));
    return { latencies, seconds: (performance.now() - t0) / 1000 };
  };
  await run(Math.min(200, JOBS), 0); // warm-up: JIT, connection pools
  const cpu0 = cpuSeconds(worker.pid);
  const { latencies, seconds } = await run(JOBS, 1_000_000);
  const cpu = cpuSeconds(worker.pid) - cpu0;
  latencies.sort((a, b) => a - b);
  console.log(`small objects (1 KiB uploads), ${JOBS} jobs at concurrency ${CONCURRENCY}:`);
  console.log(`  throughput ${(JOBS / seconds).toFixed(1)} jobs/s over ${seconds.toFixed(1)} s`);
  console.log(`  latency (process instance start to end) p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms`);
  console.log(`  worker CPU ${((cpu / JOBS) * 1000).toFixed(2)} ms per job; worker peak RSS ${peakRssMiB(worker.pid).toFixed(0)} MiB`);
  await stop(worker);
}

/** Serves BIG_MIB MiB of generated bytes, never held whole. */
async function byteServer(): Promise<{ url: string; close(): void }> {
  const chunk = Buffer.alloc(1024 * 1024, 0x61);
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(BIG_MIB * chunk.length) });
    let sent = 0;
    const pump = () => {
      while (sent < BIG_MIB) {
        sent += 1;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end();
    };
    pump();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/big.bin`, close: () => server.close() };
}

async function bigObject(c8: Camunda8): Promise<void> {
  const source = await byteServer();
  await deploy(c8, 'bench_big_up', { 'action.type': 'upload', 'action.bucket': BUCKET, 'action.key': 'big.bin', 'action.document': `={"camunda.document.type": "external", "url": "${source.url}"}` });
  await deploy(c8, 'bench_big_down', { 'action.type': 'download', 'action.bucket': BUCKET, 'action.key': 'big.bin' });
  const worker = await startWorker({ DOCUMENT_URL_MAX_BYTES: String(4 * 1024 ** 3) });
  const zeebe = c8.getZeebeGrpcApiClient();
  const mib = BIG_MIB;
  let t0 = performance.now();
  const up = await zeebe.createProcessInstanceWithResult({ bpmnProcessId: 'bench_big_up', variables: {}, requestTimeout: 600_000 });
  const upSeconds = (performance.now() - t0) / 1000;
  const uploaded = (up.variables as { result: { size: number } }).result.size;
  const peakAfterUpload = peakRssMiB(worker.pid);
  t0 = performance.now();
  const down = await zeebe.createProcessInstanceWithResult({ bpmnProcessId: 'bench_big_down', variables: {}, requestTimeout: 600_000 });
  const downSeconds = (performance.now() - t0) / 1000;
  const doc = (down.variables as { result: { document: { metadata: { size: number } } } }).result.document;
  console.log(`${mib} MiB object, streamed (upload from an HTTP source to S3 multipart; download from S3 into the Camunda document store):`);
  console.log(`  upload ${uploaded} bytes in ${upSeconds.toFixed(1)} s = ${(mib / upSeconds).toFixed(1)} MiB/s`);
  console.log(`  download ${doc.metadata.size} bytes in ${downSeconds.toFixed(1)} s = ${(mib / downSeconds).toFixed(1)} MiB/s`);
  console.log(`  worker peak RSS ${peakAfterUpload.toFixed(0)} MiB after the upload, ${peakRssMiB(worker.pid).toFixed(0)} MiB after both`);
  await stop(worker);
  source.close();
}

async function main(): Promise<void> {
  await createBucket(BUCKET);
  const c8 = camunda();
  console.log(`node ${process.version}, ${new Date().toISOString()}`);
  await smallObjects(c8);
  if (!args.includes('--skip-big')) await bigObject(c8);
  await c8.getZeebeGrpcApiClient().close();
}

main().then(() => process.exit(0), (e) => {
  console.error(e);
  process.exit(1);
});
