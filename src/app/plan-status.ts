// A plan's status at a time T: every expected report's status, counted by unit and by task.
import { DubanError } from '../core/errors.js';
import { countStanding, emptyCounts, standingAt, type AssignmentStatus, type StatusCounts } from '../core/status.js';
import { toZonedIso, zonedDate } from '../core/time.js';
import type { Deps } from './deps.js';
import type { AssignmentFact } from './ports/index.js';


export interface PlanStatus {
  plan: string;
  title: string;
  at: string;
  totals: StatusCounts;
  units: ({ code: string; name: string; kind: string; away: { name: string; until: string }[] } & StatusCounts)[];
  tasks: ({ number: number; title: string; short: string } & StatusCounts)[];
  assignments: { fact: AssignmentFact; status: AssignmentStatus }[];
}

export class UnknownPlanError extends DubanError {
  constructor(readonly slug: string) {
    super('UNKNOWN_PLAN', `unknown plan "${slug}"`);
    this.name = 'UnknownPlanError';
  }
}

export async function planStatus(deps: Pick<Deps, 'plans' | 'assignments' | 'directory'>, slug: string, at: Date): Promise<PlanStatus> {
  const plan = await deps.plans.readPlan(slug);
  if (!plan) throw new UnknownPlanError(slug);
  const [facts, units] = await Promise.all([deps.assignments.facts(slug, { endsAt: at }), deps.directory.units()]);

  const totals = emptyCounts();
  const byUnit = new Map<string, StatusCounts>();
  const byTask = new Map<string, StatusCounts>(plan.tasks.map((t) => [t.number, emptyCounts()]));
  const assignments = facts.map((fact) => {
    const standing = standingAt(fact, at);
    countStanding(totals, standing);
    if (!byUnit.has(fact.unitCode)) byUnit.set(fact.unitCode, emptyCounts());
    countStanding(byUnit.get(fact.unitCode)!, standing);
    if (!byTask.has(fact.taskNumber)) byTask.set(fact.taskNumber, emptyCounts());
    countStanding(byTask.get(fact.taskNumber)!, standing);
    return { fact, status: standing.status };
  });

  return {
    plan: plan.slug,
    title: plan.title,
    at: toZonedIso(at, plan.timezone),
    totals,
    // Directory order keeps counties, parks and departments together, as people list them.
    units: units
      .filter((u) => byUnit.has(u.code))
      .map((u) => ({
        code: u.code,
        name: u.name,
        kind: u.kind,
        ...byUnit.get(u.code)!,
        // Contacts on leave (请假) at T: the reminders mention others meanwhile.
        away: u.contacts
          .filter((c) => c.awayUntil && c.awayUntil >= zonedDate(at, plan.timezone))
          .map((c) => ({ name: c.name ?? c.openId ?? '', until: c.awayUntil! })),
      })),
    tasks: plan.tasks.map((t) => ({ number: Number(t.number), title: t.title, short: t.short, ...byTask.get(t.number)! })),
    assignments,
  };
}
