/**
 * People's name search: a MiniSearch over each entry's names and aliases (PeopleIndex.lookup and
 * closest), revised by a live update at the cost of the names that came and went instead of
 * being filled again over every entry (issue #19: at ×10 the refill was about half of a people
 * revision).
 *
 * A revised search answers as a fresh build of the same entries does, scores to the bit: the
 * next version shares the radix tree with the one still serving and copies only the paths to
 * the words written (text-index.ts, TreeWriter); the id maps and field lengths are layered maps
 * over the previous version's; the removed entries' words leave the posting lists (no `discard`
 * dirt to vacuum, which would count in document frequencies until then); the average name
 * length, which MiniSearch keeps as a running mean, is replayed in a cold build's order; and
 * the tree's edges are kept in key order in both, so that a prefix or typo search meets its
 * words — and sums a name's scores for them — in the same order. What still differs is the order
 * of equal scores (posting lists hold the new names last), which callers break by a cold
 * build's order (PeopleIndex.lookup).
 */
import MiniSearch from 'minisearch';
import { LayeredMap } from './layered-map.js';
import { BulkAdder } from './minisearch-bulk.js';
import { internals, type WordIndex } from './minisearch.js';
import { STEP, type Steps } from './steps.js';
import { sortingTree, termsOf, TreeWriter } from './text-index.js';

/** An entry as the name search holds it: its id and its names, space-separated. */
export interface NameRow {
  id: number;
  names: string;
}

export type NameSearch = MiniSearch<NameRow>;

export const NAME_SEARCH_OPTIONS = {
  fields: ['names'],
  idField: 'id',
  tokenize: (t: string) => t.split(' ').filter(Boolean),
  processTerm: (t: string) => t || null,
};

/** A fresh name search over `rows`, added in the order given (a cold build's), its tree in key order. */
export function* buildingNames(rows: Iterable<NameRow>): Steps<NameSearch> {
  const search = new MiniSearch<NameRow>(NAME_SEARCH_OPTIONS);
  const adder = new BulkAdder<NameRow>(search);
  let n = 0;
  for (const row of rows) {
    if (++n % (STEP * 4) === 0) yield;
    adder.add(row);
  }
  yield* adder.finishing();
  yield* sortingTree(internals(search)._index);
  return search;
}

/**
 * The next version of `before` (built by `buildingNames` or revised by this): the entries
 * `removed` taken out (with the names they were added with), then `added` put in. `order` is
 * every entry id of the result in a cold build's order, for the average length. `before` is left
 * as it was: it serves until the new corpus is swapped in.
 */
export function* revisingNames(
  before: NameSearch,
  removed: readonly NameRow[],
  added: readonly NameRow[],
  order: Iterable<number>,
): Steps<NameSearch> {
  const b = internals(before);
  const documentIds = layered(b._documentIds).writer();
  const idToShortId = layered(b._idToShortId).writer();
  const fieldLength = layered(b._fieldLength).writer();
  const tree = new TreeWriter(b._index);
  let count = b._documentCount;
  let next = b._nextId;
  let n = 0;
  for (const row of removed) {
    if (++n % STEP === 0) yield;
    const short = idToShortId.get(row.id);
    if (short === undefined) throw new Error(`entry ${row.id} is not in the name search`);
    for (const term of termsOf(row.names, NAME_SEARCH_OPTIONS).terms.keys()) tree.drop(term, short);
    documentIds.delete(short);
    idToShortId.delete(row.id);
    fieldLength.delete(short);
    count--;
  }
  for (const row of added) {
    if (++n % STEP === 0) yield;
    if (idToShortId.get(row.id) !== undefined) throw new Error(`entry ${row.id} is in the name search twice`);
    const short = next++;
    const { terms, length } = termsOf(row.names, NAME_SEARCH_OPTIONS);
    for (const [term, tf] of terms) tree.put(term, short, tf);
    documentIds.set(short, row.id);
    idToShortId.set(row.id, short);
    fieldLength.set(short, [length]);
    count++;
  }
  yield* tree.folding();
  yield* tree.sortingPaths();
  const ids = documentIds.done();
  const shortIds = idToShortId.done();
  const lengths = fieldLength.done();
  // MiniSearch's running mean, as a fresh build adding the entries in `order` computes it.
  let average = 0;
  let k = 0;
  for (const id of order) {
    if (k % (STEP * 64) === 0) yield;
    const short = shortIds.get(id);
    const length = short === undefined ? undefined : lengths.get(short)?.[0];
    if (length === undefined) throw new Error(`entry ${id} is missing from the revised name search`);
    average = (average * k + length) / (k + 1);
    k++;
  }
  if (k !== count) throw new Error(`the name search holds ${count} entries, the order ${k}`);
  // MiniSearch's own methods over the new state; only search is ever called on it.
  const revised = Object.assign(Object.create(Object.getPrototypeOf(before) as object) as object, before) as NameSearch;
  const m = internals(revised);
  m._index = tree.tree as unknown as WordIndex;
  m._documentIds = ids as unknown as Map<number, unknown>;
  m._idToShortId = shortIds as unknown as Map<unknown, number>;
  m._fieldLength = lengths as unknown as Map<number, number[]>;
  m._avgFieldLength = count ? [average] : [];
  m._documentCount = count;
  m._nextId = next;
  m._dirtCount = 0;
  return revised;
}

/** A map of a fresh build (a Map) or of a revised search (already layered), as a layered map. */
function layered<K, V>(map: Map<K, V>): LayeredMap<K, V> {
  const m: unknown = map;
  return m instanceof LayeredMap ? (m as LayeredMap<K, V>) : LayeredMap.of(map);
}
