import { Readable } from 'node:stream';

/** The start of a stream: whole when it ended within the limit, else a stream of all of it. */
export type StreamHead = { whole: true; body: Buffer } | { whole: false; stream: Readable };

/**
 * Reads at most `limit` bytes of `stream`. A body that ends within them is answered whole (one request can
 * carry it); a longer one is answered as a stream that replays the bytes read and then the rest, so nothing
 * much beyond `limit` is ever held.
 */
export function readHead(stream: Readable, limit: number): Promise<StreamHead> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const onData = (chunk: Buffer | string) => {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      chunks.push(buf);
      total += buf.length;
      if (total > limit) overLimit();
    };
    const onEnd = () => {
      cleanup();
      resolve({ whole: true, body: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total) });
    };
    const onError = (e: Error) => {
      cleanup();
      reject(e);
    };
    const cleanup = () => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
    };
    const overLimit = () => {
      cleanup();
      stream.pause();
      // Until the reader starts, an error stays on the stream (stream.errored) and is thrown to the reader then.
      stream.on('error', () => {});
      resolve({ whole: false, stream: Readable.from(replay(chunks, stream), { objectMode: false }) });
    };
    stream.on('data', onData);
    stream.once('end', onEnd);
    stream.once('error', onError);
  });
}

async function* replay(head: Buffer[], rest: Readable): AsyncGenerator<Buffer> {
  yield* head;
  for await (const chunk of rest) yield chunk as Buffer;
}
