import { describe, expect, it } from 'vitest';
import { mergeSorted, mergingSorted } from '../../src/index/sorted.js';

/** A list of `n` numbers in 0..range, sorted by `key`. */
function sortedList(n: number, range: number, seed: number, key: (x: number) => number): number[] {
  let s = seed;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    out.push(s % range);
  }
  return out.sort((x, y) => key(x) - key(y));
}

describe('mergeSorted', () => {
  it('merges two sorted lists as a stable sort of both would, ties taken from the first', () => {
    // Ordered by tens only: items with the same tens tie, and which list a tie comes from shows.
    const key = (x: number) => Math.floor(x / 10);
    const cmp = (x: number, y: number) => key(x) - key(y);
    for (const [n, m] of [
      [0, 0],
      [0, 5],
      [7, 0],
      [50, 80],
      [300, 2],
    ]) {
      const a = sortedList(n, 500, n + 1, key);
      const b = sortedList(m, 500, m + 7, key);
      expect(mergeSorted(a, b, cmp)).toEqual([...a, ...b].sort(cmp));
    }
  });

  it('in slices: the same list, with the event loop given back along a long merge', () => {
    const cmp = (x: number, y: number) => x - y;
    const a = sortedList(40_000, 1_000_000, 3, (x) => x);
    const b = sortedList(30_000, 1_000_000, 5, (x) => x);
    const steps = mergingSorted(a, b, cmp);
    let yields = 0;
    let r = steps.next();
    for (; !r.done; r = steps.next()) yields++;
    expect(r.value).toEqual(mergeSorted(a, b, cmp));
    expect(yields).toBeGreaterThan(2);
  });
});
