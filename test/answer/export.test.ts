/** The export of every fact: rows with the answer contract's fields and a citation; CSV that a spreadsheet opens safely. */
import { describe, expect, it } from 'vitest';
import { csvLine, exportRows, type ExportRow } from '../../src/answer/export.js';
import { memoryStore } from '../../src/corpus/memory.js';
import { corpusOf, tempCorpus } from '../helpers/corpus.js';

/** An async generator's values (Node 20 has no Array.fromAsync). */
async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('export', () => {
  const dir = tempCorpus({
    'a.md':
      '---\ntitle: A\npublished: 2024-02-03\n---\n\nFinance Minister Ingrid Solberg said on Monday the budget was final.\n\n“We will not borrow more,” Solberg said.\n\nNikolai Varga watched from the gallery.\n',
  });

  it('gives every person, date and quotation of a document, each cited, with the contract fields', async () => {
    const c = await corpusOf(dir);
    const rows = await collect(exportRows(memoryStore(c), ['people', 'dates', 'quotes']));
    const people = rows.filter((r) => r.fact === 'people');
    expect(people.map((r) => [r.name, r.answer])).toEqual(
      expect.arrayContaining([
        ['Ingrid Solberg', 'Finance Minister'],
        ['Nikolai Varga', 'Nikolai Varga watched from the gallery.'],
      ]),
    );
    const date = rows.find((r) => r.fact === 'dates')!;
    expect([date.dateText, date.date]).toEqual(['on Monday', '2024-01-29']);
    const q = rows.find((r) => r.fact === 'quotes')!;
    expect([q.answer, q.speaker]).toEqual(['We will not borrow more', 'Ingrid Solberg']);
    for (const r of rows) {
      expect(r.citation.docId).toBe('a');
      expect(r.citation.published).toBe('2024-02-03');
      expect(c.paragraph(0, r.citation.paragraph).text).toContain(r.excerpt);
    }
    expect((await collect(exportRows(memoryStore(c), ['dates']))).every((r) => r.fact === 'dates')).toBe(true);
  });

  it('writes CSV with a header, quoted cells, and no cell a spreadsheet would run as a formula', () => {
    const row: ExportRow = {
      fact: 'people',
      answer: '=HYPERLINK("x")',
      excerpt: 'He said, "yes"\nthen left',
      name: 'A, B',
      aliases: ['AB', 'A.B.'],
      citation: { docId: 'd', title: 'T', paragraph: 2 },
    };
    const header = csvLine(null).split(',');
    expect(header.slice(0, 3)).toEqual(['fact', 'answer', 'name']);
    const line = csvLine(row);
    expect(line.startsWith('people,"\'=HYPERLINK(""x"")","A, B",AB; A.B.,')).toBe(true);
    expect(line).toContain('"He said, ""yes""\nthen left"');
    expect(line.endsWith(',d,T,,,,2')).toBe(true);
  });
});
