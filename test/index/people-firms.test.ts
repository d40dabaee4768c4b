/**
 * The corpus-wide firm mechanism (issue #16): a person named only weakly in their document
 * ("Quarlow Brisket said") is not answered when another document frames the name as a firm
 * ("Quarlow Brisket Trading Corp"), and is answered again when that document goes; a person
 * named surely somewhere (a title, a role) stays; the export leaves out what /who leaves out.
 * The index revised live answers as one built cold.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { exportRows } from '../../src/answer/export.js';
import { who } from '../../src/answer/who.js';
import { memoryStore } from '../../src/corpus/memory.js';
import { Corpus } from '../../src/index/corpus.js';
import { PeopleIndex } from '../../src/index/people.js';
import { runNow } from '../../src/index/steps.js';
import { ingestDirectory, type IngestedDoc } from '../../src/ingest/index.js';
import { tempCorpus } from '../helpers/corpus.js';

const FILES: Record<string, string> = {
  // Weak: a name with no given name of the lists, a speech verb after it.
  'a-weak.md': 'Quarlow Brisket said on Monday that its profits rose by a tenth.\n',
  // The same name framed as a firm.
  'b-firm.md': 'Shares of Quarlow Brisket Trading Corp rose in heavy trading.\n',
  // A name named weakly here, surely elsewhere, and framed as a firm in a third document.
  'c-weak.md': 'Pellam Drosk said the plant would close in March.\n',
  'd-sure.md': 'Pellam Drosk, the finance minister, said taxes would rise.\n',
  'e-firm.md': 'The contract went to Pellam Drosk Holdings Ltd after a tender.\n',
  // A given name of the lists: one document framing it as a firm does not hide the person.
  'f-given.md': 'David Vantree said the harvest was late this year.\n',
  'g-firm.md': 'David Vantree Ltd cut its dividend on Friday.\n',
  // Three documents framing a given-name name as a firm, more than name the person weakly, do.
  'h-given.md': 'Martin Orrely said it would buy two more barges.\n',
  'i-firm.md': 'Martin Orrely Corp raised its dividend.\n',
  'j-firm.md': 'The stake was sold to Martin Orrely Inc for cash.\n',
  'k-firm.md': 'Analysts at Martin Orrely Securities expect lower rates.\n',
};

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

let docs: IngestedDoc[] = [];
beforeAll(async () => {
  const files = Object.fromEntries(
    Object.entries(FILES).map(([f, text], i) => [
      f,
      `---\ntitle: Story ${i}\npublished: 2024-03-${String(i + 1).padStart(2, '0')}\n---\n\n${text}`,
    ]),
  );
  docs = (await ingestDirectory(tempCorpus(files), { maxBytes: 1 << 20 })).docs;
  docs.sort((x, y) => (x.meta.file < y.meta.file ? -1 : 1));
}, 60_000);

const only = (...files: string[]) => docs.filter((d) => files.some((f) => d.meta.file.endsWith(f)));
const names = (index: PeopleIndex, q: string) => index.lookup(q).map((m) => `${m.entry.kind}:${m.entry.name}`);

describe('the firm counts hide weak people named by a firm', () => {
  it('marks the weak person and the firm keys in the facts', () => {
    const a = only('a-weak.md')[0].facts;
    expect(a.people.find((p) => p.name === 'Quarlow Brisket')?.weak).toBe(true);
    expect(only('b-firm.md')[0].facts.firms).toContain('quarlow brisket');
  });

  it('hides a weak person when another document frames the name as a firm, and shows it when that document goes', () => {
    expect(names(PeopleIndex.build(only('a-weak.md')), 'Quarlow Brisket')).toContain('person:Quarlow Brisket');
    const both = PeopleIndex.build(only('a-weak.md', 'b-firm.md'));
    expect(names(both, 'Quarlow Brisket')).not.toContain('person:Quarlow Brisket');
    expect(both.autocomplete('quarl').map((e) => e.name)).not.toContain('Quarlow Brisket');
    expect(both.resolve('Quarlow Brisket')).toBeUndefined();
    // Live: the firm's document removed, then added again.
    const all = only('a-weak.md', 'b-firm.md');
    const live = runNow(PeopleIndex.revising(both, all, [], []));
    expect(names(live, 'Quarlow Brisket')).not.toContain('person:Quarlow Brisket');
    const without = runNow(PeopleIndex.revising(live, only('a-weak.md'), [1], []));
    expect(names(without, 'Quarlow Brisket')).toContain('person:Quarlow Brisket');
    const again = runNow(PeopleIndex.revising(without, all, [], [1]));
    expect(names(again, 'Quarlow Brisket')).not.toContain('person:Quarlow Brisket');
  });

  it('keeps a person whom some document names surely, and one whose given name is in the lists', () => {
    const index = PeopleIndex.build(docs);
    expect(names(index, 'Pellam Drosk')).toContain('person:Pellam Drosk');
    expect(names(index, 'David Vantree')).toContain('person:David Vantree');
    expect(names(index, 'Martin Orrely')).not.toContain('person:Martin Orrely');
    expect(names(PeopleIndex.build(only('h-given.md', 'i-firm.md', 'j-firm.md')), 'Martin Orrely')).toContain('person:Martin Orrely');
    // Without the sure mention the weak one gives way to the firm.
    const weakOnly = PeopleIndex.build(only('c-weak.md', 'e-firm.md'));
    expect(names(weakOnly, 'Pellam Drosk')).not.toContain('person:Pellam Drosk');
  });

  it('a revised index answers as one built cold over the same documents', () => {
    let live = runNow(PeopleIndex.revising(PeopleIndex.build([]), [], [], []));
    let current: IngestedDoc[] = [];
    // Documents come one by one, then go in another order.
    for (const d of docs) {
      const next = [...current, d].sort((x, y) => (x.meta.file < y.meta.file ? -1 : 1));
      live = runNow(PeopleIndex.revising(live, next, [], [next.indexOf(d)]));
      current = next;
      const cold = PeopleIndex.build(current);
      for (const q of ['Quarlow Brisket', 'Pellam Drosk', 'David Vantree', 'Martin Orrely']) expect(names(live, q)).toEqual(names(cold, q));
    }
    for (const f of ['b-firm.md', 'd-sure.md', 'j-firm.md', 'a-weak.md']) {
      const at = current.findIndex((d) => d.meta.file.endsWith(f));
      const next = current.filter((_, i) => i !== at);
      live = runNow(PeopleIndex.revising(live, next, [at], []));
      current = next;
      const cold = PeopleIndex.build(current);
      for (const q of ['Quarlow Brisket', 'Pellam Drosk', 'David Vantree', 'Martin Orrely']) expect(names(live, q)).toEqual(names(cold, q));
    }
  });

  it('the export leaves out exactly the people /who does not answer', async () => {
    const store = memoryStore(new Corpus({ docs, skipped: [] }));
    const rows = (await collect(exportRows(store, ['people']))).map((r) => r.name);
    expect(rows).not.toContain('Quarlow Brisket');
    expect(rows).not.toContain('Martin Orrely');
    expect(rows).toEqual(expect.arrayContaining(['Pellam Drosk', 'David Vantree']));
    const answer = await who(store, 'Quarlow Brisket');
    expect(answer.results?.some((r) => r.name === 'Quarlow Brisket' && r.kind === 'person') ?? false).toBe(false);
    for (const name of ['Pellam Drosk', 'David Vantree']) expect((await who(store, name)).results?.[0]?.name).toBe(name);
  });
});
