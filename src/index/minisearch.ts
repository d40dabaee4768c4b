/**
 * The one adapter to MiniSearch's private state. Our indexes read and write fields MiniSearch
 * keeps to itself: its posting lists and length statistics (bounded search, postings.ts), its
 * Maps (the snapshot, minisearch-state.ts) and its id maps and averages (an index revised in
 * place, revise.ts). Those fields are declared here and nowhere else, for the one MiniSearch
 * version package.json pins (MINISEARCH_VERSION). When this module loads, `checkMiniSearch`
 * builds a small index and proves that the installed MiniSearch is that version and keeps its
 * state as declared, so an upgrade that moves a field stops the start with a message naming this
 * file, instead of a wrong answer at query time.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import MiniSearch from 'minisearch';
import type SearchableMap from 'minisearch/SearchableMap';

/** The MiniSearch version whose internals are declared here (package.json pins exactly this one). */
export const MINISEARCH_VERSION = '7.2.0';

/** An index of any document type: only its internals are read. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyMiniSearch = MiniSearch<any>;

/** A word's postings: field id → (short id → term frequency). */
export type FieldPostings = Map<number, Map<number, number>>;

/** The inverted index: a radix tree from words to their postings. */
export type WordIndex = SearchableMap<FieldPostings>;

/**
 * A node of the radix tree: edge label → child node; the key LEAF holds the postings of the
 * word that ends at the node.
 */
export type TreeNode = WordIndex['_tree'];

/** The radix tree's key for "a word ends here". */
export const LEAF = '';

/** MiniSearch's private fields, as MiniSearch MINISEARCH_VERSION keeps them. */
export interface MiniSearchInternals {
  _documentCount: number;
  /** The next short id: short ids are 0 … _nextId − 1 (with gaps where documents were removed). */
  _nextId: number;
  _fieldIds: Record<string, number>;
  /** Per field id: the running mean of the field's length in tokens. */
  _avgFieldLength: number[];
  _dirtCount: number;
  /** short id → the document's id. */
  _documentIds: Map<number, unknown>;
  /** document id → short id. */
  _idToShortId: Map<unknown, number>;
  /** short id → length of each field (field id order; a field the document lacks is a hole). */
  _fieldLength: Map<number, number[]>;
  _storedFields: Map<number, unknown>;
  _index: WordIndex;
  /** The options with MiniSearch's defaults filled in. */
  _options: {
    fields: string[];
    idField: string;
    storeFields: string[];
    extractField: (document: unknown, field: string) => unknown;
    stringifyField: (value: unknown, field: string) => string;
    tokenize: (text: string, field: string) => string[];
    processTerm: (term: string, field: string) => string | string[] | null | undefined | false;
  };
}

/** The private fields of an index (checked, for the pinned version, when this module loaded). */
export function internals(index: AnyMiniSearch): MiniSearchInternals {
  return index as unknown as MiniSearchInternals;
}

/** Makes `tree` the root of the index's radix tree (MiniSearch's own SearchableMap class around it). */
export function replaceTree(m: MiniSearchInternals, tree: Map<string, unknown>): void {
  const Searchable = m._index.constructor as new (tree: Map<string, unknown>) => WordIndex;
  m._index = new Searchable(tree);
}

/**
 * Throws unless the installed MiniSearch is MINISEARCH_VERSION and keeps its state as declared
 * above: a two-document index is built and every declared field read back.
 */
export function checkMiniSearch(): void {
  const installed = installedVersion();
  if (installed !== undefined && installed !== MINISEARCH_VERSION) {
    throw new Error(
      `minisearch ${installed} is installed, but src/index/minisearch.ts declares the internals of ${MINISEARCH_VERSION}: ` +
        'check them against the new version and update MINISEARCH_VERSION (or install the pinned version)',
    );
  }
  const ms = new MiniSearch<{ id: number; a?: string; b: string }>({ fields: ['a', 'b'] });
  ms.add({ id: 10, a: 'red sky', b: 'sky' });
  ms.add({ id: 11, b: 'sky blue' });
  const m = internals(ms);
  const sky = m._index?.get?.('sky');
  const tree = m._index?._tree;
  const expected =
    m._documentCount === 2 &&
    m._nextId === 2 &&
    m._fieldIds?.a === 0 &&
    m._fieldIds?.b === 1 &&
    Array.isArray(m._avgFieldLength) &&
    m._avgFieldLength[0] === 2 &&
    m._avgFieldLength[1] === 1.5 &&
    m._dirtCount === 0 &&
    m._documentIds instanceof Map &&
    m._documentIds.get(1) === 11 &&
    m._idToShortId instanceof Map &&
    m._idToShortId.get(10) === 0 &&
    m._fieldLength instanceof Map &&
    m._fieldLength.get(0)?.[0] === 2 &&
    m._fieldLength.get(1)?.[0] === undefined &&
    m._fieldLength.get(1)?.[1] === 2 &&
    m._storedFields instanceof Map &&
    tree instanceof Map &&
    sky instanceof Map &&
    sky.get(0)?.get(0) === 1 &&
    sky.get(1)?.get(1) === 1 &&
    leafOf(tree, 'sky') === sky &&
    typeof m._index.has === 'function' &&
    typeof m._index.atPrefix === 'function' &&
    typeof m._index.fuzzyGet === 'function' &&
    m._options?.idField === 'id' &&
    m._options.fields?.length === 2 &&
    Array.isArray(m._options.storeFields) &&
    m._options.extractField({ id: 10 }, 'id') === 10 &&
    m._options.stringifyField('sky', 'b') === 'sky' &&
    m._options.tokenize('red sky', 'a').length === 2 &&
    m._options.processTerm('Sky', 'a') === 'sky';
  if (!expected) throw new Error(notAsExpected());
  // A tree put in place of the root is the index's tree.
  replaceTree(m, tree);
  if (m._index.get('sky') !== sky || ms.search('blue')[0]?.id !== 11) throw new Error(notAsExpected());
}

function notAsExpected(): string {
  return `MiniSearch internals are not as expected (was minisearch upgraded from ${MINISEARCH_VERSION}?); src/index/minisearch.ts must be updated`;
}

/** The value at LEAF below the path that spells `word`, following one-character or longer edges. */
function leafOf(node: unknown, word: string): unknown {
  if (!(node instanceof Map)) return undefined;
  if (word === '') return (node as Map<string, unknown>).get(LEAF);
  for (const [k, child] of node as Map<string, unknown>) {
    if (k !== LEAF && word.startsWith(k)) return leafOf(child, word.slice(k.length));
  }
  return undefined;
}

/** The version in the installed package's package.json (its `exports` hide it from `require`); undefined when it cannot be read. */
function installedVersion(): string | undefined {
  try {
    let dir = path.dirname(createRequire(import.meta.url).resolve('minisearch'));
    for (let up = 0; up < 4; up++, dir = path.dirname(dir)) {
      try {
        const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
        if (pkg.name === 'minisearch') return pkg.version;
      } catch {
        // Not this folder: one up.
      }
    }
  } catch {
    // Resolved some other way (a bundle): the shape check below still applies.
  }
  return undefined;
}

checkMiniSearch();
