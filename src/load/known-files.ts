/**
 * Every document file a live corpus knows, and what ingesting it gave (a document, or why it was
 * skipped). Most of them are the serving corpus's documents, in file order, found there by binary
 * search; only the files changed since it was made are held in a map. A map of every file, made
 * when the live corpus starts, held the event loop for 90–300 ms at 190,000 documents.
 */
import type { IngestedDoc, IngestResult } from '../ingest/index.js';
import type { Skipped } from '../types.js';

export class KnownFiles {
  /** The seed's documents in file order (empty when they were not: all of them are in `changed` then). */
  private docs: readonly IngestedDoc[] = [];
  private skipped = new Map<string, Skipped>();
  /** What changed since the seed; `undefined` for a file forgotten. */
  private readonly changed = new Map<string, IngestResult | undefined>();

  /**
   * Knows exactly these documents and skipped files (and forgets what it knew). True when the
   * documents are in file order, as a corpus read from a directory is; `sorted` says so already.
   */
  seed(docs: readonly IngestedDoc[], skipped: readonly Skipped[], sorted?: boolean): boolean {
    const inOrder = sorted ?? docs.every((d, i) => i === 0 || docs[i - 1].meta.file < d.meta.file);
    this.changed.clear();
    this.skipped = new Map(skipped.map((s) => [s.file, s]));
    this.docs = inOrder ? docs : [];
    if (!inOrder) for (const doc of docs) this.changed.set(doc.meta.file, { ok: true, doc });
    return inOrder;
  }

  get(file: string): IngestResult | undefined {
    if (this.changed.has(file)) return this.changed.get(file);
    const doc = this.seeded(file);
    if (doc) return { ok: true, doc };
    const skipped = this.skipped.get(file);
    return skipped && { ok: false, skipped };
  }

  has(file: string): boolean {
    return this.get(file) !== undefined;
  }

  set(file: string, result: IngestResult): void {
    this.changed.set(file, result);
  }

  /** Forgets a file; true when it was known. */
  delete(file: string): boolean {
    const known = this.has(file);
    if (known) this.changed.set(file, undefined);
    return known;
  }

  /** Every known file (in no particular order). */
  *files(): IterableIterator<string> {
    for (const d of this.docs) if (!this.changed.has(d.meta.file)) yield d.meta.file;
    for (const file of this.skipped.keys()) if (!this.changed.has(file)) yield file;
    for (const [file, r] of this.changed) if (r !== undefined) yield file;
  }

  /** The seed's document for the file. */
  private seeded(file: string): IngestedDoc | undefined {
    const at = docIndexOf(this.docs, file);
    return at < this.docs.length && this.docs[at].meta.file === file ? this.docs[at] : undefined;
  }
}

/** Where a file is or would go among documents in file order. */
export function docIndexOf(docs: readonly IngestedDoc[], file: string): number {
  let lo = 0;
  let hi = docs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (docs[mid].meta.file < file) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
