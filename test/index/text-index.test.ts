/**
 * The text index a live update revises (issue #19): after rounds of removals and additions it
 * holds exactly what a fresh build of the remaining entries holds (every word's postings and
 * frequencies, the count and lengths BM25 uses, so searches rank and score alike), and the
 * version it was made from is left as it was. Most words' posting lists are long enough to get a
 * layer over the shared list (a journal the versions share), folded back in many times over a
 * long stream.
 */
import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { PASSAGE_INDEX_OPTIONS } from '../../src/index/corpus.js';
import { TermSearch } from '../../src/index/postings.js';
import { runNow } from '../../src/index/steps.js';
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

/** Every word's postings as [text, frequency] pairs in the order the list reads them. */
function ordered(index: TextIndex, textOf: (id: number) => string): Map<string, [string, number][]> {
  const out = new Map<string, [string, number][]>();
  for (const [term, fields] of index.tree) {
    const list = fields.get(0)!;
    out.set(
      term,
      [...list.keys()].map((id) => [textOf(id), list.get(id)!]),
    );
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

  it('stays equal to a fresh build over a long stream of small changes, its layers folded many times', () => {
    const rnd = random(19);
    let n = 0;
    const texts = Array.from({ length: 1200 }, () => entryText(n++, rnd));
    let index = fresh(texts);
    const textOf = new Map<number, string>(texts.map((t, id) => [id, t]));
    let live = new Map<number, string>(textOf);
    const versions: { index: TextIndex; contents: Map<string, Map<string, number>> }[] = [];
    // Per word, whether its list was last seen layered: a layered list read as a Map again was folded.
    const wasLayered = new Map<string, boolean>();
    let folds = 0;
    for (let change = 1; change <= 600; change++) {
      const ids = [...live.keys()];
      const removed = Array.from({ length: Math.floor(rnd() * 6) }, () => ids[Math.floor(rnd() * ids.length)])
        .filter((id, k, all) => all.indexOf(id) === k)
        .map((id) => ({ id, text: live.get(id)! }));
      const added = Array.from({ length: 1 + Math.floor(rnd() * 6) }, () => entryText(n++, rnd));
      const next = runNow(index.revising(removed, added));
      next.ids.forEach((id, k) => textOf.set(id, added[k]));
      live = new Map(live);
      for (const e of removed) live.delete(e.id);
      next.ids.forEach((id, k) => live.set(id, added[k]));
      index = next.index;
      for (const [term, fields] of index.tree) {
        const layered = fields.get(0) instanceof LayeredPostings;
        if (wasLayered.get(term) && !layered) folds++;
        wasLayered.set(term, layered);
      }
      if (change % 50 !== 0) continue;

      const liveTexts = [...live.values()];
      const expected = fresh(liveTexts);
      // Ids and frequencies, read in the same order as a fresh build's (ids mapped to texts).
      expect(ordered(index, (id) => textOf.get(id)!)).toEqual(ordered(expected, (id) => liveTexts[id]));
      expect(index.documentCount).toBe(live.size);
      expect(index.lengthSum).toBe(expected.lengthSum);
      const a = new TermSearch(index);
      const b = new TermSearch(expected);
      for (const q of ['harbour quillon', 'council barbican ormolu', 'report water', 'tesselate', `entry${n - 3}`]) {
        const got = a.search(q, { limit: 30 }).map((h) => `${textOf.get(h.id)}|${h.score}`);
        const want = b.search(q, { limit: 30 }).map((h) => `${liveTexts[h.id]}|${h.score}`);
        expect(new Set(got), q).toEqual(new Set(want));
      }
      versions.push({ index, contents: contents(index, (id) => textOf.get(id)!) });
    }
    // Earlier versions still read as they did, though later ones shared their layers.
    for (const v of versions) expect(contents(v.index, (id) => textOf.get(id)!)).toEqual(v.contents);
    expect(folds).toBeGreaterThan(20);

    // A version revised a second time (a later one was made from it already) is revised on a copy.
    const older = versions[versions.length - 2];
    const olderIds = [...older.contents.get('report')!.keys()];
    const again = runNow(older.index.revising([], ['report harbour quillon']));
    expect(again.index.tree.get('report')!.get(0)!.size).toBe(olderIds.length + 1);
    expect(contents(older.index, (id) => textOf.get(id)!)).toEqual(older.contents);
    expect(contents(index, (id) => textOf.get(id)!)).toEqual(versions[versions.length - 1].contents);
  });

  it('refuses to remove an entry it does not hold', () => {
    const index = fresh(['one harbour', 'two harbour']);
    const gen = index.revising([{ id: 7, text: 'seven' }], []);
    expect(() => {
      for (let r = gen.next(); !r.done; r = gen.next());
    }).toThrow(/not in the index/);
  });
});
