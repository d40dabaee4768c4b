/**
 * Who a speech verb's subject is. The subject is a noun phrase cut out of the text next to a
 * speech verb ("Michael Kugelman, deputy director of …, told", "said chief executive Todd
 * Stitzer", "a European diplomat posted in Islamabad told", "he said", "the diplomat noted");
 * this file reads it into a name, a description, a pronoun or a reference back.
 */

/** Verbs that report speech or writing. "according to" is handled apart. */
export const SPEECH_VERBS =
  'said says say told tells added adds noted notes stated states explained explains continued continues argued argues insisted insists ' +
  'warned warns claimed claims agreed agrees remarked remarks wrote writes asked asks replied replies declared declares commented comments ' +
  'observed observes acknowledged acknowledges admitted admits conceded concedes stressed stresses emphasised emphasized emphasises emphasizes ' +
  'suggested suggests maintained maintains announced announces predicted predicts recalled recalls urged urges confirmed confirms ' +
  'joked jokes quipped quips reiterated reiterates cautioned cautions complained complains described describes called calls ' +
  'believes believed thinks thought felt feels told';

export const VERB_RE = new RegExp(
  `\\b(?:(?:has|have|had|will|would|later|also|then|once|previously|recently|earlier|simply|just)\\s+)*(?:${[...new Set(SPEECH_VERBS.split(' '))].join('|')})\\b`,
  'g',
);

/** Capitalised words that open a clause but name nobody. */
const NOT_NAMES = new Set(
  (
    'meanwhile however but and or so yet also still moreover furthermore therefore thus instead indeed later earlier now then ' +
    'in on at for if when while after before as since although though because with without by from to of the a an this that these those ' +
    'he she it they we i you his her their its our my there here such some many most one another speaking asked writing ' +
    'mr mrs ms miss dr prof sir dame lord lady monday tuesday wednesday thursday friday saturday sunday ' +
    'january february march april may june july august september october november december'
  ).split(' '),
);

/** Honorifics and ranks that introduce a name; kept out of the name we print, read as the role. */
const TITLE_WORDS =
  'Mr|Mrs|Ms|Miss|Dr|Prof|Professor|Sir|Dame|Lord|Lady|Baroness|Baron|Rev|Reverend|Gen\\.?|Brig\\.?|Col\\.?|Maj\\.?|Lt\\.?|Capt\\.?|Adm\\.?|Sgt\\.?|Sen\\.?|Rep\\.?|Gov\\.?|General|Colonel|Major|Captain|Admiral|Sheikh|Prince|Princess|King|Queen|President|Chancellor|Minister|Secretary|Ambassador|Judge|Justice|Field Marshal|Senator|Governor|Mayor|Chairman|Director|Commissioner|Inspector|Detective|Superintendent|Chief';

// A capitalised word; a dot only after an initial or a short abbreviation ("J.", "Jr."), so that
// a name never runs on across a sentence end ("… Chronicle. Sony").
/** Offices written in capitals before a name ("Treasurer", "Director"): the end of a role, not part of the name. */
const OFFICE_WORDS =
  /^(?:Treasurer|Premier|Director|Manager|Officer|Executive|Economist|Analyst|Spokesman|Spokeswoman|Spokesperson|Coach|Captain|Leader|Envoy|Representative|Commissioner|Chairman|Chairwoman|Chair|President|Minister|Secretary|Governor|Mayor|Ambassador|Senator|Chancellor|Judge|Magistrate|Inspector|Superintendent|Constable|Counsel|Attorney|Editor|Founder|Partner|Producer|Boss|Manager|Striker|Midfielder|Defender|Goalkeeper)$/;
const TITLE_ONLY = new RegExp(`^(?:${TITLE_WORDS})$`);
const CAP = `[\\p{Lu}](?:[\\p{L}]{0,2}\\.|[\\p{L}\\p{M}'’-]*)`;
const PARTICLE = `(?:bin|ibn|al|el|de|del|della|da|di|du|van|von|der|den|la|le|dos|das|St\\.?)`;
/** A capitalised name: titles, then capitalised words with particles between them. */
export const NAME_RE = new RegExp(
  `(?<![\\p{L}\\p{N}-])(?:(?:${TITLE_WORDS})\\s+)*${CAP}(?:[\\s\\u00a0]+(?:${PARTICLE}[\\s\\u00a0]+)?${CAP})*`,
  'gu',
);

const ORG_WORDS =
  /\b(?:Trust|Bank|Ministry|Party|Corp|Corporation|Inc|Ltd|Plc|Group|Council|Association|Company|Office|Government|Army|Police|Service|Agency|Commission|Union|Federation|Board|Institute|Department|Club|League|Committee|University|College|Fund|Foundation|Society|Authority|Organisation|Organization|Federal|Reserve|Court|Parliament|Congress|Senate|Executive|Airlines|Airways|Motors|Systems|Industries|Holdings|Times|Post|News|Press|Network|Studios|Records|Pictures|Securities|Capital|Partners|Research|Exchange|Centre|Center|Forum|Alliance|Coalition|Front|Movement|Council|FC|Reuters|BBC|Microsoft|Google|Apple|Sony)\b/;

export interface NameHit {
  /** The name as written, without titles ("Qamar Javed Bajwa"). */
  name: string;
  /** Titles and ranks written before it ("Gen."), if any. */
  title: string;
  start: number;
  end: number;
}

/** Capitalised names in a stretch of text (offsets relative to it), clause openers left out. */
export function namesIn(text: string): NameHit[] {
  const out: NameHit[] = [];
  for (const m of text.matchAll(NAME_RE)) {
    let s = m[0];
    let start = m.index;
    // Drop clause-opening capitals ("Meanwhile", "But") and owners ("Xbox's Peter Moore").
    const words = s.split(/[\s\u00a0]+/);
    // An owner inside the run ("ABN Amro's Paul Mackel"): the name starts after it.
    const owner = words.slice(0, -1).findLastIndex((w) => /['’]s$/.test(w));
    for (let j = 0; j <= owner; j++) {
      start += words[0].length;
      words.shift();
      const rest = text.slice(start);
      start += rest.length - rest.replace(/^[\s\u00a0]+/, '').length;
    }
    while (
      words.length > 1 &&
      ((NOT_NAMES.has(words[0].toLowerCase().replace(/[.’']+$/, '')) && !TITLE_ONLY.test(words[0])) || /['’]s$/.test(words[0]))
    ) {
      start += words[0].length;
      words.shift();
      const rest = text.slice(start);
      start += rest.length - rest.replace(/^[\s\u00a0]+/, '').length;
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
      const rest = text.slice(start);
      start += rest.length - rest.replace(/^[\s\u00a0]+/, '').length;
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
    const tm = new RegExp(`^((?:(?:${TITLE_WORDS})[\\s\\u00a0]+)*)`).exec(s);
    const title = tm ? tm[1].trim() : '';
    const name = s.slice(title ? tm![1].length : 0).replace(/[.,]+$/, '');
    if (!name || !/\p{Lu}/u.test(name[0])) continue;
    if (TITLE_ONLY.test(name) && /\b(?:the|a|an|his|her|its|their|our)[\s\u00a0]+$/i.test(text.slice(0, start))) continue; // "the Chancellor": a description
    if (NOT_NAMES.has(name.toLowerCase())) continue;
    out.push({ name, title, start, end: start + words.join(' ').length });
  }
  return out;
}

export function looksLikeGroup(name: string): boolean {
  return ORG_WORDS.test(name) || /^[\p{Lu}\d&-]{2,}$/u.test(name);
}

export type SubjectKind = 'name' | 'pronoun' | 'indefinite' | 'definite' | 'statement' | 'none';

export interface Subject {
  kind: SubjectKind;
  /** The name, the description or the pronoun, as written. */
  text: string;
  /** Offset of `text` inside the phrase given to `readSubject`. */
  start: number;
  /** A role written with it: an appositive or the words before a name. */
  role?: string;
  /** For definite descriptions: the head noun ("diplomat"). */
  head?: string;
  /** A one-word name opening the clause: may be a capitalised common noun ("Analysts said"). */
  initial?: boolean;
}

const PRONOUNS = new Set(['he', 'she', 'they', 'it', 'we', 'i']);
const DEFINITE = /^(?:the|this|that|these|those|his|her|their|its)\s+/i;
const INDEFINITE = /^(?:a|an|one|another|two|three|several|some|many|other)\s+/i;
// A gerund opens a clause ("Referring to …", "losing the first set …"); a name ending in -ing
// ("Keating", "Harding") is followed by no such word.
const OPENERS =
  /^(?:(?:in|on|at|to|for|with|without|by|from|after|before|during|as|while|when|if|since|although|though|because|meanwhile|however|but|and|so|yet|also|asked|according)\b|[A-Za-z]+ing\s+(?:to|the|a|an|at|in|on|with|about|for|of|his|her|their|its|that|this|up|out|over)\b)/i;
const OPENING_WORDS = { test: (t: string): boolean => OPENERS.test(t) || /^[a-z]+ing\b/.test(t) };
/** Words a noun phrase does not contain; a stretch with them is a clause, not a speaker. */
const CLAUSE_WORDS =
  /\b(?:is|are|was|were|be|been|being|has|have|had|do|does|did|will|would|can|could|should|may|might|must|that|which|who|whose|where|when|if|because|not)\b/i;

/** A comma-separated stretch of the phrase, with its offset. */
interface Seg {
  text: string;
  start: number;
}

function segments(phrase: string): Seg[] {
  const out: Seg[] = [];
  // A bracketed aside ("Greenwell Montagu (Far East) Ltd") does not split or end a segment.
  const original = phrase;
  phrase = phrase.replace(/\([^()]*\)/g, (m) => ' '.repeat(m.length));
  // Commas, dashes (a spaced hyphen too: "Mr Hawkins - a paraplegic himself - says") and brackets set phrases off.
  const re = /(?:[^,;:—–()\s-]|\s(?!-\s)|-(?!\s))+/g;
  for (const m of phrase.matchAll(re)) {
    const lead = m[0].length - m[0].trimStart().length;
    const t = m[0].trim();
    // The words as written, the aside included, for the role.
    if (t) out.push({ text: original.slice(m.index + lead, m.index + lead + t.length), start: m.index + lead });
  }
  return out;
}

/** A role written as an appositive: lower-case words or a title, no clause, not too long. */
export function isRole(text: string): boolean {
  const words = text.split(/\s+/);
  if (words.length > 16 || CLAUSE_WORDS.test(text) || OPENING_WORDS.test(text)) return false;
  if (/^\d+$/.test(text)) return false;
  return /\b[a-z][a-z-]+\b/.test(text) || /^(?:the\s+)?[\p{Lu}][\p{L}-]+\s+(?:of|for)\b/u.test(text);
}

/** Reads the segment next to the verb as a subject; `fromRight` when the verb follows it. */
export function readSubject(phrase: string, fromRight: boolean): Subject | null {
  const segs = segments(phrase);
  if (!segs.length) return null;
  const order = fromRight ? [...segs].reverse() : segs;
  let role: string | undefined;
  for (let i = 0; i < order.length && i < 4; i++) {
    const seg = trimOpeners(order[i]);
    const t = seg.text;
    const lower = t.toLowerCase();
    // "Colin Asplin, Blackpool Hotel Association said": an organisation set off after a person's
    // name is where they work, not who speaks.
    if (fromRight && order[i + 1] && looksLikeGroup(t) && isNameSegment(t)) {
      const prev = trimOpeners(order[i + 1]);
      const n = namesIn(prev.text).pop();
      if (n && isNameSegment(prev.text) && !looksLikeGroup(n.name) && n.name.includes(' ')) {
        return { kind: 'name', text: n.name, start: nameStart(prev, prev.text, n), role: cleanRole(t), initial: false };
      }
    }
    // "Serena Williams, who is also in Dubai, added": a relative clause between name and verb.
    if (fromRight && order[i + 1] && /^(?:who|whose|which)\b/i.test(t) && isNameSegment(trimOpeners(order[i + 1]).text)) continue;
    // An appositive between a name and the verb ("Michael Kugelman, deputy director of …, told"):
    // remember it as the role and read the name to its left.
    if (fromRight && order[i + 1] && isNameSegment(order[i + 1].text) && isAppositive(t)) {
      role = role ?? t;
      continue;
    }
    if (PRONOUNS.has(lower)) return i === 0 ? { kind: 'pronoun', text: lower, start: seg.start } : null;
    if (/^(?:the|a|an|its|their|his|her)\s+(?:joint\s+|official\s+|written\s+|brief\s+)?statement$/i.test(t))
      return { kind: 'statement', text: t, start: seg.start };
    if (!fromRight) {
      const left = readLeft(order, i);
      if (left) return left;
    }
    const names = namesIn(t);
    const name = names[names.length - 1];
    // "the American", "the Irishman": a description, though capitalised.
    if (name && /^(?:the|an?)\s+\S+$/i.test(t) && !/\s/.test(name.name)) {
      return { kind: DEFINITE.test(t) ? 'definite' : 'indefinite', text: t, start: seg.start, head: name.name.toLowerCase(), role };
    }
    // From the right the name must end its segment, next to the verb ("… Gen. Qamar Javed Bajwa, said").
    if (fromRight && name && isNameSegment(t)) {
      // The words before the name in its segment ("chief executive Todd Stitzer") are a role;
      // so can be the segment before it ("Pakistan’s army chief, Gen. …").
      const before = t.slice(0, name.start).trim();
      const ownRole = (before.includes(name.title) ? before : [before, name.title].filter(Boolean).join(' ')).trim();
      const prevRole = !ownRole && order[i + 1] && isRole(order[i + 1].text) ? order[i + 1].text : undefined;
      return {
        kind: 'name',
        text: name.name,
        start: nameStart(seg, t, name),
        role: cleanRole(role ?? (ownRole || prevRole)),
        initial: seg.start === 0 && name.start === 0,
      };
    }
    // "David Noone from Intervoice said": the name is what comes before "from/of/at" + an organisation.
    const org = fromRight ? /^(.*?)\s+(?:of|from|at)\s+((?:the\s+)?[\p{Lu}][\p{L}&.'’-]*(?:\s+[\p{Lu}][\p{L}&.'’-]*)*)$/u.exec(t) : null;
    if (org && isNameSegment(org[1])) {
      const n = namesIn(org[1]).pop()!;
      const before = org[1].slice(0, n.start).trim();
      return {
        kind: 'name',
        text: n.name,
        start: nameStart(seg, t, n),
        role: cleanRole(role ?? [before, t.slice(org[1].length).trim()].filter(Boolean).join(' ')),
        initial: false,
      };
    }
    if (name && !INDEFINITE.test(t) && !DEFINITE.test(t)) return null;
    if (/\b(?:and|or|to|of|in|on|at|with)$/i.test(t)) return null;
    if (/\b(?:he|she|they|we|it|i|you)\b/i.test(t)) return null; // "The problem they face": a clause
    if (INDEFINITE.test(t) && !CLAUSE_WORDS.test(t)) return { kind: 'indefinite', text: t, start: seg.start, role };
    if (DEFINITE.test(t) && !CLAUSE_WORDS.test(t) && t.split(/\s+/).length <= 8) {
      const head = (
        /^(?:the|this|that|these|those|his|her|their|its)\s+(?:[\p{L}-]+\s+){0,4}?([a-z-]+)(?:\s+(?:of|for|at|in|from|with)\b.*)?$/iu.exec(
          t,
        )?.[1] ?? ''
      ).toLowerCase();
      return { kind: 'definite', text: t, start: seg.start, head, role };
    }
    // A bare plural or role-noun subject ("analysts", "police officials").
    if (i === 0 && /^[a-z][a-z -]+$/.test(t) && t.split(' ').length <= 4 && !CLAUSE_WORDS.test(t) && !OPENING_WORDS.test(t)) {
      if (fromRight) {
        const next = order[1];
        if (next && namesIn(next.text).length && isRole(t)) {
          role = t; // an appositive after a name: keep looking left for the name
          continue;
        }
      }
      return { kind: 'indefinite', text: t, start: seg.start };
    }
    // Appositive roles and ages between the name and the verb: skip them, remember the role.
    if (fromRight && (isRole(t) || /^\d+$/.test(t))) {
      if (isRole(t)) role = role ?? t;
      continue;
    }
    return null;
  }
  return null;
}

/** A segment that is a name, maybe after a title or role words ("Gen. Qamar Javed Bajwa", "chief executive Todd Stitzer"). */
function isNameSegment(text: string): boolean {
  const names = namesIn(text);
  const last = names[names.length - 1];
  if (!last || last.end < text.replace(/[\s.]+$/, '').length || OPENING_WORDS.test(text) || INDEFINITE.test(text)) return false;
  // "… posted in Islamabad": a place after a preposition ends a description, not a name.
  return !/\b(?:in|at|of|from|for|with|by|on|to|near|across|into|over|under|and|or)\s*$/i.test(text.slice(0, last.start));
}

/** A role set off by commas after a name: starts in lower case (or "the"/"a"), no clause. */
function isAppositive(text: string): boolean {
  if (CLAUSE_WORDS.test(text) || OPENING_WORDS.test(text) || PRONOUNS.has(text.toLowerCase())) return false;
  if (/^\d+$/.test(text)) return true;
  return /^(?:(?:the|a|an)\s+)?(?:[\p{Lu}][\p{L}.-]*['’]s\s+)?[a-z]/u.test(text) && text.split(/\s+/).length <= 30;
}

/** Conjunctions and a time phrase opening a segment ("And Robben", "On Tuesday Labour chairman …") say nothing of the speaker. */
function trimOpeners(seg: Seg): Seg {
  const m =
    /^(?:(?:and|but|so|yet|also|then|now)\s+)?(?:(?:on|last|this|earlier|later|in)\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|week|month|year|night|\d{4}|january|february|march|april|may|june|july|august|september|october|november|december)\b[\s,]*)?/i.exec(
      seg.text,
    );
  const cut = m ? m[0].length : 0;
  return cut && cut < seg.text.length ? { text: seg.text.slice(cut), start: seg.start + cut } : seg;
}

function nameStart(seg: Seg, t: string, name: NameHit): number {
  return seg.start + name.start + (name.title ? t.slice(name.start).indexOf(name.name) : 0);
}

/**
 * A subject after the verb: "said Rick Egelton, deputy chief economist at BMO", "said ING analyst
 * Gerard Rijk of …", "said one of their lawyers, Michalis Dimitrakopoulos".
 */
function readLeft(order: Seg[], i: number): Subject | null {
  const seg = order[i];
  const t = seg.text;
  const next = order[i + 1];
  if (INDEFINITE.test(t) && next && isNameSegment(next.text)) {
    const n = namesIn(next.text).pop()!;
    return { kind: 'name', text: n.name, start: nameStart(next, next.text, n), role: cleanRole(t) };
  }
  if (INDEFINITE.test(t) || (DEFINITE.test(t) && !namesIn(t).length)) return null;
  // The head ends at the first preposition that does not complete an office ("Minister of Finance Petra Novak").
  let headEnd = t.length;
  for (const m of t.matchAll(/\s(?:of|at|from|for|in|with|on|who|which|as)\s/gi)) {
    const before = /(\S+)$/.exec(t.slice(0, m.index))?.[1] ?? '';
    if (/^of$/i.test(m[0].trim()) && (OFFICE_WORDS.test(before) || TITLE_ONLY.test(before))) continue;
    headEnd = m.index!;
    break;
  }
  const head = t.slice(0, headEnd);
  const names = namesIn(head);
  const name = names[names.length - 1];
  if (!name || name.end < head.trimEnd().length) return null;
  const before = head.slice(0, name.start).trim();
  if (before.split(/\s+/).length > 6 || CLAUSE_WORDS.test(before)) return null;
  const tail = t.slice(headEnd).trim();
  const tailRole =
    tail &&
    /^(?:of|at|from)\s/i.test(tail) &&
    tail.split(/\s+/).length <= 8 &&
    !CLAUSE_WORDS.test(tail) &&
    /[\p{Lu}][\p{L}&.-]*$/u.test(tail) &&
    !/['’]s\b/.test(tail)
      ? tail
      : undefined;
  const nextRole = next && isRole(next.text) && !isNameSegment(next.text) ? next.text : undefined;
  const ownRole = (before.includes(name.title) ? before : [before, name.title].filter(Boolean).join(' ')).trim();
  const role = [ownRole, tailRole].filter(Boolean).join(' ') || nextRole;
  return { kind: 'name', text: name.name, start: nameStart(seg, t, name), role: cleanRole(role) };
}

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
    .replace(/^(?:the|a|an)\s+(?=\p{Lu}[\p{L}.-]*['’]s\b)/u, '')
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
