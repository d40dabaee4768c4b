/**
 * The live path against a cold ingest (issue #19): after any sequence of added, changed and
 * removed documents, every command answers exactly as a cold ingest of the directory that
 * results. Documents are written from a small vocabulary of people, groups, dates and quotations
 * of our own, so that they share names (people merge across documents, lone surnames join full
 * names), words (scores depend on every document) and dates (a relative date can be counted
 * from another document's sentence).
 */
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { App } from '../../src/app.js';
import { runLine } from '../../src/commands/parse.js';
import { contextFor } from '../../src/commands/context.js';
import type { Corpus } from '../../src/index/corpus.js';
import { LiveCorpus } from '../../src/load/live.js';
import { loadCorpus } from '../../src/load/index.js';

const MAX = 50_000;
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const PEOPLE = [
  ['Minister', 'Orla Pennick'],
  ['Colonel', 'Dario Fenwick'],
  ['spokeswoman', 'Ilse Fenwick'],
  ['Mayor', 'Tobin Varga'],
  ['envoy', 'Rasa Quill'],
] as const;
const GROUPS = ['the Harbour Workers Union', 'the Northern Rail Authority', 'the Harbor Workers Union'];
const PLACES = ['Kestrel Bay', 'Lowmoor', 'the river port', 'the eastern depot'];
const DATES = ['on 3 March 2023', 'in April 2022', 'last week', 'two days after the Lowmoor flood', 'in 2021', 'on Tuesday'];
const TOPICS = ['the ferry strike', 'the rail upgrade', 'flood repairs', 'the depot fire'];
const MONTHS = ['2023-03-10', '2022-04-20', '2024-01-05', '2023-11-30'];

/** One paragraph from choices: a role statement, a dated event, a quotation, or a lone surname. */
function paragraph(kind: number, a: number, b: number, c: number): string {
  const [role, name] = PEOPLE[a % PEOPLE.length];
  const surname = name.split(' ')[1];
  const place = PLACES[b % PLACES.length];
  const topic = TOPICS[c % TOPICS.length];
  switch (kind % 5) {
    case 0:
      return `${role} ${name} visited ${place} ${DATES[b % DATES.length]} to discuss ${topic}.`;
    case 1:
      return `"We will not accept delays on ${topic}," said ${name}, the ${role} for ${place}.`;
    case 2:
      return `${GROUPS[a % GROUPS.length].replace(/^the/, 'The')} said ${topic} in ${place} would resume ${DATES[c % DATES.length]}.`;
    case 3:
      return `${surname} told reporters in ${place} that ${topic} had cost more than expected.`;
    default:
      return `Work on ${topic} near ${place} stopped ${DATES[(a + c) % DATES.length]} after protests.`;
  }
}

const paragraphArb = fc.tuple(fc.nat(4), fc.nat(9), fc.nat(9), fc.nat(9)).map(([k, a, b, c]) => paragraph(k, a, b, c));
const docArb = fc.record({
  title: fc.constantFrom('Harbour talks', 'Rail works', 'Flood update', 'Depot report', 'City notes'),
  published: fc.constantFrom(...MONTHS),
  paragraphs: fc.array(paragraphArb, { minLength: 1, maxLength: 4 }),
});
type DocSpec = { title: string; published: string; paragraphs: string[] };

function render(d: DocSpec): string {
  return `---\ntitle: ${d.title}\nsource: Wire\npublished: ${d.published}\n---\n\n${d.paragraphs.join('\n\n')}\n`;
}

const NAMES = ['a.md', 'b.md', 'c.md', 'd.md', 'e.md', 'f.md', 'g.md'];
const opArb = fc.oneof(
  fc.record({ kind: fc.constant('write' as const), file: fc.constantFrom(...NAMES), doc: docArb }),
  fc.record({ kind: fc.constant('remove' as const), file: fc.constantFrom(...NAMES) }),
);

const QUERIES = [
  ...PEOPLE.flatMap(([, n]) => [`/who ${n}`, `/quote ${n}`, `/who ${n.split(' ')[1]}`]),
  ...GROUPS.map((g) => `/who ${g.replace(/^the /, '')}`),
  ...TOPICS.flatMap((t) => [`/search ${t}`, `/when ${t}`, `/quote ${t}`]),
  ...PLACES.map((p) => `/search ${p}`),
  '/timeline',
  '/timeline flood',
  '/about',
];

async function answers(corpus: Corpus, queries: readonly string[] = QUERIES): Promise<unknown[]> {
  const ctx = contextFor(corpus, { now: () => new Date('2025-06-01T00:00:00Z') });
  const out: unknown[] = [];
  for (const q of queries) {
    const a = await runLine(ctx, q);
    // /about reports when the corpus was built: the rest of it must agree.
    out.push(q === '/about' ? JSON.stringify(a).replace(/"[^"]*\d{4}-\d\d-\d\dT[^"]*"/g, '"<time>"') : a);
  }
  return out;
}

/** One change made to the directory and handed to the live corpus as one update, as /add and feeds make them. */
async function apply(dir: string, live: LiveCorpus, op: { kind: 'write'; file: string; doc: DocSpec } | { kind: 'remove'; file: string }) {
  const full = path.join(dir, op.file);
  if (op.kind === 'write') writeFileSync(full, render(op.doc));
  else
    try {
      unlinkSync(full);
    } catch {
      // Not there: removing it changes nothing, as for the watcher.
    }
  live.notify(op.file);
  await live.idle();
}

describe('live updates against a cold ingest', () => {
  it('answer every command as a cold ingest of the resulting directory does', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ file: fc.constantFrom(...NAMES), doc: docArb }), { minLength: 1, maxLength: 4 }),
        fc.array(opArb, { minLength: 1, maxLength: 8 }),
        async (initial, ops) => {
          const dir = mkdtempSync(path.join(os.tmpdir(), 'factdesk-incr-'));
          dirs.push(dir);
          for (const { file, doc } of initial) writeFileSync(path.join(dir, file), render(doc));
          const app = await App.start({ dataDir: dir, maxBytes: MAX, workers: 0 });
          // Notified by hand (no watcher): each change is one live update, as /add and feeds make them.
          const live = new LiveCorpus(app, { dataDir: dir, maxBytes: MAX, workers: 0, debounceMs: 0 });
          try {
            for (const op of ops) await apply(dir, live, op);
            const cold = await loadCorpus(dir, { maxBytes: MAX, workers: 0 });
            expect(await answers(app.corpus)).toEqual(await answers(cold.corpus));
          } finally {
            await live.stop();
            await app.close();
            rmSync(dir, { recursive: true, force: true });
          }
        },
      ),
      { numRuns: 40, seed: 1919 },
    );
  }, 240_000);

  it('date a relative date again when the document it counts from is added before it, joined by another, and removed', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'factdesk-incr-'));
    dirs.push(dir);
    const doc = (title: string, published: string, text: string) =>
      `---\ntitle: ${title}\nsource: Wire\npublished: ${published}\n---\n\n${text}\n`;
    writeFileSync(path.join(dir, 'm.md'), doc('Repairs', '2023-04-02', 'Repairs in Kestrel Bay started two days after the Lowmoor flood.'));
    writeFileSync(path.join(dir, 'p.md'), doc('Depot report', '2023-05-01', 'Work on the depot fire near Lowmoor stopped in April 2022.'));
    const app = await App.start({ dataDir: dir, maxBytes: MAX, workers: 0 });
    const live = new LiveCorpus(app, { dataDir: dir, maxBytes: MAX, workers: 0, debounceMs: 0 });
    const counted = () => app.corpus.dates.events.find((e) => e.fact.text.includes('after the Lowmoor'))?.date ?? null;
    const seen: (string | null)[] = [counted()];
    try {
      const steps: [string, string | undefined][] = [
        ['a.md', doc('Flood diary', '2023-04-01', 'The Lowmoor flood began on 3 March 2023, officials said.')],
        ['b.md', doc('Flood log', '2023-04-01', 'The Lowmoor flood began on 12 March 2023 by a later count.')],
        ['a.md', undefined],
        ['b.md', undefined],
      ];
      for (const [file, text] of steps) {
        if (text) writeFileSync(path.join(dir, file), text);
        else unlinkSync(path.join(dir, file));
        live.notify(file);
        await live.idle();
        seen.push(counted());
        const cold = await loadCorpus(dir, { maxBytes: MAX, workers: 0 });
        expect(await answers(app.corpus), file).toEqual(await answers(cold.corpus));
      }
      // Undated, dated from a.md (3 March + 2 days), from one of the two, from b.md, undated again.
      expect([seen[0], seen[1], seen[3], seen[4]]).toEqual([null, '2023-03-05', '2023-03-14', null]);
    } finally {
      await live.stop();
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

// People across documents (issue #19, part A: the people index revised per merge key): full names
// mentioned once or several times, lone surnames ("Mr Fenwick, the commander,") whose full name
// is the one holding most mentions — which flips as documents come and go —, group names that are
// spelling variants of each other, and an acronym two groups share.
const FULL_NAMES = ['Colonel Dario Fenwick', 'spokeswoman Ilse Fenwick', 'Minister Orla Pennick', 'envoy Rasa Quill', 'Judge Anton Quill'];
const LONE_NAMES = ['Mr Fenwick, the commander,', 'Ms Fenwick, the spokeswoman,', 'Mr Quill, the judge,', 'Ms Pennick, the minister,'];
const GROUP_NAMES = [
  'The Marrowind Liberation Front (MLF)',
  'The Marrowindia Liberation Front',
  'The Marowind Liberation Front',
  'The Harbour Workers Union (HWU)',
  'The Hill Water Utility (HWU)',
];

function peopleParagraph(kind: number, a: number, b: number): string {
  const place = PLACES[b % PLACES.length];
  if (kind % 3 === 0) {
    const full = FULL_NAMES[a % FULL_NAMES.length];
    const name = full.split(' ').slice(1).join(' ');
    return b % 2 ? `${full} visited ${place}. ${name} met officials, and ${name} left.` : `${full} visited ${place}.`;
  }
  if (kind % 3 === 1) return `${LONE_NAMES[a % LONE_NAMES.length]} said the works in ${place} would resume.`;
  return `${GROUP_NAMES[a % GROUP_NAMES.length]} said the strike in ${place} would go on.`;
}

const peopleDocArb = fc.record({
  title: fc.constantFrom('Harbour talks', 'City notes'),
  published: fc.constantFrom(...MONTHS),
  paragraphs: fc.array(
    fc.tuple(fc.nat(2), fc.nat(9), fc.nat(9)).map(([k, a, b]) => peopleParagraph(k, a, b)),
    { minLength: 1, maxLength: 4 },
  ),
});
const peopleOpArb = fc.oneof(
  fc.record({ kind: fc.constant('write' as const), file: fc.constantFrom(...NAMES), doc: peopleDocArb }),
  fc.record({ kind: fc.constant('remove' as const), file: fc.constantFrom(...NAMES) }),
);
const PEOPLE_QUERIES = [
  ...FULL_NAMES.flatMap((n) => {
    const name = n.split(' ').slice(1).join(' ');
    return [`/who ${name}`, `/who ${name.split(' ')[1]}`, `/quote ${name}`];
  }),
  ...['Marrowind Liberation Front', 'Marowind Liberation Front', 'MLF', 'HWU', 'Hill Water Utility', 'Harbour Workers Union'].map(
    (g) => `/who ${g}`,
  ),
  '/who Fenwik',
  '/who Quil',
  '/about',
];

describe('live updates of people against a cold ingest', () => {
  it('answer /who as a cold ingest does after any sequence of changes to who is named where', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ file: fc.constantFrom(...NAMES), doc: peopleDocArb }), { minLength: 1, maxLength: 4 }),
        fc.array(peopleOpArb, { minLength: 1, maxLength: 8 }),
        async (initial, ops) => {
          const dir = mkdtempSync(path.join(os.tmpdir(), 'factdesk-incr-people-'));
          dirs.push(dir);
          for (const { file, doc } of initial) writeFileSync(path.join(dir, file), render(doc));
          const app = await App.start({ dataDir: dir, maxBytes: MAX, workers: 0 });
          const live = new LiveCorpus(app, { dataDir: dir, maxBytes: MAX, workers: 0, debounceMs: 0 });
          try {
            for (const op of ops) {
              await apply(dir, live, op);
              // After every change, not only the last: each revision is made from the one before.
              const cold = await loadCorpus(dir, { maxBytes: MAX, workers: 0 });
              expect(await answers(app.corpus, PEOPLE_QUERIES)).toEqual(await answers(cold.corpus, PEOPLE_QUERIES));
            }
          } finally {
            await live.stop();
            await app.close();
            rmSync(dir, { recursive: true, force: true });
          }
        },
      ),
      { numRuns: 20, seed: 1933 },
    );
  }, 240_000);
});
