/**
 * /quote: what someone said (the query names a speaker) or what was said about a topic.
 * A speaker query lists that speaker's quotes in document order; otherwise the quotes whose
 * words match, best first. Each result is the quoted words with the speaker, their role, the
 * verbatim sentence(s) around the quote and the paragraph where it opens.
 */
import type { QuoteFact } from '../extract/types.js';
import type { Corpus } from '../index/corpus.js';
import { speakerKey, type QuoteEntry, type Speaker } from '../index/quotes.js';
import { queryTerms } from '../index/text.js';
import type { Paragraph } from '../types.js';
import { distinctResults, textKey } from './distinct.js';
import type { Answer, Result } from './types.js';

export interface QuoteResult extends Result {
  speaker: string | null;
  speakerRole?: string;
  speakerKind: QuoteFact['speakerKind'];
  partial: boolean;
}

export const QUOTE_LIMIT = 10;
/** Past this length an excerpt keeps the opening and the closing sentence (the attribution). */
const EXCERPT_SOFT_MAX = 600;

export function quote(corpus: Corpus, query: string, limit = QUOTE_LIMIT): Answer<QuoteResult> {
  const q = query.trim();
  if (!q) return { command: 'quote', query, error: 'Name a speaker or a topic, e.g. `/quote Kugelman` or `/quote border fencing`.' };
  if (queryTerms(q).length === 0) {
    return { command: 'quote', query, error: 'Those words are too common to search for; give a name or a more specific topic.' };
  }
  const index = corpus.quotes;
  const speakers = speakersFor(corpus, q);
  if (speakers.length) {
    const [best, ...others] = speakers;
    const ids = best.quotes;
    const results = ids.slice(0, limit).map((id) => toResult(corpus, index.quotes[id]));
    return {
      command: 'quote',
      query,
      // "a spokesman" in two documents is two people: no heading that makes them one.
      ...(best.kind === 'anonymous' ? {} : { heading: best.name }),
      results,
      total: ids.length,
      // Other speakers the query could mean; each is a query that finds quotes.
      ...(others.length ? { suggestions: others.map((s) => s.name) } : {}),
    };
  }
  // Wire copy repeats quotes across documents: show each once.
  const { results, hits } = distinctResults(
    (n) => index.searchTopic(q, n),
    limit,
    (h) => `${textKey(index.quotes[h.quote].fact.text)}|${index.quotes[h.quote].fact.speaker ?? ''}`,
    (h) => toResult(corpus, index.quotes[h.quote]),
  );
  if (results.length === 0) {
    const suggestions = index.autocomplete(q, 3).map((s) => s.name);
    return {
      command: 'quote',
      query,
      results,
      message: `No quotes by or about “${q}” in the corpus.`,
      ...(suggestions.length ? { suggestions } : {}),
    };
  }
  return { command: 'quote', query, results, total: Math.max(hits, results.length) };
}

/**
 * The speakers a query names: the people index's match for it (name, alias, surname, typo)
 * when one of its names has quotes, then the quote index's own speaker names.
 */
function speakersFor(corpus: Corpus, q: string): Speaker[] {
  const index = corpus.quotes;
  const out: Speaker[] = [];
  const add = (s: Speaker | undefined) => {
    if (s && !out.includes(s)) out.push(s);
  };
  const people = corpus.people as { lookup?: (q: string, n?: number) => { entry: { name: string; aliases: string[] } }[] };
  if (typeof people.lookup === 'function') {
    for (const m of people.lookup(q, 5)) add(index.speaker(m.entry.name));
  }
  for (const m of index.matchSpeakers(q)) add(m.speaker);
  // A speaker named exactly as asked comes first; otherwise the most quoted of those the
  // query fits ("Blair" → Tony Blair rather than a lone "Blair" in one document). A full name
  // asked exactly wins.
  const key = speakerKey(q);
  const exact = (s: Speaker) => Number(key.includes(' ') && speakerKey(s.name) === key);
  return out.sort((a, b) => exact(b) - exact(a) || b.quotes.length - a.quotes.length);
}

function toResult(corpus: Corpus, e: QuoteEntry): QuoteResult {
  const f = e.fact;
  const p = corpus.paragraph(e.doc, f.paragraph);
  const r: QuoteResult = {
    answer: f.text,
    excerpt: excerptOf(p, f),
    citation: corpus.citation(e.doc, f.paragraph),
    speaker: f.speaker,
    speakerKind: f.speakerKind,
    partial: f.partial,
  };
  if (f.speakerRole) r.speakerRole = f.speakerRole;
  return r;
}

/**
 * The sentences of the opening paragraph that hold the quote and its attribution, verbatim.
 * A long quote keeps its first sentence(s) and the sentence that closes it, joined by " … ".
 */
export function excerptOf(p: Paragraph, f: QuoteFact): string {
  const spans = p.sentences.length ? p.sentences : [{ start: 0, end: p.text.length }];
  const first = Math.max(
    0,
    spans.findIndex((s) => f.start < s.end),
  );
  const closeAt = f.endParagraph === f.paragraph ? f.end - 1 : p.text.length - 1;
  let last = spans.findIndex((s) => closeAt < s.end);
  if (last < 0) last = spans.length - 1;
  const whole = p.text.slice(spans[first].start, spans[last].end);
  if (whole.length <= EXCERPT_SOFT_MAX || last === first) return whole;
  let head = first;
  while (head + 1 < last && spans[head + 1].end - spans[first].start <= EXCERPT_SOFT_MAX / 2) head++;
  return `${p.text.slice(spans[first].start, spans[head].end)} … ${p.text.slice(spans[last].start, spans[last].end)}`;
}
