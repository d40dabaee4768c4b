/**
 * PDF documents (pdfjs-dist's legacy build: no canvas, no native module): the text layer read
 * in reading order and rebuilt into blocks. pdfjs gives positioned runs of text; from their
 * positions this module rebuilds lines, columns, paragraphs and headings, joins words hyphenated
 * across lines, and drops running headers, footers and page numbers (lines repeated at the top
 * or bottom of most pages). Every block remembers its page, for citations.
 */
import type { TextItem } from 'pdfjs-dist/types/src/display/api.js';
import { dateOfLine, findDateLine, type MetaDate } from './dateline.js';
import { importNative } from './native-import.js';

/** A positioned run of text on a page, y growing upwards (PDF user space). */
export interface Run {
  text: string;
  x: number;
  y: number;
  width: number;
  /** Font size (the run's height). */
  size: number;
}

/** A line of one column: runs at one height, left to right. */
export interface Line {
  text: string;
  x0: number;
  x1: number;
  y: number;
  size: number;
  page: number;
}

export interface PdfBlock {
  text: string;
  heading: boolean;
  page: number;
}

export type PdfRead =
  | {
      ok: true;
      blocks: PdfBlock[];
      title?: string;
      author?: string;
      published?: MetaDate;
    }
  | { ok: false; reason: string };

/**
 * Runs → lines. Runs whose baselines are within a third of their size share a line; a wide
 * horizontal gap (more than two ems) ends the line there, so that the two halves of a
 * two-column page stay apart.
 */
export function toLines(runs: readonly Run[], page: number): Line[] {
  const sorted = runs.filter((r) => r.text.trim()).sort((a, b) => b.y - a.y || a.x - b.x);
  const rows: Run[][] = [];
  for (const r of sorted) {
    const row = rows[rows.length - 1];
    if (row && Math.abs(row[0].y - r.y) <= Math.max(1, Math.min(row[0].size, r.size) / 3)) row.push(r);
    else rows.push([r]);
  }
  const lines: Line[] = [];
  for (const row of rows) {
    row.sort((a, b) => a.x - b.x);
    let cur: Line | undefined;
    for (const r of row) {
      const gap = cur ? r.x - cur.x1 : 0;
      if (cur && gap <= 2 * Math.max(cur.size, r.size)) {
        // pdfjs often gives words as separate runs; a gap wider than a fifth of an em is a space.
        const space = gap > r.size * 0.2 && !/\s$/.test(cur.text) && !/^\s/.test(r.text) ? ' ' : '';
        cur.text += space + r.text;
        cur.x1 = Math.max(cur.x1, r.x + r.width);
        cur.size = Math.max(cur.size, r.size);
      } else {
        if (cur) lines.push(cur);
        cur = { text: r.text, x0: r.x, x1: r.x + r.width, y: r.y, size: r.size, page };
      }
    }
    if (cur) lines.push(cur);
  }
  for (const l of lines) l.text = l.text.replace(/\s+/g, ' ').trim();
  return lines;
}

/**
 * Lines in reading order. Where the page has a gutter — an empty vertical band in its middle
 * third with text on both sides — the lines between two full-width lines are read left column
 * first, then right; full-width lines (titles, headers) keep their place.
 */
export function readingOrder(lines: readonly Line[], pageWidth: number): Line[] {
  const gutter = findGutter(lines, pageWidth);
  const byHeight = [...lines].sort((a, b) => b.y - a.y || a.x0 - b.x0);
  if (gutter === undefined) return byHeight;
  const out: Line[] = [];
  let left: Line[] = [];
  let right: Line[] = [];
  const flush = () => {
    out.push(...left, ...right);
    left = [];
    right = [];
  };
  for (const l of byHeight) {
    if (l.x1 <= gutter) left.push(l);
    else if (l.x0 >= gutter) right.push(l);
    else {
      flush();
      out.push(l);
    }
  }
  flush();
  return out;
}

/** The x of a column gutter, or undefined for a single-column page. */
function findGutter(lines: readonly Line[], pageWidth: number): number | undefined {
  if (lines.length < 4 || pageWidth <= 0) return undefined;
  const width = Math.ceil(pageWidth);
  const covered = new Uint8Array(width + 1);
  // Full-width lines cross the gutter by design; they do not decide whether there is one.
  const narrow = lines.filter((l) => l.x1 - l.x0 < pageWidth * 0.55);
  for (const l of narrow) {
    for (let x = Math.max(0, Math.floor(l.x0)); x <= Math.min(width, Math.ceil(l.x1)); x++) covered[x] = 1;
  }
  let best: { from: number; to: number } | undefined;
  let start = -1;
  const lo = Math.floor(pageWidth / 3);
  const hi = Math.ceil((pageWidth * 2) / 3);
  for (let x = lo; x <= hi + 1; x++) {
    const empty = x <= hi && !covered[x];
    if (empty && start < 0) start = x;
    if (!empty && start >= 0) {
      if (!best || x - start > best.to - best.from) best = { from: start, to: x };
      start = -1;
    }
  }
  if (!best || best.to - best.from < 6) return undefined;
  const mid = (best.from + best.to) / 2;
  const leftCount = narrow.filter((l) => l.x1 <= mid).length;
  const rightCount = narrow.filter((l) => l.x0 >= mid).length;
  return leftCount >= 2 && rightCount >= 2 ? mid : undefined;
}

/** A line's text with figures folded, so that "Page 3" and "Page 4" count as the same line. */
function runningKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/\d+/g, '#')
    .replace(/[^\p{L}#]+/gu, ' ')
    .trim();
}

/** A page number on its own: "7", "- 7 -", "Page 7", "7 of 12", "vii". */
const PAGE_NUMBER = /^(?:page\s+)?[-–—(\s]*(?:\d{1,4}|[ivxlc]{1,7})(?:\s*(?:of|\/)\s*\d{1,4})?[-–—)\s]*$/i;

/**
 * Removes running headers and footers: a line among the top two or bottom two of its page
 * whose text (figures folded) is at the top or bottom of at least half the pages, on two pages
 * or more, and page numbers standing alone there.
 */
export function removeRunningLines(pages: Line[][]): Line[][] {
  const edge = (lines: Line[]) => {
    const byHeight = [...lines].sort((a, b) => b.y - a.y);
    return new Set([...byHeight.slice(0, 2), ...byHeight.slice(-2)]);
  };
  const edges = pages.map(edge);
  const seen = new Map<string, number>();
  for (const e of edges) {
    const keys = new Set([...e].map((l) => runningKey(l.text)).filter(Boolean));
    for (const k of keys) seen.set(k, (seen.get(k) ?? 0) + 1);
  }
  const withText = pages.filter((p) => p.length).length;
  const repeated = (k: string) => withText >= 2 && (seen.get(k) ?? 0) >= Math.max(2, Math.ceil(withText / 2));
  return pages.map((lines, i) => lines.filter((l) => !edges[i].has(l) || !(PAGE_NUMBER.test(l.text) || repeated(runningKey(l.text)))));
}

function median(xs: number[]): number {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const ENDS_SENTENCE = /[.!?:;"”’)]$/;

/**
 * Lines (in reading order) → blocks. A paragraph ends at a wider gap than the usual line
 * spacing, at a change of font size, at a column change, or after a short line that ends a
 * sentence; a line in a larger font than the body text is a heading. Words hyphenated across
 * lines are joined ("inter-" + "national" → "international").
 */
export function toBlocks(lines: readonly Line[]): PdfBlock[] {
  const bodySize = median(lines.flatMap((l) => Array<number>(Math.min(l.text.length, 200)).fill(l.size)));
  const gaps: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const a = lines[i - 1];
    const b = lines[i];
    const gap = a.y - b.y;
    if (a.page === b.page && gap > 0 && Math.abs(a.size - b.size) < 0.5) gaps.push(gap);
  }
  const lineGap = median(gaps) || bodySize * 1.2;
  const right = new Map<string, number>();
  for (const l of lines) {
    const k = columnKey(l);
    right.set(k, Math.max(right.get(k) ?? 0, l.x1));
  }
  const blocks: PdfBlock[] = [];
  let cur: (PdfBlock & { last: Line }) | undefined;
  const flush = () => {
    if (cur) blocks.push({ text: cur.text, heading: cur.heading, page: cur.page });
    cur = undefined;
  };
  for (const l of lines) {
    const heading = l.size > bodySize * 1.15;
    if (cur) {
      const p = cur.last;
      const sameFlow = p.page === l.page && columnKey(p) === columnKey(l) && p.y > l.y;
      const gap = p.y - l.y;
      const colWidth = (right.get(columnKey(p)) ?? p.x1) - p.x0;
      const shortEnd = ENDS_SENTENCE.test(p.text) && p.x1 < (right.get(columnKey(p)) ?? p.x1) - colWidth * 0.15;
      const indented = l.x0 > p.x0 + bodySize && ENDS_SENTENCE.test(p.text);
      // A dateline stands alone, whatever the spacing around it.
      const continues =
        !dateOfLine(l.text) &&
        !dateOfLine(p.text) &&
        heading === cur.heading &&
        Math.abs(p.size - l.size) < 0.5 &&
        (sameFlow ? gap <= lineGap * 1.35 && !shortEnd && !indented : !ENDS_SENTENCE.test(p.text) && /^[\p{Ll}\d]/u.test(l.text));
      if (continues) {
        cur.text = joinLines(cur.text, l.text);
        cur.last = l;
        continue;
      }
      flush();
    }
    cur = { text: l.text, heading, page: l.page, last: l };
  }
  flush();
  return blocks;
}

/** Which column a line is in: lines of one column start within a few points of each other. */
function columnKey(l: Line): string {
  return `${l.page}:${Math.round(l.x0 / 40)}`;
}

// Module constants: tsx recompiles a \p{…} literal in a function at every call (eslint/unicode-property.js).
const SOFT_HYPHEN_END = /\p{L}\u00ad$/u;
const HYPHEN_END = /\p{Ll}-$/u;
const STARTS_LOWER = /^\p{Ll}/u;

/** Joins two lines of a paragraph, mending a word hyphenated across the break. */
export function joinLines(a: string, b: string): string {
  if (SOFT_HYPHEN_END.test(a)) return a.slice(0, -1) + b;
  if (HYPHEN_END.test(a) && STARTS_LOWER.test(b)) return a.slice(0, -1) + b;
  return `${a} ${b}`;
}

/** Metadata titles that are file names or placeholders, not titles. */
function usableTitle(t: unknown): string | undefined {
  if (typeof t !== 'string') return undefined;
  const s = t
    .replace(/^Microsoft (?:Word|PowerPoint) - /, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (!s || /^(?:untitled|document\d*|title)$/i.test(s) || /\.(?:docx?|pdf|odt|rtf|tex|indd)$/i.test(s)) return undefined;
  return s;
}

/** A PDF date (`D:20240312103000+01'00'`) → ISO day; undefined when it is not one. */
export function pdfDate(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const m = /^(?:D:)?(\d{4})(\d{2})(\d{2})/.exec(v.trim());
  if (!m) return undefined;
  const [, y, mo, d] = m;
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (Number.isNaN(date.getTime()) || date.getUTCDate() !== Number(d) || Number(y) < 1990) return undefined;
  return `${y}-${mo}-${d}`;
}

/** Why these bytes cannot be a whole PDF, checked before pdfjs (which would patch a truncated file together). */
export function checkPdfBytes(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  if (!head.includes('%PDF-')) return 'not a PDF (no %PDF- header)';
  const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - 2048))).toString('latin1');
  if (!tail.includes('%%EOF')) return 'truncated PDF (no %%EOF end marker): the file was cut short';
  return undefined;
}

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjs: Promise<PdfJs> | undefined;

/** Reads a PDF's text layer into blocks with their pages. Never throws: a bad file gives the reason. */
export async function readPdf(bytes: Uint8Array): Promise<PdfRead> {
  const bad = checkPdfBytes(bytes);
  if (bad) return { ok: false, reason: bad };
  pdfjs ??= importNative<PdfJs>('pdfjs-dist/legacy/build/pdf.mjs', () => import('pdfjs-dist/legacy/build/pdf.mjs'));
  const lib = await pdfjs;
  // pdfjs takes ownership of (detaches) the buffer it is given: give it a copy.
  const task = lib.getDocument({
    data: new Uint8Array(bytes),
    verbosity: 0,
    isEvalSupported: false,
    useSystemFonts: false,
    stopAtErrors: false,
  });
  let doc;
  try {
    doc = await task.promise;
  } catch (err) {
    const e = err as Error;
    await task.destroy().catch(() => undefined);
    if (e.name === 'PasswordException') return { ok: false, reason: 'encrypted PDF (needs a password to open); save an unprotected copy' };
    return { ok: false, reason: `broken PDF (${e.message})` };
  }
  try {
    const pages: Line[][] = [];
    const widths: number[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const view = page.getViewport({ scale: 1 });
      const content = await page.getTextContent();
      const runs: Run[] = [];
      for (const item of content.items) {
        if (!('str' in item)) continue;
        const t: TextItem = item;
        // transform = [a, b, c, d, x, y]; the run's size is the length of its vertical axis.
        const [, , c, d, x, y] = t.transform as number[];
        runs.push({ text: t.str, x, y, width: t.width, size: Math.hypot(c, d) || t.height });
      }
      pages.push(toLines(runs, n));
      widths.push(view.width);
      page.cleanup();
    }
    if (pages.every((p) => p.length === 0)) {
      return { ok: false, reason: `no text layer on any of its ${doc.numPages} page(s) (a scanned PDF?); run it through OCR first` };
    }
    const kept = removeRunningLines(pages);
    const ordered = kept.flatMap((lines, i) => readingOrder(lines, widths[i]));
    const blocks = toBlocks(ordered);
    const meta = await doc.getMetadata().catch(() => undefined);
    const info = (meta?.info ?? {}) as Record<string, unknown>;
    const xmpTitle: unknown = meta?.metadata?.get('dc:title');
    const title = usableTitle(info.Title) ?? usableTitle(xmpTitle) ?? blocks.find((b) => b.heading)?.text;
    // Lines, not blocks: a date line set close above the text would be merged into its paragraph.
    const inText = findDateLine(ordered.slice(0, 12).map((l) => l.text));
    const fromMeta = pdfDate(info.CreationDate) ?? pdfDate(info.ModDate);
    const published: MetaDate | undefined = inText
      ? { date: inText, from: 'text' }
      : fromMeta
        ? { date: fromMeta, from: 'pdf-metadata' }
        : undefined;
    const author = typeof info.Author === 'string' && info.Author.trim() ? info.Author.trim() : undefined;
    return { ok: true, blocks, title, author, published };
  } catch (err) {
    return { ok: false, reason: `broken PDF (${(err as Error).message})` };
  } finally {
    await doc.destroy().catch(() => undefined);
  }
}
