/** Clean: body text → the blocks that are the article, headings marked, boilerplate gone. */
import { toBlocks, type Block } from './blocks.js';
import { removeBoilerplate } from './boilerplate.js';

export type { Block } from './blocks.js';

const SMALL_WORDS = new Set('a an and as at but by for from in into of on or the to with vs via'.split(' '));
// \p{…} outside brackets: module constants, since tsx's esbuild makes each such literal a
// `new RegExp` where it stands (once per call).
const LETTER = /\p{L}/u;

/** A short line in title case without closing punctuation: a section heading, not a sentence. */
export function looksLikeHeading(text: string): boolean {
  if (/[.!?:;,…"”’)]$/.test(text)) return false;
  const ws = text.split(/\s+/).filter(Boolean);
  // One word or figures ("Year", "Net 5,524,000 vs 8,094,000") are table rows and labels, not headings.
  if (ws.length < 2 || ws.length > 10 || /\d/.test(text)) return false;
  if (!/^[\p{Lu}\d]/u.test(text)) return false;
  const lettered = ws.filter((w) => LETTER.test(w));
  const capitalised = lettered.filter((w) => /^[^\p{L}]*[\p{Lu}]/u.test(w) || SMALL_WORDS.has(w.toLowerCase()));
  return lettered.length > 0 && capitalised.length === lettered.length;
}

function normaliseForCompare(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export interface Cleaned {
  blocks: Block[];
  removed: Block[];
}

/** Body text (or blocks a reader built itself, as the PDF reader does) → the article's blocks. */
export function cleanBody(body: string | Block[], title: string): Cleaned {
  const { kept, removed } = removeBoilerplate(typeof body === 'string' ? toBlocks(body) : body);
  // The page headline pasted above the article repeats the title: drop it, it is not a paragraph.
  const t = normaliseForCompare(title);
  const dup = kept.slice(0, 3).findIndex((b) => normaliseForCompare(b.text) === t);
  const blocks = dup >= 0 ? kept.filter((_, i) => i !== dup) : kept;
  return {
    blocks: blocks.map((b) => (b.heading || b.listItem || !looksLikeHeading(b.text) ? b : { ...b, heading: true })),
    removed,
  };
}
