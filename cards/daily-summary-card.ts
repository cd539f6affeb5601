// The daily summary card (日报) for the office chat: totals and today's change, a bar chart
// by unit, the overdue list, indicators against targets, delivery problems and warnings.
// The header colour is the worst status: red overdue, yellow due within a working day, green.
import { zh } from '../src/core/texts.js';
import { chartHeight, escapeMarkdown, markdown, maxChartBars, plainText, type CardElement, type ChartElement, type HeaderTemplate, type JsonValue, type LarkCard } from './types.js';

export interface SummaryTotalsView {
  expected: number;
  submitted: number;
  onTime: number;
  late: number;
  overdue: number;
  accepted: number;
  /** Open, not in, deadline still ahead. */
  pending: number;
  meanPercent: number | null;
  /** onTime / (submitted + overdue): of what should be in by now or is in, the share in on time. */
  onTimeRate: number | null;
}

export interface DailySummaryView {
  plan: { slug: string; title: string; timezone: string };
  /** The calendar day, YYYY-MM-DD in the plan's zone. */
  date: string;
  /** The facts are those known at this instant; the day's end when the day is over. */
  asOf: Date;
  /** Whether the day was still running when computed (a later run finalizes it). */
  provisional: boolean;
  computedAt: Date;
  /** How the rows were obtained: carried forward from a stored day, or from every assignment. */
  computation: { mode: 'incremental' | 'full'; base?: string | undefined; changed: number };
  status: 'on_time' | 'due_soon' | 'overdue';
  totals: SummaryTotalsView;
  today: {
    /** Assignments that got a report (first or new version) during the day. */
    count: number;
    reports: { unitCode: string; unitName: string; taskNumber: string; taskShort: string; version: number; submittedAt: Date; late: boolean }[];
  };
  /** The lead departments' review backlog: 待审核 for more than a working day, 已退回未重报. */
  review?: { awaiting: number; returned: number } | undefined;
  /** The nearest deadline within a working day with reports still missing. */
  dueSoon?: { dueAt: Date; count: number } | undefined;
  units: { code: string; name: string; expected: number; submitted: number; onTime: number; late: number; overdue: number; meanPercent: number | null }[];
  tasks: { number: string; short: string; expected: number; submitted: number; onTime: number; late: number; overdue: number; accepted: number; meanPercent: number | null }[];
  /** The units with the most reports overdue (a few), most first. */
  overdue: { unitCode: string; unitName: string; count: number; oldestDueAt: Date }[];
  /** All units with something overdue (the list may show fewer). */
  overdueUnits: number;
  indicators: {
    taskNumber: string;
    taskShort: string;
    key: string;
    name: string;
    unit: string;
    comparator: string;
    target: number;
    due?: string | undefined;
    /** Mean of the units' latest reported values; null when none reported. */
    value: number | null;
    /** Units with a reported value. */
    reporters: number;
    met: boolean | null;
  }[];
  deliveryProblems: {
    kind: string;
    recipientType: 'chat' | 'user' | 'reply';
    recipientId: string;
    unitName?: string | undefined;
    personName?: string | undefined;
    code?: number | undefined;
    error: string;
    count: number;
    lastAt: Date;
  }[];
  warnings: string[];
}

/** Units drawn in the chart at most; beyond, the ones furthest behind. */
export const maxChartUnits = maxChartBars;
const maxOverdueLines = 10;
const maxDeliveryLines = 5;

const templates: Record<DailySummaryView['status'], HeaderTemplate> = { overdue: 'red', due_soon: 'yellow', on_time: 'green' };

export function buildDailySummaryCard(view: DailySummaryView): LarkCard {
  const s = zh.summary;
  const tz = view.plan.timezone;
  const elements: CardElement[] = [];

  const head = [`**${s.totals(view.totals.expected, view.totals.submitted, view.totals.overdue, view.totals.onTimeRate)}**`];
  const byUnit = groupToday(view.today.reports);
  head.push(s.todayNew(view.today.count) + (byUnit.length ? `：${escapeMarkdown(s.todayUnits(byUnit))}` : ''));
  if (view.dueSoon) head.push(s.dueSoon(view.dueSoon.dueAt, tz, view.dueSoon.count));
  if (view.review && (view.review.awaiting > 0 || view.review.returned > 0)) head.push(s.reviewBacklog(view.review.awaiting, view.review.returned));
  elements.push(markdown(head.join('\n')));

  const chart = unitChart(view);
  if (chart) {
    elements.push(chart.element);
    if (chart.note) elements.push({ tag: 'markdown', content: chart.note, text_size: 'notation' });
  }

  if (view.overdue.length > 0) {
    const lines = view.overdue.slice(0, maxOverdueLines).map((o) => `- ${escapeMarkdown(s.overdueLine(o.unitName, o.count, o.oldestDueAt, tz))}`);
    const more = view.overdueUnits - Math.min(view.overdue.length, maxOverdueLines);
    if (more > 0) lines.push(`- ${s.overdueMore(more)}`);
    elements.push(markdown([`**${s.overdueHeading}**`, ...lines].join('\n')));
  }

  for (const [task, indicators] of groupBy(view.indicators, (i) => i.taskNumber)) {
    const heading = s.indicatorsHeading(zh.taskLabel(task, indicators[0]!.taskShort));
    const lines = indicators.map((i) => `- ${i.met === false ? '⚠️ ' : ''}${escapeMarkdown(s.indicatorLine(i, i.value))}`);
    elements.push(markdown([`**${escapeMarkdown(heading)}**`, ...lines].join('\n')));
  }

  if (view.deliveryProblems.length > 0) {
    const lines = view.deliveryProblems.slice(0, maxDeliveryLines).map((d) => {
      const recipient = s.recipient({ type: d.recipientType, id: d.recipientId, unitName: d.unitName, personName: d.personName });
      return `- ${escapeMarkdown(s.deliveryLine(recipient, s.deliveryReason(d.code), d.count))}`;
    });
    elements.push(markdown([`**${s.deliveryHeading}**`, ...lines].join('\n')));
  }

  if (view.warnings.length > 0) {
    elements.push(markdown([`**${s.warningsHeading}**`, ...view.warnings.map((w) => `- ⚠️ ${escapeMarkdown(w)}`)].join('\n')));
  }

  const title = s.title(view.date);
  return {
    schema: '2.0',
    config: { update_multi: true, width_mode: 'fill', summary: { content: `${title} ${s.totals(view.totals.expected, view.totals.submitted, view.totals.overdue, view.totals.onTimeRate)}` } },
    header: {
      title: plainText(title),
      subtitle: plainText(s.subtitle(view.plan.title, view.provisional ? view.asOf : undefined, tz)),
      template: templates[view.status],
    },
    body: { elements },
  };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

function groupToday(reports: DailySummaryView['today']['reports']): { unitName: string; tasks: string[] }[] {
  return [...groupBy(reports, (r) => r.unitCode).values()].map((list) => ({
    unitName: list[0]!.unitName,
    tasks: [...new Set(list.map((r) => r.taskNumber))],
  }));
}

/**
 * A VChart horizontal grouped bar: 已报 and 应报 per unit. Data only (Lark refuses functions in
 * a spec); the height grows with the units so names stay readable on a phone.
 */
function unitChart(view: DailySummaryView): { element: ChartElement; note?: string } | undefined {
  const s = zh.summary;
  const all = view.units.filter((u) => u.expected > 0);
  if (all.length === 0) return undefined;
  let shown = all;
  let note: string | undefined;
  if (all.length > maxChartUnits) {
    const behind = [...all].sort((a, b) => a.submitted / a.expected - b.submitted / b.expected || b.expected - a.expected).slice(0, maxChartUnits);
    const keep = new Set(behind.map((u) => u.code));
    shown = all.filter((u) => keep.has(u.code));
    note = s.chartCapped(maxChartUnits, all.length);
  }
  const values: JsonValue[] = shown.flatMap((u) => [
    { unit: u.name, series: s.chartSubmitted, count: u.submitted },
    { unit: u.name, series: s.chartExpected, count: u.expected },
  ]);
  const element: ChartElement = {
    tag: 'chart',
    element_id: 'units_chart',
    height: chartHeight(shown.length),
    chart_spec: {
      type: 'bar',
      direction: 'horizontal',
      title: { visible: true, text: s.chartTitle },
      data: { values },
      xField: 'count',
      yField: ['unit', 'series'],
      seriesField: 'series',
      legends: { visible: true, orient: 'bottom' },
      label: { visible: true },
    },
  };
  return note ? { element, note } : { element };
}
