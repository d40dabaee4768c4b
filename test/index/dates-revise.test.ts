/**
 * The date index revised for changed documents (issue #19, `DateIndex.revising`) against a build
 * of the documents that result: the same events (dates resolved across documents included), the
 * same dated sentences, timeline and searches, after every step of random sequences of
 * additions, removals and replacements anywhere in the list — from a built index and from one
 * restored from its snapshot (which does not know its anchors' searches yet).
 */
import v8 from 'node:v8';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DateIndex, type DatedEvent } from '../../src/index/dates.js';
import { runNow } from '../../src/index/steps.js';
import { ingestDirectory, type IngestedDoc } from '../../src/ingest/index.js';
import { prng } from '../helpers/prng.js';
import { changedPositions, randomStep } from '../helpers/changes.js';
import { tempCorpus } from '../helpers/corpus.js';

const PLACES = ['Lowmoor', 'Kestrel Bay', 'Dunmarsh'];
const EVENTS = ['flood', 'ferry strike', 'depot fire'];
const DAYS = ['3 March 2023', '10 March 2023', '20 April 2022', '5 January 2024', '30 November 2023'];
const OFFSETS = ['two days after', 'a week before', 'three days after'];

/** A paragraph: an event dated outright, one counted from another event, or a sentence with a date and no anchor. */
function paragraph(r: () => number): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const place = pick(PLACES);
  const event = pick(EVENTS);
  switch (Math.floor(r() * 4)) {
    case 0:
      return `The ${place} ${event} began on ${pick(DAYS)}, officials said.`;
    case 1:
      return `Repairs in ${pick(PLACES)} started ${pick(OFFSETS)} the ${place} ${event}.`;
    case 2:
      return `Crews returned to ${place} on ${pick(DAYS)} after the ${event}.`;
    default:
      return `Inspectors said the ${event} cost more than planned in ${pick(DAYS).slice(-4)}.`;
  }
}

let dir: string;
let pool: IngestedDoc[];
beforeAll(async () => {
  const r = prng(1919);
  const files: Record<string, string> = {};
  for (let i = 0; i < 40; i++) {
    const paras = Array.from({ length: 1 + Math.floor(r() * 4) }, () => paragraph(r));
    const month = `2023-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-15`;
    files[`doc${String(i).padStart(2, '0')}.md`] = `---\ntitle: Report ${i}\npublished: ${month}\n---\n\n${paras.join('\n\n')}\n`;
  }
  // Two that anchor each other's relative dates, for the fixed case below.
  files['anchor.md'] = '---\ntitle: Flood diary\npublished: 2023-04-01\n---\n\nThe Harwick flood began on 3 March 2023, officials said.\n';
  files['counted.md'] = '---\ntitle: Repairs\npublished: 2023-04-02\n---\n\nRepairs in Lowmoor started two days after the Harwick flood.\n';
  files['anchor2.md'] =
    '---\ntitle: Flood log\npublished: 2023-05-01\n---\n\nThe Harwick flood began on 12 March 2023, a later report said.\n';
  // Two sentences that could date the Varne flood: the longer names it twice; which ranks first
  // depends on the average sentence length, which long sentences elsewhere move.
  files['varne-a.md'] =
    '---\ntitle: Varne diary\npublished: 2023-04-01\n---\n\nThe Varne flood near Varne began on 3 March 2023 while officials from seven different agencies across the whole northern region watched every gauge and pump closely.\n';
  files['varne-b.md'] = '---\ntitle: Varne log\npublished: 2023-04-01\n---\n\nThe Varne flood began 12 March 2023.\n';
  files['varne-counted.md'] = '---\ntitle: Pumps\npublished: 2023-04-02\n---\n\nPumps in Lowmoor stopped two days after the Varne flood.\n';
  // Two sentences that could date the Corvale fire, one far shorter (it ranks first by a wide
  // lead), and documents dated without either name, to add one at a time.
  files['corvale-a.md'] = '---\ntitle: Fire log\npublished: 2023-04-01\n---\n\nThe Corvale fire began on 6 March 2023.\n';
  files['corvale-b.md'] =
    '---\ntitle: Fire diary\npublished: 2023-04-01\n---\n\nThe Corvale fire, which crews from four towns fought through two long nights of wind and rain, began on 9 March 2023.\n';
  files['corvale-counted.md'] =
    '---\ntitle: Roads\npublished: 2023-04-02\n---\n\nRoads in Lowmoor shut three days after the Corvale fire.\n';
  const trades = ['market', 'depot', 'library', 'bridge', 'school', 'harbour'];
  for (let i = 0; i < 60; i++)
    files[`fill${String(i).padStart(2, '0')}.md`] =
      `---\ntitle: Notice ${i}\npublished: 2023-06-01\n---\n\nThe ${trades[i % 6]} in Brenton reopened on ${1 + (i % 28)} May 2023 after repairs.\n\nA second ${trades[(i + 1) % 6]} closed on ${1 + (i % 27)} June 2023.\n`;
  const syllables = ['ka', 'lo', 'mi', 'ne', 'ru', 'ti', 'vo', 'ze'];
  for (let i = 0; i < 3; i++) {
    const words = Array.from(
      { length: 120 },
      (_, k) => `${syllables[k % 8]}${syllables[(k >> 3) % 8]}${syllables[(k >> 6) % 8]}${syllables[i]}`,
    );
    files[`long${i}.md`] = `---\ntitle: Long ${i}\npublished: 2023-06-01\n---\n\nOn 4 June 2023 the council listed ${words.join(' ')}.\n`;
  }
  dir = tempCorpus(files);
  pool = (await ingestDirectory(dir, { maxBytes: 1 << 20 })).docs;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Everything the index answers, as plain data; a sentence by where it stands (its id is the index's own). */
function view(idx: DateIndex, n: number) {
  const at = (id: number) => {
    const s = idx.sentence(id);
    return { doc: s.doc, paragraph: s.paragraph, index: s.index, text: idx.text(id) };
  };
  const placed = (e: DatedEvent) => ({ ...e, sentence: at(e.sentence) });
  const timeline = (topic: string | undefined, limit: number) => {
    const t = idx.timeline(topic, limit);
    return { events: t.events.map(placed), total: t.total };
  };
  return {
    events: idx.events.map((e) => ({ ...e, fact: e.fact })),
    sentences: idx.sentences,
    texts: idx.sentences.map((_, i) => idx.textAt(i)),
    timeline: timeline(undefined, 10_000),
    topics: ['flood', 'Lowmoor ferry', 'Harwick'].map((t) => timeline(t, 20)),
    forDocs: idx.forDocs(Array.from({ length: n }, (_, i) => i)).map(placed),
    range: idx.range,
    // Where the timeline stops (the newest publication): a removal can lower it.
    latest: (idx as unknown as { latestPublished?: number }).latestPublished,
    searches: ['Lowmoor flood', 'repairs', 'Kestrel strike', 'Harwick'].map((q) =>
      idx.search(q, 30).map((h) => ({ ...h, sentence: at(h.sentence), events: idx.sentence(h.sentence).events.map(placed) })),
    ),
  };
}

/** The index of `next` revised from `before`, the index of `prev`, for what changed between them (same objects kept). */
function revise(before: DateIndex, prev: IngestedDoc[], next: IngestedDoc[]): DateIndex {
  const { removed, added } = changedPositions(prev, next);
  return runNow(DateIndex.revising(before, next, removed, added));
}

const anchoredIn = (idx: DateIndex) => idx.events.filter((e) => e.note?.startsWith('counted from')).length;

describe('the date index revised for changed documents', () => {
  it('answers as a build of the resulting documents after every step of random changes', () => {
    let anchored = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const r = prng(seed);
      const free = pool.filter((d) => d.meta.file.startsWith('doc'));
      const take = () => free.splice(Math.floor(r() * free.length), 1)[0];
      let docs = Array.from({ length: 8 }, take);
      let idx = DateIndex.build(docs);
      // Every other sequence starts from the index restored from its snapshot.
      if (seed % 2 === 0) idx = DateIndex.fromSnapshot(v8.deserialize(v8.serialize(idx.toSnapshot())), docs);
      for (let step = 0; step < 10; step++) {
        const next = randomStep(r, docs, free);
        const revised = revise(idx, docs, next);
        expect(view(revised, next.length), `seed ${seed}, step ${step}`).toEqual(view(DateIndex.build(next), next.length));
        anchored += anchoredIn(revised);
        docs = next;
        idx = revised;
      }
    }
    // The sequences did date events across documents (else they tested little).
    expect(anchored).toBeGreaterThan(20);
  });

  it('dates an event anew when the document it is counted from comes, goes or is outranked', () => {
    const at = (f: string) => pool.find((d) => d.meta.file === f)!;
    const [anchor, counted, anchor2] = [at('anchor.md'), at('counted.md'), at('anchor2.md')];
    const others = pool.filter((d) => d.meta.file.startsWith('doc')).slice(0, 5);
    const dateOf = (idx: DateIndex) => idx.events.find((e) => e.fact.text.includes('after the Harwick'))?.date ?? null;
    let docs = [...others, counted];
    let idx = DateIndex.build(docs);
    expect(dateOf(idx)).toBeNull();
    // The document it counts from is added before it, then a second candidate, then the first goes.
    for (const next of [
      [anchor, ...others, counted],
      [anchor, anchor2, ...others, counted],
      [anchor2, ...others, counted],
      [...others, counted],
    ]) {
      const revised = revise(idx, docs, next);
      expect(view(revised, next.length)).toEqual(view(DateIndex.build(next), next.length));
      docs = next;
      idx = revised;
    }
    expect(dateOf(revise(DateIndex.build([...others, counted]), [...others, counted], [anchor, ...others, counted]))).toBe('2023-03-05');
  });

  it('dates an event anew when a change that names nothing of it moves the ranking of the sentences it may count from', () => {
    const at = (f: string) => pool.find((d) => d.meta.file === f)!;
    const dateOf = (idx: DateIndex) => idx.events.find((e) => e.fact.text.includes('after the Varne'))?.date ?? null;
    const base = [at('varne-a.md'), at('varne-b.md'), at('varne-counted.md')];
    const longer = [at('long0.md'), at('long1.md'), at('long2.md'), ...base];
    const short = DateIndex.build(base);
    const long = DateIndex.build(longer);
    // The case holds: the two builds count from different sentences.
    expect([dateOf(short), dateOf(long)]).toEqual(['2023-03-14', '2023-03-05']);
    const grown = revise(short, base, longer);
    expect(dateOf(grown)).toBe('2023-03-05');
    expect(view(grown, longer.length)).toEqual(view(long, longer.length));
    expect(dateOf(revise(grown, longer, base))).toBe('2023-03-14');
  });

  it('keeps an anchor found among several sentences, without searching again, through a change that cannot move their ranking', () => {
    const at = (f: string) => pool.find((d) => d.meta.file === f)!;
    const dateOf = (idx: DateIndex) => idx.events.find((e) => e.fact.text.includes('after the Corvale'))?.date ?? null;
    const fill = pool.filter((d) => d.meta.file.startsWith('fill'));
    const base = [at('corvale-a.md'), at('corvale-b.md'), at('corvale-counted.md'), ...fill.slice(0, -1)];
    const idx = DateIndex.build(base);
    expect(dateOf(idx)).toBe('2023-03-09');
    for (const next of [[...base, fill[fill.length - 1]], base.slice(0, -1)]) {
      const revised = revise(idx, base, next);
      // The anchor is not settled (two sentences could serve), but its lead outlasts the change.
      expect(revised.anchorSearches).toBe(0);
      expect(view(revised, next.length)).toEqual(view(DateIndex.build(next), next.length));
    }
  });

  it('keeps an anchor that finds no sentence among its first hits, without searching again, while none below can overtake them', async () => {
    const files: Record<string, string> = {};
    // Sixty short dated sentences naming Brillmoor but not its strike: they fill the first hits and none can serve.
    for (let i = 0; i < 60; i++)
      files[`brill${String(i).padStart(2, '0')}.md`] =
        `---\ntitle: Talks ${i}\npublished: 2023-05-20\n---\n\nTalks at Brillmoor ended on ${1 + (i % 28)} May 2023.\n`;
    files['counted.md'] =
      '---\ntitle: Buses\npublished: 2023-05-21\n---\n\nBuses in Lowmoor stopped two days after the Brillmoor strike.\n';
    // One that could serve, so long that it ranks below them all.
    files['strike.md'] =
      '---\ntitle: Strike\npublished: 2023-05-21\n---\n\nThe Brillmoor strike, which dockers, drivers, cleaners, porters and clerks from nine depots along the whole coast joined over the first cold weeks of a very wet spring, began on 2 March 2023.\n';
    // Dated sentences naming neither: a corpus in which Brillmoor is not a common word.
    const trades = ['market', 'depot', 'library', 'bridge', 'school', 'harbour'];
    for (let i = 0; i < 200; i++)
      files[`zfill${String(i).padStart(3, '0')}.md`] =
        `---\ntitle: Notice ${i}\npublished: 2023-06-01\n---\n\nThe ${trades[i % 6]} in Carrow reopened on ${1 + (i % 28)} June 2023 after repairs.\n\nA second ${trades[(i + 1) % 6]} closed on ${1 + (i % 27)} July 2023.\n`;
    const d = tempCorpus(files);
    try {
      const all = (await ingestDirectory(d, { maxBytes: 1 << 20 })).docs;
      const last = all[all.length - 1];
      const dateOf = (idx: DateIndex) => idx.events.find((e) => e.fact.text.includes('after the Brillmoor'))?.date ?? null;
      for (const docs of [all.slice(0, -1), all.filter((x) => x.meta.file !== 'strike.md').slice(0, -1)]) {
        const idx = DateIndex.build(docs);
        expect(dateOf(idx)).toBeNull();
        // The sentence below the hits that could serve is seen: with it the anchor holds by a lead, without it none can serve.
        const [anchor] = (idx as unknown as { anchors: { settled: boolean; lead?: unknown }[] }).anchors;
        const withStrike = docs.some((x) => x.meta.file === 'strike.md');
        expect({ settled: anchor.settled, lead: anchor.lead !== undefined }).toEqual({ settled: !withStrike, lead: withStrike });
        const next = [...docs, last];
        const revised = revise(idx, docs, next);
        expect(revised.anchorSearches).toBe(0);
        expect(view(revised, next.length)).toEqual(view(DateIndex.build(next), next.length));
      }
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });

  it('unpacks the packed tree branches of a restored index one per step, not all in one', () => {
    const docs = pool.filter((d) => d.meta.file.startsWith('doc'));
    const kept = docs.slice(0, -1);
    const restored = DateIndex.fromSnapshot(v8.deserialize(v8.serialize(DateIndex.build(kept).toSnapshot())), kept);
    const tree = (restored as unknown as { sentenceIndex: { tree: { _tree: { pending: number } } } }).sentenceIndex.tree._tree;
    const packed = tree.pending;
    expect(packed).toBeGreaterThan(5);
    const steps = DateIndex.revising(restored, docs, [], [docs.length - 1]);
    let left = packed;
    for (let r = steps.next(); !r.done; r = steps.next()) {
      expect(left - tree.pending).toBeLessThanOrEqual(1);
      left = tree.pending;
    }
    expect(left).toBe(0);
  });
});
