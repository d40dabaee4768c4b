/**
 * The contract between the snapshot (src/snapshot/) and each fact index (people, dates,
 * quotes): a warm start restores an index from what it saved instead of rebuilding it from the
 * documents. Declared here (not in corpus.ts, which imports the indexes) so that the indexes
 * can implement it without an import cycle; corpus.ts's FACT_INDEXES checks every one against
 * it with `satisfies`.
 */
import type { IngestedDoc } from '../ingest/index.js';

/** What a fact index saves. */
export interface SnapshotSource {
  /**
   * The index as a list of values V8 can serialise (plain objects, arrays, Maps, typed arrays; a
   * MiniSearch as `packMiniSearch` gives it), each stored as its own snapshot part so that none
   * is huge. Documents are referred to by their index in the corpus, which the snapshot keeps.
   */
  toSnapshot(): unknown[];
}

/** How a fact index's class gets it back. */
export interface SnapshotRestore<T extends SnapshotSource> {
  /**
   * The index from the list `toSnapshot` gave, over the same documents. The list comes off the
   * disk: the index checks it and throws when it does not hold together (the snapshot then
   * rebuilds the corpus).
   */
  fromSnapshot(parts: unknown[], docs: readonly IngestedDoc[]): T;
}
