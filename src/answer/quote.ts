/**
 * /quote: what someone said (the query names a speaker) or what was said about a topic.
 * A speaker query lists that speaker's quotes in document order; otherwise the quotes whose
 * words match, best first. Each result is the quoted words with the speaker, their role, the
 * verbatim sentence(s) around the quote and the paragraph where it opens.
 */
import type { QuoteFact } from '../extract/types.js';
import type { Corpus } from '../index/corpus.js';
import { ADDRESS, NAME_HONORIFICS, TITLE_HEADS } from '../extract/lexicon.js';
import { editDistance } from '../index/people.js';
import { speakerKey, type QuoteEntry, type Speaker, type TopicHit } from '../index/quotes.js';
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
  const words = typedWords(q);
  // A speaker query names a speaker and nothing else ("Kugelman", "Mr Blair", a typo of a name).
  const speakers = speakersFor(corpus, q);
  const named = speakers.filter((s) => namesOnly(words, s.name));
  if (named.length) {
    const [best] = named;
    const others = speakers.filter((s) => s !== best);
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
  // Words of a quotation that hold a name ("this is who Donald Trump is") are a phrase to find,
  // not a speaker; failing that, a speaker and a topic ("Kugelman fencing") narrow to that
  // speaker's quotes on the topic.
  if (!describesQuote(corpus, q, words)) {
    const narrowed = speakerOnTopic(corpus, query, words, limit);
    if (narrowed) return narrowed;
  }
  // Wire copy repeats quotes across documents: show each once.
  const { results, hits } = distinctResults(
    (n) => phraseFirst(corpus, index.searchTopic(q, n), words),
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

/** The words of a query as typed, lower case, stop words kept (they tell a phrase from a name). */
function typedWords(q: string): string[] {
  return speakerKey(q)
    .split(/[^\p{L}\p{N}'-]+/u)
    .filter(Boolean);
}

/** Every word is part of the name, a form of address or title, a prefix of a name word, or a near miss of one. */
function namesOnly(words: readonly string[], name: string): boolean {
  const nameWords = typedWords(name);
  return words.every(
    (w) =>
      ADDRESS.has(w) ||
      TITLE_HEADS.has(w) ||
      NAME_HONORIFICS.has(w) ||
      nameWords.some((n) => n === w || (w.length >= 4 && n.startsWith(w)) || (w.length >= 5 && editDistance(w, n) <= 2)),
  );
}

/** The quotation's words hold the query's words in a row (case and punctuation aside). */
function holdsPhrase(text: string, words: readonly string[]): boolean {
  return ` ${typedWords(text).join(' ')} `.includes(` ${words.join(' ')} `);
}

const PHRASE_PROBE = 20;

/**
 * The query describes one quotation: one of the best matches holds its words as a phrase, or holds
 * every word of it that is searched for ("donald trump shown believe" from a quote about Trump).
 */
function describesQuote(corpus: Corpus, q: string, words: readonly string[]): boolean {
  const index = corpus.quotes;
  const terms = queryTerms(q);
  return index.searchTopic(q, PHRASE_PROBE).some((h) => {
    const text = index.quotes[h.quote].fact.text;
    if (words.length >= 3 && holdsPhrase(text, words)) return true;
    const held = new Set(queryTerms(text));
    return terms.length >= 2 && terms.every((t) => held.has(t));
  });
}

/** Quotes that hold the query as a phrase first, in their order; then the rest. */
function phraseFirst(corpus: Corpus, hits: TopicHit[], words: readonly string[]): TopicHit[] {
  if (words.length < 3) return hits;
  const index = corpus.quotes;
  const has = hits.map((h) => holdsPhrase(index.quotes[h.quote].fact.text, words));
  return [...hits.filter((_, i) => has[i]), ...hits.filter((_, i) => !has[i])];
}

/** Longest name first, at most this many words. */
const NAME_WINDOW = 4;
const TOPIC_PROBE = 1000;

/**
 * A speaker named by some consecutive words of the query, and the quotes of theirs that match the
 * other words; undefined when no part of the query names a speaker with quotes on the rest.
 */
function speakerOnTopic(corpus: Corpus, query: string, words: readonly string[], limit: number): Answer<QuoteResult> | undefined {
  const index = corpus.quotes;
  for (let len = Math.min(NAME_WINDOW, words.length - 1); len >= 1; len--) {
    for (let i = 0; i + len <= words.length; i++) {
      const part = words.slice(i, i + len);
      const rest = [...words.slice(0, i), ...words.slice(i + len)].join(' ');
      if (!queryTerms(part.join(' ')).length || !queryTerms(rest).length) continue;
      const speaker = speakersFor(corpus, part.join(' ')).find((s) => s.kind !== 'anonymous' && namesOnly(part, s.name));
      if (!speaker) continue;
      const theirs = new Set(speaker.quotes);
      const ids = index
        .searchTopic(rest, TOPIC_PROBE)
        .filter((h) => theirs.has(h.quote))
        .map((h) => h.quote);
      if (!ids.length) continue;
      return {
        command: 'quote',
        query,
        heading: speaker.name,
        results: ids.slice(0, limit).map((id) => toResult(corpus, index.quotes[id])),
        total: ids.length,
      };
    }
  }
  return undefined;
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
