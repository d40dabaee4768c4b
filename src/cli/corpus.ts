/**
 * `npm run -s corpus -- load [--data DIR] | status`: the corpus in PostgreSQL (CORPUS_STORE=postgres,
 * DATABASE_URL). `load` reads the corpus directory as the bot would (the snapshot under STATE_DIR
 * when it is current) and replaces the stored corpus with it in one transaction; a bot started with
 * CORPUS_STORE=postgres then serves it without reading a document. `status` says what is stored.
 */
import { PostgresCorpusError, openPostgresStore, connectCorpusDatabase, DEFAULT_CORPUS_ID } from '../corpus/postgres/open.js';
import { PostgresCorpusStore } from '../corpus/postgres/store.js';
import { CORPUS_SCHEMA_VERSION } from '../corpus/postgres/schema.js';
import { loadCorpus } from '../load/index.js';
import { appOptions, parseArgs, runOneShot } from './args.js';

const USAGE = 'usage: npm run -s corpus -- load [--data DIR] | status   (needs DATABASE_URL)';

runOneShot(
  USAGE,
  async (args, config) => {
    // Flags may follow the verb (`load --data DIR`), as the usage line shows them.
    const [verb, ...after] = args.rest;
    const flags = parseArgs(after);
    if (flags.rest.length) {
      process.stderr.write(`${USAGE}\n`);
      return 2;
    }
    args.data ??= flags.data;
    if (verb !== 'load' && verb !== 'status') {
      process.stderr.write(`${USAGE}\n`);
      return 2;
    }
    if (!config.databaseUrl) {
      process.stderr.write('factdesk: DATABASE_URL is not set: the corpus is stored in that PostgreSQL database.\n');
      return 2;
    }
    const opts = appOptions(config, args);
    if (verb === 'status') {
      const pool = await connectCorpusDatabase(config.databaseUrl);
      try {
        const store = await PostgresCorpusStore.open(pool, DEFAULT_CORPUS_ID, CORPUS_SCHEMA_VERSION);
        if (!store) {
          process.stdout.write('No corpus is stored (or one of another schema version): run `npm run -s corpus -- load`.\n');
          return 1;
        }
        const s = await store.summary();
        process.stdout.write(
          `${store.source}: ${s.documents} documents, ${s.passages} passages, ${s.people} people, ${s.dates} dates, ${s.quotes} quotes\n`,
        );
        return 0;
      } finally {
        await pool.end();
      }
    }
    const started = performance.now();
    const { store, loaded } = await openPostgresStore({
      databaseUrl: config.databaseUrl,
      dataDir: opts.dataDir,
      reload: true,
      build: async () => (await loadCorpus(opts.dataDir, { maxBytes: opts.maxBytes, budget: opts.budget, stateDir: opts.stateDir })).corpus,
    });
    try {
      const s = await store.summary();
      const rows = Object.values(loaded?.rows ?? {}).reduce((a, n) => a + (n ?? 0), 0);
      process.stdout.write(
        `Stored ${s.documents} documents (${rows} rows) from ${opts.dataDir} in ${((performance.now() - started) / 1000).toFixed(1)} s ` +
          `(writing: ${((loaded?.ms ?? 0) / 1000).toFixed(1)} s).\n`,
      );
      return 0;
    } finally {
      await store.pool.end();
    }
  },
  { expected: (err) => err instanceof PostgresCorpusError },
);
