// Stored daily summaries and the reads their computation needs (src/storage/summary-store.ts).
import type { AssignmentFact } from '../../core/status.js';
import type { SummaryCut, SummaryRow } from '../../core/summary.js';

/** A stored day: its rows and when they were computed (which makes them final or provisional). */
export interface StoredSummaryDay {
  date: string;
  computedAt: Date;
  rows: SummaryRow[];
}

/** What may have changed between two cuts: reports and reviews made, deadlines passed, periods opened. */
export interface ChangeWindow {
  /** Reports and reviews made in [knownFrom, knownTo]. */
  knownFrom: Date;
  knownTo: Date;
  /** Deadlines in [dueFrom, dueTo]. */
  dueFrom: Date;
  dueTo: Date;
  /** Round periods that opened in between (assignments of one period share their opening). */
  openedPeriods: readonly { roundKey: string; period: string }[];
}

export interface FailedDelivery {
  kind: string;
  /** chat_id, open_id, reply or reply_in_thread, as the outbox stores it. */
  recipientType: string;
  recipientId: string;
  lastError: string;
  createdAt: Date;
  /** The unit of the chat, of the contact, or of the report card replied to, when known. */
  unitName?: string | undefined;
  personName?: string | undefined;
}

/** Storage of daily summaries and the reads they need (src/storage/summary-store.ts). */
export interface SummaryStore {
  /** When the plan was last loaded; undefined for an unknown plan. */
  planLoadedAt(slug: string): Promise<Date | undefined>;
  /** The latest stored day before `date`. */
  previousDay(slug: string, date: string): Promise<StoredSummaryDay | undefined>;
  readDays(slug: string, from: string, to: string): Promise<StoredSummaryDay[]>;
  /** The first and last stored days. */
  storedRange(slug: string): Promise<{ from: string; to: string } | undefined>;
  /** Every active assignment of the plan with its reports (indicator values included) and reviews. */
  allFacts(slug: string): Promise<AssignmentFact[]>;
  /** Active assignments with an event in the window, with all their reports and reviews. */
  changedFacts(slug: string, window: ChangeWindow): Promise<AssignmentFact[]>;
  /** Upserts each day's rows and drops that day's rows of scopes no longer there: one batch. */
  saveDays(slug: string, days: readonly StoredSummaryDay[]): Promise<void>;
  /** Replaces every stored day in [from, to] with `days`: one batch. */
  replaceDays(slug: string, from: string, to: string, days: readonly StoredSummaryDay[]): Promise<void>;
  /** Per unit: overdue assignments at the cut, and the oldest deadline among them. */
  overdueByUnit(slug: string, cut: SummaryCut, unitCodes: readonly string[]): Promise<Map<string, { count: number; oldestDueAt: Date }>>;
  /** Deadlines in [cut.at, until] with reports still missing at the cut, earliest first, with counts. */
  pendingDeadlines(slug: string, cut: SummaryCut, until: Date): Promise<{ dueAt: Date; count: number }[]>;
  /**
   * The review backlog of the rounds that report to lead departments, as known at the cut:
   * reports waiting for review since before `staleBefore` (待审核), and returned reports not
   * yet resubmitted (已退回未重报).
   */
  reviewBacklog(slug: string, cut: SummaryCut, staleBefore: Date): Promise<{ awaiting: number; returned: number }>;
  /** Outbox messages that gave up, created since `since`. */
  failedDeliveries(since: Date): Promise<FailedDelivery[]>;
}

