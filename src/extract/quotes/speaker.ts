/**
 * Who a speech verb's subject is. The subject is a noun phrase cut out of the text next to a
 * speech verb ("Michael Kugelman, deputy director of …, told", "said chief executive Todd
 * Stitzer", "a European diplomat posted in Islamabad told", "he said", "the diplomat noted");
 * this file finds the names and roles in it; `subject.ts` reads it by rules.
 */

import { matchesOf } from '../matches.js';
import { CLAUSE_OPENERS, OFFICES, ORG_NAME_WORDS, QUOTE_SPEECH_PHRASES, QUOTE_SPEECH_VERBS, SPEAKER_TITLES } from '../lexicon.js';

/** Speech verbs (the lexicon's cut for quotations), optionally after an auxiliary or a time adverb ("has also said"). */
export const VERB_RE = new RegExp(
  `\\b(?:(?:has|have|had|will|would|later|also|then|once|previously|recently|earlier|simply|just)\\s+)*(?:${[...QUOTE_SPEECH_PHRASES.map((x) => x.replace(/ /g, '\\s+')), ...QUOTE_SPEECH_VERBS].join('|')})\\b`,
  'g',
);

/** Capitalised words that open a clause but name nobody. */
const NOT_NAMES = CLAUSE_OPENERS;

/** The titles that may be written with a dot ("Gen.", "Sen."). */
const DOTTED_TITLES = new Set('gen brig col maj lt capt adm sgt sen rep gov'.split(' '));
// A module constant: tsx recompiles a \p{…} literal in a function at every call (eslint/unicode-property.js).
const WORD_START_LOWER = /\b\p{Ll}/gu;

/** Honorifics and ranks that introduce a name, as written; kept out of the name we print, read as the role. */
const capitalised = (t: string): string => t.replace(WORD_START_LOWER, (c) => c.toUpperCase());
/** The speaker titles as written before a name ("Field Marshal", "Gen"): each starts with a capital. */
export const TITLE_FORMS = [...SPEAKER_TITLES].map(capitalised);
const TITLE_WORDS = [...SPEAKER_TITLES].map((t) => capitalised(t) + (DOTTED_TITLES.has(t) ? '\\.?' : '')).join('|');

// A capitalised word; a dot only after an initial or a short abbreviation ("J.", "Jr."), so that
// a name never runs on across a sentence end ("… Chronicle. Sony").
/** Offices written in capitals before a name ("Treasurer", "Director"): the end of a role, not part of the name. */
export const OFFICE_WORDS = new RegExp(`^(?:${[...OFFICES].map((w) => w[0].toUpperCase() + w.slice(1)).join('|')})$`);
export const TITLE_ONLY = new RegExp(`^(?:${TITLE_WORDS})$`);
const CAP = `[\\p{Lu}](?:[\\p{L}]{0,2}\\.|[\\p{L}\\p{M}'’-]*)`;
const PARTICLE = `(?:bin|ibn|al|el|de|del|della|da|di|du|van|von|der|den|la|le|dos|das|St\\.?)`;
/** A capitalised name: titles, then capitalised words with particles between them. */
// Every title is written capitalised (TITLE_WORDS above), so a name starts with a capital: the
// lookahead, first, rejects the other positions at once instead of looking behind and trying
// each title there (the same matches for less work; test/extract/quotes.test.ts holds the
// titles to it).
export const NAME_RE = new RegExp(
  `(?=\\p{Lu})(?<![\\p{L}\\p{N}-])(?:(?:${TITLE_WORDS})\\s+)*${CAP}(?:[\\s\\u00a0]+(?:${PARTICLE}[\\s\\u00a0]+)?${CAP})*`,
  'gu',
);
/** The titles a name run starts with (made once: building it per name was most of `namesIn`). */
const LEADING_TITLES = new RegExp(`^((?:(?:${TITLE_WORDS})[\\s\\u00a0]+)*)`);

/** Words that make a name an organisation's, as written: capitalised, or in capitals when an acronym ("FC", "BBC"). */
const ORG_WORDS = new RegExp(
  `\\b(?:${[...ORG_NAME_WORDS].map((w) => (/^(?:fc|bbc)$/.test(w) ? w.toUpperCase() : w[0].toUpperCase() + w.slice(1))).join('|')})\\b`,
);

export interface NameHit {
  /** The name as written, without titles ("Qamar Javed Bajwa"). */
  name: string;
  /** Titles and ranks written before it ("Gen."), if any. */
  title: string;
  start: number;
  end: number;
}

/** The offset after the spaces at `i` (in place: a slice of the rest per dropped word made namesIn quadratic in a paragraph). */
function skipSpace(text: string, i: number): number {
  while (i < text.length && /[\s\u00a0]/.test(text[i])) i++;
  return i;
}

/** A determiner or possessive, then spaces, right before `start` ("the Chancellor"); reads only the few characters it needs. */
function describedBefore(text: string, start: number): boolean {
  let j = start;
  while (j > 0 && /[\s\u00a0]/.test(text[j - 1])) j--;
  // The longest word ("their") and the character before it, for the word boundary.
  return j < start && /\b(?:the|a|an|his|her|its|their|our)$/i.test(text.slice(Math.max(0, j - 6), j));
}

// A module constant: tsx recompiles a \p{…} literal in a function at every call (eslint/unicode-property.js).
const UPPER_CASE = /\p{Lu}/u;

/**
 * The last stretch read and its names: the subject rules often read one segment twice running
 * (is it a name? which name?). Callers get a copy of the list (they pop it), never of the hits.
 */
let lastRead: { text: string; fullOnly: boolean; hits: readonly NameHit[] } | undefined;

/**
 * Capitalised names in a stretch of text (offsets relative to it), clause openers left out.
 * `fullOnly`: only what is written in two words or more (a capitalised word alone is skipped
 * unread: most capitals are, and a caller that wants full names would drop them anyway).
 */
export function namesIn(text: string, fullOnly = false): NameHit[] {
  if (lastRead && lastRead.text === text && lastRead.fullOnly === fullOnly) return lastRead.hits.slice();
  const out: NameHit[] = [];
  for (const m of matchesOf(NAME_RE, text)) {
    if (fullOnly && !/[\s\u00a0]/.test(m[0])) continue;
    let s = m[0];
    let start = m.index;
    // Drop clause-opening capitals ("Meanwhile", "But") and owners ("Xbox's Peter Moore").
    const words = s.split(/[\s\u00a0]+/);
    // An owner inside the run ("ABN Amro's Paul Mackel"): the name starts after it.
    const owner = words.slice(0, -1).findLastIndex((w) => /['’]s$/.test(w));
    for (let j = 0; j <= owner; j++) {
      start += words[0].length;
      words.shift();
      start = skipSpace(text, start);
    }
    while (
      words.length > 1 &&
      ((NOT_NAMES.has(words[0].toLowerCase().replace(/[.’']+$/, '')) && !TITLE_ONLY.test(words[0])) || /['’]s$/.test(words[0]))
    ) {
      start += words[0].length;
      words.shift();
      start = skipSpace(text, start);
    }
    if (!words.length) continue;
    // "Secretary of State George Shultz", "Vice President of Finance Joel Graff": the first word
    // after "<office> of" completes the office.
    if (
      words.length >= 3 &&
      /\b(?:Secretary|Minister|Ministry|President|Director|Department|Chancellor|Governor|Chief|Head|Chairman|Commissioner) of[\s\u00a0]+$/.test(
        text.slice(Math.max(0, start - 40), start),
      )
    ) {
      start += words[0].length;
      words.shift();
      start = skipSpace(text, start);
    }
    // "FTC Director William MacLeod", "Australian Treasurer Paul Keating": an office inside the run
    // ends the role; the name is what follows it.
    let k = -1;
    for (let j = 0; j < words.length - 1; j++) if (OFFICE_WORDS.test(words[j]) || TITLE_ONLY.test(words[j])) k = j;
    if (k >= 0 && !TITLE_ONLY.test(words.slice(0, k + 1).join(' '))) {
      const head = words.slice(0, k + 1).join(' ');
      const at = text.indexOf(words[k + 1], start + head.length);
      out.push({
        name: words
          .slice(k + 1)
          .join(' ')
          .replace(/[.,]+$/, ''),
        title: head,
        start: at,
        end: start + words.join(' ').length,
      });
      continue;
    }
    s = words.join(' ');
    if (/['’]s$/.test(s)) continue; // "Pakistan’s": an owner, not a speaker
    const tm = LEADING_TITLES.exec(s);
    const title = tm ? tm[1].trim() : '';
    const name = s.slice(title ? tm![1].length : 0).replace(/[.,]+$/, '');
    if (!name || !UPPER_CASE.test(name[0])) continue;
    if (TITLE_ONLY.test(name) && describedBefore(text, start)) continue; // "the Chancellor": a description
    if (NOT_NAMES.has(name.toLowerCase())) continue;
    out.push({ name, title, start, end: start + words.join(' ').length });
  }
  lastRead = { text, fullOnly, hits: out.slice() };
  return out;
}

export function looksLikeGroup(name: string): boolean {
  return ORG_WORDS.test(name) || /^[\p{Lu}\d&-]{2,}$/u.test(name);
}

export const PRONOUNS = new Set(['he', 'she', 'they', 'it', 'we', 'i']);
export const DEFINITE = /^(?:the|this|that|these|those|his|her|their|its)\s+/i;
export const INDEFINITE = /^(?:a|an|one|another|two|three|several|some|many|other)\s+/i;
// A gerund opens a clause ("Referring to …", "losing the first set …"); a name ending in -ing
// ("Keating", "Harding") is followed by no such word.
const OPENERS =
  /^(?:(?:in|on|at|to|for|with|without|by|from|after|before|during|as|while|when|if|since|although|though|because|meanwhile|however|but|and|so|yet|also|asked|according)\b|[A-Za-z]+ing\s+(?:to|the|a|an|at|in|on|with|about|for|of|his|her|their|its|that|this|up|out|over)\b)/i;
export const OPENING_WORDS = { test: (t: string): boolean => OPENERS.test(t) || /^[a-z]+ing\b/.test(t) };
/** Words a noun phrase does not contain; a stretch with them is a clause, not a speaker. */
export const CLAUSE_WORDS =
  /\b(?:is|are|was|were|be|been|being|has|have|had|do|does|did|will|would|can|could|should|may|might|must|that|which|who|whose|where|when|if|because|not)\b/i;

/** A role written as an appositive: lower-case words or a title, no clause, not too long. */
export function isRole(text: string): boolean {
  const words = text.split(/\s+/);
  if (words.length > 16 || CLAUSE_WORDS.test(text) || OPENING_WORDS.test(text)) return false;
  if (/^\d+$/.test(text)) return false;
  return /\b[a-z][a-z-]+\b/.test(text) || /^(?:the\s+)?[\p{Lu}][\p{L}-]+\s+(?:of|for)\b/u.test(text);
}

// The article before an owner ("the Kremlin’s spokesman"). A module constant: tsx recompiles a \p{…} literal in a function at every call (eslint/unicode-property.js).
const ARTICLE_BEFORE_OWNER = /^(?:the|a|an)\s+(?=\p{Lu}[\p{L}.-]*['’]s\b)/u;

export function cleanRole(r: string | undefined): string | undefined {
  if (!r) return undefined;
  // "general manager said at the launch": the role ends before a speech verb.
  r = r.replace(/\s+(?:said|says|told|added)\b.*$/, '');
  // A long stretch before a name holds a clause ("Duff sustained a knee injury … and manager"):
  // the role is what follows its last conjunction.
  const words = r.trim().split(/\s+/);
  if (words.length > 6) {
    const cut = Math.max(...['and', 'but', 'while', 'as', 'when', 'said', 'says'].map((w) => words.lastIndexOf(w)));
    if (cut >= 0 && words.length - cut - 1 <= 6 && /^(?:and|but|while|as|when|said|says)$/.test(words[cut]))
      r = words.slice(cut + 1).join(' ');
  }
  const t = r
    .replace(ARTICLE_BEFORE_OWNER, '')
    .replace(/(?:^|\s)(?:Mr|Mrs|Ms|Miss|Dr|Sir|Dame|Lord|Lady)\.?$/, '')
    .replace(/\s+(?:the|a|an|The|A|An)$/, '')
    .replace(/[\s,]+$/, '')
    .trim();
  // "the EPA's" or "Celtic's" says whose, not what: no role; nor does a clause ("Interrupting Mr …").
  if (/^(?:[\p{Lu}][\p{L}.&-]*\s+)*[\p{Lu}][\p{L}.&-]*['’]s$/u.test(t) || OPENING_WORDS.test(t) || /^[A-Z][a-z]+ing\s/.test(t))
    return undefined;
  if (!/[a-z]{3,}/.test(t.replace(/\b(?:the|a|an|of|and)\b/g, ''))) return undefined;
  return t;
}
