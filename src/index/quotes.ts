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
import { internals } from './minisearch.js';
import { packMiniSearch, unpackMiniSearch } from './minisearch-state.js';
import { splicePositions } from './positions.js';
import { TermSearch } from './postings.js';
import { runNow, STEP, type Steps } from './steps.js';
import { TextIndex, type TextEntry } from './text-index.js';
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

/**
 * The topic index's side: its entries are slots (a live revision's ids, see text-index.ts), each
 * document's quotes a list of slots by position, and slot → quote id (the cold build's
 * numbering, which answers and ties follow).
 */
interface TopicSlots {
  text: TextIndex;
  /** Per document position: the slots of its quotes, in its order. */
  docSlots: readonly Int32Array[];
  quoteOfSlot: Int32Array;
  /** The topic MiniSearch of an index built or restored whole (what the snapshot stores). */
  whole?: MiniSearch<{ id: number; text: string }>;
}

interface Derived {
  bySpeakerKey: Map<string, number>;
  byDoc: Map<number, number[]>;
  speakerSearch: MiniSearch<{ id: number; name: string }>;
  topic: TopicSlots;
  popular: number[];
}

const TERMS = { tokenize, processTerm };

export class QuoteIndex implements SnapshotSource {
  private readonly bySpeakerKey: Map<string, number>;
  private readonly byDoc: Map<number, number[]>;
  private readonly docIds = new Map<string, number>();
  /** How many documents the corpus has (ids may repeat, so not docIds.size). */
  private documents = 0;
  /** The documents, by position (a revision reads the quotes of those that go). */
  private docsList: readonly IngestedDoc[] = [];
  private readonly speakerSearch: MiniSearch<{ id: number; name: string }>;
  private readonly topic: TopicSlots;
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
    this.topic = derived.topic;
    this.topicTerms = new TermSearch(derived.topic.text);
    this.popular = derived.popular;
  }

  /** The look-up structures computed from quotes and speakers (a snapshot stores them instead). */
  private static *deriving(quotes: readonly QuoteEntry[], speakers: readonly Speaker[], topic: TopicSlots): Steps<Derived> {
    const bySpeakerKey = new Map<string, number>();
    const byDoc = new Map<number, number[]>();
    const speakerSearch = new MiniSearch<{ id: number; name: string }>(SPEAKER_SEARCH_OPTIONS);
    speakers.forEach((s) => bySpeakerKey.set(speakerKey(s.name), s.id));
    for (let i = 0; i < speakers.length; i++) {
      if (i % STEP === 0) yield;
      speakerSearch.add({ id: speakers[i].id, name: speakers[i].name });
    }
    const quoteOfSlot = new Int32Array(topic.text.nextId).fill(-1);
    yield;
    quotes.forEach((q, id) => {
      const list = byDoc.get(q.doc) ?? [];
      const slot = topic.docSlots[q.doc]?.[list.length];
      if (slot === undefined) throw new Error(`document ${q.doc} has other quotes than the topic index holds`);
      quoteOfSlot[slot] = id;
      list.push(id);
      byDoc.set(q.doc, list);
    });
    yield;
    const popular = speakers
      .filter((s) => s.kind !== 'anonymous')
      .sort((a, b) => b.quotes.length - a.quotes.length || a.name.localeCompare(b.name))
      .slice(0, AUTOCOMPLETE_MAX)
      .map((s) => s.id);
    return { bySpeakerKey, byDoc, speakerSearch, topic: { ...topic, quoteOfSlot }, popular };
  }

  static build(docs: readonly IngestedDoc[]): QuoteIndex {
    return runNow(QuoteIndex.building(docs));
  }

  /** The build, pausing between pieces of work (steps.ts). */
  static *building(docs: readonly IngestedDoc[]): Steps<QuoteIndex> {
    const topicSearch = new MiniSearch<{ id: number; text: string }>(TOPIC_SEARCH_OPTIONS);
    const docSlots: Int32Array[] = [];
    let next = 0;
    for (let di = 0; di < docs.length; di++) {
      if (di % STEP === 0) yield;
      const own = docs[di].facts?.quotes ?? [];
      const slots = new Int32Array(own.length);
      own.forEach((q, k) => {
        slots[k] = next;
        topicSearch.add({ id: next++, text: q.text });
      });
      docSlots.push(slots);
    }
    const topic = { text: TextIndex.fromMiniSearch(topicSearch, TERMS), docSlots, quoteOfSlot: new Int32Array(0), whole: topicSearch };
    return yield* QuoteIndex.laying(docs, topic);
  }

  /**
   * The index for `docs` made from `before` (the index of `before.docs`, serving meanwhile): the
   * quotes of the documents at `removed` (positions in the old list) taken out of the topic index
   * and those at `added` (positions in `docs`) put in, at the cost of their words; quotes and
   * speakers laid out again from the documents' facts, the speaker names indexed again (a small
   * index: one entry per speaker).
   */
  static *revising(
    before: QuoteIndex,
    docs: readonly IngestedDoc[],
    removed: readonly number[],
    added: readonly number[],
  ): Steps<QuoteIndex> {
    const gone: TextEntry[] = [];
    for (const pos of removed) {
      const slots = before.topic.docSlots[pos];
      (before.docsList[pos].facts?.quotes ?? []).forEach((q, k) => gone.push({ id: slots[k], text: q.text }));
    }
    const fresh = added.map((pos) => docs[pos].facts?.quotes ?? []);
    const { index: text, ids } = yield* before.topic.text.revising(
      gone,
      fresh.flatMap((qs) => qs.map((q) => q.text)),
    );
    let k = 0;
    const freshSlots = fresh.map((qs) => Int32Array.from(qs, () => ids[k++]));
    const docSlots = new Array<Int32Array>(docs.length);
    splicePositions(before.topic.docSlots, removed, added, freshSlots, docSlots);
    return yield* QuoteIndex.laying(docs, { text, docSlots, quoteOfSlot: new Int32Array(0) });
  }

  /** Quotes and speakers from the documents' facts, and the look-up structures. */
  private static *laying(docs: readonly IngestedDoc[], topic: TopicSlots): Steps<QuoteIndex> {
    const quotes = quotesOf(docs);
    yield;
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
    const index = new QuoteIndex(quotes, speakers, yield* QuoteIndex.deriving(quotes, speakers, topic));
    docs.forEach((d, i) => index.docIds.set(d.meta.id, i));
    index.documents = docs.length;
    index.docsList = docs;
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
    if (!this.topic.whole) throw new Error('a revised quote index is not saved (its topic index is not a MiniSearch)');
    return [head, this.speakers, this.bySpeakerKey, this.byDoc, ...speaker, ...packMiniSearch(this.topic.whole)];
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
    // Slots are the restored topic index's short ids; its ids are quote ids.
    const t = internals(topic.index);
    const quoteOfSlot = new Int32Array(t._nextId).fill(-1);
    for (const [short, id] of t._documentIds) quoteOfSlot[short] = id as number;
    const docSlots = docs.map((_, doc) => Int32Array.from(byDoc.get(doc) ?? [], (id) => t._idToShortId.get(id) ?? -1));
    const index = new QuoteIndex(quotes, speakers, {
      bySpeakerKey,
      byDoc,
      speakerSearch: speaker.index,
      topic: { text: TextIndex.fromMiniSearch(topic.index, TERMS), docSlots, quoteOfSlot, whole: topic.index },
      popular: head.popular,
    });
    docs.forEach((d, i) => index.docIds.set(d.meta.id, i));
    index.documents = docs.length;
    index.docsList = docs;
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
    const quoteOf = this.topic.quoteOfSlot;
    return this.topicTerms.search(query, { limit, order: (slot) => quoteOf[slot] }).map((h) => ({ quote: quoteOf[h.id], score: h.score }));
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
