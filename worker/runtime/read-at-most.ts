import type { ConnectorError } from './errors';

/**
 * Reads a document whole, for services that take bytes, stopping (and destroying the stream) as soon as it
 * grows over `max`: the error `tooLarge` gives is thrown instead of holding more in memory.
 */
export async function readAtMost(stream: NodeJS.ReadableStream & { destroy?: () => void }, max: number, tooLarge: () => ConnectorError): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    total += (chunk as Buffer).length;
    if (total > max) {
      stream.destroy?.();
      throw tooLarge();
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
