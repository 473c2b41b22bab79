/**
 * AWS JSON 1.1 wire protocol, as the AI services (Textract, Comprehend, Rekognition) speak it:
 * `POST /` with `X-Amz-Target: <Service>.<Operation>` and `content-type: application/x-amz-json-1.1`;
 * answers 200 with a JSON body, errors with the HTTP status of the service model, the header
 * `x-amzn-errortype: <Name>` and the body `{"__type": "<Name>", "message": "...", "Message": "..."}`
 * (`message` is what the SDKs read; Textract's exception shapes model `Message`, so both are sent).
 * Every answer carries `x-amzn-requestid`.
 */
import type * as http from 'node:http';
import { randomUUID } from 'node:crypto';

export const JSON_11 = 'application/x-amz-json-1.1';

/**
 * HTTP status per exception name, from the botocore models: client errors are 400; the server
 * faults below are 500 (Textract and Rekognition model ThrottlingException as a 500 server fault).
 */
const SERVER_FAULTS: Record<string, number> = {
  InternalServerError: 500,
  InternalServerException: 500,
  ThrottlingException: 500,
  ServiceUnavailable: 503,
  ServiceUnavailableException: 503,
};

export function statusFor(name: string): number {
  return SERVER_FAULTS[name] ?? 400;
}

/** An error answered as AWS answers it. */
export class AwsError extends Error {
  readonly status: number;
  constructor(
    readonly type: string,
    message: string,
    status?: number,
  ) {
    super(message);
    this.status = status ?? statusFor(type);
  }
}

export const invalidParameter = (message = 'Request has invalid parameters'): AwsError =>
  new AwsError('InvalidParameterException', message);

export function newRequestId(): string {
  return randomUUID();
}

export function sendAwsJson(res: http.ServerResponse, requestId: string, body: unknown, status = 200): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': JSON_11,
    'content-length': Buffer.byteLength(payload),
    'x-amzn-requestid': requestId,
    date: new Date().toUTCString(),
  });
  res.end(payload);
}

export function sendAwsError(res: http.ServerResponse, requestId: string, err: AwsError): void {
  const payload = JSON.stringify({ __type: err.type, message: err.message, Message: err.message });
  res.writeHead(err.status, {
    'content-type': JSON_11,
    'content-length': Buffer.byteLength(payload),
    'x-amzn-requestid': requestId,
    'x-amzn-errortype': err.type,
    date: new Date().toUTCString(),
  });
  res.end(payload);
}

/** Plain JSON for the control API. */
export { BodyTooLargeError, readBody, sendJson, sleep } from '../serve';

export type Json = Record<string, unknown>;

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
