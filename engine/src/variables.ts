// Variable scopes as Camunda 8 defines them (docs: Concepts > Variables): the process instance is the root
// scope, each element instance a scope below its flow scope; a scope sees its own variables over its parents'.
import type { Key } from './api';
import type { ElementRow, VariableRow } from './rows';
import type { Store } from './store';

export class Variables {
  /** scope key -> variable name -> variable key, rebuilt from the rows on open. */
  private readonly index = new Map<Key, Map<string, Key>>();

  constructor(
    private readonly store: Store,
    private readonly newKey: () => Key,
  ) {
    for (const row of store.rows<VariableRow>('variables')) this.indexRow(row);
  }

  /** The parent scope of `scopeKey`, or undefined for a process instance (the root). */
  private parent(scopeKey: Key): Key | undefined {
    return this.store.get<ElementRow>('elements', scopeKey)?.flowScopeKey;
  }

  /** Every variable visible from `scopeKey`, nearer scopes first in precedence. */
  visible(scopeKey: Key, names?: string[]): Record<string, unknown> {
    const chain: Key[] = [];
    for (let s: Key | undefined = scopeKey; s !== undefined; s = this.parent(s)) chain.unshift(s);
    const out: Record<string, unknown> = {};
    for (const scope of chain) {
      for (const [name, key] of this.index.get(scope) ?? []) {
        if (names && names.length > 0 && !names.includes(name)) continue;
        setOwn(out, name, this.store.get<VariableRow>('variables', key)!.data);
      }
    }
    return out;
  }

  /** Only the variables of `scopeKey` itself. */
  local(scopeKey: Key): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [name, key] of this.index.get(scopeKey) ?? []) setOwn(out, name, this.store.get<VariableRow>('variables', key)!.data);
    return out;
  }

  setLocal(scopeKey: Key, processInstanceKey: Key, tenantId: string, document: Record<string, unknown>): void {
    for (const [name, data] of Object.entries(document)) this.set(scopeKey, processInstanceKey, tenantId, name, data);
  }

  /**
   * Propagation: each variable is set in the nearest scope, from `scopeKey` up, that already has it,
   * else in the root scope (the process instance).
   */
  merge(scopeKey: Key, processInstanceKey: Key, tenantId: string, document: Record<string, unknown>): void {
    for (const [name, data] of Object.entries(document)) {
      let target: Key = processInstanceKey;
      for (let s: Key | undefined = scopeKey; s !== undefined; s = this.parent(s)) {
        if (this.index.get(s)?.has(name)) {
          target = s;
          break;
        }
      }
      this.set(target, processInstanceKey, tenantId, name, data);
    }
  }

  private set(scopeKey: Key, processInstanceKey: Key, tenantId: string, name: string, data: unknown): void {
    const existing = this.index.get(scopeKey)?.get(name);
    const variableKey = existing ?? this.newKey();
    const row: VariableRow = { variableKey, name, data: data === undefined ? null : data, scopeKey, processInstanceKey, tenantId };
    this.store.put('variables', variableKey, row);
    this.indexRow(row);
  }

  private indexRow(row: VariableRow): void {
    let names = this.index.get(row.scopeKey);
    if (!names) this.index.set(row.scopeKey, (names = new Map()));
    names.set(row.name, row.variableKey);
  }
}

/**
 * Builds the document a list of mappings produces: a target `a.b.c` nests the value under `a` and `b`,
 * merged with what earlier mappings of the same list built.
 */
export function assignTarget(document: Record<string, unknown>, target: string, value: unknown): void {
  const path = target.split('.').map((p) => p.trim());
  let node = document;
  for (const step of path.slice(0, -1)) {
    const next = Object.hasOwn(node, step) ? node[step] : undefined;
    if (next === null || typeof next !== 'object' || Array.isArray(next)) setOwn(node, step, {});
    node = node[step] as Record<string, unknown>;
  }
  setOwn(node, path[path.length - 1], value);
}

/** Sets an own property, so that a variable named `__proto__` is a variable and not the prototype. */
function setOwn(target: Record<string, unknown>, name: string, value: unknown): void {
  Object.defineProperty(target, name, { value, writable: true, enumerable: true, configurable: true });
}

/** How deep a variable document may nest: deeper ones are refused before anything is written. */
export const MAX_VARIABLE_DEPTH = 512;

/**
 * Refuses a variable document nested deeper than MAX_VARIABLE_DEPTH, walking it with a work list (no
 * recursion, so that the check itself cannot overflow the stack). Returns an INVALID_ARGUMENT message, or undefined.
 */
export function variableDepthProblem(property: string, document: unknown): string | undefined {
  const work: [unknown, number][] = [[document, 0]];
  while (work.length > 0) {
    const [value, depth] = work.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_VARIABLE_DEPTH) return `Property '${property}' is invalid: Expected a document nested at most ${MAX_VARIABLE_DEPTH} levels deep, but it is deeper`;
    for (const child of Array.isArray(value) ? value : Object.values(value)) if (child !== null && typeof child === 'object') work.push([child, depth + 1]);
  }
  return undefined;
}
