/** Applies the corpus schema (schema.sql, idempotent) under an advisory lock, so that processes starting together apply it once. */
import { readFileSync } from 'node:fs';
import type pg from 'pg';

/** Bumped when the rows' meaning changes: a store written by another version is loaded again. */
export const CORPUS_SCHEMA_VERSION = 1;

/** An arbitrary constant: the lock that serialises schema changes of the corpus tables. */
const LOCK = 2_104_221;

let sql: string | undefined;

export async function migrate(pool: pg.Pool): Promise<void> {
  sql ??= readFileSync(new URL('./schema.sql', import.meta.url), 'utf8');
  const c = await pool.connect();
  try {
    await c.query('SELECT pg_advisory_lock($1)', [LOCK]);
    try {
      await c.query(sql);
    } finally {
      await c.query('SELECT pg_advisory_unlock($1)', [LOCK]);
    }
  } finally {
    c.release();
  }
}
