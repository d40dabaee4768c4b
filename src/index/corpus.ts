/**
 * The in-memory corpus: documents, passages (one per paragraph), a MiniSearch index over the
 * passages and one over titles, and the fact indexes. Immutable once built: a reload builds a
 * new Corpus and swaps it in whole, so a command always sees one consistent index.
 */
import MiniSearch, { type SearchResult } from 'minisearch';
import type { IngestedDoc } from '../ingest.js';
import type { Citation, DocMeta, Paragraph, Skipped } from '../types.js';
import { DateIndex } from './dates.js';
import { PeopleIndex } from './people.js';
import { QuoteIndex } from './quotes.js';
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
    this.people = PeopleIndex.build(this.docs);
    this.dates = DateIndex.build(this.docs);
    this.quotes = QuoteIndex.build(this.docs);
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
   * Passages for a query, best first. Strict before loose, cheap before dear: all terms exactly,
   * then most terms exactly, then with prefix and typo tolerance — stopping as soon as there is
   * enough. A passage never counts as a match on a minority of the query's words.
   */
  searchPassages(query: string, opts: PassageSearchOptions): PassageHit[] {
    const terms = queryTerms(query);
    if (terms.length === 0) return [];
    const q = terms.join(' ');
    const need = minimumShouldMatch(terms.length);
    const filter = opts.docs ? (r: SearchResult) => opts.docs!.has(this.passages[r.id as number].doc) : undefined;
    const titleScores = this.titleScores(q);
    const seen = new Map<number, PassageHit>();
    const collect = (results: SearchResult[]) => {
      for (const r of results) {
        const id = r.id as number;
        if (seen.has(id) || r.queryTerms.length < need) continue;
        const passage = this.passages[id];
        const bonus = titleScores.get(passage.doc) ?? 0;
        seen.set(id, { passage, score: r.score * (1 + TITLE_BOOST * bonus), terms: r.terms, queryTerms: r.queryTerms });
      }
    };
    const stages: Parameters<typeof this.passageIndex.search>[1][] = [
      { combineWith: 'AND' },
      { combineWith: 'OR' },
      { combineWith: 'OR', prefix: (t: string) => t.length >= 4, fuzzy: (t: string) => (t.length >= 5 ? 0.2 : false) },
    ];
    for (const stage of terms.length === 1 ? [stages[0], stages[2]] : stages) {
      collect(this.passageIndex.search(q, { ...stage, filter }));
      if (seen.size >= opts.limit) break;
    }
    return [...seen.values()].sort((a, b) => b.score - a.score).slice(0, opts.limit);
  }

  /** Documents whose title matches, scored 0..1 relative to the best. */
  private titleScores(q: string): Map<number, number> {
    const results = this.titleIndex.search(q, { combineWith: 'OR' });
    const out = new Map<number, number>();
    const best = results[0]?.score ?? 0;
    if (best > 0) for (const r of results.slice(0, 200)) out.set(r.id as number, r.score / best);
    return out;
  }

  /** Suggestions the index can back: each is a query that finds passages. */
  suggest(query: string, max = 3): string[] {
    return this.passageIndex
      .autoSuggest(query, { fuzzy: 0.25, prefix: true, combineWith: 'AND' })
      .slice(0, max)
      .map((s) => s.suggestion);
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
