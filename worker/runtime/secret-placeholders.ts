/**
 * Finds secret placeholders in text with plain scans (no regular expression), so the cost stays linear
 * in the text's length whatever it holds.
 *
 * - `{{secrets.NAME}}` (spaces allowed inside the braces) anywhere in a text;
 * - the legacy `secrets.NAME` only when it is the whole text (trimmed): inside a sentence such as
 *   "config in secrets.json" it is ordinary text.
 */
export interface Placeholder {
  start: number;
  end: number;
  name: string;
  legacy: boolean;
}

const PREFIX = 'secrets.';

function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v';
}

function isNameChar(c: string): boolean {
  return c !== '{' && c !== '}' && !isSpace(c) && c.charCodeAt(0) > 0x1f;
}

function isAlnum(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/** The legacy name rule: alphanumeric runs joined by single `/ . _ -`. */
function isLegacyName(name: string): boolean {
  if (name === '' || !isAlnum(name[0]) || !isAlnum(name[name.length - 1])) return false;
  for (let i = 1; i < name.length; i++) {
    const c = name[i];
    if (isAlnum(c)) continue;
    if (!'/._-'.includes(c) || !isAlnum(name[i - 1])) return false;
  }
  return true;
}

export function findPlaceholders(text: string): Placeholder[] {
  const found: Placeholder[] = [];
  let from = 0;
  for (;;) {
    const open = text.indexOf('{{', from);
    if (open < 0) break;
    let i = open + 2;
    while (i < text.length && isSpace(text[i])) i++;
    if (!text.startsWith(PREFIX, i)) {
      from = open + 2;
      continue;
    }
    i += PREFIX.length;
    const nameStart = i;
    while (i < text.length && isNameChar(text[i])) i++;
    const name = text.slice(nameStart, i);
    while (i < text.length && isSpace(text[i])) i++;
    if (name !== '' && text.startsWith('}}', i)) {
      found.push({ start: open, end: i + 2, name, legacy: false });
      from = i + 2;
    } else {
      // Every character scanned here was a name character or a space, none of which starts a new `{{`.
      from = Math.max(open + 2, i);
    }
  }
  if (found.length === 0) {
    const trimmed = text.trim();
    if (trimmed.startsWith(PREFIX) && isLegacyName(trimmed.slice(PREFIX.length))) {
      const start = text.indexOf(trimmed);
      found.push({ start, end: start + trimmed.length, name: trimmed.slice(PREFIX.length), legacy: true });
    }
  }
  return found;
}

/** Replaces each placeholder by `replace(placeholder)`; `undefined` leaves it as it is. */
export function replacePlaceholders(text: string, placeholders: Placeholder[], replace: (p: Placeholder) => string | undefined): string {
  let out = '';
  let at = 0;
  for (const p of placeholders) {
    const value = replace(p);
    if (value === undefined) continue;
    out += text.slice(at, p.start) + value;
    at = p.end;
  }
  return out + text.slice(at);
}
