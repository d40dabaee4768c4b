/**
 * The people index revised per merge key (issue #19): after any sequence of documents added,
 * replaced and removed, `PeopleIndex.revising` must answer exactly as `PeopleIndex.build` over the
 * resulting documents — the entries (names, aliases, roles and their order, documents, mentions,
 * first mentions), look-ups with their scores, autocomplete, the names each document uses, the
 * people of a set of documents and the closest names. Documents are written from names of our
 * own that make every part of the merge move: two people who share a surname and a lone
 * "Mr Fenwick" whose dominant full name flips as mentions come and go, group names that are
 * spelling variants, one acronym shared by two groups, entries emptied by a removal.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ingestDirectory, type IngestedDoc } from '../../src/ingest/index.js';
import { nameKey, PeopleIndex, type PersonEntry } from '../../src/index/people.js';
import { runNow } from '../../src/index/steps.js';
import { tempCorpus } from '../helpers/corpus.js';

const FULL = [
  'Colonel Dario Fenwick',
  'spokeswoman Ilse Fenwick',
  'Minister Orla Pennick',
  'envoy Rasa Quill',
  'Judge Anton Quill',
  'Mayor Tobin Varga',
];
const LONE = [
  'Mr Fenwick, the commander,',
  'Ms Fenwick, the spokeswoman,',
  'Mr Quill, the judge,',
  'Ms Pennick, the minister,',
  'Mr Varga, the mayor,',
];
const GROUPS = [
  'The Harbour Workers Union (HWU)',
  'The Harbor Workers Union',
  'The Hill Water Utility (HWU)',
  'The Lowmoor Dock Workers Association',
  'The Lowmoor Dockworkers Association (LDWA)',
  'The Kestrel Port Authority',
  'The Marrowind Liberation Front (MLF)',
  'The Marrowindia Liberation Front',
  'The Marowind Liberation Front',
  'The Harbourside Workers Union',
];
const PLACES = ['Lowmoor', 'Kestrel Bay', 'the river port'];
const DATES = ['2021-05-01', '2022-03-10', '2023-11-30', '2024-01-05'];

function paragraph(kind: number, a: number, b: number): string {
  const place = PLACES[b % PLACES.length];
  switch (kind % 4) {
    case 0: {
      const full = FULL[a % FULL.length];
      // Several mentions in one paragraph: mention counts decide a lone surname's full name.
      const name = full.split(' ').slice(1).join(' ');
      return b % 2 ? `${full} visited ${place}. ${name} met officials, and ${name} left.` : `${full} visited ${place}.`;
    }
    case 1:
      return `${LONE[a % LONE.length]} said the works in ${place} would resume.`;
    case 2:
      return `${GROUPS[a % GROUPS.length]} said the strike in ${place} would go on.`;
    default:
      return `Work near ${place} stopped after protests.`;
  }
}

/** A pool of documents read once; a corpus is a set of them in pool order (the order a cold ingest reads files). */
let pool: IngestedDoc[] = [];
beforeAll(async () => {
  const rng = fc.sample(
    fc.record({
      published: fc.constantFrom(...DATES),
      paragraphs: fc.array(fc.tuple(fc.nat(3), fc.nat(20), fc.nat(20)), { minLength: 1, maxLength: 4 }),
    }),
    { numRuns: 48, seed: 1931 },
  );
  const files: Record<string, string> = {};
  rng.forEach((d, i) => {
    const text = d.paragraphs.map(([k, a, b]) => paragraph(k, a, b)).join('\n\n');
    files[`doc-${String(i).padStart(2, '0')}.md`] = `---\ntitle: Story ${i}\npublished: ${d.published}\n---\n\n${text}\n`;
  });
  pool = (await ingestDirectory(tempCorpus(files), { maxBytes: 1 << 20 })).docs;
  pool.sort((x, y) => (x.meta.file < y.meta.file ? -1 : 1));
}, 60_000);

/** Everything the index answers, with documents as positions and entries as their place in a cold build's order. */
function view(index: PeopleIndex, docs: readonly IngestedDoc[]) {
  const entries = index.entries;
  const place = new Map(entries.map((e, i) => [e, i]));
  const at = (d: number) => index.docPosition(d);
  const entry = (e: PersonEntry | undefined) =>
    e && {
      place: place.get(e),
      name: e.name,
      kind: e.kind,
      aliases: e.aliases,
      roles: e.roles.map((r) => ({ ...r, doc: at(r.doc) })),
      roleGroups: e.roleGroups,
      roleGroupCount: e.roleGroupCount,
      docs: e.docs.map(at),
      mentionCount: e.mentionCount,
      firstMentions: e.firstMentions.map((m) => ({ ...m, doc: at(m.doc) })),
    };
  const names = new Set<string>();
  for (const d of docs)
    for (const f of d.facts.people) for (const n of [f.name, ...f.aliases, ...f.mentions.map((m) => m.surface)]) names.add(n);
  const queries = [...names, 'Fenwik', 'Penick', 'Quil', 'Harbour', 'Workers Union', 'Kestrel', 'Mr Fenwick', 'Authority'].sort();
  const prefixes = [
    '',
    'f',
    'fe',
    'fen',
    'fenw',
    'fa',
    'q',
    'qu',
    'h',
    'ha',
    'har',
    'harbo',
    'l',
    'lo',
    'k',
    'ke',
    'kestrel p',
    'd',
    'i',
    'o',
    'p',
    'pen',
    'r',
    't',
    'v',
    'a',
    'an',
    'ada',
    'ada f',
    'hw',
    'w',
    'wor',
    'm',
    'ml',
  ];
  return {
    size: index.size,
    entries: entries.map(entry),
    lookup: queries.map((q) => index.lookup(q, 8).map((m) => ({ entry: place.get(m.entry), score: m.score, whole: m.whole }))),
    closest: queries.map((q) => index.closest(q)),
    autocomplete: prefixes.map((p) => index.autocomplete(p).map((e) => place.get(e))),
    resolve: docs.flatMap((d, i) => [
      ...queries.map((q) => place.get(index.resolve(q, i)!)),
      ...d.facts.people.map((f) => place.get(index.resolve(nameKey(f.name), d.meta.id)!)),
    ]),
    resolveAnywhere: queries.map((q) => place.get(index.resolve(q)!)),
    forDocs: docs.map((_, i) => index.forDocs([i, (i + 1) % docs.length]).map((x) => [place.get(x.entry), x.isNew])),
  };
}

const corpusOf = (members: ReadonlySet<number>) => pool.filter((_, i) => members.has(i));

/** One step: documents removed and added at once, as a live update batches files. */
const stepArb = fc.record({ remove: fc.array(fc.nat(47), { maxLength: 2 }), add: fc.array(fc.nat(47), { maxLength: 2 }) });

const FIRST = ['Ada', 'Abel', 'Anton', 'Alba', 'Arlo', 'Ames', 'Aric'];
const LAST = ['Fenwick', 'Fenner', 'Fenton', 'Farrow', 'Fairley', 'Quill', 'Quince'];
const SYNTHETIC_GROUPS: [string, string[]][] = [
  ['Marrowind Liberation Front', ['MLF']],
  ['Marrowindia Liberation Front', []],
  ['Marowind Liberation Front', ['MLF']],
  ['Harbour Workers Union', ['HWU']],
  ['Harbourside Workers Union', []],
  ['Hill Water Utility', ['HWU']],
  // A group named as a person is: two entries that rank alike.
  ['Ada Fenwick', []],
];
const ROLES = ['Minister', 'Colonel', 'a spokeswoman', 'the envoy', 'the former envoy'];

/** A person fact written directly (many names sharing first letters: autocomplete lists fill up). */
const factArb = fc
  .record({ kind: fc.nat(9), a: fc.nat(48), mentions: fc.integer({ min: 1, max: 4 }), roles: fc.array(fc.nat(4), { maxLength: 2 }) })
  .map(({ kind, a, mentions, roles }) => {
    const group = kind === 0 ? SYNTHETIC_GROUPS[a % SYNTHETIC_GROUPS.length] : undefined;
    const last = LAST[a % LAST.length];
    const name = group ? group[0] : kind <= 2 ? last : `${FIRST[Math.floor(a / LAST.length) % FIRST.length]} ${last}`;
    return {
      name,
      kind: group ? ('group' as const) : ('person' as const),
      aliases: group ? group[1] : [],
      mentions: Array.from({ length: mentions }, (_, i) => ({
        surface: i % 2 ? last : name,
        paragraph: 1 + i,
        start: 0,
        end: name.length,
      })),
      roles: roles.map((r, i) => ({ role: ROLES[r], paragraph: 1 + i, sentence: 0 })),
    };
  });
const syntheticDocArb = fc.record({
  published: fc.constantFrom(...DATES, undefined),
  people: fc.array(factArb, { minLength: 0, maxLength: 6 }),
});

describe('the people index revised per merge key', () => {
  it('answers as a cold build after every step of any sequence of changes', () => {
    let steps = 0;
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.nat(47), { minLength: 1, maxLength: 12 }),
        fc.array(stepArb, { minLength: 1, maxLength: 8 }),
        (initial, ops) => {
          let members = new Set(initial);
          let docs = corpusOf(members);
          let index = PeopleIndex.build(docs);
          for (const op of ops) {
            const next = new Set(members);
            for (const r of op.remove) next.delete(r);
            // A document added is new (as a rewritten file is): not one the step removes.
            for (const a of op.add) if (!op.remove.includes(a)) next.add(a);
            const nextDocs = corpusOf(next);
            const removed = docs.flatMap((d, i) => (next.has(pool.indexOf(d)) ? [] : [i]));
            const added = nextDocs.flatMap((d, i) => (members.has(pool.indexOf(d)) ? [] : [i]));
            index = runNow(PeopleIndex.revising(index, nextDocs, removed, added));
            members = next;
            docs = nextDocs;
            expect(view(index, docs)).toEqual(view(PeopleIndex.build(docs), docs));
            steps++;
          }
        },
      ),
      { numRuns: 60, seed: 1919 },
    );
    expect(steps).toBeGreaterThan(200);
  }, 120_000);

  it('answers as a cold build over many names that share first letters and surnames', () => {
    const synthetic = fc.sample(syntheticDocArb, { numRuns: 80, seed: 7 }).map(
      (d, i) =>
        ({
          meta: {
            id: `s${i}`,
            file: `s${String(i).padStart(3, '0')}.md`,
            title: `S${i}`,
            ...(d.published ? { published: d.published } : {}),
          },
          facts: { people: d.people, dates: [], quotes: [] },
        }) as unknown as IngestedDoc,
    );
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.nat(79), { minLength: 20, maxLength: 60 }),
        fc.array(fc.record({ remove: fc.array(fc.nat(79), { maxLength: 3 }), add: fc.array(fc.nat(79), { maxLength: 3 }) }), {
          minLength: 1,
          maxLength: 6,
        }),
        (initial, ops) => {
          const of = (m: ReadonlySet<number>) => synthetic.filter((_, i) => m.has(i));
          let members = new Set(initial);
          let docs = of(members);
          let index = runNow(PeopleIndex.revising(PeopleIndex.build(docs), docs, [], []));
          for (const op of ops) {
            const next = new Set(members);
            for (const r of op.remove) next.delete(r);
            for (const a of op.add) if (!op.remove.includes(a)) next.add(a);
            const nextDocs = of(next);
            const removed = docs.flatMap((d, i) => (next.has(synthetic.indexOf(d)) ? [] : [i]));
            const added = nextDocs.flatMap((d, i) => (members.has(synthetic.indexOf(d)) ? [] : [i]));
            index = runNow(PeopleIndex.revising(index, nextDocs, removed, added));
            members = next;
            docs = nextDocs;
            expect(view(index, docs)).toEqual(view(PeopleIndex.build(docs), docs));
          }
        },
      ),
      { numRuns: 30, seed: 2024 },
    );
  }, 120_000);

  it('leaves the version it revised as it was', () => {
    const docs = pool.slice(0, 30);
    const first = runNow(PeopleIndex.revising(PeopleIndex.build(docs), docs, [], []));
    const before = view(first, docs);
    const next = pool.slice(3, 40);
    const removed = [0, 1, 2];
    const added = next.map((_, i) => i).filter((i) => i >= 27);
    const revised = runNow(PeopleIndex.revising(first, next, removed, added));
    expect(view(first, docs)).toEqual(before);
    expect(view(revised, next)).toEqual(view(PeopleIndex.build(next), next));
  });

  it('recomputes only the entries that share a merge key with the change', () => {
    // The pool's names all meet through surnames and group signatures; a document of names
    // nobody else has must not bring the others' entries with it.
    const docs = pool.slice(0, 40);
    const first = runNow(PeopleIndex.revising(PeopleIndex.build(docs), docs, [], []));
    const kept = new Set(first.entries);
    const lonely = {
      ...pool[0],
      meta: { ...pool[0].meta, id: 'lonely', file: 'zz.md' },
      facts: { ...pool[0].facts, people: [{ ...pool[0].facts.people[0], name: 'Zebulon Marwick', aliases: [], kind: 'person' as const }] },
    } as IngestedDoc;
    const next = [...docs, lonely];
    const revised = runNow(PeopleIndex.revising(first, next, [], [40]));
    const replaced = revised.entries.filter((e) => !kept.has(e));
    expect(replaced.map((e) => e.name)).toEqual(['Zebulon Marwick']);
    expect(view(revised, next)).toEqual(view(PeopleIndex.build(next), next));
  });

  it('keeps the name search when a document names only people the corpus has', () => {
    const docs = pool.slice(0, 40);
    const first = runNow(PeopleIndex.revising(PeopleIndex.build(docs), docs, [], []));
    const known = first.entries.find((e) => e.kind === 'person' && e.docs.length > 1)!;
    const fact = docs[first.docPosition(known.docs[0])].facts.people.find((f) => nameKey(f.name) === nameKey(known.name))!;
    const again = {
      ...pool[0],
      meta: { ...pool[0].meta, id: 'again', file: 'zz.md' },
      facts: { ...pool[0].facts, people: [fact] },
    };
    const next = [...docs, again];
    const revised = runNow(PeopleIndex.revising(first, next, [], [40]));
    const searchOf = (p: PeopleIndex) => (p as unknown as { search: unknown }).search;
    expect(searchOf(revised)).toBe(searchOf(first));
    expect(revised.lookup(known.name)[0].entry.mentionCount).toBe(known.mentionCount + fact.mentions.length);
    expect(view(revised, next)).toEqual(view(PeopleIndex.build(next), next));
    // Taken out again: the entry is made by the same fact as before, and the search is still shared.
    const back = runNow(PeopleIndex.revising(revised, docs, [40], []));
    expect(searchOf(back)).toBe(searchOf(first));
    expect(view(back, docs)).toEqual(view(PeopleIndex.build(docs), docs));
  });
});
