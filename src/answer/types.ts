/**
 * Answers are plain data: the console, the JSON contract and Discord render the same object.
 * Field names of Answer and Result are the public contract (`npm run -s ask -- --json`).
 */
import type { Citation } from '../types.js';
import type { DocumentSummary } from './document.js';

/** How many "did you mean" queries an empty answer offers. */
export const SUGGESTIONS = 3;

export interface Result {
  /** The fact: a role, the date as written, the quoted words, or the best sentence. */
  answer: string;
  /** Verbatim source text around it (one or two sentences). */
  excerpt: string;
  citation: Citation;
  [extra: string]: unknown;
}

interface AnswerOf {
  command: string;
  query: string;
}

/** Results (possibly none, with a note why), or plain lines for /help and /about. */
export interface ResultsAnswer<R extends Result = Result> extends AnswerOf {
  results: R[];
  error?: never;
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
  /** A document added or restored: what was understood of it (/add, /restore). */
  document?: DocumentSummary;
}

/** A bad query: what was wrong and how to ask instead. */
export interface ErrorAnswer extends AnswerOf {
  error: string;
  results?: never;
  message?: never;
  suggestions?: never;
  total?: never;
  heading?: never;
  lines?: never;
  document?: never;
}

/** What every command returns: results or an error, never both (`'error' in a` or `a.error !== undefined` tells them apart). */
export type Answer<R extends Result = Result> = ResultsAnswer<R> | ErrorAnswer;
