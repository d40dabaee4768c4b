/**
 * From a document's candidates to its people and groups: groups first, then full names with
 * evidence; shorter names inside longer ones, lone surnames and partial names link to the one
 * full name they fit; mentions and roles follow each candidate to its entity.
 */
import {
  ADDRESS,
  CALENDAR,
  COMPANY_WORDS,
  NAME_HONORIFICS,
  NOT_NAMES,
  ORG_HEADS,
  PARTICLES,
  PARTY_WORDS,
  PLACES,
  ROLE_ADJECTIVES,
  ROLE_NOUNS,
  TITLE_HEADS,
  isFirstName,
  isPlace,
} from '../lexicon.js';
import { INNER_CAPITAL, type Candidate } from './rules.js';
import { TITLE_CASE, type Token } from './tokens.js';
import type { MentionFact, PersonFact, RoleFact } from '../types.js';

// Constants, not literals where they are tested: tsx builds a \p{…} literal again at every call (see tokens.ts).
/** A role that ends in a lower-case word ("a chemicals maker"). */
const LOWER_END = /(?:^|\s)\p{Ll}[\p{L}-]*$/u;
const GIVEN_SHAPE = /^\p{Lu}\p{Ll}+$/u;
/** The capitalised word right before a surname in the text. */
const CAPITALISED_BEFORE = /(\p{Lu}[\p{L}-]*)\s+$/u;

interface Entity {
  name: string;
  kind: 'person' | 'group';
  aliases: Set<string>;
  roles: RoleFact[];
  mentions: MentionFact[];
  tokens: string[];
}

/** Printable ASCII words with one space between: what norm() leaves as it is (most names), tested first since NFKC costs ~8× more. */
const PLAIN = /^[\x21-\x7e]+(?: [\x21-\x7e]+)*$/;
const norm = (s: string) => (PLAIN.test(s) ? s : s.normalize('NFKC').replace(/[’‘]/g, "'").replace(/\s+/g, ' ').trim());

// The steps are functions of their own, not one function with closures: V8 compiled the whole
// (every closure and lexicon test inlined) at ~0.6 s a time, again after each new candidate shape
// met in a document, a dozen times per worker in a cold ingest.

/** What the steps share: the document's entities and the ways to them. */
interface Resolving {
  cands: Candidate[];
  entities: Map<string, Entity>;
  surnames: Map<string, Set<Entity>>;
  aliasOf: Map<string, Entity>;
  /** Each candidate's name keys joined by spaces, once: the steps look them up several times. */
  keyText: Map<Candidate, string>;
  /** Group names by every start of theirs ("greyhound" → Greyhound Lines Inc); null when two groups share it. */
  groupPrefix: Map<string, Entity | null>;
}

const nameOf = (c: Candidate) => norm(c.name.map((t, x) => (x === c.name.length - 1 ? t.base : t.text)).join(' '));
const keyOf = (s: string) => s.toLowerCase();

function ensure(r: Resolving, name: string, kind: 'person' | 'group', tokens: string[]): Entity {
  const k = keyOf(name);
  let e = r.entities.get(k);
  if (!e) {
    e = { name, kind, aliases: new Set(), roles: [], mentions: [], tokens };
    r.entities.set(k, e);
  }
  return e;
}

export function resolve(cands: Candidate[]): PersonFact[] {
  dropSentenceInitial(cands);
  const r: Resolving = {
    cands,
    entities: new Map(),
    surnames: new Map(),
    aliasOf: new Map(),
    keyText: new Map(cands.map((c) => [c, c.name.map((t) => t.key).join(' ')])),
    groupPrefix: new Map(),
  };
  addGroups(r);
  addFullNames(r);
  linkShorterNames(r);
  addSingleNames(r);
  return assign(r);
}

/**
 * A sentence-initial word before a name the document gives elsewhere is no part of it
 * ("Teenager Sania Mirza", "Lock Alec Parker" when "Sania Mirza" and "Alec Parker" occur).
 */
function dropSentenceInitial(cands: Candidate[]): void {
  const names = new Set(cands.filter((c) => !c.initial).map((c) => c.name.map((t) => t.key).join(' ')));
  for (const c of cands) {
    if (
      c.initial &&
      c.name.length >= 3 &&
      // "Aart de Zeeuw" … "De Zeeuw": a surname with a particle needs the given name before it,
      // and a given name is kept ("Charles Saumarez Smith" … "Saumarez Smith").
      !PARTICLES.has(c.name[1].key) &&
      !isFirstName(c.name[0].key) &&
      names.has(
        c.name
          .slice(1)
          .map((t) => t.key)
          .join(' '),
      )
    )
      c.name = c.name.slice(1);
  }
}

/**
 * 1a. Groups. A name that starts a group's name in this document ("Greyhound Lines" for
 * "Greyhound Lines Inc") is that group unless a role marks a person.
 */
function addGroups(r: Resolving): void {
  const { groupPrefix } = r;
  for (const c of r.cands) {
    if (c.kind !== 'group') continue;
    const keys = c.name.map((t) => t.key);
    const e = ensure(r, nameOf(c), 'group', keys);
    for (const a of c.aliases) e.aliases.add(a);
    for (let n = 1; n < keys.length; n++) {
      const p = keys.slice(0, n).join(' ');
      const prev = groupPrefix.get(p);
      groupPrefix.set(p, prev === undefined || prev === e ? e : null);
    }
  }
  // A group named by the start of a longer group's name is that group.
  for (const e of [...r.entities.values()]) {
    const longer = groupPrefix.get(e.tokens.join(' '));
    if (longer && longer !== e) {
      r.entities.delete(keyOf(e.name));
      r.aliasOf.set(keyOf(e.name), longer);
    }
  }
}

/** 1b. Full names with evidence. */
function addFullNames(r: Resolving): void {
  const { cands, keyText } = r;
  // Names the document writes after "the" ("the Golden Globes", "the Dallas Herons") are things:
  // a surname recurring alone does not make them people where "the" is left out.
  const articled = new Set(cands.filter((c) => c.article).map((c) => keyText.get(c)));
  // Surnames seen alone in the document: a two-word name whose surname recurs alone is a person.
  const single = new Map<string, number>();
  for (const c of cands) if (c.name.length === 1 && !c.afterOpener) single.set(c.name[0].key, (single.get(c.name[0].key) ?? 0) + 1);
  // What the document says a name is when it is no person ("drugs group Eli Lilly", "in Tel
  // Aviv"): weak evidence elsewhere (a given name, "X said") does not make it one; a title or a
  // role does.
  const denied = new Set(cands.filter((c) => c.notPerson).map((c) => keyText.get(c)));
  const strong = new Set(cands.filter((c) => c.evidence && !c.weak).map((c) => keyText.get(c)));
  const isDenied = (keys: string[]) => {
    const k = keys.join(' ');
    if (strong.has(k)) return false;
    for (let n = keys.length; n >= 2; n--) if (denied.has(keys.slice(0, n).join(' '))) return true;
    return false;
  };
  for (const c of cands) {
    if (c.kind === 'group') continue;
    const keys = c.name.map((t) => t.key);
    if (c.roles.length === 0 && r.groupPrefix.has(keyText.get(c)!)) continue;
    const surnameAlone =
      c.kind === 'unknown' &&
      !c.ordinary &&
      // "Hot Digital Sales" … "Sales rose": a surname the document also writes as a word is none.
      !c.ordinaryLast &&
      !c.article &&
      !articled.has(keyText.get(c)) &&
      c.name.length >= 2 &&
      c.name.length <= 4 &&
      (single.get(keys[keys.length - 1]) ?? 0) > 0 &&
      keys.every(
        (x) => !isPlace(x) && !CALENDAR.has(x) && !NOT_NAMES.has(x) && !ORG_HEADS.has(x) && !COMPANY_WORDS.has(x) && !TITLE_HEADS.has(x),
      ) &&
      c.name.every((t) => (TITLE_CASE.test(t.text) && !INNER_CAPITAL.test(t.text)) || PARTICLES.has(t.key));
    if (((c.kind === 'person' && c.evidence && c.name.length >= 2) || surnameAlone) && !((c.weak || surnameAlone) && isDenied(keys))) {
      ensure(r, nameOf(c), 'person', keys);
    }
  }
}

/**
 * A shorter full name inside a longer one is the same person ("Rasheed Ahmed" in "Sheikh Rasheed
 * Ahmed"); then every person by surname, every group by alias.
 */
function linkShorterNames(r: Resolving): void {
  const { entities, aliasOf, surnames } = r;
  const persons = [...entities.values()].filter((e) => e.kind === 'person').sort((x, y) => y.tokens.length - x.tokens.length);
  for (const e of persons) {
    const longers = persons.filter(
      (o) => o !== e && o.tokens.length > e.tokens.length && (endsWith(o.tokens, e.tokens) || knightByGiven(e.tokens, o.tokens)),
    );
    const longer = longers.length === 1 || longers.every((o) => endsWith(o.tokens, e.tokens)) ? longers[0] : undefined;
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
}

/** 2. Single names with evidence and no full name to link to ("Mr Blair" alone). */
function addSingleNames(r: Resolving): void {
  const { cands, entities, surnames, groupPrefix } = r;
  for (const c of cands) {
    // Only a title or role right before it makes one word a person ("Mr Blair", "minister Subroto"):
    // a lone word before a comma and a role is as often a firm or a place ("Citibank, the …").
    if (c.name.length !== 1 || c.kind !== 'person' || !c.evidence || !c.titled || c.ordinary) continue;
    const key = c.name[0].key;
    if (surnames.has(key) || PLACES.has(key) || NOT_NAMES.has(key)) continue;
    // "committee chairman Acmebank" where the document names "Acmebank NA" or "Acmebank Corp": one
    // word after a lower-case role (not "Mr", not "President") that starts a firm's name in the document is the firm.
    const firm = groupPrefix.has(key) || entities.get(key)?.kind === 'group';
    if (firm && c.roles.length > 0 && c.roles.every((x) => LOWER_END.test(x.role))) continue;
    // "Mr Tate" where the text writes "Simon Tate" once and no rule took it: that is the name.
    const full = fullNameInText(cands, c.name[0]);
    // A full name the document already makes a group stays one: no person's mentions go to it.
    if (full && entities.get(keyOf(full.name))?.kind !== 'group') {
      const fe = ensure(r, full.name, 'person', full.tokens);
      for (const m of full.mentions) fe.mentions.push(m);
      surnames.set(key, new Set([fe]));
      continue;
    }
    // "Dr Spex" with no full name to link to: a stage name keeps its title, never a name cut short.
    const e = ensure(r, c.titleWord ? `${c.titleWord} ${nameOf(c)}` : nameOf(c), 'person', [key]);
    surnames.set(key, new Set([e]));
  }
}

/** The entity a candidate names, if one: by name or alias, by surname, by a group's start, by a partial name. */
function entityOf(r: Resolving, people: readonly Entity[], c: Candidate): Entity | undefined {
  const k = keyOf(nameOf(c));
  const direct = r.entities.get(k) ?? r.aliasOf.get(k);
  if (direct) return direct;
  const keys = c.name.map((t) => t.key);
  const group = r.groupPrefix.get(r.keyText.get(c)!);
  if (keys.length === 1) {
    const s = r.surnames.get(keys[0]);
    if (s?.size === 1) return [...s][0];
    return group ?? undefined;
  }
  if (group && c.roles.length === 0) return group;
  // A partial name ("Rasheed Ahmed", "Abdulaziz bin Saud") matching one person's name.
  const matches = people.filter((e) => endsWith(e.tokens, keys) || startsWith(e.tokens, keys));
  return matches.length === 1 ? matches[0] : undefined;
}

/**
 * 3. Every candidate → its entity; mentions and roles follow. An entity some candidate gives
 * strong evidence for (a title, a role, an address, an age) is no weak person.
 */
function assign(r: Resolving): PersonFact[] {
  const strongly = new Set<Entity>();
  // No entity is added or removed from here on.
  const people = [...r.entities.values()].filter((e) => e.kind === 'person');
  for (const c of r.cands) {
    const e = entityOf(r, people, c);
    if (!e) continue;
    if (e.kind === 'person' && c.kind === 'group') continue;
    if (c.evidence && !c.weak) strongly.add(e);
    const first = c.name[0];
    const last = c.name[c.name.length - 1];
    e.mentions.push({ paragraph: c.para.n, start: first.start, end: last.baseEnd, surface: c.para.text.slice(first.start, last.baseEnd) });
    for (const x of c.roles)
      if (x.role && !e.roles.some((o) => o.role === x.role && o.paragraph === x.paragraph && o.sentence === x.sentence)) e.roles.push(x);
    for (const a of c.aliases) if (keyOf(a) !== keyOf(e.name)) e.aliases.add(a);
    const written = norm(c.name.map((t) => t.base).join(' '));
    if (written.length > e.name.length && e.kind === 'person' && endsWith(written.toLowerCase().split(' '), e.tokens)) e.name = written;
  }
  // Acronym mentions ("BLA") that came as single candidates resolved through aliasOf above.
  const out: PersonFact[] = [];
  for (const e of r.entities.values()) {
    if (e.mentions.length === 0) continue;
    // A full name found in the text may also have come as a candidate: one mention per place.
    e.mentions = e.mentions.filter(
      (m, i, all) => all.findIndex((o) => o.paragraph === m.paragraph && o.start === m.start && o.end === m.end) === i,
    );
    e.mentions.sort((x, y) => x.paragraph - y.paragraph || x.start - y.start);
    e.roles.sort((x, y) => x.paragraph - y.paragraph || x.sentence - y.sentence);
    out.push({
      name: e.name,
      kind: e.kind,
      aliases: [...e.aliases].filter((a) => keyOf(a) !== keyOf(e.name)),
      roles: e.roles,
      mentions: e.mentions,
      ...(e.kind === 'person' && e.roles.length === 0 && !strongly.has(e) && weakName(e.tokens) ? { weak: true as const } : {}),
    });
  }
  return out;
}

/**
 * A name whose shape is no sure sign of a person: no honorific first ("Sir Acme"). With only
 * weak evidence in its document, such a person gives way to a firm of that name elsewhere in the
 * corpus (issue #16; src/index/firms.ts asks more of a name that starts with a given name).
 */
function weakName(tokens: readonly string[]): boolean {
  return tokens.length > 0 && !NAME_HONORIFICS.has(tokens[0]);
}

/** Generational suffixes: "Charles Evans Jr" is "Mr Evans", not "Mr Jr". */
const NAME_SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv']);

/** The keys a lone later mention may use: the surname, and the given name of names like "Abdulaziz bin Saud". */
function surnameKeys(tokens: string[]): string[] {
  const own = tokens.filter((t) => !NAME_HONORIFICS.has(t));
  while (own.length > 2 && NAME_SUFFIXES.has(own[own.length - 1])) own.pop();
  const out = [own[own.length - 1]];
  if (own.some((t) => t === 'bin' || t === 'ibn' || t === 'bint')) out.push(own[0]);
  return out.filter(Boolean);
}

/** "Sir Digby" … "Sir Digby Jones": a knight or dame is named by the given name too. */
function knightByGiven(short: string[], long: string[]): boolean {
  return (short[0] === 'sir' || short[0] === 'dame') && short.length === 2 && startsWith(long, short);
}

function endsWith(long: string[], short: string[]): boolean {
  if (short.length > long.length) return false;
  const off = long.length - short.length;
  return short.every((t, i) => long[off + i] === t);
}

function startsWith(long: string[], short: string[]): boolean {
  return short.length <= long.length && short.every((t, i) => long[i] === t);
}

/** Initials as a given name: "J.R.", "J.", "JR" (two or three capitals). */
const INITIALS = /^(?:(?:\p{Lu}\.){1,3}|\p{Lu}{2,3})$/u;

/** Stage prefixes written like initials ("MC Kano", "DJ Shadow"): no given name. */
const STAGE_PREFIXES = new Set(['mc', 'dj']);

/** A capitalised word before a full name that is no part of it: an acronym, a title, a party, a place or demonym. */
function labelWord(text: string): boolean {
  const key = text.toLowerCase().replace(/^ex-/, '');
  if (/^[\p{Lu}\p{N}-]+$/u.test(text)) return true;
  if (TITLE_HEADS.has(key) || ADDRESS.has(key) || PARTY_WORDS.has(key) || ROLE_NOUNS.has(key) || ROLE_ADJECTIVES.has(key)) return true;
  return (NOT_NAMES.has(key) || isPlace(key) || /(?:men|man|women|woman|ians?|ese|ish|landers?)$/.test(key)) && !isFirstName(key);
}

/** A word that may open a full name: a listed given name or initials, never a title, place or firm word. */
function givenWord(text: string): boolean {
  const key = text.toLowerCase().replace(/\.$/, '');
  if (TITLE_HEADS.has(key) || ADDRESS.has(key) || NAME_HONORIFICS.has(key) || isPlace(key) || CALENDAR.has(key) || NOT_NAMES.has(key))
    return false;
  if (ORG_HEADS.has(key) || COMPANY_WORDS.has(key) || STAGE_PREFIXES.has(key)) return false;
  return INITIALS.test(text) || (GIVEN_SHAPE.test(text) && isFirstName(key));
}

/** A given word and an optional middle initial, then a space that ends the text: what stands before a surname in a full name. */
const GIVEN_BEFORE = /(?<![\p{L}\p{N}.'’-])((?:\p{Lu}\.){1,3}|\p{Lu}[\p{L}-]*)(?: ((?:\p{Lu}\.)))? $/gu;
/** After a full name's surname: no more of the word, and no other capitalised word. */
const SURNAME_END = /(?![\p{L}\p{N}-])(?!(?:['’]s)?\s+\p{Lu})/uy;

/**
 * The full names in a text that end in a surname, left to right and apart, as one pattern holding
 * the surname finds them: the given word and initial (the match's groups 1 and 2, its index the
 * name's start) before each place the surname is written. Two constant patterns, since building
 * one with the surname in it cost about a millisecond a surname (its \p{…} classes compiled anew).
 */
function* fullNames(text: string, surname: string): Generator<RegExpExecArray> {
  let from = 0;
  for (let s = text.indexOf(surname); s >= 0; s = text.indexOf(surname, s + 1)) {
    SURNAME_END.lastIndex = s + surname.length;
    if (s < from || !SURNAME_END.test(text)) continue;
    GIVEN_BEFORE.lastIndex = from;
    const m = GIVEN_BEFORE.exec(text.slice(0, s));
    if (!m) continue;
    yield m;
    from = s + surname.length;
  }
}

/**
 * The one full name the document writes for a lone surname: a given name or initials right
 * before it ("Peter Kent", "JR Doyle", "Lib Dem Norman Baker" gives "Norman Baker"). Two
 * different full names, or none, give nothing: a surname is better than a wrong full name.
 */
function fullNameInText(cands: Candidate[], surname: Token): { name: string; tokens: string[]; mentions: MentionFact[] } | undefined {
  const paras = [...new Set(cands.map((c) => c.para))];
  const found = new Map<string, { name: string; tokens: string[]; mentions: MentionFact[] }>();
  for (const p of paras) {
    for (const m of fullNames(p.text, surname.base)) {
      if (!givenWord(m[1]) || (m[2] && !INITIALS.test(m[2]))) continue;
      // "Ann Marie Kent": a given name before the given name may be part of it; leave it.
      const before = CAPITALISED_BEFORE.exec(p.text.slice(0, m.index));
      // "Mark Stephen Trotter": a capitalised word before a given name may be another given name;
      // only a label that is no name ("Dem", "Irishmen", "MP", "ex-President") may stand there.
      if (before && !INITIALS.test(m[1]) && !m[2] && !labelWord(before[1])) return undefined;
      // "the Supreme Soviet": a name written after "the" is a thing, not a person's full name.
      if (/(?:^|[^\p{L}])the\s+$/iu.test(p.text.slice(0, m.index))) return undefined;
      const name = m[2] ? `${m[1]} ${m[2]} ${surname.base}` : `${m[1]} ${surname.base}`;
      const k = name.toLowerCase().replace(/\./g, '').replace(/\s+/g, ' ');
      let f = found.get(k);
      if (!f)
        found.set(
          k,
          (f = {
            name,
            tokens: name
              .toLowerCase()
              .split(' ')
              .map((t) => t.replace(/\.$/, '')),
            mentions: [],
          }),
        );
      const end = m.index + m[0].length + surname.base.length;
      f.mentions.push({ paragraph: p.n, start: m.index, end, surface: p.text.slice(m.index, end) });
    }
  }
  return found.size === 1 ? [...found.values()][0] : undefined;
}
