/**
 * A changed, added or removed document in the PostgreSQL store, in one transaction: its own rows
 * (document, paragraphs, dated sentences and events, quotes) replaced, the word statistics BM25
 * reads adjusted, speakers' counts moved, and the people entries its names touch recomputed by
 * the same merge as a full load, over the documents that mention those entries.
 *
 * What a full load does that this does not: a date in the new document counted from an event in
 * another document ("two days after the election") stays unresolved until the next full load, and
 * the corpus-wide people merge is redone only for the entries the document's names touch (a lone
 * surname elsewhere that could now mean a new full name keeps its entry).
 */
import type pg from 'pg';
import { publicationSpan } from '../../extract/dates/calendar.js';
import { Corpus } from '../../index/corpus.js';
import { firmKeysOfDoc, hidesKey } from '../../index/firms.js';
import { nameKey } from '../../index/people.js';
import { speakerKey } from '../../index/quotes.js';
import type { IngestedDoc } from '../../ingest/index.js';
import type { CorpusSummary } from '../types.js';
import type { DocFormat } from '../../types.js';
import { copyRows, json } from './copy.js';
import { COLUMNS, dateRows, documentRows, newStats, paragraphRows, peopleParts, peopleRows, type Row, type Stats } from './rows.js';
import { analyse, FIELDS, type FieldName, type FieldSummary } from './text.js';

export interface ReplaceReport {
  replaced: number;
  added: number;
  removed: number;
  /** People entries recomputed, and the documents read to recompute them. */
  people: number;
  peopleDocuments: number;
  ms: number;
}

const MAX_CHAR = String.fromCodePoint(0x10ffff);

/** Per-document tables, children first. */
const DOC_TABLES = ['quotes', 'date_events', 'date_sentences', 'paragraphs', 'documents'] as const;

/** The tsvector columns per field, to count a document's words out of the statistics before its rows go. */
const FIELD_SOURCES: [FieldName, string, string][] = [
  ['passages', 'paragraphs', 'tsv'],
  ['titles', 'documents', 'title_tsv'],
  ['sentences', 'date_sentences', 'tsv'],
  ['quotes', 'quotes', 'tsv'],
];
const LENGTH_COLUMN: Record<string, string> = { tsv: 'len', title_tsv: 'title_len' };

export async function replaceDocuments(
  pool: pg.Pool,
  cid: string,
  changed: readonly IngestedDoc[],
  removedIds: readonly string[],
): Promise<ReplaceReport> {
  const t0 = performance.now();
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`corpus:${cid}`]);
    const meta = await c.query<{ fields: Record<FieldName, FieldSummary> }>(
      'SELECT fields FROM corpus_meta WHERE corpus_id = $1 FOR UPDATE',
      [cid],
    );
    if (!meta.rows[0]) throw new Error(`no corpus "${cid}" is stored: load it first`);
    const fields = meta.rows[0].fields;
    const ids = [...new Set([...changed.map((d) => d.meta.id), ...removedIds])];
    const { rows: old } = await c.query<{ doc: number; id: string }>(
      'SELECT doc, id FROM documents WHERE corpus_id = $1 AND id = ANY($2::text[])',
      [cid, ids],
    );
    const oldNum = new Map(old.map((r) => [r.id, r.doc]));
    const oldDocs = old.map((r) => r.doc);
    let next = (await c.query<{ n: number }>('SELECT coalesce(max(doc), -1) + 1 AS n FROM documents WHERE corpus_id = $1', [cid])).rows[0]
      .n;
    const nums = changed.map((d) => oldNum.get(d.meta.id) ?? next++);

    // People touched: the old documents' entries, and entries that the new documents' names, aliases or lone surnames name.
    const keys = new Set<string>();
    const surnames = new Set<string>();
    for (const d of changed)
      for (const f of d.facts.people) {
        keys.add(nameKey(f.name));
        for (const a of f.aliases) keys.add(nameKey(a));
        if (f.kind === 'person' && !f.name.includes(' ')) surnames.add(nameKey(f.name));
      }
    const { rows: touched } = await c.query<{ entry: number }>(
      `SELECT entry FROM people_docs WHERE corpus_id = $1 AND doc = ANY($2::int[])
       UNION SELECT entry FROM people_keys WHERE corpus_id = $1 AND key = ANY($3::text[])
       UNION SELECT entry FROM people_prefixes WHERE corpus_id = $1 AND key = ANY($4::text[])`,
      [cid, oldDocs, [...keys], [...surnames]],
    );
    const entries = touched.map((r) => r.entry);
    const oldPrefixes = await namePrefixes(c, cid, entries);

    // Statistics out: the words of the rows that go, and the name words of the entries that go.
    for (const [field, table, col] of FIELD_SOURCES) await countOut(c, cid, fields, field, table, col, oldDocs);
    await c.query(
      `UPDATE terms t SET df = t.df - x.n FROM (
         SELECT w AS term, count(*)::int AS n FROM people e,
           LATERAL (SELECT DISTINCT w FROM unnest(string_to_array(e.name_text, ' ')) AS w WHERE w <> '' AND w <> '|') ws
         WHERE e.corpus_id = $1 AND e.entry = ANY($2::int[]) GROUP BY w) x
       WHERE t.corpus_id = $1 AND t.field = 'n' AND t.term = x.term`,
      [cid, entries],
    );
    fields.names = { documents: Math.max(0, fields.names.documents - entries.length), avgLength: fields.names.avgLength };
    // Speakers lose the quotes that go.
    await c.query(
      `UPDATE speakers s SET quote_count = s.quote_count - x.n FROM (
         SELECT speaker, count(*)::int AS n FROM quotes WHERE corpus_id = $1 AND doc = ANY($2::int[]) AND speaker IS NOT NULL GROUP BY speaker) x
       WHERE s.corpus_id = $1 AND s.speaker = x.speaker`,
      [cid, oldDocs],
    );
    await reviseFirms(c, cid, oldDocs, changed);
    for (const t of DOC_TABLES) await c.query(`DELETE FROM ${t} WHERE corpus_id = $1 AND doc = ANY($2::int[])`, [cid, oldDocs]);

    // The new documents' own rows, numbered after the stored ones.
    const stats = newStats();
    const corpus = new Corpus({ docs: [...changed], skipped: [] });
    const num = (i: number) => nums[i];
    await copyRows(c, 'documents', COLUMNS.documents, documentRows(cid, corpus.docs, num, stats));
    await copyRows(c, 'paragraphs', COLUMNS.paragraphs, paragraphRows(cid, corpus.docs, num, stats));
    const base = async (table: string, col: string) =>
      (await c.query<{ n: number }>(`SELECT coalesce(max(${col}), -1) + 1 AS n FROM ${table} WHERE corpus_id = $1`, [cid])).rows[0].n;
    const dates = dateRows(cid, corpus, num, stats, {
      sentence: await base('date_sentences', 'sentence'),
      event: await base('date_events', 'event'),
    });
    await copyRows(c, 'date_sentences', COLUMNS.date_sentences, dates.date_sentences());
    await copyRows(c, 'date_events', COLUMNS.date_events, dates.date_events());
    await writeQuotes(c, cid, corpus, num, stats, await base('quotes', 'quote'));

    // People: the touched entries recomputed over the documents that mention them.
    const people = await recomputePeople(c, cid, entries, oldDocs, changed, nums, stats);
    // The lists of every prefix the old or new names start with (and the empty prefix: the most mentioned of all).
    const prefixes = [...new Set(['', ...oldPrefixes, ...people.prefixes])];
    await c.query('DELETE FROM people_top_prefix WHERE corpus_id = $1 AND prefix = ANY($2::text[])', [cid, prefixes]);
    await c.query(
      `INSERT INTO people_top_prefix (corpus_id, prefix, entries)
       SELECT $1, p.prefix, t.entries FROM unnest($2::text[]) AS p(prefix) CROSS JOIN LATERAL (
         SELECT array_agg(entry ORDER BY r) AS entries FROM (
           SELECT e.entry, row_number() OVER (ORDER BY e.mention_count DESC, e.doc_count DESC, e.name COLLATE "C") AS r
           FROM (SELECT DISTINCT entry FROM people_prefixes WHERE corpus_id = $1 AND key >= p.prefix AND key < p.prefix || $3) k
           JOIN people e ON e.corpus_id = $1 AND e.entry = k.entry
           ORDER BY r LIMIT 25) top
       ) t WHERE t.entries IS NOT NULL`,
      [cid, prefixes, MAX_CHAR],
    );

    // Statistics in, and what /about and the timeline read.
    await countIn(c, cid, fields, stats);
    await c.query(`DELETE FROM terms WHERE corpus_id = $1 AND df <= 0`, [cid]);
    await c.query(`DELETE FROM speakers WHERE corpus_id = $1 AND quote_count <= 0`, [cid]);
    await refreshMeta(c, cid, fields);
    await c.query('COMMIT');
    const removed = removedIds.filter((id) => oldNum.has(id) && !changed.some((d) => d.meta.id === id)).length;
    return {
      replaced: changed.filter((d) => oldNum.has(d.meta.id)).length,
      added: changed.filter((d) => !oldNum.has(d.meta.id)).length,
      removed,
      people: people.entries,
      peopleDocuments: people.documents,
      ms: performance.now() - t0,
    };
  } catch (err) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    c.release();
  }
}

/**
 * The firm counts (issue #16, src/index/firms.ts) with the old documents' keys out and the new
 * ones' in: a statement per change, over the keys the documents hold.
 */
async function reviseFirms(c: pg.PoolClient, cid: string, oldDocs: readonly number[], changed: readonly IngestedDoc[]): Promise<void> {
  const { rows } = await c.query<{ facts: Pick<IngestedDoc['facts'], 'people' | 'firms'> }>(
    `SELECT jsonb_build_object('people', facts->'people', 'firms', coalesce(facts->'firms', '[]'::jsonb)) AS facts
     FROM documents WHERE corpus_id = $1 AND doc = ANY($2::int[])`,
    [cid, oldDocs],
  );
  const delta = new Map<string, [number, number, number]>();
  const add = (facts: Pick<IngestedDoc['facts'], 'people' | 'firms'>, by: number) => {
    const keys = firmKeysOfDoc(facts);
    (['firm', 'sure', 'weak'] as const).forEach((kind, i) => {
      for (const k of keys[kind]) (delta.get(k) ?? delta.set(k, [0, 0, 0]).get(k)!)[i] += by;
    });
  };
  for (const r of rows) add(r.facts, -1);
  for (const d of changed) add(d.facts, 1);
  const keys = [...delta].filter(([, n]) => n.some((x) => x !== 0)).map(([k]) => k);
  if (!keys.length) return;
  // The stored counts of those keys, the deltas added, the rule applied again in code.
  const { rows: stored } = await c.query<{ key: string; firm: number; sure: number; weak: number }>(
    'SELECT key, firm, sure, weak FROM people_firms WHERE corpus_id = $1 AND key = ANY($2::text[])',
    [cid, keys],
  );
  const now = new Map(stored.map((r) => [r.key, [r.firm, r.sure, r.weak]]));
  const next = keys.map((k) => {
    const d = delta.get(k)!;
    const n = now.get(k) ?? [0, 0, 0];
    return [k, n[0] + d[0], n[1] + d[1], n[2] + d[2]] as const;
  });
  await c.query('DELETE FROM people_firms WHERE corpus_id = $1 AND key = ANY($2::text[])', [cid, keys]);
  const live = next.filter((n) => n[1] > 0 || n[2] > 0 || n[3] > 0);
  if (!live.length) return;
  await c.query(
    `INSERT INTO people_firms (corpus_id, key, firm, sure, weak, hides)
     SELECT $1, k, f, s, w, h FROM unnest($2::text[], $3::int[], $4::int[], $5::int[], $6::bool[]) AS x(k, f, s, w, h)`,
    [
      cid,
      live.map((n) => n[0]),
      live.map((n) => n[1]),
      live.map((n) => n[2]),
      live.map((n) => n[3]),
      live.map((n) => hidesKey(n[0], n[1], n[2], n[3])),
    ],
  );
}

/** The prefixes of up to three letters of the entries' name words (whose autocomplete lists may change). */
async function namePrefixes(c: pg.ClientBase, cid: string, entries: number[]): Promise<string[]> {
  const { rows } = await c.query<{ name_text: string }>('SELECT name_text FROM people WHERE corpus_id = $1 AND entry = ANY($2::int[])', [
    cid,
    entries,
  ]);
  const out = new Set<string>();
  for (const r of rows)
    for (const w of r.name_text.split(' ')) if (w && w !== '|') for (let n = 1; n <= 3 && n <= w.length; n++) out.add(w.slice(0, n));
  return [...out];
}

/** Takes the words of some documents' rows out of a field's statistics. */
async function countOut(
  c: pg.ClientBase,
  cid: string,
  fields: Record<FieldName, FieldSummary>,
  field: FieldName,
  table: string,
  col: string,
  docs: number[],
): Promise<void> {
  const len = LENGTH_COLUMN[col];
  const { rows } = await c.query<{ n: number; total: number }>(
    `SELECT count(*)::int AS n, coalesce(sum(${len}), 0)::float8 AS total FROM ${table} WHERE corpus_id = $1 AND doc = ANY($2::int[]) AND ${col} IS NOT NULL`,
    [cid, docs],
  );
  const f = fields[field];
  const n = f.documents - rows[0].n;
  fields[field] = { documents: n, avgLength: n > 0 ? (f.avgLength * f.documents - rows[0].total) / n : 0 };
  await c.query(
    `UPDATE terms t SET df = t.df - x.n FROM (
       SELECT u.lexeme AS term, count(*)::int AS n FROM ${table} r, unnest(r.${col}) AS u
       WHERE r.corpus_id = $1 AND r.doc = ANY($2::int[]) GROUP BY u.lexeme) x
     WHERE t.corpus_id = $1 AND t.field = $3 AND t.term = x.term`,
    [cid, docs, FIELDS[field]],
  );
}

/** Adds the new rows' words to the statistics. */
async function countIn(c: pg.ClientBase, cid: string, fields: Record<FieldName, FieldSummary>, stats: Stats): Promise<void> {
  const field: string[] = [];
  const term: string[] = [];
  const df: number[] = [];
  for (const name of Object.keys(FIELDS) as FieldName[]) {
    const s = stats[name];
    if (s.documents) {
      const f = fields[name];
      const n = f.documents + s.documents;
      fields[name] = { documents: n, avgLength: (f.avgLength * f.documents + s.avgLength * s.documents) / n };
    }
    for (const [t, n] of s.df) {
      field.push(FIELDS[name]);
      term.push(t);
      df.push(n);
    }
  }
  await c.query(
    `INSERT INTO terms (corpus_id, field, term, df) SELECT $1, f, t, n FROM unnest($2::text[], $3::text[], $4::int[]) AS x(f, t, n)
     ON CONFLICT (corpus_id, field, term) DO UPDATE SET df = terms.df + excluded.df`,
    [cid, field, term, df],
  );
}

/** The new documents' quotes, their speakers found by name key or added. */
async function writeQuotes(
  c: pg.ClientBase,
  cid: string,
  corpus: Corpus,
  num: (i: number) => number,
  stats: Stats,
  firstQuote: number,
): Promise<void> {
  const q = corpus.quotes;
  if (!q.quotes.length) return;
  const keys = q.speakers.map((s) => speakerKey(s.name));
  const { rows } = await c.query<{ speaker: number; key: string }>(
    'SELECT speaker, key FROM speakers WHERE corpus_id = $1 AND key = ANY($2::text[])',
    [cid, keys],
  );
  const known = new Map(rows.map((r) => [r.key, r.speaker]));
  let next = (await c.query<{ n: number }>('SELECT coalesce(max(speaker), -1) + 1 AS n FROM speakers WHERE corpus_id = $1', [cid])).rows[0]
    .n;
  const ids = q.speakers.map((s, i) => known.get(keys[i]) ?? next++);
  const fresh: Row[] = [];
  q.speakers.forEach((s, i) => {
    if (known.has(keys[i])) return;
    const a = analyse(s.name);
    stats.speakers.add(a);
    fresh.push([cid, ids[i], s.name, keys[i], s.kind, 0, a.tsv, a.len]);
  });
  await copyRows(c, 'speakers', COLUMNS.speakers, fresh);
  const speakerOf = new Map<number, number>();
  for (const s of q.speakers) for (const id of s.quotes) speakerOf.set(id, ids[s.id]);
  const quoteRows: Row[] = q.quotes.map((e, i) => {
    const a = analyse(e.fact.text);
    stats.quotes.add(a);
    return [cid, firstQuote + i, num(e.doc), speakerOf.get(i) ?? null, json(e.fact), a.tsv, a.len];
  });
  await copyRows(c, 'quotes', COLUMNS.quotes, quoteRows);
  await c.query(
    `UPDATE speakers s SET quote_count = s.quote_count + x.n FROM (SELECT unnest($2::int[]) AS speaker, unnest($3::int[]) AS n) x
     WHERE s.corpus_id = $1 AND s.speaker = x.speaker`,
    [cid, q.speakers.map((s) => ids[s.id]), q.speakers.map((s) => s.quotes.length)],
  );
}

/**
 * The touched entries built again, by the people index's own merge, from the documents that
 * mention them (only their facts that named a touched entry there) and the new documents (all
 * their facts); their rows replaced, with new entry numbers.
 */
async function recomputePeople(
  c: pg.ClientBase,
  cid: string,
  entries: number[],
  oldDocs: number[],
  changed: readonly IngestedDoc[],
  nums: number[],
  stats: Stats,
): Promise<{ entries: number; documents: number; prefixes: string[] }> {
  const { rows } = await c.query<{
    doc: number;
    id: string;
    published: string | null;
    people: IngestedDoc['facts']['people'];
    names: string[];
  }>(
    `SELECT d.doc, d.id, d.published, d.facts->'people' AS people,
       (SELECT array_agg(n.key) FROM people_doc_names n WHERE n.corpus_id = d.corpus_id AND n.doc = d.doc AND n.entry = ANY($2::int[])) AS names
     FROM documents d WHERE d.corpus_id = $1 AND d.doc IN (SELECT doc FROM people_docs WHERE corpus_id = $1 AND entry = ANY($2::int[]))
       AND NOT d.doc = ANY($3::int[]) AND NOT d.doc = ANY($4::int[])
     ORDER BY d.doc`,
    [cid, entries, oldDocs, nums],
  );
  for (const t of ['people_docs', 'people_doc_names', 'people_prefixes', 'people_keys', 'people'])
    await c.query(`DELETE FROM ${t} WHERE corpus_id = $1 AND entry = ANY($2::int[])`, [cid, entries]);
  // Documents in corpus order: the merge's results (first mentions, ties) depend on it.
  const stubs: { num: number; doc: IngestedDoc }[] = rows.map((r) => {
    const names = new Set(r.names ?? []);
    const facts = r.people.filter((f) => names.has(nameKey(f.name)));
    return { num: r.doc, doc: stub(r.id, r.published, facts) };
  });
  changed.forEach((d, i) => stubs.push({ num: nums[i], doc: stub(d.meta.id, d.meta.published ?? null, d.facts.people) }));
  stubs.sort((a, b) => a.num - b.num);
  const index = new Corpus({ docs: stubs.map((s) => s.doc), skipped: [] }).people;
  const first = (await c.query<{ n: number }>('SELECT coalesce(max(entry), -1) + 1 AS n FROM people WHERE corpus_id = $1', [cid])).rows[0]
    .n;
  const parts = peopleParts({ people: index });
  const tables = peopleRows(
    cid,
    parts,
    (i) => stubs[i].num,
    stats,
    (id) => first + id,
  );
  for (const t of ['people', 'people_keys', 'people_prefixes', 'people_doc_names', 'people_docs'] as const)
    await copyRows(c, t, COLUMNS[t], tables[t]());
  const prefixes = new Set<string>();
  for (const text of parts.nameText)
    for (const w of text.split(' ')) if (w && w !== '|') for (let n = 1; n <= 3 && n <= w.length; n++) prefixes.add(w.slice(0, n));
  return { entries: parts.entries.length, documents: rows.length, prefixes: [...prefixes] };
}

function stub(id: string, published: string | null, people: IngestedDoc['facts']['people']): IngestedDoc {
  return {
    meta: { id, file: id, title: '', metadata: {}, hash: '', format: 'md', ...(published ? { published } : {}) },
    paragraphs: [],
    facts: { people, dates: [], quotes: [] },
    removedBlocks: 0,
  };
}

/** Summary, newest publication and timeline count after a change, from the rows. */
async function refreshMeta(c: pg.ClientBase, cid: string, fields: Record<FieldName, FieldSummary>): Promise<void> {
  const { rows: pub } = await c.query<{ published: string }>(
    `SELECT DISTINCT published FROM documents WHERE corpus_id = $1 AND published IS NOT NULL
       AND left(published, 4) = (SELECT max(left(published, 4)) FROM documents WHERE corpus_id = $1 AND published ~ '^\\d{4}')`,
    [cid],
  );
  let latest: number | null = null;
  for (const r of pub) {
    const s = publicationSpan(r.published);
    if (s && (latest === null || s.end > latest)) latest = s.end;
  }
  const { rows } = await c.query<{
    documents: number;
    passages: number;
    people: number;
    dates: number;
    quotes: number;
    formats: Partial<Record<DocFormat, number>> | null;
    pfrom: string | null;
    pto: string | null;
    efrom: string | null;
    eto: string | null;
    timeline: number;
    summary: CorpusSummary;
  }>(
    `SELECT
       (SELECT count(*)::int FROM documents WHERE corpus_id = $1) AS documents,
       (SELECT count(*)::int FROM paragraphs WHERE corpus_id = $1 AND NOT heading) AS passages,
       (SELECT count(*)::int FROM people WHERE corpus_id = $1) AS people,
       (SELECT count(*)::int FROM date_events WHERE corpus_id = $1) AS dates,
       (SELECT count(*)::int FROM quotes WHERE corpus_id = $1) AS quotes,
       (SELECT json_object_agg(format, n) FROM (SELECT format, count(*)::int AS n FROM documents WHERE corpus_id = $1 GROUP BY format) f) AS formats,
       (SELECT min(published COLLATE "C") FROM documents WHERE corpus_id = $1) AS pfrom,
       (SELECT max(published COLLATE "C") FROM documents WHERE corpus_id = $1) AS pto,
       (SELECT date FROM date_events WHERE corpus_id = $1 AND is_event ORDER BY start_day, end_day, event LIMIT 1) AS efrom,
       (SELECT date FROM date_events WHERE corpus_id = $1 AND is_event ORDER BY end_day DESC, start_day, event LIMIT 1) AS eto,
       (SELECT count(*)::int FROM date_events WHERE corpus_id = $1 AND is_event AND ($2::int IS NULL OR start_day <= $2)) AS timeline,
       (SELECT summary FROM corpus_meta WHERE corpus_id = $1) AS summary`,
    [cid, latest],
  );
  const r = rows[0];
  const summary: CorpusSummary = {
    documents: r.documents,
    passages: r.passages,
    people: r.people,
    dates: r.dates,
    quotes: r.quotes,
    skipped: r.summary.skipped,
    skippedFiles: r.summary.skippedFiles,
    formats: r.formats ?? {},
  };
  if (r.pfrom !== null && r.pto !== null) summary.published = { from: r.pfrom, to: r.pto };
  if (r.efrom !== null && r.eto !== null) {
    const parts = r.eto.split('/');
    summary.eventDates = { from: r.efrom.split('/')[0], to: parts[parts.length - 1] };
  }
  await c.query(
    `UPDATE corpus_meta SET fields = $2, latest_published = $3, timeline_total = $4, summary = $5, loaded_at = now() WHERE corpus_id = $1`,
    [cid, JSON.stringify(fields), latest, r.timeline, JSON.stringify(summary)],
  );
}
