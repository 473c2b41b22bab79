import type { Readable } from 'node:stream';
import { capStream } from '../runtime/byte-cap';
import { ConnectorError } from '../runtime/errors';

interface MiddlewareClient {
  middlewareStack: {
    add(middleware: unknown, options: { step: string; priority: string; name: string }): void;
  };
}

interface RawResponse {
  headers?: Record<string, string | undefined>;
  body?: Readable;
}

function tooLarge(service: string, maxBytes: number): ConnectorError {
  return new ConnectorError('INVALID_RESULT_FORMAT', `The ${service} answer is over ${maxBytes} bytes, more than the service ever answers; it was not read`, { type: 'ResponseTooLarge' });
}

/**
 * Caps the HTTP body of every answer a client reads: a declared length over the cap is refused before
 * reading, and a body that grows over it is cut, so a misbehaving endpoint cannot make the worker buffer
 * a gigabyte. Runs inside the SDK's deserializer, on the raw response.
 */
export function capResponseBody<C>(client: C, maxBytes: number, service: string): C {
  const middleware = (next: (args: unknown) => Promise<{ response: RawResponse }>) => async (args: unknown) => {
    const result = await next(args);
    const response = result.response;
    const declared = Number(response.headers?.['content-length'] ?? response.headers?.['Content-Length'] ?? NaN);
    if (declared > maxBytes) {
      response.body?.destroy?.();
      throw tooLarge(service, maxBytes);
    }
    if (response.body && typeof response.body.pipe === 'function') response.body = capStream(response.body, maxBytes, () => tooLarge(service, maxBytes));
    return result;
  };
  (client as unknown as MiddlewareClient).middlewareStack.add(middleware, { step: 'deserialize', priority: 'low', name: 'zacResponseBodyCap' });
  return client;
}
