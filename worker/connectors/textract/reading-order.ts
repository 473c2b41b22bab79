/**
 * Textract's blocks read as a person reads the page: the text's line order, the content of table cells
 * (check boxes included) and the order of tables. Works on the raw blocks, every page merged.
 */

import { PageOrientation, type Geometry, type UprightBox } from './page-orientation';

export interface RawBlock {
  Id?: string;
  BlockType?: string;
  Text?: string;
  Confidence?: number;
  Page?: number;
  RowIndex?: number;
  ColumnIndex?: number;
  RowSpan?: number;
  ColumnSpan?: number;
  SelectionStatus?: string;
  EntityTypes?: string[];
  Geometry?: Geometry;
  Relationships?: { Type?: string; Ids?: string[] }[];
}

export interface Checkbox { row: number; column: number; label: string; selected: boolean }
export interface ReadTable { page: number; rows: string[][]; checkboxes: Checkbox[] }

class Blocks {
  readonly byId = new Map<string, RawBlock>();
  /** The LINE each WORD belongs to. */
  readonly lineOfWord = new Map<string, string>();
  readonly orientation: PageOrientation;

  constructor(readonly all: RawBlock[]) {
    this.orientation = new PageOrientation(all);
    for (const b of all) if (b.Id) this.byId.set(b.Id, b);
    for (const line of this.ofType('LINE')) for (const word of this.related(line, 'CHILD')) this.lineOfWord.set(word.Id!, line.Id!);
  }

  ofType(type: string): RawBlock[] {
    return this.all.filter((b) => b.BlockType === type && b.Id);
  }

  related(block: RawBlock, type: string): RawBlock[] {
    return (block.Relationships ?? []).filter((r) => r.Type === type).flatMap((r) => r.Ids ?? [])
      .map((id) => this.byId.get(id)).filter((b): b is RawBlock => b !== undefined);
  }

  /** The lines holding a block's words, in the order the words come. */
  linesOf(block: RawBlock): string[] {
    const lines = this.related(block, 'CHILD').map((w) => this.lineOfWord.get(w.Id!)).filter((id): id is string => id !== undefined);
    return [...new Set(lines)];
  }

  /** A cell's (or merged cell's) children: its own, or those of the cells it merges. */
  cellChildren(cell: RawBlock): RawBlock[] {
    if (cell.BlockType !== 'MERGED_CELL') return this.related(cell, 'CHILD');
    return this.related(cell, 'CHILD').sort(byRowThenColumn).flatMap((c) => this.related(c, 'CHILD'));
  }
}

const byRowThenColumn = (a: RawBlock, b: RawBlock) => (a.RowIndex ?? 0) - (b.RowIndex ?? 0) || (a.ColumnIndex ?? 0) - (b.ColumnIndex ?? 0);

/** Left to right on one text line (boxes overlapping vertically by half), else top to bottom; in the page's orientation. */
function inLineOrder(a: UprightBox, b: UprightBox): number {
  const overlap = Math.min(a.top + a.height, b.top + b.height) - Math.max(a.top, b.top);
  const sameLine = overlap > 0.5 * Math.min(a.height, b.height);
  return sameLine ? a.left - b.left : a.top - b.top;
}

/** A cell's text with its check boxes where they stand (`[X] Yes [ ] No`), and each box with the words after it. */
function cellContent(cell: RawBlock, blocks: Blocks): { text: string; boxes: { label: string; selected: boolean }[] } {
  const items = blocks.cellChildren(cell).filter((c) => c.BlockType === 'WORD' || c.BlockType === 'SELECTION_ELEMENT')
    .map((block) => ({ block, box: blocks.orientation.box(block) })).sort((a, b) => inLineOrder(a.box, b.box)).map((i) => i.block);
  const boxes: { label: string[]; selected: boolean }[] = [];
  const tokens = items.map((item) => {
    if (item.BlockType === 'WORD') {
      boxes.at(-1)?.label.push(item.Text ?? '');
      return item.Text ?? '';
    }
    const selected = item.SelectionStatus === 'SELECTED';
    boxes.push({ label: [], selected });
    return selected ? '[X]' : '[ ]';
  });
  return { text: tokens.join(' '), boxes: boxes.map((b) => ({ label: b.label.join(' '), selected: b.selected })) };
}

/**
 * Every table as a full grid (a merged cell's text in every cell it spans; cells under `min` confidence
 * empty), with its check boxes, ordered by page, then top to bottom as the page reads.
 */
export function readTables(all: RawBlock[], min: number): ReadTable[] {
  const blocks = new Blocks(all);
  const tables = blocks.ofType('TABLE').map((table, i) => ({ table, i, top: blocks.orientation.box(table).top })).sort((a, b) =>
    (a.table.Page ?? 1) - (b.table.Page ?? 1) || a.top - b.top || a.i - b.i);
  return tables.map(({ table }) => {
    const cells = blocks.related(table, 'CHILD').filter((c) => c.BlockType === 'CELL');
    const nRows = Math.max(0, ...cells.map((c) => (c.RowIndex ?? 1) + (c.RowSpan ?? 1) - 1));
    const nColumns = Math.max(0, ...cells.map((c) => (c.ColumnIndex ?? 1) + (c.ColumnSpan ?? 1) - 1));
    const rows = Array.from({ length: nRows }, () => Array.from({ length: nColumns }, () => ''));
    const checkboxes: Checkbox[] = [];
    const place = (cell: RawBlock, spanned: RawBlock[]) => {
      const { text, boxes } = cellContent(cell, blocks);
      const shown = (cell.Confidence ?? 100) >= min ? text : '';
      for (const s of spanned) rows[(s.RowIndex ?? 1) - 1]![(s.ColumnIndex ?? 1) - 1] = shown;
      if (shown) for (const box of boxes) checkboxes.push({ row: cell.RowIndex ?? 1, column: cell.ColumnIndex ?? 1, ...box });
    };
    const merged = blocks.related(table, 'MERGED_CELL').filter((m) => m.BlockType === 'MERGED_CELL');
    const inMerged = new Set(merged.flatMap((m) => blocks.related(m, 'CHILD').map((c) => c.Id)));
    for (const cell of cells) if (!inMerged.has(cell.Id)) place(cell, [cell]);
    for (const m of merged) place(m, blocks.related(m, 'CHILD'));
    checkboxes.sort((a, b) => a.row - b.row || a.column - b.column);
    return { page: table.Page ?? 1, rows, checkboxes };
  });
}

/**
 * Every LINE once, in reading order: the LAYOUT blocks' order when the answer has them (layout analysis),
 * else Textract's own line order; in both, a table's lines row by row where the table starts, and a form
 * value's lines right after the line that ends its label.
 */
export function linesInReadingOrder(all: RawBlock[], min: number): string[] {
  const blocks = new Blocks(all);
  return lineIdsInReadingOrder(blocks).map((id) => blocks.byId.get(id)!).filter((l) => (l.Confidence ?? 100) >= min).map((l) => l.Text ?? '');
}

/** The LINE blocks' ids in reading order (see linesInReadingOrder). */
export function lineIdsInReadingOrder(all: RawBlock[] | Blocks): string[] {
  const blocks = all instanceof Blocks ? all : new Blocks(all);
  all = blocks.all;
  const lineTable = new Map<string, string[]>();
  for (const table of blocks.ofType('TABLE')) {
    const cells = [...blocks.related(table, 'CHILD'), ...blocks.related(table, 'MERGED_CELL')]
      .filter((c) => c.BlockType === 'CELL').sort(byRowThenColumn);
    const rowMajor = [...new Set(cells.flatMap((c) => blocks.linesOf(c)))];
    for (const line of rowMajor) if (!lineTable.has(line)) lineTable.set(line, rowMajor);
  }
  const valueLinesAfter = new Map<string, string[]>();
  const keys = all.filter((b) => b.Id && (b.BlockType === 'KEY' || (b.BlockType === 'KEY_VALUE_SET' && b.EntityTypes?.includes('KEY'))));
  for (const key of keys) {
    const keyLines = blocks.linesOf(key);
    const last = keyLines.at(-1);
    if (!last) continue;
    const values = blocks.related(key, 'VALUE').flatMap((v) => blocks.linesOf(v)).filter((l) => !keyLines.includes(l));
    valueLinesAfter.set(last, [...(valueLinesAfter.get(last) ?? []), ...values]);
  }

  const ordered: string[] = [];
  const done = new Set<string>();
  const emit = (line: string) => {
    if (done.has(line)) return;
    done.add(line);
    ordered.push(line);
    for (const value of valueLinesAfter.get(line) ?? []) visit(value);
  };
  const visit = (line: string) => {
    if (done.has(line)) return;
    const table = lineTable.get(line);
    if (table) for (const l of table) emit(l);
    else emit(line);
  };

  const layouts = all.filter((b) => b.Id && b.BlockType?.startsWith('LAYOUT_'));
  const seenLayout = new Set<string>();
  const readLayout = (layout: RawBlock) => {
    if (seenLayout.has(layout.Id!)) return;
    seenLayout.add(layout.Id!);
    for (const child of blocks.related(layout, 'CHILD')) {
      if (child.BlockType === 'LINE') visit(child.Id!);
      else if (child.BlockType?.startsWith('LAYOUT_')) readLayout(child);
    }
  };
  for (const layout of layouts) readLayout(layout);
  // Textract's order; with layout, only the lines no layout block holds.
  for (const line of blocks.ofType('LINE')) visit(line.Id!);

  return ordered;
}
