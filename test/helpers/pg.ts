/**
 * PostgreSQL for tests: each test file creates its own empty databases on the server the `pg`
 * project's global setup provides, so files running in parallel never see each other's rows.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { openPostgresStore } from '../../src/corpus/postgres/open.js';
import { CORPUS_SCHEMA_VERSION } from '../../src/corpus/postgres/schema.js';
import { PostgresCorpusStore } from '../../src/corpus/postgres/store.js';
import { Corpus } from '../../src/index/corpus.js';
import type { IngestedDoc } from '../../src/ingest/index.js';
import { PostgresStore } from '../../src/state/postgres.js';
import { SqliteStore, type StateStore } from '../../src/state/index.js';

/** The server's URL, or '' when no PostgreSQL is available (then `pgMissing` says why). */
export const pgUrl: string = inject('pgUrl') ?? '';
export const pgMissing: string = inject('pgMissing') || (pgUrl ? '' : 'no PostgreSQL for this run (not in the pg project)');

const created: string[] = [];

async function admin<T>(work: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: pgUrl });
  await c.connect();
  try {
    return await work(c);
  } finally {
    await c.end();
  }
}

/** A new empty database; its URL. */
export async function freshDatabase(): Promise<string> {
  const name = `factdesk_t_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  created.push(name);
  const u = new URL(pgUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Drops the databases this file created (connections still open are ended). */
export async function dropDatabases(): Promise<void> {
  if (!created.length) return;
  await admin(async (c) => {
    while (created.length) await c.query(`DROP DATABASE IF EXISTS ${created.pop()} WITH (FORCE)`);
  });
}

/** A corpus store on a new database holding `docs` (the corpus a cold build makes of them); end its pool after. */
export async function corpusStoreOf(docs: IngestedDoc[], dataDir: string): Promise<PostgresCorpusStore> {
  const url = await freshDatabase();
  const corpus = new Corpus({ docs, skipped: [] });
  return (await openPostgresStore({ databaseUrl: url, dataDir, build: () => Promise.resolve(corpus) })).store;
}

/** The store's corpus read afresh from the database (what another replica would open). */
export async function reopened(store: PostgresCorpusStore): Promise<PostgresCorpusStore> {
  const again = await PostgresCorpusStore.open(store.pool, store.corpusId, CORPUS_SCHEMA_VERSION);
  if (!again) throw new Error(`corpus ${store.corpusId} is not in the database`);
  return again;
}

/** A state back-end for the tests that run on both stores. */
export interface StateBackend {
  name: string;
  /** A new, empty place for state; opening it twice gives two stores on the same state. */
  place(): Promise<string>;
  open(place: string): Promise<StateStore>;
}

/** SQLite always; PostgreSQL when a server is at hand (the caller reports `pgMissing` otherwise). */
export function stateBackends(prefix: string): StateBackend[] {
  const backends: StateBackend[] = [
    {
      name: 'sqlite',
      place: () => Promise.resolve(mkdtempSync(path.join(os.tmpdir(), prefix))),
      open: (dir) => Promise.resolve(SqliteStore.open(dir)),
    },
  ];
  if (pgUrl) backends.push({ name: 'postgres', place: freshDatabase, open: (url) => PostgresStore.open(url) });
  return backends;
}
