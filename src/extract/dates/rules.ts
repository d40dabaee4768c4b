/**
 * The date expressions news text uses, as rules over one sentence. Each rule finds its phrase and
 * says how to resolve it; the extractor keeps the longest phrase where rules overlap.
 *
 * Why rules of our own rather than chrono-node: chrono's misses are the common cases here (bare
 * years, "since 2019", "last week" as a span, tense, event-relative phrases), and its false hits
 * ("now", "night", "post-9/11") need a filter of their own; rules that only find what they
 * understand are both clearer and several times faster.
 */
import { addMonths, dayOf, daysInMonth, monthSpan, weekStart, weekday, yearSpan, type Interval } from './calendar.js';

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
  | { type: 'event'; n: number; unit: Unit; sign: 1 | -1; anchorFrom: number };

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
/** Abbreviations: "Feb." or "Feb" (Reuters datelines write them without a dot). */
const ABBR_MONTH = 'Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec';
const MONTH = `(?:${FULL_MONTH}|(?:${ABBR_MONTH})\\.?)(?![A-Za-z])`;
const WEEKDAY = 'Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday';
const MONTH_AFTER_SLASH = new RegExp(`^\\s*/\\s*${MONTH}`);
const MONTH_BEFORE_SLASH = new RegExp(`${MONTH}\\s*/\\s*$`);
const NUM = '(?:\\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundred)';
/** A year as a word of its own: not part of a larger number, an amount, a percentage or a measure. */
const YEAR = '(?<![\\d$£€¥.,/:-])(1[89]\\d\\d|20\\d\\d)(?![\\d%]|[.,:]\\d)';
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
  f: (pub) => ({ start: f(pub.start).start, end: f(pub.end).end }),
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

export const RULES: Rule[] = [
  // "June 8-10", "March 2 to 6": a span of days
  {
    re: new RegExp(`\\b(${MONTH})\\s+(\\d{1,2})\\s*(?:-|–|to|through)\\s*(\\d{1,2})\\b(?![\\d%]|[.,]\\d)(?:,?\\s+${YEAR}\\b)?`, 'g'),
    make(m, ctx) {
      const month = monthNumber(m[1]);
      const a = Number(m[2]);
      const b = Number(m[3]);
      if (b <= a) return null;
      const first = m[4]
        ? fixedDay(Number(m[4]), month, a)
        : monthDay(month, a, directionOf(undefined, ctx.tense(m.index, m.index + m[0].length)));
      if (!first || b > 31) return null;
      return { type: 'span-days', inner: first, days: b - a };
    },
  },
  // "March last year", "in December of next year"
  {
    re: new RegExp(`\\b(${MONTH})\\s+(?:of\\s+)?(last|this|next)\\s+year\\b`, 'g'),
    make(m) {
      const month = monthNumber(m[1]);
      const n = m[2] === 'last' ? -1 : m[2] === 'next' ? 1 : 0;
      return fromDay((d) => monthSpan(year(d) + n, month));
    },
  },
  // "Feb. 25, 2020", "Monday, April 6", "March 3rd", "Sept. 30, 1987"
  {
    re: new RegExp(
      `\\b(?:(${WEEKDAY}),?\\s+)?(${MONTH})\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b(?![\\d%]|[.,]\\d|-\\d)(?:,?\\s+${YEAR}\\b)?`,
      'g',
    ),
    make(m, ctx) {
      const month = monthNumber(m[2]);
      const dd = Number(m[3]);
      if (m[4]) {
        const y = Number(m[4]);
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
    re: new RegExp(`(?<![\\d.,$£€])\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(${MONTH})\\b(?:,?\\s+${YEAR}\\b)?`, 'g'),
    make(m, ctx) {
      const month = monthNumber(m[2]);
      const dd = Number(m[1]);
      if (m[3]) {
        const y = Number(m[3]);
        if (dd < 1 || dd > daysInMonth(y, month)) return null;
        const day = dayOf(y, month, dd);
        return fixed(day, day);
      }
      return monthDay(month, dd, directionOf(undefined, ctx.tense(m.index, m.index + m[0].length)));
    },
  },
  // "August 2025", "early March 1987", "last March", "in May", "mid-June", "March shipment"
  {
    re: new RegExp(
      `\\b(?:(last|next|this|early|mid|late|end)[- ]|(in|since|by|until|till|from|during|through|of|before|after|for)\\s+)?(${MONTH})(?:,?\\s+${YEAR}\\b)?`,
      'gi',
    ),
    make(m, ctx) {
      const word = m[3];
      // Month names are proper nouns; "may", "march" in lower case are verbs.
      if (!/^[A-Z]/.test(word)) return null;
      const month = monthNumber(word);
      if (m[4]) {
        const y = Number(m[4]);
        const s = monthSpan(y, month);
        return fixed(s.start, s.end);
      }
      const end = m.index + m[0].length;
      // "October and November 2004", "May to July 1987": the year written once serves both months.
      const shared = MONTH_THEN_YEAR.exec(ctx.sentence.slice(end, end + 40));
      if (shared) {
        const s = monthSpan(Number(shared[1]), month);
        return fixed(s.start, s.end);
      }
      // A pair of months ("June/July", "Mar/Apr") is a trading or delivery period.
      const pair =
        MONTH_AFTER_SLASH.test(ctx.sentence.slice(end, end + 12)) ||
        MONTH_BEFORE_SLASH.test(ctx.sentence.slice(Math.max(0, m.index - 12), m.index));
      // "May" alone is the modal verb unless a preposition or qualifier makes it a month;
      // an abbreviation alone is too often something else ("Mar", "Dec" as names).
      if (!m[1] && !m[2] && !pair && (word === 'May' || !new RegExp(`^(?:${FULL_MONTH})$`).test(word))) return null;
      const q = m[1]?.toLowerCase();
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
            : q === 'this' || target
              ? 'nearest'
              : directionOf(undefined, tense);
      return monthOnly(month, dir);
    },
    lead: (m) => (m[2] ? m[0].indexOf(m[3]) : 0),
  },
  // "1987/88", "1985-1987", "between 1985 and 1987": a span of years
  {
    re: new RegExp(`(?:\\b(between|from)\\s+)?${YEAR}(?:\\s*[-/–]\\s*|\\s+(and|to|through)\\s+)(\\d{4}|\\d{2})\\b(?![\\d%]|[.,]\\d)`, 'g'),
    make(m, ctx) {
      // "1986 and 1987" are two years; only "between 1986 and 1987" or "from 1981 to 1985" make a span.
      if (m[3] && (m[3] === 'and' ? m[1] !== 'between' : m[1] !== 'from')) return null;
      const a = Number(m[2]);
      const second = m[4];
      let b = Number(second);
      if (second.length === 2) b = Math.floor(a / 100) * 100 + b;
      if (b <= a || b - a > 50 || isQuantity(ctx.sentence, m.index + m[0].length)) return null;
      return fixed(yearSpan(a).start, yearSpan(b).end);
    },
  },
  // "the 1990s", "the mid-1980s": a decade
  {
    re: /\b(?:(early|mid|late)[- ])?(1[89]\d0|20\d0)['’]?s\b/gi,
    make(m) {
      const a = Number(m[2]);
      return fixed(yearSpan(a).start, yearSpan(a + 9).end);
    },
  },
  // "2015", "in 1986", "fiscal 1987"
  {
    re: new RegExp(`${YEAR}\\b`, 'g'),
    make(m, ctx) {
      if (isQuantity(ctx.sentence, m.index + m[0].length)) return null;
      const y = Number(m[1]);
      return fixed(yearSpan(y).start, yearSpan(y).end);
    },
  },
  // today, tonight, this morning, yesterday, tomorrow
  {
    re: /\b(today|tonight|this (?:morning|afternoon|evening)|yesterday|tomorrow)\b/gi,
    make(m, ctx) {
      // Capitalised inside a sentence it is a name: BBC Radio 4's "Today programme", "USA Today".
      if (/^[A-Z]/.test(m[1]) && /[\p{L}\d,;]\s*$/u.test(ctx.sentence.slice(0, m.index))) return null;
      const w = m[1].toLowerCase();
      const n = w === 'yesterday' ? -1 : w === 'tomorrow' ? 1 : 0;
      return fromDay((d) => ({ start: d + n, end: d + n }));
    },
  },
  // "on Tuesday", "last Monday", "next Friday", "Tuesday's meeting"
  {
    re: new RegExp(`\\b(?:(last|next|this|coming|past|on)\\s+)?(${WEEKDAY})(?!s\\b)(?:\\s+(?:morning|afternoon|evening|night))?\\b`, 'g'),
    make(m, ctx) {
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
  // "last week", "this month", "next year", "earlier this month", "later this year". ("The previous
  // year" counts from the period a sentence is about, not from publication: not taken.)
  {
    re: /\b(?:(earlier|later|late|early)\s+)?(?:(last|next|this|the past|past|coming|the coming)\s+)(week|month|year|weekend)\b(?!-)/gi,
    make(m) {
      const part = m[1]?.toLowerCase();
      const q = m[2].toLowerCase().replace(/^the /, '');
      const unit = m[3].toLowerCase();
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
  // "over the weekend", "will meet at the weekend"
  {
    re: /\b(?:over|during|at|on)\s+the\s+weekend\b/gi,
    make(m, ctx) {
      const future = ctx.tense(m.index, m.index + m[0].length) === 'future';
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
    re: new RegExp(`\\b(${NUM})\\s+(days?|weeks?|months?|years?|decades?)\\s+ago\\b`, 'gi'),
    make(m) {
      const n = count(m[1]);
      if (n === undefined) return null;
      const unit = unitOf(m[2]);
      return fromDay((d) => {
        const day = shift(d, -n, unit);
        if (unit === 'day') return { start: day, end: day };
        if (unit === 'decade') return yearSpan(year(day));
        return calendarUnit(day, unit, 0);
      });
    },
  },
  // "a week before Vahidi's visit", "two days after the election": counted from another event
  {
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
    re: /\b(?:recently|lately|in recent (?:years|months|weeks|days|times|decades)|in the past(?!\s+(?:\w+\s+)?(?:days?|weeks?|months?|years?|decades?)\b)|for (?:decades|years|centuries|months|weeks)|for now|for the time being|in the coming (?:days|weeks|months|years)|in the near future)\b/gi,
    make() {
      return { type: 'vague' };
    },
  },
];

/** "since" before an expression turns it into a span up to publication. */
export const SINCE_BEFORE = /\b(?:ever\s+)?since\s+$/i;
