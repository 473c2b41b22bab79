import type http from 'node:http';

/** What the local fakes (fault proxy, AWS AI stand-in) share: JSON answers, small bodies, shutdown. */

export function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body, null, 2);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
}

export class BodyTooLargeError extends Error {}

/** Reads the whole body (up to `max` bytes; beyond that the rest is drained and BodyTooLargeError thrown). */
export function readBody(req: http.IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) tooLarge = true;
      if (!tooLarge) chunks.push(c);
    });
    req.on('end', () => (tooLarge ? reject(new BodyTooLargeError(`body over ${max} bytes`)) : resolve(Buffer.concat(chunks))));
    req.on('error', reject);
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Closes on SIGTERM/SIGINT and exits (at the latest after 3 s), as the stack scripts stop processes. */
export function closeOnSignals(name: string, close: () => Promise<unknown>): void {
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`${name}: ${signal}, closing`);
    void close().then(() => process.exit(0));
    setTimeout(() => process.exit(0), 3000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}
