/**
 * Our own task types are activated with the variables they read only (worker/connectors/fetched-variables.ts).
 * Each process also holds unrelated variables that the worker would notice if it received them: with
 * SECRETS_PLACEHOLDER_SOURCE=variables, a placeholder of a secret the worker does not have fails the job
 * (INVALID_INPUT, caught by the boundary event); and a 5 MiB variable makes a job over gRPC's 4 MiB message
 * limit, which never reaches a gRPC worker (the instance would not complete). Result and error expressions see the
 * response and the error only, as Camunda documents: a process variable they name is null there.
 */
import type { Camunda8 } from '@camunda8/sdk';
import { camunda, createBucket, stack, uniqueId, WorkerProcess, oneTaskProcess, type TaskSpec } from './harness';
import { deployFunctions, type FunctionName } from './lambda-functions';

const BUCKET = uniqueId('fetch').toLowerCase().replace(/_/g, '-');
/** Over gRPC's default 4 MiB message limit, which both the engine's pushes and the worker's client keep. */
const BULK = 'x'.repeat(5 * 1024 * 1024);
/** A placeholder of a secret the worker does not have: fetched, it would fail the job (SECRETS_PLACEHOLDER_SOURCE=variables). */
const UNRELATED = { apiPassword: '{{secrets.UNRELATED_NOT_GIVEN_TO_THE_WORKER}}', orderId: 7 };
/** A process variable named in the expressions: null there, as the docs say (they see the response and the error only). */
const EXPRESSION_PROBE = {
  errorExpression: '=if bulk = null and apiPassword = null then null else bpmnError("SAW_PROCESS_VARIABLES", "a process variable was visible")',
};

let c8: Camunda8;
let fn: Record<FunctionName, string>;

beforeAll(async () => {
  await createBucket(BUCKET);
  fn = await deployFunctions(uniqueId('fetch').replace(/_/g, '-'));
  c8 = camunda();
}, 120_000);

afterAll(async () => {
  await c8?.getZeebeGrpcApiClient().close();
});

/** Deploys a one-task process and runs it with the unrelated variables (over REST: gRPC refuses 5 MiB); answers `keep`. */
async function run(task: TaskSpec, variables: Record<string, unknown>, keep: string[]): Promise<Record<string, unknown>> {
  const id = uniqueId('fetch');
  await c8.getZeebeGrpcApiClient().deployResource({ process: Buffer.from(oneTaskProcess(id, task)), name: `${id}.bpmn` });
  const result = await c8.getCamundaRestClient().createProcessInstanceWithResult({
    processDefinitionId: id, variables: { ...UNRELATED, ...variables }, fetchVariables: [...keep, 'caughtCode', 'caughtMessage'], requestTimeout: 20_000,
  });
  return result.variables as Record<string, unknown>;
}

// Each of the worker's three ways of activating jobs passes the list to Zeebe its own way.
describe.each(['grpc-stream', 'grpc-poll', 'rest'])('WORKER_MODE=%s', (mode) => {
  const TYPES = { s3: uniqueId(`aws:s3:fetch:${mode}`), lambda: uniqueId(`aws:lambda:fetch:${mode}`) };
  let worker: WorkerProcess;

  beforeAll(async () => {
    worker = await WorkerProcess.start({
      WORKER_MODE: mode,
      CONNECTOR_S3_TYPE: TYPES.s3,
      CONNECTOR_LAMBDA_TYPE: TYPES.lambda,
      SECRETS_PLACEHOLDER_SOURCE: 'variables',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_ENDPOINT_URL_LAMBDA: stack().AWS_ENDPOINT_URL_S3_EMULATOR,
    });
  });

  afterAll(async () => {
    await worker?.stop();
  });

  test('S3: the task completes beside a 5 MiB variable and an unknown secret placeholder; the expressions see neither', async () => {
    const vars = await run({
      type: TYPES.s3,
      inputs: { 'action.type': 'list', 'action.bucket': BUCKET },
      headers: { resultExpression: '={objectCount: count(objects), bulkSeen: bulk, passwordSeen: apiPassword}', ...EXPRESSION_PROBE },
    }, { bulk: BULK }, ['objectCount', 'bulkSeen', 'passwordSeen']);
    expect(vars).toEqual({ objectCount: 0, bulkSeen: null, passwordSeen: null });
  });

  test('Lambda: a payload mapped with FEEL over process variables reaches the function; the unrelated placeholder never reaches the worker', async () => {
    const vars = await run({
      type: TYPES.lambda,
      inputs: { functionName: fn.echo, payload: '={orderId: orderId}' },
      headers: { resultExpression: '={echoed: lambdaPayload.echo, orderIdSeen: orderId}', ...EXPRESSION_PROBE },
    }, {}, ['echoed', 'orderIdSeen']);
    expect(vars).toEqual({ echoed: { orderId: 7 }, orderIdSeen: null });
  });

  test('Lambda, seed-shaped: `function` and `payload` read from process variables of those names (no input mapping)', async () => {
    const vars = await run({ type: TYPES.lambda, headers: { resultExpression: '={echoed: lambdaPayload.echo}' } }, { function: fn.echo, payload: { seed: 4 } }, ['echoed']);
    expect(vars).toEqual({ echoed: { seed: 4 } });
  });
});
