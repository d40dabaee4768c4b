/**
 * The corpus-wide index of dated sentences behind /when, /timeline and the digest (issue #4).
 *
 * Built per corpus, and revised per changed document in a live update (`revising`): every date
 * fact that is not vague becomes an event; the sentences that hold events get a small index of
 * their own (so /when scores sentences, not paragraphs, and never looks at undated text); events
 * with a date short enough to be one event (a year at most) are kept sorted by date, so a
 * timeline is a slice, not a sort.
 */
import MiniSearch from 'minisearch';
import { formatInterval, isoSpan, publicationSpan, type Interval } from '../extract/dates/calendar.js';
import { shiftInterval } from '../extract/dates/rules.js';
import { upperStart } from '../extract/people/tokens.js';
import type { DateFact, DatePrecision } from '../extract/types.js';
import type { IngestedDoc } from '../ingest/index.js';
import type { SnapshotSource } from './fact-index.js';
import { internals } from './minisearch.js';
import { BulkAdder } from './minisearch-bulk.js';
import { packMiniSearch, unpackMiniSearch } from './minisearch-state.js';
import { splicingPositions } from './positions.js';
import { MAX_CANDIDATES, leadDrift, TermSearch, type Bm25Stats } from './postings.js';
import { runNow, STEP, type Steps } from './steps.js';
import { mergingSorted } from './sorted.js';
import { TextIndex, type TextEntry } from './text-index.js';
import { unpacking } from './unpacking.js';
import { processTerm, queryTerms, tokenize } from './text.js';

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

/** How many sentences an anchor search looks at. */
const ANCHOR_HITS = 50;
/** At most how many sentences holding an anchor's names are read to learn that none can serve it (once, not per change). */
const SETTLE_MAX = 5_000;

/**
 * A relative date whose anchor is looked for in other documents ("two days after the Lowmoor
 * flood"), and whether the last search's answer can change without a sentence holding one of
 * its names coming or going (a live revision searches again only then: design step 4).
 */
interface AnchorRequest {
  /** Index into events. */
  event: number;
  /** The search: the names, each of which the sentence must hold. */
  query: string;
  /** The words the search reads from the query. */
  names: string[];
  /** Another word of the anchor, one of which the sentence must hold. */
  others: string[];
  /**
   * Every sentence holding all the names was seen (fewer than ANCHOR_HITS) and at most one of
   * them could serve as the anchor, or none of all the sentences holding the names could (seen or
   * not): which one serves does not depend on the ranking, so a change that moves only BM25's
   * statistics (the document count, the average length) cannot move it.
   */
  settled: boolean;
  /**
   * When not settled: the statistics of the last search, its names' idfs and a margin. With an
   * anchor found, how far its sentence outscored the best other that could overtake it (one of
   * another shape ranked after it, or any beyond the hits); with none found among the hits, how
   * far the last hit outscored the best sentence below them that could serve. While what one
   * score can have gained on another since (`leadDrift`) is under that margin, no sentence can
   * overtake and a search would find what it found.
   */
  lead?: { stats: Bm25Stats; idfs: number[]; margin: number };
}

/**
 * Month and weekday names (as index terms): capitalised, but a time rather than a name of whom
 * or where ("after the March 18 offer"); an anchor made of them alone would take a date from
 * any sentence of that month that shares a word.
 */
const CALENDAR_WORDS = new Set(
  'january february march april may june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday'
    .split(' ')
    .map((w) => processTerm(w)),
);

/** The anchor search an event asks for, or undefined: a relative date its own document does not date, naming someone or somewhere. */
function anchorRequest(ev: DatedEvent, event: number): AnchorRequest | undefined {
  const f = ev.fact;
  if (f.kind !== 'event-relative' || f.date || !f.anchor || !f.offset) return undefined;
  const words = tokenize(f.anchor);
  const names = words
    .filter(upperStart)
    .map(processTerm)
    .filter((t): t is string => !!t && !CALENDAR_WORDS.has(t));
  const others = words
    .filter((w) => !upperStart(w))
    .map(processTerm)
    .filter((t): t is string => !!t);
  if (names.length === 0 || others.length === 0) return undefined;
  const query = names.join(' ');
  return { event, query, names: queryTerms(query), others, settled: false };
}

/** A date fact as an event, dated by its own document (an anchor found elsewhere is added later). */
function ownEvent(doc: number, sentence: number, fact: DateFact, factIndex: number): DatedEvent {
  const span = spanOf(fact.date);
  const ev: DatedEvent = {
    doc,
    sentence,
    fact,
    factIndex,
    date: fact.date,
    precision: fact.precision,
    start: span?.start ?? null,
    end: span?.end ?? null,
  };
  if (fact.note) ev.note = fact.note;
  return ev;
}

/** One document's dated sentences and events appended to the lists (the layout a cold build makes). */
function layDoc(d: IngestedDoc, di: number, events: DatedEvent[], sentences: DatedSentence[]): void {
  const { sentences: own, ofFact } = datedSentences(d);
  const first = sentences.length;
  for (const s of own) sentences.push({ doc: di, paragraph: s.paragraph, index: s.index, events: [] });
  (d.facts?.dates ?? []).forEach((fact, factIndex) => {
    if (ofFact[factIndex] < 0) return;
    const si = first + ofFact[factIndex];
    sentences[si].events.push(events.length);
    events.push(ownEvent(di, si, fact, factIndex));
  });
}

/** Events ordered for the timeline: by start, then end, then place in the corpus. */
function timelineOrder(events: readonly DatedEvent[]): (a: number, b: number) => number {
  return (a, b) => events[a].start! - events[b].start! || events[a].end! - events[b].end! || a - b;
}

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
    /** Per document position: where its events start in `events` (one more entry: the end). */
    private readonly evStart: Int32Array,
    /** Per document position: where its dated sentences start in `sentences` (one more entry: the end). */
    private readonly senStart: Int32Array,
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
  /** Every anchor search of the index, when known (an index restored from a snapshot learns them in its first revision). */
  private anchors?: readonly AnchorRequest[];
  private searches = 0;

  /** Whether the index knows its anchors' searches (one restored from a snapshot learns them in its first revision). */
  get knowsAnchors(): boolean {
    return this.anchors !== undefined;
  }

  /** Anchor searches this index's build or revision ran (a revision runs only those a change can move). */
  get anchorSearches(): number {
    return this.searches;
  }

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

  /** Events and sentences laid out from every document's facts, anchors resolved, the timeline order made. */
  private static *assembling(
    docs: readonly IngestedDoc[],
    slots: SentenceSlots,
    whole?: MiniSearch<{ id: number; text: string }>,
  ): Steps<DateIndex> {
    const events: DatedEvent[] = [];
    const sentences: DatedSentence[] = [];
    const evStart = new Int32Array(docs.length + 1);
    const senStart = new Int32Array(docs.length + 1);
    for (let di = 0; di < docs.length; di++) {
      if (di % STEP === 0) yield;
      evStart[di] = events.length;
      senStart[di] = sentences.length;
      layDoc(docs[di], di, events, sentences);
    }
    evStart[docs.length] = events.length;
    senStart[docs.length] = sentences.length;
    const idx = new DateIndex(
      docs,
      events,
      sentences,
      { ...slots, sentenceOfSlot: slotsToSentences(slots, senStart) },
      evStart,
      senStart,
      whole,
    );
    const anchors: AnchorRequest[] = [];
    for (let i = 0; i < events.length; i++) {
      const q = anchorRequest(events[i], i);
      if (q) anchors.push(q);
    }
    idx.anchors = anchors;
    yield* idx.anchoring(anchors);
    yield* idx.ordering();
    return idx;
  }

  /**
   * The index for `docs` made from `before` (the index of `before.docs`, serving meanwhile): the
   * documents at `removed` (positions in the old list) taken out and those at `added` (positions
   * in `docs`) put in, at the cost of those documents: their sentences in the sentence index,
   * their facts laid out as events. Every other document's events and sentences are `before`'s
   * (the same objects before the first change, renumbered copies after it: a pass over numbers,
   * not facts), the timeline's order is `before`'s with the changed events taken out and put in
   * where they sort, and an anchor across documents is searched again only when the change can
   * move it: a sentence holding one of its names came or went, or its last search found more
   * than one sentence that could serve (then BM25's statistics, which every change moves, choose).
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
    const freshText = fresh.flatMap((ss, i) => ss.map((s) => sentenceText(docs[added[i]], s)));
    yield* unpacking(before.slots.text.tree);
    const { index: text, ids } = yield* before.slots.text.revising(gone, freshText);
    let k = 0;
    const freshSlots = fresh.map((ss) => Int32Array.from(ss, () => ids[k++]));
    const docSlots = new Array<Int32Array>(docs.length);
    yield* splicingPositions(before.slots.docSlots, removed, added, freshSlots, docSlots);
    yield;
    // Words of the sentences that came or went: an anchor naming none of them finds the sentences it found.
    const touched = new Set<string>();
    for (const t of [...gone.map((g) => g.text), ...freshText])
      for (const w of tokenize(t)) {
        const term = processTerm(w);
        if (term) touched.add(term);
      }

    // The layout: old documents' events and sentences renumbered, new documents' laid out.
    const n = docs.length;
    const events: DatedEvent[] = [];
    const sentences: DatedSentence[] = [];
    const evStart = new Int32Array(n + 1);
    const senStart = new Int32Array(n + 1);
    // Old event id → new (−1: its document went).
    const eventOf = new Int32Array(before.events.length).fill(-1);
    const isAdded = new Uint8Array(n);
    for (const pos of added) isAdded[pos] = 1;
    const isRemoved = new Uint8Array(before.docs.length);
    for (const pos of removed) isRemoved[pos] = 1;
    for (let j = 0, i = 0; j < n; j++) {
      if (j % STEP === 0) yield;
      evStart[j] = events.length;
      senStart[j] = sentences.length;
      if (isAdded[j]) {
        layDoc(docs[j], j, events, sentences);
        continue;
      }
      while (isRemoved[i]) i++;
      for (let e = before.evStart[i], to = events.length; e < before.evStart[i + 1]; e++) eventOf[e] = to++;
      before.copyDoc(i, j, events, sentences);
      i++;
    }
    evStart[n] = events.length;
    senStart[n] = sentences.length;
    const idx = new DateIndex(
      docs,
      events,
      sentences,
      { text, docSlots, sentenceOfSlot: slotsToSentences({ text, docSlots }, senStart) },
      evStart,
      senStart,
    );
    yield;

    // The anchors: the old ones renumbered, those of new documents added; the ones the change can move searched again.
    const anchors: AnchorRequest[] = [];
    const again: AnchorRequest[] = [];
    if (before.anchors) {
      for (const q of before.anchors) {
        const event = eventOf[q.event];
        if (event < 0) continue;
        const moved = { ...q, event };
        anchors.push(moved);
        if (q.names.some((t) => touched.has(t)) || !(q.settled || idx.stillLeads(q))) again.push(moved);
      }
      for (const j of added)
        for (let e = evStart[j]; e < evStart[j + 1]; e++) {
          const q = anchorRequest(events[e], e);
          if (q) {
            anchors.push(q);
            again.push(q);
          }
        }
      anchors.sort((a, b) => a.event - b.event);
    } else {
      // Restored from a snapshot: which anchors are settled is not known yet.
      for (let e = 0; e < events.length; e++) {
        if (e % (STEP * 16) === 0) yield;
        const q = anchorRequest(events[e], e);
        if (q) {
          anchors.push(q);
          again.push(q);
        }
      }
    }
    idx.anchors = anchors;
    // Searched again from the event as its own document dates it (a copy: the old one may be serving).
    for (const q of again) {
      const ev = events[q.event];
      events[q.event] = ownEvent(ev.doc, ev.sentence, ev.fact, ev.factIndex);
    }
    yield* idx.anchoring(again);

    // The timeline: the old order renumbered without the events that went or were searched again, the rest put in.
    const redone = new Uint8Array(events.length);
    for (const q of again) redone[q.event] = 1;
    const kept: number[] = [];
    for (let s = 0; s < before.sorted.length; s++) {
      if (s % (STEP * 64) === 0) yield;
      const id = eventOf[before.sorted[s]];
      if (id >= 0 && !redone[id]) kept.push(id);
    }
    const put: number[] = again.map((q) => q.event).filter((e) => isEvent(events[e]));
    for (const j of added) for (let e = evStart[j]; e < evStart[j + 1]; e++) if (isEvent(events[e]) && !redone[e]) put.push(e);
    const cmp = timelineOrder(events);
    put.sort(cmp);
    yield;
    idx.sorted = yield* mergingSorted(kept, put, cmp);
    yield;
    // The newest publication: only a removed document can lower it, and only when it held it.
    let latest = before.latestPublished;
    const lost = removed.some((pos) => {
      const p = publicationSpan(before.docs[pos].meta.published);
      return p !== undefined && latest !== undefined && p.end >= latest;
    });
    // (A pass over every document then, in slices: 100 ms at x10.)
    if (lost) idx.latestPublished = yield* newestPublishing(docs);
    else {
      for (const j of added) {
        const p = publicationSpan(docs[j].meta.published);
        if (p && (latest === undefined || p.end > latest)) latest = p.end;
      }
      idx.latestPublished = latest;
    }
    return idx;
  }

  /**
   * Appends the events and sentences of the document at `i` to the lists of an index where it
   * stands at `j`: the same objects when nothing before it moved, else copies renumbered.
   */
  private copyDoc(i: number, j: number, events: DatedEvent[], sentences: DatedSentence[]): void {
    const e0 = this.evStart[i];
    const e1 = this.evStart[i + 1];
    const s0 = this.senStart[i];
    const s1 = this.senStart[i + 1];
    const de = events.length - e0;
    const ds = sentences.length - s0;
    if (de === 0 && ds === 0 && i === j) {
      for (let e = e0; e < e1; e++) events.push(this.events[e]);
      for (let s = s0; s < s1; s++) sentences.push(this.sentences[s]);
      return;
    }
    for (let e = e0; e < e1; e++) {
      const ev = this.events[e];
      const copy: DatedEvent = {
        doc: j,
        sentence: ev.sentence + ds,
        fact: ev.fact,
        factIndex: ev.factIndex,
        date: ev.date,
        precision: ev.precision,
        start: ev.start,
        end: ev.end,
      };
      if (ev.note) copy.note = ev.note;
      events.push(copy);
    }
    for (let s = s0; s < s1; s++) {
      const se = this.sentences[s];
      sentences.push({ doc: j, paragraph: se.paragraph, index: se.index, events: se.events.map((e) => e + de) });
    }
  }

  /** The timeline order and the newest publication date. */
  private *ordering(): Steps<void> {
    const timed: number[] = [];
    for (let i = 0; i < this.events.length; i++) if (isEvent(this.events[i])) timed.push(i);
    yield;
    timed.sort(timelineOrder(this.events));
    yield;
    this.sorted = timed;
    this.latestPublished = yield* newestPublishing(this.docs);
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
    const evStart = startsByDoc(events.length, (i) => events[i].doc, docs.length);
    const senStart = startsByDoc(sentences.length, (i) => sentences[i].doc, docs.length);
    const idx = new DateIndex(docs, events, sentences, slots, evStart, senStart, search);
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
    const documents = this.evStart.length - 1;
    for (const d of docs) {
      if (!Number.isInteger(d) || d < 0 || d >= documents) continue;
      for (let i = this.evStart[d]; i < this.evStart[d + 1]; i++) if (isEvent(this.events[i])) out.push(this.events[i]);
    }
    return byDate(out);
  }

  /**
   * An expression counted from an event its own document does not date ("two days after the
   * election") takes the date another document gives a sentence naming the same people or places
   * and sharing a word of the event: the best-ranked such sentence among those holding every
   * name. One search per request; each request learns whether its answer is settled (see
   * AnchorRequest).
   */
  private *anchoring(requests: readonly AnchorRequest[]): Steps<void> {
    const events = this.events as DatedEvent[];
    this.searches += requests.length;
    for (const q of requests) {
      // A pause before each search: one for a common name ("March" read as one) visits thousands
      // of sentences (11-18 ms CPU at Reuters x1, ten times that at x10).
      yield;
      const ev = events[q.event];
      const hits = this.terms.search(q.query, { limit: ANCHOR_HITS, every: true, order: this.order });
      // Every sentence with all the names is among the hits (TermSearch visits at most MAX_CANDIDATES of the rarest name's).
      const complete = hits.length < ANCHOR_HITS && Math.min(...q.names.map((t) => this.terms.postingsOf(t)?.size ?? 0)) <= MAX_CANDIDATES;
      let found: { sentence: number; anchorEv: DatedEvent; hit: number } | undefined;
      let serving = 0;
      for (let i = 0; i < hits.length; i++) {
        const sentence = this.slots.sentenceOfSlot[hits[i].id];
        const anchorEv = this.anchorIn(sentence, ev.doc, q.others);
        if (!anchorEv) continue;
        serving++;
        found ??= { sentence, anchorEv, hit: i };
        if (!complete || serving > 1) break;
      }
      q.settled = complete && serving <= 1;
      q.lead = undefined;
      if (!q.settled && found) q.lead = this.leadOf(q, hits, found.hit);
      else if (!q.settled && hits.length >= ANCHOR_HITS) {
        // None among the first hits: the best of those that could serve, further down, must not overtake the last hit.
        const rival = yield* this.bestServingBelow(q, ev.doc, hits);
        if (rival === -Infinity) q.settled = true;
        else if (rival !== undefined) q.lead = this.leadOver(q, hits[hits.length - 1].score, rival);
      }
      if (!found) continue;
      const { sentence, anchorEv } = found;
      const offset = ev.fact.offset!;
      const iv = shiftInterval({ start: anchorEv.start!, end: anchorEv.end! }, offset.amount, offset.unit) as {
        start: number;
        end: number;
      };
      const { date, precision } = formatInterval(iv);
      ev.date = date;
      ev.precision = precision;
      ev.start = iv.start;
      ev.end = iv.end;
      const s = this.sentences[sentence];
      const cited = this.docs[s.doc].meta;
      ev.note = `counted from “${anchorEv.fact.text}” in “${cited.title}” (¶${s.paragraph})`;
    }
  }

  /**
   * The best score of a sentence that could serve an anchor among those holding all its names
   * and not among `hits` (a search that found none that could); -Infinity when none could: then
   * it finds none under any statistics (it is settled) until a sentence with one of its names
   * comes or goes. Undefined past SETTLE_MAX sentences (not read).
   */
  private *bestServingBelow(q: AnchorRequest, ownDoc: number, hits: readonly { id: number }[]): Steps<number | undefined> {
    const ids = this.terms.holdingAll(q.names, SETTLE_MAX);
    if (!ids) return undefined;
    const seen = new Set(hits.map((h) => h.id));
    const score = this.terms.scorer(q.names);
    let best = -Infinity;
    for (let i = 0; i < ids.length; i++) {
      if (i % (STEP * 8) === 0) yield;
      if (!seen.has(ids[i]) && this.anchorIn(this.slots.sentenceOfSlot[ids[i]], ownDoc, q.others)) best = Math.max(best, score(ids[i]));
    }
    return best;
  }

  /**
   * The certificate of an anchor found at `hits[f]` (see AnchorRequest.lead): its score's lead
   * over the first hit after it of another shape (hits come best first; one of the same shape
   * scores as it does under any statistics and stays after it), and over the last hit when the
   * search may have left sentences out (those score no more than it).
   */
  private leadOf(q: AnchorRequest, hits: readonly { id: number; score: number }[], f: number): AnchorRequest['lead'] {
    const top = hits[f];
    let rival = hits.length >= ANCHOR_HITS ? hits[hits.length - 1].score : -Infinity;
    for (let i = f + 1; i < hits.length; i++) {
      if (hits[i].score === top.score && this.terms.sameShape(top.id, hits[i].id, q.names)) continue;
      rival = Math.max(rival, hits[i].score);
      break;
    }
    return this.leadOver(q, top.score, rival);
  }

  /** The certificate that a sentence scoring `score` stays ahead of one scoring `rival`. */
  private leadOver(q: AnchorRequest, score: number, rival: number): AnchorRequest['lead'] {
    // Less a little for rounding in the scores' sums: a lead within it proves nothing.
    const margin = score - rival - 1e-9 * (1 + score);
    if (!(margin > 0)) return undefined;
    return { stats: this.terms.stats(), idfs: q.names.map((t) => this.terms.idfOf(t)), margin };
  }

  /** Whether an anchor's last answer still stands under this index's statistics (its names' sentences being as they were). */
  private stillLeads(q: AnchorRequest): boolean {
    return !!q.lead && leadDrift(q.lead.stats, this.terms.stats(), q.lead.idfs) < q.lead.margin;
  }

  /** The event a sentence of another document gives an anchor: one it dates to a season at most, when the sentence shares a word with the anchor. */
  private anchorIn(sentence: number, ownDoc: number, others: readonly string[]): DatedEvent | undefined {
    const s = this.sentences[sentence];
    if (s.doc === ownDoc) return undefined;
    const terms = new Set(tokenize(this.text(sentence)).map(processTerm));
    if (!others.some((t) => terms.has(t))) return undefined;
    return s.events.map((i) => this.events[i]).find((e) => e.fact.kind !== 'event-relative' && isEvent(e) && e.end! - e.start! <= 92);
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

/** The last day of the newest publication date among the documents (a pass over every one, in slices). */
function* newestPublishing(docs: readonly IngestedDoc[]): Steps<number | undefined> {
  let latest: number | undefined;
  for (let i = 0; i < docs.length; i++) {
    if (i % (STEP * 256) === 0) yield;
    const p = publicationSpan(docs[i].meta.published);
    if (p && (latest === undefined || p.end > latest)) latest = p.end;
  }
  return latest;
}

/** Slot → sentence id, from each document's slots and where its sentences start. */
function slotsToSentences(slots: Pick<SentenceSlots, 'text' | 'docSlots'>, senStart: Int32Array): Int32Array {
  const out = new Int32Array(slots.text.nextId).fill(-1);
  slots.docSlots.forEach((own, di) => {
    if (own.length !== senStart[di + 1] - senStart[di]) throw new Error(`document ${di} has other dated sentences than the index holds`);
    for (let k = 0; k < own.length; k++) out[own[k]] = senStart[di] + k;
  });
  return out;
}

/** Where each document's entries start in a list ordered by document (one more entry: the end). */
function startsByDoc(length: number, docOf: (i: number) => number, documents: number): Int32Array {
  const start = new Int32Array(documents + 1);
  let prev = 0;
  for (let i = 0; i < length; i++) {
    const d = docOf(i);
    if (d < prev) throw new Error('the entries are not in document order');
    prev = d;
    start[d + 1]++;
  }
  for (let d = 0; d < documents; d++) start[d + 1] += start[d];
  return start;
}
