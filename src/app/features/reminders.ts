// 催办: a leader or the office presses [催办] on a unit of the overdue list, or a lead department
// on a unit of a task it leads (the task card); the unit's chat gets an immediate reminder, at
// most once an hour. The scheduled reminders are the tick's.
import { remindAllowed } from '../../core/permissions.js';
import { leadsOf } from '../../core/review.js';
import { unitNudgeEntries } from '../../core/scheduler.js';
import { zh } from '../../core/texts.js';
import { zonedDate } from '../../core/time.js';
import { answerQuestion, remindIntervalMs, remindSubject, viewerOf } from '../answer-question.js';
import type { OutboundMessage } from '../ports/index.js';
import { nudgeCardMessages } from '../nudge-cards.js';
import type { Feature } from './feature.js';

export const reminders: Feature = {
  name: 'reminders',
  actions: {
    async 'remind.unit'(deps, a, { event, now }) {
      const openId = event.operator.openId;
      const plan = await deps.plans.readPlan(a.plan);
      const units = await deps.directory.units();
      const unit = units.find((u) => u.code === a.unit);
      if (!plan || !unit) return { toast: { type: 'warning', content: zh.toast.staleCard } };
      // Pressed on a task's card, a lead department may chase the units of the tasks it leads.
      const task = a.task ? plan.tasks.find((t) => t.number === a.task) : undefined;
      if (a.task && !task) return { toast: { type: 'warning', content: zh.toast.staleCard } };
      const leads = task ? leadsOf(plan, task.number) : undefined;
      if (!remindAllowed(viewerOf(plan, units, deps.admins, openId), leads)) {
        const names = (leads ?? []).map((c) => units.find((u) => u.code === c)?.name ?? c);
        return { toast: { type: 'warning', content: task ? zh.answer.remind.notLeadOf(zh.taskLabel(task.number, task.short), names) : zh.answer.remind.notAllowed } };
      }
      const subject = remindSubject(plan.slug, unit.code);
      const last = await deps.audit.lastAt('unit.remind', subject);
      if (last && now.getTime() - last.getTime() < remindIntervalMs) return { toast: { type: 'info', content: zh.answer.remind.tooSoon(unit.name, last, plan.timezone) } };
      const facts = await deps.assignments.facts(plan.slug, { unitCode: unit.code });
      const owed = unitNudgeEntries(plan, facts, unit.code, now, deps.calendar);
      // On a task's card, the reminder is about that task only.
      const entries = task ? owed.map((e) => ({ ...e, tasks: e.tasks.filter((n) => n === task.number) })).filter((e) => e.tasks.length > 0) : owed;
      if (entries.length === 0) return { toast: { type: 'info', content: zh.answer.remind.nothingMissing(unit.name) } };
      const key = `remind:${plan.slug}:${unit.code}:${now.getTime()}`;
      // Who pressed it, as the unit will read it: their name in the event, the directory or the plan.
      const by =
        event.operator.name ??
        units.flatMap((u) => u.contacts).find((c) => c.openId === openId)?.name ??
        plan.leadingGroup.find((m) => m.openId === openId)?.name ??
        zh.answer.remind.byOffice;
      const messages: OutboundMessage[] = await nudgeCardMessages(deps, { kind: 'unit.nudge', key, at: now, unitCode: unit.code, entries, by }, plan, units, zonedDate(now, plan.timezone), now);
      await deps.outbox.enqueue(messages, now);
      await deps.audit.record({ at: now, actor: openId, action: 'unit.remind', subject });
      // The card it was pressed on, as it stands now: this unit's button reads 已催办 for everyone.
      const card = await answerQuestion(deps, task ? { kind: 'task', number: task.number } : { kind: 'overdue' }, { openId, units, plan }, now);
      return { toast: { type: 'success', content: zh.answer.remind.sent(unit.name) }, card };
    },
  },
};
