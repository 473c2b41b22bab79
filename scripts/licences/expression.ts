/**
 * Judges one licence as a package reports it: an SPDX expression ("MIT", "(MIT OR GPL-3.0-or-later)",
 * "MIT AND Zlib", "GPL-2.0-only WITH Classpath-exception-2.0"), a free-text name ("BSD License"), or
 * several of those joined by ";" (pip-licenses' way of listing a package's classifiers).
 *   A OR B   passes if either side passes      A AND B   passes if both sides pass
 *   A WITH E passes if A passes (an exception only adds permissions)
 *   A; B     passes if every item passes
 * Operators are upper or lower case, as SPDX allows; parentheses group.
 */
import { isAllowed, spdxIdForFreeText } from './allowed';

export interface Judgement {
  ok: boolean;
  /** The licences that made it fail (empty when ok); the whole text when it could not be read. */
  rejected: string[];
}

type Node = { leaf: string } | { op: 'AND' | 'OR'; items: Node[] };

export function judgeLicence(text: string): Judgement {
  const items = text.split(';').map((item) => item.trim());
  if (items.some((item) => item === '')) return { ok: false, rejected: [text.trim() || '(none)'] };
  const judged = items.map((item) => {
    if (spdxIdForFreeText(item)) return evaluate({ leaf: item });
    const tree = parse(item);
    return tree ? evaluate(tree) : { ok: false, rejected: [item] };
  });
  return { ok: judged.every((j) => j.ok), rejected: judged.flatMap((j) => j.rejected) };
}

function evaluate(node: Node): Judgement {
  if ('leaf' in node) return isAllowed(node.leaf) ? { ok: true, rejected: [] } : { ok: false, rejected: [node.leaf] };
  const judged = node.items.map(evaluate);
  const ok = node.op === 'OR' ? judged.some((j) => j.ok) : judged.every((j) => j.ok);
  return { ok, rejected: ok ? [] : judged.flatMap((j) => j.rejected) };
}

// Tokens: "(", ")", an operator with spaces around it, and the licence text between them (which may
// contain spaces, so that "Custom: https://..." stays one licence and fails as one).
const SEPARATOR = /(\(|\)|\s+(?:AND|and|OR|or|WITH|with)\s+)/;
const isOperator = (token: string | undefined): boolean => token !== undefined && /^(AND|OR|WITH)$/i.test(token);

/** Parses an SPDX-style expression; undefined when it is not one. */
function parse(text: string): Node | undefined {
  const tokens = text.split(SEPARATOR).map((t) => t.trim()).filter((t) => t !== '');
  let pos = 0;
  const next = (): string | undefined => tokens[pos++];
  const nextIs = (op: string): boolean => isOperator(tokens[pos]) && tokens[pos].toUpperCase() === op;

  // or := and ("OR" and)*     and := with ("AND" with)*     with := atom ("WITH" exception)?
  // atom := "(" or ")" | licence
  const parseOr = (): Node | undefined => parseList('OR', parseAnd);
  const parseAnd = (): Node | undefined => parseList('AND', parseWith);
  function parseList(op: 'AND' | 'OR', parseItem: () => Node | undefined): Node | undefined {
    const items: Node[] = [];
    do {
      const item = parseItem();
      if (!item) return undefined;
      items.push(item);
    } while (nextIs(op) && next());
    return items.length === 1 ? items[0] : { op, items };
  }
  function parseWith(): Node | undefined {
    const base = parseAtom();
    if (!base || !nextIs('WITH')) return base;
    next();
    const exception = next();
    return exception === undefined || exception === '(' || exception === ')' || isOperator(exception) ? undefined : base;
  }
  function parseAtom(): Node | undefined {
    const token = next();
    if (token === undefined || token === ')' || isOperator(token)) return undefined;
    if (token !== '(') return { leaf: token };
    const inner = parseOr();
    return next() === ')' ? inner : undefined;
  }

  const tree = parseOr();
  return tree && pos === tokens.length ? tree : undefined;
}
