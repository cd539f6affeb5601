// Loading a plan: its unit directory first, then the plan resolved against every known unit,
// then its rounds expanded into assignments — all kept if the plan is loaded again.
import type { Clock } from '../core/time.js';
import { resolvePlan, type Plan, type SpecIssue } from '../core/plan.js';
import type { DirectorySpec, PlanSpec } from '../core/plan-spec.js';
import type { DirectoryStore, PlanStore, SavePlanResult } from './ports/index.js';
import { expandAssignments } from '../core/schedule.js';
import type { WorkCalendar } from '../core/workdays.js';

export interface LoadPlanInput {
  spec: PlanSpec;
  directory?: DirectorySpec | undefined;
  sourceText?: string | undefined;
}

export type LoadPlanResult =
  | { ok: true; plan: Plan; saved: SavePlanResult }
  | { ok: false; issues: SpecIssue[] };

/** `calendar` rolls deadlines on holidays over for rounds that ask for it (顺延). */
export async function loadPlan(store: { plans: PlanStore; directory: DirectoryStore }, input: LoadPlanInput, clock: Clock, calendar?: WorkCalendar): Promise<LoadPlanResult> {
  const at = clock.now();
  // A plan resolves against its own directory (so 各县… means its counties), or against
  // every unit already known when it names none. Nothing is written unless it resolves.
  const incoming = input.directory?.units ?? [];
  const units = input.directory ? incoming : await store.directory.units();
  const resolved = resolvePlan(input.spec, units);
  if (!resolved.ok) return resolved;
  if (incoming.length) await store.directory.upsertUnits(incoming, at);
  const saved = await store.plans.savePlan(resolved.value, input.spec, input.sourceText, at, expandAssignments(resolved.value, calendar));
  return { ok: true, plan: resolved.value, saved };
}
