/**
 * The corpus store contract on the memory store (always run; `contract.pg.test.ts` runs the same
 * on PostgreSQL): our own corpus's questions with what they must answer, the autocompletes, and
 * the comparison used between stores, shown to catch a store that drops or changes an answer.
 */
import { describe, expect, it } from 'vitest';
import { memoryStore } from '../../src/corpus/memory.js';
import type { CorpusStore } from '../../src/corpus/types.js';
import { corpusOf, seeds, tempCorpus } from '../helpers/corpus.js';
import { ask, checkOwnChoices, checkOwnDocuments, derivedLines, differences, OWN_CASES, OWN_FILES, SEED_LINES } from './contract.js';

const own = async () => memoryStore(await corpusOf(tempCorpus(OWN_FILES)));

describe('memory store: our own corpus', () => {
  for (const c of OWN_CASES) {
    it(c.line, async () => {
      c.expect(await ask(await own(), c.line));
    });
  }

  it('autocompletes names, speakers and documents', async () => {
    await checkOwnChoices(await own());
  });

  it('names one document by id, file, hash, link or title, and says why a file was skipped', async () => {
    await checkOwnDocuments(await own());
  });
});

/** A store that answers as another but changes what `change` says: the comparison must notice. */
function mutant(store: CorpusStore, change: Partial<CorpusStore>): CorpusStore {
  return new Proxy(store, {
    get: (target, key, receiver) => (key in change ? change[key as keyof CorpusStore] : Reflect.get(target, key, receiver)),
  });
}

describe('the comparison between stores can fail', () => {
  it('finds no difference between a store and itself, on the seeds and on questions drawn from them', async () => {
    const s = memoryStore(await seeds());
    const lines = [...SEED_LINES, ...derivedLines(await seeds(), 6)];
    expect(await differences(s, s, lines, 'identical')).toEqual([]);
    expect(await differences(s, s, lines, 'top-k')).toEqual([]);
  });

  it('notices a store that drops its best passage, or states another role', async () => {
    const s = memoryStore(await seeds());
    const dropsBest = mutant(s, { searchPassages: async (q, n) => (await s.searchPassages(q, n)).slice(1) });
    expect(await differences(s, dropsBest, ['/search border fencing'], 'top-k')).toEqual(['/search border fencing: top 5 differ']);
    const renames = mutant(s, {
      person: async (q, o) => {
        const found = await s.person(q, o);
        return found.person
          ? { ...found, person: { ...found.person, roles: found.person.roles.map((r) => ({ ...r, role: 'mayor' })) } }
          : found;
      },
    });
    expect(await differences(s, renames, ['/who Ahmad Vahidi'], 'identical')).toEqual(['/who Ahmad Vahidi: answers differ']);
    // Top-k membership alone does not see a changed role: the seeds are compared whole for that.
    expect(await differences(s, renames, ['/who Ahmad Vahidi'], 'top-k')).toEqual([]);
  });
});
