/** A document of our own sentences for the extraction tests, and the people it names. */
import { extractPeople } from '../../src/extract/people/index.js';
import { splitSentences } from '../../src/split/index.js';
import type { ParsedDoc } from '../../src/types.js';

/** One paragraph per string, split into sentences as an ingest splits them. */
export function paragraphsDoc(paragraphs: string[]): ParsedDoc {
  return {
    meta: { id: 't', file: 't.md', title: 'T', metadata: {}, hash: 'x', format: 'md' },
    paragraphs: paragraphs.map((text, i) => ({ n: i + 1, text, heading: false, sentences: splitSentences(text) })),
  };
}

/** The names extraction finds as persons in those paragraphs, sorted. */
export function personNames(paragraphs: string[]): string[] {
  return extractPeople(paragraphsDoc(paragraphs))
    .filter((p) => p.kind === 'person')
    .map((p) => p.name)
    .sort();
}
