/**
 * The live corpus: the corpus directory is watched, and a document that is added, changed or
 * removed is re-read alone; every other document is reused as it was ingested. A new Corpus is
 * made from the documents — the serving corpus's text indexes copied and revised for the changed
 * ones, the fact indexes built — and swapped in whole, so a command sees either the old index or
 * the new one, never a mixture. Bursts of changes are gathered (debounced) into one rebuild, and
 * a change that arrives during a rebuild queues the next one instead of being lost.
 *
 * Independent of cold loading (`load.ts`: snapshots, workers): it starts from whatever corpus
 * the app holds.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import type { IngestedDoc, IngestResult } from '../ingest/index.js';
import { child } from '../log.js';
import { hashBytes } from '../read/document.js';
import { isDocumentFile, listDocuments } from '../read/files.js';
import { docIndexOf, KnownFiles } from './known-files.js';
import type { CorpusStatus } from '../types.js';
import type { ParseBudget, Skipped } from '../types.js';
import { Corpus, newPassageIndex, newTitleIndex, revisingText, type FactIndexes, type Passage } from '../index/corpus.js';
import { runSliced, type Steps } from '../index/steps.js';
import { DateIndex } from '../index/dates.js';
import { ingestTasks, warmWorkers } from '../ingest/parallel.js';
import { PeopleIndex } from '../index/people.js';
import { QuoteIndex } from '../index/quotes.js';
import type { JournalChange, JournalWriter } from '../snapshot/journal.js';

const log = child('live');

/** What the live corpus needs of the running app (the App implements it). */
export interface LiveHost {
  readonly corpus: Corpus;
  readonly status: CorpusStatus;
  swap(corpus: Corpus, from?: 'ingest' | 'snapshot'): void;
  /** Runs one rebuild at a time across every kind of reload, with `status.reloading` set. */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  /**
   * The journal of the snapshot the serving corpus was loaded from (snapshot/journal.ts): every
   * update swapped in is appended, so that a restart replays it instead of reading its files.
   */
  readonly journal?: JournalWriter;
}

export interface LiveOptions {
  dataDir: string;
  maxBytes: number;
  budget?: ParseBudget;
  /** Worker threads for re-reading (0: in this thread, without a budget; see ingest/parallel.ts). */
  workers?: number;
  /** Quiet time after the last change before a rebuild starts. */
  debounceMs?: number;
  /** A steady stream of changes still gets a rebuild at least this often. */
  maxWaitMs?: number;
  /**
   * Files modified at or after this time (ms) are re-read once the watcher is ready: they may
   * have changed while the corpus was being loaded, before anything was watching.
   */
  changedSince?: number;
  /** Poll instead of using inotify (network file systems). */
  usePolling?: boolean;
}

export interface RebuildReport {
  /** Files re-read or dropped in this rebuild. */
  changed: string[];
  /** Files of this rebuild that could not be used, with the reason (also logged as warnings). */
  skippedNow: Skipped[];
  documents: number;
  skipped: number;
  ms: number;
}

/** A relative path inside the corpus, `/`-separated, or undefined for one outside it. */
function relativeTo(root: string, full: string): string | undefined {
  const rel = path.relative(root, full);
  if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  return rel.split(path.sep).join('/');
}

/** Hidden files and folders and node_modules are never part of the corpus (as in listDocuments). */
function hiddenPart(rel: string): boolean {
  return rel.split('/').some((p) => p.startsWith('.') || p === 'node_modules');
}

export class LiveCorpus {
  /** Every document file known: what ingesting it gave (a document, or why it was skipped). */
  private readonly entries = new KnownFiles();
  /** The corpus the entries describe; another one in the app (a full reload) means re-seed. */
  private seededFrom?: Corpus;
  /**
   * The people index of `from`, the serving corpus, with the structures a revision starts from,
   * made in the background after the start (at ×10 tens of seconds of work): the first change
   * then costs what later ones cost instead of making them over every document itself.
   */
  private prepared?: {
    from: Corpus;
    people: Promise<PeopleIndex | undefined>;
    dates: Promise<DateIndex | undefined>;
    /** Settles once both are served by `from` (when it is still the corpus served). */
    adopted: Promise<void>;
  };
  /** Whether its documents are in file order (a corpus loaded from a directory is): then a change is spliced in. */
  private seededSorted = false;
  private readonly pending = new Set<string>();
  private timer?: NodeJS.Timeout;
  private firstPendingAt = 0;
  private running?: Promise<void>;
  private watcher?: FSWatcher;
  private stopped = false;
  private idleWaiters: (() => void)[] = [];
  private readonly debounceMs: number;
  private readonly maxWaitMs: number;
  /** How many rebuilds were swapped in, and the last one's figures (for logs and tests). */
  rebuilds = 0;
  lastRebuild?: RebuildReport;

  constructor(
    private readonly host: LiveHost,
    private readonly options: LiveOptions,
  ) {
    this.debounceMs = options.debounceMs ?? 300;
    this.maxWaitMs = options.maxWaitMs ?? 3000;
  }

  /** Starts watching; resolves once the watcher is ready (changes from then on are seen). */
  async start(): Promise<void> {
    const root = this.options.dataDir;
    this.seed();
    this.startPreparing();
    const watcher = watch(root, {
      ignoreInitial: true,
      persistent: true,
      usePolling: this.options.usePolling ?? false,
      ignored: (p: string) => {
        const rel = relativeTo(root, p);
        return rel !== undefined && hiddenPart(rel);
      },
    });
    this.watcher = watcher;
    watcher.on('all', (event, full) => {
      const rel = relativeTo(root, full);
      if (rel === undefined) return;
      if (event === 'addDir') void this.addFolder(rel);
      else if (event === 'unlinkDir') this.dropFolder(rel);
      else if (isDocumentFile(rel)) this.notify(rel);
    });
    watcher.on('error', (err) => log.warn({ err }, `watching ${root} reported an error; changes may be missed until the next one`));
    await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
    if (this.options.changedSince !== undefined) await this.reconcile(this.options.changedSince);
    log.info({ dataDir: root }, `watching ${root} for document changes`);
  }

  /** Stops watching and waits for a rebuild under way; leaves no handle open. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
    await this.watcher?.close();
    this.watcher = undefined;
    await this.running;
    this.wakeIdle();
  }

  /** Marks a file (relative to the corpus root) as changed; it is re-read in the next rebuild. */
  notify(file: string): void {
    if (this.stopped) return;
    if (this.pending.size === 0) this.firstPendingAt = Date.now();
    this.pending.add(file);
    this.schedule();
  }

  /** Resolves when no change is waiting and no rebuild is running. */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private isIdle(): boolean {
    return this.stopped || (!this.running && !this.timer && this.pending.size === 0);
  }

  private wakeIdle(): void {
    if (!this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  private seed(): void {
    const corpus = this.host.corpus;
    if (this.seededFrom === corpus) return;
    this.seededSorted = this.entries.seed(corpus.docs, corpus.skipped);
    this.seededFrom = corpus;
  }

  /**
   * Starts making the serving corpus's people index revisable, in slices between commands, and a
   * reader ready (start does this); resolves when the indexes are done. A change that comes
   * first waits for them.
   */
  async prepare(): Promise<void> {
    this.seed();
    this.startPreparing();
    await this.prepared?.adopted;
  }

  private startPreparing(): void {
    // A reader ready for the first change: a worker's boot takes a second or more, and a start
    // from a snapshot has none.
    const { maxBytes, budget, workers } = this.options;
    void warmWorkers(1, { maxBytes, budget, workers });
    const corpus = this.seededFrom;
    if (!corpus || !this.seededSorted || this.prepared?.from === corpus) return;
    if (corpus.people.revisable && corpus.dates.knowsAnchors) return;
    // Each made ready for a revision: otherwise the first change does it (the first change
    // after a start from a snapshot would search every anchor of the date index again).
    const ready = <T>(what: string, steps: Steps<T>) =>
      runSliced(unlessStopped(steps, () => this.stopped)).catch((err: unknown) => {
        log.warn({ err }, `preparing the ${what} index for live updates failed`);
        return undefined;
      });
    const people = corpus.people.revisable
      ? Promise.resolve(undefined)
      : ready('people', PeopleIndex.revising(corpus.people, corpus.docs, [], []));
    const dates = corpus.dates.knowsAnchors
      ? Promise.resolve(undefined)
      : ready('date', DateIndex.revising(corpus.dates, corpus.docs, [], []));
    // Served as soon as both are ready (the same answers), and what only a snapshot needs let go:
    // what they replace is then garbage long before the first change, whose revision would
    // otherwise pay for collecting it.
    const adopted = Promise.all([people, dates]).then(([p, d]) => {
      if (this.stopped || this.host.corpus !== corpus) return;
      corpus.adoptRevisable({ people: p, dates: d });
      corpus.forgetSnapshotParts();
    });
    this.prepared = { from: corpus, people, dates, adopted };
  }

  private schedule(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    // Wait for quiet, but not forever: a folder being copied in still shows up as it goes.
    const waited = Date.now() - this.firstPendingAt;
    const delay = Math.max(0, Math.min(this.debounceMs, this.maxWaitMs - waited));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.running) this.running = this.run().finally(() => this.afterRun());
    }, delay);
  }

  private afterRun(): void {
    this.running = undefined;
    // Changes that came in during the rebuild: another rebuild (their timer may have fired already).
    if (this.pending.size > 0 && !this.timer && !this.stopped) {
      this.firstPendingAt = Date.now();
      this.schedule();
    }
    this.wakeIdle();
  }

  private async run(): Promise<void> {
    if (this.stopped || this.pending.size === 0) return;
    await this.host.exclusive(async () => {
      const files = [...this.pending];
      this.pending.clear();
      try {
        await this.rebuild(files);
      } catch (err) {
        // Never take the index down: the previous corpus goes on serving.
        this.host.status.lastError = `live reload failed: ${(err as Error).message}`;
        log.error({ err, files }, 'live reload failed; still serving the previous corpus');
      }
    });
  }

  private async rebuild(files: string[]): Promise<void> {
    const started = Date.now();
    const { dataDir, maxBytes, budget, workers } = this.options;
    this.seed();
    const changed: string[] = [];
    const skippedNow: Skipped[] = [];
    const present: string[] = [];
    // Size and time as read before the file is, for the journal: a file written after this stat has another, and is read again at a restart.
    const stats: { size: number; mtimeMs: number }[] = [];
    const noted: JournalChange[] = [];
    for (const file of files) {
      const st = await fs.stat(path.join(dataDir, file)).catch(() => undefined);
      if (st?.isFile()) {
        present.push(file);
        stats.push({ size: st.size, mtimeMs: st.mtimeMs });
      } else if (this.forget(file)) {
        changed.push(file);
        noted.push({ file, size: -1, mtimeMs: -1 });
      }
    }
    // A folder of documents dropped in at once is read on worker threads; a few files here.
    const results = await ingestTasks(
      dataDir,
      present.map((file) => ({ file })),
      { maxBytes, budget, workers },
    );
    for (let i = 0; i < present.length; i++) {
      const file = present[i];
      const result = results[i];
      const before = this.entries.get(file);
      if (!result.ok) {
        const gone = !(await fs.stat(path.join(dataDir, file)).then(
          () => true,
          () => false,
        ));
        log.warn({ file, reason: result.skipped.reason }, `skipped ${file}: ${result.skipped.reason}`);
        skippedNow.push(result.skipped);
        if (gone) {
          // Removed while we read it: it is simply no longer part of the corpus.
          if (this.forget(file)) {
            changed.push(file);
            noted.push({ file, size: -1, mtimeMs: -1 });
          }
          continue;
        }
      }
      // The same bytes as before: nothing to rebuild for this file (its new size and time are noted).
      if (
        (before?.ok && result.ok && before.doc.meta.hash === result.doc.meta.hash) ||
        (before && !before.ok && !result.ok && before.skipped.reason === result.skipped.reason)
      ) {
        noted.push({ file, ...stats[i], same: true });
        continue;
      }
      this.remember(file, result);
      changed.push(file);
      noted.push({ file, ...stats[i], result });
    }
    if (this.stopped) return;
    if (changed.length === 0) {
      await this.note(noted);
      return;
    }
    let corpus: Corpus;
    if (this.seededSorted) {
      const { docs, skipped, removed, added } = spliced(this.seededFrom!, changed, (file) => this.entries.get(file));
      const prepared = this.prepared?.from === this.seededFrom ? this.prepared : undefined;
      this.prepared = undefined;
      const people = await prepared?.people;
      const dates = await prepared?.dates;
      corpus = await reviseCorpusBy(this.seededFrom!, docs, skipped, removed, added, { people, dates });
    } else {
      const docs: IngestedDoc[] = [];
      const skipped: Skipped[] = [];
      // The known files in the order a cold ingest reads them (listDocuments: sorted), so that the
      // corpus made is the one a cold ingest of the directory would make: answers that tie are
      // ordered by corpus order. Only a corpus not in file order comes here; the one made is.
      for (const file of [...this.entries.files()].sort()) {
        const r = this.entries.get(file)!;
        if (r.ok) docs.push(r.doc);
        else skipped.push(r.skipped);
      }
      corpus = await reviseCorpus(this.seededFrom!, docs, skipped);
    }
    if (this.stopped) return;
    this.host.swap(corpus, 'ingest');
    // The corpus made holds what the known files say now, in file order: it is their new seed.
    this.entries.seed(corpus.docs, corpus.skipped, true);
    this.seededFrom = corpus;
    this.seededSorted = true;
    await this.note(noted);
    this.rebuilds++;
    const documents = corpus.docs.length;
    const skipped = corpus.skipped.length;
    this.lastRebuild = { changed, skippedNow, documents, skipped, ms: Date.now() - started };
    log.info(this.lastRebuild, `corpus updated: ${changed.length} file(s) changed, ${documents} documents, ${skipped} skipped`);
  }

  /** Appends the update to the journal, if the serving corpus has one; a failure is logged, never thrown. */
  private async note(changes: JournalChange[]): Promise<void> {
    const journal = this.host.journal;
    if (!journal || changes.length === 0) return;
    try {
      await journal.append({ changes });
    } catch (err) {
      // The next start then reads these files again: slower, not wrong.
      log.warn({ err, file: journal.file }, `could not append to the journal: ${(err as Error).message}`);
    }
  }

  /** Records what a file gave. */
  private remember(file: string, result: IngestResult): void {
    this.entries.set(file, result);
  }

  /** Forgets a file; true when it was known. */
  private forget(file: string): boolean {
    return this.entries.delete(file);
  }

  /** A folder moved or copied in: its files may arrive without events of their own. */
  private async addFolder(rel: string): Promise<void> {
    try {
      for (const f of await listDocuments(path.join(this.options.dataDir, rel))) this.notify(`${rel}/${f}`);
    } catch {
      // Gone again already: its unlinkDir event follows.
    }
  }

  /** A folder removed: every document under it goes, whether or not each file reports it. */
  private dropFolder(rel: string): void {
    const prefix = `${rel}/`;
    for (const file of this.entries.files()) if (file.startsWith(prefix)) this.notify(file);
  }

  /** Catches up with what changed between the start of loading and the watcher being ready. */
  private async reconcile(since: number): Promise<void> {
    const root = this.options.dataDir;
    let files: string[];
    try {
      files = await listDocuments(root);
    } catch (err) {
      log.warn({ err }, `cannot list ${root} to catch up with changes made during loading`);
      return;
    }
    const present = new Set(files);
    for (const file of this.entries.files()) if (!present.has(file)) this.notify(file);
    for (const file of files) {
      if (!this.entries.has(file)) {
        this.notify(file);
        continue;
      }
      const full = path.join(root, file);
      const stat = await fs.stat(full).catch(() => undefined);
      if (stat && stat.mtimeMs < since - 1000) continue;
      // Recently modified (or a corpus just copied in): re-read only if the bytes differ.
      const entry = this.entries.get(file);
      const bytes = entry?.ok ? await fs.readFile(full).catch(() => undefined) : undefined;
      if (!entry?.ok || !bytes || hashBytes(bytes) !== entry.doc.meta.hash) this.notify(file);
    }
  }
}

/** `steps`, ended early (with no result) once `stop` says so: work a stopped watcher no longer needs. */
function* unlessStopped<T>(steps: Steps<T>, stop: () => boolean): Steps<T | undefined> {
  for (;;) {
    if (stop()) return undefined;
    const r = steps.next();
    if (r.done) return r.value;
    yield;
  }
}

/** Passages added to the full-text index between two turns of the event loop. */
const INDEX_CHUNK = 100;

/**
 * The documents and skipped files after `changed` files changed, from a corpus whose documents
 * are in file order (as a cold ingest reads them): the changed files' old documents taken out
 * and their new ones put where they sort. Returns the positions removed (in `before.docs`) and
 * added (in the new list). Copies the list of documents once; no look-up per document.
 */
export function spliced(
  before: Corpus,
  changed: readonly string[],
  now: (file: string) => IngestResult | undefined,
): { docs: IngestedDoc[]; skipped: Skipped[]; removed: number[]; added: number[] } {
  const files = new Set(changed);
  const removed: number[] = [];
  for (const file of files) {
    const at = docIndexOf(before.docs, file);
    if (at < before.docs.length && before.docs[at].meta.file === file) removed.push(at);
  }
  removed.sort((a, b) => a - b);
  const inserts = [...files]
    .map((file) => now(file))
    .filter((r): r is IngestResult & { ok: true } => !!r?.ok)
    .map((r) => r.doc)
    .sort((a, b) => (a.meta.file < b.meta.file ? -1 : 1));
  const docs = new Array<IngestedDoc>(before.docs.length - removed.length + inserts.length);
  const added: number[] = [];
  let i = 0;
  let j = 0;
  let r = 0;
  const copyUpTo = (end: number) => {
    for (; i < end; i++) {
      if (r < removed.length && removed[r] === i) {
        r++;
        continue;
      }
      docs[j++] = before.docs[i];
    }
  };
  for (const d of inserts) {
    copyUpTo(docIndexOf(before.docs, d.meta.file));
    added.push(j);
    docs[j++] = d;
  }
  copyUpTo(before.docs.length);
  const skipped = before.skipped.filter((s) => !files.has(s.file));
  for (const file of files) {
    const r = now(file);
    if (r && !r.ok) skipped.splice(skippedIndexOf(skipped, file), 0, r.skipped);
  }
  return { docs, skipped, removed, added };
}

function skippedIndexOf(list: readonly Skipped[], file: string): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].file < file) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The Corpus for `docs` made from `before`, the corpus serving now, when `docs` is `before.docs`
 * with the documents at `removed` taken out and those at `added` (positions in `docs`) put in:
 * the text indexes revised at the cost of those documents (corpus.ts, `revisingText`), the date
 * index's sentence index and the quotes' topic index likewise (dates.ts, quotes.ts), people per
 * merge key (people.ts: the entries the changed documents' facts share a name, surname or group
 * signature with). Mostly new documents (a first folder dropped in)
 * are cheaper to index afresh.
 */
export async function reviseCorpusBy(
  before: Corpus,
  docs: IngestedDoc[],
  skipped: Skipped[],
  removed: readonly number[],
  added: readonly number[],
  /** `before`'s people and date indexes made ready for a revision beforehand (LiveCorpus.prepare), when they were. */
  prepared: { people?: PeopleIndex; dates?: DateIndex } = {},
): Promise<Corpus> {
  if (added.length * 2 > docs.length) return buildCorpus(docs, skipped);
  const text = await runSliced(revisingText(before, docs, removed, added));
  const dates = await runSliced(DateIndex.revising(prepared.dates ?? before.dates, docs, removed, added));
  const people = await runSliced(PeopleIndex.revising(prepared.people ?? before.people, docs, removed, added));
  const quotes = await runSliced(QuoteIndex.revising(before.quotes, docs, removed, added));
  return new Corpus({ docs, skipped, text, people, dates, quotes });
}

/**
 * As `reviseCorpusBy`, working out what changed by comparing the documents themselves (the kept
 * ones are the same objects, in the same order); a change of order is built afresh.
 */
export async function reviseCorpus(before: Corpus, docs: IngestedDoc[], skipped: Skipped[]): Promise<Corpus> {
  const at = new Map(before.docs.map((d, i) => [d, i]));
  const kept = new Uint8Array(before.docs.length);
  const added: number[] = [];
  let last = -1;
  for (let j = 0; j < docs.length; j++) {
    const i = at.get(docs[j]);
    if (i === undefined) added.push(j);
    else if (i <= last) return buildCorpus(docs, skipped);
    else {
      kept[i] = 1;
      last = i;
    }
  }
  const removed: number[] = [];
  kept.forEach((k, i) => {
    if (!k) removed.push(i);
  });
  return reviseCorpusBy(before, docs, skipped, removed, added);
}

/** The fact indexes of `docs`, built in slices between which commands are answered (steps.ts). */
async function factIndexes(docs: IngestedDoc[]): Promise<FactIndexes> {
  const people = await runSliced(PeopleIndex.building(docs));
  const dates = await runSliced(DateIndex.building(docs));
  const quotes = await runSliced(QuoteIndex.building(docs));
  return { people, dates, quotes };
}

/**
 * The Corpus `new Corpus({ docs, skipped })` would build, without holding the event loop for
 * the whole of it: the text indexes are filled in chunks and each fact index is built in a turn
 * of its own, so commands keep being answered (from the previous corpus) during a rebuild.
 * Passages are numbered as the constructor numbers them (test/live.test.ts checks that both
 * give the same corpus).
 */
export async function buildCorpus(docs: IngestedDoc[], skipped: Skipped[]): Promise<Corpus> {
  const passages: Passage[] = [];
  const passageRows: { id: number; text: string }[] = [];
  const titleRows: { id: number; title: string }[] = [];
  docs.forEach((d, di) => {
    titleRows.push({ id: di, title: d.meta.title });
    for (const p of d.paragraphs) {
      if (p.heading) continue;
      passageRows.push({ id: passages.length, text: p.text });
      passages.push({ doc: di, paragraph: p.n });
    }
  });
  const passageIndex = newPassageIndex();
  await passageIndex.addAllAsync(passageRows, { chunkSize: INDEX_CHUNK });
  const titleIndex = newTitleIndex();
  await titleIndex.addAllAsync(titleRows, { chunkSize: INDEX_CHUNK * 5 });
  return new Corpus({ docs, skipped, passages, passageIndex, titleIndex, ...(await factIndexes(docs)) });
}
