/**
 * Textract polling at N jobs at once in one worker process: the stand-in finishes each Textract job `delayMs`
 * after its start; the worker polls every `pollMs`. Each Textract job (the stand-in's record: started, ready)
 * is paired by its client request token (zac-extract-<element instance>) with its Zeebe job's end time in the
 * engine's search API. The target: every job completes within one poll interval of its result being ready,
 * with 0.2 s for the last call and the completion (start -> completed <= D + I + 200 ms).
 * The result: `line`, one line of the recorded multi-column page (a PAGE, a LINE and its WORDs), so the figures
 * are the polling's; or `page`, the whole recorded page (137 blocks, 132 KB): then each result's parsing,
 * mapping and completion also count, and with every result ready at once they queue on the worker's thread.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { Camunda8 } from '@camunda8/sdk';
import { createBucket, s3, searchJobs, stack, uniqueId, waitFor } from '../../test/integration/harness';
import { subscribedQueue } from '../../test/integration/sns-queue';
import { bottleneck, cpuMeter, type CpuShares } from './cpu';
import { cpuSeconds, deployOneTask, peakRssMiB, percentile, runInstances, startWorker, stopWorker } from './common';

export type TextractResult = 'line' | 'page';
/** How the worker learns a Textract job is done: polling every I, or the SNS notification through an SQS queue. */
export type TextractWait = 'polling' | 'notification';

export interface TextractPolling {
  result: TextractResult;
  wait: TextractWait;
  jobs: number;
  delayMs: number;
  pollMs: number;
  /** D + I + 200 ms */
  budgetMs: number;
  /** when the Textract jobs started, after the first instance was created: first, last */
  startSpreadMs: [number, number];
  /** Textract result ready -> Zeebe job completed */
  readyToCompletedMs: { p50: number; p95: number; max: number };
  /** Textract job started -> Zeebe job completed, the worst */
  startToCompletedMaxMs: number;
  withinBudget: number;
  /** first instance created -> last Zeebe job completed */
  wallMs: number;
  workerPeakRssMiB: number;
  workerCpuSeconds: number;
  workerCpuMsPerJob: number;
  /** cores used over the run (cpu.ts) and what they say bounds it */
  cpu: CpuShares;
  bottleneck: string;
}

const BUCKET = 'bench-textract';
const FIXTURES = path.resolve(__dirname, '../../test/fakes/aws-ai/fixtures/textract');
const RECORDED = 'test-multicol-response.json';

interface Block { BlockType: string; Id: string; Relationships?: { Type: string; Ids: string[] }[] }

/** The recorded page cut to its first line: the PAGE (its children cut to that line), the LINE, its WORDs. */
function oneLine(): Record<string, unknown> {
  const recorded = JSON.parse(readFileSync(path.join(FIXTURES, RECORDED), 'utf8')) as { Blocks: Block[] };
  const page = recorded.Blocks.find((b) => b.BlockType === 'PAGE')!;
  const line = recorded.Blocks.find((b) => b.BlockType === 'LINE')!;
  const words = new Set(line.Relationships?.find((r) => r.Type === 'CHILD')?.Ids ?? []);
  return {
    ...recorded,
    Blocks: [{ ...page, Relationships: [{ Type: 'CHILD', Ids: [line.Id] }] }, line, ...recorded.Blocks.filter((b) => words.has(b.Id))],
  };
}

/** How many jobs of a type the engine has completed: the search's total, reading one item. */
async function completedCount(type: string): Promise<number> {
  const r = await fetch(`${stack().ZEEBE_REST_ADDRESS.replace(/\/+$/, '')}/v2/jobs/search`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, // the local stack's engine: no auth
    body: JSON.stringify({ filter: { type, state: 'COMPLETED' }, page: { from: 0, limit: 1 } }),
  });
  if (!r.ok) throw new Error(`jobs search: ${r.status} ${await r.text()}`);
  return ((await r.json()) as { page: { totalItems: number } }).page.totalItems;
}

export async function measureTextractPolling(c8: Camunda8, jobs: number, delayMs: number, pollMs: number, result: TextractResult = 'line', wait: TextractWait = 'polling'): Promise<TextractPolling> {
  const ai = stack() as ReturnType<typeof stack> & { AWS_AI_ENDPOINT: string; AWS_AI_CONTROL: string };
  const control = async (route: string, body: unknown) => {
    const r = await fetch(`${ai.AWS_AI_CONTROL}${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!r.ok) throw new Error(`stand-in ${route}: ${r.status} ${await r.text()}`);
  };
  await createBucket(BUCKET);
  const client = s3();
  await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'scan.png', Body: readFileSync(path.join(FIXTURES, 'multicol-test-document.png')) }));
  client.destroy();
  await control('/reset', {});
  await control('/textract/responses', { match: { bucket: BUCKET, key: 'scan.png' }, ...(result === 'page' ? { fixture: RECORDED } : { response: oneLine() }) });

  const type = uniqueId('bench:textract'); // this run's jobs alone in the engine's search
  const id = uniqueId('bench_textract');
  // Notified: the queue's notification ends each wait; the polls (every 60 s by default) are only a safety net.
  const queue = wait === 'notification' ? await subscribedQueue(uniqueId('bench-textract-done').replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 80)) : undefined;
  await deployOneTask(c8, id, {
    type,
    inputs: {
      'action.type': 'extract', 'action.document': `={"bucket": "${BUCKET}", "key": "scan.png"}`, 'action.executionType': 'polling',
      ...(queue
        ? { 'action.snsTopicArn': `="${queue.topicArn}"`, 'action.snsRoleArn': '="arn:aws:iam::000000000000:role/textract-publishes"', 'action.notificationQueueUrl': `="${queue.queueUrl}"` }
        : { 'action.pollInterval': `=${pollMs}` }),
    },
    headers: { resultExpression: '={pages: pages}' },
  });
  // Each polling job holds a slot while it waits (not a thread), so the worker takes them all at once.
  const worker = await startWorker({
    AWS_ENDPOINT_URL_TEXTRACT: ai.AWS_AI_ENDPOINT, AWS_ENDPOINT_URL_SQS: stack().AWS_ENDPOINT_URL_S3_EMULATOR, CONNECTORS_ENABLED: 'textract', CONNECTOR_TEXTRACT_TYPE: type, WORKER_CONCURRENCY: String(jobs),
  });
  try {
    // Warm-up, not measured: the Textract client, the response parser and the FEEL threads load on first use.
    await control('/textract/config', { jobDelayMs: 0 });
    const warmUp = Math.min(jobs, 20);
    await runInstances(c8, id, warmUp, warmUp, () => ({}));
    const forget = await fetch(`${ai.AWS_AI_CONTROL}/textract/jobs`, { method: 'DELETE' });
    if (!forget.ok) throw new Error(`stand-in DELETE /textract/jobs: ${forget.status}`);
    await control('/textract/config', { jobDelayMs: delayMs });
    const cpu0 = cpuSeconds(worker.pid);
    const stop = cpuMeter([worker.pid], 'aws-ai');
    // Created without waiting for their results: a create-with-result call held longer than its request
    // timeout is retried by the SDK, which starts a second instance.
    const t0 = Date.now();
    const zeebe = c8.getZeebeGrpcApiClient();
    let next = 0;
    await Promise.all(Array.from({ length: 32 }, async () => {
      while (next < jobs) {
        next++;
        await zeebe.createProcessInstance({ bpmnProcessId: id, variables: {} });
      }
    }));
    await waitFor(`${jobs} completed Textract jobs`, async () => {
      await new Promise((r) => setTimeout(r, 750)); // a light probe: one search of one item, about once a second
      return (await completedCount(type)) >= jobs + warmUp ? true : undefined;
    }, delayMs + 600_000);
    const cpu = stop();
    const completedJobs = await searchJobs({ type, state: 'COMPLETED' });
    const workerCpu = cpuSeconds(worker.pid) - cpu0;
    const state = (await (await fetch(`${ai.AWS_AI_CONTROL}/state`)).json()) as { textract: { jobs: { startedAt: string; readyAt: string; clientRequestToken: string }[] } };
    const completed = new Map(completedJobs.map((j) => [j.elementInstanceKey, j.endTime ? Date.parse(j.endTime) : NaN]));
    const pairs = state.textract.jobs.map((j) => {
      const end = completed.get(j.clientRequestToken.replace('zac-extract-', '')) ?? NaN;
      return { started: Date.parse(j.startedAt), afterReady: end - Date.parse(j.readyAt), afterStart: end - Date.parse(j.startedAt) };
    });
    if (pairs.length !== jobs || pairs.some((p) => !Number.isFinite(p.afterStart))) {
      throw new Error(`textract polling: ${pairs.length} Textract jobs, ${pairs.filter((p) => Number.isFinite(p.afterStart)).length} paired with a completed Zeebe job, expected ${jobs}`);
    }
    const afterReady = pairs.map((p) => p.afterReady).sort((a, b) => a - b);
    const starts = pairs.map((p) => p.started).sort((a, b) => a - b);
    const budgetMs = delayMs + pollMs + 200;
    return {
      result, wait, jobs, delayMs, pollMs, budgetMs,
      startSpreadMs: [starts[0] - t0, starts[starts.length - 1] - t0],
      readyToCompletedMs: { p50: percentile(afterReady, 50), p95: percentile(afterReady, 95), max: afterReady[afterReady.length - 1] },
      startToCompletedMaxMs: Math.max(...pairs.map((p) => p.afterStart)),
      withinBudget: pairs.filter((p) => p.afterStart <= budgetMs).length,
      wallMs: Math.max(...pairs.map((p) => p.started + p.afterStart)) - t0,
      workerPeakRssMiB: peakRssMiB(worker.pid),
      workerCpuSeconds: workerCpu,
      workerCpuMsPerJob: (workerCpu * 1000) / jobs,
      cpu, bottleneck: bottleneck(cpu),
    };
  } finally {
    await stopWorker(worker);
    queue?.close();
  }
}
