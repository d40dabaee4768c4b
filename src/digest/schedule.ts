/**
 * Daily slots in a guild's IANA time zone, computed with Intl (no tz database of our own), so a
 * "08:00 Europe/London" digest stays at 08:00 local time on both sides of a daylight-saving change.
 */

export interface LocalTime {
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(tz, f);
  }
  return f;
}

interface Fields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/** The wall-clock fields of an instant in a time zone. */
export function localFields(t: number, tz: string): Fields {
  const parts: Record<string, number> = {};
  for (const p of formatter(tz).formatToParts(new Date(t))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour % 24, minute: parts.minute };
}

/** The zone's offset from UTC at instant t, in ms (local − UTC), to the minute. */
export function offsetAt(t: number, tz: string): number {
  const f = localFields(t, tz);
  const local = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute);
  return local - Math.floor(t / 60_000) * 60_000;
}

/**
 * The instant a wall-clock time happens in a zone. In an autumn overlap (01:30 twice) the first
 * one; in a spring gap (02:30 does not exist) the time the clocks show after jumping (03:30), so
 * a digest set inside the gap still goes out that day, once.
 */
export function zonedTime(year: number, month: number, day: number, hour: number, minute: number, tz: string): number {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  // Offsets run from −12 h to +14 h, so the instant sought lies in [wall − 14 h, wall + 12 h]:
  // sample just outside that window (a symmetric ±12 h misses it in +12:45/+13:45 Chatham).
  const before = offsetAt(wall - 15 * 3600_000, tz);
  const after = offsetAt(wall + 13 * 3600_000, tz);
  const hits: number[] = [];
  for (const off of new Set([before, after])) {
    const t = wall - off;
    const f = localFields(t, tz);
    if (f.year === year && f.month === month && f.day === day && f.hour === hour && f.minute === minute) hits.push(t);
  }
  if (hits.length) return Math.min(...hits);
  return wall - before;
}

/** The calendar day `days` after the given one (month and year roll over). */
function addDays(y: number, m: number, d: number, days: number): { y: number; m: number; d: number } {
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

/** The latest daily slot at or before `now`. */
export function slotAtOrBefore(now: number, at: LocalTime, tz: string): number {
  const f = localFields(now, tz);
  for (let back = 0; back <= 2; back++) {
    const day = addDays(f.year, f.month, f.day, -back);
    const t = zonedTime(day.y, day.m, day.d, at.hour, at.minute, tz);
    if (t <= now) return t;
  }
  // Unreachable for real zones (a slot happens every day); keep a sane answer anyway.
  return now - 24 * 3600_000;
}

/** The first daily slot strictly after `now`. */
export function slotAfter(now: number, at: LocalTime, tz: string): number {
  const f = localFields(now, tz);
  for (let ahead = 0; ahead <= 2; ahead++) {
    const day = addDays(f.year, f.month, f.day, ahead);
    const t = zonedTime(day.y, day.m, day.d, at.hour, at.minute, tz);
    if (t > now) return t;
  }
  return now + 24 * 3600_000;
}

/** "HH:MM" (24-hour) → a LocalTime, or an explanation. */
export function parseLocalTime(text: string): LocalTime | { error: string } {
  const m = /^\s*(\d{1,2})(?:[:.h](\d{2}))?\s*$/i.exec(text);
  if (!m) return { error: `“${text.slice(0, 40)}” is not a time; use 24-hour HH:MM, e.g. 08:30 or 18:00.` };
  const hour = Number(m[1]);
  const minute = m[2] === undefined ? 0 : Number(m[2]);
  if (hour > 23 || minute > 59) return { error: `“${text.slice(0, 40)}” is not a time of day; use 24-hour HH:MM between 00:00 and 23:59.` };
  return { hour, minute };
}

export function formatLocalTime(t: LocalTime): string {
  return `${String(t.hour).padStart(2, '0')}:${String(t.minute).padStart(2, '0')}`;
}

let zoneNames: string[] | undefined;

function allZones(): string[] {
  zoneNames ??= [...Intl.supportedValuesOf('timeZone'), 'UTC'];
  return zoneNames;
}

/** The canonical IANA name for what was typed (case-insensitive), or an explanation with suggestions. */
export function parseTimeZone(text: string): { zone: string } | { error: string } {
  const t = text.trim();
  if (!t) return { error: 'Give a time zone as an IANA name, e.g. Europe/London or America/New_York.' };
  const exact = allZones().find((z) => z.toLowerCase() === t.toLowerCase());
  if (exact) return { zone: exact };
  try {
    // Intl knows aliases (e.g. Asia/Calcutta) that supportedValuesOf does not list.
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: t }).resolvedOptions().timeZone;
    return { zone: resolved };
  } catch {
    const close = suggestTimeZones(t, 3);
    const hint = close.length ? ` Did you mean ${close.join(', ')}?` : '';
    return { error: `“${t.slice(0, 60)}” is not a time zone I know. Use an IANA name such as Europe/London or America/New_York.${hint}` };
  }
}

/** Zone names containing what was typed (words in any order), for autocomplete and hints. */
export function suggestTimeZones(text: string, max: number): string[] {
  const words = text
    .toLowerCase()
    .split(/[\s/_,-]+/)
    .filter(Boolean);
  if (words.length === 0) return allZones().slice(0, max);
  return allZones()
    .filter((z) => {
      const l = z.toLowerCase();
      return words.every((w) => l.includes(w));
    })
    .slice(0, max);
}

/** An instant as the guild sees it: "2026-03-08 08:00 America/New_York (12:00 UTC)". */
export function describeInstant(t: number, tz: string): string {
  const f = localFields(t, tz);
  const p = (n: number) => String(n).padStart(2, '0');
  const local = `${f.year}-${p(f.month)}-${p(f.day)} ${p(f.hour)}:${p(f.minute)} ${tz}`;
  return tz === 'UTC' ? local : `${local} (${new Date(t).toISOString().slice(11, 16)} UTC)`;
}
