/**
 * MiniSearch's in-memory state as compact values, for the index snapshot.
 *
 * Restoring is rebuilding MiniSearch's own Maps, never `loadJS` (which rebuilds every Map from
 * JSON-shaped objects: 31 s for a million passages). The radix tree goes out as one value per
 * top-level branch, so that no single serialised part is huge, and each branch as its keys (one
 * JSON string) and its shape and postings (one Int32Array): rebuilding the Maps from these in a
 * JS loop is about a third faster than V8 deserialising them, and a typed array and a string
 * deserialise at memory speed. The document-id Maps go out as typed arrays the same way. Where a
 * value does not fit (a non-integer id or count), that piece is kept as Maps, as before.
 * MiniSearch's fields are read and written through the adapter (minisearch.ts), which checks
 * them for the pinned version. Its own module (no imports of the index) so that the fact indexes
 * can use it without an import cycle through corpus.ts.
 */
import MiniSearch, { type Options } from 'minisearch';
import type { Steps } from './steps.js';
import { inBackground } from './background.js';
import { internals, LEAF, replaceTree, type AnyMiniSearch } from './minisearch.js';

export interface MiniSearchState {
  documentCount: number;
  nextId: number;
  fieldIds: Record<string, number>;
  avgFieldLength: number[];
  dirtCount: number;
  /** As Maps, or (when every key and value is an int32) as typed arrays in `ids`/`lengths`. */
  documentIds?: Map<number, unknown>;
  idToShortId?: Map<unknown, number>;
  fieldLength?: Map<number, number[]>;
  /** shortId, id pairs (documentIds; idToShortId is its inverse). */
  ids?: Int32Array;
  /** Per document in `ids` order: the length of each field (fieldIds order). */
  lengths?: Int32Array;
  storedFields: Map<number, unknown>;
  /** How many tree branches follow the state. */
  branches?: number;
}

/**
 * One top-level branch of the radix tree: `[key, subtree]` as Maps, or packed: `keys` holds the
 * edge labels in depth-first order (JSON), `ints` the shape and postings in the same order —
 * per node its entry count, then per entry either a subtree or, for the leaf key '', the field
 * count and per field its id, posting count and (shortId, count) pairs.
 */
export type MiniSearchBranch = [string, unknown] | PackedBranch;
interface PackedBranch {
  key: string;
  keys: string;
  ints: Int32Array;
}

function isInt32(n: unknown): n is number {
  return typeof n === 'number' && (n | 0) === n;
}

/** The index's state (without its tree). */
export function miniSearchState(index: AnyMiniSearch): MiniSearchState {
  const m = internals(index);
  const state: MiniSearchState = {
    documentCount: m._documentCount,
    nextId: m._nextId,
    fieldIds: m._fieldIds,
    avgFieldLength: m._avgFieldLength,
    dirtCount: m._dirtCount,
    storedFields: m._storedFields,
    branches: m._index._tree.size,
  };
  const fields = Object.keys(m._fieldIds).length;
  const ids = new Int32Array(2 * m._documentIds.size);
  const lengths = new Int32Array(fields * m._documentIds.size);
  let i = 0;
  let packed = m._idToShortId.size === m._documentIds.size;
  for (const [shortId, id] of m._documentIds) {
    const fl = m._fieldLength.get(shortId);
    if (!packed || !isInt32(shortId) || !isInt32(id) || m._idToShortId.get(id) !== shortId || !fl || fl.length > fields) {
      packed = false;
      break;
    }
    ids[2 * i] = shortId;
    ids[2 * i + 1] = id;
    for (let f = 0; f < fields; f++) {
      // A field a document lacks has no length (undefined); -1 stands for it.
      const v = fl[f];
      if (v !== undefined && (!isInt32(v) || v < 0)) packed = false;
      lengths[fields * i + f] = v === undefined ? -1 : v;
    }
    i++;
  }
  if (packed && m._fieldLength.size === m._documentIds.size) return { ...state, ids, lengths };
  return { ...state, documentIds: m._documentIds, idToShortId: m._idToShortId, fieldLength: m._fieldLength };
}

/** The top-level branches of the index's radix tree: one value each, packed where they fit. */
export function miniSearchBranches(index: AnyMiniSearch): MiniSearchBranch[] {
  return [...eachBranch(index)];
}

/** The branches one at a time, packed where they fit, else as they are (shared with the index). */
function* eachBranch(index: AnyMiniSearch): Generator<MiniSearchBranch> {
  for (const [key, subtree] of internals(index)._index._tree) yield packBranch(key, subtree) ?? [key, subtree];
}

function packBranch(key: string, subtree: unknown): PackedBranch | undefined {
  const keys: string[] = [];
  const ints: number[] = [];
  const node = (m: unknown): boolean => {
    if (!(m instanceof Map)) return false;
    ints.push(m.size);
    for (const [k, v] of m as Map<string, unknown>) {
      keys.push(k);
      if (k !== LEAF) {
        if (!node(v)) return false;
        continue;
      }
      if (!(v instanceof Map)) return false;
      ints.push(v.size);
      for (const [fieldId, docs] of v as Map<unknown, unknown>) {
        if (!isInt32(fieldId) || !(docs instanceof Map)) return false;
        ints.push(fieldId, docs.size);
        for (const [shortId, count] of docs as Map<unknown, unknown>) {
          if (!isInt32(shortId) || !isInt32(count)) return false;
          ints.push(shortId, count);
        }
      }
    }
    return true;
  };
  if (typeof key !== 'string' || key === LEAF || !node(subtree)) return undefined;
  return { key, keys: JSON.stringify(keys), ints: Int32Array.from(ints) };
}

/** A packed branch's subtree as MiniSearch's Maps. Throws when the branch does not hold together. */
function unpackBranch(b: PackedBranch): Map<string, unknown> {
  const keys = JSON.parse(b.keys) as unknown;
  const ints = b.ints;
  if (!Array.isArray(keys) || !(ints instanceof Int32Array)) throw new Error('MiniSearch tree branch is malformed');
  let ki = 0;
  let ii = 0;
  const int = () => {
    if (ii >= ints.length) throw new Error('MiniSearch tree branch is truncated');
    return ints[ii++];
  };
  const node = (): Map<string, unknown> => {
    const n = int();
    const m = new Map<string, unknown>();
    for (let j = 0; j < n; j++) {
      const k: unknown = keys[ki++];
      if (typeof k !== 'string') throw new Error('MiniSearch tree branch is malformed');
      if (k !== LEAF) {
        m.set(k, node());
        continue;
      }
      const fields = int();
      const data = new Map<number, Map<number, number>>();
      for (let f = 0; f < fields; f++) {
        const fieldId = int();
        const count = int();
        if (count < 0 || ii + 2 * count > ints.length) throw new Error('MiniSearch tree branch is truncated');
        const docs = new Map<number, number>();
        for (let d = 0; d < count; d++, ii += 2) docs.set(ints[ii], ints[ii + 1]);
        data.set(fieldId, docs);
      }
      m.set(k, data);
    }
    return m;
  };
  const tree = node();
  if (ki !== keys.length || ii !== ints.length) throw new Error('MiniSearch tree branch has trailing data');
  return tree;
}

/**
 * The root of a restored radix tree whose packed branches are unpacked when first reached (a
 * search, an update, an iteration) or in the background (background.ts), whichever comes first.
 * Keys are there from the start, so `size`, `has` and `keys` need nothing unpacked; every method
 * that hands out a branch unpacks it first. MiniSearch reaches the root only through these
 * methods (its SearchableMap: get, keys, has, set, delete, entries, size, clear).
 */
export class LazyTree extends Map<string, unknown> {
  private packed: Map<string, PackedBranch> | undefined = new Map();

  constructor(branches: Iterable<MiniSearchBranch>) {
    super();
    for (const b of branches) {
      if (Array.isArray(b)) {
        if (typeof b[0] !== 'string' || !(b[1] instanceof Map)) throw new Error('MiniSearch tree branch is malformed');
        super.set(b[0], b[1]);
      } else if (b && typeof b === 'object' && typeof b.key === 'string' && typeof b.keys === 'string' && b.ints instanceof Int32Array) {
        super.set(b.key, undefined);
        this.packed!.set(b.key, b);
      } else throw new Error('MiniSearch tree branch is malformed');
    }
    if (this.packed!.size === 0) this.packed = undefined;
    // Nothing to keep: unpacked in the background, in order, unless a reader gets there first.
    else void inBackground(() => this.unpackNext());
  }

  /** Branches still packed. */
  get pending(): number {
    return this.packed?.size ?? 0;
  }

  private unpack(key: string): void {
    const b = this.packed?.get(key);
    if (!b) return;
    const subtree = unpackBranch(b);
    this.packed!.delete(key);
    if (this.packed!.size === 0) this.packed = undefined;
    super.set(key, subtree);
  }

  /** Unpacks one branch; says whether any is left. */
  unpackNext(): boolean {
    const next = this.packed?.keys().next();
    if (next && !next.done) this.unpack(next.value);
    return !!this.packed;
  }

  private unpackAll(): void {
    while (this.unpackNext());
  }

  override get(key: string): unknown {
    if (this.packed) this.unpack(key);
    return super.get(key);
  }

  override set(key: string, value: unknown): this {
    this.packed?.delete(key);
    if (this.packed?.size === 0) this.packed = undefined;
    return super.set(key, value);
  }

  override delete(key: string): boolean {
    this.packed?.delete(key);
    if (this.packed?.size === 0) this.packed = undefined;
    return super.delete(key);
  }

  override clear(): void {
    this.packed = undefined;
    super.clear();
  }

  override entries(): MapIterator<[string, unknown]> {
    this.unpackAll();
    return super.entries();
  }

  override values(): MapIterator<unknown> {
    this.unpackAll();
    return super.values();
  }

  override forEach(fn: (value: unknown, key: string, map: Map<string, unknown>) => void, thisArg?: unknown): void {
    this.unpackAll();
    super.forEach(fn, thisArg);
  }

  override [Symbol.iterator](): MapIterator<[string, unknown]> {
    return this.entries();
  }
}

/**
 * An independent copy of an index, to change while the original keeps serving: the tree packed
 * and unpacked again (lazily), the rest cloned, so that the copy shares no Map or array with it.
 */
export function* copyingMiniSearch<T>(index: MiniSearch<T>, options: Options<T>): Steps<MiniSearch<T>> {
  const state = structuredClone(miniSearchState(index));
  const branches: MiniSearchBranch[] = [];
  // A branch at a time: a copy of a million passages' tree is seconds of work. A branch that
  // does not pack is still the index's own Maps: cloned.
  for (const b of eachBranch(index)) {
    yield;
    branches.push(Array.isArray(b) ? structuredClone(b) : b);
  }
  return restoreMiniSearch(options, state, branches);
}

/** A MiniSearch with the given options whose state and tree are the stored ones. Throws when they are malformed. */
export function restoreMiniSearch<T>(options: Options<T>, state: MiniSearchState, branches: Iterable<MiniSearchBranch>): MiniSearch<T> {
  const ms = new MiniSearch<T>(options);
  const m = internals(ms);
  if (!state || !(state.storedFields instanceof Map) || !state.fieldIds || typeof state.fieldIds !== 'object')
    throw new Error('MiniSearch state is malformed');
  const tree = new LazyTree(branches);
  if (state.ids instanceof Int32Array && state.lengths instanceof Int32Array) {
    const fields = Object.keys(state.fieldIds).length;
    const n = state.ids.length / 2;
    if (!Number.isInteger(n) || state.lengths.length !== n * fields) throw new Error('MiniSearch state is malformed');
    const documentIds = new Map<number, unknown>();
    const idToShortId = new Map<unknown, number>();
    const fieldLength = new Map<number, number[]>();
    for (let i = 0; i < n; i++) {
      const shortId = state.ids[2 * i];
      const id = state.ids[2 * i + 1];
      documentIds.set(shortId, id);
      idToShortId.set(id, shortId);
      let fl: number[];
      if (fields === 1) {
        // The common case (every index here has one field): a literal, not a growing array.
        const v = state.lengths[i];
        fl = v >= 0 ? [v] : [];
      } else {
        fl = [];
        for (let f = 0; f < fields; f++) {
          const v = state.lengths[fields * i + f];
          if (v >= 0) fl[f] = v;
        }
      }
      fieldLength.set(shortId, fl);
    }
    m._documentIds = documentIds;
    m._idToShortId = idToShortId;
    m._fieldLength = fieldLength;
  } else if (state.documentIds instanceof Map && state.fieldLength instanceof Map && state.idToShortId instanceof Map) {
    m._documentIds = state.documentIds;
    m._idToShortId = state.idToShortId;
    m._fieldLength = state.fieldLength;
  } else throw new Error('MiniSearch state is malformed');
  m._documentCount = state.documentCount;
  m._nextId = state.nextId;
  m._fieldIds = state.fieldIds;
  m._avgFieldLength = state.avgFieldLength;
  m._dirtCount = state.dirtCount;
  m._storedFields = state.storedFields;
  replaceTree(m, tree);
  return ms;
}

/** The index as a list of snapshot parts: its state, then one part per tree branch. */
export function packMiniSearch(index: AnyMiniSearch): unknown[] {
  return [miniSearchState(index), ...miniSearchBranches(index)];
}

/** Reads a packed index from `parts` at `at`; returns it and the position after it. */
export function unpackMiniSearch<T>(options: Options<T>, parts: readonly unknown[], at: number): { index: MiniSearch<T>; next: number } {
  const state = parts[at] as MiniSearchState;
  const n = state?.branches;
  if (typeof n !== 'number' || n < 0 || at + 1 + n > parts.length) throw new Error('packed MiniSearch is truncated');
  return { index: restoreMiniSearch(options, state, parts.slice(at + 1, at + 1 + n) as MiniSearchBranch[]), next: at + 1 + n };
}
