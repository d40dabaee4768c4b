/** The live corpus: the directory is watched, changed documents are re-read alone and swapped in whole. */
import { mkdirSync, mkdtempSync, renameSync, rmSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../src/app.js';
import { runLine } from '../../src/commands/parse.js';
import { Corpus } from '../../src/index/corpus.js';
import { PeopleIndex } from '../../src/index/people.js';
import { buildCorpus, LiveCorpus } from '../../src/load/live.js';
import { sharedPool } from '../../src/ingest/pool.js';
import { ingestDirectory } from '../../src/ingest/index.js';
import { DATA, tempCorpus } from '../helpers/corpus.js';
import { contextFor } from '../../src/commands/context.js';

const MAX = 20_000;
const apps: App[] = [];

afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close()));
});

function article(title: string, body: string): string {
  return `---\ntitle: ${title}\nsource: Wire\npublished: 2024-03-05\n---\n\n${body}\n`;
}

async function startWatched(files: Record<string, string | Uint8Array>, debounceMs = 40) {
  const dir = tempCorpus(files);
  const app = await App.start({ dataDir: dir, maxBytes: MAX });
  apps.push(app);
  const live = await app.watch({ debounceMs, maxWaitMs: 400 });
  await live.idle();
  return { dir, app, live };
}

async function waitFor(cond: () => boolean, what: string, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 15));
  }
}

const ids = (app: App) => app.corpus.docs.map((d) => d.meta.id).sort();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('live corpus', () => {
  it('adds, changes and removes a document, re-reading only that one and reusing the others', async () => {
    const { dir, app } = await startWatched({
      'a.md': article('Harbour report', 'The harbour reopened after the storm.'),
      'b.md': article('Bridge report', 'The bridge was closed for repairs.'),
    });
    expect(ids(app)).toEqual(['a', 'b']);
    const keptB = app.corpus.docs.find((d) => d.meta.id === 'b');

    writeFileSync(path.join(dir, 'c.md'), article('Tunnel report', 'The tunnel flooded overnight.'));
    await waitFor(() => ids(app).includes('c'), 'c to be added');
    expect(ids(app)).toEqual(['a', 'b', 'c']);
    // The unchanged document is the very object ingested before: it was not read again.
    expect(app.corpus.docs.find((d) => d.meta.id === 'b')).toBe(keptB);
    const tunnel = await runLine(app.context(), '/search tunnel flooded');
    expect(tunnel.results?.[0]?.citation.docId).toBe('c');

    writeFileSync(path.join(dir, 'a.md'), article('Harbour report', 'The harbour stayed shut for a second week.'));
    await waitFor(() => app.corpus.docs.some((d) => d.paragraphs.some((p) => p.text.includes('second week'))), 'a to change');
    expect(app.corpus.docs.find((d) => d.meta.id === 'b')).toBe(keptB);
    expect((await runLine(app.context(), '/search harbour reopened')).results).toEqual([]);

    unlinkSync(path.join(dir, 'b.md'));
    await waitFor(() => !ids(app).includes('b'), 'b to be removed');
    expect(ids(app)).toEqual(['a', 'c']);
    expect((await runLine(app.context(), '/search bridge repairs')).results).toEqual([]);
  });

  it('answers from the previous corpus while a rebuild is held up, with status.reloading set', async () => {
    const { dir, app } = await startWatched({ 'a.md': article('Harbour report', 'The harbour reopened after the storm.') });
    const before = app.corpus;
    const generation = app.generation;
    let release!: () => void;
    const held = app.exclusive(() => new Promise<void>((r) => (release = r)));
    writeFileSync(path.join(dir, 'n.md'), article('Tunnel report', 'The tunnel flooded overnight.'));
    await sleep(300);
    expect(app.status.reloading).toBe(true);
    expect(app.corpus).toBe(before);
    expect((await runLine(app.context(), '/search tunnel')).results).toEqual([]);
    const about = await runLine(app.context(), '/about');
    expect(about.lines?.join('\n')).toMatch(/reloading now/);
    release();
    await held;
    await waitFor(() => ids(app).includes('n'), 'n after the hold');
    expect(app.generation).toBe(generation + 1);
    expect(app.status.reloading).toBe(false);
    expect((await runLine(app.context(), '/search tunnel')).results?.[0]?.citation.docId).toBe('n');
  });

  it('loses no change made while a rebuild runs: they queue the next one', async () => {
    const { dir, app, live } = await startWatched({ 'a.md': article('Harbour report', 'The harbour reopened after the storm.') });
    let release!: () => void;
    const held = app.exclusive(() => new Promise<void>((r) => (release = r)));
    writeFileSync(path.join(dir, 'x1.md'), article('One', 'The first new report arrived.'));
    await sleep(150);
    writeFileSync(path.join(dir, 'x2.md'), article('Two', 'The second new report arrived.'));
    release();
    await held;
    // More changes while the rebuild of x1/x2 may be running.
    for (let i = 3; i <= 6; i++) {
      writeFileSync(path.join(dir, `x${i}.md`), article(`Report ${i}`, `Report number ${i} arrived late.`));
      await sleep(30);
    }
    unlinkSync(path.join(dir, 'x1.md'));
    await waitFor(() => ids(app).join() === 'a,x2,x3,x4,x5,x6', 'every queued change', 15_000);
    await live.idle();
    expect(ids(app)).toEqual(['a', 'x2', 'x3', 'x4', 'x5', 'x6']);
  });

  it('gathers a burst of changes into a few rebuilds', async () => {
    const { dir, app, live } = await startWatched({ 'a.md': article('Harbour report', 'The harbour reopened after the storm.') }, 150);
    const rebuilds = live.rebuilds;
    for (let i = 0; i < 30; i++)
      writeFileSync(path.join(dir, `burst-${i}.md`), article(`Burst ${i}`, `Burst document number ${i} was filed.`));
    await waitFor(() => app.corpus.docs.length === 31, 'the burst');
    await live.idle();
    expect(live.rebuilds - rebuilds).toBeGreaterThanOrEqual(1);
    // Far fewer than one per file (the bound leaves room for a slow, shared machine).
    expect(live.rebuilds - rebuilds).toBeLessThanOrEqual(5);
  });

  it('reports a bad document by name and reason, keeps serving the others, and /about lists it', async () => {
    const { dir, app, live } = await startWatched({ 'a.md': article('Harbour report', 'The harbour reopened after the storm.') });
    writeFileSync(path.join(dir, 'broken.md'), '---\ntitle: [unclosed\n---\nText.\n');
    writeFileSync(path.join(dir, 'bin.txt'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 1, 2, 3]));
    await waitFor(() => app.corpus.skipped.length === 2, 'two skipped files');
    expect(live.lastRebuild?.changed.sort()).toEqual(['bin.txt', 'broken.md']);
    expect(ids(app)).toEqual(['a']);
    expect((await runLine(app.context(), '/search harbour')).results?.length).toBe(1);
    const about = (await runLine(app.context(), '/about')).lines!.join('\n');
    expect(about).toMatch(/Skipped documents \(2\)/);
    expect(about).toMatch(/broken\.md: malformed front matter/);
    expect(about).toMatch(/bin\.txt: binary file/);

    // Fixing the file brings it in and takes it off the skipped list.
    writeFileSync(path.join(dir, 'broken.md'), article('Fixed report', 'The fixed report is readable now.'));
    await waitFor(() => ids(app).includes('broken'), 'the fixed file');
    expect(app.corpus.skipped.map((s) => s.file)).toEqual(['bin.txt']);
    // A skipped file that is deleted leaves the list too.
    unlinkSync(path.join(dir, 'bin.txt'));
    await waitFor(() => app.corpus.skipped.length === 0, 'the skipped file to go');
  });

  it('follows folders moved in and removed, and ignores hidden files and other extensions', async () => {
    const { dir, app, live } = await startWatched({ 'a.md': article('Harbour report', 'The harbour reopened after the storm.') });
    const outside = tempCorpus({
      'one.md': article('Folder one', 'The first folder document.'),
      'deep/two.txt': 'Folder two\n\nThe second folder document.\n',
    });
    renameSync(outside, path.join(dir, 'moved'));
    await waitFor(() => ids(app).join() === 'a,moved/deep/two,moved/one', 'the moved folder');
    writeFileSync(path.join(dir, 'notes.json'), '{"x": 1}');
    mkdirSync(path.join(dir, '.hidden'));
    writeFileSync(path.join(dir, '.hidden', 'h.md'), article('Hidden', 'Never indexed.'));
    writeFileSync(path.join(dir, '.draft.md'), article('Draft', 'Never indexed either.'));
    rmSync(path.join(dir, 'moved'), { recursive: true });
    await waitFor(() => ids(app).join() === 'a', 'the folder removal');
    await sleep(200);
    await live.idle();
    expect(ids(app)).toEqual(['a']);
    expect(app.corpus.skipped).toEqual([]);
  });

  it('reads a large folder dropped in at once and serves all of it', async () => {
    const { dir, app, live } = await startWatched({ 'a.md': article('Harbour report', 'The harbour reopened after the storm.') });
    const files: Record<string, string> = {};
    for (let i = 0; i < 240; i++)
      files[`n${i}.md`] = article(`Dispatch ${i}`, `Dispatch number ${i} reports that the quarry${i} reopened on Monday.`);
    files['broken.md'] = '---\ntitle: [x\n---\nText.\n';
    renameSync(tempCorpus(files), path.join(dir, 'drop'));
    await waitFor(() => app.corpus.docs.length === 241, 'the dropped folder', 60_000);
    await live.idle();
    expect(app.corpus.skipped.map((s) => s.file)).toEqual(['drop/broken.md']);
    expect((await runLine(app.context(), '/search quarry137')).results?.[0]?.citation.docId).toBe('drop/n137');
  }, 90_000);

  it('catches up with a change made while the corpus was loading, before the watcher was ready', async () => {
    const dir = tempCorpus({ 'a.md': article('Harbour report', 'The harbour reopened after the storm.') });
    // In this thread: the test is about the watcher catching up, not about the reader pool.
    const app = await App.start({ dataDir: dir, maxBytes: MAX, workers: 0 });
    apps.push(app);
    writeFileSync(path.join(dir, 'a.md'), article('Harbour report', 'The harbour closed again on Friday.'));
    writeFileSync(path.join(dir, 'late.md'), article('Late report', 'A late report was filed.'));
    const live = await app.watch({ debounceMs: 20 });
    await waitFor(() => ids(app).includes('late'), 'the late file');
    await live.idle();
    expect((await runLine(app.context(), '/search closed again')).results?.[0]?.citation.docId).toBe('a');
  });

  it('re-reads nothing for a file touched without a change', async () => {
    const { dir, app, live } = await startWatched({ 'a.md': article('Harbour report', 'The harbour reopened after the storm.') });
    const generation = app.generation;
    const now = new Date();
    utimesSync(path.join(dir, 'a.md'), now, now);
    writeFileSync(path.join(dir, 'a.md'), article('Harbour report', 'The harbour reopened after the storm.'));
    await sleep(300);
    await live.idle();
    expect(app.generation).toBe(generation);
  });

  it('serves people and date indexes made revisable after the start, in place, and the first change starts from them', async () => {
    const revising = vi.spyOn(PeopleIndex, 'revising');
    try {
      const { dir, app, live } = await startWatched({
        'a.md': article('Harbour report', 'Minister Ada Brenner said the harbour had reopened.'),
        'b.md': article('Bridge report', 'Engineer Tom Hale said the bridge was closed on Monday.'),
      });
      const generation = app.generation;
      const corpus = app.corpus;
      await live.prepare();
      // The same corpus serves them: no swap, and the answers of a cold build of these documents.
      expect(app.corpus).toBe(corpus);
      expect(app.generation).toBe(generation);
      const served = app.corpus.people;
      expect(served.revisable).toBe(true);
      expect(app.corpus.dates.knowsAnchors).toBe(true);
      const cold = contextFor(new Corpus({ docs: [...corpus.docs], skipped: [...corpus.skipped] }), { now: app.now });
      // What only a snapshot needs is let go (a served corpus is not saved again).
      expect(() => app.corpus.passageIndex).toThrow();
      for (const line of [
        '/who Ada Brenner',
        '/who Hale',
        '/when bridge closed',
        '/quote Brenner',
        '/search harbour reopened',
        '/timeline bridge',
      ])
        expect(await runLine(app.context(), line), line).toEqual(await runLine(cold, line));
      writeFileSync(path.join(dir, 'c.md'), article('Tunnel report', 'Inspector Lena Ortiz said the tunnel had flooded.'));
      await waitFor(() => ids(app).includes('c'), 'c to be added');
      await live.idle();
      // The change's revision (one document added at the end) began from the index served before it.
      const change = revising.mock.calls.find(([, docs, removed, added]) => docs.length === 3 && !removed.length && added.join() === '2');
      expect(change).toBeDefined();
      expect(change![0]).toBe(served);
      const who = await runLine(app.context(), '/who Lena Ortiz');
      expect(who.results?.[0]?.citation.docId).toBe('c');
      expect((await runLine(app.context(), '/who Ada Brenner')).results?.[0]?.citation.docId).toBe('a');
    } finally {
      revising.mockRestore();
    }
  });

  it('prepares a date index restored from a snapshot, so that the first change searches no anchor it cannot move', async () => {
    const dir = tempCorpus({
      'a.md': article('Flood diary', 'The Harwick flood began on 3 March 2024, officials said.'),
      'b.md': article('Repairs', 'Repairs in Lowmoor started two days after the Harwick flood.'),
    });
    const stateDir = mkdtempSync(path.join(os.tmpdir(), 'factdesk-live-state-'));
    try {
      await (await App.start({ dataDir: dir, maxBytes: MAX, stateDir })).close();
      const app = await App.start({ dataDir: dir, maxBytes: MAX, stateDir });
      apps.push(app);
      // Restored: which anchors a change can move is not known yet.
      expect(app.corpus.dates.knowsAnchors).toBe(false);
      const live = await app.watch({ debounceMs: 40, maxWaitMs: 400 });
      await live.idle();
      writeFileSync(path.join(dir, 'c.md'), article('Tunnel report', 'The tunnel flooded on 4 March 2024.'));
      await waitFor(() => ids(app).includes('c'), 'c to be added');
      await live.idle();
      expect(app.corpus.dates.knowsAnchors).toBe(true);
      expect(app.corpus.dates.anchorSearches).toBe(0);
      const when = await runLine(app.context(), '/when repairs Lowmoor');
      expect(when.results?.[0]?.date).toBe('2024-03-05');
    } finally {
      rmSync(stateDir, { recursive: true, force: true });
    }
  });

  it('has a reader started for the first change once prepared (a start from a snapshot has none, and one boots in seconds)', async () => {
    const dir = tempCorpus({ 'a.md': article('Harbour report', 'The harbour reopened after the storm.') });
    const app = await App.start({ dataDir: dir, maxBytes: MAX });
    apps.push(app);
    // A memory budget of its own: a pool no other test shares.
    const budget = { timeoutMs: 30_000, memoryMb: 337 };
    const pool = sharedPool(new URL('../../src/ingest/worker.ts', import.meta.url).href, budget.memoryMb);
    try {
      expect(pool.size).toBe(0);
      const live = new LiveCorpus(app, { dataDir: dir, maxBytes: MAX, budget, debounceMs: 0 });
      await live.prepare();
      expect(pool.size).toBe(1);
      writeFileSync(path.join(dir, 'b.md'), article('Bridge report', 'The bridge was closed for repairs.'));
      live.notify('b.md');
      await waitFor(() => ids(app).includes('b'), 'b to be added');
      await live.idle();
      // The change was read by that worker: none other started.
      expect(pool.size).toBe(1);
      await live.stop();
    } finally {
      await pool.close();
    }
  });

  it('puts a corpus not in file order in file order at its first change, as a cold ingest would', async () => {
    const dir = tempCorpus({
      'a.md': article('Harbour report', 'The harbour reopened after the storm.'),
      'c.md': article('Tunnel report', 'The tunnel flooded overnight.'),
      'e.md': article('Ferry report', 'The ferry ran again on Monday.'),
    });
    const app = await App.start({ dataDir: dir, maxBytes: MAX });
    apps.push(app);
    // A corpus from elsewhere (a store, a reload) need not come in file order.
    app.swap(new Corpus({ docs: [...app.corpus.docs].reverse(), skipped: [...app.corpus.skipped] }));
    const files = () => app.corpus.docs.map((d) => d.meta.file);
    expect(files()).toEqual(['e.md', 'c.md', 'a.md']);
    const live = new LiveCorpus(app, { dataDir: dir, maxBytes: MAX, debounceMs: 0 });
    writeFileSync(path.join(dir, 'd.md'), article('Bridge report', 'The bridge was closed for repairs.'));
    live.notify('d.md');
    await waitFor(() => files().includes('d.md'), 'd to be added');
    await live.idle();
    expect(files()).toEqual(['a.md', 'c.md', 'd.md', 'e.md']);
    await live.stop();
  });

  it('serialises a full reload with the live rebuilds and stops cleanly', async () => {
    const { dir, app } = await startWatched({ 'a.md': article('Harbour report', 'The harbour reopened after the storm.') });
    const watchers = () => process.getActiveResourcesInfo().filter((r) => /FSEvent|StatWatcher/.test(r)).length;
    expect(watchers()).toBeGreaterThan(0);
    writeFileSync(path.join(dir, 'b.md'), article('Bridge report', 'The bridge was closed for repairs.'));
    await Promise.all([app.reload(), waitFor(() => ids(app).includes('b'), 'b')]);
    await app.close();
    // Handles are released by the end of the next turns of the event loop.
    await waitFor(() => watchers() === 0, 'the watcher handles to close', 2000);
    const generation = app.generation;
    writeFileSync(path.join(dir, 'c.md'), article('Tunnel report', 'The tunnel flooded overnight.'));
    await sleep(300);
    expect(app.generation).toBe(generation);
    expect(ids(app)).toEqual(['a', 'b']);
  });
});

describe('the corpus the live path builds', () => {
  it('is the corpus the constructor builds: same passages, facts and answers', async () => {
    const { docs, skipped } = await ingestDirectory(DATA, { maxBytes: 5 * 1024 * 1024 });
    const built = await buildCorpus(docs, skipped);
    const direct = new Corpus({ docs, skipped });
    expect(built.passages).toEqual(direct.passages);
    expect(built.stats).toEqual(direct.stats);
    const ctx = (corpus: Corpus) => contextFor(corpus, { now: () => new Date('2025-06-01T00:00:00Z') });
    for (const line of [
      '/search border fencing',
      '/search Iran',
      '/who Asim Munir',
      '/who Vahidi',
      '/when border attacks',
      '/quote Vahidi',
      '/timeline border',
      '/about',
    ]) {
      const [a, b] = await Promise.all([runLine(ctx(built), line), runLine(ctx(direct), line)]);
      expect(a, line).toEqual(b);
    }
  });
});
