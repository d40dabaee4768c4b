/** The index snapshot: reuse, invalidation, damage, and answers equal to a cold ingest. */
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Corpus } from '../../src/index/corpus.js';
import { loadCorpus, type LoadOptions } from '../../src/load/index.js';
import { KEEP_SNAPSHOTS, Snapshot, snapshotPath } from '../../src/snapshot/index.js';
import { answersOf, mixedCorpus, rewriteHeader, tempCorpus } from '../helpers/corpus.js';

const MAX = 5 * 1024 * 1024;
/** A file the corpus must skip, with a warning. */
const BROKEN = { 'broken.md': '---\ntitle: [unclosed\n---\n\nText.\n' };

function stateDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'factdesk-state-'));
}

const QUERIES = [
  '/search largest remittance source',
  '/search border fencing',
  '/search oil prices',
  '/search remittence',
  '/search zzzzqqq',
  '/who Asim Munir',
  '/who Ahmad Vahidi',
  '/when border attacks',
  '/quote Kugelman',
  '/timeline border',
  '/about',
];

const answers = (corpus: Corpus) => answersOf(corpus, QUERIES);

const opts = (state: string, extra: Partial<LoadOptions> = {}): LoadOptions => ({ maxBytes: MAX, stateDir: state, workers: 0, ...extra });

function snapFile(dir: string, state: string): string {
  return snapshotPath(state, { root: path.resolve(dir), maxBytes: MAX });
}

describe('index snapshot', () => {
  it('is written after a cold ingest and reused by the next start, with the same corpus and answers', async () => {
    const dir = mixedCorpus(40, BROKEN);
    const state = stateDir();
    const cold = await loadCorpus(dir, opts(state));
    expect(cold.from).toBe('ingest');
    expect(statSync(snapFile(dir, state)).size).toBeGreaterThan(0);
    const warm = await loadCorpus(dir, opts(state));
    expect(warm.from).toBe('snapshot');
    expect(warm.reread).toBe(0);
    expect(warm.corpus.docs).toEqual(cold.corpus.docs);
    expect(warm.corpus.skipped).toEqual(cold.corpus.skipped);
    expect(warm.corpus.passages).toEqual(cold.corpus.passages);
    expect(warm.corpus.stats).toEqual(cold.corpus.stats);
    expect(await answers(warm.corpus)).toEqual(await answers(cold.corpus));
    // The restored MiniSearch indexes are whole: their own searches agree, fuzzy and prefix included.
    for (const q of ['border security', 'remitance', 'Pakist']) {
      const o = { prefix: true, fuzzy: 0.2 };
      expect(warm.corpus.passageIndex.search(q, o), q).toEqual(cold.corpus.passageIndex.search(q, o));
      expect(warm.corpus.titleIndex.search(q, o), q).toEqual(cold.corpus.titleIndex.search(q, o));
    }
    expect(warm.corpus.passageIndex.search('border').length).toBeGreaterThan(0);
    // The snapshot's answers are real answers, not two identical failures.
    const [first] = (await answers(warm.corpus)) as { results?: { answer: string }[] }[];
    expect(first.results![0].answer).toContain('2.7 million Pakistani citizens');
    // And equal to an ingest that never saw a snapshot.
    const fresh = await loadCorpus(dir, { maxBytes: MAX, workers: 0 });
    expect(await answers(warm.corpus)).toEqual(await answers(fresh.corpus));
  });

  it('re-reads only a changed file, and serves its new text', async () => {
    const dir = mixedCorpus(40, BROKEN);
    const state = stateDir();
    await loadCorpus(dir, opts(state));
    const target = path.join(dir, 'bbc', readdirSync(path.join(dir, 'bbc'))[3]);
    appendFileSync(target, '\nThe quartermaster counted seventeen zeppelins over the harbour.\n');
    const after = await loadCorpus(dir, opts(state));
    expect(after.from).toBe('snapshot');
    expect(after.reread).toBe(1);
    const cold = await loadCorpus(dir, { maxBytes: MAX, workers: 0 });
    expect(after.corpus.docs).toEqual(cold.corpus.docs);
    const hits = after.corpus.searchPassages('quartermaster zeppelins', { limit: 5 });
    expect(hits).toHaveLength(1);
    expect(after.corpus.docs[hits[0].passage.doc].meta.file).toBe(`bbc/${path.basename(target)}`);
    // The updated snapshot is whole again: the next start re-reads nothing.
    expect((await loadCorpus(dir, opts(state))).reread).toBe(0);
  });

  it('handles new and removed files without reading the rest', async () => {
    const dir = mixedCorpus(40, BROKEN);
    const state = stateDir();
    await loadCorpus(dir, opts(state));
    const bbc = readdirSync(path.join(dir, 'bbc'));
    rmSync(path.join(dir, 'bbc', bbc[0]));
    writeFileSync(path.join(dir, 'new.md'), '---\ntitle: New\n---\n\nA lighthouse keeper found a barrel of marmalade.\n');
    const after = await loadCorpus(dir, opts(state));
    expect(after.from).toBe('snapshot');
    expect(after.reread).toBe(1);
    const cold = await loadCorpus(dir, { maxBytes: MAX, workers: 0 });
    expect(after.corpus.docs).toEqual(cold.corpus.docs);
    expect(after.corpus.docIndex(`bbc/${bbc[0].replace(/\.txt$/, '')}`)).toBeUndefined();
    expect(after.corpus.searchPassages('lighthouse marmalade', { limit: 3 })).toHaveLength(1);
  });

  it('revises the text indexes for a few changed files of a larger corpus, with the answers of a cold ingest', async () => {
    const dir = mixedCorpus(120, BROKEN);
    const state = stateDir();
    await loadCorpus(dir, opts(state));
    const bbc = readdirSync(path.join(dir, 'bbc')).sort();
    appendFileSync(path.join(dir, 'bbc', bbc[7]), '\nThe quartermaster counted seventeen zeppelins over the harbour.\n');
    rmSync(path.join(dir, 'bbc', bbc[30]));
    writeFileSync(
      path.join(dir, 'bbc', '000-new.md'),
      '---\ntitle: New\n---\n\nA lighthouse keeper found a barrel of marmalade on 3 March 2004, officials said.\n',
    );
    const after = await loadCorpus(dir, opts(state));
    expect(after.reread).toBe(2);
    expect(after.revised).toBe(true);
    const cold = await loadCorpus(dir, { maxBytes: MAX, workers: 0 });
    expect(after.corpus.docs).toEqual(cold.corpus.docs);
    expect(after.corpus.passages).toEqual(cold.corpus.passages);
    expect(await answers(after.corpus)).toEqual(await answers(cold.corpus));
    for (const q of ['quartermaster zeppelins', 'lighthouse marmalade', 'government minister', 'mobile phone', 'election']) {
      const key = (c: Corpus) => new Set(c.searchPassages(q, { limit: 100 }).map((h) => `${h.passage.doc}:${h.passage.paragraph}`));
      expect(key(after.corpus), q).toEqual(key(cold.corpus));
    }
    // The removed file's passages are gone from the revised index, not only hidden.
    const gone = `bbc/${bbc[30].replace(/\.txt$/, '')}`;
    expect(after.corpus.docIndex(gone)).toBeUndefined();
    // The snapshot saved after the revision serves the next start whole, with the same answers.
    const next = await loadCorpus(dir, opts(state));
    expect(next.reread).toBe(0);
    expect(await answers(next.corpus)).toEqual(await answers(cold.corpus));
    expect(next.corpus.searchPassages('quartermaster zeppelins', { limit: 5 })).toHaveLength(1);
  });

  it('does not re-read a file that was only touched (same bytes)', async () => {
    const dir = mixedCorpus(10, BROKEN);
    const state = stateDir();
    await loadCorpus(dir, opts(state));
    const f = path.join(dir, 'seeds', readdirSync(path.join(dir, 'seeds'))[0]);
    writeFileSync(f, readFileSync(f));
    const after = await loadCorpus(dir, opts(state));
    expect(after.reread).toBe(0);
  });

  it('is ignored and rebuilt when made by another extraction version', async () => {
    const dir = mixedCorpus(10, BROKEN);
    const state = stateDir();
    const cold = await loadCorpus(dir, opts(state));
    rewriteHeader(snapFile(dir, state), (h) => ({ ...h, extractionVersion: 'people:-1+dates:-1' }));
    const again = await loadCorpus(dir, opts(state));
    expect(again.from).toBe('ingest');
    expect(again.corpus.docs).toEqual(cold.corpus.docs);
    // The rebuilt snapshot carries this version and is used next time.
    expect((await loadCorpus(dir, opts(state))).from).toBe('snapshot');
  });

  it('is ignored when truncated or corrupt, never half-loaded', async () => {
    const dir = mixedCorpus(10, BROKEN);
    const state = stateDir();
    const cold = await loadCorpus(dir, opts(state));
    const file = snapFile(dir, state);
    const whole = readFileSync(file);
    for (const damage of [
      () => truncateSync(file, Math.floor(whole.length / 2)),
      () => truncateSync(file, whole.length - 1),
      () => truncateSync(file, 0),
      () => {
        // One flipped byte inside the first part (the documents): the checksum must catch it.
        const bad = Buffer.from(whole);
        bad[200] ^= 0xff;
        writeFileSync(file, bad);
      },
      () => writeFileSync(file, 'not a snapshot at all'),
    ]) {
      writeFileSync(file, whole);
      expect((await loadCorpus(dir, opts(state))).from).toBe('snapshot');
      damage();
      await expect(Snapshot.open(file).then((s) => s.corpus().finally(() => s.close()))).rejects.toThrow();
      const again = await loadCorpus(dir, opts(state));
      expect(again.from).toBe('ingest');
      expect(again.corpus.docs).toEqual(cold.corpus.docs);
      expect(await answers(again.corpus)).toEqual(await answers(cold.corpus));
    }
  });

  it('keeps the snapshots of the most recently used corpora only', async () => {
    const state = stateDir();
    const dirs = Array.from({ length: KEEP_SNAPSHOTS + 3 }, (_, i) =>
      tempCorpus({ 'a.md': `---\ntitle: T${i}\n---\n\nParagraph number ${i}.\n` }),
    );
    for (const d of dirs.slice(0, KEEP_SNAPSHOTS)) await loadCorpus(d, opts(state));
    // The first corpus is used again, then three more arrive: the least recently used go.
    expect((await loadCorpus(dirs[0], opts(state))).from).toBe('snapshot');
    for (const d of dirs.slice(KEEP_SNAPSHOTS)) await loadCorpus(d, opts(state));
    const left = readdirSync(path.join(state, 'snapshots')).filter((n) => n.endsWith('.snap'));
    expect(left.length).toBe(KEEP_SNAPSHOTS);
    expect(left).toContain(path.basename(snapFile(dirs[0], state)));
    expect(left).not.toContain(path.basename(snapFile(dirs[1], state)));
  });

  it('keeps no snapshot when no state directory is configured', async () => {
    const dir = tempCorpus({ 'a.md': '---\ntitle: A\n---\n\nThe ferry left at noon.\n' });
    const loaded = await loadCorpus(dir, { maxBytes: MAX, workers: 0 });
    expect(loaded.from).toBe('ingest');
    expect(loaded.corpus.docs).toHaveLength(1);
  });
});
