/** Daily slots in IANA time zones, across daylight-saving changes. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  describeInstant,
  localFields,
  parseLocalTime,
  parseTimeZone,
  slotAfter,
  slotAtOrBefore,
  suggestTimeZones,
  zonedTime,
} from '../../src/digest/schedule.js';

const iso = (t: number) => new Date(t).toISOString();
const at = (h: number, m = 0) => ({ hour: h, minute: m });

describe('zonedTime', () => {
  it('maps a wall-clock time to the instant on both sides of a change (New York, March 2026)', () => {
    // DST starts 2026-03-08 02:00 EST → 03:00 EDT.
    expect(iso(zonedTime(2026, 3, 7, 8, 0, 'America/New_York'))).toBe('2026-03-07T13:00:00.000Z');
    expect(iso(zonedTime(2026, 3, 8, 8, 0, 'America/New_York'))).toBe('2026-03-08T12:00:00.000Z');
  });

  it('a time inside the spring gap becomes the time the clocks show after the jump', () => {
    const t = zonedTime(2026, 3, 8, 2, 30, 'America/New_York');
    expect(iso(t)).toBe('2026-03-08T07:30:00.000Z');
    expect(localFields(t, 'America/New_York')).toMatchObject({ hour: 3, minute: 30 });
  });

  it('a time in the autumn overlap is its first occurrence (London, October 2026)', () => {
    // BST ends 2026-10-25 02:00 BST → 01:00 GMT, so 01:30 happens twice.
    expect(iso(zonedTime(2026, 10, 25, 1, 30, 'Europe/London'))).toBe('2026-10-25T00:30:00.000Z');
  });

  it('finds times on the day of a change in a zone more than 12 h ahead of UTC (Chatham, September 2026)', () => {
    // Chatham goes from +12:45 to +13:45 on 2026-09-27 at 02:45: 02:30 still exists, 03:00 is in the gap.
    expect(iso(zonedTime(2026, 9, 27, 2, 30, 'Pacific/Chatham'))).toBe('2026-09-26T13:45:00.000Z');
    const gap = zonedTime(2026, 9, 27, 3, 0, 'Pacific/Chatham');
    expect(localFields(gap, 'Pacific/Chatham')).toMatchObject({ day: 27, hour: 4, minute: 0 });
  });

  it('works for zones with half-hour offsets and southern-hemisphere DST', () => {
    expect(iso(zonedTime(2026, 1, 15, 9, 0, 'Asia/Kolkata'))).toBe('2026-01-15T03:30:00.000Z');
    // Sydney is on daylight time (UTC+11) in January, standard (UTC+10) in July.
    expect(iso(zonedTime(2026, 1, 15, 9, 0, 'Australia/Sydney'))).toBe('2026-01-14T22:00:00.000Z');
    expect(iso(zonedTime(2026, 7, 15, 9, 0, 'Australia/Sydney'))).toBe('2026-07-14T23:00:00.000Z');
  });
});

describe('daily slots', () => {
  it('08:00 New York stays 08:00 local through the March change: 23 hours between those two slots', () => {
    const sat = slotAfter(Date.parse('2026-03-07T00:00:00Z'), at(8), 'America/New_York');
    const sun = slotAfter(sat, at(8), 'America/New_York');
    const mon = slotAfter(sun, at(8), 'America/New_York');
    expect([iso(sat), iso(sun), iso(mon)]).toEqual(['2026-03-07T13:00:00.000Z', '2026-03-08T12:00:00.000Z', '2026-03-09T12:00:00.000Z']);
    expect((sun - sat) / 3600_000).toBe(23);
  });

  it('08:00 London stays 08:00 local through the October change: 25 hours between those two slots', () => {
    const sat = slotAfter(Date.parse('2026-10-24T00:00:00Z'), at(8), 'Europe/London');
    const sun = slotAfter(sat, at(8), 'Europe/London');
    expect([iso(sat), iso(sun)]).toEqual(['2026-10-24T07:00:00.000Z', '2026-10-25T08:00:00.000Z']);
    expect((sun - sat) / 3600_000).toBe(25);
  });

  it('slotAtOrBefore is the latest slot not after now, and the slot itself counts', () => {
    const slot = Date.parse('2026-03-08T12:00:00Z');
    expect(slotAtOrBefore(slot, at(8), 'America/New_York')).toBe(slot);
    expect(slotAtOrBefore(slot - 1, at(8), 'America/New_York')).toBe(Date.parse('2026-03-07T13:00:00Z'));
    expect(slotAtOrBefore(slot + 5 * 3600_000, at(8), 'America/New_York')).toBe(slot);
    expect(slotAfter(slot, at(8), 'America/New_York')).toBe(Date.parse('2026-03-09T12:00:00Z'));
  });

  it('a slot in the spring gap happens once that day and at its usual time on the next', () => {
    const s1 = slotAfter(Date.parse('2026-03-08T00:00:00Z'), at(2, 30), 'America/New_York');
    const s2 = slotAfter(s1, at(2, 30), 'America/New_York');
    expect(iso(s1)).toBe('2026-03-08T07:30:00.000Z');
    expect(iso(s2)).toBe('2026-03-09T06:30:00.000Z');
  });

  it('a slot in the autumn overlap happens once, not twice', () => {
    const s1 = slotAfter(Date.parse('2026-10-24T12:00:00Z'), at(1, 30), 'Europe/London');
    const s2 = slotAfter(s1, at(1, 30), 'Europe/London');
    expect(iso(s1)).toBe('2026-10-25T00:30:00.000Z');
    expect(iso(s2)).toBe('2026-10-26T01:30:00.000Z');
  });

  it('midnight and the last minute of the day roll the date correctly across month and year ends', () => {
    expect(iso(slotAfter(Date.parse('2026-12-31T23:30:00Z'), at(0, 0), 'UTC'))).toBe('2027-01-01T00:00:00.000Z');
    expect(iso(slotAtOrBefore(Date.parse('2027-01-01T00:10:00Z'), at(23, 59), 'UTC'))).toBe('2026-12-31T23:59:00.000Z');
  });
});

describe('validation', () => {
  it('accepts 24-hour times and explains anything else', () => {
    expect(parseLocalTime('08:30')).toEqual({ hour: 8, minute: 30 });
    expect(parseLocalTime('8')).toEqual({ hour: 8, minute: 0 });
    expect(parseLocalTime('23:59')).toEqual({ hour: 23, minute: 59 });
    for (const bad of ['24:00', '12:60', '8am', '', 'noon', '12:3']) expect(parseLocalTime(bad)).toHaveProperty('error');
    expect((parseLocalTime('25:00') as { error: string }).error).toMatch(/00:00 and 23:59/);
  });

  it('accepts IANA names in any case, rejects others with suggestions', () => {
    expect(parseTimeZone('europe/london')).toEqual({ zone: 'Europe/London' });
    expect(parseTimeZone('UTC')).toEqual({ zone: 'UTC' });
    const bad = parseTimeZone('Europe/Londn') as { error: string };
    expect(bad.error).toMatch(/not a time zone/);
    expect(parseTimeZone('Mars/Olympus')).toHaveProperty('error');
    expect(parseTimeZone('')).toHaveProperty('error');
    expect((parseTimeZone('London') as { error: string }).error).toMatch(/Did you mean Europe\/London/);
  });

  it('suggests zones by words, at most as many as asked', () => {
    expect(suggestTimeZones('new york', 25)).toContain('America/New_York');
    expect(suggestTimeZones('america', 25)).toHaveLength(25);
    expect(suggestTimeZones('zzzz', 25)).toEqual([]);
  });

  it('describes an instant in the guild’s zone with UTC alongside', () => {
    expect(describeInstant(Date.parse('2026-03-08T12:00:00Z'), 'America/New_York')).toBe('2026-03-08 08:00 America/New_York (12:00 UTC)');
  });
});

describe('slots in any zone (property)', () => {
  const zones = [
    'UTC',
    'Europe/London',
    'America/New_York',
    'America/Sao_Paulo',
    'Australia/Lord_Howe',
    'Asia/Kathmandu',
    'Pacific/Chatham',
    'America/St_Johns',
    'Africa/Casablanca',
    'Asia/Tehran',
  ];
  it('the slot at or before now and the one after bracket now, show HH:MM locally (or the time after a gap), and are 22–26 h apart', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        fc.integer({ min: Date.parse('2024-01-01T00:00:00Z'), max: Date.parse('2030-12-31T00:00:00Z') }),
        (tz, hour, minute, now) => {
          const before = slotAtOrBefore(now, { hour, minute }, tz);
          const after = slotAfter(now, { hour, minute }, tz);
          expect(before).toBeLessThanOrEqual(now);
          expect(after).toBeGreaterThan(now);
          expect(slotAfter(before, { hour, minute }, tz)).toBe(after);
          const gap = (after - before) / 3600_000;
          expect(gap).toBeGreaterThanOrEqual(22);
          expect(gap).toBeLessThanOrEqual(26);
          for (const t of [before, after]) {
            const f = localFields(t, tz);
            const shown = f.hour * 60 + f.minute;
            const wanted = hour * 60 + minute;
            // Exactly the time asked for, or — when it fell in a spring gap — the time just after it.
            expect(shown === wanted || (shown > wanted && shown - wanted <= 60)).toBe(true);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
