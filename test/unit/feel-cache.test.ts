import { configureFeel, feelPool } from '../../worker/runtime/feel-pool';
import { evaluateFeel } from '../../worker/runtime/expressions';

// One thread, so every evaluation sees the same cache.
beforeAll(() => configureFeel({ timeoutMs: 5000, maxMemoryMb: 64, threads: 1 }));
afterAll(() => feelPool().close());

describe('FEEL parse cache', () => {
  it('parses an expression once and reuses the tree for other contexts', async () => {
    const before = feelPool().parses;
    const answers = [];
    for (let n = 0; n < 5; n++) answers.push(await evaluateFeel('={ double: n * 2, key: "k/" + string(n) }', { n }, 'resultExpression'));
    expect(answers).toEqual([0, 1, 2, 3, 4].map((n) => ({ double: n * 2, key: `k/${n}` })));
    expect(feelPool().parses - before).toBe(1);
  });

  it('parses again when the context brings a name with a space, which changes how the text reads', async () => {
    const before = feelPool().parses;
    expect(await evaluateFeel('first name', { 'first name': 'Ada' }, 'x')).toBe('Ada');
    expect(await evaluateFeel('first name', { first: 1, name: 2 }, 'x')).not.toBe('Ada');
    expect(await evaluateFeel('first name', { 'first name': 'Grace' }, 'x')).toBe('Grace');
    expect(feelPool().parses - before).toBe(2);
  });

  it('still reports a broken expression with its position, every time', async () => {
    for (let i = 0; i < 2; i++) {
      await expect(evaluateFeel('={ a: }', {}, 'resultExpression')).rejects.toThrow(/resultExpression is not valid FEEL at position \d+/);
    }
  });
});
