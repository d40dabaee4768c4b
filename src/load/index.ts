/**
 * Building a Corpus from a directory: from the snapshot when the corpus is unchanged, by
 * re-reading only the files that changed when a few did, by a parallel ingest otherwise.
 */
import { existsSync, promises as fs, statSync } from 'node:fs';
import path from 'node:path';
import type { IngestResult } from '../ingest/index.js';
import { child } from '../log.js';
import { phaseTimer } from '../timing.js';
import { listDocuments } from '../read/files.js';
import { hashBytes, type ReadOptions } from '../read/document.js';
import { CorpusBuilder } from '../index/build.js';
import { Corpus } from '../index/corpus.js';
import { reviseIndexes, type IndexedParts } from '../index/revise.js';
import { collect, ingestTasks, warmWorkers, warnSkipped, type IngestTask, type ParallelOptions } from '../ingest/parallel.js';
import {
  saveSnapshot,
  Snapshot,
  SnapshotError,
  snapshotPath,
  sweepSnapshots,
  touchSnapshot,
  type SnapshotFile,
  type SnapshotKey,
} from '../snapshot/index.js';

const log = child('load');

export interface LoadOptions extends ReadOptions {
  /** Where snapshots are kept; absent → always a fresh ingest, nothing written. */
  stateDir?: string;
  /** Worker threads for ingest (default: one per core; 0 = this thread). */
  workers?: number;
  onProgress?: ParallelOptions['onProgress'];
}

/** The phases of a load, each timed on the phase channel (timing.ts) when it ends; a restore adds its own (RestoreStep). */
export type LoadPhase = 'list' | 'check' | 'snapshot-load' | 'ingest' | 'build' | 'snapshot-save';

export interface Loaded {
  corpus: Corpus;
  from: 'ingest' | 'snapshot';
  /** Files read again because they were new or changed since the snapshot (when from a snapshot). */
  reread?: number;
  /** True when files were re-read and the snapshot's text indexes revised for them (see revise.ts). */
  revised?: boolean;
}

interface FileState {
  task: IngestTask;
  size: number;
  mtimeMs: number;
}

export async function loadCorpus(dataDir: string, opts: LoadOptions): Promise<Loaded> {
  const root = path.resolve(dataDir);
  const phase: (p: LoadPhase) => void = phaseTimer();
  const parallel: ParallelOptions = { maxBytes: opts.maxBytes, budget: opts.budget, workers: opts.workers, onProgress: opts.onProgress };
  // Without a snapshot every file is read: the workers boot (seconds each) while the files are
  // listed and checked, instead of after. With one, no worker is started for nothing.
  const cold = !opts.stateDir || !existsSync(snapshotPath(opts.stateDir, { root, maxBytes: opts.maxBytes }));
  if (cold) void warmWorkers(1, parallel);
  const files = await listDocuments(root);
  if (cold) void warmWorkers(files.length, parallel);
  const tasks: IngestTask[] = files.map((file) => ({ file }));

  if (!opts.stateDir) {
    phase('list');
    const { corpus } = await ingestAndBuild(root, tasks, parallel, phase);
    phase('build');
    return { corpus, from: 'ingest' };
  }

  const byFile = await statAll(root, files);
  const states = tasks.map((task): FileState => ({ task, ...byFile.get(task.file)! }));
  phase('list');
  const key: SnapshotKey = { root, maxBytes: opts.maxBytes };
  const file = snapshotPath(opts.stateDir, key);
  await sweepSnapshots(opts.stateDir, file);
  const reused = await fromSnapshot(file, key, root, states, parallel, phase);
  if (reused?.kind === 'whole') return { corpus: reused.corpus, from: 'snapshot', reread: 0 };

  let results: IngestResult[];
  let reread: number | undefined;
  let corpus: Corpus;
  if (reused?.kind === 'partial') {
    results = reused.results;
    reread = reused.reread;
    corpus = revisedCorpus(reused);
  } else {
    ({ results, corpus } = await ingestAndBuild(root, tasks, parallel, phase));
  }
  phase('build');
  await save(file, key, corpus, results, states);
  phase('snapshot-save');
  return reread === undefined ? { corpus, from: 'ingest' } : { corpus, from: 'snapshot', reread, revised: true };
}

/**
 * Every file read on the workers while the corpus is built from their results on this thread
 * (build.ts): the 'ingest' phase holds the reading and what of the build overlaps it; what
 * needs every document is built after it.
 */
async function ingestAndBuild(
  root: string,
  tasks: IngestTask[],
  parallel: ParallelOptions,
  phase: (p: LoadPhase) => void,
): Promise<{ results: IngestResult[]; corpus: Corpus }> {
  const builder = new CorpusBuilder();
  const results = await ingestTasks(root, tasks, {
    ...parallel,
    onResult: (r) => (r.ok ? builder.add(r.doc) : builder.skip(warnSkipped(r.skipped))),
  });
  phase('ingest');
  return { results, corpus: builder.finish() };
}

interface PartialReuse {
  kind: 'partial';
  results: IngestResult[];
  reread: number;
  /** The snapshot's documents and text indexes, to revise rather than rebuild. */
  before: IndexedParts;
  /** Per task: the snapshot's index of its document when it is unchanged. */
  from: (number | undefined)[];
}

type Reuse = { kind: 'whole'; corpus: Corpus } | PartialReuse;

/**
 * The corpus after some files changed: the snapshot's passage and title indexes revised for
 * them (revise.ts) instead of indexing every passage again; the fact indexes are built from the
 * documents.
 */
function revisedCorpus(r: PartialReuse): Corpus {
  const { docs, skipped } = collect(r.results);
  const from: (number | undefined)[] = [];
  r.results.forEach((x, i) => {
    if (x.ok) from.push(r.from[i]);
  });
  const text = reviseIndexes(r.before, docs, from);
  log.info({ changed: r.reread }, 'text indexes revised for the changed files');
  return new Corpus({ docs, skipped, ...text });
}

/**
 * The corpus from the snapshot when every file is as it was; the per-file results with only the
 * changed files re-read when some changed; undefined when the snapshot cannot be used (logged).
 */
async function fromSnapshot(
  file: string,
  key: SnapshotKey,
  root: string,
  states: FileState[],
  parallel: ParallelOptions,
  phase: (p: LoadPhase) => void,
): Promise<Reuse | undefined> {
  let snap: Snapshot | undefined;
  try {
    snap = await Snapshot.open(file);
    const why = snap.mismatch(key);
    if (why) throw new SnapshotError(why);
    const known = new Map<string, { entry: SnapshotFile }>();
    for (const e of snap.header.files) known.set(e.file, { entry: e });
    // A file is unchanged when its size and mtime are as recorded, or else when its bytes hash the same.
    const hashes = new Map<string, string | undefined>();
    const changed: number[] = [];
    const reuse: (SnapshotFile | undefined)[] = [];
    for (let i = 0; i < states.length; i++) {
      const s = states[i];
      const e = known.get(s.task.file)?.entry;
      let same = !!e && e.size === s.size && e.mtimeMs === s.mtimeMs;
      if (!same && e?.hash) {
        if (!hashes.has(s.task.file)) hashes.set(s.task.file, await hashFile(path.join(root, s.task.file)));
        same = hashes.get(s.task.file) === e.hash;
      }
      reuse.push(same ? e : undefined);
      if (!same) changed.push(i);
    }
    phase('check');
    if (changed.length === 0 && states.length === snap.header.files.length) {
      const corpus = await snap.corpus();
      phase('snapshot-load');
      await touchSnapshot(file);
      log.info({ file, documents: corpus.docs.length }, 'corpus loaded from the snapshot');
      return { kind: 'whole', corpus };
    }
    // Some files are new, changed or gone: keep the documents of the others, re-read these alone.
    const docs = await snap.docs();
    const before: IndexedParts = { docs, ...(await snap.textIndexes()) };
    phase('snapshot-load');
    const fresh = await ingestTasks(
      root,
      changed.map((i) => states[i].task),
      parallel,
    );
    phase('ingest');
    const results: IngestResult[] = [];
    const from: (number | undefined)[] = [];
    let k = 0;
    for (let i = 0; i < states.length; i++) {
      const e = reuse[i];
      if (!e) results.push(fresh[k++]);
      else if (e.doc >= 0) results.push({ ok: true, doc: docs[e.doc] });
      else results.push({ ok: false, skipped: { file: e.file, reason: e.skipped ?? 'skipped' } });
      from.push(e && e.doc >= 0 ? e.doc : undefined);
    }
    const gone = snap.header.files.length - (states.length - changed.length);
    log.info(
      { changed: changed.length, removed: gone },
      `corpus changed since the snapshot: re-read ${changed.length} file(s), ${gone} gone`,
    );
    return { kind: 'partial', results, reread: changed.length, before, from };
  } catch (err) {
    if (!(err instanceof SnapshotError)) throw err;
    log.info({ file, reason: err.message }, `snapshot not used (${err.message}); reading the whole corpus`);
    return undefined;
  } finally {
    await snap?.close();
  }
}

async function save(file: string, key: SnapshotKey, corpus: Corpus, results: IngestResult[], states: FileState[]): Promise<void> {
  const files: SnapshotFile[] = [];
  let doc = 0;
  results.forEach((r, i) => {
    const s = states[i];
    const base = { file: s.task.file, size: s.size, mtimeMs: s.mtimeMs };
    if (r.ok) files.push({ ...base, hash: r.doc.meta.hash, doc: doc++ });
    else files.push({ ...base, doc: -1, skipped: r.skipped.reason });
  });
  try {
    const started = Date.now();
    const bytes = await saveSnapshot(file, key, corpus, files);
    log.info({ file, bytes, ms: Date.now() - started }, 'snapshot saved');
  } catch (err) {
    // A snapshot is an optimisation: failing to write one must not stop the bot.
    log.warn({ err, file }, `could not save the snapshot: ${(err as Error).message}`);
  }
}

async function statAll(root: string, files: string[]): Promise<Map<string, { size: number; mtimeMs: number }>> {
  const byFile = new Map<string, { size: number; mtimeMs: number }>();
  // Synchronous stats, in batches with the event loop run between them: a stat of a cached inode
  // is a few microseconds, an async one a thread-pool round trip several times that (19,043
  // files: ~80 ms against 200–350 ms with 64 in flight). The batches keep a reload from holding
  // up commands at 190,000 files.
  const BATCH = 2000;
  for (let i = 0; i < files.length; i += BATCH) {
    if (i) await new Promise((resolve) => setImmediate(resolve));
    for (const f of files.slice(i, i + BATCH)) {
      let st: { size: number; mtimeMs: number } | undefined;
      try {
        st = statSync(path.join(root, f), { throwIfNoEntry: false });
      } catch {
        st = undefined;
      }
      byFile.set(f, { size: st?.size ?? -1, mtimeMs: st?.mtimeMs ?? -1 });
    }
  }
  return byFile;
}

async function hashFile(full: string): Promise<string | undefined> {
  try {
    return hashBytes(await fs.readFile(full));
  } catch {
    return undefined;
  }
}
