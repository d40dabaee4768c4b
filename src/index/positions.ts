/** Lists kept by document position, and what a live change does to them. */
import type { Steps } from './steps.js';

/**
 * A list by document position after a live change (issue #19): the entries of the documents at
 * `removed` (positions in the old list) taken out and `fresh` (one per position in `added`,
 * positions in the new list) put in; every other entry is the old list's, in order. What a
 * change does to a corpus's documents, for the lists kept alongside them. The kept entries are
 * copied in runs by the engine's own copies (`subarray`/`set`, `slice`/`concat`): an element
 * loop shared by lists of several kinds ran at a few million entries a second, tens of ms at ×10.
 */
export function splicedPositions(
  old: Int32Array,
  removed: readonly number[],
  added: readonly number[],
  fresh: ArrayLike<number>,
): Int32Array;
export function splicedPositions<T>(old: readonly T[], removed: readonly number[], added: readonly number[], fresh: readonly T[]): T[];
export function splicedPositions<T>(
  old: Int32Array | readonly T[],
  removed: readonly number[],
  added: readonly number[],
  fresh: ArrayLike<number> | readonly T[],
): Int32Array | T[] {
  const rem = [...removed].sort((a, b) => a - b);
  // The fresh entries by the position they go to. Positions come in order from most callers (a
  // start's preparation adds every document): no sort of hundreds of thousands of them then.
  const inOrder = added.every((p, k) => k === 0 || added[k - 1] < p);
  const byPos = inOrder ? undefined : Array.from(added.keys()).sort((x, y) => added[x] - added[y]);
  const at = (a: number) => (byPos ? byPos[a] : a);
  const n = old.length - rem.length + added.length;
  let valid = rem.every((p, k) => p >= 0 && p < old.length && (k === 0 || rem[k - 1] < p));
  for (let a = 0; valid && a < added.length; a++) {
    const p = added[at(a)];
    valid = p >= 0 && p < n && (a === 0 || added[at(a - 1)] < p);
  }
  if (!valid) throw new Error('the changes do not account for the positions');
  // Nothing old and the fresh in order (a start's preparation): the list is the fresh entries, copied by the engine.
  if (old.length === 0 && inOrder)
    return old instanceof Int32Array ? Int32Array.from(fresh as ArrayLike<number>) : Array.from(fresh as readonly T[]);
  const typed = old instanceof Int32Array ? new Int32Array(n) : undefined;
  const parts: (readonly T[])[] = [];
  // Fresh entries in a row go into one part.
  let freshRun: T[] | undefined;
  for (let j = 0, i = 0, r = 0, a = 0; j < n;) {
    if (a < added.length && added[at(a)] === j) {
      const item = fresh[at(a++)];
      if (typed) typed[j] = item as number;
      else if (freshRun) freshRun.push(item as T);
      else parts.push((freshRun = [item as T]));
      j++;
      continue;
    }
    freshRun = undefined;
    while (r < rem.length && rem[r] === i) {
      i++;
      r++;
    }
    // Old entries up to the next removed one, or up to the next place a fresh one goes.
    const run = Math.min((r < rem.length ? rem[r] : old.length) - i, (a < added.length ? added[at(a)] : n) - j);
    if (run <= 0) throw new Error('the changes do not account for the positions');
    if (typed) typed.set((old as Int32Array).subarray(i, i + run), j);
    else parts.push((old as readonly T[]).slice(i, i + run));
    i += run;
    j += run;
  }
  if (typed) return typed;
  // In groups: a call takes a bounded number of arguments.
  let out: T[] = [];
  for (let k = 0; k < parts.length; k += 1024) out = out.concat(...parts.slice(k, k + 1024));
  return out;
}
/**
 * Document slots after a live change: the added documents take new slots after the `slots` there
 * were, the others keep theirs. Gives the slot of each position, the position of each slot (-1 for
 * a slot whose document went) and the added documents' slots, yielding between its loops.
 */
export function* revisedSlots(
  slotOfPos: Int32Array,
  slots: number,
  removed: readonly number[],
  added: readonly number[],
): Steps<{ slotOfPos: Int32Array; posOfSlot: Int32Array; addedSlots: number[] }> {
  let next = slots;
  const addedSlots = added.map(() => next++);
  yield;
  const after = splicedPositions(slotOfPos, removed, added, addedSlots);
  yield;
  const posOfSlot = new Int32Array(next).fill(-1);
  for (let p = 0; p < after.length; p++) {
    // A loop over every document: at ×10, before it runs optimised, tens of ms at once.
    if ((p & 16383) === 16383) yield;
    posOfSlot[after[p]] = p;
  }
  return { slotOfPos: after, posOfSlot, addedSlots };
}

/** The document whose entries hold entry `e`, from where each document's entries start (one more entry: the end); a binary search. */
export function docOfEntry(start: Int32Array, e: number): number {
  // The last document starting at or before e (documents with no entries start where the next does).
  let lo = 0;
  let hi = start.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (start[mid] <= e) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
