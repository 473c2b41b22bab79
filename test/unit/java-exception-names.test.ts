import { NoSuchBucket, NoSuchKey, NotFound, S3ServiceException } from '@aws-sdk/client-s3';
import { ComprehendServiceException, TextSizeLimitExceededException } from '@aws-sdk/client-comprehend';
import { LambdaServiceException, KMSNotFoundException, ResourceNotFoundException, SubnetIPAddressLimitReachedException } from '@aws-sdk/client-lambda';
import { InternalServerError, InvalidKMSKeyException, ThrottlingException } from '@aws-sdk/client-textract';
import { fromAwsError } from '../../worker/aws/errors';
import { javaExceptionClassName, javaExceptionType } from '../../worker/aws/java-exception-names';
import { ConnectorError } from '../../worker/runtime/errors';
import { errorVariable } from '../../worker/runtime/outcome';

// The SDK's own exception classes, built as its deserialisers build them (no mock of the SDK).
const $metadata = { httpStatusCode: 400 };
const model = 'software.amazon.awssdk.services';

test('Java v2 class names of model shapes: Exception appended, acronyms as words', () => {
  expect([
    'NoSuchKey', 'InternalServerError', 'KMSNotFoundException', 'EC2ThrottledException', 'InvalidSecurityGroupIDException',
    'SubnetIPAddressLimitReachedException', 'InvalidS3ObjectException', 'ObjectNotInActiveTierError', 'ThrottlingException', 'S3', 'STS',
  ].map(javaExceptionClassName)).toEqual([
    'NoSuchKeyException', 'InternalServerErrorException', 'KmsNotFoundException', 'Ec2ThrottledException', 'InvalidSecurityGroupIdException',
    'SubnetIpAddressLimitReachedException', 'InvalidS3ObjectException', 'ObjectNotInActiveTierErrorException', 'ThrottlingException', 'S3Exception', 'StsException',
  ]);
});

test('modeled exceptions of each service get their own class, in the service package', () => {
  expect(javaExceptionType(new NoSuchKey({ message: 'gone', $metadata }))).toBe(`${model}.s3.model.NoSuchKeyException`);
  expect(javaExceptionType(new NoSuchBucket({ message: 'gone', $metadata }))).toBe(`${model}.s3.model.NoSuchBucketException`);
  expect(javaExceptionType(new NotFound({ message: '', $metadata: { httpStatusCode: 404 } }))).toBe(`${model}.s3.model.NoSuchKeyException`);
  expect(javaExceptionType(new ResourceNotFoundException({ message: 'no', $metadata }))).toBe(`${model}.lambda.model.ResourceNotFoundException`);
  expect(javaExceptionType(new KMSNotFoundException({ message: 'no', $metadata }))).toBe(`${model}.lambda.model.KmsNotFoundException`);
  expect(javaExceptionType(new SubnetIPAddressLimitReachedException({ message: 'no', $metadata }))).toBe(`${model}.lambda.model.SubnetIpAddressLimitReachedException`);
  expect(javaExceptionType(new ThrottlingException({ message: 'slow', $metadata }))).toBe(`${model}.textract.model.ThrottlingException`);
  expect(javaExceptionType(new InternalServerError({ message: 'oops', $metadata }))).toBe(`${model}.textract.model.InternalServerErrorException`);
  expect(javaExceptionType(new InvalidKMSKeyException({ message: 'key', $metadata }))).toBe(`${model}.textract.model.InvalidKmsKeyException`);
  expect(javaExceptionType(new TextSizeLimitExceededException({ message: 'long', $metadata }))).toBe(`${model}.comprehend.model.TextSizeLimitExceededException`);
});

test('error codes a service model does not declare are the service base exception', () => {
  const unmodeled = (Ctor: typeof S3ServiceException, name: string) => new Ctor({ name, $fault: 'client', message: name, $metadata: { httpStatusCode: 403 } });
  expect(javaExceptionType(unmodeled(S3ServiceException, 'AccessDenied'))).toBe(`${model}.s3.model.S3Exception`);
  expect(javaExceptionType(unmodeled(LambdaServiceException, 'AccessDeniedException'))).toBe(`${model}.lambda.model.LambdaException`);
  expect(javaExceptionType(unmodeled(ComprehendServiceException, 'AccessDeniedException'))).toBe(`${model}.comprehend.model.ComprehendException`);
});

test('failures without a service answer are the Java SDK client exceptions', () => {
  expect(javaExceptionType(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe('software.amazon.awssdk.core.exception.SdkClientException');
  expect(javaExceptionType(Object.assign(new Error('aborted'), { name: 'AbortError' }))).toBe('software.amazon.awssdk.core.exception.ApiCallTimeoutException');
});

test('error.type: the Java class on io.camunda:* types, the AWS error name on our own', () => {
  const e = fromAwsError(new NoSuchKey({ message: 'The specified key does not exist.', $metadata: { httpStatusCode: 404 } }), 'S3 download of s3://b/k');
  expect(errorVariable(e, 'camunda')).toMatchObject({ code: 'NOT_FOUND', type: `${model}.s3.model.NoSuchKeyException` });
  expect(errorVariable(e, 'own')).toMatchObject({ code: 'NOT_FOUND', type: 'NoSuchKey' });
  expect(errorVariable(new ConnectorError('INVALID_INPUT', 'x'), 'camunda').type).toBe('io.camunda.connector.api.error.ConnectorInputException');
  expect(errorVariable(new ConnectorError('IMAGE_TOO_LARGE', 'x'), 'camunda').type).toBe('io.camunda.connector.api.error.ConnectorException');
});
