// Scheduled actions (a round opening, a reminder, a summary) claimed once across ticks and processes.
export interface ScheduledActionClaim {
  key: string;
  planSlug: string;
  kind: string;
  dueAt: Date;
}

export interface ActionStore {
  /** Claims actions for this process; returns the keys it won (another process may hold the rest). */
  claim(actions: readonly ScheduledActionClaim[], by: string, at: Date): Promise<string[]>;
  claimedKeys(slug: string, kind: string): Promise<Set<string>>;
}
