/**
 * The corpus-wide people and groups index behind /who, autocomplete and speaker roles (issue #3).
 *
 * Built from the per-document facts: the same name in several documents is one entry; a lone
 * surname with no full name in its document joins the one full name that has it; group names
 * that differ in one spelling ("Baloch"/"Balochistan"/"Baluchistan Liberation Army") or share an
 * acronym merge. Queries are map look-ups, a small MiniSearch over names, or a binary search
 * over sorted name keys — never a pass over every entry.
 */
import type { SearchOptions, SearchResult } from 'minisearch';
import { FIRST_NAMES } from '../extract/lexicon.js';
import type { IngestedDoc } from '../ingest/index.js';
import { IntChunks } from './chunks.js';
import type { SnapshotSource } from './fact-index.js';
import { FirmCounts } from './firms.js';
import { LayeredMap } from './layered-map.js';
import { internals } from './minisearch.js';
import { packMiniSearch, unpackMiniSearch } from './minisearch-state.js';
import { buildingNames, NAME_SEARCH_OPTIONS, revisingNames, type NameRow, type NameSearch } from './name-search.js';
import { revisedSlots } from './positions.js';
import { sortingTree } from './text-index.js';
import { runNow, STEP, type Steps } from './steps.js';
import { mergeSorted } from './sorted.js';
import { foldAccents } from './text.js';

export interface PersonRole {
  role: string;
  /**
   * Index into `Corpus.docs`; in an index revised live, a document slot that
   * `PeopleIndex.docPosition` maps to the index (so are `PersonMention.doc` and `PersonEntry.docs`).
   */
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

// 5: the firm counts (firms.ts). 4: the name search's tree in key order (name-search.ts).
const SNAPSHOT_VERSION = 5;
/** Made before the firm counts were kept: counted from the documents when restored. */
const NO_FIRMS_VERSION = 4;
/** Made before the name search's tree was kept in key order: restored, then put in order. */
const UNSORTED_VERSION = 3;

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
  search: NameSearch;
}

interface Building {
  entry: PersonEntry;
  tokens: string[];
  /** Documents already counted. */
  seen: Set<number>;
  /** Set when this entry was merged into another (a spelling variant). */
  merged?: Building;
  /** The fact that created it (its index among the facts merged), and whether it was a lone surname. */
  made: number;
  lone: boolean;
}

/** What the look-ups read of a map (a Map, or a LayeredMap in an index revised live). */
interface Lookup<K, V> {
  get(key: K): V | undefined;
}

/** The names each document uses, as a whole build keeps them (by document position). */
interface DocNames {
  /** "doc|name key" → entry id: the names each document uses (full names, surnames, aliases). */
  docNames: Map<string, number>;
  /** doc → the entries it mentions. */
  docEntries: (number[] | undefined)[];
}

/**
 * What an index revised live keeps besides the look-ups (issue #19), so that a change recomputes
 * only the entries its documents' facts share a key with. Documents are referred to by slot
 * (stable while the document stays; never reused) rather than by position, which moves whenever a
 * file sorting before it comes or goes: entries' `docs`, `roles` and `firstMentions` hold slots,
 * `docPosition` maps them. Entry ids are likewise stable slots; ties are ordered by `order`, the
 * order a cold build creates entries in (its ids).
 */
interface LiveParts {
  slotOfPos: Int32Array;
  posOfSlot: Int32Array;
  /** Merge key ("k name", "s surname", "g signature": see `atomsOf`) → the facts that have it (`factRef`). */
  atoms: LayeredMap<string, number[]>;
  /** Document slot → the entry each of its people facts went to. */
  owners: LayeredMap<number, Int32Array>;
  /** Document slot → its name keys (full names, surnames, aliases) → entry id. */
  docNames: LayeredMap<number, Map<string, number>>;
  /** Document slot → the entries it mentions. */
  docEntries: LayeredMap<number, number[]>;
  /** Per entry id: the fact that created it (document slot, place) and whether as a lone surname. */
  madeSlot: IntChunks;
  madeK: IntChunks;
  madeLone: IntChunks;
  /** Live entry ids in a cold build's order. */
  canon: Int32Array;
}

export class PeopleIndex implements SnapshotSource {
  /** Entries by id; an index revised live has holes where replaced entries were. */
  private readonly slots: readonly (PersonEntry | undefined)[];
  /** name or alias key → entry ids. */
  private readonly byKey: Lookup<string, number[]>;
  private readonly names?: DocNames;
  private readonly live?: LiveParts;
  /** Sorted [key, id] pairs over every word-start of every name and alias, for prefixes. */
  private readonly prefixKeys: string[];
  private readonly prefixIds: Int32Array;
  private readonly topByPrefix: Lookup<string, number[]>;
  private readonly search: NameSearch;
  /** Each entry's name keys, space-padded, for whole-word tests without re-normalising. */
  private readonly nameText: readonly (string | undefined)[];
  readonly size: number;
  /** Per name key, documents framing it as a firm and naming a person by it surely (issue #16). */
  readonly firms: FirmCounts;
  private readonly docs: readonly IngestedDoc[];
  private docIndexMade?: Map<string, number>;
  private entriesMade?: PersonEntry[];

  private constructor(
    slots: readonly (PersonEntry | undefined)[],
    byKey: Lookup<string, number[]>,
    names: DocNames | LiveParts,
    docs: readonly IngestedDoc[],
    derived: Omit<Derived, 'topByPrefix' | 'nameText'> & {
      topByPrefix: Lookup<string, number[]>;
      nameText: readonly (string | undefined)[];
    },
    firms: FirmCounts,
    size = slots.length,
  ) {
    this.firms = firms;
    this.slots = slots;
    this.byKey = byKey;
    if ('canon' in names) this.live = names;
    else this.names = names;
    this.docs = docs;
    this.size = size;
    this.prefixKeys = derived.prefixKeys;
    this.prefixIds = derived.prefixIds;
    this.topByPrefix = derived.topByPrefix;
    this.nameText = derived.nameText;
    this.search = derived.search;
  }

  /** Every entry, in a cold build's order (its ids). */
  get entries(): PersonEntry[] {
    if (!this.live) return this.slots as PersonEntry[];
    this.entriesMade ??= Array.from(this.live.canon, (id) => this.slots[id]!);
    return this.entriesMade;
  }

  /** Whether the index holds the structures a revision starts from (the first revision of one that does not makes them over every document). */
  get revisable(): boolean {
    return this.live !== undefined;
  }

  /** The position in `Corpus.docs` of a document as entries refer to it (a slot in an index revised live). */
  docPosition(doc: number): number {
    return this.live ? this.live.posOfSlot[doc] : doc;
  }

  private get docIndex(): Map<string, number> {
    this.docIndexMade ??= new Map(this.docs.map((d, i) => [d.meta.id, i]));
    return this.docIndexMade;
  }

  private entry(id: number): PersonEntry {
    return this.slots[id]!;
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
    const search = yield* buildingNames(entries.map((e) => nameRow(e.id, nameText[e.id])));
    return { prefixKeys, prefixIds, topByPrefix, nameText, search };
  }

  /**
   * What a snapshot keeps so that a warm start skips the build: every structure as it is, one
   * snapshot part each (the name MiniSearch as its internal Maps, see minisearch-state.ts).
   * Entries refer to documents by index, which the snapshot restores alongside.
   */
  toSnapshot(): unknown[] {
    if (!this.names) throw new Error('a people index revised live is not saved (its entries refer to documents by slot)');
    const head: PeopleSnapshotHead = { version: SNAPSHOT_VERSION, documents: this.names.docEntries.length, prefixIds: this.prefixIds };
    return [
      head,
      this.slots,
      this.byKey,
      this.names.docNames,
      this.names.docEntries,
      this.prefixKeys,
      this.topByPrefix,
      this.nameText,
      ...this.firms.toSnapshot(),
      ...packMiniSearch(this.search),
    ];
  }

  static fromSnapshot(parts: unknown, docs: readonly IngestedDoc[]): PeopleIndex {
    if (!Array.isArray(parts)) throw new Error('not a people index snapshot of this version');
    const [head, entries, byKey, docNames, docEntries, prefixKeys, topByPrefix, nameText, firm, sure, weak] = parts as [
      PeopleSnapshotHead,
      PersonEntry[],
      Map<string, number[]>,
      Map<string, number>,
      (number[] | undefined)[],
      string[],
      Map<string, number[]>,
      string[],
      unknown,
      unknown,
      unknown,
    ];
    if (
      !head ||
      (head.version !== SNAPSHOT_VERSION && head.version !== NO_FIRMS_VERSION && head.version !== UNSORTED_VERSION) ||
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
    const current = head.version === SNAPSHOT_VERSION;
    const firms = current ? FirmCounts.fromSnapshot(firm, sure, weak) : FirmCounts.build(docs);
    const { index: search, next } = unpackMiniSearch<NameRow>(NAME_SEARCH_OPTIONS, parts, current ? 11 : 8);
    if (next !== parts.length || search.documentCount !== entries.length) throw new Error('the name index and the entries disagree');
    // A walk over the names' tree, rather than reading the whole corpus again for a new snapshot.
    if (head.version === UNSORTED_VERSION) runNow(sortingTree(internals(search)._index));
    const derived: Derived = { prefixKeys, prefixIds: head.prefixIds, topByPrefix, nameText, search };
    return new PeopleIndex(entries, byKey, { docNames, docEntries }, docs, derived, firms);
  }

  static build(docs: readonly IngestedDoc[]): PeopleIndex {
    return runNow(PeopleIndex.building(docs));
  }

  /** The build, pausing between pieces of work (steps.ts). */
  static *building(docs: readonly IngestedDoc[]): Steps<PeopleIndex> {
    const facts: FactAt[] = [];
    for (let di = 0; di < docs.length; di++) {
      if (di % (STEP * 4) === 0) yield;
      const people = docs[di].facts.people;
      for (let k = 0; k < people.length; k++) facts.push({ doc: di, k, fact: people[k] });
    }
    const merged = yield* merging(facts, (doc) => docs[doc].meta.published);
    const { entries, keys, owners } = merged;
    // One flat map and small arrays rather than a map per document: far less memory on big corpora.
    const docNames = new Map<string, number>();
    const docEntries = new Array<number[] | undefined>(docs.length);
    for (let di = 0, i = 0; di < docs.length; di++) {
      if (di % STEP === 0) yield;
      const d = docs[di];
      const ids: number[] = [];
      for (const f of d.facts.people) {
        const id = owners[i++];
        if (!ids.includes(id)) ids.push(id);
        for (const m of f.mentions) docNames.set(`${di}|${nameKey(m.surface)}`, id);
        for (const a of f.aliases) docNames.set(`${di}|${nameKey(a)}`, id);
        docNames.set(`${di}|${nameKey(f.name)}`, id);
      }
      if (ids.length) docEntries[di] = ids;
    }
    yield;
    const derived = yield* PeopleIndex.deriving(entries);
    return new PeopleIndex(entries, keys, { docNames, docEntries }, docs, derived, FirmCounts.build(docs));
  }

  /**
   * The index for `docs` made from `before`, the one serving now, when `docs` is `before`'s
   * documents with those at positions `removed` taken out and those at positions `added` (in
   * `docs`) put in (issue #19). Only the entries that the changed documents' facts share a merge
   * key with (`atomsOf`: a name or alias, a surname, a group's spelling signature), directly or
   * through other facts, are merged again — from their facts, in corpus order, with the code of a
   * cold build — and their look-ups replaced; the answers are a cold build's. The first revision
   * of an index built whole (or restored) makes the live structures over every document, once.
   * `before` is left as it was.
   */
  static *revising(
    before: PeopleIndex,
    docs: readonly IngestedDoc[],
    removed: readonly number[],
    added: readonly number[],
  ): Steps<PeopleIndex> {
    if (!before.live)
      return yield* PeopleIndex.revising(
        PeopleIndex.emptyLive(),
        docs,
        [],
        docs.map((_, i) => i),
      );
    const L = before.live;
    const rem = [...removed].sort((a, b) => a - b);
    if (before.docs.length - rem.length + added.length !== docs.length) throw new Error('the changes do not account for the documents');
    let n = 0;

    // 1. Document slots: the new documents take new ones.
    const removedSlots = rem.map((p) => L.slotOfPos[p]);
    const { slotOfPos, posOfSlot, addedSlots } = yield* revisedSlots(L.slotOfPos, L.posOfSlot.length, rem, added);
    const docAt = (slot: number) => docs[posOfSlot[slot]];
    const factOf = (ref: number) => docAt(refSlot(ref)).facts.people[ref % FACTS_PER_DOC];
    yield;

    // 2. The merge keys of the facts that go and come.
    const atoms = L.atoms.writer();
    const mine = new Set<number[]>();
    const editable = (atom: string): number[] => {
      let l = atoms.get(atom);
      if (!l || !mine.has(l)) {
        l = l ? [...l] : [];
        mine.add(l);
        atoms.set(atom, l);
      }
      return l;
    };
    const start = new Set<string>();
    for (const slot of removedSlots) {
      if (++n % STEP === 0) yield;
      before.docs[L.posOfSlot[slot]].facts.people.forEach((f, k) => {
        for (const a of atomsOf(f)) {
          start.add(a);
          const l = editable(a);
          const at = l.indexOf(factRef(slot, k));
          if (at >= 0) l.splice(at, 1);
          if (l.length === 0) atoms.delete(a);
        }
      });
    }
    for (let j = 0; j < added.length; j++) {
      if (j % STEP === 0) yield;
      docs[added[j]].facts.people.forEach((f, k) => {
        for (const a of atomsOf(f)) {
          start.add(a);
          editable(a).push(factRef(addedSlots[j], k));
        }
      });
    }
    yield;

    // 3. Every fact that shares a merge key with one of those, directly or through other facts.
    const found: number[] = [];
    const seenRef = new Set<number>();
    const seenAtom = new Set<string>();
    const queue = [...start];
    while (queue.length) {
      if (++n % LOOP === 0) yield;
      const a = queue.pop()!;
      if (seenAtom.has(a)) continue;
      seenAtom.add(a);
      for (const r of atoms.get(a) ?? []) {
        if (++n % (STEP * 4) === 0) yield;
        if (seenRef.has(r)) continue;
        seenRef.add(r);
        found.push(r);
        for (const b of atomsOf(factOf(r))) if (!seenAtom.has(b)) queue.push(b);
      }
    }
    // The entries those facts (and the documents gone) made are replaced.
    const dropped = new Set<number>();
    for (const slot of removedSlots) for (const id of L.owners.get(slot) ?? []) dropped.add(id);
    for (const r of found) {
      if (++n % LOOP === 0) yield;
      const o = L.owners.get(refSlot(r));
      if (o) dropped.add(o[r % FACTS_PER_DOC]);
    }
    yield;

    // 4. Merged again, in corpus order, as a cold build merges them.
    const inOrder = yield* sorting(
      found,
      (x, y) => posOfSlot[refSlot(x)] - posOfSlot[refSlot(y)] || (x % FACTS_PER_DOC) - (y % FACTS_PER_DOC),
    );
    const facts: FactAt[] = [];
    for (const r of inOrder) {
      if (++n % LOOP === 0) yield;
      facts.push({ doc: refSlot(r), k: r % FACTS_PER_DOC, fact: factOf(r) });
    }
    const merged = yield* merging(
      facts,
      (slot) => docAt(slot).meta.published,
      (slot) => posOfSlot[slot],
    );

    // 5. An entry made again by the fact that made it before keeps its id; the others take new
    // ones. When every entry replaced is made again under the same names (a document that names
    // people the corpus already has), the order of entries, the prefix pairs and the name search
    // are the previous version's: only counts, roles and documents changed.
    const slots = before.slots.slice();
    const nameText = before.nameText.slice();
    for (const id of dropped) {
      slots[id] = undefined;
      nameText[id] = undefined;
    }
    const madeSlot = L.madeSlot.writer();
    const madeK = L.madeK.writer();
    const madeLone = L.madeLone.writer();
    const maker = (lone: number, slot: number, k: number) => `${lone} ${slot} ${k}`;
    const oldByMaker = new Map<string, number>();
    for (const id of dropped) oldByMaker.set(maker(L.madeLone.get(id), L.madeSlot.get(id), L.madeK.get(id)), id);
    let next = before.slots.length;
    let sameNames = true;
    const fresh: number[] = [];
    const idOf: number[] = [];
    for (let i = 0; i < merged.entries.length; i++) {
      if (i % STEP === 0) yield;
      const e = merged.entries[i];
      const by = facts[merged.madeBy[i]];
      const made = maker(merged.lone[i] ? 1 : 0, by.doc, by.k);
      const reused = oldByMaker.get(made);
      if (reused !== undefined) oldByMaker.delete(made);
      const id = reused ?? next++;
      e.id = id;
      slots[id] = e;
      nameText[id] = nameTextOf(e);
      if (reused === undefined || nameText[id] !== before.nameText[id]) sameNames = false;
      madeSlot.set(id, by.doc);
      madeK.set(id, by.k);
      madeLone.set(id, merged.lone[i] ? 1 : 0);
      fresh.push(id);
      idOf.push(id);
    }
    const sameEntries = sameNames && oldByMaker.size === 0;
    const made = { madeSlot: madeSlot.done(), madeK: madeK.done(), madeLone: madeLone.done() };
    const order = canonical(made.madeSlot, made.madeK, made.madeLone, posOfSlot);
    const byRank = (a: number, b: number) => rank(slots[a]!, slots[b]!) || order(a, b);
    yield;

    // 6. Keys: every key of a replaced entry is one of the merged facts' (see atomsOf).
    const byKey = (before.byKey as LayeredMap<string, number[]>).writer();
    for (const id of dropped) {
      if (++n % LOOP === 0) yield;
      const e = before.entry(id);
      for (const name of [e.name, ...e.aliases]) byKey.delete(nameKey(name));
    }
    for (const [k, ids] of merged.keys) {
      if (++n % LOOP === 0) yield;
      byKey.set(
        k,
        ids.map((i) => idOf[i]),
      );
    }

    // 7. The documents whose facts were merged again: which entry each fact went to, and their names.
    const owners = L.owners.writer();
    const docNames = L.docNames.writer();
    const docEntries = L.docEntries.writer();
    for (const slot of removedSlots) {
      owners.delete(slot);
      docNames.delete(slot);
      docEntries.delete(slot);
    }
    const ownerOf = new Map<number, number>();
    const touched = new Set<number>();
    for (let i = 0; i < facts.length; i++) {
      if (++n % LOOP === 0) yield;
      const f = facts[i];
      ownerOf.set(factRef(f.doc, f.k), idOf[merged.owners[i]]);
      touched.add(f.doc);
    }
    for (const slot of touched) {
      if (++n % STEP === 0) yield;
      const people = docAt(slot).facts.people;
      const old = L.owners.get(slot);
      const own = new Int32Array(people.length);
      const names = new Map<string, number>();
      const ids: number[] = [];
      people.forEach((f, k) => {
        const id = ownerOf.get(factRef(slot, k)) ?? old![k];
        own[k] = id;
        if (!ids.includes(id)) ids.push(id);
        for (const key of namesOf(f)) names.set(key, id);
      });
      owners.set(slot, own);
      docNames.set(slot, names);
      docEntries.set(slot, ids);
    }

    // 8. Entries in a cold build's order, and the prefix tables.
    const freshInOrder = yield* sorting(fresh, order);
    for (let i = 0; i < fresh.length; i++) fresh[i] = freshInOrder[i];
    let canon: Int32Array = L.canon;
    let prefixKeys = before.prefixKeys;
    let prefixIds = before.prefixIds;
    if (!sameEntries) {
      const staying: number[] = [];
      for (const id of L.canon) {
        if (++n % LOOP === 0) yield;
        if (!dropped.has(id)) staying.push(id);
      }
      // mergeSorted(staying, fresh, order), in slices.
      canon = new Int32Array(staying.length + fresh.length);
      for (let i = 0, j = 0, o = 0; o < canon.length; o++) {
        if (++n % LOOP === 0) yield;
        canon[o] = j >= fresh.length || (i < staying.length && order(staying[i], fresh[j]) <= 0) ? staying[i++] : fresh[j++];
      }
      yield;
      const unsorted: [string, number][] = [];
      for (const id of fresh) {
        if (++n % STEP === 0) yield;
        for (const k of wordStarts(slots[id]!)) unsorted.push([k, id]);
      }
      const pairs = yield* sorting(unsorted, (a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : order(a[1], b[1])));
      const keys: string[] = [];
      const ids: number[] = [];
      for (let i = 0, j = 0; i < prefixKeys.length || j < pairs.length;) {
        if (++n % LOOP === 0) yield;
        if (i < prefixKeys.length && dropped.has(prefixIds[i])) {
          i++;
          continue;
        }
        const takeOld =
          j >= pairs.length ||
          (i < prefixKeys.length &&
            (prefixKeys[i] < pairs[j][0] || (prefixKeys[i] === pairs[j][0] && order(prefixIds[i], pairs[j][1]) < 0)));
        if (takeOld) {
          keys.push(prefixKeys[i]);
          ids.push(prefixIds[i++]);
        } else {
          keys.push(pairs[j][0]);
          ids.push(pairs[j++][1]);
        }
      }
      prefixKeys = keys;
      prefixIds = Int32Array.from(ids);
    }
    const top = (before.topByPrefix as LayeredMap<string, number[]>).writer();
    const ranked = yield* sorting(fresh, byRank);
    const freshTop = new Map<string, number[]>([['', ranked.slice(0, AUTOCOMPLETE_MAX)]]);
    for (const id of ranked) {
      if (++n % STEP === 0) yield;
      for (const p of shortPrefixes(slots[id]!)) {
        let l = freshTop.get(p);
        if (!l) freshTop.set(p, (l = []));
        if (l.length < AUTOCOMPLETE_MAX && l[l.length - 1] !== id && !l.includes(id)) l.push(id);
      }
    }
    const prefixes = new Set(freshTop.keys());
    for (const id of dropped) {
      if (++n % STEP === 0) yield;
      for (const p of shortPrefixes(before.entry(id))) prefixes.add(p);
    }
    // An entry merged again under its old id that ranks no lower, under the same prefixes, keeps
    // its place among the best of a list; only one gone, ranking lower or no longer listed there
    // lets in one that was below the list.
    const kept = new Map<number, Set<string>>();
    for (const id of fresh) {
      if (++n % STEP === 0) yield;
      if (dropped.has(id) && rank(slots[id]!, before.entry(id)) <= 0) kept.set(id, new Set(['', ...shortPrefixes(slots[id]!)]));
    }
    for (const p of prefixes) {
      if (++n % STEP === 0) yield;
      const old = top.get(p) ?? [];
      const alive = old.filter((id) => !dropped.has(id));
      let list: number[];
      if (old.length >= AUTOCOMPLETE_MAX && old.some((id) => dropped.has(id) && !kept.get(id)?.has(p))) {
        // One of the best went: the next best are found among every entry with the prefix.
        let ids: Iterable<number> = canon;
        if (p !== '') {
          const withPrefix = new Set<number>();
          for (const id of prefixRange(prefixKeys, prefixIds, p)) {
            if (++n % LOOP === 0) yield;
            withPrefix.add(id);
          }
          ids = withPrefix;
        }
        list = yield* best(ids, byRank, AUTOCOMPLETE_MAX);
      } else list = mergeSorted(alive, freshTop.get(p) ?? [], byRank).slice(0, AUTOCOMPLETE_MAX);
      if (list.length) top.set(p, list);
      else top.delete(p);
    }

    // 9. The name search: the replaced entries' names out, the new ones in (name-search.ts: it
    // then answers as a fresh build does), unless no name changed; built afresh from none (the
    // first revision).
    let search = before.search;
    if (!sameEntries) {
      if (before.search.documentCount === 0) search = yield* buildingNames(Array.from(canon, (id) => nameRow(id, nameText[id]!)));
      else
        search = yield* revisingNames(
          before.search,
          [...dropped].map((id) => nameRow(id, before.nameText[id]!)),
          fresh.map((id) => nameRow(id, nameText[id]!)),
          canon,
        );
    }

    const live: LiveParts = {
      slotOfPos,
      posOfSlot,
      atoms: atoms.done(),
      owners: owners.done(),
      docNames: docNames.done(),
      docEntries: docEntries.done(),
      ...made,
      canon,
    };
    const derived = { prefixKeys, prefixIds, topByPrefix: top.done(), nameText, search };
    const firms = before.firms.revised(
      removedSlots.map((slot) => before.docs[L.posOfSlot[slot]]),
      added.map((p) => docs[p]),
    );
    return new PeopleIndex(slots, byKey.done(), live, docs, derived, firms, canon.length);
  }

  /** An index of no documents with the live structures, to revise from. */
  private static emptyLive(): PeopleIndex {
    const live: LiveParts = {
      slotOfPos: new Int32Array(0),
      posOfSlot: new Int32Array(0),
      atoms: LayeredMap.of(new Map<string, number[]>()),
      owners: LayeredMap.of(new Map<number, Int32Array>()),
      docNames: LayeredMap.of(new Map<number, Map<string, number>>()),
      docEntries: LayeredMap.of(new Map<number, number[]>()),
      madeSlot: IntChunks.empty(),
      madeK: IntChunks.empty(),
      madeLone: IntChunks.empty(),
      canon: new Int32Array(0),
    };
    const derived = {
      prefixKeys: [],
      prefixIds: new Int32Array(0),
      topByPrefix: LayeredMap.of(new Map<string, number[]>()),
      nameText: [],
      search: runNow(buildingNames([])),
    };
    return new PeopleIndex([], LayeredMap.of(new Map<string, number[]>()), live, [], derived, FirmCounts.empty(), 0);
  }

  /**
   * Whether an entry is not answered: a person named only weakly, by a name another document
   * frames as a firm (issue #16, firms.ts). Decided when asked, from the counts, so that a
   * document added or removed elsewhere shows or hides it with no entry merged again.
   */
  hides(e: PersonEntry): boolean {
    return e.kind === 'person' && this.firms.hides(e.name);
  }

  /** Best matches for a name, alias, surname, prefix or misspelling; exact names first. */
  lookup(query: string, limit = 5): PersonMatch[] {
    const k = nameKey(query);
    if (!k) return [];
    const out = new Map<number, number>();
    const whole = new Set<number>();
    for (const id of this.byKey.get(k) ?? []) {
      if (this.hides(this.entry(id))) continue;
      out.set(id, 1000 + Math.log1p(this.entry(id).mentionCount));
      whole.add(id);
    }
    const words = k.split(' ');
    // Cheap before dear: whole words and prefixes first; typo tolerance only when they find nothing.
    // A query word that is a given name is a whole name: "Carl" is not the start of "Carlos".
    const partial = (t: string) => t.length >= 3 && !FIRST_NAMES.has(t);
    let hits = this.nameHits(k, { combineWith: 'AND', prefix: partial });
    if (hits.length === 0 && out.size === 0) {
      hits = this.nameHits(k, {
        combineWith: 'AND',
        prefix: partial,
        fuzzy: (t) => (!partial(t) ? false : t.length >= 5 ? 0.2 : t.length >= 4 ? 1 : false),
      });
    }
    for (const h of hits.slice(0, 200)) {
      const e = this.entry(h.id as number);
      if (this.hides(e)) continue;
      // A whole-word match of every query word beats a prefix or a typo; popular names win ties.
      const names = this.nameText[e.id]!;
      const exact = words.every((w) => names.includes(` ${w} `));
      if (words.every((w) => names.includes(` ${w}`))) whole.add(e.id);
      const score = h.score * (exact ? 3 : 1) * (1 + Math.log1p(e.mentionCount) / 4);
      out.set(e.id, Math.max(out.get(e.id) ?? 0, score));
    }
    return [...out.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([id, score]) => ({ entry: this.entry(id), score, whole: whole.has(id) }));
  }

  /**
   * The name search's hits, best first; equal scores in a cold build's order of entries (a
   * revised search holds its new names last: see name-search.ts).
   */
  private nameHits(query: string, options: SearchOptions): SearchResult[] {
    const L = this.live;
    const order = L ? canonical(L.madeSlot, L.madeK, L.madeLone, L.posOfSlot) : (a: number, b: number) => a - b;
    return this.search.search(query, options).sort((a, b) => b.score - a.score || order(a.id as number, b.id as number));
  }

  /** Up to `limit` names starting (at any word) with the prefix, most mentioned first. */
  autocomplete(prefix: string, limit = AUTOCOMPLETE_MAX): PersonEntry[] {
    const p = nameKey(prefix);
    const n = Math.min(limit, AUTOCOMPLETE_MAX);
    if (p.length <= PRECOMPUTED_PREFIX)
      return (this.topByPrefix.get(p) ?? [])
        .map((id) => this.entry(id))
        .filter((e) => !this.hides(e))
        .slice(0, n);
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
      [...ids].map((id) => this.entry(id)).filter((e) => !this.hides(e)),
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
      const id = this.docName(doc, k) ?? this.docName(doc, k.split(' ').pop()!);
      if (id !== undefined) return this.hides(this.entry(id)) ? undefined : this.entry(id);
    }
    const ids = (this.byKey.get(k) ?? []).filter((id) => !this.hides(this.entry(id)));
    if (ids.length === 1) return this.entry(ids[0]);
    if (ids.length > 1) return ids.map((id) => this.entry(id)).sort(rank)[0];
    return undefined;
  }

  /** The closest names in the corpus for a "not in the corpus" reply: looser than lookup. */
  closest(query: string, n = 5): string[] {
    const k = nameKey(query);
    if (!k) return [];
    const hits = this.nameHits(k, { combineWith: 'OR', prefix: (t) => t.length >= 3, fuzzy: (t) => (t.length >= 4 ? 0.34 : false) });
    const out: string[] = [];
    for (const h of hits.slice(0, 50)) {
      if (this.hides(this.entry(h.id as number))) continue;
      const name = this.entry(h.id as number).name;
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
    // Documents as entries refer to them: positions, or slots in an index revised live.
    const set = new Set<number>();
    for (const d of docIds) {
      const i = typeof d === 'string' ? this.docIndex.get(d) : d;
      if (i !== undefined && i >= 0 && i < this.docs.length) set.add(this.live ? this.live.slotOfPos[i] : i);
    }
    const ids = new Set<number>();
    for (const d of set) for (const id of (this.live ? this.live.docEntries.get(d) : this.names!.docEntries[d]) ?? []) ids.add(id);
    return [...ids]
      .map((id) => this.entry(id))
      .filter((e) => !this.hides(e))
      .sort(rank)
      .map((entry) => ({ entry, isNew: entry.docs.every((d) => set.has(d)) }));
  }

  /** The entry a document (by position) calls by a name key. */
  private docName(doc: number, k: string): number | undefined {
    if (!this.live) return this.names!.docNames.get(`${doc}|${k}`);
    if (doc < 0 || doc >= this.docs.length) return undefined;
    return this.live.docNames.get(this.live.slotOfPos[doc])?.get(k);
  }
}

/** A fact as a number: its document's slot and its place among the document's people facts. */
const FACTS_PER_DOC = 65536;
const factRef = (slot: number, k: number) => slot * FACTS_PER_DOC + k;
const refSlot = (ref: number) => Math.floor(ref / FACTS_PER_DOC);

const ATOMS = new WeakMap<Fact, string[]>();

/**
 * The merge keys of a fact: two facts that share none never meet in a cold build's merge, so the
 * entries of a set of facts closed under sharing them come out of merging that set alone exactly
 * as out of merging the corpus. A name or alias key ("k …": step 1 joins facts by name and a
 * group by alias; a lone surname falls back to an entry of its key), a person's surname ("s …":
 * step 3 weighs every full name ending in a lone surname), a group's signatures ("g …": step 2
 * merges groups that share one and compares each with the first in it). Wider than needed (a
 * surname is a key of every person fact, not only of those that make an entry), never narrower.
 */
function atomsOf(f: Fact): string[] {
  let out = ATOMS.get(f);
  if (out) return out;
  const key = nameKey(f.name);
  const set = new Set<string>([`k ${key}`]);
  for (const a of f.aliases) set.add(`k ${nameKey(a)}`);
  const tokens = key.split(' ');
  if (f.kind === 'person') set.add(`s ${f.name.includes(' ') ? tokens[tokens.length - 1] : key}`);
  else for (let i = 0; i < tokens.length - 1; i++) set.add(`g ${tokens.map((t, j) => (j === i ? '*' : t)).join(' ')}`);
  out = [...set];
  ATOMS.set(f, out);
  return out;
}

const NAMES = new WeakMap<Fact, string[]>();

/** The name keys a document uses for a fact, in the order a build records them (the last one set wins). */
function namesOf(f: Fact): string[] {
  let out = NAMES.get(f);
  if (!out) {
    out = [...f.mentions.map((m) => nameKey(m.surface)), ...f.aliases.map(nameKey), nameKey(f.name)];
    NAMES.set(f, out);
  }
  return out;
}

/** An entry's name keys, space-padded (`nameText`). */
function nameTextOf(e: PersonEntry): string {
  return ` ${[e.name, ...e.aliases].map(nameKey).join(' | ')} `;
}

/** An entry as the name search holds it: its names without the separators of `nameText`. */
function nameRow(id: number, nameText: string): NameRow {
  return { id, names: nameText.replace(/ \| /g, ' ') };
}

/** Every word-start of an entry's names ("asim munir" → "asim munir", "munir"), each once. */
function wordStarts(e: PersonEntry): string[] {
  const out = new Set<string>();
  for (const n of [e.name, ...e.aliases]) {
    const words = nameKey(n).split(' ');
    for (let i = 0; i < words.length; i++) {
      const k = words.slice(i).join(' ');
      if (k) out.add(k);
    }
  }
  return [...out];
}

/** The precomputed autocomplete prefixes an entry is listed under (the first letters of each word). */
function shortPrefixes(e: PersonEntry): string[] {
  const out = new Set<string>();
  for (const n of [e.name, ...e.aliases])
    for (const word of nameKey(n).split(' '))
      for (let len = 1; len <= PRECOMPUTED_PREFIX && len <= word.length; len++) out.add(word.slice(0, len));
  return [...out];
}

/** The entries with a word-start that starts with `p`, from the sorted prefix pairs. */
function prefixRange(keys: readonly string[], ids: ArrayLike<number>, p: string): number[] {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (keys[mid] < p) lo = mid + 1;
    else hi = mid;
  }
  const out: number[] = [];
  for (let i = lo; i < keys.length && keys[i].startsWith(p); i++) out.push(ids[i]);
  return out;
}

/** The first `n` of `ids` by `cmp`, in order, without sorting them all. */
function* best(ids: Iterable<number>, cmp: (x: number, y: number) => number, n: number): Steps<number[]> {
  const out: number[] = [];
  let k = 0;
  for (const id of ids) {
    if (++k % LOOP === 0) yield;
    if (out.length >= n && cmp(id, out[n - 1]) >= 0) continue;
    let lo = 0;
    let hi = out.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cmp(out[mid], id) <= 0) lo = mid + 1;
      else hi = mid;
    }
    out.splice(lo, 0, id);
    if (out.length > n) out.pop();
  }
  return out;
}

/**
 * `a` sorted by `cmp` (a new array; `a` is left as it was), yielding between runs and during the
 * merges. For a total order (ties only between equal items) it is what `sort` gives.
 */
function* sorting<T>(a: readonly T[], cmp: (x: T, y: T) => number): Steps<T[]> {
  let src: T[] = [];
  for (let i = 0; i < a.length; i += LOOP) {
    yield;
    for (const x of a.slice(i, i + LOOP).sort(cmp)) src.push(x);
  }
  let n = 0;
  for (let width = LOOP; width < src.length; width *= 2) {
    const out = new Array<T>(src.length);
    for (let lo = 0; lo < src.length; lo += 2 * width) {
      const mid = Math.min(lo + width, src.length);
      const hi = Math.min(lo + 2 * width, src.length);
      let i = lo;
      let j = mid;
      let o = lo;
      while (i < mid || j < hi) {
        if (++n % LOOP === 0) yield;
        out[o++] = j >= hi || (i < mid && cmp(src[i], src[j]) <= 0) ? src[i++] : src[j++];
      }
    }
    src = out;
  }
  return src;
}

/** Most mentioned first, then most documents, then name. */
function rank(a: PersonEntry, b: PersonEntry): number {
  return b.mentionCount - a.mentionCount || b.docs.length - a.docs.length || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

function topN(list: PersonEntry[], n: number): PersonEntry[] {
  return list.sort(rank).slice(0, n);
}

/** Compares entry ids of an index revised live in the order a cold build creates them (`LiveParts`). */
function canonical(madeSlot: IntChunks, madeK: IntChunks, madeLone: IntChunks, posOfSlot: Int32Array): (a: number, b: number) => number {
  return (a, b) =>
    madeLone.get(a) - madeLone.get(b) || posOfSlot[madeSlot.get(a)] - posOfSlot[madeSlot.get(b)] || madeK.get(a) - madeK.get(b);
}

type Fact = IngestedDoc['facts']['people'][number];

/**
 * A person fact and where it is: its document (a position in `docs`, or a document slot in an
 * index revised live) and its place among that document's people facts.
 */
interface FactAt {
  doc: number;
  k: number;
  fact: Fact;
}

/** What merging facts into entries gives. */
interface Merged {
  /** Entries, numbered in the order they were created (a cold build's ids). */
  entries: PersonEntry[];
  /** Per entry: the index in the facts merged of the fact that created it. */
  madeBy: number[];
  /** Per entry: created for a lone surname (after every entry of a full name). */
  lone: boolean[];
  /** Name or alias key → entries. */
  keys: Map<string, number[]>;
  /** Per fact merged: the entry it went to. */
  owners: Int32Array;
}

/**
 * The cross-document merge: facts (in corpus order) into entries. A cold build merges every
 * fact of the corpus; a live revision merges the facts of the entries a change touches, which
 * gives those entries exactly as merging every fact would (see `atomsOf`). `pos` orders
 * documents when `doc` is not a position.
 */
function* merging(facts: readonly FactAt[], published: (doc: number) => string | undefined, pos?: (doc: number) => number): Steps<Merged> {
  const building: Building[] = [];
  const byKey = new Map<string, number[]>();
  const keyed = (k: string) => byKey.get(k) ?? [];
  const addKey = (k: string, id: number) => {
    const l = byKey.get(k);
    if (!l) byKey.set(k, [id]);
    else if (!l.includes(id)) l.push(id);
  };
  const create = (name: string, kind: 'person' | 'group', made: number, lone: boolean): Building => {
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
      made,
      lone,
    };
    building.push(b);
    addKey(nameKey(name), b.entry.id);
    return b;
  };

  // 1. Full names (and groups) across documents: the same key is one entry.
  const pending: number[] = [];
  // Which entry each fact went to, for the per-document names.
  const owner = new Array<Building>(facts.length);
  for (let i = 0; i < facts.length; i++) {
    if (i % (STEP * 4) === 0) yield;
    const { doc: di, fact: f } = facts[i];
    const single = f.kind === 'person' && !f.name.includes(' ');
    if (single) {
      pending.push(i);
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
    b ??= create(f.name, f.kind, i, false);
    absorb(b, f, di);
    owner[i] = b;
    for (const a of f.aliases) addKey(nameKey(a), b.entry.id);
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
  for (let j = 0; j < pending.length; j++) {
    if (j % STEP === 0) yield;
    const i = pending[j];
    const { doc, fact } = facts[i];
    const k = nameKey(fact.name);
    const ids = (bySurname.get(k) ?? []).filter((id) => !building[id].merged);
    let b = ids.length ? dominant(ids.map((id) => building[id])) : undefined;
    b ??= keyed(k)
      .map((id) => building[id])
      .find((x) => x.entry.kind === 'person' && !x.merged);
    b ??= create(fact.name, 'person', i, true);
    absorb(b, fact, doc);
    owner[i] = b;
    addKey(k, b.entry.id);
  }

  // 4. Final ids and keys.
  const live = building.filter((b) => !b.merged);
  const newId = new Map<Building, number>();
  live.forEach((b, i) => newId.set(b, i));
  const followBuilding = (b: Building): number => {
    while (b.merged) b = b.merged;
    return newId.get(b)!;
  };
  const follow = (id: number) => followBuilding(building[id]);
  const keys = new Map<string, number[]>();
  for (const [k, ids] of byKey) {
    if (++n % LOOP === 0) yield;
    keys.set(k, [...new Set(ids.map(follow))]);
  }
  const entries: PersonEntry[] = [];
  const byPosition = pos && ((x: number, y: number) => pos(x) - pos(y));
  for (let i = 0; i < live.length; i++) {
    if (i % STEP === 0) yield;
    const b = live[i];
    b.entry.id = i;
    b.entry.docs.sort(byPosition ?? ((x, y) => x - y));
    b.entry.aliases = [...new Set(b.entry.aliases)].filter((a) => nameKey(a) !== nameKey(b.entry.name));
    groupRoles(b.entry, published, pos);
    entries.push(b.entry);
  }
  for (const e of entries) {
    if (++n % LOOP === 0) yield;
    for (const a of e.aliases) {
      const l = keys.get(nameKey(a)) ?? [];
      if (!l.includes(e.id)) l.push(e.id);
      keys.set(nameKey(a), l);
    }
  }
  const owners = new Int32Array(facts.length);
  for (let i = 0; i < facts.length; i++) {
    if (i % LOOP === 0) yield;
    owners[i] = followBuilding(owner[i]);
  }
  return { entries, madeBy: live.map((b) => b.made), lone: live.map((b) => b.lone), keys, owners };
}

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
function groupRoles(e: PersonEntry, published: (doc: number) => string | undefined, pos?: (doc: number) => number): void {
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
        (pos ? pos(at(a).doc) - pos(at(b).doc) : at(a).doc - at(b).doc) ||
        at(a).paragraph - at(b).paragraph,
    )
    .slice(0, MAX_ROLE_GROUPS)
    .map(({ cited, stated }) => ({ cited, stated }));
  e.roleGroupCount = groups.size;
}
