/**
 * Applies the corpus schema (schema.sql, idempotent) under an advisory lock, so that processes
 * starting together apply it once. A database that records this very schema text (its sha256 in
 * `corpus_schema`) is left alone: re-running two dozen statements that each take a lock was most
 * of a bot's start on a stored corpus; any edit of schema.sql changes the hash and applies it again.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type pg from 'pg';

/** Bumped when the rows' meaning changes: a store written by another version is loaded again. */
// 2: people_firms (issue #16).
export const CORPUS_SCHEMA_VERSION = 2;

/** An arbitrary constant: the lock that serialises schema changes of the corpus tables. */
const LOCK = 2_104_221;

let sql: string | undefined;

export async function migrate(pool: pg.Pool): Promise<void> {
  sql ??= readFileSync(new URL('./schema.sql', import.meta.url), 'utf8');
  const hash = createHash('sha256').update(sql).digest('hex');
  const c = await pool.connect();
  try {
    const applied = await c.query<{ ok: boolean }>(`SELECT to_regclass('corpus_schema') IS NOT NULL AS ok`);
    if (applied.rows[0].ok && (await c.query('SELECT 1 FROM corpus_schema WHERE hash = $1', [hash])).rowCount) return;
    await c.query('SELECT pg_advisory_lock($1)', [LOCK]);
    try {
      await c.query(sql);
      await c.query('CREATE TABLE IF NOT EXISTS corpus_schema (hash TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL)');
      await c.query('INSERT INTO corpus_schema (hash, applied_at) VALUES ($1, now()) ON CONFLICT (hash) DO NOTHING', [hash]);
    } finally {
      await c.query('SELECT pg_advisory_unlock($1)', [LOCK]);
    }
  } finally {
    c.release();
  }
}
