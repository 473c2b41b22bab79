// The ceiling of the emulator for `npm run bench`: the AWS SDK making the benchmark's calls directly, with no
// engine and no worker. BENCH_KIND s3 (PutObject of 1 KiB), sqs (SendMessage of 1 KiB), lambda (RequestResponse Invoke) or
// dynamodb (PutItem into BENCH_TABLE through the document client); BENCH_JOBS
// calls, BENCH_CONCURRENCY at a time, after a warm-up. Prints one JSON line: seconds, sorted latencies (ms),
// CPU ms of this process over the measured calls.
const { S3Client, PutObjectCommand } = require('@aws-sdk/client-s3');
const { LambdaClient, InvokeCommand } = require('@aws-sdk/client-lambda');
const { SQSClient, SendMessageCommand } = require('@aws-sdk/client-sqs');

const env = process.env;
const kind = env.BENCH_KIND;
const jobs = Number(env.BENCH_JOBS);
const concurrency = Number(env.BENCH_CONCURRENCY);
const config = { region: env.AWS_REGION, endpoint: env.BENCH_ENDPOINT, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
const payload = 'x'.repeat(1024);
let call;
if (kind === 's3') {
  const s3 = new S3Client({ ...config, forcePathStyle: true });
  call = (n) => s3.send(new PutObjectCommand({ Bucket: env.BENCH_BUCKET, Key: `direct/${n}.txt`, Body: payload, ContentType: 'text/plain' }));
} else if (kind === 'dynamodb') {
  const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
  const { DynamoDBDocumentClient, PutCommand } = require('@aws-sdk/lib-dynamodb');
  const db = DynamoDBDocumentClient.from(new DynamoDBClient(config));
  call = (n) => db.send(new PutCommand({ TableName: env.BENCH_TABLE, Item: { id: `direct-${n}`, total: n, lines: [{ sku: 'A-1', qty: 2 }], note: 'x'.repeat(256) } }));
} else if (kind === 'sqs') {
  const sqs = new SQSClient({ ...config, useQueueUrlAsEndpoint: false });
  call = () => sqs.send(new SendMessageCommand({ QueueUrl: env.BENCH_QUEUE_URL, MessageBody: payload }));
} else {
  const lambda = new LambdaClient(config);
  call = (n) => lambda.send(new InvokeCommand({ FunctionName: env.BENCH_FUNCTION, Payload: Buffer.from(JSON.stringify({ n })) }));
}

async function run(count, offset) {
  const latencies = [];
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const n = offset + next++;
      const t0 = performance.now();
      await call(n);
      latencies.push(performance.now() - t0);
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, lane));
  return { latencies: latencies.sort((a, b) => a - b), seconds: (performance.now() - t0) / 1000 };
}

(async () => {
  await run(Math.min(100, jobs), 1_000_000);
  const cpu0 = process.cpuUsage();
  const r = await run(jobs, 0);
  const cpu = process.cpuUsage(cpu0);
  console.log(JSON.stringify({ ...r, cpuMs: (cpu.user + cpu.system) / 1000, peakRssMiB: process.resourceUsage().maxRSS / 1024 }));
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
