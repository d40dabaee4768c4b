/**
 * The radix tree of an index restored from a snapshot keeps its top-level branches packed until
 * they are reached or unpacked in the background (minisearch-state.ts, LazyTree). A live revision
 * copies the tree's root (text-index.ts, TreeWriter), which reaches every branch: on the first
 * change after a warm start, before the background got to them, that unpacked them all in one
 * step (154 ms of CPU for the date index's sentence tree at Reuters x1). Here they are unpacked
 * one per step first.
 */
import { LazyTree } from './minisearch-state.js';
import type { PostingTree } from './postings.js';
import type { Steps } from './steps.js';

export function* unpacking(tree: PostingTree): Steps<void> {
  const root: unknown = tree._tree;
  if (root instanceof LazyTree) while (root.unpackNext()) yield;
}
