import { Transform } from 'node:stream';

type Source = NodeJS.ReadableStream & { destroy?: (error?: Error) => void };

/**
 * Passes `source` through, failing the returned stream with `tooLarge()` (and destroying the source) as soon
 * as more than `max` bytes have come, so that nothing past the cap is held in memory. An error of the source
 * ends the returned stream with that error.
 */
export function capStream(source: Source, max: number, tooLarge: () => Error): Transform {
  let seen = 0;
  const limiter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > max) done(tooLarge());
      else done(null, chunk);
    },
  });
  source.on('error', (e: Error) => limiter.destroy(e));
  limiter.on('error', () => source.destroy?.());
  return source.pipe(limiter);
}

/** Reads a stream whole, for services that take bytes: over `max` bytes, the error `tooLarge` gives is thrown. */
export async function readAtMost(source: Source, max: number, tooLarge: () => Error): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of capStream(source, max, tooLarge)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
