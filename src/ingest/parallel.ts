/**
 * Ingest of many files: on the reader pool's worker threads (one per core at most), each file
 * under its time and memory budget (pool.ts). Workers run the very path the sequential ingest
 * runs (`ingestFile`); results come back in task order, so the corpus is identical to a
 * sequential ingest of the same files.
 */
import os from 'node:os';
import { ingestFile, type IngestedDoc, type IngestOutput, type IngestResult } from './index.js';
import { DEFAULT_BUDGET, sharedPool, WorkersUnavailableError, type IngestTask } from './pool.js';
import { child } from '../log.js';
import type { ReadOptions } from '../read/document.js';
import type { Skipped } from '../types.js';

export type { IngestTask } from './pool.js';

const log = child('ingest');

export interface Progress {
  done: number;
  total: number;
  elapsedMs: number;
}

export interface ParallelOptions extends ReadOptions {
  /**
   * Worker threads; default one per available core. 0 reads in this thread, without a budget:
   * only for trusted files (tests and benchmarks of the pipeline itself).
   */
  workers?: number;
  /** Below this many files, read in this thread (default 1: always on workers). */
  minFilesForWorkers?: number;
  onProgress?: (p: Progress) => void;
  /**
   * Hears of each file's result in task order, as soon as it and every one before it are done
   * (a cold load builds its corpus meanwhile). Called once per task; what it throws rejects the
   * ingest once the files are read.
   */
  onResult?: (result: IngestResult, index: number) => void;
  /** The worker's module (tests point it at a broken or a stalling one). */
  workerEntry?: URL;
}

export function defaultWorkers(): number {
  return Math.max(1, os.availableParallelism());
}

/** The reader pool `ingestTasks` uses for these options. */
function poolFor(opts: ParallelOptions) {
  const budget = opts.budget ?? DEFAULT_BUDGET;
  const entry = (opts.workerEntry ?? new URL('./worker.ts', import.meta.url)).href;
  return sharedPool(entry, budget.memoryMb);
}

/**
 * Starts the workers an ingest of `files` files will use (as `ingestTasks` counts them) before
 * it has its tasks, so that their boot overlaps the caller's work; resolves when they are ready.
 * Nothing when the ingest would run on this thread.
 */
export function warmWorkers(files: number, opts: ParallelOptions): Promise<void> {
  const workers = Math.min(opts.workers ?? defaultWorkers(), Math.ceil(files / 8));
  if (opts.workers === 0 || files === 0 || files < (opts.minFilesForWorkers ?? 1)) return Promise.resolve();
  return poolFor(opts).warm(Math.max(1, workers));
}

/** Ingests the tasks on the reader pool; results in task order. */
export async function ingestTasks(root: string, tasks: IngestTask[], opts: ParallelOptions): Promise<IngestResult[]> {
  const workers = Math.min(opts.workers ?? defaultWorkers(), Math.ceil(tasks.length / 8));
  const started = Date.now();
  const report = progressReporter(tasks.length, started, opts.onProgress);
  if (tasks.length === 0) return [];
  const ordered = new InOrder(opts.onResult);
  if (opts.workers !== 0 && tasks.length >= (opts.minFilesForWorkers ?? 1)) {
    const budget = opts.budget ?? DEFAULT_BUDGET;
    const pool = poolFor(opts);
    let done = 0;
    try {
      const results = await pool.run(
        root,
        tasks.map((t) => t),
        { maxBytes: opts.maxBytes, timeoutMs: budget.timeoutMs, workers: Math.max(1, workers) },
        (i, r) => {
          ordered.put(i, r);
          report(++done);
        },
      );
      report(done, true);
      ordered.check();
      return results;
    } catch (err) {
      if (!(err instanceof WorkersUnavailableError)) throw err;
      // Workers that cannot start at all cost the budget, not the corpus: read here instead.
      log.warn({ err }, `${err.message}; reading on the main thread, without a per-document budget`);
    }
  }
  const results: IngestResult[] = [];
  for (const t of tasks) {
    const r = await ingestFile(root, t.file, { maxBytes: opts.maxBytes });
    ordered.put(results.length, r);
    results.push(r);
    report(results.length);
  }
  report(results.length, true);
  ordered.check();
  return results;
}

/**
 * Hands results on in task order: each as soon as every one before it has come. A pool that
 * gave up part way (its workers would not start) is followed by the main thread's run over all
 * the tasks, whose results for tasks already handed on are not handed on again.
 */
class InOrder {
  private readonly waiting = new Map<number, IngestResult>();
  private next = 0;
  private error: Error | undefined;

  constructor(private readonly onResult?: (result: IngestResult, index: number) => void) {}

  put(index: number, result: IngestResult): void {
    if (!this.onResult || index < this.next) return;
    this.waiting.set(index, result);
    for (let r = this.waiting.get(this.next); r !== undefined; r = this.waiting.get(this.next)) {
      this.waiting.delete(this.next);
      // Called from a worker's message handler: an error is kept for the caller, not thrown there.
      if (this.error === undefined) {
        try {
          this.onResult(r, this.next);
        } catch (err) {
          this.error = err instanceof Error ? err : new Error(String(err));
        }
      }
      this.next++;
    }
  }

  /** Throws what `onResult` threw, if it did. */
  check(): void {
    if (this.error !== undefined) throw this.error;
  }
}

/** Splits results into documents and skipped files, logging a warning for each skipped file. */
export function collect(results: IngestResult[]): IngestOutput {
  const docs: IngestedDoc[] = [];
  const skipped: Skipped[] = [];
  for (const r of results) {
    if (r.ok) docs.push(r.doc);
    else skipped.push(warnSkipped(r.skipped));
  }
  return { docs, skipped };
}

/** Logs a warning naming a skipped file and why; returns it. */
export function warnSkipped(s: Skipped): Skipped {
  log.warn({ file: s.file, reason: s.reason }, `skipped ${s.file}: ${s.reason}`);
  return s;
}

/**
 * Progress: a live line on a terminal (documents done, rate, time left), a log line every
 * 10 seconds otherwise.
 */
function progressReporter(total: number, started: number, onProgress?: (p: Progress) => void) {
  const tty = process.stderr.isTTY && !process.env.CI && total >= 200;
  let lastDraw = 0;
  let lastLog = started;
  return (done: number, final = false) => {
    const now = Date.now();
    const elapsedMs = now - started;
    onProgress?.({ done, total, elapsedMs });
    const rate = done / Math.max(elapsedMs / 1000, 1e-3);
    const left = rate > 0 ? (total - done) / rate : 0;
    const line = `ingest ${done.toLocaleString('en')}/${total.toLocaleString('en')} documents · ${Math.round(rate).toLocaleString('en')}/s · ${formatSeconds(left)} left`;
    if (tty) {
      if (final || now - lastDraw >= 200) {
        lastDraw = now;
        process.stderr.write(`\r\x1b[2K${line}${final ? '\n' : ''}`);
      }
    } else if (!final && now - lastLog >= 10_000) {
      lastLog = now;
      log.info({ done, total, perSecond: Math.round(rate) }, line);
    }
  };
}

function formatSeconds(s: number): string {
  const t = Math.round(s);
  return t >= 60 ? `${Math.floor(t / 60)}m${String(t % 60).padStart(2, '0')}s` : `${t}s`;
}
