/**
 * The name index's scoring, for the PostgreSQL store's name look-ups (issue #21). The memory
 * store's PeopleIndex asks a MiniSearch over each entry's name words (`nameText`); here the
 * database brings a bounded set of candidate entries (those holding a query word, a word it
 * starts, or a word within the allowed edits) and this module scores and orders them as
 * MiniSearch 7.2 does (`executeQuerySpec`, `termResults`, the AND/OR combinators, `quality`):
 * BM25 with the index-wide figures (entries, mean length, each word's entry count), prefix and
 * typo weights, and equal scores in MiniSearch's order: the words a query word reaches come from
 * a radix tree (MiniSearch's own SearchableMap) filled with the candidates' words in the order the
 * name index met them, so prefix continuations come in the index's order; each word's entries in
 * entry order. The two stores then pick the same entry for an ambiguous name and list the same
 * "did you mean" names. Typo continuations are found by MiniSearch's own fuzzyGet on that tree;
 * their order can differ from the full index's only between near words of equal standing.
 * test/corpus/names.test.ts checks it against MiniSearch itself.
 */
import SearchableMap from 'minisearch/SearchableMap';

/** MiniSearch's defaults (`defaultSearchOptions`, `defaultBM25params`). */
const BM25 = { k: 1.2, b: 0.7, d: 0.5 };
const WEIGHTS = { prefix: 0.375, fuzzy: 0.45 };
const MAX_FUZZY = 6;

export interface NameCandidate {
  entry: number;
  /** The entry's name keys, space-padded, names apart by " | " (`people.name_text`). */
  nameText: string;
}

export interface NameIndexFigures {
  /** Entries in the name index. */
  documents: number;
  /** Mean number of distinct words per entry. */
  avgLength: number;
  /** How many entries hold a word. */
  df: (word: string) => number;
}

export interface NameSearchOptions {
  combineWith: 'AND' | 'OR';
  /** Whether a query word also matches the longer words it starts. */
  prefix: (word: string) => boolean;
  /** A query word's typo tolerance as MiniSearch takes it: a fraction of its length (< 1), a distance (≥ 1), or false. */
  fuzzy: (word: string) => number | false;
}

/** The words of an entry's names as the name index holds them (duplicates kept: they are its term frequencies). */
export function nameWords(nameText: string): string[] {
  return nameText
    .replace(/ \| /g, ' ')
    .split(' ')
    .filter((w) => w && w !== '|');
}

/** The edits a query word may be away from a name word, as MiniSearch computes it from the option. */
export function maxDistance(word: string, fuzzy: number | false): number {
  if (fuzzy === false || fuzzy <= 0) return 0;
  return fuzzy < 1 ? Math.min(MAX_FUZZY, Math.round(word.length * fuzzy)) : fuzzy;
}

/** MiniSearch's calcBM25Score, the same operations in the same order (equal inputs give equal floats). */
function bm25(termFreq: number, matchingCount: number, totalCount: number, fieldLength: number, avgFieldLength: number): number {
  const { k, b, d } = BM25;
  const invDocFreq = Math.log(1 + (totalCount - matchingCount + 0.5) / (matchingCount + 0.5));
  return invDocFreq * (d + (termFreq * (k + 1)) / (termFreq + k * (1 - b + (b * fieldLength) / avgFieldLength)));
}

interface Result {
  score: number;
  terms: string[];
}

/**
 * The candidates that match, best first, with MiniSearch's scores (score × the number of query
 * words matched). Candidates must include every entry that could match, or the ones left out are
 * simply not found; their order does not matter.
 */
export function searchNames(
  query: readonly string[],
  candidates: readonly NameCandidate[],
  figures: NameIndexFigures,
  opts: NameSearchOptions,
): { entry: number; score: number }[] {
  const words = query.filter(Boolean);
  if (!words.length) return [];
  // The candidates' words as the name index holds them: a radix tree filled in the order the
  // index met them (entries in entry order, words in name order), which orders its prefix and
  // typo expansions; each word's entries in entry order, with their term frequencies.
  const tree = new SearchableMap<true>();
  const postings = new Map<string, { entry: number; tf: number; length: number }[]>();
  for (const c of [...candidates].sort((a, b) => a.entry - b.entry)) {
    const tf = new Map<string, number>();
    for (const t of nameWords(c.nameText)) tf.set(t, (tf.get(t) ?? 0) + 1);
    for (const [t, n] of tf) {
      if (!tree.has(t)) tree.set(t, true);
      let l = postings.get(t);
      if (!l) postings.set(t, (l = []));
      l.push({ entry: c.entry, tf: n, length: tf.size });
    }
  }
  const avg = figures.avgLength;
  const N = figures.documents;
  const perWord = words.map((w) => {
    // As executeQuerySpec: the word itself, the longer words it starts, then near words not already a prefix match.
    const derived: [string, number][] = [[w, 1]];
    const maxD = maxDistance(w, opts.fuzzy(w));
    const near = maxD ? tree.fuzzyGet(w, maxD) : undefined;
    if (opts.prefix(w))
      for (const [t] of tree.atPrefix(w)) {
        const distance = t.length - w.length;
        if (!distance) continue;
        near?.delete(t);
        derived.push([t, (WEIGHTS.prefix * t.length) / (t.length + 0.3 * distance)]);
      }
    if (near)
      for (const [t, [, distance]] of near) {
        if (!distance) continue;
        derived.push([t, (WEIGHTS.fuzzy * t.length) / (t.length + distance)]);
      }
    const results = new Map<number, Result>();
    for (const [t, weight] of derived) {
      const df = figures.df(t);
      for (const p of postings.get(t) ?? []) {
        const s = weight * bm25(p.tf, df, N, p.length, avg);
        const r = results.get(p.entry);
        if (r) {
          r.score += s;
          if (!r.terms.includes(w)) r.terms.push(w);
        } else results.set(p.entry, { score: s, terms: [w] });
      }
    }
    return results;
  });
  const combined = perWord.reduce((a, b) => (opts.combineWith === 'AND' ? and(a, b) : or(a, b)));
  const out = [...combined].map(([entry, r]) => ({ entry, score: r.score * (r.terms.length || 1) }));
  // A stable sort, as MiniSearch's: equal scores keep the order the entries were found in.
  return out.sort((a, b) => b.score - a.score);
}

/** MiniSearch's AND: the entries of both, in the order of the second. */
function and(a: Map<number, Result>, b: Map<number, Result>): Map<number, Result> {
  const out = new Map<number, Result>();
  for (const [entry, r] of b) {
    const existing = a.get(entry);
    if (!existing) continue;
    for (const t of r.terms) if (!existing.terms.includes(t)) existing.terms.push(t);
    out.set(entry, { score: existing.score + r.score, terms: existing.terms });
  }
  return out;
}

/** MiniSearch's OR: the first's entries, then the second's new ones. */
function or(a: Map<number, Result>, b: Map<number, Result>): Map<number, Result> {
  for (const [entry, r] of b) {
    const existing = a.get(entry);
    if (!existing) a.set(entry, r);
    else {
      existing.score = existing.score + r.score;
      for (const t of r.terms) if (!existing.terms.includes(t)) existing.terms.push(t);
    }
  }
  return a;
}
