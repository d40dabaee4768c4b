/**
 * Opening the PostgreSQL corpus store: connect, apply the schema, and serve the stored corpus
 * when the database already holds this directory's corpus (the bot then reads no document);
 * otherwise build it with the loader and store it first. A database that cannot be reached is a
 * clear error naming where it was looked for, never with its password.
 */
import pg from 'pg';
import type { Corpus } from '../../index/corpus.js';
import { child } from '../../log.js';
import { safeUrl } from '../../state/postgres.js';
import { storeCorpus, type LoadReport } from './load.js';
import { CORPUS_SCHEMA_VERSION, migrate } from './schema.js';
import { PostgresCorpusStore } from './store.js';

const log = child('corpus-pg');

/** The corpus's key in every table (one database can hold several corpora). */
export const DEFAULT_CORPUS_ID = 'default';

export class PostgresCorpusError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PostgresCorpusError';
  }
}

/** A pool on the database with the schema applied; a clear error when it cannot be reached. */
export async function connectCorpusDatabase(databaseUrl: string): Promise<pg.Pool> {
  // A one-letter slip in a short name ("Sionetti") is about 0.5 word similarity: the default 0.6
  // would miss it. Set at connection start-up, so that no statement runs before it.
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: 8,
    connectionTimeoutMillis: 10_000,
    allowExitOnIdle: true,
    options: '-c pg_trgm.word_similarity_threshold=0.45',
  });
  // An idle client's error (the server restarting) must not end the process: the next query reconnects.
  pool.on('error', (err) => log.warn({ err: err.message }, 'corpus database connection lost'));
  try {
    await migrate(pool);
  } catch (err) {
    await pool.end().catch(() => undefined);
    const why = err instanceof Error ? err.message : String(err);
    throw new PostgresCorpusError(`cannot use the corpus database at ${safeUrl(databaseUrl)}: ${why}`, { cause: err });
  }
  return pool;
}

export interface OpenOptions {
  databaseUrl: string;
  /** The corpus directory: its corpus is served when stored, else built with `build` and stored. */
  dataDir: string;
  build: () => Promise<Corpus>;
  corpusId?: string;
  /** Build and store even when the database holds this corpus (`corpus load`). */
  reload?: boolean;
}

export interface Opened {
  store: PostgresCorpusStore;
  /** Set when the corpus was built and stored by this call. */
  loaded?: LoadReport;
}

export async function openPostgresStore(opts: OpenOptions): Promise<Opened> {
  const cid = opts.corpusId ?? DEFAULT_CORPUS_ID;
  const pool = await connectCorpusDatabase(opts.databaseUrl);
  try {
    let storedDocuments = 0;
    let storedSource: string | undefined;
    if (!opts.reload) {
      const stored = await PostgresCorpusStore.open(pool, cid, CORPUS_SCHEMA_VERSION);
      if (stored && stored.source === opts.dataDir) return { store: stored };
      if (stored) {
        storedSource = stored.source;
        storedDocuments = (await stored.summary()).documents;
        log.info({ stored: stored.source, dataDir: opts.dataDir }, 'the database holds another directory’s corpus: loading this one');
      }
    }
    const corpus = await opts.build();
    // A mistyped or unmounted DATA_DIR must not empty a shared corpus: only `corpus load` (reload) may.
    if (corpus.docs.length === 0 && storedDocuments > 0)
      throw new PostgresCorpusError(
        `${opts.dataDir} holds no documents; the database holds ${storedDocuments} from ${storedSource}, ` +
          'left as they are (run `npm run corpus -- load` to replace them on purpose)',
      );
    const loaded = await storeCorpus(pool, cid, corpus, opts.dataDir);
    log.info({ documents: loaded.documents, ms: Math.round(loaded.ms) }, 'corpus stored in PostgreSQL');
    const store = await PostgresCorpusStore.open(pool, cid, CORPUS_SCHEMA_VERSION);
    if (!store) throw new PostgresCorpusError('the corpus was stored but cannot be read back');
    return { store, loaded };
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw err;
  }
}
