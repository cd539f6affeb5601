// The report card of a unit for a round period: its view (checklist, form prefilled
// from the last report) and the outbox messages that deliver it, one per unit chat.
import { buildReportCard, buildSupersededCard, maxTextInput, type ReportCardView } from '../../cards/report-card.js';
import { cardLifetimeDays } from '../core/scheduler.js';
import type { Plan, Round, Task } from '../core/plan.js';
import { leadDraft, reviewStateAt, type DraftEntry, type LeadDraft } from '../core/review.js';
import { zhReview } from '../core/texts-review.js';
import { periodId, roundPeriods } from '../core/schedule.js';
import { statusAt } from '../core/status.js';
import { workdaysLeft, type WorkCalendar } from '../core/workdays.js';
import { zh } from '../core/texts.js';
import type { Deps } from './deps.js';
import type { AssignmentFact, OutboundMessage, ReportCardRef, StoredReport, StoredUnit } from './ports/index.js';

export type CardDeps = Pick<Deps, 'plans' | 'directory' | 'assignments' | 'reports' | 'cards' | 'outbox' | 'calendar'>;

/** Everything known so far: the latest time there is. */
const allKnown = new Date(8.64e15);

export interface CardTarget {
  planSlug: string;
  roundKey: string;
  period: string;
  unitCode: string;
}

export interface CardContext {
  plan: Plan;
  round: Round;
  unit: StoredUnit;
  facts: AssignmentFact[];
  tasks: Task[];
  /** The latest version of each fact's reports, by assignment id: read once per click. */
  latest: Map<number, StoredReport>;
  /** A lead department's card for the office: per task, the draft arranged from its units' reports. */
  drafts?: Map<string, LeadDraft> | undefined;
}

/**
 * Everything one unit's card shows, read by index: the plan (cached), the unit, its facts of
 * the round period and their latest versions. `known` spares a fan-out from reading the plan
 * and the directory once per unit.
 */
export async function loadCardContext(
  deps: CardDeps,
  target: CardTarget,
  known?: { plan: Plan; units: ReadonlyMap<string, StoredUnit> },
): Promise<CardContext | undefined> {
  const plan = known?.plan ?? (await deps.plans.readPlan(target.planSlug));
  const round = plan?.rounds.find((r) => r.key === target.roundKey);
  if (!plan || !round) return undefined;
  const unit = known ? known.units.get(target.unitCode) : await deps.directory.unit(target.unitCode);
  if (!unit) return undefined;
  const facts = await deps.assignments.facts(plan.slug, { roundKey: round.key, period: target.period, unitCode: unit.code, endsAt: allKnown });
  const latest = await deps.reports.latest(facts.map((f) => f.id));
  const numbers = new Set(facts.map((f) => f.taskNumber));
  const tasks = plan.tasks.filter((t) => numbers.has(t.number));
  const drafts = round.reporter === 'lead' ? await leadDrafts(deps, plan, tasks, known?.units) : undefined;
  return { plan, round, unit, facts, tasks, latest, drafts };
}

/**
 * Per task, the lead department's draft from its units' latest reports in the rounds that
 * report to lead departments (round 1): their words, marked with their review state.
 */
async function leadDrafts(deps: Pick<CardDeps, 'assignments' | 'reports' | 'directory'>, plan: Plan, tasks: readonly Task[], known?: ReadonlyMap<string, StoredUnit>): Promise<Map<string, LeadDraft>> {
  const sources = plan.rounds.filter((r) => r.recipient === 'lead' && r.recurrence === null);
  const facts = (await Promise.all(sources.map((r) => deps.assignments.facts(plan.slug, { roundKey: r.key, endsAt: allKnown })))).flat().filter((f) => tasks.some((t) => t.number === f.taskNumber));
  const latest = await deps.reports.latest(facts.map((f) => f.id));
  const units = known ?? new Map((await deps.directory.units()).map((u) => [u.code, u]));
  const name = (code: string) => units.get(code)?.name ?? code;
  const order = [...units.keys()];
  const drafts = new Map<string, LeadDraft>();
  for (const task of tasks) {
    const mine = facts.filter((f) => f.taskNumber === task.number).sort((a, b) => order.indexOf(a.unitCode) - order.indexOf(b.unitCode));
    const entries: DraftEntry[] = mine.flatMap((f) => {
      const r = latest.get(f.id);
      return r ? [{ unitName: name(f.unitCode), state: reviewStateAt(f, allKnown), narrative: r.narrative, problems: r.problems, nextSteps: r.nextSteps, indicatorValues: r.indicatorValues }] : [];
    });
    const missing = [...new Set(mine.filter((f) => !latest.has(f.id)).map((f) => name(f.unitCode)))];
    drafts.set(task.number, leadDraft(task, entries, missing, zhReview.draft, maxTextInput));
  }
  return drafts;
}

export function reportCardView(deps: Pick<CardDeps, 'calendar'>, ctx: CardContext, now: Date, selected?: string): ReportCardView {
  const { plan, round, unit, facts, tasks, latest } = ctx;
  const factOf = new Map(facts.map((f) => [f.taskNumber, f]));
  const pick = selected && factOf.has(selected) ? selected : firstOpenTask(ctx, now) ?? tasks[0]?.number ?? '';
  const pickedFact = factOf.get(pick);
  const last = pickedFact ? latest.get(pickedFact.id) : undefined;
  // Before the lead department's first version, its form starts from the draft.
  const draft = last ? undefined : ctx.drafts?.get(pick);
  const dueAt = facts[0]?.dueAt ?? round.dueAt;
  return {
    planTitle: shortPlanTitle(plan.title),
    roundName: round.name,
    roundLabel: zh.roundLabel(round.name.split(/\s+/)[0] ?? round.name, ctx.facts[0]?.period ?? ''),
    unitName: unit.name,
    dueAt,
    timezone: plan.timezone,
    workdaysLeft: workdaysLeft(now, dueAt, plan.timezone, deps.calendar),
    tasks: tasks.map((t) => {
      const f = factOf.get(t.number)!;
      const report = latest.get(f.id);
      return {
        number: t.number,
        short: t.short,
        status: statusAt(f, now),
        ...(report ? { last: { byName: report.submittedByName ?? '', at: report.submittedAt, version: report.version } } : {}),
      };
    }),
    selected: pick,
    ...(draft
      ? {
          prefill: { progress: 'in_progress' as const, percent: 0, narrative: draft.narrative, problems: draft.problems, nextSteps: draft.nextSteps, indicatorValues: draft.indicatorValues },
          formNote: zhReview.draft.note,
        }
      : {}),
    ...(last
      ? {
          prefill: {
            progress: last.progress,
            percent: last.percent,
            narrative: last.narrative,
            problems: last.problems,
            nextSteps: last.nextSteps,
            indicatorValues: last.indicatorValues,
          },
        }
      : {}),
    indicators: (tasks.find((t) => t.number === pick)?.indicators ?? []).map((i) => ({
      key: i.key,
      name: i.name,
      unit: i.unit,
      comparator: i.comparator,
      target: i.target,
    })),
    action: { plan: plan.slug, round: round.key, period: ctx.facts[0]?.period ?? '', unit: unit.code },
  };
}

function firstOpenTask(ctx: CardContext, now: Date): string | undefined {
  return ctx.facts.find((f) => {
    const s = statusAt(f, now);
    return s === 'pending' || s === 'overdue' || s === 'returned';
  })?.taskNumber;
}

/** 保山市公共服务质量改进提升行动方案 → 公共服务质量改进提升行动 (what the card title has room for). */
function shortPlanTitle(title: string): string {
  return title.replace(/^.{1,6}?[市省县区州]/, '').replace(/方案$/, '') || title;
}

export function cardKey(target: CardTarget, chatId: string): string {
  return `card:${target.planSlug}:${periodId({ roundKey: target.roundKey, period: target.period })}:${target.unitCode}:${chatId}`;
}

/** An update must reach Lark before the card's 14 days are over: this much before, at the latest. */
const updateMarginMs = 10 * 60_000;
const lifetimeMs = cardLifetimeDays * 24 * 3600_000;

/** In each chat, the latest sent card: the one the unit fills in. */
export function currentByChat(refs: readonly ReportCardRef[]): Map<string, ReportCardRef> {
  const current = new Map<string, ReportCardRef>();
  for (const r of refs) if (r.messageId) current.set(r.chatId, r);
  return current;
}

/**
 * Queues a new card of the target in each chat, keyed by `keyOf(chat)`, and the update of the
 * card it replaces there. The keys make a repeated call a no-op.
 */
export async function issueCards(deps: Pick<CardDeps, 'cards'>, target: CardTarget, chats: readonly string[], keyOf: (chat: string) => string, kind: string, view: ReportCardView, now: Date): Promise<OutboundMessage[]> {
  const earlier = await deps.cards.forUnit(target.planSlug, target.roundKey, target.period, target.unitCode);
  const messages: OutboundMessage[] = [];
  const replaced: OutboundMessage[] = [];
  for (const chatId of chats) {
    const key = keyOf(chatId);
    const previous = currentByChat(earlier.filter((r) => r.chatId === chatId && r.outboxKey !== key)).get(chatId);
    await deps.cards.save({ ...target, chatId, outboxKey: key, selectedTask: view.selected });
    messages.push({ key, kind, to: { type: 'chat', id: chatId }, msgType: 'interactive', content: JSON.stringify(buildReportCard(view)) });
    const alive = previous?.sentAt && now.getTime() - previous.sentAt.getTime() < lifetimeMs - updateMarginMs;
    if (previous?.messageId && alive) {
      const card = buildSupersededCard({ unitName: view.unitName, newAt: now, timezone: view.timezone });
      replaced.push({ key: `superseded:${previous.messageId}`, kind: 'report.card.superseded', to: { type: 'message', id: previous.messageId }, msgType: 'card.update', content: JSON.stringify(card) });
    }
  }
  // The new cards first: a chat's messages go out in order, updates go to other targets.
  return [...messages, ...replaced];
}

/**
 * Queues the report card of each bound unit for the given open periods. One card per unit
 * chat per round period: the key makes a repeated call a no-op.
 */
export async function queueReportCards(deps: CardDeps, targets: readonly CardTarget[], now: Date): Promise<{ queued: string[]; unbound: string[] }> {
  const queued: string[] = [];
  const unbound = new Set<string>();
  const units = new Map((await deps.directory.units()).map((u) => [u.code, u]));
  const plans = new Map<string, Plan | undefined>();
  for (const target of targets) {
    if (!plans.has(target.planSlug)) plans.set(target.planSlug, await deps.plans.readPlan(target.planSlug));
    const plan = plans.get(target.planSlug);
    if (!plan) continue;
    const ctx = await loadCardContext(deps, target, { plan, units });
    if (!ctx || ctx.facts.length === 0) continue;
    if (ctx.unit.chats.length === 0) {
      unbound.add(ctx.unit.name);
      continue;
    }
    const messages = await issueCards(deps, target, ctx.unit.chats, (chatId) => cardKey(target, chatId), 'report.card', reportCardView(deps, ctx, now), now);
    queued.push(...(await deps.outbox.enqueue(messages, now)).filter((key) => !key.startsWith('superseded:')));
  }
  return { queued, unbound: [...unbound] };
}

/** The periods of a plan that are open at `now` (opened and not yet past their round's end). */
export function openPeriods(plan: Plan, now: Date, calendar?: WorkCalendar): { roundKey: string; period: string }[] {
  return plan.rounds.flatMap((r) =>
    roundPeriods(r, plan.timezone, calendar)
      .filter((p) => p.opensAt.getTime() <= now.getTime())
      .map((p) => ({ roundKey: r.key, period: p.period })),
  );
}

/** After a unit is bound, it gets the cards of every open period in which it still owes something. */
export async function queueOwedCards(deps: CardDeps, unit: StoredUnit, now: Date): Promise<void> {
  for (const { slug } of await deps.plans.listPlans()) {
    const plan = await deps.plans.readPlan(slug);
    if (!plan) continue;
    const facts = await deps.assignments.facts(slug, { unitCode: unit.code });
    // Periods still reportable on time; what is already overdue is chased by the reminders.
    const owed = openPeriods(plan, now, deps.calendar).filter(({ roundKey, period }) =>
      facts.some((f) => f.roundKey === roundKey && f.period === period && ['pending', 'returned'].includes(statusAt(f, now))),
    );
    await queueReportCards(deps, owed.map((p) => ({ planSlug: slug, ...p, unitCode: unit.code })), now);
  }
}
