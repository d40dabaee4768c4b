/**
 * Quotations and their speakers (issue #5). Quotes are found on the marks (quotes/find.ts);
 * each is then attributed by the speech verb next to it, before or after, and by the document's
 * history of speakers for pronouns ("he said"), descriptions ("the diplomat noted") and
 * statements ("the statement continued"). A quote nothing fits stays unattributed: a wrong
 * speaker is worse than none, so there is no nearest-name fallback.
 */
import type { Paragraph, ParsedDoc } from '../../types.js';
import { findQuotes, quoteWords, type FoundQuote } from './find.js';
import { cleanRole, looksLikeGroup, namesIn, readSubject, VERB_RE, type Subject } from './speaker.js';
import type { PersonFact, QuoteFact } from '../types.js';

export { findQuotes } from './find.js';

type Kind = QuoteFact['speakerKind'];

/** A speaker the document has named so far, for pronouns and descriptions later on. */
interface Spoken {
  speaker: string;
  kind: Exclude<Kind, 'unattributed'>;
  role?: string;
  /** Words that describe the speaker ("European diplomat posted in Islamabad", a role). */
  describedAs: string;
  paragraph: number;
  /** Whether the speaker authored a statement ("according to a statement released by X"). */
  statement?: boolean;
  /** A speaker the text does not let us name: pronouns after it stay unattributed. */
  unknown?: boolean;
}

interface Resolved {
  speaker: string;
  kind: Exclude<Kind, 'unattributed'>;
  role?: string;
  describedAs: string;
  how: QuoteAttribution;
  statement?: boolean;
}

/** Which rule gave the speaker: kept on each quote so that the evaluation can count them. */
export type QuoteAttribution =
  'after' | 'after-verb' | 'before' | 'reported' | 'according-to' | 'pronoun' | 'description' | 'statement' | 'continued';

/** Descriptions of organisations and documents: "it said", not "he said". */
const ORG_HEAD =
  /\b(?:family|relatives|parents|friends|company|firm|group|government|ministry|department|statement|report|bank|agency|council|study|survey|website|site|newspaper|paper|magazine|club|team|union|party|organi[sz]ation|body|board|court|commission|committee|association|industry|office|service|corporation|airline|retailer|carrier|maker|manufacturer|operator|network|channel|broadcaster|regulator|watchdog|authority|institute|fund|exchange|business|giant|chain|publisher|studio|label)s?\b/i;

/** How far back (in paragraphs) a pronoun or a description may look for its speaker. */
const LOOKBACK = 4;
/** Quotes of fewer words are scare quotes or titles unless a speech verb stands right after them. */
const MIN_WORDS = 3;
/** How far before a quote a speech verb can introduce it ("X agreed that … “…”"). */
const REPORTED_REACH = 200;
/** How far before an opening mark an attribution is looked for (verb reach plus a long subject with its role). */
const PRE_REACH = REPORTED_REACH + 400;

/** Words that make what stands before a name a clause, not a role ("He met Tony Blair"). */
const NOT_ROLE_WORDS = new RegExp(
  `\\b(?:to|with|by|for|from|and|or|than|met|meet|meets|is|was|were|are|has|had|have|that|when|after|before|against|beat|beats|${VERB_RE.source.replace(/^\\b/, '')})\\b`,
  'i',
);

const ACCORDING = /^[\s,]*(?:—\s*)?according to\s+(.+)$/is;
const STATEMENT_BY = /\bstatement\s+(?:(?:released|issued|published|put out|sent|posted)\s+)?(?:by|from)\s+(.+)$/i;

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
  type Previous = { fact: QuoteFact; resolved: Resolved | null; paragraph: number; close: number };
  let previous = null as Previous | null;
  for (const ev of events) {
    if (ev.sentence !== undefined) {
      ctx.reported(byN(ev.paragraph), ev.sentence);
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

    let resolved: Resolved | null = null;
    let adjacentAfter = false;
    // 1. After the quote: "according to …", "said X", "X said".
    const acc = ACCORDING.exec(post);
    if (acc) resolved = ctx.according(acc[1], last.paragraph, last.close + post.indexOf(acc[1]));
    if (!resolved && post.trim()) {
      const r = afterQuote(post);
      if (r) {
        resolved = ctx.resolve(r.subject, last.paragraph, last.close + r.offset, r.how);
        adjacentAfter = resolved !== null;
      }
    }
    // 2. Before it: "X told Al-Monitor, “…", "He said: “…", "X agreed that … “…".
    if (!resolved && pre.trim()) {
      const r = beforeQuote(pre);
      if (r) resolved = ctx.resolve(r.subject, first.paragraph, preStart + r.offset, r.how);
    }
    // 3. A quote standing alone right after an attributed one continues it (next sentence or paragraph).
    const prevSpeaker: Resolved | null = previous?.resolved ?? null;
    if (!resolved && previous && prevSpeaker && ctx.latest()?.speaker === prevSpeaker.speaker && !pre.trim() && !/[\p{L}]/u.test(post)) {
      const sameParagraph = previous.paragraph === first.paragraph;
      const nextParagraph =
        previous.paragraph === first.paragraph - 1 && first.open === leadingSpace(p0.text) && lastQuoteClosesParagraph(previous, byN);
      if (sameParagraph || nextParagraph) resolved = { ...prevSpeaker, how: 'continued' };
    }

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
    previous = { fact, resolved, paragraph: last.paragraph, close: last.close };
  }
  return out;
}

function leadingSpace(text: string): number {
  return text.length - text.trimStart().length;
}

/** Whether the earlier quote ends its paragraph (so that the next paragraph may continue it). */
function lastQuoteClosesParagraph(prev: { paragraph: number; close: number }, byN: (n: number) => Paragraph): boolean {
  const rest = byN(prev.paragraph).text.slice(prev.close);
  // Allow the attribution after it ("…,” he said.), nothing that starts another sentence of narration.
  return !/[.!?]["”]?\s+\p{Lu}/u.test(rest);
}

function sentenceAt(p: Paragraph, offset: number): number {
  const i = p.sentences.findIndex((s) => offset < s.end);
  return i < 0 ? Math.max(0, p.sentences.length - 1) : i;
}

interface Found {
  subject: Subject;
  /** Offset of the subject within the text searched. */
  offset: number;
  how: QuoteAttribution;
}

const VERB_NEAR_AFTER = new RegExp(`^[^.!?]{0,80}?\\b(?:${VERB_RE.source})`, 'i');
const VERB_NEAR_BEFORE = new RegExp(`(?:${VERB_RE.source})[^.!?]{0,60}[,:]?[\\s\\u00a0]*$`, 'i');
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
  VERB_RE.lastIndex = 0;
  const m = new RegExp(VERB_RE.source, 'i').exec(body);
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

/** What the document tells about its people, and the speakers seen so far. */
class DocContext {
  private readonly history: Spoken[] = [];
  /** The pronoun a speaker goes by, once a title or an earlier pronoun has told. */
  private readonly gender = new Map<string, string>();
  /** Fullest names by their last word, from /who's people and from capitalised names. */
  private readonly byLast = new Map<string, { name: string; kind: 'person' | 'group'; role?: string }>();

  /** /who's mentions by paragraph, so that a look-up at a place reads one paragraph's list. */
  private readonly mentionsIn = new Map<number, { person: PersonFact; start: number; end: number }[]>();

  constructor(
    private readonly doc: ParsedDoc,
    private readonly people: PersonFact[],
  ) {
    for (const person of people) {
      for (const m of person.mentions) {
        const list = this.mentionsIn.get(m.paragraph) ?? [];
        list.push({ person, start: m.start, end: m.end });
        this.mentionsIn.set(m.paragraph, list);
      }
    }
    for (const p of people) {
      const role = p.roles[0]?.role;
      for (const n of [p.name, ...p.aliases]) this.addName(n, p.kind, role, true);
    }
    // Without /who's people (or for names it does not hold), the document's own full names.
    for (const para of doc.paragraphs) {
      if (para.heading) continue;
      for (const h of namesIn(para.text)) {
        // "American Robby Ginepri": a nationality before a name is not part of it.
        const name = h.name.split(/\s+/).length >= 3 ? h.name.replace(/^[\p{Lu}][a-z]+(?:ian|can|ese|ish|ean|ch)\s+/u, '') : h.name;
        if (name.split(/\s+/).length >= 2) this.addName(name, looksLikeGroup(name) ? 'group' : 'person', undefined, false);
      }
    }
  }

  private addName(name: string, kind: 'person' | 'group', role: string | undefined, fromPeople: boolean): void {
    const keys = new Set([name.toLowerCase(), lastWord(name)]);
    for (const k of keys) {
      const had = this.byLast.get(k);
      // /who's people win; among the rest the fullest name.
      if (
        !had ||
        (fromPeople && !had.role && had.name.length <= name.length) ||
        (!fromPeople && had.name.length < name.length && !this.people.length)
      ) {
        this.byLast.set(k, { name, kind, role });
      }
    }
  }

  /** People of this document, met by this point, whose roles fit a description ("the minister"); full names only. */
  private describedPeople(re: RegExp, paragraph: number): PersonFact[] {
    return this.people.filter(
      (x) =>
        x.kind === 'person' &&
        /\s/.test(x.name) &&
        x.roles.some((r) => re.test(r.role)) &&
        x.mentions.some((m) => m.paragraph <= paragraph),
    );
  }

  /** Whether /who or the document's full names know this name. */
  private knows(name: string, paragraph: number, at: number): boolean {
    const l = name.toLowerCase();
    return (
      !!this.mentionsIn.get(paragraph)?.some((m) => m.start <= at && m.end > at) ||
      this.people.some((p) => p.name.toLowerCase() === l || p.aliases.some((a) => a.toLowerCase() === l)) ||
      this.byLast.has(l)
    );
  }

  /** The person /who knows at this place, or the fullest name with the same last word. */
  private person(name: string, paragraph: number, at: number): { name: string; kind: 'person' | 'group'; role?: string } {
    // /who's mention within the words we read as the name ("Coach Liam Byrne" holds "Liam Byrne").
    const end = at + name.length;
    // A lone surname that two people of the document share ("Mr Blair" with Tony and Cherie
    // Blair) stays as written rather than be given to one of them.
    if (!/\s/.test(name)) {
      const l = name.toLowerCase();
      const sharing = this.people.filter((p) => p.kind === 'person' && lastWord(p.name) === l);
      if (sharing.length > 1) {
        const honorific = /\b(Mr|Mrs|Ms|Miss|Dr|Sir|Lord|Lady)\.?[\s\u00a0]+$/.exec(
          this.doc.paragraphs[paragraph - 1]?.text.slice(Math.max(0, at - 8), at) ?? '',
        );
        return { name: honorific ? `${honorific[1]} ${name}` : name, kind: 'person' };
      }
    }
    const hit = this.mentionsIn.get(paragraph)?.find((m) => m.start < end && m.end > at);
    if (hit) return { name: hit.person.name, kind: hit.person.kind, role: nearestRole(hit.person, paragraph) };
    const exact = this.people.find(
      (p) => p.name.toLowerCase() === name.toLowerCase() || p.aliases.some((a) => a.toLowerCase() === name.toLowerCase()),
    );
    if (exact) return { name: exact.name, kind: exact.kind, role: nearestRole(exact, paragraph) };
    const known = this.byLast.get(name.toLowerCase()) ?? this.byLast.get(lastWord(name));
    if (known && (name.split(/\s+/).length === 1 || known.name.toLowerCase().endsWith(name.toLowerCase()))) return known;
    return { name, kind: looksLikeGroup(name) ? 'group' : 'person' };
  }

  resolve(s: Subject, paragraph: number, at: number, how: QuoteAttribution): Resolved | null {
    switch (s.kind) {
      case 'name': {
        const p = this.person(s.text, paragraph, at);
        const honorific = /\b(Mr|Sir|Lord|King|Prince|Mrs|Ms|Miss|Lady|Dame|Queen|Princess)\.?[\s\u00a0]+$/.exec(
          this.doc.paragraphs[paragraph - 1]?.text.slice(Math.max(0, at - 12), at) ?? '',
        );
        if (honorific && !this.gender.has(p.name))
          this.gender.set(p.name, /^(?:Mr|Sir|Lord|King|Prince)$/.test(honorific[1]) ? 'he' : 'she');
        // A lone capitalised word opening the sentence that nobody knows as a name ("Analysts said"): a description.
        if (s.initial && !/\s/.test(s.text) && !this.knows(s.text, paragraph, at) && !/^[\p{Lu}\d&-]{2,}$/u.test(s.text)) {
          return { speaker: s.text, kind: 'anonymous', describedAs: s.text, how };
        }
        const earlier = this.history.findLast((h) => h.speaker === p.name)?.role;
        const role = s.role ?? p.role ?? earlier;
        return { speaker: p.name, kind: p.kind, role, describedAs: [role, p.name].filter(Boolean).join(' '), how };
      }
      case 'pronoun': {
        const org = (h: Spoken) => h.kind === 'group' || (h.kind === 'anonymous' && ORG_HEAD.test(h.speaker));
        const plural = (h: Spoken) => h.kind === 'anonymous' && /s$/i.test(h.speaker.replace(/\s+(?:of|for|at|in|from|with)\b.*$/i, ''));
        const fits = (h: Spoken) =>
          s.text === 'it'
            ? org(h)
            : s.text === 'they'
              ? org(h) || plural(h)
              : s.text === 'he' || s.text === 'she'
                ? !org(h) && !plural(h)
                : false;
        const h = this.recent(paragraph).findLast(() => true);
        // Only the latest speaker: a pronoun that does not fit them is not passed on to someone earlier.
        if (!h || h.unknown || !fits(h)) return null;
        if (s.text === 'he' || s.text === 'she') {
          // "she" for someone called "Mr" or "he" before is someone else.
          const g = this.gender.get(h.speaker);
          if (g && g !== s.text) return null;
          this.gender.set(h.speaker, s.text);
        }
        return { ...h, how: 'pronoun' };
      }
      case 'statement': {
        const h = this.recent(paragraph).findLast((x) => x.statement);
        return h
          ? { ...h, how: 'statement', statement: true }
          : { speaker: s.text, kind: 'anonymous', describedAs: s.text, how, statement: true };
      }
      case 'definite': {
        const head = s.head;
        // The whole description first ("the prime minister"), then its head noun ("the diplomat").
        const whole = s.text.replace(/^(?:the|this|that|these|those|his|her|their|its)\s+/i, '');
        for (const key of whole.toLowerCase() !== head ? [whole] : []) {
          const re = new RegExp(`\\b${escapeRe(key)}\\b`, 'i');
          const h = this.recent(paragraph).findLast((x) => !x.unknown && re.test(x.describedAs));
          if (h) return { ...h, how: 'description' };
          const p = this.describedPeople(re, paragraph);
          if (p.length === 1)
            return {
              speaker: p[0].name,
              kind: p[0].kind,
              role: nearestRole(p[0], paragraph),
              describedAs: p[0].roles.map((r) => r.role).join(' '),
              how: 'description',
            };
        }
        if (head) {
          const re = new RegExp(`\\b${escapeRe(head)}\\b`, 'i');
          const h = this.recent(paragraph).findLast((x) => re.test(x.describedAs));
          if (h) return { ...h, how: 'description' };
          const p = this.describedPeople(re, paragraph);
          if (p.length === 1)
            return {
              speaker: p[0].name,
              kind: p[0].kind,
              role: nearestRole(p[0], paragraph),
              describedAs: p[0].roles.map((r) => r.role).join(' '),
              how: 'description',
            };
        }
        return { speaker: s.text, kind: 'anonymous', describedAs: s.text, how };
      }
      case 'indefinite':
        return { speaker: s.text, kind: 'anonymous', describedAs: s.text, how };
      default:
        return null;
    }
  }

  /** "according to a statement released by Ahmed", "according to police". */
  according(rest: string, paragraph: number, at: number): Resolved | null {
    const clean = rest.replace(/[.!?]+["”]?\s*$/, '');
    const st = STATEMENT_BY.exec(clean);
    if (st) {
      const s = readSubject(cutAtClause(st[1]), false);
      const r = s ? this.resolve(s, paragraph, at + clean.indexOf(st[1]) + s.start, 'according-to') : null;
      return r ? { ...r, statement: true } : null;
    }
    const s = readSubject(cutAtClause(clean), false);
    return s && s.kind !== 'pronoun' ? this.resolve(s, paragraph, at + s.start, 'according-to') : null;
  }

  /** A sentence of reported speech ("Time Warner said on Friday …") makes its subject the latest speaker. */
  reported(p: Paragraph, i: number): void {
    const s = p.sentences[i];
    const text = p.text.slice(s.start, s.end);
    const acc = /\baccording to (?:a |the )?(?:joint |written )?statement (?:released |issued )?by\s+(.+)/i.exec(text);
    if (acc) {
      const subj = readSubject(cutAtClause(acc[1]), false);
      const r = subj && this.resolve(subj, p.n, s.start + text.indexOf(acc[1]) + subj.start, 'according-to');
      if (r) this.remember({ ...r, statement: true }, p.n);
      return;
    }
    // "…, said Mr Walsh." / "…, Mr Walsh said.": the attribution closes the sentence.
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
    if (tailText.trim()) {
      const f = afterQuote(tailText);
      if (f && f.subject.kind !== 'pronoun') {
        const r = this.resolve(f.subject, p.n, s.start + comma + 1 + f.offset, 'reported');
        if (r) {
          this.remember(r, p.n);
          return;
        }
      }
    }
    const m = new RegExp(VERB_RE.source, 'i').exec(text);
    if (!m || m.index === 0 || m.index > 160) {
      this.subject(p, s.start, text);
      return;
    }
    const np = clauseTail(text.slice(0, m.index));
    const subj = readSubject(np, true);
    const r =
      subj && subj.kind !== 'pronoun' && subj.kind !== 'none' && (subj.kind !== 'name' || reachesStart(np, subj))
        ? this.resolve(subj, p.n, s.start + (m.index - np.length) + subj.start, 'reported')
        : null;
    if (r) this.remember(r, p.n);
    else if (!subj || subj.kind !== 'pronoun') this.subject(p, s.start, text);
  }

  /**
   * A person opening a sentence without speaking ("Alexander Linden, vice president of …,
   * downloaded the product.") is who a following "he said" means, not the speaker before.
   */
  private subject(p: Paragraph, start: number, text: string): void {
    const first = (this.mentionsIn.get(p.n) ?? [])
      .filter((x) => x.person.kind === 'person' && x.start >= start && x.start - start <= 80)
      .sort((a, b) => a.start - b.start)[0];
    if (!first) return;
    const person = first.person;
    const honorific = /\b(Mr|Sir|Lord|Mrs|Ms|Miss|Lady|Dame)\.?[\s\u00a0]+$/.exec(p.text.slice(Math.max(0, first.start - 8), first.start));
    if (honorific && !this.gender.has(person.name)) this.gender.set(person.name, /^(?:Mr|Sir|Lord)$/.test(honorific[1]) ? 'he' : 'she');
    // Only an opening phrase ("In a separate development, ") and role words ("Labour chairman") may stand before the name.
    const before = text.slice(0, first.start - start);
    if (
      !/^(?:[^,"“”]{1,60},[\s\u00a0]*)?(?:[\p{L}.'’-]+[\s\u00a0]+){0,6}$/u.test(before) ||
      NOT_ROLE_WORDS.test(before.replace(/^[^,]*,/, ''))
    )
      return;
    this.remember(
      {
        speaker: person.name,
        kind: 'person',
        role: nearestRole(person, p.n),
        describedAs: person.roles.map((r) => r.role).join(' '),
        how: 'reported',
      },
      p.n,
    );
  }

  /** The latest speaker (or person who opened a sentence), if any. */
  latest(): Spoken | undefined {
    return this.history[this.history.length - 1];
  }

  /** Someone spoke whom the text does not let us name. */
  unknownSpeaker(paragraph: number): void {
    this.history.push({ speaker: '', kind: 'anonymous', describedAs: '', paragraph, unknown: true });
  }

  remember(r: Resolved, paragraph: number): void {
    const last = this.history[this.history.length - 1];
    const statement = r.statement || (last?.speaker === r.speaker && last.statement);
    this.history.push({ speaker: r.speaker, kind: r.kind, role: r.role, describedAs: r.describedAs, paragraph, statement });
  }

  private recent(paragraph: number): Spoken[] {
    return this.history.filter((h) => paragraph - h.paragraph <= LOOKBACK);
  }
}

function nearestRole(p: PersonFact, paragraph: number): string | undefined {
  const roles = p.roles.filter((r) => cleanRole(r.role) && r.role.split(/\s+/).length <= 16);
  const before = roles.filter((r) => r.paragraph <= paragraph);
  return cleanRole((before[before.length - 1] ?? roles[0])?.role);
}

function lastWord(name: string): string {
  const w = name.trim().split(/\s+/);
  return w[w.length - 1].toLowerCase();
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
