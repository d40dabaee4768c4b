/**
 * Wire copy: one story repeated in many documents must not crowd out the other answers. /search,
 * /when and /quote show each sentence once and still find the distinct ones ranked below the
 * copies (past the first page of hits).
 */
import { describe, expect, it } from 'vitest';
import { quote } from '../../src/answer/quote.js';
import { search } from '../../src/answer/search.js';
import { when } from '../../src/answer/when.js';
import { corpusOf, tempCorpus } from '../helpers/corpus.js';
import { memoryStore } from '../../src/corpus/memory.js';

const COPIES = 40;

function corpus() {
  const files: Record<string, string> = {};
  // The copies: short, so they score best for the query words.
  for (let i = 0; i < COPIES; i++) {
    files[`copy-${i}.md`] =
      `---\ntitle: Copy ${i}\npublished: 1987-03-0${(i % 9) + 1}\n---\n\nThe Halvorsen refinery closed on March 3, 1987. "The Halvorsen refinery will reopen soon," said Marta Lindqvist, the plant manager.\n`;
  }
  // Two distinct stories with the same words among many others: they rank below the copies.
  files['other-a.md'] =
    `---\ntitle: Other A\npublished: 1987-05-01\n---\n\nAfter weeks of talks between unions, regulators, lenders and the regional government about wages, safety and debt, the Halvorsen refinery closed again on April 20, 1987, its owners said. "Nobody expected the Halvorsen refinery to close twice in one spring, least of all the workers," said Jonas Berg, a union official.\n`;
  files['other-b.md'] =
    `---\ntitle: Other B\npublished: 1987-06-01\n---\n\nInvestors, suppliers, customers and neighbours watched closely as the Halvorsen refinery, long the largest employer in the district and a source of tax revenue, closed a third time on June 1, 1987. "The Halvorsen refinery has closed for good as far as we are concerned," said Eva Holm, a town councillor.\n`;
  return corpusOf(tempCorpus(files));
}

describe('wire copy does not crowd out other answers', () => {
  it('/search shows the repeated sentence once and the distinct passages after it', async () => {
    const c = await corpus();
    const a = await search(memoryStore(c), 'Halvorsen refinery closed');
    const excerpts = a.results!.map((r) => r.excerpt);
    expect(new Set(excerpts).size).toBe(excerpts.length);
    expect(excerpts.filter((e) => e.includes('March 3, 1987'))).toHaveLength(1);
    expect(excerpts.some((e) => e.includes('April 20, 1987'))).toBe(true);
    expect(excerpts.some((e) => e.includes('June 1, 1987'))).toBe(true);
  });

  it('/when gives each dated sentence once, with the other dates found past the copies', async () => {
    const c = await corpus();
    const a = await when(memoryStore(c), 'Halvorsen refinery closed');
    const dates = a.results!.map((r) => r.date);
    expect(dates).toContain('1987-03-03');
    expect(dates).toContain('1987-04-20');
    expect(dates).toContain('1987-06-01');
    expect(dates.filter((d) => d === '1987-03-03')).toHaveLength(1);
  });

  it('/quote on a topic gives each quote once, and the other speakers’ quotes too', async () => {
    const c = await corpus();
    const a = await quote(memoryStore(c), 'Halvorsen refinery');
    const speakers = a.results!.map((r) => r.speaker);
    expect(speakers.filter((s) => s === 'Marta Lindqvist')).toHaveLength(1);
    expect(speakers).toContain('Jonas Berg');
    expect(speakers).toContain('Eva Holm');
  });
});
