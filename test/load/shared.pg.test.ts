/**
 * Documents across replicas: a document published by one replica reaches every other's corpus
 * directory (LISTEN/NOTIFY, and a catch-up at start) and becomes answerable there; a removal moves
 * the other replicas' copies aside; a published path that would leave the corpus is refused.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/app.js';
import { runLine } from '../../src/commands/parse.js';
import { corpusPath, SharedDocuments } from '../../src/load/shared.js';
import { PostgresStore } from '../../src/state/postgres.js';
import type { StateStore } from '../../src/state/index.js';
import { tempCorpus } from '../helpers/corpus.js';
import { dropDatabases, freshDatabase, pgMissing, pgUrl } from '../helpers/pg.js';

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (stops.length) await stops.pop()!();
});
afterAll(dropDatabases);

function article(title: string, body: string): string {
  return `---\ntitle: ${title}\nsource: Wire\npublished: 2025-06-02\n---\n\n${body}\n`;
}

async function waitFor(cond: () => boolean | Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

interface Replica {
  dataDir: string;
  removedDir: string;
  shared: SharedDocuments;
  notified: string[];
}

async function replica(url: string, files: Record<string, string> = {}): Promise<Replica> {
  const store: StateStore = await PostgresStore.open(url);
  const dataDir = tempCorpus(files);
  const removedDir = mkdtempSync(path.join(os.tmpdir(), 'factdesk-removed-'));
  const notified: string[] = [];
  const shared = new SharedDocuments(store, { dataDir, removedDir, notify: (f) => notified.push(f) });
  await shared.start();
  stops.push(async () => {
    await shared.stop();
    await store.close();
  });
  return { dataDir, removedDir, shared, notified };
}

describe.skipIf(!pgUrl)('shared documents across replicas', () => {
  it('a published document reaches the other replica; its own publisher finds it in place', async () => {
    const url = await freshDatabase();
    const a = await replica(url);
    const b = await replica(url);
    mkdirSync(path.join(a.dataDir, 'added'));
    const text = article('Dam inspection', 'Engineers inspected the Karlow dam on Monday.');
    writeFileSync(path.join(a.dataDir, 'added/dam.md'), text);
    await a.shared.publishFile('added/dam.md', 'add');

    await waitFor(() => b.notified.includes('added/dam.md'), 'the other replica to write the file');
    expect(readFileSync(path.join(b.dataDir, 'added/dam.md'), 'utf8')).toBe(text);
    await a.shared.settled();
    expect(a.shared.applied).toBe(0);
    expect(a.notified).toEqual([]);

    // Removal: the other replica's copy is moved aside, not deleted.
    renameSync(path.join(a.dataDir, 'added/dam.md'), path.join(a.removedDir, 'dam.md'));
    await a.shared.publishRemoval('added/dam.md', 'remove');
    await waitFor(() => !existsSync(path.join(b.dataDir, 'added/dam.md')), 'the removal to reach the other replica');
    expect(readFileSync(path.join(b.removedDir, 'added/dam.md'), 'utf8')).toBe(text);
  });

  it('a replica that starts later catches up on what was published before it', async () => {
    const url = await freshDatabase();
    const a = await replica(url);
    writeFileSync(path.join(a.dataDir, 'late.md'), article('Harbour fees', 'The port raised its harbour fees.'));
    await a.shared.publishFile('late.md', 'add');
    const c = await replica(url);
    expect(readFileSync(path.join(c.dataDir, 'late.md'), 'utf8')).toContain('harbour fees');
    expect(c.notified).toEqual(['late.md']);
  });

  it('a published path that would leave the corpus is refused; later documents still arrive', async () => {
    const url = await freshDatabase();
    const b = await replica(url);
    const store = await PostgresStore.open(url);
    stops.push(() => store.close());
    const outside = path.join(path.dirname(b.dataDir), `escape-${path.basename(b.dataDir)}.md`);
    await store.publishDocument({ path: `../${path.basename(outside)}`, bytes: Buffer.from('x'), origin: 'add' }, 1);
    await store.publishDocument({ path: '.hidden/x.md', bytes: Buffer.from('x'), origin: 'add' }, 2);
    await store.publishDocument({ path: 'fine.md', bytes: Buffer.from(article('Fine', 'A fine day.')), origin: 'add' }, 3);
    await waitFor(() => b.notified.includes('fine.md'), 'the good document');
    expect(existsSync(outside)).toBe(false);
    expect(b.notified).toEqual(['fine.md']);
  });

  it('two apps on one database: a document added on one is answerable on the other', async () => {
    const url = await freshDatabase();
    const seed = { 'base.md': article('Rail strike', 'Rail workers walked out in Dornfeld.') };
    const apps: App[] = [];
    const start = async () => {
      const dataDir = tempCorpus(seed);
      const app = await App.start({ dataDir, maxBytes: 50_000, workers: 0 });
      const live = await app.watch({ debounceMs: 40, maxWaitMs: 400 });
      const store = await PostgresStore.open(url);
      const removedDir = mkdtempSync(path.join(os.tmpdir(), 'factdesk-removed-'));
      const shared = new SharedDocuments(store, { dataDir, removedDir, notify: (f) => live.notify(f) });
      await shared.start();
      stops.push(async () => {
        await shared.stop();
        await store.close();
        await app.close();
      });
      apps.push(app);
      return { app, dataDir, shared };
    };
    const one = await start();
    const two = await start();
    writeFileSync(path.join(one.dataDir, 'ferry.md'), article('Ferry service', 'The Velmar ferry resumed sailing on Tuesday.'));
    await one.shared.publishFile('ferry.md', 'add');
    await waitFor(async () => {
      const a = await runLine(two.app.context(), '/search Velmar ferry');
      return a.results?.[0]?.citation.docId === 'ferry';
    }, 'the other app to answer from the new document');
    expect(apps).toHaveLength(2);
  });
});

describe('corpusPath', () => {
  it('keeps paths inside the corpus and refuses the rest', () => {
    expect(corpusPath('added/a.md')).toBe('added/a.md');
    expect(corpusPath('added\\b.md')).toBe('added/b.md');
    expect(corpusPath('a/../b.md')).toBe('b.md');
    for (const bad of ['../x.md', '/etc/passwd', '..', '.', '', 'a/.git/config', 'a/../../x.md']) expect(corpusPath(bad)).toBeUndefined();
  });
});

if (!pgUrl) it.skip(`postgres: ${pgMissing}`, () => undefined);
