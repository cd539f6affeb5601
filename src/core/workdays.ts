// Working-day arithmetic over an injected calendar (China's, with 调休, in production),
// and the warning shown when the calendar does not know a year's holidays.
import { addDays, zonedDate } from './time.js';

export interface WorkCalendar {
  /** Whether YYYY-MM-DD is a working day. */
  isWorkday(date: string): boolean;
}

/** What a calendar knows about one day. */
export interface DayInfo {
  work: boolean;
  /** `adjusted-workday` is a weekend day worked in exchange for a holiday (调休上班). */
  kind: 'workday' | 'weekend' | 'holiday' | 'adjusted-workday';
  /** The holiday's name (国庆节) for holidays and adjusted workdays, when known. */
  name?: string;
}

/** A calendar that knows for which years it has the official arrangement. */
export interface CoveredCalendar extends WorkCalendar {
  /** Years with the official holiday arrangement; other years fall back to Mon–Fri. */
  readonly coveredYears: ReadonlySet<number>;
  isCovered(date: string): boolean;
  describe(date: string): DayInfo;
}

// Limits for every loop below. No real calendar goes a year without a working day, and
// deadlines are weeks or months away, so hitting one means bad input, not a long plan.
const maxSearchDays = 366;
const maxSpanDays = 3660;

const isoDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether the text is a real calendar date written YYYY-MM-DD (2026-02-30 is not). */
export function isIsoDate(text: string): boolean {
  const m = isoDatePattern.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1000 || mo < 1 || mo > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

function assertIsoDate(date: string): void {
  if (!isIsoDate(date)) throw new RangeError(`not a YYYY-MM-DD date: ${JSON.stringify(date)}`);
}

export function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

/** 0 = Sunday … 6 = Saturday; a calendar date has a weekday independent of any zone. */
export function weekdayOf(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

export function isWeekend(date: string): boolean {
  const wd = weekdayOf(date);
  return wd === 0 || wd === 6;
}

function dayNumber(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / 86_400_000;
}

/** Mon–Fri: the fallback where no official calendar is known. */
export const weekdayCalendar: WorkCalendar = {
  isWorkday(date) {
    return !isWeekend(date);
  },
};

/**
 * Working days left until a deadline, as people count them: 0 when it is due today,
 * 1 when due on the next working day; negative when overdue (−1 = one working day late).
 */
export function workdaysLeft(now: Date, dueAt: Date, timeZone: string, calendar: WorkCalendar): number {
  const today = zonedDate(now, timeZone);
  const dueDay = zonedDate(dueAt, timeZone);
  if (today === dueDay) return now.getTime() <= dueAt.getTime() ? 0 : -1;
  const forward = today < dueDay;
  let count = 0;
  // Bounded: deadlines are weeks away, not years.
  for (let d = today, i = 0; d !== dueDay && i < maxSpanDays; i++) {
    d = addDays(d, forward ? 1 : -1);
    if (calendar.isWorkday(d)) count++;
  }
  return forward ? count : -Math.max(1, count);
}

function findWorkday(date: string, step: 1 | -1, includeDate: boolean, cal: WorkCalendar): string {
  assertIsoDate(date);
  let d = includeDate ? date : addDays(date, step);
  for (let i = 0; i < maxSearchDays; i++, d = addDays(d, step)) {
    if (cal.isWorkday(d)) return d;
  }
  throw new RangeError(`no workday within ${maxSearchDays} days ${step > 0 ? 'after' : 'before'} ${date}`);
}

/** The date itself when it is a workday, else the nearest earlier workday. */
export function workdayOnOrBefore(date: string, cal: WorkCalendar): string {
  return findWorkday(date, -1, true, cal);
}

/** The date itself when it is a workday, else the nearest later workday. */
export function workdayOnOrAfter(date: string, cal: WorkCalendar): string {
  return findWorkday(date, 1, true, cal);
}

/** The first workday strictly after the date (Friday → Monday; Monday → Tuesday). */
export function nextWorkdayAfter(date: string, cal: WorkCalendar): string {
  return findWorkday(date, 1, false, cal);
}

/** The last workday strictly before the date (Monday → Friday; Tuesday → Monday). */
export function previousWorkdayBefore(date: string, cal: WorkCalendar): string {
  return findWorkday(date, -1, false, cal);
}

/**
 * The workdays met walking from `fromDate` to `toDate`, leaving `fromDate` out and
 * counting `toDate`: forward that is the workdays in (from, to]; backward it is minus the
 * workdays in [to, from). So `workdaysBetween(d, addWorkdays(d, n, cal), cal) === n`.
 */
export function workdaysBetween(fromDate: string, toDate: string, cal: WorkCalendar): number {
  assertIsoDate(fromDate);
  assertIsoDate(toDate);
  const span = dayNumber(toDate) - dayNumber(fromDate);
  if (Math.abs(span) > maxSpanDays) throw new RangeError(`${fromDate} to ${toDate} is more than ${maxSpanDays} days`);
  if (span === 0) return 0;
  const step = span > 0 ? 1 : -1;
  let count = 0;
  // The days stepped onto are (from, to] forward and [to, from) backward.
  for (let d = fromDate, i = 0; i < Math.abs(span); i++) {
    d = addDays(d, step);
    if (cal.isWorkday(d)) count++;
  }
  return step * count;
}

/**
 * The n-th workday after the date (n > 0) or before it (n < 0); n = 0 returns the date
 * unchanged, even on a holiday, so that `workdaysBetween(d, addWorkdays(d, n)) === n`.
 */
export function addWorkdays(date: string, n: number, cal: WorkCalendar): string {
  assertIsoDate(date);
  if (!Number.isInteger(n) || Math.abs(n) > maxSpanDays) throw new RangeError(`cannot add ${n} workdays`);
  let d = date;
  for (let left = Math.abs(n); left > 0; left--) d = findWorkday(d, n > 0 ? 1 : -1, false, cal);
  return d;
}

/** Uncovered years, sorted, e.g. [2027]. */
function uncoveredYears(dates: readonly string[], cal: Pick<CoveredCalendar, 'isCovered'>): number[] {
  const years = new Set<number>();
  for (const d of dates) if (!cal.isCovered(d)) years.add(yearOf(d));
  return [...years].sort((a, b) => a - b);
}

/** For the office's daily summary: which years the reminders count as Mon–Fri. */
export function calendarWarningZh(years: readonly number[]): string {
  return `工作日历未包含${years.join('、')}年的节假日安排，提醒按周一至周五计算。请联系系统管理员补充工作日历。`;
}

/** The same warning for the log. */
export function calendarWarningEn(years: readonly number[]): string {
  return (
    `working calendar: no official holiday arrangement for ${years.join(', ')}; counting Mon–Fri as workdays. ` +
    'Add the year to db/calendar.yaml or upgrade chinese-days (README "Working calendar").'
  );
}

export interface CoverageWarning {
  years: number[];
  zh: string;
  en: string;
}

/**
 * The years among `dates` the calendar has no official arrangement for, with the warning
 * to show in the log (en) and the office's daily summary (zh); undefined when all are covered.
 */
export function checkCalendarCoverage(dates: readonly string[], cal: Pick<CoveredCalendar, 'isCovered'>): CoverageWarning | undefined {
  const years = uncoveredYears(dates, cal);
  if (years.length === 0) return undefined;
  return { years, zh: calendarWarningZh(years), en: calendarWarningEn(years) };
}
