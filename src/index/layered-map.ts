/**
 * A persistent map for indexes revised by live updates (issue #19): a version is a shared base
 * Map and a small top layer of what changed since it; the next version copies the layer, never
 * the base, so the version still serving stays as it was. When the layer grows to a part of the
 * base the two are folded into a new base (a copy, once in a while instead of once per change).
 */

const GONE = Symbol('gone');

/** A layer grows to this share of the base (or this many keys) before it is folded in. */
const FOLD_SHARE = 8;
const FOLD_MIN = 4096;

export class LayeredMap<K, V> {
  private constructor(
    private readonly base: ReadonlyMap<K, V>,
    private readonly top: ReadonlyMap<K, V | typeof GONE>,
    /** How many keys have a value. */
    readonly size: number,
  ) {}

  static of<K, V>(base: ReadonlyMap<K, V>): LayeredMap<K, V> {
    return new LayeredMap<K, V>(base, new Map<K, V | typeof GONE>(), base.size);
  }

  get(key: K): V | undefined {
    const v = this.top.get(key);
    if (v !== undefined) return v === GONE ? undefined : v;
    return this.base.get(key);
  }

  has(key: K): boolean {
    return this.get(key) !== undefined;
  }

  /** A writer for the next version; this one is not changed. */
  writer(): LayeredMapWriter<K, V> {
    return new LayeredMapWriter(this.base, new Map(this.top), this.size);
  }

  /** Every key and value (order unspecified). */
  *entries(): IterableIterator<[K, V]> {
    for (const [k, v] of this.top) if (v !== GONE) yield [k, v];
    for (const [k, v] of this.base) if (!this.top.has(k)) yield [k, v];
  }

  /** @internal */
  static made<K, V>(base: ReadonlyMap<K, V>, top: Map<K, V | typeof GONE>, size: number): LayeredMap<K, V> {
    // Over an empty base the layer (the writer's own copy, where a key deleted is removed, never
    // marked gone) is the folded map as it is: no copy.
    if (base.size === 0) return new LayeredMap<K, V>(top as Map<K, V>, new Map<K, V | typeof GONE>(), top.size);
    if (top.size > Math.max(FOLD_MIN, base.size / FOLD_SHARE)) {
      const folded = new Map(base);
      for (const [k, v] of top) {
        if (v === GONE) folded.delete(k);
        else folded.set(k, v);
      }
      return new LayeredMap<K, V>(folded, new Map<K, V | typeof GONE>(), folded.size);
    }
    return new LayeredMap<K, V>(base, top, size);
  }
}

export class LayeredMapWriter<K, V> {
  constructor(
    private readonly base: ReadonlyMap<K, V>,
    private readonly top: Map<K, V | typeof GONE>,
    private size: number,
  ) {}

  get(key: K): V | undefined {
    const v = this.top.get(key);
    if (v !== undefined) return v === GONE ? undefined : v;
    return this.base.get(key);
  }

  set(key: K, value: V): void {
    if (this.get(key) === undefined) this.size++;
    this.top.set(key, value);
  }

  delete(key: K): void {
    if (this.get(key) === undefined) return;
    this.size--;
    if (this.base.has(key)) this.top.set(key, GONE);
    else this.top.delete(key);
  }

  done(): LayeredMap<K, V> {
    return LayeredMap.made(this.base, this.top, this.size);
  }
}
