/**
 * /quote queries: a name alone lists that speaker's quotes; a name with topic words narrows to the
 * speaker's quotes on the topic; words of a quotation that contain a name find that quotation
 * rather than the named person's quotes.
 */
import { describe, expect, it } from 'vitest';
import { quote } from '../../src/answer/quote.js';
import { corpusOf, tempCorpus } from '../helpers/corpus.js';
import { memoryStore } from '../../src/corpus/memory.js';

function corpus() {
  return corpusOf(
    tempCorpus({
      'a.md': `---\ntitle: Harbour plans\npublished: 2025-04-02\n---\n\n"The harbour wall needs rebuilding before winter," said Tomas Veldt, the port director.\n\n"Fishing quotas are a matter for the ministry," Veldt added.\n`,
      'b.md': `---\ntitle: Council row\npublished: 2025-04-03\n---\n\n"This is who Tomas Veldt is: a man who promised us a harbour and never delivered," said Ana Korhonen, a councillor.\n\n"We will vote against the harbour budget," Korhonen said.\n`,
      'c.md': `---\ntitle: Budget\npublished: 2025-04-04\n---\n\n"The harbour budget is balanced," said Tomas Veldt.\n`,
    }),
  );
}

describe('/quote queries', () => {
  it('a name alone (or a near miss of it) lists that speaker’s quotes', async () => {
    const c = await corpus();
    for (const q of ['Tomas Veldt', 'Veldt', 'Tomas Veldtt']) {
      const a = await quote(memoryStore(c), q);
      expect(a.heading, q).toBe('Tomas Veldt');
      expect(a.results!.map((r) => r.speaker)).toEqual(['Tomas Veldt', 'Tomas Veldt', 'Tomas Veldt']);
    }
  });

  it('a name with topic words narrows to that speaker’s quotes on the topic', async () => {
    const c = await corpus();
    const a = await quote(memoryStore(c), 'Veldt fishing quotas');
    expect(a.heading).toBe('Tomas Veldt');
    expect(a.results!.map((r) => r.answer)).toEqual(['Fishing quotas are a matter for the ministry']);
    const b = await quote(memoryStore(c), 'Korhonen harbour budget');
    expect(b.results!.map((r) => r.speaker)).toEqual(['Ana Korhonen']);
    expect(b.results![0].answer).toContain('harbour budget');
  });

  it('words of a quotation that hold a name find the quotation, not the named person’s quotes', async () => {
    const c = await corpus();
    // Mostly words too common to search for: only the name would be left of them.
    const a = await quote(memoryStore(c), 'this is who Tomas Veldt is');
    expect(a.heading).toBeUndefined();
    expect(a.results![0].speaker).toBe('Ana Korhonen');
    expect(a.results![0].answer).toContain('This is who Tomas Veldt is');
  });
});
