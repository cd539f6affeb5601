// 催办: a leader or the office presses [催办] on a unit of the overdue list; the unit's chat
// gets an immediate reminder, at most once an hour. The scheduled reminders are the tick's.
import { remindAllowed } from '../../core/permissions.js';
import { unitNudgeEntries } from '../../core/scheduler.js';
import { zh } from '../../core/texts.js';
import { zonedDate } from '../../core/time.js';
import { remindIntervalMs, remindSubject, viewerOf } from '../answer-question.js';
import type { OutboundMessage } from '../ports/index.js';
import { messagesFor } from '../scheduled-messages.js';
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
      if (!remindAllowed(viewerOf(plan, units, deps.admins, openId))) return { toast: { type: 'warning', content: zh.answer.remind.notAllowed } };
      const subject = remindSubject(plan.slug, unit.code);
      const last = await deps.audit.lastAt('unit.remind', subject);
      if (last && now.getTime() - last.getTime() < remindIntervalMs) return { toast: { type: 'info', content: zh.answer.remind.tooSoon(unit.name, last, plan.timezone) } };
      const facts = await deps.assignments.facts(plan.slug, { unitCode: unit.code });
      const entries = unitNudgeEntries(plan, facts, unit.code, now, deps.calendar);
      if (entries.length === 0) return { toast: { type: 'info', content: zh.answer.remind.nothingMissing(unit.name) } };
      const key = `remind:${plan.slug}:${unit.code}:${now.getTime()}`;
      const messages: OutboundMessage[] = messagesFor({ kind: 'unit.nudge', key, at: now, unitCode: unit.code, entries }, plan, units, zonedDate(now, plan.timezone)).map((m) => ({ ...m, kind: 'remind' }));
      await deps.outbox.enqueue(messages, now);
      await deps.audit.record({ at: now, actor: openId, action: 'unit.remind', subject });
      return { toast: { type: 'success', content: zh.answer.remind.sent(unit.name) } };
    },
  },
};
