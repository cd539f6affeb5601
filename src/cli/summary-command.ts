// `duban summary <slug> [--date D] [--json]` and `duban summary recompute <slug>`: the daily
// summary as text for a terminal or as JSON (dates YYYY-MM-DD, instants ISO with the plan's offset).
import { DubanError } from '../core/errors.js';
import { zh } from '../core/texts.js';
import type { Clock } from '../core/time.js';
import { toZonedIso, zonedDate } from '../core/time.js';
import { isIsoDate } from '../core/workdays.js';
import {
  recomputeSummaries,
  SummaryDateError,
  summarizeDay,
  toDailySummaryJson,
  type DailySummaryDeps,
  type DailySummaryView,
} from '../app/daily-summary.js';
import { UnknownPlanError } from '../app/plan-status.js';
import { formatTable } from './table.js';

export interface SummaryCommandArgs {
  slug?: string | undefined;
  /** YYYY-MM-DD; today in the plan's zone when absent. With `recompute`, only that day. */
  date?: string | undefined;
  json: boolean;
  recompute: boolean;
}

export interface SummaryCommandDeps extends DailySummaryDeps {
  clock: Clock;
  /** Warnings for the day, e.g. that the working calendar does not know the year's holidays. */
  warnings?: ((date: string) => string[]) | undefined;
}

/** A summary command that cannot run as asked (no plan named among several). */
export class SummaryUsageError extends DubanError {
  constructor(message: string) {
    super('USAGE', message);
    this.name = 'SummaryUsageError';
  }
}

export async function summaryCommand(args: SummaryCommandArgs, deps: SummaryCommandDeps): Promise<string> {
  if (args.date !== undefined && !isIsoDate(args.date)) throw new SummaryDateError(args.date);
  const slug = await pickPlan(args.slug, deps);
  const now = deps.clock.now();

  if (args.recompute) {
    const t0 = performance.now();
    const result = await recomputeSummaries(deps, slug, now, args.date, args.date);
    const ms = Math.round(performance.now() - t0);
    if (args.json) return JSON.stringify({ ...result, ms }, null, 2);
    return `recomputed ${result.slug}: ${result.from} … ${result.to}, ${result.days} day(s), ${result.rows} row(s) in ${ms} ms`;
  }

  const plan = await deps.plans.readPlan(slug);
  if (!plan) throw new UnknownPlanError(slug);
  const date = args.date ?? zonedDate(now, plan.timezone);
  const view = await summarizeDay(deps, slug, date, now, { warnings: deps.warnings?.(date) ?? [] });
  return args.json ? JSON.stringify(toDailySummaryJson(view), null, 2) : formatSummary(view);
}

async function pickPlan(slug: string | undefined, deps: SummaryCommandDeps): Promise<string> {
  if (slug) return slug;
  const plans = await deps.plans.listPlans();
  if (plans.length === 1) return plans[0]!.slug;
  throw new SummaryUsageError(
    plans.length === 0 ? 'no plan loaded; run duban plan load <plan.yaml>' : `name the plan: duban summary <slug> (${plans.map((p) => p.slug).join(', ')})`,
  );
}

const percent = (p: number | null) => (p === null ? '—' : `${Math.round(p)}%`);

/** The summary for a terminal: the card's lines, then the full tables the card leaves out. */
export function formatSummary(view: DailySummaryView): string {
  const s = zh.summary;
  const c = s.columns;
  const tz = view.plan.timezone;
  const t = view.totals;
  const lines = [
    `${s.title(view.date)} · ${s.subtitle(view.plan.title, view.provisional ? view.asOf : undefined, tz)}`,
    s.totals(t.expected, t.submitted, t.overdue, t.onTimeRate),
    s.todayNew(view.today.count),
  ];
  if (view.dueSoon) lines.push(s.dueSoon(view.dueSoon.dueAt, tz, view.dueSoon.count));
  if (view.review && (view.review.awaiting > 0 || view.review.returned > 0)) lines.push(s.reviewBacklog(view.review.awaiting, view.review.returned));
  lines.push(
    `(${view.computation.mode === 'incremental' ? `carried forward from ${view.computation.base}` : 'computed from every assignment'}, ` +
      `${view.computation.changed} assignment(s) read; computed ${toZonedIso(view.computedAt, tz)})`,
  );

  if (view.today.reports.length > 0) {
    lines.push('', ...view.today.reports.map((r) => `  ${zh.time(r.submittedAt, tz)} ${r.unitName} ${zh.taskLabel(r.taskNumber, r.taskShort)}（${zh.version(r.version)}）${r.late ? ` ${zh.status.late}` : ''}`));
  }

  lines.push(
    '',
    formatTable(
      [c.unit, c.expected, c.submitted, c.onTime, c.late, c.overdue, c.meanPercent],
      // Units with nothing open yet (lead departments before their round) would be rows of zeros.
      view.units.filter((u) => u.expected > 0).map((u) => [u.name, u.expected, u.submitted, u.onTime, u.late, u.overdue, percent(u.meanPercent)]),
    ),
    '',
    formatTable(
      [c.task, c.name, c.expected, c.submitted, c.onTime, c.late, c.overdue, c.accepted, c.meanPercent],
      view.tasks.map((k) => [k.number, k.short, k.expected, k.submitted, k.onTime, k.late, k.overdue, k.accepted, percent(k.meanPercent)]),
    ),
  );

  if (view.overdue.length > 0) {
    lines.push('', s.overdueHeading, ...view.overdue.map((o) => `  ${s.overdueLine(o.unitName, o.count, o.oldestDueAt, tz)}`));
  }
  if (view.indicators.length > 0) {
    let task = '';
    lines.push('');
    for (const i of view.indicators) {
      if (i.taskNumber !== task) {
        task = i.taskNumber;
        lines.push(s.indicatorsHeading(zh.taskLabel(i.taskNumber, i.taskShort)));
      }
      lines.push(`  ${s.indicatorLine(i, i.value)}${i.reporters > 0 ? `（${s.indicatorBasis(i.reporters)}）` : ''}`);
    }
  }
  if (view.deliveryProblems.length > 0) {
    lines.push(
      '',
      s.deliveryHeading,
      ...view.deliveryProblems.map(
        (d) => `  ${s.deliveryLine(s.recipient({ type: d.recipientType, id: d.recipientId, unitName: d.unitName, personName: d.personName }), s.deliveryReason(d.code), d.count)} [${d.kind}: ${d.error}]`,
      ),
    );
  }
  if (view.warnings.length > 0) lines.push('', s.warningsHeading, ...view.warnings.map((w) => `  ${w}`));
  return lines.join('\n');
}
