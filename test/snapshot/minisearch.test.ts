/**
 * MiniSearch's state packed for the snapshot (minisearch-state.ts): restored indexes search,
 * check membership and discard exactly as the originals, whether ids pack into typed arrays
 * (numbers) or stay Maps (strings), with several fields and documents missing one; a damaged
 * packed branch is refused.
 */
import v8 from 'node:v8';
import MiniSearch, { type Options } from 'minisearch';
import { describe, expect, it } from 'vitest';
import {
  LazyTree,
  miniSearchBranches,
  miniSearchState,
  packMiniSearch,
  restoreMiniSearch,
  unpackMiniSearch,
  type MiniSearchBranch,
} from '../../src/index/minisearch-state.js';

const TEXTS = [
  'Pakistan and Iran agreed to fence the border after attacks on security posts',
  'Oil prices rose as the cartel cut output; traders expect higher prices',
  'The central bank held interest rates, citing remittances from workers abroad',
  'Border security talks resumed in Islamabad on Tuesday',
  'Farmers protest over wheat prices and fertiliser shortages',
  'Économie: les prix du pétrole montent', // accents and another language
];

type Doc = { id: number | string; title?: string; text?: string };

function build(ids: (i: number) => number | string, opts: Partial<Options<Doc>> = {}): { ms: MiniSearch<Doc>; options: Options<Doc> } {
  const options: Options<Doc> = { fields: ['title', 'text'], storeFields: [], ...opts };
  const ms = new MiniSearch<Doc>(options);
  TEXTS.forEach((text, i) => {
    // Every third document has no title: its field lengths have a hole.
    ms.add(i % 3 === 0 ? { id: ids(i), text } : { id: ids(i), title: text.split(' ').slice(0, 3).join(' '), text });
  });
  return { ms, options };
}

const clone = <T>(x: T): T => v8.deserialize(v8.serialize(x)) as T;

const QUERIES = ['border security', 'prices', 'pric', 'remitance', 'pétrole', 'islamabad tuesday'];

function same(a: MiniSearch<Doc>, b: MiniSearch<Doc>): void {
  for (const q of QUERIES) {
    for (const o of [{}, { prefix: true }, { fuzzy: 0.2 }, { prefix: true, fuzzy: 0.2, combineWith: 'AND' as const }]) {
      expect(b.search(q, o), `${q} ${JSON.stringify(o)}`).toEqual(a.search(q, o));
    }
  }
  expect(b.documentCount).toBe(a.documentCount);
  expect(b.autoSuggest('bord')).toEqual(a.autoSuggest('bord'));
}

describe('packed MiniSearch state', () => {
  it('numeric ids pack into typed arrays and the restored index is the original', () => {
    const { ms, options } = build((i) => i * 7 + 1);
    const state = miniSearchState(ms);
    expect(state.ids).toBeInstanceOf(Int32Array);
    expect(state.documentIds).toBeUndefined();
    const branches = miniSearchBranches(ms);
    expect(branches.every((b) => !Array.isArray(b))).toBe(true);
    const restored = restoreMiniSearch(options, clone(state), clone(branches));
    same(ms, restored);
    expect(restored.has(8)).toBe(true);
    expect(restored.has(9)).toBe(false);
    // Changing it afterwards works as on the original.
    ms.discard(8);
    restored.discard(8);
    same(ms, restored);
  });

  it('string ids stay Maps, and restore the same', () => {
    const { ms, options } = build((i) => `doc-${i}`);
    const state = miniSearchState(ms);
    expect(state.ids).toBeUndefined();
    expect(state.documentIds).toBeInstanceOf(Map);
    const restored = restoreMiniSearch(options, clone(state), clone(miniSearchBranches(ms)));
    same(ms, restored);
    expect(restored.has('doc-2')).toBe(true);
  });

  it('a list of parts unpacks at its offset; truncated or damaged branches are refused', () => {
    const { ms, options } = build((i) => i);
    const parts = ['something before', ...clone(packMiniSearch(ms)), 'after'];
    const { index, next } = unpackMiniSearch(options, parts, 1);
    same(ms, index);
    expect(parts[next]).toBe('after');
    expect(() => unpackMiniSearch(options, parts.slice(0, 3), 1)).toThrow(/truncated/);
    // A branch is checked when it is unpacked (its bytes were checksummed with the snapshot):
    // the first search that reaches a damaged one fails, and so does unpacking them all.
    const branches = clone(miniSearchBranches(ms)) as Exclude<MiniSearchBranch, [string, unknown]>[];
    const cut = { ...branches[0], ints: branches[0].ints.subarray(0, branches[0].ints.length - 1) };
    const extra = { ...branches[0], keys: JSON.stringify([...JSON.parse(branches[0].keys), 'x']) };
    for (const bad of [cut, extra]) {
      const restored = restoreMiniSearch(options, clone(miniSearchState(ms)), [bad, ...branches.slice(1)]);
      const tree = (restored as unknown as { _index: { _tree: LazyTree } })._index._tree;
      expect(() => tree.get(bad.key)).toThrow(/MiniSearch/);
      expect(() => [...tree]).toThrow(/MiniSearch/);
    }
    expect(() => restoreMiniSearch(options, clone(miniSearchState(ms)), [{ key: 'a', keys: '[]' } as never])).toThrow(/MiniSearch/);
  });

  it('branches unpack when a search reaches them, or in the background; updates work on a half-unpacked tree', async () => {
    const { ms, options } = build((i) => i);
    const restore = () => restoreMiniSearch(options, clone(miniSearchState(ms)), clone(miniSearchBranches(ms)));
    const treeOf = (x: MiniSearch<Doc>) => (x as unknown as { _index: { _tree: LazyTree } })._index._tree;
    const a = restore();
    const tree = treeOf(a);
    expect(tree).toBeInstanceOf(LazyTree);
    const all = tree.pending;
    expect(all).toBeGreaterThan(3);
    // Keys without unpacking.
    expect(tree.size).toBe((ms as unknown as { _index: { _tree: Map<string, unknown> } })._index._tree.size);
    expect(a.search('islamabad')).toEqual(ms.search('islamabad'));
    expect(tree.pending).toBeGreaterThan(0);
    expect(tree.pending).toBeLessThan(all);
    // Updates on a half-unpacked tree, the same as on the original.
    const b = restore();
    const copy = build((i) => i).ms;
    b.discard(3);
    b.add({ id: 99, title: 'Zebra crossing', text: 'A zebra crossed the border at Quetta' });
    copy.discard(3);
    copy.add({ id: 99, title: 'Zebra crossing', text: 'A zebra crossed the border at Quetta' });
    for (const q of ['zebra', 'border', 'security talks']) expect(b.search(q, { prefix: true })).toEqual(copy.search(q, { prefix: true }));
    // The background unpacks the rest.
    await new Promise<void>((resolve) => {
      const wait = () => (treeOf(b).pending === 0 && tree.pending === 0 ? resolve() : setTimeout(wait, 5));
      wait();
    });
    same(ms, a);
  });
});
