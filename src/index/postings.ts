/**
 * Bounded search over any of our MiniSearch indexes (passages, dated sentences, quotes), by
 * reading MiniSearch's own inverted index: a word's posting list (id → frequency), its document
 * frequency, and BM25 with MiniSearch's own parameters. `MiniSearch.search` scores every
 * document that contains any query word, so its cost grows with the corpus; with the posting
 * lists in hand a search visits only the rarest words' documents (at most MAX_CANDIDATES) and
 * checks the other words by hash lookup. One mechanism for /search, /when, /timeline and
 * /quote's topics. MiniSearch's fields are read through the adapter (minisearch.ts), which
 * checks them for the pinned version at start.
 */
import type SearchableMap from 'minisearch/SearchableMap';
import { internals, type AnyMiniSearch } from './minisearch.js';
import { queryTerms } from './text.js';

/** A word's posting list: id (short id) → term frequency. A Map, or a layered list (text-index.ts). */
export interface PostingList {
  readonly size: number;
  get(id: number): number | undefined;
  has(id: number): boolean;
  keys(): Iterable<number>;
}

/** The inverted index as TermSearch reads it: word → field id → postings (field 0 only is read). */
export type PostingTree = SearchableMap<Map<number, PostingList>>;

/**
 * What TermSearch needs of an index: its words, its document count, each entry's length and sum
 * of lengths (BM25), and its ids. A MiniSearch index (`miniSearchSource`) or a TextIndex.
 */
export interface PostingSource {
  readonly tree: PostingTree;
  readonly documentCount: number;
  readonly lengthSum: number;
  length(shortId: number): number;
  idOf(shortId: number): number | undefined;
  shortIdOf(id: number): number | undefined;
}

/** A MiniSearch index of one field as a posting source (lengths read once into an array). */
export function miniSearchSource(index: AnyMiniSearch): PostingSource {
  const p = internals(index);
  const lengths = new Int32Array(p._nextId);
  let lengthSum = 0;
  for (const [shortId, fl] of p._fieldLength) {
    const len = fl[0] ?? 1;
    lengths[shortId] = len;
    lengthSum += len;
  }
  return {
    tree: p._index,
    documentCount: p._documentCount,
    lengthSum,
    length: (shortId) => lengths[shortId],
    idOf: (shortId) => p._documentIds.get(shortId) as number | undefined,
    shortIdOf: (id) => p._idToShortId.get(id),
  };
}

/** One index word a query word stands for, with its postings and weight (1 for the word itself). */
export interface TermPosting {
  term: string;
  postings: PostingList;
  weight: number;
  idf: number;
}

/** A query word and the index words that count as it. `df` bounds the documents it can match. */
export interface TermGroup {
  query: string;
  terms: TermPosting[];
  df: number;
}

export interface TermHit {
  /** The id the document was added to the index with. */
  id: number;
  score: number;
  /** Index words that matched (after prefix/typo widening), to find the best sentence. */
  terms: string[];
  /** Query words that matched. */
  queryTerms: string[];
}

export interface TermSearchOptions {
  limit: number;
  /** Documents (by id) a result may be; others are skipped. */
  accept?: (id: number) => boolean;
  /** A score multiplier (≥ 1) per document, made once per ranking from the query's words (e.g. a title bonus). */
  boost?: (groups: TermGroup[]) => (id: number) => number;
  /** The most `boost` gives any document: a document that could not enter the results even so is not boosted. */
  boostMax?: number;
  /**
   * Ids to visit instead of the rarest words' postings when the caller knows a smaller set (a
   * filter to a few documents); given how many postings the words would visit. Undefined: use
   * the postings.
   */
  within?: (postingsSize: number) => Iterable<number> | undefined;
  /**
   * Where an id stands in the order a fresh build would number it (default: the id itself), for
   * documents that tie: ids of a revised index are not in that order.
   */
  order?: (id: number) => number;
  /** Only documents with every query word as it is (no widening, no partial matches). */
  every?: boolean;
}

const EMPTY: PostingList = new Map<number, number>();
// MiniSearch's defaults, so that scores mean what they meant before.
const BM25 = { k: 1.2, b: 0.7, d: 0.5 };
const WEIGHTS = { prefix: 0.375, fuzzy: 0.45 };
/** Index words a query word may widen to (the closest and commonest first). */
const MAX_EXPANSIONS = 10;
/** Prefix continuations looked at per word, before choosing. */
const MAX_PREFIX_SCAN = 400;
/** At most this many documents are looked at per ranking, whatever the corpus size. */
export const MAX_CANDIDATES = 40_000;

/**
 * The queries a "did you mean" tries, in order, from each query word's alternatives (best first):
 * every word's best, then one word at a time replaced by each of its other alternatives. Both
 * corpus stores try the same ones.
 */
export function suggestionTries(options: readonly (readonly string[])[]): string[][] {
  const tries = [options.map((o) => o[0])];
  for (let i = 0; i < options.length; i++) for (const alt of options[i].slice(1)) tries.push(options.map((o, j) => (j === i ? alt : o[0])));
  return tries;
}

/** BM25's corpus statistics, which every score of a search depends on: the entry count and the sum of lengths. */
export interface Bm25Stats {
  count: number;
  lengthSum: number;
}

/**
 * At most how far the difference between two documents' BM25 scores for a query of exact words
 * (one idf per word, as they were under `from`) can move when the statistics go from `from` to
 * `to`, the words' document frequencies and the documents staying as they were: how far one
 * can gain on the other. A word's idf is ln((n + 1) ÷ (df + ½)), so every word's moves by ln((n'
 * + 1) ÷ (n + 1)), times each document's frequency part, which lies in [d, d + k + 1) (the two
 * differ by less than k + 1); that part, when the average length changes by a factor 1 ± ρ,
 * moves by at most (k + 1)ρ ÷ 4(1 − ρ) (the derivative in norm, at its worst for tf = norm), the
 * same way in every document (each norm moves with the average), so one gains at most that on
 * another. Infinity when the average has moved by half or more (no bound worth having).
 */
export function leadDrift(from: Bm25Stats, to: Bm25Stats, idfs: readonly number[]): number {
  const rho = Math.abs(averageLength(from) / averageLength(to) - 1);
  if (rho >= 0.5) return Infinity;
  const dIdf = Math.abs(Math.log((to.count + 1) / (from.count + 1)));
  const dPart = ((BM25.k + 1) * rho) / (4 * (1 - rho));
  let drift = 0;
  for (const idf of idfs) drift += dIdf * (BM25.k + 1) + idf * dPart;
  return drift;
}

/** BM25's average length: the exact sum ÷ count (the same whatever order entries came in); 1 for an empty index. */
function averageLength(s: Bm25Stats): number {
  return (s.count ? s.lengthSum / s.count : 0) || 1;
}

/** Of n query words, how many a document must match when not all do (minimum should match). */
export function minimumShouldMatch(n: number): number {
  return n <= 2 ? n : Math.ceil(n * 0.66);
}

/** Bounded search over one MiniSearch index of one field whose ids are numbers. */
export class TermSearch {
  private readonly src: PostingSource;
  private readonly tree: PostingTree;
  /**
   * BM25's length normalisation is k × (1 − b + b × length ÷ average length) = norm0 + norm1 ×
   * length, the average being the exact sum ÷ count (the same whatever order entries came in).
   */
  private readonly norm0: number;
  private readonly norm1: number;

  constructor(index: AnyMiniSearch | PostingSource) {
    this.src = 'tree' in index ? index : miniSearchSource(index);
    this.tree = this.src.tree;
    const avg = averageLength(this.stats());
    this.norm0 = BM25.k * (1 - BM25.b);
    this.norm1 = (BM25.k * BM25.b) / avg;
  }

  /**
   * Documents for a query, best first. A document must match most of the query's words
   * (`minimumShouldMatch`); documents matching more words rank first, then by BM25 (times the
   * caller's boost). Exact words first; only when they find too little, each word is widened to
   * index words it prefixes or is a typo of.
   */
  search(query: string, opts: TermSearchOptions): TermHit[] {
    const terms = queryTerms(query);
    if (terms.length === 0) return [];
    const hits = this.rank(this.exactGroups(terms), opts);
    if (hits.length < opts.limit && !opts.every) {
      const seen = new Set(hits.map((h) => h.id));
      for (const h of this.rank(this.widenedGroups(terms), opts)) {
        if (seen.has(h.id)) continue;
        hits.push(h);
        if (hits.length >= opts.limit) break;
      }
    }
    return hits.slice(0, opts.limit);
  }

  /**
   * Queries the index can back ("did you mean"): each word replaced by its closest index word
   * (a typo or prefix away, the commoner first), kept only when the result finds something.
   */
  suggest(query: string, max = 3): string[] {
    const terms = queryTerms(query);
    if (terms.length === 0) return [];
    const options = terms.map((t) => this.alternatives(t, 3));
    if (options.some((o) => o.length === 0)) return [];
    const out: string[] = [];
    for (const words of suggestionTries(options)) {
      const q = words.join(' ');
      if (out.includes(q) || q === terms.join(' ')) continue;
      if (this.rank(this.exactGroups(words), { limit: 1 }).length > 0) out.push(q);
      if (out.length >= max) break;
    }
    return out;
  }

  /** The statistics this search scores with. */
  stats(): Bm25Stats {
    return { count: this.src.documentCount, lengthSum: this.src.lengthSum };
  }

  /** An index word's idf as this search weighs it (0 for a word not indexed). */
  idfOf(term: string): number {
    const df = this.postingsOf(term)?.size ?? 0;
    return df ? this.idf(df) : 0;
  }

  /**
   * Whether two documents hold these index words as often as each other and have the same
   * length: then they score the same under any statistics, and keep their order.
   */
  sameShape(a: number, b: number, terms: readonly string[]): boolean {
    const sa = this.src.shortIdOf(a);
    const sb = this.src.shortIdOf(b);
    if (sa === undefined || sb === undefined || this.src.length(sa) !== this.src.length(sb)) return false;
    return terms.every((t) => {
      const p = this.postingsOf(t);
      return p?.get(sa) === p?.get(sb);
    });
  }

  /**
   * The ids of every entry holding all these index words (in no order), or undefined when the
   * rarest word's postings are more than `max`.
   */
  holdingAll(terms: readonly string[], max: number): number[] | undefined {
    const groups = this.rarestFirst(terms);
    if (groups.length === 0 || groups[0].df > max) return undefined;
    const ids: number[] = [];
    for (const shortId of postingsOf(groups.slice(0, 1))) {
      if (!groups.every((g) => inGroup(g, shortId))) continue;
      const id = this.src.idOf(shortId);
      if (id !== undefined) ids.push(id);
    }
    return ids;
  }

  /** The score `search(terms, { every: true })` gives an entry holding all these index words, for any entry. */
  scorer(terms: readonly string[]): (id: number) => number {
    const groups = this.rarestFirst(terms);
    return (id) => {
      const shortId = this.src.shortIdOf(id);
      return shortId === undefined ? 0 : this.scoreOf(groups, shortId);
    };
  }

  /** Each index word as itself, the rarest first: the order a search of every word scores them in. */
  private rarestFirst(terms: readonly string[]): TermGroup[] {
    return this.exactGroups([...terms]).sort((a, b) => a.df - b.df);
  }

  /** BM25 of an entry holding every group's word: the sum of the groups' scores, in the groups' order. */
  private scoreOf(groups: readonly TermGroup[], shortId: number): number {
    const norm = this.lengthNorm(shortId);
    let score = 0;
    for (const g of groups) score += groupScore(g, shortId, norm);
    return score;
  }

  /** `scoreOf` for an entry holding every group's word; 0 as soon as one is missing. */
  private scoreOfAll(groups: readonly TermGroup[], shortId: number): number {
    const norm = this.lengthNorm(shortId);
    let score = 0;
    for (const g of groups) {
      const s = groupScore(g, shortId, norm);
      if (s === 0) return 0;
      score += s;
    }
    return score;
  }

  /** The postings of one index word (id is the short id), for callers that test membership. */
  postingsOf(term: string): PostingList | undefined {
    return this.tree.get(term)?.get(0);
  }

  /** The index's short id for a document id, if it is indexed. */
  shortIdOf(id: number): number | undefined {
    return this.src.shortIdOf(id);
  }

  /**
   * Two stages, each bounded by MAX_CANDIDATES. First every word: candidates are the rarest
   * word's postings, and a miss on any other word ends the check of that candidate at once;
   * documents with every word rank first, so when there are `limit` of them nothing else is
   * looked at. Otherwise most words: a document with `need` of n words contains one of the
   * n − need + 1 rarest, so candidates come from their postings, each checked against the
   * other words by hash lookups. Only the best `limit` are kept while scoring (no sort of all).
   */
  private rank(groups: TermGroup[], opts: TermSearchOptions): TermHit[] {
    const n = groups.length;
    const need = minimumShouldMatch(n);
    const present = groups.filter((g) => g.df > 0);
    if (present.length < need || (opts.every && present.length < n)) return [];
    const byRarity = [...present].sort((a, b) => a.df - b.df);
    const boost = opts.boost?.(groups);
    // What a score can become (its upper bound), to refuse a document before it is boosted.
    const most = boost ? (opts.boostMax ?? Infinity) : 1;
    const top = new Best(opts.limit, opts.order);
    const candidates = (drivers: TermGroup[]): Iterable<number> => {
      const within = opts.within?.(drivers.reduce((a, g) => a + g.df, 0));
      if (within) return this.shortIds(within);
      return drivers.length === 1 && drivers[0].terms.length === 1 ? drivers[0].terms[0].postings.keys() : postingsOf(drivers);
    };
    const accepted = (shortId: number): number | undefined => {
      const id = this.src.idOf(shortId);
      return id === undefined || (opts.accept && !opts.accept(id)) ? undefined : id;
    };
    if (present.length === n) {
      let visited = 0;
      // A widened word stands for several index words: a document may be in more than one's postings.
      const seen = byRarity[0].terms.length > 1 ? new Set<number>() : undefined;
      for (const shortId of candidates(byRarity.slice(0, 1))) {
        if (visited++ >= MAX_CANDIDATES) break;
        if (seen) {
          if (seen.has(shortId)) continue;
          seen.add(shortId);
        }
        // Scored word by word, rarest first (the order scoreOf sums in): most candidates lack a
        // word, and the first one missing ends their check.
        const score = this.scoreOfAll(byRarity, shortId);
        if (score === 0 || !top.mayTake(n, score * most)) continue;
        const id = accepted(shortId);
        if (id !== undefined) top.add(n, boost ? score * boost(id) : score, id, shortId);
      }
      if (top.size >= opts.limit || need === n || opts.every) return this.hits(top, groups);
    }
    // A document with most words: scored on every word; those with all of them were ranked above.
    const misses = n - need;
    const consider = (shortId: number) => {
      // Membership first, rarest word first: most candidates miss too many words to count. The
      // words no document holds are missed by all.
      let missed = n - byRarity.length;
      for (const g of byRarity) if (!inGroup(g, shortId) && ++missed > misses) return;
      if (missed === 0) return;
      const norm = this.lengthNorm(shortId);
      let matched = 0;
      let score = 0;
      for (const g of groups) {
        const s = groupScore(g, shortId, norm);
        if (s > 0) {
          matched++;
          score += s;
        }
      }
      if (matched < need || matched === n || !top.mayTake(matched, score * most)) return;
      const id = accepted(shortId);
      if (id !== undefined) top.add(matched, boost ? score * boost(id) : score, id, shortId);
    };
    const drivers = byRarity.slice(0, n - need + 1);
    const within = opts.within?.(drivers.reduce((a, g) => a + g.df, 0));
    let visited = 0;
    if (within) {
      const seen = new Set<number>();
      for (const shortId of this.shortIds(within)) {
        if (visited++ >= MAX_CANDIDATES) break;
        if (seen.has(shortId)) continue;
        seen.add(shortId);
        consider(shortId);
      }
      return this.hits(top, groups);
    }
    // The drivers' postings one list after another. A document met again is in an earlier list:
    // a hash look-up there skips it, where a set of those seen would grow to every candidate.
    const lists = drivers.flatMap((g) => g.terms.map((t) => t.postings));
    visiting: for (let l = 0; l < lists.length; l++) {
      for (const shortId of lists[l].keys()) {
        if (visited++ >= MAX_CANDIDATES) break visiting;
        if (!inEarlier(lists, l, shortId)) consider(shortId);
      }
    }
    return this.hits(top, groups);
  }

  /** The kept documents as hits, with the words each matched. */
  private hits(top: Best, groups: TermGroup[]): TermHit[] {
    return top.sorted().map(({ shortId, id, score }) => {
      const matchedTerms: string[] = [];
      const matchedQuery: string[] = [];
      for (const g of groups) {
        let any = false;
        for (const t of g.terms) {
          if (t.postings.has(shortId)) {
            matchedTerms.push(t.term);
            any = true;
          }
        }
        if (any) matchedQuery.push(g.query);
      }
      return { id, score, terms: matchedTerms, queryTerms: matchedQuery };
    });
  }

  private *shortIds(ids: Iterable<number>): Iterable<number> {
    for (const id of ids) {
      const sid = this.src.shortIdOf(id);
      if (sid !== undefined) yield sid;
    }
  }

  /** BM25's length normalisation of a document: k × (1 − b + b × length ÷ average length). */
  private lengthNorm(shortId: number): number {
    return this.norm0 + this.norm1 * this.src.length(shortId);
  }

  private posting(term: string, weight: number): TermPosting {
    const postings = this.tree.get(term)?.get(0) ?? EMPTY;
    return { term, postings, weight, idf: this.idf(postings.size) };
  }

  private idf(df: number): number {
    const n = this.src.documentCount;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** Each query word as itself only. */
  private exactGroups(terms: string[]): TermGroup[] {
    return terms.map((q) => {
      const t = this.posting(q, 1);
      return { query: q, terms: [t], df: t.postings.size };
    });
  }

  /** Each query word with the index words it prefixes (4+ letters) or is a typo of (5+ letters). */
  private widenedGroups(terms: string[]): TermGroup[] {
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
      for (const [term] of this.tree.atPrefix(q)) {
        if (scanned++ >= MAX_PREFIX_SCAN) break;
        const distance = term.length - q.length;
        if (distance > 0) found.set(term, (WEIGHTS.prefix * term.length) / (term.length + 0.3 * distance));
      }
    }
    // Typos only for words the corpus does not have: a word it has is not misspelt, and the
    // nearest words to it ("shipping" → "shopping") only dilute the answer. One edit before two.
    if (q.length >= 5 && !this.tree.has(q)) {
      const maxDistance = Math.min(6, Math.round(q.length * 0.2));
      for (let d = 1; d <= maxDistance; d++) {
        for (const [term, [, distance]] of this.tree.fuzzyGet(q, d)) {
          if (distance > 0 && !found.has(term)) found.set(term, (WEIGHTS.fuzzy * term.length) / (term.length + distance));
        }
        if (found.size > 0) break;
      }
    }
    const ranked = [...found].map(([term, weight]) => ({ term, weight, df: this.tree.get(term)?.get(0)?.size ?? 0 }));
    return ranked.sort((a, b) => b.weight - a.weight || b.df - a.df).map((r) => [r.term, r.weight]);
  }

  /** The index words that could stand for a query word, the word itself first when indexed. */
  private alternatives(q: string, max: number): string[] {
    if ((this.tree.get(q)?.get(0)?.size ?? 0) > 0) return [q];
    const df = (t: string) => this.tree.get(t)?.get(0)?.size ?? 0;
    const near = q.length >= 3 ? [...this.tree.fuzzyGet(q, q.length >= 8 ? 2 : 1)] : [];
    return near
      .filter(([t]) => df(t) > 0)
      .sort((a, b) => a[1][1] - b[1][1] || df(b[0]) - df(a[0]))
      .slice(0, max)
      .map(([t]) => t);
  }
}

/** The postings of some groups' words, one after another (a document may come more than once). */
function* postingsOf(groups: TermGroup[]): Iterable<number> {
  for (const g of groups) for (const t of g.terms) yield* t.postings.keys();
}

/** Whether a document is in one of the lists before the `l`th. */
function inEarlier(lists: readonly PostingList[], l: number, shortId: number): boolean {
  for (let i = 0; i < l; i++) if (lists[i].has(shortId)) return true;
  return false;
}

/** Whether a document holds any of a group's words. */
function inGroup(g: TermGroup, shortId: number): boolean {
  for (const t of g.terms) if (t.postings.has(shortId)) return true;
  return false;
}

/** BM25 of a document for a group: its best-matching word (one query word, one match); 0 when none. */
function groupScore(g: TermGroup, shortId: number, norm: number): number {
  let best = 0;
  for (const t of g.terms) {
    const tf = t.postings.get(shortId);
    if (tf === undefined) continue;
    const s = t.weight * t.idf * (BM25.d + (tf * (BM25.k + 1)) / (tf + norm));
    if (s > best) best = s;
  }
  return best;
}

/**
 * The best `limit` documents seen so far: more words matched first, then score, then place in
 * a fresh build's numbering (the order a fresh index would visit them in, whatever their ids). A small sorted array: a
 * document that cannot enter is refused with one comparison.
 */
class Best {
  private readonly items: Kept[] = [];
  constructor(
    private readonly limit: number,
    private readonly order?: (id: number) => number,
  ) {}

  get size(): number {
    return this.items.length;
  }

  /**
   * False when a document with this many words and at most this score cannot enter: the kept
   * ones are full and the last of them is ahead of it whatever its place (checked before the
   * document's boost and place are worked out).
   */
  mayTake(matched: number, scoreAtMost: number): boolean {
    const n = this.items.length;
    if (this.limit <= 0) return false;
    if (n < this.limit) return true;
    const last = this.items[n - 1];
    return matched > last.matched || (matched === last.matched && !(scoreAtMost < last.score));
  }

  add(matched: number, score: number, id: number, shortId: number): void {
    if (!this.mayTake(matched, score)) return;
    const item = { matched, score, id, shortId, key: this.order ? this.order(id) : id };
    const n = this.items.length;
    if (n >= this.limit && !before(item, this.items[n - 1])) return;
    let i = n;
    while (i > 0 && before(item, this.items[i - 1])) i--;
    this.items.splice(i, 0, item);
    if (this.items.length > this.limit) this.items.pop();
  }

  sorted(): Kept[] {
    return this.items;
  }
}

interface Kept {
  matched: number;
  score: number;
  id: number;
  shortId: number;
  /** The id's place in a fresh build's numbering: the last tie-break. */
  key: number;
}

function before(a: Kept, b: Kept): boolean {
  return a.matched > b.matched || (a.matched === b.matched && (a.score > b.score || (a.score === b.score && a.key < b.key)));
}
