/**
 * Where the App's corpus store comes from when it is not the memory store it builds itself:
 * CORPUS_STORE=postgres opens the PostgreSQL store (src/corpus/postgres/, loaded only then).
 */
import type { LoadOptions } from '../load/index.js';
import type { CorpusStore } from './types.js';

/** What opening the database store needs: the corpus directory, how to read it, and the database that holds it. */
export interface PostgresCorpusOptions extends LoadOptions {
  databaseUrl: string;
  dataDir: string;
}

export class CorpusStoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CorpusStoreError';
  }
}

/**
 * The PostgreSQL corpus store, with the corpus directory brought into it: the stored corpus when
 * the database holds this directory's (nothing is read), else the directory loaded as the memory
 * store would load it and stored first. A database that cannot be used is a CorpusStoreError
 * naming it (without its password).
 */
export async function openPostgresCorpus(opts: PostgresCorpusOptions): Promise<CorpusStore> {
  const [{ openPostgresStore, PostgresCorpusError }, { loadCorpus }] = await Promise.all([
    import('./postgres/open.js'),
    import('../load/index.js'),
  ]);
  try {
    const { store } = await openPostgresStore({
      databaseUrl: opts.databaseUrl,
      dataDir: opts.dataDir,
      build: async () => (await loadCorpus(opts.dataDir, opts)).corpus,
    });
    return store;
  } catch (err) {
    if (err instanceof PostgresCorpusError) throw new CorpusStoreError(err.message);
    throw err;
  }
}
