// The ports features talk through, one module per noun; src/storage and src/lark implement them.
import type { ActionStore } from './actions.js';
import type { AssignmentStore } from './assignments.js';
import type { AuditStore } from './audit.js';
import type { CardStore } from './cards.js';
import type { DirectoryStore } from './directory.js';
import type { EventStore } from './events.js';
import type { ExportSource } from './exports.js';
import type { OutboxStore } from './outbox.js';
import type { PlanStore } from './plans.js';
import type { ReportStore } from './reports.js';
import type { DigestStore, ReviewStore } from './reviews.js';
import type { SummaryStore } from './summaries.js';

export type * from './actions.js';
export type * from './assignments.js';
export type * from './audit.js';
export type * from './cards.js';
export type * from './directory.js';
export type * from './documents.js';
export type * from './events.js';
export type * from './exports.js';
export type * from './lark.js';
export type * from './log.js';
export type * from './outbox.js';
export type * from './plans.js';
export type * from './reports.js';
export type * from './reviews.js';
export type * from './summaries.js';

/** Every store, over one database: what the composition root is given. */
export interface Storage {
  directory: DirectoryStore;
  plans: PlanStore;
  assignments: AssignmentStore;
  reports: ReportStore;
  reviews: ReviewStore;
  digests: DigestStore;
  cards: CardStore;
  outbox: OutboxStore;
  events: EventStore;
  audit: AuditStore;
  actions: ActionStore;
  summaries: SummaryStore;
  exports: ExportSource;
  /** Answers when the database does. */
  ping(): Promise<void>;
  /** Deletes what no longer needs keeping (src/storage/retention.ts). */
  prune?(now: Date): Promise<void>;
  close(): void;
}
