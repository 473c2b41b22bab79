import { beforeDeadline } from '../runtime/deadline';
import { ConnectorError, type ErrorCode } from '../runtime/errors';
import { API_CALL_TIMEOUT_EXCEPTION, javaExceptionType } from './java-exception-names';

/**
 * AWS exception names -> the seeds' codes (../shared/reference/alfresco-aws-facts.md, section 4.1).
 * Names not listed fall back to the HTTP status's name, then UNKNOWN_ERROR.
 */
const BY_NAME: Record<string, ErrorCode> = {
  // common to every service
  ThrottlingException: 'THROTTLING_ERROR',
  Throttling: 'THROTTLING_ERROR',
  ThrottledException: 'THROTTLING_ERROR',
  RequestLimitExceeded: 'THROTTLING_ERROR',
  SlowDown: 'THROTTLING_ERROR',
  TooManyRequestsException: 'TOO_MANY_REQUEST',
  ProvisionedThroughputExceededException: 'PROVISIONED_THROUGHPUT_EXCEEDED',
  LimitExceededException: 'LIMIT_EXCEEDED',
  HumanLoopQuotaExceededException: 'LIMIT_EXCEEDED',
  AccessDeniedException: 'ACCESS_DENIED',
  AccessDenied: 'ACCESS_DENIED',
  InvalidClientTokenId: 'UNAUTHORIZED',
  InvalidAccessKeyId: 'UNAUTHORIZED',
  UnrecognizedClientException: 'UNAUTHORIZED',
  MissingAuthenticationToken: 'UNAUTHORIZED',
  ExpiredToken: 'UNAUTHORIZED',
  ExpiredTokenException: 'UNAUTHORIZED',
  SignatureDoesNotMatch: 'FORBIDDEN',
  IncompleteSignature: 'FORBIDDEN',
  InternalServerError: 'INTERNAL_SERVER_ERROR',
  InternalServerException: 'INTERNAL_SERVER_ERROR',
  InternalError: 'INTERNAL_SERVER_ERROR',
  ServiceUnavailable: 'SERVICE_UNAVAILABLE',
  ServiceUnavailableException: 'SERVICE_UNAVAILABLE',
  // S3
  NoSuchBucket: 'NOT_FOUND',
  NoSuchKey: 'NOT_FOUND',
  NoSuchVersion: 'NOT_FOUND',
  NoSuchUpload: 'NOT_FOUND',
  NotFound: 'NOT_FOUND',
  BucketAlreadyExists: 'CONFLICT',
  BucketAlreadyOwnedByYou: 'CONFLICT',
  EntityTooLarge: 'REQUEST_TOO_LARGE',
  InvalidObjectState: 'CONFLICT',
  PreconditionFailed: 'FAILED_DEPENDENCY',
  InvalidBucketName: 'BAD_REQUEST',
  InvalidArgument: 'BAD_REQUEST',
  InvalidRequest: 'BAD_REQUEST',
  // Lambda
  ServiceException: 'SERVICE_ERROR',
  InvalidRequestContentException: 'INVALID_REQUEST',
  UnsupportedMediaTypeException: 'INVALID_REQUEST',
  RequestTooLargeException: 'REQUEST_TOO_LARGE',
  SerializedRequestEntityTooLargeException: 'REQUEST_TOO_LARGE',
  ResourceNotFoundException: 'NOT_FOUND',
  ResourceConflictException: 'CONFLICT',
  InvalidParameterValueException: 'BAD_REQUEST',
  // Textract, Rekognition, Comprehend
  ImageTooLargeException: 'IMAGE_TOO_LARGE',
  DocumentTooLargeException: 'IMAGE_TOO_LARGE',
  InvalidImageFormatException: 'INVALID_IMAGE_FORMAT',
  UnsupportedDocumentException: 'INVALID_IMAGE_FORMAT',
  BadDocumentException: 'INVALID_IMAGE_FORMAT',
  TextSizeLimitExceededException: 'TEXT_SIZE_LIMIT_EXCEEDED',
  UnsupportedLanguageException: 'UNSUPPORTED_LANGUAGE',
  InvalidParameterException: 'BAD_REQUEST',
  InvalidS3ObjectException: 'BAD_REQUEST',
  InvalidJobIdException: 'BAD_REQUEST',
  InvalidKMSKeyException: 'BAD_REQUEST',
  IdempotentParameterMismatchException: 'BAD_REQUEST',
  InvalidRequestException: 'BAD_REQUEST',
  BatchSizeLimitExceededException: 'BAD_REQUEST',
  ResourceUnavailableException: 'NOT_FOUND',
  JobNotFoundException: 'NOT_FOUND',
  ResourceInUseException: 'CONFLICT',
  // DynamoDB
  ConditionalCheckFailedException: 'CONFLICT',
  TransactionConflictException: 'CONFLICT',
  TableAlreadyExistsException: 'CONFLICT',
  TableNotFoundException: 'NOT_FOUND',
  ItemCollectionSizeLimitExceededException: 'REQUEST_TOO_LARGE',
  // SQS
  QueueDoesNotExist: 'NOT_FOUND',
  'AWS.SimpleQueueService.NonExistentQueue': 'NOT_FOUND',
  InvalidMessageContents: 'BAD_REQUEST',
  UnsupportedOperation: 'BAD_REQUEST',
  InvalidAddress: 'BAD_REQUEST',
  InvalidSecurity: 'FORBIDDEN',
  RequestThrottled: 'THROTTLING_ERROR',
  OverLimit: 'LIMIT_EXCEEDED',
  KmsAccessDenied: 'ACCESS_DENIED',
  KmsThrottled: 'THROTTLING_ERROR',
  BatchRequestTooLong: 'REQUEST_TOO_LARGE',
  TooManyEntriesInBatchRequest: 'BAD_REQUEST',
  BatchEntryIdsNotDistinct: 'BAD_REQUEST',
  // SNS
  NotFoundException: 'NOT_FOUND',
  AuthorizationErrorException: 'ACCESS_DENIED',
  KMSAccessDeniedException: 'ACCESS_DENIED',
  KMSThrottlingException: 'THROTTLING_ERROR',
  InvalidSecurityException: 'FORBIDDEN',
  EndpointDisabledException: 'BAD_REQUEST',
  ValidationException: 'BAD_REQUEST',
  // EventBridge, and the codes of PutEvents' rejected entries
  InternalException: 'INTERNAL_SERVER_ERROR',
  InternalFailure: 'INTERNAL_SERVER_ERROR',
  ConcurrentModificationException: 'CONFLICT',
  MalformedDetail: 'BAD_REQUEST',
  NotAuthorizedForSourceException: 'ACCESS_DENIED',
  // Bedrock Runtime, SageMaker Runtime
  ValidationError: 'BAD_REQUEST',
  ModelErrorException: 'FAILED_DEPENDENCY',
  ModelError: 'FAILED_DEPENDENCY',
  ModelTimeoutException: 'REQUEST_TIMEOUT',
  ModelNotReadyException: 'SERVICE_UNAVAILABLE',
  ServiceQuotaExceededException: 'LIMIT_EXCEEDED',
  InternalDependencyException: 'SERVICE_UNAVAILABLE',
};

/**
 * The code for an AWS error name met outside an exception (a batch entry's or an event entry's failure):
 * its own mapping, else BAD_REQUEST when the caller is at fault and INTERNAL_SERVER_ERROR (retried) when not.
 */
export function codeOfAwsName(name: string, callerAtFault: boolean): ErrorCode {
  return BY_NAME[name] ?? (callerAtFault ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR');
}

const BY_STATUS: Record<number, ErrorCode> = {
  400: 'BAD_REQUEST', 401: 'UNAUTHORIZED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE', 408: 'REQUEST_TIMEOUT', 409: 'CONFLICT', 410: 'GONE', 413: 'REQUEST_TOO_LARGE',
  422: 'UNPROCESSABLE_ENTITY', 423: 'LOCKED', 424: 'FAILED_DEPENDENCY', 429: 'TOO_MANY_REQUEST',
  500: 'INTERNAL_SERVER_ERROR', 501: 'NOT_IMPLEMENTED', 502: 'BAD_GATEWAY', 503: 'SERVICE_UNAVAILABLE', 504: 'GATEWAY_TIMEOUT',
};

/** Network-level failures of the SDK's HTTP handler. */
const BY_NODE_CODE: Record<string, ErrorCode> = {
  ECONNREFUSED: 'SERVICE_UNAVAILABLE',
  ECONNRESET: 'SERVICE_UNAVAILABLE',
  EPIPE: 'SERVICE_UNAVAILABLE',
  ENOTFOUND: 'SERVICE_UNAVAILABLE',
  EAI_AGAIN: 'SERVICE_UNAVAILABLE',
  ETIMEDOUT: 'CLIENT_EXECUTION_TIMEOUT',
};

interface SdkError {
  name?: string;
  message?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number; requestId?: string };
}

/**
 * Turns what an AWS SDK call threw into a ConnectorError. `what` says what was being done
 * ("S3 GetObject of s3://bucket/key") so that the message tells a modeler where to look.
 */
export function fromAwsError(error: unknown, what: string): ConnectorError {
  if (error instanceof ConnectorError) return error;
  const e = (error ?? {}) as SdkError;
  const name = e.name ?? 'Error';
  const status = e.$metadata?.httpStatusCode;
  const code: ErrorCode =
    BY_NAME[name] ??
    (e.code ? BY_NODE_CODE[e.code] : undefined) ??
    (name === 'TimeoutError' || name === 'AbortError' ? 'CLIENT_EXECUTION_TIMEOUT' : undefined) ??
    // The service said yes (2xx) but the SDK could not read its answer: seed 000's INVALID_RESULT_FORMAT.
    (status !== undefined && status >= 200 && status < 300 ? 'INVALID_RESULT_FORMAT' : undefined) ??
    (status ? BY_STATUS[status] : undefined) ??
    'UNKNOWN_ERROR';
  const detail = e.message && e.message !== name && e.message !== 'UnknownError' ? `: ${e.message}` : '';
  const statusText = status ? ` (HTTP ${status})` : '';
  return new ConnectorError(code, `${what} failed with ${name}${statusText}${detail}`, {
    type: name,
    camundaType: javaExceptionType(error),
    cause: error,
    variables: { awsErrorName: name, ...(status ? { httpStatus: status } : {}), ...(e.$metadata?.requestId ? { requestId: e.$metadata.requestId } : {}) },
  });
}

/**
 * Runs an AWS call, translating its failure. The call ends at the job's deadline at the latest
 * (runtime/deadline.ts): the SDK's clients are aborted then, and anything else is given up on.
 */
export async function callAws<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await beforeDeadline(call());
  } catch (error) {
    if (error instanceof ConnectorError && error.type === 'JobDeadlineExceeded') {
      throw new ConnectorError(error.code, `${what}: ${error.message}`, { type: error.type, camundaType: API_CALL_TIMEOUT_EXCEPTION, cause: error });
    }
    throw fromAwsError(error, what);
  }
}
