/**
 * A full-text index that a live update revises at the cost of the documents that changed, not of
 * the corpus (issue #19): the next version shares MiniSearch's radix tree with the version still
 * serving and copies only the path to each word a changed document holds and that word's posting
 * list when it is short (a longer one gets a layer over the shared list: a journal of added and
 * removed ids that the versions share, folded back in when it grows). BM25's statistics are kept
 * exactly — the document count and the sum of lengths — so scores do not depend on the order in
 * which documents came (MiniSearch keeps a running mean instead, whose last bits do).
 *
 * Entries are numbered by MiniSearch's short ids, which are also their ids here: a new entry
 * takes the next one and a removed one's is never reused. Read by TermSearch (postings.ts).
 */
import MiniSearch from 'minisearch';
import { IntChunks } from './chunks.js';
import { internals, LEAF, type AnyMiniSearch, type WordIndex } from './minisearch.js';
import type { PostingList, PostingSource, PostingTree } from './postings.js';
import { runNow, STEP, type Steps } from './steps.js';

/**
 * A posting list up to this long is copied when it changes; a longer one gets a layer. Low: a
 * copy costs the whole list, a layer only the ids a change adds or removes (issue #19).
 */
const COPY_LIMIT = 32;

/** How many ids a fold copies between two pauses. */
const FOLD_STEP = 16_384;

/**
 * What has been added to and removed from a long posting list since it was last one Map. Shared
 * by every version layered over that Map, and only ever appended to, so that a change does not
 * copy it: each version sees the part appended before it was made (`LayeredPostings`). Only the
 * newest version (`tip`) appends; a version made from an older one starts a journal of its own.
 */
class Journal {
  /** Added ids → frequency, in the order added. Ids are never reused, so they ascend. */
  readonly added = new Map<number, number>();
  /** Removed ids → how many were removed before (an id is removed at most once). */
  readonly removed = new Map<number, number>();
  tip: LayeredPostings | undefined;
}

/**
 * A shared posting list read with the part of a journal a version sees: the ids added up to
 * `addedUpTo` and the first `removedCount` removals. Its ids are read in the order a Map edited
 * in place would give: the base's, then those added.
 */
export class LayeredPostings implements PostingList {
  constructor(
    readonly base: ReadonlyMap<number, number>,
    private readonly journal: Journal,
    private addedUpTo: number,
    private addedCount: number,
    private removedCount: number,
    private count: number,
  ) {}

  /** A version over `base` with nothing added or removed yet, which may append to its journal. */
  static over(base: ReadonlyMap<number, number>): LayeredPostings {
    const list = new LayeredPostings(base, new Journal(), -1, 0, 0, base.size);
    list.journal.tip = list;
    return list;
  }

  get size(): number {
    return this.count;
  }

  /** How many ids the journal holds for this version. */
  get layerSize(): number {
    return this.addedCount + this.removedCount;
  }

  get(id: number): number | undefined {
    if (this.isRemoved(id)) return undefined;
    return (id <= this.addedUpTo ? this.journal.added.get(id) : undefined) ?? this.base.get(id);
  }

  has(id: number): boolean {
    return this.get(id) !== undefined;
  }

  keys(): IterableIterator<number> {
    // Nothing added or removed (most lists, most of the time): the base's own iterator, not a generator over it.
    return this.layerSize === 0 ? this.base.keys() : this.layeredKeys();
  }

  private *layeredKeys(): IterableIterator<number> {
    if (this.removedCount === 0) yield* this.base.keys();
    else for (const k of this.base.keys()) if (!this.isRemoved(k)) yield k;
    for (const k of this.journal.added.keys()) {
      if (k > this.addedUpTo) break;
      if (!this.isRemoved(k)) yield k;
    }
  }

  /** The next version, for a writer to edit in place; this one is left as it was. */
  next(): LayeredPostings {
    if (this.journal.tip !== this) throw new Error('only the newest version of a posting list can be revised');
    const out = new LayeredPostings(this.base, this.journal, this.addedUpTo, this.addedCount, this.removedCount, this.count);
    this.journal.tip = out;
    return out;
  }

  /** Whether `next` may be called: no other version was made from this one. */
  get isTip(): boolean {
    return this.journal.tip === this;
  }

  /** Adds a new id (greater than every id added before, and not in the base). */
  add(id: number, tf: number): void {
    if (id <= this.addedUpTo || this.base.has(id)) throw new Error(`id ${id} is not new to this posting list`);
    this.journal.added.set(id, tf);
    this.addedUpTo = id;
    this.addedCount++;
    this.count++;
  }

  /** Removes an id it holds. */
  remove(id: number): void {
    if (!this.has(id)) return;
    this.journal.removed.set(id, this.removedCount++);
    this.count--;
  }

  /**
   * Worth folding into one list: the journal is a good part of it. A fold copies the list; a
   * quarter of it means that each id a change adds or removes pays for about four ids copied.
   */
  get heavy(): boolean {
    return this.layerSize > Math.max(COPY_LIMIT, this.base.size >> 2);
  }

  /** The list as one Map, in the order its ids are read; pauses every FOLD_STEP ids. */
  *flattening(): Steps<Map<number, number>> {
    const m = new Map<number, number>();
    for (const k of this.keys()) {
      m.set(k, this.get(k)!);
      if (m.size % FOLD_STEP === 0) yield;
    }
    return m;
  }

  private isRemoved(id: number): boolean {
    const at = this.journal.removed.get(id);
    return at !== undefined && at < this.removedCount;
  }
}

type Node = Map<string, unknown>;
type FieldPostings = Map<number, PostingList>;

/** One entry to index or unindex: its id and its text. */
export interface TextEntry {
  id: number;
  text: string;
}

export interface TermOptions {
  tokenize: (text: string) => string[];
  processTerm: (term: string) => string | null;
}

/** The terms of a text with their frequencies, and its length as MiniSearch counts it (distinct tokens). */
export function termsOf(text: string, opts: TermOptions): { terms: Map<string, number>; length: number } {
  const tokens = opts.tokenize(text);
  const terms = new Map<string, number>();
  for (const token of tokens) {
    const t = opts.processTerm(token);
    if (t) terms.set(t, (terms.get(t) ?? 0) + 1);
  }
  return { terms, length: new Set(tokens).size };
}

export class TextIndex implements PostingSource {
  private constructor(
    readonly tree: PostingTree,
    readonly documentCount: number,
    /** The next id to give (ids are never reused). */
    readonly nextId: number,
    /** Each entry's length (−1 for none: never added, or removed). */
    private readonly lengths: IntChunks,
    readonly lengthSum: number,
    private readonly options: TermOptions,
  ) {}

  /** Over a MiniSearch index of one field (built or restored): its tree is shared, never changed. */
  static fromMiniSearch(index: AnyMiniSearch, options: TermOptions): TextIndex {
    const m = internals(index);
    const lengths = IntChunks.empty().writer();
    let sum = 0;
    for (const [shortId, fl] of m._fieldLength) {
      const len = fl[0] ?? 1;
      lengths.set(shortId, len);
      sum += len;
    }
    return new TextIndex(m._index, m._documentCount, m._nextId, lengths.done(), sum, options);
  }

  /** An empty index with MiniSearch's tree class. */
  static empty(options: TermOptions): TextIndex {
    return TextIndex.fromMiniSearch(new MiniSearch({ fields: ['text'] }), options);
  }

  length(shortId: number): number {
    return this.lengths.get(shortId);
  }

  idOf(shortId: number): number | undefined {
    return this.lengths.get(shortId) >= 0 ? shortId : undefined;
  }

  shortIdOf(id: number): number | undefined {
    return this.lengths.get(id) >= 0 ? id : undefined;
  }

  has(id: number): boolean {
    return this.lengths.get(id) >= 0;
  }

  /**
   * The next version: `removed` unindexed (given with the text they were indexed with), then
   * `added` indexed, each with the id it is given here (in order, from `nextId`). This version is
   * left as it was. Pauses between pieces of work (steps.ts).
   */
  *revising(removed: readonly TextEntry[], added: readonly string[]): Steps<{ index: TextIndex; ids: number[] }> {
    const w = new TreeWriter(this.tree);
    const lengths = this.lengths.writer();
    let count = this.documentCount;
    let sum = this.lengthSum;
    let n = 0;
    for (const e of removed) {
      if (++n % STEP === 0) yield;
      const len = lengths.get(e.id);
      if (len < 0) throw new Error(`entry ${e.id} is not in the index`);
      const { terms } = termsOf(e.text, this.options);
      for (const t of terms.keys()) w.drop(t, e.id);
      lengths.set(e.id, -1);
      sum -= len;
      count--;
    }
    let next = this.nextId;
    const ids: number[] = [];
    for (const text of added) {
      if (++n % STEP === 0) yield;
      const id = next++;
      const { terms, length } = termsOf(text, this.options);
      for (const [t, tf] of terms) w.put(t, id, tf);
      lengths.set(id, length);
      sum += length;
      count++;
      ids.push(id);
    }
    yield* w.folding();
    return { index: new TextIndex(w.tree, count, next, lengths.done(), sum, this.options), ids };
  }
}

/**
 * Writes to a copy of a radix tree: every node on the way to a word written is copied once (the
 * copy is this writer's, written in place from then on), so the original tree is never changed.
 * MiniSearch's own tree class then does the insertions and removals, on copied nodes only.
 */
export class TreeWriter {
  readonly tree: PostingTree;
  private readonly root: Node;
  private readonly owned = new Set<unknown>();
  private readonly layered: { term: string; list: LayeredPostings }[] = [];
  /** The words put or dropped: the paths `sortingPaths` puts in order. */
  private readonly written = new Set<string>();

  constructor(from: PostingTree) {
    // Iterating a restored tree unpacks its branches that are still packed (minisearch-state.ts).
    this.root = new Map(from._tree as Node);
    this.owned.add(this.root);
    const Searchable = from.constructor as new (tree: Node) => PostingTree;
    this.tree = new Searchable(this.root);
  }

  /** Adds `id` with frequency `tf` to the word's postings. */
  put(term: string, id: number, tf: number): void {
    this.written.add(term);
    const fp = this.leaf(term, true)!;
    const list = this.editable(term, fp.get(0));
    if (list instanceof LayeredPostings) list.add(id, tf);
    else list.set(id, tf);
    fp.set(0, list);
  }

  /** Removes `id` from the word's postings; the word goes when none is left. */
  drop(term: string, id: number): void {
    this.written.add(term);
    const fp = this.leaf(term, false);
    const current = fp?.get(0);
    if (!fp || !current?.has(id)) return;
    const list = this.editable(term, current);
    if (list instanceof LayeredPostings) list.remove(id);
    else list.delete(id);
    fp.set(0, list);
    if (list.size === 0) {
      fp.delete(0);
      if (fp.size === 0) this.tree.delete(term);
    }
  }

  /** Layers grown to a good part of their list become one list again, in slices. */
  *folding(): Steps<void> {
    for (const { term, list } of this.layered) {
      if (!list.heavy || list.size === 0) continue;
      yield;
      const flat = yield* list.flattening();
      const fp = this.tree.get(term);
      if (fp?.get(0) === list) fp.set(0, flat);
    }
  }

  /**
   * Puts the edges of every node on the way to a word written in key order (`sortingTree`): a
   * tree kept so is the same, Map order included, whatever order its words came and went in, so
   * its searches visit words as a fresh build's do. MiniSearch's own insertions and removals
   * append the edges they make; only nodes on those paths can be out of order. A node of the
   * version still serving is copied before it is reordered.
   */
  *sortingPaths(): Steps<void> {
    sortNode(this.root);
    let n = 0;
    for (const term of this.written) {
      if (++n % STEP === 0) yield;
      let node = this.root;
      let rest = term;
      while (rest.length > 0) {
        let edge: string | undefined;
        for (const k of node.keys()) {
          if (k !== LEAF && rest.startsWith(k)) {
            edge = k;
            break;
          }
        }
        if (edge === undefined) break;
        let child = node.get(edge) as Node;
        if (!inOrder(child)) {
          if (!this.owned.has(child)) {
            child = new Map(child);
            this.owned.add(child);
            node.set(edge, child);
          }
          sortNode(child);
        }
        node = child;
        rest = rest.slice(edge.length);
      }
    }
    this.written.clear();
  }

  private editable(term: string, p: PostingList | undefined): Map<number, number> | LayeredPostings {
    if (p && this.owned.has(p)) return p as Map<number, number> | LayeredPostings;
    let out: Map<number, number> | LayeredPostings;
    if (!p) out = new Map();
    // The journal is shared, not copied; a version revised a second time (not the newest) is copied.
    else if (p instanceof LayeredPostings) out = p.isTip ? p.next() : LayeredPostings.over(runNow(p.flattening()));
    else if (p.size <= COPY_LIMIT) out = new Map(p as Map<number, number>);
    else out = LayeredPostings.over(p as Map<number, number>);
    if (out instanceof LayeredPostings) this.layered.push({ term, list: out });
    this.owned.add(out);
    return out;
  }

  /** The word's field postings, copied for this writer (with the path to it); created when asked. */
  private leaf(term: string, create: boolean): FieldPostings | undefined {
    this.ownPath(term);
    let fp = this.tree.get(term);
    if (!fp) {
      if (!create) return undefined;
      fp = new Map();
    } else if (!this.owned.has(fp)) fp = new Map(fp);
    else return fp;
    this.owned.add(fp);
    this.tree.set(term, fp);
    return fp;
  }

  /**
   * Copies the nodes along the edges that spell a prefix of `key` (the nodes MiniSearch's tree
   * walks, splits and merges to set or delete it), each once.
   */
  private ownPath(key: string): void {
    let node = this.root;
    let rest = key;
    while (rest.length > 0) {
      let edge: string | undefined;
      for (const k of node.keys()) {
        if (k !== LEAF && rest.startsWith(k)) {
          edge = k;
          break;
        }
      }
      if (edge === undefined) return;
      let child = node.get(edge) as Node;
      if (!this.owned.has(child)) {
        child = new Map(child);
        this.owned.add(child);
        node.set(edge, child);
      }
      node = child;
      rest = rest.slice(edge.length);
    }
  }
}

/**
 * Puts the edges of every node of a tree no other version shares (a fresh build) in key order,
 * in place: the order a revised tree keeps (TreeWriter.sortingPaths). MiniSearch walks a node's
 * edges in Map order, so the order in which a prefix or typo search meets its words — and so the
 * order in which a document's scores for them are summed, to the last bit — is then the same in
 * a fresh and a revised tree.
 */
export function* sortingTree(tree: PostingTree | WordIndex): Steps<void> {
  const stack: Node[] = [tree._tree];
  let n = 0;
  while (stack.length) {
    if (++n % (STEP * 16) === 0) yield;
    const node = stack.pop()!;
    sortNode(node);
    for (const [k, child] of node) if (k !== LEAF) stack.push(child as Node);
  }
}

function inOrder(node: Node): boolean {
  let prev: string | undefined;
  for (const k of node.keys()) {
    if (prev !== undefined && k < prev) return false;
    prev = k;
  }
  return true;
}

/** Reorders a node's edges by key (LEAF, the empty key, first), in place. */
function sortNode(node: Node): void {
  if (inOrder(node)) return;
  const entries = [...node].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  node.clear();
  for (const [k, v] of entries) node.set(k, v);
}
