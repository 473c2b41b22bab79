/**
 * `npm run bench`: the worker side by side with its ceilings, in one run, at one concurrency, on the local stack.
 *   - no-op: a bare @camunda8/sdk worker completing the same jobs (the ceiling of engine + SDK);
 *   - hand-written: a minimal @camunda8/sdk worker making the same S3 and Lambda calls (the real peer);
 *   - direct: the AWS SDK making the same calls, no engine (the ceiling of the emulator);
 *   - worker: the worker as users run it (bin/, compiled), through BPMN service tasks, own and io.camunda:* types;
 *   - in-process: jobs handed to processJob next to the direct calls, no engine (the worker's own cost);
 *   - start-up: spawn -> first job completed, the worker next to a bare SDK process (startup.ts);
 *   - growth: the S3 job at each concurrency through 1 and 2 worker processes, next to the no-op worker and the
 *     direct SDK there, each cell's bottleneck named; the chart docs/bench-growth.svg (growth.ts, chart.ts);
 *   - streaming: a big object up and down through the worker next to lib-storage / GetObject (streaming.ts);
 *   - textract: N polling jobs at once in one worker, readiness -> completion (textract-polling.ts); then the same
 *     jobs notified through SNS -> SQS instead of polled.
 *   - dynamodb: a DynamoDB put through the worker next to the document client's direct PutItem (dynamodb.ts).
 * Engine variants are interleaved over `--rounds`; latency is job created -> completed from the engine's records
 * (the service task's element instance start and end). Prints tables and writes bench-results/bench-<time>.json.
 *
 *   npm run bench -- [--jobs 500] [--concurrency 32] [--rounds 3] [--only SECTION,...]
 *                    [--growth-concurrency 1,8,32,128] [--growth-jobs 600] [--big-mib 1024]
 *                    [--textract-jobs 1000] [--textract-delay-ms 5000] [--textract-poll-ms 1000] [--textract-result line|page] [--smoke]
 * SECTION: side-by-side (the engine variants and the direct SDK), in-process, startup, growth, streaming, textract, dynamodb,
 * sqs (an SQS send through the worker next to the direct SDK, sqs.ts).
 * Last, the targets of issue 28 with this run's ratios (targets.ts), also in the JSON (`targets`).
 * --smoke: tiny counts; fails unless every row was produced (CI runs it so the bench never rots; timings not asserted).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { camunda, createBucket, searchElementInstances, stack, uniqueId } from '../../test/integration/harness';
import { deployFunctions } from '../../test/integration/lambda-functions';
import type { Camunda8 } from '@camunda8/sdk';
import { writeGrowthChart } from './chart';
import { GROWTH_VARIANTS, measureGrowth, type GrowthRow } from './growth';
import { measureSqs } from './sqs';
import { measureStartup } from './startup';
import { measureStreaming } from './streaming';
import { measureDynamoDb } from './dynamodb';
import { targetRows, targetsTable } from './targets';
import { measureTextractPolling, type TextractPolling, type TextractResult } from './textract-polling';
import { childEnv, cpuSeconds, deployOneTask, listOption, option, peakRssMiB, percentile, runInstances, runJson, startHandWritten, startNoop, startWorker, stopWorker, type WorkerProc } from './common';

const ROOT = path.resolve(__dirname, '../..');
const SMOKE = process.argv.includes('--smoke');
const JOBS = option('jobs', SMOKE ? 20 : 500);
const CONCURRENCY = option('concurrency', SMOKE ? 4 : 32);
const ROUNDS = option('rounds', SMOKE ? 1 : 3);
const SECTIONS = ['side-by-side', 'in-process', 'startup', 'growth', 'streaming', 'textract', 'dynamodb', 'sqs'] as const;
const ONLY = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1].split(',') : [...SECTIONS];
const unknown = ONLY.filter((x) => !(SECTIONS as readonly string[]).includes(x));
if (unknown.length) throw new Error(`--only: unknown section ${unknown.join(', ')} (sections: ${SECTIONS.join(', ')})`);
const run = (section: (typeof SECTIONS)[number]) => ONLY.includes(section);
const GROWTH_CONCURRENCY = listOption('growth-concurrency', SMOKE ? [4] : [1, 8, 32, 128]);
const GROWTH_JOBS = option('growth-jobs', SMOKE ? 10 : 600);
// Enough jobs at each concurrency for several waves of instances, few where each wave is one job.
const growthJobs = (c: number) => Math.min(GROWTH_JOBS, Math.max(SMOKE ? GROWTH_JOBS : 60, 20 * c));
const BIG_MIB = option('big-mib', SMOKE ? 8 : 1024);
const TEXTRACT_JOBS = option('textract-jobs', SMOKE ? 20 : 1000);
const TEXTRACT_DELAY_MS = option('textract-delay-ms', SMOKE ? 1000 : 5000);
const TEXTRACT_POLL_MS = option('textract-poll-ms', SMOKE ? 500 : 1000);
const TEXTRACT_RESULT = process.argv.includes('--textract-result') ? process.argv[process.argv.indexOf('--textract-result') + 1] as TextractResult : 'line';
if (!['line', 'page'].includes(TEXTRACT_RESULT)) throw new Error(`--textract-result: line or page, not ${TEXTRACT_RESULT}`);
const BUCKET = 'bench';
const PAYLOAD = 'x'.repeat(1024);
const HAND_S3 = 'hand-written SDK worker, S3 PutObject 1 KiB';
const WORKER_S3 = 'worker, S3 upload 1 KiB (own type)';
const HAND_LAMBDA = 'hand-written SDK worker, Lambda invoke';
const WORKER_LAMBDA = 'worker, Lambda invoke (own type)';

interface Row { name: string; jobs: number; jobsPerSecond: number; p50: number; p95: number; p99: number; cpuMsPerJob: number; peakRssMiB: number }
interface Totals { jobs: number; seconds: number; cpuMs: number; latencies: number[]; peakRssMiB: number }

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

const f = (x: number, d = 1) => x.toFixed(d);
const loadAverage = () => loadavg().map((x) => x.toFixed(2)).join(', ');

/** The engine variants interleaved with the direct SDK, then the in-process comparison; prints and answers their tables. */
async function sideBySide(c8: Camunda8, fn: string): Promise<Record<string, unknown>> {
  const s = stack();
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
  const noop = await startNoop('bench:noop', CONCURRENCY);
  const hand = await startHandWritten({ BENCH_S3_TYPE: 'bench:hand:s3', BENCH_LAMBDA_TYPE: 'bench:hand:lambda', BENCH_BUCKET: BUCKET, BENCH_FUNCTION: fn }, CONCURRENCY);
  const vars = (n: number) => ({ n, payload: PAYLOAD });
  const variants: EngineVariant[] = [
    { name: 'no-op SDK worker (engine + SDK ceiling)', proc: noop, type: 'bench:noop', inputs: {}, variables: vars },
    { name: HAND_S3, proc: hand, type: 'bench:hand:s3', inputs: {}, variables: vars },
    { name: WORKER_S3, proc: worker, type: 'bench:s3', inputs: s3Inputs, headers: { resultVariable: 'result' }, variables: vars },
    { name: 'worker, S3 upload 1 KiB (io.camunda:aws-s3:1)', proc: worker, type: 'io.camunda:aws-s3:bench', inputs: camundaS3Inputs, headers: { resultVariable: 'result' }, variables: vars },
    { name: HAND_LAMBDA, proc: hand, type: 'bench:hand:lambda', inputs: {}, variables: (n) => ({ n }) },
    { name: WORKER_LAMBDA, proc: worker, type: 'bench:lambda', inputs: { functionName: fn, payload: '={n: n}' }, headers: { resultVariable: 'result' }, variables: (n) => ({ n }) },
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
  await stopWorker(hand);
  const engineRows = [...variants.map((v) => row(v.name, totals.get(v.name)!)), row('direct AWS SDK, S3 PutObject 1 KiB (emulator ceiling)', direct.s3), row('direct AWS SDK, Lambda Invoke (emulator ceiling)', direct.lambda)];
  const [noopRow, handS3, s3Row, camundaS3Row, handLambda, lambdaRow, directS3, directLambda] = engineRows;
  const ratios = {
    's3 worker / hand-written rate': s3Row.jobsPerSecond / handS3.jobsPerSecond,
    's3 worker / hand-written CPU per job': s3Row.cpuMsPerJob / handS3.cpuMsPerJob,
    's3 worker / hand-written p95': s3Row.p95 / handS3.p95,
    'io.camunda s3 worker / hand-written rate': camundaS3Row.jobsPerSecond / handS3.jobsPerSecond,
    'lambda worker / hand-written rate': lambdaRow.jobsPerSecond / handLambda.jobsPerSecond,
    'lambda worker / hand-written CPU per job': lambdaRow.cpuMsPerJob / handLambda.cpuMsPerJob,
    'lambda worker / hand-written p95': lambdaRow.p95 / handLambda.p95,
    's3 worker / no-op rate': s3Row.jobsPerSecond / noopRow.jobsPerSecond,
    's3 worker / direct rate': s3Row.jobsPerSecond / directS3.jobsPerSecond,
    's3 worker / min(no-op, direct) rate': s3Row.jobsPerSecond / Math.min(noopRow.jobsPerSecond, directS3.jobsPerSecond),
    's3 worker p95 / no-op p95': s3Row.p95 / noopRow.p95,
    'io.camunda s3 worker / min(no-op, direct) rate': camundaS3Row.jobsPerSecond / Math.min(noopRow.jobsPerSecond, directS3.jobsPerSecond),
    'lambda worker / min(no-op, direct) rate': lambdaRow.jobsPerSecond / Math.min(noopRow.jobsPerSecond, directLambda.jobsPerSecond),
  };

  console.log(`\n${JOBS} jobs x ${ROUNDS} rounds per variant at concurrency ${CONCURRENCY}, interleaved`);
  console.log('\nthrough the engine (latency: job created -> completed, from the engine\'s records; CPU and RSS: the process doing the work)');
  console.log('| variant | jobs | jobs/s | p50 ms | p95 ms | p99 ms | CPU ms/job | peak RSS MiB |\n|---|---|---|---|---|---|---|---|');
  for (const r of engineRows) console.log(`| ${r.name} | ${r.jobs} | ${f(r.jobsPerSecond)} | ${f(r.p50, 0)} | ${f(r.p95, 0)} | ${f(r.p99, 0)} | ${f(r.cpuMsPerJob, 2)} | ${f(r.peakRssMiB, 0)} |`);
  console.log('\n| ratio | value |\n|---|---|');
  for (const [k, v] of Object.entries(ratios)) console.log(`| ${k} | ${f(v, 2)} |`);
  console.log(`\nworker peak RSS over the whole engine run: ${f(workerPeakRss, 0)} MiB`);
  const rows = [...engineRows];
  const broken = rows.filter((r) => !(r.jobs === JOBS * ROUNDS && Number.isFinite(r.jobsPerSecond) && r.jobsPerSecond > 0 && Number.isFinite(r.p95)));
  if (rows.length !== 8 || broken.length > 0) throw new Error(`bench side-by-side rows missing or empty: ${broken.map((r) => r.name).join(', ') || `${rows.length} rows`}`);
  return { engineRows, ratios, workerPeakRss };
}

/** The S3 and Lambda jobs handed to processJob next to the direct SDK calls, no engine (inprocess.ts, its own process). */
async function inProcessSection(fn: string): Promise<Record<string, unknown>> {
  const s = stack();
  const inProcess = await runJson<{ rows: { name: string; jobs: number; jobsPerSecond: number; cpuMsPerJob: number; p50: number; p95: number; p99: number }[]; peakRssMiB: number }>(
    [require.resolve('tsx/cli'), path.join(__dirname, 'inprocess.ts')],
    childEnv({
      AWS_ENDPOINT_URL_S3: s.AWS_ENDPOINT_URL_S3_EMULATOR, AWS_ENDPOINT_URL_LAMBDA: s.AWS_ENDPOINT_URL_S3_EMULATOR, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test',
      BENCH_JOBS: String(JOBS), BENCH_CONCURRENCY: String(CONCURRENCY), BENCH_ROUNDS: String(ROUNDS), BENCH_BUCKET: BUCKET, BENCH_FUNCTION: fn, LOG_LEVEL: 'warn',
    }),
  );
  const ip = Object.fromEntries(inProcess.rows.map((r) => [r.name, r]));
  const inProcessRatios = {
    's3 worker / direct PutObject rate': ip['s3 worker'].jobsPerSecond / ip['s3 direct PutObject'].jobsPerSecond,
    's3 worker CPU ms per job over direct': ip['s3 worker'].cpuMsPerJob - ip['s3 direct PutObject'].cpuMsPerJob,
    'result + error expression: CPU ms per job added': ip['s3 worker + result/error expressions'].cpuMsPerJob - ip['s3 worker'].cpuMsPerJob,
    'result + error expression: rate over plain worker': ip['s3 worker + result/error expressions'].jobsPerSecond / ip['s3 worker'].jobsPerSecond,
    'lambda worker / direct Invoke rate': ip['lambda worker'].jobsPerSecond / ip['lambda direct Invoke'].jobsPerSecond,
  };
  console.log(`\nin-process, no engine (one process, peak RSS ${f(inProcess.peakRssMiB, 0)} MiB; latency: the call or processJob)`);
  console.log('| variant | jobs | jobs/s | p50 ms | p95 ms | p99 ms | CPU ms/job |\n|---|---|---|---|---|---|---|');
  for (const r of inProcess.rows) console.log(`| ${r.name} | ${r.jobs} | ${f(r.jobsPerSecond)} | ${f(r.p50)} | ${f(r.p95)} | ${f(r.p99)} | ${f(r.cpuMsPerJob, 3)} |`);
  console.log('\n| ratio | value |\n|---|---|');
  for (const [k, v] of Object.entries(inProcessRatios)) console.log(`| ${k} | ${f(v, 2)} |`);
  const broken = inProcess.rows.filter((r) => !(r.jobs === JOBS * ROUNDS && Number.isFinite(r.jobsPerSecond) && r.jobsPerSecond > 0 && Number.isFinite(r.p95)));
  if (inProcess.rows.length !== 5 || broken.length > 0) throw new Error(`bench in-process rows missing or empty: ${broken.map((r) => r.name).join(', ') || `${inProcess.rows.length} rows`}`);
  return { inProcess, inProcessRatios };
}

async function startupSection(c8: Camunda8): Promise<Record<string, unknown>> {
  const startup = await measureStartup(c8, BUCKET, SMOKE ? 1 : 3);
  console.log(`\nstart-up (median of ${SMOKE ? 1 : 3}; the job waits in the engine before the spawn)`);
  console.log('| process | spawn -> first job completed ms | idle RSS MiB |\n|---|---|---|');
  for (const r of startup) console.log(`| ${r.name} | ${f(r.spawnToFirstJobMs, 0)} | ${f(r.idleRssMiB, 0)} |`);
  if (startup.length !== 2 || startup.some((r) => !(r.spawnToFirstJobMs > 0 && r.idleRssMiB > 0))) throw new Error('bench: start-up rows missing');
  return { startup };
}

async function growthSection(c8: Camunda8, started: string, file: string): Promise<Record<string, unknown>> {
  console.log(`\ngrowth: S3 upload of 1 KiB at concurrency ${GROWTH_CONCURRENCY.join(', ')} (jobs per cell ${GROWTH_CONCURRENCY.map(growthJobs).join(', ')}); each worker process takes up to the concurrency`);
  console.log('(CPU shares in cores: the processes doing the work, the engine, MiniStack, the load generator; machine: all cores, anyone\'s work)');
  console.log('| concurrency | variant | jobs/s | p50 ms | p95 ms | CPU ms/job | peak RSS MiB (per process) | cores: work / engine / emulator / load gen | machine busy | bound by |\n|---|---|---|---|---|---|---|---|---|---|');
  const growth = await measureGrowth(c8, { concurrencies: GROWTH_CONCURRENCY, jobs: growthJobs, bucket: BUCKET }, (r) => console.log(
    `| ${r.concurrency} | ${r.variant} | ${f(r.jobsPerSecond)} | ${f(r.p50, 0)} | ${f(r.p95, 0)} | ${f(r.cpuMsPerJob, 2)} | ${f(r.peakRssMiB, 0)}${r.peakRssMiBPerProcess.length > 1 ? ` (${r.peakRssMiBPerProcess.map((x) => f(x, 0)).join(' + ')})` : ''} `
    + `| ${r.cpu.workers.map((x) => f(x, 2)).join('+')} / ${f(r.cpu.engine, 2)} / ${f(r.cpu.emulator, 2)} / ${f(r.cpu.loadGenerator, 2)} | ${f(100 * r.cpu.machineBusy, 0)} % | ${r.bottleneck} |`));
  const at = (variant: GrowthRow['variant'], c: number) => growth.find((r) => r.variant === variant && r.concurrency === c)!;
  const ratios = GROWTH_CONCURRENCY.map((c) => {
    const w1 = at('worker, 1 process', c);
    const w2 = at('worker, 2 processes', c);
    const ceiling = Math.min(at('no-op SDK worker', c).jobsPerSecond, at('direct AWS SDK', c).jobsPerSecond);
    return { concurrency: c, 'worker 1 / min(no-op, direct)': w1.jobsPerSecond / ceiling, 'worker 2 / worker 1': w2.jobsPerSecond / w1.jobsPerSecond, 'worker 1 p95 / no-op p95': w1.p95 / at('no-op SDK worker', c).p95 };
  });
  console.log('\n| concurrency | worker (1 process) / min(no-op, direct) rate | 2 processes / 1 process rate | worker p95 / no-op p95 |\n|---|---|---|---|');
  for (const r of ratios) console.log(`| ${r.concurrency} | ${f(r['worker 1 / min(no-op, direct)'], 2)} | ${f(r['worker 2 / worker 1'], 2)} | ${f(r['worker 1 p95 / no-op p95'], 2)} |`);
  const missing = GROWTH_CONCURRENCY.flatMap((c) => GROWTH_VARIANTS.filter((v) => !growth.some((r) => r.variant === v && r.concurrency === c && r.jobsPerSecond > 0 && Number.isFinite(r.p95) && r.peakRssMiB > 0)).map((v) => `${v} at ${c}`));
  if (growth.length !== GROWTH_CONCURRENCY.length * GROWTH_VARIANTS.length || missing.length) throw new Error(`bench growth rows missing: ${missing.join(', ') || `${growth.length} rows`}`);
  // The smoke's chart stays with its results; a full run's replaces the one docs/benchmarks.md shows.
  const charts = [file.replace(/\.json$/, '-growth.svg'), ...(SMOKE ? [] : [path.join(ROOT, 'docs/bench-growth.svg')])];
  for (const chart of charts) await writeGrowthChart(growth, `S3 upload of 1 KiB, growth with concurrency (npm run bench, ${started})`, chart);
  console.log(`chart: ${charts.map((c) => path.relative(ROOT, c)).join(', ')}`);
  return { growthConcurrency: GROWTH_CONCURRENCY, growth, growthRatios: ratios };
}

async function streamingSection(c8: Camunda8): Promise<Record<string, unknown>> {
  const streaming = await measureStreaming(c8, BIG_MIB, BUCKET);
  console.log(`\nstreaming: ${BIG_MIB} MiB, through the worker next to the direct AWS SDK (each in its own process)`);
  console.log('| transfer | seconds | MiB/s | CPU s | peak RSS MiB |\n|---|---|---|---|---|');
  for (const r of streaming.rows) console.log(`| ${r.name} | ${f(r.seconds)} | ${f(r.mibPerSecond)} | ${f(r.cpuSeconds, 2)} | ${f(r.peakRssMiB, 0)} |`);
  console.log(`\n| ratio | value |\n|---|---|\n| upload: worker / direct lib-storage rate | ${f(streaming.ratios.upload, 2)} |\n| download: worker / direct GetObject -> document store rate | ${f(streaming.ratios.download, 2)} |`);
  console.log(`worker peak RSS over both transfers: ${f(streaming.workerPeakRssMiB, 0)} MiB`);
  if (streaming.rows.length !== 5 || streaming.rows.some((r) => !(r.mibPerSecond > 0 && r.peakRssMiB > 0))) throw new Error('bench: streaming rows missing');
  return { streaming };
}

async function textractSection(c8: Camunda8): Promise<Record<string, unknown>> {
  const out: Record<string, TextractPolling> = {};
  for (const wait of ['polling', 'notification'] as const) {
    const t = await measureTextractPolling(c8, TEXTRACT_JOBS, TEXTRACT_DELAY_MS, TEXTRACT_POLL_MS, TEXTRACT_RESULT, wait);
    console.log(wait === 'polling'
      ? `\nTextract polling: ${t.jobs} jobs at once in one worker process, stand-in delay D ${t.delayMs} ms, poll interval I ${t.pollMs} ms, result: ${t.result === 'line' ? 'one line (the polling\'s cost)' : 'the recorded page, 137 blocks'}`
      : `\nTextract notified (SNS topic -> SQS queue, polls every 60 s as a safety net only): the same ${t.jobs} jobs, D ${t.delayMs} ms`);
    console.log('| figure | value |\n|---|---|');
    console.log(`| Textract jobs started after the first instance was created | ${f(t.startSpreadMs[0], 0)}..${f(t.startSpreadMs[1], 0)} ms |`);
    console.log(`| result ready -> Zeebe job completed | p50 ${f(t.readyToCompletedMs.p50, 0)} ms, p95 ${f(t.readyToCompletedMs.p95, 0)} ms, max ${f(t.readyToCompletedMs.max, 0)} ms |`);
    console.log(`| Textract start -> completed, worst, vs D + I + 0.2 s = ${t.budgetMs} ms | ${f(t.startToCompletedMaxMs, 0)} ms (${t.withinBudget} of ${t.jobs} within) |`);
    console.log(`| first instance created -> last job completed | ${f(t.wallMs, 0)} ms |`);
    console.log(`| worker peak RSS | ${f(t.workerPeakRssMiB, 0)} MiB |`);
    console.log(`| worker CPU | ${f(t.workerCpuSeconds, 2)} s, ${f(t.workerCpuMsPerJob, 2)} ms per job |`);
    console.log(`| cores over the run: worker / engine / AI stand-in / load generator; machine busy | ${f(t.cpu.workers[0], 2)} / ${f(t.cpu.engine, 2)} / ${f(t.cpu.emulator, 2)} / ${f(t.cpu.loadGenerator, 2)}; ${f(100 * t.cpu.machineBusy, 0)} % |`);
    console.log(`| bound by | ${t.bottleneck} |`);
    if (!(t.jobs === TEXTRACT_JOBS && t.readyToCompletedMs.max >= 0 && t.workerPeakRssMiB > 0)) throw new Error(`bench: textract ${wait} row missing`);
    out[wait] = t;
  }
  return { textract: out.polling, textractNotified: out.notification };
}

async function dynamoDbSection(c8: Camunda8): Promise<Record<string, unknown>> {
  const rows = await measureDynamoDb(c8, JOBS, CONCURRENCY);
  console.log(`\nDynamoDB put: ${JOBS} jobs at concurrency ${CONCURRENCY}, through the worker next to the direct AWS SDK (each in its own process)`);
  console.log('| variant | jobs | jobs/s | p50 ms | p95 ms | CPU ms/job | peak RSS MiB |\n|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.name} | ${r.jobs} | ${f(r.jobsPerSecond)} | ${f(r.p50, 0)} | ${f(r.p95, 0)} | ${f(r.cpuMsPerJob, 2)} | ${f(r.peakRssMiB, 0)} |`);
  console.log(`\n| ratio | value |\n|---|---|\n| dynamodb worker / direct rate | ${f(rows[0].jobsPerSecond / rows[1].jobsPerSecond, 2)} |`);
  if (rows.length !== 2 || rows.some((r) => !(r.jobsPerSecond > 0 && Number.isFinite(r.p95)))) throw new Error('bench: dynamodb rows missing');
  return { dynamodb: rows };
}

async function sqsSection(c8: Camunda8): Promise<Record<string, unknown>> {
  const sqs = await measureSqs(c8, { jobs: JOBS, concurrency: CONCURRENCY, rounds: ROUNDS });
  console.log(`\nSQS send: ${JOBS} jobs x ${ROUNDS} rounds at concurrency ${CONCURRENCY}, the worker next to the direct AWS SDK`);
  console.log('| variant | jobs | jobs/s | p50 ms | p95 ms | CPU ms/job | peak RSS MiB |\n|---|---|---|---|---|---|---|');
  for (const r of sqs) console.log(`| ${r.name} | ${r.jobs} | ${f(r.jobsPerSecond)} | ${f(r.p50, 0)} | ${f(r.p95, 0)} | ${f(r.cpuMsPerJob, 2)} | ${f(r.peakRssMiB, 0)} |`);
  if (sqs.length !== 3 || sqs.some((r) => !(r.jobs === JOBS * ROUNDS && r.jobsPerSecond > 0 && Number.isFinite(r.p95)))) throw new Error('bench: SQS rows missing');
  return { sqs };
}

async function main(): Promise<void> {
  const started = new Date().toISOString();
  mkdirSync(path.join(ROOT, 'bench-results'), { recursive: true });
  const file = path.join(ROOT, 'bench-results', `bench-${started.replace(/[:.]/g, '-')}.json`);
  console.log(`node ${process.version}, ${started}, sections: ${ONLY.join(', ')}`);
  await createBucket(BUCKET);
  const c8 = camunda();
  const fn = run('side-by-side') || run('in-process') ? (await deployFunctions(uniqueId('bench').replace(/_/g, '-'))).echo : '';
  const out: Record<string, unknown> = {
    command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(), node: process.version, started, sections: ONLY,
    jobs: JOBS, rounds: ROUNDS, concurrency: CONCURRENCY, machine: { cores: cpus().length, loadBefore: loadAverage() },
  };
  // Written after each section, so a failing section keeps what the others measured.
  const save = (part: Record<string, unknown>) => writeFileSync(file, `${JSON.stringify(Object.assign(out, part), null, 2)}\n`);
  const durations: Record<string, number> = {};
  const timed = async (name: (typeof SECTIONS)[number], section: () => Promise<Record<string, unknown>>) => {
    if (!run(name)) return;
    const t0 = performance.now();
    const part = await section();
    durations[name] = (performance.now() - t0) / 1000;
    console.log(`(${name}: ${f(durations[name], 0)} s)`);
    save({ ...part, durations });
  };
  await timed('side-by-side', () => sideBySide(c8, fn));
  await timed('in-process', () => inProcessSection(fn));
  await timed('startup', () => startupSection(c8));
  await timed('growth', () => growthSection(c8, started, file));
  await timed('streaming', () => streamingSection(c8));
  await timed('textract', () => textractSection(c8));
  await timed('dynamodb', () => dynamoDbSection(c8));
  await timed('sqs', () => sqsSection(c8));
  const targets = targetRows(out);
  console.log(`\ntargets (issue 28), this run; the load average before: ${(out.machine as { loadBefore: string }).loadBefore}, after: ${loadAverage()}`);
  console.log(targetsTable(targets));
  save({ targets, machine: { ...(out.machine as object), loadAfter: loadAverage() }, finished: new Date().toISOString() });
  // Every target's row is produced whenever every section ran (the smoke asserts it; figures are not asserted).
  const missing = targets.filter((t) => t.value === null || !Number.isFinite(t.value));
  if (ONLY.length === SECTIONS.length && missing.length > 0) throw new Error(`bench: target rows without a figure: ${missing.map((t) => t.measure).join(', ')}`);
  await c8.getZeebeGrpcApiClient().close();
  console.log(`\nwritten: ${path.relative(ROOT, file)} (${((Date.parse(out.finished as string) - Date.parse(started)) / 60000).toFixed(1)} min)`);
}

main().then(() => process.exit(0), (e) => {
  console.error(e);
  process.exit(1);
});
