/** `text` without the trailing run of `char` (a loop: `/x+$/` is quadratic on a long run followed by another character). */
export function trimEnd(text: string, char: string): string {
  let end = text.length;
  while (end > 0 && text[end - 1] === char) end--;
  return text.slice(0, end);
}
