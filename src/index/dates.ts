/**
 * The corpus-wide index of dated sentences behind /when, /timeline and the digest (issue #4).
 *
 * Built once per corpus: every date fact that is not vague becomes an event; the sentences that
 * hold events get a small MiniSearch of their own (so /when scores sentences, not paragraphs, and
 * never looks at undated text); events with a date short enough to be one event (a year at most)
 * are kept sorted by date, so a timeline is a slice, not a sort.
 */
import MiniSearch from 'minisearch';
import { formatInterval, isoSpan, publicationSpan, type Interval } from '../extract/dates/calendar.js';
import { shiftInterval } from '../extract/dates/rules.js';
import type { DateFact, DatePrecision } from '../extract/types.js';
import type { IngestedDoc } from '../ingest/index.js';
import type { SnapshotSource } from './fact-index.js';
import { internals } from './minisearch.js';
import { BulkAdder } from './minisearch-bulk.js';
import { packMiniSearch, unpackMiniSearch } from './minisearch-state.js';
import { splicePositions } from './positions.js';
import { TermSearch } from './postings.js';
import { runNow, STEP, type Steps } from './steps.js';
import { TextIndex, type TextEntry } from './text-index.js';
import { processTerm, tokenize } from './text.js';

/** A dated event: one date fact, where it stands, and its date as a sortable span of days. */
export interface DatedEvent {
  /** Index into the corpus's `docs`. */
  doc: number;
  /** Index into the index's sentences. */
  sentence: number;
  fact: DateFact;
  /** Index of the fact in its document's `facts.dates` (how a snapshot refers to it). */
  factIndex: number;
  /** The date, possibly resolved here from another document's date for its anchor. */
  date: string | null;
  precision: DatePrecision;
  note?: string;
  /** Days since 1970-01-01; null when unresolved. */
  start: number | null;
  end: number | null;
}

export interface DatedSentence {
  doc: number;
  paragraph: number;
  /** Index into the paragraph's sentences. */
  index: number;
  /** Indexes into `events`. */
  events: number[];
}

export interface SentenceHit {
  sentence: number;
  score: number;
  /** Index terms that matched, to find the date nearest them. */
  terms: string[];
}

const SENTENCE_INDEX_OPTIONS = { fields: ['text'], storeFields: [], tokenize, processTerm, idField: 'id' };

// 3: anchors are found with TermSearch (every word, ties in corpus order), the same in a revision.
const SNAPSHOT_VERSION = 3;

export interface DateIndexSnapshot {
  version: number;
  /** [doc, factIndex, sentence, date, precision, note, start, end] per event. */
  events: [number, number, number, string | null, DatePrecision, string | null, number | null, number | null][];
  /** doc, paragraph, sentence index: three numbers per dated sentence. */
  sentences: Int32Array;
  sorted: Int32Array;
  latestPublished: number | null;
}

/** A timeline holds events, not eras: "since 2019" or "the 1990s" date no single event. */
const MAX_EVENT_DAYS = 366;

/** How many sentences a topic may bring into a timeline before it is cut to the best. */
const TOPIC_CANDIDATES = 300;

function spanOf(date: string | null): Interval | undefined {
  return date ? isoSpan(date) : undefined;
}

interface OwnSentence {
  paragraph: number;
  index: number;
}

function sentenceText(d: IngestedDoc, s: OwnSentence): string {
  const p = d.paragraphs[s.paragraph - 1];
  const span = p.sentences[s.index];
  return p.text.slice(span.start, span.end);
}

/** A document's dated sentences in the order the index numbers them, and each date fact's sentence among them (−1: none). */
function datedSentences(d: IngestedDoc): { sentences: OwnSentence[]; ofFact: Int32Array } {
  const dates = d.facts?.dates ?? [];
  const sentences: OwnSentence[] = [];
  const ofFact = new Int32Array(dates.length).fill(-1);
  const bySentence = new Map<string, number>();
  dates.forEach((fact, factIndex) => {
    if (fact.precision === 'vague') return;
    const p = d.paragraphs[fact.paragraph - 1];
    const s = p?.sentences[fact.sentence];
    if (!s) return;
    const key = `${fact.paragraph}:${fact.sentence}`;
    let k = bySentence.get(key);
    if (k === undefined) {
      k = sentences.length;
      bySentence.set(key, k);
      sentences.push({ paragraph: fact.paragraph, index: fact.sentence });
    }
    ofFact[factIndex] = k;
  });
  return { sentences, ofFact };
}

const TERMS = { tokenize, processTerm };

/**
 * The sentence index's side: its entries are slots (a live revision's ids, see text-index.ts),
 * each document's sentences a list of slots by position, and slot ↔ sentence id (the cold
 * build's numbering, which answers and ties follow).
 */
interface SentenceSlots {
  text: TextIndex;
  /** Per document position: the slots of its dated sentences, in its order. */
  docSlots: readonly Int32Array[];
  sentenceOfSlot: Int32Array;
}

export class DateIndex implements SnapshotSource {
  private constructor(
    private readonly docs: readonly IngestedDoc[],
    readonly events: readonly DatedEvent[],
    readonly sentences: readonly DatedSentence[],
    private readonly slots: SentenceSlots,
    private readonly byDoc: ReadonlyMap<number, readonly number[]>,
    /** The sentence MiniSearch of an index built or restored whole (what the snapshot stores). */
    private readonly whole?: MiniSearch<{ id: number; text: string }>,
  ) {
    this.terms = new TermSearch(slots.text);
    this.order = (slot) => slots.sentenceOfSlot[slot];
  }

  /** Bounded search over the sentence index's posting lists (the one passage search uses). */
  private readonly terms: TermSearch;
  /** A slot's place in the cold numbering: ties in corpus order. */
  private readonly order: (slot: number) => number;

  /** Indexes into events of those that can stand on a timeline, by start then end. */
  private sorted: readonly number[] = [];
  /** The last day of the newest publication date, if any document has one. */
  private latestPublished: number | undefined;

  static build(docs: readonly IngestedDoc[]): DateIndex {
    return runNow(DateIndex.building(docs));
  }

  /** The build, pausing between pieces of work (steps.ts). */
  static *building(docs: readonly IngestedDoc[]): Steps<DateIndex> {
    const parts = new DateIndexBuilder();
    for (let di = 0; di < docs.length; di++) {
      if (di % STEP === 0) yield;
      parts.add(docs[di]);
    }
    return yield* DateIndex.finishing(parts, docs);
  }

  /** What remains of a build once every document is in `parts`: events, anchors across documents, the timeline's order. */
  static *finishing(parts: DateIndexBuilder, docs: readonly IngestedDoc[]): Steps<DateIndex> {
    if (parts.docSlots.length !== docs.length) throw new Error('the date index was not given every document');
    parts.finish();
    const text = TextIndex.fromMiniSearch(parts.index, TERMS);
    return yield* DateIndex.assembling(docs, { text, docSlots: parts.docSlots, sentenceOfSlot: new Int32Array(0) }, parts.index);
  }

  /**
   * The index for `docs` made from `before` (the index of `before.docs`, serving meanwhile): the
   * documents at `removed` (positions in the old list) taken out of the sentence index and those
   * at `added` (positions in `docs`) put in, at the cost of their sentences; the events are laid
   * out again from the documents' facts (no text is indexed for that) and the anchors across
   * documents searched again, since any document can change which sentence one finds.
   */
  static *revising(
    before: DateIndex,
    docs: readonly IngestedDoc[],
    removed: readonly number[],
    added: readonly number[],
  ): Steps<DateIndex> {
    const gone: TextEntry[] = [];
    for (const pos of removed) {
      const slots = before.slots.docSlots[pos];
      const d = before.docs[pos];
      datedSentences(d).sentences.forEach((s, k) => gone.push({ id: slots[k], text: sentenceText(d, s) }));
    }
    const fresh = added.map((pos) => datedSentences(docs[pos]).sentences);
    const { index: text, ids } = yield* before.slots.text.revising(
      gone,
      fresh.flatMap((ss, i) => ss.map((s) => sentenceText(docs[added[i]], s))),
    );
    let k = 0;
    const freshSlots = fresh.map((ss) => Int32Array.from(ss, () => ids[k++]));
    const docSlots = new Array<Int32Array>(docs.length);
    splicePositions(before.slots.docSlots, removed, added, freshSlots, docSlots);
    return yield* DateIndex.assembling(docs, { text, docSlots, sentenceOfSlot: new Int32Array(0) });
  }

  /** Events and sentences laid out from the documents' facts, anchors resolved, the timeline order made. */
  private static *assembling(
    docs: readonly IngestedDoc[],
    slots: SentenceSlots,
    whole?: MiniSearch<{ id: number; text: string }>,
  ): Steps<DateIndex> {
    const events: DatedEvent[] = [];
    const sentences: DatedSentence[] = [];
    const byDoc = new Map<number, number[]>();
    const sentenceOfSlot = new Int32Array(slots.text.nextId).fill(-1);
    for (let di = 0; di < docs.length; di++) {
      if (di % STEP === 0) yield;
      const d = docs[di];
      const { sentences: own, ofFact } = datedSentences(d);
      const docSlots = slots.docSlots[di];
      if (docSlots.length !== own.length) throw new Error(`document ${di} has other dated sentences than the index holds`);
      const first = sentences.length;
      own.forEach((s, k) => {
        sentenceOfSlot[docSlots[k]] = sentences.length;
        sentences.push({ doc: di, paragraph: s.paragraph, index: s.index, events: [] });
      });
      (d.facts?.dates ?? []).forEach((fact, factIndex) => {
        if (ofFact[factIndex] < 0) return;
        const si = first + ofFact[factIndex];
        const span = spanOf(fact.date);
        const ev: DatedEvent = {
          doc: di,
          sentence: si,
          fact,
          factIndex,
          date: fact.date,
          precision: fact.precision,
          start: span?.start ?? null,
          end: span?.end ?? null,
        };
        if (fact.note) ev.note = fact.note;
        sentences[si].events.push(events.length);
        const list = byDoc.get(di) ?? [];
        list.push(events.length);
        byDoc.set(di, list);
        events.push(ev);
      });
    }
    const idx = new DateIndex(docs, events, sentences, { ...slots, sentenceOfSlot }, byDoc, whole);
    yield* idx.anchorAcrossDocuments();
    yield* idx.ordering();
    return idx;
  }

  /** The timeline order and the newest publication date. */
  private *ordering(): Steps<void> {
    const timed = this.events.map((e, i) => ({ e, i })).filter(({ e }) => isEvent(e));
    yield;
    timed.sort((a, b) => a.e.start! - b.e.start! || a.e.end! - b.e.end! || a.i - b.i);
    yield;
    this.sorted = timed.map(({ i }) => i);
    yield;
    for (const d of this.docs) {
      const p = publicationSpan(d.meta.published);
      if (p && (this.latestPublished === undefined || p.end > this.latestPublished)) this.latestPublished = p.end;
    }
  }

  /**
   * What a snapshot keeps so that a warm start skips the build (the sentence index is most of
   * its cost): events refer to their facts by position in the documents, which the snapshot
   * restores alongside.
   */
  toSnapshot(): unknown[] {
    const head: DateIndexSnapshot = {
      version: SNAPSHOT_VERSION,
      events: this.events.map((e) => [e.doc, e.factIndex, e.sentence, e.date, e.precision, e.note ?? null, e.start, e.end]),
      sentences: Int32Array.from(this.sentences.flatMap((s) => [s.doc, s.paragraph, s.index])),
      sorted: Int32Array.from(this.sorted),
      latestPublished: this.latestPublished ?? null,
    };
    // The sentence index as its internal Maps: restoring them is a deserialisation, where
    // toJSON/loadJS cost as much as building it again.
    if (!this.whole) throw new Error('a revised date index is not saved (its sentence index is not a MiniSearch)');
    return [head, ...packMiniSearch(this.whole)];
  }

  static fromSnapshot(parts: unknown, docs: readonly IngestedDoc[]): DateIndex {
    if (!Array.isArray(parts)) throw new Error('not a date index snapshot of this version');
    const d = parts[0] as DateIndexSnapshot;
    if (
      !d ||
      d.version !== SNAPSHOT_VERSION ||
      !Array.isArray(d.events) ||
      !(d.sentences instanceof Int32Array) ||
      !(d.sorted instanceof Int32Array)
    ) {
      throw new Error('not a date index snapshot of this version');
    }
    const sentences: DatedSentence[] = [];
    for (let i = 0; i < d.sentences.length; i += 3)
      sentences.push({ doc: d.sentences[i], paragraph: d.sentences[i + 1], index: d.sentences[i + 2], events: [] });
    const byDoc = new Map<number, number[]>();
    // Each event's fact is read from its document when asked: a warm start decodes document
    // bodies on first use (see lazy-docs.ts), and restoring this index must not decode them all.
    // One getter shared by every event (a closure each would put every event in dictionary mode).
    const fact = {
      get: function (this: DatedEvent) {
        return docs[this.doc].facts.dates[this.factIndex];
      },
      enumerable: true,
      configurable: true,
    };
    const events = d.events.map(([doc, factIndex, sentence, date, precision, note, start, end], i): DatedEvent => {
      if (!docs[doc] || !sentences[sentence]) throw new Error(`event ${i} points at a document or sentence that is not there`);
      sentences[sentence].events.push(i);
      const list = byDoc.get(doc) ?? [];
      list.push(i);
      byDoc.set(doc, list);
      const ev = { doc, sentence, factIndex, date, precision, start, end } as DatedEvent;
      if (note) ev.note = note;
      Object.defineProperty(ev, 'fact', fact);
      return ev;
    });
    const { index: search, next } = unpackMiniSearch<{ id: number; text: string }>(SENTENCE_INDEX_OPTIONS, parts, 1);
    if (next !== parts.length || search.documentCount !== sentences.length)
      throw new Error('the sentence index and the sentences disagree');
    // Slots are the restored index's short ids; its ids are sentence ids.
    const sentenceOfSlot = new Int32Array(internals(search)._nextId).fill(-1);
    const slotOfSentence = new Int32Array(sentences.length).fill(-1);
    for (const [short, id] of internals(search)._documentIds) {
      sentenceOfSlot[short] = id as number;
      slotOfSentence[id as number] = short;
    }
    const perDoc: number[][] = docs.map(() => []);
    sentences.forEach((s, i) => perDoc[s.doc].push(slotOfSentence[i]));
    const slots: SentenceSlots = {
      text: TextIndex.fromMiniSearch(search, TERMS),
      docSlots: perDoc.map((l) => Int32Array.from(l)),
      sentenceOfSlot,
    };
    const idx = new DateIndex(docs, events, sentences, slots, byDoc, search);
    idx.sorted = Array.from(d.sorted);
    idx.latestPublished = d.latestPublished ?? undefined;
    return idx;
  }

  get size(): number {
    return this.events.length;
  }

  /** Earliest and latest resolved dates of events, for /about: computed once (the index never changes). */
  get range(): { from: string; to: string } | undefined {
    if (this.sorted.length === 0) return undefined;
    return (this.rangeCache ??= this.computeRange());
  }

  private rangeCache?: { from: string; to: string };

  private computeRange(): { from: string; to: string } {
    const first = this.events[this.sorted[0]];
    let last = first;
    for (const i of this.sorted) if (this.events[i].end! > last.end!) last = this.events[i];
    const from = first.date!.split('/')[0];
    const parts = last.date!.split('/');
    return { from, to: parts[parts.length - 1] };
  }

  /** The sentence's text, verbatim. */
  text(sentence: number): string {
    const s = this.sentences[sentence];
    const p = this.docs[s.doc].paragraphs[s.paragraph - 1];
    const span = p.sentences[s.index];
    return p.text.slice(span.start, span.end);
  }

  /**
   * Dated sentences for a query, best first: most words matched, then BM25; exact words before
   * prefixes and typos (TermSearch, as passage search does). Never a majority-less match, and
   * bounded whatever the corpus size.
   */
  search(query: string, limit: number): SentenceHit[] {
    return this.terms
      .search(query, { limit, order: this.order })
      .map((h) => ({ sentence: this.slots.sentenceOfSlot[h.id], score: h.score, terms: h.terms }));
  }

  /** Queries the dated sentences can back, for "did you mean". */
  suggest(query: string, max = 3): string[] {
    return this.terms.suggest(query, max);
  }

  /**
   * Events in date order. With a topic: the events of the best-matching sentences (at most
   * `limit`, the most relevant), in date order. Without: the latest `limit` events up to the
   * newest publication date (later dates are announcements, not events yet), in date order.
   * `total` counts what was cut.
   */
  timeline(topic: string | undefined, limit: number): { events: DatedEvent[]; total: number } {
    const latestPublished = this.latestPublished;
    if (topic?.trim()) {
      const hits = this.search(topic, TOPIC_CANDIDATES);
      const ranked: { ev: number; score: number }[] = [];
      for (const h of hits)
        for (const ev of this.sentences[h.sentence].events) if (isEvent(this.events[ev])) ranked.push({ ev, score: h.score });
      const best = ranked.slice(0, limit).map((r) => this.events[r.ev]);
      return { events: byDate(best), total: ranked.length };
    }
    let end = this.sorted.length;
    if (latestPublished !== undefined) {
      // The first event starting after the newest publication: binary search on the sorted starts.
      let lo = 0;
      let hi = this.sorted.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.events[this.sorted[mid]].start! <= latestPublished) lo = mid + 1;
        else hi = mid;
      }
      end = lo;
    }
    const events = this.sorted.slice(Math.max(0, end - limit), end).map((i) => this.events[i]);
    return { events, total: end };
  }

  /** The dated events of some documents (indexes into docs), in date order: for the digest. */
  forDocs(docs: Iterable<number>): DatedEvent[] {
    const out: DatedEvent[] = [];
    for (const d of docs) for (const i of this.byDoc.get(d) ?? []) if (isEvent(this.events[i])) out.push(this.events[i]);
    return byDate(out);
  }

  /**
   * An expression counted from an event its own document does not date ("two days after the
   * election") takes the date another document gives a sentence naming the same people or places
   * and sharing a word of the event. One search per such expression, at build time.
   */
  private *anchorAcrossDocuments(): Steps<void> {
    let n = 0;
    for (const ev of this.events) {
      // A search each: pause more often than for plain loops.
      if (++n % (STEP / 8) === 0) yield;
      const f = ev.fact;
      if (f.kind !== 'event-relative' || ev.date || !f.anchor) continue;
      const offset = f.offset;
      if (!offset) continue;
      const words = tokenize(f.anchor);
      const names = words
        .filter((w) => /^\p{Lu}/u.test(w))
        .map(processTerm)
        .filter((t): t is string => !!t);
      const others = words
        .filter((w) => !/^\p{Lu}/u.test(w))
        .map(processTerm)
        .filter((t): t is string => !!t);
      if (names.length === 0 || others.length === 0) continue;
      const hits = this.terms.search(names.join(' '), { limit: 50, every: true, order: this.order });
      for (const h of hits) {
        const sentence = this.slots.sentenceOfSlot[h.id];
        const s = this.sentences[sentence];
        if (s.doc === ev.doc) continue;
        const terms = new Set(tokenize(this.text(sentence)).map(processTerm));
        if (!others.some((t) => terms.has(t))) continue;
        const anchorEv = s.events
          .map((i) => this.events[i])
          .find((e) => e.fact.kind !== 'event-relative' && isEvent(e) && e.end! - e.start! <= 92);
        if (!anchorEv) continue;
        const iv = shiftInterval({ start: anchorEv.start!, end: anchorEv.end! }, offset.amount, offset.unit) as {
          start: number;
          end: number;
        };
        const { date, precision } = formatInterval(iv);
        ev.date = date;
        ev.precision = precision;
        ev.start = iv.start;
        ev.end = iv.end;
        const cited = this.docs[s.doc].meta;
        ev.note = `counted from “${anchorEv.fact.text}” in “${cited.title}” (¶${s.paragraph})`;
        break;
      }
    }
  }
}

/**
 * The per-document part of a date index build — the dated sentences' search index, most of its
 * cost — fed documents in corpus order: a cold load feeds each as it is read (index/build.ts),
 * so that it is made while the other documents are still being read.
 */
export class DateIndexBuilder {
  readonly index = new MiniSearch<{ id: number; text: string }>(SENTENCE_INDEX_OPTIONS);
  /** The sentence index filled word by word, its tree made when the build finishes (minisearch-bulk.ts). */
  private readonly adder = new BulkAdder<{ id: number; text: string }>(this.index);
  /** Per document position: the ids of its dated sentences, in its order. */
  readonly docSlots: Int32Array[] = [];
  private next = 0;

  /** Adds the next document in corpus order. */
  add(d: IngestedDoc): void {
    const { sentences } = datedSentences(d);
    const slots = new Int32Array(sentences.length);
    sentences.forEach((s, k) => {
      slots[k] = this.next;
      this.adder.add({ id: this.next++, text: sentenceText(d, s) });
    });
    this.docSlots.push(slots);
  }

  /** Every document is in: the sentence index is made searchable. */
  finish(): this {
    this.adder.finish();
    return this;
  }
}

/** Can stand on a timeline: a resolved date of a year at most. */
export function isEvent(e: Pick<DatedEvent, 'start' | 'end'>): boolean {
  return e.start !== null && e.end !== null && e.end - e.start < MAX_EVENT_DAYS;
}

function byDate(events: DatedEvent[]): DatedEvent[] {
  return [...events].sort((a, b) => (a.start ?? Infinity) - (b.start ?? Infinity) || (a.end ?? Infinity) - (b.end ?? Infinity));
}
