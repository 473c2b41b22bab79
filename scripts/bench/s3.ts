/**
 * S3 benchmark through the real cluster: small-object jobs per second and latency percentiles at a
 * concurrency, the worker's CPU per job and peak RSS; then a 1 GiB streamed upload and download.
 *
 *   npm run stack:start
 *   npm run bench:s3 -- [--jobs 2000] [--concurrency 32] [--big-mib 1024] [--skip-big]
 */
import type { Camunda8 } from '@camunda8/sdk';
import { camunda, createBucket, stack } from '../../test/integration/harness';
import { byteServer } from './byte-server';
import { cpuSeconds, deployOneTask, option, peakRssMiB, report, runInstances, startWorker, stopWorker } from './common';

const args = process.argv.slice(2);
const JOBS = option('jobs', 2000);
const CONCURRENCY = option('concurrency', 32);
const BIG_MIB = option('big-mib', 1024);
const BUCKET = 'bench';
const TYPE = 'aws:s3:bench';

async function deploy(c8: Camunda8, id: string, inputs: Record<string, string>): Promise<void> {
  await deployOneTask(c8, id, { type: TYPE, inputs, headers: { resultVariable: 'result' } });
}

async function smallObjects(c8: Camunda8): Promise<void> {
  await deploy(c8, 'bench_small', {
    'action.type': 'upload', 'action.bucket': BUCKET, 'action.key': '="small/" + string(n) + ".txt"',
    'action.document': '={"camunda.document.type": "inline", "content": payload, "name": "o.txt"}',
  });
  const worker = await startWorker(workerEnv());
  const payload = 'x'.repeat(1024);
  await runInstances(c8, 'bench_small', Math.min(200, JOBS), CONCURRENCY, (n) => ({ n, payload })); // warm-up: JIT, connection pools
  const cpu0 = cpuSeconds(worker.pid);
  const run = await runInstances(c8, 'bench_small', JOBS, CONCURRENCY, (n) => ({ n: 1_000_000 + n, payload }));
  report(`small objects (1 KiB uploads), ${JOBS} jobs at concurrency ${CONCURRENCY}`, JOBS, run, cpuSeconds(worker.pid) - cpu0, worker);
  await stopWorker(worker);
}

function workerEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_S3: stack().AWS_ENDPOINT_URL_S3_EMULATOR, CONNECTOR_S3_TYPE: TYPE, WORKER_CONCURRENCY: String(CONCURRENCY),
    DOCUMENT_URL_ALLOW_PRIVATE_ADDRESSES: 'true', ...extra,
  };
}

async function bigObject(c8: Camunda8): Promise<void> {
  const source = await byteServer(BIG_MIB);
  await deploy(c8, 'bench_big_up', { 'action.type': 'upload', 'action.bucket': BUCKET, 'action.key': 'big.bin', 'action.document': `={"camunda.document.type": "external", "url": "${source.url}"}` });
  await deploy(c8, 'bench_big_down', { 'action.type': 'download', 'action.bucket': BUCKET, 'action.key': 'big.bin' });
  const worker = await startWorker(workerEnv({ DOCUMENT_URL_MAX_BYTES: String(4 * 1024 ** 3) }));
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
  await stopWorker(worker);
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
