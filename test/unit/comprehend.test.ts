import { readActionInput } from '../../worker/connectors/action-input';
import { codePoints, splitText, utf8Bytes, utf8Prefix } from '../../worker/connectors/comprehend/chunks';
import { selectEntities } from '../../worker/connectors/comprehend/handler';
import { ComprehendDiscriminatorSchema, ComprehendInputSchemas } from '../../worker/connectors/comprehend/schema';

const chars = (s: string) => [...s];

describe('splitText', () => {
  const sentence = (i: number) => `Sentence number ${i} mentions Zürich and 🚀 rockets. `;
  const text = Array.from({ length: 400 }, (_v, i) => sentence(i)).join('');

  test('chunks stay within the byte limit, end at sentence boundaries, and give back the whole text', () => {
    const chunks = splitText(text, 5000);
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) {
      expect(utf8Bytes(c.text)).toBeLessThanOrEqual(5000);
      expect(c.text.endsWith('. ')).toBe(true);
    }
    expect(chunks.map((c) => c.text).join('')).toBe(text);
  });

  test('offsets count code points, so a chunk starts where its text is in the whole', () => {
    const all = chars(text);
    for (const c of splitText(text, 5000)) {
      expect(all.slice(c.offset, c.offset + codePoints(c.text)).join('')).toBe(c.text);
    }
    // The emoji is two UTF-16 units but one code point: the offsets are not string indexes.
    expect(codePoints('🚀')).toBe(1);
    expect(splitText(text, 5000)[1]!.offset).not.toBe(text.indexOf(splitText(text, 5000)[1]!.text));
  });

  test('a sentence over the limit is cut between words, a word over it between code points', () => {
    const long = `${'word '.repeat(3000)}${'é'.repeat(4000)}.`;
    const chunks = splitText(long, 5000);
    for (const c of chunks) expect(utf8Bytes(c.text)).toBeLessThanOrEqual(5000);
    expect(chunks.map((c) => c.text).join('')).toBe(long);
    expect(chunks[0]!.text.endsWith('word ')).toBe(true);
  });

  test('a text longer than the segmenter windows still breaks at sentences only', () => {
    const big = Array.from({ length: 6000 }, (_v, i) => sentence(i)).join('');
    expect(big.length).toBeGreaterThan(200_000);
    const chunks = splitText(big, 5000);
    expect(chunks.map((c) => c.text).join('')).toBe(big);
    for (const c of chunks) expect(c.text.endsWith('. ')).toBe(true);
    const endless = 'word🚀 '.repeat(30_000);
    expect(splitText(endless, 5000).map((c) => c.text).join('')).toBe(endless);
  });

  test('whitespace-only chunks are left out', () => {
    expect(splitText('   ', 10)).toEqual([]);
  });

  test('utf8Prefix never splits a character', () => {
    expect(utf8Prefix('aé🚀', 2)).toBe('a');
    expect(utf8Prefix('aé🚀', 3)).toBe('aé');
    expect(utf8Prefix('aé🚀', 7)).toBe('aé🚀');
  });
});

describe('selectEntities', () => {
  const e = (Text: string, Score: number, BeginOffset: number) => ({ Text, Type: 'PERSON' as const, Score, BeginOffset, EndOffset: BeginOffset + Text.length });

  test('keeps those at or above the level, the highest scored up to the maximum, in text order', () => {
    const all = [e('A', 0.9, 0), e('B', 0.5, 5), e('C', 0.99, 10), e('D', 0.75, 15), e('E', 0.8, 20)];
    expect(selectEntities(all, 0.75, 3).map((x) => x.text)).toEqual(['A', 'C', 'E']);
    expect(selectEntities(all, 0.75, 10).map((x) => x.text)).toEqual(['A', 'C', 'D', 'E']);
    expect(selectEntities(all, 0, 10)[1]).toEqual({ text: 'B', type: 'PERSON', score: 0.5, beginOffset: 5, endOffset: 6 });
  });
});

describe('action names', () => {
  test("the seeds' spelling (ENTITY, KEY_PHRASES) is read as ours", () => {
    const read = (type: string) => readActionInput<{ action: { type: string } }>(ComprehendDiscriminatorSchema, ComprehendInputSchemas, { action: { type, text: 'x' } });
    expect(read('ENTITY').action.type).toBe('entity');
    expect(read('KEY_PHRASES').action.type).toBe('keyPhrases');
    expect(read('PII_ENTITIES').action.type).toBe('piiEntities');
    expect(() => read('TRANSLATE')).toThrow(/action\.type/);
  });
});
