/**
 * The corpus-wide people and groups index behind /who, autocomplete and speaker roles (issue #3).
 *
 * Built from the per-document facts: the same name in several documents is one entry; a lone
 * surname with no full name in its document joins the one full name that has it; group names
 * that differ in one spelling ("Baloch"/"Balochistan"/"Baluchistan Liberation Army") or share an
 * acronym merge. Queries are map look-ups, a small MiniSearch over names, or a binary search
 * over sorted name keys — never a pass over every entry.
 */
import MiniSearch from 'minisearch';
import { FIRST_NAMES } from '../extract/lexicon.js';
import type { IngestedDoc } from '../ingest/index.js';
import type { SnapshotSource } from './fact-index.js';
import { packMiniSearch, unpackMiniSearch } from './minisearch-state.js';
import { runNow, STEP, type Steps } from './steps.js';
import { foldAccents } from './text.js';

export interface PersonRole {
  role: string;
  /** Index into `Corpus.docs`. */
  doc: number;
  paragraph: number;
  sentence: number;
}

export interface PersonMention {
  doc: number;
  paragraph: number;
  start: number;
  end: number;
}

export interface PersonEntry {
  id: number;
  name: string;
  kind: 'person' | 'group';
  /** Other names it goes by: acronyms, former names, spelling variants, shorter forms. */
  aliases: string[];
  roles: PersonRole[];
  /**
   * The distinct roles, newest source first (issue #16: roles change over time), then most often
   * stated, a bare rank after described roles, then corpus order; computed once when the index is
   * built so that /who reads a few, whatever the number of statements. Each is the index in
   * `roles` of the statement to cite (the first one in the newest dated source) and how often it
   * is stated. At most MAX_ROLE_GROUPS; `roleGroupCount` counts them all.
   */
  roleGroups: { cited: number; stated: number }[];
  roleGroupCount: number;
  /** Documents that mention it (indexes into `Corpus.docs`), in corpus order. */
  docs: number[];
  /** How many times the corpus mentions it. */
  mentionCount: number;
  /** The first mention in each of the first documents, for an answer when no role is stated. */
  firstMentions: PersonMention[];
}

export interface PersonMatch {
  entry: PersonEntry;
  score: number;
  /** Every query word is a word (or the start of a word) of the name or an alias: no typo needed. */
  whole: boolean;
}

/** Cheap loop bodies (a map look-up or two) between pauses of a build. */
const LOOP = STEP * 64;

/** Distinct roles kept per entry, best first (a /who answer shows ten). */
export const MAX_ROLE_GROUPS = 25;
/** How many first mentions an entry keeps (enough to cite; bounded for memory). */
const KEEP_FIRST_MENTIONS = 5;
/** Autocomplete lists are precomputed for prefixes up to this length; longer ones scan a small range. */
const PRECOMPUTED_PREFIX = 3;
const AUTOCOMPLETE_MAX = 25;

/** A name as a key: lower case, accents folded, one kind of apostrophe, single spaces. */
export function nameKey(s: string): string {
  let t = s.toLowerCase();
  // Folding accents normalises Unicode, the dearest step: only names that need it pay for it.
  if (!/^[\x00-\x7f]*$/.test(t)) t = foldAccents(t).replace(/[’‘`]/g, "'");
  return t
    .replace(/^the\s+/, '')
    .replace(/[^\p{L}\p{N}' -]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const NAME_SEARCH_OPTIONS = {
  fields: ['names'],
  idField: 'id',
  tokenize: (t: string) => t.split(' ').filter(Boolean),
  processTerm: (t: string) => t || null,
};

const SNAPSHOT_VERSION = 3;

interface PeopleSnapshotHead {
  version: number;
  documents: number;
  prefixIds: Int32Array;
}

interface Derived {
  prefixKeys: string[];
  prefixIds: Int32Array;
  topByPrefix: Map<string, number[]>;
  nameText: string[];
  search: MiniSearch<{ id: number; names: string }>;
}

interface Building {
  entry: PersonEntry;
  tokens: string[];
  /** Documents already counted. */
  seen: Set<number>;
  /** Set when this entry was merged into another (a spelling variant). */
  merged?: Building;
}

export class PeopleIndex implements SnapshotSource {
  readonly entries: PersonEntry[];
  /** name or alias key → entry ids. */
  private readonly byKey: Map<string, number[]>;
  /** doc → its local name keys (full names, surnames, aliases) → entry id. */
  /** "doc|name key" → entry id: the names each document uses (full names, surnames, aliases). */
  private readonly docNames: Map<string, number>;
  /** doc → the entries it mentions. */
  private readonly docEntries: (number[] | undefined)[];
  /** Sorted [key, id] pairs over every word-start of every name and alias, for prefixes. */
  private readonly prefixKeys: string[];
  private readonly prefixIds: Int32Array;
  private readonly topByPrefix: Map<string, number[]>;
  private readonly search: MiniSearch<{ id: number; names: string }>;
  /** Each entry's name keys, space-padded, for whole-word tests without re-normalising. */
  private readonly nameText: string[];

  private readonly docIndex: Map<string, number>;

  private constructor(
    entries: PersonEntry[],
    byKey: Map<string, number[]>,
    docNames: Map<string, number>,
    docEntries: (number[] | undefined)[],
    docIndex: Map<string, number>,
    derived: Derived,
  ) {
    this.docIndex = docIndex;
    this.entries = entries;
    this.byKey = byKey;
    this.docNames = docNames;
    this.docEntries = docEntries;
    this.prefixKeys = derived.prefixKeys;
    this.prefixIds = derived.prefixIds;
    this.topByPrefix = derived.topByPrefix;
    this.nameText = derived.nameText;
    this.search = derived.search;
  }

  /** The look-up structures computed from the entries (a snapshot stores them instead). */
  private static *deriving(entries: PersonEntry[]): Steps<Derived> {
    // Word starts: "asim munir" → "asim munir", "munir"; so "Mun" completes to Asim Munir.
    const pairs: [string, number][] = [];
    for (const e of entries) {
      if (e.id % (STEP * 4) === 0) yield;
      const seenKeys = new Set<string>();
      for (const n of [e.name, ...e.aliases]) {
        const words = nameKey(n).split(' ');
        for (let i = 0; i < words.length; i++) {
          const k = words.slice(i).join(' ');
          if (k && !seenKeys.has(k)) {
            seenKeys.add(k);
            pairs.push([k, e.id]);
          }
        }
      }
    }
    yield;
    pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    yield;
    const prefixKeys = pairs.map((p) => p[0]);
    const prefixIds = Int32Array.from(pairs.map((p) => p[1]));
    // For short prefixes the range is large: fill the table once, walking entries most mentioned
    // first, so each list is already ranked and stops at the limit.
    const topByPrefix = new Map<string, number[]>();
    const byRank = [...entries].sort(rank);
    topByPrefix.set(
      '',
      byRank.slice(0, AUTOCOMPLETE_MAX).map((e) => e.id),
    );
    let k = 0;
    for (const e of byRank) {
      if (++k % (STEP * 4) === 0) yield;
      for (const n of [e.name, ...e.aliases]) {
        for (const word of nameKey(n).split(' ')) {
          for (let len = 1; len <= PRECOMPUTED_PREFIX && len <= word.length; len++) {
            const p = word.slice(0, len);
            let l = topByPrefix.get(p);
            if (!l) topByPrefix.set(p, (l = []));
            if (l.length < AUTOCOMPLETE_MAX && l[l.length - 1] !== e.id && !l.includes(e.id)) l.push(e.id);
          }
        }
      }
    }
    yield;
    const nameText = entries.map((e) => ` ${[e.name, ...e.aliases].map(nameKey).join(' | ')} `);
    const search = new MiniSearch<{ id: number; names: string }>(NAME_SEARCH_OPTIONS);
    for (const e of entries) {
      if (e.id % STEP === 0) yield;
      search.add({ id: e.id, names: nameText[e.id].replace(/ \| /g, ' ') });
    }
    return { prefixKeys, prefixIds, topByPrefix, nameText, search };
  }

  /**
   * What a snapshot keeps so that a warm start skips the build: every structure as it is, one
   * snapshot part each (the name MiniSearch as its internal Maps, see minisearch-state.ts).
   * Entries refer to documents by index, which the snapshot restores alongside.
   */
  toSnapshot(): unknown[] {
    const head: PeopleSnapshotHead = { version: SNAPSHOT_VERSION, documents: this.docEntries.length, prefixIds: this.prefixIds };
    return [
      head,
      this.entries,
      this.byKey,
      this.docNames,
      this.docEntries,
      this.prefixKeys,
      this.topByPrefix,
      this.nameText,
      ...packMiniSearch(this.search),
    ];
  }

  static fromSnapshot(parts: unknown, docs: readonly IngestedDoc[]): PeopleIndex {
    if (!Array.isArray(parts)) throw new Error('not a people index snapshot of this version');
    const [head, entries, byKey, docNames, docEntries, prefixKeys, topByPrefix, nameText] = parts as [
      PeopleSnapshotHead,
      PersonEntry[],
      Map<string, number[]>,
      Map<string, number>,
      (number[] | undefined)[],
      string[],
      Map<string, number[]>,
      string[],
    ];
    if (
      !head ||
      head.version !== SNAPSHOT_VERSION ||
      !(head.prefixIds instanceof Int32Array) ||
      !Array.isArray(entries) ||
      !(byKey instanceof Map) ||
      !(docNames instanceof Map) ||
      !Array.isArray(docEntries) ||
      !Array.isArray(prefixKeys) ||
      !(topByPrefix instanceof Map) ||
      !Array.isArray(nameText)
    ) {
      throw new Error('not a people index snapshot of this version');
    }
    if (head.documents !== docs.length || docEntries.length !== docs.length)
      throw new Error(`made for ${head.documents} documents, the corpus has ${docs.length}`);
    if (nameText.length !== entries.length || prefixKeys.length !== head.prefixIds.length) throw new Error('people index parts disagree');
    const { index: search, next } = unpackMiniSearch<{ id: number; names: string }>(NAME_SEARCH_OPTIONS, parts, 8);
    if (next !== parts.length || search.documentCount !== entries.length) throw new Error('the name index and the entries disagree');
    const derived: Derived = { prefixKeys, prefixIds: head.prefixIds, topByPrefix, nameText, search };
    return new PeopleIndex(entries, byKey, docNames, docEntries, new Map(docs.map((d, i) => [d.meta.id, i])), derived);
  }

  static build(docs: readonly IngestedDoc[]): PeopleIndex {
    return runNow(PeopleIndex.building(docs));
  }

  /** The build, pausing between pieces of work (steps.ts). */
  static *building(docs: readonly IngestedDoc[]): Steps<PeopleIndex> {
    const building: Building[] = [];
    const byKey = new Map<string, number[]>();
    const keyed = (k: string) => byKey.get(k) ?? [];
    const addKey = (k: string, id: number) => {
      const l = byKey.get(k);
      if (!l) byKey.set(k, [id]);
      else if (!l.includes(id)) l.push(id);
    };
    const create = (name: string, kind: 'person' | 'group'): Building => {
      const b: Building = {
        entry: {
          id: building.length,
          name,
          kind,
          aliases: [],
          roles: [],
          roleGroups: [],
          roleGroupCount: 0,
          docs: [],
          mentionCount: 0,
          firstMentions: [],
        },
        tokens: nameKey(name).split(' '),
        seen: new Set(),
      };
      building.push(b);
      addKey(nameKey(name), b.entry.id);
      return b;
    };

    // 1. Full names (and groups) across documents: the same key is one entry.
    const pending: { doc: number; fact: Fact }[] = [];
    // Which entry each document's fact went to, for the per-document names.
    const owner = new Map<Fact, Building>();
    for (let di = 0; di < docs.length; di++) {
      if (di % STEP === 0) yield;
      const d = docs[di];
      for (const f of d.facts.people) {
        const single = f.kind === 'person' && !f.name.includes(' ');
        if (single) {
          pending.push({ doc: di, fact: f });
          continue;
        }
        const k = nameKey(f.name);
        let b = keyed(k)
          .map((id) => building[id])
          .find((x) => x.entry.kind === f.kind);
        // A group known under an alias elsewhere ("BLA"): join it.
        if (!b && f.kind === 'group')
          for (const a of f.aliases)
            b ??= keyed(nameKey(a))
              .map((id) => building[id])
              .find((x) => x.entry.kind === 'group');
        b ??= create(f.name, f.kind);
        absorb(b, f, di);
        owner.set(f, b);
        for (const a of f.aliases) addKey(nameKey(a), b.entry.id);
      }
    }
    // 2. Spelling variants of group names merge (one differing word, a prefix or a near spelling).
    yield* mergingGroupVariants(building, byKey);
    // 3. A lone surname joins the one full name corpus-wide that ends with it.
    const bySurname = new Map<string, number[]>();
    let n = 0;
    for (const b of building) {
      if (++n % LOOP === 0) yield;
      if (b.entry.kind !== 'person' || b.merged) continue;
      const s = b.tokens[b.tokens.length - 1];
      const l = bySurname.get(s);
      if (!l) bySurname.set(s, [b.entry.id]);
      else l.push(b.entry.id);
    }
    for (let i = 0; i < pending.length; i++) {
      if (i % STEP === 0) yield;
      const { doc, fact } = pending[i];
      const k = nameKey(fact.name);
      const ids = (bySurname.get(k) ?? []).filter((id) => !building[id].merged);
      let b = ids.length ? dominant(ids.map((id) => building[id])) : undefined;
      b ??= keyed(k)
        .map((id) => building[id])
        .find((x) => x.entry.kind === 'person' && !x.merged);
      b ??= create(fact.name, 'person');
      absorb(b, fact, doc);
      owner.set(fact, b);
      addKey(k, b.entry.id);
    }

    // 4. Final ids, keys and per-document names.
    const published = (doc: number) => docs[doc].meta.published;
    const live = building.filter((b) => !b.merged);
    const newId = new Map<Building, number>();
    live.forEach((b, i) => newId.set(b, i));
    const followBuilding = (b: Building): number => {
      while (b.merged) b = b.merged;
      return newId.get(b)!;
    };
    const follow = (id: number) => followBuilding(building[id]);
    const finalKeys = new Map<string, number[]>();
    for (const [k, ids] of byKey) {
      if (++n % LOOP === 0) yield;
      finalKeys.set(k, [...new Set(ids.map(follow))]);
    }
    const entries: PersonEntry[] = [];
    for (let i = 0; i < live.length; i++) {
      if (i % STEP === 0) yield;
      const b = live[i];
      b.entry.id = i;
      b.entry.docs.sort((x, y) => x - y);
      b.entry.aliases = [...new Set(b.entry.aliases)].filter((a) => nameKey(a) !== nameKey(b.entry.name));
      groupRoles(b.entry, published);
      entries.push(b.entry);
    }
    for (const e of entries) {
      if (++n % LOOP === 0) yield;
      for (const a of e.aliases) {
        const l = finalKeys.get(nameKey(a)) ?? [];
        if (!l.includes(e.id)) l.push(e.id);
        finalKeys.set(nameKey(a), l);
      }
    }
    // One flat map and small arrays rather than a map per document: far less memory on big corpora.
    const docNames = new Map<string, number>();
    const docEntries = new Array<number[] | undefined>(docs.length);
    for (let di = 0; di < docs.length; di++) {
      if (di % STEP === 0) yield;
      const d = docs[di];
      const ids: number[] = [];
      for (const f of d.facts.people) {
        const b = owner.get(f);
        if (!b) continue;
        const id = followBuilding(b);
        if (!ids.includes(id)) ids.push(id);
        for (const m of f.mentions) docNames.set(`${di}|${nameKey(m.surface)}`, id);
        for (const a of f.aliases) docNames.set(`${di}|${nameKey(a)}`, id);
        docNames.set(`${di}|${nameKey(f.name)}`, id);
      }
      if (ids.length) docEntries[di] = ids;
    }
    yield;
    const derived = yield* PeopleIndex.deriving(entries);
    return new PeopleIndex(entries, finalKeys, docNames, docEntries, new Map(docs.map((d, i) => [d.meta.id, i])), derived);
  }

  get size(): number {
    return this.entries.length;
  }

  /** Best matches for a name, alias, surname, prefix or misspelling; exact names first. */
  lookup(query: string, limit = 5): PersonMatch[] {
    const k = nameKey(query);
    if (!k) return [];
    const out = new Map<number, number>();
    const whole = new Set<number>();
    for (const id of this.byKey.get(k) ?? []) {
      out.set(id, 1000 + Math.log1p(this.entries[id].mentionCount));
      whole.add(id);
    }
    const words = k.split(' ');
    // Cheap before dear: whole words and prefixes first; typo tolerance only when they find nothing.
    // A query word that is a given name is a whole name: "Carl" is not the start of "Carlos".
    const partial = (t: string) => t.length >= 3 && !FIRST_NAMES.has(t);
    let hits = this.search.search(k, { combineWith: 'AND', prefix: partial });
    if (hits.length === 0 && out.size === 0) {
      hits = this.search.search(k, {
        combineWith: 'AND',
        prefix: partial,
        fuzzy: (t) => (!partial(t) ? false : t.length >= 5 ? 0.2 : t.length >= 4 ? 1 : false),
      });
    }
    for (const h of hits.slice(0, 200)) {
      const e = this.entries[h.id as number];
      // A whole-word match of every query word beats a prefix or a typo; popular names win ties.
      const names = this.nameText[e.id];
      const exact = words.every((w) => names.includes(` ${w} `));
      if (words.every((w) => names.includes(` ${w}`))) whole.add(e.id);
      const score = h.score * (exact ? 3 : 1) * (1 + Math.log1p(e.mentionCount) / 4);
      out.set(e.id, Math.max(out.get(e.id) ?? 0, score));
    }
    return [...out.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([id, score]) => ({ entry: this.entries[id], score, whole: whole.has(id) }));
  }

  /** Up to `limit` names starting (at any word) with the prefix, most mentioned first. */
  autocomplete(prefix: string, limit = AUTOCOMPLETE_MAX): PersonEntry[] {
    const p = nameKey(prefix);
    const n = Math.min(limit, AUTOCOMPLETE_MAX);
    if (p.length <= PRECOMPUTED_PREFIX) return (this.topByPrefix.get(p) ?? []).slice(0, n).map((id) => this.entries[id]);
    let lo = 0;
    let hi = this.prefixKeys.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.prefixKeys[mid] < p) lo = mid + 1;
      else hi = mid;
    }
    const ids = new Set<number>();
    for (let i = lo; i < this.prefixKeys.length && this.prefixKeys[i].startsWith(p); i++) ids.add(this.prefixIds[i]);
    return topN(
      [...ids].map((id) => this.entries[id]),
      n,
    );
  }

  /**
   * The entry a speaker string refers to. With a document, the names that document uses come
   * first (a surname there means that document's person); otherwise only an exact name or alias,
   * and only when it is not ambiguous.
   */
  resolve(name: string, docId?: string | number): PersonEntry | undefined {
    const k = nameKey(name);
    if (!k) return undefined;
    const doc = typeof docId === 'string' ? this.docIndex.get(docId) : docId;
    if (doc !== undefined) {
      const id = this.docNames.get(`${doc}|${k}`) ?? this.docNames.get(`${doc}|${k.split(' ').pop()}`);
      if (id !== undefined) return this.entries[id];
    }
    const ids = this.byKey.get(k) ?? [];
    if (ids.length === 1) return this.entries[ids[0]];
    if (ids.length > 1) return ids.map((id) => this.entries[id]).sort(rank)[0];
    return undefined;
  }

  /** The closest names in the corpus for a "not in the corpus" reply: looser than lookup. */
  closest(query: string, n = 5): string[] {
    const k = nameKey(query);
    if (!k) return [];
    const hits = this.search.search(k, { combineWith: 'OR', prefix: (t) => t.length >= 3, fuzzy: (t) => (t.length >= 4 ? 0.34 : false) });
    const out: string[] = [];
    for (const h of hits.slice(0, 50)) {
      const name = this.entries[h.id as number].name;
      if (!out.includes(name)) out.push(name);
      if (out.length >= n) break;
    }
    return out;
  }

  /**
   * The people and groups the given documents mention, with whether they are new: mentioned in
   * no document outside the set (for the digest's "newly seen").
   */
  forDocs(docIds: Iterable<string | number>): { entry: PersonEntry; isNew: boolean }[] {
    const set = new Set<number>();
    for (const d of docIds) {
      const i = typeof d === 'string' ? this.docIndex.get(d) : d;
      if (i !== undefined) set.add(i);
    }
    const ids = new Set<number>();
    for (const d of set) for (const id of this.docEntries[d] ?? []) ids.add(id);
    return [...ids]
      .map((id) => this.entries[id])
      .sort(rank)
      .map((entry) => ({ entry, isNew: entry.docs.every((d) => set.has(d)) }));
  }
}

/** Most mentioned first, then most documents, then name. */
function rank(a: PersonEntry, b: PersonEntry): number {
  return b.mentionCount - a.mentionCount || b.docs.length - a.docs.length || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

function topN(list: PersonEntry[], n: number): PersonEntry[] {
  return list.sort(rank).slice(0, n);
}

type Fact = IngestedDoc['facts']['people'][number];

function absorb(b: Building, f: Fact, doc: number): void {
  const e = b.entry;
  if (!b.seen.has(doc)) {
    b.seen.add(doc);
    e.docs.push(doc);
    const m = f.mentions[0];
    if (m && e.firstMentions.length < KEEP_FIRST_MENTIONS)
      e.firstMentions.push({ doc, paragraph: m.paragraph, start: m.start, end: m.end });
  }
  e.mentionCount += f.mentions.length;
  for (const r of f.roles) e.roles.push({ role: r.role, doc, paragraph: r.paragraph, sentence: r.sentence });
  for (const a of f.aliases) e.aliases.push(a);
  // The fuller spelling names the entry ("Sheikh Rasheed Ahmed" over "Rasheed Ahmed").
  if (nameKey(f.name) !== nameKey(e.name) && f.name.length > e.name.length && nameKey(f.name).endsWith(nameKey(e.name))) {
    e.aliases.push(e.name);
    e.name = f.name;
  } else if (nameKey(f.name) !== nameKey(e.name)) e.aliases.push(f.name);
}

/** Groups whose names differ in one word that is a spelling variant of the other. */
function* mergingGroupVariants(building: Building[], byKey: Map<string, number[]>): Steps<void> {
  const buckets = new Map<string, Building[]>();
  let n = 0;
  for (const b of building) {
    if (++n % LOOP === 0) yield;
    if (b.entry.kind !== 'group' || b.tokens.length < 2) continue;
    // The head word must agree, so only the modifiers can vary.
    for (let i = 0; i < b.tokens.length - 1; i++) {
      const sig = b.tokens.map((t, j) => (j === i ? '*' : t)).join(' ');
      const l = buckets.get(sig);
      if (!l) buckets.set(sig, [b]);
      else l.push(b);
    }
  }
  for (const [sig, list] of buckets) {
    if (++n % LOOP === 0) yield;
    if (list.length < 2) continue;
    const i = sig.split(' ').indexOf('*');
    for (let x = 1; x < list.length; x++) {
      const a = root(list[0]);
      const b = root(list[x]);
      if (a === b || !variant(list[0].tokens[i], list[x].tokens[i])) continue;
      const [keep, drop] = a.entry.mentionCount >= b.entry.mentionCount ? [a, b] : [b, a];
      drop.merged = keep;
      const k = keep.entry;
      const d = drop.entry;
      for (const doc of d.docs)
        if (!keep.seen.has(doc)) {
          keep.seen.add(doc);
          k.docs.push(doc);
        }
      k.mentionCount += d.mentionCount;
      k.roles.push(...d.roles);
      k.aliases.push(d.name, ...d.aliases);
      for (const m of d.firstMentions) if (k.firstMentions.length < KEEP_FIRST_MENTIONS) k.firstMentions.push(m);
      byKey.get(nameKey(d.name))?.push(k.id);
    }
  }
}

/**
 * The one full name a lone surname means corpus-wide: the only one, or one that holds at least
 * 80% of the mentions of all full names with that surname ("Reagan" → Ronald Reagan, not Nancy).
 */
function dominant(list: Building[]): Building | undefined {
  if (list.length === 1) return list[0];
  const total = list.reduce((n, b) => n + b.entry.mentionCount, 0);
  const best = list.reduce((a, b) => (b.entry.mentionCount > a.entry.mentionCount ? b : a));
  return best.entry.mentionCount >= 0.8 * total ? best : undefined;
}

function root(b: Building): Building {
  while (b.merged) b = b.merged;
  return b;
}

/** "baloch"/"balochistan" (one a prefix of the other) or "baluchistan"/"balochistan" (near spelling). */
function variant(a: string, b: string): boolean {
  if (a === b) return false;
  const [s, l] = a.length <= b.length ? [a, b] : [b, a];
  if (s.length >= 5 && l.startsWith(s)) return true;
  return s.length >= 7 && editDistance(a, b) <= (s.length >= 10 ? 2 : 1);
}

export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

/** A rank or title alone ("Gen.", "Col.", "Field Marshal"): true, but says less than a described role. */
function bareRank(role: string): boolean {
  return (
    role.split(/\s+/).length <= 2 &&
    /^[\p{Lu}][\p{L}.]*(?:\s[\p{Lu}][\p{L}.]*)?$/u.test(role) &&
    /\.|^(?:Major|Brigadier|Field|Lieutenant|General|Colonel|Captain|Admiral|Sergeant)\b/.test(role)
  );
}

/** Two statements of a role are the same role when they differ only in case, article, apostrophe or spacing. */
export function roleKey(r: string): string {
  return r
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/^(?:the|a|an)\s+/, '')
    .replace(/\s+/g, ' ');
}

/**
 * Fills `roleGroups`: newest source first (an undated source after every dated one), then most
 * often stated, a bare rank after described roles, then corpus order. Each cites the first
 * statement of the role in its newest source.
 */
function groupRoles(e: PersonEntry, published: (doc: number) => string | undefined): void {
  const groups = new Map<string, { cited: number; stated: number; date: string }>();
  e.roles.forEach((r, i) => {
    const k = roleKey(r.role);
    const date = published(r.doc) ?? '';
    const g = groups.get(k);
    if (!g) groups.set(k, { cited: i, stated: 1, date });
    else {
      g.stated++;
      if (date > g.date) {
        g.cited = i;
        g.date = date;
      }
    }
  });
  const at = (g: { cited: number }) => e.roles[g.cited];
  e.roleGroups = [...groups.values()]
    .sort(
      (a, b) =>
        (a.date < b.date ? 1 : a.date > b.date ? -1 : 0) ||
        b.stated - a.stated ||
        Number(bareRank(at(a).role)) - Number(bareRank(at(b).role)) ||
        at(a).doc - at(b).doc ||
        at(a).paragraph - at(b).paragraph,
    )
    .slice(0, MAX_ROLE_GROUPS)
    .map(({ cited, stated }) => ({ cited, stated }));
  e.roleGroupCount = groups.size;
}
