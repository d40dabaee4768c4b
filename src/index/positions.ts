/** Lists kept by document position, and what a live change does to them. */
import { STEP, type Steps } from './steps.js';

/** Positions spliced between two yields. */
const SPLICE_STEP = STEP * 1024;

/**
 * A list by document position after a live change (issue #19): the entries of the documents at
 * `removed` (positions in the old list) taken out and `fresh` (one per position in `added`,
 * positions in the new list) put in; every other entry is the old list's, in order. What a
 * change does to a corpus's documents, for the arrays kept alongside them. Yields every few
 * thousand positions: at ×10 one list takes tens of ms.
 */
export function* splicingPositions<T>(
  old: ArrayLike<T>,
  removed: readonly number[],
  added: readonly number[],
  fresh: readonly T[],
  out: T[] | Int32Array,
): Steps<void> {
  const rem = [...removed].sort((a, b) => a - b);
  const order = added.map((pos, k) => [pos, k] as const).sort((a, b) => a[0] - b[0]);
  if (old.length - rem.length + added.length !== out.length) throw new Error('the changes do not account for the positions');
  for (let j = 0, i = 0, r = 0, a = 0; j < out.length; j++) {
    if (j % SPLICE_STEP === SPLICE_STEP - 1) yield;
    if (a < order.length && order[a][0] === j) {
      (out as T[])[j] = fresh[order[a++][1]];
      continue;
    }
    while (r < rem.length && rem[r] === i) {
      i++;
      r++;
    }
    if (i >= old.length) throw new Error('the changes do not account for the positions');
    (out as T[])[j] = old[i++];
  }
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
