import { TextractDocument, TextractExpense } from 'amazon-textract-response-parser';
import { ConnectorError } from '../../runtime/errors';
import { linesInReadingOrder, readTables, type RawBlock, type ReadTable } from './reading-order';

/** What the seeds' EXTRACT implies beyond the service's answer, read with amazon-textract-response-parser. */
export interface ExtractedContent {
  /** Every LINE in reading order (reading-order.ts), one per line (the seeds' TXT). */
  text: string;
  keyValues: { key: string; value: string; confidence: number; page: number }[];
  /**
   * Each table (by page, then top to bottom) as rows of cell text, check boxes written where they stand
   * (`[X] Yes [ ] No`) and listed with their row, column, label and state; cells under the confidence level are empty.
   */
  tables: ReadTable[];
  queries: { alias: string | null; question: string; answer: string | null; confidence: number | null; page: number }[];
  signatures: { page: number; confidence: number }[];
  pages: number;
}

/** `confidenceLevel` is 0..1 as the seeds have it; Textract's confidences are 0..100. */
export function parseDocument(awsResult: object, confidenceLevel: number): ExtractedContent {
  const min = confidenceLevel * 100;
  let doc: TextractDocument;
  try {
    doc = new TextractDocument(awsResult as ConstructorParameters<typeof TextractDocument>[0]);
  } catch (e) {
    throw new ConnectorError('INVALID_RESULT_FORMAT', `The Textract answer could not be read: ${(e as Error).message}`);
  }
  const pages = doc.listPages();
  const blocks = ((awsResult as { Blocks?: RawBlock[] }).Blocks ?? []).filter((b): b is RawBlock => b !== null && typeof b === 'object');
  return {
    text: linesInReadingOrder(blocks, min).join('\n'),
    keyValues: pages.flatMap((p) => p.form.listFields()
      .filter((f) => f.confidence >= min)
      .map((f) => ({ key: f.key.text, value: f.value?.text ?? '', confidence: f.confidence, page: p.pageNumber }))),
    tables: readTables(blocks, min),
    queries: pages.flatMap((p) => p.queries.listQueries().map((q) => {
      const top = q.topResult;
      return { alias: q.alias ?? null, question: q.text, answer: top?.text ?? null, confidence: top?.confidence ?? null, page: p.pageNumber };
    })),
    signatures: pages.flatMap((p) => p.listSignatures().map((s) => ({ page: p.pageNumber, confidence: s.confidence }))),
    pages: doc.nPages,
  };
}

export interface ExpenseContent {
  summaryFields: { type: string; label: string | null; value: string; confidence: number; page: number | null }[];
  lineItems: { type: string; label: string | null; value: string }[][];
}

export function parseExpense(awsResult: object, confidenceLevel: number): ExpenseContent {
  const min = confidenceLevel * 100;
  let expense: TextractExpense;
  try {
    expense = new TextractExpense(awsResult as ConstructorParameters<typeof TextractExpense>[0]);
  } catch (e) {
    throw new ConnectorError('INVALID_RESULT_FORMAT', `The Textract expense answer could not be read: ${(e as Error).message}`);
  }
  const docs = expense.listDocs();
  return {
    summaryFields: docs.flatMap((d) => d.listSummaryFields()
      .filter((f) => f.value.confidence >= min)
      .map((f) => ({ type: f.fieldType.text, label: f.label?.text ?? null, value: f.value.text, confidence: f.value.confidence, page: f.pageNumber ?? null }))),
    lineItems: docs.flatMap((d) => d.listLineItemGroups().flatMap((g) => g.listLineItems().map((item) => item.listFields()
      .filter((f) => f.value.confidence >= min)
      .map((f) => ({ type: f.fieldType.text, label: f.label?.text ?? null, value: f.value.text }))))),
  };
}
