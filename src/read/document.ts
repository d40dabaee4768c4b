/**
 * Reading one file into a document: bytes → checked text → metadata + body.
 * Never throws for a bad file: it returns the reason, and the caller skips the file with a warning.
 */
import { createHash } from 'node:crypto';
import { promises as fs, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Block } from '../clean/blocks.js';
import type { DocFormat, DocMeta, ParseBudget } from '../types.js';
import type { MetaDate } from './dateline.js';
import { readDocx } from './docx.js';
import { docIdFor, formatOf } from './files.js';
import { FrontMatterError, normalisePublished, splitFrontMatter } from './frontmatter.js';
import { HtmlShapeError, readHtml } from './html.js';
import { readPdf } from './pdf.js';

export interface RawDoc {
  meta: DocMeta;
  /** Body text: blocks separated by blank lines, `#` headings, `•`/`-` list items. */
  body: string;
  /** The blocks themselves, when the reader rebuilt them from a layout (PDF: each with its page). */
  blocks?: Block[];
}

export type ReadResult = { ok: true; doc: RawDoc } | { ok: false; file: string; reason: string };

export interface ReadOptions {
  maxBytes: number;
  /** Time and memory per document when read on the reader pool (default ingest/pool.ts DEFAULT_BUDGET). */
  budget?: ParseBudget;
  /**
   * Read the file with blocking calls: for the reader pool's workers, which have nothing else to
   * do meanwhile. A read through `fs.promises` is four thread-pool round trips (open, stat, read,
   * close); on a busy machine a worker spent two thirds of its time waiting on them.
   */
  blocking?: boolean;
}

const KNOWN_FIELDS = new Set(['title', 'source', 'url', 'published', 'author']);

/** Why these bytes are not a text document, or undefined when they are fine. */
export function checkBytes(bytes: Uint8Array): string | undefined {
  if (bytes.length === 0) return 'empty file';
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return 'UTF-16 text; save it as UTF-8';
  }
  const head = bytes.subarray(0, 8192);
  let control = 0;
  for (const b of head) {
    if (b === 0) return 'binary file (contains NUL bytes)';
    if (b < 9 || (b > 13 && b < 32)) control++;
  }
  if (control > head.length * 0.05) return 'binary file (mostly control characters)';
  return undefined;
}

/** Decodes UTF-8 strictly: a file with invalid sequences is reported rather than half-read. */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return undefined;
  }
}

function str(v: unknown): string | undefined {
  if (typeof v === 'string' && v.trim()) return v.trim();
  if (typeof v === 'number') return String(v);
  return undefined;
}

/**
 * Removes the markdown that would otherwise show as punctuation in excerpts. Link and image
 * parts have bounded lengths: unbounded ones make a file full of `[` take quadratic time.
 */
function stripMarkdown(body: string): string {
  return (
    body
      .replace(/!\[[^[\]]{0,1000}\]\([^)]{0,2000}\)/g, '')
      .replace(/\[([^[\]]{1,1000})\]\((?:[^)\s]{1,2000})(?:\s+"[^"\n]{0,500}")?\)/g, '$1')
      .replace(/(\*\*|__)(?=\S)([^*_\n]+?\S)\1/g, '$2')
      .replace(/`([^`\n]+)`/g, '$1')
      // [ \t], not \s: a \s that crosses lines makes a file of blank lines take quadratic time.
      .replace(/^[ \t]*(?:[-*_][ \t]*){3,}$/gm, '')
  );
}

/** The first non-empty line, and the text after it. */
function firstLine(body: string): { line: string; rest: string } | undefined {
  const m = /^\s*([^\n]*\S)[^\n]*(?:\n|$)/.exec(body);
  if (!m) return undefined;
  return { line: m[1].replace(/^#+\s*/, '').trim(), rest: body.slice(m[0].length) };
}

/** Parses already-decoded text. Exposed for tests and for workers that read bytes themselves. */
export function parseDocumentText(file: string, text: string, hash: string): ReadResult {
  const format = formatOf(file);
  const base: Omit<DocMeta, 'title'> = { id: docIdFor(file), file, metadata: {}, hash, format };

  if (format === 'html') {
    let article;
    try {
      article = readHtml(text);
    } catch (err) {
      if (err instanceof HtmlShapeError) return { ok: false, file, reason: err.message };
      throw err;
    }
    if (!article.body.trim()) return { ok: false, file, reason: 'no article text found in the HTML' };
    const meta: DocMeta = {
      ...base,
      title: article.title ?? firstLine(article.body)?.line ?? base.id,
      source: article.source,
      url: article.url,
      published: normalisePublished(article.published),
      author: article.author,
    };
    return { ok: true, doc: { meta, body: article.body } };
  }

  let fm;
  try {
    fm = splitFrontMatter(text);
  } catch (err) {
    if (err instanceof FrontMatterError) return { ok: false, file, reason: err.message };
    throw err;
  }
  const data = fm.data;
  let body = format === 'md' ? stripMarkdown(fm.body) : fm.body;
  let title = str(data.title);
  if (!title) {
    // As in the BBC corpus: the first non-empty line is the headline.
    const first = firstLine(body);
    if (first) {
      title = first.line;
      body = first.rest;
    }
  }
  if (!body.trim()) return { ok: false, file, reason: 'empty document (no text after the title)' };
  const metadata: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) if (!KNOWN_FIELDS.has(k)) metadata[k] = v;
  const publishedRaw = data.published;
  const published = normalisePublished(publishedRaw);
  // Any YAML value may stand there; it is kept as text for the record, whatever it was.
  // eslint-disable-next-line @typescript-eslint/no-base-to-string
  if (publishedRaw !== undefined && published === undefined) metadata.publishedUnparsed = String(publishedRaw);
  const meta: DocMeta = {
    ...base,
    title: title ?? base.id,
    source: str(data.source),
    url: str(data.url),
    published,
    author: str(data.author),
    metadata,
  };
  return { ok: true, doc: { meta, body } };
}

/** The date fields of a document dated by a reader: a stated date as is, a file's metadata date marked. */
function dated(d: MetaDate | undefined): Pick<DocMeta, 'published' | 'publishedFrom'> {
  if (!d) return {};
  return d.from === 'text' ? { published: d.date } : { published: d.date, publishedFrom: d.from };
}

/** Parses a PDF or Word file's bytes. */
export async function parseBinaryDocument(file: string, bytes: Uint8Array, hash: string, format: 'pdf' | 'docx'): Promise<ReadResult> {
  const base = { id: docIdFor(file), file, metadata: {}, hash, format };
  if (format === 'pdf') {
    const pdf = await readPdf(bytes);
    if (!pdf.ok) return { ok: false, file, reason: pdf.reason };
    const blocks: Block[] = pdf.blocks.map((b) => ({ text: b.text, heading: b.heading, listItem: false, page: b.page }));
    if (!blocks.length) return { ok: false, file, reason: 'no text found in the PDF' };
    const title = pdf.title ?? blocks[0].text;
    const meta: DocMeta = { ...base, title, author: pdf.author, ...dated(pdf.published) };
    return { ok: true, doc: { meta, body: blocks.map((b) => (b.heading ? `# ${b.text}` : b.text)).join('\n\n'), blocks } };
  }
  const docx = await readDocx(bytes);
  if (!docx.ok) return { ok: false, file, reason: docx.reason };
  if (!docx.body.trim()) return { ok: false, file, reason: 'no text found in the Word file' };
  let body = docx.body;
  let title = docx.title;
  if (!title) {
    const first = firstLine(body);
    title = first?.line;
    body = first?.rest ?? body;
  }
  const meta: DocMeta = { ...base, title: title ?? base.id, author: docx.author, ...dated(docx.published) };
  return { ok: true, doc: { meta, body } };
}

export function hashBytes(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Reads, checks and parses one file under root. */
export async function readDocument(root: string, file: string, opts: ReadOptions): Promise<ReadResult> {
  const full = path.join(root, file);
  let bytes: Buffer;
  try {
    const stat = opts.blocking ? statSync(full) : await fs.stat(full);
    if (stat.size > opts.maxBytes) {
      return { ok: false, file, reason: `too large (${stat.size} bytes; the limit is ${opts.maxBytes}, set by MAX_DOC_BYTES)` };
    }
    bytes = opts.blocking ? readFileSync(full) : await fs.readFile(full);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ok: false, file, reason: 'disappeared while being read' };
    return { ok: false, file, reason: `cannot be read (${code ?? (err as Error).message})` };
  }
  if (bytes.length > opts.maxBytes) return { ok: false, file, reason: `too large (${bytes.length} bytes; the limit is ${opts.maxBytes})` };
  const format: DocFormat = formatOf(file);
  if (format === 'pdf' || format === 'docx') {
    try {
      return await parseBinaryDocument(file, bytes, hashBytes(bytes), format);
    } catch (err) {
      return { ok: false, file, reason: `could not be parsed (${(err as Error).message})` };
    }
  }
  const bad = checkBytes(bytes);
  if (bad) return { ok: false, file, reason: bad };
  const text = decodeUtf8(bytes);
  if (text === undefined) return { ok: false, file, reason: 'invalid UTF-8 encoding' };
  try {
    return parseDocumentText(file, text, hashBytes(bytes));
  } catch (err) {
    // A parser bug on one strange file must not take the corpus down.
    return { ok: false, file, reason: `could not be parsed (${(err as Error).message})` };
  }
}
