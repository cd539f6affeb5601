// The interfaces use cases need from storage (and, later, from Lark). Adapters implement them.
import type { Plan, PlanUnit } from '../core/plan.js';
import type { ContactRole, UnitSpec } from '../core/plan-spec.js';

export interface StoredContact {
  openId?: string | undefined;
  name?: string | undefined;
  mobile?: string | undefined;
  email?: string | undefined;
  role: ContactRole;
  awayUntil?: string | undefined;
}

export interface StoredUnit extends PlanUnit {
  id: number;
  chats: string[];
  contacts: StoredContact[];
}

export interface SavePlanResult {
  assignments: number;
  added: number;
  retired: number;
}

export interface AssignmentFact {
  id: number;
  roundKey: string;
  period: string;
  taskNumber: string;
  unitCode: string;
  opensAt: Date;
  dueAt: Date;
  reports: { submittedAt: Date; percent: number; version: number }[];
  reviews: { decision: 'accept' | 'return'; at: Date }[];
}

export interface ScheduledAction {
  key: string;
  planSlug: string;
  kind: string;
  dueAt: Date;
}

export interface PlanStore {
  listUnits(): Promise<StoredUnit[]>;
  upsertUnits(units: readonly UnitSpec[], at: Date): Promise<void>;
  savePlan(plan: Plan, spec: unknown, sourceText: string | undefined, at: Date): Promise<SavePlanResult>;
  listPlans(): Promise<{ slug: string; title: string; tasks: number }[]>;
  readPlan(slug: string): Promise<Plan | undefined>;
  assignmentFacts(slug: string): Promise<AssignmentFact[]>;
  /** Claims actions for this process; returns the keys it won (another process may hold the rest). */
  claimActions(actions: readonly ScheduledAction[], by: string, at: Date): Promise<string[]>;
  claimedKeys(slug: string, kind: string): Promise<Set<string>>;
}
