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
import { compactWhenDue } from '../snapshot/compact.js';
import {
  JournalWriter,
  journalPath,
  netChanges,
  newSnapshotId,
  readJournal,
  type CompactPolicy,
  type JournalChange,
} from '../snapshot/journal.js';
import { reviseCorpusBy, spliced } from './live.js';

const log = child('load');

export interface LoadOptions extends ReadOptions {
  /** Where snapshots are kept; absent → always a fresh ingest, nothing written. */
  stateDir?: string;
  /** Worker threads for ingest (default: one per core; 0 = this thread). */
  workers?: number;
  onProgress?: ParallelOptions['onProgress'];
  /** When the snapshot's journal is folded into a new snapshot in the background (compact.ts); false: never. */
  compact?: CompactPolicy | false;
}

/** The phases of a load, each timed on the phase channel (timing.ts) when it ends; a restore adds its own (RestoreStep). */
export type LoadPhase = 'list' | 'check' | 'snapshot-load' | 'ingest' | 'build' | 'snapshot-save';

export interface Loaded {
  corpus: Corpus;
  from: 'ingest' | 'snapshot';
  /** Files read again because they were new or changed since the snapshot and its journal (when from a snapshot). */
  reread?: number;
  /** Files whose bytes were read to compare with their hash (their size or time had changed). */
  hashed?: number;
  /** True when the snapshot's indexes were revised for changed files or journal records. */
  revised?: boolean;
  /**
   * Where live updates of this corpus are recorded (journal.ts), so that the next start replays
   * them instead of reading their files; absent without a snapshot.
   */
  journal?: JournalWriter;
  /** Journal records replayed, and why the replay stopped early (a torn or corrupt record). */
  replayed?: number;
  journalProblem?: string;
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
  const reused = await fromSnapshot(file, key, root, states, parallel, phase, opts.compact);
  if (reused?.kind === 'whole') {
    const { corpus, reread = 0, hashed, journal, replayed, problem } = reused;
    return { corpus, from: 'snapshot', reread, hashed, revised: reread + replayed > 0, journal, replayed, journalProblem: problem };
  }

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
  const journal = await save(file, key, corpus, results, states, opts.compact);
  phase('snapshot-save');
  return reread === undefined
    ? { corpus, from: 'ingest', journal }
    : { corpus, from: 'snapshot', reread, hashed: reused?.kind === 'partial' ? reused.hashed : 0, revised: true, journal };
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
  hashed: number;
  /** The snapshot's documents and text indexes, to revise rather than rebuild. */
  before: IndexedParts;
  /** Per task: the snapshot's index of its document when it is unchanged. */
  from: (number | undefined)[];
}

/** A corpus ready to serve: the snapshot's, with the journal replayed and files changed since read. */
interface WholeReuse {
  kind: 'whole';
  corpus: Corpus;
  reread?: number;
  hashed: number;
  journal?: JournalWriter;
  replayed: number;
  problem?: string;
}

type Reuse = WholeReuse | PartialReuse;

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
 * The corpus from the snapshot when every file is as it was, with the journal's updates replayed
 * when it has some; the per-file results with only the changed files re-read when some changed
 * and there is no journal; undefined when the snapshot cannot be used (logged).
 */
async function fromSnapshot(
  file: string,
  key: SnapshotKey,
  root: string,
  states: FileState[],
  parallel: ParallelOptions,
  phase: (p: LoadPhase) => void,
  policy: CompactPolicy | false = {},
): Promise<Reuse | undefined> {
  let snap: Snapshot | undefined;
  try {
    snap = await Snapshot.open(file);
    const why = snap.mismatch(key);
    if (why) throw new SnapshotError(why);
    const id = snap.header.id;
    const jfile = journalPath(file);
    const journal = id ? await readJournal(jfile, id) : undefined;
    if (journal?.problem && !journal.stale)
      log.warn({ file: jfile, problem: journal.problem }, `journal: ${journal.problem}; replaying the records before it`);
    const net = netChanges(journal?.records ?? []);
    // What each file was when last read: the snapshot's record, then the journal's.
    const known = new Map<string, Known>();
    for (const e of snap.header.files) known.set(e.file, { size: e.size, mtimeMs: e.mtimeMs, hash: e.hash, entry: e });
    for (const [f, c] of net) {
      if (c.same) {
        const k = known.get(f);
        if (k) known.set(f, { ...k, size: c.size, mtimeMs: c.mtimeMs });
      } else if (!c.result) known.delete(f);
      else known.set(f, { size: c.size, mtimeMs: c.mtimeMs, hash: c.result.ok ? c.result.doc.meta.hash : undefined });
    }
    // A file is unchanged when its size and mtime are as recorded, or else when its bytes hash the same.
    const changed: number[] = [];
    const touched: number[] = [];
    let hashed = 0;
    for (let i = 0; i < states.length; i++) {
      const s = states[i];
      const k = known.get(s.task.file);
      let same = !!k && k.size === s.size && k.mtimeMs === s.mtimeMs;
      if (!same && k?.hash) {
        hashed++;
        same = (await hashFile(path.join(root, s.task.file))) === k.hash;
        if (same) touched.push(i);
      }
      if (!same) changed.push(i);
    }
    const listed = new Set(states.map((s) => s.task.file));
    const gone = [...known.keys()].filter((f) => !listed.has(f));
    phase('check');
    const writer = id
      ? journalFor(
          file,
          id,
          key,
          snap.bytes,
          policy,
          journal && !journal.stale ? { end: journal.end, records: journal.records.length } : undefined,
        )
      : undefined;
    // What this start found changed goes into the journal, so that the next start need not find it again.
    const noted = (fresh: IngestResult[]): JournalChange[] => [
      ...changed.map((i, k): JournalChange => ({
        file: states[i].task.file,
        size: states[i].size,
        mtimeMs: states[i].mtimeMs,
        result: fresh[k],
      })),
      ...gone.map((f): JournalChange => ({ file: f, size: -1, mtimeMs: -1 })),
      ...touched.map((i): JournalChange => ({ file: states[i].task.file, size: states[i].size, mtimeMs: states[i].mtimeMs, same: true })),
    ];
    const replayed = journal?.records.length ?? 0;
    const problem = journal?.stale ? undefined : journal?.problem;
    if (changed.length === 0 && gone.length === 0 && [...net.values()].every((c) => c.same)) {
      const corpus = await snap.corpus();
      phase('snapshot-load');
      await touchSnapshot(file);
      if (touched.length) await appendNoted(writer, noted([]));
      log.info({ file, documents: corpus.docs.length }, 'corpus loaded from the snapshot');
      return { kind: 'whole', corpus, journal: writer, replayed, hashed, problem };
    }
    if (replayed > 0)
      return await replayJournal(snap, net, changed, gone, states, root, parallel, phase, writer!, noted, { replayed, hashed, problem });
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
    const isChanged = new Uint8Array(states.length);
    for (const i of changed) isChanged[i] = 1;
    let k = 0;
    for (let i = 0; i < states.length; i++) {
      const e = isChanged[i] ? undefined : known.get(states[i].task.file)?.entry;
      if (!e) results.push(fresh[k++]);
      else if (e.doc >= 0) results.push({ ok: true, doc: docs[e.doc] });
      else results.push({ ok: false, skipped: { file: e.file, reason: e.skipped ?? 'skipped' } });
      from.push(e && e.doc >= 0 ? e.doc : undefined);
    }
    log.info(
      { changed: changed.length, removed: gone.length },
      `corpus changed since the snapshot: re-read ${changed.length} file(s), ${gone.length} gone`,
    );
    return { kind: 'partial', results, reread: changed.length, before, from, hashed };
  } catch (err) {
    if (!(err instanceof SnapshotError)) throw err;
    log.info({ file, reason: err.message }, `snapshot not used (${err.message}); reading the whole corpus`);
    return undefined;
  } finally {
    await snap?.close();
  }
}

interface Known {
  size: number;
  mtimeMs: number;
  hash?: string;
  /** The snapshot's record, when the journal says nothing newer. */
  entry?: SnapshotFile;
}

/**
 * The snapshot's corpus with the journal's updates and the files changed since replayed through
 * the live corpus's path (live.ts: `spliced`, `reviseCorpusBy`): each file's last change only,
 * in one revision, and no file the journal holds is read again.
 */
async function replayJournal(
  snap: Snapshot,
  net: Map<string, JournalChange>,
  changed: number[],
  gone: string[],
  states: FileState[],
  root: string,
  parallel: ParallelOptions,
  phase: (p: LoadPhase) => void,
  writer: JournalWriter,
  noted: (fresh: IngestResult[]) => JournalChange[],
  figures: { replayed: number; hashed: number; problem?: string },
): Promise<Reuse> {
  const restored = await snap.corpus();
  phase('snapshot-load');
  const fresh = await ingestTasks(
    root,
    changed.map((i) => states[i].task),
    parallel,
  );
  for (const r of fresh) if (!r.ok) warnSkipped(r.skipped);
  phase('ingest');
  // Per file whose document is not the snapshot's: what it gives now (undefined: gone).
  const now = new Map<string, IngestResult | undefined>();
  for (const [f, c] of net) if (!c.same) now.set(f, c.result);
  changed.forEach((i, k) => now.set(states[i].task.file, fresh[k]));
  for (const f of gone) now.set(f, undefined);
  const { docs, skipped, removed, added } = spliced(restored, [...now.keys()], (f) => now.get(f));
  const corpus = await reviseCorpusBy(restored, docs, skipped, removed, added);
  await appendNoted(writer, noted(fresh));
  log.info(
    { replayed: figures.replayed, files: now.size, reread: changed.length, removed: gone.length },
    `corpus loaded from the snapshot and ${figures.replayed} journal record(s); re-read ${changed.length} file(s) changed since`,
  );
  return { kind: 'whole', corpus, reread: changed.length, journal: writer, ...figures };
}

/** The writer of a snapshot's journal, compacting it in the background when due (unless the policy is false). */
function journalFor(
  file: string,
  id: string,
  key: SnapshotKey,
  snapshotBytes: number,
  policy: CompactPolicy | false,
  known?: { end: number; records: number },
): JournalWriter {
  const writer = new JournalWriter(journalPath(file), id, known);
  if (policy !== false) compactWhenDue(writer, file, key, snapshotBytes, policy);
  return writer;
}

async function appendNoted(writer: JournalWriter | undefined, changes: JournalChange[]): Promise<void> {
  if (!writer || changes.length === 0) return;
  try {
    await writer.append({ changes });
  } catch (err) {
    // The journal saves work at the next start; failing to write it must not stop this one.
    log.warn({ err, file: writer.file }, `could not append to the journal: ${(err as Error).message}`);
  }
}

/** Saves the snapshot and starts its journal afresh; the journal's writer, or undefined when it could not be saved. */
async function save(
  file: string,
  key: SnapshotKey,
  corpus: Corpus,
  results: IngestResult[],
  states: FileState[],
  policy: CompactPolicy | false = {},
): Promise<JournalWriter | undefined> {
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
    const id = newSnapshotId();
    const bytes = await saveSnapshot(file, key, corpus, files, id);
    // The previous snapshot's journal is stale now (it names another id); gone, it is not read at the next start.
    await fs.rm(journalPath(file), { force: true });
    log.info({ file, bytes, ms: Date.now() - started }, 'snapshot saved');
    return journalFor(file, id, key, bytes, policy);
  } catch (err) {
    // A snapshot is an optimisation: failing to write one must not stop the bot.
    log.warn({ err, file }, `could not save the snapshot: ${(err as Error).message}`);
    return undefined;
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
