/**
 * A few changed files should cost a few documents' work, not a new index: given the passage and
 * title indexes of an earlier corpus (restored from its snapshot) and the new list of documents
 * — most of them the earlier ones, unchanged — this updates the indexes in place instead of
 * indexing every passage again. Entries of documents that changed or went are discarded, the
 * kept ones renumbered (MiniSearch's internal short ids, which its posting lists use, stay as they
 * are: only the id maps are rewritten), and the passages of new documents added.
 *
 * The fact indexes are not revised here: the Corpus builds them from the documents (people are
 * merged across documents, so one new document can change an entry made from others).
 */
import type MiniSearch from 'minisearch';
import type { IngestedDoc } from '../ingest.js';
import type { Passage } from './corpus.js';

interface IdMaps {
  _documentIds: Map<number, unknown>;
  _idToShortId: Map<unknown, number>;
  _dirtCount: number;
  _documentCount: number;
}

/**
 * Discarded entries stay in MiniSearch's posting lists (skipped, but counted in word
 * frequencies) until it vacuums them, which it starts on its own, in the background, at a
 * tenth. Past this share a full rebuild is cheaper and leaves a clean index.
 */
export const MAX_DIRT = 0.05;

export interface IndexedParts {
  docs: readonly IngestedDoc[];
  passages: readonly Passage[];
  passageIndex: MiniSearch<{ id: number; text: string }>;
  titleIndex: MiniSearch<{ id: number; title: string }>;
}

/**
 * The earlier parts revised for `docs`: `from[j]` is the index in `before.docs` of the document
 * `docs[j]` is unchanged from, or undefined for a new or changed one. Mutates and returns
 * `before`'s indexes (they must not be serving anything). Undefined, with nothing changed,
 * when so much changed that building the indexes again is better (see MAX_DIRT).
 */
export function reviseIndexes(before: IndexedParts, docs: readonly IngestedDoc[], from: readonly (number | undefined)[]): (Omit<IndexedParts, 'docs' | 'passages'> & { passages: Passage[] }) | undefined {
  if (from.length !== docs.length) throw new Error('one entry of `from` per document');
  // Each earlier document's passages, as a range of earlier passage ids (passages are in document order).
  const first = new Int32Array(before.docs.length + 1);
  for (let p = 0, d = 0; d <= before.docs.length; d++) {
    while (p < before.passages.length && before.passages[p].doc < d) p++;
    first[d] = p;
  }
  const passageTo = new Int32Array(before.passages.length).fill(-1);
  const docTo = new Int32Array(before.docs.length).fill(-1);
  const passages: Passage[] = [];
  const added: { id: number; text: string }[] = [];
  const titles: { id: number; title: string }[] = [];
  docs.forEach((d, j) => {
    const i = from[j];
    if (i !== undefined) {
      if (i < 0 || i >= before.docs.length || docTo[i] !== -1) throw new Error(`document ${j} reuses earlier document ${i}, which is out of range or reused twice`);
      docTo[i] = j;
      for (let p = first[i]; p < first[i + 1]; p++) {
        passageTo[p] = passages.length;
        passages.push({ doc: j, paragraph: before.passages[p].paragraph });
      }
      return;
    }
    titles.push({ id: j, title: d.meta.title });
    for (const para of d.paragraphs) {
      if (para.heading) continue;
      added.push({ id: passages.length, text: para.text });
      passages.push({ doc: j, paragraph: para.n });
    }
  });
  if (tooDirty(before.passageIndex, passageTo) || tooDirty(before.titleIndex, docTo)) return undefined;
  renumber(before.passageIndex, passageTo);
  before.passageIndex.addAll(added);
  renumber(before.titleIndex, docTo);
  before.titleIndex.addAll(titles);
  return { passages, passageIndex: before.passageIndex, titleIndex: before.titleIndex };
}

function tooDirty(index: MiniSearch<any>, to: Int32Array): boolean {
  const m = index as unknown as IdMaps;
  let gone = 0;
  for (let id = 0; id < to.length; id++) if (to[id] === -1) gone++;
  const dirt = m._dirtCount + gone;
  return dirt / (1 + m._documentCount + m._dirtCount) >= MAX_DIRT;
}

/** Discards the ids mapped to -1 and gives the others their new ids; short ids do not move. */
function renumber(index: MiniSearch<any>, to: Int32Array): void {
  for (let id = 0; id < to.length; id++) if (to[id] === -1 && index.has(id)) index.discard(id);
  const m = index as unknown as IdMaps;
  if (!(m._documentIds instanceof Map) || !(m._idToShortId instanceof Map)) {
    throw new Error('MiniSearch internals are not as expected (was minisearch upgraded?); src/index/revise.ts must be updated');
  }
  const documentIds = new Map<number, unknown>();
  const idToShortId = new Map<unknown, number>();
  for (const [shortId, id] of m._documentIds) {
    const next = to[id as number];
    documentIds.set(shortId, next);
    idToShortId.set(next, shortId);
  }
  m._documentIds = documentIds;
  m._idToShortId = idToShortId;
}
