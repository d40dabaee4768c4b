/** Two lists each sorted by one order, as one: whole (short lists) or in slices (a timeline of millions). */
import { runNow, STEP, type Steps } from './steps.js';

/** Items merged between two yields: about a millisecond of work. */
const MERGE_STEP = STEP * 1024;

/** `a` and `b`, each sorted by `cmp`, as one sorted list (on a tie, `a`'s item first). */
export function mergeSorted(a: ArrayLike<number>, b: ArrayLike<number>, cmp: (x: number, y: number) => number): number[] {
  return runNow(mergingSorted(a, b, cmp));
}

/** `mergeSorted`, yielding every few thousand items (steps.ts). */
export function* mergingSorted(a: ArrayLike<number>, b: ArrayLike<number>, cmp: (x: number, y: number) => number): Steps<number[]> {
  const out = new Array<number>(a.length + b.length);
  let i = 0;
  let j = 0;
  for (let o = 0; o < out.length; o++) {
    if (o % MERGE_STEP === MERGE_STEP - 1) yield;
    out[o] = j >= b.length || (i < a.length && cmp(a[i], b[j]) <= 0) ? a[i++] : b[j++];
  }
  return out;
}
