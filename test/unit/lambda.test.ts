import { AwsClientFactory } from '../../worker/aws/clients';
import { invokeLambda, MAX_SYNC_PAYLOAD_BYTES, payloadText } from '../../worker/connectors/lambda/handler';
import type { ConnectorDeps } from '../../worker/connectors/deps';

test('payload encoding: objects as JSON, JSON text as it is, other text as a JSON string, nothing as nothing', () => {
  expect(payloadText({ a: 1 })).toBe('{"a":1}');
  expect(payloadText('{"a":1}')).toBe('{"a":1}');
  expect(payloadText('hello')).toBe('"hello"');
  expect(payloadText(undefined)).toBeUndefined();
  expect(payloadText('')).toBeUndefined();
});

test('a synchronous payload over 6 MB is refused before any call (a process variable that big cannot reach the cluster)', async () => {
  // An endpoint nothing listens on: a call would fail differently.
  const aws = new AwsClientFactory({ deployment: { allowDefaultChain: false, accessKeyId: 'a', secretAccessKey: 'b', region: 'us-east-1' }, endpoints: { lambda: 'http://127.0.0.1:9' }, maxAttempts: 1 });
  const deps = { aws } as unknown as ConnectorDeps;
  await expect(invokeLambda({ functionName: 'f', payload: { data: 'x'.repeat(MAX_SYNC_PAYLOAD_BYTES) } }, deps)).rejects.toMatchObject({
    code: 'REQUEST_TOO_LARGE', path: 'payload',
  });
  aws.destroy();
});
