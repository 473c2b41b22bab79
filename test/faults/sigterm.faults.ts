/**
 * SIGTERM mid-load: the worker stops taking jobs, finishes those in flight within WORKER_SHUTDOWN_TIMEOUT_MS
 * and exits 0; jobs it held that had not started (waiting for a slot) are not started, and a second worker
 * runs them after their job timeout (10 s here). No job the first one held is run twice.
 */
import { searchJobs, uniqueId } from '../integration/harness';
import { countLog, deployUpload, faults, faultScenario, INSTANCES, LATE_ACK, reconcile, record, startInstances, until } from './load';

const DRAIN_MS = 10_000;
const scenario = faultScenario();

test(`SIGTERM with ${INSTANCES} instances in flight: in-flight jobs finish, the worker exits 0 within the drain time`, async () => {
  const type = uniqueId('aws:s3:sigterm');
  const { processId, run } = await deployUpload(scenario.c8, type);
  const env = { CONNECTOR_S3_TYPE: type, CONNECTORS_ENABLED: 's3', WORKER_JOB_TIMEOUT_MS: '10000', WORKER_SHUTDOWN_TIMEOUT_MS: String(DRAIN_MS), LOG_LEVEL: 'info' };
  const first = await scenario.startWorker({ ...env, WORKER_NAME: 'first' });
  // Uploads take 100 ms more at the S3 side, so that jobs are surely in flight when the signal comes.
  await faults.add({ count: 1_000_000, delayMs: 100, match: 'PUT /faults-load/' });

  const keys = await startInstances(scenario.c8, processId, run);
  await until('the first worker to have completed 100 jobs', () => countLog(first.output, 'job completed') >= 100);
  const signalledAt = Date.now();
  const code = await first.stop('SIGTERM');
  const exitMs = Date.now() - signalledAt;
  await faults.clear();
  const shutdown = JSON.parse(first.output.split('\n').find((l) => l.includes('"msg":"shutting down')) ?? '{}') as { inFlight?: number; queued?: number };
  const completedByFirst = countLog(first.output, 'job completed');
  const leftAtShutdown = countLog(first.output, 'job not started: the worker is shutting down (Zeebe activates it again after its timeout)');

  await scenario.startWorker({ ...env, WORKER_NAME: 'second' });
  const r = await reconcile(processId, run, keys, 240_000);
  const byWorker: Record<string, number> = {};
  for (const j of await searchJobs({ processDefinitionId: processId, state: 'COMPLETED' })) byWorker[j.worker] = (byWorker[j.worker] ?? 0) + 1;
  const lateAcks = countLog(first.output, LATE_ACK);
  record('sigterm', { ...r, exitCode: code, exitMs, drainMs: DRAIN_MS, inFlightAtSignal: shutdown.inFlight, queuedAtSignal: shutdown.queued, completedByFirst, leftAtShutdown, completedBy: byWorker, lateAcks });

  expect(code).toBe(0);
  expect(exitMs).toBeLessThan(DRAIN_MS + 3000);
  expect(shutdown.inFlight).toBeGreaterThan(0);
  expect(first.output).toMatch(/"drained":true.*worker stopped/);
  // Every job the first worker ran it also completed in Zeebe; nothing it held was run again.
  expect(lateAcks).toBe(0);
  expect(byWorker.first).toBe(completedByFirst);
  expect(r).toMatchObject({ instances: INSTANCES, completed: INSTANCES, incidents: {}, lost: 0, objects: INSTANCES, duplicates: 0 });
});
