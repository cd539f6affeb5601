// The daily summary (日报): summarizeDay stores a day's rows — carried forward from the latest
// stored day when it can be trusted, else computed from every assignment — and returns the view
// the card and the CLI show; recomputeSummaries rebuilds stored days from the reports (repairs).
import { DubanError } from '../core/errors.js';
import { meetsTarget } from '../core/indicators.js';
import type { DailySummaryView } from '../../cards/daily-summary-card.js';
import { reviewStaleBefore } from '../core/review.js';
import { roundPeriods } from '../core/schedule.js';
import {
  applyChanges,
  canAdvance,
  dayCut,
  isProvisional,
  startOfDay,
  summarizeFull,
  summarizeSeries,
  type SummaryCut,
  type SummaryFact,
  type SummaryRow,
} from '../core/summary.js';
import { addDays, toZonedIso, zonedDate } from '../core/time.js';
import { isIsoDate, workdaysLeft, type WorkCalendar } from '../core/workdays.js';
import { UnknownPlanError } from './plan-status.js';
import type { DirectoryStore, PlanStore } from './ports/index.js';

export type { DailySummaryView };

export type { ChangeWindow, FailedDelivery, StoredSummaryDay, SummaryStore } from './ports/summaries.js';
import type { FailedDelivery, StoredSummaryDay, SummaryStore } from './ports/summaries.js';

export interface DailySummaryDeps {
  plans: PlanStore;
  directory: DirectoryStore;
  summaries: SummaryStore;
  calendar: WorkCalendar;
}

export interface SummarizeOptions {
  /** Shown at the end of the card, e.g. that the working calendar does not cover the year. */
  warnings?: readonly string[] | undefined;
}

export class SummaryDateError extends DubanError {
  constructor(readonly value: string) {
    super('BAD_INPUT', `"${value}" is not a date like 2020-11-04`);
    this.name = 'SummaryDateError';
  }
}

const cutOf = (day: StoredSummaryDay, timeZone: string) => dayCut(day.date, timeZone, day.computedAt);
// A holiday (Spring Festival, National Day) can push the next working day a week and more away.
const dueSoonHorizonMs = 12 * 86_400_000;
const failureLookbackMs = 24 * 3600_000;
/** Units in the overdue list (the most overdue first); the card says how many more there are. */
export const overdueListSize = 10;

/**
 * Computes and stores day D's rows as of `now`, and builds the day's view.
 *
 * Incremental when a stored day before D exists and the plan was not reloaded since it was
 * computed: its rows are carried forward over the assignments that changed in between
 * (src/core/summary.ts). If that day was provisional (computed before it ended) and is over
 * now, it is finalized first, in the same write. Otherwise every assignment is read.
 */
export async function summarizeDay(
  deps: DailySummaryDeps,
  slug: string,
  date: string,
  now: Date,
  options: SummarizeOptions = {},
): Promise<DailySummaryView> {
  if (!isIsoDate(date)) throw new SummaryDateError(date);
  const plan = await deps.plans.readPlan(slug);
  const loadedAt = await deps.summaries.planLoadedAt(slug);
  if (!plan || !loadedAt) throw new UnknownPlanError(slug);
  const tz = plan.timezone;
  const cut = dayCut(date, tz, now);
  const base = await deps.summaries.previousDay(slug, date);
  const baseCut = base ? cutOf(base, tz) : undefined;
  // A reload may have retired, added or moved assignments the base counted: start afresh.
  const trusted = base && baseCut && base.computedAt.getTime() >= loadedAt.getTime() && canAdvance(baseCut, cut) ? base : undefined;
  // A provisional base whose day is over now gets its final rows too.
  const finalBaseCut = base && baseCut && isProvisional(baseCut) ? dayCut(base.date, tz, now) : undefined;
  const finalizeBase = base && finalBaseCut && !isProvisional(finalBaseCut) ? finalBaseCut : undefined;

  let rows: SummaryRow[];
  let changed: SummaryFact[];
  const written: StoredSummaryDay[] = [];
  if (trusted && baseCut) {
    changed = await deps.summaries.changedFacts(slug, {
      knownFrom: baseCut.knownBy,
      knownTo: cut.knownBy,
      dueFrom: baseCut.at,
      dueTo: cut.at,
      openedPeriods: plan.rounds
        .flatMap((r) => roundPeriods(r, tz))
        .filter((p) => p.opensAt.getTime() >= baseCut.at.getTime() && p.opensAt.getTime() <= cut.at.getTime())
        .map((p) => ({ roundKey: p.roundKey, period: p.period })),
    });
    // The changed set covers the finalizing step too: its window lies inside this one.
    let from = { cut: baseCut, rows: trusted.rows };
    if (finalizeBase) {
      from = { cut: finalizeBase, rows: applyChanges(trusted.rows, baseCut, changed, finalizeBase) };
      written.push({ date: trusted.date, computedAt: now, rows: from.rows });
    }
    rows = applyChanges(from.rows, from.cut, changed, cut);
  } else {
    changed = await deps.summaries.allFacts(slug);
    if (base && finalizeBase) written.push({ date: base.date, computedAt: now, rows: summarizeFull(changed, finalizeBase) });
    rows = summarizeFull(changed, cut);
  }
  written.push({ date, computedAt: now, rows });
  await deps.summaries.saveDays(slug, written);

  return buildView(deps, {
    plan,
    date,
    cut,
    now,
    rows,
    facts: changed,
    computation: trusted ? { mode: 'incremental', base: trusted.date, changed: new Set(changed.map((f) => f.id)).size } : { mode: 'full', changed: changed.length },
    warnings: options.warnings ?? [],
  });
}

export interface RecomputeResult {
  slug: string;
  from: string;
  to: string;
  days: number;
  rows: number;
}

/**
 * Rebuilds the stored days in [from, to] from the reports — for repairs: a report stored with a
 * past time, a row written by a bug. Defaults: the stored range, or, when nothing is stored,
 * from the first opening to today (capped at the last deadline). Rows are the plan as loaded now.
 */
export async function recomputeSummaries(
  deps: DailySummaryDeps,
  slug: string,
  now: Date,
  fromDate?: string,
  toDate?: string,
): Promise<RecomputeResult> {
  for (const d of [fromDate, toDate]) if (d !== undefined && !isIsoDate(d)) throw new SummaryDateError(d);
  const plan = await deps.plans.readPlan(slug);
  if (!plan) throw new UnknownPlanError(slug);
  const tz = plan.timezone;
  const facts = await deps.summaries.allFacts(slug);
  const stored = await deps.summaries.storedRange(slug);
  const firstOpen = facts.reduce((min, f) => Math.min(min, f.opensAt.getTime()), Infinity);
  const lastDue = facts.reduce((max, f) => Math.max(max, f.dueAt.getTime()), -Infinity);
  const today = zonedDate(now, tz);
  const from = fromDate ?? stored?.from ?? (Number.isFinite(firstOpen) ? zonedDate(new Date(firstOpen), tz) : today);
  let to = toDate ?? stored?.to ?? (Number.isFinite(lastDue) ? minDate(today, zonedDate(new Date(lastDue), tz)) : today);
  if (to < from) to = from;

  const dates: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) dates.push(d);
  const series = summarizeSeries(facts, dates.map((d) => dayCut(d, tz, now)));
  const days = dates.map((date, i) => ({ date, computedAt: now, rows: series[i]! }));
  await deps.summaries.replaceDays(slug, from, to, days);
  return { slug, from, to, days: days.length, rows: days.reduce((n, d) => n + d.rows.length, 0) };
}

const minDate = (a: string, b: string) => (a < b ? a : b);

interface ViewInput {
  plan: NonNullable<Awaited<ReturnType<PlanStore['readPlan']>>>;
  date: string;
  cut: SummaryCut;
  now: Date;
  rows: SummaryRow[];
  /** Every assignment read for the day: all of them, or the changed ones (a superset of the day's reports). */
  facts: SummaryFact[];
  computation: DailySummaryView['computation'];
  warnings: readonly string[];
}

async function buildView(deps: DailySummaryDeps, input: ViewInput): Promise<DailySummaryView> {
  const { plan, date, cut, rows, facts } = input;
  const tz = plan.timezone;
  const units = await deps.directory.units();
  const unitName = new Map(units.map((u) => [u.code, u.name]));
  const tasks = plan.tasks.flatMap((t) => [t, ...t.subtasks]);
  const taskShort = new Map(tasks.map((t) => [t.number, t.short]));
  const planRow = rows.find((r) => r.scope === 'plan')!;
  const unitRows = rows.filter((r) => r.scope === 'unit');

  const byDirectory = new Map(units.map((u, i) => [u.code, i]));
  const unitOrder = (code: string) => byDirectory.get(code) ?? Number.MAX_SAFE_INTEGER;
  // The oldest deadline is read for the units shown only: reading it for every unit costs the plan's past.
  const overdueRows = unitRows.filter((r) => r.overdue > 0);
  const overdueUnits = [...overdueRows].sort((a, b) => b.overdue - a.overdue || unitOrder(a.key) - unitOrder(b.key)).slice(0, overdueListSize).map((r) => r.key);
  const [oldest, deadlines, failures, review] = await Promise.all([
    overdueUnits.length ? deps.summaries.overdueByUnit(plan.slug, cut, overdueUnits) : Promise.resolve(new Map<string, { count: number; oldestDueAt: Date }>()),
    deps.summaries.pendingDeadlines(plan.slug, cut, new Date(cut.at.getTime() + dueSoonHorizonMs)),
    deps.summaries.failedDeliveries(new Date(cut.knownBy.getTime() - failureLookbackMs)),
    deps.summaries.reviewBacklog(plan.slug, cut, reviewStaleBefore(cut.knownBy, tz, deps.calendar)),
  ]);

  const next = deadlines[0];
  const dueSoon = next && workdaysLeft(cut.knownBy, next.dueAt, tz, deps.calendar) <= 1 ? next : undefined;

  // Today's reports: the latest version each assignment got during the day, as known at the cut.
  const dayStart = startOfDay(date, tz).getTime();
  const known = cut.knownBy.getTime();
  const today: DailySummaryView['today']['reports'] = [];
  for (const f of facts) {
    const todays = f.reports.filter((r) => r.submittedAt.getTime() >= dayStart && r.submittedAt.getTime() <= known);
    if (todays.length === 0) continue;
    const last = todays.reduce((a, b) => (b.version > a.version ? b : a));
    today.push({
      unitCode: f.unitCode,
      unitName: unitName.get(f.unitCode) ?? f.unitCode,
      taskNumber: f.taskNumber,
      taskShort: taskShort.get(f.taskNumber) ?? '',
      version: last.version,
      submittedAt: last.submittedAt,
      late: last.submittedAt.getTime() > f.dueAt.getTime(),
    });
  }
  today.sort((a, b) => a.submittedAt.getTime() - b.submittedAt.getTime() || a.unitCode.localeCompare(b.unitCode));

  const taskRows = new Map(rows.filter((r) => r.scope === 'task').map((r) => [r.key, r]));
  const indicators: DailySummaryView['indicators'] = tasks.flatMap((t) =>
    t.indicators.map((i) => {
      const value = taskRows.get(t.number)?.indicatorValues[i.key] ?? null;
      const reporters = unitRows.filter((r) => r.indicatorValues[`${t.number}:${i.key}`] !== undefined).length;
      return {
        taskNumber: t.number,
        taskShort: t.short,
        key: i.key,
        name: i.name,
        unit: i.unit,
        comparator: i.comparator,
        target: i.target,
        due: i.due,
        value,
        reporters,
        met: value === null ? null : meetsTarget(value, i.comparator, i.target),
      };
    }),
  );

  const pending = planRow.expected - planRow.submitted - planRow.overdue;
  const rateBase = planRow.submitted + planRow.overdue;
  return {
    plan: { slug: plan.slug, title: plan.title, timezone: tz },
    date,
    asOf: cut.knownBy,
    provisional: isProvisional(cut),
    computedAt: input.now,
    computation: input.computation,
    status: planRow.overdue > 0 ? 'overdue' : dueSoon ? 'due_soon' : 'on_time',
    totals: {
      expected: planRow.expected,
      submitted: planRow.submitted,
      onTime: planRow.onTime,
      late: planRow.late,
      overdue: planRow.overdue,
      accepted: planRow.accepted,
      pending,
      meanPercent: planRow.meanPercent,
      onTimeRate: rateBase > 0 ? planRow.onTime / rateBase : null,
    },
    today: { count: today.length, reports: today },
    review,
    dueSoon,
    // Directory order keeps counties, parks and departments together, as people list them.
    units: [...unitRows]
      .sort((a, b) => unitOrder(a.key) - unitOrder(b.key))
      .map((r) => ({
        code: r.key,
        name: unitName.get(r.key) ?? r.key,
        expected: r.expected,
        submitted: r.submitted,
        onTime: r.onTime,
        late: r.late,
        overdue: r.overdue,
        meanPercent: r.meanPercent,
      })),
    tasks: [...taskRows.values()].map((r) => ({
      number: r.key,
      short: taskShort.get(r.key) ?? '',
      expected: r.expected,
      submitted: r.submitted,
      onTime: r.onTime,
      late: r.late,
      overdue: r.overdue,
      accepted: r.accepted,
      meanPercent: r.meanPercent,
    })),
    overdue: [...oldest]
      .map(([code, o]) => ({ unitCode: code, unitName: unitName.get(code) ?? code, count: o.count, oldestDueAt: o.oldestDueAt }))
      .sort((a, b) => b.count - a.count || a.oldestDueAt.getTime() - b.oldestDueAt.getTime() || unitOrder(a.unitCode) - unitOrder(b.unitCode)),
    overdueUnits: overdueRows.length,
    indicators,
    deliveryProblems: groupFailures(failures),
    warnings: [...input.warnings],
  };
}


/** Lark's code leads the stored error ("230002 Bot is not in the chat"). */
export function larkCode(error: string): number | undefined {
  const m = /^(\d{4,})\b/.exec(error.trim());
  return m ? Number(m[1]) : undefined;
}

function recipientType(type: string): 'chat' | 'user' | 'reply' {
  if (type === 'open_id') return 'user';
  return type === 'reply' || type === 'reply_in_thread' ? 'reply' : 'chat';
}

/** One line per recipient and error code: a chat the bot left fails every message the same way. */
function groupFailures(failures: readonly FailedDelivery[]): DailySummaryView['deliveryProblems'] {
  const out = new Map<string, DailySummaryView['deliveryProblems'][number]>();
  for (const f of failures) {
    const code = larkCode(f.lastError);
    const id = `${f.recipientType}|${f.recipientId}|${code ?? f.lastError}`;
    const seen = out.get(id);
    if (seen) {
      seen.count++;
      if (f.createdAt.getTime() > seen.lastAt.getTime()) seen.lastAt = f.createdAt;
      continue;
    }
    out.set(id, {
      kind: f.kind,
      recipientType: recipientType(f.recipientType),
      recipientId: f.recipientId,
      unitName: f.unitName,
      personName: f.personName,
      code,
      error: f.lastError,
      count: 1,
      lastAt: f.createdAt,
    });
  }
  return [...out.values()];
}

/** Dates stay YYYY-MM-DD; instants become ISO 8601 with the plan's offset (+08:00). */
export type SummaryJson<T> = T extends Date
  ? string
  : T extends readonly (infer U)[]
    ? SummaryJson<U>[]
    : T extends object
      ? { [K in keyof T]: SummaryJson<T[K]> }
      : T;

export function toDailySummaryJson(view: DailySummaryView): SummaryJson<DailySummaryView> {
  const convert = (value: unknown): unknown => {
    if (value instanceof Date) return toZonedIso(value, view.plan.timezone);
    if (Array.isArray(value)) return value.map(convert);
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, convert(v)]));
    }
    return value;
  };
  return convert(view) as SummaryJson<DailySummaryView>;
}
