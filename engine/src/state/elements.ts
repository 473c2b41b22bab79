// Element instances, with an index of the active children of each flow scope (rebuilt on open).
import type { Key } from '../api';
import type { ElementRow } from '../rows';
import type { Store } from '../store';
import { Index } from './index';

export class ElementInstances {
  private readonly children = new Index<Key, Key>();

  constructor(private readonly store: Store) {
    for (const row of store.rows<ElementRow>('elements')) if (row.state === 'ACTIVE') this.index(row);
  }

  get(key: Key): ElementRow | undefined {
    return this.store.get<ElementRow>('elements', key);
  }

  put(element: ElementRow): void {
    this.store.put('elements', element.elementInstanceKey, element);
    if (element.state === 'ACTIVE') this.index(element);
    else this.children.delete(element.flowScopeKey, element.elementInstanceKey);
  }

  /** The active element instances directly in `scopeKey`, oldest first. */
  activeChildren(scopeKey: Key): ElementRow[] {
    return this.children.get(scopeKey).map((k) => this.get(k)!);
  }

  private index(row: ElementRow): void {
    this.children.add(row.flowScopeKey, row.elementInstanceKey);
  }
}
