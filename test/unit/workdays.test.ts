// Working-day arithmetic over a small fixed calendar: the days around National Day 2020
// (holidays 10-01..10-08; Sunday 09-27 and Saturday 10-10 worked in exchange).
import { describe, expect, it } from 'vitest';
import {
  addWorkdays,
  calendarWarningEn,
  calendarWarningZh,
  checkCalendarCoverage,
  isIsoDate,
  nextWorkdayAfter,
  previousWorkdayBefore,
  weekdayCalendar,
  weekdayOf,
  workdayOnOrAfter,
  workdayOnOrBefore,
  workdaysBetween,
  workdaysLeft,
  type WorkCalendar,
} from '../../src/core/workdays.js';

const holidays = new Set(['2020-10-01', '2020-10-02', '2020-10-03', '2020-10-04', '2020-10-05', '2020-10-06', '2020-10-07', '2020-10-08']);
const adjusted = new Set(['2020-09-27', '2020-10-10']);
const oct2020: WorkCalendar = {
  isWorkday: (d) => adjusted.has(d) || (!holidays.has(d) && weekdayCalendar.isWorkday(d)),
};

describe('dates', () => {
  it.each([
    ['2020-10-01', true],
    ['2020-02-29', true],
    ['2021-02-29', false],
    ['2026-13-01', false],
    ['2026-02-30', false],
    ['2026-1-5', false],
    ['20261005', false],
    ['', false],
  ])('%s is a date: %s', (text, ok) => expect(isIsoDate(text)).toBe(ok));

  it('knows weekdays without a time zone', () => {
    expect(weekdayOf('2020-09-27')).toBe(0);
    expect(weekdayOf('2020-10-10')).toBe(6);
    expect(weekdayOf('2026-10-09')).toBe(5);
  });

  it('the Mon–Fri fallback', () => {
    expect(weekdayCalendar.isWorkday('2020-10-09')).toBe(true); // Friday
    expect(weekdayCalendar.isWorkday('2020-10-10')).toBe(false); // Saturday
    expect(weekdayCalendar.isWorkday('2020-10-11')).toBe(false); // Sunday
  });
});

describe('the nearest workday', () => {
  // date, on or before, on or after, strictly after, strictly before
  it.each([
    ['2020-09-25', '2020-09-25', '2020-09-25', '2020-09-27', '2020-09-24'], // Fri; next is the worked Sunday
    ['2020-09-26', '2020-09-25', '2020-09-27', '2020-09-27', '2020-09-25'], // Sat
    ['2020-09-27', '2020-09-27', '2020-09-27', '2020-09-28', '2020-09-25'], // worked Sunday
    ['2020-09-30', '2020-09-30', '2020-09-30', '2020-10-09', '2020-09-29'], // last day before the holiday
    ['2020-10-01', '2020-09-30', '2020-10-09', '2020-10-09', '2020-09-30'], // National Day
    ['2020-10-08', '2020-09-30', '2020-10-09', '2020-10-09', '2020-09-30'], // last holiday (a Thursday)
    ['2020-10-09', '2020-10-09', '2020-10-09', '2020-10-10', '2020-09-30'], // first day back
    ['2020-10-10', '2020-10-10', '2020-10-10', '2020-10-12', '2020-10-09'], // worked Saturday
    ['2020-10-11', '2020-10-10', '2020-10-12', '2020-10-12', '2020-10-10'], // Sunday
  ])('%s: on or before %s, on or after %s, next %s, previous %s', (date, onOrBefore, onOrAfter, next, previous) => {
    expect(workdayOnOrBefore(date, oct2020)).toBe(onOrBefore);
    expect(workdayOnOrAfter(date, oct2020)).toBe(onOrAfter);
    expect(nextWorkdayAfter(date, oct2020)).toBe(next);
    expect(previousWorkdayBefore(date, oct2020)).toBe(previous);
  });
});

describe('counting and adding workdays', () => {
  it.each([
    ['2020-09-30', '2020-09-30', 0],
    ['2020-09-30', '2020-10-08', 0], // all holiday
    ['2020-09-30', '2020-10-09', 1],
    ['2020-09-30', '2020-10-12', 3], // 10-09, worked 10-10, 10-12
    ['2020-09-25', '2020-09-28', 2], // worked Sunday 09-27, Monday
    ['2020-09-26', '2020-09-27', 1],
    ['2020-10-09', '2020-09-30', -1], // backward: [09-30, 10-09) has one workday
    ['2020-10-12', '2020-09-25', -7], // [09-25, 10-12): 09-25, 09-27, 09-28, 09-29, 09-30, 10-09, 10-10
  ])('from %s to %s: %i', (from, to, n) => {
    expect(workdaysBetween(from, to, oct2020)).toBe(n);
  });

  it.each([
    ['2020-09-30', 1, '2020-10-09'],
    ['2020-09-30', 2, '2020-10-10'],
    ['2020-09-30', 3, '2020-10-12'],
    ['2020-09-25', 1, '2020-09-27'],
    ['2020-10-09', -1, '2020-09-30'],
    ['2020-10-12', -2, '2020-10-09'],
    ['2020-10-03', 0, '2020-10-03'], // n = 0 leaves the date as it is, even on a holiday
    ['2020-10-03', 1, '2020-10-09'],
    ['2020-10-03', -1, '2020-09-30'],
  ])('%s plus %i workdays is %s', (date, n, expected) => {
    expect(addWorkdays(date, n, oct2020)).toBe(expected);
  });

  it('addWorkdays and workdaysBetween agree in both directions', () => {
    for (let day = 20; day <= 30; day++) {
      const date = `2020-09-${day}`;
      for (let n = -8; n <= 8; n++) {
        expect(workdaysBetween(date, addWorkdays(date, n, oct2020), oct2020)).toBe(n);
      }
    }
  });

  it('is bounded: a calendar without workdays, a huge span, bad input', () => {
    const never: WorkCalendar = { isWorkday: () => false };
    expect(() => nextWorkdayAfter('2020-10-01', never)).toThrow(RangeError);
    expect(() => workdayOnOrBefore('2020-10-01', never)).toThrow(/no workday within 366 days before 2020-10-01/);
    expect(() => workdaysBetween('2000-01-01', '2030-01-01', weekdayCalendar)).toThrow(RangeError);
    expect(() => addWorkdays('2020-10-01', 1.5, weekdayCalendar)).toThrow(RangeError);
    expect(() => addWorkdays('2020-10-01', 1e9, weekdayCalendar)).toThrow(RangeError);
    expect(() => workdayOnOrAfter('2020-10-32', weekdayCalendar)).toThrow('not a YYYY-MM-DD date: "2020-10-32"');
  });
});

describe('workdaysLeft keeps its meaning', () => {
  const tz = 'Asia/Shanghai';
  it.each([
    ['2020-09-30T09:00:00+08:00', '2020-09-30T18:00:00+08:00', 0],
    ['2020-09-30T19:00:00+08:00', '2020-09-30T18:00:00+08:00', -1],
    ['2020-09-30T09:00:00+08:00', '2020-10-09T18:00:00+08:00', 1],
    ['2020-10-12T09:00:00+08:00', '2020-10-09T18:00:00+08:00', -2],
    ['2020-10-03T09:00:00+08:00', '2020-09-30T18:00:00+08:00', -1], // late, though no workday passed
  ])('now %s, due %s: %i', (now, due, n) => {
    expect(workdaysLeft(new Date(now), new Date(due), tz, oct2020)).toBe(n);
  });
});

describe('coverage warning', () => {
  const cal = { isCovered: (d: string) => d < '2027' };

  it('names the uncovered years among the dates, in Chinese and English', () => {
    const w = checkCalendarCoverage(['2026-12-30', '2027-01-04', '2028-02-01', '2027-03-01'], cal);
    expect(w?.years).toEqual([2027, 2028]);
    expect(w?.zh).toBe('工作日历未包含2027、2028年的节假日安排，提醒按周一至周五计算。请联系系统管理员补充工作日历。');
    expect(w?.en).toBe(calendarWarningEn([2027, 2028]));
    expect(w?.en).toMatch(/^working calendar: no official holiday arrangement for 2027, 2028; counting Mon–Fri/);
  });

  it('is the text the office sees', () => {
    expect(calendarWarningZh([2027])).toBe('工作日历未包含2027年的节假日安排，提醒按周一至周五计算。请联系系统管理员补充工作日历。');
  });

  it('says nothing when every date is covered', () => {
    expect(checkCalendarCoverage(['2026-10-01', '2026-12-31'], cal)).toBeUndefined();
    expect(checkCalendarCoverage([], cal)).toBeUndefined();
  });
});
