/**
 * Where a quotation's speaker is written, as ordered rules (issue #13): after the quote
 * ("…," said X / "…," X said / "…," according to X), before it (X told Al-Monitor: "…" /
 * X agreed that … "…"), or nowhere when it continues the quote before it. The first rule that
 * finds a speaker wins. `REPORTED_RULES` read the sentences of reported speech between quotes,
 * so that a later "he said" knows who spoke last.
 */
import type { Paragraph } from '../../types.js';
import { isPlace } from '../lexicon.js';
import { matchesOf } from '../matches.js';
import type { DocContext, QuoteAttribution, Resolved } from './context.js';
import type { Rule } from './engine.js';
import type { FoundQuote, QuotePart } from './find.js';
import { VERB_RE, looksLikeGroup, namesIn } from './speaker.js';
import { isVerbWord, leadingSubject, readSubject, type Subject } from './subject.js';

/** How far before a quote a speech verb can introduce it ("X agreed that … “…”"). */
export const REPORTED_REACH = 200;

/** What may stand between a roundup's name and its quote: "Name:", "HEADLINE - Name:", "More from Name:", "Name, Outlet:". */
const ROUNDUP = /^\s*([\p{Lu}][^:;,!?“”"()]{1,50}?)(?:,\s*(?:the\s+)?[\p{Lu}][^:;,!?“”"()]{1,50})?:\s*$/u;
/** Between two quotes of one clause: a conjunction, a comma, a short adverbial ("because", "and later"). */
const SAME_CLAUSE_GAP = /^[\s,;]*(?:(?:and|or|but|because|as|while|adding|then|also|even|before|after|that|to)\b[\s,]*){0,3}$/i;

/**
 * "… and that the convention “…”", "… and has “…”", "… and said that Trump “…”": a second part of
 * the same reported speech, joined without a subject of its own (a verb or "that" right after
 * the conjunction), so the speaker goes on.
 */
function coordinated(gap: string): boolean {
  const m = /^[\s,;]*(?:and|but|or)[\s\u00a0]+(?:also[\s\u00a0]+)?([^.!?;“”"]{0,100})$/i.exec(gap);
  if (!m) return false;
  const rest = m[1];
  return /^(?:that|has|have|had|is|was|are|were|will|would|could|can|did|does|[a-z]+ing)\b/i.test(rest) || isVerbWord(rest);
}

const ACCORDING = /^[\s,]*(?:—\s*)?according to\s+(.+)$/is;
const STATEMENT_BY = /\bstatement\s+(?:(?:released|issued|published|put out|sent|posted)\s+)?(?:by|from)\s+(.+)$/i;

/** A quote attributed just before, for a quote that continues it. */
export interface Previous {
  resolved: Resolved | null;
  paragraph: number;
  close: number;
  /** The sentence (of `paragraph`) the quote closes in. */
  sentence: number;
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
  /** The quote's sentence in `p0`: its index and where it starts. */
  sentence: number;
  sentenceStart: number;
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
    apply(site) {
      const { post, ctx, last } = site;
      const r = post.trim() ? afterQuote(post) : null;
      if (!r) return null;
      // "Rhimes declared: “…,” she said": the pronoun is the person the sentence opened with.
      if (r.subject.kind === 'pronoun') {
        const own = ownSubject(site);
        if (own && own.kind === 'person' && (ctx.genderOf(own) ?? r.subject.text) === r.subject.text) return { ...own, how: 'pronoun' };
      }
      return ctx.resolve(r.subject, last.paragraph, last.close + r.offset, r.how);
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
    // "Name: “…”", "HEADLINE - Name: “…”", "Name, Outlet: “…”", "More from Name: “…”": a roundup's line.
    name: 'roundup',
    apply({ pre, ctx, first, preStart }) {
      // A headline or a lead-in before a dash is not part of the name.
      const cut = /^.*(?:\s[-–—]\s+|\bMore from\s+)/s.exec(pre)?.[0].length ?? 0;
      const m = ROUNDUP.exec(pre.slice(cut));
      if (!m) return null;
      const who = m[1].trimEnd();
      const names = namesIn(who);
      const n = names[0];
      // The whole stretch is one person's name, not a shouted headline or an organisation.
      if (names.length !== 1 || n.start !== 0 || n.end < who.length || n.title || !/[\p{Ll}]/u.test(n.name) || looksLikeGroup(n.name))
        return null;
      return ctx.resolve(
        { kind: 'name', text: n.name, start: 0 },
        first.paragraph,
        preStart + cut + m.index + m[0].indexOf(m[1]),
        'roundup',
      );
    },
  },
  {
    // A second quote in the sentence of an attributed one, nothing but a conjunction between:
    // X said he was “…” because “…”.
    name: 'same-sentence',
    apply({ previous, first, sentence, pre }) {
      if (!previous?.resolved || previous.paragraph !== first.paragraph || previous.sentence !== sentence) return null;
      return SAME_CLAUSE_GAP.test(pre) || coordinated(pre) ? { ...previous.resolved, how: 'continued' } : null;
    },
  },
  {
    // The subject of the sentence the quote stands in, when it opens the sentence and a verb
    // follows: X thanked him for “…”, X, a historian, is labelling it “…”, She then told them: “…”.
    name: 'sentence-subject',
    apply({ ctx, p0, sentenceStart, first }) {
      const lead = p0.text.slice(sentenceStart, first.open);
      if (/["“”]/.test(lead)) return null;
      const s = leadingSubject(lead);
      // A capitalised word opening a sentence is often no name ("Guns are …"): only a person the document knows.
      if (!s || (s.subject.kind === 'name' && !ctx.isPerson(s.subject.text))) return null;
      return ctx.resolve(s.subject, first.paragraph, sentenceStart + s.offset, 'subject');
    },
  },
  {
    // A quote opening its paragraph after a paragraph that ends with a colon: that paragraph
    // introduces it ("Reporter X says:", "X released the following statement:").
    name: 'introduced-by-paragraph',
    apply({ ctx, pre, first, p0, byN }) {
      if (pre.trim() || first.open !== leadingSpace(p0.text) || first.paragraph < 2) return null;
      const prev = byN(first.paragraph - 1);
      if (prev.heading || !/:\s*$/.test(prev.text)) return null;
      const last = prev.sentences[prev.sentences.length - 1];
      if (!last) return null;
      const text = prev.text.slice(last.start, last.end).replace(/:\s*$/, '');
      const r = beforeQuote(text);
      if (r) return ctx.resolve(r.subject, prev.n, last.start + r.offset, 'introduced');
      const s = leadingSubject(text);
      if (!s || (s.subject.kind === 'name' && !ctx.isPerson(s.subject.text))) return null;
      return ctx.resolve(s.subject, prev.n, last.start + s.offset, 'introduced');
    },
  },
  {
    // A quote standing as its own sentence right after a sentence of reported speech ("Or maybe
    // Jeb, consultant X says. “…”", "X responded …, saying …" ¶ "“…”"): that speaker goes on.
    name: 'after-reported-speech',
    apply({ ctx, pre, post, first, p0, sentence, sentenceStart }) {
      const said = ctx.lastReported;
      if (!said || pre.trim() || /[\p{L}]/u.test(post) || p0.text.slice(sentenceStart, first.open).trim()) return null;
      const latest = ctx.latest();
      if (!latest || latest.unknown || latest.speaker !== said.resolved.speaker) return null;
      const sameParagraph = said.paragraph === first.paragraph && said.sentence === sentence - 1;
      const nextParagraph = said.paragraph === first.paragraph - 1 && sentence === 0 && said.lastOfParagraph;
      return sameParagraph || nextParagraph ? { ...said.resolved, how: 'continued' } : null;
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

/** The person named before the quote in its own sentence: a speech verb's subject, or the subject opening the sentence. */
function ownSubject({ ctx, pre, preStart, p0, sentenceStart, first }: QuoteSite): Resolved | null {
  const lead = p0.text.slice(sentenceStart, first.open);
  if (!lead.trim() || /["“”]/.test(lead)) return null;
  const r = beforeQuote(pre);
  if (r) return r.subject.kind === 'name' ? ctx.resolve(r.subject, first.paragraph, preStart + r.offset, r.how) : null;
  const s = leadingSubject(lead);
  // "… Colombia continues to be “…,” he said": a place is not who "he" is.
  if (!s || s.subject.kind !== 'name' || !ctx.isPerson(s.subject.text) || isPlace(s.subject.text.toLowerCase())) return null;
  return ctx.resolve(s.subject, first.paragraph, sentenceStart + s.offset, 'subject');
}

function leadingSpace(text: string): number {
  return text.length - text.trimStart().length;
}

// Another sentence begins. A module constant: tsx recompiles a \p{…} literal in a function at every call (eslint/unicode-property.js).
const NEXT_SENTENCE = /[.!?]["”]?\s+\p{Lu}/u;

/** Whether the earlier quote ends its paragraph (so that the next paragraph may continue it). */
function lastQuoteClosesParagraph(prev: { paragraph: number; close: number }, byN: (n: number) => Paragraph): boolean {
  const rest = byN(prev.paragraph).text.slice(prev.close);
  // Allow the attribution after it ("…,” he said.), nothing that starts another sentence of narration.
  return !NEXT_SENTENCE.test(rest);
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
  /** Its first speech verb (`firstVerb`), found once for the rules that read it. */
  verb: RegExpExecArray | null;
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
    apply({ ctx, p, start, text, verb }) {
      // A sentence without a speech verb has none in its last clause either.
      if (!verb) return null;
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
    apply({ verb }) {
      return !verb || verb.index === 0 || verb.index > 160 ? OPENER : null;
    },
  },
  {
    // "Time Warner said on Friday …": the subject of the speech verb.
    name: 'speech-verb-subject',
    apply({ ctx, p, start, text, verb }) {
      const m = verb!;
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
/** The first speech verb of a sentence, if any. */
export const firstVerb = (text: string): RegExpExecArray | null => VERB_ONE.exec(text);
const VERB_AT_START = new RegExp(`^[\\s,]*(?:—\\s*)?(${VERB_RE.source})[\\s\\u00a0]+`, 'i');
/** Every speech verb of a stretch, for `matchesOf` only (which leaves lastIndex at 0). */
const VERB_ALL = new RegExp(VERB_RE.source, 'gi');

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
  if (subject && reachesStart(np, subject)) return { subject, offset: lead + subject.start, how: 'after' };
  // "…” in sharp contrast to earlier years, says X" / "…” because …, he said": the attribution
  // closes the sentence after a clause set off by a comma.
  if (
    subject &&
    (subject.kind === 'name' || subject.kind === 'pronoun') &&
    /,\s*$/.test(np.slice(0, subject.start)) &&
    /^[^.!?]*$/.test(np)
  )
    return { subject, offset: lead + subject.start, how: 'after' };
  if (!subject && /,\s*$/.test(np) && /^[^.!?]*$/.test(np)) {
    const after = body.slice(m.index + m[0].length);
    const s = /^\s/.test(after) ? readSubject(cutAtClause(after.replace(/[.!?]+["”]?\s*$/, '')), false) : null;
    if (s && s.kind === 'name') return { subject: s, offset: lead + m.index + m[0].length + s.start, how: 'after-verb' };
  }
  return null;
}

/** Whether nothing but the subject and its appositives stands between the quote and the verb. */
function reachesStart(np: string, subject: Subject): boolean {
  const before = np.slice(0, subject.start);
  // Only a comma-separated role ("Pakistan’s army chief, ") may precede the subject.
  // "and" may join roles ("chairman and chief executive"), not clauses (", and then …").
  return before.split(',').length <= 3 && !/\b(?:but|while|after|because|when)\b|,\s*and\b|\band\s+(?:then|later|also)\b/i.test(before);
}

/**
 * "X, role, told Al-Monitor on condition of anonymity, “" or "X agreed that … “"; also the verb
 * first ("In other words, explained moderator X: “", "Said X, who grew up …, “") and a subject
 * after a clause word ("… grew so heated that X said, “", "what X called “", "to which X
 * interjected: “"). A verb that introduces the quote directly but whose subject cannot be read
 * ends the search: the quote is not handed to an earlier verb's subject.
 */
function beforeQuote(pre: string): Found | null {
  const verbs = matchesOf(VERB_ALL, pre);
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
    // "when asked about …", "and added": no subject of its own here.
    if (NO_OWN_SUBJECT.test(pre.slice(0, v.index))) continue;
    const np = pre.slice(0, v.index).replace(TRAILING_ADVERBS, ' ');
    const tail = clauseTail(np);
    const subject = readSubject(tail, true) ?? subjectAfterClauseWord(tail);
    if (subject) {
      const offset = np.length - tail.length + subject.start;
      return { subject, offset, how: adjacent ? 'before' : 'reported' };
    }
    // A verb that hands over to the quote with a comma or colon ("…, to which X interjected: “").
    const handsOver = between.length <= 160 && /^[^"“”.!?]*[,:][\s\u00a0]*$/.test(between);
    if (handsOver) {
      const first = verbFirst(np, between);
      if (first) return { subject: first.subject, offset: v.index + v[0].length + first.offset, how: 'after-verb' };
      if (adjacent) return null;
    }
  }
  return null;
}

/** "-ly" adverbs between a subject and its verb ("Clinton, exasperated, famously responded"). */
const TRAILING_ADVERBS = /(?:[\s\u00a0]+[a-z]+ly)+[\s\u00a0]*$/;
/**
 * "when asked", "if pressed", "to say", "a voice that said": the verb's subject is not a speaker
 * written before it; "… told the BBC … and added:": it is the earlier verb's. Either way the
 * search goes on to the verb before.
 */
const NO_OWN_SUBJECT = /\b(?:when|if|as|once|unless|after|before|while|to|that|and|then|but|or)[\s\u00a0]+$/i;

/** "… that New Jersey Gov. Chris Christie said", "what Newt Gingrich called", "to which O'Malley interjected": the name after the clause word. */
function subjectAfterClauseWord(np: string): Subject | null {
  const m = /\b(?:that|which|what|whom|as)[\s\u00a0]+([^,;:()“”"]{2,80})$/i.exec(np);
  if (!m) return null;
  const s = readSubject(m[1], true);
  return s && s.kind === 'name' ? { ...s, start: m.index + m[0].length - m[1].length + s.start } : null;
}

/** "Said X, who …, “", "In other words, explained moderator X: “": a verb opening its clause, the speaker after it. */
function verbFirst(np: string, between: string): { subject: Subject; offset: number } | null {
  if (!/^\s*(?:[^,;:“”"]{1,40},[\s\u00a0]*)?$/.test(np)) return null;
  const phrase = cutAtClause(between.replace(/[\s\u00a0,:]+$/, ''));
  const s = readSubject(phrase, false);
  return s && s.kind === 'name' ? { subject: s, offset: s.start } : null;
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
