/**
 * Sentence boundaries in news text. A boundary is `.`, `!`, `?` or `…` (with any closing
 * quotes or brackets after it), then white space (non-breaking included), then something that
 * can open a sentence. Abbreviations, initials and numbers do not end sentences.
 */
import { SENTENCE_OPENERS, TITLE_ABBREVIATIONS } from '../extract/lexicon.js';
import type { Span } from '../types.js';

/** Abbreviations that usually do not end a sentence, unless a clear sentence opener follows. */
const SOFT = new Set(
  'jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun no nos vol vols fig figs approx est dept univ assn bros inc corp co ltd plc llc vs etc al e.g i.e a.m p.m u.s u.k u.n u.s.a e.u d.c n.y'.split(
    ' ',
  ),
);
const CLOSERS = `"'”’)]»›`;
const OPENING = /^[\s\u00a0]*["'“‘([«‹]*[\p{Lu}\p{N}]/u;
// \p{…} outside brackets: module constants, since tsx's esbuild makes each such literal a
// `new RegExp` where it stands (once per call).
const ONE_CAPITAL = /^\p{Lu}$/u;
const INITIALS = /^(?:\p{L}\.)+\p{L}$/u;

function wordBefore(text: string, dot: number): string {
  let i = dot;
  while (i > 0 && /[\p{L}.]/u.test(text[i - 1])) i--;
  return text.slice(i, dot).replace(/^\.+/, '');
}

function firstWordAfter(text: string, from: number): string {
  const m = /^[\s\u00a0]*["'“‘([«‹]*([\p{L}]+)/u.exec(text.slice(from, from + 40));
  return m ? m[1] : '';
}

/** Spans of the sentences of one paragraph, trimmed, covering all its non-space text. */
export function splitSentences(text: string): Span[] {
  const spans: Span[] = [];
  let start = 0;
  const push = (end: number) => {
    let s = start;
    let e = end;
    while (s < e && /[\s\u00a0]/.test(text[s])) s++;
    while (e > s && /[\s\u00a0]/.test(text[e - 1])) e--;
    if (e > s) spans.push({ start: s, end: e });
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch !== '.' && ch !== '!' && ch !== '?' && ch !== '…') continue;
    let j = i + 1;
    while (j < text.length && (text[j] === '.' || text[j] === '!' || text[j] === '?')) j++;
    while (j < text.length && CLOSERS.includes(text[j])) j++;
    if (j >= text.length) break;
    if (!/[\s\u00a0]/.test(text[j])) continue;
    if (!OPENING.test(text.slice(j, j + 12))) continue;
    if (ch === '.' && j === i + 1) {
      const word = wordBefore(text, i);
      const lower = word.toLowerCase();
      const next = firstWordAfter(text, j).toLowerCase();
      // "J. Smith", "Ahmad A. Vahidi": single capital initials.
      if (ONE_CAPITAL.test(word)) continue;
      if (TITLE_ABBREVIATIONS.has(lower)) continue;
      if ((SOFT.has(lower) || INITIALS.test(word)) && !SENTENCE_OPENERS.has(next)) continue;
    }
    push(j);
    start = j;
    i = j - 1;
  }
  push(text.length);
  return spans;
}
