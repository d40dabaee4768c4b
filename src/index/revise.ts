/**
 * A few changed files should cost a few documents' work, not a new index: given the passage and
 * title indexes of an earlier corpus (restored from its snapshot) and the new list of documents
 * — most of them the earlier ones, unchanged — this updates the indexes in place instead of
 * indexing every passage again. Entries of documents that changed or went are removed (with
 * their earlier text, so that their words leave the posting lists and word frequencies are
 * those of a fresh build: `discard` would leave them in until a vacuum), the kept ones
 * renumbered (MiniSearch's internal short ids, which its posting lists use, stay as they are:
 * only the id maps are rewritten), and the passages of new documents added.
 *
 * The fact indexes are not revised here: the Corpus builds them from the documents (people are
 * merged across documents, so one new document can change an entry made from others).
 */
import type MiniSearch from 'minisearch';
import type { IngestedDoc } from '../ingest/index.js';
import { passageStarts, type Passage } from './corpus.js';
import { internals, type AnyMiniSearch } from './minisearch.js';
import { runNow, STEP, type Steps } from './steps.js';

export interface IndexedParts {
  docs: readonly IngestedDoc[];
  passages: readonly Passage[];
  passageIndex: MiniSearch<{ id: number; text: string }>;
  titleIndex: MiniSearch<{ id: number; title: string }>;
}

/**
 * The earlier parts revised for `docs`: `from[j]` is the index in `before.docs` of the document
 * `docs[j]` is unchanged from, or undefined for a new or changed one. Mutates and returns
 * `before`'s indexes (they must not be serving anything).
 */
export function reviseIndexes(before: IndexedParts, docs: readonly IngestedDoc[], from: readonly (number | undefined)[]): RevisedParts {
  return runNow(revisingIndexes(before, docs, from));
}

export type RevisedParts = Omit<IndexedParts, 'docs' | 'passages'> & { passages: Passage[] };

/** The revision, pausing between pieces of work (steps.ts): a live update runs it in slices. */
export function* revisingIndexes(
  before: IndexedParts,
  docs: readonly IngestedDoc[],
  from: readonly (number | undefined)[],
): Steps<RevisedParts> {
  if (from.length !== docs.length) throw new Error('one entry of `from` per document');
  // Each earlier document's passages, as a range of earlier passage ids.
  const first = passageStarts(before.passages, before.docs.length);
  const passageTo = new Int32Array(before.passages.length).fill(-1);
  const docTo = new Int32Array(before.docs.length).fill(-1);
  const passages: Passage[] = [];
  const added: { id: number; text: string }[] = [];
  const titles: { id: number; title: string }[] = [];
  for (let j = 0; j < docs.length; j++) {
    if (j % STEP === 0) yield;
    const d = docs[j];
    const i = from[j];
    if (i !== undefined) {
      if (i < 0 || i >= before.docs.length || docTo[i] !== -1)
        throw new Error(`document ${j} reuses earlier document ${i}, which is out of range or reused twice`);
      docTo[i] = j;
      for (let p = first[i]; p < first[i + 1]; p++) {
        passageTo[p] = passages.length;
        passages.push({ doc: j, paragraph: before.passages[p].paragraph });
      }
      continue;
    }
    titles.push({ id: j, title: d.meta.title });
    for (const para of d.paragraphs) {
      if (para.heading) continue;
      added.push({ id: passages.length, text: para.text });
      passages.push({ doc: j, paragraph: para.n });
    }
  }
  const old = before.passages;
  yield* renumbering(before.passageIndex, passageTo, (id) => ({
    id,
    text: before.docs[old[id].doc].paragraphs[old[id].paragraph - 1].text,
  }));
  for (let k = 0; k < added.length; k++) {
    if (k % STEP === 0) yield;
    before.passageIndex.add(added[k]);
  }
  yield* replayingAverages(before.passageIndex, passages.length);
  yield* renumbering(before.titleIndex, docTo, (id) => ({ id, title: before.docs[id].meta.title }));
  before.titleIndex.addAll(titles);
  yield* replayingAverages(before.titleIndex, docs.length);
  return { passages, passageIndex: before.passageIndex, titleIndex: before.titleIndex };
}

/** Removes the ids mapped to -1 (given their indexed fields) and gives the others their new ids; short ids do not move. */
function* renumbering<T>(index: MiniSearch<T>, to: Int32Array, indexed: (id: number) => T): Steps<void> {
  for (let id = 0; id < to.length; id++) {
    if (id % (STEP * 64) === 0) yield;
    if (to[id] === -1 && index.has(id)) index.remove(indexed(id));
  }
  const m = internals(index);
  const documentIds = new Map<number, unknown>();
  const idToShortId = new Map<unknown, number>();
  let n = 0;
  for (const [shortId, id] of m._documentIds) {
    if (++n % (STEP * 64) === 0) yield;
    const next = to[id as number];
    documentIds.set(shortId, next);
    idToShortId.set(next, shortId);
  }
  m._documentIds = documentIds;
  m._idToShortId = idToShortId;
}

/**
 * MiniSearch keeps each field's average length as a running mean, updated as documents come and
 * go; after removals and additions it differs in the last bits from the mean a fresh build
 * computes, and so would every score. Replayed here the way a fresh build adds documents (ids 0,
 * 1, 2, …), so that revised and rebuilt indexes score alike to the bit.
 */
function* replayingAverages(index: AnyMiniSearch, count: number): Steps<void> {
  const m = internals(index);
  const averages = m._avgFieldLength.map(() => 0);
  for (let k = 0; k < count; k++) {
    if (k % (STEP * 64) === 0) yield;
    const shortId = m._idToShortId.get(k);
    const lengths = shortId === undefined ? undefined : m._fieldLength.get(shortId);
    if (!lengths) throw new Error(`document ${k} is missing from the revised index`);
    for (let f = 0; f < averages.length; f++) {
      const len = lengths[f];
      if (len !== undefined) averages[f] = (averages[f] * k + len) / (k + 1);
    }
  }
  m._avgFieldLength = averages;
}
