/**
 * The in-memory corpus: documents, passages (one per paragraph), a MiniSearch index over the
 * passages and one over titles, and the fact indexes. Immutable once built: a reload builds a
 * new Corpus and swaps it in whole, so a command always sees one consistent index.
 */
import MiniSearch from 'minisearch';
import type { IngestedDoc } from '../ingest/index.js';
import type { Citation, DocMeta, Paragraph, Skipped } from '../types.js';
import { DateIndex } from './dates.js';
import type { SnapshotRestore } from './fact-index.js';
import { PeopleIndex } from './people.js';
import { QuoteIndex } from './quotes.js';
import { TermSearch, type TermGroup } from './postings.js';
import { processTerm, tokenize } from './text.js';

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

export function citationFor(meta: DocMeta, paragraph: number, page?: number): Citation {
  const c: Citation = { docId: meta.id, title: meta.title, paragraph };
  if (meta.source) c.source = meta.source;
  if (meta.url) c.url = meta.url;
  if (meta.published) c.published = meta.published;
  if (meta.publishedFrom) c.publishedFrom = meta.publishedFrom;
  if (page !== undefined) c.page = page;
  return c;
}

/**
 * Where each document's passages start in a passage table (passages are in document order),
 * and one past the last at the end: document d's passages are ids [starts[d], starts[d + 1]).
 */
export function passageStarts(passages: readonly Passage[], documents: number): Int32Array {
  const starts = new Int32Array(documents + 1);
  for (let p = 0, d = 0; d <= documents; d++) {
    while (p < passages.length && passages[p].doc < d) p++;
    starts[d] = p;
  }
  return starts;
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

/** The fact indexes, by the name their snapshot parts carry. */
export interface FactIndexes {
  people: PeopleIndex;
  dates: DateIndex;
  quotes: QuoteIndex;
}
export type FactName = keyof FactIndexes;

/** What a Corpus is made of; fact indexes given (restored from a snapshot) are used as they are, absent ones built from `docs`. */
export interface CorpusParts extends Partial<FactIndexes> {
  docs: IngestedDoc[];
  skipped: Skipped[];
  passages?: Passage[];
  passageIndex?: MiniSearch<{ id: number; text: string }>;
  titleIndex?: MiniSearch<{ id: number; title: string }>;
  builtAt?: Date;
}

/** What the snapshot restores each fact index with: its class, keeping the contract of fact-index.ts. */
export type FactIndexClasses = { readonly [K in FactName]: SnapshotRestore<FactIndexes[K]> };

export const FACT_INDEXES = { people: PeopleIndex, dates: DateIndex, quotes: QuoteIndex } as const satisfies FactIndexClasses;
export const FACT_NAMES = Object.keys(FACT_INDEXES) as FactName[];

export interface CorpusStats {
  documents: number;
  passages: number;
  people: number;
  dates: number;
  quotes: number;
  skipped: number;
  published?: { from: string; to: string };
}

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
  private readonly passageSearch: TermSearch;
  private readonly titleSearch: TermSearch;

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
    this.firstPassage = passageStarts(this.passages, this.docs.length);
    this.passageSearch = new TermSearch(this.passageIndex);
    this.titleSearch = new TermSearch(this.titleIndex);
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
    const d = this.docs[doc];
    // Only paged formats look at the body (which a restored snapshot decodes on first use).
    return citationFor(d.meta, paragraph, d.meta.format === 'pdf' ? d.paragraphs[paragraph - 1]?.page : undefined);
  }

  /**
   * Passages for a query, best first (see TermSearch.search: most words matched, then BM25),
   * with a bonus for query words in the document's title, optionally within some documents.
   * Bounded whatever the corpus size: nothing scans the corpus.
   */
  searchPassages(query: string, opts: PassageSearchOptions): PassageHit[] {
    const docs = opts.docs;
    const hits = this.passageSearch.search(query, {
      limit: opts.limit,
      accept: docs ? (id) => docs.has(this.passages[id].doc) : undefined,
      boost: (groups) => this.titleBoost(groups),
      // A filter to a few documents: their passages are fewer than the posting lists.
      within: docs ? (postings) => (this.passagesOf(docs) < postings ? this.passageIdsOf(docs) : undefined) : undefined,
    });
    return hits.map((h) => ({ passage: this.passages[h.id], score: h.score, terms: h.terms, queryTerms: h.queryTerms }));
  }

  /** Title words are worth more than body words: 1 + TITLE_BOOST × the share of query words in the title. */
  private titleBoost(groups: TermGroup[]): (passage: number) => number {
    const titleTerms = groups.map((g) =>
      g.terms.map((t) => this.titleSearch.postingsOf(t.term)).filter((m): m is Map<number, number> => !!m),
    );
    return (passage) => {
      const sid = this.titleSearch.shortIdOf(this.passages[passage].doc);
      if (sid === undefined || titleTerms.length === 0) return 1;
      let hit = 0;
      for (const maps of titleTerms) if (maps.some((m) => m.has(sid))) hit++;
      return 1 + (TITLE_BOOST * hit) / titleTerms.length;
    };
  }

  private passagesOf(docs: Set<number>): number {
    let n = 0;
    for (const d of docs) n += (this.firstPassage[d + 1] ?? 0) - (this.firstPassage[d] ?? 0);
    return n;
  }

  private *passageIdsOf(docs: Set<number>): Iterable<number> {
    for (const d of docs) for (let id = this.firstPassage[d]; id < this.firstPassage[d + 1]; id++) yield id;
  }

  /** Queries the passage index can back ("did you mean"). */
  suggest(query: string, max = 3): string[] {
    return this.passageSearch.suggest(query, max);
  }

  /** Counts and the span of publication dates, for /about: computed once (the corpus never changes). */
  get stats(): CorpusStats {
    return (this.statsCache ??= this.computeStats());
  }

  private statsCache?: CorpusStats;

  private computeStats(): CorpusStats {
    let from: string | undefined;
    let to: string | undefined;
    for (const d of this.docs) {
      const p = d.meta.published;
      if (!p) continue;
      if (from === undefined || p < from) from = p;
      if (to === undefined || p > to) to = p;
    }
    return {
      documents: this.docs.length,
      passages: this.passages.length,
      people: this.people.size,
      dates: this.dates.size,
      quotes: this.quotes.size,
      skipped: this.skipped.length,
      published: from !== undefined && to !== undefined ? { from, to } : undefined,
    };
  }
}
