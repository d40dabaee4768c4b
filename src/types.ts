/**
 * The data a document carries on its way through the pipeline:
 * read → clean → split → extract → index → answer → render → send.
 *
 * Everything here is plain, structured-cloneable data so that it can cross
 * worker threads and be written to a snapshot as it is.
 */

/** Where a document came from and what its front matter or page said about it. */
export interface DocMeta {
  /** Stable id: the path relative to the corpus root, without extension, `/`-separated. */
  id: string;
  /** Path relative to the corpus root, as found (with extension). */
  file: string;
  title: string;
  /** The outlet ("Al-Monitor", "Reuters"). */
  source?: string;
  url?: string;
  /**
   * Publication date at the precision known: `2022`, `2022-02`, `2022-02-14`, or a full
   * ISO timestamp (`1987-02-26T15:01:01Z`).
   */
  published?: string;
  author?: string;
  /** Every other front-matter or page field, kept as given. */
  metadata: Record<string, unknown>;
  /** sha256 of the file's bytes: the document's identity for snapshots and the digest. */
  hash: string;
  format: DocFormat;
  /**
   * Where `published` came from when it was not the document's own statement of it: a PDF's or
   * Word file's metadata records when the file was made, which is only a stand-in.
   */
  publishedFrom?: 'pdf-metadata' | 'docx-metadata';
}

export const DOC_FORMATS = ['md', 'txt', 'html', 'pdf', 'docx'] as const;
export type DocFormat = (typeof DOC_FORMATS)[number];

/** A sentence as offsets into its paragraph's text (`text.slice(start, end)`). */
export interface Span {
  start: number;
  end: number;
}

/** A block of the cleaned text: a paragraph, a heading or a list item. */
export interface Paragraph {
  /** Counted from 1 over the cleaned text, headings included. */
  n: number;
  text: string;
  /** Headings are kept for structure but are never answers or sentences of fact. */
  heading: boolean;
  sentences: Span[];
  /** The page it starts on, in documents that have pages (PDF). */
  page?: number;
}

/** A document after read, clean and split. */
export interface ParsedDoc {
  meta: DocMeta;
  paragraphs: Paragraph[];
}

/** Time and memory one document may take to be read, cleaned, split and extracted (ingest/pool.ts). */
export interface ParseBudget {
  /** Wall-clock time for one file, from the moment a worker starts on it. */
  timeoutMs: number;
  /** The worker's old-generation heap (V8 `maxOldGenerationSizeMb`). */
  memoryMb: number;
}

/** What a reader reports about a file it could not use. */
export interface Skipped {
  file: string;
  reason: string;
}

/** The citation every answer carries. Field names are part of the answer contract. */
export interface Citation {
  docId: string;
  title: string;
  source?: string;
  url?: string;
  published?: string;
  /** Set when `published` is a file's metadata date rather than a date the document states. */
  publishedFrom?: 'pdf-metadata' | 'docx-metadata';
  paragraph: number;
  /** The page the paragraph starts on (PDF documents). */
  page?: number;
}

/** Shared by the loader, which keeps it, and the commands, which report it. */
export interface CorpusStatus {
  dataDir: string;
  lastReload: Date;
  reloading: boolean;
  /** How the corpus was loaded: a fresh ingest or a snapshot. */
  loadedFrom?: 'ingest' | 'snapshot';
  lastError?: string;
}

export interface Choice {
  name: string;
  value: string;
}
