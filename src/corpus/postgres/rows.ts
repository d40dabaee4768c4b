/**
 * A corpus as the rows of the PostgreSQL store: what the in-memory indexes computed (people merged
 * across documents, roles grouped, dates resolved and anchored across documents, quotes
 * attributed), read from their public fields and their snapshot parts so that no rule is written
 * twice. Generators: a large corpus is streamed into COPY, never held as rows.
 */
import type { Corpus } from '../../index/corpus.js';
import { hidesKey } from '../../index/firms.js';

/**
 * What the store is written from: the documents and the fact indexes built over them (a Corpus
 * has them; a load that only stores needs no passage index, which the store does not use).
 */
export type Storable = Pick<Corpus, 'docs' | 'skipped' | 'people' | 'dates' | 'quotes'>;
import { isEvent } from '../../index/dates.js';
import type { PersonEntry } from '../../index/people.js';
import { speakerKey } from '../../index/quotes.js';
import type { IngestedDoc } from '../../ingest/index.js';
import { arr, json, type CopyValue } from './copy.js';
import { analyse, FieldStats, FIELDS, indexable, type FieldName, type FieldSummary } from './text.js';

export type Row = readonly CopyValue[];

export const COLUMNS = {
  documents: [
    'corpus_id',
    'doc',
    'id',
    'hash',
    'title',
    'published',
    'format',
    'meta',
    'facts',
    'removed_blocks',
    'title_tsv',
    'title_len',
  ],
  paragraphs: ['corpus_id', 'doc', 'n', 'text', 'heading', 'sentences', 'page', 'tsv', 'len'],
  terms: ['corpus_id', 'field', 'term', 'df'],
  people: [
    'corpus_id',
    'entry',
    'name',
    'kind',
    'aliases',
    'name_text',
    'doc_count',
    'mention_count',
    'role_groups',
    'role_group_count',
    'first_mentions',
  ],
  people_keys: ['corpus_id', 'key', 'entry'],
  people_prefixes: ['corpus_id', 'key', 'entry'],
  people_top_prefix: ['corpus_id', 'prefix', 'entries'],
  people_doc_names: ['corpus_id', 'doc', 'key', 'entry'],
  people_docs: ['corpus_id', 'doc', 'entry'],
  people_firms: ['corpus_id', 'key', 'firm', 'sure', 'weak', 'hides'],
  date_sentences: ['corpus_id', 'sentence', 'doc', 'paragraph', 'idx', 'text', 'tsv', 'len'],
  date_events: ['corpus_id', 'event', 'doc', 'sentence', 'date', 'precision', 'note', 'fact', 'start_day', 'end_day', 'is_event'],
  speakers: ['corpus_id', 'speaker', 'name', 'key', 'kind', 'quote_count', 'tsv', 'len'],
  quotes: ['corpus_id', 'quote', 'doc', 'speaker', 'fact', 'tsv', 'len'],
} as const;

export type Table = keyof typeof COLUMNS;

/** Per-field statistics gathered while rows are generated. */
export type Stats = Record<FieldName, FieldStats>;

export function newStats(): Stats {
  return {
    passages: new FieldStats(),
    titles: new FieldStats(),
    sentences: new FieldStats(),
    quotes: new FieldStats(),
    speakers: new FieldStats(),
    names: new FieldStats(),
  };
}

export function summaries(stats: Stats): Record<FieldName, FieldSummary> {
  return {
    passages: stats.passages.summary(),
    titles: stats.titles.summary(),
    sentences: stats.sentences.summary(),
    quotes: stats.quotes.summary(),
    speakers: stats.speakers.summary(),
    names: stats.names.summary(),
  };
}

/** Document numbers: the corpus's index, or a stable number the store gave the document. */
export type DocNumber = (index: number) => number;

export function* documentRows(cid: string, docs: readonly IngestedDoc[], num: DocNumber, stats: Stats): Iterable<Row> {
  for (let i = 0; i < docs.length; i++) {
    const d = docs[i];
    const t = analyse(d.meta.title);
    stats.titles.add(t);
    yield [
      cid,
      num(i),
      d.meta.id,
      d.meta.hash,
      d.meta.title,
      d.meta.published,
      d.meta.format,
      json(d.meta),
      json(d.facts),
      d.removedBlocks,
      t.tsv,
      t.len,
    ];
  }
}

export function* paragraphRows(cid: string, docs: readonly IngestedDoc[], num: DocNumber, stats: Stats): Iterable<Row> {
  for (let i = 0; i < docs.length; i++) {
    for (const p of docs[i].paragraphs) {
      const spans = arr(p.sentences.flatMap((s) => [s.start, s.end]));
      if (p.heading) {
        yield [cid, num(i), p.n, p.text, true, spans, p.page, null, 0];
        continue;
      }
      const a = analyse(p.text);
      stats.passages.add(a);
      yield [cid, num(i), p.n, p.text, false, spans, p.page, a.tsv, a.len];
    }
  }
}

export function* termRows(cid: string, stats: Stats): Iterable<Row> {
  for (const name of Object.keys(FIELDS) as FieldName[]) for (const [term, df] of stats[name].df) yield [cid, FIELDS[name], term, df];
}

/** The firm counts per name key (issue #16), as the people index keeps them. */
export function* firmRows(cid: string, corpus: Pick<Storable, 'people'>): Iterable<Row> {
  const [firm, sure, weak] = corpus.people.firms.toSnapshot();
  for (const key of new Set([...firm.keys(), ...sure.keys(), ...weak.keys()])) {
    const [f, s, w] = [firm.get(key) ?? 0, sure.get(key) ?? 0, weak.get(key) ?? 0];
    yield [cid, key, f, s, w, hidesKey(key, f, s, w)];
  }
}

/** The people index's structures (its snapshot parts: the public way to read them whole). */
interface PeopleParts {
  prefixIds: Int32Array;
  entries: PersonEntry[];
  byKey: Map<string, number[]>;
  docNames: Map<string, number>;
  docEntries: (number[] | undefined)[];
  prefixKeys: string[];
  topByPrefix: Map<string, number[]>;
  nameText: string[];
}

export function peopleParts(corpus: Pick<Storable, 'people'>): PeopleParts {
  const [head, entries, byKey, docNames, docEntries, prefixKeys, topByPrefix, nameText] = corpus.people.toSnapshot() as [
    { prefixIds: Int32Array },
    PersonEntry[],
    Map<string, number[]>,
    Map<string, number>,
    (number[] | undefined)[],
    string[],
    Map<string, number[]>,
    string[],
  ];
  return { prefixIds: head.prefixIds, entries, byKey, docNames, docEntries, prefixKeys, topByPrefix, nameText };
}

/** A role group as stored: the statement cited, resolved, and how often the role is stated. */
export interface StoredRoleGroup {
  role: string;
  doc: number;
  paragraph: number;
  sentence: number;
  stated: number;
}

/** Rows of the people tables, by table: each a generator made when it is written. */
export type PeopleRows = Record<
  'people' | 'people_keys' | 'people_prefixes' | 'people_top_prefix' | 'people_doc_names' | 'people_docs',
  () => Iterable<Row>
>;

/** `entryId` maps the index's entry ids to the store's (a recomputation appends new ones). */
export function peopleRows(
  cid: string,
  parts: PeopleParts,
  num: DocNumber,
  stats: Stats,
  entryId: (id: number) => number = (id) => id,
): PeopleRows {
  const { entries, byKey, docNames, docEntries, prefixKeys, prefixIds, topByPrefix, nameText } = parts;
  return {
    *people() {
      for (const e of entries) {
        const groups: StoredRoleGroup[] = e.roleGroups.map((g) => {
          const r = e.roles[g.cited];
          return { role: r.role, doc: num(r.doc), paragraph: r.paragraph, sentence: r.sentence, stated: g.stated };
        });
        const first = e.firstMentions.map((m) => ({ ...m, doc: num(m.doc) }));
        const words = [...new Set(nameText[e.id].split(' ').filter((w) => w && w !== '|' && indexable(w)))];
        stats.names.add({ tsv: '', len: words.length, terms: words });
        yield [
          cid,
          entryId(e.id),
          e.name,
          e.kind,
          arr(e.aliases),
          nameText[e.id],
          e.docs.length,
          e.mentionCount,
          json(groups),
          e.roleGroupCount,
          json(first),
        ];
      }
    },
    *people_keys() {
      for (const [k, ids] of byKey) for (const id of new Set(ids)) yield [cid, k, entryId(id)];
    },
    *people_prefixes() {
      const seen = new Set<string>();
      for (let i = 0; i < prefixKeys.length; i++) {
        const k = `${prefixKeys[i]}\u0000${prefixIds[i]}`;
        if (seen.has(k)) continue;
        seen.add(k);
        yield [cid, prefixKeys[i], entryId(prefixIds[i])];
      }
    },
    *people_top_prefix() {
      for (const [p, ids] of topByPrefix) yield [cid, p, arr(ids.map(entryId))];
    },
    *people_doc_names() {
      for (const [k, id] of docNames) {
        const bar = k.indexOf('|');
        yield [cid, num(Number(k.slice(0, bar))), k.slice(bar + 1), entryId(id)];
      }
    },
    *people_docs() {
      for (let d = 0; d < docEntries.length; d++) for (const id of docEntries[d] ?? []) yield [cid, num(d), entryId(id)];
    },
  };
}

/** The dated sentences and events (the date index's results: anchored across documents, with notes). */
export function dateRows(cid: string, corpus: Pick<Storable, 'dates'>, num: DocNumber, stats: Stats, base = { sentence: 0, event: 0 }) {
  const dates = corpus.dates;
  return {
    *date_sentences(): Iterable<Row> {
      for (let i = 0; i < dates.sentences.length; i++) {
        const s = dates.sentences[i];
        const text = dates.textAt(i);
        const a = analyse(text);
        stats.sentences.add(a);
        yield [cid, base.sentence + i, num(s.doc), s.paragraph, s.index, text, a.tsv, a.len];
      }
    },
    *date_events(): Iterable<Row> {
      for (let i = 0; i < dates.events.length; i++) {
        const e = dates.events[i];
        yield [
          cid,
          base.event + i,
          num(e.doc),
          base.sentence + e.sentence,
          e.date,
          e.precision,
          e.note,
          json(e.fact),
          e.start,
          e.end,
          isEvent(e),
        ];
      }
    },
  };
}

/** Speakers and quotations. */
export function quoteRows(cid: string, corpus: Pick<Storable, 'quotes'>, num: DocNumber, stats: Stats, base = { speaker: 0, quote: 0 }) {
  const q = corpus.quotes;
  const speakerOf = new Map<number, number>();
  for (const s of q.speakers) for (const id of s.quotes) speakerOf.set(id, s.id);
  return {
    *speakers(): Iterable<Row> {
      for (const s of q.speakers) {
        const a = analyse(s.name);
        stats.speakers.add(a);
        yield [cid, base.speaker + s.id, s.name, speakerKey(s.name), s.kind, s.quotes.length, a.tsv, a.len];
      }
    },
    *quotes(): Iterable<Row> {
      for (let i = 0; i < q.quotes.length; i++) {
        const e = q.quotes[i];
        const a = analyse(e.fact.text);
        stats.quotes.add(a);
        const sp = speakerOf.get(i);
        yield [cid, base.quote + i, num(e.doc), sp === undefined ? null : base.speaker + sp, json(e.fact), a.tsv, a.len];
      }
    },
  };
}
