/** /search: the best passages for some words, each an excerpt with its citation. */
import type { Corpus, PassageHit } from '../index/corpus.js';
import { queryTerms } from '../index/text.js';
import { distinctResults, textKey } from './distinct.js';
import { bestExcerpt } from './excerpt.js';
import type { Answer, Result } from './types.js';

export interface SearchResult extends Result {
  score: number;
}

export const SEARCH_LIMIT = 10;

export function search(corpus: Corpus, query: string, limit = SEARCH_LIMIT): Answer<SearchResult> {
  const q = query.trim();
  if (!q) return { command: 'search', query, error: 'Type some words to search for, e.g. `/search border fencing`.' };
  if (queryTerms(q).length === 0) {
    return {
      command: 'search',
      query,
      error: 'Those words are too common to search for; add a more specific word (a name, a place, a topic).',
    };
  }
  const excerptOf = (h: PassageHit) => bestExcerpt(corpus.paragraph(h.passage.doc, h.passage.paragraph), h.terms);
  // The same sentence can stand in several documents (wire copy); show it once.
  const { results } = distinctResults(
    (n) => corpus.searchPassages(q, { limit: n }),
    limit,
    (h) => textKey(excerptOf(h).excerpt),
    (h) => {
      const ex = excerptOf(h);
      return {
        answer: ex.answer,
        excerpt: ex.excerpt,
        citation: corpus.citation(h.passage.doc, h.passage.paragraph),
        score: round(h.score),
      };
    },
  );
  if (results.length === 0) {
    const suggestions = corpus.suggest(q);
    return {
      command: 'search',
      query,
      results,
      message: `Nothing in the corpus matches “${q}”.`,
      ...(suggestions.length ? { suggestions } : {}),
    };
  }
  return { command: 'search', query, results, total: results.length };
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
