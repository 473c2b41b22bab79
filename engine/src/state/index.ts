// The in-memory indexes of the stores: a key to a set of row keys.
export class Index<K, V> {
  private readonly sets = new Map<K, Set<V>>();

  add(key: K, value: V): void {
    let set = this.sets.get(key);
    if (!set) this.sets.set(key, (set = new Set()));
    set.add(value);
  }

  delete(key: K, value: V): void {
    this.sets.get(key)?.delete(value);
  }

  /** A copy: the caller may change the index while it walks the values. */
  get(key: K): V[] {
    return [...(this.sets.get(key) ?? [])];
  }
}
