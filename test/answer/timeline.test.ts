/** /timeline and the DateIndex behind it (issue #4): date order, bounds, topics, the digest's view. */
import v8 from 'node:v8';
import { describe, expect, it } from 'vitest';
import { timeline } from '../../src/answer/timeline.js';
import { DateIndex } from '../../src/index/dates.js';
import { AL_MONITOR, SEED_2025, corpusOf, seeds, tempCorpus } from '../helpers/corpus.js';
import { memoryStore } from '../../src/corpus/memory.js';

const startOf = (d: unknown) => (typeof d === 'string' ? d.split('/')[0] : '');

/** 40 documents, each dating one harbour event on a different day, published a day later; a plan; an era. */
function harbourFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < 40; i++) {
    const day = new Date(Date.UTC(2024, 0, 1 + i * 3));
    const pub = new Date(day.getTime() + 86_400_000).toISOString().slice(0, 10);
    files[`d${i}.md`] =
      `---\ntitle: Report ${i}\npublished: ${pub}\n---\n\nThe harbour ${i % 2 ? 'strike' : 'blockade'} number ${i} happened yesterday.\n`;
  }
  files['future.md'] = '---\ntitle: Plans\npublished: 2024-01-02\n---\n\nThe harbour will be dredged in 2030.\n';
  files['era.md'] = '---\ntitle: History\npublished: 2024-01-02\n---\n\nThe harbour has grown since 1990.\n';
  return files;
}
let harbourDir: string | undefined;
const harbour = () => corpusOf((harbourDir ??= tempCorpus(harbourFiles())));

describe('/timeline', () => {
  it('lists the seeds’ dated events in date order, each cited, without vague phrases or eras', async () => {
    const a = await timeline(memoryStore(await seeds()));
    const r = a.results!;
    const starts = r.map((x) => startOf(x.date));
    expect(starts).toEqual([...starts].sort());
    expect(r.map((x) => x.dateText)).toEqual(
      expect.arrayContaining(['2015', 'Feb. 25, 2020', 'Jan. 25', 'Feb. 2', 'August 2025', 'Earlier this month']),
    );
    expect(r.map((x) => x.dateText)).not.toContain('Since 2019');
    expect(r.map((x) => x.dateText)).not.toContain('over the past two years');
    for (const x of r) {
      expect(x.precision).not.toBe('vague');
      expect(x.excerpt).toContain(x.dateText);
      expect([AL_MONITOR, SEED_2025]).toContain(x.citation.docId);
    }
  });

  it('is bounded: the latest events up to the newest publication, in date order, with the total', async () => {
    const c = await harbour();
    const a = await timeline(memoryStore(c), '', 25);
    expect(a.results).toHaveLength(25);
    // 40 days; the 2030 plan comes after the newest publication (an announcement, not yet an
    // event) and "since 1990" is an era, not an event.
    expect(a.total).toBe(40);
    const dates = a.results!.map((r) => r.date as string);
    expect(dates).toEqual([...dates].sort());
    expect(dates).not.toContain('2030');
    expect(dates[dates.length - 1]).toBe('2024-04-27'); // the 40th event: 2024-01-01 + 39 × 3 days
    expect(a.message).toMatch(/latest 25 of/);
  });

  it('with a topic, keeps the events of matching sentences, in date order', async () => {
    const c = await harbour();
    const a = await timeline(memoryStore(c), 'strike', 25);
    expect(a.results!.length).toBe(20);
    for (const r of a.results!) expect(r.excerpt).toMatch(/strike/);
    const dates = a.results!.map((r) => r.date as string);
    expect(dates).toEqual([...dates].sort());
  });

  it('says so when no event matches, and refuses a topic of stopwords', async () => {
    const c = await seeds();
    const a = await timeline(memoryStore(c), 'zzzqqq');
    expect(a.results).toEqual([]);
    expect(a.message).toMatch(/No dated event/);
    expect((await timeline(memoryStore(c), 'the and of')).error).toMatch(/too common/);
  });

  it('answers an empty corpus of dates with a message, not an error', async () => {
    const c = await corpusOf(tempCorpus({ 'x.md': '---\ntitle: X\n---\n\nNothing here has a date at all.\n' }));
    const a = await timeline(memoryStore(c));
    expect(a.results).toEqual([]);
    expect(a.message).toMatch(/No dated events/);
    expect(c.dates.range).toBeUndefined();
  });
});

describe('DateIndex', () => {
  it('counts events and gives the range of resolved event dates', async () => {
    const c = await seeds();
    expect(c.dates.size).toBe(13); // 20 date facts in the seeds, 7 of them vague
    expect(c.dates.range).toEqual({ from: '2015', to: '2025-08' });
  });

  it('gives the digest the dated events of some documents, in date order', async () => {
    const c = await seeds();
    const evs = c.dates.forDocs([c.docIndex(AL_MONITOR)!]);
    expect(evs.map((e) => e.fact.text)).toEqual([
      '2015',
      'Feb. 25, 2020',
      'a week before Vahidi’s visit',
      'last week',
      'one week after the visit of the Saudi interior minister',
      'Jan. 25',
      'Feb. 2',
      'Feb. 2',
    ]);
    for (const e of evs) expect(e.doc).toBe(c.docIndex(AL_MONITOR));
    expect(c.dates.forDocs([])).toEqual([]);
  });

  it('is restored from a snapshot (through V8 serialisation) to the same answers, and refuses a broken one', async () => {
    const c = await harbour();
    const data = v8.deserialize(v8.serialize(c.dates.toSnapshot()));
    const restored = DateIndex.fromSnapshot(data, c.docs);
    expect(restored.size).toBe(c.dates.size);
    expect(restored.range).toEqual(c.dates.range);
    expect(restored.timeline(undefined, 25)).toEqual(c.dates.timeline(undefined, 25));
    expect(restored.timeline('strike', 25)).toEqual(c.dates.timeline('strike', 25));
    expect(restored.search('harbour blockade', 5)).toEqual(c.dates.search('harbour blockade', 5));
    expect(restored.forDocs([3, 4])).toEqual(c.dates.forDocs([3, 4]));
    expect(() => DateIndex.fromSnapshot({ version: 99 }, c.docs)).toThrow(/snapshot/);
    expect(() => DateIndex.fromSnapshot(data, c.docs.slice(0, 2))).toThrow(/not there/);
  });

  it('builds from documents without facts or paragraphs it cannot find', () => {
    const idx = DateIndex.build([]);
    expect(idx.size).toBe(0);
    expect(idx.timeline(undefined, 10)).toEqual({ events: [], total: 0 });
    expect(idx.search('anything', 10)).toEqual([]);
  });
});
