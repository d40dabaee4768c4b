/**
 * The reader pool: worker threads that ingest one file at a time, each file under a budget of
 * time and memory. A file that takes longer than the budget gets its worker terminated; a file
 * that needs more memory kills its worker (`resourceLimits`). Either way that file is skipped
 * with a reason naming the budget, a fresh worker takes over, and the other files never notice:
 * a hostile document costs its own budget, never a stalled ingest.
 *
 * Workers stay alive between ingests (one, when idle), so that a live reload or a document added
 * from the channel does not wait for a worker to boot; idle workers do not keep the process alive.
 */
import { Worker } from 'node:worker_threads';
import type { IngestResult } from './index.js';
import { child } from '../log.js';

const log = child('ingest');

import type { ParseBudget } from '../types.js';

export type { ParseBudget } from '../types.js';

/** Generous for any real article or report on a loaded machine; a stalled parser costs this much. */
export const DEFAULT_BUDGET: ParseBudget = { timeoutMs: 30_000, memoryMb: 512 };

/** One file to ingest. */
export interface IngestTask {
  file: string;
}

/** Parent → worker: ingest this file. */
export interface JobMessage {
  id: number;
  root: string;
  task: IngestTask;
  maxBytes: number;
}

/** Worker → parent: one file's result, in the order the jobs were sent. */
export interface ResultMessage {
  id: number;
  result: IngestResult;
}

interface Job extends JobMessage {
  timeoutMs: number;
  resolve: (r: IngestResult) => void;
  reject: (err: Error) => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  /** Jobs sent, oldest first: the worker is on the first; the rest are being read ahead. */
  inFlight: Job[];
  timer?: NodeJS.Timeout;
  /** Why the pool is ending this worker, when it is. */
  ending?: 'timeout' | 'idle';
  error?: Error;
}

/**
 * Files sent ahead to a worker, so that it reads the next while it processes one, and keeps
 * working while this thread is busy: a cold load builds the corpus here from the results
 * (index/build.ts), and a worker whose files ran out would wait for that.
 */
const DEFAULT_DEPTH = 16;
/** Workers that die before they are ready, in a row, before the pool gives up. */
const MAX_BOOT_FAILURES = 2;
/** How long workers started ahead of work (`warm`) wait for it before they are trimmed as idle ones are. */
const WARM_MS = 60_000;

export class WorkersUnavailableError extends Error {}

export class IngestPool {
  private readonly queue: Job[] = [];
  private readonly slots = new Set<Slot>();
  private bootFailures = 0;
  private nextId = 1;
  /** How many workers the current work may use. */
  private wanted = 1;
  /** Until when workers started by `warm` are kept though idle (0: not warming). */
  private warmUntil = 0;
  private warmTimer?: NodeJS.Timeout;
  /** Callers of `warm` waiting for their workers to be ready. */
  private readonly warming: { workers: number; resolve: () => void }[] = [];

  constructor(
    private readonly entry: string,
    private readonly memoryMb: number,
    private readonly depth = DEFAULT_DEPTH,
  ) {}

  /**
   * Ingests the files, results in task order; `onResult` hears of each as it comes (in the order
   * they are done, with the task's index). Rejects only when workers cannot start at all.
   */
  run(
    root: string,
    tasks: readonly IngestTask[],
    opts: { maxBytes: number; timeoutMs: number; workers: number },
    onResult?: (index: number, result: IngestResult) => void,
  ): Promise<IngestResult[]> {
    this.wanted = Math.max(1, opts.workers);
    // Work has come: workers warmed for it are kept or trimmed by it from here on.
    this.warmUntil = 0;
    clearTimeout(this.warmTimer);
    const all = tasks.map(
      (task, index) =>
        new Promise<IngestResult>((resolve, reject) => {
          const done = (r: IngestResult) => {
            onResult?.(index, r);
            resolve(r);
          };
          this.queue.push({ id: this.nextId++, root, task, maxBytes: opts.maxBytes, timeoutMs: opts.timeoutMs, resolve: done, reject });
        }),
    );
    this.grow();
    this.dispatch();
    return Promise.all(all);
  }

  /**
   * Starts workers ahead of work, up to `workers` in all, and resolves when they are ready (or
   * none is still starting: a worker that fails to start is dealt with when work comes). A
   * worker's boot takes seconds (tsx and the whole extraction path load in each), so a caller
   * that will have files soon warms the pool while it lists them, and a benchmark warms it
   * before timing an ingest. Warmed workers that get no work are trimmed after a minute.
   */
  warm(workers: number): Promise<void> {
    const n = Math.max(1, workers);
    let live = [...this.slots].filter((s) => !s.ending).length;
    for (; live < n; live++) this.spawn();
    if (!this.queue.length) {
      this.warmUntil = Date.now() + WARM_MS;
      clearTimeout(this.warmTimer);
      this.warmTimer = setTimeout(() => {
        this.warmUntil = 0;
        this.trim();
      }, WARM_MS);
      this.warmTimer.unref();
    }
    return new Promise((resolve) => {
      this.warming.push({ workers: n, resolve });
      this.settleWarming();
    });
  }

  /** Resolves the `warm` calls whose workers are ready, or that no starting worker can serve. */
  private settleWarming(): void {
    const live = [...this.slots].filter((s) => !s.ending);
    const ready = live.filter((s) => s.ready).length;
    const starting = live.length - ready;
    for (let i = this.warming.length - 1; i >= 0; i--) {
      const w = this.warming[i];
      if (ready >= w.workers || starting === 0) {
        this.warming.splice(i, 1);
        w.resolve();
      }
    }
  }

  /** Terminates every worker (tests, shutdown). Queued work is rejected. */
  async close(): Promise<void> {
    this.warmUntil = 0;
    clearTimeout(this.warmTimer);
    for (const j of this.queue.splice(0)) j.reject(new WorkersUnavailableError('the reader pool was closed'));
    await Promise.all(
      [...this.slots].map((s) => {
        s.ending = 'idle';
        for (const j of s.inFlight.splice(0)) j.reject(new WorkersUnavailableError('the reader pool was closed'));
        return s.worker.terminate();
      }),
    );
    this.slots.clear();
  }

  get size(): number {
    return this.slots.size;
  }

  private grow(): void {
    const busy = this.queue.length + [...this.slots].reduce((n, s) => n + s.inFlight.length, 0);
    const target = Math.min(this.wanted, Math.max(1, Math.ceil(busy / 8)));
    // Workers being ended take no work: they do not count.
    let live = [...this.slots].filter((s) => !s.ending).length;
    for (; live < target; live++) this.spawn();
  }

  private spawn(): void {
    const boot = new URL('./worker-boot.mjs', import.meta.url);
    const worker = new Worker(boot, {
      workerData: { entry: this.entry },
      resourceLimits: { maxOldGenerationSizeMb: this.memoryMb },
    });
    const slot: Slot = { worker, ready: false, inFlight: [] };
    this.slots.add(slot);
    worker.on('message', (msg: ResultMessage | { ready: true }) => {
      if ('ready' in msg) {
        slot.ready = true;
        this.bootFailures = 0;
        this.dispatch();
        this.settleWarming();
      } else this.onResult(slot, msg);
    });
    worker.on('error', (err) => {
      slot.error = err;
    });
    worker.on('exit', (code) => this.onExit(slot, code));
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (!slot.ready || slot.ending) continue;
      while (this.queue.length && slot.inFlight.length < this.depth) {
        const job = this.queue.shift()!;
        slot.inFlight.push(job);
        const msg: JobMessage = { id: job.id, root: job.root, task: job.task, maxBytes: job.maxBytes };
        slot.worker.postMessage(msg);
        if (slot.inFlight.length === 1) this.startClock(slot);
      }
      // A worker with work keeps the process alive (an `ask` waiting for its corpus); an idle one does not.
      if (slot.inFlight.length) slot.worker.ref();
      else slot.worker.unref();
    }
    this.trim();
  }

  private startClock(slot: Slot): void {
    clearTimeout(slot.timer);
    const head = slot.inFlight[0];
    if (!head) return;
    slot.timer = setTimeout(() => {
      slot.ending = 'timeout';
      void slot.worker.terminate();
    }, head.timeoutMs);
  }

  private onResult(slot: Slot, msg: ResultMessage): void {
    const i = slot.inFlight.findIndex((j) => j.id === msg.id);
    if (i < 0) return;
    const [job] = slot.inFlight.splice(i, 1);
    job.resolve(msg.result);
    if (i === 0) this.startClock(slot);
    if (!slot.inFlight.length) clearTimeout(slot.timer);
    this.dispatch();
  }

  /** Idle workers beyond one are let go; one stays warm for the next reload. */
  private trim(): void {
    if (this.queue.length || Date.now() < this.warmUntil) return;
    const live = [...this.slots].filter((s) => !s.ending);
    const idle = live.filter((s) => s.ready && !s.inFlight.length);
    // Keep one when none is busy. Workers already being ended do not count: counting them let
    // the last worker go too, and the next ingest waited for workers that were all ending.
    let keep = live.length - idle.length > 0 ? 0 : 1;
    for (const s of idle) {
      if (keep > 0) {
        keep--;
        continue;
      }
      s.ending = 'idle';
      void s.worker.terminate();
    }
  }

  private onExit(slot: Slot, code: number): void {
    clearTimeout(slot.timer);
    this.slots.delete(slot);
    this.settleWarming();
    const [head, ...rest] = slot.inFlight.splice(0);
    // An idle worker let go: nothing to do, unless work came meanwhile (it waits for a worker).
    if (slot.ending === 'idle' && !head && !this.queue.length) return;
    // The files read ahead are innocent: back to the front of the queue.
    this.queue.unshift(...rest);
    if (!slot.ready) {
      this.bootFailures++;
      if (head) this.queue.unshift(head);
      log.warn({ code, err: slot.error }, `an ingest worker failed to start${slot.error ? `: ${slot.error.message}` : ''}`);
      if (this.bootFailures >= MAX_BOOT_FAILURES && ![...this.slots].some((s) => s.ready)) {
        const err = new WorkersUnavailableError(`ingest workers cannot start (${slot.error?.message ?? `exit code ${code}`})`);
        for (const j of this.queue.splice(0)) j.reject(err);
        for (const s of this.slots) for (const j of s.inFlight.splice(0)) j.reject(err);
        return;
      }
    } else if (head) {
      const reason = this.budgetReason(slot, head, code);
      log.warn({ file: head.task.file, reason }, `skipped ${head.task.file}: ${reason}`);
      head.resolve({ ok: false, skipped: { file: head.task.file, reason } });
    }
    if (this.queue.length) {
      this.grow();
      if (!this.slots.size) this.spawn();
      this.dispatch();
    }
  }

  private budgetReason(slot: Slot, job: Job, code: number): string {
    if (slot.ending === 'timeout') {
      return `took longer than ${formatMs(job.timeoutMs)} to read (the per-document budget, PARSE_TIMEOUT_SECONDS); stopped`;
    }
    const e = slot.error;
    if ((e as { code?: string } | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY') {
      return `needed more than ${this.memoryMb} MB of memory to read (the per-document budget, PARSE_MEMORY_MB); stopped`;
    }
    return `the reader crashed on it (${e?.message ?? `exit code ${code}`})`;
  }
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${+(ms / 1000).toFixed(1)} s` : `${ms} ms`;
}

const pools = new Map<string, IngestPool>();

/** The process's pool for a worker module and memory budget, made on first use. */
export function sharedPool(entry: string, memoryMb: number): IngestPool {
  const key = `${entry}\0${memoryMb}`;
  let pool = pools.get(key);
  if (!pool) {
    pool = new IngestPool(entry, memoryMb);
    pools.set(key, pool);
  }
  return pool;
}

/** Ends every shared pool's workers (a clean shutdown; tests). */
export async function closePools(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map((p) => p.close()));
}
