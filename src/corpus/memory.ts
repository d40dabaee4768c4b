/**
 * The corpus store in memory: today's Corpus (MiniSearch over passages and titles, the people,
 * date and quote indexes) behind the CorpusStore interface. Every answer is read from the
 * indexes at once; the promises only keep the shape the database store needs.
 */
import type { Corpus } from '../index/corpus.js';
import type { DatedEvent } from '../index/dates.js';
import type { PersonEntry } from '../index/people.js';
import type { QuoteEntry, Speaker } from '../index/quotes.js';
import type { IngestedDoc } from '../ingest/index.js';
import type { DocFormat, DocMeta, Skipped } from '../types.js';
import {
  SKIPPED_LISTED,
  type CorpusStore,
  type CorpusSummary,
  type DateEvent,
  type DatedSentence,
  type DatedSentenceHit,
  type DocumentKey,
  type PassageFound,
  type PersonFound,
  type PersonLookup,
  type QuoteFound,
  type QuoteHit,
  type SpeakerRef,
  type TimelineEvent,
} from './types.js';

/** How many matches a name look-up weighs (the best, and others the query names as written). */
const PERSON_MATCHES = 5;

export class MemoryCorpusStore implements CorpusStore {
  readonly kind = 'memory' as const;
  private summaryCache?: CorpusSummary;

  constructor(readonly corpus: Corpus) {}

  summary(): Promise<CorpusSummary> {
    return Promise.resolve((this.summaryCache ??= this.computeSummary()));
  }

  private computeSummary(): CorpusSummary {
    const c = this.corpus;
    const s = c.stats;
    const formats: Partial<Record<DocFormat, number>> = {};
    for (const d of c.docs) formats[d.meta.format] = (formats[d.meta.format] ?? 0) + 1;
    const eventDates = c.dates.range;
    return {
      documents: s.documents,
      passages: s.passages,
      people: s.people,
      dates: s.dates,
      quotes: s.quotes,
      skipped: s.skipped,
      skippedFiles: c.skipped.slice(0, SKIPPED_LISTED),
      formats,
      ...(s.published ? { published: s.published } : {}),
      ...(eventDates ? { eventDates } : {}),
    };
  }

  // ------------------------------------------------------------ people

  person(query: string, opts: { roles: number }): Promise<PersonLookup> {
    const people = this.corpus.people;
    const matches = people.lookup(query, PERSON_MATCHES);
    if (matches.length === 0) return Promise.resolve({ others: [], closest: people.closest(query, PERSON_MATCHES) });
    const others = matches
      .slice(1)
      .filter((m) => m.whole)
      .map((m) => m.entry.name);
    return Promise.resolve({ person: this.personFound(matches[0].entry, opts.roles), others, closest: [] });
  }

  private personFound(e: PersonEntry, roles: number): PersonFound {
    // Entries of an index revised live refer to documents by slot.
    const at = (doc: number) => this.corpus.people.docPosition(doc);
    const found: PersonFound = {
      name: e.name,
      kind: e.kind,
      aliases: e.aliases,
      documents: e.docs.length,
      mentions: e.mentionCount,
      roles: e.roleGroups.slice(0, Math.max(0, roles)).map((g) => {
        const r = e.roles[g.cited];
        return { role: r.role, sentence: r.sentence, stated: g.stated, ...this.place(at(r.doc), r.paragraph) };
      }),
      roleGroupCount: e.roleGroupCount,
      firstMentions: [],
    };
    if (found.roles.length === 0)
      found.firstMentions = e.firstMentions.map((m) => ({ start: m.start, ...this.place(at(m.doc), m.paragraph) }));
    return found;
  }

  firmNames(names: readonly string[]): Promise<Set<string>> {
    return Promise.resolve(new Set(names.filter((n) => this.corpus.people.firms.hides(n))));
  }

  personNames(prefix: string, limit: number): Promise<string[]> {
    return Promise.resolve(this.corpus.people.autocomplete(prefix, limit).map((e) => e.name));
  }

  // ------------------------------------------------------------ dates

  searchDated(query: string, limit: number): Promise<DatedSentenceHit[]> {
    return Promise.resolve(
      this.corpus.dates.search(query, limit).map((h) => ({ ...this.datedSentence(h.sentence), score: h.score, terms: h.terms })),
    );
  }

  private datedSentence(sentence: number): DatedSentence {
    const dates = this.corpus.dates;
    const s = dates.sentence(sentence);
    const p = this.corpus.paragraph(s.doc, s.paragraph);
    return {
      text: dates.text(sentence),
      offset: p.sentences[s.index].start,
      citation: this.corpus.citation(s.doc, s.paragraph),
      events: s.events.map(dateEvent),
    };
  }

  timeline(topic: string | undefined, limit: number): Promise<{ events: TimelineEvent[]; total: number }> {
    const { events, total } = this.corpus.dates.timeline(topic, limit);
    return Promise.resolve({
      events: events.map((ev) => ({
        event: dateEvent(ev),
        text: this.corpus.dates.text(ev.sentence),
        citation: this.corpus.citation(ev.doc, ev.fact.paragraph),
      })),
      total,
    });
  }

  suggestDated(query: string, max: number): Promise<string[]> {
    return Promise.resolve(this.corpus.dates.suggest(query, max));
  }

  // ------------------------------------------------------------ quotations

  speakersOf(queries: readonly string[]): Promise<SpeakerRef[][]> {
    return Promise.all(queries.map((q) => this.speakers(q)));
  }

  speakers(query: string): Promise<SpeakerRef[]> {
    const index = this.corpus.quotes;
    const out: Speaker[] = [];
    const add = (s: Speaker | undefined) => {
      if (s && !out.includes(s)) out.push(s);
    };
    for (const m of this.corpus.people.lookup(query, PERSON_MATCHES)) add(index.speaker(m.entry.name));
    for (const m of index.matchSpeakers(query)) add(m.speaker);
    return Promise.resolve(out.map(speakerRef));
  }

  quotesBy(speaker: string, limit: number): Promise<{ quotes: QuoteFound[]; total: number }> {
    const index = this.corpus.quotes;
    const ids = index.speaker(speaker)?.quotes ?? [];
    return Promise.resolve({ quotes: ids.slice(0, Math.max(0, limit)).map((id) => this.quoteFound(id)), total: ids.length });
  }

  searchQuotes(query: string, opts: { limit: number; speaker?: string }): Promise<QuoteHit[]> {
    const index = this.corpus.quotes;
    let hits = index.searchTopic(query, opts.limit);
    if (opts.speaker !== undefined) {
      const theirs = new Set(index.speaker(opts.speaker)?.quotes ?? []);
      hits = hits.filter((h) => theirs.has(h.quote));
    }
    return Promise.resolve(
      hits.map((h) => {
        const f = index.quotes[h.quote].fact;
        return { id: h.quote, score: h.score, text: f.text, speaker: f.speaker };
      }),
    );
  }

  quotes(ids: readonly number[]): Promise<QuoteFound[]> {
    const n = this.corpus.quotes.quotes.length;
    return Promise.resolve(ids.filter((id) => Number.isInteger(id) && id >= 0 && id < n).map((id) => this.quoteFound(id)));
  }

  private quoteFound(id: number): QuoteFound {
    const e: QuoteEntry = this.corpus.quotes.quotes[id];
    return { id, fact: e.fact, ...this.place(e.doc, e.fact.paragraph) };
  }

  speakerNames(prefix: string, limit: number): Promise<SpeakerRef[]> {
    return Promise.resolve(this.corpus.quotes.autocomplete(prefix, limit).map(speakerRef));
  }

  // ------------------------------------------------------------ passages

  searchPassages(query: string, limit: number): Promise<PassageFound[]> {
    return Promise.resolve(
      this.corpus.searchPassages(query, { limit }).map((h) => ({
        score: h.score,
        terms: h.terms,
        queryTerms: h.queryTerms,
        ...this.place(h.passage.doc, h.passage.paragraph),
      })),
    );
  }

  suggest(query: string, max: number): Promise<string[]> {
    return Promise.resolve(this.corpus.suggest(query, max));
  }

  // ------------------------------------------------------------ documents

  documentKeys(): Promise<{ id: string; hash: string }[]> {
    return Promise.resolve(this.corpus.docs.map((d) => ({ id: d.meta.id, hash: d.meta.hash })));
  }

  documents(ids: readonly string[]): Promise<IngestedDoc[]> {
    const out: IngestedDoc[] = [];
    for (const id of ids) {
      const i = this.corpus.docIndex(id);
      if (i !== undefined) out.push(this.corpus.docs[i]);
    }
    return Promise.resolve(out);
  }

  findDocuments(typed: string, limit: number): Promise<DocMeta[]> {
    const t = typed.trim().toLowerCase();
    const out: DocMeta[] = [];
    for (const d of this.corpus.docs) {
      if (out.length >= limit) break;
      const m = d.meta;
      if (t && !m.title.toLowerCase().includes(t) && !m.file.toLowerCase().includes(t)) continue;
      out.push(m);
    }
    return Promise.resolve(out);
  }

  lookupDocuments(key: DocumentKey, limit: number): Promise<DocMeta[]> {
    const is = documentTest(key);
    const out: DocMeta[] = [];
    for (const d of this.corpus.docs) {
      if (out.length >= limit) break;
      if (is(d.meta)) out.push(d.meta);
    }
    return Promise.resolve(out);
  }

  skippedFile(file: string): Promise<Skipped | undefined> {
    return Promise.resolve(this.corpus.skipped.find((s) => s.file === file));
  }

  private place(doc: number, paragraph: number) {
    return { paragraph: this.corpus.paragraph(doc, paragraph), citation: this.corpus.citation(doc, paragraph) };
  }
}

/** Whether a document is the one a key names. */
function documentTest(key: DocumentKey): (m: DocMeta) => boolean {
  if ('id' in key) return (m) => m.id === key.id;
  if ('file' in key) return (m) => m.file === key.file;
  if ('hash' in key) return (m) => m.hash === key.hash;
  if ('url' in key) return (m) => m.url !== undefined && m.url === key.url;
  if ('title' in key) {
    const t = key.title.toLowerCase();
    return (m) => m.title.toLowerCase() === t;
  }
  const p = key.hashPrefix.toLowerCase();
  // A prefix shorter than 8 hex digits names too many documents to be meant as one.
  if (!/^[0-9a-f]{8,64}$/.test(p)) return () => false;
  return (m) => m.hash.startsWith(p);
}

function dateEvent(ev: DatedEvent): DateEvent {
  return { fact: ev.fact, date: ev.date, precision: ev.precision, ...(ev.note ? { note: ev.note } : {}), start: ev.start };
}

function speakerRef(s: Speaker): SpeakerRef {
  return { name: s.name, kind: s.kind, quotes: s.quotes.length };
}

const stores = new WeakMap<Corpus, MemoryCorpusStore>();

/** The memory store of a corpus: one per Corpus object, so a store stands for one state of the corpus. */
export function memoryStore(corpus: Corpus): MemoryCorpusStore {
  let s = stores.get(corpus);
  if (!s) stores.set(corpus, (s = new MemoryCorpusStore(corpus)));
  return s;
}
