/**
 * A network stall: the first 64 S3 calls are accepted and never answered (within the test). The job's
 * deadline (under its 10 s job timeout) cuts each one: the job fails with CLIENT_EXECUTION_TIMEOUT, its slot
 * is freed, and the retry completes. The worker's 32 slots are all stalled at first, so without the deadline
 * nothing would move.
 */
import { uniqueId } from '../integration/harness';
import { countLog, deployUpload, EXPIRED_IN_QUEUE, faults, faultScenario, INSTANCES, LATE_ACK, reconcile, record, startInstances } from './load';

const STALLED = 64;
const JOB_TIMEOUT_MS = 10_000;
const scenario = faultScenario();

test(`${STALLED} stalled S3 calls among ${INSTANCES} instances: deadlines fire, slots are freed, everything completes`, async () => {
  const type = uniqueId('aws:s3:stall');
  const { processId, run } = await deployUpload(scenario.c8, type, { retries: 3 });
  const worker = await scenario.startWorker({
    CONNECTOR_S3_TYPE: type, CONNECTORS_ENABLED: 's3', WORKER_JOB_TIMEOUT_MS: String(JOB_TIMEOUT_MS), WORKER_CONCURRENCY: '32', AWS_MAX_ATTEMPTS: '1', LOG_LEVEL: 'info',
  });
  // Held for 10 minutes, far beyond the test; then an error, so that a stalled call never writes.
  await faults.add({ count: STALLED, delayMs: 600_000, status: 503, match: 'PUT /faults-load/' });
  const started = Date.now();
  const keys = await startInstances(scenario.c8, processId, run);
  const r = await reconcile(processId, run, keys, 240_000);
  const timedOut = worker.output.split('\n').filter((l) => l.includes('"msg":"job failed"') && l.includes('"reason":"CLIENT_EXECUTION_TIMEOUT:'));
  const inFlight = Number(/connector_jobs_in_flight (\d+)/.exec(await (await worker.get('/metrics')).text())?.[1]);
  const lateAcks = countLog(worker.output, LATE_ACK);
  record('network-stall', { ...r, stalled: STALLED, deadlineFailures: timedOut.length, lateAcks, expiredInQueue: countLog(worker.output, EXPIRED_IN_QUEUE), inFlightAfter: inFlight, totalMs: Date.now() - started, jobTimeoutMs: JOB_TIMEOUT_MS });

  // Every stalled call was cut by the deadline (jobs that waited behind them for a slot may be cut too: their
  // deadline counts from their arrival), and every slot is free again at the end.
  expect(timedOut.length).toBeGreaterThanOrEqual(STALLED);
  expect(inFlight).toBe(0);
  expect(r).toMatchObject({ instances: INSTANCES, completed: INSTANCES, incidents: {}, lost: 0, objects: INSTANCES });
  // At-least-once: a write is repeated only when its job was cut by the deadline after the write landed, or its
  // result reached Zeebe too late; both are logged. The stalled calls themselves never write.
  expect(r.duplicates).toBeLessThanOrEqual(lateAcks + timedOut.length - STALLED);
});
