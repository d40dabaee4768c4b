/**
 * BulkAdder fills an index to the state MiniSearch's own `add` gives the same documents: the
 * same tree (its Maps' order included), postings, lengths, running means and ids.
 */
import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { PASSAGE_INDEX_OPTIONS } from '../../src/index/corpus.js';
import { BulkAdder } from '../../src/index/minisearch-bulk.js';

const TEXTS = [
  'The banking committee met the bank’s chairman on Tuesday.',
  'Banks, bankers and a bank: the committee’s report on banking.',
  'Café owners in Zürich said the cafés would reopen.',
  '',
  'The the the and of',
  'Ferries ran twice; the ferry company’s boss, Jane Roe, said ferries were late.',
  'bank',
  'A b c d e f g — 42 1,000 3.5% e-mail e.g. U.S.',
];

function both<T>(options: ConstructorParameters<typeof MiniSearch<T>>[0], docs: T[]) {
  const added = new MiniSearch<T>(options);
  for (const d of docs) added.add(d);
  const bulk = new MiniSearch<T>(options);
  const adder = new BulkAdder<T>(bulk);
  for (const d of docs) adder.add(d);
  adder.finish();
  return { added, bulk };
}

describe('BulkAdder', () => {
  it('gives the index add gives, with our tokenizer and terms', () => {
    const { added, bulk } = both(
      PASSAGE_INDEX_OPTIONS,
      TEXTS.map((text, id) => ({ id, text })),
    );
    expect(JSON.stringify(bulk)).toBe(JSON.stringify(added));
    expect(bulk.documentCount).toBe(TEXTS.length);
    for (const q of ['bank', 'banking committee', 'cafe', 'ferry', 'zurich', 'roe']) {
      expect(bulk.search(q, { prefix: true, fuzzy: 0.2 }), q).toEqual(added.search(q, { prefix: true, fuzzy: 0.2 }));
    }
    expect(bulk.search('bank').length).toBeGreaterThan(1);
  });

  it('gives the index add gives with several fields, missing fields and terms that expand to several', () => {
    const docs = TEXTS.map((text, i) => ({ key: `d${i}`, title: i % 3 ? `Note ${i}` : undefined, body: text }));
    const { added, bulk } = both(
      {
        fields: ['title', 'body'],
        idField: 'key',
        processTerm: (t: string) => (t.length > 6 ? [t.toLowerCase(), t.slice(0, 4).toLowerCase()] : t.toLowerCase()),
      },
      docs,
    );
    expect(JSON.stringify(bulk)).toBe(JSON.stringify(added));
    expect(bulk.search('bank')).toEqual(added.search('bank'));
  });

  it('refuses what add refuses and an index that is not empty', () => {
    const index = new MiniSearch<{ id?: number; text: string }>(PASSAGE_INDEX_OPTIONS);
    const adder = new BulkAdder(index);
    adder.add({ id: 1, text: 'one' });
    expect(() => adder.add({ id: 1, text: 'again' })).toThrow(/duplicate ID 1/);
    expect(() => adder.add({ text: 'no id' })).toThrow(/does not have ID field/);
    adder.finish();
    expect(() => adder.add({ id: 2, text: 'late' })).toThrow(/already finished/);
    expect(() => new BulkAdder(index)).toThrow(/empty index/);
    expect(() => new BulkAdder(new MiniSearch({ fields: ['text'], storeFields: ['text'] }))).toThrow(/stored fields/);
  });
});
