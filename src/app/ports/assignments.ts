// Expected reports with their versions and reviews, in the one fact shape (src/core/status.ts).
import type { AssignmentFact } from '../../core/status.js';

export type { AssignmentFact };

/** Narrows the facts read: a click needs one unit's facts of one round period, not the plan's history. */
export interface FactScope {
  roundKey?: string | undefined;
  period?: string | undefined;
  unitCode?: string | undefined;
  /** Round periods (roundKey + period); an empty list reads nothing. */
  periods?: readonly { roundKey: string; period: string }[] | undefined;
  /**
   * Only each assignment's first and last versions submitted by T (by version order, which is
   * submission order). That is all its standing at T needs — the first decides 按时 / 迟报, the
   * last which review counts — and it keeps a click or a status answer independent of how many
   * versions are stored.
   */
  endsAt?: Date | undefined;
}

export interface AssignmentStore {
  /** The plan's active expected reports with their versions and reviews. */
  facts(slug: string, scope?: FactScope): Promise<AssignmentFact[]>;
}
