import type { Camunda8 } from '@camunda8/sdk';
import { camunda, createBucket, runTask, uniqueId, waitFor, WorkerProcess } from './harness';

const BUCKET = 'it-processes';
let c8: Camunda8;

beforeAll(async () => {
  await createBucket(BUCKET);
  c8 = camunda();
});

afterAll(async () => {
  await c8?.getZeebeGrpcApiClient().close();
});

type Health = { status: string; processes: { pid: number | null; status: string }[] };
const upload = (type: string, n: number) => ({
  type, headers: { resultVariable: 'result' },
  inputs: {
    'authentication.accessKey': 'test', 'authentication.secretKey': 'test', 'action.type': 'upload', 'action.bucket': BUCKET, 'action.key': `processes/${n}.txt`,
    'action.document': `={"camunda.document.type": "inline", "content": "job ${n}", "name": "o.txt"}`,
  },
});
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

test('WORKER_PROCESSES=2: two worker processes under the supervisor, health for both, a crashed one started again, SIGTERM forwarded', async () => {
  const type = uniqueId('aws:s3:processes');
  const worker = await WorkerProcess.start({ CONNECTOR_S3_TYPE: type, CONNECTORS_ENABLED: 's3', WORKER_PROCESSES: '2', LOG_LEVEL: 'info' });
  try {
    const ready = (await (await worker.get('/ready')).json()) as Health;
    expect(ready.status).toBe('UP');
    expect(ready.processes).toHaveLength(2);
    const pids = ready.processes.map((p) => p.pid!);
    expect(new Set([...pids, worker.child.pid]).size).toBe(3);

    const results = await Promise.all(Array.from({ length: 20 }, (_, n) => runTask(c8, upload(type, n))));
    expect(results.every((r) => (r.result as { key?: string })?.key !== undefined)).toBe(true);
    // /metrics is the sum over both processes.
    const metrics = await (await worker.get('/metrics')).text();
    const completed = [...metrics.matchAll(/^connector_jobs_total\{[^}]*outcome="complete"[^}]*\} (\d+)/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
    expect(completed).toBe(20);

    // A worker process that dies is started again, and the jobs go on.
    process.kill(pids[0], 'SIGKILL');
    await waitFor('a new worker process', async () => {
      const h = (await (await worker.get('/health')).json()) as Health;
      return h.status === 'UP' && !h.processes.some((p) => p.pid === pids[0]) ? h : undefined;
    }, 60_000);
    const again = await runTask(c8, upload(type, 100));
    expect((again.result as { key: string }).key).toBe('processes/100.txt');
    const now = ((await (await worker.get('/health')).json()) as Health).processes.map((p) => p.pid!);

    // SIGTERM reaches both, each drains and exits 0, and so does the supervisor.
    expect(await worker.stop('SIGTERM')).toBe(0);
    expect(now.filter(alive)).toEqual([]);
    expect(worker.output).toMatch(/worker process ended; starting it again/);
  } finally {
    if (worker.child.exitCode === null) await worker.stop('SIGKILL');
  }
});

test('WORKER_PROCESSES is checked: a bad value is a configuration error (exit 2), before any process starts', async () => {
  await expect(WorkerProcess.start({ WORKER_PROCESSES: 'many' })).rejects.toThrow(/exited with 2[\s\S]*WORKER_PROCESSES must be auto or a whole number from 1 to 64/);
});
