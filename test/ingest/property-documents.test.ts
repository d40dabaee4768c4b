/**
 * Property: whatever the documents say — names, roles, quotations and dates mixed with
 * markdown, mentions, links, emoji, right-to-left and zero-width text, in .md, .txt or .html,
 * with or without front matter — a corpus made of them is ingested without a crash (every file
 * served or skipped with a reason), and every command on it ends in a well-formed answer of
 * verbatim, cited text and a Discord reply that is inside the limits, pings nobody and shows no
 * markdown that is not ours. Fixed seed, so CI is repeatable.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { commands } from '../../src/commands/index.js';
import { runLine } from '../../src/commands/parse.js';
import { Corpus } from '../../src/index/corpus.js';
import { ingestDirectory } from '../../src/ingest/index.js';
import { checkAnswer, checkRendered, docArb, queryArb } from '../helpers/hostile.js';
import { contextFor } from '../../src/commands/context.js';

process.env.STATE_DIR ??= path.join(os.tmpdir(), `factdesk-property-state-${process.pid}`);

const SEED = 8_2026;
const RUNS = 1000;
const base = mkdtempSync(path.join(os.tmpdir(), 'factdesk-prop-docs-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** Why a generated document may be skipped: only these, and only when its content explains it. */
function explained(reason: string, content: string): boolean {
  if (/binary file/.test(reason)) return /[\u0000-\u0008\u000e-\u001f]/.test(content);
  if (/malformed front matter/.test(reason)) return content.startsWith('---\n');
  return /no article text|empty document/.test(reason);
}

describe('property: any documents, any command', () => {
  it(`${RUNS} generated corpora are ingested and answered safely`, async () => {
    let n = 0;
    const seen = { docs: 0, skipped: 0, results: 0, answers: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.array(docArb, { minLength: 1, maxLength: 2 }),
        queryArb,
        fc.constantFrom(...commands.map((c) => c.definition.name)),
        async (docs, hostileQuery, hostileCommand) => {
          const dir = path.join(base, String(n++));
          const files = docs.map((d, i) => ({ ...d, file: `doc-${i}.${d.ext}` }));
          try {
            mkdirSync(dir, { recursive: true });
            for (const f of files) writeFileSync(path.join(dir, f.file), f.content);
            const { docs: ingested, skipped } = await ingestDirectory(dir, { maxBytes: 1_000_000 });
            expect(ingested.length + skipped.length).toBe(files.length);
            for (const s of skipped) {
              const f = files.find((x) => x.file === s.file)!;
              expect(explained(s.reason, f.content), `${s.file} skipped: ${s.reason}\n${f.content.slice(0, 300)}`).toBe(true);
            }
            seen.docs += ingested.length;
            seen.skipped += skipped.length;
            const corpus = new Corpus({ docs: ingested, skipped });
            const ctx = contextFor(corpus, { now: () => new Date('2025-06-01T00:00:00Z') });
            const names = files.flatMap((f) => f.names);
            const surname = names[0].split(' ').pop()!;
            const lines = [
              `/who ${names[0]}`,
              `/who ${surname}`,
              `/quote ${surname}`,
              `/search ${names[names.length - 1]}`,
              '/when harbour border bridge budget election',
              '/timeline',
              `/timeline ${surname}`,
              '/about',
              `/${hostileCommand} ${hostileQuery}`,
            ];
            for (const line of lines) {
              const a = await runLine(ctx, line);
              checkAnswer(corpus, a);
              checkRendered(a, line);
              seen.answers++;
              if (a.results?.length) seen.results++;
            }
          } finally {
            rmSync(dir, { recursive: true, force: true });
          }
        },
      ),
      { seed: SEED, numRuns: RUNS },
    );
    // The generator must make documents that are read and answers that have results.
    expect(seen.docs).toBeGreaterThan(RUNS);
    expect(seen.results).toBeGreaterThan(RUNS * 2);
  }, 180_000);
});
