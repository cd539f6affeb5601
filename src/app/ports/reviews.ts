// Reviews of report versions (采纳 / 退回) and the lead departments' digests of their units' reports.
import type { StoredReport } from './reports.js';

/** A report version with the expected report it belongs to. */
export interface ReportInContext extends StoredReport {
  planSlug: string;
  roundKey: string;
  period: string;
  taskNumber: string;
  unitCode: string;
  dueAt: Date;
}

export interface ReviewInput {
  reportId: number;
  assignmentId: number;
  decision: 'accept' | 'return';
  comment: string;
  reviewerOpenId: string;
  reviewerName?: string | undefined;
  reviewerUnitCode?: string | undefined;
  at: Date;
}

export interface StoredReview extends ReviewInput {
  id: number;
}

export interface ReviewStore {
  /** Report versions by id, with their assignments. */
  reports(ids: readonly number[]): Promise<ReportInContext[]>;
  /** Stores a review and its audit entry in one write. */
  record(review: ReviewInput): Promise<StoredReview>;
  /** Reviews of these assignments, oldest first. */
  ofAssignments(assignmentIds: readonly number[]): Promise<StoredReview[]>;
}

export interface Digest {
  id: number;
  planSlug: string;
  unitCode: string;
  chatId: string;
  role: 'lead' | 'cooperating';
  outboxKey: string;
  messageId?: string | undefined;
  reportIds: number[];
  openedAt: Date;
  updatedAt: Date;
  dirty: boolean;
}

export interface DigestStore {
  /** The plan's cursor: reports up to it are in a digest. */
  cursor(slug: string): Promise<number>;
  /** Reports after the cursor in rounds that report to lead departments, oldest first. */
  reportsAfter(slug: string, cursor: number): Promise<ReportInContext[]>;
  /** The newest digest of a unit in a chat, in a role. */
  latest(slug: string, unitCode: string, chatId: string, role: Digest['role']): Promise<Digest | undefined>;
  /** Digests whose message was sent and needs drawing again. */
  dirtySent(slug: string): Promise<Digest[]>;
  byMessage(messageId: string): Promise<Digest | undefined>;
  /** Digests that show one of these reports. */
  showing(slug: string, reportIds: readonly number[]): Promise<Digest[]>;
  /**
   * One write: new digests, digests given more reports (dirty), digests drawn again (clean),
   * and the plan's cursor.
   */
  save(slug: string, changes: { create: Omit<Digest, 'id' | 'messageId' | 'dirty'>[]; extend: { id: number; reportIds: number[]; at: Date }[]; drawn: number[]; dirty?: number[]; cursor?: number | undefined }): Promise<void>;
  sent(outboxKey: string, messageId: string): Promise<void>;
}
