/**
 * The live corpus's known files (load/known-files.ts) answer as a map of every file would:
 * random seeds (in file order or not) and random changes, compared with a plain Map after each.
 */
import { describe, expect, it } from 'vitest';
import type { IngestedDoc, IngestResult } from '../../src/ingest/index.js';
import { KnownFiles } from '../../src/load/known-files.js';
import type { Skipped } from '../../src/types.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

const doc = (file: string, tag: number) => ({ meta: { file, title: `${file} ${tag}` } }) as unknown as IngestedDoc;

function expectSame(known: KnownFiles, ref: Map<string, IngestResult>, names: string[]): void {
  for (const f of names) {
    const got = known.get(f);
    const want = ref.get(f);
    expect(known.has(f), f).toBe(want !== undefined);
    if (!want) expect(got, f).toBeUndefined();
    else if (want.ok) expect(got?.ok && got.doc, f).toBe(want.doc);
    else expect(!got?.ok && got?.skipped, f).toBe(want.skipped);
  }
  expect([...known.files()].sort()).toEqual([...ref.keys()].sort());
}

describe('KnownFiles', () => {
  it('answers as a map of every file through random seeds and changes', () => {
    for (let run = 0; run < 60; run++) {
      const rand = rng(run + 1);
      const names = Array.from({ length: 40 }, (_, i) => `${['a', 'b', 'c/d', 'c/e'][i % 4]}/${String(i).padStart(3, '0')}.md`);
      const pick = () => names[Math.floor(rand() * names.length)];
      const known = new KnownFiles();
      const ref = new Map<string, IngestResult>();
      const reseed = (sortedHint: boolean) => {
        const files = [...new Set(Array.from({ length: 25 }, pick))];
        const skippedFiles = new Set(Array.from({ length: 3 }, pick));
        const docFiles = files.filter((f) => !skippedFiles.has(f)).sort();
        if (!sortedHint && rand() < 0.5) docFiles.reverse();
        const docs = docFiles.map((f) => doc(f, run));
        const skipped: Skipped[] = [...skippedFiles].map((file) => ({ file, reason: 'bad' }));
        const inOrder = known.seed(docs, skipped, sortedHint ? true : undefined);
        expect(inOrder).toBe(docFiles.every((f, i) => i === 0 || docFiles[i - 1] < f));
        ref.clear();
        for (const d of docs) ref.set(d.meta.file, { ok: true, doc: d });
        for (const s of skipped) ref.set(s.file, { ok: false, skipped: s });
      };
      reseed(false);
      for (let step = 0; step < 80; step++) {
        const f = pick();
        const x = rand();
        if (x < 0.4) {
          const r: IngestResult = rand() < 0.8 ? { ok: true, doc: doc(f, step) } : { ok: false, skipped: { file: f, reason: `r${step}` } };
          known.set(f, r);
          ref.set(f, r);
        } else if (x < 0.75) {
          expect(known.delete(f)).toBe(ref.delete(f));
        } else if (x < 0.8) {
          reseed(rand() < 0.5);
        }
        expectSame(known, ref, names);
      }
    }
  });
});
