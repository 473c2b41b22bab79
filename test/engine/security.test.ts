// Findings 11 and 12 of the second round (engine): no authentication at all, no cap on a request's size,
// and a 500 for a malformed %-escape in a REST path. Clients are the real @camunda8/sdk with its own
// settings (CAMUNDA_AUTH_STRATEGY=BEARER / BASIC), and a raw grpc-js client for what the SDK does not send.
import * as grpc from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import path from 'node:path';
import { Readable } from 'node:stream';
import { Camunda8 } from '@camunda8/sdk';
import { definitions, end, flow, start } from './bpmn';
import { startEngineProcess, type EngineProcess } from './engine-process';

const TOKEN = 'engine-test-token-0123456789';
type Raw = grpc.Client & Record<string, (request: object, metadata: grpc.Metadata, callback: (error: grpc.ServiceError | null, response: Record<string, unknown>) => void) => void>;

function rawClient(engine: EngineProcess): Raw {
  const proto = path.join(path.dirname(require.resolve('@camunda8/sdk/package.json')), 'dist', 'proto', 'zeebe.proto');
  const pkg = grpc.loadPackageDefinition(loadSync(proto, { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true }));
  const Gateway = (pkg.gateway_protocol as grpc.GrpcObject).Gateway as grpc.ServiceClientConstructor;
  return new Gateway(engine.grpcAddress, grpc.credentials.createInsecure(), { 'grpc.max_send_message_length': 64 * 1024 * 1024 }) as Raw;
}

const call = (raw: Raw, method: string, request: object, authorization?: string) => new Promise<Record<string, unknown>>((resolve, reject) => {
  const metadata = new grpc.Metadata();
  if (authorization) metadata.set('authorization', authorization);
  raw[method](request, metadata, (error, response) => (error ? reject(error) : resolve(response)));
});

const client = (engine: EngineProcess, auth: Record<string, string>) => new Camunda8({
  ZEEBE_GRPC_ADDRESS: `grpc://${engine.grpcAddress}`, ZEEBE_REST_ADDRESS: engine.restAddress, CAMUNDA_LOG_LEVEL: 'error', ZEEBE_CLIENT_LOG_LEVEL: 'NONE', ...auth,
} as ConstructorParameters<typeof Camunda8>[0]);

const xml = (id: string) => definitions(id, start(), end(), flow('f1', 'start', 'end'));

describe('with ENGINE_AUTH=bearer:<token>', () => {
  let engine: EngineProcess;
  let raw: Raw;
  beforeAll(async () => {
    engine = await startEngineProcess({ env: { ENGINE_AUTH: `bearer:${TOKEN}`, ENGINE_MAX_REQUEST_BYTES: String(1024 * 1024) } });
    raw = rawClient(engine);
  }, 60_000);
  afterAll(async () => {
    raw?.close();
    await engine?.stop();
  });

  test('REST and gRPC refuse a client without the token, and serve the SDK configured with CAMUNDA_AUTH_STRATEGY=BEARER', async () => {
    const anonymous = await fetch(`${engine.restAddress}/v2/topology`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await fetch(`${engine.restAddress}/v2/jobs/activation`, { method: 'POST', headers: { authorization: 'Bearer wrong' }, body: '{}' })).status).toBe(401);
    await expect(call(raw, 'Topology', {})).rejects.toMatchObject({ code: grpc.status.UNAUTHENTICATED });
    await expect(call(raw, 'Topology', {}, 'Bearer wrong-token-xxxxxxxxxxxx')).rejects.toMatchObject({ code: grpc.status.UNAUTHENTICATED });
    // Job streams too: no one activates another worker's jobs without the token.
    for (const method of ['ActivateJobs', 'StreamActivatedJobs']) {
      const stream = (raw[method] as unknown as (r: object, m: grpc.Metadata) => grpc.ClientReadableStream<unknown>)({ type: 't', timeout: 1000, maxJobsToActivate: 1, requestTimeout: 1000 }, new grpc.Metadata());
      stream.on('data', () => undefined);
      await expect(new Promise((_, reject) => stream.on('error', reject))).rejects.toMatchObject({ code: grpc.status.UNAUTHENTICATED });
    }

    const c8 = client(engine, { CAMUNDA_AUTH_STRATEGY: 'BEARER', CAMUNDA_OAUTH_TOKEN: TOKEN });
    try {
      const deployed = await c8.getCamundaRestClient().deployResources([{ content: xml('auth-rest'), name: 'auth-rest.bpmn' }]);
      expect(deployed.processes[0].processDefinitionId).toBe('auth-rest');
      const zeebe = c8.getZeebeGrpcApiClient();
      expect((await zeebe.topology()).brokers.length).toBeGreaterThan(0);
      await zeebe.close();
    } finally {
      c8.getCamundaRestClient().stopWorkers();
    }
  }, 60_000);

  test('a request over ENGINE_MAX_REQUEST_BYTES is 413 over REST and RESOURCE_EXHAUSTED over gRPC', async () => {
    const big = JSON.stringify({ variables: { x: 'a'.repeat(2 * 1024 * 1024) } });
    const response = await fetch(`${engine.restAddress}/v2/process-instances`, {
      method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: big,
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ title: 'PAYLOAD_TOO_LARGE', detail: expect.stringMatching(/ENGINE_MAX_REQUEST_BYTES/) });
    // Sent without a length (chunked): counted as it is read.
    const chunked = await fetch(`${engine.restAddress}/v2/process-instances`, {
      method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: Readable.toWeb(Readable.from([Buffer.from(big)])) as ReadableStream, duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
    await expect(call(raw, 'CreateProcessInstance', { bpmnProcessId: 'auth-rest', version: -1, variables: big }, `Bearer ${TOKEN}`))
      .rejects.toMatchObject({ code: grpc.status.RESOURCE_EXHAUSTED });
  }, 60_000);

  test('a malformed %-escape in a REST path is a 400, not a 500', async () => {
    const response = await fetch(`${engine.restAddress}/v2/documents/%E0%A4%A`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ title: 'INVALID_ARGUMENT', detail: expect.stringMatching(/malformed %-escape/) });
  });
});

test('with ENGINE_AUTH=basic:<user>:<password>, the SDK configured with CAMUNDA_AUTH_STRATEGY=BASIC is served, others are not', async () => {
  const engine = await startEngineProcess({ env: { ENGINE_AUTH: 'basic:demo:demo-password-1' } });
  const raw = rawClient(engine);
  const c8 = client(engine, { CAMUNDA_AUTH_STRATEGY: 'BASIC', CAMUNDA_BASIC_AUTH_USERNAME: 'demo', CAMUNDA_BASIC_AUTH_PASSWORD: 'demo-password-1' });
  try {
    expect((await fetch(`${engine.restAddress}/v2/topology`, { headers: { authorization: `Basic ${Buffer.from('demo:wrong').toString('base64')}` } })).status).toBe(401);
    await expect(call(raw, 'Topology', {})).rejects.toMatchObject({ code: grpc.status.UNAUTHENTICATED });
    expect((await c8.getCamundaRestClient().getTopology()).brokers.length).toBeGreaterThan(0);
    const zeebe = c8.getZeebeGrpcApiClient();
    expect((await zeebe.topology()).brokers.length).toBeGreaterThan(0);
    await zeebe.close();
  } finally {
    raw.close();
    c8.getCamundaRestClient().stopWorkers();
    await engine.stop();
  }
}, 60_000);

test('without ENGINE_AUTH the engine refuses to bind anything but loopback; bad credentials settings are refused', async () => {
  await expect(startEngineProcess({ env: { ENGINE_HOST: '0.0.0.0' } })).rejects.toThrow(/ENGINE_HOST=0\.0\.0\.0 .*set ENGINE_AUTH/s);
  await expect(startEngineProcess({ env: { ENGINE_AUTH: 'bearer:short' } })).rejects.toThrow(/ENGINE_AUTH must be/);
}, 60_000);
