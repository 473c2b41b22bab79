/**
 * A worker killed with SIGKILL mid-load while a second one runs: the jobs the dead worker held time out
 * (10 s job timeout here) and the second worker finishes them. Nothing lost; duplicates (a write done just
 * before the kill, done again by the second worker) are counted.
 */
import { searchJobs, uniqueId } from '../integration/harness';
import { countLog, deployUpload, EXPIRED_IN_QUEUE, faultScenario, INSTANCES, LATE_ACK, reconcile, record, startInstances, until } from './load';

const JOB_TIMEOUT_MS = 10_000;
const CONCURRENCY = 32;
const scenario = faultScenario();

test(`kill -9 of one of two workers with ${INSTANCES} instances in flight: the other finishes everything after the job timeout`, async () => {
  const type = uniqueId('aws:s3:kill');
  const { processId, run } = await deployUpload(scenario.c8, type);
  const env = { CONNECTOR_S3_TYPE: type, CONNECTORS_ENABLED: 's3', WORKER_JOB_TIMEOUT_MS: String(JOB_TIMEOUT_MS), WORKER_CONCURRENCY: String(CONCURRENCY), LOG_LEVEL: 'info' };
  const doomed = await scenario.startWorker({ ...env, WORKER_NAME: 'doomed' });
  const survivor = await scenario.startWorker({ ...env, WORKER_NAME: 'survivor' });

  const keys = await startInstances(scenario.c8, processId, run);
  await until('the doomed worker to have completed 50 jobs', () => countLog(doomed.output, 'job completed') >= 50);
  const inFlight = await doomed.get('/metrics').then((r) => r.text()).then((t) => Number(/connector_jobs_in_flight (\d+)/.exec(t)?.[1] ?? 0));
  expect(await doomed.stop('SIGKILL')).toBeNull();
  const killedAt = Date.now();

  const r = await reconcile(processId, run, keys, 180_000);
  const byWorker: Record<string, number> = {};
  for (const j of await searchJobs({ processDefinitionId: processId, state: 'COMPLETED' })) byWorker[j.worker] = (byWorker[j.worker] ?? 0) + 1;
  const expiredInQueue = countLog(doomed.output + survivor.output, EXPIRED_IN_QUEUE);
  const lateAcks = countLog(doomed.output + survivor.output, LATE_ACK);
  const deadlineCuts = (doomed.output + survivor.output).split('\n').filter((l) => l.includes('"reason":"CLIENT_EXECUTION_TIMEOUT:')).length;
  record('worker-kill', { ...r, expiredInQueue, lateAcks, deadlineCuts, recoveryMs: Date.now() - killedAt, inFlightAtKill: inFlight, completedBy: byWorker, jobTimeoutMs: JOB_TIMEOUT_MS });

  expect(inFlight).toBeGreaterThan(0);
  expect(r).toMatchObject({ instances: INSTANCES, completed: INSTANCES, incidents: {}, lost: 0, objects: INSTANCES });
  // At-least-once: a job whose upload ran just before the kill runs again, so at most the jobs running then
  // (the worker's concurrency); jobs that only waited for a slot are never run late (worker/runtime/slot-budget.ts).
  // A job cut by its deadline may have written before the cut, and a result that reached Zeebe too late is
  // run again: both are logged, and they bound the rest.
  expect(r.duplicates).toBeLessThanOrEqual(CONCURRENCY + lateAcks + deadlineCuts);
  expect(byWorker.survivor).toBeGreaterThan(0);
  expect((byWorker.doomed ?? 0) + byWorker.survivor).toBe(INSTANCES);
});
