/** /search: the best passages for some words, each an excerpt with its citation. */
import type { CorpusStore, PassageFound } from '../corpus/types.js';
import { queryTerms } from '../index/text.js';
import { distinctHits, textKey } from './distinct.js';
import { bestExcerpt, type Excerpt } from './excerpt.js';
import { SUGGESTIONS, type Answer, type Result } from './types.js';

export interface SearchResult extends Result {
  score: number;
}

export const SEARCH_LIMIT = 10;

export async function search(corpus: CorpusStore, query: string, limit = SEARCH_LIMIT): Promise<Answer<SearchResult>> {
  const q = query.trim();
  if (!q) return { command: 'search', query, error: 'Type some words to search for, e.g. `/search border fencing`.' };
  if (queryTerms(q).length === 0) {
    return {
      command: 'search',
      query,
      error: 'Those words are too common to search for; add a more specific word (a name, a place, a topic).',
    };
  }
  // Excerpts are cut only for the hits looked at (to tell copies apart), once each.
  const excerpts = new Map<PassageFound, Excerpt>();
  const excerptOf = (h: PassageFound) => {
    let ex = excerpts.get(h);
    if (!ex) excerpts.set(h, (ex = bestExcerpt(h.paragraph, h.terms)));
    return ex;
  };
  // The same sentence can stand in several documents (wire copy); show it once.
  const { distinct } = await distinctHits(
    (n) => corpus.searchPassages(q, n),
    limit,
    (h) => textKey(excerptOf(h).excerpt),
  );
  const results: SearchResult[] = distinct.map((h) => {
    const ex = excerptOf(h);
    return { answer: ex.answer, excerpt: ex.excerpt, citation: h.citation, score: round(h.score) };
  });
  if (results.length === 0) {
    const suggestions = await corpus.suggest(q, SUGGESTIONS);
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
