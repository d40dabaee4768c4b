/**
 * Maps that grow in parts. A Map (or WeakMap) that doubles rehashes every key it holds in that one
 * `set`: at ×10 the maps a start's preparation fills reach millions of keys, and one `set` held the
 * event loop for 150–300 ms. Here the keys are spread over parts by a cheap hash, so a part that
 * grows rehashes a sixty-fourth of them. Iteration goes part by part: insertion order is not kept.
 */

const PARTS = 64;

function partOf(key: unknown): number {
  if (typeof key === 'number') return (key ^ (key >>> 6) ^ (key >>> 12) ^ (key >>> 18)) & (PARTS - 1);
  if (typeof key === 'string') {
    // The last 8 characters at most: the keys here (names, surnames, prefixes) differ there.
    let h = key.length;
    for (let i = Math.max(0, key.length - 8); i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) | 0;
    return (h ^ (h >>> 7) ^ (h >>> 14)) & (PARTS - 1);
  }
  return 0;
}

export class PartedMap<K, V> implements ReadonlyMap<K, V> {
  /** Parts made on first use: a small map costs no more than a few Maps. */
  private readonly parts: (Map<K, V> | undefined)[] = new Array<Map<K, V> | undefined>(PARTS);
  private count = 0;

  constructor(from?: Iterable<readonly [K, V]>) {
    if (from instanceof PartedMap) {
      const other = from as PartedMap<K, V>;
      for (let i = 0; i < PARTS; i++) {
        const p = other.parts[i];
        if (p?.size) this.parts[i] = new Map(p);
      }
      this.count = other.count;
    } else if (from) for (const [k, v] of from) this.set(k, v);
  }

  get size(): number {
    return this.count;
  }

  get(key: K): V | undefined {
    return this.parts[partOf(key)]?.get(key);
  }

  has(key: K): boolean {
    return this.parts[partOf(key)]?.has(key) ?? false;
  }

  set(key: K, value: V): this {
    const i = partOf(key);
    const part = (this.parts[i] ??= new Map<K, V>());
    const before = part.size;
    part.set(key, value);
    this.count += part.size - before;
    return this;
  }

  delete(key: K): boolean {
    const part = this.parts[partOf(key)];
    if (!part?.delete(key)) return false;
    this.count--;
    return true;
  }

  *entries(): MapIterator<[K, V]> {
    for (const p of this.parts) if (p) yield* p.entries();
  }

  *keys(): MapIterator<K> {
    for (const p of this.parts) if (p) yield* p.keys();
  }

  *values(): MapIterator<V> {
    for (const p of this.parts) if (p) yield* p.values();
  }

  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }

  forEach(fn: (value: V, key: K, map: ReadonlyMap<K, V>) => void): void {
    for (const [k, v] of this.entries()) fn(v, k, this);
  }
}

/** A WeakMap in parts, by a number the caller derives from the key (the same every time for a key). */
export class PartedWeakMap<K extends object, V> {
  private readonly parts = Array.from({ length: PARTS }, () => new WeakMap<K, V>());

  constructor(private readonly hashOf: (key: K) => number) {}

  get(key: K): V | undefined {
    return this.parts[this.hashOf(key) & (PARTS - 1)].get(key);
  }

  set(key: K, value: V): void {
    this.parts[this.hashOf(key) & (PARTS - 1)].set(key, value);
  }
}
