/**
 * The class name the AWS SDK for Java v2 (Camunda's connector runtime) would throw for an AWS failure, so
 * that an official errorExpression comparing `error.type` behaves as it does there.
 *
 * Both SDKs are generated from the same service models: an error the JavaScript SDK turned into one of its
 * modeled classes (NoSuchKey, ThrottlingException, ...) is a modeled exception in Java too, named after the
 * same shape; any other error code is the service's base exception (S3Exception, TextractException, ...).
 * The table of the names these connectors meet is in docs/migrating-from-camunda.md.
 */

const JAVA_SDK = 'software.amazon.awssdk';

export const SDK_CLIENT_EXCEPTION = `${JAVA_SDK}.core.exception.SdkClientException`;
export const API_CALL_TIMEOUT_EXCEPTION = `${JAVA_SDK}.core.exception.ApiCallTimeoutException`;

/**
 * Java v2's class for a model shape: "Exception" appended when the shape's name lacks it, and every word
 * capitalised with the rest in lower case (KMSNotFoundException -> KmsNotFoundException,
 * EC2ThrottledException -> Ec2ThrottledException, InternalServerError -> InternalServerErrorException).
 */
export function javaExceptionClassName(shapeName: string): string {
  const name = shapeName.endsWith('Exception') ? shapeName : `${shapeName}Exception`;
  return wordsOf(name).map((w) => w[0]!.toUpperCase() + w.slice(1).toLowerCase()).join('');
}

const isUpper = (c: string | undefined) => c !== undefined && c >= 'A' && c <= 'Z';
const isLower = (c: string | undefined) => c !== undefined && c >= 'a' && c <= 'z';
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

/** Words of a PascalCase name (`KMSNotFound` -> KMS, Not, Found; `EC2` -> EC, 2), in one pass. */
function wordsOf(name: string): string[] {
  const words: string[] = [];
  let word = '';
  for (let i = 0; i < name.length; i++) {
    const [prev, c, next] = [name[i - 1], name[i]!, name[i + 1]];
    const boundary = i > 0 && (isDigit(c) !== isDigit(prev) || (isUpper(c) && isLower(prev)) || (isUpper(c) && isUpper(prev) && isLower(next)));
    if (boundary) {
      words.push(word);
      word = '';
    }
    word += c;
  }
  if (word) words.push(word);
  return words;
}

/** The service an SDK v3 error came from, read from its class chain (S3ServiceException -> S3). */
function serviceOf(error: object): { service: string; modeled: boolean } | undefined {
  const own = error.constructor?.name;
  for (let proto = Object.getPrototypeOf(error); proto && proto !== Error.prototype; proto = Object.getPrototypeOf(proto)) {
    const match = /^(.+)ServiceException$/.exec(proto.constructor?.name ?? '');
    if (match) return { service: match[1]!, modeled: own !== proto.constructor.name };
  }
  return undefined;
}

/** S3's HeadObject answers a bare 404 that Java v2's S3 client reports as NoSuchKeyException. */
const S3_RENAMED: Record<string, string> = { NotFound: 'NoSuchKey' };

/**
 * The Java class name for what an AWS SDK v3 call threw; undefined when it is not an AWS failure
 * (the caller keeps its own type then).
 */
export function javaExceptionType(error: unknown): string | undefined {
  if (error === null || typeof error !== 'object') return undefined;
  const e = error as { name?: string; code?: string; $metadata?: { httpStatusCode?: number } };
  const found = serviceOf(error);
  if (found) {
    const pkg = `${JAVA_SDK}.services.${found.service.toLowerCase()}.model`;
    if (!found.modeled) return `${pkg}.${javaExceptionClassName(found.service)}`;
    const shape = found.service === 'S3' ? (S3_RENAMED[e.name ?? ''] ?? e.name) : e.name;
    return `${pkg}.${javaExceptionClassName(shape ?? 'Service')}`;
  }
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return API_CALL_TIMEOUT_EXCEPTION;
  // No service answer at all: the network, credentials or the client's own checks failed.
  if (e.$metadata?.httpStatusCode === undefined) return SDK_CLIENT_EXCEPTION;
  return undefined;
}
