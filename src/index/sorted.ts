/** Sorted lists: two merged into one, and a persistent one edited in place of copied. */
import { STEP, type Steps } from './steps.js';

/** `a` and `b`, each sorted by `cmp`, as one sorted list (on a tie, `a`'s item first). */
export function mergeSorted(a: ArrayLike<number>, b: ArrayLike<number>, cmp: (x: number, y: number) => number): number[] {
  const out = new Array<number>(a.length + b.length);
  let i = 0;
  let j = 0;
  for (let o = 0; o < out.length; o++) out[o] = j >= b.length || (i < a.length && cmp(a[i], b[j]) <= 0) ? a[i++] : b[j++];
  return out;
}

/** Items per chunk of a `SortedChunks` (a chunk is copied when one of its items changes; one of twice this is split). */
const SORTED_CHUNK = 512;

/**
 * A persistent sorted list of numbers in chunks (issue #19): an edit copies the list of chunks and
 * the chunks it touches and shares the rest with the version it came from, which stays as it was
 * (it may be serving). Taking out and putting in a document's few items costs a few chunks, not
 * the list: a timeline of millions of events is not copied per change.
 */
export class SortedChunks {
  private constructor(
    private readonly chunks: readonly Float64Array[],
    /** Per chunk: how many items come before its end (the last entry is the length). */
    private readonly ends: Int32Array,
  ) {}

  /** A list from items already sorted. */
  static from(items: ArrayLike<number>): SortedChunks {
    const chunks: Float64Array[] = [];
    for (let at = 0; at < items.length; at += SORTED_CHUNK)
      chunks.push(Float64Array.from({ length: Math.min(SORTED_CHUNK, items.length - at) }, (_, i) => items[at + i]));
    return SortedChunks.of(chunks);
  }

  private static of(chunks: Float64Array[]): SortedChunks {
    const ends = new Int32Array(chunks.length);
    let n = 0;
    chunks.forEach((c, i) => (ends[i] = n += c.length));
    return new SortedChunks(chunks, ends);
  }

  get length(): number {
    return this.ends.length ? this.ends[this.ends.length - 1] : 0;
  }

  /** The item at `i` (0 ≤ i < length). */
  at(i: number): number {
    let lo = 0;
    let hi = this.ends.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.ends[mid] <= i) lo = mid + 1;
      else hi = mid;
    }
    return this.chunks[lo][i - (lo ? this.ends[lo - 1] : 0)];
  }

  /** How many items come first with `before` true (it must hold of a prefix of the list). */
  count(before: (item: number) => boolean): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (before(this.at(mid))) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Items from `from` up to (not including) `to`. */
  slice(from: number, to: number): number[] {
    const out: number[] = [];
    for (let i = Math.max(0, from); i < Math.min(to, this.length); i++) out.push(this.at(i));
    return out;
  }

  *[Symbol.iterator](): IterableIterator<number> {
    for (const c of this.chunks) yield* c;
  }

  /**
   * The list with `remove` taken out (each found by `removeCmp`, the order this list is sorted
   * by) and `insert` put in where `insertCmp` sorts it. The two orders must agree on every item
   * that stays. Throws when an item to remove is not there.
   */
  *editing(
    remove: readonly number[],
    removeCmp: (a: number, b: number) => number,
    insert: readonly number[],
    insertCmp: (a: number, b: number) => number,
  ): Steps<SortedChunks> {
    const chunks: (Float64Array | number[])[] = [...this.chunks];
    const last = (c: Float64Array | number[]) => c[c.length - 1];
    // The first chunk whose last item does not sort before x (else the last chunk).
    const chunkOf = (x: number, cmp: (a: number, b: number) => number) => {
      let lo = 0;
      let hi = chunks.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cmp(last(chunks[mid]), x) < 0) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    const editable = (c: number): number[] => {
      const chunk = chunks[c];
      if (Array.isArray(chunk)) return chunk;
      const copy = Array.from(chunk);
      chunks[c] = copy;
      return copy;
    };
    // Where x goes in a sorted chunk: the first item that does not sort before it.
    const place = (items: number[], x: number, cmp: (a: number, b: number) => number) => {
      let lo = 0;
      let hi = items.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cmp(items[mid], x) < 0) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    let n = 0;
    for (const x of remove) {
      if (++n % STEP === 0) yield;
      const c = chunks.length ? chunkOf(x, removeCmp) : -1;
      const items = c < 0 ? [] : editable(c);
      const i = place(items, x, removeCmp);
      if (items[i] !== x) throw new Error(`item ${x} is not in the list`);
      items.splice(i, 1);
      if (items.length === 0) chunks.splice(c, 1);
    }
    for (const x of insert) {
      if (++n % STEP === 0) yield;
      if (chunks.length === 0) chunks.push([]);
      const c = chunkOf(x, insertCmp);
      const items = editable(c);
      items.splice(place(items, x, insertCmp), 0, x);
      if (items.length > 2 * SORTED_CHUNK) chunks.splice(c, 1, items.slice(0, SORTED_CHUNK), items.slice(SORTED_CHUNK));
    }
    return SortedChunks.of(chunks.map((c) => (Array.isArray(c) ? Float64Array.from(c) : c)));
  }
}
