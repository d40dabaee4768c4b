/**
 * Who a speech verb's subject is: the noun phrase cut out of the text next to a speech verb,
 * read into a name, a description, a pronoun or a reference back. The phrase is split into
 * comma-separated segments; they are read from the verb outwards (at most four), and for each
 * segment the rules below are tried in order. A rule takes the subject, skips the segment (an
 * appositive, perhaps keeping it as the role) or stops: the phrase is not a speaker.
 */
import { isPlace } from '../lexicon.js';
import { matchesOf } from '../matches.js';
import { firstDecision, type Rule } from './engine.js';
import {
  CLAUSE_WORDS,
  DEFINITE,
  INDEFINITE,
  OPENING_WORDS,
  PRONOUNS,
  TITLE_ONLY,
  OFFICE_WORDS,
  cleanRole,
  isRole,
  looksLikeGroup,
  namesIn,
  type NameHit,
} from './speaker.js';

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

/** One segment as the rules see it. */
export interface SegmentCase {
  /** The segments in reading order from the verb outwards. */
  order: Seg[];
  i: number;
  /** Whether the verb follows the phrase ("X said") rather than precedes it ("said X"). */
  fromRight: boolean;
  seg: Seg;
  /** The segment's words, openers trimmed. */
  t: string;
  /** A role kept from a segment skipped before. */
  role: string | undefined;
  /** The segment's last name, if any. */
  name: NameHit | undefined;
}

export type SegmentOutcome = { subject: Subject } | { skip: true; role?: string } | { stop: true };

const take = (subject: Subject): SegmentOutcome => ({ subject });
const STOP: SegmentOutcome = { stop: true };

/** The rules for one segment, in order. */
export const SEGMENT_RULES: Rule<SegmentCase, SegmentOutcome>[] = [
  {
    // "Colin Asplin, Blackpool Hotel Association said": an organisation set off after a person's
    // name is where they work, not who speaks.
    name: 'organisation-after-name',
    apply({ fromRight, order, i, t }) {
      if (!fromRight || !order[i + 1] || !looksLikeGroup(t) || !isNameSegment(t)) return null;
      const prev = trimOpeners(order[i + 1]);
      const n = namesIn(prev.text).pop();
      if (n && isNameSegment(prev.text) && !looksLikeGroup(n.name) && n.name.includes(' ')) {
        return take({ kind: 'name', text: n.name, start: nameStart(prev, prev.text, n), role: cleanRole(t), initial: false });
      }
      return null;
    },
  },
  {
    // "Serena Williams, who is also in Dubai, added": a relative clause between name and verb.
    name: 'relative-clause',
    apply: ({ fromRight, order, i, t }) =>
      fromRight && order[i + 1] && /^(?:who|whose|which)\b/i.test(t) && isNameSegment(trimOpeners(order[i + 1]).text)
        ? { skip: true }
        : null,
  },
  {
    // "… would involve Attorney General Loretta E. Lynch, who told", "… a nomination for Staunton,
    // 49, who told": "who" right before the verb stands for the name that ends the phrase before
    // it (an age between), however that phrase began.
    name: 'who-antecedent',
    apply({ fromRight, order, i, t }) {
      if (!fromRight || i !== 0 || !/^who$/i.test(t)) return null;
      const prev = /^\d+$/.test(order[1]?.text ?? '') ? order[2] : order[1];
      if (!prev) return null;
      const n = namesIn(prev.text).pop();
      // "… daughter of ex-King Michael of Romania, who said": a place is nobody's antecedent.
      if (!n || n.end < prev.text.replace(/[\s.]+$/, '').length || looksLikeGroup(n.name) || isPlace(n.name.toLowerCase())) return null;
      return take({ kind: 'name', text: n.name, start: nameStart(prev, prev.text, n), initial: false });
    },
  },
  {
    // "X, who lives outside the state capital, Sacramento, said": the name before the relative
    // clause speaks, whatever names the clause holds.
    name: 'name-before-relative-clause',
    apply({ fromRight, order, i }) {
      if (!fromRight || i !== 0) return null;
      for (let k = 1; k < order.length - 1 && k < 4; k++) {
        if (!/^who\b/i.test(order[k].text)) continue;
        const prev = trimOpeners(order[k + 1]);
        const n = namesIn(prev.text).pop();
        if (!n || !isNameSegment(prev.text) || looksLikeGroup(n.name)) return null;
        const before = prev.text.slice(0, n.start).trim();
        return take({
          kind: 'name',
          text: n.name,
          start: nameStart(prev, prev.text, n),
          role: cleanRole(before || undefined),
          initial: false,
        });
      }
      return null;
    },
  },
  {
    // "Senator X, Republican of Iowa, said": a party and a place set off after a name.
    name: 'affiliation',
    apply: ({ fromRight, order, i, t }) =>
      fromRight &&
      order[i + 1] &&
      /^(?:a\s+|the\s+)?(?:[\p{Lu}][\p{L}-]+\s+){1,3}(?:of|from|for)\s+(?:the\s+)?[\p{Lu}]/u.test(t) &&
      isNameSegment(order[i + 1].text)
        ? { skip: true, role: t }
        : null,
  },
  {
    // An appositive between a name and the verb ("Michael Kugelman, deputy director of …, told"):
    // remember it as the role and read the name to its left.
    name: 'appositive',
    apply: ({ fromRight, order, i, t }) =>
      fromRight && order[i + 1] && isNameSegment(order[i + 1].text) && isAppositive(t) ? { skip: true, role: t } : null,
  },
  {
    // A pronoun speaks only next to the verb.
    name: 'pronoun',
    apply: ({ t, i, seg }) =>
      PRONOUNS.has(t.toLowerCase()) ? (i === 0 ? take({ kind: 'pronoun', text: t.toLowerCase(), start: seg.start }) : STOP) : null,
  },
  {
    name: 'statement',
    apply: ({ t, seg }) =>
      /^(?:the|a|an|its|their|his|her)\s+(?:joint\s+|official\s+|written\s+|brief\s+)?statement$/i.test(t)
        ? take({ kind: 'statement', text: t, start: seg.start })
        : null,
  },
  {
    // "said Rick Egelton, deputy chief economist at BMO".
    name: 'name-after-verb',
    apply: ({ fromRight, order, i }) => {
      if (fromRight) return null;
      const left = readLeft(order, i);
      return left ? take(left) : null;
    },
  },
  {
    // "the American", "the Irishman": a description, though capitalised.
    name: 'capitalised-description',
    apply: ({ name, t, seg, role }) =>
      name && /^(?:the|an?)\s+\S+$/i.test(t) && !/\s/.test(name.name)
        ? take({ kind: DEFINITE.test(t) ? 'definite' : 'indefinite', text: t, start: seg.start, head: name.name.toLowerCase(), role })
        : null,
  },
  {
    // From the right the name must end its segment, next to the verb ("… Gen. Qamar Javed Bajwa, said").
    name: 'name-before-verb',
    apply({ fromRight, name, t, order, i, seg, role }) {
      if (!fromRight || !name || !isNameSegment(t)) return null;
      // The words before the name in its segment ("chief executive Todd Stitzer") are a role;
      // so can be the segment before it ("Pakistan’s army chief, Gen. …").
      const before = t.slice(0, name.start).trim();
      // "that Sanders can catch Clinton": a clause ending in a name, not a speaker.
      if (CLAUSE_WORDS.test(before) || /\b(?:he|she|they|we|i|you)\b/i.test(before)) return STOP;
      const ownRole = (before.includes(name.title) ? before : [before, name.title].filter(Boolean).join(' ')).trim();
      const prevRole = !ownRole && order[i + 1] && isRole(order[i + 1].text) ? order[i + 1].text : undefined;
      return take({
        kind: 'name',
        text: name.name,
        start: nameStart(seg, t, name),
        role: cleanRole(role ?? (ownRole || prevRole)),
        initial: seg.start === 0 && name.start === 0,
      });
    },
  },
  {
    // "David Noone from Intervoice said": the name is what comes before "from/of/at" + an organisation.
    name: 'name-of-organisation',
    apply({ fromRight, t, seg, role }) {
      const org = fromRight
        ? /^(.*?)\s+(?:of|from|at)\s+((?:the\s+)?[\p{Lu}][\p{L}&.'’-]*(?:\s+(?:(?:for|of|and|on|the)\s+)*[\p{Lu}][\p{L}&.'’-]*)*)$/u.exec(t)
        : null;
      if (!org || !isNameSegment(org[1])) return null;
      const n = namesIn(org[1]).pop()!;
      const before = org[1].slice(0, n.start).trim();
      return take({
        kind: 'name',
        text: n.name,
        start: nameStart(seg, t, n),
        role: cleanRole(role ?? [before, t.slice(org[1].length).trim()].filter(Boolean).join(' ')),
        initial: false,
      });
    },
  },
  // A name inside a longer stretch that is no description: a clause.
  { name: 'name-in-clause', apply: ({ name, t }) => (name && !INDEFINITE.test(t) && !DEFINITE.test(t) ? STOP : null) },
  { name: 'dangling-preposition', apply: ({ t }) => (/\b(?:and|or|to|of|in|on|at|with)$/i.test(t) ? STOP : null) },
  // "The problem they face": a clause.
  { name: 'pronoun-in-clause', apply: ({ t }) => (/\b(?:he|she|they|we|it|i|you)\b/i.test(t) ? STOP : null) },
  {
    name: 'indefinite',
    apply: ({ t, seg, role }) =>
      INDEFINITE.test(t) && !CLAUSE_WORDS.test(t) ? take({ kind: 'indefinite', text: t, start: seg.start, role }) : null,
  },
  {
    name: 'definite',
    apply({ t, seg, role }) {
      if (!DEFINITE.test(t) || CLAUSE_WORDS.test(t) || t.split(/\s+/).length > 8) return null;
      const head = (
        /^(?:the|this|that|these|those|his|her|their|its)\s+(?:[\p{L}-]+\s+){0,4}?([a-z-]+)(?:\s+(?:of|for|at|in|from|with)\b.*)?$/iu.exec(
          t,
        )?.[1] ?? ''
      ).toLowerCase();
      return take({ kind: 'definite', text: t, start: seg.start, head, role });
    },
  },
  {
    // A bare plural or role-noun subject ("analysts", "police officials").
    name: 'bare-noun',
    apply({ i, t, fromRight, order, seg }) {
      if (i !== 0 || !/^[a-z][a-z -]+$/.test(t) || t.split(' ').length > 4 || CLAUSE_WORDS.test(t) || OPENING_WORDS.test(t)) return null;
      // An appositive after a name: keep looking left for the name.
      if (fromRight && order[1] && namesIn(order[1].text).length && isRole(t)) return { skip: true, role: t };
      return take({ kind: 'indefinite', text: t, start: seg.start });
    },
  },
  {
    // Appositive roles and ages between the name and the verb: skip them, remember the role.
    name: 'role-or-age',
    apply: ({ fromRight, t }) => (fromRight && (isRole(t) || /^\d+$/.test(t)) ? { skip: true, role: isRole(t) ? t : undefined } : null),
  },
];

/** Reads the segment next to the verb as a subject; `fromRight` when the verb follows it. */
export function readSubject(phrase: string, fromRight: boolean): Subject | null {
  const segs = segments(phrase);
  if (!segs.length) return null;
  const order = fromRight ? [...segs].reverse() : segs;
  let role: string | undefined;
  for (let i = 0; i < order.length && i < 4; i++) {
    const seg = trimOpeners(order[i]);
    let names: NameHit[] | undefined;
    const d = firstDecision(SEGMENT_RULES, {
      order,
      i,
      fromRight,
      seg,
      t: seg.text,
      role,
      // Read only when a rule asks: most segments are decided before.
      get name() {
        names ??= namesIn(seg.text);
        return names[names.length - 1];
      },
    });
    if (!d || 'stop' in d.out) return null;
    if ('subject' in d.out) return d.out.subject;
    role = role ?? d.out.role;
  }
  return null;
}

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
  for (const m of matchesOf(re, phrase)) {
    const lead = m[0].length - m[0].trimStart().length;
    const t = m[0].trim();
    // The words as written, the aside included, for the role.
    if (t) out.push({ text: original.slice(m.index + lead, m.index + lead + t.length), start: m.index + lead });
  }
  return out;
}

/** A segment that is a name, maybe after a title or role words ("Gen. Qamar Javed Bajwa", "chief executive Todd Stitzer"). */
function isNameSegment(text: string): boolean {
  const names = namesIn(text);
  const last = names[names.length - 1];
  if (!last || last.end < text.replace(/[\s.]+$/, '').length || OPENING_WORDS.test(text) || INDEFINITE.test(text)) return false;
  // "… posted in Islamabad": a place after a preposition ends a description, not a name.
  return !/\b(?:in|at|of|from|for|with|by|on|to|near|across|into|over|under|and|or)\s*(?:the\s+)?$/i.test(text.slice(0, last.start));
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

/** A preposition or relative word, which may end the head of a subject read after the verb. */
const HEAD_END = /\s(?:of|at|from|for|in|with|on|who|which|as)\s/gi;

/**
 * A subject after the verb: "said Rick Egelton, deputy chief economist at BMO", "said ING analyst
 * Gerard Rijk of …", "said one of their lawyers, Michalis Dimitrakopoulos".
 */
function readLeft(order: Seg[], i: number): Subject | null {
  const seg = order[i];
  const t = seg.text;
  const next = order[i + 1];
  // "said one of their lawyers, X", "said Clinton's communications director, X": a role, then the name.
  if (
    (INDEFINITE.test(t) || DEFINITE.test(t) || (/^[\p{Lu}][\p{L}.-]*['’]s\s+[a-z]/u.test(t) && isRole(t))) &&
    next &&
    isNameSegment(next.text)
  ) {
    const n = namesIn(next.text).pop()!;
    return { kind: 'name', text: n.name, start: nameStart(next, next.text, n), role: cleanRole(t) };
  }
  if (INDEFINITE.test(t) || (DEFINITE.test(t) && !namesIn(t).length)) return null;
  // The head ends at the first preposition that does not complete an office ("Minister of Finance Petra Novak").
  let headEnd = t.length;
  for (const m of matchesOf(HEAD_END, t)) {
    const before = /(\S+)$/.exec(t.slice(0, m.index))?.[1] ?? '';
    if (/^of$/i.test(m[0].trim()) && (OFFICE_WORDS.test(before) || TITLE_ONLY.test(before))) continue;
    headEnd = m.index;
    break;
  }
  const head = t.slice(0, headEnd);
  const names = namesIn(head);
  const name = names[names.length - 1];
  if (!name || name.end < head.trimEnd().length) return null;
  const before = head.slice(0, name.start).trim();
  if (before.split(/\s+/).length > 6 || CLAUSE_WORDS.test(before) || /\b(?:he|she|they|it|we|i|you)\b/i.test(before)) return null;
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

/**
 * The subject opening a sentence, read when a verb follows it: an optional opening phrase set off
 * by a comma ("On Tuesday, "), role words and a name ("Vermont Sen. Bernie Sanders", "former
 * Maryland governor Martin O'Malley"), an optional appositive (", a historian at …,"), adverbs,
 * then a word that reads as a finite verb. A pronoun opening the sentence is returned as such.
 */
export function leadingSubject(lead: string): { subject: Subject; offset: number } | null {
  const from = LEAD_OPENER.exec(lead)?.[0].length ?? 0;
  const rest = lead.slice(from);
  const pronoun = /^(he|she|they)\s+/i.exec(rest);
  if (pronoun) {
    return isVerbWord(rest.slice(pronoun[0].length).replace(ADVERBS, ''))
      ? { subject: { kind: 'pronoun', text: pronoun[1].toLowerCase(), start: 0 }, offset: from }
      : null;
  }
  const names = namesIn(rest.slice(0, 160));
  for (const [k, n] of names.slice(0, 3).entries()) {
    // A later name is the subject only after role words ("Former Obama speechwriter Jon Favreau"),
    // not after a preposition ("X of the anti-Trump National Review").
    if (k > 0 && /\b(?:of|in|at|for|with|from|by|to|on|and|or)\b/i.test(rest.slice(names[k - 1].end, n.start))) return null;
    // Only role words, names and owners before it ("Trump’s Virginia state director, ").
    const before = rest.slice(0, n.start);
    if (
      !/^(?:[\p{L}.'’&-]+,?\s+){0,8}$/u.test(before) ||
      /\b(?:is|was|are|were|has|had|have|will|would|not|the|and|or|of|in|on|at|to|for|with|by|from|that|when|after|before)\s+$/i.test(
        before,
      )
    )
      return null;
    if (CLAUSE_WORDS.test(before) || VERB_WORD_RE.test(before)) return null;
    let after = rest.slice(n.end);
    if (/^['’]s\b/.test(after)) continue; // an owner: the subject is further on
    // A party and state after the name: "(D)", "(R-Ky.)", ", R-Ky.,".
    after = after.replace(PARTY_TAG, ' ');
    const appositive = /^,\s*(?:who\s+[^,“”"]{1,120}|(?:a|an|the|\d+)\b[^,“”"]{0,120}|[a-z][^,“”"]{0,120}),\s*/.exec(after);
    // "Mike Rubino, reached out to …, writing": a comma before the verb, no appositive.
    if (appositive && !isVerbWord(after.replace(/^,\s*/, '').replace(ADVERBS, ''))) after = after.slice(appositive[0].length);
    else if (appositive) after = after.replace(/^,\s*/, '');
    after = after.replace(ADVERBS, '');
    if (isVerbWord(after)) {
      const offset = from + n.start + (n.title ? rest.slice(n.start).indexOf(n.name) : 0);
      return {
        subject: { kind: 'name', text: n.name, start: 0, role: cleanRole(before.replace(/,\s*$/, '').trim() || undefined) },
        offset,
      };
    }
  }
  return null;
}

/** Opening phrases before a sentence's subject: "On Tuesday, ", "But ", "In an interview, ". */
const LEAD_OPENER =
  /^\s*(?:(?:but|and|yet|so|still|meanwhile|however|instead|later|earlier|now|then|also)\b[\s,]*)?(?:(?:in|on|at|during|after|before|since|with|for|later|earlier|last|this|speaking|asked|writing)\b[^,“”"]{0,100},\s*)?/i;
const ADVERBS = /^\s*(?:(?:[a-z]+ly|also|then|later|again|too|even|still|quickly|already|once)\s+)*/;
/** A party and state written after a politician's name: "(D)", "(R-Ky.)", ", R-Ky.,". */
const PARTY_TAG = /^(?:\s*\([DRI](?:-[A-Z][A-Za-z.]{1,5})?\)|,\s*[DRI]-[A-Z][A-Za-z.]{1,5},)\s*/;
/** Finite verbs: a past or third-person form, an auxiliary before a participle, or a common irregular past. */
const VERB_WORD_RE =
  /^\s*(?:[a-z]{2,}ed|[a-z]{2,}[^s\W]s|(?:is|was|are|were|has|had|have|will|would|can|could)\s+(?:(?:also|not|since|already|never|long|just|now|[a-z]+ly)\s+)*[a-z]+(?:ing|ed|en|wn)|(?:did|does|may|might)\s+(?:(?:also|not|never|just|[a-z]+ly)\s+)*(?:have\s+)?[a-z]+|threw|went|sent|told|said|made|took|gave|spoke|wrote|thought|felt|began|became|put|ran|saw|got|came|held|kept|left|brought|sought|stood|led|won|lost|met|paid|drew|grew|knew|shot|fired|struck|swore|hit|set)\b/;
const NOT_VERB_WORDS = /^\s*(?:always|perhaps|unless|whereas|thus|news|series|species|plus|its|this|his|us|ones|yes)\b/;

export function isVerbWord(text: string): boolean {
  return VERB_WORD_RE.test(text) && !NOT_VERB_WORDS.test(text);
}
