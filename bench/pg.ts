/**
 * `npm run bench -- --store postgres [--database URL]`: the PostgreSQL corpus store measured in the
 * same run as the memory store. The corpus the bench built is stored (COPY, one transaction, timed),
 * then a separate process — the bot as CORPUS_STORE=postgres starts it (pg-serve.ts) — opens it and
 * answers the same query sets through the command handlers: its start time, RSS and p50/p95/p99 per
 * command, printed next to the memory store's. Without --database, a throwaway cluster is started
 * (scripts/pg-throwaway.sh) and stopped at the end.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectCorpusDatabase, DEFAULT_CORPUS_ID } from '../src/corpus/postgres/open.js';
import { storeCorpus } from '../src/corpus/postgres/load.js';
import type { Storable } from '../src/corpus/postgres/rows.js';
import { DateIndex } from '../src/index/dates.js';
import { PeopleIndex } from '../src/index/people.js';
import { QuoteIndex } from '../src/index/quotes.js';
import { loadCorpus } from '../src/load/index.js';
import { replica } from './scale.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface PgLat {
  p50: number;
  p95: number;
  p99: number;
  n: number;
}

export interface PgBench {
  loadMs: number;
  rows: number;
  databaseMB: number;
  startMs: number;
  rssStart: number;
  rssAfter: number;
  latency: Record<string, PgLat | undefined>;
}

/** Stores the corpus and measures the bot serving it. */
export async function pgBench(corpus: Storable, data: string, runs: number, databaseUrl?: string): Promise<PgBench> {
  let cluster: string | undefined;
  let url = databaseUrl;
  if (!url) {
    cluster = mkdtempSync(path.join(os.tmpdir(), 'factdesk-bench-pg-'));
    url = execFileSync('bash', [path.join(ROOT, 'scripts/pg-throwaway.sh'), 'start', cluster], { encoding: 'utf8' }).trim();
  }
  // The directory the stored corpus says it came from; the bot is started on it. A scaled copy is
  // gone by now (the bench removes it): an empty directory stands for it, which the bot never reads.
  const dir = existsSync(data) ? data : mkdtempSync(path.join(os.tmpdir(), 'factdesk-bench-pgdata-'));
  try {
    const pool = await connectCorpusDatabase(url);
    let loaded;
    let databaseMB = NaN;
    try {
      loaded = await storeCorpus(pool, DEFAULT_CORPUS_ID, corpus, dir);
      const { rows } = await pool.query<{ b: string }>('SELECT pg_database_size(current_database())::text AS b');
      databaseMB = Number(rows[0].b) / 1024 / 1024;
    } finally {
      await pool.end();
    }
    const child = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench/pg-serve.ts')], {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 1 << 24,
      env: { ...process.env, FACTDESK_BENCH_DATA: dir, DATABASE_URL: url, RUNS: String(runs), LOG_LEVEL: 'warn', NODE_OPTIONS: '' },
    });
    const line = child.stdout.trim().split('\n').pop() ?? '';
    if (child.status !== 0 || !line.startsWith('{')) throw new Error(`the PostgreSQL bot process failed: ${child.stderr || child.stdout}`);
    const served = JSON.parse(line) as Omit<PgBench, 'loadMs' | 'rows' | 'databaseMB'>;
    const rows = Object.values(loaded.rows).reduce((a, n) => a + (n ?? 0), 0);
    return { loadMs: loaded.ms, rows, databaseMB, ...served };
  } finally {
    if (dir !== data) rmSync(dir, { recursive: true, force: true });
    if (cluster) execFileSync('bash', [path.join(ROOT, 'scripts/pg-throwaway.sh'), 'stop', cluster]);
  }
}

/**
 * `--pg-only`: the corpus × `copies` for the PostgreSQL store alone, without the memory store's
 * measurements (at ×10 they take most of an hour on a shared machine; see the memory-store runs):
 * the corpus read once (from the snapshot under `stateDir` when current), the replicas cloned as
 * `--clone-replicas` clones them, and only the fact indexes built (the store keeps no passage index).
 */
export async function replicatedFacts(root: string, copies: number, stateDir: string): Promise<Storable> {
  const { corpus } = await loadCorpus(root, { maxBytes: 5 * 1024 * 1024, stateDir });
  if (copies <= 1) return corpus;
  const docs = [...corpus.docs];
  for (let copy = 1; copy < copies; copy++) for (const d of corpus.docs) docs.push(replica(d, copy));
  const skipped = Array.from({ length: copies }, (_, k) =>
    corpus.skipped.map((s) => ({ ...s, file: k ? `copy${k}/${s.file}` : s.file })),
  ).flat();
  return { docs, skipped, people: PeopleIndex.build(docs), dates: DateIndex.build(docs), quotes: QuoteIndex.build(docs) };
}
