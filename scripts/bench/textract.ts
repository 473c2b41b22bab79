/**
 * Textract polling benchmark through the real cluster: N polling jobs at once in one worker process, the
 * stand-in finishing each Textract job after D seconds; all must end within D plus one poll interval.
 *
 *   npm run stack:start
 *   npm run bench:textract -- [--jobs 200] [--delay-ms 5000] [--poll-ms 1000]
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { camunda, createBucket, s3, searchJobs, stack } from '../../test/integration/harness';
import { deployOneTask, option, peakRssMiB, percentile, runInstances, startWorker, stopWorker } from './common';

const JOBS = option('jobs', 200);
const DELAY_MS = option('delay-ms', 5000);
const POLL_MS = option('poll-ms', 1000);
const TYPE = 'aws:textract:bench';
const BUCKET = 'bench-textract';
const FIXTURES = path.resolve(__dirname, '../../test/fakes/aws-ai/fixtures/textract');

async function main(): Promise<void> {
  const ai = stack() as ReturnType<typeof stack> & { AWS_AI_ENDPOINT: string; AWS_AI_CONTROL: string };
  const control = (route: string, body: unknown) => fetch(`${ai.AWS_AI_CONTROL}${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  await createBucket(BUCKET);
  const client = s3();
  await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'scan.png', Body: readFileSync(path.join(FIXTURES, 'multicol-test-document.png')) }));
  client.destroy();
  await control('/reset', {});
  await control('/textract/responses', { match: { bucket: BUCKET, key: 'scan.png' }, fixture: 'test-multicol-response.json' });
  await control('/textract/config', { jobDelayMs: DELAY_MS });

  const c8 = camunda();
  await deployOneTask(c8, 'bench_textract', {
    type: TYPE,
    inputs: { 'action.type': 'extract', 'action.document': `={"bucket": "${BUCKET}", "key": "scan.png"}`, 'action.executionType': 'polling', 'action.pollInterval': `=${POLL_MS}` },
    headers: { resultExpression: '={pages: pages}' },
  });
  // Each polling job holds a slot while it waits, so the worker takes them all at once.
  const worker = await startWorker({ AWS_ENDPOINT_URL_TEXTRACT: ai.AWS_AI_ENDPOINT, CONNECTOR_TEXTRACT_TYPE: TYPE, WORKER_CONCURRENCY: String(JOBS) });
  console.log(`node ${process.version}, ${new Date().toISOString()}`);
  const t0 = Date.now();
  const run = await runInstances(c8, 'bench_textract', JOBS, JOBS, () => ({}));
  // When each Textract job started, as the stand-in saw it: the wait the worker is responsible for starts there.
  const state = (await (await fetch(`${ai.AWS_AI_CONTROL}/state`)).json()) as { textract: { jobs: { startedAt: string; clientRequestToken: string }[] } };
  // Each Textract job (token zac-extract-<element instance>) against its Zeebe job's end time in the engine's search API.
  const completed = new Map((await searchJobs({ type: TYPE, state: 'COMPLETED' }))
    .map((j) => [j.elementInstanceKey, j.endTime ? Date.parse(j.endTime) : NaN]));
  const waits = state.textract.jobs
    .map((j) => (completed.get(j.clientRequestToken.replace('zac-extract-', '')) ?? NaN) - Date.parse(j.startedAt))
    .sort((a, b) => a - b);
  const starts = state.textract.jobs.map((j) => Date.parse(j.startedAt)).sort((a, b) => a - b);
  const budget = DELAY_MS + POLL_MS;
  const worst = waits[waits.length - 1];
  console.log(`${JOBS} Textract polling jobs at once, stand-in delay ${DELAY_MS} ms, poll interval ${POLL_MS} ms, one worker process:`);
  console.log(`  ${starts.length} Textract jobs started ${Math.round(starts[0] - t0)}..${Math.round(starts[starts.length - 1] - t0)} ms after the instances were created`);
  console.log(`  Textract start to Zeebe job completed: p50 ${percentile(waits, 50)} ms, max ${worst} ms vs delay + one poll interval = ${budget} ms (${worst <= budget ? `${budget - worst} ms under` : `${worst - budget} ms over: the last call and the completion`})`);
  console.log(`  wall time for all ${JOBS} instances ${(run.seconds * 1000).toFixed(0)} ms; per instance p50 ${percentile(run.latencies, 50).toFixed(0)} ms, p95 ${percentile(run.latencies, 95).toFixed(0)} ms, max ${percentile(run.latencies, 100).toFixed(0)} ms`);
  console.log(`  worker peak RSS ${peakRssMiB(worker.pid).toFixed(0)} MiB`);
  await stopWorker(worker);
  await c8.getZeebeGrpcApiClient().close();
}

main().then(() => process.exit(0), (e) => {
  console.error(e);
  process.exit(1);
});
