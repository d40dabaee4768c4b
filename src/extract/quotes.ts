/** Quotations and their speakers (issue #5). */
import type { ParsedDoc } from '../types.js';
import type { PersonFact, QuoteFact } from './types.js';

export function extractQuotes(_doc: ParsedDoc, _people: PersonFact[]): QuoteFact[] {
  return [];
}
