/**
 * "Find sources": the passages of the corpus that best support what a message says. The message's
 * words are ranked against every passage as /search ranks them (rarer shared words weigh more),
 * so the best passages share its most specific words: names, places, figures, topics. Nothing is
 * judged true or false; the member reads the cited passages.
 */
import type { CorpusStore } from '../corpus/types.js';
import { search } from './search.js';
import type { Answer, Result } from './types.js';

/** Characters of a message used: enough for a claim or two, short enough to carry in the reply (its question line). */
export const SOURCES_TEXT_MAX = 280;
export const SOURCES_LIMIT = 6;

/** The part of a message that says something: mentions, links, custom emoji and markup taken out, cut at a word. */
export function statementOf(text: string): string {
  const plain = text
    .replace(/<(?:@[!&]?|#)\d+>/g, ' ')
    .replace(/<a?:\w+:\d+>/g, ' ')
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/[*_~`|>#]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (plain.length <= SOURCES_TEXT_MAX) return plain;
  const cut = plain.slice(0, SOURCES_TEXT_MAX);
  const space = cut.lastIndexOf(' ');
  return space > SOURCES_TEXT_MAX / 2 ? cut.slice(0, space) : cut;
}

export async function findSources(corpus: CorpusStore, text: string): Promise<Answer<Result>> {
  const statement = statementOf(text);
  if (!statement) return { command: 'sources', query: text, error: 'That message has no words to look for sources of.' };
  const found = await search(corpus, statement, SOURCES_LIMIT);
  if (found.error !== undefined) {
    return {
      command: 'sources',
      query: statement,
      error: 'That message has no specific words (names, places, topics) to find sources by.',
    };
  }
  if (found.results.length === 0) {
    return { command: 'sources', query: statement, results: [], message: 'No passage in the corpus shares what this message says.' };
  }
  return {
    command: 'sources',
    query: statement,
    heading: 'Passages that best support this',
    results: found.results,
    total: found.results.length,
  };
}
