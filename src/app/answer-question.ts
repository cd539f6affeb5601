// Leaders' questions (进度, 任务三, 腾冲市, 谁没报, 日报, 帮助), already parsed: who is asking and
// what they may see, and the answer card built from the plan's status at this moment.
import { meetsTarget } from '../core/indicators.js';
import {
  buildClarifyCard,
  buildHelpAnswerCard,
  type HelpRole,
  buildOverdueCard,
  buildOverviewCard,
  buildRefusalCard,
  buildTaskCard,
  buildUnitCard,
  type AnswerPlan,
  type OverdueAnswerView,
  type OverviewView,
  type TaskAnswerView,
  type UnitAnswerView,
} from '../../cards/answer-cards.js';
import { accessFor, remindAllowed, toViewer, type Access, type Viewer } from '../core/permissions.js';
import { leadsOf, reviewStateAt, tasksLedBy } from '../core/review.js';
import type { Plan } from '../core/plan.js';
import type { Question } from '../core/questions.js';
import type { AssignmentStatus } from '../core/status.js';
import { zh } from '../core/texts.js';
import { zonedDate } from '../core/time.js';
import { workdaysLeft, type WorkCalendar } from '../core/workdays.js';
import { buildDailySummaryCard } from '../../cards/daily-summary-card.js';
import { summarizeDay } from './daily-summary.js';
import type { Deps } from './deps.js';
import { planStatus, type PlanStatus } from './plan-status.js';
import type { StoredUnit } from './ports/index.js';

export type AnswerDeps = Pick<Deps, 'plans' | 'directory' | 'assignments' | 'reports' | 'audit' | 'summaries' | 'calendar' | 'admins'>;

/** 催办 is allowed once an hour per unit. */
export const remindIntervalMs = 3600_000;
export const remindSubject = (slug: string, unitCode: string) => `${slug}:${unitCode}`;

export function viewerOf(plan: Plan, units: readonly StoredUnit[], admins: readonly string[], openId: string): Viewer {
  return toViewer(openId, {
    admins,
    officeCode: plan.officeCode,
    leaderOpenIds: plan.leadingGroup.map((m) => m.openId),
    contacts: units.flatMap((u) => u.contacts.map((c) => ({ unitCode: u.code, openId: c.openId }))),
  });
}

const isIn = (s: AssignmentStatus) => s === 'submitted' || s === 'late' || s === 'accepted' || s === 'returned';

function nextDue(status: PlanStatus, plan: Plan, at: Date, calendar: WorkCalendar, unitCodes?: readonly string[]): number | undefined {
  const due = status.assignments
    .filter((a) => (a.status === 'pending' || a.status === 'returned') && (!unitCodes || unitCodes.includes(a.fact.unitCode)))
    .map((a) => a.fact.dueAt.getTime());
  return due.length ? workdaysLeft(at, new Date(Math.min(...due)), plan.timezone, calendar) : undefined;
}

/** The answer card to a question (the export question is the exporting feature's). */
export async function answerQuestion(
  deps: AnswerDeps,
  q: Exclude<Question, { kind: 'export' }>,
  asker: { openId: string; units: readonly StoredUnit[]; plan: Plan | undefined },
  at: Date,
): Promise<unknown> {
  const { units, plan } = asker;
  const viewer = plan ? viewerOf(plan, units, deps.admins, asker.openId) : undefined;
  if (!plan || !viewer) return buildHelpAnswerCard({ admin: deps.admins.includes(asker.openId), role: deps.admins.includes(asker.openId) ? 'leader' : 'nobody' });
  return (await answerCard(deps, plan, units, viewer, q, at)).card;
}

type Answer = { card: unknown };

/** The help a person gets: what they may ask, not what only leaders may. */
function helpRole(plan: Plan, viewer: Viewer): HelpRole {
  if (viewer.isAdmin || viewer.isLeader) return 'leader';
  if (viewer.contactOf.some((code) => tasksLedBy(plan, code).length > 0)) return 'lead';
  return viewer.contactOf.length > 0 ? 'unit' : 'nobody';
}

/** What a refusal says, and whom to ask. */
export function refusalText(access: Extract<Access, { kind: 'refuse' }>, subject = ''): string {
  const r = zh.answer.refusal;
  const textFor = { not_registered: r.notRegistered, not_your_unit: r.notYourUnit(subject), not_your_task: r.notYourTask(subject), leaders_only: r.leadersOnly };
  return textFor[access.reason];
}

async function answerCard(deps: AnswerDeps, plan: Plan, units: readonly StoredUnit[], viewer: Viewer, q: Exclude<Question, { kind: 'export' }>, at: Date): Promise<Answer> {
  const name = (code: string) => units.find((u) => u.code === code)?.name ?? code;
  const refuse = (access: Extract<Access, { kind: 'refuse' }>, subject?: string): Answer => ({ card: buildRefusalCard(refusalText(access, subject)) });
  const scoped = async (unitCodes: string[]): Promise<Answer> => {
    const status = await planStatus(deps, plan.slug, at);
    const cards = unitCodes.map((code) => unitView(plan, status, units, code, at, deps.calendar));
    // One unit answers for most people; a person of several units gets the first, told so.
    return { card: buildUnitCard({ ...cards[0]!, note: zh.answer.refusal.scoped(unitCodes.map(name)) }) };
  };

  switch (q.kind) {
    case 'help':
    case 'unknown':
      return { card: buildHelpAnswerCard({ admin: viewer.isAdmin, role: helpRole(plan, viewer), ...(q.kind === 'unknown' ? { notUnderstood: q.text } : {}) }) };
    case 'ambiguous':
      return {
        card: buildClarifyCard({
          kind: 'ambiguous',
          text: q.text,
          options: q.candidates.map((c) =>
            c.kind === 'task'
              ? { label: zh.taskLabel(c.number, plan.tasks.flatMap((t) => [t, ...t.subtasks]).find((t) => t.number === c.number)?.short ?? ''), ask: zh.taskName(c.number) }
              : { label: name(c.code), ask: name(c.code) },
          ),
        }),
      };
    case 'unknown_task':
      return { card: buildClarifyCard({ kind: 'unknown_task', number: q.number, taskCount: plan.tasks.length }) };
    case 'overview': {
      const access = accessFor(viewer, { kind: 'overview' });
      if (access.kind === 'refuse') return refuse(access);
      if (access.kind === 'scope') return scoped(access.unitCodes);
      const status = await planStatus(deps, plan.slug, at);
      return { card: buildOverviewCard(overviewView(plan, status, at, deps.calendar)) };
    }
    case 'overdue': {
      const access = accessFor(viewer, { kind: 'overdue' });
      if (access.kind === 'refuse') return refuse(access);
      if (access.kind === 'scope') return scoped(access.unitCodes);
      return { card: buildOverdueCard(await overdueView(deps, plan, units, viewer, at)) };
    }
    case 'unit': {
      const access = accessFor(viewer, { kind: 'unit', code: q.code });
      if (access.kind === 'refuse') return refuse(access, name(q.code));
      const status = await planStatus(deps, plan.slug, at);
      return { card: buildUnitCard(unitView(plan, status, units, q.code, at, deps.calendar)) };
    }
    case 'task': {
      const task = plan.tasks.flatMap((t) => [t, ...t.subtasks]).find((t) => t.number === q.number);
      const top = plan.tasks.find((t) => t.number === q.number.split('.')[0]);
      if (!task || !top) return { card: buildClarifyCard({ kind: 'unknown_task', number: q.number, taskCount: plan.tasks.length }) };
      const access = accessFor(viewer, { kind: 'task', number: task.number, lead: task.lead, responsible: task.responsible, cooperating: task.cooperating });
      if (access.kind === 'refuse') return refuse(access, zh.taskLabel(task.number, task.short));
      if (access.kind === 'scope') return scoped(access.unitCodes);
      const rows = access.kind === 'allow_rows' ? access.unitCodes : undefined;
      return { card: buildTaskCard(await taskView(deps, plan, units, viewer, top.number, task.number, rows, at)) };
    }
    case 'summary': {
      const access = accessFor(viewer, { kind: 'summary' });
      if (access.kind === 'refuse') return refuse(access);
      if (access.kind === 'scope') return scoped(access.unitCodes);
      return { card: buildDailySummaryCard(await summarizeDay(deps, plan.slug, q.date, at)) };
    }
  }
}

function answerPlan(plan: Plan): AnswerPlan {
  return { slug: plan.slug, title: plan.title, timezone: plan.timezone };
}

function onTimeRate(status: PlanStatus): number | null {
  const base = status.totals.submitted + status.totals.overdue;
  return base === 0 ? null : status.totals.onTime / base;
}

export function overviewView(plan: Plan, status: PlanStatus, at: Date, calendar: WorkCalendar): OverviewView {
  const oldest = new Map<string, number>();
  for (const a of status.assignments) {
    if (a.status !== 'overdue') continue;
    oldest.set(a.fact.unitCode, Math.min(oldest.get(a.fact.unitCode) ?? Infinity, a.fact.dueAt.getTime()));
  }
  return {
    plan: answerPlan(plan),
    at,
    totals: { expected: status.totals.expected, submitted: status.totals.submitted, overdue: status.totals.overdue, onTimeRate: onTimeRate(status) },
    nextDueWorkdaysLeft: nextDue(status, plan, at, calendar),
    units: status.units.map((u) => ({
      code: u.code,
      name: u.name,
      expected: u.expected,
      submitted: u.submitted,
      overdue: u.overdue,
      ...(oldest.has(u.code) ? { oldestOverdueDueAt: new Date(oldest.get(u.code)!) } : {}),
    })),
    tasks: status.tasks.map((t) => ({ number: String(t.number), short: t.short, expected: t.expected, submitted: t.submitted, overdue: t.overdue })),
  };
}

export function unitView(plan: Plan, status: PlanStatus, units: readonly StoredUnit[], code: string, at: Date, calendar: WorkCalendar): UnitAnswerView {
  const unit = units.find((u) => u.code === code);
  const row = status.units.find((u) => u.code === code);
  const mine = status.assignments.filter((a) => a.fact.unitCode === code && a.status !== 'not_open');
  const roundName = (key: string) => plan.rounds.find((r) => r.key === key)?.name.split(/\s+/)[0] ?? key;
  const today = zonedDate(at, plan.timezone);
  return {
    plan: answerPlan(plan),
    at,
    unit: { code, name: unit?.name ?? code },
    totals: { expected: row?.expected ?? 0, submitted: row?.submitted ?? 0, overdue: row?.overdue ?? 0 },
    nextDueWorkdaysLeft: nextDue(status, plan, at, calendar, [code]),
    items: mine.map((a) => {
      const latest = [...a.fact.reports].filter((r) => r.submittedAt <= at).sort((x, y) => y.version - x.version)[0];
      return {
        taskNumber: a.fact.taskNumber,
        taskShort: plan.tasks.find((t) => t.number === a.fact.taskNumber)?.short ?? '',
        roundLabel: zh.roundLabel(roundName(a.fact.roundKey), a.fact.period),
        status: a.status,
        dueAt: a.fact.dueAt,
        ...(latest ? { reportedAt: latest.submittedAt } : {}),
        percent: latest ? latest.percent : null,
      };
    }),
    leads: plan.tasks
      .filter((t) => t.lead.includes(code))
      .map((t) => {
        const ofTask = status.assignments.filter((a) => a.fact.taskNumber === t.number && a.status !== 'not_open' && a.fact.unitCode !== code);
        return { number: t.number, short: t.short, expected: ofTask.length, submitted: ofTask.filter((a) => isIn(a.status)).length, overdue: ofTask.filter((a) => a.status === 'overdue').length };
      }),
    away: (unit?.contacts ?? []).filter((c) => c.awayUntil && c.awayUntil >= today).map((c) => ({ name: c.name ?? c.openId ?? '', until: c.awayUntil! })),
  };
}

async function taskView(deps: AnswerDeps, plan: Plan, units: readonly StoredUnit[], viewer: Viewer, top: string, number: string, rows: readonly string[] | undefined, at: Date): Promise<TaskAnswerView> {
  const status = await planStatus(deps, plan.slug, at);
  const task = plan.tasks.flatMap((t) => [t, ...t.subtasks]).find((t) => t.number === number)!;
  const name = (code: string) => units.find((u) => u.code === code)?.name ?? code;
  const byLead = new Set(plan.rounds.filter((r) => r.reporter === 'lead').map((r) => r.key));
  // Each reporter's latest expected report on the task, the most recent period that has opened:
  // the units' (to their lead departments) and the lead departments' own (to the office).
  const latestOf = (fromLeads: boolean) => {
    const latest = new Map<string, PlanStatus['assignments'][number]>();
    for (const a of status.assignments) {
      if (a.fact.taskNumber !== top || a.status === 'not_open' || byLead.has(a.fact.roundKey) !== fromLeads) continue;
      if (rows && !rows.includes(a.fact.unitCode)) continue;
      const prev = latest.get(a.fact.unitCode);
      if (!prev || a.fact.dueAt > prev.fact.dueAt) latest.set(a.fact.unitCode, a);
    }
    return latest;
  };
  const latestFact = latestOf(false);
  const leadFacts = rows ? new Map<string, PlanStatus['assignments'][number]>() : latestOf(true);
  // The tally counts every expected report of the task, as the status JSON does.
  const allOfTask = status.assignments.filter((a) => a.fact.taskNumber === top && a.status !== 'not_open');
  // One read for every report the card shows or averages.
  const reports = await deps.reports.latest(allOfTask.map((a) => a.fact.id));
  const latestValues = new Map<string, number[]>();
  // Indicators over the units' own figures: a lead department's citywide figure is not one more unit.
  for (const a of allOfTask.filter((x) => !byLead.has(x.fact.roundKey))) {
    for (const [k, v] of Object.entries(reports.get(a.fact.id)?.indicatorValues ?? {})) latestValues.set(k, [...(latestValues.get(k) ?? []), v]);
  }
  const order = units.map((u) => u.code);
  const inOrder = (facts: Map<string, PlanStatus['assignments'][number]>) =>
    [...facts.values()].sort((a, b) => order.indexOf(a.fact.unitCode) - order.indexOf(b.fact.unitCode));
  const reportOf = (a: PlanStatus['assignments'][number]) => {
    const r = reports.get(a.fact.id);
    const state = reviewStateAt(a.fact, at);
    return {
      code: a.fact.unitCode,
      name: name(a.fact.unitCode),
      status: a.status,
      percent: r && r.submittedAt <= at ? r.percent : null,
      ...(r && r.submittedAt <= at ? { narrative: r.narrative, problems: r.problems, nextSteps: r.nextSteps, reportedAt: r.submittedAt } : {}),
      ...(state ? { state } : {}),
    };
  };
  const canRemind = !rows && remindAllowed(viewer, leadsOf(plan, top));
  const unitRows: TaskAnswerView['units'] = inOrder(latestFact).map(reportOf);
  if (canRemind) {
    for (const row of unitRows.filter((u) => u.status === 'overdue')) {
      const last = await deps.audit.lastAt('unit.remind', remindSubject(plan.slug, row.code));
      if (last && at.getTime() - last.getTime() < remindIntervalMs) row.remindedAt = last;
    }
  }
  const leadReports = inOrder(leadFacts).map(reportOf);
  return {
    plan: answerPlan(plan),
    at,
    task: { number: task.number, short: task.short, title: task.title },
    lead: task.lead.map(name),
    cooperating: task.cooperating.map(name),
    subtasks: (plan.tasks.find((t) => t.number === top)?.subtasks ?? [])
      .filter(() => number === top)
      .map((s) => ({ number: s.number, title: s.title, lead: s.lead.map(name), cooperating: s.cooperating.map(name) })),
    totals: {
      expected: allOfTask.length,
      submitted: allOfTask.filter((a) => isIn(a.status)).length,
      overdue: allOfTask.filter((a) => a.status === 'overdue').length,
      accepted: allOfTask.filter((a) => a.status === 'accepted').length,
      returned: allOfTask.filter((a) => a.status === 'returned').length,
    },
    nextDueWorkdaysLeft: nextDue({ ...status, assignments: allOfTask }, plan, at, deps.calendar),
    leadReports: leadReports.filter((r) => r.reportedAt),
    leadMissing: leadReports.filter((r) => !r.reportedAt).map((r) => r.name),
    units: unitRows,
    canRemind,
    indicators: (plan.tasks.find((t) => t.number === top)?.indicators ?? []).map((i) => {
      const values = latestValues.get(i.key) ?? [];
      const value = values.length ? values.reduce((x, y) => x + y, 0) / values.length : null;
      return { name: i.name, unit: i.unit, comparator: i.comparator, target: i.target, due: i.due, value, met: value === null ? null : meetsTarget(value, i.comparator, i.target) };
    }),
    onlyOwnRows: rows !== undefined,
  };
}


async function overdueView(deps: AnswerDeps, plan: Plan, units: readonly StoredUnit[], viewer: Viewer, at: Date): Promise<OverdueAnswerView> {
  const status = await planStatus(deps, plan.slug, at);
  const rows = new Map<string, OverdueAnswerView['units'][number]>();
  for (const a of status.assignments) {
    if (a.status !== 'overdue' && a.status !== 'pending' && a.status !== 'returned') continue;
    const code = a.fact.unitCode;
    const row = rows.get(code) ?? { code, name: units.find((u) => u.code === code)?.name ?? code, overdue: 0, pending: 0, taskNumbers: [] };
    if (a.status === 'overdue') row.overdue++;
    else row.pending++;
    if (!row.oldestDueAt || a.fact.dueAt < row.oldestDueAt) row.oldestDueAt = a.fact.dueAt;
    if (!row.taskNumbers.includes(a.fact.taskNumber)) row.taskNumbers.push(a.fact.taskNumber);
    rows.set(code, row);
  }
  for (const row of rows.values()) {
    const last = await deps.audit.lastAt('unit.remind', remindSubject(plan.slug, row.code));
    if (last && at.getTime() - last.getTime() < remindIntervalMs) row.remindedAt = last;
  }
  return { plan: answerPlan(plan), at, units: [...rows.values()], canRemind: remindAllowed(viewer), nextDueWorkdaysLeft: nextDue(status, plan, at, deps.calendar) };
}
