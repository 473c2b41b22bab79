import pino from 'pino';
import { ConnectorError } from '../../worker/runtime/errors';
import { removeWhenFinished } from '../../worker/connectors/textract/staged-cleanup';

const log = pino({ level: 'silent' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('asks until Textract reports the job finished, then removes the staged object once', async () => {
  const answers = ['IN_PROGRESS', 'IN_PROGRESS', 'SUCCEEDED'];
  const asked: string[] = [];
  const remove = jest.fn(async () => undefined);
  removeWhenFinished({ jobId: 'j', status: async () => { const s = answers.shift() ?? 'SUCCEEDED'; asked.push(s); return s; }, remove, log, firstIntervalMs: 5, maxIntervalMs: 10 });
  await sleep(200);
  expect(asked).toEqual(['IN_PROGRESS', 'IN_PROGRESS', 'SUCCEEDED']);
  expect(remove).toHaveBeenCalledTimes(1);
});

test.each(['FAILED', 'PARTIAL_SUCCESS'])('a %s job no longer reads the document: removed', async (status) => {
  const remove = jest.fn(async () => undefined);
  removeWhenFinished({ jobId: 'j', status: async () => status, remove, log, firstIntervalMs: 5 });
  await sleep(100);
  expect(remove).toHaveBeenCalledTimes(1);
});

test('a transient error is asked again; an invalid job ID ends the watch without removing', async () => {
  const errors = [new ConnectorError('THROTTLING_ERROR', 'slow down', { type: 'ThrottlingException' })];
  const remove = jest.fn(async () => undefined);
  removeWhenFinished({ jobId: 'j', status: async () => { const e = errors.shift(); if (e) throw e; return 'SUCCEEDED'; }, remove, log, firstIntervalMs: 5 });
  await sleep(100);
  expect(remove).toHaveBeenCalledTimes(1);

  let calls = 0;
  const kept = jest.fn(async () => undefined);
  removeWhenFinished({ jobId: 'j', status: async () => { calls++; throw new ConnectorError('BAD_REQUEST', 'no such job', { type: 'InvalidJobIdException' }); }, remove: kept, log, firstIntervalMs: 5 });
  await sleep(100);
  expect([calls, kept.mock.calls.length]).toEqual([1, 0]);
});

test('the watch gives up after its bound and stop() ends it early', async () => {
  let calls = 0;
  const remove = jest.fn(async () => undefined);
  removeWhenFinished({ jobId: 'j', status: async () => { calls++; return 'IN_PROGRESS'; }, remove, log, firstIntervalMs: 10, maxIntervalMs: 10, giveUpAfterMs: 55 });
  await sleep(300);
  // Without the bound it would ask about 30 times in 300 ms; a loaded machine may delay the timers, so at least 1.
  expect(calls).toBeGreaterThanOrEqual(1);
  expect(calls).toBeLessThanOrEqual(5);
  const stopped = removeWhenFinished({ jobId: 'k', status: async () => 'SUCCEEDED', remove, log, firstIntervalMs: 20 });
  stopped.stop();
  await sleep(60);
  expect(remove).not.toHaveBeenCalled();
});

test('a failed removal is logged, not thrown: the watch runs on a timer outside any job', async () => {
  const rejections: unknown[] = [];
  const onRejection = (e: unknown) => rejections.push(e);
  process.on('unhandledRejection', onRejection);
  try {
    const warned: unknown[] = [];
    const spyLog = pino({ level: 'warn' }, { write: (line: string) => { warned.push(JSON.parse(line)); } });
    removeWhenFinished({ jobId: 'j', status: async () => 'SUCCEEDED', remove: async () => { throw new Error('AccessDenied'); }, log: spyLog, firstIntervalMs: 5 });
    await sleep(100);
    expect(rejections).toEqual([]);
    expect(warned).toEqual([expect.objectContaining({ textractJobId: 'j', msg: expect.stringContaining('not removed') })]);
  } finally {
    process.off('unhandledRejection', onRejection);
  }
});
