/**
 * The running application, whatever the front end: the current corpus (swapped whole on
 * reload, so a command always sees one consistent index), its status, and the context that
 * command handlers get.
 */
import { promises as fs } from 'node:fs';
import { commands as allCommands } from './commands/index.js';
import type { Command, CommandContext, CorpusStatus } from './commands/types.js';
import type { Corpus } from './index/corpus.js';
import { loadCorpus, type LoadOptions } from './index/load.js';
import { child } from './log.js';

const log = child('app');

export interface AppOptions extends LoadOptions {
  dataDir: string;
  commands?: readonly Command[];
  now?: () => Date;
}

export class DataDirError extends Error {}

export class App {
  private current: Corpus;
  readonly status: CorpusStatus;
  readonly services: Record<string, unknown> = {};
  readonly commands: readonly Command[];
  readonly now: () => Date;

  private constructor(
    readonly options: AppOptions,
    corpus: Corpus,
    status: CorpusStatus,
  ) {
    this.current = corpus;
    this.status = status;
    this.commands = options.commands ?? allCommands;
    this.now = options.now ?? (() => new Date());
  }

  static async start(options: AppOptions): Promise<App> {
    const stat = await fs.stat(options.dataDir).catch(() => undefined);
    if (!stat?.isDirectory()) throw new DataDirError(`The corpus directory ${options.dataDir} does not exist (set DATA_DIR or pass --data DIR).`);
    const started = Date.now();
    const { corpus, from } = await loadCorpus(options.dataDir, options);
    const s = corpus.stats;
    log.info(
      { documents: s.documents, passages: s.passages, skipped: s.skipped, ms: Date.now() - started, from },
      `corpus loaded: ${s.documents} documents, ${s.passages} passages${s.skipped ? `, ${s.skipped} skipped` : ''}`,
    );
    return new App(options, corpus, { dataDir: options.dataDir, lastReload: new Date(), reloading: false, loadedFrom: from });
  }

  get corpus(): Corpus {
    return this.current;
  }

  /** Swaps in a new corpus at once; readers holding the old one finish with it. */
  swap(corpus: Corpus, from: 'ingest' | 'snapshot' = 'ingest'): void {
    this.current = corpus;
    this.status.lastReload = this.now();
    this.status.loadedFrom = from;
    this.status.lastError = undefined;
  }

  /** Re-reads the corpus directory and swaps the result in; on failure keeps serving the old one. */
  async reload(): Promise<void> {
    this.status.reloading = true;
    try {
      const { corpus, from } = await loadCorpus(this.options.dataDir, this.options);
      this.swap(corpus, from);
    } catch (err) {
      this.status.lastError = (err as Error).message;
      log.error({ err }, 'reload failed; still serving the previous corpus');
    } finally {
      this.status.reloading = false;
    }
  }

  context(extra: Partial<CommandContext> = {}): CommandContext {
    return {
      corpus: this.current,
      status: this.status,
      commands: this.commands,
      now: this.now,
      services: this.services,
      ...extra,
    };
  }
}
