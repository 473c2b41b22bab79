import path from 'node:path';
import { Readable } from 'node:stream';
import type { JobContext } from '../../runtime/connector';
import type { CamundaDocumentReference } from '../../runtime/documents';
import { ConnectorError } from '../../runtime/errors';
import { isPlainObject } from '../../runtime/expressions';

export type CamundaTextractReturnFormat = 'JSON' | 'DOCUMENT';

/** `documentReturnFormat.choice` of Camunda's v8 Textract template: JSON (the default) or DOCUMENT. */
export function camundaTextractReturnFormat(variables: Record<string, unknown>): CamundaTextractReturnFormat {
  const format = variables.documentReturnFormat;
  const choice = isPlainObject(format) ? format.choice : undefined;
  if (choice === undefined || choice === null || choice === '') return 'JSON';
  if (choice === 'JSON' || choice === 'DOCUMENT') return choice;
  throw new ConnectorError('INVALID_INPUT', `documentReturnFormat.choice: must be one of "JSON", "DOCUMENT", got ${JSON.stringify(choice)}`, {
    path: 'documentReturnFormat.choice',
  });
}

/** The stored answer's name: the analysed S3 object's name with `.textract.json`, else a fixed one. */
export function analysisFileName(variables: Record<string, unknown>): string {
  const input = isPlainObject(variables.input) ? variables.input : {};
  const name = input.documentLocationType !== 'UPLOADED' && typeof input.documentName === 'string' ? path.posix.basename(input.documentName) : '';
  return name ? `${name}.textract.json` : 'textract-analysis.json';
}

/**
 * "Document reference" as the official connector gives it: the whole answer stored in the Camunda document
 * store as application/json, and the reference itself as the result, so a large analysis never has to fit
 * in a process variable.
 */
export async function storeAnalysis(answer: Record<string, unknown>, fileName: string, ctx: JobContext): Promise<CamundaDocumentReference> {
  const bytes = Buffer.from(JSON.stringify(answer));
  return ctx.documents.create({ stream: Readable.from([bytes]), size: bytes.length, contentType: 'application/json', fileName });
}
