// Reporting: a unit's contacts fill in the report card (switch task, submit) or reply in its
// thread. A submission reads only its unit's rows, stores the version and marks the event
// processed in one write, and answers with the toast and the updated card; the same card in
// the unit's other chats is updated through the outbox.
import { buildNoticeCard } from '../../../cards/bind-card.js';
import { buildReportCard, buildSupersededCard, buildThreadConfirmCard } from '../../../cards/report-card.js';
import { escapeMarkdown } from '../../../cards/types.js';
import type { ReportScope } from '../../../cards/actions.js';
import { parseNumeral } from '../../core/questions.js';
import { contentKey, parseReportForm } from '../../core/report-form.js';
import { statusAt, type AssignmentFact } from '../../core/status.js';
import { zhReview } from '../../core/texts-review.js';
import { zh } from '../../core/texts.js';
import { isAdmin, type Deps } from '../deps.js';
import type { CardActionEvent, MessageEvent } from '../events.js';
import type { OutboundMessage, ReportInput, StoredReport, StoredUnit } from '../ports/index.js';
import { currentByChat, issueCards, loadCardContext, openPeriods, reportCardView, type CardContext } from '../report-cards.js';
import { periodId } from '../../core/schedule.js';
import type { ActionAnswer, Feature } from './feature.js';

const doubleClickMs = 60_000;

const isContact = (unit: StoredUnit, openId: string) => unit.contacts.some((c) => c.openId === openId);
const contactName = (unit: StoredUnit, openId: string) => unit.contacts.find((c) => c.openId === openId)?.name;
const targetOf = (a: ReportScope) => ({ planSlug: a.plan, roundKey: a.round, period: a.period, unitCode: a.unit });

/** The card's context if the operator may report for its unit; else the toast that says why not. */
async function contextFor(deps: Deps, a: ReportScope, event: CardActionEvent): Promise<CardContext | ActionAnswer> {
  // The answer replaces the card that was clicked: it must be this unit's card of this round
  // period, or a forged value could overwrite another unit's card.
  const clicked = event.messageId ? await deps.cards.byMessage(event.messageId) : undefined;
  if (clicked && (clicked.planSlug !== a.plan || clicked.roundKey !== a.round || clicked.period !== a.period || clicked.unitCode !== a.unit)) {
    return { toast: { type: 'warning', content: zh.toast.staleCard } };
  }
  const ctx = await loadCardContext(deps, targetOf(a));
  if (!ctx || ctx.facts.length === 0) return { toast: { type: 'warning', content: zh.toast.staleCard } };
  if (!isContact(ctx.unit, event.operator.openId) && !(await isAdmin(deps, event.operator.openId))) {
    return { toast: { type: 'warning', content: zh.toast.notContact(ctx.unit.name) } };
  }
  return ctx;
}

/** The context after a save: only that fact changed, so nothing is read again. */
function withSaved(ctx: CardContext, fact: AssignmentFact, saved: StoredReport): CardContext {
  const report = { id: saved.id, version: saved.version, submittedAt: saved.submittedAt, percent: saved.percent, indicatorValues: saved.indicatorValues };
  const latest = new Map(ctx.latest).set(fact.id, saved);
  return { ...ctx, latest, facts: ctx.facts.map((f) => (f.id === fact.id ? { ...f, reports: [...f.reports, report] } : f)) };
}

export const reporting: Feature = {
  name: 'reporting',
  intents: {
    /** 填报 by a unit's contact in its chat: the current card of each open period it still owes, as a new message. */
    async fill(deps, _intent, { event, now, units, reply }) {
      const unit = units.find((u) => u.chats.includes(event.chatId));
      if (!unit) return reply(zh.fill.notBound);
      if (!isContact(unit, event.sender.openId) && !(await isAdmin(deps, event.sender.openId))) return reply(zh.fill.notContact(unit.name));
      const messages: OutboundMessage[] = [];
      for (const { slug } of await deps.plans.listPlans()) {
        const plan = await deps.plans.readPlan(slug);
        if (!plan) continue;
        const facts = await deps.assignments.facts(slug, { unitCode: unit.code });
        const mine = openPeriods(plan, now, deps.calendar).filter((p) => facts.some((f) => f.roundKey === p.roundKey && f.period === p.period));
        // The periods it still owes; with nothing owed, the latest one (to revise a report).
        const owing = mine.filter((p) => facts.some((f) => f.roundKey === p.roundKey && f.period === p.period && ['pending', 'overdue', 'returned'].includes(statusAt(f, now))));
        for (const p of owing.length > 0 ? owing : mine.slice(-1)) {
          const target = { planSlug: slug, ...p, unitCode: unit.code };
          const ctx = await loadCardContext(deps, target, { plan, units: new Map(units.map((u) => [u.code, u])) });
          if (!ctx || ctx.facts.length === 0) continue;
          messages.push(...(await issueCards(deps, target, [event.chatId], () => `fill:${event.messageId}:${periodId(p)}`, 'report.card', reportCardView(deps, ctx, now), now)));
        }
      }
      if (messages.length === 0) return reply(zh.fill.nothingOpen(unit.name));
      await deps.outbox.enqueue(messages, now);
    },
  },
  actions: {
    async 'report.pick'(deps, a, { event, now }) {
      const ctx = await contextFor(deps, a, event);
      if (!('plan' in ctx)) return ctx;
      if (!ctx.facts.some((f) => f.taskNumber === a.task)) return { toast: { type: 'warning', content: zh.toast.staleCard } };
      if (event.messageId) await deps.cards.selectTask(event.messageId, a.task);
      return { card: buildReportCard(reportCardView(deps, ctx, now, a.task)) };
    },

    async 'report.submit'(deps, a, { event, now }) {
      const ctx = await contextFor(deps, a, event);
      if (!('plan' in ctx)) return ctx;
      const tasks = ctx.facts.map((f) => f.taskNumber);
      const parsed = parseReportForm(event.formValue, {
        tasks,
        defaultTask: typeof event.formValue.task === 'string' ? undefined : tasks[0],
        indicatorKeys: (n) => ctx.tasks.find((x) => x.number === n)?.indicators.map((i) => i.key) ?? [],
      });
      if (!parsed.ok) {
        const indicatorName = (key: string) => ctx.tasks.flatMap((x) => x.indicators).find((i) => i.key === key)?.name ?? key;
        return { toast: { type: 'error', content: zh.toast.formProblem(parsed.problems[0]!, indicatorName) } };
      }
      const form = parsed.form;
      const fact = ctx.facts.find((f) => f.taskNumber === form.task)!;
      const hash = contentKey(form);
      const last = ctx.latest.get(fact.id);
      if (last && last.submittedBy === event.operator.openId && last.contentHash === hash && now.getTime() - last.submittedAt.getTime() < doubleClickMs) {
        return { toast: { type: 'success', content: zh.toast.duplicate(form.task, last.version) } };
      }
      const input: ReportInput = {
        assignmentId: fact.id,
        progress: form.progress,
        percent: form.percent,
        narrative: form.narrative,
        problems: form.problems,
        nextSteps: form.nextSteps,
        indicatorValues: form.indicatorValues,
        submittedBy: event.operator.openId,
        submittedByName: event.operator.name ?? contactName(ctx.unit, event.operator.openId),
        submittedAt: now,
        source: 'card',
        sourceEventId: event.eventId,
        contentHash: hash,
      };
      const saved = await deps.reports.save(input, now);
      const card = buildReportCard(reportCardView(deps, withSaved(ctx, fact, saved), now, form.task));
      // The unit's other chats show the same card: bring them up to date through the outbox,
      // so a failed update is retried like any message.
      // Only each chat's current card: the ones it replaced point to it and keep no form.
      const current = [...currentByChat(await deps.cards.forUnit(ctx.plan.slug, a.round, a.period, a.unit)).values()];
      const others = current.filter((o) => o.messageId !== event.messageId);
      const replaced = event.messageId !== undefined && !current.some((o) => o.messageId === event.messageId) && (await deps.cards.byMessage(event.messageId)) !== undefined;
      const updates: OutboundMessage[] = others.map((o) => ({
        key: `card.update:${event.eventId}:${o.messageId}`,
        kind: 'report.card.update',
        to: { type: 'message', id: o.messageId! },
        msgType: 'card.update',
        content: JSON.stringify(card),
      }));
      // A lead department's report to the office reaches the office's chat.
      if (ctx.round.recipient === 'office') updates.push(...(await officeNotice(deps, ctx, saved)));
      if (updates.length > 0) await deps.outbox.enqueue(updates, now);
      const late = now.getTime() > fact.dueAt.getTime();
      // From a card a newer one replaced (still within its 14 days): kept, and the current card shows it.
      if (replaced) {
        const newest = current.map((o) => o.sentAt?.getTime() ?? 0).reduce((x, y) => Math.max(x, y), 0);
        const pointer = buildSupersededCard({ unitName: ctx.unit.name, newAt: new Date(newest || now.getTime()), timezone: ctx.plan.timezone });
        return { toast: { type: 'success', content: zh.toast.submittedOnOld(form.task, saved.version) }, card: pointer, processed: true };
      }
      return { toast: { type: 'success', content: late ? zh.toast.submittedLate(form.task, saved.version) : zh.toast.submitted(form.task, saved.version) }, card, processed: true };
    },

    /** [是] / [否] under a short thread reply: kept as the task's narrative once, or dropped. */
    async 'thread.confirm'(deps, a, { event, now }) {
      const ctx = await contextFor(deps, a, event);
      if (!('plan' in ctx)) return ctx;
      const fact = ctx.facts.find((f) => f.taskNumber === a.task);
      if (!fact) return { toast: { type: 'warning', content: zh.toast.staleCard } };
      const taskLabel = zh.taskLabel(a.task, ctx.tasks.find((t) => t.number === a.task)?.short ?? '');
      const view = { scope: a, task: a.task, taskLabel, message: a.message, text: a.text };
      if (!a.keep) return { toast: { type: 'info', content: zh.thread.dropped }, card: buildThreadConfirmCard({ ...view, answered: zh.thread.dropped }) };
      // Keyed by the reply, not the click: pressing [是] twice stores one version.
      const key = `thread:${a.message}`;
      const kept = ctx.latest.get(fact.id);
      const saved = kept?.sourceEventId === key ? kept : await storeThreadText(deps, ctx, fact, a.text, event.operator, key, now);
      const ack = zh.thread.ack(ctx.unit.name, a.task, saved.version);
      return { toast: { type: 'success', content: ack }, card: buildThreadConfirmCard({ ...view, answered: ack }) };
    },
  },

  /** A text reply in a report card's thread adds to that task's narrative: a new version. */
  async threadReply(deps, event, now) {
    const card = event.rootId ? await deps.cards.byMessage(event.rootId) : undefined;
    if (!card) return false;
    if (event.text) await onThreadReply(deps, event, card, now);
    return true;
  },
};

/** What the office's chat gets when a lead department reports to it: the report as written. */
async function officeNotice(deps: Deps, ctx: CardContext, saved: StoredReport): Promise<OutboundMessage[]> {
  const office = await deps.directory.unit(ctx.plan.officeCode);
  const task = ctx.plan.tasks.find((t) => t.number === ctx.facts.find((f) => f.id === saved.assignmentId)?.taskNumber);
  const label = zh.taskLabel(task?.number ?? '', task?.short);
  const f = zhReview.fields;
  const lines = [
    `${zh.dateTime(saved.submittedAt, ctx.plan.timezone)} ${escapeMarkdown(saved.submittedByName ?? '')} · 第${saved.version}版 · ${saved.percent}%`,
    `**${f.narrative}**\n${escapeMarkdown(saved.narrative)}`,
    ...(saved.problems ? [`**${f.problems}**\n${escapeMarkdown(saved.problems)}`] : []),
    ...(saved.nextSteps ? [`**${f.nextSteps}**\n${escapeMarkdown(saved.nextSteps)}`] : []),
  ];
  const card = JSON.stringify(buildNoticeCard({ title: zhReview.office.title(ctx.unit.name, label), template: 'blue', lines }));
  return (office?.chats ?? []).map((chat) => ({ key: `office.report:${saved.id}:${chat}`, kind: 'office.report', to: { type: 'chat', id: chat }, msgType: 'interactive', content: card }));
}

/** Under this many characters, with no task named, a thread reply is asked about first ("收到"). */
const shortReply = 10;

/** A thread reply as a new version of the task: added to its narrative, the rest carried over. */
async function storeThreadText(deps: Deps, ctx: CardContext, fact: AssignmentFact, text: string, sender: { openId: string; name?: string | undefined }, eventId: string, now: Date): Promise<StoredReport> {
  const last = ctx.latest.get(fact.id);
  const content = {
    progress: last?.progress ?? ('in_progress' as const),
    percent: last?.percent ?? 0,
    narrative: last ? `${last.narrative}\n${text}` : text,
    problems: last?.problems ?? '',
    nextSteps: last?.nextSteps ?? '',
    indicatorValues: last?.indicatorValues ?? {},
  };
  return deps.reports.save(
    {
      assignmentId: fact.id,
      ...content,
      submittedBy: sender.openId,
      submittedByName: sender.name ?? contactName(ctx.unit, sender.openId),
      submittedAt: now,
      source: 'thread',
      sourceEventId: eventId,
      contentHash: contentKey({ task: fact.taskNumber, ...content }),
    },
    now,
  );
}

async function onThreadReply(deps: Deps, event: MessageEvent, card: { planSlug: string; roundKey: string; period: string; unitCode: string; selectedTask?: string | undefined }, now: Date) {
  const inThread = (msgType: 'text' | 'interactive', content: unknown) =>
    deps.outbox.enqueue([{ key: `reply:${event.messageId}`, kind: msgType === 'text' ? 'text' : 'thread.confirm', to: { type: 'reply', id: event.messageId, inThread: true }, msgType, content: JSON.stringify(content) }], now);
  const ctx = await loadCardContext(deps, card);
  if (!ctx) return;
  if (!isContact(ctx.unit, event.sender.openId) && !(await isAdmin(deps, event.sender.openId))) {
    await inThread('text', { text: zh.toast.notContact(ctx.unit.name) });
    return;
  }
  // "任务三 …" names the task; otherwise the task the card shows.
  const named = parseNumeral(/^任务\s*([一二三四五六七八九十]+|\d+)/.exec(event.text)?.[1] ?? '');
  const number = named !== undefined ? String(named) : card.selectedTask;
  const fact = ctx.facts.find((f) => f.taskNumber === number) ?? ctx.facts.find((f) => statusAt(f, now) !== 'accepted');
  if (!fact) return;
  const text = event.text.trim();
  if (named === undefined && [...text].length < shortReply) {
    const task = ctx.tasks.find((t) => t.number === fact.taskNumber);
    const scope = { plan: card.planSlug, round: card.roundKey, period: card.period, unit: card.unitCode };
    await inThread('interactive', buildThreadConfirmCard({ scope, task: fact.taskNumber, taskLabel: zh.taskLabel(fact.taskNumber, task?.short ?? ''), message: event.messageId, text }));
    return;
  }
  const saved = await storeThreadText(deps, ctx, fact, event.text, event.sender, event.eventId, now);
  await inThread('text', { text: zh.thread.ack(ctx.unit.name, fact.taskNumber, saved.version) });
}
