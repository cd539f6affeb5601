// Answer cards for questions in chat: the plan overview (进度), a task, a unit, who has not
// reported (谁没报, with 催办 per unit), help, clarifications and refusals. View models in,
// Card JSON 2.0 out; the header colour is the worst status, the same rule as every card.
import type { AssignmentStatus } from '../src/core/status.js';
import type { ReviewState } from '../src/core/review.js';
import { zhReview } from '../src/core/texts-review.js';
import { zh } from '../src/core/texts.js';
import { queryExportValue, queryOverdueValue, remindUnitValue } from './actions.js';
import { buildNoticeCard } from './bind-card.js';
import {
  button,
  buttonRow,
  chartHeight,
  maxChartBars,
  escapeMarkdown,
  markdown,
  plainText,
  statusTemplate,
  type ButtonElement,
  type CardElement,
  type ChartElement,
  type HeaderTemplate,
  type JsonValue,
  type LarkCard,
} from './types.js';

// ── view models (plain data; the app builds them from PlanStatus and the reports) ──────────

export interface AnswerPlan {
  slug: string;
  title: string;
  timezone: string;
}

/** Counts of expected reports (not-yet-open ones excluded), as PlanStatus counts them. */
export interface Tally {
  expected: number;
  /** In: submitted, late, returned or accepted. */
  submitted: number;
  /** Missing past the deadline. */
  overdue: number;
  /** Of those in, accepted / returned by the lead department (status.ts countStanding). */
  accepted?: number | undefined;
  returned?: number | undefined;
}

export interface OverviewView {
  plan: AnswerPlan;
  /** The facts are those known at this instant. */
  at: Date;
  /** `onTimeRate` as the daily summary defines it (on time / (in + overdue)); null when nothing is due. */
  totals: Tally & { onTimeRate: number | null };
  /** Working days to the nearest deadline with a report still missing; undefined when none is. */
  nextDueWorkdaysLeft?: number | undefined;
  /** Directory order. `oldestOverdueDueAt`: the earliest deadline among the unit's overdue reports. */
  units: (Tally & { code: string; name: string; oldestOverdueDueAt?: Date | undefined })[];
  tasks: (Tally & { number: string; short: string })[];
}

export interface TaskAnswerView {
  plan: AnswerPlan;
  at: Date;
  task: { number: string; short: string; title: string };
  /** Unit names by role. */
  lead: string[];
  cooperating: string[];
  /** Sub-tasks with their own lead and cooperating units (task 6 of the seed). */
  subtasks: { number: string; title: string; lead: string[]; cooperating: string[] }[];
  totals: Tally;
  nextDueWorkdaysLeft?: number | undefined;
  /** Each responsible unit's latest expected report on the task, directory order. */
  units: TaskReportRow[];
  /** The lead departments' own reports to the office (round 2), each with its text in full. */
  leadReports?: TaskReportRow[] | undefined;
  /** Lead departments whose report to the office is open and not in. */
  leadMissing?: string[] | undefined;
  /** The viewer may press 催办 on this task's overdue units (permissions.remindAllowed). */
  canRemind?: boolean | undefined;
  indicators: {
    name: string;
    unit: string;
    comparator: string;
    target: number;
    due?: string | undefined;
    /** Mean of the units' latest values; null when none reported. */
    value: number | null;
    met: boolean | null;
  }[];
  /** True when `units` holds only the viewer's own rows (permissions: allow_rows). */
  onlyOwnRows?: boolean | undefined;
}

export interface TaskReportRow {
  code: string;
  name: string;
  status: AssignmentStatus;
  /** Of the latest version; null when nothing is reported. */
  percent: number | null;
  /** The latest version as typed: 工作开展情况, 存在问题, 下步打算. */
  narrative?: string | undefined;
  problems?: string | undefined;
  nextSteps?: string | undefined;
  reportedAt?: Date | undefined;
  /** 待审核 / 修改后重报 / 已采纳 / 已退回 of the latest version. */
  state?: ReviewState | undefined;
  /** Set while a 催办 within the last hour blocks another. */
  remindedAt?: Date | undefined;
}

export interface UnitAnswerView {
  plan: AnswerPlan;
  at: Date;
  unit: { code: string; name: string };
  totals: Tally;
  nextDueWorkdaysLeft?: number | undefined;
  /** Its expected reports: one per round (and period) and task. */
  items: {
    taskNumber: string;
    taskShort: string;
    /** 第1轮, 任务四 · 2020年10月 (zh.roundLabel). */
    roundLabel: string;
    status: AssignmentStatus;
    dueAt: Date;
    reportedAt?: Date | undefined;
    percent: number | null;
  }[];
  /** Tasks the unit leads, with the responsible units' reports on them (lead departments). */
  leads: (Tally & { number: string; short: string })[];
  /** Contacts on leave (请假) now; `until` is YYYY-MM-DD. */
  away: { name: string; until: string }[];
  /** A line above everything, e.g. why a plan-wide question got this unit's view. */
  note?: string | undefined;
}

export interface OverdueAnswerView {
  plan: AnswerPlan;
  at: Date;
  /** Units with anything not yet submitted in open rounds; the builder puts overdue ones first. */
  units: {
    code: string;
    name: string;
    overdue: number;
    /** Open, not in, deadline still ahead. */
    pending: number;
    /** The earliest deadline among the missing reports. */
    oldestDueAt?: Date | undefined;
    /** Task numbers with something missing. */
    taskNumbers: string[];
    /** Set while a 催办 within the last hour blocks another: the button shows it, disabled. */
    remindedAt?: Date | undefined;
  }[];
  /** Leaders and admins get a 催办 button per unit (permissions.remindAllowed). */
  canRemind: boolean;
  nextDueWorkdaysLeft?: number | undefined;
}

export type ClarifyView =
  /** `options`: what each candidate is called, and what to send to ask for it (任务七, 腾冲市). */
  | { kind: 'ambiguous'; text: string; options: { label: string; ask: string }[] }
  | { kind: 'unknown_task'; number: string; taskCount: number };

// ── limits that keep a card under 30 KB and 200 elements at 130 units ──────────────────────

/** Units or tasks drawn in a chart at most; beyond, the ones furthest behind. */
export const maxChartRows = maxChartBars;
/** Units with a line of their own on the task card; the rest are listed by status. */
export const maxTaskUnitLines = 40;
/** Reports listed one per line on the unit card. */
export const maxUnitItems = 40;
/** Units with a row (and a 催办 button) on the overdue card. */
export const maxOverdueRows = 20;
const mostOverdueShown = 3;

// ── cards ───────────────────────────────────────────────────────────────────────────────

export function buildOverviewCard(view: OverviewView): LarkCard {
  const a = zh.answer;
  const tz = view.plan.timezone;
  const totals = zh.summary.totals(view.totals.expected, view.totals.submitted, view.totals.overdue, view.totals.onTimeRate);
  const elements: CardElement[] = [markdown(`**${totals}**`)];

  if (view.totals.expected === 0) elements.push(markdown(a.overview.nothingExpected));
  const units = progressChart(
    'units_chart',
    a.overview.unitsChart,
    view.units.map((u) => ({ label: u.name, ...u })),
  );
  if (units) elements.push(...units);
  const tasks = progressChart(
    'tasks_chart',
    a.overview.tasksChart,
    view.tasks.map((t) => ({ label: zh.taskLabel(t.number, t.short), ...t })),
  );
  if (tasks) elements.push(...tasks);

  const worst = view.units
    .filter((u) => u.overdue > 0)
    .map((u, i) => ({ u, i }))
    .sort((x, y) => y.u.overdue - x.u.overdue || time(x.u.oldestOverdueDueAt) - time(y.u.oldestOverdueDueAt) || x.i - y.i)
    .slice(0, mostOverdueShown)
    .map(({ u }) => `- ${escapeMarkdown(a.overview.mostOverdueLine(u.name, u.overdue, u.oldestOverdueDueAt, tz))}`);
  if (worst.length > 0) elements.push(markdown([`**${a.overview.mostOverdueHeading}**`, ...worst].join('\n')));
  else if (view.totals.expected > 0) elements.push(markdown(a.overview.noOverdue));

  elements.push(
    buttonRow([
      button('ask_overdue', a.buttons.overdue, 'primary', queryOverdueValue(view.plan.slug)),
      button('ask_export', a.buttons.export, 'default', queryExportValue(view.plan.slug)),
    ]),
  );

  const title = a.overview.title(view.plan.title);
  return card(title, a.asOf(view.at, tz), headerColour(view.totals, view.nextDueWorkdaysLeft), elements, `${title} ${totals}`);
}

export function buildTaskCard(view: TaskAnswerView): LarkCard {
  const a = zh.answer;
  const t = a.task;
  const tz = view.plan.timezone;
  const elements: CardElement[] = [];

  const roles = [
    `**${t.lead}** ${escapeMarkdown(view.lead.join('、') || t.none)}`,
    `**${t.cooperating}** ${escapeMarkdown(view.cooperating.join('、') || t.none)}`,
    ...view.subtasks.map((s) => `- ${escapeMarkdown(t.subtaskLine(s.number, s.title, s.lead, s.cooperating))}`),
  ];
  elements.push(markdown(roles.join('\n')));
  const tally = a.tally(view.totals.expected, view.totals.submitted, view.totals.overdue);
  const reviewed = (view.totals.accepted ?? 0) > 0 || (view.totals.returned ?? 0) > 0 ? ` · ${t.reviewed(view.totals.accepted ?? 0, view.totals.returned ?? 0)}` : '';
  elements.push(markdown(`**${tally}**${reviewed}`));

  // The office's view of both levels: the lead department's report first, then its units'.
  const leadReports = view.leadReports ?? [];
  if (leadReports.length > 0 || (view.leadMissing ?? []).length > 0) {
    const lines = [`**${t.leadHeading}**`, ...leadReports.map((r) => taskUnitLine(r, tz))];
    if ((view.leadMissing ?? []).length > 0) lines.push(`- ${escapeMarkdown(t.leadMissing(view.leadMissing!))}`);
    elements.push(markdown(lines.join('\n')));
  }

  if (view.units.length === 0) elements.push(markdown(t.noUnits));
  else {
    const sorted = bySeverity(view.units, (u) => u.status);
    const detailed = sorted.slice(0, maxTaskUnitLines);
    const lines = [`**${t.unitsHeading}**`];
    let bytes = 0;
    let shown = 0;
    for (const u of detailed) {
      const line = taskUnitLine(u, tz);
      // Long narratives at province scale: stop adding lines well before the 30 KB limit.
      bytes += utf8(line);
      if (bytes > taskLinesBudget) break;
      lines.push(line);
      shown++;
    }
    const rest = sorted.slice(shown);
    if (rest.length > 0) lines.push(`- ${t.moreUnits(rest.length)}：${compactByStatus(rest)}`);
    elements.push(markdown(lines.join('\n')));
  }
  if (view.onlyOwnRows) elements.push({ tag: 'markdown', content: t.onlyYourRows, text_size: 'notation' });

  const overdue = view.canRemind ? view.units.filter((u) => u.status === 'overdue') : [];
  if (overdue.length > 0) {
    elements.push(markdown(`**${t.remindHeading}**`));
    for (const u of overdue.slice(0, maxOverdueRows)) elements.push(remindRow(`remind_${elements.length}`, view.plan, u, `⚠️ **${escapeMarkdown(u.name)}**`, view.task.number.split('.')[0]));
    if (overdue.length > maxOverdueRows) elements.push(markdown(a.overdue.more(overdue.length - maxOverdueRows)));
    elements.push({ tag: 'markdown', content: a.overdue.remindNote, text_size: 'notation' });
  }

  if (view.indicators.length > 0) {
    const lines = view.indicators.map((i) => `- ${i.met === false ? '⚠️ ' : ''}${escapeMarkdown(zh.summary.indicatorLine(i, i.value))}`);
    elements.push(markdown([`**${t.indicatorsHeading}**`, ...lines].join('\n')));
  }

  const title = t.title(view.task.number, view.task.short);
  return card(title, `${view.plan.title} · ${a.asOf(view.at, tz)}`, headerColour(view.totals, view.nextDueWorkdaysLeft), elements, `${title} ${tally}`);
}

export function buildUnitCard(view: UnitAnswerView): LarkCard {
  const a = zh.answer;
  const u = a.unit;
  const tz = view.plan.timezone;
  const tally = a.tally(view.totals.expected, view.totals.submitted, view.totals.overdue);
  const elements: CardElement[] = [];

  const overdue = view.items.filter((i) => i.status === 'overdue');
  const head = [...(view.note ? [escapeMarkdown(view.note)] : []), `**${tally}**`];
  if (overdue.length > 0) {
    const oldest = overdue.reduce((m, i) => (i.dueAt.getTime() < m.getTime() ? i.dueAt : m), overdue[0]!.dueAt);
    head.push(`⚠️ ${u.overdueLine([...new Set(overdue.map((i) => i.taskNumber))].sort(byTaskNumber), oldest, tz)}`);
  } else if (view.items.length > 0) head.push(u.noOverdue);
  elements.push(markdown(head.join('\n')));

  if (view.items.length === 0) elements.push(markdown(u.nothing));
  else {
    const byTask = [...view.items].sort((x, y) => byTaskNumber(x.taskNumber, y.taskNumber) || x.dueAt.getTime() - y.dueAt.getTime());
    const sorted = bySeverity(byTask, (i) => i.status);
    const lines = sorted.slice(0, maxUnitItems).map((i) => unitItemLine(i, tz));
    if (sorted.length > maxUnitItems) lines.push(`- ${u.moreItems(sorted.length - maxUnitItems)}：${compactByStatus(sorted.slice(maxUnitItems).map((i) => ({ name: zh.taskName(i.taskNumber), status: i.status })))}`);
    elements.push(markdown([`**${u.tasksHeading}**`, ...lines].join('\n')));
  }

  if (view.leads.length > 0) {
    const lines = view.leads.map((l) => `- ${l.overdue > 0 ? '⚠️' : l.expected > 0 && l.submitted >= l.expected ? '✅' : '⏳'} ${escapeMarkdown(u.leadLine(l.number, l.short, l.submitted, l.expected, l.overdue))}`);
    elements.push(markdown([`**${u.leadsHeading}**`, ...lines].join('\n')));
  }

  if (view.away.length > 0) {
    elements.push(markdown([`**${u.awayHeading}**`, ...view.away.map((p) => `- ${escapeMarkdown(u.awayLine(p.name, p.until))}`)].join('\n')));
  }

  const title = u.title(view.unit.name);
  return card(title, `${view.plan.title} · ${a.asOf(view.at, tz)}`, headerColour(view.totals, view.nextDueWorkdaysLeft), elements, `${title} ${tally}`);
}

export function buildOverdueCard(view: OverdueAnswerView): LarkCard {
  const a = zh.answer;
  const o = a.overdue;
  const tz = view.plan.timezone;
  const missing = view.units
    .filter((u) => u.overdue + u.pending > 0)
    .map((u, i) => ({ u, i }))
    // Overdue first, most overdue first, then the oldest deadline; directory order breaks ties.
    .sort(
      (x, y) =>
        Number(y.u.overdue > 0) - Number(x.u.overdue > 0) ||
        y.u.overdue - x.u.overdue ||
        time(x.u.oldestDueAt) - time(y.u.oldestDueAt) ||
        y.u.pending - x.u.pending ||
        x.i - y.i,
    )
    .map(({ u }) => u);
  const overdueUnits = missing.filter((u) => u.overdue > 0).length;
  const elements: CardElement[] = [];

  if (missing.length === 0) elements.push(markdown(o.none));
  else {
    elements.push(markdown(`**${o.tally(overdueUnits, missing.length - overdueUnits)}**`));
    for (const u of missing.slice(0, maxOverdueRows)) {
      const mark = u.overdue > 0 ? '⚠️' : '⏳';
      const text = `${mark} **${escapeMarkdown(u.name)}** ${escapeMarkdown(o.counts(u.overdue, u.pending, u.oldestDueAt, tz))}\n${escapeMarkdown(zh.taskList([...u.taskNumbers].sort(byTaskNumber), 6))}`;
      // 催办 is for units that are late; one not yet due is only waiting.
      elements.push(view.canRemind && u.overdue > 0 ? remindRow(`remind_${elements.length}`, view.plan, u, text) : markdown(text));
    }
    const rest = missing.slice(maxOverdueRows);
    if (rest.length > 0) {
      const names = rest.map((u) => u.name);
      elements.push(markdown(`${o.more(rest.length)}${escapeMarkdown(a.names(namesWithin(names, restNamesBudget), names.length))}`));
    }
    if (view.canRemind) elements.push({ tag: 'markdown', content: o.remindNote, text_size: 'notation' });
  }

  const template: HeaderTemplate =
    overdueUnits > 0 ? 'red' : missing.length === 0 ? 'green' : view.nextDueWorkdaysLeft !== undefined && view.nextDueWorkdaysLeft <= 1 ? 'yellow' : 'blue';
  const title = o.title(view.plan.title);
  return card(title, a.asOf(view.at, tz), template, elements, `${title} ${missing.length > 0 ? o.tally(overdueUnits, missing.length - overdueUnits) : o.none}`);
}

/**
 * What a leader can ask, with examples; the answer to 帮助 and to anything not understood
 * (`notUnderstood`: the text as typed). Admins also get how to bind a chat.
 */
/** Who is asking, for the help card: leaders and the office, a lead department, a unit, or nobody. */
export type HelpRole = 'leader' | 'lead' | 'unit' | 'nobody';

export function buildHelpAnswerCard(options: { notUnderstood?: string | undefined; admin?: boolean | undefined; role?: HelpRole | undefined } = {}): LarkCard {
  const h = zh.answer.help;
  const role = options.role ?? 'leader';
  const lines = [options.notUnderstood !== undefined ? escapeMarkdown(h.notUnderstood(options.notUnderstood)) : h.intro, ''];
  if (role === 'nobody') lines.push(h.nobody);
  else lines.push(...(role === 'lead' ? h.leadRows : role === 'unit' ? h.unitRows : h.rows).map((r) => `- **${r.ask}** —— ${r.what}`));
  if (options.notUnderstood !== undefined) lines.push('', h.intro);
  if (options.admin) {
    lines.push('', `**${zh.help.bindHeading}**`, ...zh.help.bindExamples.map((e) => `- ${e}`));
  }
  return buildNoticeCard({ title: h.title, template: 'blue', lines });
}

/** Which one? — for a word that names several tasks or units, or a task the plan lacks. */
export function buildClarifyCard(view: ClarifyView): LarkCard {
  const c = zh.answer.clarify;
  const lines =
    view.kind === 'ambiguous'
      ? [escapeMarkdown(c.ambiguous(view.text, view.options.length)), ...view.options.map((o) => `- ${escapeMarkdown(o.label)}（发送“${escapeMarkdown(o.ask)}”）`)]
      : [c.unknownTask(view.number, view.taskCount)];
  return buildNoticeCard({ title: c.title, template: 'blue', lines });
}

/** A polite refusal that says why and what to do (ux.md); blue, because it is information. */
export function buildRefusalCard(text: string): LarkCard {
  return buildNoticeCard({ title: zh.answer.refusal.title, template: 'blue', lines: [escapeMarkdown(text)] });
}

// ── pieces ──────────────────────────────────────────────────────────────────────────────

/** Bytes of unit lines on the task card; the rest of the card stays far below the other 12 KB. */
const taskLinesBudget = 16 * 1024;
/** Bytes of names listed without a line of their own (the rest of the units). */
const restNamesBudget = 4 * 1024;

const severity: Record<AssignmentStatus, number> = { overdue: 0, returned: 1, pending: 2, late: 3, submitted: 3, accepted: 3, not_open: 4 };

/** What needs action first (overdue, returned), then what is waiting, then what is in; stable within each. */
function bySeverity<T>(items: readonly T[], status: (item: T) => AssignmentStatus): T[] {
  return items
    .map((item, i) => ({ item, i }))
    .sort((x, y) => severity[status(x.item)] - severity[status(y.item)] || x.i - y.i)
    .map(({ item }) => item);
}

/** A unit's line with its 催办 button (disabled while a 催办 within the hour blocks another). */
function remindRow(name: string, plan: AnswerPlan, u: { code: string; name: string; remindedAt?: Date | undefined }, text: string, task?: string): CardElement {
  const b = zh.answer.buttons;
  const remind: ButtonElement = u.remindedAt
    ? { ...button(name, b.reminded(u.remindedAt, plan.timezone), 'default'), disabled: true }
    : {
        ...button(name, b.remind, 'danger', remindUnitValue(plan.slug, u.code, task)),
        confirm: { title: plainText(b.remindConfirmTitle), text: plainText(b.remindConfirm(u.name)) },
      };
  return {
    tag: 'column_set',
    flex_mode: 'none',
    horizontal_spacing: '8px',
    columns: [
      { tag: 'column', width: 'weighted', weight: 4, vertical_align: 'center', elements: [markdown(text)] },
      { tag: 'column', width: 'auto', vertical_align: 'center', elements: [remind] },
    ],
  };
}

function taskUnitLine(u: TaskReportRow, tz: string): string {
  const reported = u.status !== 'pending' && u.status !== 'overdue' && u.status !== 'not_open';
  const progress = reported ? zh.answer.task.progress(u.percent, u.reportedAt, tz) : '';
  // The review state says more than 已报 once a lead department has looked at it.
  const label = u.state && u.state !== 'awaiting' ? zhReview.state[u.state] : zh.status[u.status];
  const head = `- ${zh.statusMark(u.status)} **${escapeMarkdown(u.name)}** ${label}${progress ? ` ${escapeMarkdown(progress)}` : ''}`;
  if (!reported) return head;
  // Every unit's report in full, as written: the lead department works from it.
  const f = zhReview.fields;
  const parts = [
    [f.narrative, u.narrative],
    [f.problems, u.problems],
    [f.nextSteps, u.nextSteps],
  ].filter((p): p is [string, string] => Boolean(p[1]?.trim()));
  return [head, ...parts.map(([k, v]) => `  ${k}：${escapeMarkdown(v.trim().replace(/\s*\n\s*/g, ' '))}`)].join('\n');
}

function unitItemLine(i: UnitAnswerView['items'][number], tz: string): string {
  const u = zh.answer.unit;
  // A recurring round's label starts with its task (任务四 · 2020年11月): say the task once.
  const name = zh.taskName(i.taskNumber);
  const round = i.roundLabel.startsWith(name) ? i.roundLabel.slice(name.length).replace(/^\s*·\s*/, '') : i.roundLabel;
  const parts = [zh.taskLabel(i.taskNumber, i.taskShort), round, zh.status[i.status]];
  if (i.percent !== null && i.status !== 'pending' && i.status !== 'overdue') parts.push(`${i.percent}%`);
  parts.push(i.reportedAt ? u.reportedOn(i.reportedAt, tz) : u.due(i.dueAt, tz));
  return `- ${zh.statusMark(i.status)} ${escapeMarkdown(parts.filter(Boolean).join(' · '))}`;
}

/**
 * ✅ 已报送 腾冲市、施甸县；⏳ 待报送 龙陵县 — names grouped by status, most urgent first;
 * past `restNamesBudget` bytes of names a group ends in 等N个.
 */
function compactByStatus(items: readonly { name: string; status: AssignmentStatus }[]): string {
  const groups = new Map<AssignmentStatus, string[]>();
  for (const item of bySeverity(items, (i) => i.status)) {
    const list = groups.get(item.status) ?? [];
    list.push(item.name);
    groups.set(item.status, list);
  }
  let budget = restNamesBudget;
  return [...groups]
    .map(([status, names]) => {
      const shown = namesWithin(names, budget);
      budget -= utf8(shown.join('、'));
      return `${zh.statusMark(status)} ${zh.status[status]} ${escapeMarkdown(zh.answer.names(shown, names.length))}`;
    })
    .join('；');
}

/** The first names that fit in `budget` bytes (escaping may double them; the budget allows for it). */
function namesWithin(names: readonly string[], budget: number): string[] {
  const out: string[] = [];
  let used = 0;
  for (const name of names) {
    used += utf8(name) + 3;
    if (used > budget) break;
    out.push(name);
  }
  return out;
}

/**
 * A VChart horizontal grouped bar, 已报 and 应报 per row, as the daily summary draws it:
 * data only (Lark refuses functions), height growing with the rows so labels stay readable.
 * At most `maxChartRows` rows, the furthest behind, with a note saying so.
 */
function progressChart(id: string, title: string, rows: readonly (Tally & { label: string })[]): CardElement[] | undefined {
  const all = rows.filter((r) => r.expected > 0);
  if (all.length === 0) return undefined;
  let shown = all;
  const out: CardElement[] = [];
  if (all.length > maxChartRows) {
    const behind = new Set(
      [...all]
        .sort((a, b) => a.submitted / a.expected - b.submitted / b.expected || b.expected - a.expected)
        .slice(0, maxChartRows),
    );
    shown = all.filter((r) => behind.has(r));
  }
  const s = zh.summary;
  const values: JsonValue[] = shown.flatMap((r) => [
    { name: r.label, series: s.chartSubmitted, count: r.submitted },
    { name: r.label, series: s.chartExpected, count: r.expected },
  ]);
  const chart: ChartElement = {
    tag: 'chart',
    element_id: id,
    height: chartHeight(shown.length),
    chart_spec: {
      type: 'bar',
      direction: 'horizontal',
      title: { visible: true, text: title },
      data: { values },
      xField: 'count',
      yField: ['name', 'series'],
      seriesField: 'series',
      legends: { visible: true, orient: 'bottom' },
      label: { visible: true },
    },
  };
  out.push(chart);
  if (shown.length < all.length) out.push({ tag: 'markdown', content: s.chartCapped(shown.length, all.length), text_size: 'notation' });
  return out;
}

function headerColour(t: Tally, nextDueWorkdaysLeft: number | undefined): HeaderTemplate {
  return statusTemplate({
    expected: t.expected,
    inCount: t.submitted,
    overdueCount: t.overdue,
    // Nothing pending: no deadline can make the card yellow.
    workdaysLeft: nextDueWorkdaysLeft ?? Number.POSITIVE_INFINITY,
  });
}

function card(title: string, subtitle: string, template: HeaderTemplate, elements: CardElement[], summary: string): LarkCard {
  return {
    schema: '2.0',
    config: { update_multi: true, width_mode: 'fill', summary: { content: summary } },
    header: { title: plainText(title), subtitle: plainText(subtitle), template },
    body: { elements },
  };
}

/** 2 before 10, 6.1 after 6: task numbers in the notice's order. */
function byTaskNumber(a: string, b: string): number {
  const [a1, a2] = a.split('.').map(Number);
  const [b1, b2] = b.split('.').map(Number);
  return (a1 ?? 0) - (b1 ?? 0) || (a2 ?? 0) - (b2 ?? 0);
}

function time(d: Date | undefined): number {
  return d ? d.getTime() : Number.POSITIVE_INFINITY;
}

function utf8(text: string): number {
  return new TextEncoder().encode(text).length;
}
