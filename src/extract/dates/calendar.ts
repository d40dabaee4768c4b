/**
 * Calendar arithmetic on whole days (days since 1970-01-01, UTC), and the one rule that turns a
 * resolved span of days into ISO 8601 text at the precision it is actually known.
 */
import type { DatePrecision } from '../types.js';

/** A span of days, both ends included; `end: null` is open ("since 2019" with no publication date). */
export interface Interval {
  start: number;
  end: number | null;
}

const MS_PER_DAY = 86_400_000;

export function dayOf(y: number, m: number, d: number): number {
  return Math.floor(Date.UTC(y, m - 1, d) / MS_PER_DAY);
}

export function ymd(day: number): { y: number; m: number; d: number } {
  const t = new Date(day * MS_PER_DAY);
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** Monday of the week holding day (news weeks run Monday to Sunday). */
export function weekStart(day: number): number {
  return day - ((weekday(day) + 6) % 7);
}

export function daysInMonth(y: number, m: number): number {
  return dayOf(y, m + 1, 1) - dayOf(y, m, 1);
}

export function monthSpan(y: number, m: number): { start: number; end: number } {
  // Date.UTC normalises month overflow, so m may run past 1..12.
  const s = dayOf(y, m, 1);
  const t = ymd(s);
  return { start: s, end: s + daysInMonth(t.y, t.m) - 1 };
}

export function yearSpan(y: number): { start: number; end: number } {
  return { start: dayOf(y, 1, 1), end: dayOf(y, 12, 31) };
}

/** The same day n months later (earlier for n < 0), clamped to the month's end. */
export function addMonths(day: number, n: number): number {
  const { y, m, d } = ymd(day);
  const target = monthSpan(y, m + n);
  const t = ymd(target.start);
  return target.start + Math.min(d, daysInMonth(t.y, t.m)) - 1;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function fmtDay(day: number): string {
  const { y, m, d } = ymd(day);
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

function fmtMonth(day: number): string {
  const { y, m } = ymd(day);
  return `${pad(y, 4)}-${pad(m)}`;
}

const isYearStart = (day: number) => {
  const { m, d } = ymd(day);
  return m === 1 && d === 1;
};
const isYearEnd = (day: number) => {
  const { m, d } = ymd(day);
  return m === 12 && d === 31;
};
const isMonthStart = (day: number) => ymd(day).d === 1;
const isMonthEnd = (day: number) => ymd(day + 1).d === 1;

/** Where the early, middle and late thirds of n units begin and end ([from, to), in units). */
function thirds(n: number, which: 'early' | 'mid' | 'late'): [number, number] {
  // The middle third takes the rounding: a week is Mon–Tue, Wed–Thu, Fri–Sun; a month 1–10, 11–20, 21–end.
  const a = Math.floor(n / 3);
  const b = n - Math.ceil(n / 3);
  return which === 'early' ? [0, a] : which === 'mid' ? [a, b] : [b, n];
}

/**
 * The early, middle or late third of a span, cut along the coarsest unit it is made of: a decade
 * or century by years, a year, half, quarter or season by months, a month or week by days
 * ("early 1998" → January–April, "late March" → 21–31 March).
 */
export function thirdOf(iv: { start: number; end: number }, which: 'early' | 'mid' | 'late'): { start: number; end: number } {
  const a = ymd(iv.start);
  const b = ymd(iv.end);
  const years = b.y - a.y + 1;
  const months = (b.y - a.y) * 12 + b.m - a.m + 1;
  if (isYearStart(iv.start) && isYearEnd(iv.end) && years >= 3) {
    const [i, j] = thirds(years, which);
    return { start: dayOf(a.y + i, 1, 1), end: dayOf(a.y + j - 1, 12, 31) };
  }
  if (isMonthStart(iv.start) && isMonthEnd(iv.end) && months >= 3) {
    const [i, j] = thirds(months, which);
    return { start: monthSpan(a.y, a.m + i).start, end: monthSpan(a.y, a.m + j - 1).end };
  }
  const days = iv.end - iv.start + 1;
  if (days < 3) return iv;
  const [i, j] = thirds(days, which);
  return { start: iv.start + i, end: iv.start + j - 1 };
}

/**
 * ISO text and precision of a span: one day, a Monday-to-Sunday week, a calendar month or year,
 * or else a range whose two ends share the coarsest unit both are aligned to (`2023-08/2025-08`,
 * `2019/2021`, `1987-02-16/1987-02-20`). An open end is written `..` (ISO 8601-2).
 */
export function formatInterval(iv: Interval): { date: string; precision: DatePrecision } {
  const { start, end } = iv;
  if (end === null) {
    const s = isYearStart(start) ? String(ymd(start).y) : isMonthStart(start) ? fmtMonth(start) : fmtDay(start);
    return { date: `${s}/..`, precision: 'range' };
  }
  if (start === end) return { date: fmtDay(start), precision: 'day' };
  const a = ymd(start);
  const b = ymd(end);
  if (isYearStart(start) && isYearEnd(end)) {
    return a.y === b.y ? { date: pad(a.y, 4), precision: 'year' } : { date: `${pad(a.y, 4)}/${pad(b.y, 4)}`, precision: 'range' };
  }
  if (isMonthStart(start) && isMonthEnd(end)) {
    return a.y === b.y && a.m === b.m
      ? { date: fmtMonth(start), precision: 'month' }
      : { date: `${fmtMonth(start)}/${fmtMonth(end)}`, precision: 'range' };
  }
  const precision: DatePrecision = end - start === 6 && weekday(start) === 1 ? 'week' : 'range';
  return { date: `${fmtDay(start)}/${fmtDay(end)}`, precision };
}

/** The first day of an ISO date or range as written by formatInterval; for sorting. */
export function startOf(iso: string): string {
  return iso.split('/')[0];
}

/**
 * The publication date as a span of days: `2022` → the year, `2022-02` → the month, a day or a
 * timestamp → that day (UTC). Undefined when absent or unreadable.
 */
export function publicationSpan(published: string | undefined): { start: number; end: number } | undefined {
  if (!published) return undefined;
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(published.trim());
  if (!m) return undefined;
  const y = Number(m[1]);
  if (!m[2]) return yearSpan(y);
  const mo = Number(m[2]);
  if (mo < 1 || mo > 12) return undefined;
  if (!m[3]) return monthSpan(y, mo);
  const d = Number(m[3]);
  if (d < 1 || d > daysInMonth(y, mo)) return undefined;
  const day = dayOf(y, mo, d);
  return { start: day, end: day };
}

/** The span of days an ISO date or range (as formatInterval writes them) covers; undefined for text it did not write. */
export function isoSpan(iso: string): Interval | undefined {
  const [a, b] = iso.split('/');
  const first = pointSpan(a);
  if (!first) return undefined;
  if (b === undefined) return first;
  if (b === '..') return { start: first.start, end: null };
  const last = pointSpan(b);
  return last ? { start: first.start, end: last.end } : undefined;
}

function pointSpan(p: string): { start: number; end: number } | undefined {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(p);
  if (!m) return undefined;
  const y = Number(m[1]);
  if (!m[2]) return yearSpan(y);
  if (!m[3]) return monthSpan(y, Number(m[2]));
  const d = dayOf(y, Number(m[2]), Number(m[3]));
  return { start: d, end: d };
}
