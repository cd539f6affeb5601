// Leaders' questions in chat (进度, 任务三, 腾冲市, 谁没报, 日报, 导出, 帮助): who is asking and
// what they may see, the answer card built from the plan's status at this moment, and 催办.
import { meetsTarget } from '../core/indicators.js';
import {
  buildClarifyCard,
  buildHelpAnswerCard,
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
import type { Plan } from '../core/plan.js';
import { parseQuestion, type Question } from '../core/questions.js';
import { unitNudgeEntries } from '../core/scheduler.js';
import type { AssignmentStatus } from '../core/status.js';
import { zh } from '../core/texts.js';
import { zonedDate } from '../core/time.js';
import { workdaysLeft, type WorkCalendar } from '../core/workdays.js';
import { planStatus, type PlanStatus } from './plan-status.js';
import type { LoopStore, OutboundMessage, OutboxStore, PlanStore, StoredUnit } from './ports.js';
import { messagesFor } from './scheduled-messages.js';

export interface AnswerDeps {
  plans: PlanStore;
  loop: LoopStore;
  outbox: OutboxStore;
  calendar: WorkCalendar;
  admins: readonly string[];
  /** The daily summary card of a plan for a date (stores that day's aggregates). */
  summaryCard?: ((slug: string, date: string, at: Date) => Promise<unknown>) | undefined;
  /** Builds an export and sends it as a file message to a chat; resolves with the reply text on failure. */
  sendExport?: ((slug: string, format: 'xlsx' | 'csv' | 'docx', month: string | undefined, chatId: string, key: string, at: Date) => Promise<string | undefined>) | undefined;
}

export type Answer = { card: unknown } | { text: string } | { exported: true };

const remindIntervalMs = 3600_000;

/** The plan a question is about: the asker's unit's plan, else the first one. */
async function planFor(deps: AnswerDeps, units: readonly StoredUnit[], openId: string): Promise<Plan | undefined> {
  const plans = await deps.plans.listPlans();
  const mine = units.filter((u) => u.contacts.some((c) => c.openId === openId)).map((u) => u.code);
  for (const { slug } of plans) {
    const plan = await deps.plans.readPlan(slug);
    if (plan && (mine.length === 0 || plan.tasks.some((t) => [...t.lead, ...t.responsible].some((c) => mine.includes(c))))) return plan;
  }
  return plans[0] ? deps.plans.readPlan(plans[0].slug) : undefined;
}

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

export async function answerQuestion(deps: AnswerDeps, text: string, asker: { openId: string; chatId: string; messageId: string }, at: Date): Promise<Answer> {
  const units = await deps.plans.listUnits();
  const plan = await planFor(deps, units, asker.openId);
  const viewer = plan ? viewerOf(plan, units, deps.admins, asker.openId) : undefined;
  const admin = viewer?.isAdmin ?? deps.admins.includes(asker.openId);
  if (!plan || !viewer) return { card: buildHelpAnswerCard({ admin }) };
  const today = zonedDate(at, plan.timezone);
  const question = parseQuestion(text, { tasks: plan.tasks.flatMap((t) => [t, ...t.subtasks]), units, today });
  return answer(deps, plan, units, viewer, question, asker, at);
}

async function answer(deps: AnswerDeps, plan: Plan, units: readonly StoredUnit[], viewer: Viewer, q: Question, asker: { chatId: string; messageId: string }, at: Date): Promise<Answer> {
  const name = (code: string) => units.find((u) => u.code === code)?.name ?? code;
  const refuse = (access: Extract<Access, { kind: 'refuse' }>, subject?: string): Answer => {
    const r = zh.answer.refusal;
    const textFor = { not_registered: r.notRegistered, not_your_unit: r.notYourUnit(subject ?? ''), not_your_task: r.notYourTask(subject ?? ''), leaders_only: r.leadersOnly };
    return { card: buildRefusalCard(textFor[access.reason]) };
  };
  const scoped = async (unitCodes: string[]): Promise<Answer> => {
    const status = await planStatus(deps.plans, plan.slug, at);
    const cards = unitCodes.map((code) => unitView(plan, status, units, code, at, deps.calendar));
    // One unit answers for most people; a person of several units gets the first, told so.
    return { card: buildUnitCard({ ...cards[0]!, note: zh.answer.refusal.scoped(unitCodes.map(name)) }) };
  };

  switch (q.kind) {
    case 'help':
    case 'unknown':
      return { card: buildHelpAnswerCard({ admin: viewer.isAdmin, ...(q.kind === 'unknown' ? { notUnderstood: q.text } : {}) }) };
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
      const status = await planStatus(deps.plans, plan.slug, at);
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
      const status = await planStatus(deps.plans, plan.slug, at);
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
      return { card: buildTaskCard(await taskView(deps, plan, units, top.number, task.number, rows, at)) };
    }
    case 'summary': {
      const access = accessFor(viewer, { kind: 'summary' });
      if (access.kind === 'refuse') return refuse(access);
      if (access.kind === 'scope') return scoped(access.unitCodes);
      if (!deps.summaryCard) return { card: buildHelpAnswerCard({ admin: viewer.isAdmin }) };
      return { card: await deps.summaryCard(plan.slug, q.date, at) };
    }
    case 'export': {
      const access = accessFor(viewer, { kind: 'export' });
      if (access.kind === 'refuse' || access.kind === 'scope') return refuse({ kind: 'refuse', reason: 'leaders_only' });
      if (!deps.sendExport) return { text: zh.answer.refusal.leadersOnly };
      const failure = await deps.sendExport(plan.slug, q.format, q.month, asker.chatId, `export:${asker.messageId}`, at);
      return failure ? { text: failure } : { exported: true };
    }
  }
}

function answerPlan(plan: Plan): AnswerPlan {
  return { slug: plan.slug, title: plan.title, timezone: plan.timezone };
}

function onTimeRate(status: PlanStatus): number | null {
  const base = status.totals.submitted + status.totals.overdue;
  return base === 0 ? null : (status.totals.submitted - status.totals.late) / base;
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

async function taskView(deps: AnswerDeps, plan: Plan, units: readonly StoredUnit[], top: string, number: string, rows: readonly string[] | undefined, at: Date): Promise<TaskAnswerView> {
  const status = await planStatus(deps.plans, plan.slug, at);
  const task = plan.tasks.flatMap((t) => [t, ...t.subtasks]).find((t) => t.number === number)!;
  const name = (code: string) => units.find((u) => u.code === code)?.name ?? code;
  // Each unit's latest expected report on the task: the most recent period that has opened.
  const latestFact = new Map<string, PlanStatus['assignments'][number]>();
  for (const a of status.assignments) {
    if (a.fact.taskNumber !== top || a.status === 'not_open') continue;
    if (rows && !rows.includes(a.fact.unitCode)) continue;
    const prev = latestFact.get(a.fact.unitCode);
    if (!prev || a.fact.dueAt > prev.fact.dueAt) latestFact.set(a.fact.unitCode, a);
  }
  const allOfTask = status.assignments.filter((a) => a.fact.taskNumber === top && a.status !== 'not_open');
  // One read for every report the card shows or averages.
  const reports = await deps.loop.latestReports(allOfTask.map((a) => a.fact.id));
  const latestValues = new Map<string, number[]>();
  for (const a of allOfTask) {
    for (const [k, v] of Object.entries(reports.get(a.fact.id)?.indicatorValues ?? {})) latestValues.set(k, [...(latestValues.get(k) ?? []), v]);
  }
  const order = units.map((u) => u.code);
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
    },
    nextDueWorkdaysLeft: nextDue({ ...status, assignments: allOfTask }, plan, at, deps.calendar),
    units: [...latestFact.values()]
      .sort((a, b) => order.indexOf(a.fact.unitCode) - order.indexOf(b.fact.unitCode))
      .map((a) => {
        const r = reports.get(a.fact.id);
        return {
          code: a.fact.unitCode,
          name: name(a.fact.unitCode),
          status: a.status,
          percent: r && r.submittedAt <= at ? r.percent : null,
          ...(r && r.submittedAt <= at ? { narrative: r.narrative, reportedAt: r.submittedAt } : {}),
        };
      }),
    indicators: (plan.tasks.find((t) => t.number === top)?.indicators ?? []).map((i) => {
      const values = latestValues.get(i.key) ?? [];
      const value = values.length ? values.reduce((x, y) => x + y, 0) / values.length : null;
      return { name: i.name, unit: i.unit, comparator: i.comparator, target: i.target, due: i.due, value, met: value === null ? null : meetsTarget(value, i.comparator, i.target) };
    }),
    onlyOwnRows: rows !== undefined,
  };
}


async function overdueView(deps: AnswerDeps, plan: Plan, units: readonly StoredUnit[], viewer: Viewer, at: Date): Promise<OverdueAnswerView> {
  const status = await planStatus(deps.plans, plan.slug, at);
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
    const last = await deps.loop.lastRemind(plan.slug, row.code);
    if (last && at.getTime() - last.getTime() < remindIntervalMs) row.remindedAt = last;
  }
  return { plan: answerPlan(plan), at, units: [...rows.values()], canRemind: remindAllowed(viewer), nextDueWorkdaysLeft: nextDue(status, plan, at, deps.calendar) };
}

/**
 * 催办: an immediate reminder to one unit's chat, from a leader or the office, at most once per
 * unit per hour. Returns the toast.
 */
export async function remindUnit(deps: AnswerDeps, slug: string, unitCode: string, openId: string, at: Date): Promise<{ type: 'success' | 'warning' | 'info'; content: string }> {
  const plan = await deps.plans.readPlan(slug);
  const units = await deps.plans.listUnits();
  const unit = units.find((u) => u.code === unitCode);
  if (!plan || !unit) return { type: 'warning', content: zh.toast.staleCard };
  if (!remindAllowed(viewerOf(plan, units, deps.admins, openId))) return { type: 'warning', content: zh.answer.remind.notAllowed };
  const last = await deps.loop.lastRemind(slug, unitCode);
  if (last && at.getTime() - last.getTime() < remindIntervalMs) return { type: 'info', content: zh.answer.remind.tooSoon(unit.name, last, plan.timezone) };
  const facts = await deps.plans.assignmentFacts(slug, { unitCode });
  const entries = unitNudgeEntries(plan, facts, unitCode, at, deps.calendar);
  if (entries.length === 0) return { type: 'info', content: zh.answer.remind.nothingMissing(unit.name) };
  const key = `remind:${slug}:${unitCode}:${at.getTime()}`;
  const messages: OutboundMessage[] = messagesFor({ kind: 'unit.nudge', key, at, unitCode, entries }, plan, units, zonedDate(at, plan.timezone)).map((m) => ({ ...m, kind: 'remind' }));
  await deps.outbox.enqueue(messages, at);
  await deps.loop.recordRemind(slug, unitCode, openId, at);
  return { type: 'success', content: zh.answer.remind.sent(unit.name) };
}

