import type { Camunda8 } from '@camunda8/sdk';
import { camunda, createBucket, incidentOf, runTask, searchElementInstances, searchIncidents, searchJobs, searchVariables, stack, startInstance, uniqueId, waitFor, WorkerProcess } from './harness';

const TYPE = uniqueId('aws:s3:errors');
const BUCKET = 'it-s3-errors';
const ACCESS_KEY = 'AKIA-not-so-secret-access';
const SECRET_KEY = 'wJalrXUtnFEMI-very-secret-value';
const SECRET_BUCKET = 'secret-bucket-name-7f3a9';
const auth = { 'authentication.accessKey': '{{secrets.AWS_KEY}}', 'authentication.secretKey': '{{secrets.AWS_SECRET}}' };

let worker: WorkerProcess;
let c8: Camunda8;

beforeAll(async () => {
  await createBucket(BUCKET);
  worker = await WorkerProcess.start({
    CONNECTOR_S3_TYPE: TYPE,
    SECRET_AWS_KEY: ACCESS_KEY,
    SECRET_AWS_SECRET: SECRET_KEY,
    SECRET_HIDDEN_BUCKET: SECRET_BUCKET,
    // One SDK attempt per job attempt, so that Zeebe's retries and backoff are what is tested.
    AWS_MAX_ATTEMPTS: '1',
  });
  c8 = camunda();
});

afterEach(async () => {
  await fetch(stack().FAULT_PROXY_CONTROL, { method: 'DELETE' });
});

afterAll(async () => {
  await c8?.getZeebeGrpcApiClient().close();
  await worker?.stop();
  // No secret value ever reached the worker's log.
  for (const value of [ACCESS_KEY, SECRET_KEY, SECRET_BUCKET]) expect(worker.output).not.toContain(value);
});

/** The instance's job once the search API shows it FAILED (its last state). */
const failedJob = (processInstanceKey: string) => waitFor('the failed job', async () => (await searchJobs({ processInstanceKey, state: 'FAILED' }))[0]);

const task = (inputs: Record<string, string>, headers: Record<string, string> = {}, retries = 3) => ({
  type: TYPE, retries, inputs: { ...auth, ...inputs }, headers: { resultVariable: 'result', ...headers },
});

test('a missing required input is a MISSING_INPUT BPMN error naming the property', async () => {
  const vars = await runTask(c8, task({ 'action.type': 'download', 'action.key': 'x' }));
  expect(vars.caughtCode).toBe('MISSING_INPUT');
  expect(vars.caughtMessage).toContain('action.bucket: is required');
});

test('an invalid value is an INVALID_INPUT BPMN error listing the allowed values', async () => {
  const vars = await runTask(c8, task({ 'action.type': 'explode', 'action.bucket': BUCKET }));
  expect(vars.caughtCode).toBe('INVALID_INPUT');
  expect(vars.caughtMessage).toContain('action.type: must be one of "upload", "download"');
});

test('every violation is listed in one message', async () => {
  const vars = await runTask(c8, task({ 'action.type': 'list', 'action.bucket': BUCKET, 'action.maxKeys': '=5000', 'action.delimiter': '=42' }));
  expect(vars.caughtCode).toBe('INVALID_INPUT');
  expect(vars.caughtMessage).toContain('action.maxKeys: must be <= 1000');
});

test('a broken resultExpression is an INVALID_INPUT error with the position of the fault', async () => {
  const vars = await runTask(c8, task({ 'action.type': 'list', 'action.bucket': BUCKET }, { resultExpression: '={count: keyCount +* 2}' }));
  expect(vars.caughtCode).toBe('INVALID_INPUT');
  expect(vars.caughtMessage).toMatch(/resultExpression is not valid FEEL at position \d+/);
});

test('a bucket that does not exist is NOT_FOUND', async () => {
  const vars = await runTask(c8, task({ 'action.type': 'download', 'action.bucket': 'no-such-bucket-here', 'action.key': 'k' }));
  expect(vars.caughtCode).toBe('NOT_FOUND');
  expect(vars.caughtMessage).toContain('NoSuchBucket');
});

test('an unknown secret is an INVALID_INPUT error', async () => {
  const vars = await runTask(c8, task({ 'action.type': 'list', 'action.bucket': '{{secrets.NOT_THERE}}' }));
  expect(vars.caughtCode).toBe('INVALID_INPUT');
  expect(vars.caughtMessage).toContain("Secret with name 'NOT_THERE' is not available");
});

test('a secret value is masked in error messages and variables', async () => {
  const vars = await runTask(c8, task({ 'action.type': 'download', 'action.bucket': '{{secrets.HIDDEN_BUCKET}}', 'action.key': 'k' }));
  expect(vars.caughtCode).toBe('NOT_FOUND');
  expect(vars.caughtMessage).toContain('s3://***/k');
  expect(JSON.stringify(vars)).not.toContain(SECRET_BUCKET);
});

test('throttling is retried with the backoff, then succeeds', async () => {
  await fetch(stack().FAULT_PROXY_CONTROL, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ count: 2, status: 503, code: 'SlowDown', match: `GET /${BUCKET}` }),
  });
  const started = Date.now();
  const vars = await runTask(c8, task({ 'action.type': 'list', 'action.bucket': BUCKET }, { retryBackoff: 'PT1S' }));
  expect(vars.caughtCode).toBeUndefined();
  expect(vars.result).toMatchObject({ bucket: BUCKET });
  // two failed attempts, each followed by a one-second backoff
  expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
  const faults = (await (await fetch(stack().FAULT_PROXY_CONTROL)).json()) as { counters: { failed: number } };
  expect(faults.counters.failed).toBe(2);
});

test('throttling on the last retry becomes a THROTTLING_ERROR BPMN error', async () => {
  await fetch(stack().FAULT_PROXY_CONTROL, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ count: 10, status: 503, code: 'SlowDown', match: `GET /${BUCKET}` }),
  });
  const vars = await runTask(c8, task({ 'action.type': 'list', 'action.bucket': BUCKET }, { retryBackoff: 'PT0.2S' }, 2));
  expect(vars.caughtCode).toBe('THROTTLING_ERROR');
  expect(vars.caughtMessage).toContain('SlowDown');
});

test('resultExpression maps the result fields and response', async () => {
  const vars = await runTask(c8, task({ 'action.type': 'list', 'action.bucket': BUCKET }, { resultVariable: '', resultExpression: '={theBucket: bucket, sameBucket: response.bucket}' }));
  expect(vars).toMatchObject({ theBucket: BUCKET, sameBucket: BUCKET });
  expect(vars.result).toBeUndefined();
});

test('errorExpression bpmnError turns a success into a BPMN error with variables', async () => {
  const vars = await runTask(c8, task({ 'action.type': 'list', 'action.bucket': BUCKET }, {
    errorExpression: '=if result.bucket = "' + BUCKET + '" then bpmnError("LISTED", "listed " + result.bucket, {seen: true}) else null',
  }));
  // the error path was taken: the boundary caught the error with its code and message
  expect(vars.caughtCode).toBe('LISTED');
  expect(vars.caughtMessage).toBe(`listed ${BUCKET}`);
  const thrown = await waitFor('the thrown error', async () => (await searchJobs({ type: TYPE, errorCode: 'LISTED' }))[0]);
  expect(thrown).toMatchObject({ state: 'ERROR_THROWN', errorCode: 'LISTED', errorMessage: `listed ${BUCKET}` });
  // The error's variables ({seen: true}) were set where the error was caught.
  const seen = await waitFor('the error variable seen', async () => (await searchVariables({ processInstanceKey: thrown.processInstanceKey, name: 'seen' }))[0]);
  expect(JSON.parse(seen.value)).toBe(true);
});

test('errorExpression ignoreError completes a failed job with the given variables', async () => {
  const vars = await runTask(c8, task({ 'action.type': 'head', 'action.bucket': BUCKET, 'action.key': 'missing' }, {
    errorExpression: '=if error.code = "NOT_FOUND" then ignoreError({exists: false, why: error.code}) else null',
  }));
  expect(vars).toMatchObject({ exists: false, why: 'NOT_FOUND' });
  expect(vars.caughtCode).toBeUndefined();
});

test('errorExpression jobError fails the job with the given retries, message and backoff', async () => {
  const { processInstanceKey } = await startInstance(c8, task({ 'action.type': 'head', 'action.bucket': BUCKET, 'action.key': 'missing' }, {
    errorExpression: '=if error.code = "NOT_FOUND" then jobError("object missing: " + error.code, {}, 0, duration("PT0S")) else null',
  }));
  const incident = await incidentOf(processInstanceKey);
  expect(incident).toMatchObject({ errorType: 'JOB_NO_RETRIES', errorMessage: 'object missing: NOT_FOUND' });
  expect(await failedJob(processInstanceKey)).toMatchObject({ retries: 0, errorMessage: 'object missing: NOT_FOUND' });
});

test('an invalid retryBackoff header makes an incident at once', async () => {
  const { processInstanceKey } = await startInstance(c8, task({ 'action.type': 'list', 'action.bucket': BUCKET }, { retryBackoff: 'five minutes' }));
  const incident = await incidentOf(processInstanceKey);
  expect(incident.errorType).toBe('JOB_NO_RETRIES');
  expect(incident.errorMessage).toContain('retryBackoff: expected an ISO-8601 duration');
  // at once: the job's first failure already took it to 0 retries
  expect(await failedJob(processInstanceKey)).toMatchObject({ retries: 0 });
  expect(worker.logLines('job failed', processInstanceKey).map((l) => /"retries":(\d+)/.exec(l)?.[1])).toEqual(['0']);
});

test('secrets never reach incident messages', async () => {
  const { processInstanceKey } = await startInstance(c8, task({ 'action.type': 'head', 'action.bucket': '{{secrets.HIDDEN_BUCKET}}', 'action.key': 'k' }, {
    errorExpression: '=jobError("failed for " + error.message, {}, 0)',
  }));
  const incident = await incidentOf(processInstanceKey);
  expect(incident.errorMessage).toContain('***');
  // Nothing the engine keeps about the instance (incidents, the failed job's message, variables, elements) has it.
  expect((await failedJob(processInstanceKey)).errorMessage).toBe(incident.errorMessage);
  const kept = await Promise.all([searchIncidents, searchJobs, searchVariables, searchElementInstances].map((find) => find({ processInstanceKey })));
  expect(JSON.stringify(kept)).not.toContain(SECRET_BUCKET);
});
