/**
 * `npm run bench`: the worker side by side with its ceilings, in one run, at one concurrency, on the local stack.
 *   - no-op: a bare @camunda8/sdk worker completing the same jobs (the ceiling of engine + SDK);
 *   - direct: the AWS SDK making the same calls, no engine (the ceiling of the emulator);
 *   - worker: the worker as users run it (bin/, compiled), through BPMN service tasks, own and io.camunda:* types;
 *   - in-process: jobs handed to processJob next to the direct calls, no engine (the worker's own cost);
 *   - start-up: spawn -> first job completed, the worker next to a bare SDK process (startup.ts).
 * Engine variants are interleaved over `--rounds`; latency is job created -> completed from the engine's records
 * (the service task's element instance start and end). Prints a table and writes bench-results/bench-<time>.json.
 *
 *   npm run bench -- [--jobs 1000] [--concurrency 32] [--rounds 3] [--smoke]
 * --smoke: tiny counts; fails unless every row was produced (CI runs it so the bench never rots; timings not asserted).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { camunda, createBucket, engineConnection, searchElementInstances, stack, uniqueId } from '../../test/integration/harness';
import { deployFunctions } from '../../test/integration/lambda-functions';
import { measureStartup } from './startup';
import { cpuSeconds, deployOneTask, option, peakRssMiB, percentile, runInstances, startWorker, stopWorker, type WorkerProc } from './common';

const ROOT = path.resolve(__dirname, '../..');
const SMOKE = process.argv.includes('--smoke');
const JOBS = option('jobs', SMOKE ? 20 : 1000);
const CONCURRENCY = option('concurrency', SMOKE ? 4 : 32);
const ROUNDS = option('rounds', SMOKE ? 1 : 3);
const BUCKET = 'bench';
const PAYLOAD = 'x'.repeat(1024);

interface Row { name: string; jobs: number; jobsPerSecond: number; p50: number; p95: number; p99: number; cpuMsPerJob: number; peakRssMiB: number }
interface Totals { jobs: number; seconds: number; cpuMs: number; latencies: number[]; peakRssMiB: number }

function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '', ...engineConnection(), AWS_REGION: stack().AWS_REGION, ...extra };
}

/** Runs a node script to its end and answers its last stdout line as JSON. */
function runJson<T>(args: string[], env: NodeJS.ProcessEnv): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] });
    let last = '';
    createInterface({ input: child.stdout! }).on('line', (l) => { if (l.trim()) last = l; });
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(last) as T) : reject(new Error(`${args.join(' ')} exited with ${code}`))));
  });
}

async function startNoop(type: string): Promise<WorkerProc> {
  const child: ChildProcess = spawn(process.execPath, [path.join(__dirname, 'noop-worker.js')], {
    cwd: ROOT, env: childEnv({ BENCH_TYPE: type, WORKER_CONCURRENCY: String(CONCURRENCY) }), stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (l) => { if (l === 'ready') resolve(); });
    child.on('exit', (code) => reject(new Error(`the no-op worker exited with ${code}`)));
  });
  return { child, pid: child.pid! };
}

interface EngineVariant {
  name: string;
  proc: WorkerProc;
  type: string;
  inputs: Record<string, string>;
  headers?: Record<string, string>;
  variables(n: number): Record<string, unknown>;
}

/** One measured run of a variant: a fresh process definition, so the engine's records hold only these jobs. */
async function measure(c8: ReturnType<typeof camunda>, v: EngineVariant, t: Totals): Promise<void> {
  const id = uniqueId('bench');
  await deployOneTask(c8, id, { type: v.type, inputs: v.inputs, headers: v.headers });
  const cpu0 = cpuSeconds(v.proc.pid);
  const run = await runInstances(c8, id, JOBS, CONCURRENCY, v.variables);
  t.cpuMs += (cpuSeconds(v.proc.pid) - cpu0) * 1000;
  t.jobs += JOBS;
  t.seconds += run.seconds;
  t.peakRssMiB = peakRssMiB(v.proc.pid);
  const tasks = await searchElementInstances({ processDefinitionId: id, elementId: 'task', state: 'COMPLETED' }) as unknown as { startDate: string; endDate: string }[];
  if (tasks.length !== JOBS) throw new Error(`${v.name}: the engine recorded ${tasks.length} completed tasks, expected ${JOBS}`);
  t.latencies.push(...tasks.map((e) => Date.parse(e.endDate) - Date.parse(e.startDate)));
}

function row(name: string, t: Totals): Row {
  const sorted = t.latencies.sort((a, b) => a - b);
  return {
    name, jobs: t.jobs, jobsPerSecond: t.jobs / t.seconds, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99),
    cpuMsPerJob: t.cpuMs / t.jobs, peakRssMiB: t.peakRssMiB,
  };
}

async function main(): Promise<void> {
  const started = new Date().toISOString();
  const s = stack();
  await createBucket(BUCKET);
  const fn = (await deployFunctions(uniqueId('bench').replace(/_/g, '-'))).echo;
  const c8 = camunda();
  const s3Inputs = {
    'action.type': 'upload', 'action.bucket': BUCKET, 'action.key': '="engine/" + string(n) + ".txt"',
    'action.document': '={"camunda.document.type": "inline", "content": payload, "name": "o.txt"}',
  };
  const camundaS3Inputs = {
    'authentication.type': 'credentials', 'authentication.accessKey': 'test', 'authentication.secretKey': 'test', 'configuration.region': s.AWS_REGION,
    actionDiscriminator: 'uploadObject', 'action.bucket': BUCKET, 'action.key': '="engine-camunda/" + string(n) + ".txt"',
    'action.document': '={"camunda.document.type": "inline", "content": payload, "name": "o.txt"}',
  };
  const worker = await startWorker({
    AWS_ENDPOINT_URL_S3: s.AWS_ENDPOINT_URL_S3_EMULATOR, AWS_ENDPOINT_URL_LAMBDA: s.AWS_ENDPOINT_URL_S3_EMULATOR,
    CONNECTORS_ENABLED: 's3,lambda', CAMUNDA_COMPATIBLE_TYPES: 'true', WORKER_CONCURRENCY: String(CONCURRENCY),
    CONNECTOR_S3_TYPE: 'bench:s3', CONNECTOR_LAMBDA_TYPE: 'bench:lambda', CONNECTOR_AWS_S3_TYPE: 'io.camunda:aws-s3:bench',
  });
  const noop = await startNoop('bench:noop');
  const vars = (n: number) => ({ n, payload: PAYLOAD });
  const variants: EngineVariant[] = [
    { name: 'no-op SDK worker (engine + SDK ceiling)', proc: noop, type: 'bench:noop', inputs: {}, variables: vars },
    { name: 'worker, S3 upload 1 KiB (own type)', proc: worker, type: 'bench:s3', inputs: s3Inputs, headers: { resultVariable: 'result' }, variables: vars },
    { name: 'worker, S3 upload 1 KiB (io.camunda:aws-s3:1)', proc: worker, type: 'io.camunda:aws-s3:bench', inputs: camundaS3Inputs, headers: { resultVariable: 'result' }, variables: vars },
    { name: 'worker, Lambda invoke (own type)', proc: worker, type: 'bench:lambda', inputs: { functionName: fn, payload: '={n: n}' }, headers: { resultVariable: 'result' }, variables: (n) => ({ n }) },
  ];
  const totals = new Map(variants.map((v) => [v.name, { jobs: 0, seconds: 0, cpuMs: 0, latencies: [] as number[], peakRssMiB: 0 }]));
  for (const v of variants) { // warm-up: JIT, connection pools, FEEL threads
    const id = uniqueId('warm');
    await deployOneTask(c8, id, { type: v.type, inputs: v.inputs, headers: v.headers });
    await runInstances(c8, id, Math.min(100, JOBS), CONCURRENCY, (n) => v.variables(9_000_000 + n));
  }
  const direct: Record<string, Totals> = {};
  const directRun = async (kind: 's3' | 'lambda') => {
    const r = await runJson<{ seconds: number; latencies: number[]; cpuMs: number; peakRssMiB: number }>([path.join(__dirname, 'direct-sdk.js')], childEnv({
      BENCH_KIND: kind, BENCH_JOBS: String(JOBS), BENCH_CONCURRENCY: String(CONCURRENCY), BENCH_ENDPOINT: s.AWS_ENDPOINT_URL_S3_EMULATOR,
      BENCH_BUCKET: BUCKET, BENCH_FUNCTION: fn,
    }));
    const t = (direct[kind] ??= { jobs: 0, seconds: 0, cpuMs: 0, latencies: [], peakRssMiB: 0 });
    t.jobs += JOBS;
    t.seconds += r.seconds;
    t.cpuMs += r.cpuMs;
    t.latencies.push(...r.latencies);
    t.peakRssMiB = Math.max(t.peakRssMiB, r.peakRssMiB);
  };
  for (let round = 0; round < ROUNDS; round++) {
    for (const v of variants) await measure(c8, v, totals.get(v.name)!);
    await directRun('s3');
    await directRun('lambda');
  }
  const workerPeakRss = peakRssMiB(worker.pid);
  await stopWorker(worker);
  await stopWorker(noop);
  const startup = await measureStartup(c8, BUCKET, SMOKE ? 1 : 3);
  await c8.getZeebeGrpcApiClient().close();

  const inProcess = await runJson<{ rows: { name: string; jobs: number; jobsPerSecond: number; cpuMsPerJob: number; p50: number; p95: number; p99: number }[]; peakRssMiB: number }>(
    [require.resolve('tsx/cli'), path.join(__dirname, 'inprocess.ts')],
    childEnv({
      AWS_ENDPOINT_URL_S3: s.AWS_ENDPOINT_URL_S3_EMULATOR, AWS_ENDPOINT_URL_LAMBDA: s.AWS_ENDPOINT_URL_S3_EMULATOR, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test',
      BENCH_JOBS: String(JOBS), BENCH_CONCURRENCY: String(CONCURRENCY), BENCH_ROUNDS: String(ROUNDS), BENCH_BUCKET: BUCKET, BENCH_FUNCTION: fn, LOG_LEVEL: 'warn',
    }),
  );

  const engineRows = [...variants.map((v) => row(v.name, totals.get(v.name)!)), row('direct AWS SDK, S3 PutObject 1 KiB (emulator ceiling)', direct.s3), row('direct AWS SDK, Lambda Invoke (emulator ceiling)', direct.lambda)];
  const [noopRow, s3Row, camundaS3Row, lambdaRow, directS3, directLambda] = engineRows;
  const ratios = {
    's3 worker / no-op rate': s3Row.jobsPerSecond / noopRow.jobsPerSecond,
    's3 worker / direct rate': s3Row.jobsPerSecond / directS3.jobsPerSecond,
    's3 worker / min(no-op, direct) rate': s3Row.jobsPerSecond / Math.min(noopRow.jobsPerSecond, directS3.jobsPerSecond),
    's3 worker p95 / no-op p95': s3Row.p95 / noopRow.p95,
    'io.camunda s3 worker / min(no-op, direct) rate': camundaS3Row.jobsPerSecond / Math.min(noopRow.jobsPerSecond, directS3.jobsPerSecond),
    'lambda worker / min(no-op, direct) rate': lambdaRow.jobsPerSecond / Math.min(noopRow.jobsPerSecond, directLambda.jobsPerSecond),
  };
  const ip = Object.fromEntries(inProcess.rows.map((r) => [r.name, r]));
  const inProcessRatios = {
    's3 worker / direct PutObject rate': ip['s3 worker'].jobsPerSecond / ip['s3 direct PutObject'].jobsPerSecond,
    's3 worker CPU ms per job over direct': ip['s3 worker'].cpuMsPerJob - ip['s3 direct PutObject'].cpuMsPerJob,
    'result + error expression: CPU ms per job added': ip['s3 worker + result/error expressions'].cpuMsPerJob - ip['s3 worker'].cpuMsPerJob,
    'result + error expression: rate over plain worker': ip['s3 worker + result/error expressions'].jobsPerSecond / ip['s3 worker'].jobsPerSecond,
    'lambda worker / direct Invoke rate': ip['lambda worker'].jobsPerSecond / ip['lambda direct Invoke'].jobsPerSecond,
  };

  const f = (x: number, d = 1) => x.toFixed(d);
  console.log(`\nnode ${process.version}, ${started}, ${JOBS} jobs x ${ROUNDS} rounds per variant at concurrency ${CONCURRENCY}, interleaved`);
  console.log('\nthrough the engine (latency: job created -> completed, from the engine\'s records; CPU and RSS: the process doing the work)');
  console.log('| variant | jobs | jobs/s | p50 ms | p95 ms | p99 ms | CPU ms/job | peak RSS MiB |\n|---|---|---|---|---|---|---|---|');
  for (const r of engineRows) console.log(`| ${r.name} | ${r.jobs} | ${f(r.jobsPerSecond)} | ${f(r.p50, 0)} | ${f(r.p95, 0)} | ${f(r.p99, 0)} | ${f(r.cpuMsPerJob, 2)} | ${f(r.peakRssMiB, 0)} |`);
  console.log('\n| ratio | value |\n|---|---|');
  for (const [k, v] of Object.entries(ratios)) console.log(`| ${k} | ${f(v, 2)} |`);
  console.log(`\nin-process, no engine (one process, peak RSS ${f(inProcess.peakRssMiB, 0)} MiB; latency: the call or processJob)`);
  console.log('| variant | jobs | jobs/s | p50 ms | p95 ms | p99 ms | CPU ms/job |\n|---|---|---|---|---|---|---|');
  for (const r of inProcess.rows) console.log(`| ${r.name} | ${r.jobs} | ${f(r.jobsPerSecond)} | ${f(r.p50)} | ${f(r.p95)} | ${f(r.p99)} | ${f(r.cpuMsPerJob, 3)} |`);
  console.log('\n| ratio | value |\n|---|---|');
  for (const [k, v] of Object.entries(inProcessRatios)) console.log(`| ${k} | ${f(v, 2)} |`);
  console.log(`\nworker peak RSS over the whole engine run: ${f(workerPeakRss, 0)} MiB`);
  console.log(`\nstart-up (median of ${SMOKE ? 1 : 3}; the job waits in the engine before the spawn)`);
  console.log('| process | spawn -> first job completed ms | idle RSS MiB |\n|---|---|---|');
  for (const r of startup) console.log(`| ${r.name} | ${f(r.spawnToFirstJobMs, 0)} | ${f(r.idleRssMiB, 0)} |`);

  mkdirSync(path.join(ROOT, 'bench-results'), { recursive: true });
  const file = path.join(ROOT, 'bench-results', `bench-${started.replace(/[:.]/g, '-')}.json`);
  const out = { command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(), node: process.version, started, jobs: JOBS, rounds: ROUNDS, concurrency: CONCURRENCY, engineRows, ratios, inProcess, inProcessRatios, workerPeakRss, startup };
  writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  console.log(`\nwritten: ${path.relative(ROOT, file)}`);

  // Every row must have run (the smoke's check; timings are not asserted).
  const all = [...engineRows, ...inProcess.rows];
  const broken = all.filter((r) => !(r.jobs === JOBS * ROUNDS && Number.isFinite(r.jobsPerSecond) && r.jobsPerSecond > 0 && Number.isFinite(r.p95)));
  if (startup.length !== 2 || startup.some((r) => !(r.spawnToFirstJobMs > 0 && r.idleRssMiB > 0))) throw new Error('bench: start-up rows missing');
  if (all.length !== 11 || broken.length > 0) throw new Error(`bench rows missing or empty: ${broken.map((r) => r.name).join(', ') || `${all.length} rows`}`);
}

main().then(() => process.exit(0), (e) => {
  console.error(e);
  process.exit(1);
});
