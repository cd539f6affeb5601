// Report versions: never overwritten, a resubmission is a new version.
export interface ReportContent {
  progress: 'not_started' | 'in_progress' | 'done' | 'blocked';
  percent: number;
  narrative: string;
  problems: string;
  nextSteps: string;
  indicatorValues: Record<string, number>;
}

export interface ReportInput extends ReportContent {
  assignmentId: number;
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

export interface ReportStore {
  /** The latest version of each assignment's reports. */
  latest(assignmentIds: readonly number[]): Promise<Map<number, StoredReport>>;
  /**
   * Stores a new version and marks its source event processed, in one atomic write.
   * Concurrent saves share one commit (group commit).
   */
  save(input: ReportInput, at: Date): Promise<StoredReport>;
}
