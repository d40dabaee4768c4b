/**
 * The ranking's short cuts against plain work on small random indexes: a document refused before
 * its boost (`boostMax`) is one that could not have entered, and the most-words stage visits each
 * candidate once whichever word's postings it comes from.
 */
import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { minimumShouldMatch, TermSearch } from '../../src/index/postings.js';
import { processTerm, tokenize } from '../../src/index/text.js';

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Few words, short texts and repeated documents: many ties, many documents holding some words only.
const WORDS = ['harbour', 'freight', 'tariff', 'minister', 'grain', 'vessel', 'strike', 'union', 'copper', 'rupee'];

function corpus(seed: number, n: number): { index: MiniSearch<{ id: number; text: string }>; texts: string[] } {
  const rnd = random(seed);
  const texts: string[] = [];
  for (let i = 0; i < n; i++) {
    if (i > 0 && rnd() < 0.2) texts.push(texts[Math.floor(rnd() * i)]);
    else texts.push(Array.from({ length: 1 + Math.floor(rnd() * 6) }, () => WORDS[Math.floor(rnd() * WORDS.length)]).join(' '));
  }
  const index = new MiniSearch<{ id: number; text: string }>({ fields: ['text'], idField: 'id', tokenize, processTerm });
  texts.forEach((text, id) => index.add({ id, text }));
  return { index, texts };
}

function query(rnd: () => number): string {
  return Array.from({ length: 2 + Math.floor(rnd() * 4) }, () => WORDS[Math.floor(rnd() * WORDS.length)]).join(' ');
}

describe('TermSearch ranking', () => {
  it('refusing documents before their boost changes no result, ties included', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const { index } = corpus(seed, 300);
      const search = new TermSearch(index);
      const rnd = random(seed * 7919);
      // A boost of 1, 1.25 or 1.5 by id: equal boosted scores are common.
      const boost = () => (id: number) => 1 + (id % 3) * 0.25;
      // Ties are broken by a place unlike the order of visits (as in a revised index).
      const order = (id: number) => (id * 7919) % 1009;
      for (let k = 0; k < 10; k++) {
        const q = query(rnd);
        const limit = 1 + Math.floor(rnd() * 12);
        const bounded = search.search(q, { limit, boost, boostMax: 1.5, order });
        const plain = search.search(q, { limit, boost, order });
        expect(bounded, `seed ${seed}, "${q}", limit ${limit}`).toEqual(plain);
        // And the best few are the first few of all of them (kept while scoring, never sorted).
        const all = search.search(q, { limit: 1000, boost, boostMax: 1.5, order });
        expect(bounded, `seed ${seed}, "${q}", limit ${limit}, against all`).toEqual(all.slice(0, limit));
      }
    }
  });

  it('finds every document holding most of the words, each once', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const { index, texts } = corpus(seed, 200);
      const search = new TermSearch(index);
      const rnd = random(seed * 104729);
      for (let k = 0; k < 10; k++) {
        // Now and then a word no document holds: it counts among the words a document misses.
        const words = [...new Set([...query(rnd).split(' '), ...(k % 3 === 0 ? ['zeppelin'] : [])])];
        const need = minimumShouldMatch(words.length);
        const expected = texts
          .map((t, id) => ({ id, held: words.filter((w) => t.split(' ').includes(w)).length }))
          .filter((d) => d.held >= need)
          .map((d) => d.id)
          .sort((a, b) => a - b);
        const found = search.search(words.join(' '), { limit: texts.length }).map((h) => h.id);
        expect(new Set(found).size, `seed ${seed}, "${words.join(' ')}": a document twice`).toBe(found.length);
        expect(
          [...found].sort((a, b) => a - b),
          `seed ${seed}, "${words.join(' ')}"`,
        ).toEqual(expected);
      }
    }
  });
});
