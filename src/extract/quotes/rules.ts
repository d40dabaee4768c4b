/**
 * Where a quotation's speaker is written, as ordered rules (issue #13): after the quote
 * ("…," said X / "…," X said / "…," according to X), before it (X told Al-Monitor: "…" /
 * X agreed that … "…"), or nowhere when it continues the quote before it. The first rule that
 * finds a speaker wins. `REPORTED_RULES` read the sentences of reported speech between quotes,
 * so that a later "he said" knows who spoke last.
 */
import type { Paragraph } from '../../types.js';
import type { DocContext, QuoteAttribution, Resolved } from './context.js';
import type { Rule } from './engine.js';
import type { FoundQuote, QuotePart } from './find.js';
import { VERB_RE } from './speaker.js';
import { readSubject, type Subject } from './subject.js';

/** How far before a quote a speech verb can introduce it ("X agreed that … “…”"). */
export const REPORTED_REACH = 200;

const ACCORDING = /^[\s,]*(?:—\s*)?according to\s+(.+)$/is;
const STATEMENT_BY = /\bstatement\s+(?:(?:released|issued|published|put out|sent|posted)\s+)?(?:by|from)\s+(.+)$/i;

/** A quote attributed just before, for a quote that continues it. */
export interface Previous {
  resolved: Resolved | null;
  paragraph: number;
  close: number;
}

/** One quotation and the text around it, as the attribution rules see it. */
export interface QuoteSite {
  ctx: DocContext;
  quote: FoundQuote;
  first: QuotePart;
  last: QuotePart;
  /** The paragraph the quote opens in. */
  p0: Paragraph;
  /** The text of its sentence before the opening mark, from `preStart`. */
  pre: string;
  preStart: number;
  /** The text of its sentence after the closing mark, up to the next quote. */
  post: string;
  previous: Previous | null;
  byN: (n: number) => Paragraph;
}

/** The attribution rules, in order. */
export const ATTRIBUTION_RULES: Rule<QuoteSite, Resolved>[] = [
  {
    // "…," according to a statement released by X / according to police.
    name: 'according-to',
    apply({ post, ctx, last }) {
      const acc = ACCORDING.exec(post);
      return acc ? according(ctx, acc[1], last.paragraph, last.close + post.indexOf(acc[1])) : null;
    },
  },
  {
    // "…," said X / "…," X said.
    name: 'speech-verb-after',
    apply({ post, ctx, last }) {
      const r = post.trim() ? afterQuote(post) : null;
      return r ? ctx.resolve(r.subject, last.paragraph, last.close + r.offset, r.how) : null;
    },
  },
  {
    // X told Al-Monitor, "…" / He said: "…" / X agreed that … "…".
    name: 'speech-verb-before',
    apply({ pre, ctx, first, preStart }) {
      const r = pre.trim() ? beforeQuote(pre) : null;
      return r ? ctx.resolve(r.subject, first.paragraph, preStart + r.offset, r.how) : null;
    },
  },
  {
    // A quote standing alone right after an attributed one continues it (next sentence or paragraph).
    name: 'continues-previous',
    apply({ previous, ctx, pre, post, first, p0, byN }) {
      const prevSpeaker = previous?.resolved ?? null;
      if (!previous || !prevSpeaker || ctx.latest()?.speaker !== prevSpeaker.speaker || pre.trim() || /[\p{L}]/u.test(post)) return null;
      const sameParagraph = previous.paragraph === first.paragraph;
      const nextParagraph =
        previous.paragraph === first.paragraph - 1 && first.open === leadingSpace(p0.text) && lastQuoteClosesParagraph(previous, byN);
      return sameParagraph || nextParagraph ? { ...prevSpeaker, how: 'continued' } : null;
    },
  },
];

function leadingSpace(text: string): number {
  return text.length - text.trimStart().length;
}

/** Whether the earlier quote ends its paragraph (so that the next paragraph may continue it). */
function lastQuoteClosesParagraph(prev: { paragraph: number; close: number }, byN: (n: number) => Paragraph): boolean {
  const rest = byN(prev.paragraph).text.slice(prev.close);
  // Allow the attribution after it ("…,” he said.), nothing that starts another sentence of narration.
  return !/[.!?]["”]?\s+\p{Lu}/u.test(rest);
}

/** "according to a statement released by Ahmed", "according to police". */
function according(ctx: DocContext, rest: string, paragraph: number, at: number): Resolved | null {
  const clean = rest.replace(/[.!?]+["”]?\s*$/, '');
  const st = STATEMENT_BY.exec(clean);
  if (st) {
    const s = readSubject(cutAtClause(st[1]), false);
    const r = s ? ctx.resolve(s, paragraph, at + clean.indexOf(st[1]) + s.start, 'according-to') : null;
    return r ? { ...r, statement: true } : null;
  }
  const s = readSubject(cutAtClause(clean), false);
  return s && s.kind !== 'pronoun' ? ctx.resolve(s, paragraph, at + s.start, 'according-to') : null;
}

/** A sentence of reported speech, as the reported-speech rules see it. */
export interface ReportedCase {
  ctx: DocContext;
  p: Paragraph;
  /** The sentence's start in the paragraph, and its text. */
  start: number;
  text: string;
}

/** What a sentence of reported speech tells: who spoke, a person opening it, or nothing. */
export type ReportedOutcome = { speaker: Resolved } | { opener: true } | { nothing: true };

const OPENER: ReportedOutcome = { opener: true };
const NOTHING: ReportedOutcome = { nothing: true };

/** The reported-speech rules, in order. */
export const REPORTED_RULES: Rule<ReportedCase, ReportedOutcome>[] = [
  {
    name: 'according-to-statement',
    apply({ ctx, p, start, text }) {
      const acc = /\baccording to (?:a |the )?(?:joint |written )?statement (?:released |issued )?by\s+(.+)/i.exec(text);
      if (!acc) return null;
      const subj = readSubject(cutAtClause(acc[1]), false);
      const r = subj && ctx.resolve(subj, p.n, start + text.indexOf(acc[1]) + subj.start, 'according-to');
      return r ? { speaker: { ...r, statement: true } } : NOTHING;
    },
  },
  {
    // "…, said Mr Walsh." / "…, Mr Walsh said.": the attribution closes the sentence.
    name: 'attribution-closes-sentence',
    apply({ ctx, p, start, text }) {
      const body = text.replace(/[.!?]+["”]?\s*$/, '');
      // The last comma, or an earlier one that a speech verb follows (", said Mike Short, chairman of …").
      let comma = body.lastIndexOf(',');
      for (let c = comma, k = 0; c > 0 && k < 3; c = body.lastIndexOf(',', c - 1), k++) {
        if (VERB_AT_START.test(body.slice(c + 1, c + 40))) {
          comma = c;
          break;
        }
      }
      const tailText = comma > 0 && body.length - comma <= 160 ? body.slice(comma + 1) : '';
      if (!tailText.trim()) return null;
      const f = afterQuote(tailText);
      if (!f || f.subject.kind === 'pronoun') return null;
      const r = ctx.resolve(f.subject, p.n, start + comma + 1 + f.offset, 'reported');
      return r ? { speaker: r } : null;
    },
  },
  {
    // No speech verb near the start: perhaps a person opens the sentence.
    name: 'no-speech-verb',
    apply({ text }) {
      const m = VERB_ONE.exec(text);
      return !m || m.index === 0 || m.index > 160 ? OPENER : null;
    },
  },
  {
    // "Time Warner said on Friday …": the subject of the speech verb.
    name: 'speech-verb-subject',
    apply({ ctx, p, start, text }) {
      const m = VERB_ONE.exec(text)!;
      const np = clauseTail(text.slice(0, m.index));
      const subj = readSubject(np, true);
      const r =
        subj && subj.kind !== 'pronoun' && subj.kind !== 'none' && (subj.kind !== 'name' || reachesStart(np, subj))
          ? ctx.resolve(subj, p.n, start + (m.index - np.length) + subj.start, 'reported')
          : null;
      return r ? { speaker: r } : !subj || subj.kind !== 'pronoun' ? OPENER : NOTHING;
    },
  },
];

interface Found {
  subject: Subject;
  /** Offset of the subject within the text searched. */
  offset: number;
  how: QuoteAttribution;
}

export const VERB_NEAR_AFTER = new RegExp(`^[^.!?]{0,80}?\\b(?:${VERB_RE.source})`, 'i');
export const VERB_NEAR_BEFORE = new RegExp(`(?:${VERB_RE.source})[^.!?]{0,60}[,:]?[\\s\\u00a0]*$`, 'i');
/** The first speech verb of a stretch (not global: `exec` keeps no state). */
const VERB_ONE = new RegExp(VERB_RE.source, 'i');
const VERB_AT_START = new RegExp(`^[\\s,]*(?:—\\s*)?(${VERB_RE.source})[\\s\\u00a0]+`, 'i');

/** Attribution written after the quote: "said X …" or "X said". */
function afterQuote(post: string): Found | null {
  const v = VERB_AT_START.exec(post);
  if (v) {
    const rest = post.slice(v[0].length).replace(/[.!?]+["”]?\s*$/, '');
    const subject = readSubject(cutAtClause(rest), false);
    if (subject && subject.kind !== 'pronoun') return { subject, offset: v[0].length + subject.start, how: 'after-verb' };
    return null;
  }
  const lead = /^[\s,—–-]*/.exec(post)![0].length;
  const body = post.slice(lead);
  const m = VERB_ONE.exec(body);
  if (!m || m.index === 0 || m.index > 160) return null;
  const np = body.slice(0, m.index);
  // The subject must reach back to the quote: "…,” X said", not "…” and then Y said".
  const subject = readSubject(np, true);
  if (!subject) return null;
  if (!reachesStart(np, subject)) return null;
  return { subject, offset: lead + subject.start, how: 'after' };
}

/** Whether nothing but the subject and its appositives stands between the quote and the verb. */
function reachesStart(np: string, subject: Subject): boolean {
  const before = np.slice(0, subject.start);
  // Only a comma-separated role ("Pakistan’s army chief, ") may precede the subject.
  // "and" may join roles ("chairman and chief executive"), not clauses (", and then …").
  return before.split(',').length <= 3 && !/\b(?:but|while|after|because|when)\b|,\s*and\b|\band\s+(?:then|later|also)\b/i.test(before);
}

/** "X, role, told Al-Monitor on condition of anonymity, “" or "X agreed that … “". */
function beforeQuote(pre: string): Found | null {
  const verbs = [...pre.matchAll(new RegExp(VERB_RE.source, 'gi'))];
  for (let i = verbs.length - 1; i >= 0; i--) {
    const v = verbs[i];
    const between = pre.slice(v.index + v[0].length);
    const adjacent =
      between.length <= 60 &&
      !/[.!?]/.test(between) &&
      /[,:]?[\s\u00a0]*$/.test(between) &&
      !/\bthat\b/.test(between) &&
      between.trim().split(/\s+/).length <= 8;
    if (!adjacent && between.length > REPORTED_REACH) return null;
    const np = pre.slice(0, v.index);
    const subject = readSubject(clauseTail(np), true);
    if (!subject) continue;
    const offset = np.length - clauseTail(np).length + subject.start;
    return { subject, offset, how: adjacent ? 'before' : 'reported' };
  }
  return null;
}

/** The last clause of a stretch before a verb: after "and", "but", a semicolon. */
function clauseTail(np: string): string {
  const m = /^(.*(?:;|\bbut\b|\bwhile\b|\bwhen\b|\bafter\b|\bbecause\b)\s)/is.exec(np);
  return m ? np.slice(m[1].length) : np;
}

/** "X, who …" / "X as he …": the subject after a verb ends where a clause starts. */
function cutAtClause(s: string): string {
  const m = /[,\s](?:who|which|adding|saying|as|after|before|when|while|during|because)\b/i.exec(s);
  const cut = m ? s.slice(0, m.index) : s;
  return cut;
}
