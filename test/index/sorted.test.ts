import { describe, expect, it } from 'vitest';
import { mergeSorted, SortedChunks } from '../../src/index/sorted.js';
import { runNow } from '../../src/index/steps.js';

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
});

describe('SortedChunks', () => {
  // Items sorted by a key that changes between versions only for items taken out (as an event dated anew).
  const keyed = (key: Map<number, number>) => (x: number, y: number) => key.get(x)! - key.get(y)! || x - y;

  it('after random edits holds what a sort of the remaining items gives, and the versions it came from stay as they were', () => {
    let s = 11;
    const rand = (n: number) => (s = (s * 1103515245 + 12345) % 2 ** 31) % n;
    let key = new Map<number, number>();
    let items: number[] = [];
    for (let i = 0; i < 3000; i++) key.set(i, rand(500));
    items = [...key.keys()].sort(keyed(key));
    let list = SortedChunks.from(items);
    const versions: [SortedChunks, number[]][] = [[list, items]];
    let next = 3000;
    for (let step = 0; step < 60; step++) {
      // Take some out (some to come back under a new key), put new ones in: enough to split and empty chunks.
      const at = rand(items.length);
      const out =
        step % 5 === 0
          ? items.slice(at, at + 1200) // a run: whole chunks empty
          : [...new Set(Array.from({ length: rand(400) }, () => items[rand(items.length)]))];
      const back = out.filter((_, i) => i % 3 === 0);
      const fresh = Array.from({ length: rand(600) }, () => next++);
      const newKey = new Map(key);
      for (const x of back) newKey.set(x, rand(500));
      for (const x of fresh) newKey.set(x, rand(500));
      list = runNow(list.editing(out, keyed(key), [...back, ...fresh], keyed(newKey)));
      const gone = new Set(out);
      items = [...items.filter((x) => !gone.has(x)), ...back, ...fresh].sort(keyed(newKey));
      key = newKey;
      versions.push([list, items]);
      expect([...list]).toEqual(items);
      expect(list.length).toBe(items.length);
      const i = rand(items.length);
      expect(list.at(i)).toBe(items[i]);
      expect(list.slice(i - 5, i + 5)).toEqual(items.slice(Math.max(0, i - 5), i + 5));
      const bound = rand(500);
      expect(list.count((x) => key.get(x)! <= bound)).toBe(items.filter((x) => key.get(x)! <= bound).length);
    }
    for (const [v, expected] of versions) expect([...v]).toEqual(expected);
  });

  it('refuses to take out an item it does not hold', () => {
    const cmp = (x: number, y: number) => x - y;
    const list = SortedChunks.from([1, 3, 5]);
    expect(() => runNow(list.editing([4], cmp, [], cmp))).toThrow(/not in the list/);
    expect([...runNow(SortedChunks.from([]).editing([], cmp, [2, 1], cmp))]).toEqual([1, 2]);
  });
});
