import { ConnectorError, type ErrorCode } from './errors';

/**
 * How deep job variables, AWS answers and FEEL results may nest. Real inputs and answers stay far below
 * (a Textract answer nests about 6 levels); a value nested thousands of levels deep would overflow the
 * stack of every recursive walker (JSON.stringify, structuredClone, ajv), so it is refused first.
 */
export const MAX_DEPTH = 64;

type Segment = string | number;

function isContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  return value !== null && typeof value === 'object';
}

/** `a.b[2].c` from segments. */
export function pathText(segments: readonly Segment[]): string {
  let out = '';
  for (const s of segments) out += typeof s === 'number' ? `[${s}]` : out === '' ? s : `.${s}`;
  return out;
}

/** JSON's own view of a value: a Date (or anything with toJSON) becomes what JSON.stringify would write. */
function jsonView(value: unknown): unknown {
  if (isContainer(value) && !Array.isArray(value) && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return (value as { toJSON(): unknown }).toJSON();
  }
  return value;
}

/**
 * Refuses a value nested deeper than `maxDepth`, naming the first too-deep property. Iterative, so the
 * check itself cannot overflow the stack whatever it is given.
 */
export function assertDepth(value: unknown, where: string, code: ErrorCode = 'INVALID_INPUT', maxDepth = MAX_DEPTH): void {
  interface Frame { value: unknown; depth: number; parent?: Frame; key?: Segment }
  const stack: Frame[] = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const v = jsonView(frame.value);
    if (!isContainer(v)) continue;
    if (frame.depth >= maxDepth) {
      const segments: Segment[] = [];
      for (let f: Frame | undefined = frame; f?.key !== undefined; f = f.parent) segments.unshift(f.key);
      const inner = pathText(segments);
      const path = !where ? inner : !inner ? where : typeof segments[0] === 'number' ? `${where}${inner}` : `${where}.${inner}`;
      throw new ConnectorError(code, `${path}: nested more than ${maxDepth} levels deep; flatten the structure`, { path });
    }
    if (Array.isArray(v)) v.forEach((item, i) => stack.push({ value: item, depth: frame.depth + 1, parent: frame, key: i }));
    else for (const [k, item] of Object.entries(v)) stack.push({ value: item, depth: frame.depth + 1, parent: frame, key: k });
  }
}

/** Calls `visit` with every string (and, with `keys`, every property name) and its path. Iterative. */
export function visitStrings(value: unknown, visit: (s: string, path: readonly Segment[]) => void, keys = false): void {
  const stack: { value: unknown; path: Segment[] }[] = [{ value, path: [] }];
  while (stack.length > 0) {
    const { value: raw, path } = stack.pop()!;
    const v = jsonView(raw);
    if (typeof v === 'string') visit(v, path);
    else if (Array.isArray(v)) for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], path: [...path, i] });
    else if (isContainer(v)) {
      const entries = Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) {
        if (keys) visit(entries[i][0], path);
        stack.push({ value: entries[i][1], path: [...path, entries[i][0]] });
      }
    }
  }
}

/**
 * A copy of a JSON value with every string replaced by `map(s, path)`, and with `keys` every property name
 * by `map(name, path)` too. Iterative; `__proto__` keys stay plain properties.
 */
export function mapStrings(value: unknown, map: (s: string, path: readonly Segment[], isKey?: boolean) => string, keys = false): unknown {
  const pending: { source: Record<string, unknown> | unknown[]; target: Record<string, unknown> | unknown[]; path: Segment[] }[] = [];
  const copy = (raw: unknown, path: Segment[]): unknown => {
    const v = jsonView(raw);
    if (typeof v === 'string') return map(v, path);
    if (!isContainer(v)) return v;
    const target = Array.isArray(v) ? [] : {};
    pending.push({ source: v, target, path });
    return target;
  };
  const root = copy(value, []);
  while (pending.length > 0) {
    const { source, target, path } = pending.pop()!;
    if (Array.isArray(source)) {
      source.forEach((item, i) => ((target as unknown[])[i] = copy(item, [...path, i])));
      continue;
    }
    for (const [k, item] of Object.entries(source)) {
      const name = keys ? map(k, path, true) : k;
      Object.defineProperty(target, name, { value: copy(item, [...path, k]), enumerable: true, writable: true, configurable: true });
    }
  }
  return root;
}
