/**
 * The corpus-wide firm mechanism in the PostgreSQL store (issue #16): a person named only weakly
 * ("Quarlow Brisket said") is not answered while another document frames the name as a firm, in
 * /who, autocomplete and the export, as in the memory store; the counts follow documents replaced
 * and removed (people_firms).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportRows } from '../../src/answer/export.js';
import { who } from '../../src/answer/who.js';
import { memoryStore } from '../../src/corpus/memory.js';
import { replaceDocuments } from '../../src/corpus/postgres/replace.js';
import { PostgresCorpusStore } from '../../src/corpus/postgres/store.js';
import type { CorpusStore } from '../../src/corpus/types.js';
import { Corpus } from '../../src/index/corpus.js';
import { ingestDirectory, type IngestedDoc } from '../../src/ingest/index.js';
import { tempCorpus } from '../helpers/corpus.js';
import { corpusStoreOf, dropDatabases, pgUrl, reopened } from '../helpers/pg.js';

const STORY = (i: number, body: string) => `---\ntitle: Story ${i}\npublished: 2024-03-0${i}\n---\n\n${body}\n`;
const FILES = {
  'a-weak.md': STORY(1, 'Quarlow Brisket said on Monday that its profits rose by a tenth.'),
  'b-firm.md': STORY(2, 'Shares of Quarlow Brisket Trading Corp rose in heavy trading.'),
  'c-weak.md': STORY(3, 'Pellam Drosk said the plant would close in March.'),
  'd-sure.md': STORY(4, 'Pellam Drosk, the finance minister, said taxes would rise.'),
  'e-firm.md': STORY(5, 'The contract went to Pellam Drosk Holdings Ltd after a tender.'),
  // A name that starts with a given name: hidden only by three documents framing it as a firm.
  'f-given.md': STORY(6, 'Martin Orrely said it would buy two more barges.'),
  'g-firm.md': STORY(7, 'Martin Orrely Corp raised its dividend.'),
  'h-firm.md': STORY(8, 'The stake was sold to Martin Orrely Inc for cash.'),
  'i-firm.md': STORY(9, 'Analysts at Martin Orrely Securities expect lower rates.'),
};

const read = (dir: string) => ingestDirectory(dir, { maxBytes: 5 << 20 }).then((r) => r.docs);

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

/** What a member sees of the two names: /who's people, autocomplete, the export's people. */
async function seen(store: CorpusStore) {
  const person = async (q: string) => {
    const a = await who(store, q);
    return (a.results ?? []).filter((r) => r.kind === 'person' && r.name === q).length > 0;
  };
  return {
    quarlow: await person('Quarlow Brisket'),
    pellam: await person('Pellam Drosk'),
    martin: await person('Martin Orrely'),
    complete: await store.personNames('quarlow', 10),
    exported: [...new Set((await collect(exportRows(store, ['people']))).map((r) => r.name))].sort(),
  };
}

describe.skipIf(!pgUrl)('the firm counts in the PostgreSQL store', () => {
  let docs: IngestedDoc[];
  let store: PostgresCorpusStore;

  beforeAll(async () => {
    const dir = tempCorpus(FILES);
    docs = (await read(dir)).sort((x, y) => (x.meta.file < y.meta.file ? -1 : 1));
    store = await corpusStoreOf(docs, dir);
  }, 60_000);

  afterAll(async () => {
    await store?.pool.end();
    await dropDatabases();
  });

  const reopen = () => reopened(store);

  it('hides the weak person a firm names and keeps the one named surely, as the memory store', async () => {
    const pg = await seen(store);
    expect(pg.quarlow).toBe(false);
    expect(pg.pellam).toBe(true);
    expect(pg.martin).toBe(false);
    expect(pg.complete).not.toContain('Quarlow Brisket');
    expect(pg.exported).not.toContain('Quarlow Brisket');
    expect(pg).toEqual(await seen(memoryStore(new Corpus({ docs, skipped: [] }))));
  });

  it('follows the documents that frame a name as a firm, and the one naming a person surely', async () => {
    await replaceDocuments(store.pool, store.corpusId, [], ['b-firm', 'd-sure', 'h-firm']);
    let pg = await seen(await reopen());
    // The firm gone, the weak person is answered; the sure mention gone, the weak one gives way to the firm.
    expect(pg.quarlow).toBe(true);
    expect(pg.pellam).toBe(false);
    expect(pg.martin).toBe(true);
    const rest = docs.filter((d) => !['b-firm', 'd-sure', 'h-firm'].includes(d.meta.id));
    expect(pg).toEqual(await seen(memoryStore(new Corpus({ docs: rest, skipped: [] }))));
    const firm = docs.find((d) => d.meta.id === 'b-firm')!;
    await replaceDocuments(store.pool, store.corpusId, [firm], []);
    pg = await seen(await reopen());
    expect(pg.quarlow).toBe(false);
    expect(pg).toEqual(await seen(memoryStore(new Corpus({ docs: [...rest, firm], skipped: [] }))));
  });
});
