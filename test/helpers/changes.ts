/** Random document changes for the revision tests of the fact indexes (dates, quotes). */

/** Positions removed from `prev` and added in `next` (kept documents are the same objects). */
export function changedPositions<T>(prev: readonly T[], next: readonly T[]): { removed: number[]; added: number[] } {
  return {
    removed: prev.flatMap((d, i) => (next.includes(d) ? [] : [i])),
    added: next.flatMap((d, j) => (prev.includes(d) ? [] : [j])),
  };
}

/**
 * `docs` after one random step: one or two documents removed (never below three left), one or
 * two taken from `free` and put anywhere, or both.
 */
export function randomStep<T>(r: () => number, docs: readonly T[], free: T[]): T[] {
  const take = () => free.splice(Math.floor(r() * free.length), 1)[0];
  const next = [...docs];
  const op = Math.floor(r() * 3);
  if (op !== 0 && next.length > 2) for (let k = 0; k < 1 + Math.floor(r() * 2); k++) next.splice(Math.floor(r() * next.length), 1);
  if (op !== 1 && free.length > 0)
    for (let k = 0; k < 1 + Math.floor(r() * 2) && free.length; k++) next.splice(Math.floor(r() * (next.length + 1)), 0, take());
  return next;
}
