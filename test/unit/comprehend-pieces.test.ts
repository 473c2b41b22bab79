/**
 * How a long text's pieces are put back together: batches answered in the order of the text, offsets moved
 * into the whole text, and the whole text's sentiment from its chunks' sentiments.
 */
import { BATCH_MAX_ITEMS, inBatches, type BatchAnswer } from '../../worker/connectors/comprehend/batches';
import { codePoints, splitText } from '../../worker/connectors/comprehend/chunks';
import { shifted } from '../../worker/connectors/comprehend/entities';
import { JOB_FILE_MAX_BYTES, jobInput } from '../../worker/connectors/comprehend/job-input';
import { aggregateSentiment } from '../../worker/connectors/comprehend/sentiment';
import { ConnectorError } from '../../worker/runtime/errors';

/** A Batch* answer for the texts: each text's length, the results in reverse order as AWS may list them. */
const lengths = async (texts: string[]): Promise<BatchAnswer<{ length: number }>> => ({
  ResultList: texts.map((t, Index) => ({ Index, length: codePoints(t) })).reverse(),
  ErrorList: [],
});

describe('inBatches', () => {
  const text = Array.from({ length: 60 }, (_v, i) => `Sentence ${i} of the text, with 🚀. `).join('');
  const chunks = splitText(text, 40);

  test('sends 25 chunks a call and answers every chunk in the order of the text', async () => {
    const sent: number[] = [];
    const results = await inBatches(chunks, 'BatchDetectTest', async (texts) => {
      sent.push(texts.length);
      return lengths(texts);
    }, {});
    expect(chunks.length).toBe(60);
    expect(sent).toEqual([BATCH_MAX_ITEMS, BATCH_MAX_ITEMS, 10]);
    expect(results.map((r) => r.chunk)).toEqual(chunks);
    expect(results.map((r) => r.result.length)).toEqual(chunks.map((c) => codePoints(c.text)));
  });

  test('a chunk in ErrorList fails with its code and says which chunk', async () => {
    const err = await inBatches(chunks, 'BatchDetectTest', async (texts) => ({
      ResultList: [], ErrorList: [{ Index: texts.length === BATCH_MAX_ITEMS ? 3 : 0, ErrorCode: 'TEXT_SIZE_LIMIT_EXCEEDED', ErrorMessage: 'too long' }],
    }), {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectorError);
    expect(err).toMatchObject({ code: 'TEXT_SIZE_LIMIT_EXCEEDED' });
    expect((err as Error).message).toContain('chunk 4 of 60');
  });

  test('an answer missing a chunk, or naming one not sent, is INVALID_RESULT_FORMAT', async () => {
    const short = await inBatches(chunks, 'BatchDetectTest', async (texts) => ({ ResultList: (await lengths(texts)).ResultList!.slice(1) }), {}).catch((e: unknown) => e);
    expect(short).toMatchObject({ code: 'INVALID_RESULT_FORMAT' });
    const extra = await inBatches(chunks, 'BatchDetectTest', async () => ({ ResultList: [{ Index: 99, length: 0 }] }), {}).catch((e: unknown) => e);
    expect(extra).toMatchObject({ code: 'INVALID_RESULT_FORMAT' });
  });
});

describe('shifted', () => {
  test('offsets found in a chunk point at the same text in the whole', () => {
    const text = 'Zürich 🚀 first. Then Ada wrote to Ada Lovelace. Ada again 🚀.';
    const all = [...text];
    for (const chunk of splitText(text, 12)) {
      const i = [...chunk.text].join('').indexOf('Ada');
      if (i < 0) continue;
      const begin = codePoints(chunk.text.slice(0, i));
      const placed = shifted({ Text: 'Ada', BeginOffset: begin, EndOffset: begin + 3 }, chunk.offset);
      expect(all.slice(placed.BeginOffset, placed.EndOffset).join('')).toBe('Ada');
      expect(placed.Text).toBe('Ada');
    }
  });
});

describe('aggregateSentiment', () => {
  const score = (Positive: number, Negative: number, Neutral: number, Mixed: number) => ({ Positive, Negative, Neutral, Mixed });

  test('scores are the means weighted by bytes; the sentiment is the label of the highest mean', () => {
    const whole = aggregateSentiment([
      { bytes: 1000, SentimentScore: score(0.9, 0.02, 0.06, 0.02) },
      { bytes: 3000, SentimentScore: score(0.1, 0.7, 0.1, 0.1) },
    ]);
    expect(whole.SentimentScore.Positive).toBeCloseTo((0.9 * 1000 + 0.1 * 3000) / 4000, 10);
    expect(whole.SentimentScore.Negative).toBeCloseTo((0.02 * 1000 + 0.7 * 3000) / 4000, 10);
    expect(whole.SentimentScore.Neutral).toBeCloseTo((0.06 * 1000 + 0.1 * 3000) / 4000, 10);
    expect(whole.SentimentScore.Mixed).toBeCloseTo((0.02 * 1000 + 0.1 * 3000) / 4000, 10);
    expect(whole.Sentiment).toBe('NEGATIVE');
  });

  test('a short positive piece does not outweigh a long neutral one, though an unweighted mean would say POSITIVE', () => {
    const parts = [
      { bytes: 5000, SentimentScore: score(0.3, 0.05, 0.6, 0.05) },
      { bytes: 200, SentimentScore: score(0.99, 0, 0.01, 0) },
    ];
    expect(aggregateSentiment(parts).Sentiment).toBe('NEUTRAL');
    expect((0.3 + 0.99) / 2).toBeGreaterThan((0.6 + 0.01) / 2);
  });

  test('a tie goes to the first of POSITIVE, NEGATIVE, NEUTRAL, MIXED; no pieces is all zero', () => {
    expect(aggregateSentiment([{ bytes: 10, SentimentScore: score(0.4, 0.4, 0.1, 0.1) }]).Sentiment).toBe('POSITIVE');
    expect(aggregateSentiment([{ bytes: 10, SentimentScore: score(0.1, 0.4, 0.4, 0.1) }]).Sentiment).toBe('NEGATIVE');
    expect(aggregateSentiment([])).toEqual({ Sentiment: 'POSITIVE', SentimentScore: score(0, 0, 0, 0) });
  });
});

describe('jobInput', () => {
  const text = Array.from({ length: 3000 }, (_v, i) => `Line ${i} says café 🚀.\r\nAnd goes on.\n`).join('');

  test('one document per file: each file a part of the text, found again by its name', () => {
    const input = jobInput(text, 20_000, false);
    expect(input.format).toBe('ONE_DOC_PER_FILE');
    expect(input.files.map((f) => f.body)).toEqual(input.parts.map((p) => p.text));
    expect(input.parts.map((p) => p.text).join('')).toBe(text);
    input.files.forEach((f, i) => expect(input.partOf(f.name, undefined)).toBe(i));
    expect(input.partOf('part-99999.txt', undefined)).toBeUndefined();
  });

  test('one document per line: line breaks become spaces (same code points), files within 1 MB, each line found again', () => {
    const input = jobInput(text, 5000, true);
    expect(input.format).toBe('ONE_DOC_PER_LINE');
    expect(input.files.length).toBeGreaterThanOrEqual(1);
    const seen: number[] = [];
    for (const f of input.files) {
      expect(Buffer.byteLength(f.body)).toBeLessThanOrEqual(JOB_FILE_MAX_BYTES);
      const lines = f.body.split('\n');
      expect(lines.pop()).toBe('');
      lines.forEach((line, n) => {
        const i = input.partOf(f.name, n)!;
        seen.push(i);
        expect(line).not.toMatch(/[\r\n]/);
        expect([...line]).toHaveLength(codePoints(input.parts[i]!.text));
        expect(line).toBe(input.parts[i]!.text.replace(/[\r\n]/g, ' '));
      });
    }
    expect(seen).toEqual(input.parts.map((_p, i) => i));
  });

  test('many small documents share files: a 1.1 MB text in 5 KB documents is 2 files, not 220', () => {
    const big = 'A sentence of the long text, with é. '.repeat(29_000);
    expect(Buffer.byteLength(big)).toBeGreaterThan(JOB_FILE_MAX_BYTES);
    const input = jobInput(big, 5000, true);
    expect(input.parts.length).toBeGreaterThan(200);
    expect(input.files).toHaveLength(2);
  });
});
