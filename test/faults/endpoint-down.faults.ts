/**
 * The S3 endpoint down for 30 s (every connection reset by the fault proxy), then back: jobs fail with
 * SERVICE_UNAVAILABLE, are retried after their backoff (PT5S, 10 retries) and all complete once it is back.
 */
import { uniqueId } from '../integration/harness';
import { countLog, deployUpload, faults, faultScenario, INSTANCES, reconcile, record, startInstances } from './load';

const DOWN_MS = Number(process.env.FAULT_DOWN_MS ?? 30_000);
const scenario = faultScenario();

test(`S3 down for ${DOWN_MS / 1000} s with ${INSTANCES} instances: jobs retry with backoff and complete`, async () => {
  const type = uniqueId('aws:s3:down');
  const { processId, run } = await deployUpload(scenario.c8, type, { retries: 10, headers: { retryBackoff: 'PT5S' } });
  const worker = await scenario.startWorker({ CONNECTOR_S3_TYPE: type, CONNECTORS_ENABLED: 's3', WORKER_JOB_TIMEOUT_MS: '120000', LOG_LEVEL: 'info' });
  await faults.add({ count: 1_000_000_000, reset: true, match: '/faults-load' });
  const downAt = Date.now();
  const keys = await startInstances(scenario.c8, processId, run);
  await new Promise((r) => setTimeout(r, Math.max(0, DOWN_MS - (Date.now() - downAt))));
  const { counters } = await faults.state();
  await faults.clear();
  const backAt = Date.now();

  const r = await reconcile(processId, run, keys, 240_000);
  const failed = worker.output.split('\n').filter((l) => l.includes('"msg":"job failed"'));
  record('endpoint-down', {
    ...r, downMs: backAt - downAt, recoveryMs: Date.now() - backAt, connectionsReset: counters.reset, failedJobs: failed.length,
    failedCodes: [...new Set(failed.map((l) => /"reason":"([A-Z_]+):/.exec(l)?.[1]))],
  });

  expect(failed.length).toBeGreaterThan(0);
  expect(counters.reset).toBeGreaterThanOrEqual(failed.length);
  expect(failed.every((l) => l.includes('"reason":"SERVICE_UNAVAILABLE:') && l.includes('"backoffMs":5000'))).toBe(true);
  expect(r).toMatchObject({ instances: INSTANCES, completed: INSTANCES, incidents: {}, lost: 0, objects: INSTANCES, duplicates: 0 });
  expect(countLog(worker.output, 'job completed')).toBe(INSTANCES);
});
