// The report card of a unit for a round period: its view (checklist, form prefilled
// from the last report) and the outbox messages that deliver it, one per unit chat.
import { buildReportCard, type ReportCardView } from '../../cards/report-card.js';
import type { Plan, Round, Task } from '../core/plan.js';
import { periodId, roundPeriods } from '../core/schedule.js';
import { statusAt } from '../core/status.js';
import { workdaysLeft, type WorkCalendar } from '../core/workdays.js';
import { zh } from '../core/texts.js';
import type { AssignmentFact, LoopStore, OutboundMessage, OutboxStore, PlanStore, StoredUnit } from './ports.js';

export interface CardDeps {
  plans: PlanStore;
  loop: LoopStore;
  outbox: OutboxStore;
  calendar: WorkCalendar;
}

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
}

/** `known` spares a fan-out from reading the plan and the directory once per unit. */
export async function loadCardContext(
  deps: CardDeps,
  target: CardTarget,
  known?: { plan: Plan; units: ReadonlyMap<string, StoredUnit> },
): Promise<CardContext | undefined> {
  const plan = known?.plan ?? (await deps.plans.readPlan(target.planSlug));
  const round = plan?.rounds.find((r) => r.key === target.roundKey);
  if (!plan || !round) return undefined;
  const unit = known ? known.units.get(target.unitCode) : (await deps.plans.listUnits()).find((u) => u.code === target.unitCode);
  if (!unit) return undefined;
  const facts = await deps.plans.assignmentFacts(plan.slug, { roundKey: round.key, period: target.period, unitCode: unit.code });
  const numbers = new Set(facts.map((f) => f.taskNumber));
  return { plan, round, unit, facts, tasks: plan.tasks.filter((t) => numbers.has(t.number)) };
}

export async function reportCardView(deps: CardDeps, ctx: CardContext, now: Date, selected?: string): Promise<ReportCardView> {
  const { plan, round, unit, facts, tasks } = ctx;
  const latest = await deps.loop.latestReports(facts.map((f) => f.id));
  const factOf = new Map(facts.map((f) => [f.taskNumber, f]));
  const pick = selected && factOf.has(selected) ? selected : firstOpenTask(ctx, now) ?? tasks[0]?.number ?? '';
  const pickedFact = factOf.get(pick);
  const last = pickedFact ? latest.get(pickedFact.id) : undefined;
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

/**
 * Queues the report card of each bound unit for the given open periods. One card per unit
 * chat per round period: the key makes a repeated call a no-op.
 */
export async function queueReportCards(deps: CardDeps, targets: readonly CardTarget[], now: Date): Promise<{ queued: string[]; unbound: string[] }> {
  const queued: string[] = [];
  const unbound = new Set<string>();
  const units = new Map((await deps.plans.listUnits()).map((u) => [u.code, u]));
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
    const view = await reportCardView(deps, ctx, now);
    const messages: OutboundMessage[] = [];
    for (const chatId of ctx.unit.chats) {
      const key = cardKey(target, chatId);
      await deps.loop.saveCard({ ...target, chatId, outboxKey: key, selectedTask: view.selected });
      messages.push({ key, kind: 'report.card', to: { type: 'chat', id: chatId }, msgType: 'interactive', content: JSON.stringify(buildReportCard(view)) });
    }
    queued.push(...(await deps.outbox.enqueue(messages, now)));
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
