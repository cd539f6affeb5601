// The interfaces use cases need from storage (and, later, from Lark). Adapters implement them.
import type { Plan, PlanUnit } from '../core/plan.js';
import type { AssignmentKey } from '../core/schedule.js';
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
  /** Saves a plan and exactly these assignments; the rest of the plan's are retired. */
  savePlan(plan: Plan, spec: unknown, sourceText: string | undefined, at: Date, assignments: readonly AssignmentKey[]): Promise<SavePlanResult>;
  listPlans(): Promise<{ slug: string; title: string; tasks: number }[]>;
  readPlan(slug: string): Promise<Plan | undefined>;
  /** Binds a leading-group member (matched by name) to an open_id in every plan naming them; returns those plans' slugs. */
  bindLeader(name: string, openId: string, by: string, at: Date): Promise<string[]>;
  /** The plan's expected reports with their versions and reviews; `only` narrows to a round period and unit. */
  assignmentFacts(slug: string, only?: { roundKey?: string; period?: string; unitCode?: string }): Promise<AssignmentFact[]>;
  /** Claims actions for this process; returns the keys it won (another process may hold the rest). */
  claimActions(actions: readonly ScheduledAction[], by: string, at: Date): Promise<string[]>;
  claimedKeys(slug: string, kind: string): Promise<Set<string>>;
}

export interface OutboundMessage {
  /** Idempotency key: stored unique, and sent to Lark as `uuid` (hashed to its 50-char limit). */
  key: string;
  kind: string;
  to: { type: 'chat' | 'user' | 'reply'; id: string; inThread?: boolean };
  msgType: 'text' | 'interactive' | 'file';
  content: string;
}

export interface OutboxStore {
  /** Stores messages not stored before; returns the keys it added. */
  enqueue(messages: readonly OutboundMessage[], at: Date): Promise<string[]>;
  /**
   * Claims up to `limit` messages due at `at` for this sender, for `leaseMs`: another
   * process does not send them meanwhile, and takes them over if this one dies.
   */
  claimDue(at: Date, limit: number, by: string, leaseMs: number): Promise<(OutboundMessage & { attempts: number })[]>;
  markSent(key: string, messageId: string, at: Date): Promise<void>;
  markFailed(key: string, error: string, retryAt: Date | null): Promise<void>;
  pendingCount(): Promise<number>;
}

export type SendResult =
  | { ok: true; messageId: string }
  | { ok: false; retryable: boolean; code?: number | undefined; message: string; retryAfterMs?: number | undefined };

/** Everything the app asks of Lark. */
export interface LarkGateway {
  send(message: OutboundMessage): Promise<SendResult>;
  /** Replaces a sent card's content (update_multi cards). */
  updateCard(messageId: string, card: unknown): Promise<SendResult>;
  /** Uploads a file for a file message; resolves with Lark's file_key. */
  uploadFile(file: { name: string; kind: 'xls' | 'doc' | 'stream'; bytes: Uint8Array }): Promise<{ ok: true; fileKey: string } | { ok: false; message: string }>;
  /** open_ids of people known by mobile or email (Lark's contact API); unknown ones are left out. */
  lookupOpenIds(query: { mobiles: string[]; emails: string[] }): Promise<{ mobile?: string; email?: string; openId: string }[]>;
}

export interface InboundEventRecord {
  eventId: string;
  eventType: string;
  messageId?: string | undefined;
  payload: string;
}

export interface EventStore {
  /** Stores an event before it is answered; false when its event_id or message_id was seen before. */
  record(event: InboundEventRecord, at: Date): Promise<boolean>;
  markProcessed(eventId: string, at: Date): Promise<void>;
  markFailed(eventId: string, error: string): Promise<void>;
  /** Events received but not processed (a crash, a failure), oldest first. */
  unprocessed(limit: number, olderThan: Date): Promise<InboundEventRecord[]>;
}

export interface ReportCardRef {
  planSlug: string;
  roundKey: string;
  period: string;
  unitCode: string;
  chatId: string;
  messageId?: string | undefined;
  selectedTask?: string | undefined;
}

export interface ReportInput {
  assignmentId: number;
  progress: 'not_started' | 'in_progress' | 'done' | 'blocked';
  percent: number;
  narrative: string;
  problems: string;
  nextSteps: string;
  indicatorValues: Record<string, number>;
  submittedBy: string;
  submittedByName?: string | undefined;
  submittedAt: Date;
  source: 'card' | 'thread' | 'cli' | 'api';
  sourceEventId?: string | undefined;
  contentHash: string;
}

export interface StoredReport extends ReportInput {
  id: number;
  version: number;
}

export interface LoopStore {
  unitByChat(chatId: string): Promise<StoredUnit | undefined>;
  bindChat(input: { unitCode: string; chatId: string; contacts: { openId: string; name?: string | undefined }[]; by: string; at: Date }): Promise<{ previous?: string | undefined }>;
  unbindChat(chatId: string, by: string, at: Date): Promise<string | undefined>;
  saveCard(ref: ReportCardRef & { outboxKey: string }): Promise<void>;
  cardSent(outboxKey: string, messageId: string): Promise<void>;
  cardByMessage(messageId: string): Promise<ReportCardRef | undefined>;
  cardsFor(planSlug: string, roundKey: string, period: string, unitCode: string): Promise<ReportCardRef[]>;
  selectTask(messageId: string, task: string): Promise<void>;
  /** The latest version of each assignment's reports, and how many versions it has. */
  latestReports(assignmentIds: readonly number[]): Promise<Map<number, StoredReport>>;
  /** When the unit was last reminded by hand (催办), if ever. */
  lastRemind(planSlug: string, unitCode: string): Promise<Date | undefined>;
  recordRemind(planSlug: string, unitCode: string, by: string, at: Date): Promise<void>;
  /** Marks a person absent until a date (inclusive), in every unit they are a contact of; null ends it. */
  setAway(openId: string, until: string | null, by: string, at: Date): Promise<string[]>;
  /** Directory contacts known only by mobile or email. */
  unresolvedContacts(): Promise<{ unitCode: string; mobile?: string | undefined; email?: string | undefined }[]>;
  resolveContact(unitCode: string, by: { mobile?: string | undefined; email?: string | undefined }, openId: string): Promise<void>;
  /** Stores a new version atomically with marking the event processed; returns it. */
  saveReport(input: ReportInput, at: Date): Promise<StoredReport>;
}
