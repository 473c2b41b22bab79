/**
 * Rekognition and Comprehend through the real cluster and the AI stand-in: jobs per second, latency
 * percentiles, the worker's CPU per job and peak RSS, for
 *   - Rekognition labels of a small PNG read from S3 (many jobs at a concurrency), and
 *   - Comprehend entities of a ~300 KB text read from S3 (the batch path: sentence chunking, 3 BatchDetectEntities
 *     calls and offset mapping per job), fewer jobs.
 * The stand-in answers in a few ms, so the figures are the worker's and Zeebe's share, not AWS's latency.
 *
 *   npm run stack:start
 *   npm run bench:ai -- [--jobs 1000] [--concurrency 32] [--text-jobs 100] [--text-concurrency 8]
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { aiStandIn, camunda, createBucket, s3, stack } from '../../test/integration/harness';
import { cpuSeconds, deployOneTask, option, report, runInstances, startWorker, stopWorker } from './common';

const JOBS = option('jobs', 1000);
const CONCURRENCY = option('concurrency', 32);
const TEXT_JOBS = option('text-jobs', 100);
const TEXT_CONCURRENCY = option('text-concurrency', 8);
const BUCKET = 'bench-ai';

function text(bytes: number): string {
  const parts: string[] = [];
  for (let i = 0, size = 0; size < bytes; i++) {
    const s = i % 20 === 0 ? `In ${1800 + (i % 40)} Ada Lovelace wrote to the Royal Society from London, sentence ${i}. ` : `Plain sentence number ${i}, with an é for the byte count. `;
    parts.push(s);
    size += Buffer.byteLength(s);
  }
  return parts.join('');
}

async function main(): Promise<void> {
  const c8 = camunda();
  const ai = aiStandIn();
  await ai.control('POST', '/reset');
  await createBucket(BUCKET);
  const photo = readFileSync(path.resolve(__dirname, '../../test/fakes/aws-ai/fixtures/rekognition/gradient-32x32.png'));
  const client = s3();
  await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'photo.png', Body: photo }));
  await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'book.txt', Body: text(300_000), ContentType: 'text/plain' }));
  await ai.control('POST', '/rekognition/labels', { match: { sha256: createHash('sha256').update(photo).digest('hex') }, fixture: 'detect-labels-cli-example.json' });
  await ai.control('POST', '/comprehend/entities', { entities: [{ text: 'Ada Lovelace', type: 'PERSON' }, { text: 'Royal Society', type: 'ORGANIZATION' }, { text: 'London', type: 'LOCATION' }] });

  await deployOneTask(c8, 'bench_rekognition', {
    type: 'aws:rekognition:bench', inputs: { 'action.file': `={"bucket": "${BUCKET}", "key": "photo.png"}` }, headers: { resultExpression: '={n: count(labels)}' },
  });
  await deployOneTask(c8, 'bench_comprehend', {
    type: 'aws:comprehend:bench', inputs: { 'action.type': 'entity', 'action.file': `={"bucket": "${BUCKET}", "key": "book.txt"}`, 'action.languageCode': 'en' },
    headers: { resultExpression: '={n: count(entities), method: analysis.method}' },
  });
  const worker = await startWorker({
    AWS_ENDPOINT_URL_S3: stack().AWS_ENDPOINT_URL_S3_EMULATOR,
    AWS_ENDPOINT_URL_REKOGNITION: ai.endpoint, AWS_ENDPOINT_URL_COMPREHEND: ai.endpoint,
    CONNECTOR_REKOGNITION_TYPE: 'aws:rekognition:bench', CONNECTOR_COMPREHEND_TYPE: 'aws:comprehend:bench', WORKER_CONCURRENCY: String(CONCURRENCY),
  });
  console.log(`node ${process.version}, ${new Date().toISOString()}`);

  await runInstances(c8, 'bench_rekognition', Math.min(100, JOBS), CONCURRENCY, () => ({})); // warm-up
  let cpu0 = cpuSeconds(worker.pid);
  const labels = await runInstances(c8, 'bench_rekognition', JOBS, CONCURRENCY, () => ({}));
  report(`Rekognition labels of a PNG in S3, ${JOBS} jobs at concurrency ${CONCURRENCY}`, JOBS, labels, cpuSeconds(worker.pid) - cpu0, worker);

  await runInstances(c8, 'bench_comprehend', Math.min(10, TEXT_JOBS), TEXT_CONCURRENCY, () => ({})); // warm-up
  cpu0 = cpuSeconds(worker.pid);
  const entities = await runInstances(c8, 'bench_comprehend', TEXT_JOBS, TEXT_CONCURRENCY, () => ({}));
  report(`Comprehend entities of a 300 KB text in S3 (batches), ${TEXT_JOBS} jobs at concurrency ${TEXT_CONCURRENCY}`, TEXT_JOBS, entities, cpuSeconds(worker.pid) - cpu0, worker);

  await stopWorker(worker);
  client.destroy();
  await c8.getZeebeGrpcApiClient().close();
}

main().then(() => process.exit(0), (e) => {
  console.error(e);
  process.exit(1);
});
