/**
 * Inbound SQS throughput: messages per second from one queue into started process instances through the worker
 * (compiled, its own process), next to the engine's own message throughput (PublishMessage straight to the engine
 * starting instances of the same kind of process). Runs on the local stack (npm run stack:start).
 *
 *   npm run bench:inbound -- [--messages 2000] [--concurrency 32]
 */
import { CreateQueueCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { camunda, stack, uniqueId } from '../../test/integration/harness';
import { messageStart, retired } from '../../test/integration/inbound-models';
import { cpuSeconds, option, peakRssMiB, startWorker, stopWorker } from './common';

const MESSAGES = option('messages', 2000);
const CONCURRENCY = option('concurrency', 32);

/** Instances of a process so far, from the REST search's total (one small page). */
async function instanceCount(id: string): Promise<number> {
  const r = await fetch(`${stack().ZEEBE_REST_ADDRESS.replace(/\/+$/, '')}/v2/process-instances/search`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ filter: { processDefinitionId: id }, page: { from: 0, limit: 1 } }),
  });
  return ((await r.json()) as { page: { totalItems: number } }).page.totalItems;
}

/** Polls until `count` instances exist; answers when the first and the last were seen. */
async function waitForInstances(id: string, count: number): Promise<{ first: number; last: number }> {
  let first = 0;
  for (;;) {
    const n = await instanceCount(id);
    if (n > 0 && first === 0) first = performance.now();
    if (n >= count) return { first, last: performance.now() };
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function main(): Promise<void> {
  const s = stack();
  const c8 = camunda();
  const zeebe = c8.getZeebeGrpcApiClient();
  const sqs = new SQSClient({ endpoint: s.AWS_ENDPOINT_URL_S3_EMULATOR, region: s.AWS_REGION, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });

  // 1. Through the worker: the queue is filled first, then the process is deployed and the worker drains it.
  const id = uniqueId('bench_sqs_inbound');
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: id }));
  for (let i = 0; i < MESSAGES; i += 80) {
    await Promise.all(Array.from({ length: 8 }, (_, b) => i + b * 10).filter((from) => from < MESSAGES).map((from) => sqs.send(new SendMessageBatchCommand({
      QueueUrl, Entries: Array.from({ length: Math.min(10, MESSAGES - from) }, (_, k) => ({ Id: String(k), MessageBody: JSON.stringify({ n: from + k }) })),
    }))));
  }
  const worker = await startWorker({ INBOUND_POLL_INTERVAL_MS: '200', AWS_ENDPOINT_URL_SQS: s.AWS_ENDPOINT_URL_S3_EMULATOR, CONNECTORS_ENABLED: 's3' });
  const cpu0 = cpuSeconds(worker.pid);
  const t0 = performance.now();
  await zeebe.deployResource({
    process: Buffer.from(messageStart(id, { 'inbound.type': 'io.camunda:aws-sqs-inbound:1', 'queue.url': QueueUrl!, 'queue.pollingWaitTime': '1', resultExpression: '={n: body.n}' })),
    name: `${id}.bpmn`,
  });
  const { first, last } = await waitForInstances(id, MESSAGES);
  const cpu = cpuSeconds(worker.pid) - cpu0;
  console.log(`SQS inbound through the worker, ${MESSAGES} messages waiting in one queue:`);
  console.log(`  ${(MESSAGES / ((last - first) / 1000)).toFixed(0)} messages/s into started instances (first to last instance, ${((last - first) / 1000).toFixed(1)} s); deploy to last ${((last - t0) / 1000).toFixed(1)} s (includes discovery, every 200 ms here)`);
  console.log(`  worker CPU ${((cpu / MESSAGES) * 1000).toFixed(2)} ms per message (${((100 * cpu) / ((last - t0) / 1000)).toFixed(0)} % of a core); peak RSS ${peakRssMiB(worker.pid).toFixed(0)} MiB`);
  await stopWorker(worker);
  await zeebe.deployResource({ process: Buffer.from(retired(id)), name: `${id}.bpmn` });

  // 2. The engine alone: PublishMessage at a concurrency, each starting an instance of a message start process.
  const direct = uniqueId('bench_engine_messages');
  await zeebe.deployResource({ process: Buffer.from(messageStart(direct, {})), name: `${direct}.bpmn` });
  let next = 0;
  const d0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < MESSAGES) {
      const n = next++;
      await zeebe.publishMessage({ name: `${direct}-start`, correlationKey: '', messageId: `m-${n}`, timeToLive: 3_600_000, variables: { n } });
    }
  }));
  const published = performance.now();
  const { last: dLast } = await waitForInstances(direct, MESSAGES);
  console.log(`the engine alone, PublishMessage at concurrency ${CONCURRENCY} from this process, ${MESSAGES} messages:`);
  console.log(`  ${(MESSAGES / ((published - d0) / 1000)).toFixed(0)} messages/s published; all ${MESSAGES} instances seen after ${((dLast - d0) / 1000).toFixed(1)} s (${(MESSAGES / ((dLast - d0) / 1000)).toFixed(0)} instances/s)`);

  sqs.destroy();
  await zeebe.close();
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
