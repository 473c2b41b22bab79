/**
 * Lambda benchmark through the real cluster: jobs per second and latency percentiles for a trivial function
 * (MiniStack runs it as a local Node process) at a concurrency, the worker's CPU per job and peak RSS.
 *
 *   npm run stack:start
 *   npm run bench:lambda -- [--jobs 1000] [--concurrency 32]
 */
import { camunda, stack, uniqueId } from '../../test/integration/harness';
import { deployFunctions } from '../../test/integration/lambda-functions';
import { cpuSeconds, deployOneTask, option, report, runInstances, startWorker, stopWorker } from './common';

const JOBS = option('jobs', 1000);
const CONCURRENCY = option('concurrency', 32);
const TYPE = 'aws:lambda:bench';

async function main(): Promise<void> {
  const c8 = camunda();
  const functions = await deployFunctions(uniqueId('bench').replace(/_/g, '-'));
  await deployOneTask(c8, 'bench_lambda', { type: TYPE, inputs: { functionName: functions.echo, payload: '={n: n}' }, headers: { resultVariable: 'result' } });
  const worker = await startWorker({
    AWS_ENDPOINT_URL_LAMBDA: stack().AWS_ENDPOINT_URL_S3_EMULATOR, CONNECTOR_LAMBDA_TYPE: TYPE, WORKER_CONCURRENCY: String(CONCURRENCY),
  });
  console.log(`node ${process.version}, ${new Date().toISOString()}`);
  await runInstances(c8, 'bench_lambda', Math.min(100, JOBS), CONCURRENCY, (n) => ({ n })); // warm-up
  const cpu0 = cpuSeconds(worker.pid);
  const run = await runInstances(c8, 'bench_lambda', JOBS, CONCURRENCY, (n) => ({ n }));
  report(`Lambda RequestResponse of a trivial function, ${JOBS} jobs at concurrency ${CONCURRENCY}`, JOBS, run, cpuSeconds(worker.pid) - cpu0, worker);
  await stopWorker(worker);
  await c8.getZeebeGrpcApiClient().close();
}

main().then(() => process.exit(0), (e) => {
  console.error(e);
  process.exit(1);
});
