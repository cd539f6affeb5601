// The status of an expected report at a time T, as a pure function of its deadline, the
// report versions and the reviews known by T; and the one definition of what each count
// means (已报 / 按时 / 迟报 / 逾期 / 已采纳 / 已退回), shared by the status JSON, the answer
// cards, the daily summary and the exports.

import type { AssignmentKey } from './schedule.js';

export const assignmentStatuses = ['not_open', 'pending', 'submitted', 'late', 'overdue', 'returned', 'accepted'] as const;
export type AssignmentStatus = (typeof assignmentStatuses)[number];

/** One report version as every reader sees it. */
export interface FactReport {
  id: number;
  version: number;
  submittedAt: Date;
  percent: number;
  indicatorValues: Readonly<Record<string, number>>;
}

export interface FactReview {
  decision: 'accept' | 'return';
  at: Date;
}

/** One expected report (round × period × task × unit) with everything it got: the one fact shape. */
export interface AssignmentFact extends AssignmentKey {
  id: number;
  reports: readonly FactReport[];
  reviews: readonly FactReview[];
}

export interface StatusInput {
  opensAt: Date;
  dueAt: Date;
  /** Submission times of every version, any order. */
  reports: readonly { submittedAt: Date }[];
  reviews: readonly { decision: 'accept' | 'return'; at: Date }[];
}

export function statusAt(input: StatusInput, at: Date): AssignmentStatus {
  const t = at.getTime();
  const reports = input.reports.filter((r) => r.submittedAt.getTime() <= t).map((r) => r.submittedAt.getTime());
  if (reports.length === 0) {
    if (t < input.opensAt.getTime()) return 'not_open';
    return t <= input.dueAt.getTime() ? 'pending' : 'overdue';
  }
  const latestReport = Math.max(...reports);
  const lastReview = input.reviews
    .filter((r) => r.at.getTime() <= t && r.at.getTime() >= latestReport)
    .sort((a, b) => a.at.getTime() - b.at.getTime())
    .at(-1);
  if (lastReview) return lastReview.decision === 'accept' ? 'accepted' : 'returned';
  // Meeting the deadline once counts: a correction after it does not make the unit late.
  return Math.min(...reports) <= input.dueAt.getTime() ? 'submitted' : 'late';
}

/**
 * Where an expected report stands at T, in the counts' own terms:
 * - 已报 (submitted): it has a report by T, whatever its review;
 * - 按时 / 迟报 (onTime / late): by its *first* report against the deadline, so a late report
 *   stays 迟报 once accepted, and a correction after a return does not make it late;
 * - 逾期 (overdue): no report and past the deadline; 待报 (pending): no report, not yet due;
 * - 已采纳 / 已退回 (accepted / returned): the last review after the latest report.
 */
export interface Standing {
  status: AssignmentStatus;
  submitted: boolean;
  onTime: boolean;
  late: boolean;
}

export function standingAt(input: StatusInput, at: Date): Standing {
  const status = statusAt(input, at);
  const t = at.getTime();
  const first = input.reports.reduce((min, r) => (r.submittedAt.getTime() <= t ? Math.min(min, r.submittedAt.getTime()) : min), Infinity);
  const submitted = first !== Infinity;
  const onTime = submitted && first <= input.dueAt.getTime();
  return { status, submitted, onTime, late: submitted && !onTime };
}

export interface StatusCounts {
  expected: number;
  submitted: number;
  onTime: number;
  late: number;
  overdue: number;
  pending: number;
  accepted: number;
  returned: number;
}

export function emptyCounts(): StatusCounts {
  return { expected: 0, submitted: 0, onTime: 0, late: 0, overdue: 0, pending: 0, accepted: 0, returned: 0 };
}

/** Adds one expected report to running counts (`sign` -1 takes it back); not-yet-open ones are not expected. */
export function countStanding(counts: StatusCounts, s: Standing, sign: 1 | -1 = 1): StatusCounts {
  if (s.status === 'not_open') return counts;
  counts.expected += sign;
  if (s.status === 'overdue') counts.overdue += sign;
  else if (s.status === 'pending') counts.pending += sign;
  if (s.submitted) {
    counts.submitted += sign;
    if (s.onTime) counts.onTime += sign;
    else counts.late += sign;
  }
  if (s.status === 'accepted') counts.accepted += sign;
  if (s.status === 'returned') counts.returned += sign;
  return counts;
}
