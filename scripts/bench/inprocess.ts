/**
 * The worker's own cost, no engine: S3 and Lambda jobs handed straight to the job processor (processJob, the
 * same code the worker runs for each activated job) next to the same calls made with the AWS SDK directly, all
 * variants interleaved in one process, `rounds` times. Run by `npm run bench` (scripts/bench/run.ts), which
 * passes the settings in BENCH_* variables; prints one JSON line.
 */
import { LambdaClient, InvokeCommand } from '@aws-sdk/client-lambda';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { loadConfig } from '../../worker/config';
import { connectors } from '../../worker/connectors';
import { connectorDeps, tasksOf } from '../../worker/main';
import { configureFeel } from '../../worker/runtime/feel-pool';
import { processJob, type ActivatedJob, type JobProcessorDeps } from '../../worker/runtime/job-processor';
import { createLogger } from '../../worker/runtime/logger';
import { SecretMasker, SecretResolver } from '../../worker/runtime/secrets';

const env = process.env;
const JOBS = Number(env.BENCH_JOBS ?? 1000);
const CONCURRENCY = Number(env.BENCH_CONCURRENCY ?? 32);
const ROUNDS = Number(env.BENCH_ROUNDS ?? 3);
const BUCKET = env.BENCH_BUCKET!;
const FUNCTION = env.BENCH_FUNCTION!;
const PAYLOAD = 'x'.repeat(1024);
const RESULT_EXPRESSION = '={uploaded: key, bytes: size}';
const ERROR_EXPRESSION = '=if error != null and error.code = "NOT_FOUND" then bpmnError("MISSING", error.message) else null';

const config = loadConfig(env);
configureFeel(config.feel);
const tasks = tasksOf(config, connectorDeps(config));
const ownTask = (name: string) => tasks.find((t) => t.family === 'own' && t.taskType === (config.taskTypes[name] ?? connectors.find((c) => c.name === name)!.taskType))!;
const s3Task = ownTask('s3');
const lambdaTask = ownTask('lambda');
const masker = new SecretMasker();
const deps: JobProcessorDeps = {
  secrets: new SecretResolver([]),
  placeholders: { source: 'variables' },
  logMasker: masker,
  documents: connectorDeps(config).store,
  log: createLogger('warn', masker),
  extendTimeout: async () => undefined,
};
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const s3 = new S3Client({ region: config.aws.region, endpoint: config.aws.endpoints.s3, forcePathStyle: true, credentials });
const lambda = new LambdaClient({ region: config.aws.region, endpoint: config.aws.endpoints.lambda, credentials });

function job(n: number, variables: Record<string, unknown>, customHeaders: Record<string, unknown> = {}): ActivatedJob {
  return { key: String(n), retries: 3, processInstanceKey: '1', elementInstanceKey: String(n), bpmnProcessId: 'bench', elementId: 'task', variables, customHeaders };
}

function upload(n: number) {
  return { action: { type: 'upload', bucket: BUCKET, key: `inprocess/${n}.txt`, document: { 'camunda.document.type': 'inline', content: PAYLOAD, name: 'o.txt', contentType: 'text/plain' } } };
}

async function expectComplete(p: Promise<{ kind: string; message?: string }>): Promise<void> {
  const outcome = await p;
  if (outcome.kind !== 'complete') throw new Error(`a benchmark job did not complete: ${outcome.kind} ${outcome.message ?? ''}`);
}

const variants: Record<string, (n: number) => Promise<unknown>> = {
  's3 direct PutObject': (n) => s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: `direct/${n}.txt`, Body: PAYLOAD, ContentType: 'text/plain' })),
  's3 worker': (n) => expectComplete(processJob(job(n, upload(n), { resultVariable: 'result' }), s3Task, deps)),
  's3 worker + result/error expressions': (n) => expectComplete(processJob(job(n, upload(n), { resultExpression: RESULT_EXPRESSION, errorExpression: ERROR_EXPRESSION }), s3Task, deps)),
  'lambda direct Invoke': (n) => lambda.send(new InvokeCommand({ FunctionName: FUNCTION, Payload: Buffer.from(JSON.stringify({ n })) })),
  'lambda worker': (n) => expectComplete(processJob(job(n, { functionName: FUNCTION, payload: { n } }, { resultVariable: 'result' }), lambdaTask, deps)),
};

// BENCH_VARIANTS=name,name: only these (to profile one with node --cpu-prof).
if (env.BENCH_VARIANTS) for (const name of Object.keys(variants)) if (!env.BENCH_VARIANTS.split(',').includes(name)) delete variants[name];

interface Totals { jobs: number; seconds: number; cpuMs: number; latencies: number[] }

async function run(fn: (n: number) => Promise<unknown>, count: number, offset: number): Promise<Totals> {
  const latencies: number[] = [];
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const n = offset + next++;
      const t0 = performance.now();
      await fn(n);
      latencies.push(performance.now() - t0);
    }
  };
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
  const cpu = process.cpuUsage(cpu0);
  return { jobs: count, seconds: (performance.now() - t0) / 1000, cpuMs: (cpu.user + cpu.system) / 1000, latencies };
}

async function main(): Promise<void> {
  const totals = new Map<string, Totals>(Object.keys(variants).map((k) => [k, { jobs: 0, seconds: 0, cpuMs: 0, latencies: [] }]));
  for (const fn of Object.values(variants)) await run(fn, Math.min(100, JOBS), 5_000_000); // warm-up: JIT, pools, FEEL threads
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, fn] of Object.entries(variants)) {
      const r = await run(fn, JOBS, round * JOBS);
      const t = totals.get(name)!;
      t.jobs += r.jobs;
      t.seconds += r.seconds;
      t.cpuMs += r.cpuMs;
      t.latencies.push(...r.latencies);
    }
  }
  const rows = [...totals].map(([name, t]) => {
    const sorted = t.latencies.sort((a, b) => a - b);
    const p = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil((q / 100) * sorted.length) - 1)];
    return { name, jobs: t.jobs, jobsPerSecond: t.jobs / t.seconds, cpuMsPerJob: t.cpuMs / t.jobs, p50: p(50), p95: p(95), p99: p(99) };
  });
  console.log(JSON.stringify({ rows, peakRssMiB: process.resourceUsage().maxRSS / 1024 }));
}

main().then(() => process.exit(0), (e) => {
  console.error(e);
  process.exit(1);
});
