/** /timeline: dated events in date order across documents, each cited — and the digest's backbone. */
import type { CorpusStore } from '../corpus/types.js';
import { queryTerms } from '../index/text.js';
import { SUGGESTIONS, type Answer } from './types.js';
import { dateFields, type DateResult } from './when.js';

export type TimelineResult = DateResult;

export const TIMELINE_LIMIT = 25;

export async function timeline(corpus: CorpusStore, topic = '', limit = TIMELINE_LIMIT): Promise<Answer<TimelineResult>> {
  const t = topic.trim();
  if (t && queryTerms(t).length === 0) {
    return {
      command: 'timeline',
      query: topic,
      error: 'Those words are too common to search for; add a more specific word, or leave the topic out for the latest events.',
    };
  }
  const { events, total } = await corpus.timeline(t || undefined, limit);
  const results: TimelineResult[] = [];
  const seen = new Set<string>();
  for (const ev of events) {
    const r = dateFields(ev.event, ev.text, ev.citation);
    // Wire copy repeats a sentence in several documents: one line per sentence and date.
    const key = `${r.date} ${r.excerpt.replace(/\s+/g, ' ')}`;
    if (seen.has(key)) continue;
    seen.add(key);
    results.push(r);
  }
  if (results.length === 0) {
    const suggestions = t ? await corpus.suggestDated(t, SUGGESTIONS) : [];
    return {
      command: 'timeline',
      query: topic,
      results,
      message: t ? `No dated event in the corpus matches “${t}”.` : 'No dated events in the corpus yet.',
      ...(suggestions.length ? { suggestions } : {}),
    };
  }
  const shown =
    total > results.length
      ? t
        ? `the ${results.length} most relevant of ${total} dated events, in date order`
        : `the latest ${results.length} of ${total} dated events, in date order`
      : undefined;
  return { command: 'timeline', query: topic, results, total, ...(shown ? { message: `Showing ${shown}.` } : {}) };
}
