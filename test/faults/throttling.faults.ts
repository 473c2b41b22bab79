/**
 * 30 % of S3 calls throttled (503 SlowDown) or failing (500 InternalError) across 1,000 jobs, one SDK attempt
 * per job attempt (AWS_MAX_ATTEMPTS=1) so that the job's own retry policy is what is measured: 3 retries,
 * a failed attempt before the last is a failed job (retries - 1), the last is a BPMN error with the code,
 * uncaught here, so an incident. The counts must match the policy exactly, fault for fault.
 */
import { uniqueId } from '../integration/harness';
import { countLog, deployUpload, faults, faultScenario, LATE_ACK, reconcile, record, startInstances } from './load';

const JOBS = Number(process.env.FAULT_THROTTLING_JOBS ?? 1000);
const RETRIES = 3;
const FAILURE_RATE = 0.3;
const scenario = faultScenario();

test(`${FAILURE_RATE * 100} % throttling and 5xx across ${JOBS} jobs: retried per the policy, then coded incidents`, async () => {
  const type = uniqueId('aws:s3:throttle');
  const { processId, run } = await deployUpload(scenario.c8, type, { retries: RETRIES, headers: { retryBackoff: 'PT1S' } });
  const worker = await scenario.startWorker({ CONNECTOR_S3_TYPE: type, CONNECTORS_ENABLED: 's3', WORKER_JOB_TIMEOUT_MS: '120000', AWS_MAX_ATTEMPTS: '1', LOG_LEVEL: 'info' });
  // Half of the faults each: 15 % of calls get 503, and 15/85 of the rest 500, so 30 % fail in all.
  await faults.add({ count: 1_000_000, probability: FAILURE_RATE / 2, status: 503, code: 'SlowDown', match: 'PUT /faults-load/' });
  await faults.add({ count: 1_000_000, probability: FAILURE_RATE / 2 / (1 - FAILURE_RATE / 2), status: 500, code: 'InternalError', match: 'PUT /faults-load/' });

  const keys = await startInstances(scenario.c8, processId, run, JOBS);
  const r = await reconcile(processId, run, keys, 400_000);
  const proxy = await faults.state();
  await faults.clear();
  const failedJobs = countLog(worker.output, 'job failed');
  const bpmnErrors = countLog(worker.output, 'job threw a BPMN error');
  const lateAcks = countLog(worker.output, LATE_ACK);
  const incidents = Object.values(r.incidents).reduce((a, b) => a + b, 0);
  // Each job fails all its attempts with probability 0.3^3: 2.7 % of jobs on average; 99.99 % of runs fall in this range.
  const expected = JOBS * FAILURE_RATE ** RETRIES;
  const spread = 4 * Math.sqrt(expected * (1 - FAILURE_RATE ** RETRIES));
  record('throttling', { ...r, lateAcks, injected: proxy.counters.failed, failedJobs, bpmnErrors, expectedIncidents: Math.round(expected), retries: RETRIES, failureRate: FAILURE_RATE });

  expect(r).toMatchObject({ instances: JOBS, lost: 0 });
  // At-least-once: a write is repeated only when its job's result reached Zeebe too late (each one logged).
  expect(r.duplicates).toBeLessThanOrEqual(lateAcks);
  expect(r.completed + incidents).toBe(JOBS);
  expect(Object.keys(r.incidents).every((code) => code === 'THROTTLING_ERROR' || code === 'INTERNAL_SERVER_ERROR')).toBe(true);
  // Fault for fault: every injected failure became one failed job or, on the last retry, one BPMN error.
  expect(failedJobs + bpmnErrors).toBe(proxy.counters.failed);
  expect(bpmnErrors).toBe(incidents);
  // Every completed instance wrote its object once; an instance with an incident wrote nothing.
  expect(r.objects - r.completed).toBeLessThanOrEqual(lateAcks);
  expect(r.objects).toBeGreaterThanOrEqual(r.completed);
  expect(proxy.counters.failed / proxy.counters.seen).toBeGreaterThan(FAILURE_RATE - 0.05);
  expect(proxy.counters.failed / proxy.counters.seen).toBeLessThan(FAILURE_RATE + 0.05);
  expect(Math.abs(incidents - expected)).toBeLessThan(spread);
});
