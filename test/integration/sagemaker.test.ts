/**
 * aws:sagemaker:1 and io.camunda:aws-sagemaker:1 end to end: the engine, the worker as its own process, the real
 * AWS SDK against the AI stand-in's SageMaker runtime (its deterministic model; asynchronous inputs and outputs
 * in the S3 emulator), including a worker killed while it waits for an asynchronous inference.
 */
import type { Camunda8 } from '@camunda8/sdk';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { aiStandIn, camunda, createBucket, oneTaskProcess, runTask, s3, shortenedJobTimeout, startInstance, uniqueId, waitFor, WorkerProcess, type ErrorCatch } from './harness';

const TYPE = uniqueId('aws:sagemaker:it');
const CAMUNDA_TYPE = uniqueId('io.camunda:aws-sagemaker:it');
const BUCKET = 'it-sagemaker';
const control = (method: string, route: string, body?: unknown) => aiStandIn().control(method, route, body);
/** The stand-in's model (test/fakes/aws-ai/README.md): 1 / (1 + e^-(sum(x_i / i) - 1)). */
const score = (xs: number[]) => Math.round((1 / (1 + Math.exp(-(xs.reduce((s, x, i) => s + x / (i + 1), 0) - 1)))) * 1e6) / 1e6;

interface Invocation { endpoint: string; kind: string; contentType: string; customAttributes?: string; targetModel?: string; targetVariant?: string; inferenceId?: string }
const invocations = async () => ((await control('GET', '/state')) as { sagemaker: { invocations: Invocation[] } }).sagemaker.invocations;

let worker: WorkerProcess;
let c8: Camunda8;
const workerEnv = () => ({
  CONNECTOR_SAGEMAKER_TYPE: TYPE,
  CAMUNDA_COMPATIBLE_TYPES: 'true',
  CONNECTOR_AWS_SAGEMAKER_TYPE: CAMUNDA_TYPE,
  AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME: aiStandIn().endpoint,
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_MAX_ATTEMPTS: '1',
  CONNECTORS_ENABLED: 'sagemaker',
});

beforeAll(async () => {
  await createBucket(BUCKET);
  const client = s3();
  await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'in/rows.csv', Body: '1,2,3\n0,0,0\n', ContentType: 'text/csv' }));
  await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'in/review.json', Body: JSON.stringify({ text: 'Great support, fast and helpful, thanks' }), ContentType: 'application/json' }));
  await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'in/broken.json', Body: JSON.stringify({ fail: 'weights not loaded' }), ContentType: 'application/json' }));
  client.destroy();
  worker = await WorkerProcess.start(workerEnv());
  c8 = camunda();
});

beforeEach(async () => {
  await control('POST', '/reset');
});

afterAll(async () => {
  await c8?.getZeebeGrpcApiClient().close();
  await worker?.stop();
});

const own = (inputs: Record<string, string>) => ({ type: TYPE, inputs, headers: { resultVariable: 'result' } });

test('InvokeEndpoint with a FEEL context: JSON in, the parsed answer, with target model and variant, custom attributes and inference ID', async () => {
  const vars = await runTask(c8, own({
    'action.endpointName': 'churn-classifier', 'action.body': '={instances: [[1, 2, 3], [0, 0, 0]]}',
    'action.targetModel': 'churn-v2.tar.gz', 'action.targetVariant': 'blue', 'action.customAttributes': 'tenant=acme', 'action.inferenceId': 'order-17',
  }));
  expect(vars.result).toEqual({
    body: { predictions: [{ score: score([1, 2, 3]), label: 1 }, { score: score([0, 0, 0]), label: 0 }], model: 'churn-v2.tar.gz' },
    contentType: 'application/json', customAttributes: 'tenant=acme', invokedProductionVariant: 'blue',
  });
  expect(await invocations()).toEqual([expect.objectContaining({ endpoint: 'churn-classifier', kind: 'sync', contentType: 'application/json', targetModel: 'churn-v2.tar.gz', targetVariant: 'blue', customAttributes: 'tenant=acme', inferenceId: 'order-17' })]);
});

test('our type sends a CSV body as given, and a CSV answer comes back as text', async () => {
  const vars = await runTask(c8, own({ 'action.endpointName': 'churn-classifier', 'action.body': '1,2,3\n0,0,0', 'action.contentType': 'text/csv', 'action.accept': 'text/csv' }));
  expect(vars.result).toMatchObject({ body: `${score([1, 2, 3])}\n${score([0, 0, 0])}\n`, contentType: 'text/csv' });
});

test('asynchronous inference with the input in S3: the task waits for the output object and returns it parsed', async () => {
  await control('POST', '/sagemaker/config', { asyncDelayMs: 1500 });
  const vars = await runTask(c8, own({ 'action.type': 'invokeEndpointAsync', 'action.endpointName': 'reviews', 'action.inputLocation': `s3://${BUCKET}/in/review.json`, 'action.pollInterval': '=300' }));
  const result = vars.result as { body: unknown; outputLocation: string; inferenceId: string };
  expect(result.body).toEqual({ label: 'POSITIVE', score: expect.any(Number) });
  expect(result.outputLocation).toMatch(new RegExp(`^s3://${BUCKET}/sagemaker-async/reviews/.+\\.out$`));
  // The task-local record of the inference ends with the task.
  expect(vars.sagemakerAsyncInference).toBeUndefined();
});

describe('errors caught by boundary events', () => {
  const catches: ErrorCatch[] = [
    { code: 'FAILED_DEPENDENCY', outputs: { caught: '="model error"', caughtMessage: '=errorMessage' } },
    { code: 'BAD_REQUEST', outputs: { caught: '="bad request"', caughtMessage: '=errorMessage' } },
  ];
  const run = async (inputs: Record<string, string>) => {
    const id = uniqueId('p');
    const zeebe = c8.getZeebeGrpcApiClient();
    await zeebe.deployResource({ process: Buffer.from(oneTaskProcess(id, own(inputs), catches)), name: `${id}.bpmn` });
    return (await zeebe.createProcessInstanceWithResult({ bpmnProcessId: id, variables: {}, requestTimeout: 60_000 })).variables as Record<string, unknown>;
  };

  test('the model fails (ModelError, HTTP 424): FAILED_DEPENDENCY', async () => {
    const vars = await run({ 'action.endpointName': 'churn-classifier', 'action.body': '={fail: "weights not loaded"}' });
    expect(vars).toMatchObject({ caught: 'model error', caughtMessage: expect.stringMatching(/ModelError.*weights not loaded/) });
  });

  test('an endpoint that does not exist (ValidationError): BAD_REQUEST', async () => {
    const vars = await run({ 'action.endpointName': 'no-such-endpoint', 'action.body': '={features: [1]}' });
    expect(vars).toMatchObject({ caught: 'bad request', caughtMessage: expect.stringMatching(/Endpoint no-such-endpoint .* not found/) });
  });

  test('an asynchronous inference that fails: the failure object\'s text, FAILED_DEPENDENCY', async () => {
    await control('POST', '/sagemaker/config', { asyncDelayMs: 200 });
    const vars = await run({ 'action.type': 'invokeEndpointAsync', 'action.endpointName': 'reviews', 'action.inputLocation': `s3://${BUCKET}/in/broken.json`, 'action.pollInterval': '=200' });
    expect(vars).toMatchObject({ caught: 'model error', caughtMessage: expect.stringMatching(/asynchronous inference .* failed: .*weights not loaded/) });
  });
});

test('a worker killed while it waits for an asynchronous inference: the next worker waits for the same inference, none other is started', async () => {
  await control('POST', '/sagemaker/config', { asyncDelayMs: 12_000 });
  const { processInstanceKey } = await startInstance(c8, own({ 'action.type': 'invokeEndpointAsync', 'action.endpointName': 'scores', 'action.inputLocation': `s3://${BUCKET}/in/rows.csv`, 'action.contentType': 'text/csv', 'action.pollInterval': '=500' }));
  const started = await waitFor('the inference to start', () => worker.output.split('\n')
    .find((l) => l.includes('SageMaker asynchronous inference started') && l.includes(`"processInstanceKey":"${processInstanceKey}"`)));
  const outputLocation = /"outputLocation":"([^"]+)"/.exec(started)![1];
  await shortenedJobTimeout(processInstanceKey);
  await worker.stop('SIGKILL');
  worker = await WorkerProcess.start(workerEnv());
  await waitFor('the new worker to resume and complete the job', () => worker.output.includes('job completed') ? true : undefined, 60_000);
  const resumed = worker.output.split('\n').find((l) => l.includes('SageMaker asynchronous inference resumed') && l.includes(`"processInstanceKey":"${processInstanceKey}"`));
  expect(resumed).toContain(`"outputLocation":"${outputLocation}"`);
  expect((await invocations()).filter((i) => i.kind === 'async')).toHaveLength(1);
}, 120_000);

describe('io.camunda:aws-sagemaker:1 (a model built with Camunda\'s template)', () => {
  const camundaTask = (inputs: Record<string, string>) => ({
    type: CAMUNDA_TYPE,
    inputs: { 'authentication.type': 'credentials', 'authentication.accessKey': 'test', 'authentication.secretKey': 'test', 'configuration.region': 'us-east-1', ...inputs },
    headers: { resultVariable: 'result' },
  });

  test('SYNC with a FEEL context and Camunda\'s defaults: {body, contentType, customAttributes, invokedProductionVariant}', async () => {
    const vars = await runTask(c8, camundaTask({ 'input.invocationType': 'SYNC', 'input.endpointName': 'churn-classifier', 'input.body': '={features: [2, 2]}', 'input.contentType': 'application/json', 'input.accept': 'application/json', 'input.enableExplanations': 'NOT_SET' }));
    expect(vars.result).toEqual({ body: { predictions: [{ score: score([2, 2]), label: 1 }] }, contentType: 'application/json', customAttributes: null, invokedProductionVariant: 'AllTraffic' });
  });

  test('SYNC with a CSV body: sent as given (Camunda\'s connector JSON-quotes it, which the model refuses)', async () => {
    const vars = await runTask(c8, camundaTask({ 'input.invocationType': 'SYNC', 'input.endpointName': 'churn-classifier', 'input.body': '1,1', 'input.contentType': 'text/csv', 'input.accept': 'application/json' }));
    expect((vars.result as { body: unknown }).body).toEqual({ predictions: [{ score: score([1, 1]), label: 1 }] });
  });

  test('ASYNC: the locations and the inference ID at once, as Camunda\'s connector answers (no wait)', async () => {
    const vars = await runTask(c8, camundaTask({ 'input.invocationType': 'ASYNC', 'input.endpointName': 'reviews', 'input.inputLocation': `s3://${BUCKET}/in/review.json`, 'input.inferenceId': 'inf-1', 'input.requestTTLSeconds': '600' }));
    expect(vars.result).toEqual({ outputLocation: expect.stringMatching(/\.out$/), failureLocation: expect.stringMatching(/-error\.out$/), inferenceId: 'inf-1' });
  });
});
