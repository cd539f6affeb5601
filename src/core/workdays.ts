// Working-day arithmetic over an injected calendar (China's, with 调休, in production).
import { addDays, zonedDate } from './time.js';

export interface WorkCalendar {
  /** Whether YYYY-MM-DD is a working day. */
  isWorkday(date: string): boolean;
}

/** Mon–Fri: the fallback where no official calendar is known. */
export const weekdayCalendar: WorkCalendar = {
  isWorkday(date) {
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    const wd = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
    return wd !== 0 && wd !== 6;
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
  for (let d = today, i = 0; d !== dueDay && i < 3660; i++) {
    d = addDays(d, forward ? 1 : -1);
    if (calendar.isWorkday(d)) count++;
  }
  return forward ? count : -Math.max(1, count);
}
