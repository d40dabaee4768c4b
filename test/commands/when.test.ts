/** /when (issue #4): dated sentences for some words, the date as written and as resolved. */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { when } from '../../src/answer/when.js';
import { whenCommand } from '../../src/commands/when.js';
import { runLine } from '../../src/commands/parse.js';
import type { Corpus } from '../../src/index/corpus.js';
import { AL_MONITOR, ROOT, SEED_2025, corpusOf, seeds, tempCorpus } from '../helpers/corpus.js';
import { contextFor } from '../../src/commands/context.js';
import { memoryStore } from '../../src/corpus/memory.js';

const ctx = (corpus: Corpus) => contextFor(corpus);

describe('/when', () => {
  it('answers "first attack Kech" with the date as written, resolved, its precision, the sentence and the citation', async () => {
    const c = await seeds();
    const a = await when(memoryStore(c), 'first attack Kech');
    const r = a.results![0];
    expect(r).toMatchObject({ answer: 'Jan. 25', dateText: 'Jan. 25', date: '2022-01-25', precision: 'day', kind: 'absolute' });
    expect(r.excerpt).toBe(
      'The first attack happened Jan. 25 at Kech, not far from Gwadar port, followed by two more Feb. 2 at Panjgur and Noshki.',
    );
    expect(r.citation).toMatchObject({ docId: AL_MONITOR, source: 'Al-Monitor', published: '2022-02', paragraph: 3 });
    expect(c.paragraph(c.docIndex(AL_MONITOR)!, r.citation.paragraph).text).toContain(r.excerpt);
    // The other date of the sentence is not lost.
    expect(r.otherDates).toEqual([{ dateText: 'Feb. 2', date: '2022-02-02', precision: 'day' }]);
  });

  it('picks the date nearest the words asked about when a sentence has several', async () => {
    const r = (await when(memoryStore(await seeds()), 'Panjgur Noshki')).results![0];
    expect(r).toMatchObject({ dateText: 'Feb. 2', date: '2022-02-02' });
  });

  it('answers relative and event-relative dates with their kind, anchor and how they were resolved', async () => {
    const c = await seeds();
    const pez = (await when(memoryStore(c), 'Pezeshkian visited Pakistan')).results![0];
    expect(pez).toMatchObject({ dateText: 'Earlier this month', date: '2025-08', precision: 'month', kind: 'relative' });
    expect(pez.citation.docId).toBe(SEED_2025);
    const saudi = (await when(memoryStore(c), 'Saudi interior minister invited Islamabad')).results![0];
    expect(saudi).toMatchObject({
      dateText: 'a week before Vahidi’s visit',
      kind: 'event-relative',
      anchor: 'Vahidi’s visit',
      date: '2022-01-17/2022-02-20',
      precision: 'range',
    });
    expect(saudi.note).toMatch(/last week/);
  });

  it('answers quarters, parts of periods and the period a story reports on (issue #14)', async () => {
    const dir = tempCorpus({
      'q.md':
        '---\ntitle: Q\npublished: 2031-11-05\n---\n\nOsprey Mills said third-quarter net income rose to $6 million.\n\n' +
        'In the year-ago quarter, Osprey earned $4 million.\n\nThe new Osprey mill will open in early 2033.\n',
    });
    const c = await corpusOf(dir);
    expect((await when(memoryStore(c), 'Osprey third quarter net income')).results![0]).toMatchObject({
      dateText: 'third-quarter',
      date: '2031-07/2031-09',
      precision: 'quarter',
    });
    const ago = (await when(memoryStore(c), 'Osprey earned 4 million')).results![0];
    expect(ago).toMatchObject({ dateText: 'the year-ago quarter', date: '2030-07/2030-09', precision: 'quarter', kind: 'relative' });
    expect(ago.note).toMatch(/third-quarter/);
    expect((await when(memoryStore(c), 'Osprey mill open')).results![0]).toMatchObject({
      dateText: 'early 2033',
      date: '2033-01/2033-04',
      precision: 'year',
      modifier: 'early',
    });
  });

  it('orders by resolved date with order:date, unresolved last', async () => {
    const dir = tempCorpus({
      'a.md':
        '---\ntitle: A\npublished: 2024-03-14\n---\n\nThe harbour strike, the harbour blockade and the harbour closure began on Monday.\n',
      'b.md': '---\ntitle: B\npublished: 2023-06-01\n---\n\nThe harbour reopened last month.\n',
      'c.txt': 'C\n\nA harbour fire broke out on Friday.\n',
      'd.md': '---\ntitle: D\npublished: 2024-01-10\n---\n\nThe harbour strike ended yesterday.\n',
    });
    const c = await corpusOf(dir);
    const byDate = (await runLine(ctx(c), '/when harbour order:date')).results!;
    const byRelevance = (await runLine(ctx(c), '/when harbour')).results!;
    // Three mentions of the word rank the Monday sentence first; by date it comes last of the dated.
    expect(byRelevance[0].date).toBe('2024-03-11');
    expect(byRelevance.map((r) => r.date).sort()).toEqual(['2023-05', '2024-01-09', '2024-03-11', null].sort());
    expect(byDate.map((r) => r.date)).toEqual(['2023-05', '2024-01-09', '2024-03-11', null]);
  });

  it('never answers from a vague phrase or an undated sentence', async () => {
    const c = await seeds();
    for (const r of (await when(memoryStore(c), 'Pakistan')).results!) expect(r.precision).not.toBe('vague');
    // "recently been detected" is vague; that sentence has no date to give.
    expect((await when(memoryStore(c), 'Khorasan detected')).results).toEqual([]);
  });

  it('says so when nothing matches, suggesting only what it can back', async () => {
    const c = await seeds();
    const a = await when(memoryStore(c), 'zzzqqq');
    expect(a.results).toEqual([]);
    expect(a.message).toMatch(/No dated sentence/);
    for (const s of (await when(memoryStore(c), 'Vahidii')).suggestions ?? [])
      expect((await when(memoryStore(c), s)).results!.length).toBeGreaterThan(0);
  });

  it('gives a clear error for an empty query, stopwords only, or a bad order', async () => {
    const c = await seeds();
    expect((await when(memoryStore(c), '   ')).error).toMatch(/Say what happened/);
    expect((await when(memoryStore(c), 'the of and')).error).toMatch(/too common/);
    expect((await runLine(ctx(c), '/when')).error).toMatch(/needs the event/);
    expect((await whenCommand.run(ctx(c), { event: 'attack', order: 'sideways' })).error).toMatch(/relevance.*date/);
  });

  it('answers from a corpus without publication dates, marking relative dates unresolved', async () => {
    const dir = tempCorpus({
      'business-001.txt':
        'Ad sales boost Time Warner profit\n\nTime Warner said on Friday that it now owns 8% of search-engine Google.\n\nIts profits rose in 2004 after a weak 2003.\n',
    });
    const c = await corpusOf(dir);
    const r = (await when(memoryStore(c), 'Time Warner Google')).results![0];
    expect(r).toMatchObject({ dateText: 'on Friday', date: null, precision: 'relative' });
    expect(r.note).toMatch(/no publication date/);
    expect((await when(memoryStore(c), 'profits rose')).results![0]).toMatchObject({ dateText: '2004', date: '2004', precision: 'year' });
  });

  it('shows a sentence repeated across documents (wire copy) once', async () => {
    const same = 'The central bank raised rates on Tuesday after a weak auction.';
    const dir = tempCorpus({
      'a.md': `---\ntitle: A\npublished: 2024-03-14\n---\n\n${same}\n`,
      'b.md': `---\ntitle: B\npublished: 2024-03-14\n---\n\n${same}\n`,
    });
    expect((await when(memoryStore(await corpusOf(dir)), 'central bank auction')).results).toHaveLength(1);
  });

  it('resolves an event-relative date from another document that dates the event', async () => {
    const dir = tempCorpus({
      'a.md': '---\ntitle: Summit\npublished: 2024-05-03\n---\n\nLeaders met at the Lisbon summit on Thursday to sign the accord.\n',
      'b.md': '---\ntitle: Later\npublished: 2024-06-20\n---\n\nTwo weeks after the Lisbon summit, the accord took effect.\n',
    });
    const r = (await when(memoryStore(await corpusOf(dir)), 'accord took effect')).results![0];
    expect(r).toMatchObject({ kind: 'event-relative', anchor: 'the Lisbon summit', date: '2024-05-16', precision: 'day' });
    expect(r.note).toMatch(/Summit/);
  });

  it('does not count from another document when the anchor names only a month', async () => {
    const dir = tempCorpus({
      'a.md': '---\ntitle: Bids\npublished: 2024-05-03\n---\n\nThe takeover offer was raised on April 25, 2024, bankers said.\n',
      'b.md':
        '---\ntitle: Filing\npublished: 2024-06-20\n---\n\nThe board answered three weeks after the April 1 offer, its filing said.\n',
    });
    const c = await corpusOf(dir);
    // "April" is a time, not a name: the offer of another document is no anchor for it.
    const board = (await when(memoryStore(c), 'board answered filing')).results![0];
    expect(board.otherDates).toEqual([{ dateText: 'three weeks after the April 1 offer', date: null, precision: 'relative' }]);
  });
});

describe('/when through the ask CLI', () => {
  it('answers as one JSON line with the contract fields', () => {
    const out = execFileSync(path.join(ROOT, 'node_modules/.bin/tsx'), ['src/cli/ask.ts', '--json', 'when', 'first', 'attack', 'Kech'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, LOG_LEVEL: 'silent' },
    });
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(1);
    const a = JSON.parse(lines[0]);
    expect(a).toMatchObject({ command: 'when', query: 'first attack Kech' });
    expect(a.results[0]).toMatchObject({
      answer: 'Jan. 25',
      dateText: 'Jan. 25',
      date: '2022-01-25',
      precision: 'day',
      excerpt: expect.stringContaining('Kech'),
    });
    expect(Object.keys(a.results[0].citation)).toEqual(expect.arrayContaining(['docId', 'title', 'paragraph']));
  });
});
