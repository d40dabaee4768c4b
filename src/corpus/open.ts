/**
 * Where the App's corpus store comes from when it is not the memory store it builds itself:
 * CORPUS_STORE=postgres opens the PostgreSQL store (issue #21, part B fills this in).
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
 * The PostgreSQL corpus store, with the corpus directory brought into it. Until part B lands,
 * a clear refusal: the bot does not start on a store that cannot answer.
 */
export function openPostgresCorpus(opts: PostgresCorpusOptions): Promise<CorpusStore> {
  void opts;
  return Promise.reject(
    new CorpusStoreError('CORPUS_STORE=postgres is not available in this build yet (issue #21); use CORPUS_STORE=memory.'),
  );
}
