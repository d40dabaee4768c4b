/**
 * The corpus store: every question the answer layer, the commands' autocomplete, the digest and
 * the export ask of the corpus, as one async interface with two implementations — in memory
 * (`memory.ts`, MiniSearch and the fact indexes of `src/index/`) and in PostgreSQL — chosen with
 * CORPUS_STORE (issue #21). Not to be confused with `src/store/`, the /add document store.
 *
 * The methods are query-level: each returns plain data with the paragraphs and citations needed
 * to answer, so that a database answers each in one or two round trips, never one per paragraph.
 * Text handling (which sentence to show, distinct results, phrases) stays in `src/answer/`, the
 * same for both stores.
 *
 * A store object answers from one state of the corpus: a change (reload, a document added) makes
 * a new object that the App swaps in, so whatever is keyed by the object (the digest's record of
 * documents seen) sees each state once. Ids of quotes are the store's own and are only valid on
 * the object that gave them.
 */
import type { DateFact, DatePrecision, QuoteFact } from '../extract/types.js';
import type { IngestedDoc } from '../ingest/index.js';
import type { Citation, DocFormat, DocMeta, Paragraph, Skipped } from '../types.js';

export const CORPUS_STORE_KINDS = ['memory', 'postgres'] as const;
export type CorpusStoreKind = (typeof CORPUS_STORE_KINDS)[number];

/** Where a fact stands: its paragraph (text and sentence spans, to cut the excerpt from) and its citation. */
export interface Place {
  paragraph: Paragraph;
  citation: Citation;
}

/** How many skipped files a summary lists by name (the count covers them all). */
export const SKIPPED_LISTED = 10;

/** What /about, the console's status line and the health check say of the corpus. */
export interface CorpusSummary {
  documents: number;
  /** Paragraphs that are text (headings are no passages). */
  passages: number;
  people: number;
  /** Dated events. */
  dates: number;
  quotes: number;
  /** Files that could not be read. */
  skipped: number;
  /** The first SKIPPED_LISTED skipped files, with why, in corpus order. */
  skippedFiles: Skipped[];
  /** Documents per format; formats with none left out. */
  formats: Partial<Record<DocFormat, number>>;
  /** The span of publication dates, as written (`2022-02-14`, full timestamps). */
  published?: { from: string; to: string };
  /** Earliest and latest resolved dates of events that can stand on a timeline. */
  eventDates?: { from: string; to: string };
}

// ---------------------------------------------------------------- people (/who)

/** One distinct role of a person, the statement to cite for it and how often the sources state it. */
export interface RoleFound extends Place {
  role: string;
  /** Index of the stating sentence in `paragraph.sentences`. */
  sentence: number;
  stated: number;
}

/** A mention (the first in one document), for an answer when no role is stated. */
export interface MentionFound extends Place {
  /** Character offset of the mention in `paragraph.text`. */
  start: number;
}

export interface PersonFound {
  name: string;
  kind: 'person' | 'group';
  aliases: string[];
  /** How many documents mention them. */
  documents: number;
  /** How many times the corpus mentions them. */
  mentions: number;
  /** The first `roles` distinct roles asked for, best first (newest source first, then most stated). */
  roles: RoleFound[];
  /** How many distinct roles there are in all. */
  roleGroupCount: number;
  /** The first mention in each of the first documents (at most 5); filled only when `roles` is empty. */
  firstMentions: MentionFound[];
}

export interface PersonLookup {
  /** The best match for the name (exact names and aliases first, then prefixes, then typos). */
  person?: PersonFound;
  /** Other names among the best five that match the query as written (not only through a typo), best first. */
  others: string[];
  /** Nothing matched: the closest names (looser than a match), for "did you mean". */
  closest: string[];
}

// ---------------------------------------------------------------- dates (/when, /timeline)

/** A dated event: one date fact and its date, possibly resolved from another document's date. */
export interface DateEvent {
  fact: DateFact;
  date: string | null;
  precision: DatePrecision;
  note?: string;
  /** Days since 1970-01-01 of the start of the date; null when unresolved (orders by date). */
  start: number | null;
}

/** A sentence that holds dates: its words, where it stands, and its events in text order. */
export interface DatedSentence {
  /** The sentence, verbatim. */
  text: string;
  /** Where the sentence starts in its paragraph's text (fact offsets are paragraph offsets). */
  offset: number;
  citation: Citation;
  events: DateEvent[];
}

export interface DatedSentenceHit extends DatedSentence {
  score: number;
  /** Index terms that matched, to find the date nearest them. */
  terms: string[];
}

export interface TimelineEvent {
  event: DateEvent;
  /** The event's sentence, verbatim. */
  text: string;
  citation: Citation;
}

// ---------------------------------------------------------------- quotations (/quote)

/** A speaker the quote index knows (as the quotes name them), with how many quotes they have. */
export interface SpeakerRef {
  name: string;
  kind: QuoteFact['speakerKind'];
  quotes: number;
}

/** A quote found by its words: enough to rank, de-duplicate and check phrases before fetching it whole. */
export interface QuoteHit {
  /** The store's id of the quote (for `quotes`). */
  id: number;
  score: number;
  text: string;
  speaker: string | null;
}

/** A quote with the paragraph it opens in. */
export interface QuoteFound extends Place {
  id: number;
  fact: QuoteFact;
}

// ---------------------------------------------------------------- passages (/search, Find sources)

export interface PassageFound extends Place {
  score: number;
  /** Index terms that matched (after prefix/fuzzy expansion), to find the best sentence. */
  terms: string[];
  /** Query terms that matched. */
  queryTerms: string[];
}

// ---------------------------------------------------------------- documents

/**
 * One way to name a document (/add's duplicate check, /remove's look-up): its id, its file, its
 * content hash or the start of it (at least 8 hex digits), its link, or its title (case aside).
 */
export type DocumentKey =
  { id: string } | { file: string } | { hash: string } | { hashPrefix: string } | { url: string } | { title: string };

// ---------------------------------------------------------------- the store

export interface CorpusStore {
  readonly kind: CorpusStoreKind;

  /** Counts, formats, date spans and skipped files. */
  summary(): Promise<CorpusSummary>;

  /** /who: the person or group a name (alias, surname, prefix, misspelling) means, with up to `roles` roles. */
  person(query: string, opts: { roles: number }): Promise<PersonLookup>;
  /** Autocomplete: names starting (at any word) with the prefix, most mentioned first; `limit` ≤ 25. */
  personNames(prefix: string, limit: number): Promise<string[]>;
  /**
   * Of these names of people named only weakly in their documents (`PersonFact.weak`), those not
   * answered: some document frames the name as a firm and none names a person by it with more
   * than weak evidence (issue #16; /who hides them, the export leaves them out).
   */
  firmNames(names: readonly string[]): Promise<Set<string>>;

  /** /when: dated sentences for a query, best first (most words matched, then BM25), at most `limit`. */
  searchDated(query: string, limit: number): Promise<DatedSentenceHit[]>;
  /**
   * /timeline: with a topic the events of the best-matching sentences (at most `limit`, the most
   * relevant), without one the latest `limit` events up to the newest publication date; both in
   * date order. `total` counts what was cut.
   */
  timeline(topic: string | undefined, limit: number): Promise<{ events: TimelineEvent[]; total: number }>;
  /** Queries the dated sentences can back ("did you mean"). */
  suggestDated(query: string, max: number): Promise<string[]>;

  /**
   * The speakers a query may name: those of the people index's matches for it (name, alias,
   * surname, typo) that have quotes, then the quote index's own matches for the words; each once,
   * in that order (the answer ranks them).
   */
  speakers(query: string): Promise<SpeakerRef[]>;
  /** `speakers` of several queries at once (each part of a query that may name a speaker), in their order. */
  speakersOf(queries: readonly string[]): Promise<SpeakerRef[][]>;
  /** A speaker's quotes (exact name, as `speakers` gives it) in corpus order: the first `limit` and how many in all. */
  quotesBy(speaker: string, limit: number): Promise<{ quotes: QuoteFound[]; total: number }>;
  /**
   * Quotes whose words match, best first, at most `limit`. With `speaker` (exact name), only that
   * speaker's: the memory store filters the best `limit`, a database may filter before ranking.
   */
  searchQuotes(query: string, opts: { limit: number; speaker?: string }): Promise<QuoteHit[]>;
  /** Quotes by id (from `searchQuotes`), in the order asked. */
  quotes(ids: readonly number[]): Promise<QuoteFound[]>;
  /** Autocomplete: named speakers starting with the prefix (the most quoted when it has no words), most quoted first. */
  speakerNames(prefix: string, limit: number): Promise<SpeakerRef[]>;

  /** /search: passages for a query, best first (most words matched, then BM25, a bonus for title words). */
  searchPassages(query: string, limit: number): Promise<PassageFound[]>;
  /** Queries the passages can back ("did you mean"). */
  suggest(query: string, max: number): Promise<string[]>;

  /** Every document's id and content hash, in corpus order (the digest records them as seen). */
  documentKeys(): Promise<{ id: string; hash: string }[]>;
  /** Whole documents (paragraphs and facts) by id, in the order asked; unknown ids left out. Callers ask for bounded batches. */
  documents(ids: readonly string[]): Promise<IngestedDoc[]>;
  /** Documents whose title or file holds the typed text (case aside), in corpus order, at most `limit` (/remove's autocomplete). */
  findDocuments(typed: string, limit: number): Promise<DocMeta[]>;
  /** Documents named exactly by the key, in corpus order, at most `limit` (/add, /remove, /restore). */
  lookupDocuments(key: DocumentKey, limit: number): Promise<DocMeta[]>;
  /** Why a file of the corpus directory was not read, when it is one of the skipped. */
  skippedFile(file: string): Promise<Skipped | undefined>;
}

/**
 * A store whose documents can be replaced where they are stored (the database store): how the
 * App serves changed files when there is no in-memory Corpus to rebuild.
 */
export interface WritableCorpusStore extends CorpusStore {
  /**
   * Stores these documents (new, or a new version of one with the same id) and removes those ids,
   * in one transaction; resolves with the store object for the corpus after the change.
   */
  replaceDocuments(changed: readonly IngestedDoc[], removedIds: readonly string[]): Promise<CorpusStore>;
}

/** Whether a store can replace documents where they are stored. */
export function isWritable(store: CorpusStore): store is WritableCorpusStore {
  return typeof (store as Partial<WritableCorpusStore>).replaceDocuments === 'function';
}
