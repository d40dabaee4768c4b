/**
 * The corpus store contract on PostgreSQL (see contract.ts): the same questions as the memory
 * store gets in contract.test.ts, the same expectations on our own corpus, the seeds' answers
 * identical to the memory store's, and the top results of questions drawn from the seeds and a
 * sample of BBC articles held by both stores. Each corpus in a fresh database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryStore } from '../../src/corpus/memory.js';
import { openPostgresStore } from '../../src/corpus/postgres/open.js';
import type { PostgresCorpusStore } from '../../src/corpus/postgres/store.js';
import type { CorpusStore } from '../../src/corpus/types.js';
import type { Corpus } from '../../src/index/corpus.js';
import { corpusOf, DATA, mixedCorpus, tempCorpus } from '../helpers/corpus.js';
import { dropDatabases, freshDatabase, pgMissing, pgUrl } from '../helpers/pg.js';
import {
  ask,
  AUTOCOMPLETE,
  checkOwnChoices,
  checkOwnDocuments,
  choices,
  derivedLines,
  differences,
  OWN_CASES,
  nameLines,
  OWN_FILES,
  SEED_LINES,
} from './contract.js';

interface Pair {
  corpus: Corpus;
  memory: CorpusStore;
  postgres: PostgresCorpusStore;
}

const opened: PostgresCorpusStore[] = [];

/** The corpus of a directory in both stores (PostgreSQL loaded from the same Corpus, in a fresh database). */
async function both(dir: string): Promise<Pair> {
  const corpus = await corpusOf(dir);
  const { store } = await openPostgresStore({ databaseUrl: await freshDatabase(), dataDir: dir, build: () => Promise.resolve(corpus) });
  opened.push(store);
  return { corpus, memory: memoryStore(corpus), postgres: store };
}

describe.skipIf(!pgUrl)('corpus store contract: PostgreSQL', () => {
  let own: Pair;
  let seeds: Pair;
  let bbc: Pair;

  beforeAll(async () => {
    own = await both(tempCorpus(OWN_FILES));
    seeds = await both(DATA);
    bbc = await both(mixedCorpus(40));
  }, 240_000);

  afterAll(async () => {
    for (const s of opened) await s.pool.end();
    await dropDatabases();
  });

  describe('our own corpus', () => {
    for (const c of OWN_CASES) {
      it(c.line, async () => {
        c.expect(await ask(own.postgres, c.line));
      });
    }

    it('autocompletes names, speakers and documents', async () => {
      await checkOwnChoices(own.postgres);
    });

    it('names one document by id, file, hash, link or title, and says why a file was skipped', async () => {
      await checkOwnDocuments(own.postgres);
    });

    it('holds the memory store’s top results', async () => {
      const lines = [...OWN_CASES.map((c) => c.line), ...derivedLines(own.corpus)];
      expect(await differences(own.memory, own.postgres, lines, 'top-k')).toEqual([]);
    });
  });

  it('answers the seeds’ questions exactly as the memory store does', async () => {
    const lines = [...SEED_LINES, ...derivedLines(seeds.corpus)];
    expect(lines.length).toBeGreaterThan(40);
    expect(await differences(seeds.memory, seeds.postgres, lines, 'identical')).toEqual([]);
    for (const [command, option, typed] of AUTOCOMPLETE)
      expect(await choices(seeds.postgres, command, option, typed), `${command} ${typed}`).toEqual(
        await choices(seeds.memory, command, option, typed),
      );
  });

  it('holds the memory store’s top results on the seeds with BBC articles', async () => {
    const lines = derivedLines(bbc.corpus, 15);
    expect(await differences(bbc.memory, bbc.postgres, lines, 'top-k')).toEqual([]);
  });

  it('answers name look-ups on the seeds with BBC articles exactly as the memory store does (surnames, prefixes, typos)', async () => {
    const lines = nameLines(bbc.corpus);
    expect(lines.length).toBeGreaterThanOrEqual(60);
    expect(await differences(bbc.memory, bbc.postgres, lines, 'identical')).toEqual([]);
  });
});

describe.skipIf(!!pgUrl)('corpus store contract: PostgreSQL (skipped)', () => {
  it.skip(pgMissing, () => undefined);
});
