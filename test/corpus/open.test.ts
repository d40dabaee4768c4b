/**
 * CORPUS_STORE=postgres with a database that cannot be reached: the App does not start, and says
 * where it looked (without the password) instead of crashing or serving nothing.
 */
import { describe, expect, it } from 'vitest';
import { App } from '../../src/app.js';
import { CorpusStoreError, openPostgresCorpus } from '../../src/corpus/open.js';
import { DATA } from '../helpers/corpus.js';

// Port 1 on loopback: nothing listens there, so the connection is refused at once.
const URL = 'postgres://factdesk:s3cret-pw@127.0.0.1:1/factdesk';

describe('opening the PostgreSQL corpus store', () => {
  it('refuses a database it cannot reach with a clear error that hides the password', async () => {
    const err = await openPostgresCorpus({ databaseUrl: URL, dataDir: DATA, maxBytes: 1 << 20 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CorpusStoreError);
    const message = (err as Error).message;
    expect(message).toMatch(/cannot use the corpus database at postgres:\/\/factdesk:\*\*\*@127\.0\.0\.1:1\/factdesk/);
    expect(message).not.toMatch(/s3cret/);
  });

  it('keeps the App from starting on it', async () => {
    await expect(App.start({ dataDir: DATA, maxBytes: 1 << 20, corpusStore: 'postgres', databaseUrl: URL })).rejects.toThrow(
      CorpusStoreError,
    );
  });
});
