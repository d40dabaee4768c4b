/** Test helpers: corpora on disk, loaded the way the app loads them. */
import { cpSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Corpus } from '../../src/index/corpus.js';
import { ingestDirectory } from '../../src/ingest/index.js';
import { contextFor } from '../../src/commands/context.js';
import { runLine } from '../../src/commands/parse.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DATA = path.join(ROOT, 'data');
export const SHARED = path.resolve(ROOT, '../shared/corpus');
export const BBC = path.join(SHARED, 'bbc');
export const REUTERS = path.join(SHARED, 'reuters');

export const AL_MONITOR = 'pakistan-boosts-iran-border-security';
export const SEED_2025 = 'pakistan-iran-reaffirm-commitment-to-eradicating-terrorism';

const cache = new Map<string, Promise<Corpus>>();

/** A corpus built from a directory, shared between the tests of one file. */
export function corpusOf(dir: string): Promise<Corpus> {
  let c = cache.get(dir);
  if (!c) {
    c = ingestDirectory(dir, { maxBytes: 5 * 1024 * 1024 }).then(({ docs, skipped }) => new Corpus({ docs, skipped }));
    cache.set(dir, c);
  }
  return c;
}

export const seeds = () => corpusOf(DATA);

/** A temporary corpus directory with the given files (relative path → content). */
export function tempCorpus(files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'factdesk-test-'));
  for (const [rel, content] of Object.entries(files)) {
    const full = path.join(dir, rel);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  return dir;
}

/** What each console line answers on a corpus, at a fixed "now": for comparing two corpora's answers. */
export async function answersOf(corpus: Corpus, lines: readonly string[]): Promise<unknown[]> {
  const ctx = contextFor(corpus, { now: () => new Date('2026-01-01T00:00:00Z') });
  const out = [];
  for (const line of lines) out.push(await runLine(ctx, line));
  return out;
}

/**
 * A corpus directory of the seeds plus every k-th BBC article (so every BBC section is in it:
 * other outlets, other structure), and any extra files (relative path → content).
 */
export function mixedCorpus(n = 60, extra: Record<string, string> = {}): string {
  const dir = tempCorpus(extra);
  cpSync(DATA, path.join(dir, 'seeds'), { recursive: true });
  const bbc = readdirSync(BBC)
    .filter((f) => f.endsWith('.txt'))
    .sort();
  for (const f of bbc.filter((_, i) => i % Math.floor(bbc.length / n) === 0).slice(0, n))
    cpSync(path.join(BBC, f), path.join(dir, 'bbc', f));
  return dir;
}

/** Rewrites a snapshot's header (the JSON before the 16-byte trailer), keeping the frame valid. */
export function rewriteHeader(file: string, edit: (h: Record<string, unknown>) => Record<string, unknown>): void {
  const buf = readFileSync(file);
  const len = Number(buf.readBigUInt64LE(buf.length - 16));
  const start = buf.length - 16 - len;
  const header = Buffer.from(JSON.stringify(edit(JSON.parse(buf.subarray(start, start + len).toString('utf8')))));
  const trailer = Buffer.from(buf.subarray(buf.length - 16));
  trailer.writeBigUInt64LE(BigInt(header.length), 0);
  writeFileSync(file, Buffer.concat([buf.subarray(0, start), header, trailer]));
}
