/**
 * `leadDrift` bounds how far one document's BM25 score for a query can gain on another's when
 * only the corpus's statistics move (documents without the query's words come or go): the date
 * index relies on it to keep an anchor's answer without searching again (issue #19). Checked
 * against the scores TermSearch gives before and after, over random corpora and changes.
 */
import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { leadDrift, TermSearch } from '../../src/index/postings.js';
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

describe('the drift of BM25 scores against each other when only the statistics move', () => {
  it('bounds how far any score of a random corpus gains on another under random additions of other documents', () => {
    let checked = 0;
    let closest = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const r = prng(seed);
      const base = Array.from({ length: 20 + Math.floor(r() * 200) }, () => sentence(r, r() < 0.3, 40));
      // Documents without the names: short, ordinary or very long, few or many.
      const extra = Array.from({ length: 1 + Math.floor(r() * 40) }, () => sentence(r, false, r() < 0.2 ? 400 : 30));
      const before = search(base);
      const after = search([...base, ...extra]);
      for (const query of ['orlen', 'orlen vasty', 'quill harrow vasty']) {
        const words = query.split(' ');
        const drift = leadDrift(
          before.stats(),
          after.stats(),
          words.map((w) => before.idfOf(w)),
        );
        const old = new Map(before.search(query, { limit: 1000, every: true }).map((h) => [h.id, h.score]));
        const now = after.search(query, { limit: 1000, every: true });
        expect(now.length).toBe(old.size);
        for (const a of now)
          for (const b of now) {
            if (a.id >= b.id) continue;
            const moved = Math.abs(a.score - b.score - (old.get(a.id)! - old.get(b.id)!));
            expect(moved).toBeLessThanOrEqual(drift + 1e-12);
            checked++;
            if (drift > 0) closest = Math.max(closest, moved / drift);
          }
      }
    }
    expect(checked).toBeGreaterThan(5000);
    // A bound worth having: the worst real move comes close to it.
    expect(closest).toBeGreaterThan(0.3);
  });

  it('bounds the gain where the average length moves most: one of about average length against a very long one', () => {
    const r = prng(7);
    const base = Array.from({ length: 300 }, () => sentence(r, false, 20));
    const avg = base.reduce((n, t) => n + t.split(' ').length, 0) / base.length;
    base.push(
      `orlen ${sentence(r, false, Math.round(avg))
        .split(' ')
        .slice(0, Math.round(avg) - 1)
        .join(' ')}`,
    );
    base.push(`orlen ${Array.from({ length: Math.round(avg * 12) }, (_, i) => `w${i}`).join(' ')}`);
    const extra = Array.from({ length: 3 }, (_, k) => Array.from({ length: 800 }, (_, i) => `x${k}y${i}`).join(' '));
    const before = search(base);
    const after = search([...base, ...extra]);
    const drift = leadDrift(before.stats(), after.stats(), [before.idfOf('orlen')]);
    const [a0, b0] = before.search('orlen', { limit: 2, every: true });
    const [a1, b1] = after.search('orlen', { limit: 2, every: true });
    expect([a1.id, b1.id]).toEqual([a0.id, b0.id]);
    const moved = Math.abs(a1.score - b1.score - (a0.score - b0.score));
    expect(moved).toBeLessThanOrEqual(drift);
    // The average's share of the bound is needed: the count's alone is less than the real gain.
    const s0 = before.stats();
    const s1 = after.stats();
    const countOnly = leadDrift(s0, { count: s1.count, lengthSum: (s0.lengthSum / s0.count) * s1.count }, [before.idfOf('orlen')]);
    expect(moved).toBeGreaterThan(countOnly);
  });

  it('gives no bound when the average length has moved by half or more', () => {
    const stats = { count: 100, lengthSum: 1000 };
    expect(leadDrift(stats, { count: 101, lengthSum: 3000 }, [2])).toBe(Infinity);
    expect(leadDrift(stats, stats, [2, 3])).toBe(0);
  });
});
