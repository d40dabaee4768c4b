/** /quote (issue #5): quotations, their speakers, the quote index and the answer. */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { quote } from '../../src/answer/quote.js';
import { quoteCommand } from '../../src/commands/quote.js';
import type { CommandContext } from '../../src/commands/types.js';
import type { QuoteFact } from '../../src/extract/types.js';
import { AL_MONITOR, ROOT, SEED_2025, corpusOf, seeds, tempCorpus } from '../helpers/corpus.js';
import { memoryStore } from '../../src/corpus/memory.js';

async function seedQuotes(id = AL_MONITOR): Promise<QuoteFact[]> {
  const c = await seeds();
  return c.docs[c.docIndex(id)!].facts.quotes;
}

/** The quotes of one document written for a test, through the full ingest. */
async function quotesOf(body: string): Promise<QuoteFact[]> {
  const dir = tempCorpus({ 'doc.md': `---\ntitle: A test report\nsource: Wire\npublished: 2024-05-01\n---\n\n${body}\n` });
  const c = await corpusOf(dir);
  return c.docs[0].facts.quotes;
}

function starting(quotes: QuoteFact[], words: string): QuoteFact {
  const q = quotes.find((x) => x.text.replace(/\s+/g, ' ').startsWith(words));
  if (!q) throw new Error(`no quote starts with “${words}”; found: ${quotes.map((x) => x.text.slice(0, 40)).join(' | ')}`);
  return q;
}

describe('quotations in the Al-Monitor seed', () => {
  // Every quotation of the article, its first words, its speaker and the paragraph it opens in.
  const expected: [string, string, QuoteFact['speakerKind'], number][] = [
    ['strongly condemned the recent terror attacks', 'Sheikh Rasheed Ahmed', 'person', 4],
    ['a border of peace and friendship', 'Qamar Javed Bajwa', 'person', 5],
    ['collective regional responsibility', 'Ahmad Vahidi', 'person', 5],
    ['fencing work on the Pakistan-Iran border', 'Sheikh Rasheed Ahmed', 'person', 6],
    ['Anti-state insurgents often benefit', 'Michael Kugelman', 'person', 9],
    ['Iran and Pakistan need a more robust border security regime', 'Michael Kugelman', 'person', 10],
    ['Fresh Iran-Pakistan border tensions', 'Michael Kugelman', 'person', 11],
    ['It is more likely that the Baloch separatists', 'Zeeshan Shah', 'person', 13],
    ['The part of Afghanistan that borders Baluchistan', 'Zeeshan Shah', 'person', 14],
    ['There is no evidence of the Islamic Revolutionary Guard Corps', 'Alex Vatanka', 'person', 15],
    ['Though both countries have accused each other', 'a European diplomat posted in Islamabad', 'anonymous', 16],
    ['The fact that Vahidi — a former commander of the Quds Force', 'a European diplomat posted in Islamabad', 'anonymous', 17],
    ['Tehran is interested in keeping the dialogue on Afghanistan open', 'a European diplomat posted in Islamabad', 'anonymous', 18],
  ];

  it('finds all 13 quotations, each with its speaker, and nothing else', async () => {
    const quotes = await seedQuotes();
    expect(quotes.map((q) => [q.text.slice(0, 20), q.speaker])).toHaveLength(13);
    for (const [words, speaker, kind, paragraph] of expected) {
      const q = starting(quotes, words);
      expect({ words, speaker: q.speaker, kind: q.speakerKind, paragraph: q.paragraph }).toEqual({ words, speaker, kind, paragraph });
    }
  });

  it('gives roles with the speakers', async () => {
    const quotes = await seedQuotes();
    expect(starting(quotes, 'Anti-state').speakerRole).toBe('deputy director of the Asia Program at the Wilson Center in Washington');
    expect(starting(quotes, 'a border of peace').speakerRole).toMatch(/army chief/);
    expect(starting(quotes, 'It is more likely').speakerRole).toMatch(/political observer and financial analyst/);
  });

  it('resolves "he said" and "He noted" to the latest speaker, not to a name inside a quote', async () => {
    const quotes = await seedQuotes();
    expect(starting(quotes, 'Iran and Pakistan need').attribution).toBe('pronoun');
    expect(starting(quotes, 'The part of Afghanistan').attribution).toBe('pronoun');
    const heSaid = starting(quotes, 'The fact that Vahidi');
    expect(heSaid.attribution).toBe('pronoun');
    expect(heSaid.speaker).not.toMatch(/Vahidi|Vatanka/);
  });

  it('keeps the anonymous diplomat as described and follows "The diplomat noted" back to them', async () => {
    const q = starting(await seedQuotes(), 'Tehran is interested');
    expect(q).toMatchObject({ speaker: 'a European diplomat posted in Islamabad', speakerKind: 'anonymous', attribution: 'description' });
  });

  it('gives a statement’s words to its author, also where "the statement continued"', async () => {
    const quotes = await seedQuotes();
    expect(starting(quotes, 'strongly condemned').attribution).toBe('according-to');
    expect(starting(quotes, 'fencing work').attribution).toBe('statement');
  });

  it('keeps nested single quotes and editorial brackets inside the quote; apostrophes are no quote marks', async () => {
    const quotes = await seedQuotes();
    const d = starting(quotes, 'Tehran is interested');
    expect(d.text).toContain('[though difficult at this stage]');
    expect(d.text).toContain('‘zero sum game’');
    expect(d.text.endsWith('political and economic terms.')).toBe(true);
    expect(quotes.some((q) => q.text.startsWith('zero sum') || q.text.startsWith('though difficult'))).toBe(false);
    expect(starting(quotes, 'Tehran is interested').text).toContain('Pakistan’s support');
  });

  it('marks phrases inside a sentence as partial and statements as whole', async () => {
    const quotes = await seedQuotes();
    expect(starting(quotes, 'a border of peace').partial).toBe(true);
    expect(starting(quotes, 'a border of peace').text).toBe('a border of peace and friendship');
    expect(starting(quotes, 'Anti-state').partial).toBe(false);
  });

  it('finds no quote in the promotional block (removed by cleaning) nor in the other seed', async () => {
    const quotes = await seedQuotes();
    expect(quotes.some((q) => /\bPRO\b|[Nn]ewsletter|Member\b|Sign in/.test(q.text))).toBe(false);
    expect(Math.max(...quotes.map((q) => q.endParagraph))).toBeLessThanOrEqual(18);
    expect(await seedQuotes(SEED_2025)).toEqual([]);
  });
});

describe('the same rules on other text', () => {
  it('reads "X, role, told Outlet, “…”", "“…,” X said", "said X, role" and "X added"', async () => {
    const quotes = await quotesOf(
      [
        'Maria Lindqvist, chief economist at Nordbank in Stockholm, told Reuters, “Rates will stay high for longer than markets expect.”',
        '“We are not worried about the currency,” Tomas Berg said.',
        '"The harvest was the worst in a decade," said Ruth Okafor, a farmer in Kano.',
        'Lindqvist added, “Inflation is sticky in services.”',
      ].join('\n\n'),
    );
    expect(starting(quotes, 'Rates will stay').speaker).toBe('Maria Lindqvist');
    expect(starting(quotes, 'Rates will stay').speakerRole).toBe('chief economist at Nordbank in Stockholm');
    expect(starting(quotes, 'We are not worried').speaker).toBe('Tomas Berg');
    expect(starting(quotes, 'The harvest was').speaker).toBe('Ruth Okafor');
    expect(starting(quotes, 'The harvest was').speakerRole).toMatch(/farmer in Kano/);
    expect(starting(quotes, 'Inflation is sticky').speaker).toBe('Maria Lindqvist');
  });

  it('gives "He said" to the anonymous speaker before it, not to a name inside the quote or an earlier speaker', async () => {
    const quotes = await quotesOf(
      [
        'Meanwhile, Daniel Roth, head of research at the Baltic Institute, told the BBC, “Nobody expects a deal this year.”',
        'A senior official in Vilnius told reporters on condition of anonymity, “The talks have stalled over the customs union.”',
        'He said, “When Petrov visited last month — a former trade minister — nothing moved.”',
        'The official noted, “We will try again in the spring.”',
      ].join('\n\n'),
    );
    expect(starting(quotes, 'Nobody expects').speaker).toBe('Daniel Roth');
    const anon = 'A senior official in Vilnius';
    expect(starting(quotes, 'The talks have stalled')).toMatchObject({ speaker: anon, speakerKind: 'anonymous' });
    expect(starting(quotes, 'When Petrov visited')).toMatchObject({ speaker: anon, attribution: 'pronoun' });
    expect(starting(quotes, 'We will try again')).toMatchObject({ speaker: anon, attribution: 'description' });
  });

  it('follows a statement to its author and reads "X agreed that … “…”"', async () => {
    const quotes = await quotesOf(
      [
        'The ministers met in Oslo and “agreed to open the northern crossing by June,” according to a statement released by Ingrid Solberg.',
        '“Both sides will share the costs of the new terminal,” the statement continued.',
        'Henrik Dahl agreed that the crossing was a “shared strategic priority.”',
      ].join('\n\n'),
    );
    expect(starting(quotes, 'agreed to open').speaker).toBe('Ingrid Solberg');
    expect(starting(quotes, 'Both sides will share')).toMatchObject({ speaker: 'Ingrid Solberg', attribution: 'statement' });
    expect(starting(quotes, 'shared strategic priority')).toMatchObject({ speaker: 'Henrik Dahl', partial: true });
  });

  it('leaves a quote unattributed when no speaker fits, never giving it to the nearest name', async () => {
    const quotes = await quotesOf(
      [
        'He said, “The factory will close before winter.”',
        'Paul Schmidt visited the plant on Monday. “The lines must keep moving at any cost.”',
        'The union called the plan “a betrayal of every worker here” in a leaflet.',
      ].join('\n\n'),
    );
    expect(starting(quotes, 'The factory will close').speaker).toBeNull();
    expect(starting(quotes, 'The factory will close').speakerKind).toBe('unattributed');
    expect(starting(quotes, 'The lines must keep').speaker).toBeNull();
  });

  it('runs a quote on into the next paragraph when that paragraph re-opens it', async () => {
    const quotes = await quotesOf(
      'Sara Nilsson said: “The first half of the season was poor.\n\n“The second half will be better, I promise.”\n\nThe club was sold in May.',
    );
    expect(quotes).toHaveLength(1);
    expect(quotes[0]).toMatchObject({ speaker: 'Sara Nilsson', paragraph: 1, endParagraph: 2 });
    expect(quotes[0].text).toBe('The first half of the season was poor. The second half will be better, I promise.');
  });

  it('keeps one quote across a lost paragraph break (". “Next") and gives the next quote of the paragraph to the same speaker', async () => {
    const quotes = await quotesOf(
      'Coach Liam Byrne said: "We defended well for an hour. "After that we lost our shape." The team travels on Friday. "We have to be sharper," Byrne added. "Nobody is safe."',
    );
    expect(starting(quotes, 'We defended well')).toMatchObject({ speaker: 'Liam Byrne' });
    expect(starting(quotes, 'We defended well').text).toContain('After that we lost our shape.');
    expect(starting(quotes, 'Nobody is safe')).toMatchObject({ speaker: 'Liam Byrne', attribution: 'continued' });
  });

  it('reads speakers past relative clauses, openers, "from <organisation>" and question marks', async () => {
    const quotes = await quotesOf(
      [
        'Petra Kvitova, who is also in Doha, added: "Equal pay is the only fair outcome for the players."',
        'And Marco Rossi told the Gazzetta: "We will fight for the title until the last day."',
        'On Tuesday Green Party leader Jonathan Bartley said: "The budget ignores the climate completely."',
        '"Why should we pay for their mistakes?" Ellen Marsh asked.',
        '"Nobody reads the terms and conditions," Kevin Ortiz from Safenet said.',
      ].join('\n\n'),
    );
    expect(starting(quotes, 'Equal pay').speaker).toBe('Petra Kvitova');
    expect(starting(quotes, 'We will fight').speaker).toBe('Marco Rossi');
    expect(starting(quotes, 'The budget ignores').speaker).toBe('Jonathan Bartley');
    expect(starting(quotes, 'Why should we pay').speaker).toBe('Ellen Marsh');
    expect(starting(quotes, 'Nobody reads').speaker).toBe('Kevin Ortiz');
  });

  it('reads "Name, Organisation said:" as the person, with the organisation as role', async () => {
    const quotes = await quotesOf('Maria Jensen, Aarhus Tenants Association said: "Rents have doubled in five years."');
    expect(quotes[0]).toMatchObject({ speaker: 'Maria Jensen', speakerRole: 'Aarhus Tenants Association' });
  });

  it('reads past a bracketed aside and an office written before the name', async () => {
    const quotes = await quotesOf(
      [
        'Anna Kowalski, chief economist at Baltic Capital (Europe) Ltd, said rates would stay high. "The market has priced in two more rises," she said.',
        '"We will not devalue," said Minister of Finance Petra Novak.',
      ].join('\n\n'),
    );
    expect(starting(quotes, 'The market has priced')).toMatchObject({ speaker: 'Anna Kowalski' });
    expect(starting(quotes, 'We will not devalue').speaker).toBe('Petra Novak');
  });

  it('gives "he said" to the person who opened the last sentence, and refuses a pronoun that does not fit', async () => {
    const quotes = await quotesOf(
      [
        '"Prices will rise again next year," said Julia Stone, an analyst at Fenwick Research.',
        'Martin Hale, head of forecasting at Corbin Bank, doubted the figures. "The data are too thin to say that," he said.',
        'Mr Hale has led the team since 2001. "We expect a soft landing," she said.',
        'The company said profits would fall. "Demand is weak across Europe," it said.',
      ].join('\n\n'),
    );
    expect(starting(quotes, 'The data are too thin').speaker).toBe('Martin Hale');
    expect(starting(quotes, 'We expect a soft landing').speaker).toBeNull();
    expect(starting(quotes, 'Demand is weak')).toMatchObject({ speaker: 'The company', speakerKind: 'anonymous' });
  });

  it('keeps a surname two people share as written, and does not give "he said" to a family', async () => {
    const quotes = await quotesOf(
      [
        'Prime Minister Gordon Brown and his wife Sarah Brown arrived in Leeds on Monday.',
        '"We will not raise taxes on working families," Mr Brown told reporters.',
        'The veteran promoter Saul Teller has died at 79, his family said. "I never stopped loving the road," he once said.',
      ].join('\n\n'),
    );
    expect(starting(quotes, 'We will not raise').speaker).toBe('Mr Brown');
    expect(starting(quotes, 'I never stopped').speaker).not.toBe('his family');
  });

  it('does not take one- or two-word scare quotes for quotations', async () => {
    const quotes = await quotesOf('The so-called "super-casino" plan and the "red tape" it brings were debated on Tuesday.');
    expect(quotes).toEqual([]);
  });

  it('does not crash on unbalanced or stray marks', async () => {
    const quotes = await quotesOf(
      'A stray ” mark and an unclosed “quote that never ends in this paragraph at all\n\nNext paragraph without marks.',
    );
    expect(quotes.length).toBeLessThanOrEqual(1);
    if (quotes[0]) expect(quotes[0].speaker).toBeNull();
  });
});

describe('/quote answers', () => {
  it('lists a speaker’s quotes in document order, by surname, full name or with a typo', async () => {
    const c = await seeds();
    for (const q of ['Kugelman', 'Michael Kugelman', 'Kugleman']) {
      const a = await quote(memoryStore(c), q);
      expect(
        a.results!.map((r) => r.speaker),
        q,
      ).toEqual(['Michael Kugelman', 'Michael Kugelman', 'Michael Kugelman']);
      const paras = a.results!.map((r) => r.citation.paragraph);
      expect(paras).toEqual([...paras].sort((x, y) => x - y));
      expect(a.results![0].speakerRole).toMatch(/Wilson Center/);
    }
  });

  it('answers a topic with the quotes whose words match, excerpt verbatim from the cited paragraph', async () => {
    const c = await seeds();
    const a = await quote(memoryStore(c), 'fencing');
    expect(a.results!.length).toBeGreaterThan(0);
    for (const r of a.results!) {
      expect(r.answer.toLowerCase()).toContain('fencing');
      const text = c.paragraph(c.docIndex(r.citation.docId)!, r.citation.paragraph).text;
      for (const part of r.excerpt.split(' … ')) expect(text).toContain(part);
    }
  });

  it('keeps long excerpts readable', async () => {
    const a = await quote(memoryStore(await seeds()), 'diplomat');
    expect(a.results!.length).toBe(3);
    for (const r of a.results!) expect(r.excerpt.length).toBeLessThan(900);
  });

  it('says so when no speaker and no quote matches, and errors on an empty query', async () => {
    const c = await seeds();
    const a = await quote(memoryStore(c), 'zzqqxx');
    expect(a.results).toEqual([]);
    expect(a.message).toMatch(/No quotes/);
    expect((await quote(memoryStore(c), '  ')).error).toBeTruthy();
    expect((await quote(memoryStore(c), 'the of and')).error).toMatch(/too common/);
  });

  it('autocompletes speakers who have quotes, within Discord’s limits', async () => {
    const ctx = { corpus: memoryStore(await seeds()) } as unknown as CommandContext;
    const choices = await quoteCommand.autocomplete!(ctx, 'query', 'Kug');
    expect(choices[0].value).toBe('Michael Kugelman');
    expect((await quoteCommand.autocomplete!(ctx, 'query', '')).length).toBeLessThanOrEqual(25);
    for (const ch of await quoteCommand.autocomplete!(ctx, 'query', '')) expect(ch.name.length).toBeLessThanOrEqual(100);
  });

  it('gives the quotes of given documents for the digest', async () => {
    const c = await seeds();
    expect(c.quotes.forDocs([AL_MONITOR])).toHaveLength(13);
    expect(c.quotes.forDocs([SEED_2025, 'no-such-doc'])).toEqual([]);
  });

  it('answers through the ask CLI with speaker and speakerRole', () => {
    const out = execFileSync(path.join(ROOT, 'node_modules/.bin/tsx'), ['src/cli/ask.ts', '--json', 'quote', 'Zeeshan', 'Shah'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, LOG_LEVEL: 'silent' },
    });
    const a = JSON.parse(out.trim().split('\n')[0]);
    expect(a.command).toBe('quote');
    expect(a.results).toHaveLength(2);
    expect(a.results[1]).toMatchObject({ speaker: 'Zeeshan Shah', citation: { docId: AL_MONITOR, paragraph: 14 } });
    expect(a.results[1].speakerRole).toMatch(/financial analyst/);
    expect(a.results[1].excerpt).toContain('He noted');
  });
});
