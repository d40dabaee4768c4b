import { describe, expect, it } from 'vitest';
import { search } from '../../src/answer/search.js';
import { AL_MONITOR, seeds, tempCorpus, corpusOf } from '../helpers/corpus.js';
import { memoryStore } from '../../src/corpus/memory.js';

describe('/search', () => {
  it('answers "largest remittance source" with the Al-Monitor sentence, cited by title and paragraph', async () => {
    const a = await search(memoryStore(await seeds()), 'largest remittance source');
    const r = a.results![0];
    expect(r.answer).toBe(
      'With 2.7 million Pakistani citizens living and working in Saudi Arabia, Riyadh has become Islamabad’s largest remittance source.',
    );
    expect(r.citation).toMatchObject({
      docId: AL_MONITOR,
      title: 'Pakistan boosts Iran border security, maintains balance with Riyadh',
      source: 'Al-Monitor',
      published: '2022-02',
    });
    const c = await seeds();
    expect(c.paragraph(c.docIndex(AL_MONITOR)!, r.citation.paragraph).text).toContain(r.excerpt);
  });

  it('never cites boilerplate', async () => {
    for (const q of ['premium membership free trial', 'share this article', 'skip to main content', 'sign in newsletter']) {
      const a = await search(memoryStore(await seeds()), q);
      expect(a.results, q).toEqual([]);
      expect(a.message).toMatch(/Nothing in the corpus matches/);
    }
  });

  it('answers with one or two sentences, not a whole paragraph', async () => {
    const a = await search(memoryStore(await seeds()), 'Kugelman sanctuaries');
    const r = a.results![0];
    expect(r.excerpt).toContain('cross-border sanctuaries');
    expect(r.excerpt.length).toBeLessThan(400);
  });

  it('finds words by prefix and with a typo when nothing matches exactly', async () => {
    expect((await search(memoryStore(await seeds()), 'remittence')).results![0].answer).toContain('remittance');
    expect((await search(memoryStore(await seeds()), 'Jundal')).results![0].answer).toContain('Jundallah');
  });

  it('suggests only what it can back', async () => {
    const c = await seeds();
    const a = await search(memoryStore(c), 'zzzzqqq');
    expect(a.results).toEqual([]);
    for (const s of a.suggestions ?? []) expect((await search(memoryStore(c), s)).results!.length).toBeGreaterThan(0);
  });

  it('gives a helpful error for empty or all-stopword queries', async () => {
    expect((await search(memoryStore(await seeds()), '   ')).error).toMatch(/Type some words/);
    expect((await search(memoryStore(await seeds()), 'the of and')).error).toMatch(/too common/);
  });

  it('ranks a passage matching every word above one matching some', async () => {
    const dir = tempCorpus({
      'a.md': '---\ntitle: A\n---\n\nThe border fence was finished in March.\n',
      'b.md': '---\ntitle: B\n---\n\nThe border was calm. Nothing else happened there at all.\n',
    });
    const a = await search(memoryStore(await corpusOf(dir)), 'border fence');
    expect(a.results!.map((r) => r.citation.docId)).toEqual(['a']);
  });
});
