// The status of an expected report at a time T, as a pure function of its
// deadline, the report versions and the reviews known by T.

export const assignmentStatuses = ['not_open', 'pending', 'submitted', 'late', 'overdue', 'returned', 'accepted'] as const;
export type AssignmentStatus = (typeof assignmentStatuses)[number];

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

export interface StatusCounts {
  expected: number;
  submitted: number;
  overdue: number;
  late: number;
  accepted: number;
  returned: number;
  pending: number;
}

export function emptyCounts(): StatusCounts {
  return { expected: 0, submitted: 0, overdue: 0, late: 0, accepted: 0, returned: 0, pending: 0 };
}

/** Adds one assignment's status to running counts; not-yet-open ones are not expected. */
export function countStatus(counts: StatusCounts, status: AssignmentStatus): StatusCounts {
  if (status === 'not_open') return counts;
  counts.expected++;
  if (status === 'overdue') counts.overdue++;
  else if (status === 'pending') counts.pending++;
  else {
    counts.submitted++;
    if (status === 'late') counts.late++;
    if (status === 'accepted') counts.accepted++;
    if (status === 'returned') counts.returned++;
  }
  return counts;
}
