/**
 * People's name search revised per change (name-search.ts): after any sequence of entries taken
 * out and put in, a search must answer as a fresh build of the entries it then holds — the same
 * hits with the same scores to the bit, for exact words, prefixes and typos — and leave the
 * version it revised as it was. Names are drawn from a few words that prefix each other and lie
 * one or two letters apart, so that one name meets a query word through several index words
 * (whose scores are summed in the order the tree is walked).
 */
import fc from 'fast-check';
import type { SearchOptions } from 'minisearch';
import { describe, expect, it } from 'vitest';
import { internals } from '../../src/index/minisearch.js';
import { buildingNames, revisingNames, type NameRow, type NameSearch } from '../../src/index/name-search.js';
import { runNow } from '../../src/index/steps.js';

const WORDS = [
  'mohammed',
  'mohamed',
  'mohammad',
  'moham',
  'gaddafi',
  'gadhafi',
  'qaddafi',
  'gad',
  'fenwick',
  'fenwik',
  'fenner',
  'fen',
  'ann',
  'anna',
  'annan',
];

const QUERIES = [
  ...WORDS,
  'moh',
  'moha',
  'mohamad',
  'gadafi',
  'gadd',
  'fenw',
  'fenwic',
  'an',
  'anan',
  'mohammed gaddafi',
  'fen ann',
  'qadafi fenner',
];

/** The options PeopleIndex.lookup and closest search with. */
const OPTIONS: SearchOptions[] = [
  { combineWith: 'AND', prefix: (t) => t.length >= 3 },
  { combineWith: 'AND', prefix: (t) => t.length >= 3, fuzzy: (t) => (t.length >= 5 ? 0.2 : t.length >= 4 ? 1 : false) },
  { combineWith: 'OR', prefix: (t) => t.length >= 3, fuzzy: (t) => (t.length >= 4 ? 0.34 : false) },
];

/** Every hit with its score and matches, equal scores by `place` (as PeopleIndex orders them). */
function answers(search: NameSearch, place: (id: number) => number) {
  return OPTIONS.flatMap((o) =>
    QUERIES.map((q) =>
      search
        .search(q, o)
        .sort((a, b) => b.score - a.score || place(a.id as number) - place(b.id as number))
        .map((h) => ({ id: h.id as number, score: h.score, terms: [...h.terms].sort(), queryTerms: h.queryTerms })),
    ),
  );
}

/** The radix tree as nested [edge, child] lists in Map order (postings as sorted pairs). */
function shape(node: unknown): unknown {
  return [...(node as Map<string, unknown>)].map(([k, v]) =>
    k === '' ? [k, [...(v as Map<number, Map<number, number>>).get(0)!.entries()].length] : [k, shape(v)],
  );
}

const rowArb = fc.array(fc.nat(WORDS.length - 1), { minLength: 1, maxLength: 5 }).map((ws) => ws.map((w) => WORDS[w]).join(' '));

describe('the name search revised per change', () => {
  it('answers as a fresh build after every step of any sequence of changes, and leaves the version it revised as it was', () => {
    let steps = 0;
    fc.assert(
      fc.property(
        fc.array(rowArb, { minLength: 1, maxLength: 30 }),
        fc.array(
          fc.record({
            remove: fc.array(fc.nat(60), { maxLength: 4 }),
            // A name given again under an id it had, or under a new id.
            add: fc.array(fc.tuple(fc.nat(60), rowArb), { maxLength: 4 }),
          }),
          { minLength: 1, maxLength: 8 },
        ),
        // A cold build's order is not the ids' (entries keep their ids, and new ones come anywhere).
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 61, maxLength: 61 }),
        (initial, ops, keys) => {
          const place = (id: number) => keys[id];
          const byPlace = (a: number, b: number) => place(a) - place(b) || a - b;
          const rows = new Map(initial.map((names, id) => [id, names]));
          const fresh = () => runNow(buildingNames([...rows.keys()].sort(byPlace).map((id) => ({ id, names: rows.get(id)! }))));
          let search = fresh();
          for (const op of ops) {
            const removed: NameRow[] = [];
            const added: NameRow[] = [];
            for (const id of new Set([...op.remove, ...op.add.map(([id]) => id)])) {
              if (rows.has(id)) removed.push({ id, names: rows.get(id)! });
              rows.delete(id);
            }
            for (const [id, names] of op.add) {
              if (rows.has(id)) continue;
              rows.set(id, names);
              added.push({ id, names });
            }
            const before = answers(search, place);
            const revised = runNow(revisingNames(search, removed, added, [...rows.keys()].sort(byPlace)));
            expect(answers(search, place)).toEqual(before);
            search = revised;
            const built = fresh();
            expect(answers(search, place)).toEqual(answers(built, place));
            expect(search.documentCount).toBe(built.documentCount);
            expect(internals(search)._avgFieldLength).toEqual(internals(built)._avgFieldLength);
            expect(shape(internals(search)._index._tree)).toEqual(shape(internals(built)._index._tree));
            steps++;
          }
        },
      ),
      { numRuns: 40, seed: 1945 },
    );
    expect(steps).toBeGreaterThan(120);
  }, 120_000);

  it('refuses to take out an entry it does not hold', () => {
    const search = runNow(buildingNames([{ id: 1, names: 'ann fen' }]));
    expect(() => runNow(revisingNames(search, [{ id: 2, names: 'ann' }], [], [1]))).toThrow(/not in the name search/);
  });
});
