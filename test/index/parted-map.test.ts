/** Maps in parts (index/parted-map.ts) hold what a Map holds, through random changes and copies. */
import { describe, expect, it } from 'vitest';
import { PartedMap, PartedWeakMap } from '../../src/index/parted-map.js';
import { prng } from '../helpers/prng.js';

const sorted = <K>(it: Iterable<K>) => [...it].map(String).sort();

describe('PartedMap', () => {
  it('answers as a Map through random sets, deletes and copies, for number and string keys', () => {
    for (let run = 0; run < 40; run++) {
      const rand = prng(run + 1);
      const key = (): number | string =>
        run % 2 ? Math.floor(rand() * 5000) * (run % 4 === 1 ? 65536 : 1) : `k ${Math.floor(rand() * 3000).toString(36)}`;
      let map = new PartedMap<number | string, number>();
      let ref = new Map<number | string, number>();
      for (let step = 0; step < 3000; step++) {
        const k = key();
        const x = rand();
        if (x < 0.6) {
          map.set(k, step);
          ref.set(k, step);
        } else if (x < 0.9) expect(map.delete(k)).toBe(ref.delete(k));
        else if (x < 0.91) {
          // A copy is a map of its own: changing it leaves the original as it was.
          const copy = new PartedMap(map);
          copy.set('only in the copy', 1);
          expect(map.has('only in the copy')).toBe(false);
          copy.delete('only in the copy');
          map = copy;
        } else if (x < 0.92) {
          map = new PartedMap(ref);
          ref = new Map(ref);
        }
        expect(map.get(k)).toBe(ref.get(k));
        expect(map.has(k)).toBe(ref.has(k));
        expect(map.size).toBe(ref.size);
      }
      expect(sorted(map.keys())).toEqual(sorted(ref.keys()));
      expect(sorted([...map].map(([k, v]) => `${k}=${v}`))).toEqual(sorted([...ref].map(([k, v]) => `${k}=${v}`)));
      expect(sorted(map.values())).toEqual(sorted(ref.values()));
      const seen: string[] = [];
      map.forEach((v, k) => seen.push(`${k}=${v}`));
      expect(seen.sort()).toEqual(sorted([...ref].map(([k, v]) => `${k}=${v}`)));
    }
  });

  it('spreads keys over its parts: no part holds most of a large map', () => {
    const map = new PartedMap<number | string, number>();
    for (let slot = 0; slot < 20000; slot++) map.set(slot * 65536 + (slot % 7), slot);
    for (let i = 0; i < 20000; i++) map.set(`k ${i.toString(36)} name`, i);
    const parts = (map as unknown as { parts: (Map<unknown, unknown> | undefined)[] }).parts.map((p) => p?.size ?? 0);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(40000);
    expect(Math.max(...parts)).toBeLessThan(40000 / 8);
  });
});

describe('PartedWeakMap', () => {
  it('keeps each value under its key', () => {
    const cache = new PartedWeakMap<{ name: string }, number>((o) => o.name.length);
    const keys = Array.from({ length: 500 }, (_, i) => ({ name: 'x'.repeat(i % 90) }));
    keys.forEach((k, i) => cache.set(k, i));
    keys.forEach((k, i) => expect(cache.get(k)).toBe(i));
    expect(cache.get({ name: 'x' })).toBeUndefined();
  });
});
