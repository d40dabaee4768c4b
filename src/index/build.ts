/**
 * A Corpus built while its documents are still being read: a cold ingest hands each document
 * over as soon as it and every document before it are read (corpus order), and the full-text
 * indexes and the date index's sentence index — most of a build — grow meanwhile, on the main
 * thread, which otherwise waits for the workers. What needs every document (people merged
 * across documents, dates anchored in other documents, quotes) is built at the end. The result
 * is the Corpus `new Corpus({ docs, skipped })` builds from the same documents.
 */
import type { IngestedDoc } from '../ingest/index.js';
import type { Skipped } from '../types.js';
import { Corpus, newPassageIndex, newTitleIndex, type Passage } from './corpus.js';
import { DateIndex, DateIndexBuilder } from './dates.js';
import { BulkAdder } from './minisearch-bulk.js';
import { runNow } from './steps.js';

export class CorpusBuilder {
  private readonly docs: IngestedDoc[] = [];
  private readonly skipped: Skipped[] = [];
  private readonly passages: Passage[] = [];
  private readonly passageIndex = newPassageIndex();
  private readonly titleIndex = newTitleIndex();
  // The indexes filled word by word, their trees made at the end (minisearch-bulk.ts).
  private readonly passageAdder = new BulkAdder<{ id: number; text: string }>(this.passageIndex);
  private readonly titleAdder = new BulkAdder<{ id: number; title: string }>(this.titleIndex);
  private readonly dates = new DateIndexBuilder();
  private finished = false;

  /** Adds the next document in corpus order. */
  add(doc: IngestedDoc): void {
    if (this.finished) throw new Error('the corpus is already built');
    const di = this.docs.length;
    this.docs.push(doc);
    // Numbered as the Corpus constructor numbers them: the title by document, a passage per
    // paragraph that is no heading, in document order (test/index/build.test.ts compares).
    this.titleAdder.add({ id: di, title: doc.meta.title });
    for (const p of doc.paragraphs) {
      if (p.heading) continue;
      this.passageAdder.add({ id: this.passages.length, text: p.text });
      this.passages.push({ doc: di, paragraph: p.n });
    }
    this.dates.add(doc);
  }

  /** Records a file that gave no document. */
  skip(skipped: Skipped): void {
    this.skipped.push(skipped);
  }

  get size(): number {
    return this.docs.length;
  }

  /** The Corpus of every document added; the builder is spent. */
  finish(): Corpus {
    this.finished = true;
    this.passageAdder.finish();
    this.titleAdder.finish();
    const dates = runNow(DateIndex.finishing(this.dates, this.docs));
    const { docs, skipped, passages, passageIndex, titleIndex } = this;
    return new Corpus({ docs, skipped, passages, passageIndex, titleIndex, dates });
  }
}
