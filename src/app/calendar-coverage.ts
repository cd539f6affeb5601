// Does the working calendar know the years a plan needs? Reminders in a year it does not
// know would count Monday to Friday and fire on holidays, so the office is told.
import type { Plan } from '../core/plan.js';
import { roundPeriods } from '../core/schedule.js';
import { addDays, zonedDate } from '../core/time.js';
import { checkCalendarCoverage, type CoverageWarning, type CoveredCalendar } from '../core/workdays.js';

/** Looks ahead so the warning comes in December, before 1 January is taken for a workday. */
const lookAheadDays = 45;

export function planCalendarWarning(plan: Plan, calendar: CoveredCalendar, now: Date): CoverageWarning | undefined {
  const today = zonedDate(now, plan.timezone);
  const dates = [today, addDays(today, lookAheadDays)];
  for (const round of plan.rounds) {
    for (const p of roundPeriods(round, plan.timezone, calendar)) {
      const due = zonedDate(p.dueAt, plan.timezone);
      // Past deadlines need no more reminders.
      if (due >= today) dates.push(zonedDate(p.opensAt, plan.timezone), due);
    }
  }
  return checkCalendarCoverage(dates, calendar);
}
