import { describe, expect, it } from 'vitest';
import { addDays, addMonthsZoned, toZonedIso, zonedDate, zonedInstant, zonedParts } from '../../src/core/time.js';

const tz = 'Asia/Shanghai';

describe('calendar arithmetic in the plan time zone', () => {
  it.each([
    ['2020-11-05T10:00:00Z', '2020-11-05'],
    ['2020-11-05T16:00:00Z', '2020-11-06'], // midnight in Shanghai is 16:00 UTC
    ['2020-11-05T15:59:59Z', '2020-11-05'],
  ])('the Shanghai date of %s is %s', (instant, date) => {
    expect(zonedDate(new Date(instant), tz)).toBe(date);
  });

  it('finds the instant of a wall-clock time', () => {
    expect(zonedInstant('2020-11-05', '18:00', tz).toISOString()).toBe('2020-11-05T10:00:00.000Z');
    expect(zonedInstant('2021-07-01', '09:00', 'America/New_York').toISOString()).toBe('2021-07-01T13:00:00.000Z');
    expect(zonedInstant('2021-01-04', '09:00', 'America/New_York').toISOString()).toBe('2021-01-04T14:00:00.000Z');
  });

  it('knows the weekday (2020-11-05 was a Thursday)', () => {
    expect(zonedParts(new Date('2020-11-05T10:00:00Z'), tz).weekday).toBe(4);
  });

  it.each([
    ['2020-08-31T18:00:00+08:00', 1, '2020-09-30T18:00:00+08:00'],
    ['2020-08-31T18:00:00+08:00', 2, '2020-10-31T18:00:00+08:00'],
    ['2020-09-05T18:00:00+08:00', 3, '2020-12-05T18:00:00+08:00'],
    ['2020-01-30T09:00:00+08:00', 1, '2020-02-29T09:00:00+08:00'],
    ['2020-12-01T09:00:00+08:00', 1, '2021-01-01T09:00:00+08:00'],
  ])('%s plus %i month(s) is %s (a month-end stays a month-end)', (from, months, to) => {
    expect(toZonedIso(addMonthsZoned(new Date(from), months, tz), tz)).toBe(to);
  });

  it('adds days across months and years', () => {
    expect(addDays('2020-12-30', 3)).toBe('2021-01-02');
    expect(addDays('2020-03-01', -1)).toBe('2020-02-29');
  });
});
