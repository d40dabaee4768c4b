/**
 * The text index a live update revises (issue #19): after rounds of removals and additions it
 * holds exactly what a fresh build of the remaining entries holds (every word's postings and
 * frequencies, the count and lengths BM25 uses, so searches rank and score alike), and the
 * version it was made from is left as it was. Common words are in thousands of entries, so their
 * posting lists get a layer over the shared list, layers stack and are folded back.
 */
import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { PASSAGE_INDEX_OPTIONS } from '../../src/index/corpus.js';
import { TermSearch } from '../../src/index/postings.js';
import { LayeredPostings, TextIndex } from '../../src/index/text-index.js';
import { processTerm, tokenize } from '../../src/index/text.js';

const TERMS = { tokenize, processTerm };
const RARE = ['quillon', 'barbican', 'tessellate', 'ormolu', 'gadroon', 'cartouche', 'plinth', 'volute', 'finial', 'corbel'];
const COMMON = ['harbour', 'council', 'report', 'water'];

/** A deterministic pseudo-random sequence (a test must give the same entries every run). */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

function entryText(n: number, rnd: () => number): string {
  const words = [
    `entry${n}`,
    'report',
    COMMON[n % COMMON.length],
    RARE[Math.floor(rnd() * RARE.length)],
    RARE[Math.floor(rnd() * RARE.length)],
  ];
  if (n % 3 === 0) words.push('harbour', 'Harbour');
  return `${words.join(' ')}.`;
}

/** Every word's postings, keyed by entry text (ids differ between a revised and a fresh index). */
function contents(index: TextIndex, textOf: (id: number) => string): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const [term, fields] of index.tree) {
    const list = fields.get(0)!;
    const m = new Map<string, number>();
    for (const id of list.keys()) m.set(textOf(id), list.get(id)!);
    expect(m.size, term).toBe(list.size);
    out.set(term, m);
  }
  return out;
}

function fresh(texts: string[]): TextIndex {
  const ms = new MiniSearch<{ id: number; text: string }>(PASSAGE_INDEX_OPTIONS);
  ms.addAll(texts.map((text, id) => ({ id, text })));
  return TextIndex.fromMiniSearch(ms, TERMS);
}

describe('a revised text index', () => {
  it('equals a fresh build of what it holds after rounds of changes, and leaves each earlier version as it was', () => {
    const rnd = random(7);
    let n = 0;
    const texts = Array.from({ length: 3000 }, () => entryText(n++, rnd));
    let index = fresh(texts);
    // id → text for every version's ids (ids are never reused).
    const textOf = new Map<number, string>(texts.map((t, id) => [id, t]));
    let live = new Map<number, string>(textOf);
    let sawLayer = false;
    for (let round = 0; round < 6; round++) {
      const before = index;
      const beforeContents = contents(before, (id) => textOf.get(id)!);
      const ids = [...live.keys()];
      const removed = ids.filter(() => rnd() < 0.12).map((id) => ({ id, text: live.get(id)! }));
      const added = Array.from({ length: 200 + round * 150 }, () => entryText(n++, rnd));
      const gen = before.revising(removed, added);
      let r = gen.next();
      while (!r.done) r = gen.next();
      const next = r.value;
      next.ids.forEach((id, k) => textOf.set(id, added[k]));
      live = new Map(live);
      for (const e of removed) live.delete(e.id);
      next.ids.forEach((id, k) => live.set(id, added[k]));
      index = next.index;
      for (const [, fields] of index.tree) if (fields.get(0) instanceof LayeredPostings) sawLayer = true;

      const expected = fresh([...live.values()]);
      const liveTexts = [...live.values()];
      expect(contents(index, (id) => textOf.get(id)!)).toEqual(contents(expected, (id) => liveTexts[id]));
      expect(index.documentCount).toBe(live.size);
      expect(index.lengthSum).toBe(expected.lengthSum);
      for (const id of removed.map((e) => e.id)) expect(index.has(id)).toBe(false);
      // The version it came from still holds what it held.
      expect(contents(before, (id) => textOf.get(id)!)).toEqual(beforeContents);

      // Searches rank and score alike (ids mapped to texts).
      const a = new TermSearch(index);
      const b = new TermSearch(expected);
      for (const q of ['harbour quillon', 'council barbican ormolu', 'water', 'tesselate', `entry${n - 5}`]) {
        const got = a.search(q, { limit: 20 }).map((h) => [textOf.get(h.id), h.score]);
        const want = b.search(q, { limit: 20 }).map((h) => [liveTexts[h.id], h.score]);
        expect(new Set(got.map((g) => `${g[0]}|${g[1]}`)), q).toEqual(new Set(want.map((w) => `${w[0]}|${w[1]}`)));
      }
    }
    // Common words' lists are long enough here to be layered rather than copied.
    expect(sawLayer).toBe(true);
  });

  it('refuses to remove an entry it does not hold', () => {
    const index = fresh(['one harbour', 'two harbour']);
    const gen = index.revising([{ id: 7, text: 'seven' }], []);
    expect(() => {
      for (let r = gen.next(); !r.done; r = gen.next());
    }).toThrow(/not in the index/);
  });
});
