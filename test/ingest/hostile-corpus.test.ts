/**
 * The seeds among a few hundred hostile files of every format — deeply nested and garbage HTML,
 * random bytes under every extension, broken front matter, huge lines, broken PDFs and Word
 * files — loaded the way the bot loads a corpus (the reader pool, each file under its budget):
 * the seeds answer as they do alone, and every file that is not served is named with its reason.
 * The load time is measured by `npm run bench:hostile`.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { closePools } from '../../src/ingest/pool.js';
import { loadCorpus } from '../../src/load/index.js';
import { listDocuments } from '../../src/read/files.js';
import { answersOf, DATA, seeds, tempCorpus } from '../helpers/corpus.js';
import { hostileFiles } from '../helpers/hostile-files.js';
import { cpSync, readdirSync } from 'node:fs';
import path from 'node:path';

afterAll(() => closePools());

describe('a corpus of the seeds and a few hundred hostile files', () => {
  it('loads, answers the seeds as they answer alone, and names every skipped file with its reason', async () => {
    const dir = tempCorpus(await hostileFiles());
    cpSync(DATA, path.join(dir, 'seeds'), { recursive: true });
    const files = await listDocuments(dir);
    expect(files.length).toBeGreaterThan(250);

    // How long this takes is measured by bench/hostile.ts, not asserted here.
    const { corpus } = await loadCorpus(dir, { maxBytes: 5 * 1024 * 1024, workers: 2 });

    // Every file is accounted for: served, or skipped with a reason.
    const served = new Set(corpus.docs.map((d) => d.meta.file));
    const skipped = new Map(corpus.skipped.map((s) => [s.file, s.reason]));
    for (const f of files) expect(served.has(f) || (skipped.get(f) ?? '').length > 5, f).toBe(true);
    for (const f of readdirSync(DATA)) expect(served.has(`seeds/${f}`), f).toBe(true);
    for (const [f, reason] of skipped) expect(reason, f).toMatch(/\w{3}/);
    // The hostile families that cannot be documents are all skipped.
    for (const f of files.filter((f) => /^(nested|random|frontmatter|pdf|docx)\//.test(f))) expect(skipped.has(f), f).toBe(true);

    const questions = ['/who Asim Munir', '/when border', '/quote Vahidi', '/search border fencing'];
    const alone = await answersOf(await seeds(), questions);
    const mixed = await answersOf(corpus, questions);
    // The seeds' answers are still there, first (hostile files hold no such words).
    const cites = (a: unknown) =>
      (a as { results: { citation: { docId: string } }[] }).results.map((r) => r.citation.docId.replace(/^seeds\//, ''));
    alone.forEach((a, i) => {
      expect(cites(a).length, questions[i]).toBeGreaterThan(0);
      expect(cites(mixed[i]).slice(0, cites(a).length), questions[i]).toEqual(cites(a));
    });
  }, 180_000);
});
