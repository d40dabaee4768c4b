/**
 * Quotations and their speakers (issue #5). Quotes are found on the marks (quotes/find.ts);
 * each is then attributed by ordered rules (quotes/rules.ts): the speech verb next to it, before
 * or after, and the document's history of speakers for pronouns ("he said"), descriptions ("the
 * diplomat noted") and statements ("the statement continued"). A quote no rule fits stays
 * unattributed: a wrong speaker is worse than none, so there is no nearest-name fallback.
 */
import type { Paragraph, ParsedDoc } from '../../types.js';
import { DocContext } from './context.js';
import { firstDecision } from './engine.js';
import { findQuotes, quoteWords, type FoundQuote } from './find.js';
import { ATTRIBUTION_RULES, REPORTED_REACH, REPORTED_RULES, VERB_NEAR_AFTER, VERB_NEAR_BEFORE, firstVerb, type Previous } from './rules.js';
import type { PersonFact, QuoteFact } from '../types.js';

export { findQuotes } from './find.js';
export type { QuoteAttribution } from './context.js';

/** Quotes of fewer words are scare quotes or titles unless a speech verb stands right after them. */
const MIN_WORDS = 3;
/** How far before an opening mark an attribution is looked for (verb reach plus a long subject with its role). */
const PRE_REACH = REPORTED_REACH + 400;

export function extractQuotes(doc: ParsedDoc, people: PersonFact[]): QuoteFact[] {
  const paras = doc.paragraphs;
  const byN = (n: number): Paragraph => paras[n - 1];
  const found = findQuotes(paras);
  const foundIndex = new Map(found.map((q, i) => [q, i] as const));
  const ctx = new DocContext(doc, people);

  // Quotes and reported-speech sentences are visited in reading order so that a pronoun
  // resolves to the latest speaker before it.
  type Ev = { paragraph: number; at: number; quote?: FoundQuote; sentence?: number };
  const events: Ev[] = [];
  const covered = new Map<number, { from: number; to: number }[]>();
  for (const q of found) {
    events.push({ paragraph: q.parts[0].paragraph, at: q.parts[0].open, quote: q });
    for (const pt of q.parts) {
      const list = covered.get(pt.paragraph) ?? [];
      list.push({ from: pt.open, to: pt.close });
      covered.set(pt.paragraph, list);
    }
  }
  for (const p of paras) {
    if (p.heading) continue;
    // Sentences and quote parts are both in reading order: one forward walk, not a scan per sentence.
    const cov = (covered.get(p.n) ?? []).sort((x, y) => x.from - y.from);
    let c = 0;
    p.sentences.forEach((s, i) => {
      while (c < cov.length && cov[c].to <= s.start) c++;
      for (let k = c; k < cov.length && cov[k].from < s.end; k++) if (cov[k].to > s.start) return;
      events.push({ paragraph: p.n, at: s.start, sentence: i });
    });
  }
  events.sort((a, b) => a.paragraph - b.paragraph || a.at - b.at);

  const out: QuoteFact[] = [];
  let previous = null as Previous | null;
  for (const ev of events) {
    if (ev.sentence !== undefined) {
      reported(ctx, byN(ev.paragraph), ev.sentence);
      continue;
    }
    const q = ev.quote!;
    const first = q.parts[0];
    const last = q.parts[q.parts.length - 1];
    const p0 = byN(first.paragraph);
    const pl = byN(last.paragraph);
    // A comma before the closing mark ("…friendship,”) belongs to the sentence around the quote.
    const words0 = quoteWords(q, byN);
    const text = words0.replace(/[,;:]+$/, '');
    const words = text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
    const sentence = sentenceAt(p0, first.open);
    const lastSentence = pl.sentences[sentenceAt(pl, Math.max(last.open, last.close - 1))];

    // The text around the quote, within its sentence and not reaching into a neighbouring quote.
    const prevClose = previous && previous.paragraph === first.paragraph ? previous.close : 0;
    // Bounded: an attribution stands within REPORTED_REACH of the quote plus its subject, and an
    // unbounded stretch makes a paragraph of many unclosed marks quadratic.
    const preStart = Math.max(p0.sentences[sentence]?.start ?? 0, prevClose, first.open - PRE_REACH);
    const pre = p0.text.slice(preStart, first.open);
    const nextOpen = nextOpening(found, foundIndex.get(q)!, last.paragraph, last.close) ?? pl.text.length;
    let post =
      last.close <= (lastSentence?.end ?? 0) || q.closed
        ? pl.text.slice(last.close, Math.min(lastSentence?.end ?? pl.text.length, nextOpen))
        : '';
    // “Why?” he asked. — a question or exclamation mark ends the sentence for the splitter, not for the attribution.
    if (!post.trim() && q.closed && /[?!]$/.test(quoteWords(q, byN))) {
      const next = pl.sentences.find((x) => x.start >= last.close);
      if (next && next.start >= last.close && next.end - next.start <= 60 && next.start < nextOpen)
        post = pl.text.slice(last.close, next.end);
    }

    const decision = firstDecision(ATTRIBUTION_RULES, {
      ctx,
      quote: q,
      first,
      last,
      p0,
      pre,
      preStart,
      post,
      previous,
      sentence,
      sentenceStart: p0.sentences[sentence]?.start ?? 0,
      byN,
    });
    const resolved = decision?.out ?? null;
    const adjacentAfter = decision?.rule === 'speech-verb-after';

    // A speech verb whose subject could not be read still means someone else is speaking:
    // a later "he said" must not pass over them to an earlier speaker.
    if (!resolved && (VERB_NEAR_AFTER.test(post) || VERB_NEAR_BEFORE.test(pre))) ctx.unknownSpeaker(last.paragraph);

    if (words < MIN_WORDS && !(adjacentAfter && words >= 2)) {
      // Too short to answer with, but its speaker is still the latest one ("Safin said he had “given up”").
      if (resolved) ctx.remember(resolved, last.paragraph);
      continue;
    }
    const fact: QuoteFact = {
      text,
      paragraph: first.paragraph,
      start: first.open,
      endParagraph: last.paragraph,
      end: last.close,
      sentence,
      speaker: resolved?.speaker ?? null,
      speakerKind: resolved?.kind ?? 'unattributed',
      partial: /^[\p{Ll}]/u.test(words0) || !/[.!?,…;:—–-]['’]?$/u.test(words0),
    };
    if (resolved?.role) fact.speakerRole = resolved.role;
    if (resolved) {
      fact.attribution = resolved.how;
      ctx.remember(resolved, last.paragraph);
    }
    if (!q.closed) fact.unclosed = true;
    out.push(fact);
    previous = { resolved, paragraph: last.paragraph, close: last.close, sentence: sentenceAt(pl, Math.max(last.open, last.close - 1)) };
  }
  return out;
}

/** A sentence of reported speech ("Time Warner said on Friday …") makes its subject the latest speaker. */
function reported(ctx: DocContext, p: Paragraph, i: number): void {
  const s = p.sentences[i];
  const text = p.text.slice(s.start, s.end);
  const d = firstDecision(REPORTED_RULES, { ctx, p, start: s.start, text, verb: firstVerb(text) });
  if (!d) return;
  if ('speaker' in d.out) {
    ctx.remember(d.out.speaker, p.n);
    ctx.lastReported = { resolved: d.out.speaker, paragraph: p.n, sentence: i, lastOfParagraph: i === p.sentences.length - 1 };
  } else if ('opener' in d.out) ctx.opener(p, s.start, text);
}

function sentenceAt(p: Paragraph, offset: number): number {
  const i = p.sentences.findIndex((s) => offset < s.end);
  return i < 0 ? Math.max(0, p.sentences.length - 1) : i;
}

/**
 * Where the next quote opens in a paragraph after a given offset. Quotes come in reading order
 * and do not overlap, so the walk starts after the quote itself and stops at the first fit.
 */
function nextOpening(found: readonly FoundQuote[], from: number, paragraph: number, after: number): number | undefined {
  for (let j = from + 1; j < found.length; j++) {
    const start = found[j].parts[0];
    if (start.paragraph > paragraph) return undefined;
    if (start.paragraph === paragraph && start.open >= after) return start.open;
  }
  return undefined;
}
