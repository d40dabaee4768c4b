/**
 * The App on the PostgreSQL corpus store (CORPUS_STORE=postgres): it answers from the database,
 * does not watch the directory, and a document added, removed or restored through the document
 * store (/add, /remove, /restore, feeds) is stored, answered and taken out at once — each change a
 * new store object swapped in.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { App } from '../../src/app.js';
import { runLine } from '../../src/commands/parse.js';
import { tempCorpus } from '../helpers/corpus.js';
import { dropDatabases, freshDatabase, pgMissing, pgUrl } from '../helpers/pg.js';

const apps: App[] = [];
afterAll(async () => {
  for (const a of apps) {
    await a.close();
    await (a.store as unknown as { pool?: { end(): Promise<void> } }).pool?.end();
  }
  await dropDatabases();
});

const GLASSWORKS = `---
title: Glassworks at Ternmouth to close
source: Valley Post
published: 2025-06-02
---

The Ternmouth glassworks will close in September, its owner Halvard Steen said on Monday.
`;

describe.skipIf(!pgUrl)('the App on the PostgreSQL corpus store', () => {
  it('answers from the database, and takes added, removed and restored documents at once', async () => {
    const dataDir = tempCorpus({
      'mill.md': '---\ntitle: Mill closes\n---\nThe mill at Varby closed in 1961, said Inga Moss, the mill historian.\n',
    });
    const stateDir = mkdtempSync(path.join(os.tmpdir(), 'factdesk-pgapp-'));
    const app = await App.start({
      dataDir,
      stateDir,
      maxBytes: 100_000,
      workers: 0,
      corpusStore: 'postgres',
      databaseUrl: await freshDatabase(),
    });
    apps.push(app);
    expect(app.store.kind).toBe('postgres');
    expect(app.watchable).toBe(false);
    const ask = (line: string) => runLine(app.context({ local: true }), line);
    expect((await ask('/who Inga Moss')).results?.[0].answer).toBe('the mill historian');

    const docs = app.services.documents!;
    const generation = app.generation;
    const added = await docs.add({ bytes: Buffer.from(GLASSWORKS), name: 'glassworks.md', folder: 'added' });
    expect(added).toMatchObject({ ok: true, file: 'added/glassworks.md' });
    expect(app.generation).toBe(generation + 1);
    expect((await ask('/search Ternmouth glassworks')).results?.map((r) => r.citation.docId)).toEqual(['added/glassworks']);
    expect((await app.store.summary()).documents).toBe(2);

    // The same bytes again: refused, naming the document that has them.
    const again = await docs.add({ bytes: Buffer.from(GLASSWORKS), name: 'copy.md', folder: 'added' });
    expect(again).toMatchObject({ ok: false, duplicateOf: { file: 'added/glassworks.md' } });

    // A file that cannot be read is not kept, and nothing is stored for it.
    const broken = await docs.add({ bytes: Buffer.from('---\ntitle: [x\n---\nBody.\n'), name: 'broken.md', folder: 'added' });
    expect(broken.ok).toBe(false);
    expect((await app.store.summary()).documents).toBe(2);

    const removed = await docs.remove('Glassworks at Ternmouth to close');
    expect(removed).toMatchObject({ ok: true, file: 'added/glassworks.md' });
    expect((await ask('/search Ternmouth glassworks')).results).toEqual([]);
    expect((await app.store.summary()).documents).toBe(1);

    const restored = await docs.restore('glassworks.md');
    expect(restored).toMatchObject({ ok: true, file: 'added/glassworks.md' });
    expect((await ask('/who Halvard Steen')).heading).toBe('Halvard Steen');

    // A reload has nothing to re-read: the database is the corpus.
    await app.reload();
    expect((await app.store.summary()).documents).toBe(2);
  });
});

describe.skipIf(!!pgUrl)('the App on the PostgreSQL corpus store (skipped)', () => {
  it.skip(pgMissing, () => undefined);
});
