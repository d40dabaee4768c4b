/**
 * A light tokenizer for the people rules: words and punctuation with offsets into the
 * paragraph. wink-nlp would give part of speech too, but the rules need only case, shape and
 * neighbours, and this costs a regular expression per sentence (see docs/notes/issue-3.md).
 */
import { NAME_ABBREVIATIONS, TITLE_ABBREVIATIONS } from '../lexicon.js';

export interface Token {
  text: string;
  /** Offsets into the paragraph text. */
  start: number;
  end: number;
  word: boolean;
  /** First letter upper case ("Vahidi", "BLA", "al-Adl" counts via its part after the hyphen). */
  cap: boolean;
  /** Ends in 's or ’s: the base form and its end offset leave the ending out. */
  poss: boolean;
  base: string;
  baseEnd: number;
  /** Lower case, possessive dropped, trailing dot dropped: for word-list look-ups. */
  key: string;
}

/** Abbreviations whose dot belongs to the word ("Gen.", "Brig.", "Mr.", "Inc."). */
const ABBR = new Set([...TITLE_ABBREVIATIONS, ...NAME_ABBREVIATIONS]);

const WORD = /(?:\p{Lu}\.){2,}|[\p{L}\p{M}\p{N}]+(?:[-'’.][\p{L}\p{M}\p{N}]+)*|[^\s\u00a0\p{L}\p{M}\p{N}]/gu;

export function tokenizeSpan(text: string, from: number, to: number): Token[] {
  const out: Token[] = [];
  const slice = text.slice(from, to);
  WORD.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = WORD.exec(slice))) {
    let t = m[0];
    const start = from + m.index;
    let end = start + t.length;
    const word = /[\p{L}\p{N}]/u.test(t[0]);
    if (word && text[end] === '.' && (ABBR.has(t.toLowerCase()) || /^\p{Lu}$/u.test(t))) {
      t += '.';
      end += 1;
      WORD.lastIndex += 1;
    }
    // "Wales' team", "Kenteris' lawyer": a plural or s-final possessive has only the apostrophe.
    const bare = word && /s$/i.test(t) && /['’]/.test(text[end] ?? '') && !/[\p{L}\p{N}]/u.test(text[end + 1] ?? '');
    if (bare) {
      t += text[end];
      end += 1;
      WORD.lastIndex += 1;
    }
    const poss = word && (bare || (/['’]s$/.test(t) && t.length > 2));
    const base = bare ? t.slice(0, -1) : poss ? t.slice(0, -2) : t.replace(/['’]$/, '');
    const cap = word && (/^\p{Lu}/u.test(t) || /^\p{Ll}{1,3}-\p{Lu}/u.test(t));
    out.push({
      text: t,
      start,
      end,
      word,
      cap,
      poss,
      base,
      baseEnd: start + base.length,
      key: base.toLowerCase().replace(/\.$/, ''),
    });
  }
  return out;
}
