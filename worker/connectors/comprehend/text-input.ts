import { ConnectorError } from '../../runtime/errors';
import { readAtMost } from '../../runtime/byte-cap';
import { givenSources, openContentSource, sourcePath } from '../content-source';
import type { ConnectorDeps } from '../deps';
import type { TextSourceAction } from './schema';

/** Longer text is refused before anything is read further (it would be held in memory). */
export const MAX_TEXT_BYTES = 25 * 1024 * 1024;

/**
 * Types that are, or may be, plain text; others (PDF, images) need Textract first. `application/octect-stream`
 * (sic) is seed 000's own example value, so models written from it pass it.
 */
const TEXTUAL = /^(text\/.+|application\/(octet-stream|octect-stream|json|xml|x-ndjson|csv))$/;

/** The text to analyse: `action.text`, or a UTF-8 plain-text file from any source (seed 000). */
export async function readText(action: TextSourceAction, deps: ConnectorDeps, awsInput: object): Promise<string> {
  if (action.text !== undefined && givenSources(action).length === 0) return action.text;
  const doc = await openContentSource(action, deps, 'action', awsInput, { text: action.text });
  const mediaType = (action.mediaType ?? doc.contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (mediaType && !TEXTUAL.test(mediaType)) {
    doc.stream.destroy();
    // The field at fault: the media type the model gave, else the file whose own type it is.
    const path = action.mediaType !== undefined ? 'action.mediaType' : sourcePath(action);
    throw new ConnectorError('INVALID_INPUT', `${path}: Comprehend reads UTF-8 plain text (text/*, application/octet-stream, ...), not ${mediaType}; extract the text first (Textract with outputFormat TXT)`, {
      path,
    });
  }
  const bytes = await readAtMost(doc.stream, MAX_TEXT_BYTES, () => new ConnectorError('TEXT_SIZE_LIMIT_EXCEEDED',
    `action.file: the text is over ${MAX_TEXT_BYTES} bytes, the most this connector analyses`, { path: 'action.file' }));
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new ConnectorError('INVALID_INPUT', 'action.file: is not UTF-8 text', { path: 'action.file' });
  }
}
