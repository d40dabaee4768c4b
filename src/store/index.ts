/**
 * Documents in and out of the corpus from where people work: one service that stores a new
 * document (bytes + a name → a file under `DATA_DIR/<folder>/`, written to a hidden temporary
 * name and renamed, so the watcher and a reader never see half a file), refuses content the corpus
 * already has, and has it read at once; and that moves a document out to `STATE_DIR/removed/`
 * (nothing is deleted) and back. `/add`, `/remove`, `/restore` and the feeds use it.
 *
 * It reaches the corpus through a small seam (`StoreHost.ingest`: notify the live corpus of the
 * files, wait until it is idle), so it does not depend on how the live rebuild works inside.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { IngestedDoc } from '../ingest/index.js';
import type { CorpusStore } from '../corpus/types.js';
import { child } from '../log.js';
import { hashBytes } from '../read/document.js';
import { DOC_EXTENSIONS, docIdFor, isDocumentFile, listDocuments } from '../read/files.js';
import type { DocumentPublisher } from '../load/shared.js';
import type { DocMeta } from '../types.js';
import type { IntakeOptions } from './intake.js';

const log = child('store');

/** What the store needs of the running app. */
export interface StoreHost {
  /** The corpus being served (memory or PostgreSQL): names and duplicates are checked against it. */
  readonly store: CorpusStore;
  /** Has these files (relative to the corpus root) read again, and resolves once they are served. */
  ingest(files: string[]): Promise<void>;
  /** `shared`, with DATABASE_URL: tells the other replicas of each document added or removed here. */
  readonly services: { shared?: DocumentPublisher };
}

export interface StoreOptions {
  dataDir: string;
  /** Where removed documents go (`STATE_DIR/removed`); absent → /remove is unavailable. */
  removedDir?: string;
  /** Documents larger than this are refused (MAX_DOC_BYTES). */
  maxBytes: number;
}

/** What the app registers for /add, /remove and /restore (App does, at start). */
export interface DocumentServices {
  documents?: DocumentStore;
  intake?: IntakeOptions;
}

export interface NewDocument {
  bytes: Uint8Array;
  /** A file name to keep (its extension says the format: .md, .txt, .html, .pdf, .docx). */
  name: string;
  /** The folder under the corpus root (`added`, `feeds`). */
  folder: string;
  /** Where it came from, for the log and for duplicate links: the page's URL, or who added it. */
  origin?: { url?: string; by?: string };
}

export type StoreResult =
  { ok: true; file: string; doc: IngestedDoc } | { ok: false; reason: string; duplicateOf?: DocMeta; file?: string };

export type RemoveResult = { ok: true; file: string; movedTo: string; title: string } | { ok: false; reason: string };
export type RestoreResult = { ok: true; file: string; doc?: IngestedDoc; reason?: string } | { ok: false; reason: string };

/** A file name safe on every file system and in a URL: lower case letters, digits and dashes. */
export function safeFileName(name: string, fallback = 'document'): string {
  const base = path.basename(name.replace(/\\/g, '/'));
  // `.md` alone is an extension with no name, not a hidden file.
  const ext = (path.extname(base) || (/^\.[a-z0-9]+$/i.test(base) ? base : '')).toLowerCase();
  const stem = base
    .slice(0, base.length - ext.length)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return `${stem || fallback}${ext === '.htm' ? '.html' : ext === '.markdown' ? '.md' : ext}`;
}

const STAMP = /^\d{8}T\d{6}Z$/;

function stampOf(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

async function exists(full: string): Promise<boolean> {
  return fs.stat(full).then(
    () => true,
    () => false,
  );
}

export class DocumentStore {
  /** Content being stored right now: a second copy arriving meanwhile is a duplicate too. */
  private readonly inFlight = new Map<string, string>();
  /** One store operation at a time: names and duplicates are decided against a settled corpus. */
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly host: StoreHost,
    readonly options: StoreOptions,
  ) {}

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.tail.then(work, work);
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** The document of the corpus whose file has exactly these bytes, else one with the same link. */
  async duplicateOf(bytes: Uint8Array, url?: string): Promise<DocMeta | undefined> {
    const corpus = this.host.store;
    const [same] = await corpus.lookupDocuments({ hash: hashBytes(bytes) }, 1);
    if (same || !url) return same;
    return (await corpus.lookupDocuments({ url }, 1))[0];
  }

  /**
   * Stores a new document and has it read. Refused, saying why: a format we do not read, too
   * large, content (or a link) the corpus has already — with the document that has it — or a
   * file that cannot be read (it is then not kept: the reason is the answer).
   */
  add(input: NewDocument): Promise<StoreResult> {
    const hash = hashBytes(input.bytes);
    const pending = this.inFlight.get(hash);
    if (pending) return Promise.resolve({ ok: false, reason: `the same content is being added right now (as ${pending})` });
    const name = safeFileName(input.name);
    this.inFlight.set(hash, name);
    return this.serial(() => this.store(input, name)).finally(() => this.inFlight.delete(hash));
  }

  private async store(input: NewDocument, name: string): Promise<StoreResult> {
    const { dataDir, maxBytes } = this.options;
    if (!isDocumentFile(name)) {
      return { ok: false, reason: `not a document factdesk reads (${DOC_EXTENSIONS.join(', ')}): ${path.extname(name) || 'no extension'}` };
    }
    if (input.bytes.length === 0) return { ok: false, reason: 'the file is empty' };
    if (input.bytes.length > maxBytes) {
      return {
        ok: false,
        reason: `too large: ${input.bytes.length.toLocaleString('en')} bytes, over the ${maxBytes.toLocaleString('en')} of MAX_DOC_BYTES`,
      };
    }
    const duplicate = await this.duplicateOf(input.bytes, input.origin?.url);
    if (duplicate) {
      return { ok: false, reason: `already in the corpus as “${duplicate.title}” (${duplicate.file})`, duplicateOf: duplicate };
    }
    const folder = input.folder
      .split(/[\\/]+/)
      .map((p) => safeFileName(p, 'added').replace(/\.[^.]*$/, ''))
      .join('/');
    const dir = path.join(dataDir, folder);
    await fs.mkdir(dir, { recursive: true });
    const file = await this.freeName(folder, name);
    // Hidden while it is written: the watcher and the loader skip dot files.
    const temp = path.join(dir, `.adding-${randomBytes(6).toString('hex')}`);
    try {
      await fs.writeFile(temp, input.bytes, { flag: 'wx' });
      await fs.rename(temp, path.join(dataDir, file));
    } catch (err) {
      await fs.rm(temp, { force: true });
      throw err;
    }
    log.info({ file, bytes: input.bytes.length, url: input.origin?.url, by: input.origin?.by }, `stored ${file}`);
    await this.host.ingest([file]);
    const doc = await this.documentOf(file);
    if (doc) {
      await this.publish(file, input.origin?.url ?? input.origin?.by ?? 'add', false);
      return { ok: true, file, doc };
    }
    const skipped = await this.host.store.skippedFile(file);
    // Not readable: not kept (the member still has their file), and the reason is the answer.
    await fs.rm(path.join(dataDir, file), { force: true });
    await this.host.ingest([file]);
    return { ok: false, file, reason: skipped ? `could not be read: ${skipped.reason}` : 'could not be read' };
  }

  /** The document read from a file, as the corpus serves it now. */
  private async documentOf(file: string): Promise<IngestedDoc | undefined> {
    const corpus = this.host.store;
    const [meta] = await corpus.lookupDocuments({ file }, 1);
    return meta ? (await corpus.documents([meta.id]))[0] : undefined;
  }

  /** Tells the other replicas, if any; a failure is logged: the change stands here and is served. */
  private async publish(file: string, origin: string, removed: boolean): Promise<void> {
    const shared = this.host.services.shared;
    if (!shared) return;
    try {
      await (removed ? shared.publishRemoval(file, origin) : shared.publishFile(file, origin));
    } catch (err) {
      log.warn({ err, file }, `could not tell the other replicas about ${file}; they will not have it until it changes again`);
    }
  }

  /** `name` in `folder`, or `name-2`, `name-3`… when a file or a document id already has it. */
  private async freeName(folder: string, name: string): Promise<string> {
    const ext = path.extname(name);
    const stem = name.slice(0, name.length - ext.length);
    for (let n = 1; ; n++) {
      const file = `${folder}/${n === 1 ? stem : `${stem}-${n}`}${ext}`;
      // Two formats of one name would share a document id (`added/report` for .pdf and .md).
      const id = docIdFor(file);
      if ((await this.host.store.lookupDocuments({ id }, 1)).length) continue;
      const siblings = await fs.readdir(path.join(this.options.dataDir, folder)).catch(() => [] as string[]);
      if (siblings.some((s) => docIdFor(`${folder}/${s}`) === id)) continue;
      return file;
    }
  }

  /** A document of the corpus by id, by `#` and the start of its hash, or by its exact title (when only one has it). */
  async find(key: string): Promise<DocMeta | undefined> {
    const k = key.trim();
    const corpus = this.host.store;
    const [byId] = await corpus.lookupDocuments({ id: k }, 1);
    if (byId) return byId;
    const [byFile] = await corpus.lookupDocuments({ file: k }, 1);
    if (byFile) return byFile;
    if (/^#[0-9a-f]{8,64}$/i.test(k)) return (await corpus.lookupDocuments({ hashPrefix: k.slice(1) }, 1))[0];
    const titled = await corpus.lookupDocuments({ title: k }, 2);
    return titled.length === 1 ? titled[0] : undefined;
  }

  /** Moves a document's file to the removed folder and out of the corpus; nothing is deleted. */
  remove(key: string, now = new Date()): Promise<RemoveResult> {
    return this.serial(async () => {
      const removedDir = this.options.removedDir;
      if (!removedDir) return { ok: false, reason: 'removing documents needs STATE_DIR (where removed documents are kept)' };
      const meta = await this.find(key);
      if (!meta) return { ok: false, reason: `no document “${key.slice(0, 100)}” in the corpus (pick one from the suggestions)` };
      let target = path.join(removedDir, meta.file);
      // A file of that name removed before stays; this one goes under a dated folder.
      if (await exists(target)) target = path.join(removedDir, stampOf(now), meta.file);
      await fs.mkdir(path.dirname(target), { recursive: true });
      await moveFile(path.join(this.options.dataDir, meta.file), target);
      log.info({ file: meta.file, to: target }, `removed ${meta.file}`);
      await this.host.ingest([meta.file]);
      await this.publish(meta.file, 'remove', true);
      return { ok: true, file: meta.file, movedTo: path.relative(removedDir, target).split(path.sep).join('/'), title: meta.title };
    });
  }

  /** Removed documents, as paths under the removed folder (a dated folder for a name removed twice). */
  async removed(): Promise<string[]> {
    if (!this.options.removedDir) return [];
    const files = await listDocuments(this.options.removedDir).catch(() => []);
    this.removedSeen = { at: Date.now(), files };
    return files;
  }

  private removedSeen?: { at: number; files: string[] };

  /**
   * The removed documents as last listed, for suggestions while typing (which cannot wait for
   * the disk); a list older than two seconds is refreshed for the next key stroke.
   */
  removedSuggestions(): string[] {
    if (!this.removedSeen || Date.now() - this.removedSeen.at > 2000) void this.removed();
    return this.removedSeen?.files ?? [];
  }

  /** Moves a removed document back to where it was in the corpus and has it read. */
  restore(entry: string): Promise<RestoreResult> {
    return this.serial(async () => {
      const removedDir = this.options.removedDir;
      if (!removedDir) return { ok: false, reason: 'restoring documents needs STATE_DIR' };
      const typed = entry.trim().replace(/\\/g, '/');
      const listed = await this.removed();
      // The path under the removed folder, or a file name only one removed document has.
      const named = listed.filter((f) => f === typed || f.endsWith(`/${typed}`));
      const rel = listed.includes(typed) ? typed : named.length === 1 ? named[0] : undefined;
      if (!rel) {
        const why =
          named.length > 1
            ? `several removed documents are called “${typed.slice(0, 100)}”`
            : `no removed document “${typed.slice(0, 100)}”`;
        return { ok: false, reason: `${why} (pick one from the suggestions)` };
      }
      const parts = rel.split('/');
      const file = (STAMP.test(parts[0]) ? parts.slice(1) : parts).join('/');
      if (await exists(path.join(this.options.dataDir, file))) {
        return { ok: false, reason: `${file} is in the corpus again already; remove or rename it first` };
      }
      await fs.mkdir(path.dirname(path.join(this.options.dataDir, file)), { recursive: true });
      await moveFile(path.join(removedDir, rel), path.join(this.options.dataDir, file));
      log.info({ file }, `restored ${file}`);
      await this.host.ingest([file]);
      await this.publish(file, 'restore', false);
      const doc = await this.documentOf(file);
      const skipped = doc ? undefined : await this.host.store.skippedFile(file);
      return { ok: true, file, doc, reason: skipped?.reason };
    });
  }
}

/** rename, or copy and delete when the removed folder is on another file system. */
async function moveFile(from: string, to: string): Promise<void> {
  try {
    await fs.rename(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    await fs.copyFile(from, to, 1 /* COPYFILE_EXCL */);
    await fs.rm(from);
  }
}
