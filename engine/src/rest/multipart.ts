import type { IncomingMessage } from 'node:http';
import busboy, { type Busboy, type Limits } from 'busboy';
import { HttpError } from './http';

/** A busboy parser for a multipart/form-data request; any other content type is a 415. */
export function multipart(req: IncomingMessage, limits?: Limits): Busboy {
  if (!/^multipart\/form-data/i.test(req.headers['content-type'] ?? '')) {
    throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', `Expected a multipart/form-data request, but the content type was '${req.headers['content-type'] ?? ''}'.`);
  }
  try {
    // preservePath: resource names are kept as the client sent them, as Camunda does
    return busboy({ headers: req.headers, limits, preservePath: true });
  } catch (e) {
    throw new HttpError(400, 'INVALID_ARGUMENT', `Malformed multipart request: ${(e as Error).message}`);
  }
}
