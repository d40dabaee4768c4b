/**
 * MiniSearch's in-memory state as structured-clone-friendly values, for the index snapshot.
 *
 * V8 serialises Maps natively, so restoring this is a deserialisation, where `loadJS` rebuilds
 * every Map from JSON-shaped objects (31 s for a million passages). The radix tree goes out as
 * one value per top-level branch, so that no single serialised part is huge. MiniSearch is
 * pinned; `restoreMiniSearch` checks the shape. Its own module (no imports of the index) so that
 * the fact indexes can use it without an import cycle through corpus.ts.
 */
import MiniSearch, { type Options } from 'minisearch';

interface MiniSearchInternals {
  _documentCount: number;
  _nextId: number;
  _fieldIds: Record<string, number>;
  _avgFieldLength: number[];
  _dirtCount: number;
  _documentIds: Map<number, unknown>;
  _idToShortId: Map<unknown, number>;
  _fieldLength: Map<number, number[]>;
  _storedFields: Map<number, unknown>;
  _index: { _tree: Map<string, unknown>; constructor: unknown };
}

export interface MiniSearchState {
  documentCount: number;
  nextId: number;
  fieldIds: Record<string, number>;
  avgFieldLength: number[];
  dirtCount: number;
  documentIds: Map<number, unknown>;
  idToShortId: Map<unknown, number>;
  fieldLength: Map<number, number[]>;
  storedFields: Map<number, unknown>;
  /** How many tree branches follow the state. */
  branches?: number;
}

export type MiniSearchBranch = [string, unknown];

/** The index's state (without its tree). */
export function miniSearchState(index: MiniSearch<any>): MiniSearchState {
  const m = index as unknown as MiniSearchInternals;
  return {
    documentCount: m._documentCount,
    nextId: m._nextId,
    fieldIds: m._fieldIds,
    avgFieldLength: m._avgFieldLength,
    dirtCount: m._dirtCount,
    documentIds: m._documentIds,
    idToShortId: m._idToShortId,
    fieldLength: m._fieldLength,
    storedFields: m._storedFields,
    branches: m._index._tree.size,
  };
}

/** The top-level branches of the index's radix tree: one value each. */
export function miniSearchBranches(index: MiniSearch<any>): MiniSearchBranch[] {
  return [...(index as unknown as MiniSearchInternals)._index._tree];
}

/** A MiniSearch with the given options whose state and tree are the stored ones. Throws when they are malformed. */
export function restoreMiniSearch<T>(options: Options<T>, state: MiniSearchState, branches: Iterable<MiniSearchBranch>): MiniSearch<T> {
  const ms = new MiniSearch<T>(options);
  const m = ms as unknown as MiniSearchInternals;
  if (!(m._index instanceof Object) || !(m._documentIds instanceof Map)) throw new Error('MiniSearch internals are not as expected');
  if (!state || !(state.documentIds instanceof Map) || !(state.fieldLength instanceof Map) || !(state.idToShortId instanceof Map) || !(state.storedFields instanceof Map)) {
    throw new Error('MiniSearch state is malformed');
  }
  const tree = new Map<string, unknown>();
  for (const b of branches) {
    if (!Array.isArray(b) || typeof b[0] !== 'string' || !(b[1] instanceof Map)) throw new Error('MiniSearch tree branch is malformed');
    tree.set(b[0], b[1]);
  }
  m._documentCount = state.documentCount;
  m._nextId = state.nextId;
  m._fieldIds = state.fieldIds;
  m._avgFieldLength = state.avgFieldLength;
  m._dirtCount = state.dirtCount;
  m._documentIds = state.documentIds;
  m._idToShortId = state.idToShortId;
  m._fieldLength = state.fieldLength;
  m._storedFields = state.storedFields;
  m._index = new (m._index.constructor as new (tree: Map<string, unknown>) => MiniSearchInternals['_index'])(tree);
  return ms;
}

/** The index as a list of snapshot parts: its state, then one part per tree branch. */
export function packMiniSearch(index: MiniSearch<any>): unknown[] {
  return [miniSearchState(index), ...miniSearchBranches(index)];
}

/** Reads a packed index from `parts` at `at`; returns it and the position after it. */
export function unpackMiniSearch<T>(options: Options<T>, parts: readonly unknown[], at: number): { index: MiniSearch<T>; next: number } {
  const state = parts[at] as MiniSearchState;
  const n = state?.branches;
  if (typeof n !== 'number' || n < 0 || at + 1 + n > parts.length) throw new Error('packed MiniSearch is truncated');
  return { index: restoreMiniSearch(options, state, parts.slice(at + 1, at + 1 + n) as MiniSearchBranch[]), next: at + 1 + n };
}
