// What an import returns besides the plan: per task, its numbering as written, where its
// units came from and what the importer doubts; the deadlines found, per task and notice-wide.
import type { PlanSpec } from '../plan-spec.js';
import type { UnitRef } from '../units.js';
import type { FoundDeadline } from './dates.js';
import type { NoticeTodo } from './draft.js';

export type { FoundDeadline, Recurrence } from './dates.js';
export type { NoticeTodo, TodoPath } from './draft.js';

export type UnitSourceKind =
  /** （X、Y负责）, （X牵头，Y配合）: a clause with verbs. */
  | 'clause'
  /** （牵头单位：X；责任单位：Y）, in brackets or as a bare tail. */
  | 'labelled'
  /** 牵头单位：X on lines of their own after the item. */
  | 'lines'
  /** The cells of a task-division table. */
  | 'table'
  /** The subjects of the item's sentences (A会同B研究提出…, X要…): inferred. */
  | 'inline'
  /** The lead-in of the item's section (试点地区要…重点做好以下工作：): inferred. */
  | 'inherited'
  /** Only the sub-tasks name units. */
  | 'subtasks'
  | 'none';

/** Where a task's units came from, as read from the notice. */
export interface UnitSource {
  kind: UnitSourceKind;
  /** The clause or phrases as written. */
  text: string;
  /** The role rule that decided the lead (列第一位者为牵头单位), when one did. */
  rule?: string;
  /** The lead is only the first of a list that names no roles (（X、Y负责）): to be confirmed. */
  presumedLead?: boolean;
  /** Names that stand for a group of units (各有关部门), kept as written. */
  generic: string[];
  /** Generic tails that are no unit (等有关部门). */
  implied: string[];
}

/** What the importer knows about one task beyond the plan file. */
export interface TaskOrigin {
  /** The number as written: （四）, 1., 八、 */
  written: string;
  /** The numbers of the headings above it: 四（一）. */
  section: string;
  units: UnitSource;
  /** What the office should check, in Chinese. */
  doubts: string[];
  deadlines: FoundDeadline[];
  subtasks: TaskOrigin[];
}

/** A deadline with the task it belongs to (an index into plan.tasks), or null for the whole notice. */
export interface NoticeDeadline extends FoundDeadline {
  task: number | null;
}

export interface NoticeImport {
  plan: PlanSpec;
  todos: NoticeTodo[];
  /** One per plan task, in the same order. */
  origins: TaskOrigin[];
  deadlines: NoticeDeadline[];
}

export interface ImportNoticeOptions {
  directory?: readonly UnitRef[];
  slug?: string;
  timezone?: string;
}
