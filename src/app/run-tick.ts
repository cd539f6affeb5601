// One tick of the scheduler at time T: opens round periods (with their report cards), and
// performs the reminders, pings, escalations and daily summary that are due. A unit's
// reminder or ping is its report card (nudge-cards.ts); so is a card re-issued before 14 days. Every message
// is queued in the outbox under a key derived from its action before the action is recorded,
// so a crash, a rerun or a second process never loses or doubles one. A tick reads facts only
// when something is due: the plan's slots (scheduleSlots) say when that can be.
import { periodId, periodsOpeningBy } from '../core/schedule.js';
import { cardsSendableFrom, isSendingTime, scheduleActions, scheduleSlots, type ScheduledAction } from '../core/scheduler.js';
import { statusAt, type AssignmentFact } from '../core/status.js';
import { zonedDate } from '../core/time.js';
import { dailySummaryMessages } from './daily-summary-messages.js';
import type { Deps } from './deps.js';
import type { OutboundMessage, StoredUnit } from './ports/index.js';
import { queueDigests } from './lead-digests.js';
import { queueReportCards } from './report-cards.js';
import { nudgeCardMessages } from './nudge-cards.js';
import { messagesFor } from './scheduled-messages.js';

export type TickDeps = Pick<Deps, 'plans' | 'directory' | 'assignments' | 'reports' | 'reviews' | 'digests' | 'cards' | 'outbox' | 'actions' | 'summaries' | 'calendar' | 'settings'>;

export interface TickResult {
  at: Date;
  opened: { plan: string; round: string; roundName: string; period: string; opensAt: Date; dueAt: Date }[];
  cardsQueued: number;
  /** Lead departments' digests posted or updated. */
  digests: number;
  unbound: string[];
  /** Scheduled actions this tick performed (another process or an earlier tick did the rest). */
  actions: { plan: string; kind: ScheduledAction['kind']; key: string; queued: number }[];
  /** With `owed`: what is open and still owed, period by period (what `duban tick` prints). */
  due: { plan: string; round: string; roundName: string; period: string; dueAt: Date; expected: number; submitted: number; overdue: number }[];
}

export async function runTick(deps: TickDeps, at: Date, instance: string, options: { owed?: boolean } = {}): Promise<TickResult> {
  const result: TickResult = { at, opened: [], due: [], cardsQueued: 0, digests: 0, unbound: [], actions: [] };
  const unbound = new Set<string>();
  let units: StoredUnit[] | undefined;
  const directory = async () => (units ??= await deps.directory.units());
  for (const { slug } of await deps.plans.listPlans()) {
    const plan = await deps.plans.readPlan(slug);
    if (!plan) continue;
    const settings = deps.settings ?? plan.schedule;
    const roundName = (key: string) => plan.rounds.find((r) => r.key === key)?.name ?? key;

    // Reminders, pings, escalations, the daily summary: only when one of their slots is open.
    const slots = scheduleSlots(plan, at, deps.calendar, settings);
    const slotsDone = slots.length > 0 ? await deps.actions.claimedKeys(slug, 'slot') : new Set<string>();
    const openSlots = slots.filter((s) => !slotsDone.has(s.key));
    let facts: AssignmentFact[] | undefined;
    if (openSlots.length > 0) {
      // Standings at T need each assignment's first and last versions by T, not its history.
      facts = await deps.assignments.facts(slug, { endsAt: at });
      const today = zonedDate(at, plan.timezone);
      // All of the tick's messages in one write, then all its claims in another: a crash between
      // the two leaves messages whose keys make the next tick's copies no-ops.
      const done = await deps.actions.claimedKeys(slug, 'scheduled');
      const cards = (await deps.cards.current(slug)).flatMap((c) => (c.sentAt ? [{ unitCode: c.unitCode, roundKey: c.roundKey, period: c.period, sentAt: c.sentAt }] : []));
      const due = scheduleActions({ plan, facts, cards, at, calendar: deps.calendar, settings: deps.settings }).filter((a) => !done.has(a.key));
      const messages: OutboundMessage[] = [];
      for (const action of due) {
        if (action.kind === 'daily.summary') messages.push(...(await dailySummaryMessages(deps, slug, action.date, at)));
        else if (action.kind === 'unit.nudge') messages.push(...(await nudgeCardMessages(deps, action, plan, await directory(), today, at)));
        else messages.push(...messagesFor(action, plan, await directory(), today));
      }
      const queued = await deps.outbox.enqueue(messages, at);
      const won = new Set(
        await deps.actions.claim(
          [
            ...due.map((a) => ({ key: a.key, planSlug: slug, kind: 'scheduled', dueAt: a.at })),
            ...openSlots.map((s) => ({ key: s.key, planSlug: slug, kind: 'slot', dueAt: s.at })),
          ],
          instance,
          at,
        ),
      );
      // A message's key is its action's key plus the chat (chat ids have no colon); the updates
      // of the cards a nudge replaced are not counted.
      const queuedBy = new Map<string, number>();
      for (const key of queued.filter((k) => !k.startsWith('superseded:'))) {
        const actionKey = key.slice(0, key.lastIndexOf(':'));
        queuedBy.set(actionKey, (queuedBy.get(actionKey) ?? 0) + 1);
      }
      for (const action of due) {
        const mine = queuedBy.get(action.key) ?? 0;
        if (won.has(action.key) || mine > 0) result.actions.push({ plan: slug, kind: action.kind, key: action.key, queued: mine });
      }
    }

    // Round periods whose time has come: cards first, then the record that it opened. Cards
    // wait for a working morning; one that opened long before that (downtime) goes without.
    // A unit whose reminder or ping of the period went out above has its card already.
    const opened = await deps.actions.claimedKeys(slug, 'round.open');
    const candidates = periodsOpeningBy(plan, at, new Set([...opened].map((k) => k.slice(`open:${slug}:`.length))), deps.calendar);
    for (const p of candidates) {
      const sendable = cardsSendableFrom(p.opensAt, plan.timezone, deps.calendar, settings);
      const late = at.getTime() - sendable.getTime() > settings.catchUpMs;
      if (!late && !isSendingTime(at, plan.timezone, deps.calendar, settings)) continue;
      if (!late) {
        const facts = await deps.assignments.facts(slug, { roundKey: p.roundKey, period: p.period });
        const carded = await deps.cards.unitsWithCards(slug, p.roundKey, p.period);
        const reporters = [...new Set(facts.map((f) => f.unitCode))].filter((code) => !carded.has(code));
        const queued = await queueReportCards(deps, reporters.map((unitCode) => ({ planSlug: slug, roundKey: p.roundKey, period: p.period, unitCode })), at);
        result.cardsQueued += queued.queued.length;
        for (const name of queued.unbound) unbound.add(name);
      }
      const [won] = await deps.actions.claim([{ key: `open:${slug}:${periodId(p)}`, planSlug: slug, kind: 'round.open', dueAt: p.opensAt }], instance, at);
      if (won) result.opened.push({ plan: slug, round: p.roundKey, roundName: roundName(p.roundKey), period: p.period, opensAt: p.opensAt, dueAt: p.dueAt });
    }

    result.digests += await queueDigests(deps, plan, at);

    if (options.owed) result.due.push(...owedPeriods(facts ?? (await deps.assignments.facts(slug, { endsAt: at })), at, slug, roundName));
  }
  result.unbound = [...unbound];
  return result;
}

/** What is open at T and still owed, period by period. */
function owedPeriods(facts: readonly AssignmentFact[], at: Date, slug: string, roundName: (key: string) => string): TickResult['due'] {
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
  return [...periods.values()].filter((p) => p.submitted < p.expected);
}
