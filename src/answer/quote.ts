/**
 * /quote: what someone said (the query names a speaker) or what was said about a topic.
 * A speaker query lists that speaker's quotes in document order; otherwise the quotes whose
 * words match, best first. Each result is the quoted words with the speaker, their role, the
 * verbatim sentence(s) around the quote and the paragraph where it opens.
 */
import type { QuoteFact } from '../extract/types.js';
import type { CorpusStore, QuoteFound, QuoteHit, SpeakerRef } from '../corpus/types.js';
import { ADDRESS, NAME_HONORIFICS, TITLE_HEADS } from '../extract/lexicon.js';
import { editDistance } from '../index/people.js';
import { speakerKey } from '../index/quotes.js';
import { queryTerms } from '../index/text.js';
import type { Paragraph } from '../types.js';
import { distinctHits, textKey } from './distinct.js';
import { SUGGESTIONS, type Answer, type Result } from './types.js';

export interface QuoteResult extends Result {
  speaker: string | null;
  speakerRole?: string;
  speakerKind: QuoteFact['speakerKind'];
  partial: boolean;
}

export const QUOTE_LIMIT = 10;
/** Past this length an excerpt keeps the opening and the closing sentence (the attribution). */
const EXCERPT_SOFT_MAX = 600;

export async function quote(corpus: CorpusStore, query: string, limit = QUOTE_LIMIT): Promise<Answer<QuoteResult>> {
  const q = query.trim();
  if (!q) return { command: 'quote', query, error: 'Name a speaker or a topic, e.g. `/quote Kugelman` or `/quote border fencing`.' };
  if (queryTerms(q).length === 0) {
    return { command: 'quote', query, error: 'Those words are too common to search for; give a name or a more specific topic.' };
  }
  const words = typedWords(q);
  // A speaker query names a speaker and nothing else ("Kugelman", "Mr Blair", a typo of a name).
  const speakers = await speakersFor(corpus, q);
  const named = speakers.filter((s) => namesOnly(words, s.name));
  if (named.length) {
    const [best] = named;
    const others = speakers.filter((s) => s !== best);
    const { quotes, total } = await corpus.quotesBy(best.name, limit);
    return {
      command: 'quote',
      query,
      // "a spokesman" in two documents is two people: no heading that makes them one.
      ...(best.kind === 'anonymous' ? {} : { heading: best.name }),
      results: quotes.map(toResult),
      total,
      // Other speakers the query could mean; each is a query that finds quotes.
      ...(others.length ? { suggestions: others.map((s) => s.name) } : {}),
    };
  }
  // Words of a quotation that hold a name ("this is who Donald Trump is") are a phrase to find,
  // not a speaker; failing that, a speaker and a topic ("Kugelman fencing") narrow to that
  // speaker's quotes on the topic.
  if (!(await describesQuote(corpus, q, words))) {
    const narrowed = await speakerOnTopic(corpus, query, words, limit);
    if (narrowed) return narrowed;
  }
  // Wire copy repeats quotes across documents: show each once.
  const { distinct, hits } = await distinctHits(
    async (n) => phraseFirst(await corpus.searchQuotes(q, { limit: n }), words),
    limit,
    (h) => `${textKey(h.text)}|${h.speaker ?? ''}`,
  );
  const results = (await corpus.quotes(distinct.map((h) => h.id))).map(toResult);
  if (results.length === 0) {
    const suggestions = (await corpus.speakerNames(q, SUGGESTIONS)).map((s) => s.name);
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
async function describesQuote(corpus: CorpusStore, q: string, words: readonly string[]): Promise<boolean> {
  const terms = queryTerms(q);
  return (await corpus.searchQuotes(q, { limit: PHRASE_PROBE })).some((h) => {
    if (words.length >= 3 && holdsPhrase(h.text, words)) return true;
    const held = new Set(queryTerms(h.text));
    return terms.length >= 2 && terms.every((t) => held.has(t));
  });
}

/** Quotes that hold the query as a phrase first, in their order; then the rest. */
function phraseFirst(hits: QuoteHit[], words: readonly string[]): QuoteHit[] {
  if (words.length < 3) return hits;
  const has = hits.map((h) => holdsPhrase(h.text, words));
  return [...hits.filter((_, i) => has[i]), ...hits.filter((_, i) => !has[i])];
}

/** Longest name first, at most this many words. */
const NAME_WINDOW = 4;
const TOPIC_PROBE = 1000;

/**
 * A speaker named by some consecutive words of the query, and the quotes of theirs that match the
 * other words; undefined when no part of the query names a speaker with quotes on the rest.
 */
async function speakerOnTopic(
  corpus: CorpusStore,
  query: string,
  words: readonly string[],
  limit: number,
): Promise<Answer<QuoteResult> | undefined> {
  const parts: { part: string[]; rest: string }[] = [];
  for (let len = Math.min(NAME_WINDOW, words.length - 1); len >= 1; len--) {
    for (let i = 0; i + len <= words.length; i++) {
      const part = words.slice(i, i + len);
      const rest = [...words.slice(0, i), ...words.slice(i + len)].join(' ');
      if (queryTerms(part.join(' ')).length && queryTerms(rest).length) parts.push({ part, rest });
    }
  }
  // Every part's speakers in one request (a database store answers them together), then tried in order.
  const found = await speakersForAll(
    corpus,
    parts.map((p) => p.part.join(' ')),
  );
  for (const [j, { part, rest }] of parts.entries()) {
    const speaker = found[j].find((s) => s.kind !== 'anonymous' && namesOnly(part, s.name));
    if (!speaker) continue;
    const ids = (await corpus.searchQuotes(rest, { limit: TOPIC_PROBE, speaker: speaker.name })).map((h) => h.id);
    if (!ids.length) continue;
    return {
      command: 'quote',
      query,
      heading: speaker.name,
      results: (await corpus.quotes(ids.slice(0, limit))).map(toResult),
      total: ids.length,
    };
  }
  return undefined;
}

/**
 * The speakers a query names (the store's candidates: the people index's matches that have
 * quotes, then the quote index's own speaker names), best first.
 */
async function speakersFor(corpus: CorpusStore, q: string): Promise<SpeakerRef[]> {
  return ranked(q, await corpus.speakers(q));
}

/** speakersFor of several queries at once. */
async function speakersForAll(corpus: CorpusStore, qs: readonly string[]): Promise<SpeakerRef[][]> {
  if (!qs.length) return [];
  return (await corpus.speakersOf(qs)).map((out, i) => ranked(qs[i], out));
}

function ranked(q: string, out: SpeakerRef[]): SpeakerRef[] {
  // A speaker named exactly as asked comes first; otherwise the most quoted of those the
  // query fits ("Blair" → Tony Blair rather than a lone "Blair" in one document). A full name
  // asked exactly wins.
  const key = speakerKey(q);
  const exact = (s: SpeakerRef) => Number(key.includes(' ') && speakerKey(s.name) === key);
  return out.sort((a, b) => exact(b) - exact(a) || b.quotes - a.quotes);
}

function toResult(e: QuoteFound): QuoteResult {
  const f = e.fact;
  const r: QuoteResult = {
    answer: f.text,
    excerpt: excerptOf(e.paragraph, f),
    citation: e.citation,
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
