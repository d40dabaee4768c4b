/**
 * Compaction (issue #19): when a snapshot's journal has grown past a threshold, a new snapshot
 * holding the journal's records is written on a worker thread (compact-worker.ts) while the
 * journal keeps taking updates, then swapped in: the new snapshot renamed over the old one and
 * the journal started again with only the records that came after the cut. The swap runs in the
 * journal's queue, so no append interleaves with it; commands never wait for any of it.
 *
 * A crash between the rename and the journal's restart leaves a journal naming the old snapshot:
 * it is ignored, and the files of its last records are read again at the next start (their sizes
 * and times do not match the new snapshot's) — slower, never wrong.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { child } from '../log.js';
import { Snapshot, type SnapshotKey } from './index.js';
import { newSnapshotId, type CompactPolicy, type JournalWriter } from './journal.js';

const log = child('compact');

/** What the worker is given. */
export interface CompactJob {
  snapshot: string;
  journal: string;
  /** The old snapshot's id and where in its journal the cut is. */
  id: string;
  upTo: number;
  key: SnapshotKey;
  /** Where the new snapshot is written, as `newId`. */
  out: string;
  newId: string;
  /** For worker-boot.mjs. */
  entry: string;
}

export type CompactReply = { ok: true; bytes: number; documents: number } | { ok: false; error: string };

export const DEFAULT_COMPACT = { records: 500, minBytes: 4 << 20, share: 0.1 };

/** Whether a journal of `records` records and `bytes` bytes is due to be folded into a snapshot of `snapshotBytes`. */
export function due(policy: CompactPolicy, state: { records: number; bytes: number }, snapshotBytes: number): boolean {
  const records = policy.records ?? DEFAULT_COMPACT.records;
  const bytes = policy.bytes ?? Math.max(DEFAULT_COMPACT.minBytes, snapshotBytes * DEFAULT_COMPACT.share);
  return state.records >= records || state.bytes >= bytes;
}

export interface Compacted {
  bytes: number;
  documents: number;
  /** Records folded into the snapshot, and those kept in the journal (appended meanwhile). */
  folded: number;
  kept: number;
  ms: number;
}

/**
 * Folds the journal written by `writer` into a new snapshot of `snapshotFile`. Resolves with
 * what was done, or undefined when there was nothing to fold or it could not be done (logged: the
 * old snapshot and journal stay as they were).
 */
export async function compact(writer: JournalWriter, snapshotFile: string, key: SnapshotKey): Promise<Compacted | undefined> {
  const started = Date.now();
  const cut = await writer.queue(() => Promise.resolve({ upTo: writer.bytesNow, records: writer.recordsNow, id: writer.snapshotId }));
  if (cut.records === 0) return undefined;
  const out = `${snapshotFile}.tmp-compact-${process.pid}-${randomBytes(4).toString('hex')}`;
  const newId = newSnapshotId();
  try {
    const reply = await runWorker({
      snapshot: snapshotFile,
      journal: writer.file,
      id: cut.id,
      upTo: cut.upTo,
      key,
      out,
      newId,
      entry: new URL('./compact-worker.ts', import.meta.url).href,
    });
    if (!reply.ok) throw new Error(reply.error);
    const kept = await writer.queue(async () => {
      // Another writer (a full reload) may have saved a snapshot meanwhile: then this one is not the newer.
      const current = await Snapshot.open(snapshotFile).then(
        async (s) => {
          const id = s.header.id;
          await s.close();
          return id;
        },
        () => undefined,
      );
      if (current !== cut.id || writer.snapshotId !== cut.id) throw new Error('the snapshot was replaced meanwhile');
      await fs.rename(out, snapshotFile);
      const kept = writer.recordsNow - cut.records;
      await writer.restart(newId, cut.upTo, kept);
      return kept;
    });
    const done: Compacted = { bytes: reply.bytes, documents: reply.documents, folded: cut.records, kept, ms: Date.now() - started };
    log.info(done, `journal compacted: ${cut.records} record(s) folded into a new snapshot, ${kept} kept`);
    return done;
  } catch (err) {
    await fs.rm(out, { force: true }).catch(() => {});
    log.warn({ err, file: snapshotFile }, `could not compact the journal: ${(err as Error).message}`);
    return undefined;
  }
}

function runWorker(job: CompactJob): Promise<CompactReply> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL('../ingest/worker-boot.mjs', import.meta.url), { workerData: job });
    // A process that has nothing else to do (a CLI run) does not wait for a compaction: the next one does it.
    worker.unref();
    let reply: CompactReply | undefined;
    worker.on('message', (m: CompactReply) => (reply = m));
    worker.on('error', (err) => (reply ??= { ok: false, error: err.message }));
    worker.on('exit', (code) => resolve(reply ?? { ok: false, error: `compaction worker exited with code ${code}` }));
  });
}

/**
 * Compacts `writer`'s journal in the background whenever an append leaves it due (one compaction
 * at a time; `writer.background` is the one under way).
 */
export function compactWhenDue(
  writer: JournalWriter,
  snapshotFile: string,
  key: SnapshotKey,
  snapshotBytes: number,
  policy: CompactPolicy,
): void {
  let bytes = snapshotBytes;
  writer.onAppended = (state) => {
    if (writer.background || !due(policy, state, bytes)) return;
    writer.background = compact(writer, snapshotFile, key).then((done) => {
      writer.background = undefined;
      if (done) bytes = done.bytes;
      return done;
    });
  };
}
