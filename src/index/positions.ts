/** Lists kept by document position, and what a live change does to them. */

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
  const order = added.map((pos, k) => [pos, k] as const).sort((a, b) => a[0] - b[0]);
  const n = old.length - rem.length + added.length;
  if (
    new Set(rem).size !== rem.length ||
    rem.some((p) => p < 0 || p >= old.length) ||
    order.some(([p], k) => p >= n || (k > 0 && order[k - 1][0] === p))
  )
    throw new Error('the changes do not account for the positions');
  const typed = old instanceof Int32Array ? new Int32Array(n) : undefined;
  const parts: (readonly T[])[] = [];
  for (let j = 0, i = 0, r = 0, a = 0; j < n;) {
    if (a < order.length && order[a][0] === j) {
      const item = fresh[order[a++][1]];
      if (typed) typed[j] = item as number;
      else parts.push([item as T]);
      j++;
      continue;
    }
    while (r < rem.length && rem[r] === i) {
      i++;
      r++;
    }
    // Old entries up to the next removed one, or up to the next place a fresh one goes.
    const run = Math.min((r < rem.length ? rem[r] : old.length) - i, (a < order.length ? order[a][0] : n) - j);
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
