/**
 * The journal beside the snapshot (issue #19): a restart after live updates replays them instead
 * of reading their files, answers as a cold ingest of the directory does, and survives a torn or
 * corrupt record by reading again only the files whose records were lost.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, truncateSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { App } from '../../src/app.js';
import type { Corpus } from '../../src/index/corpus.js';
import { loadCorpus, type LoadOptions } from '../../src/load/index.js';
import { LiveCorpus } from '../../src/load/live.js';
import type { Compacted } from '../../src/snapshot/compact.js';
import { Snapshot, snapshotPath } from '../../src/snapshot/index.js';
import { encodeRecord, journalPath, readJournal } from '../../src/snapshot/journal.js';
import { answersOf, tempCorpus } from '../helpers/corpus.js';

const MAX = 50_000;
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const PEOPLE = ['Minister Orla Pennick', 'Colonel Dario Fenwick', 'spokeswoman Ilse Fenwick', 'Mayor Tobin Varga'];
const PLACES = ['Kestrel Bay', 'Lowmoor', 'the river port'];
const TOPICS = ['the ferry strike', 'the rail upgrade', 'flood repairs'];

/** A document of our own about person k: a role, a dated visit, a quotation, a lone surname. */
function doc(k: number, version = 0): string {
  const full = PEOPLE[k % PEOPLE.length];
  const name = full.split(' ').slice(1).join(' ');
  const place = PLACES[(k + version) % PLACES.length];
  const topic = TOPICS[(k + 2 * version) % TOPICS.length];
  return [
    `---\ntitle: Report ${k}.${version}\nsource: Wire\npublished: 2023-0${1 + (k % 9)}-1${version % 10}\n---\n`,
    `${full} visited ${place} on 3 March 2023 to discuss ${topic}.`,
    `"We will not accept delays on ${topic}," said ${name}.`,
    `${name.split(' ')[1]} told reporters in ${place} that ${topic} had cost more than expected (version ${version}).`,
    '',
  ].join('\n\n');
}

const QUERIES = [
  ...PEOPLE.flatMap((p) => {
    const name = p.split(' ').slice(1).join(' ');
    return [`/who ${name}`, `/quote ${name}`];
  }),
  ...TOPICS.flatMap((t) => [`/search ${t}`, `/when ${t}`]),
  '/search version',
  '/timeline',
];

const answers = (corpus: Corpus) => answersOf(corpus, QUERIES);
const opts = (state: string, extra: Partial<LoadOptions> = {}): LoadOptions => ({ maxBytes: MAX, stateDir: state, workers: 0, ...extra });

function setup(n = 6): { dir: string; state: string } {
  const files: Record<string, string> = {};
  for (let k = 0; k < n; k++) files[`d${k}.md`] = doc(k);
  const dir = tempCorpus(files);
  const state = mkdtempSync(path.join(os.tmpdir(), 'factdesk-journal-'));
  dirs.push(dir, state);
  return { dir, state };
}

const journalOf = (dir: string, state: string) => journalPath(snapshotPath(state, { root: path.resolve(dir), maxBytes: MAX }));

/** Updates through the live corpus of an app started on the directory (snapshot made first), as /add and feeds make them. */
async function updates(dir: string, state: string, ops: [string, string | undefined][], mtime?: number): Promise<void> {
  const app = await App.start({ dataDir: dir, maxBytes: MAX, workers: 0, stateDir: state });
  const live = new LiveCorpus(app, { dataDir: dir, maxBytes: MAX, workers: 0, debounceMs: 0 });
  try {
    for (const [file, text] of ops) {
      if (text === undefined) unlinkSync(path.join(dir, file));
      else writeFileSync(path.join(dir, file), text);
      if (text !== undefined && mtime !== undefined) utimesSync(path.join(dir, file), mtime, mtime);
      live.notify(file);
      await live.idle();
    }
  } finally {
    await live.stop();
    await app.close();
  }
}

/** Added, rewritten (twice), removed, and an original file rewritten and another removed. */
const OPS: [string, string | undefined][] = [
  ['n1.md', doc(7, 1)],
  ['n2.md', doc(2, 3)],
  ['d1.md', doc(1, 1)],
  ['n1.md', doc(7, 2)],
  ['d3.md', undefined],
  ['n2.md', undefined],
  ['n3.md', doc(5, 4)],
  ['d1.md', doc(1, 5)],
];

describe('the snapshot journal', () => {
  it('lets a restart after updates answer as a cold ingest without reading their files again', async () => {
    const { dir, state } = setup();
    await loadCorpus(dir, opts(state)); // the snapshot
    await updates(dir, state, OPS);
    const warm = await loadCorpus(dir, opts(state));
    expect(warm.from).toBe('snapshot');
    expect(warm.replayed).toBe(OPS.length);
    expect(warm.reread).toBe(0);
    expect(warm.hashed).toBe(0);
    expect(warm.journalProblem).toBeUndefined();
    const cold = await loadCorpus(dir, { maxBytes: MAX, workers: 0 });
    expect(await answers(warm.corpus)).toEqual(await answers(cold.corpus));
  }, 60_000);

  it('serves what the journal holds for a file whose size and time are as recorded, without reading it', async () => {
    const { dir, state } = setup(4);
    await loadCorpus(dir, opts(state));
    // A whole second, so that it can be set again exactly.
    const when = 1_700_000_000;
    await updates(dir, state, [['d2.md', doc(2, 1)]], when);
    const expected = await answers((await loadCorpus(dir, { maxBytes: MAX, workers: 0 })).corpus);
    // Other bytes of the same length under the recorded time: only a read of the file would see them.
    const full = path.join(dir, 'd2.md');
    writeFileSync(
      full,
      readFileSync(full, 'utf8')
        .replace(/Report/g, 'Tropes')
        .replace(/version/g, 'vexsion'),
    );
    utimesSync(full, when, when);
    const warm = await loadCorpus(dir, opts(state));
    expect(warm.reread).toBe(0);
    expect(await answers(warm.corpus)).toEqual(expected);
  }, 60_000);

  it('reads again a file changed after its last record, and notes it for the next start', async () => {
    const { dir, state } = setup(4);
    await loadCorpus(dir, opts(state));
    await updates(dir, state, [
      ['d2.md', doc(2, 1)],
      ['n.md', doc(3, 2)],
    ]);
    // Changed while the bot was down.
    writeFileSync(path.join(dir, 'n.md'), doc(3, 7));
    unlinkSync(path.join(dir, 'd0.md'));
    const warm = await loadCorpus(dir, opts(state));
    expect(warm.replayed).toBe(2);
    expect(warm.reread).toBe(1);
    const cold = await loadCorpus(dir, { maxBytes: MAX, workers: 0 });
    expect(await answers(warm.corpus)).toEqual(await answers(cold.corpus));
    const next = await loadCorpus(dir, opts(state));
    expect([next.replayed, next.reread]).toEqual([3, 0]);
    expect(await answers(next.corpus)).toEqual(await answers(cold.corpus));
  }, 60_000);

  it('ignores a torn last record, reports it, reads that update again and appends after the good records', async () => {
    const { dir, state } = setup();
    await loadCorpus(dir, opts(state));
    await updates(dir, state, OPS);
    const jfile = journalOf(dir, state);
    truncateSync(jfile, statSync(jfile).size - 5);
    const warm = await loadCorpus(dir, opts(state));
    expect(warm.journalProblem).toMatch(/torn/);
    expect(warm.replayed).toBe(OPS.length - 1);
    expect(warm.reread).toBe(1); // d1.md: its last record was the torn one
    const cold = await loadCorpus(dir, { maxBytes: MAX, workers: 0 });
    expect(await answers(warm.corpus)).toEqual(await answers(cold.corpus));
    // The torn bytes were cut before the start's own record went in.
    const again = await loadCorpus(dir, opts(state));
    expect([again.journalProblem, again.replayed, again.reread]).toEqual([undefined, OPS.length, 0]);
    expect(await answers(again.corpus)).toEqual(await answers(cold.corpus));
  }, 60_000);

  it('stops at a corrupt record and reads again the files of the records after it', async () => {
    const { dir, state } = setup();
    await loadCorpus(dir, opts(state));
    await updates(dir, state, OPS);
    const jfile = journalOf(dir, state);
    const buf = readFileSync(jfile);
    // Flip a byte inside the third record's payload.
    const id = (JSON.parse(buf.subarray(12, 12 + buf.readUInt32LE(8)).toString('utf8')) as { snapshot: string }).snapshot;
    const good = await readJournal(jfile, id);
    expect(good.records.length).toBe(OPS.length);
    buf[good.ends[1] + 50] ^= 0xff;
    writeFileSync(jfile, buf);
    const warm = await loadCorpus(dir, opts(state));
    expect(warm.journalProblem).toMatch(/record 3 fails its checksum/);
    expect(warm.replayed).toBe(2);
    const cold = await loadCorpus(dir, { maxBytes: MAX, workers: 0 });
    expect(await answers(warm.corpus)).toEqual(await answers(cold.corpus));
  }, 60_000);

  it('is folded into a new snapshot in the background while updates go on arriving, and the next start replays only what came after', async () => {
    const { dir, state } = setup();
    await loadCorpus(dir, opts(state));
    const snap = snapshotPath(state, { root: path.resolve(dir), maxBytes: MAX });
    const idOf = async () => {
      const s = await Snapshot.open(snap);
      await s.close();
      return s.header.id;
    };
    const first = await idOf();
    const app = await App.start({ dataDir: dir, maxBytes: MAX, workers: 0, stateDir: state, compact: { records: 3 } });
    const live = new LiveCorpus(app, { dataDir: dir, maxBytes: MAX, workers: 0, debounceMs: 0 });
    let compaction: Promise<unknown> | undefined;
    try {
      for (const [k, [file, text]] of OPS.entries()) {
        if (text === undefined) unlinkSync(path.join(dir, file));
        else writeFileSync(path.join(dir, file), text);
        live.notify(file);
        await live.idle();
        // The third record makes the journal due; the updates after it arrive while the worker builds.
        if (k === 2) compaction = app.journal?.background;
      }
      expect(compaction).toBeDefined();
      const done = (await compaction) as Compacted | undefined;
      expect(done?.folded).toBe(3);
      expect(done?.kept).toBeGreaterThan(0);
      await app.journal?.background;
    } finally {
      await live.stop();
      await app.close();
    }
    expect(await idOf()).not.toBe(first);
    const kept = await readJournal(journalOf(dir, state), await idOf());
    expect(kept.problem).toBeUndefined();
    expect(kept.records.length).toBeLessThan(OPS.length);
    const warm = await loadCorpus(dir, opts(state, { compact: false }));
    expect([warm.replayed, warm.reread, warm.hashed]).toEqual([kept.records.length, 0, 0]);
    const cold = await loadCorpus(dir, { maxBytes: MAX, workers: 0 });
    expect(await answers(warm.corpus)).toEqual(await answers(cold.corpus));
  }, 240_000);

  it('a full reload while a compaction is under way waits for it: no record is lost or written at the old offsets', async () => {
    const { dir, state } = setup();
    await loadCorpus(dir, opts(state));
    const app = await App.start({ dataDir: dir, maxBytes: MAX, workers: 0, stateDir: state, compact: { records: 2 } });
    const live = new LiveCorpus(app, { dataDir: dir, maxBytes: MAX, workers: 0, debounceMs: 0 });
    let reloaded = false;
    try {
      for (const [file, text] of OPS) {
        if (text === undefined) unlinkSync(path.join(dir, file));
        else writeFileSync(path.join(dir, file), text);
        live.notify(file);
        await live.idle();
        // The first compaction is due after the second record: reload at once, while it runs.
        const compaction = app.journal?.background;
        if (!reloaded && compaction) {
          reloaded = true;
          let ended = false;
          void compaction.finally(() => (ended = true));
          await app.reload();
          expect(ended).toBe(true);
        }
      }
      expect(reloaded).toBe(true);
      await app.journal?.background;
    } finally {
      await live.stop();
      await app.close();
    }
    const snap = snapshotPath(state, { root: path.resolve(dir), maxBytes: MAX });
    const s = await Snapshot.open(snap);
    await s.close();
    const kept = await readJournal(journalOf(dir, state), s.header.id);
    expect(kept.problem).toBeUndefined();
    const warm = await loadCorpus(dir, opts(state, { compact: false }));
    expect([warm.reread, warm.hashed]).toEqual([0, 0]);
    const cold = await loadCorpus(dir, { maxBytes: MAX, workers: 0 });
    expect(await answers(warm.corpus)).toEqual(await answers(cold.corpus));
  }, 240_000);

  it('reads a record it can check and never throws on garbage', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'factdesk-journal-'));
    dirs.push(dir);
    const file = path.join(dir, 'x.journal');
    writeFileSync(file, Buffer.from('not a journal at all'));
    expect(await readJournal(file, 'abc')).toMatchObject({ records: [], stale: true });
    const header = Buffer.from(JSON.stringify({ snapshot: 'abc' }));
    const len = Buffer.alloc(4);
    len.writeUInt32LE(header.length);
    const rec = encodeRecord({ changes: [{ file: 'a.md', size: -1, mtimeMs: -1 }] });
    writeFileSync(file, Buffer.concat([Buffer.from('FDJRNL01'), len, header, rec, rec.subarray(0, 10)]));
    const read = await readJournal(file, 'abc');
    expect(read.records).toEqual([{ changes: [{ file: 'a.md', size: -1, mtimeMs: -1 }] }]);
    expect(read.problem).toMatch(/record 2 is torn/);
    expect((await readJournal(file, 'other')).stale).toBe(true);
  });
});
