/**
 * A size-bounded map for memoising the result of a pure, deterministic computation on a hot path
 * (opening a sealed value: same input, same keys → same output). When full, the oldest entry is
 * evicted, so memory stays bounded whatever the traffic. Callers store successful results only and
 * re-check anything time-dependent on every hit: a memo saves work, it never decides validity.
 */
export class BoundedMemo<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(private readonly maxEntries: number) {
    if (!Number.isSafeInteger(maxEntries) || maxEntries < 1) throw new RangeError('a memo needs a positive whole number of entries');
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: K): V | undefined {
    return this.entries.get(key);
  }

  set(key: K, value: V): void {
    if (this.entries.has(key)) this.entries.delete(key);
    else if (this.entries.size >= this.maxEntries) {
      // Map iteration is insertion order: the first key is the oldest.
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
    this.entries.set(key, value);
  }

  delete(key: K): void {
    this.entries.delete(key);
  }
}
