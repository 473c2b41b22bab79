/**
 * The engine restarted mid-load on the same data folder (it keeps its state): the worker, never restarted,
 * reconnects by itself and finishes every instance. Commands the worker sent while the engine was down are
 * lost to it; those jobs time out (10 s here) and run again, which the duplicate count shows.
 */
import { restartEngine, uniqueId } from '../integration/harness';
import { countLog, deployUpload, faultScenario, INSTANCES, LATE_ACK, reconcile, record, startInstances, until } from './load';

const JOB_TIMEOUT_MS = 10_000;
const scenario = faultScenario();

test(`engine restart with ${INSTANCES} instances in flight: the same worker process reconnects and finishes`, async () => {
  const type = uniqueId('aws:s3:restart');
  const { processId, run } = await deployUpload(scenario.c8, type);
  const worker = await scenario.startWorker({ CONNECTOR_S3_TYPE: type, CONNECTORS_ENABLED: 's3', WORKER_JOB_TIMEOUT_MS: String(JOB_TIMEOUT_MS), LOG_LEVEL: 'info' });
  const pid = worker.child.pid;

  const keys = await startInstances(scenario.c8, processId, run);
  await until('the worker to have completed 100 jobs', () => countLog(worker!.output, 'job completed') >= 100);
  const completedBefore = countLog(worker.output, 'job completed');
  const restartStarted = Date.now();
  await restartEngine();
  const engineBackAt = Date.now();

  // A fresh client: the test's own connection is not what is under test.
  await scenario.reconnect();
  const r = await reconcile(processId, run, keys, 240_000);
  record('engine-restart', {
    ...r, engineDownMs: engineBackAt - restartStarted, recoveryMs: Date.now() - engineBackAt, completedBeforeRestart: completedBefore,
    lateAcks: countLog(worker.output, LATE_ACK), jobTimeoutMs: JOB_TIMEOUT_MS,
  });

  expect(completedBefore).toBeLessThan(INSTANCES);
  expect(r).toMatchObject({ instances: INSTANCES, completed: INSTANCES, incidents: {}, lost: 0, objects: INSTANCES });
  // The same process did it all: it was never restarted.
  expect(worker.child.exitCode).toBeNull();
  expect(worker.child.pid).toBe(pid);
  expect(countLog(worker.output, 'worker started')).toBe(1);
});
