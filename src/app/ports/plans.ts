// Plans: their tasks, rounds and leading group, saved with exactly the assignments they expand to.
import type { Plan } from '../../core/plan.js';
import type { AssignmentKey } from '../../core/schedule.js';

export interface SavePlanResult {
  assignments: number;
  added: number;
  retired: number;
}

export interface PlanStore {
  /** Saves a plan and exactly these assignments; the rest of the plan's are retired. */
  savePlan(plan: Plan, spec: unknown, sourceText: string | undefined, at: Date, assignments: readonly AssignmentKey[]): Promise<SavePlanResult>;
  listPlans(): Promise<{ slug: string; title: string; tasks: number }[]>;
  /** The plan, from a cache checked against its load time (and leaders) in one small query. */
  readPlan(slug: string): Promise<Plan | undefined>;
  /** Binds a leading-group member (matched by name) to an open_id in every plan naming them; returns those plans' slugs. */
  bindLeader(name: string, openId: string, by: string, at: Date): Promise<string[]>;
}
