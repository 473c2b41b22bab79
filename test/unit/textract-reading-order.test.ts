import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from '../../worker/connectors/textract/parse';
import { lineIdsInReadingOrder, linesInReadingOrder, readTables, type RawBlock } from '../../worker/connectors/textract/reading-order';

// Real Textract answers (Apache-2.0, see the folder's SOURCE.md); the synthetic pages below are built here.
const FIXTURES = path.resolve(__dirname, '../fakes/aws-ai/fixtures/textract');
const load = (name: string) => JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8')) as { Blocks: RawBlock[] };

function relatedOf(blocks: RawBlock[]) {
  const byId = new Map(blocks.map((b) => [b.Id, b]));
  return (b: RawBlock, type: string) => (b.Relationships ?? []).filter((r) => r.Type === type).flatMap((r) => r.Ids ?? []).map((id) => byId.get(id)!);
}

describe('real answers', () => {
  test('check-box cells: the box state next to its word, and each box in structured form (multi-page form, page 1)', () => {
    const parsed = parseDocument(load('multi-page-forms-samples-2-page.json'), 0);
    const first = parsed.tables[0];
    expect(first.page).toBe(1);
    expect(first.rows.map((row) => row[2])).toEqual(['[X] Yes [ ] No', '[ ] Yes [X] No', '[ ] Yes [X] No', '[ ] Yes [X] No', '[X] Yes [ ] No', '[ ] Yes [X] No']);
    expect(first.checkboxes.slice(0, 4)).toEqual([
      { row: 1, column: 3, label: 'Yes', selected: true }, { row: 1, column: 3, label: 'No', selected: false },
      { row: 2, column: 3, label: 'Yes', selected: false }, { row: 2, column: 3, label: 'No', selected: true },
    ]);
    expect(parsed.tables.map((t) => t.page)).toEqual([1, 2]);
  });

  test('a label on its own line is followed by its value (multi-page form: the emergency contacts)', () => {
    const text = parseDocument(load('multi-page-forms-samples-2-page.json'), 0).text.split('\n');
    const from = text.indexOf('Emergency Contact 1:');
    expect(text.slice(from, from + 7)).toEqual(['Emergency Contact 1:', 'First Name:', 'CARLOS', 'Last Name: SALAZAR', 'Phone: 212-555-0150', 'Relationship to Patient:', 'BROTHER']);
  });

  test('without layout blocks, forms or tables: Textract\'s own line order (two-column page)', () => {
    const raw = load('test-multicol-response.json');
    expect(parseDocument(raw, 0).text.split('\n')).toEqual(raw.Blocks.filter((b) => b.BlockType === 'LINE').map((b) => b.Text));
  });

  describe.each(['test-response.json', 'multi-page-forms-samples-2-page.json', 'test-query-response.json'])('%s', (name) => {
    const raw = load(name);
    const related = relatedOf(raw.Blocks);
    const lineOfWord = new Map<string, RawBlock>();
    for (const line of raw.Blocks.filter((b) => b.BlockType === 'LINE')) for (const w of related(line, 'CHILD')) lineOfWord.set(w.Id!, line);
    const linesOf = (b: RawBlock) => [...new Set(related(b, 'CHILD').map((w) => lineOfWord.get(w.Id!)).filter((l): l is RawBlock => l !== undefined))];
    const order = lineIdsInReadingOrder(raw.Blocks);
    const at = (line: RawBlock) => order.indexOf(line.Id!);

    test('a table\'s lines come together, row by row', () => {
      for (const table of raw.Blocks.filter((b) => b.BlockType === 'TABLE')) {
        const cells = related(table, 'CHILD').filter((c) => c.BlockType === 'CELL').sort((a, b) => a.RowIndex! - b.RowIndex! || a.ColumnIndex! - b.ColumnIndex!);
        const lines = [...new Set(cells.flatMap(linesOf))];
        // Row-major lines are consecutive in the reading order.
        const start = at(lines[0]);
        expect(order.slice(start, start + lines.length)).toEqual(lines.map((l) => l.Id));
      }
    });

    test('a form value\'s lines follow the line that ends its label', () => {
      const inTable = new Set(raw.Blocks.filter((b) => b.BlockType === 'CELL').flatMap(linesOf).map((l) => l.Id));
      const keys = raw.Blocks.filter((b) => b.BlockType === 'KEY' || (b.BlockType === 'KEY_VALUE_SET' && b.EntityTypes?.includes('KEY')));
      let checked = 0;
      for (const key of keys) {
        const keyLines = linesOf(key);
        const last = keyLines.at(-1);
        const values = related(key, 'VALUE').flatMap(linesOf).filter((l) => !keyLines.includes(l));
        if (!last || values.length === 0 || inTable.has(last.Id) || values.some((v) => inTable.has(v.Id))) continue;
        // The value sits right after its label unless another key on the same line was read first.
        const sharing = keys.filter((k) => linesOf(k).at(-1) === last).flatMap((k) => related(k, 'VALUE').flatMap(linesOf)).length;
        const gap = at(values[0]) - at(last);
        if (gap < 0) continue; // the value line was read before, as another key's label or value
        expect(gap).toBeGreaterThanOrEqual(1);
        expect(gap).toBeLessThanOrEqual(sharing);
        checked += 1;
      }
      if (name === 'multi-page-forms-samples-2-page.json') expect(checked).toBeGreaterThan(0);
    });
  });
});

describe('real LAYOUT answers (AnalyzeDocument with LAYOUT)', () => {
  const textractLines = (raw: { Blocks: RawBlock[] }) => raw.Blocks.filter((b) => b.BlockType === 'LINE').map((b) => b.Text!);
  const run = (text: string[], first: string, length: number) => text.slice(text.indexOf(first), text.indexOf(first) + length);

  test('paystub, two columns: each column\'s block is read whole, where Textract\'s own order interleaves them', () => {
    const raw = load('paystub-response.json');
    const text = parseDocument(raw, 0).text.split('\n');
    const left = ['Social Security Number: 987-65-4321', 'Taxable Marital Status: Married', 'Exemptions/Allowances:', 'Federal: 3. $25 Additional Tax', 'State: 2', 'Local: 2'];
    const right = ['JOHN STILES', '101 MAIN STREET', 'ANYTOWN, USA 12345'];
    expect(run(text, left[0], 9)).toEqual([...left, ...right]);
    // What the layout blocks fix: Textract's line order runs across the two columns.
    expect(run(textractLines(raw), left[0], 9)).toEqual([left[0], left[1], right[0], left[2], right[1], left[3], right[2], left[4], left[5]]);
  });

  test('paystub: the page header, the address, then the statement\'s title with its dates, in the LAYOUT order', () => {
    const text = parseDocument(load('paystub-response.json'), 0).text.split('\n');
    expect(text.slice(0, 11)).toEqual([
      'CO. FILE DEPT. CLOCK NUMBER', 'ABC 126543 123456 12345 00000000', '1',
      'ANY COMPANY CORP.', '475 ANY AVENUE', 'ANYTOWN USA 10101',
      'Earnings Statement', 'Period ending:', '7/18/2008', 'Pay date:', '7/25/2008',
    ]);
  });

  test('paystub: a LAYOUT_TABLE is read row by row, and the next column\'s notes come whole after it', () => {
    const text = parseDocument(load('paystub-response.json'), 0).text.split('\n');
    expect(run(text, 'Earnings', 20)).toEqual([
      'Earnings', 'rate', 'hours', 'this period', 'year to date',
      'Regular', '10.00', '32.00', '320.00', '16,640.00',
      'Overtime', '15.00', '1.00', '15.00', '780.00',
      'Holiday', '10.00', '8.00', '80.00', '4,160.00',
    ]);
    expect(run(text, 'Important Notes', 7)).toEqual([
      'Important Notes', 'EFFECTIVE THIS PAY PERIOD YOUR REGULAR', 'HOURLY RATE HAS BEEN CHANGED FROM $8.00', 'TO $10.00 PER HOUR',
      'WE WILL BE STARTING OUR UNITED WAY FUND', 'DRIVE SOON AND LOOK FORWARD TO YOUR', 'PARTICIPATION',
    ]);
  });

  test('financial document: headers, title, paragraphs, the table row by row, the list\'s items, the page number last', () => {
    const text = parseDocument(load('financial-document-response.json'), 0).text.split('\n');
    expect(text.slice(0, 3)).toEqual(['IV. Administered Accounts', expect.stringMatching(/^At October 31, 2021 and for the six months then ended/), 'ADMINISTERED ACCOUNTS']);
    const tableStart = text.indexOf('April 30,');
    expect(text[tableStart - 1]).toMatch(/^The changes in total assets of these accounts were/);
    // The header row, cell by cell, left to right (Textract lists the second row's words before the third column's).
    expect(text.slice(tableStart, tableStart + 8)).toEqual(['April 30,', '2021', 'Contributions / Net income / Transfers', 'transfers in', '(loss)', 'out', 'October 31,', '2021']);
    expect(run(text, 'Supplementary Financing Facility Subsidy Account', 6)).toEqual(['Supplementary Financing Facility Subsidy Account', '0.9', '-', '**', '(0.9)', '-']);
    // The LAYOUT_LIST's items (its LAYOUT_TEXT children), in the list's order.
    const items = ['**', 'Less than US$50,000.', '1 One member (Sudan)', 'approved subsidy payments', 'terminated', '2', 'Sudan Administered Account and', 'fundraising for', 'received about SDR 653 million', 'SDR 210 million', '3 Transfer out', '4 The account is still open'];
    expect(text.slice(-items.length - 1, -1).map((l, i) => l.startsWith(items[i]))).toEqual(items.map(() => true));
    expect(text.at(-1)).toBe('57');
  });

  describe.each(['paystub-response.json', 'financial-document-response.json'])('%s', (name) => {
    const raw = load(name);
    const related = relatedOf(raw.Blocks);
    const order = lineIdsInReadingOrder(raw.Blocks);
    const inTable = new Set(raw.Blocks.filter((b) => b.BlockType === 'CELL').flatMap((c) => related(c, 'CHILD'))
      .flatMap((w) => raw.Blocks.filter((l) => l.BlockType === 'LINE' && related(l, 'CHILD').includes(w))).map((l) => l.Id));

    test('every line once', () => {
      expect([...order].sort()).toEqual(raw.Blocks.filter((b) => b.BlockType === 'LINE').map((b) => b.Id!).sort());
    });

    test('a layout block\'s lines (outside tables) are consecutive, in its order, and blocks follow the LAYOUT order', () => {
      const starts: number[] = [];
      for (const layout of raw.Blocks.filter((b) => b.BlockType?.startsWith('LAYOUT_') && b.BlockType !== 'LAYOUT_TABLE' && b.BlockType !== 'LAYOUT_LIST')) {
        const lines = related(layout, 'CHILD').filter((c) => c.BlockType === 'LINE' && !inTable.has(c.Id));
        if (lines.length === 0) continue;
        const start = order.indexOf(lines[0].Id!);
        expect(order.slice(start, start + lines.length)).toEqual(lines.map((l) => l.Id));
        starts.push(start);
      }
      expect(starts.length).toBeGreaterThan(5);
      expect(starts).toEqual([...starts].sort((a, b) => a - b));
    });
  });

  test('tables by page, then top to bottom', () => {
    expect(readTables(load('paystub-response.json').Blocks, 0).map((t) => t.rows[0][0])).toEqual(['CO.', 'Period ending:', 'Earnings', '', 'Deductions', 'Payroll check number:', 'Pay to the order of:']);
  });
});

// ---- synthetic pages: the geometry and relationships of a real answer, made small ----

let n = 0;
const box = (Left: number, Top: number, Width = 0.2, Height = 0.02) => ({ BoundingBox: { Left, Top, Width, Height } });
function line(text: string, left: number, top: number): RawBlock[] {
  const word: RawBlock = { Id: `w${++n}`, BlockType: 'WORD', Text: text, Confidence: 99, Geometry: box(left, top) };
  return [{ Id: `l${n}`, BlockType: 'LINE', Text: text, Confidence: 99, Geometry: box(left, top), Relationships: [{ Type: 'CHILD', Ids: [word.Id!] }] }, word];
}
const lineId = (blocks: RawBlock[], text: string) => blocks.find((b) => b.BlockType === 'LINE' && b.Text === text)!.Id!;

test('with layout: the layout blocks\' order keeps a column\'s lines together', () => {
  // Textract's line order runs across the columns: A1 B1 A2 B2.
  const blocks = [...line('A1', 0.1, 0.1), ...line('B1', 0.6, 0.1), ...line('A2', 0.1, 0.2), ...line('B2', 0.6, 0.2)];
  expect(linesInReadingOrder(blocks, 0)).toEqual(['A1', 'B1', 'A2', 'B2']);
  const layout = (id: string, texts: string[]): RawBlock => ({ Id: id, BlockType: 'LAYOUT_TEXT', Relationships: [{ Type: 'CHILD', Ids: texts.map((t) => lineId(blocks, t)) }] });
  expect(linesInReadingOrder([...blocks, layout('colA', ['A1', 'A2']), layout('colB', ['B1', 'B2'])], 0)).toEqual(['A1', 'A2', 'B1', 'B2']);
});

test('a table is read row by row even where Textract lists its lines column by column', () => {
  const blocks = [...line('Name', 0.1, 0.1), ...line('Ada', 0.1, 0.2), ...line('Age', 0.5, 0.1), ...line('36', 0.5, 0.2)];
  const cell = (text: string, RowIndex: number, ColumnIndex: number): RawBlock => ({
    Id: `c${text}`, BlockType: 'CELL', RowIndex, ColumnIndex, Confidence: 90, Relationships: [{ Type: 'CHILD', Ids: [blocks.find((b) => b.BlockType === 'WORD' && b.Text === text)!.Id!] }],
  });
  const cells = [cell('Name', 1, 1), cell('Age', 1, 2), cell('Ada', 2, 1), cell('36', 2, 2)];
  const table: RawBlock = { Id: 't', BlockType: 'TABLE', Page: 1, Geometry: box(0.1, 0.1, 0.6, 0.2), Relationships: [{ Type: 'CHILD', Ids: cells.map((c) => c.Id!) }] };
  expect(linesInReadingOrder([...blocks, ...cells, table], 0)).toEqual(['Name', 'Age', 'Ada', '36']);
  expect(readTables([...blocks, ...cells, table], 0)).toEqual([{ page: 1, rows: [['Name', 'Age'], ['Ada', '36']], checkboxes: [] }]);
});

test('tables are ordered by page, then top to bottom, not by block order', () => {
  const table = (Id: string, Page: number, top: number): RawBlock => ({ Id, BlockType: 'TABLE', Page, Geometry: box(0.1, top), Relationships: [{ Type: 'CHILD', Ids: [`${Id}c`] }] });
  const cell = (Id: string, word: string): RawBlock[] => [
    { Id: `${Id}c`, BlockType: 'CELL', RowIndex: 1, ColumnIndex: 1, Confidence: 90, Relationships: [{ Type: 'CHILD', Ids: [`${Id}w`] }] },
    { Id: `${Id}w`, BlockType: 'WORD', Text: word, Geometry: box(0.1, 0.1) },
  ];
  const blocks = [table('low', 1, 0.7), ...cell('low', 'low'), table('p2', 2, 0.1), ...cell('p2', 'p2'), table('high', 1, 0.2), ...cell('high', 'high')];
  expect(readTables(blocks, 0).map((t) => t.rows[0][0])).toEqual(['high', 'low', 'p2']);
});

// ---- rotated and skewed scans: a real answer's geometry turned as a scanner would turn the page ----

type Point = { X: number; Y: number };
/** The answer of the same page scanned turned by `degrees` clockwise: every polygon moved, every bounding box rebuilt from it. */
function scannedTurned(raw: { Blocks: RawBlock[] }, degrees: number): { Blocks: RawBlock[] } {
  const quarter: Record<number, (p: Point) => Point> = {
    90: (p) => ({ X: 1 - p.Y, Y: p.X }),
    180: (p) => ({ X: 1 - p.X, Y: 1 - p.Y }),
    270: (p) => ({ X: p.Y, Y: 1 - p.X }),
  };
  const a = (degrees * Math.PI) / 180;
  const turn = quarter[degrees] ?? ((p: Point) => ({
    X: 0.5 + (p.X - 0.5) * Math.cos(a) - (p.Y - 0.5) * Math.sin(a),
    Y: 0.5 + (p.X - 0.5) * Math.sin(a) + (p.Y - 0.5) * Math.cos(a),
  }));
  const blocks = structuredClone(raw.Blocks) as (RawBlock & { Geometry?: { Polygon?: Point[] } })[];
  for (const b of blocks) {
    const polygon = b.Geometry?.Polygon?.map(turn);
    if (!polygon?.length) continue;
    const xs = polygon.map((p) => p.X), ys = polygon.map((p) => p.Y);
    b.Geometry = { Polygon: polygon, BoundingBox: { Left: Math.min(...xs), Top: Math.min(...ys), Width: Math.max(...xs) - Math.min(...xs), Height: Math.max(...ys) - Math.min(...ys) } };
  }
  return { Blocks: blocks };
}

describe.each(['multi-page-forms-samples-2-page.json', 'financial-document-response.json', 'test-response.json', 'paystub-response.json'])('%s scanned turned or skewed', (name) => {
  const raw = load(name);
  const upright = parseDocument(raw, 0);
  const multiWordCells = upright.tables.flatMap((t) => t.rows.flat()).filter((c) => c.includes(' ')).length;

  test('the recorded answer has cells of several words', () => {
    expect(multiWordCells).toBeGreaterThan(3);
  });

  test.each([90, 180, 270, 3, -3, 93, 177])('turned %i degrees: the same cells, text and table order', (degrees) => {
    const turned = parseDocument(scannedTurned(raw, degrees), 0);
    expect(turned.tables).toEqual(upright.tables);
    expect(turned.text).toEqual(upright.text);
  });
});

test('a cell\'s words on a page turned upside down: "Value 1.1.1", not "1.1.1 Value"', () => {
  const word = (Id: string, Text: string, x: number): RawBlock => ({
    Id, BlockType: 'WORD', Text, Confidence: 99,
    // Upside down: the word's first polygon point (its top-left as read) is at the bottom right of its box.
    Geometry: { BoundingBox: { Left: x, Top: 0.5, Width: 0.1, Height: 0.02 }, Polygon: [{ X: x + 0.1, Y: 0.52 }, { X: x, Y: 0.52 }, { X: x, Y: 0.5 }, { X: x + 0.1, Y: 0.5 }] } as RawBlock['Geometry'],
  });
  const blocks: RawBlock[] = [
    word('v', 'Value', 0.6), word('n', '1.1.1', 0.4),
    { Id: 'c', BlockType: 'CELL', RowIndex: 1, ColumnIndex: 1, Confidence: 90, Relationships: [{ Type: 'CHILD', Ids: ['n', 'v'] }] },
    { Id: 't', BlockType: 'TABLE', Page: 1, Relationships: [{ Type: 'CHILD', Ids: ['c'] }] },
  ];
  expect(readTables(blocks, 0)[0].rows).toEqual([['Value 1.1.1']]);
});
