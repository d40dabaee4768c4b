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
import { IntChunks } from './chunks.js';
import { revisedSlots, splicedPositions } from './positions.js';
import { MAX_CANDIDATES, leadDrift, TermSearch, type Bm25Stats } from './postings.js';
import { runNow, STEP, type Steps } from './steps.js';
import { SortedChunks } from './sorted.js';
import { TextIndex, type TextEntry } from './text-index.js';
import { unpacking } from './unpacking.js';
import { processTerm, queryTerms, tokenize } from './text.js';

/** An event's date: its own document's, or counted from another document's (then with a note). */
interface EventDate {
  /** The date, possibly resolved here from another document's date for its anchor. */
  date: string | null;
  precision: DatePrecision;
  note?: string;
  /** Days since 1970-01-01; null when unresolved. */
  start: number | null;
  end: number | null;
}

/** A dated event as answers read it: one date fact, where it stands, and its date as a sortable span of days. */
export interface DatedEvent extends EventDate {
  /** Index into the corpus's `docs`. */
  doc: number;
  /**
   * Its sentence's id in this index (`text`, `sentence`). A cold build numbers sentences in
   * corpus order; a revision keeps every other sentence's id (ids are not compared across indexes).
   */
  sentence: number;
  fact: DateFact;
  /** Index of the fact in its document's `facts.dates` (how a snapshot refers to it). */
  factIndex: number;
}

/** Where a dated sentence stands. */
interface SentencePlace {
  doc: number;
  paragraph: number;
  /** Index into the paragraph's sentences. */
  index: number;
}

/** A dated sentence in the layout of a cold build (`DateIndex.sentences`): events by their index in `events`. */
export interface DatedSentence extends SentencePlace {
  /** Indexes into `events`. */
  events: number[];
}

/** A dated sentence as answers read it (`DateIndex.sentence`). */
export interface DatedSentenceView extends SentencePlace {
  events: DatedEvent[];
}

export interface SentenceHit {
  /** The sentence's id in this index. */
  sentence: number;
  score: number;
  /** Index terms that matched, to find the date nearest them. */
  terms: string[];
}

/** An event as the index keeps it, in its document's record; its fact is read from the document. */
interface OwnEvent extends EventDate {
  /** Index into its document's dated sentences. */
  sentence: number;
  factIndex: number;
}

/**
 * One document's dated sentences and events. A record is never changed once an index serves it
 * (a revision that dates one of its events anew makes a copy), so versions share every record
 * of the documents a change did not touch.
 */
interface DocDates {
  /** The document's id in the index: kept through changes, while its position moves. */
  slot: number;
  /** In its order: where each stands, its id in the sentence index, its events (indexes into `events`). */
  sentences: { id: number; paragraph: number; index: number; events: number[] }[];
  events: OwnEvent[];
}

/**
 * An event's id: its document's slot and its index there (ids stay through changes; positions
 * do not). A document's events past this many are not indexed.
 */
const PER_DOC = 1 << 20;
const eventRef = (slot: number, k: number) => slot * PER_DOC + k;
const refSlot = (ref: number) => Math.floor(ref / PER_DOC);
const refIndex = (ref: number) => ref % PER_DOC;

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
/**
 * At most how many sentences holding an anchor's names are read to learn that none can serve it
 * (once, not per change): as many as a search visits. Past it the anchor has no certificate and
 * is searched again at every change (at x10, "U.S." names 30,000 sentences).
 */
const SETTLE_MAX = MAX_CANDIDATES;

/**
 * A relative date whose anchor is looked for in other documents ("two days after the Lowmoor
 * flood"), and whether the last search's answer can change without a sentence holding one of
 * its names coming or going (a live revision searches again only then: design step 4).
 */
interface AnchorRequest {
  /** The event's id (`eventRef`). */
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
function anchorRequest(f: DateFact, event: number): AnchorRequest | undefined {
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

/** A date fact as an event of its sentence (`sentence`: index in its document's), dated by its own document (an anchor found elsewhere is added later). */
function ownEvent(sentence: number, fact: DateFact, factIndex: number): OwnEvent {
  const span = spanOf(fact.date);
  const ev: OwnEvent = {
    sentence,
    factIndex,
    date: fact.date,
    precision: fact.precision,
    start: span?.start ?? null,
    end: span?.end ?? null,
  };
  if (fact.note) ev.note = fact.note;
  return ev;
}

/** One document's record as a cold build lays it out, its dated sentences having the ids `ids` in the sentence index. */
function layDoc(d: IngestedDoc, slot: number, ids: ArrayLike<number>): DocDates {
  const { sentences: own, ofFact } = datedSentences(d);
  if (ids.length !== own.length) throw new Error('a document has other dated sentences than the sentence index holds');
  const rec: DocDates = {
    slot,
    sentences: own.map((s, k) => ({ id: ids[k], paragraph: s.paragraph, index: s.index, events: [] })),
    events: [],
  };
  d.facts.dates.forEach((fact, factIndex) => {
    if (ofFact[factIndex] < 0 || rec.events.length >= PER_DOC) return;
    rec.sentences[ofFact[factIndex]].events.push(rec.events.length);
    rec.events.push(ownEvent(ofFact[factIndex], fact, factIndex));
  });
  return rec;
}

export class DateIndex implements SnapshotSource {
  private constructor(
    private readonly docs: readonly IngestedDoc[],
    /** Per document position: its record. */
    private readonly own: readonly DocDates[],
    private readonly slotOfPos: Int32Array,
    private readonly posOfSlot: Int32Array,
    /** The dated sentences' search index: its entries are sentence ids. */
    private readonly sentenceIndex: TextIndex,
    /** Per sentence id: its document's slot, and its index in the document's record. */
    private readonly sentenceDoc: IntChunks,
    private readonly sentenceLocal: IntChunks,
    /** How many events. */
    readonly size: number,
    /** The sentence MiniSearch of an index built or restored whole (what the snapshot stores). */
    private readonly whole?: MiniSearch<{ id: number; text: string }>,
  ) {
    this.terms = new TermSearch(sentenceIndex);
  }

  /** Bounded search over the sentence index's posting lists (the one passage search uses). */
  private readonly terms: TermSearch;
  /** A sentence's place in the cold build's numbering (by document position, then in its document): ties in corpus order. */
  private readonly order = (id: number): number => this.posOfSlot[this.sentenceDoc.get(id)] * PER_DOC + this.sentenceLocal.get(id);
  /** Events for the timeline: by start, then end, then place in the corpus (the cold build's order). */
  private readonly timelineOrder = (a: number, b: number): number => {
    const x = this.eventAt(a);
    const y = this.eventAt(b);
    return x.start! - y.start! || x.end! - y.end! || this.posOfSlot[refSlot(a)] - this.posOfSlot[refSlot(b)] || refIndex(a) - refIndex(b);
  };

  /** The ids of events that can stand on a timeline, in `timelineOrder`. */
  private sorted = SortedChunks.from([]);
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
    const own = new Array<DocDates>(docs.length);
    const sentenceDoc = new Int32Array(text.nextId).fill(-1);
    const sentenceLocal = new Int32Array(text.nextId).fill(-1);
    let size = 0;
    for (let di = 0; di < docs.length; di++) {
      if (di % STEP === 0) yield;
      const rec = (own[di] = layDoc(docs[di], di, parts.docSlots[di]));
      rec.sentences.forEach((s, k) => {
        sentenceDoc[s.id] = di;
        sentenceLocal[s.id] = k;
      });
      size += rec.events.length;
    }
    // A cold build's slots are its positions.
    const slots = Int32Array.from({ length: docs.length }, (_, i) => i);
    const idx = new DateIndex(docs, own, slots, slots, text, IntChunks.from(sentenceDoc), IntChunks.from(sentenceLocal), size, parts.index);
    const anchors: AnchorRequest[] = [];
    for (const rec of own) for (let k = 0; k < rec.events.length; k++) idx.requestFor(rec, k, anchors);
    idx.anchors = anchors;
    yield* idx.anchoring(anchors);
    yield* idx.ordering();
    return idx;
  }

  /**
   * The index for `docs` made from `before` (the index of `before.docs`, serving meanwhile): the
   * documents at `removed` (positions in the old list) taken out and those at `added` (positions
   * in `docs`) put in, at the cost of those documents: their sentences in the sentence index,
   * their records laid out, their events in the timeline. Every other document keeps its record
   * and its ids (its position may move: the lists by position are spliced, a pass over pointers),
   * and an anchor across documents is searched again only when the change can move it: a
   * sentence holding one of its names came or went, or its last search found more than one
   * sentence that could serve and BM25's statistics, which every change moves, may have reordered
   * them (see AnchorRequest.lead).
   */
  static *revising(
    before: DateIndex,
    docs: readonly IngestedDoc[],
    removed: readonly number[],
    added: readonly number[],
  ): Steps<DateIndex> {
    const gone: TextEntry[] = [];
    for (const pos of removed) for (const s of before.own[pos].sentences) gone.push({ id: s.id, text: sentenceText(before.docs[pos], s) });
    const fresh = added.map((pos) => datedSentences(docs[pos]).sentences);
    const freshText = fresh.flatMap((ss, i) => ss.map((s) => sentenceText(docs[added[i]], s)));
    yield* unpacking(before.sentenceIndex.tree);
    const { index: text, ids } = yield* before.sentenceIndex.revising(gone, freshText);
    yield;
    // Words of the sentences that came or went: an anchor naming none of them finds the sentences it found.
    const touched = new Set<string>();
    for (const t of [...gone.map((g) => g.text), ...freshText])
      for (const w of tokenize(t)) {
        const term = processTerm(w);
        if (term) touched.add(term);
      }

    // New documents get new slots; the others keep theirs, and their records.
    const { slotOfPos, posOfSlot, addedSlots } = yield* revisedSlots(before.slotOfPos, before.posOfSlot.length, removed, added);
    let k = 0;
    const made = added.map((pos, j) =>
      layDoc(
        docs[pos],
        addedSlots[j],
        fresh[j].map(() => ids[k++]),
      ),
    );
    const own = splicedPositions(before.own, removed, added, made);
    const sentenceDoc = before.sentenceDoc.writer();
    const sentenceLocal = before.sentenceLocal.writer();
    let size = before.size;
    for (const pos of removed) size -= before.own[pos].events.length;
    for (const rec of made) {
      size += rec.events.length;
      rec.sentences.forEach((s, i) => {
        sentenceDoc.set(s.id, rec.slot);
        sentenceLocal.set(s.id, i);
      });
    }
    const idx = new DateIndex(docs, own, slotOfPos, posOfSlot, text, sentenceDoc.done(), sentenceLocal.done(), size);
    yield;

    // The anchors: the old ones of documents that stay, those of new documents; the ones the change can move searched again.
    const anchors: AnchorRequest[] = [];
    const again: AnchorRequest[] = [];
    if (before.anchors) {
      for (const q of before.anchors) {
        if (posOfSlot[refSlot(q.event)] < 0) continue;
        if (q.names.some((t) => touched.has(t)) || !(q.settled || idx.stillLeads(q))) {
          const copy = { ...q };
          anchors.push(copy);
          again.push(copy);
        } else anchors.push(q);
      }
      for (const rec of made) for (let e = 0; e < rec.events.length; e++) idx.requestFor(rec, e, anchors, again);
    } else {
      // Restored from a snapshot: which anchors are settled is not known yet.
      for (let pos = 0; pos < own.length; pos++) {
        if (pos % (STEP * 16) === 0) yield;
        for (let e = 0; e < own[pos].events.length; e++) idx.requestFor(own[pos], e, anchors, again);
      }
    }
    idx.anchors = anchors;
    // Searched again from the event as its own document dates it, in a record of the new index's
    // own (the old record may be serving).
    const mine = new Set<DocDates>(made);
    for (const q of again) {
      const pos = posOfSlot[refSlot(q.event)];
      let rec = own[pos];
      if (!mine.has(rec)) {
        rec = own[pos] = { ...rec, events: rec.events.slice() };
        mine.add(rec);
      }
      const ev = rec.events[refIndex(q.event)];
      rec.events[refIndex(q.event)] = ownEvent(ev.sentence, docs[pos].facts.dates[ev.factIndex], ev.factIndex);
    }
    yield* idx.anchoring(again);

    // The timeline: the events that went or were searched again taken out (where the old order
    // has them), the searched and the new put in.
    const out: number[] = [];
    for (const pos of removed) {
      const rec = before.own[pos];
      rec.events.forEach((e, i) => isEvent(e) && out.push(eventRef(rec.slot, i)));
    }
    const put: number[] = [];
    const redone = new Set<number>();
    for (const q of again) {
      redone.add(q.event);
      if (refSlot(q.event) < before.posOfSlot.length && isEvent(before.eventAt(q.event))) out.push(q.event);
      if (isEvent(idx.eventAt(q.event))) put.push(q.event);
    }
    for (const rec of made)
      rec.events.forEach((e, i) => {
        const ref = eventRef(rec.slot, i);
        if (isEvent(e) && !redone.has(ref)) put.push(ref);
      });
    idx.sorted = yield* before.sorted.editing(out, before.timelineOrder, put, idx.timelineOrder);
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

  /** Adds the anchor search the event `k` of `rec` asks for, if any, to each list. */
  private requestFor(rec: DocDates, k: number, ...lists: AnchorRequest[][]): void {
    const q = anchorRequest(this.docs[this.posOfSlot[rec.slot]].facts.dates[rec.events[k].factIndex], eventRef(rec.slot, k));
    if (q) for (const l of lists) l.push(q);
  }

  private eventAt(ref: number): OwnEvent {
    return this.own[this.posOfSlot[refSlot(ref)]].events[refIndex(ref)];
  }

  /** An event as answers read it. */
  private viewOf(pos: number, k: number): DatedEvent {
    const rec = this.own[pos];
    const e = rec.events[k];
    const v: DatedEvent = {
      doc: pos,
      sentence: rec.sentences[e.sentence].id,
      fact: this.docs[pos].facts.dates[e.factIndex],
      factIndex: e.factIndex,
      date: e.date,
      precision: e.precision,
      start: e.start,
      end: e.end,
    };
    if (e.note) v.note = e.note;
    return v;
  }

  private viewOfRef(ref: number): DatedEvent {
    return this.viewOf(this.posOfSlot[refSlot(ref)], refIndex(ref));
  }

  /** The timeline order and the newest publication date. */
  private *ordering(): Steps<void> {
    // Collected in corpus order, the order `timelineOrder` keeps for ties, and sorted on flat keys
    // (its look-ups through the records made a cold build's sort several times slower).
    const timed: number[] = [];
    const starts: number[] = [];
    const ends: number[] = [];
    for (const rec of this.own)
      rec.events.forEach((e, k) => {
        if (!isEvent(e)) return;
        timed.push(eventRef(rec.slot, k));
        starts.push(e.start!);
        ends.push(e.end!);
      });
    yield;
    const order = Array.from(timed.keys()).sort((a, b) => starts[a] - starts[b] || ends[a] - ends[b] || a - b);
    yield;
    this.sorted = SortedChunks.from(order.map((i) => timed[i]));
    this.latestPublished = yield* newestPublishing(this.docs);
  }

  /**
   * The whole index in the layout of a cold build: events and dated sentences in corpus order,
   * each referring to the other by index in these lists. A pass over every record (made once per
   * index, when asked): for snapshots, stored rows and tests, not for answers.
   */
  get events(): readonly DatedEvent[] {
    return this.layout().events;
  }

  /** The dated sentences in the layout of a cold build (see `events`). */
  get sentences(): readonly DatedSentence[] {
    return this.layout().sentences;
  }

  /** The text of `sentences[i]`. */
  textAt(i: number): string {
    return this.text(this.layout().ids[i]);
  }

  private laidOut?: { events: DatedEvent[]; sentences: DatedSentence[]; ids: Int32Array; eventBase: Int32Array };

  private layout(): NonNullable<DateIndex['laidOut']> {
    if (this.laidOut) return this.laidOut;
    const events: DatedEvent[] = [];
    const sentences: DatedSentence[] = [];
    const ids: number[] = [];
    const eventBase = new Int32Array(this.own.length);
    this.own.forEach((rec, pos) => {
      const e0 = (eventBase[pos] = events.length);
      const s0 = sentences.length;
      for (const s of rec.sentences) {
        sentences.push({ doc: pos, paragraph: s.paragraph, index: s.index, events: s.events.map((i) => e0 + i) });
        ids.push(s.id);
      }
      for (let k = 0; k < rec.events.length; k++) events.push({ ...this.viewOf(pos, k), sentence: s0 + rec.events[k].sentence });
    });
    return (this.laidOut = { events, sentences, ids: Int32Array.from(ids), eventBase });
  }

  /**
   * What a snapshot keeps so that a warm start skips the build (the sentence index is most of
   * its cost): events refer to their facts by position in the documents, which the snapshot
   * restores alongside.
   */
  toSnapshot(): unknown[] {
    // The sentence index as its internal Maps: restoring them is a deserialisation, where
    // toJSON/loadJS cost as much as building it again.
    if (!this.whole) throw new Error('a revised date index is not saved (its sentence index is not a MiniSearch)');
    const { events, sentences, eventBase } = this.layout();
    const head: DateIndexSnapshot = {
      version: SNAPSHOT_VERSION,
      events: events.map((e) => [e.doc, e.factIndex, e.sentence, e.date, e.precision, e.note ?? null, e.start, e.end]),
      sentences: Int32Array.from(sentences.flatMap((s) => [s.doc, s.paragraph, s.index])),
      sorted: Int32Array.from(this.sorted, (ref) => eventBase[this.posOfSlot[refSlot(ref)]] + refIndex(ref)),
      latestPublished: this.latestPublished ?? null,
    };
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
    const { index: search, next } = unpackMiniSearch<{ id: number; text: string }>(SENTENCE_INDEX_OPTIONS, parts, 1);
    const count = d.sentences.length / 3;
    if (next !== parts.length || search.documentCount !== count) throw new Error('the sentence index and the sentences disagree');
    // Sentence ids are the restored index's short ids; its ids are the sentences' places in the snapshot.
    const idOf = new Int32Array(count).fill(-1);
    for (const [short, id] of internals(search)._documentIds) idOf[id as number] = short;
    const own: DocDates[] = docs.map((_, slot) => ({ slot, sentences: [], events: [] }));
    const sentenceDoc = new Int32Array(internals(search)._nextId).fill(-1);
    const sentenceLocal = new Int32Array(internals(search)._nextId).fill(-1);
    for (let i = 0; i < count; i++) {
      const doc = d.sentences[3 * i];
      const rec = own[doc];
      if (!rec || idOf[i] < 0) throw new Error(`sentence ${i} points at a document that is not there`);
      sentenceDoc[idOf[i]] = doc;
      sentenceLocal[idOf[i]] = rec.sentences.length;
      rec.sentences.push({ id: idOf[i], paragraph: d.sentences[3 * i + 1], index: d.sentences[3 * i + 2], events: [] });
    }
    // Each event's fact is read from its document when asked: a warm start decodes document
    // bodies on first use (see lazy-docs.ts), and restoring this index must not decode them all.
    const refOf = new Float64Array(d.events.length);
    d.events.forEach(([doc, factIndex, sentence, date, precision, note, start, end], i) => {
      const rec = own[doc];
      if (!rec || !(sentence >= 0 && sentence < count) || d.sentences[3 * sentence] !== doc)
        throw new Error(`event ${i} points at a document or sentence that is not there`);
      const local = sentenceLocal[idOf[sentence]];
      const ev: OwnEvent = { sentence: local, factIndex, date, precision, start, end };
      if (note) ev.note = note;
      rec.sentences[local].events.push(rec.events.length);
      refOf[i] = eventRef(doc, rec.events.length);
      rec.events.push(ev);
    });
    const slots = Int32Array.from({ length: docs.length }, (_, i) => i);
    const text = TextIndex.fromMiniSearch(search, TERMS);
    const idx = new DateIndex(
      docs,
      own,
      slots,
      slots,
      text,
      IntChunks.from(sentenceDoc),
      IntChunks.from(sentenceLocal),
      d.events.length,
      search,
    );
    idx.sorted = SortedChunks.from(Array.from(d.sorted, (i) => refOf[i]));
    idx.latestPublished = d.latestPublished ?? undefined;
    return idx;
  }

  /** Earliest and latest resolved dates of events, for /about: computed once (the index never changes). */
  get range(): { from: string; to: string } | undefined {
    if (this.sorted.length === 0) return undefined;
    return (this.rangeCache ??= this.computeRange());
  }

  private rangeCache?: { from: string; to: string };

  private computeRange(): { from: string; to: string } {
    const first = this.eventAt(this.sorted.at(0));
    let last = first;
    for (const ref of this.sorted) {
      const e = this.eventAt(ref);
      if (e.end! > last.end!) last = e;
    }
    const from = first.date!.split('/')[0];
    const parts = last.date!.split('/');
    return { from, to: parts[parts.length - 1] };
  }

  /** The sentence's text, verbatim (by its id). */
  text(sentence: number): string {
    const { pos, s } = this.located(sentence);
    return sentenceText(this.docs[pos], s);
  }

  /** A dated sentence (by its id): where it stands and its events. */
  sentence(id: number): DatedSentenceView {
    const { pos, s } = this.located(id);
    return { doc: pos, paragraph: s.paragraph, index: s.index, events: s.events.map((k) => this.viewOf(pos, k)) };
  }

  /**
   * Dated sentences for a query, best first: most words matched, then BM25; exact words before
   * prefixes and typos (TermSearch, as passage search does). Never a majority-less match, and
   * bounded whatever the corpus size.
   */
  search(query: string, limit: number): SentenceHit[] {
    return this.terms.search(query, { limit, order: this.order }).map((h) => ({ sentence: h.id, score: h.score, terms: h.terms }));
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
      const ranked: DatedEvent[] = [];
      let total = 0;
      for (const h of hits) {
        const { pos, s } = this.located(h.sentence);
        for (const k of s.events) if (isEvent(this.own[pos].events[k]) && total++ < limit) ranked.push(this.viewOf(pos, k));
      }
      return { events: byDate(ranked), total };
    }
    // Up to the first event starting after the newest publication.
    const end =
      latestPublished === undefined ? this.sorted.length : this.sorted.count((ref) => this.eventAt(ref).start! <= latestPublished);
    const events = this.sorted.slice(end - limit, end).map((ref) => this.viewOfRef(ref));
    return { events, total: end };
  }

  /** The dated events of some documents (indexes into docs), in date order: for the digest. */
  forDocs(docs: Iterable<number>): DatedEvent[] {
    const out: DatedEvent[] = [];
    for (const d of docs) {
      if (!Number.isInteger(d) || d < 0 || d >= this.own.length) continue;
      this.own[d].events.forEach((e, k) => isEvent(e) && out.push(this.viewOf(d, k)));
    }
    return byDate(out);
  }

  /**
   * An expression counted from an event its own document does not date ("two days after the
   * election") takes the date another document gives a sentence naming the same people or places
   * and sharing a word of the event: the best-ranked such sentence among those holding every
   * name. One search per request; each request learns whether its answer is settled (see
   * AnchorRequest). Dates the events in place: they must be this index's own.
   */
  private *anchoring(requests: readonly AnchorRequest[]): Steps<void> {
    this.searches += requests.length;
    for (const q of requests) {
      // A pause before each search: one for a common name ("March" read as one) visits thousands
      // of sentences (11-18 ms CPU at Reuters x1, ten times that at x10).
      yield;
      const ev = this.eventAt(q.event);
      const ownSlot = refSlot(q.event);
      const hits = this.terms.search(q.query, { limit: ANCHOR_HITS, every: true, order: this.order });
      // Every sentence with all the names is among the hits (TermSearch visits at most MAX_CANDIDATES of the rarest name's).
      const complete = hits.length < ANCHOR_HITS && Math.min(...q.names.map((t) => this.terms.postingsOf(t)?.size ?? 0)) <= MAX_CANDIDATES;
      let found: { sentence: number; anchor: { ev: OwnEvent; fact: DateFact }; hit: number } | undefined;
      let serving = 0;
      for (let i = 0; i < hits.length; i++) {
        const anchor = this.anchorIn(hits[i].id, ownSlot, q.others);
        if (!anchor) continue;
        serving++;
        found ??= { sentence: hits[i].id, anchor, hit: i };
        if (!complete || serving > 1) break;
      }
      q.settled = complete && serving <= 1;
      q.lead = undefined;
      if (!q.settled && found) q.lead = this.leadOf(q, hits, found.hit);
      else if (!q.settled && hits.length >= ANCHOR_HITS) {
        // None among the first hits: the best of those that could serve, further down, must not overtake the last hit.
        const rival = yield* this.bestServingBelow(q, ownSlot, hits);
        if (rival === -Infinity) q.settled = true;
        else if (rival !== undefined) q.lead = this.leadOver(q, hits[hits.length - 1].score, rival);
      }
      if (!found) continue;
      const { sentence, anchor } = found;
      const offset = this.docs[this.posOfSlot[ownSlot]].facts.dates[ev.factIndex].offset!;
      const iv = shiftInterval({ start: anchor.ev.start!, end: anchor.ev.end! }, offset.amount, offset.unit) as {
        start: number;
        end: number;
      };
      const { date, precision } = formatInterval(iv);
      ev.date = date;
      ev.precision = precision;
      ev.start = iv.start;
      ev.end = iv.end;
      const { pos, s } = this.located(sentence);
      const cited = this.docs[pos].meta;
      ev.note = `counted from “${anchor.fact.text}” in “${cited.title}” (¶${s.paragraph})`;
    }
  }

  /**
   * The best score of a sentence that could serve an anchor among those holding all its names
   * and not among `hits` (a search that found none that could); -Infinity when none could: then
   * it finds none under any statistics (it is settled) until a sentence with one of its names
   * comes or goes. Undefined past SETTLE_MAX sentences (not read).
   */
  private *bestServingBelow(q: AnchorRequest, ownSlot: number, hits: readonly { id: number }[]): Steps<number | undefined> {
    const ids = this.terms.holdingAll(q.names, SETTLE_MAX);
    if (!ids) return undefined;
    const seen = new Set(hits.map((h) => h.id));
    const score = this.terms.scorer(q.names);
    // A sentence shares a word with the anchor only if that word's postings hold it: a cheap test
    // before reading its text (anchorIn).
    const sharing = q.others.map((t) => this.terms.postingsOf(t)).filter((p) => p !== undefined);
    let best = -Infinity;
    for (let i = 0; i < ids.length; i++) {
      if (i % (STEP * 64) === 0) yield;
      const id = ids[i];
      if (seen.has(id) || !sharing.some((p) => p.has(id))) continue;
      if (this.anchorIn(id, ownSlot, q.others)) best = Math.max(best, score(id));
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
  private anchorIn(sentence: number, ownSlot: number, others: readonly string[]): { ev: OwnEvent; fact: DateFact } | undefined {
    if (this.sentenceDoc.get(sentence) === ownSlot) return undefined;
    const terms = new Set(tokenize(this.text(sentence)).map(processTerm));
    if (!others.some((t) => terms.has(t))) return undefined;
    const { pos, s } = this.located(sentence);
    for (const k of s.events) {
      const ev = this.own[pos].events[k];
      const fact = this.docs[pos].facts.dates[ev.factIndex];
      if (fact.kind !== 'event-relative' && isEvent(ev) && ev.end! - ev.start! <= 92) return { ev, fact };
    }
    return undefined;
  }

  /** Where a sentence (by id) stands: its document's position and its entry in the document's record. */
  private located(id: number): { pos: number; s: DocDates['sentences'][number] } {
    const pos = this.posOfSlot[this.sentenceDoc.get(id)];
    return { pos, s: this.own[pos].sentences[this.sentenceLocal.get(id)] };
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
    // A date parsed per document: some microseconds each, so a slice is a few hundred documents.
    if (i % (STEP * 16) === 0) yield;
    const p = publicationSpan(docs[i].meta.published);
    if (p && (latest === undefined || p.end > latest)) latest = p.end;
  }
  return latest;
}
