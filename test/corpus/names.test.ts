/**
 * The PostgreSQL store's name scoring (src/corpus/postgres/names.ts) against MiniSearch itself,
 * configured as PeopleIndex configures its name index: the same entries found, the same scores,
 * and the same order (equal scores included) for the look-up's and the "did you mean" options.
 */
import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { nameWords, searchNames, type NameSearchOptions } from '../../src/corpus/postgres/names.js';

/** A small seeded generator, so that a failure can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

// Invented name words, with shared starts and near spellings so that prefixes and typos reach several.
const WORDS = [
  'halvard',
  'halvorsen',
  'halvo',
  'brennick',
  'brenick',
  'brennan',
  'oyelaran',
  'oyelara',
  'kastrup',
  'kastrupp',
  'kast',
  'mireval',
  'mirevale',
  'tollan',
  'tollansby',
  'quenby',
  'quen',
  'vashti',
  'vasht',
  'delacroy',
  'corp',
  'holdings',
  'trust',
  'bank',
  'banks',
  'of',
  'co',
  'ulwen',
  'ulwena',
  'pradesk',
];

function entries(seed: number, n: number): string[] {
  const r = rng(seed);
  const pick = () => WORDS[Math.floor(r() * WORDS.length)];
  const name = () => Array.from({ length: 1 + Math.floor(r() * 3) }, pick).join(' ');
  return Array.from({ length: n }, () => {
    const names = [name()];
    if (r() < 0.3) names.push(name());
    return ` ${names.join(' | ')} `;
  });
}

function miniSearch(nameTexts: string[]) {
  const ms = new MiniSearch<{ id: number; names: string }>({
    fields: ['names'],
    idField: 'id',
    tokenize: (t: string) => t.split(' ').filter(Boolean),
    processTerm: (t: string) => t || null,
  });
  nameTexts.forEach((t, id) => ms.add({ id, names: t.replace(/ \| /g, ' ') }));
  return ms;
}

function figures(nameTexts: string[]) {
  const df = new Map<string, number>();
  let total = 0;
  for (const t of nameTexts) {
    const words = new Set(nameWords(t));
    total += words.size;
    for (const w of words) df.set(w, (df.get(w) ?? 0) + 1);
  }
  return { documents: nameTexts.length, avgLength: total / nameTexts.length, df: (w: string) => df.get(w) ?? 0 };
}

const partial = (t: string) => t.length >= 3;
const LOOKUP: NameSearchOptions = {
  combineWith: 'AND',
  prefix: partial,
  fuzzy: (t) => (!partial(t) ? false : t.length >= 5 ? 0.2 : t.length >= 4 ? 1 : false),
};
const CLOSEST: NameSearchOptions = {
  combineWith: 'OR',
  prefix: (t) => t.length >= 3,
  fuzzy: (t) => (t.length >= 4 ? 0.34 : false),
};

function queries(seed: number): string[] {
  const r = rng(seed);
  const word = () => WORDS[Math.floor(r() * WORDS.length)];
  const typo = (w: string) => {
    const i = Math.floor(r() * w.length);
    return r() < 0.5 ? `${w.slice(0, i)}x${w.slice(i + 1)}` : `${w.slice(0, i)}${w.slice(i + 1)}`;
  };
  const out: string[] = [];
  for (let i = 0; i < 40; i++) {
    const w = word();
    out.push(w, w.slice(0, 3 + Math.floor(r() * 3)), typo(w), `${word()} ${w}`, `${typo(word())} ${w.slice(0, 4)}`);
  }
  return out;
}

describe('name scoring as MiniSearch scores names', () => {
  for (const [label, opts] of [
    ['look-up (every word, prefixes, typos)', LOOKUP],
    ['"did you mean" (any word, looser typos)', CLOSEST],
  ] as const) {
    it(`${label}: the same entries, scores and order`, () => {
      let compared = 0;
      const wrong: string[] = [];
      for (const seed of [1, 2]) {
        const texts = entries(seed, 300);
        const ms = miniSearch(texts);
        const fig = figures(texts);
        const candidates = texts.map((nameText, entry) => ({ entry, nameText }));
        for (const q of queries(seed)) {
          const want = ms.search(q, { combineWith: opts.combineWith, prefix: opts.prefix, fuzzy: opts.fuzzy });
          const got = searchNames(q.split(' '), candidates, fig, opts);
          const same =
            got.length === want.length &&
            got.every((g, i) => g.entry === want[i].id && Math.abs(g.score - want[i].score) <= 1e-9 * want[i].score);
          if (!same) wrong.push(q);
          compared += want.length;
        }
      }
      expect(wrong).toEqual([]);
      expect(compared).toBeGreaterThan(1000);
    });
  }

  it('an entry left out of the candidates is not found; the others keep their scores', () => {
    const texts = entries(7, 200);
    const fig = figures(texts);
    const all = texts.map((nameText, entry) => ({ entry, nameText }));
    const full = searchNames(['brennick'], all, fig, LOOKUP);
    expect(full.length).toBeGreaterThan(2);
    const dropped = full[0].entry;
    const part = searchNames(
      ['brennick'],
      all.filter((c) => c.entry !== dropped),
      fig,
      LOOKUP,
    );
    expect(part).toEqual(full.slice(1));
  });
});
