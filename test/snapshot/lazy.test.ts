/**
 * Document bodies restored lazily from the snapshot: a corpus whose bodies are still encoded
 * answers exactly as a cold ingest and decodes only what it touches; a lazy document reads,
 * clones and serialises as an ordinary one; a damaged body part rejects the whole snapshot; values
 * JSON cannot carry fall back to V8; a one-shot `ask` from a snapshot exits without waiting for
 * the background decoding.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { describe, expect, it } from 'vitest';
import type { Corpus } from '../../src/index/corpus.js';
import {
  Bodies,
  decode,
  encode,
  encodeBodies,
  headOf,
  isPending,
  lazyDoc,
  loadAll,
  loadInBackground,
} from '../../src/snapshot/lazy-docs.js';
import { loadCorpus, type LoadOptions } from '../../src/load/index.js';
import { Snapshot, snapshotPath } from '../../src/snapshot/index.js';
import { answersOf, mixedCorpus, ROOT, tempCorpus } from '../helpers/corpus.js';

const MAX = 5 * 1024 * 1024;
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

const stateDir = () => mkdtempSync(path.join(os.tmpdir(), 'factdesk-state-'));
const opts = (state: string): LoadOptions => ({ maxBytes: MAX, stateDir: state, workers: 0 });
const snapFile = (dir: string, state: string) => snapshotPath(state, { root: path.resolve(dir), maxBytes: MAX });

/** Queries drawn from the corpus (its titles, people, speakers, dated sentences), so they hold whatever the sample is. */
function queriesOf(c: Corpus): string[] {
  const words = (t: string) =>
    t
      .split(/[^\p{L}]+/u)
      .filter((w) => w.length >= 5)
      .slice(0, 3)
      .join(' ');
  const titles = c.docs
    .filter((_, i) => i % 9 === 0)
    .map((d) => words(d.meta.title))
    .filter(Boolean);
  const people = [...c.people.entries]
    .sort((a, b) => b.mentionCount - a.mentionCount)
    .slice(0, 6)
    .map((e) => e.name);
  const speakers = c.quotes.speakers
    .filter((s) => s.kind !== 'anonymous')
    .slice(0, 6)
    .map((s) => s.name);
  return [
    ...titles.map((t) => `/search ${t}`),
    '/search oil prices',
    '/search remittence',
    ...people.map((p) => `/who ${p}`),
    ...speakers.map((s) => `/quote ${s}`),
    '/quote government economy',
    ...titles.slice(0, 5).map((t) => `/when ${t}`),
    '/timeline',
    '/about',
  ];
}

async function lazyCorpus(file: string): Promise<Corpus> {
  const snap = await Snapshot.open(file);
  try {
    return await snap.corpus({ background: false });
  } finally {
    await snap.close();
  }
}

describe('lazy document bodies', () => {
  it('a corpus with its bodies still encoded answers as a cold ingest, decoding only what it reads', async () => {
    const dir = mixedCorpus();
    const state = stateDir();
    expect((await loadCorpus(dir, opts(state))).from).toBe('ingest');
    const fresh = (await loadCorpus(dir, { maxBytes: MAX, workers: 0 })).corpus;
    const lazy = await lazyCorpus(snapFile(dir, state));
    // Restoring the passage, title and fact indexes decoded no body.
    expect(lazy.docs.filter(isPending)).toHaveLength(lazy.docs.length);
    expect(lazy.stats).toEqual(fresh.stats);

    const queries = queriesOf(fresh);
    expect(queries.length).toBeGreaterThan(15);
    const want = (await answersOf(fresh, queries)) as { results?: unknown[] }[];
    // Real answers, not equal failures.
    expect(want.filter((a) => a.results?.length).length).toBeGreaterThan(queries.length / 2);
    expect(await answersOf(lazy, queries)).toEqual(want);
    const pending = lazy.docs.filter(isPending).length;
    expect(pending).toBeGreaterThan(0);
    expect(pending).toBeLessThan(lazy.docs.length);

    // Fully decoded, the documents are the cold ones.
    loadAll(lazy.docs);
    expect(lazy.docs.filter(isPending)).toHaveLength(0);
    expect(lazy.docs).toEqual(fresh.docs);
    expect(await answersOf(lazy, queries)).toEqual(want);
  });

  it('decodes the rest in the background, and the corpus is whole afterwards', async () => {
    const dir = mixedCorpus(30);
    const state = stateDir();
    await loadCorpus(dir, opts(state));
    const lazy = await lazyCorpus(snapFile(dir, state));
    expect(lazy.docs.every(isPending)).toBe(true);
    await loadInBackground(lazy.docs);
    expect(lazy.docs.some(isPending)).toBe(false);
    const fresh = (await loadCorpus(dir, { maxBytes: MAX, workers: 0 })).corpus;
    expect(lazy.docs).toEqual(fresh.docs);
  });

  it('a lazy document reads, clones and serialises as the plain one, and takes assignments', async () => {
    const dir = mixedCorpus(8);
    const { corpus } = await loadCorpus(dir, { maxBytes: MAX, workers: 0 });
    const plain = corpus.docs.slice(0, 5);
    // Each set of lazy documents gets bodies of its own (a body is taken once).
    const make = () => {
      const bodies = new Bodies(encodeBodies(plain));
      return plain.map((d, k) => lazyDoc(structuredClone(headOf(d)), bodies, k));
    };
    const lazyA = make();
    expect(Object.keys(lazyA[0]).sort()).toEqual(Object.keys(plain[0]).sort());
    expect(JSON.parse(JSON.stringify(lazyA[0]))).toEqual(JSON.parse(JSON.stringify(plain[0])));
    const lazyB = make();
    expect(v8.deserialize(v8.serialize(lazyB[1]))).toEqual(plain[1]);
    expect(structuredClone(lazyB[2])).toEqual(plain[2]);
    expect({ ...lazyB[3] }).toEqual(plain[3]);
    const lazyC = make();
    lazyC[4].paragraphs = [];
    expect(lazyC[4].paragraphs).toEqual([]);
    expect(lazyC[4].facts).toEqual(plain[4].facts);
    expect(isPending(lazyC[4])).toBe(false);
  });

  it('rejects the whole snapshot when a body part is damaged, and rebuilds', async () => {
    const dir = mixedCorpus(20);
    const state = stateDir();
    const cold = await loadCorpus(dir, opts(state));
    const file = snapFile(dir, state);
    const whole = readFileSync(file);
    const snap = await Snapshot.open(file);
    const bodies = snap.header.parts.filter((p) => p.name === 'bodies');
    await snap.close();
    expect(bodies.length).toBeGreaterThan(0);
    // A byte in the middle of the last body part: not a part the indexes' restore reads.
    const target = bodies[bodies.length - 1];
    const bad = Buffer.from(whole);
    bad[target.offset + Math.floor(target.length / 2)] ^= 0xff;
    writeFileSync(file, bad);
    await expect(Snapshot.open(file).then((s) => s.corpus({ background: false }).finally(() => s.close()))).rejects.toThrow(
      /bodies.*checksum/,
    );
    const again = await loadCorpus(dir, opts(state));
    expect(again.from).toBe('ingest');
    expect(again.corpus.docs).toEqual(cold.corpus.docs);
    // The rebuilt snapshot is whole.
    expect((await loadCorpus(dir, opts(state))).from).toBe('snapshot');
  });

  it('keeps values JSON cannot carry (NaN, Infinity, dates, maps, holes) by falling back to V8', async () => {
    const samples: unknown[] = [
      { a: 1, b: 'x', c: [1, 2, { d: null }], e: true },
      { n: NaN },
      { n: [1, -Infinity] },
      { when: new Date('2024-03-05T00:00:00Z') },
      { m: new Map([['k', 1]]) },
      [1, undefined, 3],
      { big: 10n },
    ];
    const codecs = samples.map((s) => encode(s).codec);
    expect(codecs).toEqual(['json', 'v8', 'v8', 'v8', 'v8', 'v8', 'v8']);
    for (const s of samples) {
      const { codec, bytes } = encode(s);
      expect(decode(codec, bytes)).toEqual(s);
    }
    // Through the snapshot: front matter whose values JSON would change survives a warm start.
    const dir = tempCorpus({
      'a.md': '---\ntitle: Odd numbers\nscore: .nan\nlimit: .inf\n---\n\nThe harbour reopened after the storm.\n',
      'b.md': '---\ntitle: Plain\n---\n\nThe ferry left at noon.\n',
    });
    const state = stateDir();
    const cold = await loadCorpus(dir, opts(state));
    expect(cold.corpus.docs[0].meta.metadata.score).toBeNaN();
    const warm = await loadCorpus(dir, opts(state));
    expect(warm.from).toBe('snapshot');
    expect(warm.corpus.docs[0].meta.metadata.score).toBeNaN();
    expect(warm.corpus.docs[0].meta.metadata.limit).toBe(Infinity);
    expect(warm.corpus.docs).toEqual(cold.corpus.docs);
  });

  it('a one-shot ask from a snapshot answers and exits without waiting for the background decoding', () => {
    const dir = mixedCorpus(40);
    const state = stateDir();
    const run = () =>
      execFileSync(TSX, ['src/cli/ask.ts', '--json', '--data', dir, 'search', 'government'], {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 60_000,
        env: { ...process.env, LOG_LEVEL: 'silent', STATE_DIR: state },
      });
    const cold = run();
    const file = snapFile(dir, state);
    const written = statSync(file).ino;
    const warm = run();
    // Served from that snapshot: a rebuild would have renamed a new file into its place.
    expect(statSync(file).ino).toBe(written);
    expect(JSON.parse(warm)).toEqual(JSON.parse(cold));
    expect(JSON.parse(warm).results.length).toBeGreaterThan(0);
  });
});
