/**
 * `scoreDrift` bounds how far a document's BM25 score for a query can move when only the
 * corpus's statistics move (documents without the query's words come or go): the date index
 * relies on it to keep an anchor's answer without searching again (issue #19). Checked against
 * the scores TermSearch gives before and after, over random corpora and changes.
 */
import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { scoreDrift, TermSearch } from '../../src/index/postings.js';
import { prng } from '../helpers/prng.js';

const NAMES = ['Orlen', 'Vasty', 'Quill', 'Harrow'];
const FILLER = ['river', 'bank', 'council', 'vote', 'road', 'market', 'price', 'week', 'school', 'power', 'plant', 'storm'];

function sentence(r: () => number, withNames: boolean, maxLen: number): string {
  const len = 1 + Math.floor(r() * maxLen);
  const words = Array.from(
    { length: len },
    () => FILLER[Math.floor(r() * FILLER.length)] + (r() < 0.5 ? '' : String(Math.floor(r() * 50))),
  );
  if (withNames) for (const n of NAMES) for (let k = Math.floor(r() * 3); k > 0; k--) words.splice(Math.floor(r() * words.length), 0, n);
  return words.join(' ');
}

function search(texts: string[]): TermSearch {
  const m = new MiniSearch<{ id: number; text: string }>({ fields: ['text'] });
  texts.forEach((text, id) => m.add({ id, text }));
  return new TermSearch(m);
}

describe('the drift of BM25 scores when only the statistics move', () => {
  it('bounds every score change of a random corpus under random additions of other documents', () => {
    let checked = 0;
    let tight = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const r = prng(seed);
      const base = Array.from({ length: 20 + Math.floor(r() * 200) }, () => sentence(r, r() < 0.3, 40));
      // Documents without the names: short, ordinary or very long, few or many.
      const extra = Array.from({ length: 1 + Math.floor(r() * 40) }, () => sentence(r, false, r() < 0.2 ? 400 : 30));
      const before = search(base);
      const after = search([...base, ...extra]);
      for (const query of ['orlen', 'orlen vasty', 'quill harrow vasty']) {
        const words = query.split(' ');
        const drift = scoreDrift(
          before.stats(),
          after.stats(),
          words.map((w) => before.idfOf(w)),
        );
        const old = new Map(before.search(query, { limit: 1000, every: true }).map((h) => [h.id, h.score]));
        for (const h of after.search(query, { limit: 1000, every: true })) {
          expect(old.has(h.id)).toBe(true);
          const moved = Math.abs(h.score - old.get(h.id)!);
          expect(moved).toBeLessThanOrEqual(drift + 1e-12);
          checked++;
          if (moved > drift / 4) tight++;
        }
      }
    }
    expect(checked).toBeGreaterThan(500);
    // A bound worth having: often within a factor of four of the real move.
    expect(tight).toBeGreaterThan(checked / 10);
  });

  it('gives no bound when the average length has moved by half or more', () => {
    const stats = { count: 100, lengthSum: 1000 };
    expect(scoreDrift(stats, { count: 101, lengthSum: 3000 }, [2])).toBe(Infinity);
    expect(scoreDrift(stats, stats, [2, 3])).toBe(0);
  });
});
