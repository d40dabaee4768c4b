/**
 * The corpus-wide quotation index behind /quote (issue #5): quotes by speaker (a map from the
 * speaker's name key, and a small MiniSearch over speaker names for aliases, surnames and typos),
 * by topic (a MiniSearch over the quoted words) and by document (for the digest). Every query is
 * a look-up in one of these; nothing walks all quotes.
 */
import MiniSearch, { type SearchResult } from 'minisearch';
import type { QuoteFact } from '../extract/types.js';
import type { IngestedDoc } from '../ingest/index.js';
import type { SnapshotSource } from './fact-index.js';
import { packMiniSearch, unpackMiniSearch } from './minisearch-state.js';
import { TermSearch } from './postings.js';
import { runNow, STEP, type Steps } from './steps.js';
import { foldAccents, processTerm, queryTerms, tokenize } from './text.js';

export interface QuoteEntry {
  /** Index into `Corpus.docs`. */
  doc: number;
  fact: QuoteFact;
}

export interface Speaker {
  id: number;
  /** As the quotes name them ("Michael Kugelman", "a European diplomat posted in Islamabad"). */
  name: string;
  kind: QuoteFact['speakerKind'];
  /** Quote ids, in corpus order. */
  quotes: number[];
}

export interface SpeakerMatch {
  speaker: Speaker;
  score: number;
}

export interface TopicHit {
  quote: number;
  score: number;
}

/** A speaker's name as a key: lower case, accents folded, one apostrophe, single spaces. */
export function speakerKey(s: string): string {
  return foldAccents(s.toLowerCase()).replace(/[’‘`]/g, "'").replace(/\s+/g, ' ').trim();
}

const AUTOCOMPLETE_MAX = 25;

const SPEAKER_SEARCH_OPTIONS = { fields: ['name'], storeFields: [], tokenize, processTerm, idField: 'id' };
const TOPIC_SEARCH_OPTIONS = { fields: ['text'], storeFields: [], tokenize, processTerm, idField: 'id' };

const SNAPSHOT_VERSION = 1;

interface QuoteSnapshotHead {
  version: number;
  documents: number;
  /** How many quotes each document holds (its `facts.quotes`), in corpus order. */
  perDoc: Int32Array;
  popular: number[];
  /** Where the topic index starts in the parts (after the speaker index). */
  topicAt: number;
}

interface Derived {
  bySpeakerKey: Map<string, number>;
  byDoc: Map<number, number[]>;
  speakerSearch: MiniSearch<{ id: number; name: string }>;
  topicSearch: MiniSearch<{ id: number; text: string }>;
  popular: number[];
}

export class QuoteIndex implements SnapshotSource {
  private readonly bySpeakerKey: Map<string, number>;
  private readonly byDoc: Map<number, number[]>;
  private readonly docIds = new Map<string, number>();
  /** How many documents the corpus has (ids may repeat, so not docIds.size). */
  private documents = 0;
  private readonly speakerSearch: MiniSearch<{ id: number; name: string }>;
  private readonly topicSearch: MiniSearch<{ id: number; text: string }>;
  /** Bounded search over the topic index's posting lists. */
  private readonly topicTerms: TermSearch;
  /** Speakers with most quotes first: autocomplete with an empty prefix. */
  private readonly popular: number[];

  private constructor(
    readonly quotes: readonly QuoteEntry[],
    readonly speakers: readonly Speaker[],
    derived: Derived,
  ) {
    this.bySpeakerKey = derived.bySpeakerKey;
    this.byDoc = derived.byDoc;
    this.speakerSearch = derived.speakerSearch;
    this.topicSearch = derived.topicSearch;
    this.topicTerms = new TermSearch(derived.topicSearch);
    this.popular = derived.popular;
  }

  /** The look-up structures computed from quotes and speakers (a snapshot stores them instead). */
  private static *deriving(quotes: readonly QuoteEntry[], speakers: readonly Speaker[]): Steps<Derived> {
    const bySpeakerKey = new Map<string, number>();
    const byDoc = new Map<number, number[]>();
    const speakerSearch = new MiniSearch<{ id: number; name: string }>(SPEAKER_SEARCH_OPTIONS);
    const topicSearch = new MiniSearch<{ id: number; text: string }>(TOPIC_SEARCH_OPTIONS);
    speakers.forEach((s) => bySpeakerKey.set(speakerKey(s.name), s.id));
    for (let i = 0; i < speakers.length; i++) {
      if (i % STEP === 0) yield;
      speakerSearch.add({ id: speakers[i].id, name: speakers[i].name });
    }
    for (let id = 0; id < quotes.length; id++) {
      if (id % STEP === 0) yield;
      topicSearch.add({ id, text: quotes[id].fact.text });
    }
    quotes.forEach((q, id) => {
      const list = byDoc.get(q.doc) ?? [];
      list.push(id);
      byDoc.set(q.doc, list);
    });
    const popular = speakers
      .filter((s) => s.kind !== 'anonymous')
      .sort((a, b) => b.quotes.length - a.quotes.length || a.name.localeCompare(b.name))
      .slice(0, AUTOCOMPLETE_MAX)
      .map((s) => s.id);
    return { bySpeakerKey, byDoc, speakerSearch, topicSearch, popular };
  }

  static build(docs: readonly IngestedDoc[]): QuoteIndex {
    return runNow(QuoteIndex.building(docs));
  }

  /** The build, pausing between pieces of work (steps.ts). */
  static *building(docs: readonly IngestedDoc[]): Steps<QuoteIndex> {
    const quotes = quotesOf(docs);
    const speakers: Speaker[] = [];
    const byKey = new Map<string, Speaker>();
    quotes.forEach(({ fact }, id) => {
      if (!fact.speaker) return;
      const key = speakerKey(fact.speaker);
      let s = byKey.get(key);
      if (!s) {
        s = { id: speakers.length, name: fact.speaker, kind: fact.speakerKind, quotes: [] };
        speakers.push(s);
        byKey.set(key, s);
      }
      s.quotes.push(id);
    });
    const index = new QuoteIndex(quotes, speakers, yield* QuoteIndex.deriving(quotes, speakers));
    docs.forEach((d, i) => index.docIds.set(d.meta.id, i));
    index.documents = docs.length;
    return index;
  }

  /**
   * What a snapshot keeps so that a warm start skips the build: speakers and the look-up
   * structures, one snapshot part each (the MiniSearch indexes as their internal Maps, see
   * minisearch-state.ts). Quotes are the documents' own quote facts in corpus order, so only
   * their count per document is stored and they are taken from the restored documents.
   */
  toSnapshot(): unknown[] {
    const perDoc = new Int32Array(this.documents);
    for (const q of this.quotes) perDoc[q.doc]++;
    const speaker = packMiniSearch(this.speakerSearch);
    const head: QuoteSnapshotHead = {
      version: SNAPSHOT_VERSION,
      documents: this.documents,
      perDoc,
      popular: this.popular,
      topicAt: 4 + speaker.length,
    };
    return [head, this.speakers, this.bySpeakerKey, this.byDoc, ...speaker, ...packMiniSearch(this.topicSearch)];
  }

  static fromSnapshot(parts: unknown, docs: readonly IngestedDoc[]): QuoteIndex {
    if (!Array.isArray(parts)) throw new Error('not a quote index snapshot of this version');
    const [head, speakers, bySpeakerKey, byDoc] = parts as [QuoteSnapshotHead, Speaker[], Map<string, number>, Map<number, number[]>];
    if (
      !head ||
      head.version !== SNAPSHOT_VERSION ||
      !(head.perDoc instanceof Int32Array) ||
      !Array.isArray(head.popular) ||
      !Array.isArray(speakers) ||
      !(bySpeakerKey instanceof Map) ||
      !(byDoc instanceof Map)
    ) {
      throw new Error('not a quote index snapshot of this version');
    }
    if (head.documents !== docs.length || head.perDoc.length !== docs.length)
      throw new Error(`made for ${head.documents} documents, the corpus has ${docs.length}`);
    // Each quote is read from its document when asked: a warm start decodes document bodies on
    // first use (see lazy-docs.ts), and restoring this index must not decode them all. One getter
    // shared by every entry (a closure each would put every entry in dictionary mode); an entry's
    // place among its document's quotes is its place in byDoc's list for that document.
    const quotes: QuoteEntry[] = [];
    const fact = {
      get: function (this: QuoteEntry) {
        const k = (byDoc.get(this.doc) ?? []).findIndex((id) => quotes[id] === this);
        return docs[this.doc].facts.quotes[k];
      },
      enumerable: true,
      configurable: true,
    };
    head.perDoc.forEach((n, doc) => {
      if (n && byDoc.get(doc)?.[n - 1] !== quotes.length + n - 1)
        throw new Error(`document ${doc}'s quotes disagree with the per-document lists`);
      for (let k = 0; k < n; k++) quotes.push(Object.defineProperty({ doc } as QuoteEntry, 'fact', fact));
    });
    const speaker = unpackMiniSearch<{ id: number; name: string }>(SPEAKER_SEARCH_OPTIONS, parts, 4);
    const topic = unpackMiniSearch<{ id: number; text: string }>(TOPIC_SEARCH_OPTIONS, parts, head.topicAt);
    if (speaker.next !== head.topicAt || topic.next !== parts.length) throw new Error('quote index parts are not where the head says');
    if (speaker.index.documentCount !== speakers.length || topic.index.documentCount !== quotes.length)
      throw new Error('the quote indexes and the quotes disagree');
    const index = new QuoteIndex(quotes, speakers, {
      bySpeakerKey,
      byDoc,
      speakerSearch: speaker.index,
      topicSearch: topic.index,
      popular: head.popular,
    });
    docs.forEach((d, i) => index.docIds.set(d.meta.id, i));
    index.documents = docs.length;
    return index;
  }

  get size(): number {
    return this.quotes.length;
  }

  /** The speaker with exactly this name, if any quote has it. */
  speaker(name: string): Speaker | undefined {
    const id = this.bySpeakerKey.get(speakerKey(name));
    return id === undefined ? undefined : this.speakers[id];
  }

  /**
   * Speakers whose names hold every word of the query: exactly, then by prefix or with a typo.
   * Descriptions of anonymous speakers only match exactly (a topic word is not a speaker).
   */
  matchSpeakers(query: string, limit = 5): SpeakerMatch[] {
    const terms = queryTerms(query);
    if (!terms.length) return [];
    const q = terms.join(' ');
    const exact = this.speakerSearch.search(q, { combineWith: 'AND' });
    const loose = exact.length
      ? []
      : this.speakerSearch
          .search(q, { combineWith: 'AND', prefix: (t) => t.length >= 4, fuzzy: (t) => (t.length >= 5 ? 0.2 : false) })
          .filter((r) => this.speakers[r.id as number].kind !== 'anonymous');
    const score = (r: SearchResult) => r.score * (1 + Math.log1p(this.speakers[r.id as number].quotes.length) / 4);
    return [...exact, ...loose]
      .map((r) => ({ speaker: this.speakers[r.id as number], score: score(r) }))
      .sort((a, b) => b.score - a.score)
      .slice(0, limit);
  }

  /** Quotes whose words match a topic, best first, bounded: the search passages use (TermSearch). */
  searchTopic(query: string, limit: number): TopicHit[] {
    return this.topicTerms.search(query, { limit }).map((h) => ({ quote: h.id, score: h.score }));
  }

  /** The quotes of the given documents (ids or indexes into `Corpus.docs`), in document order. */
  forDocs(docIds: Iterable<string | number>): QuoteEntry[] {
    const out: QuoteEntry[] = [];
    for (const d of docIds) {
      const i = typeof d === 'string' ? this.docIds.get(d) : d;
      if (i === undefined) continue;
      for (const id of this.byDoc.get(i) ?? []) out.push(this.quotes[id]);
    }
    return out;
  }

  /** Speakers whose names start (at any word) with the prefix, most quoted first. */
  autocomplete(prefix: string, limit = AUTOCOMPLETE_MAX): Speaker[] {
    const n = Math.min(limit, AUTOCOMPLETE_MAX);
    if (!queryTerms(prefix).length) return this.popular.slice(0, n).map((id) => this.speakers[id]);
    return this.speakerSearch
      .search(queryTerms(prefix).join(' '), { combineWith: 'AND', prefix: true })
      .map((r) => this.speakers[r.id as number])
      .filter((s) => s.kind !== 'anonymous')
      .slice(0, 100)
      .sort((a, b) => b.quotes.length - a.quotes.length)
      .slice(0, n);
  }
}

/** Every quote fact of the documents, in corpus order: the quote ids. */
function quotesOf(docs: readonly IngestedDoc[]): QuoteEntry[] {
  const quotes: QuoteEntry[] = [];
  docs.forEach((d, doc) => {
    for (const fact of d.facts?.quotes ?? []) quotes.push({ doc, fact });
  });
  return quotes;
}
