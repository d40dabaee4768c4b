/**
 * Revising the passage and title indexes for changed documents (src/index/revise.ts) must give
 * the corpus a full rebuild gives: the same passages, and searches that find the same passages
 * with the same scores in the same order — never one of a removed or replaced document, always
 * those of new ones.
 */
import { describe, expect, it } from 'vitest';
import { Corpus } from '../../src/index/corpus.js';
import { buildCorpus, reviseCorpus } from '../../src/load/live.js';
import { reviseIndexes } from '../../src/index/revise.js';
import { queryTerms } from '../../src/index/text.js';
import { ingestDirectory, type IngestedDoc } from '../../src/ingest/index.js';
import { answersOf, BBC, tempCorpus } from '../helpers/corpus.js';

const read = (dir: string) => ingestDirectory(dir, { maxBytes: 5 << 20 }).then((r) => r.docs);

async function scenario() {
  const old = (await read(BBC)).slice(0, 600);
  const fresh = await read(
    tempCorpus({
      'new-a.md':
        '---\ntitle: Zephyrine tariffs announced\n---\n\nThe Quorvath ministry announced zephyrine tariffs on imported turbines.\n\nOfficials expect the tariffs to raise revenue.\n',
      'new-b.md': '---\ntitle: Vellacourt wins regatta\n---\n\nVellacourt sailors won the Marstrand regatta for the third year.\n',
      'changed.md': '---\ntitle: A rewritten story\n---\n\nThis story was rewritten: the Tarnholm bridge reopened after repairs.\n',
    }),
  );
  const before = new Corpus({ docs: old, skipped: [] });
  // Keep every document but 3 removed and 1 replaced; put the new ones in the middle.
  const removed = new Set([5, 77, 301]);
  const replaced = 150;
  const docs: IngestedDoc[] = [];
  const from: (number | undefined)[] = [];
  old.forEach((d, i) => {
    if (removed.has(i)) return;
    if (i === replaced) {
      docs.push(fresh.find((f) => f.meta.title.startsWith('A rewritten'))!);
      from.push(undefined);
      return;
    }
    if (i === 200)
      for (const f of fresh.filter((x) => !x.meta.title.startsWith('A rewritten'))) {
        docs.push(f);
        from.push(undefined);
      }
    docs.push(d);
    from.push(i);
  });
  return { old, before, docs, from, removed, replaced };
}

describe('revising the indexes for a few changed documents', { timeout: 120_000 }, () => {
  it('gives the passages and search results of a full rebuild', async () => {
    const { old, before, docs, from, removed, replaced } = await scenario();
    const revised = new Corpus({ docs, skipped: [], ...reviseIndexes(before, docs, from) });
    const rebuilt = new Corpus({ docs, skipped: [] });
    expect(revised.passages).toEqual(rebuilt.passages);
    // Rare word pairs of every 23rd passage: the same passages found, in both.
    let checked = 0;
    for (let id = 3; id < rebuilt.passages.length; id += 23) {
      const p = rebuilt.passages[id];
      const words = [...new Set(queryTerms(rebuilt.paragraph(p.doc, p.paragraph).text).filter((w) => w.length >= 7))].slice(0, 2);
      if (words.length < 2) continue;
      const q = words.join(' ');
      expect(revised.searchPassages(q, { limit: 50 }), q).toEqual(rebuilt.searchPassages(q, { limit: 50 }));
      checked++;
    }
    expect(checked).toBeGreaterThan(40);
    // New documents are found by their words and titles; removed and replaced ones are not.
    for (const q of ['zephyrine tariffs', 'Marstrand regatta', 'Tarnholm bridge']) {
      const hits = revised.searchPassages(q, { limit: 5 });
      expect(hits.length, q).toBeGreaterThan(0);
      expect(
        revised.docs[hits[0].passage.doc].paragraphs.some((x) => x.text.includes(q.split(' ')[1].slice(0, 5))),
        q,
      ).toBe(true);
    }
    for (const i of [...removed, replaced]) {
      const p = old[i].paragraphs.find((x) => !x.heading && queryTerms(x.text).filter((w) => w.length >= 8).length >= 2)!;
      const q = queryTerms(p.text)
        .filter((w) => w.length >= 8)
        .slice(0, 2)
        .join(' ');
      for (const h of revised.searchPassages(q, { limit: 50 })) expect(revised.docs[h.passage.doc]).not.toBe(old[i]);
    }
  });

  it('gives a fresh build’s ranking and scores for common words too, after a tenth of the documents went', async () => {
    const { old, before } = await scenario();
    const from = old.map((_, i) => i).filter((i) => i % 10 !== 0);
    const docs = from.map((i) => old[i]);
    const revised = new Corpus({ docs, skipped: [], ...reviseIndexes(before, docs, from) });
    const rebuilt = new Corpus({ docs, skipped: [] });
    for (const q of ['government minister', 'mobile phone market', 'election campaign labour', 'film award', 'oil']) {
      const a = revised.searchPassages(q, { limit: 30 });
      expect(a.length, q).toBeGreaterThan(0);
      expect(a, q).toEqual(rebuilt.searchPassages(q, { limit: 30 }));
    }
  });
});

describe('revising a copy of the corpus that is serving (live reloads)', { timeout: 120_000 }, () => {
  it('gives what a full build gives, and leaves the serving corpus as it was', async () => {
    const { old, docs } = await scenario();
    const serving = new Corpus({ docs: old, skipped: [] });
    const queries = ['government minister', 'mobile phone market', 'zephyrine tariffs', 'Tarnholm bridge', 'film award', 'oil prices'];
    const lines = [...queries.map((q) => `/search ${q}`), '/when election', '/quote prices', '/who Tony Blair', '/timeline'];
    const servingBefore = await answersOf(serving, lines);
    const searchesBefore = queries.map((q) => serving.searchPassages(q, { limit: 30 }));
    const revised = await reviseCorpus(serving, docs, []);
    const built = await buildCorpus(docs, []);
    expect(revised.passages).toEqual(built.passages);
    for (const q of queries) expect(revised.searchPassages(q, { limit: 30 }), q).toEqual(built.searchPassages(q, { limit: 30 }));
    expect(await answersOf(revised, lines)).toEqual(await answersOf(built, lines));
    // The copy shares nothing with the corpus that kept serving meanwhile.
    expect(await answersOf(serving, lines)).toEqual(servingBefore);
    queries.forEach((q, i) => expect(serving.searchPassages(q, { limit: 30 }), q).toEqual(searchesBefore[i]));
    expect(serving.passageIndex.documentCount).toBe(serving.passages.length);
  });
});
