/**
 * The benchmark's larger corpora. `--scale N` is the corpus N times over as a directory of hard
 * links (copy 0 at the files' own paths, copy k under `copyk/`, so every document has its own
 * id): the loader reads it as any corpus, and production code knows nothing of scales. With
 * `--clone-replicas` the cold ingest reads each file once and deep-copies the documents for
 * the other copies, and saves the snapshot a load of the scaled directory would have saved, so
 * that the warm start that follows finds it.
 */
import { existsSync, copyFileSync, linkSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { Corpus } from '../src/index/corpus.js';
import type { IngestedDoc, IngestResult } from '../src/ingest/index.js';
import { collect, ingestTasks } from '../src/ingest/parallel.js';
import { docIdFor, listDocuments } from '../src/read/files.js';
import { saveSnapshot, snapshotPath, type SnapshotFile, type SnapshotKey } from '../src/snapshot/index.js';
import { phaseTimer } from '../src/timing.js';

/** Where copy `copy` of a corpus file lies in the scaled directory (copy 0 is the file itself). */
export function replicaPath(file: string, copy: number): string {
  return copy ? `copy${copy}/${file}` : file;
}

/**
 * `copies` copies of the corpus at `root` under `into` (hard links, or copies where the file
 * system refuses links); returns `into`. One copy: `root` itself.
 */
export async function scaledCorpus(root: string, copies: number, into: string): Promise<string> {
  if (copies <= 1) return root;
  return linkedCorpus(root, copies, into);
}

/**
 * `copies` copies (at least one) of the corpus at `root` under `into`, always as a directory of
 * its own: hard links, or copies where the file system refuses links. A writer must replace a
 * file (unlink, then write) rather than write into it, or it writes into the original.
 */
export async function linkedCorpus(root: string, copies: number, into: string): Promise<string> {
  const files = await listDocuments(root);
  for (let copy = 0; copy < copies; copy++) {
    for (const file of files) {
      const to = path.join(into, replicaPath(file, copy));
      // Made by an earlier run (a kept work directory): linked already.
      if (existsSync(to)) continue;
      mkdirSync(path.dirname(to), { recursive: true });
      try {
        linkSync(path.join(root, file), to);
      } catch {
        copyFileSync(path.join(root, file), to);
      }
    }
  }
  return into;
}

/** A document as copy `copy` of itself: what ingesting its file in the scaled directory gives. */
export function replica(doc: IngestedDoc, copy: number): IngestedDoc {
  const d = structuredClone(doc);
  d.meta.file = replicaPath(d.meta.file, copy);
  d.meta.id = docIdFor(d.meta.file);
  return d;
}

/**
 * The scaled corpus (`scaledCorpus(root, copies, scaled)`) with each file of `root` ingested
 * once and the documents cloned for the other copies; its snapshot saved under `stateDir` for
 * the scaled directory. Phases are timed on the phase channel as the loader times them.
 */
export async function loadCloned(root: string, scaled: string, copies: number, maxBytes: number, stateDir: string): Promise<Corpus> {
  const lap = phaseTimer();
  const files = await listDocuments(root);
  lap('list');
  const first = await ingestTasks(
    root,
    files.map((file) => ({ file })),
    { maxBytes },
  );
  // In the order a cold ingest of the scaled directory reads its files (listDocuments: sorted
  // paths, so `copy1/…` before the originals): a live corpus keeps that order, and a corpus in
  // any other order is rebuilt whole on its first change.
  const placed: { file: string; result: IngestResult }[] = [];
  for (let copy = 0; copy < copies; copy++) {
    first.forEach((r, i) => {
      const file = replicaPath(files[i], copy);
      if (copy === 0) placed.push({ file, result: r });
      else if (r.ok) placed.push({ file, result: { ok: true, doc: replica(r.doc, copy) } });
      else placed.push({ file, result: { ok: false, skipped: { ...r.skipped, file } } });
    });
  }
  placed.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const results = placed.map((p) => p.result);
  lap('ingest');
  const corpus = new Corpus(collect(results));
  lap('build');
  const key: SnapshotKey = { root: path.resolve(scaled), maxBytes };
  const entries: SnapshotFile[] = [];
  let doc = 0;
  for (const { file, result: r } of placed) {
    const st = statSync(path.join(scaled, file));
    if (r.ok) entries.push({ file, size: st.size, mtimeMs: st.mtimeMs, hash: r.doc.meta.hash, doc: doc++ });
    else entries.push({ file, size: st.size, mtimeMs: st.mtimeMs, doc: -1, skipped: r.skipped.reason });
  }
  await saveSnapshot(snapshotPath(stateDir, key), key, corpus, entries);
  lap('snapshot-save');
  return corpus;
}
