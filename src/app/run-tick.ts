// One tick of the scheduler at time T: opens round periods (with their report cards), and
// performs the reminders, pings, escalations and daily summary that are due. Every message
// is queued in the outbox under a key derived from its action before the action is recorded,
// so a crash, a rerun or a second process never loses or doubles one.
import { periodId, periodsOpeningBy } from '../core/schedule.js';
import { cardsSendableFrom, isSendingTime, scheduleActions, type ScheduledAction, type SchedulerSettings } from '../core/scheduler.js';
import { statusAt } from '../core/status.js';
import { zonedDate } from '../core/time.js';
import type { OutboundMessage } from './ports.js';
import { queueReportCards, type CardDeps } from './report-cards.js';
import { messagesFor } from './scheduled-messages.js';

export interface TickDeps extends CardDeps {
  /** Builds (and stores) the daily summary of a plan for a date; returns its messages. */
  dailySummary?: ((slug: string, date: string, at: Date) => Promise<OutboundMessage[]>) | undefined;
  settings?: SchedulerSettings | undefined;
}

export interface TickResult {
  at: Date;
  opened: { plan: string; round: string; roundName: string; period: string; opensAt: Date; dueAt: Date }[];
  cardsQueued: number;
  unbound: string[];
  /** Scheduled actions this tick performed (another process or an earlier tick did the rest). */
  actions: { plan: string; kind: ScheduledAction['kind']; key: string; queued: number }[];
  due: { plan: string; round: string; roundName: string; period: string; dueAt: Date; expected: number; submitted: number; overdue: number }[];
}

export async function runTick(deps: TickDeps, at: Date, instance: string): Promise<TickResult> {
  const store = deps.plans;
  const result: TickResult = { at, opened: [], due: [], cardsQueued: 0, unbound: [], actions: [] };
  const unbound = new Set<string>();
  const units = await store.listUnits();
  for (const { slug } of await store.listPlans()) {
    const plan = await store.readPlan(slug);
    if (!plan) continue;
    const roundName = (key: string) => plan.rounds.find((r) => r.key === key)?.name ?? key;
    const facts = await store.assignmentFacts(slug);

    // Round periods whose time has come: cards first, then the record that it opened. Cards
    // wait for a working morning; one that opened long before that (downtime) goes without.
    const opened = await store.claimedKeys(slug, 'round.open');
    const candidates = periodsOpeningBy(plan, at, new Set([...opened].map((k) => k.slice(`open:${slug}:`.length))), deps.calendar);
    for (const p of candidates) {
      const settings = deps.settings ?? plan.schedule;
      const sendable = cardsSendableFrom(p.opensAt, plan.timezone, deps.calendar, settings);
      const late = at.getTime() - sendable.getTime() > settings.catchUpMs;
      if (!late && !isSendingTime(at, plan.timezone, deps.calendar, settings)) continue;
      if (!late) {
        const reporters = [...new Set(facts.filter((f) => f.roundKey === p.roundKey && f.period === p.period).map((f) => f.unitCode))];
        const queued = await queueReportCards(deps, reporters.map((unitCode) => ({ planSlug: slug, roundKey: p.roundKey, period: p.period, unitCode })), at);
        result.cardsQueued += queued.queued.length;
        for (const name of queued.unbound) unbound.add(name);
      }
      const [won] = await store.claimActions([{ key: `open:${slug}:${periodId(p)}`, planSlug: slug, kind: 'round.open', dueAt: p.opensAt }], instance, at);
      if (won) result.opened.push({ plan: slug, round: p.roundKey, roundName: roundName(p.roundKey), period: p.period, opensAt: p.opensAt, dueAt: p.dueAt });
    }

    // Reminders, pings, escalations, the daily summary.
    const today = zonedDate(at, plan.timezone);
    // All of the tick's messages in one write, then all its claims in another: a crash between
    // the two leaves messages whose keys make the next tick's copies no-ops.
    const done = await store.claimedKeys(slug, 'scheduled');
    const due = scheduleActions({ plan, facts, at, calendar: deps.calendar, settings: deps.settings }).filter((a) => !done.has(a.key));
    const messages: OutboundMessage[] = [];
    for (const action of due) {
      messages.push(...(action.kind === 'daily.summary' ? ((await deps.dailySummary?.(slug, action.date, at)) ?? []) : messagesFor(action, plan, units, today)));
    }
    const queued = await deps.outbox.enqueue(messages, at);
    const won = new Set(await store.claimActions(due.map((a) => ({ key: a.key, planSlug: slug, kind: 'scheduled', dueAt: a.at })), instance, at));
    for (const action of due) {
      // A message's key is its action's key plus the chat.
      const mine = queued.filter((key) => key.startsWith(`${action.key}:`)).length;
      if (won.has(action.key) || mine > 0) result.actions.push({ plan: slug, kind: action.kind, key: action.key, queued: mine });
    }

    // What is open now and still owed, period by period.
    const periods = new Map<string, TickResult['due'][number]>();
    for (const fact of facts) {
      const status = statusAt(fact, at);
      if (status === 'not_open') continue;
      const id = periodId(fact);
      let row = periods.get(id);
      if (!row) {
        row = { plan: slug, round: fact.roundKey, roundName: roundName(fact.roundKey), period: fact.period, dueAt: fact.dueAt, expected: 0, submitted: 0, overdue: 0 };
        periods.set(id, row);
      }
      row.expected++;
      if (status === 'overdue') row.overdue++;
      else if (status !== 'pending') row.submitted++;
    }
    result.due.push(...[...periods.values()].filter((p) => p.submitted < p.expected));
  }
  result.unbound = [...unbound];
  return result;
}
