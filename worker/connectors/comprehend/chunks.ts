/**
 * Splitting text for Comprehend's size limits, which count UTF-8 bytes, while its offsets count characters
 * (Unicode code points). A chunk knows where it starts in the whole text, so that an entity found in it
 * can be placed in the whole text.
 */

export interface TextChunk {
  text: string;
  /** Where the chunk starts in the whole text, in code points. */
  offset: number;
}

export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

export function codePoints(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // A high surrogate followed by a low one is one code point.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** The longest prefix of `text` within `maxBytes` of UTF-8, never cutting a code point in two. */
export function utf8Prefix(text: string, maxBytes: number): string {
  if (utf8Bytes(text) <= maxBytes) return text;
  let bytes = 0;
  let end = 0;
  for (const ch of text) {
    const size = utf8Bytes(ch);
    if (bytes + size > maxBytes) break;
    bytes += size;
    end += ch.length;
  }
  return text.slice(0, end);
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'sentence' });
/** Intl.Segmenter slows down sharply on long strings (13 s for 1.3 MB), so it is given windows of this size. */
const WINDOW = 50_000;

/** The text's sentences, in order; together they are the whole text. */
function* sentencesOf(text: string): Generator<string> {
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + WINDOW);
    // Never cut a surrogate pair.
    if (end < text.length && /[\uD800-\uDBFF]/.test(text.charAt(end - 1))) end--;
    const segments = Array.from(segmenter.segment(text.slice(start, end)), (s) => s.segment);
    // The window's last sentence may go on past it, so it is read again with the next window, unless it is the only one.
    if (end < text.length && segments.length > 1) segments.pop();
    for (const segment of segments) {
      yield segment;
      start += segment.length;
    }
  }
}

/**
 * Chunks of at most `maxBytes`, cut at sentence boundaries (several sentences share a chunk); a sentence
 * longer than that is cut between words, and a word longer than that between code points.
 * Chunks of whitespace only are left out; the rest, joined, is the whole text.
 */
export function splitText(text: string, maxBytes: number): TextChunk[] {
  const chunks: TextChunk[] = [];
  let current = '';
  let currentBytes = 0;
  let start = 0;
  let position = 0;
  const flush = () => {
    if (current.trim()) chunks.push({ text: current, offset: start });
    start = position;
    current = '';
    currentBytes = 0;
  };
  const add = (piece: string) => {
    const size = utf8Bytes(piece);
    if (currentBytes + size > maxBytes) flush();
    current += piece;
    currentBytes += size;
    position += codePoints(piece);
  };
  for (const segment of sentencesOf(text)) {
    if (utf8Bytes(segment) <= maxBytes) {
      add(segment);
      continue;
    }
    for (const word of segment.match(/\S+\s*|\s+/g) ?? []) {
      if (utf8Bytes(word) <= maxBytes) {
        add(word);
        continue;
      }
      let rest = word;
      while (rest) {
        const piece = utf8Prefix(rest, maxBytes);
        add(piece);
        rest = rest.slice(piece.length);
      }
    }
  }
  flush();
  return chunks;
}
