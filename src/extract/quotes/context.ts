/**
 * What a document tells about its people while its quotations are read: the names /who knows,
 * the speakers met so far (for pronouns and descriptions), and the pronoun each goes by.
 * `RESOLVERS` turn a subject read next to a speech verb into a speaker, one resolver per kind.
 */
import type { Paragraph, ParsedDoc } from '../../types.js';
import { HONORIFIC_GENDER, ORG_DESCRIPTIONS, QUOTE_SPEECH_VERBS, ROLE_GENDER, givenNameGender, isFirstName, isPlace } from '../lexicon.js';
import { matchesOf } from '../matches.js';
import type { PersonFact, QuoteFact } from '../types.js';
import { OFFICE_WORDS, TITLE_ONLY, cleanRole, looksLikeGroup, namesIn, VERB_RE } from './speaker.js';
import { leadingSubject, type Subject, type SubjectKind } from './subject.js';

type Kind = QuoteFact['speakerKind'];

/** A speaker the document has named so far, for pronouns and descriptions later on. */
export interface Spoken {
  speaker: string;
  kind: Exclude<Kind, 'unattributed'>;
  role?: string;
  /** Words that describe the speaker ("European diplomat posted in Islamabad", a role). */
  describedAs: string;
  paragraph: number;
  /** Whether the speaker authored a statement ("according to a statement released by X"). */
  statement?: boolean;
  /** A speaker the text does not let us name: pronouns after it stay unattributed. */
  unknown?: boolean;
}

export interface Resolved {
  speaker: string;
  kind: Exclude<Kind, 'unattributed'>;
  role?: string;
  describedAs: string;
  how: QuoteAttribution;
  statement?: boolean;
}

/** Which rule gave the speaker: kept on each quote so that the evaluation can count them. */
export type QuoteAttribution =
  | 'after'
  | 'after-verb'
  | 'before'
  | 'reported'
  | 'according-to'
  | 'pronoun'
  | 'description'
  | 'statement'
  | 'continued'
  | 'roundup'
  | 'subject'
  | 'introduced';

/** Descriptions of organisations and documents: "it said", not "he said". */
const ORG_HEAD = new RegExp(`\\b(?:${[...ORG_DESCRIPTIONS].join('|')})s?\\b`, 'i');

/** An honorific just before a name ("Mrs Tanaka"), with the pronoun it implies. */
const HONORIFIC_BEFORE = new RegExp(
  `\\b(${[...HONORIFIC_GENDER.keys()].map((w) => w[0].toUpperCase() + w.slice(1)).join('|')})\\.?[\\s\\u00a0]+$`,
);
function genderBefore(text: string): 'he' | 'she' | undefined {
  const m = HONORIFIC_BEFORE.exec(text);
  return m ? HONORIFIC_GENDER.get(m[1].toLowerCase()) : undefined;
}

/** A name that starts with a capitalised speech verb ("Said X"). */
const SPEECH_VERB_FIRST = new RegExp(`^(?:${[...QUOTE_SPEECH_VERBS].map((w) => w[0].toUpperCase() + w.slice(1)).join('|')})\\s`);

/** How far back (in paragraphs) a pronoun or a description may look for its speaker. */
const LOOKBACK = 4;

/** Words that make what stands before a name a clause, not a role ("He met Tony Blair"). */
const NOT_ROLE_WORDS = new RegExp(
  `\\b(?:to|with|by|for|from|and|or|than|met|meet|meets|is|was|were|are|has|had|have|that|when|after|before|against|beat|beats|${VERB_RE.source.replace(/^\\b/, '')})\\b`,
  'i',
);

/** A capitalised word, which may be a person's given or last name. */
const CAPITALISED_WORD = /\p{Lu}[\p{L}'’-]+/gu;

/** What the document tells about its people, and the speakers seen so far. */
export class DocContext {
  readonly history: Spoken[] = [];
  /** The pronoun a speaker goes by, once a title or an earlier pronoun has told. */
  readonly gender = new Map<string, 'he' | 'she'>();
  /** Fullest names by their last word, from /who's people and from capitalised names (`byLast`). */
  private names: Map<string, { name: string; kind: 'person' | 'group'; role?: string }> | undefined;

  /** /who's mentions by paragraph, so that a look-up at a place reads one paragraph's list. */
  readonly mentionsIn = new Map<number, { person: PersonFact; start: number; end: number }[]>();

  constructor(
    readonly doc: ParsedDoc,
    readonly people: PersonFact[],
  ) {
    for (const person of people) {
      for (const m of person.mentions) {
        const list = this.mentionsIn.get(m.paragraph) ?? [];
        list.push({ person, start: m.start, end: m.end });
        this.mentionsIn.set(m.paragraph, list);
      }
    }
  }

  /**
   * The names by their last word, read on first use: reading every paragraph's names is a good
   * part of the work on a document, and a third of Reuters' documents never look a name up.
   */
  private get byLast(): Map<string, { name: string; kind: 'person' | 'group'; role?: string }> {
    if (this.names) return this.names;
    this.names = new Map();
    for (const p of this.people) {
      const role = p.roles[0]?.role;
      for (const n of [p.name, ...p.aliases]) this.addName(n, p.kind, role, true);
    }
    // Without /who's people (or for names it does not hold), the document's own full names.
    for (const para of this.doc.paragraphs) {
      if (para.heading) continue;
      for (const h of namesIn(para.text, true)) {
        // "American Robby Ginepri": a nationality before a name is not part of it.
        const name = personTail(
          h.name.split(/\s+/).length >= 3 ? h.name.replace(/^[\p{Lu}][a-z]+(?:ian|can|ese|ish|ean|ch)\s+/u, '') : h.name,
        );
        if (name.split(/\s+/).length >= 2) this.addName(name, looksLikeGroup(name) ? 'group' : 'person', undefined, false);
      }
    }
    return this.names;
  }

  private addName(name: string, kind: 'person' | 'group', role: string | undefined, fromPeople: boolean): void {
    name = name.replace(SPEECH_VERB_FIRST, '');
    const keys = new Set([name.toLowerCase(), lastWord(name)]);
    for (const k of keys) {
      const had = this.byLast.get(k);
      // /who's people win; among the rest the fullest name.
      if (
        !had ||
        (fromPeople && !had.role && had.name.length <= name.length) ||
        (!fromPeople && had.name.length < name.length && !this.people.length)
      ) {
        this.byLast.set(k, { name, kind, role });
      }
    }
  }

  /** People of this document, met by this point, whose roles fit a description ("the minister"); full names only. */
  describedPeople(re: RegExp, paragraph: number): PersonFact[] {
    return this.people.filter(
      (x) =>
        x.kind === 'person' &&
        /\s/.test(x.name) &&
        x.roles.some((r) => re.test(r.role)) &&
        x.mentions.some((m) => m.paragraph <= paragraph),
    );
  }

  /** Whether /who or the document's full names know this name. */
  knows(name: string, paragraph: number, at: number): boolean {
    const l = name.toLowerCase();
    return (
      !!this.mentionsIn.get(paragraph)?.some((m) => m.start <= at && m.end > at) ||
      this.people.some((p) => p.name.toLowerCase() === l || p.aliases.some((a) => a.toLowerCase() === l)) ||
      this.byLast.has(l)
    );
  }

  /** The latest sentence of reported speech that named its speaker. */
  lastReported: { resolved: Resolved; paragraph: number; sentence: number; lastOfParagraph: boolean } | null = null;

  /** Whether /who holds a person by this name, or by a fuller name ending with it. */
  isWhoPerson(name: string): boolean {
    const l = name.toLowerCase();
    return this.people.some(
      (p) => p.kind === 'person' && (p.name.toLowerCase() === l || lastWord(p.name) === l || p.aliases.some((a) => a.toLowerCase() === l)),
    );
  }

  /** Whether a name is a person's: /who's person, or the last word of a fuller person's name in the document. */
  isPerson(name: string): boolean {
    const l = name.toLowerCase();
    if (this.people.some((p) => p.kind === 'person' && (p.name.toLowerCase() === l || p.aliases.some((a) => a.toLowerCase() === l))))
      return true;
    const known = this.byLast.get(l);
    return !!known && known.kind === 'person' && (/\s/.test(name) || /\s/.test(known.name));
  }

  /** The person /who knows at this place, or the fullest name with the same last word. */
  person(name: string, paragraph: number, at: number): { name: string; kind: 'person' | 'group'; role?: string } {
    // /who's mention within the words we read as the name ("Coach Liam Byrne" holds "Liam Byrne").
    const end = at + name.length;
    // A lone surname that two people of the document share ("Mr Blair" with Tony and Cherie
    // Blair) stays as written rather than be given to one of them.
    if (!/\s/.test(name)) {
      const l = name.toLowerCase();
      const sharing = this.people.filter((p) => p.kind === 'person' && lastWord(p.name) === l);
      if (sharing.length > 1) {
        const honorific = /\b(Mr|Mrs|Ms|Miss|Dr|Sir|Lord|Lady)\.?[\s\u00a0]+$/.exec(
          this.doc.paragraphs[paragraph - 1]?.text.slice(Math.max(0, at - 8), at) ?? '',
        );
        return { name: honorific ? `${honorific[1]} ${name}` : name, kind: 'person' };
      }
    }
    // A /who name that swallowed the verb opening its sentence ("Said Dorota Kwiatek") is read as written.
    const hit = this.mentionsIn.get(paragraph)?.find((m) => m.start < end && m.end > at && !SPEECH_VERB_FIRST.test(m.person.name));
    if (hit) return { name: hit.person.name, kind: hit.person.kind, role: nearestRole(hit.person, paragraph) };
    const exact = this.people.find(
      (p) => p.name.toLowerCase() === name.toLowerCase() || p.aliases.some((a) => a.toLowerCase() === name.toLowerCase()),
    );
    if (exact) return { name: exact.name, kind: exact.kind, role: nearestRole(exact, paragraph) };
    const known = this.byLast.get(name.toLowerCase()) ?? this.byLast.get(lastWord(name));
    if (known && (name.split(/\s+/).length === 1 || known.name.toLowerCase().endsWith(name.toLowerCase()))) return known;
    return { name, kind: looksLikeGroup(name) ? 'group' : 'person' };
  }

  /** Who a subject read next to a speech verb is, by its kind (`RESOLVERS`). */
  resolve(s: Subject, paragraph: number, at: number, how: QuoteAttribution): Resolved | null {
    return RESOLVERS[s.kind](this, s, paragraph, at, how);
  }

  /**
   * A person opening a sentence without speaking ("Alexander Linden, vice president of …,
   * downloaded the product.") is who a following "he said" means, not the speaker before.
   */
  opener(p: Paragraph, start: number, text: string): void {
    const first = (this.mentionsIn.get(p.n) ?? [])
      .filter((x) => x.person.kind === 'person' && x.start >= start && x.start - start <= 80)
      .sort((a, b) => a.start - b.start)[0];
    if (!first) {
      // A person /who does not hold at this place, opening the sentence before a verb ("Cruz openly admitted …").
      // Or one /who missed that opens with a given name ("Meanwhile Rihanna, who …, spoke about …"):
      // a "she said" after it is theirs, not the speaker before's. Reading the subject is costly
      // and most sentences name nobody: only when a capitalised word could be such a name.
      if (!this.mayNamePerson(text)) return;
      const s = leadingSubject(text);
      if (s?.subject.kind === 'name' && (this.isWhoPerson(s.subject.text) || givenNameFirst(s.subject.text))) {
        const r = this.resolve(s.subject, p.n, start + s.offset, 'reported');
        if (r && r.kind === 'person') this.remember(r, p.n);
      }
      return;
    }
    const person = first.person;
    const g = genderBefore(p.text.slice(Math.max(0, first.start - 8), first.start));
    if (g && !this.gender.has(person.name)) this.gender.set(person.name, g);
    // Only an opening phrase ("In a separate development, ") and role words ("Labour chairman") may stand before the name.
    const before = text.slice(0, first.start - start);
    if (
      !/^(?:[^,"“”]{1,60},[\s\u00a0]*)?(?:[\p{L}.'’-]+[\s\u00a0]+){0,6}$/u.test(before) ||
      NOT_ROLE_WORDS.test(before.replace(/^[^,]*,/, ''))
    )
      return;
    this.remember(
      {
        speaker: person.name,
        kind: 'person',
        role: nearestRole(person, p.n),
        describedAs: person.roles.map((r) => r.role).join(' '),
        how: 'reported',
      },
      p.n,
    );
  }

  /**
   * The pronoun a speaker goes by: what a title or an earlier pronoun told, else what a gendered
   * role ("spokeswoman") or the given name of a full name ("Hillary Clinton") implies. A lone
   * surname implies nothing ("Warren" is a given name too).
   */
  genderOf(h: { speaker: string; kind: Kind; role?: string }): 'he' | 'she' | undefined {
    const told = this.gender.get(h.speaker);
    if (told) return told;
    // "Smith Barney's spokeswoman": a description says it in its words; a name in its given name.
    for (const w of `${h.role ?? ''} ${h.kind === 'person' ? '' : h.speaker}`.toLowerCase().split(/[^a-z-]+/)) {
      const g = ROLE_GENDER.get(w);
      if (g) return g;
    }
    const words = h.speaker.split(/\s+/);
    return h.kind === 'person' && words.length >= 2 ? givenNameGender(words[0].toLowerCase()) : undefined;
  }

  /** Last words of /who's people, lower case: a cheap first test for a sentence opened by one. */
  private personWords: Set<string> | undefined;

  /** Whether a capitalised word early in the text is a /who person's last word or a given name. */
  private mayNamePerson(text: string): boolean {
    this.personWords ??= new Set(this.people.filter((p) => p.kind === 'person').flatMap((p) => [p.name, ...p.aliases].map(lastWord)));
    for (const m of matchesOf(CAPITALISED_WORD, text.slice(0, 200))) {
      const w = m[0].toLowerCase();
      if (this.personWords.has(w) || isFirstName(w)) return true;
    }
    return false;
  }

  /** The latest speaker (or person who opened a sentence), if any. */
  latest(): Spoken | undefined {
    return this.history[this.history.length - 1];
  }

  /** Someone spoke whom the text does not let us name. */
  unknownSpeaker(paragraph: number): void {
    this.history.push({ speaker: '', kind: 'anonymous', describedAs: '', paragraph, unknown: true });
  }

  remember(r: Resolved, paragraph: number): void {
    const last = this.history[this.history.length - 1];
    const statement = r.statement || (last?.speaker === r.speaker && last.statement);
    this.history.push({ speaker: r.speaker, kind: r.kind, role: r.role, describedAs: r.describedAs, paragraph, statement });
  }

  recent(paragraph: number): Spoken[] {
    return this.history.filter((h) => paragraph - h.paragraph <= LOOKBACK);
  }
}

type Resolver = (ctx: DocContext, s: Subject, paragraph: number, at: number, how: QuoteAttribution) => Resolved | null;

// A module constant: tsx recompiles a \p{…} literal in a function at every call (eslint/unicode-property.js).
const LOWER_CASE = /\p{Ll}/u;

/** A name: the person /who knows there, with their role; a lone unknown capital opening the clause is a description. */
const byName: Resolver = (ctx, s, paragraph, at, how) => {
  // Several words in capitals are a headline, not a name.
  if (/\s/.test(s.text) && !LOWER_CASE.test(s.text)) return null;
  // A title alone ("Chairman", "Vice President") names nobody.
  if (s.text.split(/\s+/).every((w) => TITLE_ONLY.test(w) || OFFICE_WORDS.test(w) || /^Vice$/.test(w))) return null;
  const p = ctx.person(s.text, paragraph, at);
  const g = genderBefore(ctx.doc.paragraphs[paragraph - 1]?.text.slice(Math.max(0, at - 12), at) ?? '');
  if (g && !ctx.gender.has(p.name)) ctx.gender.set(p.name, g);
  // A lone capitalised word opening the sentence that nobody knows as a name ("Analysts said"): a description.
  if (s.initial && !/\s/.test(s.text) && !ctx.knows(s.text, paragraph, at) && !/^[\p{Lu}\d&-]{2,}$/u.test(s.text)) {
    return { speaker: s.text, kind: 'anonymous', describedAs: s.text, how };
  }
  const earlier = ctx.history.findLast((h) => h.speaker === p.name)?.role;
  const role = s.role ?? p.role ?? earlier;
  return { speaker: p.name, kind: p.kind, role, describedAs: [role, p.name].filter(Boolean).join(' '), how };
};

/**
 * A pronoun: the latest speaker, when the pronoun fits them (number, organisation, gender). "he"
 * may look past a latest speaker who is a woman (and "she" past a man) to the person in focus
 * just before, in this paragraph or the one before, when that person is known to fit. What a
 * title or an earlier pronoun told is firm; what a given name implies only chooses between
 * people, so with nobody else who fits the latest speaker keeps the pronoun ("Beryl" is a man's
 * name too). Anything else stops the search: a pronoun is not passed on to someone far back.
 */
const byPronoun: Resolver = (ctx, s, paragraph) => {
  const org = (h: Spoken) => h.kind === 'group' || (h.kind === 'anonymous' && ORG_HEAD.test(h.speaker));
  const plural = (h: Spoken) => h.kind === 'anonymous' && /s$/i.test(h.speaker.replace(/\s+(?:of|for|at|in|from|with)\b.*$/i, ''));
  const fits = (h: Spoken) =>
    s.text === 'it'
      ? org(h)
      : s.text === 'they'
        ? org(h) || plural(h)
        : s.text === 'he' || s.text === 'she'
          ? !org(h) && !plural(h)
          : false;
  const recent = ctx.recent(paragraph);
  const latest = recent[recent.length - 1];
  if (!latest || latest.unknown || !fits(latest)) return null;
  if (s.text !== 'he' && s.text !== 'she') return { ...latest, how: 'pronoun' };
  const pronoun = s.text;
  const take = (h: Spoken): Resolved => {
    ctx.gender.set(h.speaker, pronoun);
    return { ...h, how: 'pronoun' };
  };
  const told = ctx.gender.get(latest.speaker);
  const guess = told ?? ctx.genderOf(latest);
  if (!guess || guess === pronoun) return take(latest);
  // The latest is of the other sex: the person just before, if they fit and are near.
  for (let k = recent.length - 2; k >= 0; k--) {
    const h = recent[k];
    if (h.unknown || !fits(h) || paragraph - h.paragraph > 1) break;
    if (h.speaker === latest.speaker) continue;
    if (ctx.genderOf(h) === pronoun) return take(h);
    break;
  }
  return told ? null : take(latest);
};

/** "the statement said": the latest statement's author, or the statement itself. */
const byStatement: Resolver = (ctx, s, paragraph, _at, how) => {
  const h = ctx.recent(paragraph).findLast((x) => x.statement);
  return h
    ? { ...h, how: 'statement', statement: true }
    : { speaker: s.text, kind: 'anonymous', describedAs: s.text, how, statement: true };
};

/** "the diplomat noted": the latest speaker, or the one person of the document, that the description fits. */
const byDescription: Resolver = (ctx, s, paragraph, _at, how) => {
  const head = s.head;
  const describedPerson = (re: RegExp): Resolved | null => {
    const p = ctx.describedPeople(re, paragraph);
    return p.length === 1
      ? {
          speaker: p[0].name,
          kind: p[0].kind,
          role: nearestRole(p[0], paragraph),
          describedAs: p[0].roles.map((r) => r.role).join(' '),
          how: 'description',
        }
      : null;
  };
  // The whole description first ("the prime minister"), then its head noun ("the diplomat").
  const whole = s.text.replace(/^(?:the|this|that|these|those|his|her|their|its)\s+/i, '');
  if (whole.toLowerCase() !== head) {
    const re = new RegExp(`\\b${escapeRe(whole)}\\b`, 'i');
    const h = ctx.recent(paragraph).findLast((x) => !x.unknown && re.test(x.describedAs));
    if (h) return { ...h, how: 'description' };
    const p = describedPerson(re);
    if (p) return p;
  }
  if (head) {
    const re = new RegExp(`\\b${escapeRe(head)}\\b`, 'i');
    const h = ctx.recent(paragraph).findLast((x) => re.test(x.describedAs));
    if (h) return { ...h, how: 'description' };
    const p = describedPerson(re);
    if (p) return p;
  }
  return { speaker: s.text, kind: 'anonymous', describedAs: s.text, how };
};

/** Each kind of subject and how it becomes a speaker. */
const RESOLVERS: Record<SubjectKind, Resolver> = {
  name: byName,
  pronoun: byPronoun,
  statement: byStatement,
  definite: byDescription,
  indefinite: (_ctx, s, _paragraph, _at, how) => ({ speaker: s.text, kind: 'anonymous', describedAs: s.text, how }),
  none: () => null,
};

export function nearestRole(p: PersonFact, paragraph: number): string | undefined {
  const roles = p.roles.filter((r) => cleanRole(r.role) && r.role.split(/\s+/).length <= 16);
  const before = roles.filter((r) => r.paragraph <= paragraph);
  return cleanRole((before[before.length - 1] ?? roles[0])?.role);
}

/**
 * "Senate Minority Whip Richard J. Durbin": an office written in capitals before a person's name
 * is no part of it; the name starts at the given name when what precedes reads as an organisation.
 */
function personTail(name: string): string {
  if (!looksLikeGroup(name)) return name;
  const words = name.split(/\s+/);
  const k = words.findIndex((w, i) => i > 0 && i < words.length - 1 && isFirstName(w.toLowerCase()));
  const tail = k > 0 ? words.slice(k).join(' ') : name;
  return k > 0 && !looksLikeGroup(tail) ? tail : name;
}

/** A name that starts with a given name ("Rihanna", "Dorothy Poynter") and reads as no organisation's. */
function givenNameFirst(name: string): boolean {
  const words = name.toLowerCase().split(/\s+/);
  // "Ivory Coast", "Chelsea": a place is no person however its first word reads.
  return (
    isFirstName(words[0]) &&
    !looksLikeGroup(name) &&
    !isPlace(words.join(' ')) &&
    !isPlace(words[words.length - 1]) &&
    !/^(?:coast|island|islands|republic|kingdom|river|valley|bay|city|county|state|states)$/.test(words[words.length - 1])
  );
}

function lastWord(name: string): string {
  const w = name.trim().split(/\s+/);
  return w[w.length - 1].toLowerCase();
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
