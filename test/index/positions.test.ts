import { describe, expect, it } from 'vitest';
import { revisedSlots, splicedPositions } from '../../src/index/positions.js';
import { runNow } from '../../src/index/steps.js';
import { prng } from '../helpers/prng.js';

/** The list after the change, one position at a time: the reference. */
function naive<T>(old: readonly T[], removed: readonly number[], added: readonly number[], fresh: readonly T[]): T[] {
  const kept = old.filter((_, i) => !removed.includes(i));
  const out: T[] = [];
  const n = kept.length + added.length;
  for (let j = 0, k = 0; j < n; j++) {
    const a = added.indexOf(j);
    out.push(a >= 0 ? fresh[a] : kept[k++]);
  }
  return out;
}

describe('splicedPositions', () => {
  it('takes out the removed positions and puts the fresh entries where they now stand, for arrays and Int32Arrays alike', () => {
    const rand = prng(7);
    for (let t = 0; t < 300; t++) {
      const len = Math.floor(rand() * 40);
      const old = Array.from({ length: len }, (_, i) => i * 10);
      const removed = old.map((_, i) => i).filter(() => rand() < 0.2);
      const n = len - removed.length + Math.floor(rand() * 5);
      const added = [...new Set(Array.from({ length: n - (len - removed.length) }, () => Math.floor(rand() * n)))];
      const all = Array.from({ length: n }, (_, i) => i);
      // Distinct positions: fill up to the count with the ones not drawn.
      for (const p of all) if (added.length < n - (len - removed.length) && !added.includes(p)) added.push(p);
      const fresh = added.map((p) => -1 - p);
      const expected = naive(old, removed, added, fresh);
      expect(splicedPositions(old, removed, added, fresh)).toEqual(expected);
      expect(Array.from(splicedPositions(Int32Array.from(old), removed, added, fresh))).toEqual(expected);
      // Entries that are themselves lists stay whole.
      expect(
        splicedPositions(
          old.map((x) => [x]),
          removed,
          added,
          fresh.map((x) => [x]),
        ),
      ).toEqual(expected.map((x) => [x]));
    }
  });

  it('copes with thousands of runs (a folder of documents changed at once)', () => {
    const old = Array.from({ length: 6000 }, (_, i) => i);
    const removed = old.filter((i) => i % 3 === 0);
    const added = Array.from({ length: 1500 }, (_, k) => k * 3 + 1);
    const fresh = added.map((p) => -p);
    expect(splicedPositions(old, removed, added, fresh)).toEqual(naive(old, removed, added, fresh));
  });

  it('fills an empty list with fresh entries whose positions come in order or not (a start prepares every document)', () => {
    const added = Array.from({ length: 5000 }, (_, k) => k);
    const fresh = added.map((p) => p * 2);
    expect(splicedPositions([], [], added, fresh)).toEqual(fresh);
    expect(Array.from(splicedPositions(new Int32Array(0), [], added, fresh))).toEqual(fresh);
    const reversed = [...added].reverse();
    expect(
      splicedPositions(
        [],
        [],
        reversed,
        reversed.map((p) => p * 2),
      ),
    ).toEqual(fresh);
    // Fresh runs between kept ones.
    expect(splicedPositions([7, 8], [], [0, 1, 3, 4], [0, 1, 3, 4])).toEqual([0, 1, 7, 3, 4, 8]);
  });

  it('refuses changes that do not account for the positions', () => {
    expect(() => splicedPositions([1, 2, 3], [3], [], [])).toThrow(/do not account/);
    expect(() => splicedPositions([1, 2, 3], [0, 0], [], [])).toThrow(/do not account/);
    expect(() => splicedPositions([1, 2, 3], [], [4], [9])).toThrow(/do not account/);
    expect(() => splicedPositions([1, 2, 3], [], [1, 1], [8, 9])).toThrow(/do not account/);
    expect(() => splicedPositions([1, 2, 3], [], [-1], [9])).toThrow(/do not account/);
    expect(() => splicedPositions([1, 2, 3], [], [2, 1, 2], [7, 8, 9])).toThrow(/do not account/);
  });
});

describe('revisedSlots', () => {
  it('gives new documents new slots and keeps the others, with the position of each slot (-1 for one gone)', () => {
    // Five documents in slots 3 0 4 1 2; the second and the fourth go, and two come at positions
    // 0 and 3 of the five after.
    const { slotOfPos, posOfSlot, addedSlots } = runNow(revisedSlots(Int32Array.from([3, 0, 4, 1, 2]), 5, [1, 3], [0, 3]));
    expect(addedSlots).toEqual([5, 6]);
    expect(Array.from(slotOfPos)).toEqual([5, 3, 4, 6, 2]);
    expect(Array.from(posOfSlot)).toEqual([-1, -1, 4, 1, 2, 0, 3]);
  });

  it('fills the slots of a whole corpus from nothing, in steps', () => {
    const n = 40000;
    const steps = revisedSlots(
      new Int32Array(0),
      0,
      [],
      Array.from({ length: n }, (_, p) => p),
    );
    let yields = 0;
    let r = steps.next();
    for (; !r.done; r = steps.next()) yields++;
    expect(Array.from(r.value.posOfSlot)).toEqual(Array.from(r.value.slotOfPos));
    expect(r.value.slotOfPos[n - 1]).toBe(n - 1);
    expect(yields).toBeGreaterThan(2);
  });
});
