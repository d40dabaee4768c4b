/**
 * The corpus a cold load builds while documents are still being read (CorpusBuilder, fed in
 * corpus order) is the corpus the constructor builds from the same documents: the same passages,
 * the same index states, the same dated sentences and the same answers.
 */
import { cpSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contextFor } from '../../src/commands/context.js';
import { runLine } from '../../src/commands/parse.js';
import { CorpusBuilder } from '../../src/index/build.js';
import { Corpus } from '../../src/index/corpus.js';
import { ingestDirectory } from '../../src/ingest/index.js';
import { BBC, DATA, tempCorpus } from '../helpers/corpus.js';

describe('CorpusBuilder', { timeout: 120_000 }, () => {
  it('builds, document by document, the corpus the constructor builds', async () => {
    const dir = tempCorpus({
      'bad/empty.md': '',
      'zz-last.md': '---\ntitle: Harbour notes\n---\n\nThe harbour reopened on 3 March 2024, officials said.\n',
    });
    cpSync(DATA, path.join(dir, 'seeds'), { recursive: true });
    for (const f of readdirSync(BBC).filter((f, i) => f.endsWith('.txt') && i % 60 === 0))
      cpSync(path.join(BBC, f), path.join(dir, 'bbc', f));
    const { docs, skipped } = await ingestDirectory(dir, { maxBytes: 5 * 1024 * 1024 });
    expect(docs.length).toBeGreaterThan(30);
    expect(skipped.length).toBe(1);

    const builder = new CorpusBuilder();
    // Skipped files come between documents in a real ingest.
    docs.forEach((d, i) => {
      builder.add(d);
      if (i === 3) builder.skip(skipped[0]);
    });
    const built = builder.finish();
    const direct = new Corpus({ docs, skipped });

    expect(built.docs).toEqual(direct.docs);
    expect(built.skipped).toEqual(direct.skipped);
    expect(built.passages).toEqual(direct.passages);
    expect(JSON.stringify(built.passageIndex)).toBe(JSON.stringify(direct.passageIndex));
    expect(JSON.stringify(built.titleIndex)).toBe(JSON.stringify(direct.titleIndex));
    expect(built.dates.events).toEqual(direct.dates.events);
    expect(built.dates.toSnapshot()).toEqual(direct.dates.toSnapshot());
    expect(built.dates.size).toBeGreaterThan(0);
    expect(built.stats).toEqual(direct.stats);

    const ctx = (corpus: Corpus) => contextFor(corpus, { now: () => new Date('2025-06-01T00:00:00Z') });
    for (const line of [
      '/search harbour reopened',
      '/search election',
      '/who Blair',
      '/when harbour',
      '/timeline',
      '/quote Brown',
      '/about',
    ]) {
      const [a, b] = await Promise.all([runLine(ctx(built), line), runLine(ctx(direct), line)]);
      expect(a, line).toEqual(b);
    }
  });

  it('takes no document once it has built its corpus', () => {
    const builder = new CorpusBuilder();
    const corpus = builder.finish();
    expect(corpus.docs).toEqual([]);
    expect(() => builder.add({} as never)).toThrow(/already built/);
  });
});
