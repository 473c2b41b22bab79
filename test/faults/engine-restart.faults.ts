/**
 * The engine restarted mid-load on the same data folder (it keeps its state): the worker, never restarted,
 * reconnects by itself and finishes every instance. Commands the worker sent while the engine was down are
 * lost to it; those jobs time out (10 s here) and run again, which the duplicate count shows.
 */
import { restartEngine, stack, uniqueId } from '../integration/harness';
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
  // When the engine answers again, to the nearest 50 ms (the restart script itself checks once a second).
  let wentDown = false;
  let answeredAt: number | undefined;
  const watch = (async () => {
    while (answeredAt === undefined) {
      const ok = await fetch(`${stack().ZEEBE_REST_ADDRESS}/v2/topology`, { signal: AbortSignal.timeout(1000) }).then((r) => r.ok, () => false);
      if (!ok) wentDown = true;
      else if (wentDown) answeredAt = Date.now();
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  await restartEngine();
  const engineBackAt = Date.now();
  await watch;

  // A fresh client: the test's own connection is not what is under test.
  await scenario.reconnect();
  const r = await reconcile(processId, run, keys, 240_000);
  // Jobs flow again: the first job this worker completed after the engine answered, whose command reached it.
  const lateAcks = new Set(worker.output.split('\n').filter((l) => l.includes(`"msg":"${LATE_ACK}"`)).map((l) => /"jobKey":"(\d+)"/.exec(l)?.[1]));
  const firstCompletedAfter = worker.output.split('\n')
    .filter((l) => l.includes('"msg":"job completed"') && !lateAcks.has(/"jobKey":"(\d+)"/.exec(l)?.[1]))
    .map((l) => Date.parse((JSON.parse(l) as { time: string }).time))
    .find((t) => t >= answeredAt!);
  const jobsFlowAgainMs = firstCompletedAfter! - answeredAt!;
  record('engine-restart', {
    ...r, engineDownMs: engineBackAt - restartStarted, recoveryMs: Date.now() - engineBackAt, jobsFlowAgainMs, completedBeforeRestart: completedBefore,
    lateAcks: countLog(worker.output, LATE_ACK), jobTimeoutMs: JOB_TIMEOUT_MS,
  });

  expect(completedBefore).toBeLessThan(INSTANCES);
  // The worker's stream is opened again as soon as the engine answers (it used to wait for the SDK's back-off: 16.7 s).
  expect(firstCompletedAfter).toBeDefined();
  expect(jobsFlowAgainMs).toBeLessThan(2000);
  expect(r).toMatchObject({ instances: INSTANCES, completed: INSTANCES, incidents: {}, lost: 0, objects: INSTANCES });
  // The same process did it all: it was never restarted.
  expect(worker.child.exitCode).toBeNull();
  expect(worker.child.pid).toBe(pid);
  expect(countLog(worker.output, 'worker started')).toBe(1);
});
