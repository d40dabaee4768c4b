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
import { BulkAdder } from './minisearch-bulk.js';
import { packMiniSearch, unpackMiniSearch } from './minisearch-state.js';
import { docOfEntry, splicedPositions } from './positions.js';
import { TermSearch } from './postings.js';
import { runNow, STEP, type Steps } from './steps.js';
import { TextIndex, type TextEntry } from './text-index.js';
import { unpacking } from './unpacking.js';
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
  /** Each speaker's key, by speaker id. */
  speakerKeys: string[];
  /** Per document position: where its quotes start in `quotes` (one more entry: the end). */
  qStart: Int32Array;
  speakerSearch: MiniSearch<{ id: number; name: string }>;
  topic: TopicSlots;
  popular: number[];
}

const TERMS = { tokenize, processTerm };

export class QuoteIndex implements SnapshotSource {
  private readonly bySpeakerKey: Map<string, number>;
  private readonly speakerKeys: string[];
  private readonly qStart: Int32Array;
  /** Document id → position, made on first use (the digest asks by id). */
  private docIdsCache?: Map<string, number>;
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
    docs: readonly IngestedDoc[],
  ) {
    this.bySpeakerKey = derived.bySpeakerKey;
    this.speakerKeys = derived.speakerKeys;
    this.qStart = derived.qStart;
    this.speakerSearch = derived.speakerSearch;
    this.topic = derived.topic;
    this.topicTerms = new TermSearch(derived.topic.text);
    this.popular = derived.popular;
    this.documents = docs.length;
    this.docsList = docs;
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
    const quotes: QuoteEntry[] = [];
    const qStart = new Int32Array(docs.length + 1);
    docs.forEach((d, doc) => {
      qStart[doc] = quotes.length;
      for (const fact of d.facts?.quotes ?? []) quotes.push({ doc, fact });
    });
    qStart[docs.length] = quotes.length;
    yield;
    const speakers: Speaker[] = [];
    const speakerKeys: string[] = [];
    const byKey = new Map<string, Speaker>();
    quotes.forEach(({ fact }, id) => {
      if (!fact.speaker) return;
      const key = speakerKey(fact.speaker);
      let s = byKey.get(key);
      if (!s) {
        s = { id: speakers.length, name: fact.speaker, kind: fact.speakerKind, quotes: [] };
        speakers.push(s);
        speakerKeys.push(key);
        byKey.set(key, s);
      }
      s.quotes.push(id);
    });
    yield;
    const speakerSearch = yield* indexingSpeakers(speakers);
    return yield* QuoteIndex.making(
      quotes,
      speakers,
      { bySpeakerKey: keyMap(speakerKeys), speakerKeys, qStart, speakerSearch, topic },
      docs,
    );
  }

  /** A built or revised index from its parts; what follows from them (quote of each slot, popular speakers) is worked out here. */
  private static *making(
    quotes: QuoteEntry[],
    speakers: Speaker[],
    parts: Omit<Derived, 'popular'>,
    docs: readonly IngestedDoc[],
  ): Steps<QuoteIndex> {
    const topic = { ...parts.topic, quoteOfSlot: yield* slotsToQuotes(parts.topic, parts.qStart) };
    yield;
    return new QuoteIndex(quotes, speakers, { ...parts, topic, popular: popularOf(speakers) }, docs);
  }

  /**
   * The index for `docs` made from `before` (the index of `before.docs`, serving meanwhile): the
   * quotes of the documents at `removed` (positions in the old list) taken out of the topic index
   * and those at `added` (positions in `docs`) put in, at the cost of their words. Other
   * documents' quotes are `before`'s (the same entries before the change, renumbered copies after
   * it); only the speakers those documents quote are worked out again (the others' quote lists
   * renumbered), and the speaker name index is `before`'s unless the speakers themselves (who,
   * in which order, under which name) changed, when it is made again (one entry per speaker).
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
    yield* unpacking(before.topic.text.tree);
    const { index: text, ids } = yield* before.topic.text.revising(
      gone,
      fresh.flatMap((qs) => qs.map((q) => q.text)),
    );
    let k = 0;
    const freshSlots = fresh.map((qs) => Int32Array.from(qs, () => ids[k++]));
    const docSlots = splicedPositions(before.topic.docSlots, removed, added, freshSlots);
    yield;

    // Quotes: old documents' entries kept or renumbered, new documents' added.
    const n = docs.length;
    const quotes: QuoteEntry[] = [];
    const qStart = new Int32Array(n + 1);
    const newPos = new Int32Array(before.documents).fill(-1);
    const isAdded = new Uint8Array(n);
    for (const pos of added) isAdded[pos] = 1;
    const isRemoved = new Uint8Array(before.documents);
    for (const pos of removed) isRemoved[pos] = 1;
    for (let j = 0, i = 0; j < n; j++) {
      if (j % STEP === 0) yield;
      qStart[j] = quotes.length;
      if (isAdded[j]) {
        for (const fact of docs[j].facts?.quotes ?? []) quotes.push({ doc: j, fact });
        continue;
      }
      while (isRemoved[i]) i++;
      newPos[i] = j;
      const same = i === j && quotes.length === before.qStart[i];
      for (let q = before.qStart[i]; q < before.qStart[i + 1]; q++)
        quotes.push(same ? before.quotes[q] : { doc: j, fact: before.quotes[q].fact });
      i++;
    }
    qStart[n] = quotes.length;
    yield;
    /** A quote's id in the new numbering (−1: its document went). */
    const renumber = (id: number): number => {
      const d = docOfEntry(before.qStart, id);
      const j = newPos[d];
      return j < 0 ? -1 : qStart[j] + id - before.qStart[d];
    };
    // The first old quote whose id changes (or goes): lists of quotes all before it are kept as they are.
    let firstMoved = before.quotes.length;
    for (let d = 0; d < before.documents; d++)
      if (newPos[d] !== d || qStart[d] !== before.qStart[d]) {
        firstMoved = before.qStart[d];
        break;
      }

    // Speakers: the ones the changed documents quote worked out again, the others renumbered.
    const touched = new Map<string, number[]>();
    const touch = (fact: QuoteFact, id: number) => {
      if (!fact.speaker) return;
      const key = speakerKey(fact.speaker);
      const list = touched.get(key) ?? [];
      if (id >= 0) list.push(id);
      touched.set(key, list);
    };
    for (const pos of removed) for (const fact of before.docsList[pos].facts?.quotes ?? []) touch(fact, -1);
    for (const j of added) for (let q = qStart[j]; q < qStart[j + 1]; q++) touch(quotes[q].fact, q);
    const kept: { key: string; old: Speaker; quotes: number[] }[] = [];
    // Yields by the quotes renumbered, not by speakers: one speaker may hold thousands.
    for (let s = 0, work = 0; s < before.speakers.length; s++) {
      if ((work += 1 + before.speakers[s].quotes.length) >= STEP * 64) {
        work = 0;
        yield;
      }
      const old = before.speakers[s];
      const key = before.speakerKeys[s];
      const theirs = touched.get(key);
      if (theirs) {
        for (const id of old.quotes) {
          const now = renumber(id);
          if (now >= 0) theirs.push(now);
        }
        continue;
      }
      const last = old.quotes[old.quotes.length - 1];
      kept.push({ key, old, quotes: last === undefined || last < firstMoved ? old.quotes : old.quotes.map(renumber) });
    }
    const redone: { key: string; old?: Speaker; quotes: number[] }[] = [];
    for (const [key, list] of touched) {
      if (list.length === 0) continue;
      list.sort((a, b) => a - b);
      const id = before.bySpeakerKey.get(key);
      redone.push({ key, old: id === undefined ? undefined : before.speakers[id], quotes: list });
    }
    redone.sort((a, b) => a.quotes[0] - b.quotes[0]);
    // In order of first quote, as a build numbers them.
    const order: { key: string; old?: Speaker; quotes: number[] }[] = [];
    for (let a = 0, b = 0; a < kept.length || b < redone.length;) {
      if (order.length % (STEP * 16) === 0) yield;
      order.push(b >= redone.length || (a < kept.length && kept[a].quotes[0] < redone[b].quotes[0]) ? kept[a++] : redone[b++]);
    }
    const speakers: Speaker[] = [];
    const speakerKeys: string[] = [];
    let sameSpeakers = order.length === before.speakers.length;
    for (const { key, old, quotes: list } of order) {
      const id = speakers.length;
      if (id % (STEP * 16) === 0) yield;
      const first = quotes[list[0]].fact;
      const name = first.speaker!;
      const kind = first.speakerKind;
      if (sameSpeakers && (before.speakerKeys[id] !== key || before.speakers[id].name !== name)) sameSpeakers = false;
      speakers.push(
        old && old.id === id && old.quotes === list && old.name === name && old.kind === kind ? old : { id, name, kind, quotes: list },
      );
      speakerKeys.push(key);
    }
    yield;
    // Who is in the name index and under which id did not change: the old one is the one a build makes.
    const speakerSearch = sameSpeakers ? before.speakerSearch : yield* indexingSpeakers(speakers);
    const topic: TopicSlots = { text, docSlots, quoteOfSlot: new Int32Array(0) };
    const bySpeakerKey = sameSpeakers ? before.bySpeakerKey : keyMap(speakerKeys);
    return yield* QuoteIndex.making(quotes, speakers, { bySpeakerKey, speakerKeys, qStart, speakerSearch, topic }, docs);
  }

  /**
   * What a snapshot keeps so that a warm start skips the build: speakers and the look-up
   * structures, one snapshot part each (the MiniSearch indexes as their internal Maps, see
   * minisearch-state.ts). Quotes are the documents' own quote facts in corpus order, so only
   * their count per document is stored and they are taken from the restored documents.
   */
  toSnapshot(): unknown[] {
    const perDoc = new Int32Array(this.documents);
    const byDoc = new Map<number, number[]>();
    for (let d = 0; d < this.documents; d++) {
      perDoc[d] = this.qStart[d + 1] - this.qStart[d];
      if (perDoc[d])
        byDoc.set(
          d,
          Array.from({ length: perDoc[d] }, (_, k) => this.qStart[d] + k),
        );
    }
    const speaker = packMiniSearch(this.speakerSearch);
    const head: QuoteSnapshotHead = {
      version: SNAPSHOT_VERSION,
      documents: this.documents,
      perDoc,
      popular: this.popular,
      topicAt: 4 + speaker.length,
    };
    if (!this.topic.whole) throw new Error('a revised quote index is not saved (its topic index is not a MiniSearch)');
    return [head, this.speakers, this.bySpeakerKey, byDoc, ...speaker, ...packMiniSearch(this.topic.whole)];
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
    const qStart = new Int32Array(docs.length + 1);
    head.perDoc.forEach((n, d) => (qStart[d + 1] = qStart[d] + n));
    const speakerKeys = new Array<string>(speakers.length);
    for (const [key, id] of bySpeakerKey) speakerKeys[id] = key;
    return new QuoteIndex(
      quotes,
      speakers,
      {
        bySpeakerKey,
        speakerKeys,
        qStart,
        speakerSearch: speaker.index,
        topic: { text: TextIndex.fromMiniSearch(topic.index, TERMS), docSlots, quoteOfSlot, whole: topic.index },
        popular: head.popular,
      },
      docs,
    );
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
      const i = typeof d === 'string' ? this.docIds().get(d) : d;
      if (i === undefined || !Number.isInteger(i) || i < 0 || i >= this.documents) continue;
      for (let id = this.qStart[i]; id < this.qStart[i + 1]; id++) out.push(this.quotes[id]);
    }
    return out;
  }

  private docIds(): Map<string, number> {
    return (this.docIdsCache ??= new Map(this.docsList.map((d, i) => [d.meta.id, i])));
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

/** The speaker name index: one entry per speaker, in id order. */
function* indexingSpeakers(speakers: readonly Speaker[]): Steps<MiniSearch<{ id: number; name: string }>> {
  const index = new MiniSearch<{ id: number; name: string }>(SPEAKER_SEARCH_OPTIONS);
  const adder = new BulkAdder<{ id: number; name: string }>(index);
  for (let i = 0; i < speakers.length; i++) {
    if (i % (STEP * 4) === 0) yield;
    adder.add({ id: speakers[i].id, name: speakers[i].name });
  }
  yield* adder.finishing();
  return index;
}

/** Speaker key → id. */
function keyMap(keys: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  keys.forEach((k, id) => m.set(k, id));
  return m;
}

/** Slot → quote id, from each document's slots and where its quotes start. */
function* slotsToQuotes(topic: TopicSlots, qStart: Int32Array): Steps<Int32Array> {
  const out = new Int32Array(topic.text.nextId).fill(-1);
  const { docSlots } = topic;
  for (let doc = 0; doc < docSlots.length; doc++) {
    if (doc % (STEP * 64) === 0) yield;
    const own = docSlots[doc];
    if (own.length !== qStart[doc + 1] - qStart[doc]) throw new Error(`document ${doc} has other quotes than the topic index holds`);
    for (let k = 0; k < own.length; k++) out[own[k]] = qStart[doc] + k;
  }
  return out;
}

/**
 * The most quoted named speakers, most first, then by name (then id: the order a stable sort of
 * the speakers by quotes and name leaves): the best AUTOCOMPLETE_MAX kept while walking, no sort of all.
 */
function popularOf(speakers: readonly Speaker[]): number[] {
  const cmp = (a: Speaker, b: Speaker) => b.quotes.length - a.quotes.length || a.name.localeCompare(b.name) || a.id - b.id;
  const top: Speaker[] = [];
  for (const s of speakers) {
    if (s.kind === 'anonymous') continue;
    if (top.length === AUTOCOMPLETE_MAX && cmp(s, top[top.length - 1]) >= 0) continue;
    let at = top.length;
    while (at > 0 && cmp(s, top[at - 1]) < 0) at--;
    top.splice(at, 0, s);
    if (top.length > AUTOCOMPLETE_MAX) top.pop();
  }
  return top.map((s) => s.id);
}
