import { splitText, utf8Bytes, type TextChunk } from './chunks';

/** Comprehend's quota for a document of an asynchronous job: 1 MB; input files of documents per line are kept within it too. */
export const JOB_FILE_MAX_BYTES = 1_000_000;

/** The files a text is staged as for an asynchronous job, and which part of the text each output line is about. */
export interface JobInput {
  format: 'ONE_DOC_PER_FILE' | 'ONE_DOC_PER_LINE';
  files: { name: string; body: string }[];
  /** The text's parts (documents), in order. */
  parts: TextChunk[];
  /** The index in `parts` of the document an output line names (`File`, and `Line` for documents per line). */
  partOf(file: string, line: unknown): number | undefined;
}

const fileName = (i: number): string => `part-${String(i + 1).padStart(5, '0')}.txt`;

/**
 * The text cut at sentence boundaries into documents of at most `documentMaxBytes`: one file each, or, for
 * small documents (`perLine`), one document per line in files of at most 1 MB, so that a long text is a few
 * files rather than thousands. A document on a line has its line breaks turned into spaces (a line break would
 * end it); this changes no offset, each being one code point for one.
 */
export function jobInput(text: string, documentMaxBytes: number, perLine: boolean): JobInput {
  const parts = splitText(text, documentMaxBytes);
  if (!perLine) {
    const index = new Map(parts.map((_p, i) => [fileName(i), i]));
    return { format: 'ONE_DOC_PER_FILE', files: parts.map((p, i) => ({ name: fileName(i), body: p.text })), parts, partOf: (file) => index.get(file) };
  }
  const files: { name: string; body: string }[] = [];
  const index = new Map<string, number>();
  let lines: string[] = [];
  let bytes = 0;
  const flush = () => {
    if (lines.length) files.push({ name: fileName(files.length), body: lines.join('') });
    lines = [];
    bytes = 0;
  };
  parts.forEach((p, i) => {
    const line = `${p.text.replace(/[\r\n]/g, ' ')}\n`;
    if (bytes + utf8Bytes(line) > JOB_FILE_MAX_BYTES) flush();
    index.set(`${fileName(files.length)}\u0000${lines.length}`, i);
    lines.push(line);
    bytes += utf8Bytes(line);
  });
  flush();
  return { format: 'ONE_DOC_PER_LINE', files, parts, partOf: (file, line) => index.get(`${file}\u0000${String(line)}`) };
}
