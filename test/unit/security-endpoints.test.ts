import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AwsClientFactory } from '../../worker/aws/clients';
import { EndpointAllowList } from '../../worker/aws/endpoint-allow-list';
import { isPrivateAddress, fetchUrl } from '../../worker/runtime/url-fetch';

const factory = (allowList?: EndpointAllowList, endpoints: Record<string, string> = {}, endpointAllowPrivateAddresses = false) => new AwsClientFactory({
  deployment: { allowDefaultChain: false, accessKeyId: 'a', secretAccessKey: 'b', region: 'us-east-1' }, endpoints, maxAttempts: 1, endpointAllowList: allowList, endpointAllowPrivateAddresses,
});

test('configuration.endpoint from a model must be on the allow-list; by default only AWS\'s own https endpoints are', () => {
  const aws = factory();
  for (const endpoint of ['http://169.254.169.254', 'http://127.0.0.1:4566', 'https://internal.corp', 'http://s3.us-east-1.amazonaws.com', 'https://evil.com#.amazonaws.com', 'https://u:p@s3.amazonaws.com']) {
    expect(() => aws.s3({ configuration: { endpoint } })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', path: 'configuration.endpoint' }));
  }
  for (const endpoint of ['https://s3.eu-west-1.amazonaws.com', 'https://bucket.vpce-1.s3.us-east-1.vpce.amazonaws.com', 'https://lambda.cn-north-1.amazonaws.com.cn', 'https://s3.dualstack.us-east-1.api.aws']) {
    expect(aws.s3({ configuration: { endpoint } }).endpoint).toBe(endpoint);
  }
  aws.destroy();
});

test('the operator\'s own endpoints are trusted, and the operator can allow local endpoints', () => {
  const operator = factory(undefined, { s3: 'http://127.0.0.1:4566' });
  expect(operator.s3({}).endpoint).toBe('http://127.0.0.1:4566');
  const local = factory(EndpointAllowList.parse('https://*.amazonaws.com,http://127.0.0.1:*'), {}, true);
  expect(local.s3({ configuration: { endpoint: 'http://127.0.0.1:4566' } }).endpoint).toBe('http://127.0.0.1:4566');
  expect(() => local.s3({ configuration: { endpoint: 'http://169.254.169.254' } })).toThrow(/allow-list/);
  expect(() => EndpointAllowList.parse('ftp://x')).toThrow(/not an endpoint pattern/);
  operator.destroy();
  local.destroy();
});

test('the address guard covers every IANA special-purpose range', () => {
  for (const a of ['::127.0.0.1', '64:ff9b::7f00:1', '64:ff9b::a9fe:a9fe', '192.0.0.8', '::ffff:169.254.169.254', '198.18.0.1', '100.64.0.1', '2001:db8::1', '2002:7f00:1::', '0.0.0.0', '255.255.255.255', 'fc00::1', '[::1]']) {
    expect([a, isPrivateAddress(a)]).toEqual([a, true]);
  }
  for (const a of ['8.8.8.8', '52.95.110.1', '2600:1f18::1']) expect([a, isPrivateAddress(a)]).toEqual([a, false]);
});

test('the Alfresco exemption holds for its own origin only, never after a redirect to another host', async () => {
  const target = http.createServer((_q, r) => r.end('internal')).listen(0, '127.0.0.1');
  await new Promise((r) => target.once('listening', r));
  const targetPort = (target.address() as AddressInfo).port;
  const repo = http.createServer((q, r) => {
    if (q.url === '/direct') r.end('ok');
    else r.writeHead(302, { location: `http://127.0.0.1:${targetPort}/secret` }).end();
  }).listen(0, '127.0.0.1');
  await new Promise((r) => repo.once('listening', r));
  const origin = `http://127.0.0.1:${(repo.address() as AddressInfo).port}`;
  const policy = { allowPrivateAddresses: false, maxBytes: 1000, timeoutMs: 2000 };
  try {
    const ok = await fetchUrl(`${origin}/direct`, policy, 'nodeId', { trustedOrigin: origin });
    ok.resume();
    await expect(fetchUrl(`${origin}/redirect`, policy, 'nodeId', { trustedOrigin: origin })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  } finally {
    repo.close();
    target.close();
  }
});

test('an SQS queue URL in a model never picks the host the call goes to (the SDK would otherwise follow it)', async () => {
  const { connectorDeps, fakeHandler } = await import('./security-helpers');
  const { runSqs } = await import('../../worker/connectors/sqs/handler');
  const handler = fakeHandler(() => ({ statusCode: 200, headers: { 'content-type': 'application/x-amz-json-1.0' }, body: '{"MessageId":"m-1","MD5OfMessageBody":"9dd4e461268c8034f5c8564e155c67a6"}' }));
  const deps = connectorDeps(handler);
  for (const url of ['https://evil.example.com/123456789012/orders', 'http://169.254.169.254/123456789012/orders']) {
    await runSqs({ action: { type: 'send' }, queue: { url }, message: { body: 'x' } }, deps);
  }
  expect(handler.seen.map((r) => r.hostname)).toEqual(['sqs.us-east-1.amazonaws.com', 'sqs.us-east-1.amazonaws.com']);
  // A queue URL of AWS's own form gives the call its region.
  await runSqs({ action: { type: 'send' }, queue: { url: 'https://sqs.eu-west-1.amazonaws.com/123456789012/orders' }, message: { body: 'x' } }, deps);
  expect(handler.seen[2]!.hostname).toBe('sqs.eu-west-1.amazonaws.com');
  deps.aws.destroy();
});

// Finding 7 of the second round: the allow-list checked names only; an allowed name resolving to a private address was connected to.
test('an allowed endpoint name that resolves to a private address is refused at connect time unless the operator allows private addresses', async () => {
  const { HeadObjectCommand } = await import('@aws-sdk/client-s3');
  let requests = 0;
  const server = http.createServer((_q, r) => {
    requests++;
    r.writeHead(200, { etag: '"e"', 'content-length': '0' }).end();
  }).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const endpoint = `http://localhost:${(server.address() as AddressInfo).port}`;
  const allowList = EndpointAllowList.parse('http://localhost:*,http://127.0.0.1:*');
  const guarded = factory(allowList);
  const allowed = factory(allowList, {}, true);
  try {
    const { client } = guarded.s3({ configuration: { endpoint } });
    await expect(client.send(new HeadObjectCommand({ Bucket: 'bkt', Key: 'k' }))).rejects.toMatchObject({
      code: 'INVALID_INPUT', path: 'configuration.endpoint', message: expect.stringMatching(/localhost resolves to a private.*AWS_ENDPOINT_ALLOW_PRIVATE_ADDRESSES/),
    });
    expect(requests).toBe(0);
    // An IP literal is not looked up: it is checked when the client is asked for.
    expect(() => guarded.s3({ configuration: { endpoint: endpoint.replace('localhost', '127.0.0.1') } })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', path: 'configuration.endpoint' }));
    await allowed.s3({ configuration: { endpoint } }).client.send(new HeadObjectCommand({ Bucket: 'bkt', Key: 'k' }));
    expect(requests).toBe(1);
  } finally {
    guarded.destroy();
    allowed.destroy();
    server.closeAllConnections();
    server.close();
  }
}, 30_000);
