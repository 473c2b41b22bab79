import { Readable } from 'node:stream';
import { readHead } from '../../worker/runtime/read-head';

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

describe('readHead', () => {
  it('answers a body that ends within the limit whole', async () => {
    const head = await readHead(Readable.from([Buffer.from('ab'), Buffer.from('cd')]), 4);
    expect(head).toEqual({ whole: true, body: Buffer.from('abcd') });
  });

  it('answers a longer body as a stream of all its bytes, in order', async () => {
    const parts = Array.from({ length: 50 }, (_, i) => Buffer.alloc(1000, i));
    const head = await readHead(Readable.from(parts), 4096);
    expect(head.whole).toBe(false);
    if (head.whole) return;
    expect((await collect(head.stream)).equals(Buffer.concat(parts))).toBe(true);
  });

  it('stops reading once over the limit', async () => {
    let pulled = 0;
    const source = new Readable({ highWaterMark: 1024, read() { pulled += 1; this.push(Buffer.alloc(1024)); } });
    const head = await readHead(source, 2048);
    expect(head.whole).toBe(false);
    await new Promise((r) => setTimeout(r, 20));
    expect(pulled).toBeLessThan(20); // paused: only the stream's own read-ahead, not the endless body
    source.destroy();
  });

  it('passes on an error of the source, before or after the limit', async () => {
    const early = new Readable({ read() { this.destroy(new Error('gone')); } });
    await expect(readHead(early, 10)).rejects.toThrow('gone');
    let n = 0;
    const late = new Readable({ read() { if (++n > 3) this.destroy(new Error('cut')); else this.push(Buffer.alloc(100)); } });
    const head = await readHead(late, 150);
    if (head.whole) throw new Error('expected a stream');
    await expect(collect(head.stream)).rejects.toThrow('cut');
  });
});
