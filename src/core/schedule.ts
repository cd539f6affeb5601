// Rounds into periods, and periods into assignments: one expected report per
// (round, period, task, reporting unit).
import type { Plan, Round, Task } from './plan.js';
import { addMonthsZoned, addWeeks, zonedDate, zonedInstant, zonedParts } from './time.js';
import { workdayOnOrAfter, type WorkCalendar } from './workdays.js';

export interface RoundPeriod {
  roundKey: string;
  /** '' for a one-off round, '2020-09' for a monthly one, the opening date for a weekly one. */
  period: string;
  opensAt: Date;
  dueAt: Date;
}

export interface AssignmentKey {
  roundKey: string;
  period: string;
  taskNumber: string;
  unitCode: string;
  opensAt: Date;
  dueAt: Date;
}

// A runaway recurrence (a typo in `until`) must not expand into millions of rows.
const maxPeriods = 520;

/** A deadline on a holiday moves to the same time on the next workday (顺延). */
export function rollOver(dueAt: Date, timeZone: string, calendar: WorkCalendar): Date {
  const day = zonedDate(dueAt, timeZone);
  const next = workdayOnOrAfter(day, calendar);
  if (next === day) return dueAt;
  const p = zonedParts(dueAt, timeZone);
  return zonedInstant(next, `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`, timeZone);
}

/**
 * The periods of a round. With a calendar, a round marked `rollover` has each deadline that
 * falls on a holiday moved to the next workday; without one, deadlines are as written.
 */
export function roundPeriods(round: Round, timeZone: string, calendar?: WorkCalendar): RoundPeriod[] {
  const due = (d: Date) => (calendar && round.rollover ? rollOver(d, timeZone, calendar) : d);
  if (round.recurrence === null) {
    return [{ roundKey: round.key, period: '', opensAt: round.opensAt, dueAt: due(round.dueAt) }];
  }
  const periods: RoundPeriod[] = [];
  for (let k = 0; k < maxPeriods; k++) {
    const opensAt =
      round.recurrence === 'monthly' ? addMonthsZoned(round.opensAt, k, timeZone) : addWeeks(round.opensAt, k);
    const dueAt = round.recurrence === 'monthly' ? addMonthsZoned(round.dueAt, k, timeZone) : addWeeks(round.dueAt, k);
    const opensOn = zonedDate(opensAt, timeZone);
    if (round.until && opensOn > round.until) break;
    const p = zonedParts(opensAt, timeZone);
    const period = round.recurrence === 'monthly' ? `${p.year}-${String(p.month).padStart(2, '0')}` : opensOn;
    periods.push({ roundKey: round.key, period, opensAt, dueAt: due(dueAt) });
  }
  return periods;
}

/** The units that report on a task in a round. */
export function reportersOf(round: Round, task: Task): string[] {
  return round.reporter === 'responsible' ? task.responsible : task.lead;
}

/** The units a report goes to: the task's lead units, or the office. */
export function recipientsOf(round: Round, task: Task, officeCode: string): string[] {
  return round.recipient === 'office' ? [officeCode] : task.lead;
}

export function expandAssignments(plan: Plan, calendar?: WorkCalendar): AssignmentKey[] {
  const byNumber = new Map(plan.tasks.map((t) => [t.number, t]));
  const out: AssignmentKey[] = [];
  for (const round of plan.rounds) {
    const periods = roundPeriods(round, plan.timezone, calendar);
    for (const number of round.tasks) {
      const task = byNumber.get(number);
      if (!task) continue;
      for (const unitCode of reportersOf(round, task)) {
        for (const p of periods) {
          out.push({ roundKey: round.key, period: p.period, taskNumber: number, unitCode, opensAt: p.opensAt, dueAt: p.dueAt });
        }
      }
    }
  }
  return out;
}

/** Periods whose opening time has come by `at`, and that were not yet marked opened. */
export function periodsOpeningBy(plan: Plan, at: Date, alreadyOpened: ReadonlySet<string>, calendar?: WorkCalendar): RoundPeriod[] {
  return plan.rounds
    .flatMap((r) => roundPeriods(r, plan.timezone, calendar))
    .filter((p) => p.opensAt.getTime() <= at.getTime() && !alreadyOpened.has(periodId(p)));
}

export function periodId(p: { roundKey: string; period: string }): string {
  return p.period ? `${p.roundKey}@${p.period}` : p.roundKey;
}
