import { Camunda8 } from '@camunda8/sdk';
import { createBucket, oneTaskProcess, stack, uniqueId, waitFor, WorkerProcess } from './harness';

/**
 * Deploy and Run from Camunda Desktop Modeler, against the local engine, with the settings `npm run local` prints:
 * "Camunda 8 Self-Managed", cluster endpoint http://localhost:<gRPC port>, authentication None. These are the calls
 * Desktop Modeler (5.x, app/lib/zeebe-api) makes through @camunda8/sdk for such an endpoint:
 * - an http:// URL is first tried as the REST API (`getTopology`, CAMUNDA_OAUTH_DISABLED), which must fail on the
 *   gRPC port, so that it falls back to gRPC (ZEEBE_GRPC_ADDRESS grpc://..., the SDK's retries off);
 * - gRPC: `topology` (the connection check), `deployResource({ name: '<file>.bpmn', process })`,
 *   `createProcessInstance({ bpmnProcessId, variables, startInstructions, tenantId })`;
 * - an endpoint given as the REST API (http://localhost:<REST port>): `getTopology`, `deployResources([{ content,
 *   name }], tenantId)`, `createProcessInstance({ processDefinitionId, variables, ... })`, and the searches its
 *   instance view makes (process instances, element instances, variables, incidents by processInstanceKey).
 */
const BUCKET = 'it-desktop-modeler';
let worker: WorkerProcess;
const clients: Camunda8[] = [];

function modelerClient(config: Record<string, unknown>): Camunda8 {
  const c8 = new Camunda8({ ...config, CAMUNDA_OAUTH_DISABLED: true } as ConstructorParameters<typeof Camunda8>[0]);
  clients.push(c8);
  return c8;
}

const port = (address: string) => new URL(address.replace(/^grpc/, 'http')).port;

beforeAll(async () => {
  await createBucket(BUCKET);
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.closeAllClients?.()));
  await worker?.stop();
});

function listModel(type: string): { id: string; xml: Buffer } {
  const id = uniqueId('modeler');
  const xml = oneTaskProcess(id, {
    type, inputs: { 'authentication.accessKey': 'test', 'authentication.secretKey': 'test', 'action.type': 'list', 'action.bucket': '=bucket' },
    headers: { resultVariable: 'result' },
  }, false);
  return { id, xml: Buffer.from(xml) };
}

test('Self-Managed, http://localhost:<gRPC port>, no authentication: the REST probe fails, Deploy and Run go over gRPC, the worker runs the task', async () => {
  const type = uniqueId('aws:s3:modeler');
  worker = await WorkerProcess.start({ CONNECTOR_S3_TYPE: type, CONNECTORS_ENABLED: 's3' });
  const url = `http://localhost:${port(stack().ZEEBE_GRPC_ADDRESS)}`;

  // Desktop Modeler tries the URL as the REST API first; the gRPC port must not answer as one.
  await expect(modelerClient({ ZEEBE_REST_ADDRESS: url }).getCamundaRestClient().getTopology()).rejects.toThrow();

  const zeebe = modelerClient({ ZEEBE_GRPC_ADDRESS: url.replace(/^http/, 'grpc'), zeebeGrpcSettings: { ZEEBE_GRPC_CLIENT_RETRY: false } }).getZeebeGrpcApiClient();
  const topology = await zeebe.topology();
  expect(topology.brokers.length).toBeGreaterThan(0);
  expect(topology.gatewayVersion).toMatch(/^\d+\.\d+/);

  const { id, xml } = listModel(type);
  const deployed = await zeebe.deployResource({ name: `${id}.bpmn`, process: xml });
  expect(deployed.deployments[0]).toMatchObject({ process: { bpmnProcessId: id, version: 1 } });

  const started = await zeebe.createProcessInstance({ bpmnProcessId: id, variables: { bucket: BUCKET }, startInstructions: undefined, tenantId: undefined } as never);
  expect(started.processInstanceKey).toMatch(/^\d+$/);
  await completedWithResult(started.processInstanceKey);
});

test('the REST API as the endpoint (http://localhost:<REST port>): Deploy, Run and the instance view', async () => {
  const type = uniqueId('aws:s3:modeler-rest');
  const w = await WorkerProcess.start({ CONNECTOR_S3_TYPE: type, CONNECTORS_ENABLED: 's3' });
  try {
    const rest = modelerClient({ ZEEBE_REST_ADDRESS: `http://localhost:${port(stack().ZEEBE_REST_ADDRESS)}` }).getCamundaRestClient();
    expect((await rest.getTopology()).brokers.length).toBeGreaterThan(0);

    const { id, xml } = listModel(type);
    const deployed = await rest.deployResources([{ content: xml.toString(), name: `${id}.bpmn` }], undefined);
    expect((deployed.deployments[0] as { processDefinition?: unknown }).processDefinition).toMatchObject({ processDefinitionId: id, processDefinitionVersion: 1 });

    const started = await rest.createProcessInstance({ processDefinitionId: id, variables: { bucket: BUCKET } } as never);
    const key = String(started.processInstanceKey);
    await completedWithResult(key);

    // What Desktop Modeler's instance view asks for.
    const filter = { filter: { processInstanceKey: key } };
    await waitFor('the instance to be found completed', async () =>
      ((await rest.searchProcessInstances(filter as never)).items[0] as { state?: string } | undefined)?.state === 'COMPLETED' ? true : undefined);
    const elements = await rest.searchElementInstances(filter as never);
    expect(elements.items.map((e) => (e as { elementId: string }).elementId)).toEqual(expect.arrayContaining(['start', 'task', 'end']));
    const variables = await rest.searchVariables(filter as never);
    expect(variables.items.map((v) => (v as { name: string }).name)).toEqual(expect.arrayContaining(['bucket', 'result']));
    expect((await rest.searchIncidents(filter as never)).items).toEqual([]);
  } finally {
    await w.stop();
  }
});

/** The worker completed the instance's S3 task: its result is in the instance's variables. */
async function completedWithResult(processInstanceKey: string): Promise<void> {
  const rest = modelerClient({ ZEEBE_REST_ADDRESS: stack().ZEEBE_REST_ADDRESS }).getCamundaRestClient();
  const result = await waitFor('the task result', async () => {
    const found = await rest.searchVariables({ filter: { processInstanceKey, name: 'result' } } as never);
    return (found.items[0] as { value?: string } | undefined)?.value;
  });
  expect(JSON.parse(result)).toMatchObject({ bucket: BUCKET });
}
