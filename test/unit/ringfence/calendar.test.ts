import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, calendarDateInZone, daysBetween, isCalendarDate } from '../../../src/domain/ringfence/calendar.ts';
import { isValidTimeZone } from '../../../src/policy/time-zone.ts';

const ZONES = ['UTC', 'America/New_York', 'America/Los_Angeles', 'Europe/London', 'Asia/Tokyo', 'Pacific/Auckland', 'Pacific/Kiritimati'];

describe('calendarDateInZone', () => {
  it('puts one instant on different dates in different zones', () => {
    const instant = new Date('2026-03-10T03:30:00Z');
    expect(calendarDateInZone(instant, 'UTC')).toBe('2026-03-10');
    expect(calendarDateInZone(instant, 'America/New_York')).toBe('2026-03-09');
    expect(calendarDateInZone(instant, 'America/Los_Angeles')).toBe('2026-03-09');
    expect(calendarDateInZone(instant, 'Asia/Tokyo')).toBe('2026-03-10');
  });

  it('turns the date at local midnight, not UTC midnight', () => {
    // New York is UTC-5 in January (EST).
    expect(calendarDateInZone(new Date('2026-01-11T04:59:59.999Z'), 'America/New_York')).toBe('2026-01-10');
    expect(calendarDateInZone(new Date('2026-01-11T05:00:00.000Z'), 'America/New_York')).toBe('2026-01-11');
    // Tokyo is UTC+9: its day starts at 15:00 UTC the previous day.
    expect(calendarDateInZone(new Date('2026-01-10T14:59:59.999Z'), 'Asia/Tokyo')).toBe('2026-01-10');
    expect(calendarDateInZone(new Date('2026-01-10T15:00:00.000Z'), 'Asia/Tokyo')).toBe('2026-01-11');
  });

  it('follows daylight saving time changes', () => {
    // New York switches to EDT (UTC-4) on 2026-03-08; midnight on the 9th is 04:00 UTC.
    expect(calendarDateInZone(new Date('2026-03-09T03:59:59Z'), 'America/New_York')).toBe('2026-03-08');
    expect(calendarDateInZone(new Date('2026-03-09T04:00:00Z'), 'America/New_York')).toBe('2026-03-09');
    // Auckland is UTC+13 in January (NZDT).
    expect(calendarDateInZone(new Date('2026-01-10T10:59:59Z'), 'Pacific/Auckland')).toBe('2026-01-10');
    expect(calendarDateInZone(new Date('2026-01-10T11:00:00Z'), 'Pacific/Auckland')).toBe('2026-01-11');
  });

  it('agrees with the UTC date in UTC and is never more than one day from it elsewhere', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.constantFrom(...ZONES),
        (instant, zone) => {
          const utcDate = instant.toISOString().slice(0, 10);
          expect(calendarDateInZone(instant, 'UTC')).toBe(utcDate);
          expect(Math.abs(daysBetween(utcDate, calendarDateInZone(instant, zone)))).toBeLessThanOrEqual(1);
        },
      ),
    );
  });
});

describe('calendar arithmetic', () => {
  it('adds days across month, year and leap-day boundaries', () => {
    expect(addDays('2026-01-10', 180)).toBe('2026-07-09');
    expect(addDays('2027-12-31', 1)).toBe('2028-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('counts days as the inverse of addDays', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: -1000, max: 1000 }),
        (instant, days) => {
          const start = instant.toISOString().slice(0, 10);
          expect(daysBetween(start, addDays(start, days))).toBe(days);
        },
      ),
    );
  });

  it('accepts real calendar dates only', () => {
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2026-13-01')).toBe(false);
    expect(isCalendarDate('2026-1-05')).toBe(false);
    expect(isCalendarDate('2026-01-05T00:00:00Z')).toBe(false);
  });

  it('recognises IANA time zones', () => {
    expect(isValidTimeZone('America/New_York')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
  });
});
