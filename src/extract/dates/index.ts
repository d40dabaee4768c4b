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
import type WinkNLP from 'wink-nlp';
import type { WinkMethods } from 'wink-nlp';
import type Model from 'wink-eng-lite-web-model';
import { lazy } from '../../lazy.js';
import { processTerm, tokenize } from '../../index/text.js';
import type { ParsedDoc } from '../../types.js';
import { REPORTING_VERBS } from '../lexicon.js';
import { matchesOf } from '../matches.js';
import { upperStart } from '../people/tokens.js';
import { addMonths, formatInterval, monthSpan, publicationSpan, thirdOf, weekStart, yearSpan, ymd, type Interval } from './calendar.js';
import {
  PART_BEFORE,
  RULES,
  SINCE_BEFORE,
  partOf,
  shiftInterval,
  shiftMonthsOf,
  type Rule,
  type RuleMatch,
  type Spec,
  type Tense,
} from './rules.js';
import type { DateFact, DateModifier, DatePrecision } from '../types.js';

export { formatInterval, publicationSpan } from './calendar.js';

/**
 * Cheap tests before running the rules: most sentences hold no date at all. Month and weekday
 * names only count capitalised ("market", "may" and "decline" are no months).
 */
const MAYBE_DATE_WORD =
  /\d{4}|day|week|month|year|ago\b|recent|lately|decade|centur|for now|time being|near future|tonight|morning|afternoon|evening|yesterday|tomorrow|quarter|latest period|summer|winter|spring|autumn|(?:this|last|next|past|coming|the) fall\b|ties\b|\d0['’]?s\b|nineteen|thousand/i;
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

/** The tense a word marks (words in lower case). */
function markerOf(w: string, next: string | undefined, prev: string | undefined): Tense | 'present' | undefined {
  if ((w === 'is' || w === 'are' || w === 'was' || w === 'were' || w === 'set') && next === 'to') return 'future';
  if (FUTURE.has(w)) return 'future';
  if (PRESENT.has(w)) return 'present';
  const participle = PAST.has(w) || (/^[a-z]{3,}ed$/.test(w) && !/(?:need|feed|seed|speed|bleed|breed)$/.test(w));
  if (participle && !NOT_PAST_AUX.has(prev ?? '')) return 'past';
  return undefined;
}

interface Word {
  /** In lower case. */
  w: string;
  at: number;
  end: number;
  /** A ";" or ":" stands between it and the next word. */
  stop: boolean;
}

/** A letter or apostrophe (/[A-Za-z’']/), by char code: the split runs on every sentence a rule asks the tense of. */
const isWordChar = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 39 || c === 0x2019;

function wordsIn(sentence: string): Word[] {
  const words: Word[] = [];
  let stop = false;
  for (let i = 0; i < sentence.length;) {
    const c = sentence.charCodeAt(i);
    if (!isWordChar(c)) {
      if (c === 59 || c === 58) stop = true;
      i++;
      continue;
    }
    const at = i;
    while (i < sentence.length && isWordChar(sentence.charCodeAt(i))) i++;
    if (words.length) words[words.length - 1].stop = stop;
    stop = false;
    words.push({ w: sentence.slice(at, i).toLowerCase(), at, end: i, stop: false });
  }
  return words;
}

/** The tense of the verb nearest the expression (before it first), within a few words of its clause. */
function tenseFinder(sentence: string): (start: number, end: number) => Tense {
  // Most sentences that reach the rules hold no date at all: split into words only when asked.
  let list: Word[] | undefined;
  return (start, end) => {
    const words = (list ??= wordsIn(sentence));
    const marker = (i: number) => markerOf(words[i].w, words[i + 1]?.w, words[i - 1]?.w);
    const boundary = (i: number) => CLAUSE.has(words[i].w) || words[i].stop;
    let before: { dist: number; t: Tense | 'present' } | undefined;
    let after: { dist: number; t: Tense | 'present' } | undefined;
    const firstAfter = words.findIndex((w) => w.at >= end);
    const lastBefore = (firstAfter === -1 ? words.length : firstAfter) - 1;
    const opensSentence = !words.some((w) => w.end <= start);
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
        // "…effective April 1, sources said": a reporting clause; but "In May, it announced plans" opens
        // with the date, and the verb after it is the clause's own.
        if (REPORTING_VERBS.has(words[i].w) && !opensSentence) continue;
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
/** Loaded the first time an anchor's phrase is read: most documents have none. */
const winkNLP = lazy<typeof WinkNLP>('wink-nlp');
const model = lazy<typeof Model>('wink-eng-lite-web-model');

/** The noun phrase an event-relative expression counts from ("Vahidi’s visit", "the visit of the Saudi interior minister"). */
function anchorPhrase(text: string): string | undefined {
  nlp ??= winkNLP()(model());
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

/** Whether a spec names a period a document may report results for (see Spec `labelled`). */
const isReporting = (spec: Spec): boolean => (spec.type === 'labelled' && !!spec.reporting) || spec.type === 'ending';

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
    case 'labelled':
      return resolve(spec.inner, pub);
    case 'part': {
      const inner = resolve(spec.inner, pub);
      return inner && inner.end !== null ? thirdOf({ start: inner.start, end: inner.end }, spec.which) : null;
    }
    case 'ending': {
      const inner = resolve(spec.inner, pub);
      if (!inner || inner.end === null || inner.end !== inner.start) return null;
      return { start: addMonths(inner.end + 1, -spec.months), end: inner.end };
    }
    default:
      return null;
  }
}

/** What a resolved span is beyond its ISO text: the period it names, the third of it, a note. */
function labelsOf(
  spec: Spec,
  pub: { start: number; end: number } | undefined,
): { precision?: DatePrecision; modifier?: DateModifier; note?: string } {
  switch (spec.type) {
    case 'labelled': {
      const inner = labelsOf(spec.inner, pub);
      return {
        ...inner,
        ...(spec.precision ? { precision: spec.precision } : {}),
        ...(spec.modifier ? { modifier: spec.modifier } : {}),
        ...(spec.note ? { note: spec.note } : {}),
      };
    }
    case 'part': {
      const inner = labelsOf(spec.inner, pub);
      const iv = resolve(spec.inner, pub);
      return { ...inner, precision: inner.precision ?? (iv ? formatInterval(iv).precision : undefined), modifier: spec.which };
    }
    case 'ending': {
      const iv = resolve(spec, pub);
      // A quarter that ends on a calendar quarter's last day is that quarter; any other is a fiscal one.
      const calendar =
        iv && iv.end !== null && ymd(iv.start).d === 1 && ymd(iv.end + 1).d === 1 && (ymd(iv.start).m - 1) % spec.months === 0;
      return calendar
        ? { precision: spec.precision }
        : { note: `a fiscal ${spec.precision}: the ${spec.months} months to the day it ended` };
    }
    default:
      return {};
  }
}

/**
 * The rules whose `needs` words a sentence holds, found in one pass over it instead of a search per
 * rule and word. A lookahead tries each position, longest word first, so overlapping words are all
 * seen: a word found enables every rule needing a word it contains ("yesterday" → "day").
 */
class NeedsScanner {
  private readonly re: RegExp;
  private readonly rulesOf = new Map<string, Rule[]>();
  constructor(rules: readonly Rule[]) {
    const all = [...new Set(rules.flatMap((r) => r.needs ?? []))].sort((a, b) => b.length - a.length);
    for (const w of all)
      this.rulesOf.set(
        w,
        rules.filter((r) => r.needs?.some((o) => w.includes(o))),
      );
    this.re = new RegExp(`(?=(${all.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')}))`, 'gi');
  }
  scan(text: string): Set<Rule> {
    const able = new Set<Rule>();
    for (const m of matchesOf(this.re, text)) for (const r of this.rulesOf.get(m[1].toLowerCase()) ?? []) able.add(r);
    return able;
  }
}

const NEEDS = new NeedsScanner(RULES);

function matchesIn(sentence: string): RuleMatch[] {
  const tense = tenseFinder(sentence);
  const ctx = { sentence, tense };
  const all: RuleMatch[] = [];
  const able = NEEDS.scan(sentence);
  // Rules share hints; each hint is tested once per sentence.
  const hinted = new Map<RegExp, boolean>();
  for (const rule of RULES) {
    if (rule.needs && !able.has(rule)) continue;
    if (rule.hint) {
      let ok = hinted.get(rule.hint);
      if (ok === undefined) hinted.set(rule.hint, (ok = rule.hint.test(sentence)));
      if (!ok) continue;
    }
    for (const m of matchesOf(rule.re, sentence)) {
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
  for (let i = 0; i < kept.length; i++) {
    const m = kept[i];
    const t = m.spec.type;
    const dated = t === 'fixed' || t === 'from-day' || t === 'span-days' || t === 'labelled';
    // "early 1998", "mid-June", "the end of March": the matching third of the period.
    const part = dated ? PART_BEFORE.exec(sentence.slice(Math.max(0, m.start - 30), m.start)) : null;
    if (part && (i === 0 || kept[i - 1].end <= m.start - part[0].length)) {
      m.start -= part[0].length;
      m.spec = { type: 'part', which: partOf(part[1] ?? part[2]), inner: m.spec };
    }
    // "the quarter ended Aug. 26": the quarter is the three months to that day.
    const next = kept[i + 1];
    const spec = m.spec;
    const named = spec.type === 'labelled' ? spec.precision : spec.type === 'period' ? 'quarter' : undefined;
    if (
      next &&
      (named === 'quarter' || named === 'half') &&
      /^\s*,?\s*(?:which\s+|that\s+)?(?:ended|ending|ends)\s+$/i.test(sentence.slice(m.end, next.start)) &&
      (next.spec.type === 'fixed' || next.spec.type === 'from-day')
    ) {
      m.spec = { type: 'ending', inner: next.spec, months: named === 'quarter' ? 3 : 6, precision: named };
    }
  }
  kept.forEach((m, i) => {
    const prev = kept[i - 1];
    if (
      m.spec.type === 'event' &&
      prev &&
      /^\s*,\s*$/.test(sentence.slice(prev.end, m.start)) &&
      (prev.spec.type === 'fixed' || prev.spec.type === 'from-day')
    ) {
      m.spec = { ...m.spec, apposed: prev.spec };
    }
  });
  for (const m of kept) {
    const since = SINCE_BEFORE.exec(sentence.slice(Math.max(0, m.start - 12), m.start));
    if (
      since &&
      (m.spec.type === 'fixed' ||
        m.spec.type === 'from-day' ||
        m.spec.type === 'span-days' ||
        m.spec.type === 'labelled' ||
        m.spec.type === 'part')
    ) {
      m.start -= since[0].length;
      m.spec = { type: 'since', inner: m.spec };
    }
  }
  return kept;
}

function kindOf(spec: Spec): DateFact['kind'] {
  if (spec.type === 'event') return 'event-relative';
  if (spec.type === 'since') return 'relative';
  if (spec.type === 'span-days' || spec.type === 'labelled' || spec.type === 'part' || spec.type === 'ending') return kindOf(spec.inner);
  if (spec.type === 'fixed') return 'absolute';
  if (spec.type === 'from-day') return spec.kind;
  return 'relative';
}

/** The words that identify an anchor: its names when it has any ("Vahidi’s visit"), else all its content words ("the election"). */
function termsOf(text: string): string[] {
  const terms = tokenize(text)
    .map((w) => ({ w, t: processTerm(w) }))
    .filter((x): x is { w: string; t: string } => !!x.t && x.t.length > 1);
  const names = terms.filter((x) => upperStart(x.w));
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
          iv = m.spec.apposed ? resolve(m.spec.apposed, pub) : null;
          if (iv) {
            Object.assign(fact, formatInterval(iv));
            fact.note = 'the date it stands beside';
          }
        } else if (m.spec.type === 'period' || m.spec.type === 'narrative') {
          // Resolved below, over the whole document.
        } else {
          iv = resolve(m.spec, pub);
          if (iv) {
            Object.assign(fact, formatInterval(iv));
            const labels = labelsOf(m.spec, pub);
            if (labels.precision) fact.precision = labels.precision;
            if (labels.modifier) fact.modifier = labels.modifier;
            if (labels.note) fact.note = labels.note;
          } else fact.note = 'no publication date to count from';
        }
        fact.end = s.start + end;
        fact.text = p.text.slice(fact.start, fact.end);
        found.push({ fact, spec: m.spec, iv });
      }
    });
  }
  if (found.some((f) => f.spec.type === 'period' || f.spec.type === 'narrative')) resolveInDocument(found, pub);
  if (found.some((f) => f.spec.type === 'event')) resolveEvents(doc, found);
  return found.map((f) => f.fact);
}

/** How far back (in paragraphs) the time a story speaks of carries to "the following year". */
const NARRATIVE_REACH_PARAGRAPHS = 1;

/**
 * Expressions that count from the document rather than from publication, in reading order:
 * "the quarter", "a year earlier" in a results story (the period it reports on: a quarter or half
 * named without a year, in its sentence or before it), "that quarter" (the last named), "the
 * following year" (the last date named, in its paragraph or the one before). Without one: the
 * spec's fallback, or no date and a note saying why.
 */
function resolveInDocument(found: Found[], pub: { start: number; end: number } | undefined): void {
  found.forEach((f, i) => {
    if (f.spec.type !== 'period' && f.spec.type !== 'narrative') return;
    const placed = place(found, i, f.spec, pub);
    if (!placed.iv) {
      f.fact.note = placed.note;
      return;
    }
    f.iv = placed.iv;
    const formatted = formatInterval(placed.iv);
    f.fact.date = formatted.date;
    f.fact.precision = !placed.precision || placed.precision === 'range' ? formatted.precision : placed.precision;
    if (placed.modifier) f.fact.modifier = placed.modifier;
    if (placed.note) f.fact.note = placed.note;
  });
}

/** A time no longer than the step counted from it: "three days later" counts from a day, not a quarter. */
const UNIT_DAYS = { day: 1, week: 7, month: 31, year: 366, decade: 3653 };
const RANK: Partial<Record<DatePrecision, number>> = {
  day: 1,
  week: 2,
  month: 3,
  quarter: 4,
  season: 4,
  half: 5,
  year: 6,
  decade: 7,
  century: 8,
};

/** Whether a date of this precision is too coarse to count n units of `unit` from (a range: not by its name). */
function coarserThan(precision: DatePrecision, unit: keyof typeof UNIT_DAYS): boolean {
  const r = RANK[precision];
  return r !== undefined && r > RANK[unit === 'decade' ? 'decade' : unit]!;
}

interface Placed {
  iv: { start: number; end: number } | null;
  precision?: DatePrecision;
  modifier?: DateModifier;
  note?: string;
}

/** Where a period or narrative expression (found[i], or its fallback) falls, from the document's other dates. */
function place(found: Found[], i: number, spec: Spec, pub: { start: number; end: number } | undefined): Placed {
  if (spec.type !== 'period' && spec.type !== 'narrative') {
    const iv = resolve(spec, pub);
    if (!iv || iv.end === null) return { iv: null, note: 'no publication date to count from' };
    return { iv: { start: iv.start, end: iv.end }, ...labelsOf(spec, pub) };
  }
  const f = found[i];
  const sameSentence = (g: Found) => g.fact.paragraph === f.fact.paragraph && g.fact.sentence === f.fact.sentence;
  let anchor: Found | undefined;
  if (spec.type === 'period') {
    // A period named in the future tense is reported on only once it has ended ("expects to report
    // third-quarter net" in October, but not "will take a fourth-quarter charge").
    const fits = (g: Found) =>
      !!g.iv &&
      g.iv.end !== null &&
      (spec.ref === 'reporting'
        ? isReporting(g.spec) && !(g.spec.type === 'labelled' && g.spec.future && pub && g.iv.end >= pub.start)
        : g.fact.precision === 'quarter' || g.fact.precision === 'half');
    // A comparison counts from its own sentence's period ("third-quarter sales fell from $5 million
    // a year earlier"); else the period the story leads with (a later one is usually a contrast:
    // "after a flat second quarter"), or for "that quarter" the last named.
    const before = found.slice(0, i).reverse();
    const compares = spec.months !== 0 || spec.year !== undefined;
    anchor =
      (compares ? before.find((g) => sameSentence(g) && fits(g)) : undefined) ??
      (compares && spec.ref === 'reporting' ? found.slice(i + 1).find((g) => sameSentence(g) && fits(g)) : undefined) ??
      (spec.ref === 'reporting' ? found.slice(0, i).find(fits) : before.find(fits));
  } else {
    const unitDays = UNIT_DAYS[spec.unit];
    const fits = (g: Found) =>
      !!g.iv &&
      g.iv.end !== null &&
      g.iv.end - g.iv.start < unitDays &&
      g.spec.type !== 'since' &&
      g.spec.type !== 'narrative' &&
      g.fact.kind !== 'event-relative';
    anchor =
      found
        .slice(0, i)
        .reverse()
        .find((g) => fits(g) && f.fact.paragraph - g.fact.paragraph <= NARRATIVE_REACH_PARAGRAPHS) ??
      found.slice(i + 1).find((g) => fits(g) && sameSentence(g));
  }
  if (!anchor?.iv || anchor.iv.end === null) {
    if (spec.fallback) return place(found, i, spec.fallback, pub);
    // "the year" with no period reported: once a year is a quarter gone, results for it are this
    // year's; before that they may be last year's, which the text does not say.
    if (spec.type === 'period' && spec.wholeYear && pub && ymd(pub.start).m > 3) {
      return {
        iv: yearSpan(ymd(pub.start).y),
        precision: 'year',
        note: 'the publication’s year: the document names no period it reports on',
      };
    }
    return {
      iv: null,
      note: spec.type === 'period' ? 'the document names no period this refers to' : 'counted from a time the text does not date',
    };
  }
  const from = { start: anchor.iv.start, end: anchor.iv.end };
  const cited = `“${anchor.fact.text}” (¶${anchor.fact.paragraph})`;
  if (spec.type === 'period') {
    if (spec.wholeYear) return { iv: yearSpan(ymd(from.end).y), precision: 'year', note: `${spec.note}: ${cited}` };
    const months = spec.year !== undefined ? (spec.year - ymd(from.start).y) * 12 : spec.months;
    return {
      iv: shiftMonthsOf(from, months),
      precision: anchor.fact.precision,
      ...(anchor.fact.modifier ? { modifier: anchor.fact.modifier } : {}),
      note: `${spec.note}: ${cited}`,
    };
  }
  const note = `counted from ${cited}`;
  if (spec.calendar) {
    const unitIv = calendarUnitOf(from.start, spec.unit);
    const iv =
      spec.unit === 'day' || spec.unit === 'week'
        ? { start: unitIv.start + spec.n * (spec.unit === 'week' ? 7 : 1), end: unitIv.end + spec.n * (spec.unit === 'week' ? 7 : 1) }
        : shiftMonthsOf(unitIv, spec.n * (spec.unit === 'year' ? 12 : 1));
    return { iv, precision: spec.unit, note };
  }
  const wholeMonths = ymd(from.start).d === 1 && ymd(from.end + 1).d === 1;
  const iv =
    wholeMonths && (spec.unit === 'month' || spec.unit === 'year')
      ? shiftMonthsOf(from, spec.n * (spec.unit === 'year' ? 12 : 1))
      : (shiftInterval(from, spec.n, spec.unit) as { start: number; end: number });
  return { iv, precision: anchor.fact.precision, note };
}

/** The calendar day, week, month or year holding day d. */
function calendarUnitOf(d: number, unit: 'day' | 'week' | 'month' | 'year'): { start: number; end: number } {
  const { y, m } = ymd(d);
  if (unit === 'day') return { start: d, end: d };
  if (unit === 'week') return { start: weekStart(d), end: weekStart(d) + 6 };
  return unit === 'month' ? monthSpan(y, m) : yearSpan(y);
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
            !coarserThan(g.fact.precision, (f.spec as { unit: keyof typeof UNIT_DAYS }).unit) &&
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
