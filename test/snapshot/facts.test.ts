/**
 * The fact indexes (people, quotes, dates) restored from the snapshot: /who, /quote by speaker
 * and by topic, autocomplete, /when and /timeline answer exactly as after a cold ingest, on the
 * seeds and a BBC sample; a snapshot of another layout is rebuilt, and a damaged fact part is
 * refused rather than half-loaded.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import type { Corpus } from '../../src/index/corpus.js';
import { DateIndex } from '../../src/index/dates.js';
import { loadCorpus, type LoadOptions } from '../../src/load/index.js';
import { internals } from '../../src/index/minisearch.js';
import { packMiniSearch } from '../../src/index/minisearch-state.js';
import { NAME_SEARCH_OPTIONS, type NameRow, type NameSearch } from '../../src/index/name-search.js';
import { PeopleIndex } from '../../src/index/people.js';
import { QuoteIndex } from '../../src/index/quotes.js';
import { SNAPSHOT_FORMAT, Snapshot, snapshotPath } from '../../src/snapshot/index.js';
import { answersOf, mixedCorpus, rewriteHeader } from '../helpers/corpus.js';

const MAX = 5 * 1024 * 1024;

const opts = (state: string): LoadOptions => ({ maxBytes: MAX, stateDir: state, workers: 0 });
const snapFile = (dir: string, state: string) => snapshotPath(state, { root: path.resolve(dir), maxBytes: MAX });

/**
 * Queries drawn from the corpus itself (its most mentioned people, most quoted speakers, words of
 * quotes and dated sentences), so that they hold whatever the sample is, plus misspellings.
 */
function queriesOf(c: Corpus): string[] {
  const people = [...c.people.entries].sort((a, b) => b.mentionCount - a.mentionCount).slice(0, 12);
  const speakers = [...c.quotes.speakers]
    .filter((s) => s.kind !== 'anonymous')
    .sort((a, b) => b.quotes.length - a.quotes.length)
    .slice(0, 8);
  const words = (t: string) =>
    t
      .split(/[^\p{L}]+/u)
      .filter((w) => w.length >= 6)
      .slice(0, 2)
      .join(' ');
  const topics = c.quotes.quotes
    .filter((_, i) => i % 7 === 0)
    .slice(0, 8)
    .map((q) => words(q.fact.text))
    .filter(Boolean);
  const dated = c.dates.sentences
    .filter((_, i) => i % 11 === 0)
    .slice(0, 8)
    .map((s) => {
      const p = c.docs[s.doc].paragraphs[s.paragraph - 1];
      const sent = p.sentences[s.index];
      return words(p.text.slice(sent.start, sent.end));
    })
    .filter(Boolean);
  const typo = (s: string) => (s.length > 6 ? s.slice(0, 3) + s.slice(4) : s);
  return [
    ...people.map((e) => `/who ${e.name}`),
    ...people.slice(0, 4).map((e) => `/who ${typo(e.name)}`),
    ...people.slice(0, 4).map((e) => `/who ${e.name.split(' ').pop()}`),
    '/who Asim Munir',
    ...speakers.map((s) => `/quote ${s.name}`),
    ...speakers.slice(0, 3).map((s) => `/quote ${typo(s.name)}`),
    ...topics.map((t) => `/quote ${t}`),
    '/quote Kugelman',
    ...dated.map((t) => `/when ${t}`),
    '/when border attacks',
    '/timeline',
    ...dated.slice(0, 4).map((t) => `/timeline ${t}`),
    '/timeline border',
  ];
}

function completions(c: Corpus): unknown[] {
  const out: unknown[] = [];
  for (const p of ['', 'a', 'mu', 'bor', 'pak', 'mini', 'tony bl', 'zzq']) {
    out.push(c.people.autocomplete(p).map((e) => e.id));
    out.push(c.quotes.autocomplete(p).map((s) => s.id));
  }
  return out;
}

describe('fact indexes in the snapshot', () => {
  it('are stored, restored (not rebuilt) and answer exactly as a cold ingest', async () => {
    const dir = mixedCorpus();
    const state = mkdtempSync(path.join(os.tmpdir(), 'factdesk-state-'));
    const cold = await loadCorpus(dir, opts(state));
    expect(cold.from).toBe('ingest');
    const snap = await Snapshot.open(snapFile(dir, state));
    const names = new Set(snap.header.parts.map((p) => p.name));
    await snap.close();
    for (const n of ['fact:people', 'fact:quotes', 'fact:dates']) expect(names.has(n), n).toBe(true);

    const warm = await loadCorpus(dir, opts(state));
    expect(warm.from).toBe('snapshot');
    const fresh = await loadCorpus(dir, { maxBytes: MAX, workers: 0 });
    const c = warm.corpus;
    // The sample has something to answer: otherwise equal answers would prove nothing.
    expect(c.people.size).toBeGreaterThan(50);
    expect(c.quotes.size).toBeGreaterThan(20);
    expect(c.dates.size).toBeGreaterThan(20);
    const queries = queriesOf(fresh.corpus);
    expect(queries.length).toBeGreaterThan(40);
    const want = await answersOf(fresh.corpus, queries);
    expect(await answersOf(c, queries)).toEqual(want);
    expect(await answersOf(cold.corpus, queries)).toEqual(want);
    const found = (want as { results?: unknown[] }[]).filter((a) => a.results?.length).length;
    expect(found).toBeGreaterThan(queries.length / 2);
    expect(completions(c)).toEqual(completions(fresh.corpus));
    expect(completions(c).some((l) => (l as number[]).length > 0)).toBe(true);
    // The lower-level look-ups too: lookup, resolve, closest, speaker match, topic, per document.
    for (const e of c.people.entries.slice(0, 30)) {
      expect(c.people.lookup(e.name)).toEqual(fresh.corpus.people.lookup(e.name));
      expect(c.people.resolve(e.name, e.docs[0])).toEqual(fresh.corpus.people.resolve(e.name, e.docs[0]));
      expect(c.people.closest(e.name.slice(0, -1))).toEqual(fresh.corpus.people.closest(e.name.slice(0, -1)));
    }
    for (const s of c.quotes.speakers.slice(0, 30))
      expect(c.quotes.matchSpeakers(s.name)).toEqual(fresh.corpus.quotes.matchSpeakers(s.name));
    for (const q of ['government', 'minister said', 'economy growth'])
      expect(c.quotes.searchTopic(q, 10)).toEqual(fresh.corpus.quotes.searchTopic(q, 10));
    const docIds = c.docs.slice(0, 20).map((d) => d.meta.id);
    expect(c.quotes.forDocs(docIds)).toEqual(fresh.corpus.quotes.forDocs(docIds));
    expect(c.people.forDocs(docIds)).toEqual(fresh.corpus.people.forDocs(docIds));
    expect(c.dates.forDocs([0, 1, 2])).toEqual(fresh.corpus.dates.forDocs([0, 1, 2]));
  });

  it('round-trip each index through V8 serialisation, and refuse parts that do not fit the documents', async () => {
    const dir = mixedCorpus(20);
    const { corpus: c } = await loadCorpus(dir, { maxBytes: MAX, workers: 0 });
    const clone = <T>(x: T): T => v8.deserialize(v8.serialize(x)) as T;
    const people = PeopleIndex.fromSnapshot(clone(c.people.toSnapshot()), c.docs);
    expect(people.lookup('Munir')).toEqual(c.people.lookup('Munir'));
    expect(people.autocomplete('mun')).toEqual(c.people.autocomplete('mun'));
    const quotes = QuoteIndex.fromSnapshot(clone(c.quotes.toSnapshot()), c.docs);
    expect(quotes.searchTopic('border', 5)).toEqual(c.quotes.searchTopic('border', 5));
    // The quotes are the documents' own facts, not copies.
    if (quotes.size) expect(quotes.quotes[0].fact).toBe(c.docs[quotes.quotes[0].doc].facts.quotes[0]);
    const dates = DateIndex.fromSnapshot(clone(c.dates.toSnapshot()), c.docs);
    expect(dates.search('border', 5)).toEqual(c.dates.search('border', 5));

    const fewer = c.docs.slice(0, c.docs.length - 1);
    expect(() => PeopleIndex.fromSnapshot(clone(c.people.toSnapshot()), fewer)).toThrow(/documents/);
    expect(() => QuoteIndex.fromSnapshot(clone(c.quotes.toSnapshot()), fewer)).toThrow(/documents/);
    expect(() => PeopleIndex.fromSnapshot({ version: 1 }, c.docs)).toThrow(/snapshot/);
    expect(() => QuoteIndex.fromSnapshot([{ version: 99 }], c.docs)).toThrow(/snapshot/);
    // A tree branch missing: the parts no longer line up with the head.
    const cut = clone(c.quotes.toSnapshot()).slice(0, -1);
    expect(() => QuoteIndex.fromSnapshot(cut, c.docs)).toThrow();
    const cutPeople = clone(c.people.toSnapshot()).slice(0, -1);
    expect(() => PeopleIndex.fromSnapshot(cutPeople, c.docs)).toThrow();
  });

  it('a people part made before the name search was kept in key order is put in order and answers as a fresh build', async () => {
    const dir = mixedCorpus(20);
    const { corpus: c } = await loadCorpus(dir, { maxBytes: MAX, workers: 0 });
    const parts = c.people.toSnapshot();
    const nameText = parts[7] as string[];
    // As version 3 built it: MiniSearch's own adds, the tree in the order words came.
    const unsorted = new MiniSearch<NameRow>(NAME_SEARCH_OPTIONS);
    nameText.forEach((t, id) => unsorted.add({ id, names: t.replace(/ \| /g, ' ') }));
    const old = [{ ...(parts[0] as object), version: 3 }, ...parts.slice(1, 8), ...packMiniSearch(unsorted)];
    const edges = (node: unknown): string[] => [...(node as Map<string, unknown>)].flatMap(([k, v]) => (k === '' ? [k] : [k, ...edges(v)]));
    const searchOf = (p: PeopleIndex) => internals((p as unknown as { search: NameSearch }).search)._index._tree;
    const restored = PeopleIndex.fromSnapshot(old, c.docs);
    expect(edges(searchOf(restored))).toEqual(edges(searchOf(c.people)));
    expect(edges(internals(unsorted)._index._tree)).not.toEqual(edges(searchOf(c.people)));
    for (const q of queriesOf(c)) {
      expect(restored.lookup(q)).toEqual(c.people.lookup(q));
      expect(restored.closest(q)).toEqual(c.people.closest(q));
    }
  });

  it('a snapshot of the previous layout is rebuilt, and the rebuilt one is used next time', async () => {
    const dir = mixedCorpus(10);
    const state = mkdtempSync(path.join(os.tmpdir(), 'factdesk-state-'));
    const cold = await loadCorpus(dir, opts(state));
    const file = snapFile(dir, state);
    rewriteHeader(file, (h) => ({ ...h, format: SNAPSHOT_FORMAT - 1 }));
    const again = await loadCorpus(dir, opts(state));
    expect(again.from).toBe('ingest');
    expect(again.corpus.docs).toEqual(cold.corpus.docs);
    const warm = await loadCorpus(dir, opts(state));
    expect(warm.from).toBe('snapshot');
    const q = queriesOf(cold.corpus);
    expect(await answersOf(warm.corpus, q)).toEqual(await answersOf(cold.corpus, q));
  });

  it('a fact part in the old layout (one value, not a list) is refused and the corpus rebuilt', async () => {
    const dir = mixedCorpus(10);
    const state = mkdtempSync(path.join(os.tmpdir(), 'factdesk-state-'));
    const cold = await loadCorpus(dir, opts(state));
    const file = snapFile(dir, state);
    // Keep only the first fact:people part (its head), as a format-2 snapshot held one value.
    rewriteHeader(file, (h) => {
      const parts = h.parts as { name: string }[];
      const first = parts.findIndex((p) => p.name === 'fact:people');
      return { ...h, parts: parts.filter((p, i) => p.name !== 'fact:people' || i === first) };
    });
    await expect(Snapshot.open(file).then((s) => s.corpus().finally(() => s.close()))).rejects.toThrow(/people/);
    const again = await loadCorpus(dir, opts(state));
    expect(again.from).toBe('ingest');
    expect(again.corpus.people.size).toBe(cold.corpus.people.size);
  });
});
