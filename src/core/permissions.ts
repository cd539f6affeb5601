// Who may see what in answers to questions, and who may press 催办. Pure: the caller says
// who the viewer is (admin, leader, contact of which units) and what is asked about.
//
// Leaders and office admins see everything. A unit's contacts see their unit, and the tasks
// it reports on with their own unit's rows only (not other units' narratives). A lead
// department's contacts see the tasks it leads with every unit's report on them. Plan-wide
// questions (进度, 谁没报, 日报) from a contact are answered with their own unit instead;
// exports carry every unit's text, so they stay with leaders and admins, and a lead department
// exports the tasks it leads (features/exporting.ts, with review.tasksLedBy).

export interface Viewer {
  openId: string;
  /** DUBAN_ADMINS, or a contact of the office unit. */
  isAdmin: boolean;
  /** A member of the plan's leading group bound to this open_id. */
  isLeader: boolean;
  /** Codes of the units this person is a contact of. */
  contactOf: readonly string[];
}

export type Subject =
  | { kind: 'overview' | 'overdue' | 'summary' | 'export' }
  | {
      kind: 'task';
      number: string;
      /** Unit codes by role on the task. */
      lead: readonly string[];
      responsible: readonly string[];
      cooperating?: readonly string[] | undefined;
    }
  | { kind: 'unit'; code: string };

export type RefusalReason =
  /** Neither leader, admin nor contact of any unit. */
  | 'not_registered'
  /** A contact asking about a unit that is not theirs. */
  | 'not_your_unit'
  /** A contact asking about a task their units have no part in. */
  | 'not_your_task'
  /** Export: leaders and admins only. */
  | 'leaders_only';

export type Access =
  | { kind: 'allow' }
  /** The task, but only these units' rows: a responsible unit does not read its peers' reports. */
  | { kind: 'allow_rows'; unitCodes: string[] }
  /** A plan-wide question from a contact: answer with their unit(s) instead. */
  | { kind: 'scope'; unitCodes: string[] }
  | { kind: 'refuse'; reason: RefusalReason };

/** Builds the viewer from what the app knows: configured admins, the office, the leading group and contacts. */
export function toViewer(
  openId: string,
  known: {
    admins: readonly string[];
    officeCode: string;
    leaderOpenIds: readonly (string | undefined)[];
    contacts: readonly { unitCode: string; openId?: string | undefined }[];
  },
): Viewer {
  // An unknown sender (no open_id in the event) is nobody, whatever lists hold an empty entry.
  if (!openId) return { openId, isAdmin: false, isLeader: false, contactOf: [] };
  const contactOf = [...new Set(known.contacts.filter((c) => c.openId === openId).map((c) => c.unitCode))];
  return {
    openId,
    isAdmin: known.admins.includes(openId) || contactOf.includes(known.officeCode),
    isLeader: known.leaderOpenIds.includes(openId),
    contactOf,
  };
}

export function accessFor(viewer: Viewer, subject: Subject): Access {
  if (viewer.isAdmin || viewer.isLeader) return { kind: 'allow' };
  const mine = viewer.contactOf;
  if (mine.length === 0) return { kind: 'refuse', reason: 'not_registered' };
  switch (subject.kind) {
    case 'overview':
    case 'overdue':
    case 'summary':
      return { kind: 'scope', unitCodes: [...mine] };
    case 'export':
      return { kind: 'refuse', reason: 'leaders_only' };
    case 'unit':
      return mine.includes(subject.code) ? { kind: 'allow' } : { kind: 'refuse', reason: 'not_your_unit' };
    case 'task': {
      if (subject.lead.some((c) => mine.includes(c))) return { kind: 'allow' };
      // Cooperating units work on the task with the lead; they see it as the lead does.
      if ((subject.cooperating ?? []).some((c) => mine.includes(c))) return { kind: 'allow' };
      const rows = subject.responsible.filter((c) => mine.includes(c));
      return rows.length > 0 ? { kind: 'allow_rows', unitCodes: rows } : { kind: 'refuse', reason: 'not_your_task' };
    }
  }
}

/** Whether the viewer may see the subject at all (in full, or their rows of a task). */
export function canSee(viewer: Viewer, subject: Subject): boolean {
  const access = accessFor(viewer, subject);
  return access.kind === 'allow' || access.kind === 'allow_rows';
}

/**
 * 催办 sends a unit a reminder on someone's authority: leaders and the office on anything, and
 * a lead department's contacts on the tasks it leads (`leads`: the task's lead unit codes, its
 * sub-tasks' included).
 */
export function remindAllowed(viewer: Viewer, leads?: readonly string[]): boolean {
  return viewer.isAdmin || viewer.isLeader || (leads ?? []).some((c) => viewer.contactOf.includes(c));
}
