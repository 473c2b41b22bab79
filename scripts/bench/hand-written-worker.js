// The real peer for `npm run bench`: the worker a TypeScript team would write by hand instead of using this
// project, a minimal @camunda8/sdk worker that makes the same AWS call and completes the job with its answer.
// Subscribed as the worker is by default (gRPC job stream, 1 s back-fill poll, WORKER_CONCURRENCY jobs at a time):
//   BENCH_S3_TYPE: PutObject of the job's `payload` to BENCH_BUCKET as hand/<n>.txt, completes with {result}
//   BENCH_LAMBDA_TYPE: RequestResponse Invoke of BENCH_FUNCTION with {n}, completes with {result} (its JSON answer)
// No validation, secrets, FEEL, deadline or error mapping: what the worker adds on top is what the bench measures.
// Prints "ready" once both subscriptions are open.
const { Camunda8 } = require('@camunda8/sdk');
const { S3Client, PutObjectCommand } = require('@aws-sdk/client-s3');
const { LambdaClient, InvokeCommand } = require('@aws-sdk/client-lambda');

const env = process.env;
const zeebe = new Camunda8({ CAMUNDA_LOG_LEVEL: 'error' }).getZeebeGrpcApiClient();
const concurrency = Number(env.WORKER_CONCURRENCY || 32);
const aws = { region: env.AWS_REGION, endpoint: env.BENCH_ENDPOINT, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
const s3 = new S3Client({ ...aws, forcePathStyle: true });
const lambda = new LambdaClient(aws);

async function putObject(job) {
  const key = `hand/${job.variables.n}.txt`;
  const r = await s3.send(new PutObjectCommand({ Bucket: env.BENCH_BUCKET, Key: key, Body: job.variables.payload, ContentType: 'text/plain' }));
  return job.complete({ result: { bucket: env.BENCH_BUCKET, key, eTag: r.ETag, versionId: r.VersionId ?? null } });
}

async function invoke(job) {
  const r = await lambda.send(new InvokeCommand({ FunctionName: env.BENCH_FUNCTION, Payload: Buffer.from(JSON.stringify({ n: job.variables.n })) }));
  return job.complete({ result: { statusCode: r.StatusCode, payload: JSON.parse(Buffer.from(r.Payload).toString('utf8')) } });
}

const subscribe = (type, handler) => zeebe.streamJobs({
  type, worker: 'bench-hand-written', timeout: 60_000, tenantIds: [], pollMaxJobsToActivate: concurrency, pollInterval: 1000,
  taskHandler: (job) => handler(job).catch((e) => job.fail({ errorMessage: String(e && e.message), retries: job.retries - 1 })),
});

Promise.all([
  env.BENCH_S3_TYPE && subscribe(env.BENCH_S3_TYPE, putObject),
  env.BENCH_LAMBDA_TYPE && subscribe(env.BENCH_LAMBDA_TYPE, invoke),
]).then(() => console.log('ready'), (e) => {
  console.error(e);
  process.exit(1);
});
process.on('SIGTERM', () => process.exit(0));
