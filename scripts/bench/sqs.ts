/**
 * `npm run bench -- --only sqs`: an SQS send of 1 KiB through the worker (own and io.camunda:* types, via the engine)
 * next to the direct AWS SDK's SendMessage (no engine, its own process: the emulator's ceiling). Latency of the
 * engine rows: the service task's element instance start -> end from the engine's records.
 */
import path from 'node:path';
import type { Camunda8 } from '@camunda8/sdk';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { searchElementInstances, stack, uniqueId } from '../../test/integration/harness';
import { childEnv, cpuSeconds, deployOneTask, peakRssMiB, percentile, runInstances, runJson, startWorker, stopWorker } from './common';

export interface SqsRow { name: string; jobs: number; jobsPerSecond: number; p50: number; p95: number; cpuMsPerJob: number; peakRssMiB: number }

export async function measureSqs(c8: Camunda8, o: { jobs: number; concurrency: number; rounds: number }): Promise<SqsRow[]> {
  const s = stack();
  const sqs = new SQSClient({ endpoint: s.AWS_ENDPOINT_URL_S3_EMULATOR, region: s.AWS_REGION, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'bench-sqs' }));
  sqs.destroy();
  const worker = await startWorker({
    AWS_ENDPOINT_URL_SQS: s.AWS_ENDPOINT_URL_S3_EMULATOR, CONNECTORS_ENABLED: 'sqs', CAMUNDA_COMPATIBLE_TYPES: 'true', WORKER_CONCURRENCY: String(o.concurrency),
    CONNECTOR_SQS_TYPE: 'bench:sqs', CONNECTOR_AWS_SQS_TYPE: 'io.camunda:aws-sqs:bench',
  });
  const variants: { name: string; type: string; inputs: Record<string, string> }[] = [
    { name: 'worker, SQS send 1 KiB (own type)', type: 'bench:sqs', inputs: { 'action.type': 'send', 'queue.url': QueueUrl!, 'message.body': '=payload' } },
    {
      name: 'worker, SQS send 1 KiB (io.camunda:aws-sqs:1)', type: 'io.camunda:aws-sqs:bench',
      inputs: { 'authentication.accessKey': 'test', 'authentication.secretKey': 'test', 'configuration.region': s.AWS_REGION, 'queue.url': QueueUrl!, 'queue.type': 'standard', 'queue.messageBody': '=payload' },
    },
  ];
  const payload = 'x'.repeat(1024);
  const totals = new Map<string, { jobs: number; seconds: number; cpuMs: number; latencies: number[]; rss: number }>();
  const add = (name: string, jobs: number, seconds: number, cpuMs: number, latencies: number[], rss: number) => {
    const t = totals.get(name) ?? { jobs: 0, seconds: 0, cpuMs: 0, latencies: [], rss: 0 };
    totals.set(name, { jobs: t.jobs + jobs, seconds: t.seconds + seconds, cpuMs: t.cpuMs + cpuMs, latencies: [...t.latencies, ...latencies], rss: Math.max(t.rss, rss) });
  };
  for (const v of variants) { // warm-up
    const id = uniqueId('warm');
    await deployOneTask(c8, id, { type: v.type, inputs: v.inputs, headers: { resultVariable: 'result' } });
    await runInstances(c8, id, Math.min(100, o.jobs), o.concurrency, () => ({ payload }));
  }
  for (let round = 0; round < o.rounds; round++) {
    for (const v of variants) {
      const id = uniqueId('bench');
      await deployOneTask(c8, id, { type: v.type, inputs: v.inputs, headers: { resultVariable: 'result' } });
      const cpu0 = cpuSeconds(worker.pid);
      const r = await runInstances(c8, id, o.jobs, o.concurrency, () => ({ payload }));
      const cpuMs = (cpuSeconds(worker.pid) - cpu0) * 1000;
      const tasks = await searchElementInstances({ processDefinitionId: id, elementId: 'task', state: 'COMPLETED' }) as unknown as { startDate: string; endDate: string }[];
      if (tasks.length !== o.jobs) throw new Error(`${v.name}: the engine recorded ${tasks.length} completed tasks, expected ${o.jobs}`);
      add(v.name, o.jobs, r.seconds, cpuMs, tasks.map((e) => Date.parse(e.endDate) - Date.parse(e.startDate)), peakRssMiB(worker.pid));
    }
    const d = await runJson<{ seconds: number; latencies: number[]; cpuMs: number; peakRssMiB: number }>([path.join(__dirname, 'direct-sdk.js')], childEnv({
      BENCH_KIND: 'sqs', BENCH_JOBS: String(o.jobs), BENCH_CONCURRENCY: String(o.concurrency), BENCH_ENDPOINT: s.AWS_ENDPOINT_URL_S3_EMULATOR, BENCH_QUEUE_URL: QueueUrl!,
    }));
    add('direct AWS SDK, SQS SendMessage 1 KiB (emulator ceiling)', o.jobs, d.seconds, d.cpuMs, d.latencies, d.peakRssMiB);
  }
  await stopWorker(worker);
  return [...totals].map(([name, t]) => {
    const sorted = t.latencies.sort((a, b) => a - b);
    return { name, jobs: t.jobs, jobsPerSecond: t.jobs / t.seconds, p50: percentile(sorted, 50), p95: percentile(sorted, 95), cpuMsPerJob: t.cpuMs / t.jobs, peakRssMiB: t.rss };
  });
}
