/**
 * The in-memory corpus: documents, passages (one per paragraph), a MiniSearch index over the
 * passages and one over titles, and the fact indexes. Immutable once built: a reload builds a
 * new Corpus and swaps it in whole, so a command always sees one consistent index.
 */
import MiniSearch from 'minisearch';
import type { IngestedDoc } from '../ingest/index.js';
import type { Citation, DocMeta, Paragraph, ParsedDoc, Skipped } from '../types.js';
import { DateIndex } from './dates.js';
import type { SnapshotRestore } from './fact-index.js';
import { PeopleIndex } from './people.js';
import { QuoteIndex } from './quotes.js';
import { IntChunks } from './chunks.js';
import { splicedPositions } from './positions.js';
import { internals } from './minisearch.js';
import { TermSearch, type PostingList, type TermGroup } from './postings.js';
import type { Steps } from './steps.js';
import { TextIndex, type TextEntry } from './text-index.js';
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

/** A paragraph's citation in a document: only paged formats look at the body for the page. */
export function docCitation(d: ParsedDoc, paragraph: number): Citation {
  // A restored snapshot decodes the body on first use: other formats never touch it.
  return citationFor(d.meta, paragraph, d.meta.format === 'pdf' ? d.paragraphs[paragraph - 1]?.page : undefined);
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

/**
 * The text side of a corpus by slot, so that a live update revises it at the cost of the
 * documents that changed (issue #19). A document's slot is its id in the title index and a
 * passage's slot its id in the passage index (their short ids): stable while the document
 * stays, never reused, where its position in `docs` (the order a cold ingest reads files in,
 * which answers follow) moves whenever a file sorting before it comes or goes. Positions are
 * mapped to slots and back by two arrays of ints, rewritten on each change (a copy of a few
 * bytes per document, not work per document).
 */
export interface CorpusText {
  passageText: TextIndex;
  titleText: TextIndex;
  /** Per passage slot: its document's slot and its paragraph number. */
  passageDoc: IntChunks;
  passageParagraph: IntChunks;
  /** Per document slot: its passages are the slots [firstPassage, endPassage). */
  firstPassage: IntChunks;
  endPassage: IntChunks;
  /** Document position (index into `docs`) → slot, and slot → position (−1 for none). */
  slotOfPos: Int32Array;
  posOfSlot: Int32Array;
}

/** What a Corpus is made of; fact indexes given (restored from a snapshot) are used as they are, absent ones built from `docs`. */
export interface CorpusParts extends Partial<FactIndexes> {
  docs: IngestedDoc[];
  skipped: Skipped[];
  passages?: Passage[];
  passageIndex?: MiniSearch<{ id: number; text: string }>;
  titleIndex?: MiniSearch<{ id: number; title: string }>;
  /** The text side revised from an earlier corpus (`revisingText`), instead of the three above. */
  text?: CorpusText;
  builtAt?: Date;
}

/** Passages of a document are slots in a range; a paragraph number fits below this in a tie-break key. */
const PARAGRAPHS = 2 ** 21;

const TERMS = { tokenize, processTerm };

/** The text side of indexes built (or restored) from scratch, where ids are positions. */
function coldText(docs: number, passages: readonly Passage[], passageIndex: PassageIndex, titleIndex: TitleIndex): CorpusText {
  const slotOfPos = new Int32Array(docs).fill(-1);
  const t = internals(titleIndex);
  const posOfSlot = new Int32Array(t._nextId).fill(-1);
  for (const [short, id] of t._documentIds) {
    slotOfPos[id as number] = short;
    posOfSlot[short] = id as number;
  }
  if (slotOfPos.includes(-1)) throw new Error('a document is missing from the title index');
  const passageDoc = IntChunks.empty().writer();
  const passageParagraph = IntChunks.empty().writer();
  const first = IntChunks.empty().writer();
  const end = IntChunks.empty().writer();
  const counts = new Int32Array(t._nextId);
  for (const [short, id] of internals(passageIndex)._documentIds) {
    const p = passages[id as number];
    const slot = slotOfPos[p.doc];
    passageDoc.set(short, slot);
    passageParagraph.set(short, p.paragraph);
    if (first.get(slot) < 0 || short < first.get(slot)) first.set(slot, short);
    if (short + 1 > end.get(slot)) end.set(slot, short + 1);
    counts[slot]++;
  }
  for (let slot = 0; slot < counts.length; slot++) {
    if (counts[slot] === 0) continue;
    if (end.get(slot) - first.get(slot) !== counts[slot])
      throw new Error(`the passages of document slot ${slot} are not numbered in one run`);
  }
  return {
    passageText: TextIndex.fromMiniSearch(passageIndex, TERMS),
    titleText: TextIndex.fromMiniSearch(titleIndex, TERMS),
    passageDoc: passageDoc.done(),
    passageParagraph: passageParagraph.done(),
    firstPassage: first.done(),
    endPassage: end.done(),
    slotOfPos,
    posOfSlot,
  };
}

/** The passages (non-heading paragraphs) of a document, as its paragraph numbers and texts. */
function passagesOfDoc(d: IngestedDoc): { paragraph: number; text: string }[] {
  return d.paragraphs.filter((p) => !p.heading).map((p) => ({ paragraph: p.n, text: p.text }));
}

/**
 * The text side of `docs` made from `before`'s: the documents at positions `removed` of
 * `before.docs` unindexed, those at positions `added` of `docs` indexed; every other document of
 * `docs` is, in order, one of `before.docs` kept as it was. Costs the changed documents' words
 * and a copy of the position arrays; `before` keeps serving unchanged.
 */
export function* revisingText(
  before: Corpus,
  docs: readonly IngestedDoc[],
  removed: readonly number[],
  added: readonly number[],
): Steps<CorpusText> {
  const old = before.text;
  const rem = [...removed].sort((a, b) => a - b);
  const add = [...added].sort((a, b) => a - b);
  if (before.docs.length - rem.length + add.length !== docs.length) throw new Error('the changes do not account for the documents');
  const removedPassages: TextEntry[] = [];
  const removedTitles: TextEntry[] = [];
  for (const pos of rem) {
    const d = before.docs[pos];
    const slot = old.slotOfPos[pos];
    removedTitles.push({ id: slot, text: d.meta.title });
    const ps = passagesOfDoc(d);
    const from = old.firstPassage.get(slot);
    if (ps.length && from + ps.length !== old.endPassage.get(slot))
      throw new Error(`document slot ${slot} has other passages than its document`);
    ps.forEach((p, k) => removedPassages.push({ id: from + k, text: p.text }));
  }
  yield;
  const addedPassages: string[] = [];
  const addedDocs = add.map((pos) => {
    const ps = passagesOfDoc(docs[pos]);
    for (const p of ps) addedPassages.push(p.text);
    return ps;
  });
  const passages = yield* old.passageText.revising(removedPassages, addedPassages);
  const titles = yield* old.titleText.revising(
    removedTitles,
    add.map((pos) => docs[pos].meta.title),
  );
  const passageDoc = old.passageDoc.writer();
  const passageParagraph = old.passageParagraph.writer();
  const first = old.firstPassage.writer();
  const end = old.endPassage.writer();
  for (const e of removedPassages) {
    passageDoc.set(e.id, -1);
    passageParagraph.set(e.id, -1);
  }
  for (const t of removedTitles) {
    first.set(t.id, -1);
    end.set(t.id, -1);
  }
  let k = 0;
  addedDocs.forEach((ps, i) => {
    const slot = titles.ids[i];
    const from = k < passages.ids.length ? passages.ids[k] : passages.index.nextId;
    for (const p of ps) {
      passageDoc.set(passages.ids[k], slot);
      passageParagraph.set(passages.ids[k], p.paragraph);
      k++;
    }
    first.set(slot, ps.length ? from : 0);
    end.set(slot, ps.length ? from + ps.length : 0);
  });
  yield;
  // Positions: the kept documents in their order, the added ones where they now stand.
  const slotOfPos = splicedPositions(old.slotOfPos, rem, add, titles.ids);
  const posOfSlot = new Int32Array(titles.index.nextId).fill(-1);
  for (let j = 0; j < slotOfPos.length; j++) posOfSlot[slotOfPos[j]] = j;
  return {
    passageText: passages.index,
    titleText: titles.index,
    passageDoc: passageDoc.done(),
    passageParagraph: passageParagraph.done(),
    firstPassage: first.done(),
    endPassage: end.done(),
    slotOfPos,
    posOfSlot,
  };
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
  private peopleIndex: PeopleIndex;
  private dateIndex: DateIndex;
  readonly quotes: QuoteIndex;
  readonly builtAt: Date;
  /** The text side by slot (see CorpusText). */
  readonly text: CorpusText;
  /** Built from scratch: the passage table and MiniSearch indexes as made (the snapshot stores them). */
  private cold?: { passages: Passage[]; passageIndex: PassageIndex; titleIndex: TitleIndex; identity: boolean };
  private byIdCache?: Map<string, number>;
  private passagesCache?: Passage[];
  private readonly passageSearch: TermSearch;
  private readonly titleSearch: TermSearch;

  constructor(parts: CorpusParts) {
    this.docs = parts.docs;
    this.skipped = parts.skipped;
    this.builtAt = parts.builtAt ?? new Date();
    if (parts.text) {
      this.text = parts.text;
    } else {
      let { passages, passageIndex, titleIndex } = parts;
      if (!passages || !passageIndex || !titleIndex) {
        passages = [];
        passageIndex = newPassageIndex();
        titleIndex = newTitleIndex();
        for (let di = 0; di < this.docs.length; di++) {
          const d = this.docs[di];
          titleIndex.add({ id: di, title: d.meta.title });
          for (const p of d.paragraphs) {
            if (p.heading) continue;
            passageIndex.add({ id: passages.length, text: p.text });
            passages.push({ doc: di, paragraph: p.n });
          }
        }
      }
      this.text = coldText(this.docs.length, passages, passageIndex, titleIndex);
      let identity = true;
      for (const [short, id] of internals(passageIndex)._documentIds) if (short !== id) identity = false;
      this.cold = { passages, passageIndex, titleIndex, identity };
    }
    this.passageSearch = new TermSearch(this.text.passageText);
    this.titleSearch = new TermSearch(this.text.titleText);
    this.peopleIndex = parts.people ?? PeopleIndex.build(this.docs);
    this.dateIndex = parts.dates ?? DateIndex.build(this.docs);
    this.quotes = parts.quotes ?? QuoteIndex.build(this.docs);
  }

  get people(): PeopleIndex {
    return this.peopleIndex;
  }

  get dates(): DateIndex {
    return this.dateIndex;
  }

  /**
   * Serves `people` and `dates` from now on: indexes equal to these (the same answers) that hold
   * what a revision starts from (LiveCorpus.prepare makes them). Swapped in as soon as they are
   * ready, so that the ones they replace are garbage then, not at the first change: at ×10 their
   * collection is a pause of most of a second.
   */
  adoptRevisable(parts: { people?: PeopleIndex; dates?: DateIndex }): void {
    if (parts.people) {
      if (!parts.people.revisable) throw new Error('adoptRevisable: the people index is not revisable');
      this.peopleIndex = parts.people;
    }
    if (parts.dates) {
      if (!parts.dates.knowsAnchors) throw new Error('adoptRevisable: the date index does not know its anchors');
      this.dateIndex = parts.dates;
    }
  }

  /**
   * Lets go of what only a snapshot of this corpus would need — its passage table and the id maps
   * of its MiniSearch indexes, hundreds of MB at ×10 — once it is served live: snapshots are
   * written at a load and by compaction, never from a served corpus, and the first revision drops
   * them anyway. Answers do not change (passages are then read from the text index).
   */
  forgetSnapshotParts(): void {
    this.cold = undefined;
  }

  /** Every passage in the order a cold build numbers them (made on first use for a revised corpus). */
  get passages(): readonly Passage[] {
    if (this.cold) return this.cold.passages;
    if (!this.passagesCache) {
      const out: Passage[] = [];
      for (let doc = 0; doc < this.docs.length; doc++) {
        const slot = this.text.slotOfPos[doc];
        for (let id = this.text.firstPassage.get(slot); id < this.text.endPassage.get(slot); id++)
          out.push({ doc, paragraph: this.text.passageParagraph.get(id) });
      }
      this.passagesCache = out;
    }
    return this.passagesCache;
  }

  /** The passage MiniSearch index of a corpus built from scratch (a revised corpus keeps a TextIndex only). */
  get passageIndex(): PassageIndex {
    if (!this.cold) throw new Error('a revised corpus has no MiniSearch passage index');
    return this.cold.passageIndex;
  }

  get titleIndex(): TitleIndex {
    if (!this.cold) throw new Error('a revised corpus has no MiniSearch title index');
    return this.cold.titleIndex;
  }

  docIndex(id: string): number | undefined {
    if (!this.byIdCache) {
      this.byIdCache = new Map();
      this.docs.forEach((d, i) => this.byIdCache!.set(d.meta.id, i));
    }
    return this.byIdCache.get(id);
  }

  paragraph(doc: number, n: number): Paragraph {
    return this.docs[doc].paragraphs[n - 1];
  }

  citation(doc: number, paragraph: number): Citation {
    return docCitation(this.docs[doc], paragraph);
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
      accept: docs ? (id) => docs.has(this.docOfPassage(id)) : undefined,
      boost: (groups) => this.titleBoost(groups),
      boostMax: 1 + TITLE_BOOST,
      // A filter to a few documents: their passages are fewer than the posting lists.
      within: docs ? (postings) => (this.passagesOf(docs) < postings ? this.passageIdsOf(docs) : undefined) : undefined,
      order: (id) => this.docOfPassage(id) * PARAGRAPHS + this.text.passageParagraph.get(id),
    });
    return hits.map((h) => ({ passage: this.passageAt(h.id), score: h.score, terms: h.terms, queryTerms: h.queryTerms }));
  }

  /** The position in `docs` of a passage's document. */
  private docOfPassage(id: number): number {
    return this.text.posOfSlot[this.text.passageDoc.get(id)];
  }

  private passageAt(id: number): Passage {
    if (this.cold?.identity) return this.cold.passages[id];
    return { doc: this.docOfPassage(id), paragraph: this.text.passageParagraph.get(id) };
  }

  /** Title words are worth more than body words: 1 + TITLE_BOOST × the share of query words in the title. */
  private titleBoost(groups: TermGroup[]): (passage: number) => number {
    const titleTerms = groups.map((g) => g.terms.map((t) => this.titleSearch.postingsOf(t.term)).filter((m): m is PostingList => !!m));
    return (passage) => {
      const sid = this.titleSearch.shortIdOf(this.text.passageDoc.get(passage));
      if (sid === undefined || titleTerms.length === 0) return 1;
      let hit = 0;
      for (const maps of titleTerms) if (maps.some((m) => m.has(sid))) hit++;
      return 1 + (TITLE_BOOST * hit) / titleTerms.length;
    };
  }

  /** A document's passages (slots), or an empty range. */
  private rangeOf(doc: number): [number, number] {
    const slot = this.text.slotOfPos[doc];
    if (slot === undefined) return [0, 0];
    const from = this.text.firstPassage.get(slot);
    const to = this.text.endPassage.get(slot);
    return from >= 0 && to > from ? [from, to] : [0, 0];
  }

  private passagesOf(docs: Set<number>): number {
    let n = 0;
    for (const d of docs) {
      const [from, to] = this.rangeOf(d);
      n += to - from;
    }
    return n;
  }

  private *passageIdsOf(docs: Set<number>): Iterable<number> {
    for (const d of docs) {
      const [from, to] = this.rangeOf(d);
      for (let id = from; id < to; id++) yield id;
    }
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
      passages: this.text.passageText.documentCount,
      people: this.people.size,
      dates: this.dates.size,
      quotes: this.quotes.size,
      skipped: this.skipped.length,
      published: from !== undefined && to !== undefined ? { from, to } : undefined,
    };
  }
}
