/**
 * Replacing documents in the PostgreSQL store (replace.ts): after a document is rewritten, one is
 * added and one removed, the store answers as a memory store built from the new set of documents —
 * nothing of the old text is found, the new text is, people counts and roles follow — and a
 * replacement that fails leaves the stored corpus as it was (one transaction).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryStore } from '../../src/corpus/memory.js';
import { replaceDocuments } from '../../src/corpus/postgres/replace.js';
import { PostgresCorpusStore } from '../../src/corpus/postgres/store.js';
import { Corpus } from '../../src/index/corpus.js';
import { ingestDirectory, type IngestedDoc } from '../../src/ingest/index.js';
import { DATA, tempCorpus } from '../helpers/corpus.js';
import { corpusStoreOf, dropDatabases, pgMissing, pgUrl, reopened } from '../helpers/pg.js';
import { cpSync } from 'node:fs';
import path from 'node:path';

const read = (dir: string) => ingestDirectory(dir, { maxBytes: 5 << 20 }).then((r) => r.docs);

const STORY = (title: string, body: string) =>
  `---\ntitle: ${title}\nsource: Factdesk Test Wire\npublished: 2024-03-0${body.length % 9 || 1}\n---\n\n${body}\n`;

const FILES = {
  'a-harbour.md': STORY(
    'Harbour board names a chair',
    'Marisol Quintavalle, the chair of the Tarnholm harbour board, said on Monday that the ferry terminal would reopen in May.\n\n' +
      '"We have repaired the pier," Quintavalle said.',
  ),
  'b-council.md': STORY(
    'Council votes on the bridge',
    'The Tarnholm council voted on 4 March 2024 to rebuild the Osterby bridge.\n\nCouncillor Bram Okonkwo-Lindqvist said the vote was close.',
  ),
  'c-weather.md': STORY('Storm closes the coast road', 'A storm closed the coast road near Tarnholm on Sunday, the harbour board said.'),
};

describe.skipIf(!pgUrl)('replacing documents in the PostgreSQL store', () => {
  let dir: string;
  let docs: IngestedDoc[];
  let store: PostgresCorpusStore;

  beforeAll(async () => {
    dir = tempCorpus(FILES);
    cpSync(DATA, path.join(dir, 'seeds'), { recursive: true });
    docs = await read(dir);
    store = await corpusStoreOf(docs, dir);
  }, 60_000);

  afterAll(async () => {
    await store?.pool.end();
    await dropDatabases();
  });

  const reopen = () => reopened(store);

  it('answers as a store built from the new documents', async () => {
    const fresh = await read(
      tempCorpus({
        'a-harbour.md': STORY(
          'Harbour board changes its chair',
          'Ingeborg Salvesen-Achterberg, the new chair of the Tarnholm harbour board, said the ferry terminal would stay closed until June.',
        ),
        'z-festival.md': STORY(
          'Lantern festival returns',
          'The Tarnholm lantern festival returns on 12 April 2024, said Bram Okonkwo-Lindqvist, a councillor.\n\n"It brings the town together," Okonkwo-Lindqvist said.',
        ),
      }),
    );
    const rewritten = fresh.find((d) => d.meta.id === 'a-harbour')!;
    const added = fresh.find((d) => d.meta.id === 'z-festival')!;
    const report = await replaceDocuments(store.pool, store.corpusId, [rewritten, added], ['c-weather']);
    expect(report).toMatchObject({ replaced: 1, added: 1, removed: 1 });

    // The memory store of the same documents, in the store's order (replaced in place, added last).
    const after = docs.filter((d) => d.meta.id !== 'c-weather').map((d) => (d.meta.id === 'a-harbour' ? rewritten : d));
    after.push(added);
    const mem = memoryStore(new Corpus({ docs: after, skipped: [] }));
    const pgs = await reopen();

    expect(await pgs.summary()).toEqual(await mem.summary());
    for (const q of ['Quintavalle', 'Marisol Quintavalle', 'Salvesen-Achterberg', 'Ingeborg', 'Okonkwo-Lindqvist', 'Vahidi'])
      expect(await pgs.person(q, { roles: 5 }), q).toEqual(await mem.person(q, { roles: 5 }));
    for (const q of ['ferry terminal', 'storm coast road', 'lantern festival', 'Osterby bridge', 'border security']) {
      const [a, b] = [await mem.searchPassages(q, 10), await pgs.searchPassages(q, 10)];
      expect(
        b.map((h) => [h.citation, Math.round(h.score * 1e6)]),
        q,
      ).toEqual(a.map((h) => [h.citation, Math.round(h.score * 1e6)]));
    }
    expect((await pgs.searchPassages('storm coast road', 10)).length).toBe(0);
    for (const q of ['lantern festival', 'bridge', 'ferry'])
      expect(
        (await pgs.searchDated(q, 10)).map((h) => h.text),
        q,
      ).toEqual((await mem.searchDated(q, 10)).map((h) => h.text));
    expect(await pgs.timeline(undefined, 25)).toEqual(await mem.timeline(undefined, 25));
    expect(await pgs.speakers('Quintavalle')).toEqual(await mem.speakers('Quintavalle'));
    expect(await pgs.quotesBy('Okonkwo-Lindqvist', 5)).toEqual(await mem.quotesBy('Okonkwo-Lindqvist', 5));
    expect(await pgs.speakerNames('', 25)).toEqual(await mem.speakerNames('', 25));
    expect(await pgs.personNames('sa', 25)).toEqual(await mem.personNames('sa', 25));
    expect(await pgs.personNames('', 25)).toEqual(await mem.personNames('', 25));
    expect(await pgs.documentKeys()).toEqual(await mem.documentKeys());
  });

  it('leaves the stored corpus as it was when a replacement fails', async () => {
    const before = await (await reopen()).summary();
    const keys = await (await reopen()).documentKeys();
    const [doc] = await read(
      tempCorpus({ 'b-council.md': STORY('Council votes again', 'The council voted again on the Osterby bridge.') }),
    );
    // Two paragraphs numbered alike: the paragraph rows break their key after the document's old rows are gone.
    const broken: IngestedDoc = structuredClone(doc);
    broken.paragraphs.push({ ...broken.paragraphs[broken.paragraphs.length - 1] });
    await expect(replaceDocuments(store.pool, store.corpusId, [broken], [])).rejects.toThrow();
    const pgs = await reopen();
    expect(await pgs.summary()).toEqual(before);
    expect(await pgs.documentKeys()).toEqual(keys);
    expect((await pgs.searchPassages('voted again', 5)).length).toBe(0);
  });
});

describe.skipIf(!!pgUrl)('replacing documents in the PostgreSQL store (skipped)', () => {
  it.skip(pgMissing, () => undefined);
});
