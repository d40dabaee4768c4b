/**
 * Documents across replicas (issue #20). Every replica serves its own corpus directory; a
 * document added or removed through factdesk on one of them (`/add`, `/remove`, a feed) is
 * published in the shared state store (PostgreSQL), and every replica brings its directory up to
 * date from there: at start (catch-up) and whenever one is published (LISTEN/NOTIFY). A file
 * written here is then read like any other change to the directory (the live corpus), so the
 * replicas' corpora converge on the same files.
 *
 * Publishing is what the replica that made the change does; following is what all of them do,
 * itself included (its own change is found already in place and skipped).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { child } from '../log.js';
import { hashBytes } from '../read/document.js';
import { openStateStore } from '../state/index.js';
import type { SharedDocument, StateStore } from '../state/types.js';

const log = child('shared');

/** Rows read per query while catching up. */
const BATCH = 100;

export interface SharedOptions {
  dataDir: string;
  /** Where a document removed on another replica is moved to (as `/remove` does), never deleted. */
  removedDir: string;
  /** Tells the live corpus a file (relative to the corpus root) changed. */
  notify(file: string): void;
  now?: () => number;
}

type Store = Pick<StateStore, 'publishDocument' | 'documentsSince' | 'watchDocuments'>;

/** A `/`-separated path inside the corpus directory, or undefined when it would leave it. */
export function corpusPath(rel: string): string | undefined {
  const norm = path.posix.normalize(rel.replace(/\\/g, '/'));
  if (!norm || norm === '.' || norm.startsWith('../') || norm === '..' || path.posix.isAbsolute(norm)) return undefined;
  if (norm.split('/').some((p) => p.startsWith('.'))) return undefined;
  return norm;
}

/** A rename, or a copy and unlink when the two places are on different file systems. */
async function move(from: string, to: string): Promise<void> {
  try {
    await fs.rename(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    await fs.copyFile(from, to);
    await fs.unlink(from);
  }
}

/** What the commands that add or remove documents need: to tell the other replicas. */
export interface DocumentPublisher {
  publishFile(rel: string, origin: string): Promise<void>;
  publishRemoval(rel: string, origin: string): Promise<void>;
}

export class SharedDocuments implements DocumentPublisher {
  /** The last change applied here. */
  private seq = 0;
  private running?: Promise<void>;
  private again = false;
  private unlisten?: () => Promise<void>;
  private stopped = false;
  /** Changes applied here (written or moved away), for logs and tests. */
  applied = 0;

  constructor(
    private readonly store: Store,
    private readonly options: SharedOptions,
  ) {}

  /** Listens, then catches up on everything published so far. */
  async start(): Promise<void> {
    this.unlisten = await this.store.watchDocuments(() => this.poke());
    this.poke();
    await this.settled();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.unlisten?.();
    await this.running;
  }

  /** Resolves when every change announced so far has been applied. */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Publishes a file of the corpus directory as it is now (added or changed). */
  async publishFile(rel: string, origin: string): Promise<void> {
    const p = corpusPath(rel);
    if (!p) throw new Error(`not a path inside the corpus: ${rel}`);
    const bytes = await fs.readFile(path.join(this.options.dataDir, p));
    await this.store.publishDocument({ path: p, bytes, origin }, this.now());
  }

  /** Publishes that a document left the corpus directory. */
  async publishRemoval(rel: string, origin: string): Promise<void> {
    const p = corpusPath(rel);
    if (!p) throw new Error(`not a path inside the corpus: ${rel}`);
    await this.store.publishDocument({ path: p, origin }, this.now());
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  /** Catches up now, or once more after the catch-up under way. */
  private poke(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.catchUp()
      .catch((err: Error) => log.warn({ err }, 'could not read shared documents; trying again at the next announcement'))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.poke();
        }
      });
  }

  private async catchUp(): Promise<void> {
    for (;;) {
      const rows = await this.store.documentsSince(this.seq, BATCH);
      for (const row of rows) {
        if (this.stopped) return;
        // One bad row (a path that would leave the corpus, a full disk) must not stop the rest.
        await this.apply(row).catch((err: Error) => log.warn({ err, path: row.path }, `could not apply shared document ${row.path}`));
        this.seq = row.seq;
      }
      if (rows.length < BATCH) return;
    }
  }

  private async apply(row: SharedDocument): Promise<void> {
    const rel = corpusPath(row.path);
    if (!rel) throw new Error(`refused: ${row.path} is not a path inside the corpus`);
    const target = path.join(this.options.dataDir, rel);
    const current = await fs.readFile(target).catch(() => undefined);
    if (row.bytes) {
      if (current && hashBytes(current) === (row.sha256 ?? hashBytes(row.bytes))) return;
      await fs.mkdir(path.dirname(target), { recursive: true });
      // Written under a hidden name, then renamed: the watcher never reads half a file.
      const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.shared`);
      await fs.writeFile(tmp, row.bytes);
      await fs.rename(tmp, target);
    } else {
      if (!current) return;
      const away = path.join(this.options.removedDir, rel);
      await fs.mkdir(path.dirname(away), { recursive: true });
      const taken = await fs.stat(away).then(
        () => true,
        () => false,
      );
      await move(target, taken ? `${away}.${this.now()}` : away);
    }
    this.applied++;
    log.info({ path: rel, origin: row.origin, removed: !row.bytes }, `shared document ${row.bytes ? 'updated' : 'removed'}: ${rel}`);
    this.options.notify(rel);
  }
}

/**
 * Follows the documents published on the shared state store and registers the publisher with the
 * app (`services.shared`). Without a live corpus (WATCH=false) files are still brought up to date,
 * and are read at the next start or reload.
 */
export async function shareDocuments(
  app: { services: { shared?: DocumentPublisher } },
  live: { notify(file: string): void } | undefined,
  opts: { databaseUrl: string; stateDir: string; dataDir: string },
): Promise<() => Promise<void>> {
  const store = await openStateStore({ stateDir: opts.stateDir, databaseUrl: opts.databaseUrl });
  if (!live) log.warn('WATCH=false: documents added on other replicas are written here but read only at the next start');
  const shared = new SharedDocuments(store, {
    dataDir: opts.dataDir,
    removedDir: path.join(opts.stateDir, 'removed'),
    notify: (f) => live?.notify(f),
  });
  await shared.start();
  app.services.shared = shared;
  return async () => {
    await shared.stop();
    await store.close();
  };
}
