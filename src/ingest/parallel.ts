/**
 * Parallel ingest: read, clean, split and extract on worker threads, one per core. Each worker
 * runs the very path the sequential ingest runs (`ingestFile`); results are put back in task
 * order, so the corpus is identical to a sequential ingest of the same files.
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { ingestFile, type IngestedDoc, type IngestOutput, type IngestResult } from './index.js';
import { child } from '../log.js';
import type { ReadOptions } from '../read/document.js';
import type { Skipped } from '../types.js';

const log = child('ingest');

/** One file to ingest; `copy` > 0 is a replica with distinct ids (the benchmark's `--scale`). */
export interface IngestTask {
  file: string;
  copy?: number;
}

export interface BatchRequest {
  batch: number;
  tasks: IngestTask[];
}

export interface BatchResult {
  batch: number;
  results: IngestResult[];
}

export interface Progress {
  done: number;
  total: number;
  elapsedMs: number;
}

export interface ParallelOptions extends ReadOptions {
  /** Worker threads; default one per available core. 0 runs in this thread. */
  workers?: number;
  /** Below this many files the start-up cost of workers is not worth it (default 200). */
  minFilesForWorkers?: number;
  /** Files per message to a worker. */
  batchSize?: number;
  onProgress?: (p: Progress) => void;
  /** The worker's module (tests point it at a broken one). */
  workerEntry?: URL;
}

/** The id of replica `copy` of a document (copy 0 is the document itself). */
export function replicaId(id: string, copy: number): string {
  return copy ? `copy${copy}/${id}` : id;
}

export function defaultWorkers(): number {
  return Math.max(1, os.availableParallelism());
}

/** Ingests the tasks, on workers when there are enough of them; results in task order. */
export async function ingestTasks(root: string, tasks: IngestTask[], opts: ParallelOptions): Promise<IngestResult[]> {
  const workers = Math.min(opts.workers ?? defaultWorkers(), Math.ceil(tasks.length / 8));
  const started = Date.now();
  const report = progressReporter(tasks.length, started, opts.onProgress);
  if (workers > 0 && tasks.length >= (opts.minFilesForWorkers ?? 200)) {
    try {
      return await runOnWorkers(root, tasks, workers, opts, report);
    } catch (err) {
      // Workers that cannot start (or all die) cost speed, not the corpus: do it here instead.
      log.warn({ err }, `parallel ingest failed (${(err as Error).message}); reading on the main thread`);
    }
  }
  const results: IngestResult[] = [];
  for (const t of tasks) {
    const r = await ingestFile(root, t.file, { maxBytes: opts.maxBytes });
    if (t.copy && r.ok) r.doc.meta.id = replicaId(r.doc.meta.id, t.copy);
    results.push(r);
    report(results.length);
  }
  report(results.length, true);
  return results;
}

/** Splits results into documents and skipped files, logging a warning for each skipped file. */
export function collect(results: IngestResult[]): IngestOutput {
  const docs: IngestedDoc[] = [];
  const skipped: Skipped[] = [];
  for (const r of results) {
    if (r.ok) docs.push(r.doc);
    else {
      skipped.push(r.skipped);
      log.warn({ file: r.skipped.file, reason: r.skipped.reason }, `skipped ${r.skipped.file}: ${r.skipped.reason}`);
    }
  }
  return { docs, skipped };
}

function runOnWorkers(
  root: string,
  tasks: IngestTask[],
  count: number,
  opts: ParallelOptions,
  report: (done: number, final?: boolean) => void,
): Promise<IngestResult[]> {
  const size = opts.batchSize ?? 32;
  const batches: BatchRequest[] = [];
  for (let i = 0; i < tasks.length; i += size) batches.push({ batch: batches.length, tasks: tasks.slice(i, i + size) });
  const results = new Array<IngestResult[]>(batches.length);
  const queue = batches.map((b) => b.batch);
  let done = 0;
  let finished = 0;
  const entry = (opts.workerEntry ?? new URL('./worker.ts', import.meta.url)).href;
  const boot = new URL('./worker-boot.mjs', import.meta.url);

  return new Promise((resolve, reject) => {
    const pool: Worker[] = [];
    let settled = false;
    const finish = (err?: Error) => {
      if (settled) return;
      settled = true;
      for (const w of pool) void w.terminate();
      if (err) reject(err);
      else {
        report(done, true);
        resolve(results.flat());
      }
    };
    const inFlight = new Map<Worker, number>();
    const feed = (w: Worker) => {
      const next = queue.shift();
      if (next === undefined) {
        inFlight.delete(w);
        return;
      }
      inFlight.set(w, next);
      w.postMessage(batches[next]);
    };
    let alive = count;
    for (let i = 0; i < count; i++) {
      const w = new Worker(boot, { workerData: { entry, root, read: { maxBytes: opts.maxBytes } } });
      pool.push(w);
      w.on('message', (msg: BatchResult | { ready: true }) => {
        if ('ready' in msg) return feed(w);
        results[msg.batch] = msg.results;
        done += msg.results.length;
        finished++;
        report(done);
        if (finished === batches.length) finish();
        else feed(w);
      });
      w.on('error', (err) => {
        log.error({ err }, `ingest worker failed: ${err.message}`);
      });
      w.on('exit', (code) => {
        if (settled) return;
        alive--;
        // A worker that dies (out of memory, a crash in a native module) hands its batch back.
        const lost = inFlight.get(w);
        inFlight.delete(w);
        if (lost !== undefined) queue.unshift(lost);
        log.warn({ code, alive }, 'an ingest worker stopped');
        if (alive === 0) finish(new Error(`every ingest worker stopped (last exit code ${code}); the corpus was not loaded`));
        else for (const other of pool) if (!inFlight.has(other) && other !== w && queue.length) feed(other);
      });
    }
  });
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
