import type { Camunda8 } from '@camunda8/sdk';
import { camunda, runTask, stack, uniqueId, WorkerProcess } from './harness';
import { deployFunctions, type FunctionName } from './lambda-functions';
import { expectResult } from './result-check';

const TYPE = uniqueId('aws:lambda:it');
const CAMUNDA_TYPE = uniqueId('io.camunda:aws-lambda:it');

let worker: WorkerProcess;
let c8: Camunda8;
let fn: Record<FunctionName, string>;

beforeAll(async () => {
  fn = await deployFunctions(uniqueId('fn').replace(/_/g, '-'));
  worker = await WorkerProcess.start({
    CONNECTOR_LAMBDA_TYPE: TYPE,
    CAMUNDA_COMPATIBLE_TYPES: 'true',
    CONNECTOR_AWS_LAMBDA_TYPE: CAMUNDA_TYPE,
    // Through the fault proxy, so that throttling can be injected; credentials from seed 000's variables.
    AWS_ENDPOINT_URL_LAMBDA: stack().S3_ENDPOINT,
    AWS_LAMBDA_AWS_ACCESS_KEY: 'test',
    AWS_LAMBDA_AWS_SECRET_KEY: 'test',
    AWS_LAMBDA_AWS_REGION: 'us-east-1',
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
});

const invoke = (inputs: Record<string, string>, headers: Record<string, string> = {}, retries = 3) => ({
  type: TYPE, retries, inputs, headers: { resultExpression: '={lambda: response}', ...headers },
});
type Answer = { lambda: Record<string, unknown> };

test('RequestResponse: payload from FEEL, every output field, deployment credentials from AWS_LAMBDA_AWS_*', async () => {
  const vars = (await runTask(c8, invoke({ functionName: fn.echo, payload: '={orderId: orderId, items: [1, 2]}' }), { orderId: 42 })) as Answer;
  expect(vars.lambda).toEqual({
    lambdaPayload: { echo: { orderId: 42, items: [1, 2] } },
    lambdaStatus: 200,
    lambdaLog: expect.stringContaining('echo log line {"orderId":42,"items":[1,2]}'),
    lambdaError: null,
    executedVersion: '$LATEST',
  });
  expectResult('lambda', 'own', 'invoke', vars.lambda);
});

test('lambdaLog is the decoded log tail by default (seed 004); logTail false leaves it out', async () => {
  const vars = (await runTask(c8, invoke({ functionName: fn.echo, payload: '={a: 1}' }))) as Answer;
  expect(vars.lambda.lambdaLog).toContain('echo log line {"a":1}');
  const without = (await runTask(c8, invoke({ functionName: fn.echo, payload: '={a: 1}', logTail: '=false' }))) as Answer;
  expect(without.lambda.lambdaLog).toBeNull();
});

test('a string payload that is not JSON is sent as a JSON string; a text answer comes back as text', async () => {
  const echoed = (await runTask(c8, invoke({ functionName: fn.echo, payload: 'hello there' }))) as Answer;
  expect(echoed.lambda.lambdaPayload).toEqual({ echo: 'hello there' });
  const text = (await runTask(c8, invoke({ functionName: fn.text }))) as Answer;
  expect(text.lambda.lambdaPayload).toBe('plain text answer');
});

test('Event and DryRun invocation types', async () => {
  const event = (await runTask(c8, invoke({ functionName: fn.echo, payload: '={a: 1}', invocationType: 'Event' }))) as Answer;
  expect(event.lambda).toMatchObject({ lambdaStatus: 202, lambdaPayload: null, lambdaError: null });
  expectResult('lambda', 'own', 'invoke', event.lambda);
  const dry = (await runTask(c8, invoke({ functionName: fn.echo, invocationType: 'DryRun' }))) as Answer;
  expect(dry.lambda).toMatchObject({ lambdaStatus: 204, lambdaPayload: null });
});

test('a qualifier (alias) runs the published version', async () => {
  const vars = (await runTask(c8, invoke({ functionName: fn.echo, qualifier: 'live', payload: '={v: 1}' }))) as Answer;
  expect(vars.lambda).toMatchObject({ executedVersion: '1', lambdaPayload: { echo: { v: 1 } } });
});

test('by default (seed 004) a function error completes the task with lambdaError and the log', async () => {
  const completed = (await runTask(c8, invoke({ functionName: fn.fails }))) as Answer & { caughtCode?: string };
  expect(completed.caughtCode).toBeUndefined();
  expect(completed.lambda.lambdaError).toMatchObject({ type: 'Runtime.HandlerError', message: 'the order is not valid', functionError: 'Unhandled' });
  expect(completed.lambda.lambdaStatus).toBe(200);
  expect(typeof completed.lambda.lambdaLog).toBe('string');
  expectResult('lambda', 'own', 'invoke', completed.lambda);
});

test('onFunctionError bpmnError: a BPMN error whose code is the function\'s error type (or functionErrorCode), caught by the boundary event', async () => {
  const vars = await runTask(c8, invoke({ functionName: fn.fails, onFunctionError: 'bpmnError' }));
  expect(vars.caughtCode).toBe('Runtime.HandlerError');
  expect(vars.caughtMessage).toContain('the order is not valid');
  const coded = await runTask(c8, invoke({ functionName: fn.fails, onFunctionError: 'bpmnError', functionErrorCode: 'ORDER_INVALID' }));
  expect(coded.caughtCode).toBe('ORDER_INVALID');
});

test('a function that times out is a BPMN error with its timeout type (onFunctionError bpmnError)', async () => {
  const vars = await runTask(c8, invoke({ functionName: fn.slow, onFunctionError: 'bpmnError' }));
  expect(vars.caughtCode).toBe('Sandbox.Timedout');
  expect(vars.caughtMessage).toContain('timed out');
});

test("the seeds' `function` variable names the function too (models migrated from Alfresco)", async () => {
  const vars = (await runTask(c8, invoke({ payload: '={m: 1}' }), { function: fn.echo })) as Answer;
  expect(vars.lambda.lambdaPayload).toEqual({ echo: { m: 1 } });
});

test('a missing function is NOT_FOUND', async () => {
  const vars = await runTask(c8, invoke({ functionName: 'no-such-function-anywhere' }));
  expect(vars.caughtCode).toBe('NOT_FOUND');
  expect(vars.caughtMessage).toContain('ResourceNotFoundException');
});

test('an Event payload over 1 MB is refused before calling: REQUEST_TOO_LARGE', async () => {
  const vars = await runTask(c8, invoke({ functionName: fn.echo, invocationType: 'Event', payload: '={data: big}' }), { big: 'x'.repeat(1024 * 1024 + 1) });
  expect(vars.caughtCode).toBe('REQUEST_TOO_LARGE');
  expect(vars.caughtMessage).toContain("payload: 1048588 bytes is over Lambda's 1048576-byte limit for Event invocations");
});

test('TooManyRequestsException is retried with the backoff, then succeeds', async () => {
  await fetch(stack().FAULT_PROXY_CONTROL, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ count: 2, status: 429, code: 'TooManyRequestsException', match: `/functions/${fn.echo}/invocations` }),
  });
  const vars = (await runTask(c8, invoke({ functionName: fn.echo, payload: '={n: 1}' }, { retryBackoff: 'PT0.5S' }))) as Answer;
  expect(vars.lambda.lambdaPayload).toEqual({ echo: { n: 1 } });
  const faults = (await (await fetch(stack().FAULT_PROXY_CONTROL)).json()) as { counters: { failed: number } };
  expect(faults.counters.failed).toBe(2);
});

test('throttled on every retry: TOO_MANY_REQUEST as a BPMN error', async () => {
  await fetch(stack().FAULT_PROXY_CONTROL, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ count: 10, status: 429, code: 'TooManyRequestsException', match: `/functions/${fn.echo}/invocations` }),
  });
  const vars = await runTask(c8, invoke({ functionName: fn.echo }, { retryBackoff: 'PT0.2S' }, 2));
  expect(vars.caughtCode).toBe('TOO_MANY_REQUEST');
});

describe('io.camunda:aws-lambda:1', () => {
  const official = (inputs: Record<string, string>) => ({ type: CAMUNDA_TYPE, inputs, headers: { resultVariable: 'result' } });

  test('official bindings without authentication.type, JSON text payload, official answer shape', async () => {
    const vars = await runTask(c8, official({
      'authentication.accessKey': 'test', 'authentication.secretKey': 'test', 'configuration.region': 'us-east-1',
      'awsFunction.operationType': 'sync', 'awsFunction.functionName': fn.echo, 'awsFunction.payload': '{"invoice": 7}',
    }));
    expect(vars.result).toEqual({ statusCode: 200, executedVersion: '$LATEST', payload: { echo: { invoice: 7 } } });
    expectResult('lambda', 'camunda', 'invoke', vars.result);
  });

  test('only the template inputs are fetched: a payload starting with = is FEEL over them, as the official @FEEL field', async () => {
    const vars = await runTask(c8, {
      type: CAMUNDA_TYPE,
      inputs: {
        'authentication.accessKey': 'test', 'authentication.secretKey': 'test', 'configuration.region': 'us-east-1', 'awsFunction.functionName': fn.echo,
        // Zeebe evaluates this mapping to a text starting with "=", which the connector evaluates again, over
        // the job's fetched variables: its inputs, not the process variable `amount`.
        'awsFunction.payload': '="={region: configuration.region, amount: amount}"',
      },
      headers: { resultVariable: 'result' },
    }, { amount: 21 });
    expect((vars.result as { payload: unknown }).payload).toEqual({ echo: { region: 'us-east-1', amount: null } });
    // A process variable reaches the payload through the mapping, which Zeebe evaluates over every variable.
    const mapped = await runTask(c8, official({
      'authentication.accessKey': 'test', 'authentication.secretKey': 'test', 'configuration.region': 'us-east-1', 'awsFunction.functionName': fn.echo,
      'awsFunction.payload': '={total: amount * 2}',
    }), { amount: 21 });
    expect((mapped.result as { payload: unknown }).payload).toEqual({ echo: { total: 42 } });
  });

  test('a function error completes the job, as the official connector does', async () => {
    const vars = await runTask(c8, official({
      'authentication.accessKey': 'test', 'authentication.secretKey': 'test', 'configuration.region': 'us-east-1', 'awsFunction.functionName': fn.fails,
    }));
    expect(vars.result).toMatchObject({ statusCode: 200, payload: { errorType: 'Runtime.HandlerError', errorMessage: 'the order is not valid' } });
    expect(vars.caughtCode).toBeUndefined();
  });
});
