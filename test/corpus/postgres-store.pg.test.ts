/**
 * The PostgreSQL corpus store against the memory store on the same corpus (the seeds and a sample
 * of BBC articles): the questions are drawn from the corpus itself (its most mentioned names, a
 * prefix and a misspelling of each, words of its passages and dated sentences), so nothing here is
 * written for one sentence. Plus the store's own duties: loading twice replaces, a database that
 * is not there is a clear error without its password, an empty directory does not empty a stored
 * corpus, hostile queries are answered.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryStore } from '../../src/corpus/memory.js';
import { openPostgresStore, PostgresCorpusError } from '../../src/corpus/postgres/open.js';
import type { PostgresCorpusStore } from '../../src/corpus/postgres/store.js';
import type { CorpusStore } from '../../src/corpus/types.js';
import type { Corpus } from '../../src/index/corpus.js';
import { queryTerms } from '../../src/index/text.js';
import { corpusOf, mixedCorpus } from '../helpers/corpus.js';
import { dropDatabases, freshDatabase, pgMissing, pgUrl } from '../helpers/pg.js';

const round = (n: number) => Math.round(n * 1e6) / 1e6;
/** A hit with its score rounded: SQL and JavaScript may add the same terms in another order. */
const rounded = <T extends { score: number }>(h: T | undefined) => h && { ...h, score: round(h.score) };

describe.skipIf(!pgUrl)('PostgreSQL corpus store', () => {
  let corpus: Corpus;
  let mem: CorpusStore;
  let pgs: PostgresCorpusStore;
  let url: string;
  const dir = mixedCorpus(40);

  beforeAll(async () => {
    corpus = await corpusOf(dir);
    mem = memoryStore(corpus);
    url = await freshDatabase();
    pgs = (await openPostgresStore({ databaseUrl: url, dataDir: dir, build: () => Promise.resolve(corpus) })).store;
  }, 120_000);

  afterAll(async () => {
    await pgs?.pool.end();
    await dropDatabases();
  });

  /** The most mentioned names: what /who is asked most. */
  const names = () =>
    [...corpus.people.entries]
      .sort((a, b) => b.mentionCount - a.mentionCount || a.id - b.id)
      .slice(0, 12)
      .map((e) => e.name);

  /** Two-word queries from passages spread over the corpus. */
  const passageQueries = () => {
    const out: string[] = [];
    for (let i = 0; i < corpus.passages.length && out.length < 15; i += Math.max(1, Math.floor(corpus.passages.length / 15))) {
      const p = corpus.passages[i];
      const terms = queryTerms(corpus.paragraph(p.doc, p.paragraph).text).filter((t) => t.length > 4);
      if (terms.length >= 3) out.push(`${terms[0]} ${terms[2]}`);
    }
    return out;
  };

  it('has the same summary', async () => {
    expect(await pgs.summary()).toEqual(await mem.summary());
  });

  it('finds the same person, roles and places for names, surnames, prefixes and misspellings', async () => {
    for (const name of names()) {
      const words = name.split(' ');
      const last = words[words.length - 1];
      const typo = last.length >= 6 ? last.slice(0, 2) + last.slice(3) : last;
      for (const q of [name, last, name.slice(0, 4), typo]) {
        const [a, b] = [await mem.person(q, { roles: 10 }), await pgs.person(q, { roles: 10 })];
        expect(b.person?.name, q).toBe(a.person?.name);
        expect(b.person, q).toEqual(a.person);
      }
      expect(await pgs.personNames(name.slice(0, 2), 10), name).toEqual(await mem.personNames(name.slice(0, 2), 10));
      expect(await pgs.personNames(name.slice(0, 5), 10), name).toEqual(await mem.personNames(name.slice(0, 5), 10));
    }
  });

  it('ranks the same passages, scores included', async () => {
    const queries = passageQueries();
    expect(queries.length).toBeGreaterThan(5);
    for (const q of [...queries, 'Pakistan border', 'secrity']) {
      const [a, b] = [await mem.searchPassages(q, 20), await pgs.searchPassages(q, 20)];
      const key = (h: { citation: { docId: string; paragraph: number }; score: number }) =>
        `${h.citation.docId}#${h.citation.paragraph} ${round(h.score)}`;
      expect(b.map(key).sort(), q).toEqual(a.map(key).sort());
      expect(rounded(b[0]), q).toEqual(rounded(a[0]));
    }
  });

  it('finds the same dated sentences and timelines', async () => {
    const words = corpus.dates.sentences.slice(0, 40).flatMap((_, i) =>
      queryTerms(corpus.dates.text(i))
        .filter((t) => t.length > 5)
        .slice(0, 1),
    );
    for (const q of words.slice(0, 10)) {
      const [a, b] = [await mem.searchDated(q, 10), await pgs.searchDated(q, 10)];
      expect(b.map((h) => [h.text, h.citation, round(h.score)]).sort(), q).toEqual(
        a.map((h) => [h.text, h.citation, round(h.score)]).sort(),
      );
      expect(rounded(b[0]), q).toEqual(rounded(a[0]));
      expect(await pgs.timeline(q, 5), q).toEqual(await mem.timeline(q, 5));
    }
    expect(await pgs.timeline(undefined, 25)).toEqual(await mem.timeline(undefined, 25));
  });

  it('finds the same speakers and quotes', async () => {
    const speakers = corpus.quotes.speakers.filter((s) => s.kind === 'person').slice(0, 10);
    expect(speakers.length).toBeGreaterThan(2);
    for (const s of speakers) {
      const last = s.name.split(' ').pop()!;
      expect(
        (await pgs.speakers(last)).map((x) => x.name),
        last,
      ).toEqual((await mem.speakers(last)).map((x) => x.name));
      expect(await pgs.quotesBy(s.name, 3), s.name).toEqual(await mem.quotesBy(s.name, 3));
      const q = queryTerms(corpus.quotes.quotes[s.quotes[0]].fact.text).slice(0, 2).join(' ');
      const [a, b] = [await mem.searchQuotes(q, { limit: 10 }), await pgs.searchQuotes(q, { limit: 10 })];
      expect(b.map((h) => `${h.text} ${round(h.score)}`).sort(), q).toEqual(a.map((h) => `${h.text} ${round(h.score)}`).sort());
      const theirs = await pgs.searchQuotes(q, { limit: 10, speaker: s.name });
      expect(theirs.every((h) => h.speaker === s.name)).toBe(true);
      expect(theirs.length).toBeGreaterThan(0);
    }
    expect(await pgs.speakerNames('', 10)).toEqual(await mem.speakerNames('', 10));
  });

  it('gives whole documents, keys and document look-ups as the memory store does', async () => {
    const keys = await mem.documentKeys();
    expect(await pgs.documentKeys()).toEqual(keys);
    const ids = [keys[0].id, 'no such document', keys[keys.length - 1].id];
    expect(JSON.parse(JSON.stringify(await pgs.documents(ids)))).toEqual(JSON.parse(JSON.stringify(await mem.documents(ids))));
    for (const t of ['', 'bbc', 'PAKISTAN', '%', '_']) expect(await pgs.findDocuments(t, 5), t).toEqual(await mem.findDocuments(t, 5));
  });

  it('answers hostile and empty queries without failing', async () => {
    for (const q of ['', '   ', 'O\'Brien \\ "x" \' & | ! :*', '%_\\', '\u0000', 'a'.repeat(5000), '😀 ß Ñandú']) {
      await expect(pgs.searchPassages(q, 10)).resolves.toBeInstanceOf(Array);
      await expect(pgs.searchDated(q, 10)).resolves.toBeInstanceOf(Array);
      await expect(pgs.searchQuotes(q, { limit: 5 })).resolves.toBeInstanceOf(Array);
      await expect(pgs.person(q, { roles: 3 })).resolves.toBeDefined();
      await expect(pgs.personNames(q, 25)).resolves.toBeInstanceOf(Array);
      await expect(pgs.speakerNames(q, 25)).resolves.toBeInstanceOf(Array);
      await expect(pgs.speakers(q)).resolves.toBeInstanceOf(Array);
      await expect(pgs.suggest(q, 3)).resolves.toBeInstanceOf(Array);
      await expect(pgs.findDocuments(q, 5)).resolves.toBeInstanceOf(Array);
    }
    expect(await pgs.quotes([-1, 1.5, 2 ** 40])).toEqual([]);
  });

  it('serves a stored corpus without building it, and a load replaces the rows in one go', async () => {
    let built = 0;
    const build = () => {
      built++;
      return Promise.resolve(corpus);
    };
    const again = await openPostgresStore({ databaseUrl: url, dataDir: dir, build });
    expect(built).toBe(0);
    expect(again.loaded).toBeUndefined();
    await again.store.pool.end();
    const reloaded = await openPostgresStore({ databaseUrl: url, dataDir: dir, build, reload: true });
    expect(built).toBe(1);
    expect(reloaded.loaded?.rows.documents).toBe(corpus.docs.length);
    const { rows } = await reloaded.store.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM documents`);
    expect(rows[0].n).toBe(corpus.docs.length);
    expect(await reloaded.store.summary()).toEqual(await mem.summary());
    await reloaded.store.pool.end();
  });

  it('does not let an empty directory replace a stored corpus, and a deliberate load still may', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'factdesk-empty-'));
    const nothing = await corpusOf(empty);
    expect(nothing.docs).toHaveLength(0);
    const err = await openPostgresStore({ databaseUrl: url, dataDir: empty, build: () => Promise.resolve(nothing) }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(PostgresCorpusError);
    expect(String((err as Error).message)).toContain(`holds ${corpus.docs.length} from ${dir}`);
    const kept = await openPostgresStore({ databaseUrl: url, dataDir: dir, build: () => Promise.reject(new Error('not built')) });
    expect((await kept.store.summary()).documents).toBe(corpus.docs.length);
    await kept.store.pool.end();
    const emptied = await openPostgresStore({ databaseUrl: url, dataDir: empty, build: () => Promise.resolve(nothing), reload: true });
    expect((await emptied.store.summary()).documents).toBe(0);
    await emptied.store.pool.end();
    const back = await openPostgresStore({ databaseUrl: url, dataDir: dir, build: () => Promise.resolve(corpus) });
    expect((await back.store.summary()).documents).toBe(corpus.docs.length);
    await back.store.pool.end();
  });

  it('says clearly that a database is not there, without its password', async () => {
    const u = new URL(pgUrl);
    u.pathname = '/factdesk_no_such_database';
    u.password = 'hunter2-secret';
    const err = await openPostgresStore({ databaseUrl: u.toString(), dataDir: dir, build: () => Promise.resolve(corpus) }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(PostgresCorpusError);
    expect(String((err as Error).message)).toMatch(/factdesk_no_such_database/);
    expect(String((err as Error).message)).not.toMatch(/hunter2/);
  });
});

describe.skipIf(!!pgUrl)('PostgreSQL corpus store (skipped)', () => {
  it.skip(pgMissing, () => undefined);
});
