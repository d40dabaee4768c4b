/**
 * Date and time expressions, each tied to its sentence and resolved against the publication
 * date at the precision actually known (issue #4).
 *
 * One mechanism resolves everything: an expression is a function from a day to a span of days
 * ("last week" from Thursday 26 Feb → Mon 16 – Sun 22 Feb). The publication date is a span too
 * (a day, or a whole month when only the month is known), and the answer is the union of the
 * expression's spans over it — so a month-only publication honestly widens "last week" into a
 * range instead of inventing a day. The span then prints at the precision it has
 * (calendar.formatInterval). No publication date → relative expressions stay unresolved.
 */
import winkNLP, { type WinkMethods } from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import { processTerm, tokenize } from '../../index/text.js';
import type { ParsedDoc } from '../../types.js';
import { REPORTING_VERBS } from '../lexicon.js';
import { formatInterval, publicationSpan, type Interval } from './calendar.js';
import { RULES, SINCE_BEFORE, shiftInterval, type RuleMatch, type Spec, type Tense } from './rules.js';
import type { DateFact } from '../types.js';

export { formatInterval, publicationSpan } from './calendar.js';

/**
 * Cheap tests before running the rules: most sentences hold no date at all. Month and weekday
 * names only count capitalised ("market", "may" and "decline" are no months).
 */
const MAYBE_DATE_WORD =
  /\d{4}|day|week|month|year|ago\b|recent|lately|decade|centur|for now|time being|near future|tonight|morning|afternoon|evening|yesterday|tomorrow/i;
const MAYBE_DATE_NAME =
  /\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Mon|Tue|Wed|Thu|Fri|Sat|Sun)|\b(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)/;
const maybeDate = (s: string) => MAYBE_DATE_NAME.test(s) || MAYBE_DATE_WORD.test(s);

const FUTURE = new Set([
  'will',
  'shall',
  'would',
  'might',
  'may',
  'must',
  'should',
  'can',
  '’ll',
  "'ll",
  'due',
  'scheduled',
  'expected',
  'expects',
  'expect',
  'plans',
  'plan',
  'planned',
  'planning',
  'intends',
  'intend',
  'upcoming',
  'next',
  'tomorrow',
  'forthcoming',
  'until',
  'till',
  // what is scheduled: "effective Monday", "opening Monday", "starting Friday"
  'effective',
  'opening',
  'starting',
  'beginning',
]);
const PRESENT = new Set(['is', 'are', 'am', 'says', 'say', 'closes', 'expires', 'begins', 'starts', 'ends', 'opens']);
const PAST = new Set([
  'was',
  'were',
  'had',
  'did',
  'said',
  'told',
  'met',
  'went',
  'came',
  'rose',
  'fell',
  'took',
  'gave',
  'made',
  'began',
  'saw',
  'sold',
  'bought',
  'paid',
  'won',
  'lost',
  'left',
  'held',
  'hit',
  'ran',
  'spoke',
  'wrote',
  'grew',
  'led',
  'brought',
  'thought',
  'found',
  'became',
  'sent',
  'fought',
  'struck',
  'shot',
  'yesterday',
  'ago',
  'last',
  'earlier',
]);
/** Before a participle these make it passive or future ("will be announced", "is sentenced"): the auxiliary decides. */
const NOT_PAST_AUX = new Set(['be', 'being', 'is', 'are', 'am', 'to', 'will', 'would', 'shall', 'may', 'might', 'must', 'should', 'can']);
/** A verb beyond one of these belongs to another clause ("…on June 8-10 if the party lost"). */
const CLAUSE = new Set(['that', 'if', 'when', 'whereas', 'because', 'although', 'though', 'unless', 'while', 'after', 'before']);
/** How far (in words) a verb may stand from the date it sets the tense of. */
const TENSE_WINDOW_BEFORE = 10;
const TENSE_WINDOW_AFTER = 8;

function markerOf(word: string, next: string | undefined, prev: string | undefined): Tense | 'present' | undefined {
  const w = word.toLowerCase();
  if ((w === 'is' || w === 'are' || w === 'was' || w === 'were') && next?.toLowerCase() === 'to') return 'future';
  if (FUTURE.has(w)) return 'future';
  if (PRESENT.has(w)) return 'present';
  const participle = PAST.has(w) || (/^[a-z]{3,}ed$/.test(w) && !/(?:need|feed|seed|speed|bleed|breed)$/.test(w));
  if (participle && !NOT_PAST_AUX.has(prev?.toLowerCase() ?? '')) return 'past';
  return undefined;
}

/** The tense of the verb nearest the expression (before it first), within a few words of its clause. */
function tenseFinder(sentence: string): (start: number, end: number) => Tense {
  const words = [...sentence.matchAll(/[A-Za-z’']+/g)].map((m) => ({ w: m[0], at: m.index, end: m.index + m[0].length }));
  const marker = (i: number) => markerOf(words[i].w, words[i + 1]?.w, words[i - 1]?.w);
  const boundary = (i: number) =>
    CLAUSE.has(words[i].w.toLowerCase()) || /[;:]/.test(sentence.slice(words[i].end, words[i + 1]?.at ?? words[i].end));
  return (start, end) => {
    let before: { dist: number; t: Tense | 'present' } | undefined;
    let after: { dist: number; t: Tense | 'present' } | undefined;
    const firstAfter = words.findIndex((w) => w.at >= end);
    const lastBefore = (firstAfter === -1 ? words.length : firstAfter) - 1;
    for (let i = lastBefore, dist = 0; i >= 0 && dist < TENSE_WINDOW_BEFORE; i--) {
      if (words[i].end > start) continue;
      dist++;
      const t = marker(i);
      if (t) {
        before = { dist, t };
        break;
      }
      if (boundary(i)) break;
    }
    if (firstAfter !== -1) {
      for (let i = firstAfter, dist = 1; i < words.length && dist <= TENSE_WINDOW_AFTER; i++, dist++) {
        if (boundary(i) || (i > firstAfter && boundary(i - 1))) break;
        // Verbs of saying after a date belong to the reporting clause ("…effective April 1, sources said"), not to the date's.
        if (REPORTING_VERBS.has(words[i].w.toLowerCase())) continue;
        const t = marker(i);
        if (t) {
          after = { dist, t };
          break;
        }
      }
    }
    const chosen = before && (!after || before.dist <= after.dist) ? before : after;
    return !chosen || chosen.t === 'present' ? 'none' : chosen.t;
  };
}

let nlp: WinkMethods | undefined;

/** The noun phrase an event-relative expression counts from ("Vahidi’s visit", "the visit of the Saudi interior minister"). */
function anchorPhrase(text: string): string | undefined {
  nlp ??= winkNLP(model);
  const its = nlp.its;
  const doc = nlp.readDoc(text.slice(0, 200));
  const tokens = doc.tokens();
  // wink's `its.*` are property readers passed by reference, as its API expects; `out` is typed loosely.
  /* eslint-disable @typescript-eslint/unbound-method, @typescript-eslint/no-unnecessary-type-assertion */
  const values = tokens.out(its.value) as string[];
  const pos = tokens.out(its.pos) as string[];
  const spaces = tokens.out(its.precedingSpaces) as string[];
  /* eslint-enable @typescript-eslint/unbound-method, @typescript-eslint/no-unnecessary-type-assertion */
  let out = '';
  let nouns = 0;
  for (let i = 0; i < values.length && i < 14; i++) {
    const p = pos[i];
    const ok =
      p === 'DET' ||
      p === 'ADJ' ||
      p === 'NOUN' ||
      p === 'PROPN' ||
      p === 'NUM' ||
      p === 'PART' ||
      (p === 'ADP' && values[i].toLowerCase() === 'of') ||
      (p === 'PRON' && /^(?:his|her|its|their|our|my|your)$/i.test(values[i]));
    if (!ok) break;
    out += (i === 0 ? '' : spaces[i]) + values[i];
    if (p === 'NOUN' || p === 'PROPN') nouns++;
  }
  out = out.replace(/\s+of$/i, '').trim();
  return nouns > 0 ? out : undefined;
}

interface Found {
  fact: DateFact;
  spec: Spec;
  /** Resolved span (for anchoring other expressions). */
  iv: Interval | null;
}

function resolve(spec: Spec, pub: { start: number; end: number } | undefined): Interval | null {
  switch (spec.type) {
    case 'fixed':
      return spec.iv;
    case 'from-day':
      return pub ? spec.f(pub) : null;
    case 'span-days': {
      const inner = resolve(spec.inner, pub);
      return inner && inner.end !== null ? { start: inner.start, end: inner.end + spec.days } : null;
    }
    case 'since': {
      const inner = resolve(spec.inner, pub);
      if (!inner) return null;
      return { start: inner.start, end: pub ? Math.max(pub.end, inner.start) : null };
    }
    default:
      return null;
  }
}

function matchesIn(sentence: string): RuleMatch[] {
  const tense = tenseFinder(sentence);
  const ctx = { sentence, tense };
  const all: RuleMatch[] = [];
  for (const rule of RULES) {
    rule.re.lastIndex = 0;
    for (const m of sentence.matchAll(rule.re)) {
      const spec = rule.make(m, ctx);
      if (spec) all.push({ start: m.index + (rule.lead?.(m) ?? 0), end: m.index + m[0].length, spec });
    }
  }
  // Longest phrase wins where rules overlap ("Feb. 25, 2020" over "2020").
  all.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: RuleMatch[] = [];
  for (const m of all) {
    const last = kept[kept.length - 1];
    if (last && m.start < last.end) {
      if (m.end - m.start > last.end - last.start) kept[kept.length - 1] = m;
      continue;
    }
    kept.push(m);
  }
  for (const m of kept) {
    const since = SINCE_BEFORE.exec(sentence.slice(Math.max(0, m.start - 12), m.start));
    if (since && (m.spec.type === 'fixed' || m.spec.type === 'from-day' || m.spec.type === 'span-days')) {
      m.start -= since[0].length;
      m.spec = { type: 'since', inner: m.spec };
    }
  }
  return kept;
}

function kindOf(spec: Spec): DateFact['kind'] {
  if (spec.type === 'event') return 'event-relative';
  if (spec.type === 'since') return 'relative';
  if (spec.type === 'span-days') return kindOf(spec.inner);
  if (spec.type === 'fixed') return 'absolute';
  if (spec.type === 'from-day') return spec.kind;
  return 'relative';
}

/** The words that identify an anchor: its names when it has any ("Vahidi’s visit"), else all its content words ("the election"). */
function termsOf(text: string): string[] {
  const terms = tokenize(text)
    .map((w) => ({ w, t: processTerm(w) }))
    .filter((x): x is { w: string; t: string } => !!x.t && x.t.length > 1);
  const names = terms.filter((x) => /^\p{Lu}/u.test(x.w));
  return (names.length ? names : terms).map((x) => x.t);
}

export function extractDates(doc: ParsedDoc): DateFact[] {
  const pub = publicationSpan(doc.meta.published);
  const found: Found[] = [];
  for (const p of doc.paragraphs) {
    if (p.heading) continue;
    p.sentences.forEach((s, si) => {
      const sentence = p.text.slice(s.start, s.end);
      if (!maybeDate(sentence)) return;
      for (const m of matchesIn(sentence)) {
        let end = m.end;
        const fact: DateFact = {
          text: '',
          paragraph: p.n,
          sentence: si,
          start: s.start + m.start,
          end: 0,
          date: null,
          precision: 'relative',
          kind: kindOf(m.spec),
        };
        let iv: Interval | null = null;
        if (m.spec.type === 'vague') {
          fact.precision = 'vague';
        } else if (m.spec.type === 'event') {
          const anchor = anchorPhrase(sentence.slice(m.spec.anchorFrom));
          if (!anchor) continue;
          end = m.spec.anchorFrom + sentence.slice(m.spec.anchorFrom).indexOf(anchor) + anchor.length;
          fact.anchor = anchor;
          const { n, unit, sign } = m.spec;
          if (unit !== 'decade') fact.offset = { amount: sign * n, unit };
          fact.note = 'relative to an event the document does not date';
        } else {
          iv = resolve(m.spec, pub);
          if (iv) Object.assign(fact, formatInterval(iv));
          else fact.note = 'no publication date to count from';
        }
        fact.end = s.start + end;
        fact.text = p.text.slice(fact.start, fact.end);
        found.push({ fact, spec: m.spec, iv });
      }
    });
  }
  if (found.some((f) => f.spec.type === 'event')) resolveEvents(doc, found);
  return found.map((f) => f.fact);
}

/**
 * An expression counted from another event takes that event's date when this document dates a
 * sentence naming the same people or places (the anchor's capitalised words; without names, all
 * its words): the nearest such sentence before it, else after. Two passes let one anchored date
 * anchor another.
 */
/** An anchor must be an event, not an era: "since 2019" dates no visit. */
const MAX_ANCHOR_DAYS = 92;

function resolveEvents(doc: ParsedDoc, found: Found[]): void {
  const sentenceTerms = new Map<string, Set<string>>();
  for (const f of found) {
    const key = `${f.fact.paragraph}:${f.fact.sentence}`;
    if (sentenceTerms.has(key)) continue;
    const p = doc.paragraphs[f.fact.paragraph - 1];
    const s = p.sentences[f.fact.sentence];
    sentenceTerms.set(
      key,
      new Set(
        tokenize(p.text.slice(s.start, s.end))
          .map((w) => processTerm(w))
          .filter((t): t is string => !!t),
      ),
    );
  }
  for (let pass = 0; pass < 2; pass++) {
    found.forEach((f, i) => {
      if (f.spec.type !== 'event' || f.iv || !f.fact.anchor) return;
      const names = termsOf(f.fact.anchor);
      if (names.length === 0) return;
      const candidates = found
        .map((g, j) => ({ g, j }))
        .filter(
          ({ g }) =>
            g.iv &&
            g.iv.end !== null &&
            g.iv.end - g.iv.start <= MAX_ANCHOR_DAYS &&
            !(g.fact.paragraph === f.fact.paragraph && g.fact.sentence === f.fact.sentence),
        )
        .filter(({ g }) => {
          const terms = sentenceTerms.get(`${g.fact.paragraph}:${g.fact.sentence}`);
          return !!terms && names.every((n) => terms.has(n));
        });
      const before = candidates.filter(({ j }) => j < i).pop();
      const chosen = before ?? candidates.find(({ j }) => j > i);
      if (!chosen) return;
      const { n, unit, sign } = f.spec;
      f.iv = shiftInterval(chosen.g.iv!, sign * n, unit);
      Object.assign(f.fact, formatInterval(f.iv));
      f.fact.note = `counted from “${chosen.g.fact.text}” (¶${chosen.g.fact.paragraph})`;
    });
  }
}
