// What the scheduler must do at a time T, as a pure function: reminders before deadlines,
// overdue pings and escalations after them, the daily summary — each with a stable key, so
// a tick run twice, late, or in two processes at once does each thing once.
import { defaultSchedule, type Plan, type PlanSchedule, type Round } from './plan.js';
import { leadsOf, reviewStaleBefore } from './review.js';
import { periodId, roundPeriods } from './schedule.js';
import { compareTaskNumbers } from './summary.js';
import { statusAt, type AssignmentStatus, type StatusInput } from './status.js';
import { addDays, zonedDate, zonedInstant, zonedParts } from './time.js';
import { nextWorkdayAfter, workdayOnOrAfter, workdayOnOrBefore, workdaysBetween, type WorkCalendar } from './workdays.js';

/** The plan's schedule settings: ping and summary times, quiet hours, catch-up window. */
export type SchedulerSettings = PlanSchedule;
export const defaultSchedulerSettings: SchedulerSettings = defaultSchedule;

export interface ScheduleFact extends StatusInput {
  roundKey: string;
  period: string;
  taskNumber: string;
  unitCode: string;
}

export interface PeriodRef {
  roundKey: string;
  period: string;
  dueAt: Date;
}

/** One line of a unit's daily message: a period with tasks still to report. */
export interface NudgeEntry extends PeriodRef {
  /** `renew`: no reminder is due, but the unit's card would pass its 14 days before the next working morning. */
  kind: 'reminder' | 'overdue' | 'renew';
  tasks: string[];
  /** Working days to the deadline (reminder) or past it (overdue, negative). */
  workdays: number;
}

export interface LeadEntry extends PeriodRef {
  taskNumber: string;
  missing: string[];
  expected: number;
  submitted: number;
  workdaysOverdue: number;
}

export interface OfficeRow {
  unitCode: string;
  overdue: number;
  workdaysOverdue: number;
  flagged: boolean;
}

export type ScheduledAction =
  /** `by`: a person's 催办 (a button), not the scheduler's own reminder or overdue ping. */
  | { kind: 'unit.nudge'; key: string; at: Date; unitCode: string; entries: NudgeEntry[]; by?: string | undefined }
  | { kind: 'lead.escalation'; key: string; at: Date; unitCode: string; entries: LeadEntry[] }
  | { kind: 'office.escalation'; key: string; at: Date; rows: OfficeRow[] }
  /** A lead department's reports waiting for its review for more than a working day, per task. */
  | { kind: 'lead.backlog'; key: string; at: Date; unitCode: string; tasks: { taskNumber: string; waiting: number }[] }
  | { kind: 'daily.summary'; key: string; at: Date; date: string };

/** A unit's current report card of a round period in one chat, and when it was sent. */
export interface CardAge {
  unitCode: string;
  roundKey: string;
  period: string;
  sentAt: Date;
}

/** Card JSON 2.0 cards take clicks and updates for 14 days after sending (lark-protocol.md §6.7a). */
export const cardLifetimeDays = 14;

/**
 * Whether a card sent at `sentAt` is re-issued today: it is 12 days old or more, or it will be
 * past its 14 days by the next working morning (a weekend or a holiday comes first).
 */
export function cardNeedsRenewal(sentAt: Date, today: string, timeZone: string, calendar: WorkCalendar): boolean {
  const sentDay = zonedDate(sentAt, timeZone);
  return addDays(sentDay, cardLifetimeDays - 2) <= today || nextWorkdayAfter(today, calendar) >= addDays(sentDay, cardLifetimeDays);
}

export interface SchedulerInput {
  plan: Plan;
  facts: readonly ScheduleFact[];
  /** The units' current report cards: one whose 14 days are running out is re-issued. */
  cards?: readonly CardAge[] | undefined;
  at: Date;
  calendar: WorkCalendar;
  settings?: SchedulerSettings | undefined;
}

const owed = (s: AssignmentStatus) => s === 'pending' || s === 'returned';

function minutes(time: string): number {
  const [h, m] = time.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

/** Days on which a period's reminders fire: each offset before the due date, moved back off holidays. */
export function reminderDays(round: Round, dueAt: Date, opensAt: Date, timeZone: string, calendar: WorkCalendar): string[] {
  const dueDay = zonedDate(dueAt, timeZone);
  const openDay = zonedDate(opensAt, timeZone);
  // On the opening day the report card itself is the reminder; the due day always counts.
  const days = round.reminders.daysBefore.map((d) => workdayOnOrBefore(addDays(dueDay, -d), calendar)).filter((d) => (d > openDay && d <= dueDay) || d === dueDay);
  return [...new Set(days)].sort();
}

/**
 * The first moment a period's report cards may go out: its opening, or — when it opens on a
 * holiday, a weekend or at night — the start of the next working morning.
 */
export function cardsSendableFrom(opensAt: Date, timeZone: string, calendar: WorkCalendar, settings: SchedulerSettings = defaultSchedulerSettings): Date {
  const day = zonedDate(opensAt, timeZone);
  const p = zonedParts(opensAt, timeZone);
  const at = p.hour * 60 + p.minute;
  if (calendar.isWorkday(day) && at >= minutes(settings.quietBefore) && at <= minutes(settings.quietAfter)) return opensAt;
  const next = calendar.isWorkday(day) && at < minutes(settings.quietBefore) ? day : workdayOnOrAfter(addDays(day, 1), calendar);
  return zonedInstant(next, settings.quietBefore, timeZone);
}

/** Whether a message may go out at `at`: a working day, inside the hours. */
export function isSendingTime(at: Date, timeZone: string, calendar: WorkCalendar, settings: SchedulerSettings = defaultSchedulerSettings): boolean {
  const p = zonedParts(at, timeZone);
  const m = p.hour * 60 + p.minute;
  return calendar.isWorkday(zonedDate(at, timeZone)) && m >= minutes(settings.quietBefore) && m <= minutes(settings.quietAfter);
}

/**
 * What a unit still owes at `at`, as the lines of a reminder: periods with tasks pending
 * (deadline ahead) or overdue. For 催办, which is sent whatever the day.
 */
export function unitNudgeEntries(plan: Plan, facts: readonly ScheduleFact[], unitCode: string, at: Date, calendar: WorkCalendar): NudgeEntry[] {
  const tz = plan.timezone;
  const today = zonedDate(at, tz);
  const entries: NudgeEntry[] = [];
  for (const round of plan.rounds) {
    for (const period of roundPeriods(round, tz, calendar)) {
      if (period.opensAt.getTime() > at.getTime()) continue;
      const mine = facts.filter((f) => f.unitCode === unitCode && f.roundKey === round.key && f.period === period.period).map((f) => ({ fact: f, status: statusAt(f, at) }));
      const dueDay = zonedDate(period.dueAt, tz);
      const ref = { roundKey: round.key, period: period.period, dueAt: period.dueAt };
      const overdue = mine.filter((s) => s.status === 'overdue' || (s.status === 'returned' && at > period.dueAt)).map((s) => s.fact.taskNumber);
      const pending = mine.filter((s) => owed(s.status) && at <= period.dueAt).map((s) => s.fact.taskNumber);
      if (pending.length) entries.push({ kind: 'reminder', ...ref, tasks: pending, workdays: today <= dueDay ? workdaysBetween(today, dueDay, calendar) : 0 });
      if (overdue.length) entries.push({ kind: 'overdue', ...ref, tasks: overdue, workdays: -workdaysBetween(dueDay, today, calendar) });
    }
  }
  return entries;
}

/** A time at which scheduleActions may have something to do: one per plan, day and kind. */
export interface ScheduleSlot {
  key: string;
  at: Date;
}

/**
 * The slots in the catch-up window at `at`, from the plan alone: the day's unit messages (at
 * the earliest reminder or ping time), the escalations (at the ping time) and the daily
 * summaries. A superset of what scheduleActions can return, so a tick whose slots are all
 * done needs to read no facts: an idle tick costs what is due, not the plan's size.
 */
export function scheduleSlots(plan: Plan, at: Date, calendar: WorkCalendar, settings: SchedulerSettings = plan.schedule ?? defaultSchedulerSettings): ScheduleSlot[] {
  const tz = plan.timezone;
  const today = zonedDate(at, tz);
  const p = zonedParts(at, tz);
  const nowMinutes = p.hour * 60 + p.minute;
  if (nowMinutes < minutes(settings.quietBefore) || nowMinutes > minutes(settings.quietAfter)) return [];
  const inWindow = (when: Date) => when.getTime() <= at.getTime() && at.getTime() - when.getTime() <= settings.catchUpMs;
  const open = plan.rounds.flatMap((round) => roundPeriods(round, tz, calendar).filter((period) => period.opensAt.getTime() <= at.getTime()).map((period) => ({ round, ...period })));
  const slots: ScheduleSlot[] = [];
  if (calendar.isWorkday(today)) {
    const pastDue = open.some((o) => zonedDate(o.dueAt, tz) < today);
    const times = open.filter((o) => reminderDays(o.round, o.dueAt, o.opensAt, tz, calendar).includes(today)).map((o) => minutes(o.round.reminders.at));
    if (pastDue) times.push(minutes(settings.pingAt));
    // A card of a period may need re-issuing once the period is old enough (its cards are no older).
    for (const o of open) if (zonedDate(o.dueAt, tz) >= today && cardNeedsRenewal(o.opensAt, today, tz, calendar)) times.push(minutes(o.round.reminders.at));
    // One slot per time: the messages of a later time are not done by an earlier one.
    for (const m of new Set(times)) {
      const hhmm = `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
      const when = zonedInstant(today, hhmm, tz);
      if (inWindow(when)) slots.push({ key: `slot:${plan.slug}:${today}:units@${hhmm}`, at: when });
    }
    const pingAt = zonedInstant(today, settings.pingAt, tz);
    if (pastDue && inWindow(pingAt)) slots.push({ key: `slot:${plan.slug}:${today}:escalations`, at: pingAt });
    // Lead departments review what their units sent: a daily look while such a round is open.
    if (open.some((o) => o.round.recipient === 'lead') && inWindow(pingAt)) slots.push({ key: `slot:${plan.slug}:${today}:backlog`, at: pingAt });
  }
  for (const day of [addDays(today, -1), today]) {
    const when = zonedInstant(day, settings.summaryAt, tz);
    if (calendar.isWorkday(day) && inWindow(when) && open.some((o) => o.opensAt.getTime() <= when.getTime())) slots.push({ key: `slot:${plan.slug}:${day}:summary`, at: when });
  }
  return slots;
}

export function scheduleActions(input: SchedulerInput): ScheduledAction[] {
  const { plan, facts, at, calendar } = input;
  const settings = input.settings ?? plan.schedule ?? defaultSchedulerSettings;
  const tz = plan.timezone;
  const today = zonedDate(at, tz);
  const p = zonedParts(at, tz);
  const nowMinutes = p.hour * 60 + p.minute;
  const quiet = nowMinutes < minutes(settings.quietBefore) || nowMinutes > minutes(settings.quietAfter);
  if (quiet) return [];
  const actions: ScheduledAction[] = [];
  const slug = plan.slug;
  const inWindow = (when: Date) => when.getTime() <= at.getTime() && at.getTime() - when.getTime() <= settings.catchUpMs;

  const rounds = new Map(plan.rounds.map((r) => [r.key, r]));
  const openPeriods = new Map<string, { round: Round; opensAt: Date; dueAt: Date; period: string }>();
  for (const round of plan.rounds) {
    for (const period of roundPeriods(round, tz, calendar)) {
      if (period.opensAt.getTime() <= at.getTime()) openPeriods.set(periodId(period), { round, ...period });
    }
  }
  const statuses = facts
    .filter((f) => openPeriods.has(periodId(f)))
    .map((f) => ({ fact: f, status: statusAt(f, at) }));
  // Grouped once: a plan of thousands of units must not be scanned once per unit.
  type Entry = (typeof statuses)[number];
  const byPeriod = new Map<string, { byUnit: Map<string, Entry[]>; byTask: Map<string, Entry[]> }>();
  for (const s of statuses) {
    const id = periodId(s.fact);
    let group = byPeriod.get(id);
    if (!group) byPeriod.set(id, (group = { byUnit: new Map(), byTask: new Map() }));
    const ofUnit = group.byUnit.get(s.fact.unitCode);
    if (ofUnit) ofUnit.push(s);
    else group.byUnit.set(s.fact.unitCode, [s]);
    const ofTask = group.byTask.get(s.fact.taskNumber);
    if (ofTask) ofTask.push(s);
    else group.byTask.set(s.fact.taskNumber, [s]);
  }

  // The units' cards that must be re-issued today, by unit and period (the oldest copy counts).
  const oldest = new Map<string, Date>();
  for (const c of input.cards ?? []) {
    const id = `${c.unitCode}|${periodId(c)}`;
    const seen = oldest.get(id);
    if (!seen || c.sentAt < seen) oldest.set(id, c.sentAt);
  }
  const renewDue = new Set([...oldest].filter(([, sentAt]) => cardNeedsRenewal(sentAt, today, tz, calendar)).map(([id]) => id));

  // Unit messages: reminders and overdue pings of the day, consolidated per unit; each is the
  // unit's report card. A card running out of its 14 days is re-issued without a reminder.
  if (calendar.isWorkday(today)) {
    const byUnit = new Map<string, NudgeEntry[]>();
    const add = (unit: string, entry: NudgeEntry) => byUnit.set(unit, [...(byUnit.get(unit) ?? []), entry]);
    let earliest = Infinity;
    for (const [id, open] of openPeriods) {
      const dueDay = zonedDate(open.dueAt, tz);
      const group = byPeriod.get(id);
      if (!group) continue;
      const remindToday = reminderDays(open.round, open.dueAt, open.opensAt, tz, calendar).includes(today);
      for (const [unit, mine] of group.byUnit) {
        const ref = { roundKey: open.round.key, period: open.period, dueAt: open.dueAt };
        const overdueTasks = mine.filter((s) => s.status === 'overdue' || (s.status === 'returned' && at > open.dueAt)).map((s) => s.fact.taskNumber);
        const owedTasks = mine.filter((s) => owed(s.status) && at <= open.dueAt).map((s) => s.fact.taskNumber);
        if (remindToday && owedTasks.length > 0) {
          add(unit, { kind: 'reminder', ...ref, tasks: owedTasks, workdays: workdaysBetween(today, dueDay, calendar) });
          earliest = Math.min(earliest, minutes(open.round.reminders.at));
        }
        const pinged = today > dueDay && overdueTasks.length > 0;
        if (pinged) {
          add(unit, { kind: 'overdue', ...ref, tasks: overdueTasks, workdays: -workdaysBetween(dueDay, today, calendar) });
          earliest = Math.min(earliest, minutes(settings.pingAt));
        }
        const reminded = remindToday && owedTasks.length > 0;
        const stillOwed = [...owedTasks, ...overdueTasks];
        if (!reminded && !pinged && stillOwed.length > 0 && renewDue.has(`${unit}|${id}`)) {
          const workdays = today <= dueDay ? workdaysBetween(today, dueDay, calendar) : -workdaysBetween(dueDay, today, calendar);
          add(unit, { kind: 'renew', ...ref, tasks: stillOwed, workdays });
          earliest = Math.min(earliest, minutes(open.round.reminders.at));
        }
      }
    }
    const nudgeAt = Number.isFinite(earliest) ? zonedInstant(today, `${String(Math.floor(earliest / 60)).padStart(2, '0')}:${String(earliest % 60).padStart(2, '0')}`, tz) : undefined;
    if (nudgeAt && inWindow(nudgeAt)) {
      for (const [unit, entries] of [...byUnit].sort(([a], [b]) => a.localeCompare(b))) {
        actions.push({ kind: 'unit.nudge', key: `nudge:${slug}:${today}:${unit}`, at: nudgeAt, unitCode: unit, entries });
      }
    }

    // Escalations after the deadline: each lead department for its tasks, and the office.
    const pingAt = zonedInstant(today, settings.pingAt, tz);
    if (inWindow(pingAt)) {
      const byLead = new Map<string, LeadEntry[]>();
      const office = new Map<string, OfficeRow>();
      for (const [id, open] of openPeriods) {
        const dueDay = zonedDate(open.dueAt, tz);
        if (today <= dueDay) continue;
        const late = workdaysBetween(dueDay, today, calendar);
        for (const [number, ofTask] of byPeriod.get(id)?.byTask ?? []) {
          const missing = ofTask.filter((s) => s.status === 'overdue').map((s) => s.fact.unitCode);
          if (missing.length === 0) continue;
          for (const unit of missing) {
            const row = office.get(unit) ?? { unitCode: unit, overdue: 0, workdaysOverdue: 0, flagged: false };
            row.overdue++;
            row.workdaysOverdue = Math.max(row.workdaysOverdue, late);
            row.flagged = row.workdaysOverdue >= settings.flagAfterWorkdays;
            office.set(unit, row);
          }
          if (rounds.get(open.round.key)?.recipient !== 'lead') continue;
          // Each lead department of the task, a sub-task's included, as its digests go.
          for (const lead of leadsOf(plan, number)) {
            byLead.set(lead, [
              ...(byLead.get(lead) ?? []),
              {
                roundKey: open.round.key,
                period: open.period,
                dueAt: open.dueAt,
                taskNumber: number,
                missing,
                expected: ofTask.length,
                submitted: ofTask.filter((s) => !['pending', 'overdue', 'not_open'].includes(s.status)).length,
                workdaysOverdue: late,
              },
            ]);
          }
        }
      }
      for (const [lead, entries] of [...byLead].sort(([a], [b]) => a.localeCompare(b))) {
        actions.push({ kind: 'lead.escalation', key: `lead:${slug}:${today}:${lead}`, at: pingAt, unitCode: lead, entries });
      }

      // The review backlog: reports in (not accepted, not returned) since before the same time
      // on the working day before, counted per task for each of its lead departments.
      const staleBefore = reviewStaleBefore(pingAt, tz, calendar).getTime();
      const backlog = new Map<string, Map<string, number>>();
      for (const s of statuses) {
        if (s.status !== 'submitted' && s.status !== 'late') continue;
        if (rounds.get(s.fact.roundKey)?.recipient !== 'lead') continue;
        const latest = Math.max(...s.fact.reports.map((r) => r.submittedAt.getTime()).filter((t) => t <= at.getTime()));
        if (!(latest < staleBefore)) continue;
        for (const lead of leadsOf(plan, s.fact.taskNumber)) {
          const ofLead = backlog.get(lead) ?? new Map<string, number>();
          ofLead.set(s.fact.taskNumber, (ofLead.get(s.fact.taskNumber) ?? 0) + 1);
          backlog.set(lead, ofLead);
        }
      }
      for (const [lead, tasks] of [...backlog].sort(([a], [b]) => a.localeCompare(b))) {
        const list = [...tasks].map(([taskNumber, waiting]) => ({ taskNumber, waiting })).sort((a, b) => compareTaskNumbers(a.taskNumber, b.taskNumber));
        actions.push({ kind: 'lead.backlog', key: `backlog:${slug}:${today}:${lead}`, at: pingAt, unitCode: lead, tasks: list });
      }
      if (office.size > 0) {
        const rows = [...office.values()].sort((a, b) => b.workdaysOverdue - a.workdaysOverdue || b.overdue - a.overdue || a.unitCode.localeCompare(b.unitCode));
        actions.push({ kind: 'office.escalation', key: `office:${slug}:${today}`, at: pingAt, rows });
      }
    }
  }

  // The daily summary of today (and of yesterday, when a tick missed it), while work is open.
  for (const day of [addDays(today, -1), today]) {
    if (!calendar.isWorkday(day)) continue;
    const when = zonedInstant(day, settings.summaryAt, tz);
    if (!inWindow(when)) continue;
    const active = [...openPeriods.values()].some(
      (o) => o.opensAt.getTime() <= when.getTime() && (zonedDate(o.dueAt, tz) >= day ||
          [...(byPeriod.get(periodId({ roundKey: o.round.key, period: o.period }))?.byUnit.values() ?? [])].some((list) => list.some((s) => statusAt(s.fact, when) === 'overdue'))),
    );
    if (active) actions.push({ kind: 'daily.summary', key: `summary:${slug}:${day}`, at: when, date: day });
  }
  return actions;
}
