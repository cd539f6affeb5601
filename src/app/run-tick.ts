// One tick of the scheduler at time T: claims and performs what has come due —
// opening round periods and queueing their report cards; reminders and summaries join it later.
import { periodId, periodsOpeningBy } from '../core/schedule.js';
import { statusAt } from '../core/status.js';
import { queueReportCards, type CardDeps } from './report-cards.js';

/** A period that opened longer ago than this (downtime) is opened without a card burst. */
export const catchUpWindowMs = 24 * 3600_000;

export interface TickResult {
  at: Date;
  opened: { plan: string; round: string; roundName: string; period: string; opensAt: Date; dueAt: Date }[];
  cardsQueued: number;
  unbound: string[];
  due: { plan: string; round: string; roundName: string; period: string; dueAt: Date; expected: number; submitted: number; overdue: number }[];
}

export async function runTick(deps: CardDeps, at: Date, instance: string): Promise<TickResult> {
  const store = deps.plans;
  const result: TickResult = { at, opened: [], due: [], cardsQueued: 0, unbound: [] };
  const unbound = new Set<string>();
  for (const { slug } of await store.listPlans()) {
    const plan = await store.readPlan(slug);
    if (!plan) continue;
    const opened = await store.claimedKeys(slug, 'round.open');
    const candidates = periodsOpeningBy(plan, at, new Set([...opened].map((k) => k.slice(`open:${slug}:`.length))));
    const won = new Set(
      await store.claimActions(
        candidates.map((p) => ({ key: `open:${slug}:${periodId(p)}`, planSlug: slug, kind: 'round.open', dueAt: p.opensAt })),
        instance,
        at,
      ),
    );
    const roundName = (key: string) => plan.rounds.find((r) => r.key === key)?.name ?? key;
    const facts = await store.assignmentFacts(slug);
    for (const p of candidates) {
      if (!won.has(`open:${slug}:${periodId(p)}`)) continue;
      result.opened.push({ plan: slug, round: p.roundKey, roundName: roundName(p.roundKey), period: p.period, opensAt: p.opensAt, dueAt: p.dueAt });
      if (at.getTime() - p.opensAt.getTime() > catchUpWindowMs) continue;
      const units = [...new Set(facts.filter((f) => f.roundKey === p.roundKey && f.period === p.period).map((f) => f.unitCode))];
      const queued = await queueReportCards(deps, units.map((unitCode) => ({ planSlug: slug, roundKey: p.roundKey, period: p.period, unitCode })), at);
      result.cardsQueued += queued.queued.length;
      for (const name of queued.unbound) unbound.add(name);
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
