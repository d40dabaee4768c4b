/**
 * The quote index revised for changed documents (issue #19, `QuoteIndex.revising`) against a
 * build of the documents that result: the same quotes, speakers (their ids, names as first
 * written, kinds and quote lists), speaker and topic searches, autocomplete and per-document
 * quotes, after every step of random additions, removals and replacements anywhere in the list,
 * from a built index and from one restored from its snapshot.
 */
import v8 from 'node:v8';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QuoteIndex } from '../../src/index/quotes.js';
import { runNow } from '../../src/index/steps.js';
import { ingestDirectory, type IngestedDoc } from '../../src/ingest/index.js';
import { prng } from '../helpers/prng.js';
import { changedPositions, randomStep } from '../helpers/changes.js';
import { tempCorpus } from '../helpers/corpus.js';

// The same people written two ways (one key, two names): whoever is quoted first names them.
const SPEAKERS = [
  'Orla Pennick',
  'Orla Pénnick',
  'Dario Fenwick',
  'Ilse Fenwick',
  'Tobin Varga',
  'Rasa Quill',
  'Rasa Quíll',
  'Mirela Stoyan',
];
const SAYINGS = [
  'the ferry will sail again',
  'the depot fire was preventable',
  'flood repairs are on schedule',
  'the rail upgrade costs too much',
];

function paragraph(r: () => number): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const saying = pick(SAYINGS);
  switch (Math.floor(r() * 3)) {
    case 0:
      return `"We believe ${saying}," said ${pick(SPEAKERS)}, speaking in Lowmoor.`;
    case 1:
      return `"Nobody expected that ${saying}," a senior port official said.`;
    default:
      return `${pick(SPEAKERS)} said: "I am certain ${saying} and we will prove it."`;
  }
}

let dir: string;
let pool: IngestedDoc[];
beforeAll(async () => {
  const r = prng(2019);
  const files: Record<string, string> = {};
  for (let i = 0; i < 40; i++) {
    const paras = Array.from({ length: 1 + Math.floor(r() * 3) }, () => paragraph(r));
    files[`doc${String(i).padStart(2, '0')}.md`] = `---\ntitle: Report ${i}\npublished: 2023-05-01\n---\n\n${paras.join('\n\n')}\n`;
  }
  dir = tempCorpus(files);
  pool = (await ingestDirectory(dir, { maxBytes: 1 << 20 })).docs;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function view(idx: QuoteIndex, docs: readonly IngestedDoc[]) {
  return {
    quotes: idx.quotes.map((q) => ({ doc: q.doc, fact: q.fact })),
    speakers: idx.speakers.map((s) => ({ ...s })),
    matched: ['Pennick', 'Orla', 'Fenwick', 'Rasa Quill', 'Varga', 'Penick', 'official'].map((q) =>
      idx.matchSpeakers(q).map((m) => [m.speaker.id, m.speaker.name, m.score]),
    ),
    named: SPEAKERS.map((n) => idx.speaker(n)?.id),
    autocomplete: ['', 'o', 'fen', 'ras', 'v'].map((p) => idx.autocomplete(p).map((s) => s.id)),
    topics: ['ferry sail', 'depot fire', 'flood repairs schedule', 'rail'].map((q) => idx.searchTopic(q, 20)),
    byPosition: idx.forDocs(docs.map((_, i) => i)),
    byId: idx.forDocs([...docs.map((d) => d.meta.id)].reverse()),
  };
}

function revise(before: QuoteIndex, prev: IngestedDoc[], next: IngestedDoc[]): QuoteIndex {
  const { removed, added } = changedPositions(prev, next);
  return runNow(QuoteIndex.revising(before, next, removed, added));
}

describe('the quote index revised for changed documents', () => {
  it('answers as a build of the resulting documents after every step of random changes', () => {
    const names = new Set<string>();
    let speakersSeen = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const r = prng(seed);
      const free = [...pool];
      const take = () => free.splice(Math.floor(r() * free.length), 1)[0];
      let docs = Array.from({ length: 6 }, take);
      let idx = QuoteIndex.build(docs);
      if (seed % 2 === 0) idx = QuoteIndex.fromSnapshot(v8.deserialize(v8.serialize(idx.toSnapshot())), docs);
      for (let step = 0; step < 10; step++) {
        const next = randomStep(r, docs, free);
        const revised = revise(idx, docs, next);
        expect(view(revised, next), `seed ${seed}, step ${step}`).toEqual(view(QuoteIndex.build(next), next));
        for (const s of revised.speakers) names.add(s.name);
        speakersSeen += revised.speakers.length;
        docs = next;
        idx = revised;
      }
    }
    // The documents did quote people, under both spellings of a name.
    expect(speakersSeen).toBeGreaterThan(200);
    expect(names.has('Orla Pennick') && names.has('Orla Pénnick')).toBe(true);
  });

  it('names a speaker as the first quote does when a document quoting them is added before, and keeps the rest', () => {
    const first = (n: string) => pool.find((d) => d.facts.quotes.some((q) => q.speaker === n))!;
    const b = first('Orla Pénnick');
    const a = first('Orla Pennick');
    const rest = pool.filter((d) => d !== a && d !== b).slice(0, 5);
    const before = QuoteIndex.build([...rest, b]);
    const after = revise(before, [...rest, b], [a, ...rest, b]);
    expect(after.speaker('orla pennick')?.name).toBe('Orla Pennick');
    expect(view(after, [a, ...rest, b])).toEqual(view(QuoteIndex.build([a, ...rest, b]), [a, ...rest, b]));
    // The index that was serving is as it was.
    expect(before.speaker('orla pennick')?.name).toBe('Orla Pénnick');
    expect(view(before, [...rest, b])).toEqual(view(QuoteIndex.build([...rest, b]), [...rest, b]));
  });
});
