/**
 * Finding quotations on the quote marks, per paragraph (a quote can hold several sentences and
 * can run on into the next paragraph). Only double marks delimit quotations: single marks are
 * apostrophes far more often than quotes, and in the corpora they nest inside double quotes
 * (‘zero sum game’), so they stay part of the text. Editorial brackets stay part of it too.
 */
import type { Paragraph } from '../../types.js';

/** One piece of a quotation inside one paragraph: offsets of the words, without the marks. */
export interface QuotePart {
  paragraph: number;
  /** Offset of the opening mark (or of the paragraph start when the mark is missing). */
  open: number;
  /** Offset just past the closing mark (or the paragraph end when the quote runs on). */
  close: number;
  /** The words: `text.slice(from, to)`. */
  from: number;
  to: number;
}

export interface FoundQuote {
  parts: QuotePart[];
  /** Whether a closing mark was found (a stray opening mark yields an unclosed quote). */
  closed: boolean;
}

type Mark = { at: number; role: 'open' | 'close' | 'either' };

const SPACE_BEFORE = /[\s\u00a0([{\u2014\u2013/-]/u;

/** Classifies each double mark by its shape or, for straight marks, by what stands around it. */
function marksOf(text: string): Mark[] {
  const out: Mark[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== '"' && c !== '“' && c !== '”' && c !== '„' && c !== '«' && c !== '»') continue;
    const prev = i > 0 ? text[i - 1] : ' ';
    const next = i + 1 < text.length ? text[i + 1] : ' ';
    const openCtx = SPACE_BEFORE.test(prev) && !/[\s\u00a0]/.test(next);
    const closeCtx = !/[\s\u00a0]/.test(prev) && (/[\s\u00a0\p{P}]/u.test(next) || i + 1 === text.length);
    if (c === '“' || c === '„' || c === '«') out.push({ at: i, role: 'open' });
    else if (c === '»') out.push({ at: i, role: 'close' });
    else if (c === '”') out.push({ at: i, role: openCtx && !closeCtx ? 'either' : 'close' });
    else out.push({ at: i, role: openCtx && !closeCtx ? 'open' : closeCtx && !openCtx ? 'close' : 'either' });
  }
  return out;
}

function startsWithOpening(text: string): number {
  const m = /^[\s\u00a0]*(["“„«])/u.exec(text);
  return m ? m[0].length - 1 : -1;
}

/**
 * Every quotation of a document, in order. A paragraph that ends inside a quote continues it
 * when the next paragraph re-opens with a mark (the journalistic convention); otherwise the
 * quote ends with its paragraph and is marked unclosed.
 */
export function findQuotes(paragraphs: readonly Paragraph[]): FoundQuote[] {
  const out: FoundQuote[] = [];
  let carry: FoundQuote | null = null;
  for (let pi = 0; pi < paragraphs.length; pi++) {
    const p = paragraphs[pi];
    if (p.heading) {
      if (carry) out.push({ ...carry, closed: false });
      carry = null;
      continue;
    }
    const text = p.text;
    const marks = marksOf(text);
    let open: number | null = null;
    let current: FoundQuote | null = null;
    let mi = 0;
    if (carry) {
      const reopen = startsWithOpening(text);
      if (reopen >= 0) {
        current = carry;
        open = reopen;
        // The re-opening mark belongs to the running quote.
        while (mi < marks.length && marks[mi].at <= reopen) mi++;
      } else {
        out.push({ ...carry, closed: false });
      }
      carry = null;
    }
    for (; mi < marks.length; mi++) {
      const m = marks[mi];
      if (open === null) {
        if (m.role === 'close') continue; // a stray closing mark opens nothing
        open = m.at;
        current = { parts: [], closed: false };
        continue;
      }
      if (m.role === 'open' && /[.!?…]['’]?[\s\u00a0]*$/u.test(text.slice(open, m.at))) {
        // ". “Next…" inside an open quote: a new paragraph of the same quote whose break was lost
        // (the journalistic re-opening mark), so the quote runs on.
        pushPart(current!, p.n, open, m.at, text, false);
        open = m.at;
        continue;
      }
      if (m.role === 'open') {
        // A new opening mark inside an open quote: the earlier mark was never closed.
        pushPart(current!, p.n, open, m.at, text, false);
        out.push({ ...current!, closed: false });
        open = m.at;
        current = { parts: [], closed: false };
        continue;
      }
      pushPart(current!, p.n, open, m.at + 1, text, true);
      current!.closed = true;
      out.push(current!);
      open = null;
      current = null;
    }
    if (open !== null && current) {
      pushPart(current, p.n, open, text.length, text, false);
      carry = current;
    }
  }
  if (carry) out.push({ ...carry, closed: false });
  return out.filter((q) => q.parts.some((pt) => pt.to > pt.from));
}

function pushPart(q: FoundQuote, paragraph: number, open: number, close: number, text: string, closedHere: boolean): void {
  let from = open + 1;
  let to = closedHere ? close - 1 : close;
  while (from < to && /[\s\u00a0]/.test(text[from])) from++;
  while (to > from && /[\s\u00a0]/.test(text[to - 1])) to--;
  q.parts.push({ paragraph, open, close, from, to });
}

/** The quoted words of a found quote, the parts of a run-on quote joined by a space. */
export function quoteWords(q: FoundQuote, byN: (n: number) => Paragraph): string {
  return q.parts.map((pt) => byN(pt.paragraph).text.slice(pt.from, pt.to)).join(' ');
}
