/**
 * The MiniSearch adapter (minisearch.ts): package.json pins the version whose internals it
 * declares, the start-up check passes on the installed one, and the declared fields are the
 * ones MiniSearch keeps up to date as documents come and go.
 */
import { readFileSync } from 'node:fs';
import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { checkMiniSearch, internals, LEAF, MINISEARCH_VERSION, replaceTree } from '../../src/index/minisearch.js';

describe('MiniSearch adapter', () => {
  it('package.json pins exactly the version whose internals are declared', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    expect(pkg.dependencies.minisearch).toBe(MINISEARCH_VERSION);
  });

  it('the start-up check passes on the installed MiniSearch', () => {
    expect(() => checkMiniSearch()).not.toThrow();
  });

  it('the declared fields follow additions and removals', () => {
    const ms = new MiniSearch<{ id: string; body: string }>({ fields: ['body'] });
    ms.add({ id: 'x', body: 'harbour cranes idle' });
    ms.add({ id: 'y', body: 'cranes' });
    const m = internals(ms);
    expect(m._documentCount).toBe(2);
    expect(m._idToShortId.get('y')).toBe(1);
    expect(m._index.get('cranes')?.get(0)).toEqual(
      new Map([
        [0, 1],
        [1, 1],
      ]),
    );
    ms.remove({ id: 'x', body: 'harbour cranes idle' });
    expect(m._documentCount).toBe(1);
    expect(m._documentIds.has(0)).toBe(false);
    expect(m._index.get('harbour')).toBeUndefined();
    expect(m._index.get('cranes')?.get(0)).toEqual(new Map([[1, 1]]));
  });

  it('a replaced tree is the one searched', () => {
    const ms = new MiniSearch<{ id: number; body: string }>({ fields: ['body'] });
    ms.add({ id: 4, body: 'ferry strike' });
    const m = internals(ms);
    const tree = new Map<string, unknown>([['tug', new Map([[LEAF, new Map([[0, new Map([[0, 1]])]])]])]]);
    replaceTree(m, tree);
    expect(ms.search('tug').map((r) => r.id)).toEqual([4]);
    expect(ms.search('ferry')).toEqual([]);
  });
});
