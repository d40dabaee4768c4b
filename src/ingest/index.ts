/**
 * The path of one document — read → clean → split → extract — and of a whole corpus.
 * Pure per file, so that it can run on worker threads; the index is built from the results.
 */
import { cleanBody } from '../clean/index.js';
import { extractFacts } from '../extract/index.js';
import type { DocFacts } from '../extract/types.js';
import { child } from '../log.js';
import { listDocuments } from '../read/files.js';
import { readDocument, type RawDoc, type ReadOptions, type ReadResult } from '../read/document.js';
import { splitDocument } from '../split/index.js';
import type { ParsedDoc, Skipped } from '../types.js';

export interface IngestedDoc extends ParsedDoc {
  facts: DocFacts;
  /** How many blocks cleaning removed as boilerplate. */
  removedBlocks: number;
}

export type IngestResult = { ok: true; doc: IngestedDoc } | { ok: false; skipped: Skipped };

/** Clean, split and extract a document already read. */
export function processRaw(raw: RawDoc): IngestResult {
  const cleaned = cleanBody(raw.blocks ?? raw.body, raw.meta.title);
  if (cleaned.blocks.length === 0) {
    return { ok: false, skipped: { file: raw.meta.file, reason: 'no article text left after removing boilerplate' } };
  }
  // A document made only of short title-case lines is still text, not headings of nothing.
  const blocks = cleaned.blocks.some((b) => !b.heading) ? cleaned.blocks : cleaned.blocks.map((b) => ({ ...b, heading: false }));
  const parsed = splitDocument(raw.meta, blocks);
  return { ok: true, doc: { ...parsed, facts: extractFacts(parsed), removedBlocks: cleaned.removed.length } };
}

export async function ingestFile(root: string, file: string, opts: ReadOptions): Promise<IngestResult> {
  return ingestRead(file, await readDocument(root, file, opts));
}

/** What a file read (or failed to read) gives: a document, or why it was skipped. */
export function ingestRead(file: string, read: ReadResult): IngestResult {
  if (!read.ok) return { ok: false, skipped: { file: read.file, reason: read.reason } };
  try {
    return processRaw(read.doc);
  } catch (err) {
    // An extractor failing on one odd document must cost that document only.
    return { ok: false, skipped: { file, reason: `could not be processed (${(err as Error).message})` } };
  }
}

export interface IngestOutput {
  docs: IngestedDoc[];
  skipped: Skipped[];
}

const log = child('ingest');

/** Reads every document under root. Bad files are skipped with a warning naming them. */
export async function ingestDirectory(root: string, opts: ReadOptions): Promise<IngestOutput> {
  const files = await listDocuments(root);
  const docs: IngestedDoc[] = [];
  const skipped: Skipped[] = [];
  for (const file of files) {
    const r = await ingestFile(root, file, opts);
    if (r.ok) docs.push(r.doc);
    else {
      skipped.push(r.skipped);
      log.warn({ file: r.skipped.file, reason: r.skipped.reason }, `skipped ${r.skipped.file}: ${r.skipped.reason}`);
    }
  }
  return { docs, skipped };
}
