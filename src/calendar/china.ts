// China's official working calendar (holidays and adjusted workdays, 调休) from the
// chinese-days package, with Mon–Fri where the package has no data for a year.
import chineseDays from 'chinese-days';
import type { WorkCalendar } from '../core/workdays.js';
import { weekdayCalendar } from '../core/workdays.js';

// The package is CommonJS: named imports type-check but fail at run time under tsx.
const { isWorkday, getDayDetail } = chineseDays;

/** The last year the package knows (its data ends there; see README "Working calendar"). */
export const coveredUntil = 2026;

export const chinaCalendar: WorkCalendar = {
  isWorkday(date) {
    // Always a YYYY-MM-DD string: with a Date the package would use the machine's zone.
    if (Number(date.slice(0, 4)) > coveredUntil) return weekdayCalendar.isWorkday(date);
    return isWorkday(date);
  },
};

export { getDayDetail };
