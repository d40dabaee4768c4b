/**
 * The corpus store in PostgreSQL (issue #21): the CorpusStore interface answered from the rows
 * load.ts writes, each method in one or two statements (a look-up of the query's words, then one
 * ranking statement that returns the paragraphs and citations to answer with). Nothing of the
 * corpus is held in this process but the per-field figures BM25 needs, the summary and the words
 * of people's names (for typos of names; read in the background when the store is opened).
 */
import SearchableMap from 'minisearch/SearchableMap';
import pg from 'pg';
import { citationFor } from '../../index/corpus.js';
import { nameKey } from '../../index/people.js';
import { speakerKey } from '../../index/quotes.js';
import { queryTerms } from '../../index/text.js';
import { FIRST_NAMES } from '../../extract/lexicon.js';
import type { DateFact, DatePrecision, QuoteFact } from '../../extract/types.js';
import type { IngestedDoc } from '../../ingest/index.js';
import type { Citation, DocMeta, Paragraph, Skipped } from '../../types.js';
import type {
  CorpusSummary,
  DateEvent,
  DatedSentenceHit,
  DocumentKey,
  PassageFound,
  PersonFound,
  PersonLookup,
  Place,
  QuoteFound,
  QuoteHit,
  SpeakerRef,
  TimelineEvent,
  WritableCorpusStore,
} from '../types.js';
import { PgTermSearch } from './search.js';
import { indexable, lexeme, noNul, params, type FieldName, type FieldSummary, FIELDS } from './text.js';
import type { StoredRoleGroup } from './rows.js';
import { maxDistance, nameWords, searchNames, type NameSearchOptions } from './names.js';

interface NameMatch {
  entry: number;
  name: string;
  score: number;
  whole: boolean;
}

/**
 * An entry that is answered: no person named only weakly by a name another document frames as a
 * firm (issue #16, src/index/firms.ts; `e` is a row of people, `$1` the corpus). The first key
 * of `name_text` is the name's own.
 */
const SHOWN = `NOT (e.kind = 'person' AND EXISTS (SELECT 1 FROM people_firms f WHERE f.corpus_id = $1
  AND f.key = btrim(split_part(e.name_text, ' | ', 1)) AND f.hides))`;

interface NameRow {
  entry: number;
  name: string;
  mention_count: number;
  name_text: string;
  exact_key: boolean;
}

/** How many matches a name look-up weighs (the best, and others the query names as written). */
const PERSON_MATCHES = 5;
const AUTOCOMPLETE_MAX = 25;
const PRECOMPUTED_PREFIX = 3;
/** How many sentences a topic may bring into a timeline before it is cut to the best (as the memory store). */
const TOPIC_CANDIDATES = 300;
/** Entries one query word (or a word it reaches) may bring into a name look-up. */
const NAME_CANDIDATES = 5000;
/** How many of the name index's best a look-up weighs, and a "did you mean" reads (as PeopleIndex). */
const NAME_HITS = 200;
const CLOSEST_HITS = 50;
const MAX_CHAR = String.fromCodePoint(0x10ffff);

/** The columns that make a Place: `x.` the row with `doc`, `p.` its paragraph, `d.` its document. */
const PLACE_COLUMNS = `p.n AS p_n, p.text AS p_text, p.heading AS p_heading, p.sentences AS p_sentences, p.page AS p_page, d.meta AS d_meta`;

interface PlaceRow {
  p_n: number;
  p_text: string;
  p_heading: boolean;
  p_sentences: number[];
  p_page: number | null;
  d_meta: DocMeta;
}

export function paragraphFrom(n: number, text: string, heading: boolean, spans: number[], page: number | null): Paragraph {
  const sentences = [];
  for (let i = 0; i + 1 < spans.length; i += 2) sentences.push({ start: spans[i], end: spans[i + 1] });
  const p: Paragraph = { n, text, heading, sentences };
  if (page !== null && page !== undefined) p.page = page;
  return p;
}

function placeFrom(r: PlaceRow): Place {
  const paragraph = paragraphFrom(r.p_n, r.p_text, r.p_heading, r.p_sentences, r.p_page);
  return { paragraph, citation: citationOf(r.d_meta, paragraph) };
}

function citationOf(meta: DocMeta, p: Paragraph): Citation {
  return citationFor(meta, p.n, meta.format === 'pdf' ? p.page : undefined);
}

interface MetaRow {
  fields: Record<FieldName, FieldSummary>;
  latest_published: number | null;
  timeline_total: number;
  summary: CorpusSummary;
  source: string;
  schema_version: number;
}

interface EventJson {
  fact: DateFact;
  date: string | null;
  precision: DatePrecision;
  note: string | null;
  start_day: number | null;
  end_day: number | null;
  is_event: boolean;
}

function dateEvent(e: EventJson): DateEvent {
  return { fact: e.fact, date: e.date, precision: e.precision, ...(e.note ? { note: e.note } : {}), start: e.start_day };
}

export class PostgresCorpusStore implements WritableCorpusStore {
  readonly kind = 'postgres' as const;
  private readonly passagesSearch: PgTermSearch;
  private readonly sentencesSearch: PgTermSearch;
  private readonly quotesSearch: PgTermSearch;
  private readonly speakersSearch: PgTermSearch;
  private vocabulary?: Promise<SearchableMap<true>>;

  constructor(
    readonly pool: pg.Pool,
    readonly corpusId: string,
    private readonly meta: MetaRow,
  ) {
    const stats = (f: FieldName) => () => this.meta.fields[f];
    const placeJoin = `JOIN documents d ON d.corpus_id = x.corpus_id AND d.doc = x.doc`;
    this.passagesSearch = new PgTermSearch(
      pool,
      corpusId,
      {
        field: FIELDS.passages,
        from: 'paragraphs x',
        key: ['x.doc', 'x.n'],
        // Title words are worth more than body words: 1 + 0.5 × the share of query words in the title.
        boost: `1 + 0.5 * (SELECT count(*) FROM documents d, unnest($G) AS gq WHERE d.corpus_id = $1 AND d.doc = x.doc AND d.title_tsv @@ gq)::float8 / $NG`,
        select: `x.doc, x.n AS p_n, x.text AS p_text, x.heading AS p_heading, x.sentences AS p_sentences, x.page AS p_page, d.meta AS d_meta`,
        join: placeJoin,
      },
      stats('passages'),
    );
    this.sentencesSearch = new PgTermSearch(
      pool,
      corpusId,
      {
        field: FIELDS.sentences,
        from: 'date_sentences x',
        key: ['x.sentence'],
        select: `x.sentence, x.text AS s_text, x.idx AS s_idx, ${PLACE_COLUMNS},
          (SELECT json_agg(json_build_object('fact', e.fact, 'date', e.date, 'precision', e.precision, 'note', e.note,
              'start_day', e.start_day, 'end_day', e.end_day, 'is_event', e.is_event) ORDER BY e.event)
            FROM date_events e WHERE e.corpus_id = x.corpus_id AND e.sentence = x.sentence) AS events`,
        join: `JOIN paragraphs p ON p.corpus_id = x.corpus_id AND p.doc = x.doc AND p.n = x.paragraph ${placeJoin}`,
      },
      stats('sentences'),
    );
    this.quotesSearch = new PgTermSearch(
      pool,
      corpusId,
      {
        field: FIELDS.quotes,
        from: 'quotes x',
        key: ['x.quote'],
        select: `x.quote, x.fact->>'text' AS q_text, x.fact->>'speaker' AS q_speaker`,
      },
      stats('quotes'),
    );
    this.speakersSearch = new PgTermSearch(
      pool,
      corpusId,
      { field: FIELDS.speakers, from: 'speakers x', key: ['x.speaker'], select: `x.name, x.kind, x.quote_count` },
      stats('speakers'),
    );
  }

  /** The stored corpus `corpusId`, or undefined when the database holds none (or one of another schema version). */
  static async open(pool: pg.Pool, corpusId: string, schemaVersion: number): Promise<PostgresCorpusStore | undefined> {
    const { rows } = await pool.query<MetaRow>(
      `SELECT fields, latest_published, timeline_total, summary, source, schema_version FROM corpus_meta WHERE corpus_id = $1`,
      [corpusId],
    );
    const m = rows[0];
    if (!m || m.schema_version !== schemaVersion) return undefined;
    const store = new PostgresCorpusStore(pool, corpusId, m);
    // Read the name words now, in the background, so that the first typo of a name does not wait for them.
    void store.nameVocabulary().catch(() => undefined);
    return store;
  }

  get source(): string {
    return this.meta.source;
  }

  /** Replaces documents in one transaction (replace.ts); the store of the corpus after it, on the same pool. */
  async replaceDocuments(changed: readonly IngestedDoc[], removedIds: readonly string[]): Promise<PostgresCorpusStore> {
    const { replaceDocuments } = await import('./replace.js');
    await replaceDocuments(this.pool, this.corpusId, changed, removedIds);
    const next = await PostgresCorpusStore.open(this.pool, this.corpusId, this.meta.schema_version);
    if (!next) throw new Error(`the corpus "${this.corpusId}" is no longer stored`);
    return next;
  }

  summary(): Promise<CorpusSummary> {
    return Promise.resolve(this.meta.summary);
  }

  // ------------------------------------------------------------ people

  async person(query: string, opts: { roles: number }): Promise<PersonLookup> {
    const matches = await this.lookup(query, PERSON_MATCHES);
    if (matches.length === 0) return { others: [], closest: await this.closest(query, PERSON_MATCHES) };
    const others = matches
      .slice(1)
      .filter((m) => m.whole)
      .map((m) => m.name);
    return { person: await this.personFound(matches[0].entry, opts.roles), others, closest: [] };
  }

  /** The entry with its first `roles` roles (or its first mentions), each with its place: one statement. */
  private async personFound(entry: number, roles: number): Promise<PersonFound> {
    const { rows } = await this.pool.query<{
      name: string;
      kind: 'person' | 'group';
      aliases: string[];
      doc_count: number;
      mention_count: number;
      role_group_count: number;
      roles: (StoredRoleGroup & PlaceRow)[] | null;
      mentions: ({ start: number } & PlaceRow)[] | null;
    }>(
      `SELECT e.name, e.kind, e.aliases, e.doc_count, e.mention_count, e.role_group_count,
        (SELECT json_agg(json_build_object('role', r.role, 'sentence', r.sentence, 'stated', r.stated,
            'p_n', p.n, 'p_text', p.text, 'p_heading', p.heading, 'p_sentences', p.sentences, 'p_page', p.page, 'd_meta', d.meta) ORDER BY r.i)
          FROM jsonb_array_elements(e.role_groups) WITH ORDINALITY AS g(v, i)
          CROSS JOIN LATERAL jsonb_to_record(g.v) AS r(role text, doc int, paragraph int, sentence int, stated int, i int)
          JOIN paragraphs p ON p.corpus_id = e.corpus_id AND p.doc = r.doc AND p.n = r.paragraph
          JOIN documents d ON d.corpus_id = e.corpus_id AND d.doc = r.doc
          WHERE g.i <= $3) AS roles,
        (SELECT json_agg(json_build_object('start', m.start,
            'p_n', p.n, 'p_text', p.text, 'p_heading', p.heading, 'p_sentences', p.sentences, 'p_page', p.page, 'd_meta', d.meta) ORDER BY g.i)
          FROM jsonb_array_elements(e.first_mentions) WITH ORDINALITY AS g(v, i)
          CROSS JOIN LATERAL jsonb_to_record(g.v) AS m(doc int, paragraph int, start int)
          JOIN paragraphs p ON p.corpus_id = e.corpus_id AND p.doc = m.doc AND p.n = m.paragraph
          JOIN documents d ON d.corpus_id = e.corpus_id AND d.doc = m.doc) AS mentions
       FROM people e WHERE e.corpus_id = $1 AND e.entry = $2`,
      params([this.corpusId, entry, Math.max(0, roles)]),
    );
    const e = rows[0];
    const found: PersonFound = {
      name: e.name,
      kind: e.kind,
      aliases: e.aliases,
      documents: e.doc_count,
      mentions: e.mention_count,
      roles: (e.roles ?? []).map((r) => ({ role: r.role, sentence: r.sentence, stated: r.stated, ...placeFrom(r) })),
      roleGroupCount: e.role_group_count,
      firstMentions: [],
    };
    if (found.roles.length === 0) found.firstMentions = (e.mentions ?? []).map((m) => ({ start: m.start, ...placeFrom(m) }));
    return found;
  }

  /**
   * Best matches for a name, as PeopleIndex.lookup: an exact name or alias first; then entries
   * whose names hold every query word as a word or (3+ letters, not a given name) a word start,
   * scored as the name index scores them (names.ts); typos only when neither finds anything. Of
   * the name index's best 200, whole-word matches of every word beat prefixes and typos, popular
   * names win ties.
   */
  private async lookup(query: string, limit: number): Promise<NameMatch[]> {
    return (await this.lookupAll([query], limit))[0];
  }

  /** `lookup` of several names at once: each step one statement for all of them. */
  private async lookupAll(queries: readonly string[], limit: number): Promise<NameMatch[][]> {
    const partial = (t: string) => t.length >= 3 && !FIRST_NAMES.has(t);
    const fuzzy = (t: string) => (!partial(t) ? false : t.length >= 5 ? 0.2 : t.length >= 4 ? 1 : false);
    const asked = queries.map((query) => {
      const k = nameKey(query);
      return { k, words: k ? k.split(' ') : [] };
    });
    const exactOpts: NameSearchOptions = { combineWith: 'AND', prefix: partial, fuzzy: () => false };
    const first = await this.nameCandidates(
      asked.map((a) => ({ words: a.words, exactKey: a.k })),
      { ...exactOpts, need: 'every' },
    );
    const hits = await this.scoreNames(asked, first, exactOpts);
    const rows = first;
    // Typos only for the names that found nothing.
    const again = asked.flatMap((a, i) => (a.words.length && !hits[i].length && !first[i].some((r) => r.exact_key) ? [i] : []));
    if (again.length) {
      const typoOpts: NameSearchOptions = { combineWith: 'AND', prefix: partial, fuzzy };
      const more = await this.nameCandidates(
        again.map((i) => ({ words: asked[i].words })),
        { ...typoOpts, need: 'every' },
      );
      const typoHits = await this.scoreNames(
        again.map((i) => asked[i]),
        more,
        typoOpts,
      );
      again.forEach((i, j) => {
        rows[i] = more[j];
        hits[i] = typoHits[j];
      });
    }
    return asked.map(({ words }, i) => {
      const byEntry = new Map(rows[i].map((r) => [r.entry, r]));
      const out = new Map<number, number>();
      const whole = new Set<number>();
      for (const r of rows[i].filter((x) => x.exact_key).sort((x, y) => x.entry - y.entry)) {
        out.set(r.entry, 1000 + Math.log1p(r.mention_count));
        whole.add(r.entry);
      }
      for (const h of hits[i].slice(0, NAME_HITS)) {
        const r = byEntry.get(h.entry)!;
        const exactWords = words.every((w) => r.name_text.includes(` ${w} `));
        if (words.every((w) => r.name_text.includes(` ${w}`))) whole.add(r.entry);
        const score = h.score * (exactWords ? 3 : 1) * (1 + Math.log1p(r.mention_count) / 4);
        out.set(r.entry, Math.max(out.get(r.entry) ?? 0, score));
      }
      // A stable sort, as the memory store's: equal scores keep the exact names first, then the name index's order.
      return [...out]
        .sort((x, y) => y[1] - x[1])
        .slice(0, limit)
        .map(([entry, score]) => ({ entry, name: byEntry.get(entry)!.name, score, whole: whole.has(entry) }));
    });
  }

  /**
   * The entries name searches may find, per search: for each of its words, those holding it as a
   * word, a word it starts (when `prefix`) or a word within the typo distance `fuzzy` allows
   * (every word of the name index within it, by edit distance, so that none is missed); entries
   * for every word or for any; and the entries `exactKey` names exactly, marked. One statement.
   */
  private async nameCandidates(
    searches: readonly { words: readonly string[]; exactKey?: string }[],
    opts: { prefix: (w: string) => boolean; fuzzy: (w: string) => number | false; need: 'every' | 'any' },
  ): Promise<NameRow[][]> {
    // Seeds: (search, query word, word to look for, as a prefix?): each word itself, and its near words when typos count.
    const q: number[] = [];
    const word: string[] = [];
    const value: string[] = [];
    const prefix: boolean[] = [];
    const needsTree = searches.some((s) => s.words.some((w) => maxDistance(w, opts.fuzzy(w)) > 0));
    const tree = needsTree ? await this.nameVocabulary() : undefined;
    searches.forEach((s, i) => {
      for (const w of new Set(s.words)) {
        const seeds = new Map<string, boolean>([[w, opts.prefix(w)]]);
        const d = maxDistance(w, opts.fuzzy(w));
        if (tree && d > 0) for (const t of tree.fuzzyGet(w, d).keys()) if (!seeds.has(t)) seeds.set(t, false);
        for (const [v, p] of seeds) {
          q.push(i);
          word.push(w);
          value.push(v);
          prefix.push(p);
        }
      }
    });
    const need = searches.map((s) => (opts.need === 'every' ? new Set(s.words).size : 1));
    const out: NameRow[][] = searches.map(() => []);
    if (!value.length && !searches.some((s) => s.exactKey)) return out;
    const { rows } = await this.pool.query<NameRow & { q: number }>(
      `WITH s AS (SELECT * FROM unnest($2::int[], $3::text[], $4::text[], $5::bool[]) AS s(q, word, v, prefix)),
       m AS (
         SELECT s.q, s.word, c.entry FROM s CROSS JOIN LATERAL (
           SELECT DISTINCT entry FROM people_prefixes
           WHERE corpus_id = $1 AND (
             (s.prefix AND key >= s.v AND key < s.v || $6)
             OR (NOT s.prefix AND (key = s.v OR (key >= s.v || ' ' AND key < s.v || ' ' || $6))))
           LIMIT $7) c
       ),
       found AS (SELECT m.q, m.entry, false AS exact FROM m GROUP BY m.q, m.entry HAVING count(DISTINCT m.word) >= ($8::int[])[m.q + 1]),
       exact AS (
         SELECT (k.i - 1)::int AS q, p.entry, true AS exact FROM unnest($9::text[]) WITH ORDINALITY AS k(key, i)
         JOIN people_keys p ON p.corpus_id = $1 AND p.key = k.key
       ),
       hit AS (SELECT q, entry, bool_or(exact) AS exact FROM (SELECT * FROM found UNION ALL SELECT * FROM exact) x GROUP BY q, entry)
       -- Each entry by its key (a join here may read all of people when the candidates are overestimated).
       SELECT hit.q, e.entry, e.name, e.mention_count, e.name_text, hit.exact AS exact_key
       FROM hit CROSS JOIN LATERAL (SELECT * FROM people e WHERE e.corpus_id = $1 AND e.entry = hit.entry LIMIT 1) e
       WHERE ${SHOWN}`,
      params([this.corpusId, q, word, value, prefix, MAX_CHAR, NAME_CANDIDATES, need, searches.map((s) => s.exactKey ?? null)]),
    );
    for (const r of rows) out[r.q].push(r);
    return out;
  }

  /**
   * Every word of the name index, as a radix tree, for typo look-ups: MiniSearch's own fuzzyGet on
   * it finds every word within the distance, as the memory store's name index does (the database
   * has no index that finds all words within two or three edits). Read once per store object, on
   * the first typo: a few thousand words (14,934 at Reuters x10).
   */
  private nameVocabulary(): Promise<SearchableMap<true>> {
    this.vocabulary ??= this.pool
      .query<{ term: string }>(`SELECT term FROM terms WHERE corpus_id = $1 AND field = 'n'`, params([this.corpusId]))
      .then(({ rows }) => {
        const tree = new SearchableMap<true>();
        for (const r of rows) tree.set(r.term, true);
        return tree;
      });
    void this.vocabulary.catch(() => (this.vocabulary = undefined));
    return this.vocabulary;
  }

  /** The candidates the name index would find for each search's words, best first, with its scores. */
  private async scoreNames(
    searches: readonly { words: readonly string[] }[],
    rows: NameRow[][],
    opts: NameSearchOptions,
  ): Promise<{ entry: number; score: number }[][]> {
    const df = await this.nameWordFrequencies(rows.flatMap((r) => r.map((x) => x.name_text)));
    const f = this.meta.fields.names ?? { documents: 1, avgLength: 1 };
    const figures = { documents: f.documents, avgLength: f.avgLength, df: (t: string) => df.get(t) ?? 0 };
    return searches.map((s, i) =>
      rows[i].length
        ? searchNames(
            s.words,
            rows[i].map((r) => ({ entry: r.entry, nameText: r.name_text })),
            figures,
            opts,
          )
        : [],
    );
  }

  /** How many entries have each word of these names (the name index's document frequencies). */
  private async nameWordFrequencies(nameTexts: string[]): Promise<Map<string, number>> {
    const words = [...new Set(nameTexts.flatMap(nameWords))];
    if (!words.length) return new Map();
    const { rows } = await this.pool.query<{ term: string; df: number }>(
      `SELECT term, df FROM terms WHERE corpus_id = $1 AND field = 'n' AND term = ANY($2::text[])`,
      params([this.corpusId, words]),
    );
    return new Map(rows.map((r) => [r.term, r.df]));
  }

  /**
   * The closest names for a "not in the corpus" reply, as PeopleIndex.closest: the name index's
   * best for any query word, a word it starts (3+ letters) or one within a third of its letters
   * (4+ letters), the first `n` distinct names of its best 50.
   */
  private async closest(query: string, n: number): Promise<string[]> {
    const k = nameKey(query);
    if (!k) return [];
    const words = k.split(' ').filter(Boolean);
    const opts: NameSearchOptions = {
      combineWith: 'OR',
      prefix: (t) => t.length >= 3,
      fuzzy: (t) => (t.length >= 4 ? 0.34 : false),
    };
    const [rows] = await this.nameCandidates([{ words }], { ...opts, need: 'any' });
    const byEntry = new Map(rows.map((r) => [r.entry, r.name]));
    const out: string[] = [];
    const [hits] = await this.scoreNames([{ words }], [rows], opts);
    for (const h of hits.slice(0, CLOSEST_HITS)) {
      const name = byEntry.get(h.entry)!;
      if (!out.includes(name)) out.push(name);
      if (out.length >= n) break;
    }
    return out;
  }

  async firmNames(names: readonly string[]): Promise<Set<string>> {
    if (!names.length) return new Set();
    const { rows } = await this.pool.query<{ key: string }>(
      'SELECT key FROM people_firms WHERE corpus_id = $1 AND key = ANY($2::text[]) AND hides',
      params([this.corpusId, [...new Set(names.map(nameKey))]]),
    );
    const keys = new Set(rows.map((r) => r.key));
    return new Set(names.filter((n) => keys.has(nameKey(n))));
  }

  async personNames(prefix: string, limit: number): Promise<string[]> {
    const p = nameKey(prefix);
    const n = Math.max(0, Math.min(limit, AUTOCOMPLETE_MAX));
    if (p.length <= PRECOMPUTED_PREFIX) {
      const { rows } = await this.pool.query<{ name: string }>(
        `SELECT e.name FROM people_top_prefix t CROSS JOIN LATERAL unnest(t.entries) WITH ORDINALITY AS u(entry, i)
         JOIN people e ON e.corpus_id = t.corpus_id AND e.entry = u.entry
         WHERE t.corpus_id = $1 AND t.prefix = $2 AND ${SHOWN} ORDER BY u.i LIMIT $3`,
        params([this.corpusId, p, n]),
      );
      return rows.map((r) => r.name);
    }
    const { rows } = await this.pool.query<{ name: string }>(
      `SELECT e.name FROM (SELECT DISTINCT entry FROM people_prefixes WHERE corpus_id = $1 AND key >= $2 AND key < $2 || $3) c
       JOIN people e ON e.corpus_id = $1 AND e.entry = c.entry
       WHERE ${SHOWN}
       ORDER BY e.mention_count DESC, e.doc_count DESC, e.name COLLATE "C" LIMIT $4`,
      params([this.corpusId, p, MAX_CHAR, n]),
    );
    return rows.map((r) => r.name);
  }

  // ------------------------------------------------------------ dates

  async searchDated(query: string, limit: number): Promise<DatedSentenceHit[]> {
    const hits = await this.sentencesSearch.search(query, limit);
    return hits.map((h) => {
      const r = h.row as unknown as PlaceRow & { s_text: string; s_idx: number; events: EventJson[] };
      const place = placeFrom(r);
      return {
        text: r.s_text,
        offset: place.paragraph.sentences[r.s_idx]?.start ?? 0,
        citation: place.citation,
        events: r.events.map(dateEvent),
        score: h.score,
        terms: h.terms,
      };
    });
  }

  async timeline(topic: string | undefined, limit: number): Promise<{ events: TimelineEvent[]; total: number }> {
    if (topic?.trim()) {
      const hits = await this.sentencesSearch.search(topic, TOPIC_CANDIDATES);
      const ranked: TimelineEvent[] = [];
      const ends: number[] = [];
      for (const h of hits) {
        const r = h.row as unknown as PlaceRow & { s_text: string; events: EventJson[] };
        const place = placeFrom(r);
        for (const e of r.events)
          if (e.is_event) {
            ranked.push({ event: dateEvent(e), text: r.s_text, citation: place.citation });
            ends.push(e.end_day!);
          }
      }
      const best = ranked.slice(0, Math.max(0, limit)).map((ev, i) => ({ ev, end: ends[i] }));
      // In date order (start, then end), equal dates in relevance order.
      best.sort((a, b) => a.ev.event.start! - b.ev.event.start! || a.end - b.end);
      return { events: best.map((b) => b.ev), total: ranked.length };
    }
    const { rows } = await this.pool.query<PlaceRow & EventJson & { s_text: string }>(
      `SELECT * FROM (
         SELECT e.event, e.fact, e.date, e.precision, e.note, e.start_day, e.end_day, e.is_event, s.text AS s_text, ${PLACE_COLUMNS}
         FROM date_events e
         JOIN date_sentences s ON s.corpus_id = e.corpus_id AND s.sentence = e.sentence
         JOIN paragraphs p ON p.corpus_id = e.corpus_id AND p.doc = e.doc AND p.n = (e.fact->>'paragraph')::int
         JOIN documents d ON d.corpus_id = e.corpus_id AND d.doc = e.doc
         WHERE e.corpus_id = $1 AND e.is_event AND ($2::int IS NULL OR e.start_day <= $2)
         ORDER BY e.start_day DESC, e.end_day DESC, e.event DESC LIMIT $3
       ) t ORDER BY start_day, end_day, event`,
      params([this.corpusId, this.meta.latest_published, Math.max(0, limit)]),
    );
    return {
      events: rows.map((r) => ({ event: dateEvent(r), text: r.s_text, citation: placeFrom(r).citation })),
      total: this.meta.timeline_total,
    };
  }

  suggestDated(query: string, max: number): Promise<string[]> {
    return this.sentencesSearch.suggest(query, max);
  }

  // ------------------------------------------------------------ quotations

  async speakers(query: string): Promise<SpeakerRef[]> {
    return (await this.speakersOf([query]))[0];
  }

  /** Several queries' speakers: the people look-ups and their speaker rows in one statement each for all of them. */
  async speakersOf(queries: readonly string[]): Promise<SpeakerRef[][]> {
    const [people, matched] = await Promise.all([
      this.lookupAll(queries, PERSON_MATCHES),
      Promise.all(queries.map((q) => this.matchSpeakers(q))),
    ]);
    const keys = [...new Set(people.flatMap((p) => p.map((m) => speakerKey(m.name))))];
    const byKey = new Map<string, SpeakerRef>();
    if (keys.length) {
      const { rows } = await this.pool.query<{ name: string; kind: QuoteFact['speakerKind']; quote_count: number; key: string }>(
        `SELECT name, kind, quote_count, key FROM speakers WHERE corpus_id = $1 AND key = ANY($2::text[])`,
        params([this.corpusId, keys]),
      );
      for (const r of rows) if (!byKey.has(r.key)) byKey.set(r.key, { name: r.name, kind: r.kind, quotes: r.quote_count });
    }
    return queries.map((_, i) => {
      const out: SpeakerRef[] = [];
      const add = (s: SpeakerRef | undefined) => {
        if (s && !out.some((o) => o.name === s.name)) out.push(s);
      };
      for (const p of people[i]) add(byKey.get(speakerKey(p.name)));
      for (const s of matched[i]) add(s);
      return out;
    });
  }

  /** As QuoteIndex.matchSpeakers: names holding every word, exactly; else by prefix or typo (named speakers only). */
  private async matchSpeakers(query: string): Promise<SpeakerRef[]> {
    const terms = queryTerms(noNul(query)).filter(indexable);
    if (!terms.length) return [];
    // Prefixes and typos only when no name holds the words as they are (as the memory store).
    const hits = (await this.speakersSearch.search(terms.join(' '), 50, 1)).filter((h) => h.matched === terms.length);
    const exact = hits.filter((h) => h.terms.every((t) => terms.includes(t)));
    const chosen = exact.length ? exact : hits.filter((h) => h.row.kind !== 'anonymous');
    return chosen
      .map((h) => ({ h, score: h.score * (1 + Math.log1p(Number(h.row.quote_count)) / 4) }))
      .sort((a, b) => b.score - a.score)
      .slice(0, PERSON_MATCHES)
      .map(({ h }) => ({ name: String(h.row.name), kind: h.row.kind as QuoteFact['speakerKind'], quotes: Number(h.row.quote_count) }));
  }

  async quotesBy(speaker: string, limit: number): Promise<{ quotes: QuoteFound[]; total: number }> {
    const { rows } = await this.pool.query<PlaceRow & { quote: number; fact: QuoteFact; total: number }>(
      `SELECT q.quote, q.fact, s.quote_count AS total, ${PLACE_COLUMNS}
       FROM speakers s
       LEFT JOIN LATERAL (SELECT * FROM quotes q WHERE q.corpus_id = s.corpus_id AND q.speaker = s.speaker ORDER BY q.quote LIMIT $3) q ON true
       LEFT JOIN paragraphs p ON p.corpus_id = s.corpus_id AND p.doc = q.doc AND p.n = (q.fact->>'paragraph')::int
       LEFT JOIN documents d ON d.corpus_id = s.corpus_id AND d.doc = q.doc
       WHERE s.corpus_id = $1 AND s.key = $2
       ORDER BY q.quote`,
      params([this.corpusId, speakerKey(speaker), Math.max(0, limit)]),
    );
    if (!rows.length) return { quotes: [], total: 0 };
    return {
      quotes: rows.filter((r) => r.quote !== null).map((r) => ({ id: r.quote, fact: r.fact, ...placeFrom(r) })),
      total: rows[0].total,
    };
  }

  async searchQuotes(query: string, opts: { limit: number; speaker?: string }): Promise<QuoteHit[]> {
    const search =
      opts.speaker === undefined
        ? this.quotesSearch
        : new PgTermSearch(
            this.pool,
            this.corpusId,
            {
              field: FIELDS.quotes,
              from: 'quotes x',
              key: ['x.quote'],
              where: `x.speaker = (SELECT speaker FROM speakers WHERE corpus_id = $1 AND key = $P1)`,
              params: [speakerKey(opts.speaker)],
              select: `x.quote, x.fact->>'text' AS q_text, x.fact->>'speaker' AS q_speaker`,
            },
            () => this.meta.fields.quotes,
          );
    const hits = await search.search(query, opts.limit);
    return hits.map((h) => ({
      id: Number(h.row.quote),
      score: h.score,
      text: String(h.row.q_text),
      speaker: (h.row.q_speaker as string | null) ?? null,
    }));
  }

  async quotes(ids: readonly number[]): Promise<QuoteFound[]> {
    const wanted = ids.filter((id) => Number.isInteger(id) && id >= 0 && id <= 2 ** 31 - 1);
    if (!wanted.length) return [];
    const { rows } = await this.pool.query<PlaceRow & { quote: number; fact: QuoteFact }>(
      `SELECT q.quote, q.fact, ${PLACE_COLUMNS} FROM quotes q
       JOIN paragraphs p ON p.corpus_id = q.corpus_id AND p.doc = q.doc AND p.n = (q.fact->>'paragraph')::int
       JOIN documents d ON d.corpus_id = q.corpus_id AND d.doc = q.doc
       WHERE q.corpus_id = $1 AND q.quote = ANY($2::int[])`,
      params([this.corpusId, wanted]),
    );
    const byId = new Map(rows.map((r) => [r.quote, r]));
    return wanted.flatMap((id) => {
      const r = byId.get(id);
      return r ? [{ id, fact: r.fact, ...placeFrom(r) }] : [];
    });
  }

  async speakerNames(prefix: string, limit: number): Promise<SpeakerRef[]> {
    const n = Math.max(0, Math.min(limit, AUTOCOMPLETE_MAX));
    const terms = queryTerms(noNul(prefix)).filter(indexable);
    const { rows } = await this.pool.query<{ name: string; kind: QuoteFact['speakerKind']; quote_count: number }>(
      terms.length
        ? `SELECT name, kind, quote_count FROM speakers WHERE corpus_id = $1 AND kind <> 'anonymous' AND tsv @@ $2::tsquery
           ORDER BY quote_count DESC, name COLLATE "C" LIMIT $3`
        : `SELECT name, kind, quote_count FROM speakers WHERE corpus_id = $1 AND kind <> 'anonymous' AND $2 = ''
           ORDER BY quote_count DESC, name COLLATE "C" LIMIT $3`,
      params([this.corpusId, terms.map((t) => `${lexeme(t)}:*`).join(' & '), n]),
    );
    return rows.map((r) => ({ name: r.name, kind: r.kind, quotes: r.quote_count }));
  }

  // ------------------------------------------------------------ passages

  async searchPassages(query: string, limit: number): Promise<PassageFound[]> {
    const hits = await this.passagesSearch.search(query, limit);
    return hits.map((h) => ({ score: h.score, terms: h.terms, queryTerms: h.queryTerms, ...placeFrom(h.row as unknown as PlaceRow) }));
  }

  suggest(query: string, max: number): Promise<string[]> {
    return this.passagesSearch.suggest(query, max);
  }

  // ------------------------------------------------------------ documents

  async documentKeys(): Promise<{ id: string; hash: string }[]> {
    const { rows } = await this.pool.query<{ id: string; hash: string }>(
      `SELECT id, hash FROM documents WHERE corpus_id = $1 ORDER BY doc`,
      params([this.corpusId]),
    );
    return rows;
  }

  async documents(ids: readonly string[]): Promise<IngestedDoc[]> {
    if (!ids.length) return [];
    const { rows } = await this.pool.query<{
      id: string;
      meta: DocMeta;
      facts: IngestedDoc['facts'];
      removed_blocks: number;
      paragraphs: { n: number; text: string; heading: boolean; sentences: number[]; page: number | null }[];
    }>(
      `SELECT d.id, d.meta, d.facts, d.removed_blocks,
         (SELECT json_agg(json_build_object('n', p.n, 'text', p.text, 'heading', p.heading, 'sentences', p.sentences, 'page', p.page) ORDER BY p.n)
          FROM paragraphs p WHERE p.corpus_id = d.corpus_id AND p.doc = d.doc) AS paragraphs
       FROM documents d WHERE d.corpus_id = $1 AND d.id = ANY($2::text[])`,
      params([this.corpusId, [...ids]]),
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.flatMap((id) => {
      const r = byId.get(id);
      if (!r) return [];
      const paragraphs = (r.paragraphs ?? []).map((p) => paragraphFrom(p.n, p.text, p.heading, p.sentences, p.page));
      return [{ meta: r.meta, paragraphs, facts: r.facts, removedBlocks: r.removed_blocks }];
    });
  }

  async lookupDocuments(key: DocumentKey, limit: number): Promise<DocMeta[]> {
    // One indexed column per key (schema.sql: documents_id, documents_file, documents_hash, documents_url, documents_title).
    let where: string;
    let value: string;
    if ('id' in key) [where, value] = ['id = $2', key.id];
    else if ('file' in key) [where, value] = [`meta->>'file' = $2`, key.file];
    else if ('hash' in key) [where, value] = ['hash = $2', key.hash];
    else if ('url' in key) [where, value] = [`meta->>'url' = $2`, key.url];
    else if ('title' in key) [where, value] = ['lower(title) = lower($2)', key.title];
    else {
      const p = key.hashPrefix.toLowerCase();
      // A prefix shorter than 8 hex digits names too many documents to be meant as one.
      if (!/^[0-9a-f]{8,64}$/.test(p)) return [];
      [where, value] = ['hash LIKE $2', `${p}%`];
    }
    const { rows } = await this.pool.query<{ meta: DocMeta }>(
      `SELECT meta FROM documents WHERE corpus_id = $1 AND ${where} ORDER BY doc LIMIT $3`,
      params([this.corpusId, value, Math.max(0, limit)]),
    );
    return rows.map((r) => r.meta);
  }

  async skippedFile(file: string): Promise<Skipped | undefined> {
    const { rows } = await this.pool.query<{ s: Skipped }>(
      `SELECT s FROM corpus_meta, jsonb_array_elements(skipped) AS s WHERE corpus_id = $1 AND s->>'file' = $2 LIMIT 1`,
      params([this.corpusId, file]),
    );
    return rows[0]?.s;
  }

  async findDocuments(typed: string, limit: number): Promise<DocMeta[]> {
    const t = typed.trim().toLowerCase();
    const like = `%${t.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const { rows } = await this.pool.query<{ meta: DocMeta }>(
      t
        ? `SELECT meta FROM documents WHERE corpus_id = $1 AND lower(title || ' ' || (meta->>'file')) LIKE $2
             AND (lower(title) LIKE $2 OR lower(meta->>'file') LIKE $2) ORDER BY doc LIMIT $3`
        : `SELECT meta FROM documents WHERE corpus_id = $1 AND $2 <> '' IS NOT NULL ORDER BY doc LIMIT $3`,
      params([this.corpusId, like, Math.max(0, limit)]),
    );
    return rows.map((r) => r.meta);
  }
}
