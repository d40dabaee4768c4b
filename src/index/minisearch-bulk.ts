/**
 * Filling an empty MiniSearch index with many documents in order, to the very state `add` gives
 * them, for a fraction of its cost. `add` walks the radix tree once per word of every document
 * (most of a cold build: 105,000 passages are 4 million walks); here each word's postings are
 * gathered in a hash map and the tree is walked once per distinct word, at the end, in the order
 * the words first came — the order in which `add` would have created them, so the tree, its
 * Maps' order and every posting list come out the same (test/index/minisearch-bulk.test.ts).
 * Field lengths and their running means are kept document by document, as `add` keeps them.
 */
import { runNow, STEP, type Steps } from './steps.js';
import { internals, type AnyMiniSearch, type FieldPostings, type MiniSearchInternals } from './minisearch.js';

export class BulkAdder<T> {
  private readonly m: MiniSearchInternals;
  /** Word → its postings, in the order words first came. */
  private readonly words = new Map<string, FieldPostings>();
  /** One field's term counts, while a document is added. */
  private readonly counts = new Map<string, number>();
  /** One field's distinct tokens, while a document is added (one set, not one per document). */
  private readonly distinct = new Set<string>();
  private done = false;

  constructor(index: AnyMiniSearch) {
    this.m = internals(index);
    if (this.m._documentCount !== 0 || this.m._nextId !== 0) throw new Error('BulkAdder fills an empty index');
    if (this.m._options.storeFields.length) throw new Error('BulkAdder does not keep stored fields');
  }

  /** Adds a document as `MiniSearch.add` does; the index is not searchable until `finish`. */
  add(document: T): void {
    if (this.done) throw new Error('the index is already finished');
    const m = this.m;
    const { extractField, stringifyField, tokenize, processTerm, fields, idField } = m._options;
    const id = extractField(document, idField);
    if (id == null) throw new Error(`MiniSearch: document does not have ID field "${idField}"`);
    if (m._idToShortId.has(id)) throw new Error(`MiniSearch: duplicate ID ${JSON.stringify(id)}`);
    const short = m._nextId++;
    m._idToShortId.set(id, short);
    m._documentIds.set(short, id);
    m._documentCount += 1;
    for (const field of fields) {
      const value = extractField(document, field);
      if (value == null) continue;
      const tokens = tokenize(stringifyField(value, field), field);
      const fieldId = m._fieldIds[field];
      // MiniSearch counts distinct tokens as the length, and keeps a running mean (its rounding included).
      const distinct = this.distinct;
      for (const token of tokens) distinct.add(token);
      const length = distinct.size;
      distinct.clear();
      let lengths = m._fieldLength.get(short);
      if (lengths == null) m._fieldLength.set(short, (lengths = []));
      lengths[fieldId] = length;
      const count = m._documentCount - 1;
      m._avgFieldLength[fieldId] = ((m._avgFieldLength[fieldId] || 0) * count + length) / (count + 1);
      // The field's terms counted here first, in the order they come: the corpus-wide map is
      // then touched once per distinct term (not per occurrence), in that same order, so words
      // are created and postings filled as `add` creates and fills them.
      const counts = this.counts;
      for (const token of tokens) {
        const term = processTerm(token, field);
        if (Array.isArray(term)) for (const t of term) counts.set(t, (counts.get(t) ?? 0) + 1);
        else if (term) counts.set(term, (counts.get(term) ?? 0) + 1);
      }
      for (const [term, n] of counts) this.addTerm(fieldId, short, term, n);
      counts.clear();
    }
  }

  /** A document's `n` occurrences of a term in a field (the document's only call for them). */
  private addTerm(fieldId: number, short: number, term: string, n: number): void {
    let data = this.words.get(term);
    if (data === undefined) this.words.set(term, (data = new Map<number, Map<number, number>>()));
    const postings = data.get(fieldId);
    if (postings == null) data.set(fieldId, new Map([[short, n]]));
    else postings.set(short, n);
  }

  /** Puts every word in the radix tree: the index is then as `add` would have left it. */
  finish(): void {
    runNow(this.finishing());
  }

  /** `finish`, yielding every few hundred words (for a build run in slices, steps.ts). */
  *finishing(): Steps<void> {
    if (this.done) return;
    this.done = true;
    const tree = this.m._index;
    let n = 0;
    for (const [term, data] of this.words) {
      if (++n % (STEP * 16) === 0) yield;
      tree.set(term, data);
    }
    this.words.clear();
  }
}
