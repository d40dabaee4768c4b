/**
 * The running application, whatever the front end: the current corpus (swapped whole on
 * reload, so a command always sees one consistent index), its status, and the context that
 * command handlers get.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { commands as allCommands } from './commands/index.js';
import { contextFor } from './commands/context.js';
import type { Command, CommandContext, Services } from './commands/types.js';
import type { CorpusStatus } from './types.js';
import { memoryStore } from './corpus/memory.js';
import { isWritable, type CorpusStore, type CorpusStoreKind } from './corpus/types.js';
import type { Corpus } from './index/corpus.js';
import { ingestTasks } from './ingest/parallel.js';
import type { IngestedDoc } from './ingest/index.js';
import { LiveCorpus, type LiveOptions } from './load/live.js';
import { loadCorpus, type LoadOptions } from './load/index.js';
import { child } from './log.js';
import type { JournalWriter } from './snapshot/journal.js';
import { docIdFor } from './read/files.js';
import { DocumentStore } from './store/index.js';
import type { FetchSettings } from './store/intake.js';

const log = child('app');

export interface AppOptions extends LoadOptions {
  dataDir: string;
  commands?: readonly Command[];
  now?: () => Date;
  /** How /add fetches links and attachments (default: the safe defaults, no private addresses). */
  fetch?: FetchSettings;
  /** DISCORD_API: attachments on its host are Discord's own (the tests' fake Discord). */
  discordApi?: string;
  /** Where the corpus is served from (CORPUS_STORE): memory by default; postgres needs `databaseUrl`. */
  corpusStore?: CorpusStoreKind;
  databaseUrl?: string;
}

/** Fetch settings when none are given: the defaults of the configuration, private addresses refused. */
const SAFE_FETCH: FetchSettings = { maxBytes: 10 * 1024 * 1024, timeoutMs: 15_000, maxRedirects: 5, allowPrivate: false };

export class DataDirError extends Error {}

/** Called with each in-memory corpus swapped in and its generation. */
export type SwapListener = (corpus: Corpus, generation: number) => void;

export class App {
  /** The in-memory corpus (memory store); absent when the corpus is served from PostgreSQL. */
  private current?: Corpus;
  /** What commands read: the memory store of `current`, or the database store. */
  private currentStore: CorpusStore;
  readonly status: CorpusStatus;
  readonly services: Services = {};
  readonly commands: readonly Command[];
  readonly now: () => Date;
  /**
   * Counts the corpora served: 0 for the first, +1 at every swap. An answer comes from exactly
   * one generation, which is what lets a test check that answers never mix two indexes.
   */
  private gen = 0;
  private readonly swapListeners = new Set<SwapListener>();
  /** The tail of the rebuild queue: one reload or live rebuild at a time. */
  private rebuildTail: Promise<unknown> = Promise.resolve();
  private live?: LiveCorpus;
  /** Re-reads files the app was told of (`ingest`) when nothing watches the directory. */
  private unwatched?: LiveCorpus;
  /** When loading of the first corpus began (ms): files changed after it are re-read by the watcher. */
  private loadStartedAt = Date.now();
  /** Where live updates of the corpus loaded from a snapshot are recorded (snapshot/journal.ts). */
  journal?: JournalWriter;

  private constructor(
    readonly options: AppOptions,
    corpus: Corpus | CorpusStore,
    status: CorpusStatus,
  ) {
    if ('kind' in corpus) this.currentStore = corpus;
    else {
      this.current = corpus;
      this.currentStore = memoryStore(corpus);
    }
    this.status = status;
    this.commands = options.commands ?? allCommands;
    this.now = options.now ?? (() => new Date());
    this.services.documents = new DocumentStore(this, {
      dataDir: options.dataDir,
      removedDir: options.stateDir ? path.join(options.stateDir, 'removed') : undefined,
      maxBytes: options.maxBytes,
    });
    this.services.intake = { fetch: options.fetch ?? SAFE_FETCH, maxDocBytes: options.maxBytes, discordApi: options.discordApi };
  }

  static async start(options: AppOptions): Promise<App> {
    const stat = await fs.stat(options.dataDir).catch(() => undefined);
    if (!stat?.isDirectory())
      throw new DataDirError(`The corpus directory ${options.dataDir} does not exist (set DATA_DIR or pass --data DIR).`);
    const started = Date.now();
    if (options.corpusStore === 'postgres') {
      if (!options.databaseUrl) throw new Error('CORPUS_STORE=postgres needs DATABASE_URL.');
      const { openPostgresCorpus } = await import('./corpus/open.js');
      const store = await openPostgresCorpus({ ...options, databaseUrl: options.databaseUrl });
      const s = await store.summary();
      log.info(
        { documents: s.documents, passages: s.passages, ms: Date.now() - started },
        `corpus opened in PostgreSQL: ${s.documents} documents`,
      );
      const app = new App(options, store, { dataDir: options.dataDir, lastReload: new Date(), reloading: false });
      app.loadStartedAt = started;
      return app;
    }
    const { corpus, from, journal } = await loadCorpus(options.dataDir, options);
    const s = corpus.stats;
    log.info(
      { documents: s.documents, passages: s.passages, skipped: s.skipped, ms: Date.now() - started, from },
      `corpus loaded: ${s.documents} documents, ${s.passages} passages${s.skipped ? `, ${s.skipped} skipped` : ''}`,
    );
    const app = new App(options, corpus, { dataDir: options.dataDir, lastReload: new Date(), reloading: false, loadedFrom: from });
    app.loadStartedAt = started;
    app.journal = journal;
    return app;
  }

  /**
   * The in-memory corpus, which the loader, the watcher and the document store rebuild and read.
   * Only the memory store has one: answers read `store`.
   */
  get corpus(): Corpus {
    if (!this.current) throw new Error('the in-memory corpus is not kept when CORPUS_STORE=postgres');
    return this.current;
  }

  /** The corpus store being served now: what every command reads. */
  get store(): CorpusStore {
    return this.currentStore;
  }

  /** Which corpus is being served: 0 for the first, one more at every swap. */
  get generation(): number {
    return this.gen;
  }

  /** Swaps in a new corpus at once; readers holding the old one finish with it. */
  swap(corpus: Corpus, from: 'ingest' | 'snapshot' = 'ingest'): void {
    this.current = corpus;
    this.currentStore = memoryStore(corpus);
    this.gen++;
    this.status.lastReload = this.now();
    this.status.loadedFrom = from;
    this.status.lastError = undefined;
    for (const listener of this.swapListeners) {
      try {
        listener(corpus, this.gen);
      } catch (err) {
        log.warn({ err }, 'a corpus swap listener failed');
      }
    }
  }

  /**
   * Serves another state of a store that keeps its documents itself (PostgreSQL after a change):
   * a new object, so whatever is keyed by the store (the digest's record of documents seen) sees it.
   */
  private swapStore(store: CorpusStore): void {
    this.currentStore = store;
    this.gen++;
    this.status.lastReload = this.now();
    this.status.loadedFrom = 'ingest';
    this.status.lastError = undefined;
  }

  /**
   * Whether the corpus directory can be watched: the watcher rebuilds the in-memory corpus, so not
   * on a database store, where changes arrive through `ingest` (/add, /remove, feeds).
   */
  get watchable(): boolean {
    return this.current !== undefined;
  }

  /** Calls listener after every swap; returns the function that stops it. */
  onSwap(listener: SwapListener): () => void {
    this.swapListeners.add(listener);
    return () => this.swapListeners.delete(listener);
  }

  /**
   * Runs rebuilds one at a time (a full reload and the watcher's incremental ones), with
   * `status.reloading` true while one runs. Commands are not queued: they go on reading the
   * current corpus.
   */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = async () => {
      this.status.reloading = true;
      try {
        return await work();
      } finally {
        this.status.reloading = false;
      }
    };
    const result = this.rebuildTail.then(run, run);
    this.rebuildTail = result.catch(() => undefined);
    return result;
  }

  /** Re-reads the corpus directory and swaps the result in; on failure keeps serving the old one. */
  reload(): Promise<void> {
    // A database store is the corpus itself: nothing to re-read (files reach it through `ingest`).
    if (!this.current) return Promise.resolve();
    return this.exclusive(async () => {
      try {
        // A compaction under way swaps the snapshot and restarts the journal when it ends: a new
        // writer opened before that would write at offsets of the old journal. Let it finish first.
        await this.journal?.background?.catch(() => undefined);
        const { corpus, from, journal } = await loadCorpus(this.options.dataDir, this.options);
        this.journal = journal;
        this.swap(corpus, from);
      } catch (err) {
        this.status.lastError = (err as Error).message;
        log.error({ err }, 'reload failed; still serving the previous corpus');
      }
    });
  }

  /**
   * Watches the corpus directory and swaps in a rebuilt corpus when documents are added,
   * changed or removed (see `load/live.ts`). Resolves once changes are being seen.
   */
  async watch(options: Partial<Omit<LiveOptions, 'dataDir' | 'maxBytes' | 'budget' | 'workers'>> = {}): Promise<LiveCorpus> {
    if (this.live) return this.live;
    const live = new LiveCorpus(this, {
      changedSince: this.loadStartedAt,
      ...options,
      dataDir: this.options.dataDir,
      maxBytes: this.options.maxBytes,
      budget: this.options.budget,
      workers: this.options.workers,
    });
    this.live = live;
    await live.start();
    return live;
  }

  /**
   * Has these files (relative to the corpus directory) read again — added, changed or gone — and
   * resolves once the corpus that has them is served. The document store's way in: through the
   * live corpus (`notify`, `idle`), whether or not the directory is watched.
   */
  async ingest(files: string[]): Promise<void> {
    if (!this.current) return this.exclusive(() => this.ingestIntoStore(files));
    const live = this.live ?? (this.unwatched ??= new LiveCorpus(this, this.liveOptions()));
    for (const f of files) live.notify(f);
    await live.idle();
  }

  /**
   * On a database store: the files read (on the reader pool, under the usual budget), their
   * documents replaced or removed where they are stored in one transaction, and the store of the
   * corpus after it swapped in. A file that cannot be read, or is gone, takes its document out.
   */
  private async ingestIntoStore(files: string[]): Promise<void> {
    const store = this.currentStore;
    if (!isWritable(store)) throw new Error(`the ${store.kind} corpus store cannot take changed documents`);
    const { dataDir } = this.options;
    const present: string[] = [];
    const removedIds: string[] = [];
    for (const file of new Set(files)) {
      if (
        await fs.stat(path.join(dataDir, file)).then(
          (s) => s.isFile(),
          () => false,
        )
      )
        present.push(file);
      else removedIds.push(docIdFor(file));
    }
    const results = await ingestTasks(
      dataDir,
      present.map((file) => ({ file })),
      { maxBytes: this.options.maxBytes, budget: this.options.budget, workers: this.options.workers },
    );
    const changed: IngestedDoc[] = [];
    results.forEach((r, i) => {
      if (r.ok) changed.push(r.doc);
      else {
        log.warn({ file: present[i], reason: r.skipped.reason }, `skipped ${present[i]}: ${r.skipped.reason}`);
        removedIds.push(docIdFor(present[i]));
      }
    });
    if (!changed.length && !removedIds.length) return;
    const started = Date.now();
    this.swapStore(await store.replaceDocuments(changed, removedIds));
    log.info({ changed: changed.length, removed: removedIds.length, ms: Date.now() - started }, 'corpus store updated');
  }

  private liveOptions(): LiveOptions {
    return {
      dataDir: this.options.dataDir,
      maxBytes: this.options.maxBytes,
      budget: this.options.budget,
      workers: this.options.workers,
      debounceMs: 0,
    };
  }

  /** Stops the watcher, if any, and waits for a rebuild under way. */
  async close(): Promise<void> {
    const live = this.live;
    this.live = undefined;
    await live?.stop();
    const unwatched = this.unwatched;
    this.unwatched = undefined;
    await unwatched?.stop();
  }

  /** What a handler gets: the corpus being served now, and the app's status, commands, clock and services. */
  context(extra: Partial<CommandContext> = {}): CommandContext {
    return contextFor(this.currentStore, {
      status: this.status,
      commands: this.commands,
      now: this.now,
      services: this.services,
      ...extra,
    });
  }
}
