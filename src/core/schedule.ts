// Rounds into periods, and periods into assignments: one expected report per
// (round, period, task, reporting unit).
import type { Plan, Round, Task } from './plan.js';
import { addMonthsZoned, addWeeks, zonedDate, zonedParts } from './time.js';

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

export function roundPeriods(round: Round, timeZone: string): RoundPeriod[] {
  if (round.recurrence === null) {
    return [{ roundKey: round.key, period: '', opensAt: round.opensAt, dueAt: round.dueAt }];
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
    periods.push({ roundKey: round.key, period, opensAt, dueAt });
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

export function expandAssignments(plan: Plan): AssignmentKey[] {
  const byNumber = new Map(plan.tasks.map((t) => [t.number, t]));
  const out: AssignmentKey[] = [];
  for (const round of plan.rounds) {
    const periods = roundPeriods(round, plan.timezone);
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
export function periodsOpeningBy(plan: Plan, at: Date, alreadyOpened: ReadonlySet<string>): RoundPeriod[] {
  return plan.rounds
    .flatMap((r) => roundPeriods(r, plan.timezone))
    .filter((p) => p.opensAt.getTime() <= at.getTime() && !alreadyOpened.has(periodId(p)));
}

export function periodId(p: { roundKey: string; period: string }): string {
  return p.period ? `${p.roundKey}@${p.period}` : p.roundKey;
}
