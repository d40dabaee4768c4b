/** Date and time expressions, resolved against the publication date (issue #4). */
import type { ParsedDoc } from '../types.js';
import type { DateFact } from './types.js';

export function extractDates(_doc: ParsedDoc): DateFact[] {
  return [];
}
