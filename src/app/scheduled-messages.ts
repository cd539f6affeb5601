// The messages a scheduled action sends: who gets what, in which chat, with whom @-mentioned.
// Colour says status the same everywhere: yellow due within a working day, red overdue.
import { buildNoticeCard } from '../../cards/bind-card.js';
import type { HeaderTemplate } from '../../cards/types.js';
import type { Plan } from '../core/plan.js';
import type { ScheduledAction } from '../core/scheduler.js';
import { zhReview } from '../core/texts-review.js';
import { zhSchedule } from '../core/texts-schedule.js';
import { zh } from '../core/texts.js';
import type { OutboundMessage, StoredContact, StoredUnit } from './ports/index.js';

/** The people to @-mention for a unit: its contacts not on leave, else its backups; never leaders. */
export function contactsToMention(unit: StoredUnit, today: string): StoredContact[] {
  const present = (c: StoredContact) => c.openId && !(c.awayUntil && c.awayUntil >= today);
  const contacts = unit.contacts.filter((c) => c.role === 'contact' && present(c));
  if (contacts.length > 0) return contacts;
  return unit.contacts.filter((c) => c.role === 'backup' && present(c));
}

function roundLabel(plan: Plan, roundKey: string, period: string): string {
  const round = plan.rounds.find((r) => r.key === roundKey);
  return zh.roundLabel(round?.name.split(/\s+/)[0] ?? roundKey, period);
}

// A tick builds thousands of messages from one directory: index it once per array.
const indexes = new WeakMap<readonly StoredUnit[], Map<string, StoredUnit>>();
export function indexOf(units: readonly StoredUnit[]): Map<string, StoredUnit> {
  let index = indexes.get(units);
  if (!index) indexes.set(units, (index = new Map(units.map((u) => [u.code, u]))));
  return index;
}

export type NudgeAction = Extract<ScheduledAction, { kind: 'unit.nudge' }>;

/** The outbox kind of a unit's daily message: a ping when something is overdue. */
export function nudgeKind(action: NudgeAction): string {
  if (action.by !== undefined) return 'remind';
  if (action.entries.some((e) => e.kind === 'overdue')) return 'overdue.ping';
  return action.entries.every((e) => e.kind === 'renew') ? 'report.card' : 'reminder';
}

/**
 * What a reminder, a ping or a 催办 says above the unit's report card: its title and colour
 * (none when the card is only re-issued before its 14 days run out), the lines, who is @-ed.
 */
export function nudgeNotice(action: NudgeAction, plan: Plan, unit: StoredUnit, today: string): { title?: string; template?: HeaderTemplate; lines: string[]; mentions: string[] } {
  const tz = plan.timezone;
  const overdue = action.entries.some((e) => e.kind === 'overdue');
  const dueSoon = action.entries.some((e) => e.kind === 'reminder' && e.workdays <= 1);
  const renewOnly = action.by === undefined && action.entries.every((e) => e.kind === 'renew');
  const mentions = contactsToMention(unit, today);
  const lines = action.entries.map((e) => {
    const label = roundLabel(plan, e.roundKey, e.period);
    if (e.kind === 'reminder') return zhSchedule.reminderLine(unit.name, label, e.tasks, zh.dateTime(e.dueAt, tz), e.workdays);
    if (e.kind === 'overdue') return zhSchedule.overdueLine(label, e.tasks, zh.dateTime(e.dueAt, tz), -e.workdays);
    return zhSchedule.renewLine(label, e.tasks, zh.dateTime(e.dueAt, tz), e.workdays);
  });
  return {
    ...(renewOnly
      ? {}
      : { title: zhSchedule.nudgeTitle(unit.name, overdue, action.by !== undefined), template: overdue || action.by !== undefined ? 'red' : dueSoon ? 'yellow' : 'blue' }),
    lines: [...(action.by !== undefined ? [zhSchedule.remindedBy(action.by, zh.dateTime(action.at, tz))] : []), ...lines, ...(mentions.length === 0 && unit.contacts.length > 0 ? [zhSchedule.nobodyToMention] : [])],
    mentions: mentions.map((c) => c.openId!),
  };
}

/** Escalation cards list this many units at most, so they stay under Lark's 30 KB at any scale. */
export const maxEscalationLines = 40;

export function messagesFor(action: ScheduledAction, plan: Plan, units: readonly StoredUnit[], today: string): OutboundMessage[] {
  const tz = plan.timezone;
  const byCode = indexOf(units);
  const name = (code: string) => byCode.get(code)?.name ?? code;
  const toChats = (unit: StoredUnit | undefined, card: unknown, kind: string): OutboundMessage[] =>
    (unit?.chats ?? []).map((chat) => ({ key: `${action.key}:${chat}`, kind, to: { type: 'chat', id: chat }, msgType: 'interactive', content: JSON.stringify(card) }));

  switch (action.kind) {
    case 'unit.nudge': {
      // Only when the unit has no card of the period to put it on (see nudge-cards.ts).
      const unit = byCode.get(action.unitCode);
      if (!unit) return [];
      const notice = nudgeNotice(action, plan, unit, today);
      const card = buildNoticeCard({ title: notice.title ?? zhSchedule.nudgeTitle(unit.name, false, false), template: notice.template ?? 'blue', lines: [...notice.lines, zhSchedule.pointToCard], mentions: notice.mentions });
      return toChats(unit, card, nudgeKind(action));
    }
    case 'lead.escalation': {
      const unit = byCode.get(action.unitCode);
      const card = buildNoticeCard({
        title: zhSchedule.leadTitle(name(action.unitCode)),
        template: 'red',
        lines: action.entries.slice(0, maxEscalationLines).map((e) => {
          const task = plan.tasks.find((t) => t.number === e.taskNumber);
          const missing = e.missing.length > maxEscalationLines ? [...e.missing.slice(0, maxEscalationLines).map(name), zhSchedule.andMore(e.missing.length - maxEscalationLines)] : e.missing.map(name);
          return `- ${zhSchedule.leadLine(zh.taskLabel(e.taskNumber, task?.short ?? ''), roundLabel(plan, e.roundKey, e.period), zh.dateTime(e.dueAt, tz), missing, e.workdaysOverdue, e.submitted, e.expected)}`;
        }),
      });
      return toChats(unit, card, 'lead.escalation');
    }
    case 'lead.backlog': {
      const card = buildNoticeCard({
        title: zhReview.backlog.title(name(action.unitCode)),
        template: 'orange',
        lines: [
          ...action.tasks.map((t) => `- ${zhReview.backlog.line(zh.taskLabel(t.taskNumber, plan.tasks.find((x) => x.number === t.taskNumber)?.short ?? ''), t.waiting)}`),
          zhReview.backlog.note,
        ],
      });
      return toChats(byCode.get(action.unitCode), card, 'lead.backlog');
    }
    case 'office.escalation': {
      const office = byCode.get(plan.officeCode);
      const card = buildNoticeCard({
        title: zhSchedule.officeTitle,
        template: 'red',
        lines: [
          ...action.rows.slice(0, maxEscalationLines).map((r) => `- ${zhSchedule.officeLine(name(r.unitCode), r.overdue, r.workdaysOverdue, r.flagged)}`),
          ...(action.rows.length > maxEscalationLines ? [zhSchedule.officeMore(action.rows.length - maxEscalationLines)] : []),
          ...(action.rows.some((r) => r.flagged) ? [zhSchedule.officeFlagNote(plan.schedule.flagAfterWorkdays)] : []),
        ],
      });
      return toChats(office, card, 'office.escalation');
    }
    case 'daily.summary':
      // Built by the daily summary use case, which also stores the day's aggregates.
      return [];
  }
}
