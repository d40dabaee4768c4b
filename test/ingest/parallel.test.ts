/** Parallel ingest on worker threads gives exactly what the sequential ingest gives. */
import { cpSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { collect, ingestTasks } from '../../src/ingest/parallel.js';
import { IngestPool } from '../../src/ingest/pool.js';
import { ingestDirectory } from '../../src/ingest/index.js';
import { listDocuments } from '../../src/read/files.js';
import { BBC, DATA, REUTERS, tempCorpus } from '../helpers/corpus.js';

const MAX = 5 * 1024 * 1024;

describe('parallel ingest', () => {
  it('on two worker threads equals the sequential ingest, order, facts and skipped files included', async () => {
    const dir = tempCorpus({
      'bad/binary.md': new Uint8Array([0, 1, 2, 3, 0, 0, 7]),
      'bad/empty.txt': '',
      'bad/frontmatter.md': '---\ntitle: [oops\n---\n\nBody.\n',
    });
    cpSync(DATA, path.join(dir, 'seeds'), { recursive: true });
    // Samples of both big corpora: every 40th BBC article and every 400th Reuters article.
    for (const f of readdirSync(BBC).filter((f, i) => f.endsWith('.txt') && i % 40 === 0))
      cpSync(path.join(BBC, f), path.join(dir, 'bbc', f));
    for (const f of readdirSync(REUTERS).filter((f, i) => f.endsWith('.md') && i % 400 === 0))
      cpSync(path.join(REUTERS, f), path.join(dir, 'reuters', f));
    writeFileSync(path.join(dir, 'z-last.md'), '---\ntitle: Last\n---\n\nThe final file, so that order matters.\n');

    const sequential = await ingestDirectory(dir, { maxBytes: MAX });
    const files = await listDocuments(dir);
    expect(files.length).toBeGreaterThan(100);
    const results = await ingestTasks(
      dir,
      files.map((file) => ({ file })),
      { maxBytes: MAX, workers: 2, minFilesForWorkers: 0 },
    );
    const parallel = collect(results);
    expect(parallel.docs.length).toBeGreaterThan(90);
    expect(parallel.skipped.map((s) => s.file).sort()).toEqual(['bad/binary.md', 'bad/empty.txt', 'bad/frontmatter.md']);
    expect(parallel).toEqual(sequential);
  });

  it('hands each result on in task order, once, as the files are read', { timeout: 120_000 }, async () => {
    const files: Record<string, string> = { 'b/bad.md': '' };
    // Long and short files mixed, so that the two workers finish out of order.
    for (let i = 0; i < 60; i++) {
      const body = Array.from(
        { length: i % 7 === 0 ? 60 : 1 },
        (_, k) => `Paragraph ${k} of file ${i} is about the harbour. It reopened.`,
      ).join('\n\n');
      files[`f${String(i).padStart(2, '0')}.md`] = `---\ntitle: File ${i}\n---\n\n${body}\n`;
    }
    const dir = tempCorpus(files);
    const tasks = (await listDocuments(dir)).map((file) => ({ file }));
    const seen: { index: number; file: string; at: number }[] = [];
    let finished = 0;
    const results = await ingestTasks(dir, tasks, {
      maxBytes: MAX,
      workers: 2,
      minFilesForWorkers: 0,
      onResult: (r, index) => seen.push({ index, file: r.ok ? r.doc.meta.file : r.skipped.file, at: finished }),
      onProgress: (p) => (finished = p.done),
    });
    expect(seen.map((s) => s.index)).toEqual(tasks.map((_, i) => i));
    expect(seen.map((s) => s.file)).toEqual(tasks.map((t) => t.file));
    expect(results.map((r) => (r.ok ? r.doc.meta.file : r.skipped.file))).toEqual(tasks.map((t) => t.file));
    // Handed on while the others were still being read, not all at the end.
    expect(seen[0].at).toBeLessThan(tasks.length);
  });

  it('rejects the ingest with what the result handler threw, after the files are read', { timeout: 120_000 }, async () => {
    const files = await listDocuments(DATA);
    const tasks = files.map((file) => ({ file }));
    let calls = 0;
    const run = ingestTasks(DATA, tasks, {
      maxBytes: MAX,
      workers: 2,
      minFilesForWorkers: 0,
      onResult: () => {
        calls++;
        throw new Error('the index is full');
      },
    });
    await expect(run).rejects.toThrow('the index is full');
    expect(calls).toBe(1);
  });

  it('serves ingest after ingest: a worker is kept for the next one, whichever finished last', { timeout: 120_000 }, async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 24; i++)
      files[`n${String(i).padStart(2, '0')}.md`] = `---\ntitle: Note ${i}\n---\n\nThe ferry ran ${i} times on Sunday.\n`;
    const dir = tempCorpus(files);
    const tasks = (await listDocuments(dir)).map((file) => ({ file }));
    for (let round = 0; round < 4; round++) {
      // Two workers, then one file: it must not wait for workers that were all let go.
      const many = await ingestTasks(dir, tasks, { maxBytes: MAX, workers: 2, minFilesForWorkers: 0 });
      expect(many.every((r) => r.ok)).toBe(true);
      const one = await ingestTasks(dir, tasks.slice(0, 1), { maxBytes: MAX, workers: 2, minFilesForWorkers: 0 });
      expect(one.map((r) => r.ok && r.doc.meta.title)).toEqual(['Note 0']);
    }
  });

  it('starts workers ahead of work, keeps them though idle, and an ingest then uses them', { timeout: 120_000 }, async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 20; i++)
      files[`w${String(i).padStart(2, '0')}.md`] = `---\ntitle: Warm ${i}\n---\n\nThe kiln was lit at ${i} o'clock.\n`;
    const dir = tempCorpus(files);
    const tasks = (await listDocuments(dir)).map((file) => ({ file }));
    const pool = new IngestPool(new URL('../../src/ingest/worker.ts', import.meta.url).href, 512);
    try {
      await pool.warm(2);
      // Both ready and neither let go as an idle worker would be (the first to be ready is idle
      // while the second boots).
      expect(pool.size).toBe(2);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(pool.size).toBe(2);
      await pool.warm(2); // already warm: resolves at once, starts nothing more
      expect(pool.size).toBe(2);
      const results = await pool.run(dir, tasks, { maxBytes: MAX, timeoutMs: 60_000, workers: 2 });
      expect(results.map((r) => r.ok && r.doc.meta.title)).toEqual(tasks.map((_, i) => `Warm ${i}`));
      // The work done, the pool keeps one worker, as after any ingest.
      for (let t = 0; t < 100 && pool.size > 1; t++) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(pool.size).toBe(1);
    } finally {
      await pool.close();
    }
  });

  it('falls back to the main thread when the workers cannot start, losing nothing', async () => {
    const files = await listDocuments(DATA);
    const broken = new URL('./no-such-worker.ts', import.meta.url);
    const results = await ingestTasks(
      DATA,
      files.map((file) => ({ file })),
      { maxBytes: MAX, workers: 2, minFilesForWorkers: 0, workerEntry: broken },
    );
    expect(collect(results)).toEqual(await ingestDirectory(DATA, { maxBytes: MAX }));
    expect(results.every((r) => r.ok)).toBe(true);
  });
});
