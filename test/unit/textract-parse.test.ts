import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument, parseExpense } from '../../worker/connectors/textract/parse';

// Real Textract answers (Apache-2.0, see the folder's SOURCE.md). Every expected value below is read from
// the fixture's own blocks, not copied by hand.
const FIXTURES = path.resolve(__dirname, '../fakes/aws-ai/fixtures/textract');
const load = (name: string) => JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8'));

interface RawBlock {
  Id: string; BlockType: string; Text?: string; Geometry?: { BoundingBox: { Top: number; Left: number } }; Confidence?: number; EntityTypes?: string[]; Page?: number;
  RowIndex?: number; ColumnIndex?: number; Relationships?: { Type: string; Ids: string[] }[]; Query?: { Text: string; Alias?: string };
}

function index(blocks: RawBlock[]) {
  const byId = new Map(blocks.map((b) => [b.Id, b]));
  const related = (b: RawBlock, type: string) => (b.Relationships ?? []).filter((r) => r.Type === type).flatMap((r) => r.Ids).map((id) => byId.get(id)!).filter(Boolean);
  // A block's content: its words, and a checkbox as its selection status.
  const words = (b: RawBlock & { SelectionStatus?: string }) => related(b, 'CHILD')
    .map((c: RawBlock & { SelectionStatus?: string }) => (c.BlockType === 'WORD' ? c.Text : c.BlockType === 'SELECTION_ELEMENT' ? c.SelectionStatus : undefined))
    .filter(Boolean).join(' ');
  return { related, words };
}

const sorted = (xs: string[]) => [...xs].sort();

describe.each(['multi-page-forms-samples-2-page.json', 'test-response.json', 'test-multicol-response.json', 'test-query-response.json'])('%s', (name) => {
  const raw = load(name);
  const blocks = raw.Blocks as RawBlock[];
  const parsed = parseDocument(raw, 0);
  const { related, words } = index(blocks);

  test('every LINE once, and the page count', () => {
    expect(sorted(parsed.text.split('\n'))).toEqual(sorted(blocks.filter((b) => b.BlockType === 'LINE').map((b) => b.Text!)));
    expect(parsed.pages).toBe(blocks.filter((b) => b.BlockType === 'PAGE').length);
  });

  test('tables: by page then top to bottom, dimensions and every word of each cell', () => {
    const top = (b: RawBlock) => b.Geometry!.BoundingBox.Top;
    const tables = blocks.filter((b) => b.BlockType === 'TABLE').sort((a, b) => (a.Page ?? 1) - (b.Page ?? 1) || top(a) - top(b));
    expect(parsed.tables).toHaveLength(tables.length);
    tables.forEach((table, i) => {
      expect(parsed.tables[i].page).toBe(table.Page ?? 1);
      const cells = related(table, 'CHILD').filter((c) => c.BlockType === 'CELL');
      const rows = Math.max(...cells.map((c) => c.RowIndex!));
      const cols = Math.max(...cells.map((c) => c.ColumnIndex!));
      expect(parsed.tables[i].rows).toHaveLength(rows);
      for (const row of parsed.tables[i].rows) expect(row).toHaveLength(cols);
      for (const cell of cells) {
        // Merged cells repeat their text across the cells they span.
        for (const word of related(cell, 'CHILD').filter((w) => w.BlockType === 'WORD')) {
          expect(parsed.tables[i].rows[cell.RowIndex! - 1][cell.ColumnIndex! - 1]).toContain(word.Text);
        }
      }
    });
  });

  test('key-values: every key with its value', () => {
    const keys = blocks.filter((b) => (b.BlockType === 'KEY_VALUE_SET' && b.EntityTypes?.includes('KEY')) || b.BlockType === 'KEY');
    const expected = keys.map((k) => ({ key: words(k), value: related(k, 'VALUE').map((v) => words(v)).join(' ') }));
    expect(sorted(parsed.keyValues.map((kv) => `${kv.key} => ${kv.value}`))).toEqual(sorted(expected.map((kv) => `${kv.key} => ${kv.value}`)));
  });

  test('queries: alias, question and the answer block\'s text', () => {
    const queries = blocks.filter((b) => b.BlockType === 'QUERY');
    expect(parsed.queries.map((q) => ({ alias: q.alias, question: q.question, answer: q.answer }))).toEqual(queries.map((q) => ({
      alias: q.Query!.Alias ?? null,
      question: q.Query!.Text,
      answer: related(q, 'ANSWER')[0]?.Text ?? null,
    })));
  });

  test('confidenceLevel (0..1) leaves out lines under it', () => {
    const lines = blocks.filter((b) => b.BlockType === 'LINE');
    const median = sorted(lines.map((l) => String(l.Confidence!).padStart(20, '0'))).map(Number)[Math.floor(lines.length / 2)];
    const kept = parseDocument(raw, median / 100).text.split('\n').filter(Boolean);
    expect(kept).toHaveLength(lines.filter((l) => l.Confidence! >= median).length);
  });
});

test('expense: summary fields and line items from the expense documents', () => {
  const raw = load('invoice-expense-response.json');
  const parsed = parseExpense(raw, 0);
  type Field = { Type?: { Text?: string }; LabelDetection?: { Text?: string }; ValueDetection?: { Text?: string } };
  const docs = raw.ExpenseDocuments as { SummaryFields: Field[]; LineItemGroups: { LineItems: { LineItemExpenseFields: Field[] }[] }[] }[];
  const summary = docs.flatMap((d) => d.SummaryFields);
  expect(parsed.summaryFields.map((f) => [f.type, f.value])).toEqual(summary.map((f) => [f.Type?.Text, f.ValueDetection?.Text ?? '']));
  const items = docs.flatMap((d) => d.LineItemGroups.flatMap((g) => g.LineItems));
  expect(parsed.lineItems).toHaveLength(items.length);
  expect(parsed.lineItems.map((item) => item.map((f) => f.value))).toEqual(items.map((i) => i.LineItemExpenseFields.map((f) => f.ValueDetection?.Text ?? '')));
});

test('an answer that is not a Textract answer is INVALID_RESULT_FORMAT', () => {
  expect(() => parseDocument({ Blocks: 'nope' }, 0)).toThrow(expect.objectContaining({ code: 'INVALID_RESULT_FORMAT' }));
});
