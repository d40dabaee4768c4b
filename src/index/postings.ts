/**
 * Direct reads of MiniSearch's inverted index: a word's posting list (passage → frequency),
 * its document frequency, and BM25 with MiniSearch's own parameters. `MiniSearch.search`
 * scores every passage that contains any query word, so its cost grows with the corpus; with
 * the posting lists in hand the Corpus visits only the rarest word's passages and checks the
 * others by hash lookup. MiniSearch is pinned (package.json); the constructor checks the
 * fields it reads, so an upgrade that moves them fails at start, loudly, not at query time.
 */
import type MiniSearch from 'minisearch';

type FieldPostings = Map<number, Map<number, number>>;

interface RadixTree {
  get(term: string): FieldPostings | undefined;
  has(term: string): boolean;
  atPrefix(prefix: string): Iterable<[string, FieldPostings]>;
  fuzzyGet(term: string, maxDistance: number): Map<string, [FieldPostings, number]>;
}

interface Internals {
  _index: RadixTree;
  _documentIds: Map<number, unknown>;
  _idToShortId: Map<unknown, number>;
  _fieldLength: Map<number, number[]>;
  _avgFieldLength: number[];
  _documentCount: number;
}

/** One index word a query word stands for, with its postings and weight (1 for the word itself). */
export interface TermPosting {
  term: string;
  postings: Map<number, number>;
  weight: number;
  idf: number;
}

/** A query word and the index words that count as it. `df` bounds the passages it can match. */
export interface TermGroup {
  query: string;
  terms: TermPosting[];
  df: number;
}

const EMPTY = new Map<number, number>();
// MiniSearch's defaults, so that scores mean what they meant before.
const BM25 = { k: 1.2, b: 0.7, d: 0.5 };
const WEIGHTS = { prefix: 0.375, fuzzy: 0.45 };
/** Index words a query word may widen to (the closest and commonest first). */
const MAX_EXPANSIONS = 10;
/** Prefix continuations looked at per word, before choosing. */
const MAX_PREFIX_SCAN = 400;

function internals(index: MiniSearch<never> | MiniSearch<any>): Internals {
  const i = index as unknown as Internals;
  if (!i._index || typeof i._index.get !== 'function' || !(i._documentIds instanceof Map) || !(i._fieldLength instanceof Map) || !Array.isArray(i._avgFieldLength)) {
    throw new Error('MiniSearch internals are not as expected (was minisearch upgraded?); src/index/postings.ts must be updated');
  }
  return i;
}

export class Postings {
  private readonly p: Internals;
  private readonly t: Internals;

  constructor(passageIndex: MiniSearch<any>, titleIndex: MiniSearch<any>) {
    this.p = internals(passageIndex);
    this.t = internals(titleIndex);
  }

  private posting(term: string, weight: number): TermPosting {
    const postings = this.p._index.get(term)?.get(0) ?? EMPTY;
    return { term, postings, weight, idf: this.idf(postings.size) };
  }

  private idf(df: number): number {
    const n = this.p._documentCount;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** Each query word as itself only. */
  exactGroups(terms: string[]): TermGroup[] {
    return terms.map((q) => {
      const t = this.posting(q, 1);
      return { query: q, terms: [t], df: t.postings.size };
    });
  }

  /** Each query word with the index words it prefixes (4+ letters) or is a typo of (5+ letters). */
  widenedGroups(terms: string[]): TermGroup[] {
    return terms.map((q) => {
      const list = [this.posting(q, 1)].filter((t) => t.postings.size > 0);
      for (const [term, weight] of this.expansions(q).slice(0, MAX_EXPANSIONS)) list.push(this.posting(term, weight));
      return { query: q, terms: list, df: list.reduce((a, t) => a + t.postings.size, 0) };
    });
  }

  /** Index words near a query word, best first: [word, weight]. */
  private expansions(q: string): [string, number][] {
    const found = new Map<string, number>();
    if (q.length >= 4) {
      let scanned = 0;
      for (const [term] of this.p._index.atPrefix(q)) {
        if (scanned++ >= MAX_PREFIX_SCAN) break;
        const distance = term.length - q.length;
        if (distance > 0) found.set(term, (WEIGHTS.prefix * term.length) / (term.length + 0.3 * distance));
      }
    }
    // Typos only for words the corpus does not have: a word it has is not misspelt, and the
    // nearest words to it ("shipping" → "shopping") only dilute the answer. One edit before two.
    if (q.length >= 5 && !this.p._index.has(q)) {
      const maxDistance = Math.min(6, Math.round(q.length * 0.2));
      for (let d = 1; d <= maxDistance; d++) {
        for (const [term, [, distance]] of this.p._index.fuzzyGet(q, d)) {
          if (distance > 0 && !found.has(term)) found.set(term, (WEIGHTS.fuzzy * term.length) / (term.length + distance));
        }
        if (found.size > 0) break;
      }
    }
    const ranked = [...found].map(([term, weight]) => ({ term, weight, df: this.p._index.get(term)?.get(0)?.size ?? 0 }));
    return ranked.sort((a, b) => b.weight - a.weight || b.df - a.df).map((r) => [r.term, r.weight]);
  }

  /** The index words that could stand for a query word, the word itself first when indexed. */
  alternatives(q: string, max: number): string[] {
    if ((this.p._index.get(q)?.get(0)?.size ?? 0) > 0) return [q];
    const df = (t: string) => this.p._index.get(t)?.get(0)?.size ?? 0;
    const near = q.length >= 3 ? [...this.p._index.fuzzyGet(q, q.length >= 8 ? 2 : 1)] : [];
    return near
      .filter(([t]) => df(t) > 0)
      .sort((a, b) => a[1][1] - b[1][1] || df(b[0]) - df(a[0]))
      .slice(0, max)
      .map(([t]) => t);
  }

  /** BM25 of the passage for the group: its best-matching word (one query word, one match). */
  groupScore(g: TermGroup, shortId: number): number {
    let best = 0;
    for (const t of g.terms) {
      const tf = t.postings.get(shortId);
      if (tf === undefined) continue;
      const len = this.p._fieldLength.get(shortId)?.[0] ?? 1;
      const s = t.weight * t.idf * (BM25.d + (tf * (BM25.k + 1)) / (tf + BM25.k * (1 - BM25.b + (BM25.b * len) / this.p._avgFieldLength[0])));
      if (s > best) best = s;
    }
    return best;
  }

  /** The title postings of each group's words, looked up once per query. */
  titlePostings(groups: TermGroup[]): Map<number, number>[][] {
    return groups.map((g) => g.terms.map((t) => this.t._index.get(t.term)?.get(0)).filter((m): m is Map<number, number> => !!m));
  }

  /** Share of the query words (any of their index words) found in the title of document `doc`. */
  titleShare(groups: Map<number, number>[][], doc: number): number {
    const sid = this.t._idToShortId.get(doc);
    if (sid === undefined || groups.length === 0) return 0;
    let hit = 0;
    for (const maps of groups) if (maps.some((m) => m.has(sid))) hit++;
    return hit / groups.length;
  }

  passageId(shortId: number): number {
    return this.p._documentIds.get(shortId) as number;
  }

  shortIdOf(passageId: number): number | undefined {
    return this.p._idToShortId.get(passageId);
  }
}
