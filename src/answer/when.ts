/** /when: the dated sentences that best match some words, each with its date as written and as resolved. */
import type { CorpusStore, DateEvent } from '../corpus/types.js';
import { processTerm, queryTerms } from '../index/text.js';
import type { DateModifier, DatePrecision } from '../extract/types.js';
import type { Citation } from '../types.js';
import { distinctHits, textKey } from './distinct.js';
import { SUGGESTIONS, type Answer, type Result } from './types.js';

/** What every dated result carries (/when, /timeline, the digest). */
export interface DateResult extends Result {
  dateText: string;
  date: string | null;
  precision: DatePrecision;
  kind: 'absolute' | 'relative' | 'event-relative';
  anchor?: string;
  /** The third of the period meant ("early 1998" → `early`), when the text names one. */
  modifier?: DateModifier;
  /** How the date was resolved, or why not. */
  note?: string;
}

export interface WhenResult extends DateResult {
  /** The sentence's other dates, when it has several. */
  otherDates?: { dateText: string; date: string | null; precision: DatePrecision }[];
  score: number;
}

export const WHEN_LIMIT = 10;

/** The fields every dated result carries, from one event, its sentence and its citation. */
export function dateFields(ev: DateEvent, sentence: string, citation: Citation): DateResult {
  const r: DateResult = {
    answer: ev.fact.text,
    dateText: ev.fact.text,
    date: ev.date,
    precision: ev.precision,
    kind: ev.fact.kind,
    excerpt: sentence,
    citation,
  };
  if (ev.fact.anchor) r.anchor = ev.fact.anchor;
  if (ev.fact.modifier) r.modifier = ev.fact.modifier;
  if (ev.note) r.note = ev.note;
  return r;
}

/** Word positions of matched terms in a sentence, to find the date that goes with them. */
function matchedPositions(sentence: string, terms: ReadonlySet<string>): number[] {
  const out: number[] = [];
  for (const m of sentence.matchAll(/[\p{L}\p{N}]+/gu)) {
    const t = processTerm(m[0]);
    if (t && terms.has(t)) out.push(m.index + m[0].length / 2);
  }
  return out;
}

export async function when(
  corpus: CorpusStore,
  query: string,
  order: 'relevance' | 'date' = 'relevance',
  limit = WHEN_LIMIT,
): Promise<Answer<WhenResult>> {
  const q = query.trim();
  if (!q) return { command: 'when', query, error: 'Say what happened, e.g. `/when border attack` or `/when Vahidi visit order:date`.' };
  if (queryTerms(q).length === 0) {
    return {
      command: 'when',
      query,
      error: 'Those words are too common to search for; add a more specific word (a name, a place, an event).',
    };
  }
  // Wire copy repeats sentences across documents; show each once.
  const { distinct } = await distinctHits(
    (n) => corpus.searchDated(q, n),
    limit,
    (h) => textKey(h.text),
  );
  const found = distinct.map((h) => {
    const events = h.events;
    // The date nearest the matched words answers; a resolved date beats an unresolved one at equal distance.
    const at = matchedPositions(h.text, new Set(h.terms));
    const dist = (ev: DateEvent) => {
      const mid = (ev.fact.start + ev.fact.end) / 2 - h.offset;
      return (at.length ? Math.min(...at.map((p) => Math.abs(p - mid))) : 0) + (ev.date ? 0 : 0.5);
    };
    const best = events.reduce((a, b) => (dist(b) < dist(a) ? b : a));
    const r: WhenResult = { ...dateFields(best, h.text, h.citation), score: Math.round(h.score * 1000) / 1000 };
    const others = events.filter((e) => e !== best);
    if (others.length) r.otherDates = others.map((e) => ({ dateText: e.fact.text, date: e.date, precision: e.precision }));
    return { r, start: best.start ?? Infinity };
  });
  const results = found.map((f) => f.r);
  if (results.length === 0) {
    const suggestions = await corpus.suggestDated(q, SUGGESTIONS);
    return {
      command: 'when',
      query,
      results,
      message: `No dated sentence in the corpus matches “${q}”.`,
      ...(suggestions.length ? { suggestions } : {}),
    };
  }
  if (order === 'date') {
    // Stable: equal dates keep their relevance order; unresolved dates go last.
    const starts = new Map(found.map((f) => [f.r, f.start]));
    results.sort((a, b) => starts.get(a)! - starts.get(b)! || 0);
  }
  return { command: 'when', query, results, total: results.length };
}
