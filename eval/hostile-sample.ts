/**
 * The hostile-query properties (test/helpers/hostile.ts) on real news text (issue #8):
 *
 *   npx tsx eval/hostile-sample.ts [--n 1000] [--runs 6000] [--seed 5]
 *
 * Ingests n evenly spaced BBC articles and n Reuters articles, then runs generated queries —
 * hostile ones, names the extractors found, common news words — through every command and
 * every renderer, applying the same checks as the property tests: well-formed answers, excerpts
 * verbatim in the cited document, JSON that round-trips, Discord replies inside the limits that
 * ping nobody and show no markdown from the text. Prints the counts and the first failures.
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { commands } from '../src/commands/index.js';
import { runLine } from '../src/commands/parse.js';
import { Corpus } from '../src/index/corpus.js';
import { ingestFile, type IngestedDoc } from '../src/ingest/index.js';
import { listDocuments } from '../src/read/files.js';
import type { Skipped } from '../src/types.js';
import { checkAnswer, checkRendered, queryArb } from '../test/helpers/hostile.js';
import { contextFor } from '../src/commands/context.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const N = arg('n', 1000);
const RUNS = arg('runs', 6000);
const SEED = arg('seed', 5);
// /digest is left out: it keeps state, which an evaluation must not write.
process.env.STATE_DIR ??= path.join(os.tmpdir(), 'factdesk-eval-state');

const docs: IngestedDoc[] = [];
const skipped: Skipped[] = [];
for (const name of ['bbc', 'reuters']) {
  const root = path.resolve(ROOT, '../shared/corpus', name);
  const files = await listDocuments(root);
  const step = Math.max(1, Math.floor(files.length / N));
  for (let i = 0, taken = 0; i < files.length && taken < N; i += step, taken++) {
    const r = await ingestFile(root, files[i], { maxBytes: 5 * 1024 * 1024 });
    if (r.ok) {
      // Both corpora number their files alike: keep ids apart.
      r.doc.meta.id = `${name}/${r.doc.meta.id}`;
      docs.push(r.doc);
    } else skipped.push(r.skipped);
  }
}
const corpus = new Corpus({ docs, skipped });
const names = corpus.docs.flatMap((d) => d.facts.people.map((p) => p.name)).slice(0, 2000);
const words = ['oil', 'prices', 'election', 'profits', 'bank', 'film', 'minister', 'shares', 'growth', 'strike'];
const ctx = contextFor(corpus, { now: () => new Date('2025-06-01T00:00:00Z') });
const commandArb = fc.constantFrom(...commands.map((c) => c.definition.name).filter((n) => n !== 'digest'));
const query = fc.oneof(queryArb, fc.constantFrom(...(names.length ? names : words)), fc.constantFrom(...words));

let failures = 0;
let withResults = 0;
const examples: string[] = [];
for (const [name, q] of fc.sample(fc.tuple(commandArb, query), { seed: SEED, numRuns: RUNS })) {
  const line = `/${name} ${q}`;
  try {
    const a = await runLine(ctx, line);
    checkAnswer(corpus, a);
    checkRendered(a, line);
    if (a.results?.length) withResults++;
  } catch (err) {
    failures++;
    if (examples.length < 10) examples.push(`${JSON.stringify(line.slice(0, 80))} → ${(err as Error).message.slice(0, 400)}`);
  }
}
process.stdout.write(`${JSON.stringify({ documents: docs.length, skipped: skipped.length, runs: RUNS, withResults, failures })}\n`);
for (const e of examples) process.stdout.write(`${e}\n`);
process.exit(failures ? 1 : 0);
