/** People and groups with their roles (issue #3). */
import type { ParsedDoc } from '../types.js';
import type { PersonFact } from './types.js';

export function extractPeople(_doc: ParsedDoc): PersonFact[] {
  return [];
}
