import { AwsClientFactory } from '../../worker/aws/clients';
import { fromAwsError } from '../../worker/aws/errors';

const factory = () => new AwsClientFactory({ deployment: { allowDefaultChain: false, region: 'eu-west-1' }, endpoints: {}, maxAttempts: 3 });

test('clients are reused for the same settings and kept apart for different ones', () => {
  const f = factory();
  const auth = { type: 'credentials' as const, accessKey: 'a', secretKey: 'b' };
  const one = f.s3({ authentication: auth });
  expect(f.s3({ authentication: { ...auth } }).client).toBe(one.client);
  expect(f.s3({ authentication: { ...auth, secretKey: 'c' } }).client).not.toBe(one.client);
  expect(f.s3({ authentication: auth, configuration: { region: 'us-east-1' } }).client).not.toBe(one.client);
  expect(one.region).toBe('eu-west-1');
  expect(f.size).toBe(3);
  f.destroy();
});

test('credentials: missing keys, the operator switch, and no credentials at all', () => {
  const f = factory();
  expect(() => f.s3({ authentication: { type: 'credentials', accessKey: 'a' } })).toThrow('authentication.secretKey: is required');
  expect(() => f.s3({ authentication: { type: 'defaultCredentialsChain' } })).toThrow('switched off by the operator');
  expect(() => f.s3({})).toThrow('no AWS credentials were given');
  expect(() => f.s3({ authentication: { type: 'worker' } })).toThrow('no AWS credentials were given');
  expect(() => f.s3({ authentication: { type: 'assumeRole' } })).toThrow('authentication.roleArn: is required');
  expect(() => f.s3({ authentication: { accessKey: 'a', secretKey: 'b' }, configuration: { endpoint: 'ftp://x' } })).toThrow('configuration.endpoint');
});

test('the worker\'s credentials: the deployment\'s keys, as when the type is left out', () => {
  const f = new AwsClientFactory({ deployment: { allowDefaultChain: false, region: 'eu-west-1', accessKeyId: 'AKIDWORKER', secretAccessKey: 's' }, endpoints: {}, maxAttempts: 3 });
  expect(f.s3({ authentication: { type: 'worker' } }).client).toBe(f.s3({}).client);
  expect(f.size).toBe(1);
  f.destroy();
});

test('AWS exceptions map to the seeds codes, then to HTTP status names, then UNKNOWN_ERROR', () => {
  const sdkError = (name: string, status?: number) => Object.assign(new Error(`${name} happened`), { name, $metadata: { httpStatusCode: status } });
  expect(fromAwsError(sdkError('NoSuchBucket', 404), 'S3 x').code).toBe('NOT_FOUND');
  expect(fromAwsError(sdkError('SlowDown', 503), 'S3 x').code).toBe('THROTTLING_ERROR');
  expect(fromAwsError(sdkError('ThrottlingException', 500), 'x').code).toBe('THROTTLING_ERROR');
  expect(fromAwsError(sdkError('ImageTooLargeException', 400), 'x').code).toBe('IMAGE_TOO_LARGE');
  expect(fromAwsError(sdkError('SomethingNew', 423), 'x').code).toBe('LOCKED');
  expect(fromAwsError(sdkError('SomethingNew'), 'x').code).toBe('UNKNOWN_ERROR');
  expect(fromAwsError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'x').code).toBe('SERVICE_UNAVAILABLE');
  const e = fromAwsError(sdkError('NoSuchKey', 404), 'S3 download of s3://b/k');
  expect(e.message).toBe('S3 download of s3://b/k failed with NoSuchKey (HTTP 404): NoSuchKey happened');
  expect(e.type).toBe('NoSuchKey');
});
