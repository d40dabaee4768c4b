/**
 * Answers are plain data: the console, the JSON contract and Discord render the same object.
 * Field names of Answer and Result are the public contract (`npm run -s ask -- --json`).
 */
import type { Citation } from '../types.js';

export interface Result {
  /** The fact: a role, the date as written, the quoted words, or the best sentence. */
  answer: string;
  /** Verbatim source text around it (one or two sentences). */
  excerpt: string;
  citation: Citation;
  [extra: string]: unknown;
}

export interface Answer<R extends Result = Result> {
  command: string;
  query: string;
  results?: R[];
  /** A bad query: what was wrong and how to ask instead. Present instead of results. */
  error?: string;
  /** A note shown with the results, e.g. "not in the corpus". */
  message?: string;
  /** Queries the corpus can back ("did you mean"), never invented. */
  suggestions?: string[];
  /** How many results there were before the limit. */
  total?: number;
  /** A title for renderers (e.g. the person's name for /who). */
  heading?: string;
  /** Plain lines for answers that are not excerpts (/help, /about). */
  lines?: string[];
}
