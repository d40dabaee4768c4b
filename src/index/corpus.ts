/**
 * The in-memory corpus: documents, passages (one per paragraph), a MiniSearch index over the
 * passages and one over titles, and the fact indexes. Immutable once built: a reload builds a
 * new Corpus and swaps it in whole, so a command always sees one consistent index.
 */
import MiniSearch from 'minisearch';
import type { IngestedDoc } from '../ingest.js';
import type { Citation, DocMeta, Paragraph, Skipped } from '../types.js';
import { DateIndex } from './dates.js';
import { PeopleIndex } from './people.js';
import { QuoteIndex } from './quotes.js';
import { Postings, type TermGroup } from './postings.js';
import { processTerm, queryTerms, tokenize } from './text.js';

export interface Passage {
  /** Index into `Corpus.docs`. */
  doc: number;
  /** Paragraph number (from 1). */
  paragraph: number;
}

export interface PassageHit {
  passage: Passage;
  score: number;
  /** Index terms that matched (after prefix/fuzzy expansion), to find the best sentence. */
  terms: string[];
  /** Query terms that matched. */
  queryTerms: string[];
}

export interface PassageSearchOptions {
  limit: number;
  /** Restrict to these documents (indexes into `docs`). */
  docs?: Set<number>;
}

/** Title words are worth more than body words, but a passage must still match. */
const TITLE_BOOST = 0.5;

/** At most this many passages are looked at per search stage, whatever the corpus size. */
const MAX_CANDIDATES = 40_000;

export function citationFor(meta: DocMeta, paragraph: number): Citation {
  const c: Citation = { docId: meta.id, title: meta.title, paragraph };
  if (meta.source) c.source = meta.source;
  if (meta.url) c.url = meta.url;
  if (meta.published) c.published = meta.published;
  return c;
}

/** Of n query terms, how many a passage must match when not all do (minimum should match). */
export function minimumShouldMatch(n: number): number {
  return n <= 2 ? n : Math.ceil(n * 0.66);
}

export type PassageIndex = MiniSearch<{ id: number; text: string }>;
export type TitleIndex = MiniSearch<{ id: number; title: string }>;

/** The options the indexes are built with (and must be loaded with from a snapshot). */
export const PASSAGE_INDEX_OPTIONS = { fields: ['text'], storeFields: [], tokenize, processTerm, idField: 'id' };
export const TITLE_INDEX_OPTIONS = { fields: ['title'], storeFields: [], tokenize, processTerm, idField: 'id' };

export function newPassageIndex(): PassageIndex {
  return new MiniSearch(PASSAGE_INDEX_OPTIONS);
}

export function newTitleIndex(): TitleIndex {
  return new MiniSearch(TITLE_INDEX_OPTIONS);
}

export interface CorpusParts {
  docs: IngestedDoc[];
  skipped: Skipped[];
  passages?: Passage[];
  passageIndex?: MiniSearch<{ id: number; text: string }>;
  titleIndex?: MiniSearch<{ id: number; title: string }>;
  builtAt?: Date;
  /** Fact indexes restored from a snapshot (see FactIndexSnapshot); absent ones are built from `docs`. */
  people?: PeopleIndex;
  dates?: DateIndex;
  quotes?: QuoteIndex;
}

/**
 * Optional hooks a fact index may implement so that a warm start restores it instead of
 * rebuilding it from the documents: an instance method `toSnapshot()` returning a list of values
 * V8 can serialise (plain objects, arrays, Maps, typed arrays; a MiniSearch via
 * `packMiniSearch`), each stored as its own snapshot part so that none is huge, and a static
 * `fromSnapshot(parts, docs)` on the class that gets the same list back. Without them the index
 * is rebuilt on load.
 */
export interface FactIndexSnapshot {
  toSnapshot(): unknown[];
}
export interface FactIndexRestore<T> {
  fromSnapshot(parts: unknown, docs: readonly IngestedDoc[]): T;
}

/** The fact indexes, by the name their snapshot part carries. */
export const FACT_INDEXES = { people: PeopleIndex, dates: DateIndex, quotes: QuoteIndex } as const;

export class Corpus {
  readonly docs: readonly IngestedDoc[];
  readonly skipped: readonly Skipped[];
  readonly passages: readonly Passage[];
  readonly passageIndex: MiniSearch<{ id: number; text: string }>;
  readonly titleIndex: MiniSearch<{ id: number; title: string }>;
  readonly people: PeopleIndex;
  readonly dates: DateIndex;
  readonly quotes: QuoteIndex;
  readonly builtAt: Date;
  private readonly byId = new Map<string, number>();
  /** Index of each document's first passage (and one past the last at the end). */
  private readonly firstPassage: Int32Array;
  private readonly postings: Postings;

  constructor(parts: CorpusParts) {
    this.docs = parts.docs;
    this.skipped = parts.skipped;
    this.builtAt = parts.builtAt ?? new Date();
    this.docs.forEach((d, i) => this.byId.set(d.meta.id, i));
    if (parts.passages && parts.passageIndex && parts.titleIndex) {
      this.passages = parts.passages;
      this.passageIndex = parts.passageIndex;
      this.titleIndex = parts.titleIndex;
    } else {
      const passages: Passage[] = [];
      const passageIndex = newPassageIndex();
      const titleIndex = newTitleIndex();
      this.docs.forEach((d, di) => {
        titleIndex.add({ id: di, title: d.meta.title });
        for (const p of d.paragraphs) {
          if (p.heading) continue;
          passageIndex.add({ id: passages.length, text: p.text });
          passages.push({ doc: di, paragraph: p.n });
        }
      });
      this.passages = passages;
      this.passageIndex = passageIndex;
      this.titleIndex = titleIndex;
    }
    this.firstPassage = new Int32Array(this.docs.length + 1);
    let p = 0;
    for (let d = 0; d <= this.docs.length; d++) {
      while (p < this.passages.length && this.passages[p].doc < d) p++;
      this.firstPassage[d] = p;
    }
    this.postings = new Postings(this.passageIndex, this.titleIndex);
    this.people = parts.people ?? PeopleIndex.build(this.docs);
    this.dates = parts.dates ?? DateIndex.build(this.docs);
    this.quotes = parts.quotes ?? QuoteIndex.build(this.docs);
  }

  docIndex(id: string): number | undefined {
    return this.byId.get(id);
  }

  paragraph(doc: number, n: number): Paragraph {
    return this.docs[doc].paragraphs[n - 1];
  }

  citation(doc: number, paragraph: number): Citation {
    return citationFor(this.docs[doc].meta, paragraph);
  }

  /**
   * Passages for a query, best first. A passage must match most of the query's words
   * (`minimumShouldMatch`); passages matching more words rank first, then by BM25 with a bonus
   * for words of the document's title. Exact words first; only when they find too little, each
   * word is widened to index words it prefixes or is a typo of.
   *
   * Bounded whatever the corpus size: candidates come only from the posting lists of the rarest
   * words (a passage matching enough words must contain one of them), at most MAX_CANDIDATES are
   * visited, and each is checked against the other words by hash lookups. Nothing scans the corpus.
   */
  searchPassages(query: string, opts: PassageSearchOptions): PassageHit[] {
    const terms = queryTerms(query);
    if (terms.length === 0) return [];
    const hits = this.rank(this.postings.exactGroups(terms), opts);
    if (hits.length < opts.limit) {
      const seen = new Set(hits.map((h) => h.id));
      for (const h of this.rank(this.postings.widenedGroups(terms), opts)) {
        if (seen.has(h.id)) continue;
        hits.push(h);
        if (hits.length >= opts.limit) break;
      }
    }
    return hits.slice(0, opts.limit).map((h) => h.hit);
  }

  private rank(groups: TermGroup[], opts: PassageSearchOptions): { id: number; hit: PassageHit }[] {
    const n = groups.length;
    const need = minimumShouldMatch(n);
    const present = groups.filter((g) => g.df > 0);
    if (present.length < need) return [];
    // A passage with `need` of n words contains one of the n - need + 1 rarest.
    const drivers = [...present].sort((a, b) => a.df - b.df).slice(0, n - need + 1);
    const scored = new Map<number, { score: number; matched: number }>();
    const titleTerms = this.postings.titlePostings(groups);
    let visited = 0;
    const visit = (shortId: number) => {
      if (scored.has(shortId)) return;
      const id = this.postings.passageId(shortId);
      const passage = this.passages[id];
      if (passage === undefined || (opts.docs && !opts.docs.has(passage.doc))) return scored.set(shortId, { score: 0, matched: 0 });
      let matched = 0;
      let score = 0;
      for (const g of groups) {
        const s = this.postings.groupScore(g, shortId);
        if (s > 0) {
          matched++;
          score += s;
        }
      }
      if (matched >= need) score *= 1 + TITLE_BOOST * this.postings.titleShare(titleTerms, passage.doc);
      scored.set(shortId, { score: matched >= need ? score : 0, matched });
    };
    const docs = opts.docs;
    const driverSize = drivers.reduce((a, g) => a + g.df, 0);
    if (docs && this.passagesOf(docs) < driverSize) {
      // A filter to a few documents: their passages are fewer than the posting lists.
      for (const d of docs) {
        for (let id = this.firstPassage[d]; id < this.firstPassage[d + 1] && visited < MAX_CANDIDATES; id++, visited++) {
          const sid = this.postings.shortIdOf(id);
          if (sid !== undefined) visit(sid);
        }
      }
    } else {
      outer: for (const g of drivers) {
        for (const t of g.terms) {
          for (const shortId of t.postings.keys()) {
            if (visited++ >= MAX_CANDIDATES) break outer;
            visit(shortId);
          }
        }
      }
    }
    const top: { shortId: number; score: number; matched: number }[] = [];
    for (const [shortId, v] of scored) if (v.matched >= need && v.score > 0) top.push({ shortId, ...v });
    top.sort((a, b) => b.matched - a.matched || b.score - a.score || a.shortId - b.shortId);
    return top.slice(0, opts.limit).map(({ shortId, score }) => {
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
      const id = this.postings.passageId(shortId);
      return { id, hit: { passage: this.passages[id], score, terms: matchedTerms, queryTerms: matchedQuery } };
    });
  }

  private passagesOf(docs: Set<number>): number {
    let n = 0;
    for (const d of docs) n += (this.firstPassage[d + 1] ?? 0) - (this.firstPassage[d] ?? 0);
    return n;
  }

  /**
   * Queries the index can back ("did you mean"): each word replaced by its closest index word
   * (a typo or prefix away, the commoner first), kept only when the result finds passages.
   */
  suggest(query: string, max = 3): string[] {
    const terms = queryTerms(query);
    if (terms.length === 0) return [];
    const options = terms.map((t) => this.postings.alternatives(t, 3));
    if (options.some((o) => o.length === 0)) return [];
    const out: string[] = [];
    const tries = [options.map((o) => o[0])];
    for (let i = 0; i < options.length; i++) for (const alt of options[i].slice(1)) tries.push(options.map((o, j) => (j === i ? alt : o[0])));
    for (const words of tries) {
      const q = words.join(' ');
      if (out.includes(q) || q === terms.join(' ')) continue;
      if (this.rank(this.postings.exactGroups(words), { limit: 1 }).length > 0) out.push(q);
      if (out.length >= max) break;
    }
    return out;
  }

  get stats() {
    const dated = this.docs.map((d) => d.meta.published).filter((p): p is string => !!p).sort();
    return {
      documents: this.docs.length,
      passages: this.passages.length,
      people: this.people.size,
      dates: this.dates.size,
      quotes: this.quotes.size,
      skipped: this.skipped.length,
      published: dated.length ? { from: dated[0], to: dated[dated.length - 1] } : undefined,
    };
  }
}
