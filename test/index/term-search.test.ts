/**
 * One bounded search (src/index/postings.ts) serves passages, dated sentences (/when,
 * /timeline) and quotes (/quote's topics). On a real corpus (BBC) each must find an item by its
 * rarer words, with a typo or a prefix, never return an item that lacks most of the query's
 * words, and never fall back on MiniSearch.search, whose cost grows with the corpus.
 */
import MiniSearch from 'minisearch';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { minimumShouldMatch } from '../../src/index/postings.js';
import { queryTerms } from '../../src/index/text.js';
import { BBC, corpusOf } from '../helpers/corpus.js';

const bbc = () => corpusOf(BBC);

/** An index under test: how many items, each item's text, and the search to check. */
interface Subject {
  name: string;
  size: (c: Awaited<ReturnType<typeof bbc>>) => number;
  text: (c: Awaited<ReturnType<typeof bbc>>, id: number) => string;
  search: (c: Awaited<ReturnType<typeof bbc>>, q: string) => number[];
}

const subjects: Subject[] = [
  {
    name: 'dated sentences',
    size: (c) => c.dates.sentences.length,
    text: (c, id) => c.dates.text(id),
    search: (c, q) => c.dates.search(q, 10).map((h) => h.sentence),
  },
  {
    name: 'quotes',
    size: (c) => c.quotes.size,
    text: (c, id) => c.quotes.quotes[id].fact.text,
    search: (c, q) => c.quotes.searchTopic(q, 10).map((h) => h.quote),
  },
];

/** Every 37th item with two words of 6+ letters: its two rarest (by how many items hold them). */
function probes(c: Awaited<ReturnType<typeof bbc>>, s: Subject, n: number) {
  const words = (id: number) => [...new Set(queryTerms(s.text(c, id)).filter((w) => w.length >= 6 && /^[a-z]+$/.test(w)))];
  const df = new Map<string, number>();
  for (let id = 0; id < s.size(c); id++) for (const w of words(id)) df.set(w, (df.get(w) ?? 0) + 1);
  const out: { id: number; words: string[] }[] = [];
  for (let id = 5; out.length < n && id < s.size(c); id += 37) {
    const rare = words(id)
      .sort((a, b) => df.get(a)! - df.get(b)! || a.localeCompare(b))
      .slice(0, 2);
    if (rare.length === 2) out.push({ id, words: rare });
  }
  return out;
}

describe('bounded search over the fact indexes (BBC corpus)', { timeout: 180_000 }, () => {
  afterEach(() => vi.restoreAllMocks());

  for (const s of subjects) {
    it(`${s.name}: found by two rarer words, or with a typo or a prefix`, async () => {
      const c = await bbc();
      const ps = probes(c, s, 40);
      expect(ps.length).toBe(40);
      let exact = 0;
      let typo = 0;
      let prefix = 0;
      let long = 0;
      for (const { id, words } of ps) {
        const same = (ids: number[]) => ids.some((x) => s.text(c, x) === s.text(c, id));
        if (same(s.search(c, words.join(' ')))) exact++;
        const [w, other] = words;
        if (w.length < 7) continue;
        long++;
        if (same(s.search(c, `${w.slice(0, 3)}${w.slice(4)} ${other}`))) typo++;
        if (same(s.search(c, `${w.slice(0, 5)} ${other}`))) prefix++;
      }
      expect(exact).toBeGreaterThanOrEqual(38);
      expect(long).toBeGreaterThan(10);
      expect(typo / long).toBeGreaterThan(0.8);
      expect(prefix / long).toBeGreaterThan(0.6);
    });

    it(`${s.name}: every result holds most of the query's words, those with all first`, async () => {
      const c = await bbc();
      for (const q of ['oil prices rise', 'government election campaign', 'chief executive company shares', 'said would']) {
        const terms = queryTerms(q);
        const ids = s.search(c, q);
        const held = ids.map((id) => {
          const t = new Set(queryTerms(s.text(c, id)));
          return terms.filter((w) => t.has(w)).length;
        });
        for (const h of held) expect(h, q).toBeGreaterThanOrEqual(minimumShouldMatch(terms.length));
        expect(held, q).toEqual([...held].sort((a, b) => b - a));
      }
    });
  }

  it('never calls MiniSearch.search for /search, /when, /timeline topics, quote topics or suggestions', async () => {
    const c = await bbc();
    const spy = vi.spyOn(MiniSearch.prototype, 'search');
    const autoSuggest = vi.spyOn(MiniSearch.prototype, 'autoSuggest');
    expect(c.searchPassages('oil prices rise', { limit: 10 }).length).toBeGreaterThan(0);
    expect(c.dates.search('election campaign', 10).length).toBeGreaterThan(0);
    expect(c.dates.timeline('election', 10).events.length).toBeGreaterThan(0);
    expect(c.quotes.searchTopic('prices rise', 10).length).toBeGreaterThan(0);
    expect(c.dates.suggest('elecion')).toContain('election');
    expect(c.suggest('goverment')[0]).toBe('government');
    expect(spy).not.toHaveBeenCalled();
    expect(autoSuggest).not.toHaveBeenCalled();
  });
});
