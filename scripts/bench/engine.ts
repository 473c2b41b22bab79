/**
 * The engine's own figures: spawn to ready, then a no-op `@camunda8/sdk` worker completing one-task
 * instances through it at a concurrency, streaming and polling; the engine's CPU per job and peak RSS.
 * Starts its own engine process (in memory, free ports), so it needs no stack.
 *
 *   npm run bench:engine -- [--jobs 5000] [--concurrency 32] [--messages 1000]
 */
import { catchEvent, definitions, end, flow, message, serviceTask, start } from '../../test/engine/bpmn';
import { engineClient, startEngineProcess } from '../../test/engine/engine-process';
import { cpuSeconds, option, peakRssMiB, percentile, runInstances } from './common';

const JOBS = option('jobs', 5000);
// The compiled engine, as the stack runs it (npm run bench:engine builds it first).
const ENGINE = { compiled: true, nodeArgs: process.env.ENGINE_NODE_ARGS?.split(' ').filter(Boolean) };
const CONCURRENCY = option('concurrency', 32);
const MESSAGES = option('messages', 1000);

async function startup(): Promise<void> {
  const times: number[] = [];
  const selfReported: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const engine = await startEngineProcess(ENGINE);
    times.push(performance.now() - t0);
    selfReported.push(Number(/ in (\d+) ms/.exec(engine.output())?.[1]));
    await engine.stop();
  }
  times.sort((a, b) => a - b);
  console.log(`start-up over 5 runs (compiled engine): spawn to ready median ${percentile(times, 50).toFixed(0)} ms (the engine's own count from process start: median ${percentile(selfReported.sort((a, b) => a - b), 50)} ms)`);
}

async function throughput(mode: 'stream' | 'poll'): Promise<void> {
  const engine = await startEngineProcess(ENGINE);
  const c8 = engineClient(engine);
  const zeebe = c8.getZeebeGrpcApiClient();
  const id = `noop_${mode}`;
  const xml = definitions(id, start(), serviceTask('task', `noop-${mode}`, { headers: { resultVariable: 'r' } }), end(), flow('f1', 'start', 'task'), flow('f2', 'task', 'end'));
  await zeebe.deployResource({ process: Buffer.from(xml), name: `${id}.bpmn` });
  const taskHandler = (job: { complete: (v?: Record<string, unknown>) => Promise<unknown> }) => job.complete({ done: true }) as never;
  const worker =
    mode === 'stream'
      ? await zeebe.streamJobs({ type: `noop-${mode}`, worker: 'noop', timeout: 30_000, taskHandler, fetchVariables: [], tenantIds: [] } as never)
      : zeebe.createWorker({ taskType: `noop-${mode}`, taskHandler, maxJobsToActivate: CONCURRENCY, pollInterval: 100, timeout: 30_000 } as never);
  await runInstances(c8, id, Math.min(500, JOBS), CONCURRENCY, (n) => ({ n })); // warm-up
  const cpu0 = cpuSeconds(engine.pid);
  const client0 = process.cpuUsage();
  const run = await runInstances(c8, id, JOBS, CONCURRENCY, (n) => ({ n }));
  const cpu = cpuSeconds(engine.pid) - cpu0;
  const clientUsage = process.cpuUsage(client0);
  const clientCpu = (clientUsage.user + clientUsage.system) / 1e6;
  const p = (q: number) => percentile(run.latencies, q).toFixed(1);
  console.log(`no-op worker, ${mode === 'stream' ? 'gRPC job streaming' : 'gRPC polling (ActivateJobs)'}, ${JOBS} instances at concurrency ${CONCURRENCY}:`);
  console.log(`  throughput ${(JOBS / run.seconds).toFixed(0)} jobs/s over ${run.seconds.toFixed(1)} s`);
  console.log(`  latency (instance created with result -> ended) p50 ${p(50)} ms, p95 ${p(95)} ms, p99 ${p(99)} ms`);
  console.log(`  engine CPU ${((cpu / JOBS) * 1000).toFixed(3)} ms per instance (${((100 * cpu) / run.seconds).toFixed(0)} % of a core); engine peak RSS ${peakRssMiB(engine.pid).toFixed(0)} MiB`);
  console.log(`  client (creator + no-op worker, this process) CPU ${((clientCpu / JOBS) * 1000).toFixed(3)} ms per instance (${((100 * clientCpu) / run.seconds).toFixed(0)} % of a core)`);
  await (worker as { close(): unknown }).close();
  await zeebe.close();
  await engine.stop();
}

/** Job rate alone: a backlog of instances is created first (not timed), then a no-op polling worker drains it. */
async function drain(): Promise<void> {
  const engine = await startEngineProcess(ENGINE);
  const c8 = engineClient(engine);
  const zeebe = c8.getZeebeGrpcApiClient();
  const xml = definitions('noop_drain', start(), serviceTask('task', 'noop-drain'), end(), flow('f1', 'start', 'task'), flow('f2', 'task', 'end'));
  await zeebe.deployResource({ process: Buffer.from(xml), name: 'noop_drain.bpmn' });
  let created = 0;
  await Promise.all(Array.from({ length: 64 }, async () => {
    while (created < JOBS) {
      created++;
      await zeebe.createProcessInstance({ bpmnProcessId: 'noop_drain', variables: {} });
    }
  }));
  let done = 0;
  let finished!: () => void;
  const all = new Promise<void>((r) => (finished = r));
  const cpu0 = cpuSeconds(engine.pid);
  const t0 = performance.now();
  const worker = zeebe.createWorker({
    taskType: 'noop-drain', maxJobsToActivate: CONCURRENCY, pollInterval: 10, timeout: 30_000,
    taskHandler: async (job: { complete: () => Promise<unknown> }) => {
      const ack = await job.complete();
      if (++done === JOBS) finished();
      return ack as never;
    },
  } as never);
  await all;
  const seconds = (performance.now() - t0) / 1000;
  console.log(`no-op polling worker draining a backlog of ${JOBS} jobs, up to ${CONCURRENCY} at a time:`);
  console.log(`  job rate ${(JOBS / seconds).toFixed(0)} jobs/s over ${seconds.toFixed(1)} s; engine CPU ${(((cpuSeconds(engine.pid) - cpu0) / JOBS) * 1000).toFixed(3)} ms per job`);
  await worker.close();
  await zeebe.close();
  await engine.stop();
}

/**
 * Messages: MESSAGES instances each waiting at a message catch event (created first, not timed), then one
 * message per instance published at once (gRPC PublishMessage); timed until every instance completed.
 */
async function messages(): Promise<void> {
  const engine = await startEngineProcess(ENGINE);
  const c8 = engineClient(engine);
  const zeebe = c8.getZeebeGrpcApiClient();
  const xml = definitions('wait_msg', message('m', 'bench-msg', '=key'), start(), catchEvent('wait', { messageRef: 'm' }), end(), flow('f1', 'start', 'wait'), flow('f2', 'wait', 'end'));
  await zeebe.deployResource({ process: Buffer.from(xml), name: 'wait_msg.bpmn' });
  const results: Promise<unknown>[] = [];
  for (let i = 0; i < MESSAGES; i++) results.push(zeebe.createProcessInstanceWithResult({ bpmnProcessId: 'wait_msg', variables: { key: `k${i}` }, requestTimeout: 600_000 }));
  const waiting = async () => {
    const r = await fetch(`${engine.restAddress}/v2/element-instances/search`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ filter: { elementId: 'wait', state: 'ACTIVE' }, page: { limit: 1 } }) });
    return ((await r.json()) as { page: { totalItems: number } }).page.totalItems;
  };
  while ((await waiting()) < MESSAGES) await new Promise((r) => setTimeout(r, 100));
  const cpu0 = cpuSeconds(engine.pid);
  const t0 = performance.now();
  await Promise.all(Array.from({ length: MESSAGES }, (_, i) => zeebe.publishMessage({ name: 'bench-msg', correlationKey: `k${i}`, variables: { i }, timeToLive: 0 })));
  await Promise.all(results);
  const seconds = (performance.now() - t0) / 1000;
  console.log(`${MESSAGES} instances each waiting on a message, ${MESSAGES} messages published at once (gRPC PublishMessage):`);
  console.log(`  all correlated and completed in ${seconds.toFixed(2)} s (${(MESSAGES / seconds).toFixed(0)} messages/s); engine CPU ${(((cpuSeconds(engine.pid) - cpu0) / MESSAGES) * 1000).toFixed(3)} ms per message; engine peak RSS ${peakRssMiB(engine.pid).toFixed(0)} MiB`);
  await zeebe.close();
  await engine.stop();
}

(async () => {
  await startup();
  await drain();
  await throughput('stream');
  await throughput('poll');
  await messages();
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
