/**
 * The benchmark's scaled corpora (bench/scale.ts): a directory of N copies gives each copy its
 * own ids and the same content; cloning the documents gives what ingesting that directory
 * gives, and the snapshot it saves serves the warm start.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCloned, scaledCorpus } from '../../bench/scale.js';
import { loadCorpus } from '../../src/load/index.js';
import { listDocuments } from '../../src/read/files.js';
import { DATA } from '../helpers/corpus.js';

const MAX = 5 * 1024 * 1024;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'factdesk-scale-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const byId = <T extends { meta: { id: string } }>(docs: readonly T[]) => [...docs].sort((a, b) => (a.meta.id < b.meta.id ? -1 : 1));

describe('scaled corpus', () => {
  it('holds each file once per copy, each copy under its own ids with the same content', async () => {
    const files = await listDocuments(DATA);
    const scaled = await scaledCorpus(DATA, 3, path.join(tmp, 'x3'));
    const { corpus } = await loadCorpus(scaled, { maxBytes: MAX, workers: 0 });
    expect(corpus.docs).toHaveLength(files.length * 3);
    expect(new Set(corpus.docs.map((d) => d.meta.id)).size).toBe(corpus.docs.length);
    const first = corpus.docs.find((d) => !d.meta.id.startsWith('copy'))!;
    const second = corpus.docs.find((d) => d.meta.id === `copy2/${first.meta.id}`)!;
    expect(second.paragraphs).toEqual(first.paragraphs);
    expect(second.facts).toEqual(first.facts);
    expect(await scaledCorpus(DATA, 1, path.join(tmp, 'x1'))).toBe(DATA);
  });

  it('cloned copies are the documents an ingest of the scaled directory gives, in its order, and their snapshot serves the warm start', async () => {
    const scaled = await scaledCorpus(DATA, 3, path.join(tmp, 'clone'));
    const state = path.join(tmp, 'state');
    const read = await loadCorpus(scaled, { maxBytes: MAX, workers: 0 });
    const cloned = await loadCloned(DATA, scaled, 3, MAX, state);
    expect(byId(cloned.docs)).toEqual(byId(read.corpus.docs));
    // In the ingest's order too: a live corpus keeps that order and rebuilds whole on its first
    // change when the order it started from differs.
    expect(cloned.docs.map((d) => d.meta.file)).toEqual(read.corpus.docs.map((d) => d.meta.file));
    const warm = await loadCorpus(scaled, { maxBytes: MAX, workers: 0, stateDir: state });
    expect(warm.from).toBe('snapshot');
    expect(warm.reread).toBe(0);
    expect(warm.corpus.docs.map((d) => d.meta.file)).toEqual(read.corpus.docs.map((d) => d.meta.file));
  });
});
