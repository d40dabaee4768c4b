/**
 * Writing a corpus into the PostgreSQL store: every row of every table with COPY, in one
 * transaction, so that a reader sees the old corpus or the new one, never half of each. The rows
 * are what the in-memory indexes computed (rows.ts); the corpus is built by the loader as for the
 * memory store, once, by whoever fills the store (`npm run -s corpus -- load`).
 */
import type pg from 'pg';
import { SKIPPED_LISTED, type CorpusSummary } from '../types.js';
import { copyRows } from './copy.js';
import {
  COLUMNS,
  dateRows,
  documentRows,
  firmRows,
  newStats,
  paragraphRows,
  peopleParts,
  peopleRows,
  quoteRows,
  summaries,
  termRows,
  type Table,
} from './rows.js';
import type { Storable } from './rows.js';
import { CORPUS_SCHEMA_VERSION } from './schema.js';
import type { DocFormat } from '../../types.js';

/** Tables that hold a corpus's rows, children first (the order they are cleared in). */
export const CORPUS_TABLES: readonly Table[] = [
  'terms',
  'quotes',
  'speakers',
  'date_events',
  'date_sentences',
  'people_firms',
  'people_docs',
  'people_doc_names',
  'people_top_prefix',
  'people_prefixes',
  'people_keys',
  'people',
  'paragraphs',
  'documents',
];

export interface LoadReport {
  documents: number;
  rows: Partial<Record<Table, number>>;
  ms: number;
}

/** What /about says of a corpus, as the memory store computes it (Corpus.stats, MemoryCorpusStore.summary). */
export function summaryOf(corpus: Storable): CorpusSummary {
  const formats: Partial<Record<DocFormat, number>> = {};
  let passages = 0;
  let from: string | undefined;
  let to: string | undefined;
  for (const d of corpus.docs) {
    formats[d.meta.format] = (formats[d.meta.format] ?? 0) + 1;
    for (const p of d.paragraphs) if (!p.heading) passages++;
    const p = d.meta.published;
    if (!p) continue;
    if (from === undefined || p < from) from = p;
    if (to === undefined || p > to) to = p;
  }
  const eventDates = corpus.dates.range;
  return {
    documents: corpus.docs.length,
    passages,
    people: corpus.people.size,
    dates: corpus.dates.size,
    quotes: corpus.quotes.size,
    skipped: corpus.skipped.length,
    skippedFiles: corpus.skipped.slice(0, SKIPPED_LISTED),
    formats,
    ...(from !== undefined && to !== undefined ? { published: { from, to } } : {}),
    ...(eventDates ? { eventDates } : {}),
  };
}

/** Replaces the stored corpus `cid` with `corpus`, in one transaction. */
export async function storeCorpus(pool: pg.Pool, cid: string, corpus: Storable, source: string): Promise<LoadReport> {
  const t0 = performance.now();
  const c = await pool.connect();
  const rows: Partial<Record<Table, number>> = {};
  const stats = newStats();
  const num = (i: number) => i;
  const write = async (table: Table, gen: Iterable<readonly unknown[]>) => {
    rows[table] = await copyRows(c, table, COLUMNS[table], gen as Iterable<never>);
  };
  try {
    await c.query('BEGIN');
    // Two loads of one corpus at once: the second waits, then replaces the first's rows.
    await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`corpus:${cid}`]);
    for (const t of CORPUS_TABLES) await c.query(`DELETE FROM ${t} WHERE corpus_id = $1`, [cid]);
    await c.query('DELETE FROM corpus_meta WHERE corpus_id = $1', [cid]);
    await write('documents', documentRows(cid, corpus.docs, num, stats));
    await write('paragraphs', paragraphRows(cid, corpus.docs, num, stats));
    const people = peopleRows(cid, peopleParts(corpus), num, stats);
    for (const t of Object.keys(people) as (keyof typeof people)[]) await write(t, people[t]());
    await write('people_firms', firmRows(cid, corpus));
    const dates = dateRows(cid, corpus, num, stats);
    await write('date_sentences', dates.date_sentences());
    await write('date_events', dates.date_events());
    const quotes = quoteRows(cid, corpus, num, stats);
    await write('speakers', quotes.speakers());
    await write('quotes', quotes.quotes());
    await write('terms', termRows(cid, stats));
    const [head] = corpus.dates.toSnapshot() as [{ latestPublished: number | null }];
    const latest = head.latestPublished;
    const { rows: tl } = await c.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM date_events WHERE corpus_id = $1 AND is_event AND ($2::int IS NULL OR start_day <= $2)`,
      [cid, latest],
    );
    await c.query(
      `INSERT INTO corpus_meta (corpus_id, schema_version, source, loaded_at, fields, skipped, latest_published, timeline_total, summary)
       VALUES ($1, $2, $8, now(), $3, $4, $5, $6, $7)`,
      [
        cid,
        CORPUS_SCHEMA_VERSION,
        JSON.stringify(summaries(stats)),
        JSON.stringify(corpus.skipped),
        latest,
        tl[0].n,
        JSON.stringify(summaryOf(corpus)),
        source,
      ],
    );
    await c.query('COMMIT');
  } catch (err) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    c.release();
  }
  // Fresh statistics for the planner (a bulk load changes every table's size at once), and the
  // replaced rows cleared with the visibility maps set now (VACUUM, outside the transaction), so
  // that a freshly loaded corpus is not served while autovacuum catches up on it beside the
  // queries (Reuters x10: /search p99 156 ms right after a reload, 48 ms once vacuumed).
  for (const t of CORPUS_TABLES) await pool.query(`VACUUM (ANALYZE) ${t}`);
  return { documents: corpus.docs.length, rows, ms: performance.now() - t0 };
}
