/**
 * The index snapshot: everything a cold ingest produces (documents with their facts, passages,
 * the MiniSearch indexes, the fact indexes), saved under STATE_DIR so that a start with an
 * unchanged corpus loads it instead of re-reading every file.
 *
 * One file per corpus, written to a temporary name, fsynced and renamed, so a reader sees a
 * whole snapshot or none. Inside, parts, each with its length, sha256 and encoding in a header at
 * the end (no part is one giant string: V8 caps strings near 512 MiB, and MiniSearch's JSON for a
 * million passages is close to that). Documents are heads (JSON, decoded at start) and bodies
 * (paragraphs and facts, decoded on first use or in the background: see lazy-docs.ts); MiniSearch
 * trees are packed branch by branch and unpacked when reached (minisearch-state.ts); other Maps and
 * typed arrays are V8-serialised. Every part is read and checked before anything is built from
 * it; anything that does not check out — wrong magic, truncated, bad checksum, another format or
 * extraction version — is a SnapshotError, and the caller rebuilds.
 *
 *   "FDSNAP01" | part | part | … | header JSON | u64 header length | "FDSNAPND"
 */
import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import MiniSearch, { type Options } from 'minisearch';
import { Bodies, decode, encode, encodeBodies, headOf, lazyDoc, loadInBackground, type Codec, type DocHead } from './lazy-docs.js';
import {
  miniSearchBranches,
  miniSearchState,
  restoreMiniSearch,
  type MiniSearchBranch,
  type MiniSearchState,
} from '../index/minisearch-state.js';
import type { AnyMiniSearch } from '../index/minisearch.js';
import { EXTRACTION_VERSION } from '../extract/index.js';
import { journalPath, newSnapshotId } from './journal.js';
import { phaseTimer } from '../timing.js';
import type { IngestedDoc } from '../ingest/index.js';
import type { Skipped } from '../types.js';
import {
  Corpus,
  FACT_INDEXES,
  FACT_NAMES,
  PASSAGE_INDEX_OPTIONS,
  type FactIndexClasses,
  type FactIndexes,
  type FactName,
  TITLE_INDEX_OPTIONS,
  type Passage,
} from '../index/corpus.js';

/** Bump when the layout of the file or of what is inside it changes. */
export const SNAPSHOT_FORMAT = 4;
const MAGIC = Buffer.from('FDSNAP01');
const END = Buffer.from('FDSNAPND');
/** Document heads per part. */
const DOCS_PER_PART = 2000;
/** Document bodies per part: a part's bytes are released once all its bodies are decoded. */
const BODIES_PER_PART = 256;
/** Bytes of parts read ahead of their decoding. */
const READ_AHEAD = 64 * 1024 * 1024;

export class SnapshotError extends Error {}

/** Steps of a restore, each timed on the phase channel (timing.ts): documents, MiniSearch indexes, stored fact indexes, the rest of the Corpus. */
export type RestoreStep = 'restore-docs' | 'restore-indexes' | 'restore-facts' | 'restore-build';

/** What the snapshot knew about each input file, in task order. */
export interface SnapshotFile {
  file: string;
  size: number;
  mtimeMs: number;
  /** sha256 of the bytes; absent for a file that was skipped before it was hashed. */
  hash?: string;
  /** Index into the snapshot's documents, or -1 when the file was skipped. */
  doc: number;
  skipped?: string;
}

export interface SnapshotKey {
  /** Absolute corpus directory. */
  root: string;
  maxBytes: number;
}

interface PartInfo {
  name: string;
  offset: number;
  length: number;
  sha256: string;
  /** How the part is encoded: V8 when absent; `raw` parts are decoded by their reader. */
  codec?: Codec | 'raw';
}

export interface SnapshotHeader {
  format: number;
  /** What a journal names to say it follows this snapshot (journal.ts); absent in older snapshots. */
  id?: string;
  extractionVersion: string;
  key: SnapshotKey;
  createdAt: string;
  documents: number;
  passages: number;
  files: SnapshotFile[];
  skipped: Skipped[];
  parts: PartInfo[];
}

/** Where the snapshot of a corpus lives: one file per corpus directory (and size limit). */
export function snapshotPath(stateDir: string, key: SnapshotKey): string {
  const id = createHash('sha256').update(`${key.root}\0${key.maxBytes}`).digest('hex').slice(0, 16);
  return path.join(stateDir, 'snapshots', `${id}.snap`);
}

/** Writes the corpus atomically (temporary name, fsync, rename), as snapshot `id`. Returns the bytes written. */
export async function saveSnapshot(
  file: string,
  key: SnapshotKey,
  corpus: Corpus,
  files: SnapshotFile[],
  id: string = newSnapshotId(),
): Promise<number> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  const fh = await fs.open(tmp, 'w');
  let offset = 0;
  const parts: PartInfo[] = [];
  const write = async (buf: Uint8Array) => {
    await fh.write(buf, 0, buf.length, offset);
    offset += buf.length;
  };
  const put = async (name: string, buf: Buffer, codec?: PartInfo['codec']) => {
    parts.push({ name, offset, length: buf.length, sha256: sha256(buf), ...(codec && codec !== 'v8' ? { codec } : {}) });
    await write(buf);
  };
  // JSON where the value survives it (plain arrays and objects decode faster so), V8 otherwise (Maps, typed arrays).
  const part = (name: string, value: unknown) => {
    const { codec, bytes } = encode(value);
    return put(name, bytes, codec);
  };
  try {
    await write(MAGIC);
    // Heads first (decoded at start), then bodies (decoded when used).
    for (let i = 0; i < corpus.docs.length; i += DOCS_PER_PART) {
      const { codec, bytes } = encode(corpus.docs.slice(i, i + DOCS_PER_PART).map(headOf));
      await put('docs', bytes, codec);
    }
    for (let i = 0; i < corpus.docs.length; i += BODIES_PER_PART)
      await put('bodies', encodeBodies(corpus.docs.slice(i, i + BODIES_PER_PART)), 'raw');
    const passages = new Int32Array(corpus.passages.length * 2);
    corpus.passages.forEach((p, i) => {
      passages[2 * i] = p.doc;
      passages[2 * i + 1] = p.paragraph;
    });
    await part('passages', passages);
    await writeIndex('passageIndex', corpus.passageIndex, part);
    await writeIndex('titleIndex', corpus.titleIndex, part);
    // The fact indexes are restored on load instead of rebuilt (index/fact-index.ts): a list of
    // values each, one part per value, so that no part holds every structure of an index.
    for (const name of FACT_NAMES) for (const value of corpus[name].toSnapshot()) await part(`fact:${name}`, value);
    const header: SnapshotHeader = {
      format: SNAPSHOT_FORMAT,
      id,
      extractionVersion: EXTRACTION_VERSION,
      key,
      createdAt: corpus.builtAt.toISOString(),
      documents: corpus.docs.length,
      passages: corpus.passages.length,
      files,
      skipped: [...corpus.skipped],
      parts,
    };
    const json = Buffer.from(JSON.stringify(header));
    await write(json);
    const len = Buffer.alloc(8);
    len.writeBigUInt64LE(BigInt(json.length));
    await write(len);
    await write(END);
    await fh.sync();
  } catch (err) {
    await fh.close().catch(() => {});
    await fs.rm(tmp, { force: true });
    throw err;
  }
  await fh.close();
  await fs.rename(tmp, file);
  // The rename itself must reach the disk too.
  const dir = await fs.open(path.dirname(file), 'r').catch(() => undefined);
  await dir?.sync().catch(() => {});
  await dir?.close();
  return offset;
}

/** An opened, structurally valid snapshot: its header, and its parts on demand (checksummed). */
export class Snapshot {
  private constructor(
    private readonly fh: fs.FileHandle,
    readonly header: SnapshotHeader,
    readonly bytes: number,
  ) {}

  /** Opens and checks the frame and header; throws SnapshotError when anything is off. */
  static async open(file: string): Promise<Snapshot> {
    let fh: fs.FileHandle;
    try {
      fh = await fs.open(file, 'r');
    } catch (err) {
      throw new SnapshotError(
        (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no snapshot yet' : `cannot open: ${(err as Error).message}`,
      );
    }
    try {
      const size = (await fh.stat()).size;
      if (size < MAGIC.length + 16) throw new SnapshotError(`truncated (${size} bytes)`);
      const head = await readAt(fh, 0, MAGIC.length);
      if (!head.equals(MAGIC)) throw new SnapshotError('not a snapshot of this format');
      const tail = await readAt(fh, size - 16, 16);
      if (!tail.subarray(8).equals(END)) throw new SnapshotError('truncated (no end marker)');
      const len = Number(tail.readBigUInt64LE(0));
      const start = size - 16 - len;
      if (len <= 0 || start < MAGIC.length) throw new SnapshotError('corrupt header length');
      let header: SnapshotHeader;
      try {
        header = JSON.parse((await readAt(fh, start, len)).toString('utf8')) as SnapshotHeader;
      } catch {
        throw new SnapshotError('corrupt header');
      }
      for (const p of header.parts ?? []) {
        if (p.offset < MAGIC.length || p.offset + p.length > start) throw new SnapshotError(`part ${p.name} lies outside the file`);
      }
      return new Snapshot(fh, header, size);
    } catch (err) {
      await fh.close();
      throw err;
    }
  }

  /** Why this snapshot cannot serve the key, or undefined when it can. */
  mismatch(key: SnapshotKey): string | undefined {
    const h = this.header;
    if (h.format !== SNAPSHOT_FORMAT) return `snapshot format ${h.format}, this code writes ${SNAPSHOT_FORMAT}`;
    if (h.extractionVersion !== EXTRACTION_VERSION)
      return `made by extraction version ${h.extractionVersion}, this code is ${EXTRACTION_VERSION}`;
    if (h.key.root !== key.root || h.key.maxBytes !== key.maxBytes) return 'made for another corpus or settings';
    return undefined;
  }

  /** A part's bytes, checked against its length and checksum. */
  private async bytesOf(p: PartInfo): Promise<Buffer> {
    if (!this.reads.has(p)) this.readAhead(p);
    let pending = this.reads.get(p);
    if (!pending) {
      // Behind the read-ahead window (asked for a second time): read it alone.
      pending = this.fetch(p);
      this.buffered += p.length;
    }
    this.reads.delete(p);
    try {
      return await pending;
    } finally {
      this.buffered -= p.length;
      this.readAhead();
    }
  }

  /** Reads in flight or done but not yet taken, by part, and their bytes. */
  private readonly reads = new Map<PartInfo, Promise<Buffer>>();
  private buffered = 0;
  private order: PartInfo[] | undefined;
  private nextRead = 0;

  /**
   * Reads parts ahead of their decoding, in file order, up to READ_AHEAD bytes: the reads run on
   * libuv's threads while the main thread decodes, instead of one part's round trip after
   * another (305 parts at ×1: 130–250 ms of waiting, against ~30 ms).
   */
  private readAhead(wanted?: PartInfo): void {
    this.order ??= [...this.header.parts].sort((a, b) => a.offset - b.offset);
    const order = this.order;
    // A part asked for out of order starts the window there.
    if (wanted && !this.reads.has(wanted)) {
      const at = order.indexOf(wanted, this.nextRead);
      if (at >= 0) this.nextRead = at;
    }
    while (this.nextRead < order.length && (this.buffered < READ_AHEAD || this.reads.size === 0)) {
      const p = order[this.nextRead++];
      if (this.reads.has(p)) continue;
      this.buffered += p.length;
      const read = this.fetch(p);
      // Failures surface when the part is taken; one never taken must not be an unhandled rejection.
      read.catch(() => {});
      this.reads.set(p, read);
    }
  }

  private async fetch(p: PartInfo): Promise<Buffer> {
    const buf = await readAt(this.fh, p.offset, p.length);
    if (buf.length !== p.length || sha256(buf) !== p.sha256) {
      throw new SnapshotError(`part ${p.name} at ${p.offset} fails its checksum`);
    }
    return buf;
  }

  private async part<T>(p: PartInfo): Promise<T> {
    const buf = await this.bytesOf(p);
    if (p.codec === 'raw') throw new SnapshotError(`part ${p.name} at ${p.offset} is not a value`);
    try {
      return decode<T>(p.codec ?? 'v8', buf);
    } catch {
      throw new SnapshotError(`part ${p.name} at ${p.offset} cannot be decoded`);
    }
  }

  private parts(name: string): PartInfo[] {
    return this.header.parts.filter((p) => p.name === name);
  }

  /**
   * The documents: heads decoded, bodies read and checked but decoded on first use (see
   * lazy-docs.ts). Every part is read and checked here, so a damaged body is found now, not later.
   */
  async docs(): Promise<IngestedDoc[]> {
    const heads: DocHead[] = [];
    for (const p of this.parts('docs')) {
      const list = await this.part<DocHead[]>(p);
      if (!Array.isArray(list)) throw new SnapshotError(`part ${p.name} at ${p.offset} is not a list of documents`);
      for (const d of list) heads.push(d);
    }
    if (heads.length !== this.header.documents)
      throw new SnapshotError(`holds ${heads.length} documents, its header says ${this.header.documents}`);
    const out = new Array<IngestedDoc>(heads.length);
    let i = 0;
    for (const p of this.parts('bodies')) {
      let bodies: Bodies;
      try {
        bodies = new Bodies(await this.bytesOf(p));
      } catch (err) {
        if (err instanceof SnapshotError) throw err;
        throw new SnapshotError(`part ${p.name} at ${p.offset}: ${(err as Error).message}`);
      }
      if (i + bodies.count > heads.length) throw new SnapshotError('holds more document bodies than documents');
      for (let k = 0; k < bodies.count; k++, i++) {
        const h = heads[i];
        if (!h || typeof h !== 'object' || !h.meta || typeof h.meta.id !== 'string') throw new SnapshotError(`document ${i} has no meta`);
        out[i] = lazyDoc(h, bodies, k);
      }
    }
    if (i !== heads.length) throw new SnapshotError(`holds ${i} document bodies for ${heads.length} documents`);
    return out;
  }

  /**
   * The whole corpus, every part checked before anything is built from it. Document bodies are
   * decoded when first used and, unless `background` is false, in the background from now on.
   */
  async corpus(opts: { background?: boolean } = {}): Promise<Corpus> {
    const step: (name: RestoreStep) => void = phaseTimer();
    const docs = await this.docs();
    step('restore-docs');
    const { passages, passageIndex, titleIndex } = await this.textIndexes();
    step('restore-indexes');
    const facts: Partial<FactIndexes> = {};
    for (const name of FACT_NAMES) {
      const ps = this.parts(`fact:${name}`);
      if (!ps.length) continue;
      const data: unknown[] = [];
      for (const p of ps) data.push(await this.part<unknown>(p));
      try {
        restoreFact(facts, name, data, docs);
      } catch (err) {
        throw new SnapshotError(`the ${name} index cannot be restored (${(err as Error).message})`);
      }
    }
    step('restore-facts');
    // The Corpus builds the fact indexes that were not in the snapshot.
    const corpus = new Corpus({
      docs,
      skipped: this.header.skipped,
      passages,
      passageIndex,
      titleIndex,
      builtAt: new Date(this.header.createdAt),
      ...facts,
    });
    step('restore-build');
    if (opts.background !== false) void loadInBackground(docs);
    return corpus;
  }

  /** The passage table and the passage and title indexes (what a few changed files revise: see revise.ts). */
  async textIndexes(): Promise<{
    passages: Passage[];
    passageIndex: MiniSearch<{ id: number; text: string }>;
    titleIndex: MiniSearch<{ id: number; title: string }>;
  }> {
    const flat = await this.part<Int32Array>(this.one('passages'));
    if (!(flat instanceof Int32Array) || flat.length !== this.header.passages * 2)
      throw new SnapshotError('passage table has the wrong length');
    const passages = new Array<Passage>(this.header.passages);
    for (let i = 0; i < passages.length; i++) passages[i] = { doc: flat[2 * i], paragraph: flat[2 * i + 1] };
    const passageIndex = await this.index<{ id: number; text: string }>('passageIndex', PASSAGE_INDEX_OPTIONS);
    const titleIndex = await this.index<{ id: number; title: string }>('titleIndex', TITLE_INDEX_OPTIONS);
    if (passageIndex.documentCount !== passages.length) throw new SnapshotError('passage index and passage table disagree');
    return { passages, passageIndex, titleIndex };
  }

  /** A MiniSearch index from its state and the branches of its radix tree. */
  private async index<T>(name: string, options: Options<T>): Promise<MiniSearch<T>> {
    const state = await this.part<MiniSearchState>(this.one(`${name}:state`));
    const branches: MiniSearchBranch[] = [];
    for (const p of this.parts(`${name}:tree`)) branches.push(await this.part<MiniSearchBranch>(p));
    try {
      return restoreMiniSearch(options, state, branches);
    } catch (err) {
      throw new SnapshotError(`${name}: ${(err as Error).message}`);
    }
  }

  private one(name: string): PartInfo {
    const p = this.parts(name);
    if (p.length !== 1) throw new SnapshotError(`expected one ${name} part, found ${p.length}`);
    return p[0];
  }

  async close(): Promise<void> {
    // Reads still in flight finish (their results unused) before the file is closed under them.
    this.nextRead = Infinity;
    await Promise.allSettled(this.reads.values());
    this.reads.clear();
    await this.fh.close();
  }
}

/** Puts the fact index `name` restored from its parts in `facts`. */
function restoreFact<K extends FactName>(facts: Partial<FactIndexes>, name: K, data: unknown[], docs: readonly IngestedDoc[]): void {
  const classes: FactIndexClasses = FACT_INDEXES;
  facts[name] = classes[name].fromSnapshot(data, docs);
}

/** Writes an index as its state and one part per branch of its radix tree (no part is huge). */
async function writeIndex(name: string, index: AnyMiniSearch, part: (name: string, value: unknown) => Promise<void>): Promise<void> {
  await part(`${name}:state`, miniSearchState(index));
  for (const branch of miniSearchBranches(index)) await part(`${name}:tree`, branch);
}

async function readAt(fh: fs.FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.allocUnsafe(length);
  let read = 0;
  while (read < length) {
    const { bytesRead } = await fh.read(buf, read, length - read, position + read);
    if (bytesRead === 0) break;
    read += bytesRead;
  }
  return read === length ? buf : buf.subarray(0, read);
}

function sha256(buf: Uint8Array): string {
  return createHash('sha256').update(buf).digest('hex');
}

/** Snapshots kept per state directory: one per corpus directory, the least recently used go first. */
export const KEEP_SNAPSHOTS = 8;

/**
 * Housekeeping: removes temporary files a crashed writer left behind (older than an hour) and,
 * beyond KEEP_SNAPSHOTS, the snapshots of corpus directories not loaded for the longest time
 * (a loaded snapshot is touched), so that many corpora over time do not fill the disk.
 */
export async function sweepSnapshots(stateDir: string, keep: string): Promise<void> {
  const dir = path.join(stateDir, 'snapshots');
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const snaps: { full: string; mtimeMs: number }[] = [];
  for (const n of names) {
    const full = path.join(dir, n);
    const st = await fs.stat(full).catch(() => undefined);
    if (!st) continue;
    if (n.includes('.tmp-')) {
      if (Date.now() - st.mtimeMs > 3600_000) await fs.rm(full, { force: true }).catch(() => {});
    } else if (n.endsWith('.snap') && full !== keep) snaps.push({ full, mtimeMs: st.mtimeMs });
  }
  snaps.sort((a, b) => b.mtimeMs - a.mtimeMs);
  for (const s of snaps.slice(KEEP_SNAPSHOTS - 1)) {
    await fs.rm(s.full, { force: true }).catch(() => {});
    await fs.rm(journalPath(s.full), { force: true }).catch(() => {});
  }
}

/** Marks a snapshot as just used, for sweepSnapshots. */
export async function touchSnapshot(file: string): Promise<void> {
  const now = new Date();
  await fs.utimes(file, now, now).catch(() => {});
}
