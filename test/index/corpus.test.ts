/**
 * Corpus.searchPassages on a real corpus (BBC): it reads posting lists instead of scoring every
 * passage that shares a word, so check that it still finds what a passage says — by its rare
 * words, with a typo, by prefix, inside a document filter — and ranks full matches first.
 */
import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { queryTerms } from '../../src/index/text.js';
import { BBC, corpusOf } from '../helpers/corpus.js';

const bbc = () => corpusOf(BBC);

/** Deterministic sample of passages and, for each, its two rarest words of 6+ letters. */
async function probes(n: number) {
  const c = await bbc();
  const df = (t: string) => c.passageIndex.search(t, { combineWith: 'AND' }).length;
  const out: { id: number; words: string[] }[] = [];
  for (let id = 7; out.length < n && id < c.passages.length; id += 97) {
    const p = c.passages[id];
    const words = queryTerms(c.paragraph(p.doc, p.paragraph).text).filter((w) => w.length >= 6 && /^[a-z]+$/.test(w));
    const rare = [...new Set(words)].sort((a, b) => df(a) - df(b) || a.localeCompare(b)).slice(0, 2);
    if (rare.length === 2) out.push({ id, words: rare });
  }
  return out;
}

// Loading the BBC corpus (2,225 articles, every extractor) takes a while on a busy machine.
describe('Corpus.searchPassages on the BBC corpus', { timeout: 180_000 }, () => {
  it('finds a passage by two of its rarer words, among the first results', async () => {
    const c = await bbc();
    const ps = await probes(40);
    expect(ps.length).toBe(40);
    let found = 0;
    for (const { id, words } of ps) {
      const hits = c.searchPassages(words.join(' '), { limit: 10 });
      if (hits.some((h) => h.passage === c.passages[id])) found++;
      // Every hit contains every word: two words, both must match.
      for (const h of hits) expect(h.queryTerms.sort()).toEqual([...words].sort());
    }
    expect(found).toBeGreaterThanOrEqual(38);
  });

  it('finds the same passages with one letter of a long word dropped (typo) or the word cut short (prefix)', async () => {
    const c = await bbc();
    let typo = 0;
    let prefix = 0;
    const ps = (await probes(30)).filter((p) => p.words[0].length >= 7);
    for (const { id, words } of ps) {
      const [w, other] = words;
      const mistyped = w.slice(0, 3) + w.slice(4);
      if (c.searchPassages(`${mistyped} ${other}`, { limit: 10 }).some((h) => h.passage === c.passages[id])) typo++;
      if (c.searchPassages(`${w.slice(0, 5)} ${other}`, { limit: 10 }).some((h) => h.passage === c.passages[id])) prefix++;
    }
    expect(ps.length).toBeGreaterThan(15);
    expect(typo / ps.length).toBeGreaterThan(0.8);
    expect(prefix / ps.length).toBeGreaterThan(0.6);
  });

  it('ranks passages with every word above passages with most, and agrees with MiniSearch AND on which passages match all', async () => {
    const c = await bbc();
    for (const q of ['oil prices rise', 'mobile phone market', 'election campaign labour', 'film award nomination']) {
      const hits = c.searchPassages(q, { limit: 20 });
      expect(hits.length, q).toBeGreaterThan(0);
      const counts = hits.map((h) => h.queryTerms.length);
      expect(counts, q).toEqual([...counts].sort((a, b) => b - a));
      // The passages that contain every word are exactly MiniSearch's AND matches.
      const all = new Set(c.passageIndex.search(q, { combineWith: 'AND' }).map((r) => r.id as number));
      const ours = hits.filter((h) => h.queryTerms.length === queryTerms(q).length);
      for (const h of ours) expect(all.has(c.passages.indexOf(h.passage)), q).toBe(true);
      if (all.size >= 20) expect(ours.length, q).toBe(20);
    }
  });

  it('keeps to the documents it is given', async () => {
    const c = await bbc();
    const docs = new Set([...Array(c.docs.length).keys()].filter((d) => d % 10 === 3));
    const hits = c.searchPassages('government minister', { limit: 30, docs });
    expect(hits.length).toBeGreaterThan(0);
    for (const h of hits) expect(docs.has(h.passage.doc)).toBe(true);
    const one = new Set([c.docs.findIndex((d) => d.meta.title.toLowerCase().includes('oil'))]);
    for (const h of c.searchPassages('oil', { limit: 30, docs: one })) expect(one.has(h.passage.doc)).toBe(true);
  });

  it('suggests corrections that find passages, for misspelt words of the corpus', async () => {
    const c = await bbc();
    for (const [typo, right] of [
      ['goverment', 'government'],
      ['elecion', 'election'],
      ['footbal', 'football'],
    ]) {
      const s = c.suggest(typo);
      expect(s[0], typo).toBe(right);
      for (const q of s) expect(c.searchPassages(q, { limit: 1 }).length).toBe(1);
    }
    expect(c.suggest('qqqqzzzz')).toEqual([]);
  });

  it('is MiniSearch underneath: a raw MiniSearch query on the same index still works', async () => {
    const c = await bbc();
    expect(c.passageIndex).toBeInstanceOf(MiniSearch);
    expect(c.passageIndex.search('football').length).toBeGreaterThan(0);
  });
});
