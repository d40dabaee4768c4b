/**
 * Worker thread body of a compaction (compact.ts): the snapshot's documents with the journal's
 * records up to a cut applied (each file's last change), built into a Corpus as a cold ingest
 * builds one (index/build.ts: the same documents in file order give the same corpus) and saved
 * as a new snapshot under a temporary name. Nothing is extracted again: the journal holds each
 * document with its facts. Loaded through ingest/worker-boot.mjs (Node 20 workers do not inherit
 * tsx's loader); all of it off the main thread, which keeps answering commands.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { CorpusBuilder } from '../index/build.js';
import type { IngestResult } from '../ingest/index.js';
import { saveSnapshot, Snapshot, type SnapshotFile } from './index.js';
import { netChanges, readJournal } from './journal.js';
import type { CompactJob, CompactReply } from './compact.js';

async function run(job: CompactJob): Promise<CompactReply> {
  const snap = await Snapshot.open(job.snapshot);
  try {
    if (snap.header.id !== job.id) throw new Error('the snapshot was replaced meanwhile');
    const docs = await snap.docs();
    const journal = await readJournal(job.journal, job.id, job.upTo);
    if (journal.end !== job.upTo) throw new Error(`the journal does not read to byte ${job.upTo} (${journal.problem ?? 'short'})`);
    const files = new Map<string, { state: Omit<SnapshotFile, 'doc'>; result: IngestResult }>();
    for (const e of snap.header.files) {
      const result: IngestResult =
        e.doc >= 0 ? { ok: true, doc: docs[e.doc] } : { ok: false, skipped: { file: e.file, reason: e.skipped ?? 'skipped' } };
      files.set(e.file, { state: { file: e.file, size: e.size, mtimeMs: e.mtimeMs, hash: e.hash }, result });
    }
    for (const [file, c] of netChanges(journal.records)) {
      const was = files.get(file);
      if (c.same) {
        if (was) was.state = { ...was.state, size: c.size, mtimeMs: c.mtimeMs };
      } else if (!c.result) files.delete(file);
      else
        files.set(file, {
          state: { file, size: c.size, mtimeMs: c.mtimeMs, hash: c.result.ok ? c.result.doc.meta.hash : undefined },
          result: c.result,
        });
    }
    // File order, as a cold ingest lists them (read/files.ts sorts the same way).
    const builder = new CorpusBuilder();
    const entries: SnapshotFile[] = [];
    for (const file of [...files.keys()].sort()) {
      const { state, result } = files.get(file)!;
      if (result.ok) {
        entries.push({ ...state, doc: builder.size });
        builder.add(result.doc);
      } else {
        entries.push({ ...state, doc: -1, skipped: result.skipped.reason });
        builder.skip(result.skipped);
      }
    }
    const corpus = builder.finish();
    const bytes = await saveSnapshot(job.out, job.key, corpus, entries, job.newId);
    return { ok: true, bytes, documents: corpus.docs.length };
  } finally {
    await snap.close();
  }
}

run(workerData as CompactJob).then(
  (reply) => parentPort!.postMessage(reply),
  (err: Error) => parentPort!.postMessage({ ok: false, error: err.message } satisfies CompactReply),
);
