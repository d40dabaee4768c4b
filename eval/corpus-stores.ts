/**
 * Do the two corpus stores give the same answers on real news (issue #21)?
 *
 *   npx tsx eval/corpus-stores.ts --database postgres://… [--n 300] [--names 150]
 *
 * Reads n evenly spaced BBC articles and n Reuters articles, stores them in the database (its
 * `default` corpus is replaced), and asks both stores the same console lines through the
 * commands: /who for the most mentioned names (as written, by surname, with a typo), /quote by
 * surname, and /search, /when, /quote and /timeline for pairs of words of titles. Prints, per
 * command, how many answers are identical (scores to 2 decimals), how many hold the same top-5
 * results in another order, how many differ, and the first differences.
 */
import { copyFileSync, mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Answer } from '../src/answer/types.js';
import { contextFor } from '../src/commands/context.js';
import { runLine } from '../src/commands/parse.js';
import { memoryStore } from '../src/corpus/memory.js';
import { openPostgresStore } from '../src/corpus/postgres/open.js';
import type { CorpusStore } from '../src/corpus/types.js';
import { Corpus } from '../src/index/corpus.js';
import { ingestDirectory } from '../src/ingest/index.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SHARED = path.resolve(ROOT, '../shared/corpus');
const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const databaseUrl = arg('database') ?? process.env.DATABASE_URL;
if (!databaseUrl) throw new Error('--database postgres://… (or DATABASE_URL) is needed');
const N = Number(arg('n') ?? 300);
const NAMES = Number(arg('names') ?? 150);

/** A directory of copies of every k-th article of each collection. */
function sample(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'factdesk-stores-'));
  for (const name of ['bbc', 'reuters']) {
    const files = readdirSync(path.join(SHARED, name))
      .filter((f) => /\.(txt|md)$/.test(f))
      .sort();
    const step = Math.max(1, Math.floor(files.length / N));
    for (const f of files.filter((_, i) => i % step === 0).slice(0, N))
      copyFileSync(path.join(SHARED, name, f), path.join(dir, `${name}-${f}`));
  }
  return dir;
}

function lines(corpus: Corpus): string[] {
  const names = [...corpus.people.entries]
    .sort((a, b) => b.mentionCount - a.mentionCount || a.id - b.id)
    .slice(0, NAMES)
    .map((e) => e.name);
  const words = new Set<string>();
  for (const d of corpus.docs) for (const w of d.meta.title.split(/[^\p{L}\p{N}]+/u)) if (w.length > 4) words.add(w);
  const topics = [...words].slice(0, NAMES);
  const pairs = topics.map((t, i) => `${t} ${topics[(i * 7 + 3) % topics.length]}`);
  const out = ['/about', '/timeline'];
  for (const n of names) {
    const last = n.split(' ').pop()!;
    out.push(`/who ${n}`, `/who ${last}`, `/who ${n.slice(0, -1)}x`, `/quote ${last}`);
  }
  for (const t of [...topics, ...pairs]) out.push(`/search ${t}`, `/when ${t}`, `/quote ${t}`, `/timeline ${t}`);
  return out;
}

const rounded = (a: Answer) =>
  JSON.stringify(
    JSON.parse(JSON.stringify(a), (k, v: unknown) => (k === 'score' && typeof v === 'number' ? Math.round(v * 100) / 100 : v)),
  );
/** The first place two answers differ, as a path and both values (cut short). */
function firstDiff(a: unknown, b: unknown, at = ''): string | undefined {
  if (JSON.stringify(a) === JSON.stringify(b)) return undefined;
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const d = firstDiff((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${at}.${k}`);
      if (d) return d;
    }
  }
  return `${at}: ${JSON.stringify(a)?.slice(0, 120)} | ${JSON.stringify(b)?.slice(0, 120)}`;
}

const top = (a: Answer) =>
  (a.results ?? [])
    .slice(0, 5)
    .map((r) => `${r.citation.docId}#${r.citation.paragraph}`)
    .sort()
    .join();

async function main(): Promise<void> {
  const dir = sample();
  const t0 = Date.now();
  const { docs, skipped } = await ingestDirectory(dir, { maxBytes: 5 * 1024 * 1024 });
  const corpus = new Corpus({ docs, skipped });
  const { store: pgs } = await openPostgresStore({
    databaseUrl: databaseUrl!,
    dataDir: dir,
    build: () => Promise.resolve(corpus),
    reload: true,
  });
  console.log(`${docs.length} documents read and stored in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const mem = memoryStore(corpus);
  const ask = (s: CorpusStore, line: string) => runLine(contextFor(s, { now: () => new Date('2026-01-01T00:00:00Z') }), line);
  const tally = new Map<string, { identical: number; sameTop: number; differ: number; withResults: number }>();
  const examples: string[] = [];
  const reorders: string[] = [];
  for (const line of lines(corpus)) {
    const [a, b] = [await ask(mem, line), await ask(pgs, line)];
    const cmd = line.split(' ')[0];
    const t = tally.get(cmd) ?? { identical: 0, sameTop: 0, differ: 0, withResults: 0 };
    tally.set(cmd, t);
    if (a.results?.length) t.withResults++;
    if (rounded(a) === rounded(b)) t.identical++;
    else if (top(a) === top(b) && (a.error === undefined) === (b.error === undefined)) {
      t.sameTop++;
      if (reorders.length < 15) reorders.push(`${line}: ${firstDiff(JSON.parse(rounded(a)), JSON.parse(rounded(b)))}`);
    } else {
      t.differ++;
      if (examples.length < 15)
        examples.push(`${line}\n    memory:   ${top(a) || a.error || a.message}\n    postgres: ${top(b) || b.error || b.message}`);
    }
  }
  console.log('command    answers  with results  identical  same top-5  differ');
  for (const [cmd, t] of tally) {
    const n = t.identical + t.sameTop + t.differ;
    console.log(
      `${cmd.padEnd(10)} ${String(n).padStart(7)} ${String(t.withResults).padStart(13)} ${String(t.identical).padStart(10)} ${String(t.sameTop).padStart(11)} ${String(t.differ).padStart(7)}`,
    );
  }
  if (reorders.length) console.log(`\nsame top-5, another answer (first place they differ: memory | postgres):\n${reorders.join('\n')}`);
  if (examples.length) console.log(`\nfirst differences:\n${examples.join('\n')}`);
  await pgs.pool.end();
}

void main();
