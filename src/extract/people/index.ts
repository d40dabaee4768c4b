/**
 * People and groups with their roles (issue #3): a rule layer over tokens.
 *
 * 1. Each sentence is cut into runs of capitalised words (with name particles such as "bin"
 *    and, for organisations and titles, "of"/"the").
 * 2. A run is split into a title ("Iranian Interior Minister") and a name, or read as a group
 *    when an organisation word heads it ("Baloch Liberation Army").
 * 3. Evidence that a name is a person: a title or form of address before it, a role next to it
 *    (after a comma or dash, or before it with a comma: "Pakistan’s army chief, Gen. …"), a
 *    speech verb after it, an age, or a later mention by surname alone.
 * 4. Surnames and partial names link to the full name in the same document; every mention is
 *    kept with offsets for speaker attribution (issue #5).
 */
import type { Paragraph, ParsedDoc } from '../../types.js';
import {
  ADDRESS,
  ROLE_ADJECTIVES,
  CALENDAR,
  COMPANY_WORDS,
  NAME_HONORIFICS,
  NOT_NAMES,
  ORG_HEADS,
  OUTLETS,
  ORG_JOINERS,
  PARTICLES,
  PLACES,
  ROLE_NOUNS,
  SPEECH_VERBS,
  TITLE_HEADS,
} from './lexicon.js';
import { tokenizeSpan, type Token } from './tokens.js';
import type { MentionFact, PersonFact, RoleFact } from '../types.js';

/** A name (or group name) found in a sentence, with what the sentence says about it. */
interface Candidate {
  para: Paragraph;
  sentence: number;
  /** The name's tokens (title left out). */
  name: Token[];
  kind: 'person' | 'group' | 'unknown';
  /** Strong evidence that a person is meant (title, address, role, speech verb, age). */
  evidence: boolean;
  roles: RoleFact[];
  aliases: string[];
  /** The run starts the sentence: its first word may be capitalised only for that. */
  initial: boolean;
  /** The first word is one the document also writes in lower case ("Time Warner"): weak as a name. */
  ordinary: boolean;
}

interface Entity {
  name: string;
  kind: 'person' | 'group';
  aliases: Set<string>;
  roles: RoleFact[];
  mentions: MentionFact[];
  tokens: string[];
}

/** Modifiers that may stand before a title and belong to the role ("former Interior Minister"). */
const ROLE_MODIFIERS = new Set('former then acting late outgoing incoming new interim current ex- one-time retired'.split(' '));
/** Words that stop a backwards scan for a role before ", NAME". */
const BACK_BOUNDARY = new Set([
  ',',
  ';',
  ':',
  '—',
  '–',
  '(',
  '“',
  '”',
  '"',
  'and',
  'or',
  'but',
  'while',
  'whereas',
  'were',
  'was',
  'are',
  'is',
  'including',
  'with',
  'by',
]);
const DETERMINERS = new Set('the a an his her its their our my your this that'.split(' '));
/** Words an appositive may not start with: the phrase after the comma is a clause, not a role. */
const NOT_APPOSITIVE = new Set(
  'he she it they we i you me him her us them who which whose where when that said says told added and or but if as because while although though who’s is was has had have will would could should may might can also however meanwhile then so yet in on at for to from with by after before since'.split(
    ' ',
  ),
);
const GROUP_NOUNS = new Set(
  'group groups organisation organization movement outfit militia body firm company agency party coalition network think-tank institute bank faction wing alliance union charity'.split(
    ' ',
  ),
);
/** Single words that name a group on their own. */
const SINGLE_GROUPS = new Set('taliban hamas hezbollah hizbollah al-qaeda al-qaida fatah isis isil'.split(' '));
const DASHES = new Set(['—', '–', '--']);

export function extractPeople(doc: ParsedDoc): PersonFact[] {
  const outlet = doc.meta.source?.toLowerCase();
  const lowerWords = lowercaseWords(doc);
  const candidates: Candidate[] = [];
  for (const para of doc.paragraphs) {
    if (para.heading) continue;
    para.sentences.forEach((span, si) => {
      const toks = tokenizeSpan(para.text, span.start, span.end);
      for (const c of sentenceCandidates(para, si, toks, lowerWords)) {
        const surface = c.name
          .map((t) => t.base)
          .join(' ')
          .toLowerCase();
        if (outlet && (surface === outlet || c.name.some((t) => t.key === outlet))) continue;
        candidates.push(c);
      }
    });
  }
  return resolve(candidates);
}

/** Words the document writes in lower case: a capitalised one at a sentence start is no name. */
function lowercaseWords(doc: ParsedDoc): Set<string> {
  const out = new Set<string>();
  for (const p of doc.paragraphs) {
    if (p.heading) continue;
    for (const m of p.text.matchAll(/(?<![\p{L}'’-])\p{Ll}[\p{Ll}-]+/gu)) out.add(m[0]);
  }
  return out;
}

/** A lower-case joining word inside a name: followed by a capitalised word, or by another joiner that is ("de la Dehesa"). */
const isJoinable = (toks: Token[], i: number, set: Set<string>): boolean =>
  toks[i].word &&
  !toks[i].cap &&
  set.has(toks[i].key) &&
  !toks[i].poss &&
  i + 1 < toks.length &&
  (toks[i + 1].cap || (set === PARTICLES && i + 2 < toks.length && PARTICLES.has(toks[i + 1].key) && toks[i + 2].cap));

function sentenceCandidates(para: Paragraph, si: number, toks: Token[], lowerWords: Set<string>): Candidate[] {
  const out: Candidate[] = [];
  // The first word, after any opening quote or bracket.
  let first = 0;
  while (first < toks.length && !toks[first].word) first++;
  let i = 0;
  while (i < toks.length) {
    if (!toks[i].cap) {
      i++;
      continue;
    }
    let j = i;
    while (j < toks.length) {
      const t = toks[j];
      if (t.cap) {
        j++;
        if (t.poss) break;
      } else if (
        isJoinable(toks, j, PARTICLES) ||
        isJoinable(toks, j, ORG_JOINERS) ||
        (t.key === 'the' && j > i && isJoinable(toks, j, ORG_JOINERS))
      )
        j++;
      else break;
    }
    // Trailing joiners are not part of the run.
    while (j > i && !toks[j - 1].cap) j--;
    analyseRun(para, si, toks, i, j, i === first, lowerWords, out);
    i = Math.max(j, i + 1);
  }
  return out;
}

function text(para: Paragraph, from: Token, to: Token): string {
  return para.text.slice(from.start, to.baseEnd).replace(/\s+/g, ' ');
}

function analyseRun(
  para: Paragraph,
  si: number,
  toks: Token[],
  a: number,
  b: number,
  initial: boolean,
  lowerWords: Set<string>,
  out: Candidate[],
): void {
  // A capitalised sentence opener that the document writes in lower case elsewhere ("Recent",
  // "Meanwhile") or that is a function word is not part of a name.
  let start = a;
  while (
    start < b &&
    (NOT_NAMES.has(toks[start].key) ||
      CALENDAR.has(toks[start].key) ||
      (start === a &&
        initial &&
        lowerWords.has(toks[start].key) &&
        b - a > 1 &&
        !TITLE_HEADS.has(toks[start].key) &&
        !ADDRESS.has(toks[start].key) &&
        !TITLE_HEADS.has(toks[start + 1].key)))
  ) {
    start++;
  }
  // Leading "-led", "-backed" modifiers belong to the sentence, not the name.
  while (
    start < b &&
    (/-(?:led|backed|based|born|owned|run)$/i.test(toks[start].base) ||
      (/^\p{Ll}+-/u.test(toks[start].text) && !/^\p{Ll}{1,3}-\p{Lu}/u.test(toks[start].text)))
  )
    start++;
  // A weekday or month ends a name ("James Baker Monday said").
  for (let x = start + 1; x < b; x++) {
    if (CALENDAR.has(toks[x].key)) {
      b = x;
      break;
    }
  }
  if (start >= b) return;
  const run = toks.slice(start, b);
  const atInitial = initial && start === a;

  // A possessor ("Pakistan’s") is no candidate itself; it may open a role after it.
  if (run.length === 1 && run[0].poss && PLACES.has(run[0].key)) return;
  if (run.some((t) => OUTLETS.has(t.key))) return;
  if (run.length === 1 && (NAME_HONORIFICS.has(run[0].key) || TITLE_HEADS.has(run[0].key) || ADDRESS.has(run[0].key))) return;

  // Title split: the last title word that still leaves a name after it.
  let k = -1;
  for (let x = 0; x < run.length - 1; x++) {
    const key = run[x].key;
    if (
      (TITLE_HEADS.has(key) || ADDRESS.has(key) || (x === 0 && atInitial && ROLE_NOUNS.has(key))) &&
      !NAME_HONORIFICS.has(key) &&
      run[x].cap
    ) {
      const rest = run.slice(x + 1);
      // What follows must be a name, not more title ("Deputy Prime Minister" is all title).
      const tail = rest[rest.length - 1].key;
      if (
        rest.some((t) => t.cap && !TITLE_HEADS.has(t.key) && !ADDRESS.has(t.key)) &&
        !rest.some((t) => ORG_JOINERS.has(t.key)) &&
        !TITLE_HEADS.has(tail)
      )
        k = x;
    }
  }
  const nameToks = k >= 0 ? run.slice(k + 1) : run;
  const keys = nameToks.map((t) => t.key);
  const last = nameToks[nameToks.length - 1];
  const isGroupShape =
    ORG_HEADS.has(last.key) ||
    nameToks.some((t, x) => t.key === 'of' && x > 0 && ORG_HEADS.has(nameToks[x - 1].key)) ||
    (nameToks.length === 1 && SINGLE_GROUPS.has(last.key));
  const hasJoiner = nameToks.some((t) => ORG_JOINERS.has(t.key));
  // A lone sentence opener the document also writes in lower case ("Elsewhere") names nobody on
  // its own; it may still be a surname mention, which resolve() decides.
  const weakOpener = atInitial && run.length === 1 && (lowerWords.has(run[0].key) || /ly$/.test(run[0].key));
  const c: Candidate = {
    para,
    sentence: si,
    name: nameToks,
    kind: 'unknown',
    evidence: false,
    roles: [],
    aliases: [],
    initial: atInitial && k < 0,
    ordinary: lowerWords.has(nameToks[0].key),
  };
  const role = (from: Token, to: Token) =>
    c.roles.push({ role: text(para, from, to).replace(/^[,;:\s]+|[,;:\s]+$/g, ''), paragraph: para.n, sentence: si });

  const after = b; // index after the run
  const before = start - 1;

  // "X (formerly Y)", "X (ACRONYM)".
  if (toks[after]?.text === '(') {
    const close = toks.findIndex((t, x) => x > after && t.text === ')');
    if (close > after + 1) {
      const inner = toks.slice(after + 1, close);
      if (inner[0].key === 'formerly' || inner[0].key === 'previously' || (inner[0].key === 'also' && inner[1]?.key === 'known')) {
        const nameStart = inner.findIndex((t) => t.cap);
        if (nameStart >= 0) {
          c.aliases.push(text(para, inner[nameStart], inner[inner.length - 1]));
          if (k < 0) c.kind = 'group';
        }
      } else if (
        inner.length === 1 &&
        /^\p{Lu}[\p{Lu}\p{Ll}]*\p{Lu}s?$/u.test(inner[0].text) &&
        !PLACES.has(inner[0].key) &&
        // An organisation's acronym may come from another language (PKK); other names must match their initials.
        (initialsMatch(inner[0].text, nameToks) ||
          (ORG_HEADS.has(nameToks[nameToks.length - 1].key) && /^\p{Lu}{2,6}$/u.test(inner[0].text)))
      ) {
        c.aliases.push(inner[0].text);
      }
    }
  }

  if (k >= 0) {
    // Title before the name: the role runs from any possessor or modifier before the run.
    const titleToks = run.slice(0, k + 1);
    let from = titleToks[0];
    let x = before;
    if (x >= 0 && toks[x].poss && toks[x].cap) from = toks[x--];
    while (x >= 0 && toks[x].word && (ROLE_MODIFIERS.has(toks[x].key) || toks[x].key.startsWith('ex-'))) from = toks[x--];
    // "Mr" is no role, and neither is what stands before it ("Tanzania Mr Brown").
    const onlyAddress =
      ADDRESS.has(titleToks[titleToks.length - 1].key) || titleToks.every((t) => ADDRESS.has(t.key) || NAME_HONORIFICS.has(t.key));
    c.evidence = true;
    c.kind = 'person';
    if (!onlyAddress) role(from, titleToks[titleToks.length - 1]);
  } else if (isGroupShape && !keys.every((x) => PLACES.has(x))) {
    if (nameToks.length >= 2 || SINGLE_GROUPS.has(last.key)) c.kind = 'group';
    else return;
  } else if (hasJoiner) {
    // "Chief of Army Staff", "Plan of Action": not a name; may still be a role before ", NAME".
    return;
  }
  if (c.kind !== 'group' && keys.every((x) => isPlace(x) || CALENDAR.has(x))) return;
  if (c.kind !== 'group' && nameToks.some((t) => ORG_HEADS.has(t.key) && !TITLE_HEADS.has(t.key))) return;

  // Lower-case title right before the name: "Tory leader Michael Howard", "army chief Gen. …".
  if (k < 0 && before >= 0 && toks[before].word && !toks[before].cap && ROLE_NOUNS.has(toks[before].key)) {
    let x = before;
    while (
      x - 1 >= 0 &&
      toks[x - 1].word &&
      !toks[x - 1].text.endsWith('.') &&
      !DETERMINERS.has(toks[x - 1].key) &&
      !BACK_BOUNDARY.has(toks[x - 1].key) &&
      !(NOT_NAMES.has(toks[x - 1].key) && (!toks[x - 1].cap || x - 1 === 0)) &&
      before - x < 4 &&
      (toks[x - 1].cap || ROLE_NOUNS.has(toks[x - 1].key) || ROLE_MODIFIERS.has(toks[x - 1].key) || ROLE_ADJECTIVES.has(toks[x - 1].key))
    )
      x--;
    x = widenRole(toks, x, before);
    if (c.kind !== 'group') {
      c.kind = 'person';
      c.evidence = true;
      role(toks[x], toks[before]);
    }
  }

  if (weakOpener) {
    out.push(c);
    return;
  }

  // Role after the name, between commas or dashes: "Michael Kugelman, deputy director of …, told".
  const opener = toks[after];
  if (opener && (opener.text === ',' || DASHES.has(opener.text))) {
    // A bracket ends the role too: "(BCC)" after it is an acronym, not part of it.
    const closers = opener.text === ',' ? new Set([',', ';', '(', ')', '—', '–']) : new Set([...DASHES, ';', '(', ')']);
    let end = after + 1;
    while (end < toks.length && !closers.has(toks[end].text) && toks[end].text !== '“' && toks[end].text !== '"') end++;
    // "head of distribution at Universal which released …": the role ends where a clause starts.
    // So does a speech verb with no comma before it ("spokeswoman for the committee said …").
    const rel = toks.findIndex(
      (t, x) => x > after + 1 && x < end && (/^(?:who|which|whose|where)$/.test(t.key) || (SPEECH_VERBS.has(t.key) && !t.cap)),
    );
    if (rel > 0) end = rel;
    while (end > after + 1 && !toks[end - 1].word) end--;
    const phrase = toks.slice(after + 1, end);
    if (phrase.length && phrase.length <= 30) {
      const head = phrase[0];
      if (phrase.length === 1 && /^\d{1,3}$/.test(head.text) && c.kind !== 'group') {
        c.evidence = true; // "Jane Smith, 34, …": an age
        c.kind = 'person';
      } else if (
        head.word &&
        !NOT_APPOSITIVE.has(head.key) &&
        (!head.cap ||
          DETERMINERS.has(head.key) ||
          head.poss ||
          TITLE_HEADS.has(head.key) ||
          ROLE_MODIFIERS.has(head.key) ||
          companyRole(phrase))
      ) {
        const words = phrase.filter((t) => t.word);
        const hasRole = words.some((t) => (ROLE_NOUNS.has(t.key) || (t.cap && TITLE_HEADS.has(t.key))) && !t.poss);
        const verbish =
          /(?:ing|ed)$/.test(head.key) ||
          words.some((t) => SPEECH_VERBS.has(t.key) || /^(?:is|was|are|were|has|had|have|will|would|who|which|that)$/.test(t.key)) ||
          // "…, former actress Jane Doe and …": a title of somebody else, not a role of this name.
          words.some((t, x) => ROLE_NOUNS.has(t.key) && !t.cap && words[x + 1]?.cap && !words[x + 1].poss);
        if (c.kind === 'group') {
          if (DETERMINERS.has(head.key) && words.some((t) => GROUP_NOUNS.has(t.key)) && !verbish)
            role(phrase[0], phrase[phrase.length - 1]);
        } else if (hasRole && !verbish) {
          c.kind = 'person';
          c.evidence = true;
          for (const part of splitCoordinated(phrase)) role(part[0], part[part.length - 1]);
        }
      }
    }
  }

  // Role before the name with a comma: "Pakistan’s army chief, Gen. Qamar Javed Bajwa",
  // "the Iranian military attache, Col. Mostafa Ghanbarpour".
  if (c.kind !== 'group' && start - 1 >= 0 && toks[start - 1].text === ',') {
    let x = start - 2;
    const phrase: Token[] = [];
    while (x >= 0 && toks[x].word && !BACK_BOUNDARY.has(toks[x].key) && phrase.length < 12) phrase.unshift(toks[x--]);
    const boundary = x < 0 || BACK_BOUNDARY.has(toks[x].text) || BACK_BOUNDARY.has(toks[x].key);
    if (phrase.length && boundary) {
      const head = phrase[0];
      const opens = DETERMINERS.has(head.key) || head.poss || (head.cap && !NOT_NAMES.has(head.key));
      const roleWord = phrase.some((t) => !t.poss && (ROLE_NOUNS.has(t.key) || TITLE_HEADS.has(t.key)));
      // The phrase must be a noun phrase: no verbs of speaking, no prepositions before the role word.
      const clause = phrase.some(
        (t) => SPEECH_VERBS.has(t.key) || /^(?:to|in|on|at|after|before|during|from|into|is|was|are|were)$/.test(t.key),
      );
      // A lone capitalised word before ", NAME" is more likely a name in a list ("Kay, King, Lewsey").
      const lone = phrase.length === 1 && phrase[0].cap;
      if (opens && roleWord && !clause && !lone) {
        c.kind = 'person';
        c.evidence = true;
        role(phrase[0], phrase[phrase.length - 1]);
      }
    }
  }

  // A speech verb after the name ("Vatanka said"), or "said X." / "according to X".
  if (c.kind === 'unknown') {
    const next = toks[after];
    const prev = toks[before];
    const prev2 = toks[before - 1];
    // Weak evidence: a name that starts with an ordinary word ("Time Warner said") is no person.
    const ordinary = lowerWords.has(nameToks[0].key);
    // Weak evidence needs a plain name: no place, demonym or organisation word ("English National Ballet told").
    const plainName = keys.every((x) => !isPlace(x) && !CALENDAR.has(x) && !NOT_NAMES.has(x) && !ORG_HEADS.has(x) && !COMPANY_WORDS.has(x));
    const spoke =
      (next?.word && SPEECH_VERBS.has(next.key)) ||
      (prev?.word && /^(?:said|says)$/.test(prev.key) && (!toks[after] || /^[,.;]$/.test(toks[after].text))) ||
      (prev?.key === 'to' && prev2?.key === 'according');
    // …and ordinary capitalisation: "BT Openzone told" names a company.
    const titleCase = nameToks.every((t) => /^\p{Lu}\p{Ll}/u.test(t.text) || PARTICLES.has(t.key));
    if (spoke && !ordinary && plainName && titleCase) {
      c.evidence = nameToks.length >= 2;
      if (c.evidence) c.kind = 'person';
    } else if (spoke && nameToks.length >= 2 && COMPANY_WORDS.has(last.key)) c.kind = 'group';
  }
  // A person's name has a word in ordinary capitalisation; "AVX", "IBM" are acronyms.
  if (c.kind === 'person' && !nameToks.some((t) => /^\p{Lu}\p{Ll}/u.test(t.text))) {
    c.kind = 'unknown';
    c.evidence = false;
  }
  out.push(c);
}

/** A place or its adjective, hyphenated compounds of them included ("Iran-Pakistan"). */
function isPlace(key: string): boolean {
  return PLACES.has(key) || (key.includes('-') && key.split('-').every((p) => PLACES.has(p)));
}

/** Prepositions after which a noun phrase starts ("by rap star X"); "to" is left out ("to support prime minister X"). */
const NP_OPENERS = new Set('of in at on by for with from into as among about against under behind beside like'.split(' '));

/**
 * Widens a lower-case title leftwards over words the lists do not know ("BBC labour affairs
 * correspondent", "Sun's chief operating officer", "rap star"), but only when the wider phrase
 * starts where a noun phrase surely starts: a possessive or capitalised word, or after a
 * preposition or a speech verb. Otherwise the narrower title stands, since
 * the unknown word may be a verb ("met prime minister X").
 */
function widenRole(toks: Token[], from: number, head: number): number {
  // A title that already starts with a name or possessive ("Wales' team physiotherapist") is whole.
  if (toks[from].cap || toks[from].poss) return from;
  let x = from;
  while (x - 1 >= 0 && head - x < 4 && toks[x - 1].word && !toks[x - 1].poss && !toks[x - 1].cap) {
    const k = toks[x - 1].key;
    if (DETERMINERS.has(k) || NP_OPENERS.has(k) || NOT_APPOSITIVE.has(k) || SPEECH_VERBS.has(k) || k === 'to' || /(?:ed|ly)$/.test(k))
      break;
    x--;
  }
  while (
    x - 1 >= 0 &&
    head - x < 6 &&
    !toks[x - 1].text.endsWith('.') &&
    (toks[x - 1].poss || (toks[x - 1].cap && !NOT_NAMES.has(toks[x - 1].key)))
  )
    x--;
  if (x === from) return from;
  // A determiner is no safe start ("the firm met sales director X" has a verb inside); a
  // possessive or capitalised first word, or a preposition or speech verb before, is.
  const prev = toks[x - 1];
  const opens = toks[x].poss || toks[x].cap || (prev?.word && (NP_OPENERS.has(prev.key) || SPEECH_VERBS.has(prev.key)));
  return opens ? x : from;
}

/** "Halifax chief economist": a few capitalised words (an employer) then a lower-case role noun. */
function companyRole(phrase: Token[]): boolean {
  const firstLower = phrase.findIndex((t) => !t.cap);
  return (
    firstLower > 0 &&
    firstLower <= 3 &&
    phrase.slice(firstLower).some((t) => ROLE_NOUNS.has(t.key)) &&
    ROLE_NOUNS.has(phrase[phrase.length - 1].key) === true
  );
}

/** Initials of a name match an acronym ("Balochistan Liberation Army" → BLA, "Memorandums of Understanding" → MoUs). */
function initialsMatch(acronym: string, name: Token[]): boolean {
  const letters = acronym.replace(/s$/, '').replace(/\p{Ll}/gu, '');
  const initials = name
    .filter((t) => t.cap)
    .map((t) => t.text[0].toUpperCase())
    .join('');
  return letters.length >= 2 && (initials === letters || initials.startsWith(letters));
}

/** "political observer and financial analyst in …" → two roles when both sides name a role. */
function splitCoordinated(phrase: Token[]): Token[][] {
  const parts: Token[][] = [];
  let cur: Token[] = [];
  for (let x = 0; x < phrase.length; x++) {
    const t = phrase[x];
    if (t.key === 'and' && cur.some((u) => ROLE_NOUNS.has(u.key))) {
      // The right side must start a role of its own within three words.
      const look = phrase.slice(x + 1, x + 4);
      const idx = look.findIndex((u) => ROLE_NOUNS.has(u.key));
      if (idx >= 0 && look.slice(0, idx).every((u) => !u.cap && !/^(?:of|in|at|for|on)$/.test(u.key))) {
        parts.push(cur);
        cur = [];
        continue;
      }
    }
    cur.push(t);
  }
  if (cur.length) parts.push(cur);
  return parts.filter((p) => p.length > 0);
}

const norm = (s: string) => s.normalize('NFKC').replace(/[’‘]/g, "'").replace(/\s+/g, ' ').trim();

function resolve(cands: Candidate[]): PersonFact[] {
  const entities = new Map<string, Entity>();
  const surnames = new Map<string, Set<Entity>>();
  const aliasOf = new Map<string, Entity>();
  const nameOf = (c: Candidate) => norm(c.name.map((t, x) => (x === c.name.length - 1 ? t.base : t.text)).join(' '));
  const keyOf = (s: string) => s.toLowerCase();

  // A sentence-initial word before a name the document gives elsewhere is no part of it
  // ("Teenager Sania Mirza", "Lock Alec Parker" when "Sania Mirza" and "Alec Parker" occur).
  const names = new Set(cands.filter((c) => !c.initial).map((c) => c.name.map((t) => t.key).join(' ')));
  for (const c of cands) {
    if (
      c.initial &&
      c.name.length >= 3 &&
      names.has(
        c.name
          .slice(1)
          .map((t) => t.key)
          .join(' '),
      )
    )
      c.name = c.name.slice(1);
  }
  // Surnames seen alone in the document: a two-word name whose surname recurs alone is a person.
  const single = new Map<string, number>();
  for (const c of cands) if (c.name.length === 1) single.set(c.name[0].key, (single.get(c.name[0].key) ?? 0) + 1);

  const ensure = (name: string, kind: 'person' | 'group', tokens: string[]) => {
    const k = keyOf(name);
    let e = entities.get(k);
    if (!e) {
      e = { name, kind, aliases: new Set(), roles: [], mentions: [], tokens };
      entities.set(k, e);
    }
    return e;
  };

  // 1. Groups, then full names with evidence. A name that starts a group's name in this document
  // ("Greyhound Lines" for "Greyhound Lines Inc") is that group unless a role marks a person.
  const groupPrefix = new Map<string, Entity | null>();
  for (const c of cands) {
    if (c.kind !== 'group') continue;
    const keys = c.name.map((t) => t.key);
    const e = ensure(nameOf(c), 'group', keys);
    for (const a of c.aliases) e.aliases.add(a);
    for (let n = 1; n < keys.length; n++) {
      const p = keys.slice(0, n).join(' ');
      const prev = groupPrefix.get(p);
      groupPrefix.set(p, prev === undefined || prev === e ? e : null);
    }
  }
  // A group named by the start of a longer group's name is that group.
  for (const e of [...entities.values()]) {
    const longer = groupPrefix.get(e.tokens.join(' '));
    if (longer && longer !== e) {
      entities.delete(keyOf(e.name));
      aliasOf.set(keyOf(e.name), longer);
    }
  }
  for (const c of cands) {
    const keys = c.name.map((t) => t.key);
    if (c.kind !== 'group' && c.roles.length === 0 && groupPrefix.has(keys.join(' '))) continue;
    const plain = keys.every(
      (x) => !isPlace(x) && !CALENDAR.has(x) && !NOT_NAMES.has(x) && !ORG_HEADS.has(x) && !COMPANY_WORDS.has(x) && !TITLE_HEADS.has(x),
    );
    const surnameAlone =
      c.kind === 'unknown' &&
      !c.ordinary &&
      c.name.length >= 2 &&
      c.name.length <= 4 &&
      plain &&
      (single.get(keys[keys.length - 1]) ?? 0) > 0 &&
      c.name.every((t) => /^\p{Lu}\p{Ll}/u.test(t.text) || PARTICLES.has(t.key));
    if (c.kind === 'group') continue;
    if ((c.kind === 'person' && c.evidence && c.name.length >= 2) || surnameAlone) {
      ensure(nameOf(c), 'person', keys);
    }
  }
  // A shorter full name inside a longer one is the same person ("Rasheed Ahmed" in "Sheikh Rasheed Ahmed").
  const persons = [...entities.values()].filter((e) => e.kind === 'person').sort((x, y) => y.tokens.length - x.tokens.length);
  for (const e of persons) {
    const longer = persons.find((o) => o !== e && o.tokens.length > e.tokens.length && endsWith(o.tokens, e.tokens));
    if (longer) {
      entities.delete(keyOf(e.name));
      aliasOf.set(keyOf(e.name), longer);
    }
  }
  for (const e of entities.values()) {
    if (e.kind === 'person') {
      for (const s of surnameKeys(e.tokens)) {
        if (!surnames.has(s)) surnames.set(s, new Set());
        surnames.get(s)!.add(e);
      }
    } else {
      for (const a of e.aliases) aliasOf.set(keyOf(a), e);
    }
  }
  // 2. Single names with evidence and no full name to link to ("Mr Blair" alone).
  for (const c of cands) {
    if (c.name.length !== 1 || c.kind !== 'person' || !c.evidence) continue;
    const key = c.name[0].key;
    if (surnames.has(key) || PLACES.has(key) || NOT_NAMES.has(key)) continue;
    const e = ensure(nameOf(c), 'person', [key]);
    surnames.set(key, new Set([e]));
  }

  // 3. Every candidate → its entity; mentions and roles follow.
  const find = (c: Candidate): Entity | undefined => {
    const k = keyOf(nameOf(c));
    const direct = entities.get(k) ?? aliasOf.get(k);
    if (direct) return direct;
    const keys = c.name.map((t) => t.key);
    const group = groupPrefix.get(keys.join(' '));
    if (keys.length === 1) {
      const s = surnames.get(keys[0]);
      if (s?.size === 1) return [...s][0];
      return group ?? undefined;
    }
    if (group && c.roles.length === 0) return group;
    // A partial name ("Rasheed Ahmed", "Abdulaziz bin Saud") matching one person's name.
    const matches = [...entities.values()].filter((e) => e.kind === 'person' && (endsWith(e.tokens, keys) || startsWith(e.tokens, keys)));
    return matches.length === 1 ? matches[0] : undefined;
  };
  for (const c of cands) {
    const e = find(c);
    if (!e) continue;
    if (e.kind === 'person' && c.kind === 'group') continue;
    const first = c.name[0];
    const last = c.name[c.name.length - 1];
    e.mentions.push({ paragraph: c.para.n, start: first.start, end: last.baseEnd, surface: c.para.text.slice(first.start, last.baseEnd) });
    for (const r of c.roles)
      if (r.role && !e.roles.some((o) => o.role === r.role && o.paragraph === r.paragraph && o.sentence === r.sentence)) e.roles.push(r);
    for (const a of c.aliases) if (keyOf(a) !== keyOf(e.name)) e.aliases.add(a);
    const written = norm(c.name.map((t) => t.base).join(' '));
    if (written.length > e.name.length && e.kind === 'person' && endsWith(written.toLowerCase().split(' '), e.tokens)) e.name = written;
  }
  // Acronym mentions ("BLA") that came as single candidates resolved through aliasOf above.
  const out: PersonFact[] = [];
  for (const e of entities.values()) {
    if (e.mentions.length === 0) continue;
    e.mentions.sort((x, y) => x.paragraph - y.paragraph || x.start - y.start);
    e.roles.sort((x, y) => x.paragraph - y.paragraph || x.sentence - y.sentence);
    out.push({
      name: e.name,
      kind: e.kind,
      aliases: [...e.aliases].filter((a) => keyOf(a) !== keyOf(e.name)),
      roles: e.roles,
      mentions: e.mentions,
    });
  }
  return out;
}

/** The keys a lone later mention may use: the surname, and the given name of names like "Abdulaziz bin Saud". */
function surnameKeys(tokens: string[]): string[] {
  const own = tokens.filter((t) => !NAME_HONORIFICS.has(t));
  const out = [own[own.length - 1]];
  if (own.some((t) => t === 'bin' || t === 'ibn' || t === 'bint')) out.push(own[0]);
  return out.filter(Boolean);
}

function endsWith(long: string[], short: string[]): boolean {
  if (short.length > long.length) return false;
  const off = long.length - short.length;
  return short.every((t, i) => long[off + i] === t);
}

function startsWith(long: string[], short: string[]): boolean {
  return short.length <= long.length && short.every((t, i) => long[i] === t);
}
