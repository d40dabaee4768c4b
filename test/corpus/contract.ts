/**
 * The corpus store contract (issue #21): one list of questions — /who, /when, /quote, /search,
 * /timeline, /about and the autocompletes — asked through the commands (what a member sees) of
 * every store. `contract.test.ts` runs it on the memory store, `contract.pg.test.ts` on the
 * PostgreSQL store; both against the same expectations, and the PostgreSQL answers against the
 * memory store's: the seeds' answers identical, the top results' membership the same elsewhere.
 */
import { expect } from 'vitest';
import type { Answer } from '../../src/answer/types.js';
import { contextFor } from '../../src/commands/context.js';
import { commands, findCommand } from '../../src/commands/index.js';
import { runLine } from '../../src/commands/parse.js';
import type { CorpusStore, DocumentKey } from '../../src/corpus/types.js';
import type { Corpus } from '../../src/index/corpus.js';
import type { Choice } from '../../src/types.js';

/**
 * A corpus of our own sentences: a person with a role stated twice and a former role, a surname
 * shared by two people, dated events across documents, quotes by name and by surname, a wire
 * copy of one story, and a file that cannot be read.
 */
export const OWN_FILES: Record<string, string> = {
  'harbour/reopening.md': `---
title: Port of Velmora reopens after storm repairs
source: Coast Ledger
published: 2025-03-14
---

Harbour Commissioner Idris Kalvane said on Thursday that the Port of Velmora would reopen to cargo ships on March 20, 2025.

"The breakwater is sound again and the cranes have been tested," Kalvane told reporters at the quay.

Repairs began on January 6, 2025, after a storm tore a forty-metre gap in the outer breakwater.
`,
  'harbour/budget.md': `---
title: Velmora council approves breakwater budget
source: Coast Ledger
url: https://ledger.example/velmora-budget
published: 2025-02-02
---

The Velmora council approved a budget of nine million crowns for the breakwater on February 1, 2025.

Councillor Mirela Osk, a former harbour pilot, voted against the plan. "Nine million crowns buys a wall, not a harbour," Osk said.

Idris Kalvane, the harbour commissioner, welcomed the vote.
`,
  'rail/tunnel.md': `---
title: Tunnel boring machine reaches Drennick
source: Inland Courier
published: 2024-11-09
---

The tunnel boring machine reached Drennick on November 8, 2024, three weeks ahead of schedule, said Anouk Brem, the chief engineer of the Drennick rail link.

"We expected granite and found clay," Brem said of the last kilometre.

Tomas Osk, a geologist at Harlow University, said the clay layer had been mapped in 1998.
`,
  'rail/tunnel-wire.md': `---
title: Drennick tunnel milestone
source: Wire Service
published: 2024-11-10
---

The tunnel boring machine reached Drennick on November 8, 2024, three weeks ahead of schedule, said Anouk Brem, the chief engineer of the Drennick rail link.
`,
  'notes/orchard.txt': `Orchard growers count frost losses

Frost in late April 2024 destroyed half of the apricot blossom in the Sarrow valley, the growers' cooperative said.

Lena Harrowgate, chair of the Sarrow Growers Cooperative, said insurers had been told.
`,
  'broken.md': `---
title: [unclosed
---

Front matter that is not YAML.
`,
};

/** Questions about our own corpus, with what every store must answer. */
export interface OwnCase {
  line: string;
  expect: (a: Answer) => void;
}

/** The seeds' questions: every store must give the memory store's answer to each, identical. */
export const SEED_LINES = [
  '/about',
  '/who Ahmad Vahidi',
  '/who Vahidi',
  '/who Asim Munir',
  '/who Kugelmann',
  '/who Jundallah',
  '/who Vladimir Putin',
  '/when first attack Kech',
  '/when Vahidi visit order:date',
  '/when border fencing',
  '/timeline',
  '/timeline Iran',
  '/quote Kugelman',
  '/quote border fencing',
  '/quote Kugelman fencing',
  '/quote zzqqxx',
  '/search border fencing',
  '/search largest remittance source',
  '/search secrity cooperation',
  '/search zzqqxx unlikelyword',
  '/sources Pakistan and Iran agreed to fence the border against militants',
] as const;

/** Autocomplete questions: command, option, what is typed. */
export const AUTOCOMPLETE: readonly [string, string, string][] = [
  ['who', 'name', ''],
  ['who', 'name', 'Ah'],
  ['who', 'name', 'mun'],
  ['who', 'name', 'kugel'],
  ['quote', 'query', ''],
  ['quote', 'query', 'Kug'],
  ['remove', 'document', ''],
  ['remove', 'document', 'pak'],
];

export async function ask(store: CorpusStore, line: string): Promise<Answer> {
  return runLine(contextFor(store, { now: () => new Date('2026-01-01T00:00:00Z') }), line);
}

export async function choices(store: CorpusStore, command: string, option: string, typed: string): Promise<Choice[]> {
  const c = findCommand(command, commands);
  if (!c?.autocomplete) throw new Error(`/${command} has no autocomplete`);
  return c.autocomplete(contextFor(store), option, typed);
}

/** Where each result stands: the top results' identity, ranking aside. */
export function citedAt(a: Answer, k = 5): string[] {
  return (a.results ?? [])
    .slice(0, k)
    .map((r) => `${r.citation.docId}#${r.citation.paragraph}`)
    .sort();
}

/**
 * An answer with its scores rounded to 2 decimals: two stores may add the same BM25 terms in
 * another order, so a score can differ in its last digit; everything else must be equal.
 */
export function comparable(a: Answer): unknown {
  return JSON.parse(JSON.stringify(a), (k, v: unknown) => (k === 'score' && typeof v === 'number' ? Math.round(v * 100) / 100 : v));
}

/**
 * Differences between two stores' answers to the same lines: `identical` compares whole answers
 * (the seeds), otherwise only the membership of the top k results and whether there are any.
 */
export async function differences(
  reference: CorpusStore,
  store: CorpusStore,
  lines: readonly string[],
  mode: 'identical' | 'top-k',
  k = 5,
): Promise<string[]> {
  const out: string[] = [];
  for (const line of lines) {
    const [a, b] = [await ask(reference, line), await ask(store, line)];
    if (mode === 'identical') {
      if (JSON.stringify(comparable(a)) !== JSON.stringify(comparable(b))) out.push(`${line}: answers differ`);
    } else if ((a.error === undefined) !== (b.error === undefined)) out.push(`${line}: one store errs`);
    else if (citedAt(a, k).join() !== citedAt(b, k).join()) out.push(`${line}: top ${k} differ`);
  }
  return out;
}

/** Questions from a corpus itself (names most mentioned, words of its passages), so none is written for one sentence. */
export function derivedLines(corpus: Corpus, n = 12): string[] {
  const names = [...corpus.people.entries]
    .sort((a, b) => b.mentionCount - a.mentionCount || a.id - b.id)
    .slice(0, n)
    .map((e) => e.name);
  const words: string[] = [];
  const step = Math.max(1, Math.floor(corpus.passages.length / n));
  for (let i = 0; i < corpus.passages.length && words.length < n; i += step) {
    const p = corpus.passages[i];
    const long = corpus
      .paragraph(p.doc, p.paragraph)
      .text.split(/[^\p{L}]+/u)
      .filter((w) => w.length > 5);
    if (long.length >= 3) words.push(`${long[0]} ${long[2]}`);
  }
  return [
    ...names.flatMap((name) => [`/who ${name}`, `/quote ${name.split(' ').pop()}`]),
    ...words.flatMap((w) => [`/search ${w}`, `/when ${w}`, `/quote ${w}`, `/timeline ${w}`]),
  ];
}

/**
 * Name look-ups drawn from a corpus: its most mentioned names by surname alone (which several
 * entries may answer to), cut short (a prefix) and misspelt (a "did you mean" list), for /who and /quote.
 */
export function nameLines(corpus: Corpus, n = 20): string[] {
  const names = [...corpus.people.entries]
    .sort((a, b) => b.mentionCount - a.mentionCount || a.id - b.id)
    .slice(0, n)
    .map((e) => e.name);
  return names.flatMap((name) => {
    const last = name.split(' ').pop()!;
    return [`/who ${last}`, `/who ${last.slice(0, 4)}`, `/who ${name.slice(0, -1)}x`, `/quote ${last.slice(0, -1)}`];
  });
}

const results = (a: Answer) => a.results ?? [];
const cites = (a: Answer) => results(a).map((r) => `${r.citation.docId}#${r.citation.paragraph}`);

/** What every store must answer on OWN_FILES. */
export const OWN_CASES: readonly OwnCase[] = [
  {
    line: '/about',
    expect: (a) => {
      const text = a.lines!.join('\n');
      expect(text).toContain('Documents: 5 · passages: 12');
      expect(text).toContain('Formats: 4 md · 1 txt');
      expect(text).toMatch(/Skipped documents \(1\):\n• broken\.md: /);
    },
  },
  ...['Idris Kalvane', 'Kalvane', 'Kalvame', 'idris  KALVANE'].map((q) => ({
    line: `/who ${q}`,
    expect: (a: Answer) => {
      expect(a.heading).toBe('Idris Kalvane');
      // Stated twice ("Harbour Commissioner Idris Kalvane", "Idris Kalvane, the harbour commissioner"): one role.
      expect(results(a).map((r) => [r.answer.toLowerCase(), r.stated])).toEqual([['harbour commissioner', 2]]);
      expect(results(a)[0].excerpt).toContain('Idris Kalvane');
    },
  })),
  {
    line: '/who Osk',
    expect: (a) => {
      // Two people share the surname: one answers, the other is offered.
      expect(['Mirela Osk', 'Tomas Osk']).toContain(a.heading);
      expect(a.suggestions).toEqual(['Mirela Osk', 'Tomas Osk'].filter((n) => n !== a.heading));
    },
  },
  {
    line: '/who Anouk Brem',
    expect: (a) => {
      expect(results(a).map((r) => r.answer)).toEqual(['the chief engineer of the Drennick rail link']);
      // The newest source is cited: the wire copy, published a day later.
      expect(cites(a)).toEqual(['rail/tunnel-wire#1']);
    },
  },
  {
    line: '/who Quentin Marsh',
    expect: (a) => {
      expect(a.results).toEqual([]);
      expect(a.message).toMatch(/not in the corpus/);
    },
  },
  {
    line: '/when Drennick tunnel',
    expect: (a) => {
      // The copy's sentence is shown once.
      expect(results(a).map((r) => r.date)).toEqual(['2024-11-08']);
    },
  },
  {
    line: '/when breakwater order:date',
    expect: (a) => {
      const dates = results(a).map((r) => r.date as string);
      expect(dates).toEqual(expect.arrayContaining(['2025-01-06', '2025-02-01']));
      expect([...dates].sort()).toEqual(dates);
    },
  },
  {
    line: '/timeline',
    expect: (a) => {
      const dates = results(a).map((r) => (r.date as string).slice(0, 10));
      expect(dates[0]).toBe('1998');
      expect(dates).toContain('2025-02-01');
      // After the newest publication date (March 14): announced, not an event yet.
      expect(dates).not.toContain('2025-03-20');
      expect([...dates].sort()).toEqual(dates);
    },
  },
  {
    line: '/timeline breakwater',
    expect: (a) => expect(results(a).map((r) => r.date)).toEqual(['2025-01-06', '2025-02-01']),
  },
  {
    line: '/quote Kalvane',
    expect: (a) => {
      expect(a.heading).toBe('Idris Kalvane');
      expect(results(a).map((r) => [r.answer, cites(a)[0]])).toEqual([
        ['The breakwater is sound again and the cranes have been tested', 'harbour/reopening#2'],
      ]);
    },
  },
  {
    line: '/quote granite clay',
    expect: (a) => expect(results(a).map((r) => r.speaker)).toEqual(['Anouk Brem']),
  },
  {
    line: '/quote Brem granite',
    expect: (a) => {
      expect(a.heading).toBe('Anouk Brem');
      expect(results(a).map((r) => r.answer)).toEqual(['We expected granite and found clay']);
    },
  },
  {
    line: '/search tunnel boring machine Drennick',
    // The wire copy repeats the paragraph: one result.
    expect: (a) => expect(results(a)).toHaveLength(1),
  },
  {
    line: '/search breakwater',
    expect: (a) => expect([...cites(a)].sort()).toEqual(['harbour/budget#1', 'harbour/reopening#2', 'harbour/reopening#3']),
  },
  {
    line: '/search apricot frost',
    expect: (a) => expect(cites(a)).toEqual(['notes/orchard#1']),
  },
  {
    line: '/search breakwatr',
    // A typo still finds the word.
    expect: (a) => expect(cites(a).length).toBeGreaterThan(0),
  },
  {
    line: '/search zzqqxx',
    expect: (a) => {
      expect(a.results).toEqual([]);
      expect(a.message).toMatch(/Nothing in the corpus/);
    },
  },
];

/** What every store's autocompletes must offer on OWN_FILES. */
export async function checkOwnChoices(store: CorpusStore): Promise<void> {
  expect((await choices(store, 'who', 'name', 'Os')).map((c) => c.value).sort()).toEqual(['Mirela Osk', 'Tomas Osk']);
  expect((await choices(store, 'who', 'name', 'kalv')).map((c) => c.value)).toEqual(['Idris Kalvane']);
  expect((await choices(store, 'quote', 'query', 'Br')).map((c) => c.name)).toEqual(['Anouk Brem (1 quote)']);
  expect((await choices(store, 'quote', 'query', '')).map((c) => c.value).sort()).toEqual(['Anouk Brem', 'Idris Kalvane', 'Mirela Osk']);
  expect((await choices(store, 'remove', 'document', 'HARB')).map((c) => c.value)).toEqual(['harbour/budget', 'harbour/reopening']);
  expect(await choices(store, 'who', 'name', 'zzq')).toEqual([]);
}

/** What every store must say when /add, /remove and /restore name a document of OWN_FILES. */
export async function checkOwnDocuments(store: CorpusStore): Promise<void> {
  const ids = async (key: DocumentKey, limit = 5) => (await store.lookupDocuments(key, limit)).map((m) => m.id);
  expect(await ids({ file: 'harbour/budget.md' })).toEqual(['harbour/budget']);
  expect(await ids({ id: 'rail/tunnel' })).toEqual(['rail/tunnel']);
  expect(await ids({ url: 'https://ledger.example/velmora-budget' })).toEqual(['harbour/budget']);
  expect(await ids({ title: 'PORT OF VELMORA reopens after storm repairs' })).toEqual(['harbour/reopening']);
  const [tunnel] = await store.lookupDocuments({ id: 'rail/tunnel' }, 1);
  expect(await ids({ hash: tunnel.hash })).toEqual(['rail/tunnel']);
  expect(await ids({ hashPrefix: tunnel.hash.slice(0, 12).toUpperCase() })).toEqual(['rail/tunnel']);
  // Too short to name one document, not hex, or nobody's.
  for (const key of [{ hashPrefix: tunnel.hash.slice(0, 4) }, { hashPrefix: '%' }, { file: 'harbour/%' }, { id: 'nobody' }, { title: '' }])
    expect(await ids(key), JSON.stringify(key)).toEqual([]);
  expect(await ids({ file: 'harbour/budget.md' }, 0)).toEqual([]);
  expect((await store.skippedFile('broken.md'))?.reason).toMatch(/front matter/);
  expect(await store.skippedFile('harbour/budget.md')).toBeUndefined();
}
