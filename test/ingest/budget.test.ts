/**
 * Every document is read on the reader pool under a budget: a file that stalls its reader or
 * eats its memory is skipped with a reason naming the budget, and the files around it are read
 * as if it were not there.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { collect, ingestTasks } from '../../src/ingest/parallel.js';
import { closePools } from '../../src/ingest/pool.js';
import { tempCorpus } from '../helpers/corpus.js';

const doc = (title: string, body: string) => `---\ntitle: ${title}\n---\n\n${body}\n`;
const entry = new URL('./fixtures/budget-worker.ts', import.meta.url);

afterAll(() => closePools());

describe('per-document budget', () => {
  it('stops a reader that stalls or runs out of memory, names the file and the budget, and reads the rest', async () => {
    const dir = tempCorpus({
      'a.md': doc('Canal works', 'The canal works at Dunmore finished in April, the trust said.'),
      'stall.md': doc('Stall', 'Never read.'),
      'b.md': doc('Lock keepers', 'The lock keepers of Dunmore voted to accept the new rota.'),
      'hog.md': doc('Hog', 'Never read either.'),
      'c.md': doc('Towpath', 'The towpath reopened to walkers on Sunday.'),
    });
    const files = ['a.md', 'stall.md', 'b.md', 'hog.md', 'c.md'];
    const results = await ingestTasks(
      dir,
      files.map((file) => ({ file })),
      { maxBytes: 100_000, workers: 1, workerEntry: entry, budget: { timeoutMs: 5000, memoryMb: 128 } },
    );
    const { docs, skipped } = collect(results);
    expect(docs.map((d) => d.meta.title)).toEqual(['Canal works', 'Lock keepers', 'Towpath']);
    expect(skipped).toEqual([
      {
        file: 'stall.md',
        reason: expect.stringMatching(/^took longer than 5 s to read \(the per-document budget, PARSE_TIMEOUT_SECONDS\)/) as unknown,
      },
      {
        file: 'hog.md',
        reason: expect.stringMatching(/^needed more than 128 MB of memory to read \(the per-document budget, PARSE_MEMORY_MB\)/) as unknown,
      },
    ]);
    // Three workers boot here (one replaces each stopped one): slow on a loaded machine.
  }, 120_000);
});
