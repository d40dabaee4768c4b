/**
 * The date expressions news text uses, as rules over one sentence. Each rule finds its phrase and
 * says how to resolve it; the extractor keeps the longest phrase where rules overlap.
 *
 * Why rules of our own rather than chrono-node: chrono's misses are the common cases here (bare
 * years, "since 2019", "last week" as a span, tense, event-relative phrases), and its false hits
 * ("now", "night", "post-9/11") need a filter of their own; rules that only find what they
 * understand are both clearer and several times faster.
 */
import type { DateModifier, DatePrecision } from '../types.js';
import { addMonths, dayOf, daysInMonth, monthSpan, thirdOf, weekStart, weekday, yearSpan, type Interval } from './calendar.js';

export type Tense = 'past' | 'future' | 'none';

/** Which way a day-of-year or weekday without a year or week points. */
export type Direction = 'past' | 'future' | 'nearest' | 'strict-past' | 'strict-next';

/** How an expression resolves. */
export type Spec =
  /** A calendar date that needs nothing else (2015, Feb. 25, 2020, August 2025). */
  | { type: 'fixed'; iv: { start: number; end: number }; kind: 'absolute' }
  /**
   * Computed from the publication date, given as a span of days (one day, or a month when only
   * the month is known): yesterday, last week, Jan. 25 without a year.
   */
  | { type: 'from-day'; f: (pub: Span) => Span; kind: 'absolute' | 'relative' }
  /** An inner day and the days after it ("June 8-10"). */
  | { type: 'span-days'; inner: Spec; days: number }
  /** From an inner expression up to publication ("since 2019"). */
  | { type: 'since'; inner: Spec }
  | { type: 'vague' }
  /** Counted from another event ("a week before Vahidi's visit"). */
  | {
      type: 'event';
      n: number;
      unit: Unit;
      sign: 1 | -1;
      anchorFrom: number;
      /** A date the phrase stands in apposition to ("Oct. 12, the day before the crash"): its own date. */
      apposed?: Spec;
    }
  /**
   * An inner expression with what it names: "the third quarter" is a quarter, not a range of
   * months. `reporting`: a period a document may report results for (a quarter named without a
   * year, or this year's), which "the quarter" and "a year earlier" then refer to.
   */
  | {
      type: 'labelled';
      inner: Spec;
      precision?: DatePrecision;
      modifier?: DateModifier;
      note?: string;
      reporting?: boolean;
      /** Named in the future tense ("will take a fourth-quarter charge"): reported on only once it has ended. */
      future?: boolean;
    }
  /** The early, middle or late third of an inner expression ("early 1998", "the end of the month"). */
  | { type: 'part'; which: DateModifier; inner: Spec }
  /** A period that ends on an inner day ("the quarter ended Aug. 26": the three months to it). */
  | { type: 'ending'; inner: Spec; months: number; precision: DatePrecision }
  /**
   * Resolved over the whole document: the period it reports on (`reporting`) or the last period it
   * named (`latest`), moved by some months ("the year-ago quarter", "a year earlier" in an earnings
   * story), or put in a given year ("the 1988 period"). Without one: the fallback, or no date.
   */
  | {
      type: 'period';
      ref: 'reporting' | 'latest';
      months: number;
      year?: number;
      /** The calendar year holding the period ("for the year" in a story about third-quarter results). */
      wholeYear?: boolean;
      fallback: Spec | null;
      note: string;
    }
  /**
   * Counted from the time the text last named, not from publication ("the following year", "two
   * years later", "that year"): that time's calendar unit moved by n (`calendar`), or that time
   * itself moved by n units.
   */
  | { type: 'narrative'; unit: 'day' | 'week' | 'month' | 'year'; n: number; calendar: boolean; fallback?: Spec };

export type Unit = 'day' | 'week' | 'month' | 'year' | 'decade';

export interface Span {
  start: number;
  end: number;
}

export interface RuleMatch {
  start: number;
  end: number;
  spec: Spec;
}

export interface Rule {
  re: RegExp;
  /**
   * A cheap test a sentence must pass for the rule to run: a rule whose pattern starts with
   * optional words is tried at every word, and most sentences lack its key word.
   */
  hint?: RegExp;
  /**
   * Cheaper still, tried first: words (lower case) of which the sentence must contain at least
   * one, found with a plain substring search of the lower-cased sentence.
   */
  needs?: readonly string[];
  /** null when the match turns out not to be a date (a measure, a count). */
  make(m: RegExpExecArray, ctx: RuleContext): Spec | null;
  /** Leading words the rule needs to decide but that are not part of the date ("in" of "in May"). */
  lead?(m: RegExpExecArray): number;
}

export interface RuleContext {
  sentence: string;
  /** The tense around a match, from the verbs near it. */
  tense(start: number, end: number): Tense;
}

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};
const WEEKDAYS: Record<string, number> = { sunday: 0, monday: 1, tuesday: 2, wednesday: 3, thursday: 4, friday: 5, saturday: 6 };

const NUMBER_WORDS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  fifteen: 15,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  hundred: 100,
};

export function monthNumber(word: string): number {
  return MONTHS[
    word
      .toLowerCase()
      .replace(/\.$/, '')
      .slice(0, word.toLowerCase().startsWith('sept') ? 4 : 3)
  ];
}

function count(word: string): number | undefined {
  const w = word.toLowerCase();
  if (/^\d+$/.test(w)) return Number(w);
  return NUMBER_WORDS[w];
}

const FULL_MONTH = 'January|February|March|April|May|June|July|August|September|October|November|December';
const FULL_MONTH_WORD = new RegExp(`^(?:${FULL_MONTH})$`);
/** Abbreviations: "Feb." or "Feb" (Reuters datelines write them without a dot). */
const ABBR_MONTH = 'Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec';
const MONTH = `(?:${FULL_MONTH}|(?:${ABBR_MONTH})\\.?)(?![A-Za-z])`;
const WEEKDAY = 'Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday';
const MONTH_AFTER_SLASH = new RegExp(`^\\s*/\\s*${MONTH}`);
const MONTH_BEFORE_SLASH = new RegExp(`${MONTH}\\s*/\\s*$`);
const NUM = '(?:\\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundred)';
const ONES = 'one|two|three|four|five|six|seven|eight|nine';
const TEENS = 'ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen';
const TENS = 'twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety';
/**
 * A year spelled out, as transcripts write them ("nineteen ninety-six", "the year two thousand").
 * "two thousand" alone is a count unless "year" comes before it.
 */
const SPELLED_YEAR =
  `[Nn]ineteen[- ](?:hundred(?:\\s+and\\s+(?:(?:${TENS})(?:[- ](?:${ONES}))?|${TEENS}|${ONES}))?|(?:${TENS})(?:[- ](?:${ONES}))?|(?:${TEENS})|oh[- ](?:${ONES}))` +
  `|(?<=\\byear\\s)two thousand(?:\\s+and\\s+(?:${TEENS}|${ONES}))?|[Tt]wo thousand\\s+and\\s+(?:${TEENS}|${ONES})`;
/**
 * A year as a word of its own: not part of a larger number, an amount, a percentage or a measure.
 * A hyphen before it only after a part of a period ("mid-1996", "end-1987").
 */
const YEAR = `(?=[12NnTt])(?<![\\d$£€¥.,/:])(?<!(?<!\\b(?:mid|early|late|end))-)(1[89]\\d\\d|20\\d\\d|${SPELLED_YEAR})(?![\\d%]|[.,:]\\d)`;

const WORD_VALUE: Record<string, number> = Object.fromEntries(
  [ONES, TEENS, TENS].flatMap((list, k) =>
    list.split('|').map((w, i): [string, number] => [w, k === 0 ? i + 1 : k === 1 ? 10 + i : 20 + 10 * i]),
  ),
);

/** The number a YEAR match stands for: digits, or words ("nineteen ninety-six" → 1996). */
export function yearValue(text: string): number {
  if (/^\d+$/.test(text)) return Number(text);
  const words = text
    .toLowerCase()
    .split(/[\s-]+/)
    .filter((w) => w !== 'and' && w !== 'oh');
  if (words[0] === 'two' && words[1] === 'thousand') return 2000 + words.slice(2).reduce((a, w) => a + (WORD_VALUE[w] ?? 0), 0);
  const century = WORD_VALUE[words[0]] * 100;
  return century + words.slice(1).reduce((a, w) => a + (w === 'hundred' ? 0 : (WORD_VALUE[w] ?? 0)), 0);
}
const MONTH_THEN_YEAR = new RegExp(`^\\s*(?:and|or|to|through|-|–|/)\\s*${MONTH},?\\s+${YEAR}\\b`);

/**
 * Words that make a four-digit number a quantity, not a year ("2000 dlrs", "1900 GMT").
 * Checked on the word right after the number.
 */
const UNIT_AFTER = new Set(
  (
    'dlrs dlr dollars dollar pct percent per mln million billion bln trillion tonnes tonne tons ton bags bales barrels bpd shares stg ' +
    'yen marks francs guilders lire pesos rupees pounds lbs lb kg kilos kilograms grams ounces oz km kilometres kilometers miles mile ' +
    'metres meters feet ft acres hectares units people persons workers employees jobs men women troops soldiers cars vehicles homes ' +
    'houses gmt est edt cst pst bst hrs hours hour local points pts cents cts contracts lots votes seats delegates members customers ' +
    'mw kw megawatts calories times x'
  ).split(' '),
);

function nextWord(s: string, from: number): string {
  return /^\s*([A-Za-z]+)/.exec(s.slice(from))?.[1]?.toLowerCase() ?? '';
}

function isQuantity(s: string, end: number): boolean {
  return UNIT_AFTER.has(nextWord(s, end)) || /^-(?:[a-z])/.test(s.slice(end, end + 2));
}

const fixed = (start: number, end: number): Spec => ({ type: 'fixed', iv: { start, end }, kind: 'absolute' });
/**
 * An expression counted from one day. Over a publication span it covers every day it could mean:
 * from what it means on the first possible publication day to what it means on the last.
 */
const fromDay = (f: (d: number) => Span): Spec => ({
  type: 'from-day',
  f: (pub) => {
    // A publication day (the usual case) is one reading, not two.
    const first = f(pub.start);
    return { start: first.start, end: (pub.end === pub.start ? first : f(pub.end)).end };
  },
  kind: 'relative',
});
/** A calendar date missing its year (or year and day): the occurrence nearest the publication that the tense allows. */
const nearPublication = (f: (pub: Span) => Span): Spec => ({ type: 'from-day', f, kind: 'absolute' });

function directionOf(qualifier: string | undefined, tense: Tense): Direction {
  const q = qualifier?.toLowerCase();
  if (q === 'last' || q === 'past' || q === 'previous') return 'strict-past';
  if (q === 'next' || q === 'coming') return 'strict-next';
  return tense === 'past' ? 'past' : tense === 'future' ? 'future' : 'nearest';
}

/** The candidate (from a list sorted by start) that the direction picks for a publication span. */
function pick(cands: Span[], pub: Span, dir: Direction): Span {
  switch (dir) {
    case 'past':
      return [...cands].reverse().find((c) => c.start <= pub.end) ?? cands[0];
    case 'strict-past':
      return [...cands].reverse().find((c) => c.end < pub.start) ?? cands[0];
    case 'future':
      return cands.find((c) => c.end >= pub.start) ?? cands[cands.length - 1];
    case 'strict-next':
      return cands.find((c) => c.start > pub.end) ?? cands[cands.length - 1];
    case 'nearest': {
      const dist = (c: Span) => (pub.end < c.start ? c.start - pub.end : pub.start > c.end ? pub.start - c.end : 0);
      // Ties go to the past: news reports more than it announces.
      return cands.reduce((best, c) => (dist(c) < dist(best) ? c : best));
    }
  }
}

const year = (d: number) => new Date(d * 86_400_000).getUTCFullYear();

function fixedDay(y: number, month: number, dd: number): Spec | null {
  if (dd < 1 || dd > daysInMonth(y, month)) return null;
  const day = dayOf(y, month, dd);
  return fixed(day, day);
}

/**
 * How far into another year than the publication's the tense may send a day written without its
 * year. A writer omits only the current year; a date more than half a year into another year gets
 * its year ("May 1, 1986"), so a verb seeming to point there governs something else ("accrued
 * interest to May 1", "proposed a meeting on April 23"): the publication year's day is meant.
 */
const YEARLESS_REACH_DAYS = 183;

/** A day and month without a year: the occurrence the tense points to, around the publication day. */
function monthDay(month: number, dd: number, dir: Direction): Spec | null {
  if (dd < 1 || dd > 31 || (month === 2 && dd > 29) || dd > daysInMonth(2000, month)) return null;
  return nearPublication((pub) => {
    const y = year(pub.start);
    const cands = [y - 1, y, y + 1, y + 2]
      .filter((yy) => dd <= daysInMonth(yy, month))
      .map((yy) => {
        const day = dayOf(yy, month, dd);
        return { start: day, end: day };
      });
    const chosen = pick(cands, pub, dir);
    const far = chosen.start > pub.end + YEARLESS_REACH_DAYS || chosen.end < pub.start - YEARLESS_REACH_DAYS;
    const sameYear = cands.find((c) => year(c.start) === y);
    return far && year(chosen.start) !== y && sameYear ? sameYear : chosen;
  });
}

function monthOnly(month: number, dir: Direction): Spec {
  return nearPublication((pub) => {
    const y = year(pub.start);
    return pick(
      [y - 1, y, y + 1, y + 2].map((yy) => monthSpan(yy, month)),
      pub,
      dir,
    );
  });
}

function shift(day: number, n: number, unit: Unit): number {
  if (unit === 'day') return day + n;
  if (unit === 'week') return day + 7 * n;
  if (unit === 'month') return addMonths(day, n);
  return addMonths(day, n * (unit === 'decade' ? 120 : 12));
}

export function shiftInterval(iv: Interval, n: number, unit: Unit): Interval {
  return { start: shift(iv.start, n, unit), end: iv.end === null ? null : shift(iv.end, n, unit) };
}

function unitOf(word: string): Unit {
  return word.toLowerCase().replace(/s$/, '') as Unit;
}

/** The calendar unit holding day d, shifted by n units (last week: n = -1). */
function calendarUnit(d: number, unit: 'week' | 'month' | 'year', n: number): { start: number; end: number } {
  if (unit === 'week') {
    const s = weekStart(d) + 7 * n;
    return { start: s, end: s + 6 };
  }
  if (unit === 'month') {
    const t = new Date(d * 86_400_000);
    return monthSpan(t.getUTCFullYear(), t.getUTCMonth() + 1 + n);
  }
  return yearSpan(year(d) + n);
}

const labelled = (
  inner: Spec,
  precision?: DatePrecision,
  extra: { note?: string; reporting?: boolean; future?: boolean; modifier?: DateModifier } = {},
): Spec => ({
  type: 'labelled',
  inner,
  ...(precision ? { precision } : {}),
  ...extra,
});

export const FISCAL_NOTE = 'a fiscal period, taken as the calendar one: the text does not give the fiscal calendar';

/**
 * A part of a period written before it: "early", "mid-", "late", "end-" or "the beginning / middle
 * / end of" ("early 1998", "mid-June", "the end of March", "end-1987").
 */
export const PART_BEFORE =
  /(?:\b(early|mid|late|end)[- ]|\b(?:the\s+)?(?:very\s+)?(beginning|start|middle|end|close)\s+of\s+(?:the\s+)?)$/i;

export function partOf(word: string): DateModifier {
  const w = word.toLowerCase();
  return w === 'early' || w === 'beginning' || w === 'start' ? 'early' : w === 'mid' || w === 'middle' ? 'mid' : 'late';
}

/** "today's world": the present age. */
const GENERIC_TODAY =
  /^['’]s\s+(?:world|society|youth|young|children|kids|generation|culture|economy|standards|climate|age|times|life|global)\b/i;

const DECADES: Record<string, number> = {
  twenties: 20,
  thirties: 30,
  forties: 40,
  fifties: 50,
  sixties: 60,
  seventies: 70,
  eighties: 80,
  nineties: 90,
};
const DECADE_WORDS = Object.keys(DECADES).join('|');
const CENTURY_ORDINALS =
  'first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|twenty-first';

const ORDINAL: Record<string, number> = { first: 1, '1st': 1, second: 2, '2nd': 2, third: 3, '3rd': 3, fourth: 4, '4th': 4 };
const ORD = 'first|second|third|fourth|1st|2nd|3rd|4th';

/** Quarter (of 3 months) or half (of 6) number n of year y. */
function periodOf(y: number, n: number, months: number): Span {
  return { start: monthSpan(y, (n - 1) * months + 1).start, end: monthSpan(y, n * months).end };
}

/** The number of a quarter or half as written ("third", "final", "last"; "first two quarters" is a half). */
function periodNumber(ord: string, months: number): number | undefined {
  const w = ord.toLowerCase();
  const n = w === 'final' || w === 'last' ? 12 / months : ORDINAL[w];
  return n !== undefined && n <= 12 / months ? n : undefined;
}

/** How long after a period ends its results are still to come ("expects to report third-quarter net" in October). */
const REPORTING_LAG_DAYS = 92;

/**
 * A quarter or half named without its year: the latest begun by publication, since results are
 * reported for periods that have begun; in the future tense, the next one unless the latest ended
 * so recently that its results may still be to come.
 */
function periodNear(n: number, months: number, tense: Tense, shiftMonths = 0): Spec {
  return nearPublication((pub) => {
    const y = year(pub.start);
    const cands = [y - 1, y, y + 1].map((yy) => periodOf(yy, n, months));
    let c = pick(cands, pub, 'past');
    if (tense === 'future' && c.end < pub.start - REPORTING_LAG_DAYS) c = pick(cands, pub, 'future');
    return shiftMonths ? shiftMonthsOf(c, shiftMonths) : c;
  });
}

/** The calendar quarter holding day d. */
function quarterHolding(d: number): Span {
  const t = new Date(d * 86_400_000);
  return periodOf(t.getUTCFullYear(), Math.floor(t.getUTCMonth() / 3) + 1, 3);
}

/** A span of whole months moved by n months. */
export function shiftMonthsOf(c: Span, n: number): Span {
  return { start: addMonths(c.start, n), end: addMonths(c.end + 1, n) - 1 };
}

/** The spring, summer, fall or winter of year y as TimeML and the northern hemisphere count them (winter runs into y + 1). */
const SEASON_START: Record<string, number> = { spring: 3, summer: 6, fall: 9, autumn: 9, winter: 12 };
function seasonOf(y: number, first: number): Span {
  return { start: monthSpan(y, first).start, end: monthSpan(y, first + 2).end };
}

/**
 * Words of results and figures: where "a year earlier" compares with the period a story reports
 * on ("net rose to $5 million from $4 million a year earlier").
 */
const FIGURES =
  /[$%£¥€]|\b(?:cents?|pence|percent|pct|million|billion|mln|bln|dlrs|results?|earnings|profits?|net|loss(?:es)?|sales|revenues?|income|period|quarter)\b/i;
/** A sentence naming a period other than a quarter: its "a year earlier" is not the year-ago quarter. */
const OTHER_PERIOD =
  /\b(?:(?:three|six|nine|twelve|\d+)\s+months|(?:first|second)\s+half|full\s+year|fiscal\s+year|year\s+(?:ended|ending|to\s+date)|the\s+year\b(?![-'’]))/i;

/** "two weeks ago": the calendar unit holding the day n units before publication (a day for days). */
function ago(n: number, unit: Unit): Spec {
  return fromDay((d) => {
    const day = shift(d, -n, unit);
    if (unit === 'day') return { start: day, end: day };
    if (unit === 'decade') return yearSpan(year(day));
    return calendarUnit(day, unit, 0);
  });
}

function yearBefore(): Spec {
  return fromDay((d) => yearSpan(year(d) - 1));
}

/**
 * "a year earlier", "year-ago" among figures: the period the story reports on, a year back, else
 * `fallback`; beside a period of another length ("the nine months"), the year before publication.
 * Without figures: `fallback`.
 */
function yearAgo(sentence: string, fallback: Spec): Spec {
  if (!FIGURES.test(sentence)) return fallback;
  if (OTHER_PERIOD.test(sentence)) return yearBefore();
  return { type: 'period', ref: 'reporting', months: -12, fallback, note: 'the period the document reports on, a year earlier' };
}

/**
 * The month rules' shared hint (tested once per sentence): a whole month name with a capital
 * first, as every month rule requires ("may", "march" in lower case are verbs), the rest in any
 * case as the case-blind rule reads it ("MARCH"). A whole word, so that "Market" or "Mayor" runs
 * none of them.
 */
const MONTH_HINT = new RegExp(
  `\\b(?:${[...FULL_MONTH.split('|'), ...ABBR_MONTH.split('|')]
    .map((w) => w[0] + [...w.slice(1)].map((c) => `[${c}${c.toUpperCase()}]`).join(''))
    .join('|')})\\.?(?![A-Za-z])`,
);

export const RULES: Rule[] = [
  // "the third quarter of 1984", "the last half of 1989", "the first quarter of next year", "the
  // first two quarters of 1990"
  {
    needs: ['quarter', 'half'],
    re: new RegExp(
      `\\b(?:the\\s+)?(${ORD}|final|last|first\\s+two|last\\s+two)[- ](?:(fiscal)[- ])?(quarters?|half)\\s+of\\s+(?:(fiscal)\\s+)?(?:${YEAR}(?![/-]\\d)|(this|next|last|the)\\s+year)\\b`,
      'gi',
    ),
    make(m) {
      const two = /\stwo$/i.exec(m[1]);
      if (two ? !/^quarters$/i.test(m[3]) : /^quarters$/i.test(m[3])) return null;
      const months = two || /^half$/i.test(m[3]) ? 6 : 3;
      const n = two ? (/^first/i.test(m[1]) ? 1 : 2) : periodNumber(m[1], months);
      if (n === undefined) return null;
      const precision = months === 3 ? 'quarter' : 'half';
      const note = m[2] || m[4] ? { note: FISCAL_NOTE } : {};
      if (m[5])
        return labelled(fixed(periodOf(yearValue(m[5]), n, months).start, periodOf(yearValue(m[5]), n, months).end), precision, note);
      const q = m[6].toLowerCase();
      const k = q === 'last' ? -1 : q === 'next' ? 1 : 0;
      return labelled(
        fromDay((d) => periodOf(year(d) + k, n, months)),
        precision,
        { ...note, reporting: k === 0 },
      );
    },
  },
  // "the 1988 third quarter", "fiscal 1989's fourth quarter", "this year's third quarter", "next
  // year's first half"
  {
    needs: ['quarter', 'half'],
    hint: /(?:\d|year|nineteen|thousand)(?:['’]s)?\s+(?:fiscal[- ])?(?:first|second|third|fourth|1st|2nd|3rd|4th|final)[- ](?:quarter|half)/i,
    re: new RegExp(
      `\\b(?:the\\s+)?(?:(fiscal)\\s+)?(?:${YEAR}|(this|next|last)\\s+year)(?:['’]s)?\\s+(?:(fiscal)[- ])?(${ORD}|final)[- ](quarter|half)\\b`,
      'gi',
    ),
    make(m) {
      const months = /^half$/i.test(m[6]) ? 6 : 3;
      const n = periodNumber(m[5], months);
      if (n === undefined) return null;
      const precision = months === 3 ? 'quarter' : 'half';
      const note = m[1] || m[4] ? { note: FISCAL_NOTE } : {};
      if (m[2]) {
        const p = periodOf(yearValue(m[2]), n, months);
        return labelled(fixed(p.start, p.end), precision, note);
      }
      const q = m[3].toLowerCase();
      const k = q === 'last' ? -1 : q === 'next' ? 1 : 0;
      return labelled(
        fromDay((d) => periodOf(year(d) + k, n, months)),
        precision,
        { ...note, reporting: k === 0 },
      );
    },
  },
  // "the third quarter", "third-quarter profit", "the fiscal first quarter": the year from the
  // tense and publication. (A half without its year is as often a match's as a year's: not taken.)
  {
    needs: ['quarter'],
    re: new RegExp(
      `\\b(?:the\\s+)?(?:(fiscal)[- ])?(${ORD}|final)[- ](?:(fiscal)[- ])?quarter\\b(?!-)(?:\\s+(?:of\\s+)?(last|this|next)\\s+year\\b)?`,
      'gi',
    ),
    make(m, ctx) {
      const n = periodNumber(m[2], 3);
      if (n !== undefined && m[4]) {
        const k = m[4].toLowerCase() === 'last' ? -1 : m[4].toLowerCase() === 'next' ? 1 : 0;
        return labelled(
          fromDay((d) => periodOf(year(d) + k, n, 3)),
          'quarter',
          { ...(m[1] || m[3] ? { note: FISCAL_NOTE } : {}), reporting: k === 0 },
        );
      }
      const after = ctx.sentence.slice(m.index + m[0].length);
      // "the first quarter of the century", "a third quarter of its sales": not a calendar quarter.
      if (n === undefined || /^\s+of\s+(?:a|an|its|their|his|her|our|the\s+(?!year\b))/i.test(after)) return null;
      if (/^\s+of\s+the\s+year\b/i.test(after)) return null;
      const tense = ctx.tense(m.index, m.index + m[0].length);
      return labelled(periodNear(n, 3, tense), 'quarter', {
        ...(m[1] || m[3] ? { note: FISCAL_NOTE } : {}),
        reporting: true,
        future: tense === 'future',
      });
    },
  },
  // "the year-ago quarter", "the year-earlier third quarter", "year-earlier profit", "the comparable
  // year-ago period"
  {
    needs: ['year'],
    hint: /year[- ](?:ago|earlier|before)|prior-year/i,
    re: new RegExp(
      `\\b(?:the\\s+)?(?:(?:comparable|corresponding|same)\\s+)?(year[- ]ago|year[- ]earlier|year-before|prior-year)(?:\\s+(?:(${ORD}|final)[- ])?(quarter|period|half))?\\b(?!-)`,
      'gi',
    ),
    make(m, ctx) {
      // "year ago" without its hyphen only before the period it qualifies ("a year ago" is the ago rule's).
      if (/\s/.test(m[1]) && !m[3]) return null;
      if (m[2]) {
        const months = /^half$/i.test(m[3]) ? 6 : 3;
        const n = periodNumber(m[2], months);
        if (n === undefined) return null;
        return labelled(periodNear(n, months, 'past', -12), months === 3 ? 'quarter' : 'half');
      }
      const note = 'the period the document reports on, a year earlier';
      if (m[3]) return { type: 'period', ref: 'reporting', months: -12, fallback: null, note };
      // An adjective alone ("year-earlier profit"): the year-ago period where a story reports one.
      return yearAgo(ctx.sentence, yearBefore());
    },
  },
  // "the quarter a year ago", "the corresponding period last year", "last year's quarter", "the
  // same quarter of 1988", "the 1988 period"
  {
    needs: ['quarter', 'period'],
    hint: /(?:quarter|period)\s+(?:a\s+year|(?:of\s+)?last\s+year|of\s|in\s)|last\s+year['’]s\s+(?:quarter|period)|\d\s+(?:quarter|period)/i,
    re: new RegExp(
      `\\b(?:(?:the\\s+)?(?:(?:comparable|corresponding|same|year-ago)\\s+)?(quarter|period)\\s+(?:(a\\s+year\\s+(?:ago|earlier|before)|(?:of\\s+)?last\\s+year)|(?:of|in)\\s+${YEAR})|last\\s+year['’]s\\s+(quarter|period)|the\\s+${YEAR}\\s+(quarter|period))\\b`,
      'gi',
    ),
    make(m, ctx) {
      const y = m[3] ?? m[5];
      if (m[1] === 'period' && !m[2] && m[3] && !/\b(?:comparable|corresponding|same)\b/i.test(m[0])) return null;
      if (y) {
        const v = yearValue(y);
        const ys = yearSpan(v);
        // "the nine months … the 1988 period": the same stretch of that year, which the year holds.
        if (OTHER_PERIOD.test(ctx.sentence)) return fixed(ys.start, ys.end);
        return {
          type: 'period',
          ref: 'reporting',
          months: 0,
          year: v,
          fallback: fixed(ys.start, ys.end),
          note: `the period the document reports on, in ${v}`,
        };
      }
      return { type: 'period', ref: 'reporting', months: -12, fallback: null, note: 'the period the document reports on, a year earlier' };
    },
  },
  // "the quarter", "the latest quarter", "this quarter", "the latest period", "that quarter", "the
  // previous quarter", "the current quarter", "last quarter", "next quarter"
  {
    needs: ['quarter', 'period'],
    re: /\b(?:(the|this|that|last|next)\s+)(?:(latest|current|most\s+recent|just-ended|just\s+ended|previous|prior|preceding)\s+)?(quarter|period)\b(?!-)/gi,
    make(m, ctx) {
      const det = m[1].toLowerCase();
      const adj = m[2]?.toLowerCase().replace(/\s+/g, ' ');
      const unit = m[3].toLowerCase();
      // "the quarter of a century", "a quarter-point": not a calendar quarter.
      if (/^\s+of\b/i.test(ctx.sentence.slice(m.index + m[0].length))) return null;
      // "the period" alone is any stretch of time; only "the latest period" is the one reported on.
      if (
        unit === 'period' &&
        !(det === 'the' && (adj === 'latest' || adj === 'most recent' || adj === 'just-ended' || adj === 'just ended'))
      )
        return null;
      const quarterFrom = (k: number) =>
        labelled(
          fromDay((d) => shiftMonthsOf(quarterHolding(d), 3 * k)),
          'quarter',
        );
      if (adj === 'current' || (!adj && det === 'last') || (!adj && det === 'next')) {
        if (adj && det !== 'the') return null;
        return quarterFrom(adj === 'current' ? 0 : det === 'last' ? -1 : 1);
      }
      if (det === 'last' || det === 'next') return null;
      if (det === 'that')
        return adj ? null : { type: 'period', ref: 'latest', months: 0, fallback: null, note: 'the quarter the text last named' };
      if (adj === 'previous' || adj === 'prior' || adj === 'preceding') {
        return { type: 'period', ref: 'reporting', months: -3, fallback: null, note: 'the quarter before the one the document reports on' };
      }
      return {
        type: 'period',
        ref: 'reporting',
        months: 0,
        fallback: det === 'this' ? quarterFrom(0) : null,
        note: 'the period the document reports on',
      };
    },
  },
  // "this summer", "last fall", "the winter of 1994", "in spring": a season (northern hemisphere)
  {
    needs: ['spring', 'summer', 'autumn', 'winter', 'fall'],
    hint: /spring|summer|autumn|winter|(?:this|last|next|past|coming|the)\s+fall|fall\s+(?:of\s+)?(?:\d|nineteen)/i,
    re: new RegExp(
      `\\b(?:(this\\s+past|this|last|next|past|coming|the)\\s+|(in|during|by|until|through|over|since)\\s+(?:the\\s+)?)?(?:(early|mid|late)[- ])?(spring|summer|fall|autumn|winter)(?:\\s+(?:of\\s+)?${YEAR})?\\b(?![-'’])`,
      'gi',
    ),
    make(m, ctx) {
      const word = m[4];
      const w = word.toLowerCase();
      const q = m[1]?.toLowerCase().replace(/\s+/g, ' ');
      const p = m[2];
      const after = ctx.sentence.slice(m.index + m[0].length);
      // Capitalised inside a sentence it is a name ("Donna Summer", "Arab Spring").
      if (/^[A-Z]/.test(word) && !/^\s*$/.test(ctx.sentence.slice(0, m.index)) && !q && !p) return null;
      const first = SEASON_START[w];
      // "the early summer": the first third of the season.
      const within = (spec: Spec): Spec => (m[3] ? { type: 'part', which: partOf(m[3]), inner: spec } : spec);
      if (m[5]) {
        const s = seasonOf(yearValue(m[5]), first);
        return within(labelled(fixed(s.start, s.end), 'season'));
      }
      // "spring" and "fall" are common nouns and verbs ("a fall in prices", "the fall of the wall"):
      // only with a qualifier. Any season needs one, or a preposition before it.
      if (!q && !p && !m[3]) return null;
      if (q === 'the' && (w === 'fall' || w === 'spring' || /^\s+of\b/i.test(after))) {
        if (!/\b(?:in|during|by|until|through|over|since|this|next|last)\s+$/i.test(ctx.sentence.slice(Math.max(0, m.index - 10), m.index)))
          return null;
        if (/^\s+of\b/i.test(after)) return null;
      }
      if (p && (w === 'fall' || w === 'spring') && !/\bthe\s+/i.test(m[0])) return null;
      const tense = ctx.tense(m.index, m.index + m[0].length);
      const dir =
        q === 'last' || q === 'past' || q === 'this past'
          ? 'strict-past'
          : q === 'next' || q === 'coming'
            ? 'strict-next'
            : q === 'this'
              ? 'nearest'
              : directionOf(undefined, tense);
      return within(
        labelled(
          nearPublication((pub) => {
            const y = year(pub.start);
            return pick(
              [y - 2, y - 1, y, y + 1].map((yy) => seasonOf(yy, first)),
              pub,
              dir,
            );
          }),
          'season',
        ),
      );
    },
    lead: (m) => (m[2] ? m[0].indexOf(m[2]) + m[2].length + 1 : 0),
  },
  // "the end of the year", "the beginning of the month", "year-end", "year's end", "end-year"
  {
    needs: ['beginning', 'start', 'middle', 'end', 'close'],
    hint: /(?:beginning|start|middle|end|close)\s+of\s+the\s|(?:year|month)(?:-end|\s+end|['’]s\s+end)|end-(?:year|month)/i,
    re: new RegExp(
      `\\b(?:(?:the\\s+)?(?:very\\s+)?(beginning|start|middle|end|close)\\s+of\\s+the\\s+(year|month|week|quarter|decade)|(year|month)(?:-end|\\s+end|['’]s\\s+end)|end-(year|month))\\b(?!-)(?:\\s+${YEAR}\\b)?`,
      'gi',
    ),
    make(m, ctx) {
      const which = m[1] ? partOf(m[1]) : 'late';
      const unit = (m[2] ?? m[3] ?? m[4]).toLowerCase();
      if (m[5]) {
        if (unit !== 'year') return null;
        const ys = yearSpan(yearValue(m[5]));
        return { type: 'part', which, inner: fixed(ys.start, ys.end) };
      }
      // "at year-end" in a report of figures is the last one; "by year-end" in a plan the coming one.
      if (unit === 'year' || unit === 'month') {
        const tense = ctx.tense(m.index, m.index + m[0].length);
        const dir = tense === 'past' ? 'past' : tense === 'future' ? 'future' : 'nearest';
        return labelled(
          nearPublication((pub) =>
            pick(
              [-1, 0, 1].map((k) => thirdOf(calendarUnit(pub.start, unit, k), which)),
              pub,
              dir,
            ),
          ),
          unit,
          { modifier: which },
        );
      }
      const inner =
        unit === 'quarter'
          ? labelled(fromDay(quarterHolding), 'quarter')
          : unit === 'decade'
            ? labelled(
                fromDay((d) => {
                  const a = Math.floor(year(d) / 10) * 10;
                  return { start: yearSpan(a).start, end: yearSpan(a + 9).end };
                }),
                'decade',
              )
            : fromDay((d) => calendarUnit(d, unit as 'week' | 'month' | 'year', 0));
      return { type: 'part', which, inner };
    },
  },
  // "for the year", "in the full year", "for the fiscal year": in a results story, the year of the
  // period it reports on (in February, "net for the year" is last year's)
  {
    needs: ['year'],
    re: /\b(for|of|in|during|over|through|throughout)\s+the\s+(?:(full|whole|entire|fiscal|full\s+fiscal)\s+)?year\b(?![-'’]|\s+(?:before|after|earlier|later|ago|ended|ending|to\s+date|in|when|that|two|nineteen|\d)\b|\s+of\s+(?![$£€¥\d]))/gi,
    make(m) {
      const fiscal = /fiscal/i.test(m[2] ?? '');
      // A forecast "for the full year" with no period reported: the publication's year.
      const thisYear = labelled(
        fromDay((d) => yearSpan(year(d))),
        'year',
        fiscal ? { note: FISCAL_NOTE } : {},
      );
      return {
        type: 'period',
        ref: 'reporting',
        months: 0,
        wholeYear: true,
        fallback: m[2] ? thisYear : null,
        note: fiscal ? `the year of the period the document reports on (${FISCAL_NOTE})` : 'the year of the period the document reports on',
      };
    },
    lead: (m) => m[1].length + 1,
  },
  // "the following year", "the previous month", "that year", "two years later", "a week earlier":
  // counted from the time the text last named
  {
    needs: ['following', 'previous', 'prior', 'preceding', 'that', 'before', 'after', 'earlier', 'later'],
    hint: /following|previous|prior|preceding|that\s+(?:day|week|month|year)|(?:day|week|month|year)s?\s+(?:before|after|earlier|later)/i,
    re: new RegExp(
      `\\b(?:(?:the\\s+)(following|next|previous|prior|preceding)\\s+(day|week|month|year)|that\\s+(day|week|month|year)|the\\s+(day|week|month|year)\\s+(before|after)(?=\\s*[,.;:)]|\\s+(?:and|but|when|as|while)\\b|$)|(${NUM})\\s+(days?|weeks?|months?|years?)\\s+(?:(earlier|later)|(before|after)(?=\\s*[,.;:)]|\\s+(?:and|but|when|as|while|than|to|in|on|at)\\b|$)))`,
      'gi',
    ),
    make(m, ctx) {
      if (m[2]) {
        const w = m[1].toLowerCase();
        // "the next year", "the next week" speak from publication as often as from the story: not taken.
        if (w === 'next') return null;
        return { type: 'narrative', unit: m[2].toLowerCase() as 'year', n: w === 'following' ? 1 : -1, calendar: true };
      }
      if (m[3]) return { type: 'narrative', unit: m[3].toLowerCase() as 'year', n: 0, calendar: true };
      if (m[4])
        return { type: 'narrative', unit: m[4].toLowerCase() as 'year', n: m[5].toLowerCase() === 'before' ? -1 : 1, calendar: true };
      const n = count(m[6]);
      // "three weeks later than last year", "two months earlier than planned": a comparison.
      if (n === undefined || /^(?:\s+[\w'’]+){0,3}\s+than\b/i.test(ctx.sentence.slice(m.index + m[0].length))) return null;
      const unit = unitOf(m[7]) as 'year';
      const sign = /earlier|before/i.test(m[8] ?? m[9]) ? -1 : 1;
      // With nothing dated to count from, "a year earlier" counts from the time of writing, as "a year
      // ago" does; "two years later" has no such reading.
      const narrative: Spec = { type: 'narrative', unit, n: sign * n, calendar: false, ...(sign < 0 ? { fallback: ago(n, unit) } : {}) };
      if (n === 1 && unit === 'year' && sign === -1) return yearAgo(ctx.sentence, narrative);
      return narrative;
    },
  },
  // "June 8-10", "March 2 to 6": a span of days
  {
    hint: MONTH_HINT,
    re: new RegExp(`\\b(${MONTH})\\s+(\\d{1,2})\\s*(?:-|–|to|through)\\s*(\\d{1,2})\\b(?![\\d%]|[.,]\\d)(?:,?\\s+${YEAR}\\b)?`, 'g'),
    make(m, ctx) {
      const month = monthNumber(m[1]);
      const a = Number(m[2]);
      const b = Number(m[3]);
      if (b <= a) return null;
      const first = m[4]
        ? fixedDay(yearValue(m[4]), month, a)
        : monthDay(month, a, directionOf(undefined, ctx.tense(m.index, m.index + m[0].length)));
      if (!first || b > 31) return null;
      return { type: 'span-days', inner: first, days: b - a };
    },
  },
  // "March last year", "in December of next year"
  {
    hint: MONTH_HINT,
    re: new RegExp(`\\b(${MONTH})\\s+(?:of\\s+)?(last|this|next)\\s+year\\b`, 'g'),
    make(m) {
      const month = monthNumber(m[1]);
      const n = m[2] === 'last' ? -1 : m[2] === 'next' ? 1 : 0;
      return fromDay((d) => monthSpan(year(d) + n, month));
    },
  },
  // "Feb. 25, 2020", "Monday, April 6", "March 3rd", "Sept. 30, 1987"
  {
    hint: MONTH_HINT,
    re: new RegExp(
      `\\b(?:(${WEEKDAY}),?\\s+)?(${MONTH})\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b(?![\\d%]|[.,]\\d|-\\d)(?:,?\\s+${YEAR}\\b)?`,
      'g',
    ),
    make(m, ctx) {
      const month = monthNumber(m[2]);
      const dd = Number(m[3]);
      if (m[4]) {
        const y = yearValue(m[4]);
        if (dd < 1 || dd > daysInMonth(y, month)) return null;
        const day = dayOf(y, month, dd);
        return fixed(day, day);
      }
      if (isQuantity(ctx.sentence, m.index + m[0].length)) return null;
      return monthDay(month, dd, directionOf(undefined, ctx.tense(m.index, m.index + m[0].length)));
    },
  },
  // "25 February 2020", "6th of April"
  {
    hint: MONTH_HINT,
    re: new RegExp(`(?<![\\d.,$£€])\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(${MONTH})\\b(?:,?\\s+${YEAR}\\b)?`, 'g'),
    make(m, ctx) {
      const month = monthNumber(m[2]);
      const dd = Number(m[1]);
      if (m[3]) {
        const y = yearValue(m[3]);
        if (dd < 1 || dd > daysInMonth(y, month)) return null;
        const day = dayOf(y, month, dd);
        return fixed(day, day);
      }
      return monthDay(month, dd, directionOf(undefined, ctx.tense(m.index, m.index + m[0].length)));
    },
  },
  // "August 2025", "March 1987", "last March", "in May", "March shipment" ("early", "mid-" before
  // it: PART_BEFORE)
  {
    hint: MONTH_HINT,
    re: new RegExp(
      `\\b(?:(last|next|this)[- ]|(in|since|by|until|till|from|during|through|of|before|after|for)\\s+)?(${MONTH})(?:,?\\s+${YEAR}\\b)?`,
      'gi',
    ),
    make(m, ctx) {
      const word = m[3];
      // Month names are proper nouns; "may", "march" in lower case are verbs.
      if (!/^[A-Z]/.test(word)) return null;
      const month = monthNumber(word);
      if (m[4]) {
        const y = yearValue(m[4]);
        const s = monthSpan(y, month);
        return fixed(s.start, s.end);
      }
      const end = m.index + m[0].length;
      // "October and November 2004", "May to July 1987": the year written once serves both months.
      const shared = MONTH_THEN_YEAR.exec(ctx.sentence.slice(end, end + 40));
      if (shared) {
        const s = monthSpan(yearValue(shared[1]), month);
        return fixed(s.start, s.end);
      }
      // A pair of months ("June/July", "Mar/Apr") is a trading or delivery period.
      const pair =
        MONTH_AFTER_SLASH.test(ctx.sentence.slice(end, end + 12)) ||
        MONTH_BEFORE_SLASH.test(ctx.sentence.slice(Math.max(0, m.index - 12), m.index));
      // "May" alone is the modal verb unless a preposition or qualifier makes it a month;
      // an abbreviation alone is too often something else ("Mar", "Dec" as names).
      const part = PART_BEFORE.test(ctx.sentence.slice(Math.max(0, m.index - 30), m.index));
      if (!m[1] && !m[2] && !pair && !part && (word === 'May' || !FULL_MONTH_WORD.test(word))) return null;
      const q = m[1]?.toLowerCase();
      // "this September" is the publication year's, whichever side of publication it falls.
      if (q === 'this') return fromDay((d) => monthSpan(year(d), month));
      const p = m[2]?.toLowerCase();
      // A target ("for March shipment", "by December", "until June") is not bound by the tense of
      // the sentence ("sales were booked for March shipment"): the nearest one. A month pair is a
      // delivery period, quoted ahead ("June/July went at 1,850 dlrs"): the next one.
      const target = p === 'for' || p === 'by' || p === 'until' || p === 'till' || p === 'through';
      const tense = ctx.tense(m.index, end);
      // …but a pair naming a quarter ("the October/December quarter") is reported like any month.
      const delivery = pair && !/^\s*(?:\/\s*\w+\.?\s*)?quarter\b/i.test(ctx.sentence.slice(end));
      const dir =
        q === 'last' || q === 'next'
          ? directionOf(q, tense)
          : delivery
            ? 'future'
            : target
              ? tense === 'future' && p !== 'for'
                ? 'future'
                : 'nearest'
              : directionOf(undefined, tense);
      return monthOnly(month, dir);
    },
    lead: (m) => (m[2] ? m[0].indexOf(m[3]) : 0),
  },
  // "1987/88", "1985-1987", "between 1985 and 1987": a span of years
  {
    hint: /(?:\d\d|nineteen|thousand)\s*(?:[-/–]|and|to|through)/i,
    re: new RegExp(`(?:\\b(between|from)\\s+)?${YEAR}(?:\\s*[-/–]\\s*|\\s+(and|to|through)\\s+)(\\d{4}|\\d{2})\\b(?![\\d%]|[.,]\\d)`, 'g'),
    make(m, ctx) {
      // "1986 and 1987" are two years; only "between 1986 and 1987" or "from 1981 to 1985" make a span.
      if (m[3] && (m[3] === 'and' ? m[1] !== 'between' : m[1] !== 'from')) return null;
      const a = yearValue(m[2]);
      const second = m[4];
      let b = Number(second);
      if (second.length === 2) b = Math.floor(a / 100) * 100 + b;
      if (b <= a || b - a > 50 || isQuantity(ctx.sentence, m.index + m[0].length)) return null;
      return fixed(yearSpan(a).start, yearSpan(b).end);
    },
  },
  // "the 1990s", "the '80s", "the nineties": a decade
  {
    needs: ['0s', "0's", '0’s', 'ties'],
    hint: /\d0['’]?s|ties\b/i,
    re: new RegExp(
      `(?:\\b(1[89]\\d0|20\\d0)['’]?s|(?<=\\bthe\\s+(?:(?:early|mid|late)[- ])?)(?:['’]([1-9]0)s|\\b([1-9]0)['’]?s(?![- ]?(?:pct|percent|%))|\\b(${DECADE_WORDS})))\\b`,
      'gi',
    ),
    make(m) {
      if (m[1]) return labelled(fixed(yearSpan(Number(m[1])).start, yearSpan(Number(m[1]) + 9).end), 'decade');
      const tens = m[2] || m[3] ? Number(m[2] ?? m[3]) : DECADES[m[4].toLowerCase()];
      // A decade written without its century: the latest one begun by publication.
      return labelled(
        fromDay((d) => {
          let a = Math.floor(year(d) / 100) * 100 + tens;
          if (a > year(d)) a -= 100;
          return { start: yearSpan(a).start, end: yearSpan(a + 9).end };
        }),
        'decade',
      );
    },
  },
  // "the 20th century", "the eleventh century", "this century"
  {
    needs: ['century'],
    re: new RegExp(`\\b(?:(\\d{1,2})(?:st|nd|rd|th)|(${CENTURY_ORDINALS})|(this|last|next))\\s+century\\b`, 'gi'),
    make(m) {
      if (m[3]) {
        const n = m[3].toLowerCase() === 'last' ? -1 : m[3].toLowerCase() === 'next' ? 1 : 0;
        return labelled(
          fromDay((d) => {
            const a = (Math.floor(year(d) / 100) + n) * 100;
            return { start: yearSpan(a).start, end: yearSpan(a + 99).end };
          }),
          'century',
        );
      }
      const n = m[1] ? Number(m[1]) : CENTURY_ORDINALS.split('|').indexOf(m[2].toLowerCase()) + 1;
      if (n < 1 || n > 21) return null;
      // As TimeML and common use count them: the 20th century is 1900–1999.
      const a = (n - 1) * 100;
      return labelled(fixed(yearSpan(a).start, yearSpan(a + 99).end), 'century');
    },
  },
  // "2015", "in 1986", "fiscal 1987"
  {
    hint: /\d{4}|nineteen|thousand/i,
    re: new RegExp(`${YEAR}\\b`, 'g'),
    make(m, ctx) {
      if (isQuantity(ctx.sentence, m.index + m[0].length)) return null;
      const y = yearValue(m[1]);
      const spec = fixed(yearSpan(y).start, yearSpan(y).end);
      return /\bfiscal\s+$/i.test(ctx.sentence.slice(Math.max(0, m.index - 8), m.index))
        ? labelled(spec, 'year', { note: FISCAL_NOTE })
        : spec;
    },
  },
  // today, tonight, this morning, yesterday, tomorrow
  {
    needs: ['today', 'tonight', 'this', 'yesterday', 'tomorrow'],
    hint: /today|tonight|this (?:morning|afternoon|evening)|yesterday|tomorrow/i,
    re: /\b(today|tonight|this (?:morning|afternoon|evening)|yesterday|tomorrow)\b/gi,
    make(m, ctx) {
      // Capitalised inside a sentence it is a name: BBC Radio 4's "Today programme", "USA Today".
      if (/^[A-Z]/.test(m[1]) && /[\p{L}\d,;]\s*$/u.test(ctx.sentence.slice(0, m.index))) return null;
      // "today's world", "today's youth": the present age, not a day.
      if (GENERIC_TODAY.test(ctx.sentence.slice(m.index + m[0].length))) return { type: 'vague' };
      const w = m[1].toLowerCase();
      const n = w === 'yesterday' ? -1 : w === 'tomorrow' ? 1 : 0;
      return fromDay((d) => ({ start: d + n, end: d + n }));
    },
  },
  // "on Tuesday", "last Monday", "next Friday", "Tuesday's meeting"
  {
    needs: ['day'],
    re: new RegExp(`\\b(?:(last|next|this|coming|past|on)\\s+)?(${WEEKDAY})(?!s\\b)(?:\\s+(?:morning|afternoon|evening|night))?\\b`, 'g'),
    make(m, ctx) {
      // "each Thursday", "every Monday": a recurring day, not one day.
      if (/\b(?:each|every)\s+$/i.test(ctx.sentence.slice(Math.max(0, m.index - 7), m.index))) return null;
      const w = WEEKDAYS[m[2].toLowerCase()];
      const q = m[1]?.toLowerCase();
      // Without a tense, a weekday in news is the last one ("said Monday"): reports outnumber announcements.
      const tense = ctx.tense(m.index, m.index + m[0].length);
      const dir = directionOf(q === 'on' || q === 'this' ? undefined : q, tense === 'none' ? 'past' : tense);
      return fromDay((d) => {
        const back = (weekday(d) - w + 7) % 7;
        const fwd = (w - weekday(d) + 7) % 7;
        let day: number;
        if (dir === 'past') day = d - back;
        else if (dir === 'strict-past') day = d - (back || 7);
        else if (dir === 'future') day = d + fwd;
        else if (dir === 'strict-next') day = d + (fwd || 7);
        else day = back <= fwd ? d - back : d + fwd;
        return { start: day, end: day };
      });
    },
  },
  // "last week", "this month", "next year", "earlier this month", "later in the year". ("The
  // previous year" counts from the time the text speaks of: the narrative rule.)
  {
    needs: ['day', 'week', 'month', 'year'],
    re: /\b(?:(earlier|later)\s+)?(?:(last|next|this|the past|past|coming|the coming|in the|the current|the full)\s+)(?:(fiscal)\s+)?(day|week|month|year|weekend)\b(?!-)/gi,
    make(m, ctx) {
      const part = m[1]?.toLowerCase();
      let q = m[2].toLowerCase().replace(/^the /, '');
      const unit = m[4].toLowerCase();
      // Capitalised inside a sentence it is a name: ABC's "This Week".
      if (/^[A-Z][a-z]/.test(m[4]) && /[\p{L}\d,;]\s*$/u.test(ctx.sentence.slice(0, m.index))) return null;
      if (q === 'in the') {
        if (!part) return null;
        // "later in the day": the day the story last named, else the publication's.
        if (unit === 'day')
          return { type: 'narrative', unit: 'day', n: 0, calendar: true, fallback: fromDay((d) => ({ start: d, end: d })) };
        q = 'this';
      }
      if (unit === 'day') return null;
      // "the current year", "the full year" (of a forecast or results): the publication's.
      if (q === 'current' || q === 'full') {
        if (part || (q === 'full' && unit !== 'year') || unit === 'weekend') return null;
        q = 'this';
      }
      if (m[3]) {
        if (unit !== 'year' || part || q === 'past' || q === 'coming') return null;
        const n = q === 'last' ? -1 : q === 'next' ? 1 : 0;
        return labelled(
          fromDay((d) => yearSpan(year(d) + n)),
          'year',
          { note: FISCAL_NOTE },
        );
      }
      if (part && q !== 'this') return null;
      if (unit === 'weekend') {
        return fromDay((d) => {
          // The weekend before (or holding) d, or the one after.
          const sat = weekStart(d) + 5;
          const s = q === 'next' || q === 'coming' ? (sat > d ? sat : sat + 7) : q === 'this' ? sat : sat <= d ? sat : sat - 7;
          return { start: s, end: s + 1 };
        });
      }
      const u = unit as 'week' | 'month' | 'year';
      if (q === 'past' || q === 'coming') {
        // "the past week": the span up to publication; "the coming month": the span after it.
        return fromDay((d) => (q === 'past' ? { start: shift(d, -1, u), end: d } : { start: d, end: shift(d, 1, u) }));
      }
      const n = q === 'last' ? -1 : q === 'next' ? 1 : 0;
      return fromDay((d) => {
        const c = calendarUnit(d, u, n);
        if (part === 'earlier' || part === 'early') return { start: c.start, end: Math.max(c.start, Math.min(d, c.end)) };
        if (part === 'later' || part === 'late') return { start: Math.min(Math.max(d, c.start), c.end), end: c.end };
        return c;
      });
    },
  },
  // "over the weekend", "will meet at the weekend", "ahead of the weekend" (the coming one)
  {
    needs: ['weekend'],
    re: /\b(?:(over|during|at|on)|(ahead\s+of|before|until|till|by))\s+the\s+weekend\b/gi,
    make(m, ctx) {
      const future = !!m[2] || ctx.tense(m.index, m.index + m[0].length) === 'future';
      return fromDay((d) => {
        const sat = weekStart(d) + 5;
        const s = future ? (sat >= d - 1 ? sat : sat + 7) : sat <= d ? sat : sat - 7;
        return { start: s, end: s + 1 };
      });
    },
  },
  // "over the past two years", "in the last 12 months", "the next three years" (but not "the last
  // five months of 1986", which counts from something else)
  {
    needs: ['past', 'last', 'previous', 'next', 'coming'],
    hint: /\b(?:past|last|previous|next|coming)\s/i,
    re: new RegExp(
      `\\b(?:(?:over|in|during|for|within)\\s+)?the\\s+(past|last|previous|next|coming)\\s+(${NUM}|few|several|couple of)\\s+(days|weeks|months|years|decades)\\b(?!\\s+of\\b)`,
      'gi',
    ),
    make(m) {
      const n = count(m[2]);
      if (n === undefined) return { type: 'vague' };
      const unit = unitOf(m[3]);
      const back = !/next|coming/i.test(m[1]);
      return fromDay((d) => (back ? { start: shift(d, -n, unit), end: d } : { start: d, end: shift(d, n, unit) }));
    },
  },
  // "two weeks ago", "a year ago"
  {
    needs: ['ago'],
    hint: /\sago\b/i,
    re: new RegExp(`\\b(${NUM})\\s+(days?|weeks?|months?|years?|decades?)\\s+ago\\b`, 'gi'),
    make(m, ctx) {
      const n = count(m[1]);
      if (n === undefined) return null;
      const unit = unitOf(m[2]);
      const spec = ago(n, unit);
      return n === 1 && unit === 'year' ? yearAgo(ctx.sentence, spec) : spec;
    },
  },
  // "a week before Vahidi's visit", "two days after the election": counted from another event
  {
    needs: ['before', 'after', 'ahead of', 'prior to'],
    hint: /\b(?:before|after|ahead of|prior to)\s/i,
    re: new RegExp(
      `\\b(?:(?:just|only|some|about|nearly|almost)\\s+)?(${NUM}|the)\\s+(days?|weeks?|months?|years?)\\s+(before|after|ahead of|prior to)\\s+`,
      'gi',
    ),
    make(m) {
      const n = m[1].toLowerCase() === 'the' ? 1 : count(m[1]);
      if (n === undefined) return null;
      const sign = /before|ahead|prior/i.test(m[3]) ? -1 : 1;
      return { type: 'event', n, unit: unitOf(m[2]), sign, anchorFrom: m.index + m[0].length };
    },
    // "just", "only" stress the phrase without changing it.
    lead: (m) => /^(?:just|only)\s+/i.exec(m[0])?.[0].length ?? 0,
  },
  // Vague on purpose: kept, marked vague, never given a date.
  {
    needs: ['recently', 'lately', 'in recent', 'in the past', 'for ', 'in the coming', 'in the near'],
    re: /\b(?:recently|lately|in recent (?:years|months|weeks|days|times|decades)|in the past(?!\s+(?:\w+\s+)?(?:days?|weeks?|months?|years?|decades?)\b)|for (?:decades|years|centuries|months|weeks)|for now|for the time being|in the coming (?:days|weeks|months|years)|in the near future)\b/gi,
    make() {
      return { type: 'vague' };
    },
  },
];

/** "since" before an expression turns it into a span up to publication. */
export const SINCE_BEFORE = /\b(?:ever\s+)?since\s+$/i;
