/** Choosing the one or two sentences of a paragraph that answer best. */
import type { Paragraph, Span } from '../types.js';
import { processTerm, tokenize } from '../index/text.js';

export function sentenceText(p: Paragraph, i: number): string {
  const s = p.sentences[i];
  return s ? p.text.slice(s.start, s.end) : p.text;
}

export function spanText(p: Paragraph, from: number, to: number): string {
  const a: Span | undefined = p.sentences[from];
  const b: Span | undefined = p.sentences[to];
  if (!a || !b) return p.text;
  return p.text.slice(a.start, b.end);
}

function termsOf(text: string): Set<string> {
  const out = new Set<string>();
  for (const w of tokenize(text)) {
    const t = processTerm(w);
    if (t) out.add(t);
  }
  return out;
}

export interface Excerpt {
  /** The best sentence. */
  answer: string;
  /** The best sentence, with its neighbour when that adds matched words. */
  excerpt: string;
  sentence: number;
}

/** The sentence with most matched terms (earlier wins ties), widened by one neighbour if it helps. */
export function bestExcerpt(p: Paragraph, matched: readonly string[]): Excerpt {
  const want = new Set(matched);
  const sets = p.sentences.map((_, i) => termsOf(sentenceText(p, i)));
  let best = 0;
  let bestCount = -1;
  sets.forEach((s, i) => {
    let c = 0;
    for (const t of want) if (s.has(t)) c++;
    if (c > bestCount) {
      best = i;
      bestCount = c;
    }
  });
  const covered = sets[best] ?? new Set<string>();
  const adds = (i: number) => [...want].filter((t) => !covered.has(t) && sets[i]?.has(t)).length;
  let from = best;
  let to = best;
  if (best + 1 < sets.length && adds(best + 1) > 0) to = best + 1;
  else if (best > 0 && adds(best - 1) > 0) from = best - 1;
  return { answer: sentenceText(p, best), excerpt: spanText(p, from, to), sentence: best };
}
