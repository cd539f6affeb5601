// Where the time control moves the sandbox clock, and the times a move ticks at on the way:
// the same ticks the cron would have run, every half hour of sandbox time, then at the target.
import type { Plan, Round } from '../core/plan.js';
import { roundPeriods } from '../core/schedule.js';
import { addDays, zonedDate, zonedInstant } from '../core/time.js';
import { addWorkdays, nextWorkdayAfter, type WorkCalendar } from '../core/workdays.js';

export const timeMoves = ['next-0900', 'next-day', 'past-deadline', 'next-1800'] as const;
export type TimeMove = (typeof timeMoves)[number];

const stepMs = 30 * 60_000;

/** The next instant strictly after `now` at which the wall clock in `tz` shows `hhmm`. */
export function nextAtTime(now: Date, hhmm: string, tz: string): Date {
  const today = zonedDate(now, tz);
  const t = zonedInstant(today, hhmm, tz);
  return t.getTime() > now.getTime() ? t : zonedInstant(addDays(today, 1), hhmm, tz);
}

/** The earliest deadline of any round period after `now`, of any plan. */
export function nextDeadline(now: Date, plans: readonly Plan[], calendar: WorkCalendar): { plan: Plan; dueAt: Date } | undefined {
  let best: { plan: Plan; dueAt: Date } | undefined;
  for (const plan of plans) {
    for (const round of plan.rounds) {
      for (const p of roundPeriods(round, plan.timezone, calendar)) {
        if (p.dueAt.getTime() > now.getTime() && (!best || p.dueAt.getTime() < best.dueAt.getTime())) best = { plan, dueAt: p.dueAt };
      }
    }
  }
  return best;
}

/** Where a move goes from `now`. "Past the deadline" is the first workday after the next deadline, at the ping time. */
export function moveTarget(move: TimeMove, now: Date, plans: readonly Plan[], calendar: WorkCalendar): Date {
  const tz = plans[0]?.timezone ?? 'Asia/Shanghai';
  switch (move) {
    case 'next-0900':
      return nextAtTime(now, '09:00', tz);
    case 'next-1800':
      return nextAtTime(now, plans[0]?.schedule.summaryAt ?? '18:00', tz);
    case 'next-day':
      return new Date(now.getTime() + 24 * 3600_000);
    case 'past-deadline': {
      const next = nextDeadline(now, plans, calendar);
      if (!next) return new Date(now.getTime() + 24 * 3600_000);
      const day = nextWorkdayAfter(zonedDate(next.dueAt, next.plan.timezone), calendar);
      return zonedInstant(day, next.plan.schedule.pingAt, next.plan.timezone);
    }
  }
}

/** The tick times of a move from `from` to `to`: each half hour of the wall clock in between, then `to`. */
export function tickTimes(from: Date, to: Date): Date[] {
  const times: Date[] = [];
  for (let t = Math.floor(from.getTime() / stepMs) * stepMs + stepMs; t < to.getTime(); t += stepMs) times.push(new Date(t));
  if (to.getTime() > from.getTime()) times.push(to);
  return times;
}

/**
 * Where the sandbox clock starts: three workdays before the deadline of the plan's first
 * one-off round, at 08:45 — just before that day's 09:00 reminders.
 */
export function sandboxStart(rounds: readonly Pick<Round, 'recurrence' | 'opensAt' | 'dueAt'>[], timezone: string, calendar: WorkCalendar): Date | undefined {
  const first = [...rounds].filter((r) => r.recurrence === null).sort((a, b) => a.opensAt.getTime() - b.opensAt.getTime())[0] ?? rounds[0];
  if (!first) return undefined;
  const day = addWorkdays(zonedDate(first.dueAt, timezone), -3, calendar);
  return zonedInstant(day, '08:45', timezone);
}
