/** Extract: every fact the commands answer from, found once per document at ingest. */
import type { ParsedDoc } from '../types.js';
import { extractDates } from './dates/index.js';
import { extractPeopleAndFirms } from './people/index.js';
import { extractQuotes } from './quotes/index.js';
import type { DocFacts } from './types.js';

export type * from './types.js';

/**
 * Bump when extraction output changes: snapshots made by another version are rebuilt.
 * Each extractor owns a part so that concurrent work does not collide.
 */
export const EXTRACTION_VERSION = ['people:27', 'dates:5', 'quotes:7', 'split:2'].join('+');

export function extractFacts(doc: ParsedDoc): DocFacts {
  const { people, firms } = extractPeopleAndFirms(doc);
  return { people, firms, dates: extractDates(doc), quotes: extractQuotes(doc, people) };
}
