/**
 * The journal beside a snapshot (issue #19): every update applied to the live corpus after the
 * snapshot was written — a file's new document with its passages and facts, or its removal — is
 * appended here, so that a restart loads the snapshot and replays the journal instead of reading
 * those files again. When the journal grows past a threshold, a new snapshot is written in the
 * background (compact.ts) and the journal starts again from what came after it.
 *
 *   "FDJRNL01" | u32 header length | header JSON { snapshot } | record | record | …
 *   record:    u32 payload length | sha256 of the payload (32 bytes) | payload (V8-serialised)
 *
 * The header names the snapshot the records follow; a journal of another snapshot is stale and is
 * started afresh. A record is written with one write at the end of the file and fsynced before
 * the append resolves, so a crash leaves at most one torn record, the last; a record that is
 * short or fails its checksum ends the replay there (reported, never thrown), and the writer cuts
 * the file back to the last good record before appending. What the lost records said is found
 * again by the caller's check of the folder (their files' sizes and times no longer match).
 */
import { randomBytes } from 'node:crypto';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import type { IngestResult } from '../ingest/index.js';

const MAGIC = Buffer.from('FDJRNL01');
/** Length and checksum before each record's payload. */
const RECORD_HEAD = 4 + 32;

/** One file's change: what it gave when read at this size and time, or its removal. */
export interface JournalChange {
  file: string;
  /** The file's size and modification time when it was read (-1 when removed). */
  size: number;
  mtimeMs: number;
  /** What reading it gave; absent when the file was removed or when `same` says it did not change. */
  result?: IngestResult;
  /** Touched but the same bytes as before: only its size and time are new. */
  same?: true;
}

/** The changes of one update (one live rebuild, or the files a start read again). */
export interface JournalRecord {
  changes: JournalChange[];
}

export interface JournalRead {
  records: JournalRecord[];
  /** Bytes of the file up to the end of the last good record (0 when absent or stale). */
  end: number;
  /** Bytes of each good record, in order (for compaction's cut). */
  ends: number[];
  /** Why the replay stopped before the end of the file: a torn or corrupt record. */
  problem?: string;
  /** The file belongs to another snapshot (or is not a journal): nothing in it applies. */
  stale?: boolean;
}

/** Where the journal of a snapshot file lives: beside it. */
export function journalPath(snapshotFile: string): string {
  return snapshotFile.replace(/\.snap$/, '') + '.journal';
}

/** A fresh snapshot id: what ties a journal to the snapshot its records follow. */
export function newSnapshotId(): string {
  return randomBytes(8).toString('hex');
}

function headerBytes(snapshot: string): Buffer {
  const json = Buffer.from(JSON.stringify({ snapshot }));
  const len = Buffer.alloc(4);
  len.writeUInt32LE(json.length);
  return Buffer.concat([MAGIC, len, json]);
}

/** A record as written: length, checksum, payload. */
export function encodeRecord(record: JournalRecord): Buffer {
  const payload = v8.serialize(record);
  const head = Buffer.alloc(RECORD_HEAD);
  head.writeUInt32LE(payload.length, 0);
  createHash('sha256').update(payload).digest().copy(head, 4);
  return Buffer.concat([head, payload]);
}

/** The header's length when `buf` starts with a journal header for `snapshot`, else why not. */
function readHeader(buf: Buffer, snapshot: string | undefined): number | string {
  if (buf.length < MAGIC.length + 4 || !buf.subarray(0, MAGIC.length).equals(MAGIC)) return 'not a journal of this format';
  const len = buf.readUInt32LE(MAGIC.length);
  const start = MAGIC.length + 4;
  if (start + len > buf.length) return 'journal header is truncated';
  try {
    const h = JSON.parse(buf.subarray(start, start + len).toString('utf8')) as { snapshot?: unknown };
    if (snapshot === undefined || h.snapshot !== snapshot) return 'journal of another snapshot';
  } catch {
    return 'journal header is corrupt';
  }
  return start + len;
}

/** Reads and checks a journal: its good records, where they end, and why it stopped early. Never throws on bad bytes. */
export async function readJournal(file: string, snapshot: string | undefined, upTo = Infinity): Promise<JournalRead> {
  let buf: Buffer;
  try {
    buf = await fs.readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], end: 0, ends: [] };
    return { records: [], end: 0, ends: [], stale: true, problem: `cannot read the journal: ${(err as Error).message}` };
  }
  if (buf.length === 0) return { records: [], end: 0, ends: [] };
  const head = readHeader(buf, snapshot);
  if (typeof head === 'string') return { records: [], end: 0, ends: [], stale: true, problem: head };
  const records: JournalRecord[] = [];
  const ends: number[] = [];
  const limit = Math.min(buf.length, upTo);
  let at = head;
  let problem: string | undefined;
  while (at < limit) {
    if (limit - at < RECORD_HEAD) {
      problem = `record ${records.length + 1} is torn (${limit - at} bytes of its head)`;
      break;
    }
    const len = buf.readUInt32LE(at);
    if (len > limit - at - RECORD_HEAD) {
      problem = `record ${records.length + 1} is torn (${limit - at - RECORD_HEAD} of ${len} bytes)`;
      break;
    }
    const payload = buf.subarray(at + RECORD_HEAD, at + RECORD_HEAD + len);
    if (
      !createHash('sha256')
        .update(payload)
        .digest()
        .equals(buf.subarray(at + 4, at + RECORD_HEAD))
    ) {
      problem = `record ${records.length + 1} fails its checksum`;
      break;
    }
    let record: JournalRecord;
    try {
      record = v8.deserialize(payload) as JournalRecord;
      if (!record || !Array.isArray(record.changes)) throw new Error('no changes');
    } catch {
      problem = `record ${records.length + 1} cannot be decoded`;
      break;
    }
    records.push(record);
    at += RECORD_HEAD + len;
    ends.push(at);
  }
  return { records, end: at, ends, problem };
}

/**
 * The latest change of each file over the records, in record order: what a replay applies. A
 * file changed a hundred times is read once from the journal's last word on it.
 */
export function netChanges(records: readonly JournalRecord[]): Map<string, JournalChange> {
  const net = new Map<string, JournalChange>();
  for (const r of records)
    for (const c of r.changes) {
      const before = net.get(c.file);
      // Touched after a change: that change's result with the new size and time.
      net.set(c.file, c.same && before && !before.same ? { ...before, size: c.size, mtimeMs: c.mtimeMs } : c);
    }
  return net;
}

/** When a journal is worth folding into a new snapshot. */
export interface CompactPolicy {
  /** Records (updates) after which to compact (default 500). */
  records?: number;
  /** Bytes after which to compact (default a tenth of the snapshot, at least 4 MiB). */
  bytes?: number;
}

export interface JournalState {
  records: number;
  bytes: number;
}

/**
 * The writer of one snapshot's journal. Appends are queued one after another (and with
 * compaction's swap), each one write at the end and an fsync; the file is created, or cut back to
 * its last good record, on the first append.
 */
export class JournalWriter {
  private tail: Promise<unknown> = Promise.resolve();
  private end = -1;
  private count = 0;
  /** Called after each append that reached the disk (compact.ts: whether to compact). */
  onAppended?: (state: JournalState) => void;
  /** Work under way on this journal in the background (a compaction), for whoever must wait for it. */
  background?: Promise<unknown>;

  /**
   * @param file the journal's path
   * @param snapshot the id of the snapshot its records follow
   * @param known what reading it found (its good end and records), when it was read
   */
  constructor(
    readonly file: string,
    private snapshot: string,
    known?: { end: number; records: number },
  ) {
    if (known && known.end > 0) {
      this.end = known.end;
      this.count = known.records;
    }
  }

  get snapshotId(): string {
    return this.snapshot;
  }

  /** Records and bytes written so far (the header included), as of the last append that finished. */
  get state(): JournalState {
    return { records: this.count, bytes: Math.max(this.end, 0) };
  }

  /** Appends one record; resolves once it is on disk. */
  append(record: JournalRecord): Promise<void> {
    return this.queue(async () => {
      const bytes = encodeRecord(record);
      const fh = await this.openForAppend();
      try {
        await write(fh, bytes, this.end);
        await fh.sync();
      } finally {
        await fh.close();
      }
      this.end += bytes.length;
      this.count++;
    }).then(() => this.onAppended?.(this.state));
  }

  /**
   * Runs `work` when no append is under way and before any that comes after, with where the
   * journal ends now (compaction's swap, which must not interleave with an append).
   */
  queue<T>(work: () => Promise<T>): Promise<T> {
    const run = this.tail.then(work, work);
    this.tail = run.catch(() => undefined);
    return run;
  }

  /**
   * Called inside `queue`: the journal now follows snapshot `id`, which holds every record up to
   * byte `upTo`; the records after it are kept, under a new header. Written to a temporary name
   * and renamed, so a reader sees the old journal or the new one.
   */
  async restart(id: string, upTo: number, keptRecords: number): Promise<void> {
    const old = this.end > 0 ? await fs.readFile(this.file).catch(() => Buffer.alloc(0)) : Buffer.alloc(0);
    const rest = old.subarray(Math.min(upTo, this.end > 0 ? this.end : 0), this.end > 0 ? this.end : 0);
    const next = Buffer.concat([headerBytes(id), rest]);
    const tmp = `${this.file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
    await fs.writeFile(tmp, next, { flush: true });
    await fs.rename(tmp, this.file);
    await syncDir(path.dirname(this.file));
    this.snapshot = id;
    this.end = next.length;
    this.count = keptRecords;
  }

  /** Where the journal's bytes end now (call inside `queue` for a stable answer). */
  get bytesNow(): number {
    return Math.max(this.end, 0);
  }

  get recordsNow(): number {
    return this.count;
  }

  private async openForAppend(): Promise<fs.FileHandle> {
    if (this.end < 0) {
      // First append of this writer: a fresh journal for this snapshot, or the good part of one.
      const read = await readJournal(this.file, this.snapshot);
      if (read.stale || read.end === 0) {
        const tmp = `${this.file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
        await fs.mkdir(path.dirname(this.file), { recursive: true });
        await fs.writeFile(tmp, headerBytes(this.snapshot), { flush: true });
        await fs.rename(tmp, this.file);
        await syncDir(path.dirname(this.file));
        this.end = headerBytes(this.snapshot).length;
        this.count = 0;
      } else {
        this.end = read.end;
        this.count = read.records.length;
      }
    }
    const fh = await fs.open(this.file, 'r+');
    // A torn record at the end (a crash mid-append) is cut off before the next one is written.
    if ((await fh.stat()).size !== this.end) await fh.truncate(this.end);
    return fh;
  }
}

async function write(fh: fs.FileHandle, buf: Buffer, position: number): Promise<void> {
  let done = 0;
  while (done < buf.length) {
    const { bytesWritten } = await fh.write(buf, done, buf.length - done, position + done);
    done += bytesWritten;
  }
}

async function syncDir(dir: string): Promise<void> {
  const fh = await fs.open(dir, 'r').catch(() => undefined);
  await fh?.sync().catch(() => {});
  await fh?.close();
}
