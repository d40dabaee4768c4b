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

/*
 * Word shapes, as constants rather than literals where they are tested: for Node 20, tsx's esbuild
 * compiles a regular expression with \p{…} outside brackets to `new RegExp(…)` in place, so a
 * literal inside a function is built again on every call (~7× the cost of the test itself).
 */
/** One capital letter ("J"), or with its dot an initial ("J."). */
export const CAPITAL = /^\p{Lu}$/u;
export const INITIAL = /^\p{Lu}\.$/u;
/** A capital then a lower-case letter: ordinary capitalisation ("Jane", "McCall"). */
export const TITLE_CASE = /^\p{Lu}\p{Ll}/u;
/** Two capitals or more and nothing else ("BLA", "CIA"). */
export const ACRONYM = /^\p{Lu}{2,}$/u;
const UPPER_START = /^\p{Lu}/u;
/** "al-Adl", "bin-Laden": a short lower-case particle hyphened to a capitalised name. */
export const PARTICLE_HYPHEN_CAP = /^\p{Ll}{1,3}-\p{Lu}/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** A letter or a digit; ASCII by its code, the rest by the regular expression. */
function letterOrDigit(ch: string | undefined): boolean {
  if (ch === undefined) return false;
  const c = ch.charCodeAt(0);
  if (c < 128) return (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122);
  return LETTER_OR_DIGIT.test(ch);
}

const apostrophe = (ch: string | undefined): boolean => ch === "'" || ch === '’';

/** Starts with an upper-case letter; ASCII by its code. */
export function upperStart(t: string): boolean {
  const c = t.charCodeAt(0);
  return c < 128 ? c >= 65 && c <= 90 : UPPER_START.test(t);
}

export function tokenizeSpan(text: string, from: number, to: number): Token[] {
  const out: Token[] = [];
  const slice = text.slice(from, to);
  WORD.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = WORD.exec(slice))) {
    let t = m[0];
    const start = from + m.index;
    let end = start + t.length;
    const word = letterOrDigit(t[0]);
    if (word && text[end] === '.' && (ABBR.has(t.toLowerCase()) || CAPITAL.test(t))) {
      t += '.';
      end += 1;
      WORD.lastIndex += 1;
    }
    // "Wales' team", "Kenteris' lawyer": a plural or s-final possessive has only the apostrophe.
    const bare = word && (t.endsWith('s') || t.endsWith('S')) && apostrophe(text[end]) && !letterOrDigit(text[end + 1]);
    if (bare) {
      t += text[end];
      end += 1;
      WORD.lastIndex += 1;
    }
    const poss = word && (bare || (t.length > 2 && t.endsWith('s') && apostrophe(t[t.length - 2])));
    const base = bare ? t.slice(0, -1) : poss ? t.slice(0, -2) : apostrophe(t[t.length - 1]) ? t.slice(0, -1) : t;
    const cap = word && (upperStart(t) || (t.includes('-') && PARTICLE_HYPHEN_CAP.test(t)));
    const lower = base.toLowerCase();
    out.push({
      text: t,
      start,
      end,
      word,
      cap,
      poss,
      base,
      baseEnd: start + base.length,
      key: lower.endsWith('.') ? lower.slice(0, -1) : lower,
    });
  }
  return out;
}
