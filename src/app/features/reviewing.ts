// Review: a lead department (or the office, or a leader) accepts a unit's report from its
// digest, or returns it with a reason; a return sends the unit a revision card, prefilled
// with the returned report, and its resubmission comes back marked 修改后重报.
import { buildReportCard } from '../../../cards/report-card.js';
import { buildDigestCard, buildReturnDoneCard, buildReturnFormCard, returnFields } from '../../../cards/review-cards.js';
import type { Plan } from '../../core/plan.js';
import { leadsOf, mayReview } from '../../core/review.js';
import { zhReview } from '../../core/texts-review.js';
import { zh } from '../../core/texts.js';
import { zonedDate } from '../../core/time.js';
import { viewerOf } from '../answer-question.js';
import type { Deps } from '../deps.js';
import type { CardActionEvent } from '../events.js';
import { digestView } from '../lead-digests.js';
import type { OutboundMessage, ReportInContext, StoredUnit } from '../ports/index.js';
import { cardKey, loadCardContext, reportCardView } from '../report-cards.js';
import { contactsToMention } from '../scheduled-messages.js';
import type { ActionAnswer, Feature } from './feature.js';

interface Reviewing {
  plan: Plan;
  report: ReportInContext;
  units: StoredUnit[];
  unitName: string;
  task: string;
  reviewer: { openId: string; name?: string | undefined; unitCode?: string | undefined };
}

const warn = (content: string): ActionAnswer => ({ toast: { type: 'warning', content } });

/** The report under review if the operator may review it and it is still the latest version; else the toast. */
async function underReview(deps: Deps, slug: string, reportId: number, event: CardActionEvent): Promise<Reviewing | ActionAnswer> {
  const [plan, [report]] = await Promise.all([deps.plans.readPlan(slug), deps.reviews.reports([reportId])]);
  if (!plan || !report || report.planSlug !== slug) return warn(zh.toast.staleCard);
  const units = await deps.directory.units();
  const name = (code: string) => units.find((u) => u.code === code)?.name ?? code;
  const task = zh.taskLabel(report.taskNumber, plan.tasks.find((t) => t.number === report.taskNumber)?.short);
  const viewer = viewerOf(plan, units, deps.admins, event.operator.openId);
  if (!mayReview(viewer, plan, report.taskNumber)) return warn(zhReview.toast.notReviewer(task, leadsOf(plan, report.taskNumber).map(name)));
  const latest = (await deps.reports.latest([report.assignmentId])).get(report.assignmentId);
  if (latest && latest.version !== report.version) return warn(zhReview.toast.stale(name(report.unitCode), task, latest.version));
  const reviewerUnit = leadsOf(plan, report.taskNumber).find((code) => viewer.contactOf.includes(code)) ?? viewer.contactOf[0];
  const reviewerName = event.operator.name ?? units.flatMap((u) => u.contacts).find((c) => c.openId === event.operator.openId)?.name;
  return { plan, report, units, unitName: name(report.unitCode), task, reviewer: { openId: event.operator.openId, name: reviewerName, unitCode: reviewerUnit } };
}

/** The clicked digest drawn again (the callback's answer); the other digests showing the report are redrawn by the next tick. */
async function redrawDigests(deps: Deps, r: Reviewing, clickedMessage: string | undefined): Promise<unknown> {
  const showing = await deps.digests.showing(r.plan.slug, [r.report.id]);
  const clicked = showing.find((d) => d.messageId === clickedMessage);
  await deps.digests.save(r.plan.slug, { create: [], extend: [], drawn: [], dirty: showing.filter((d) => d !== clicked).map((d) => d.id) });
  return clicked ? buildDigestCard(await digestView(deps, r.plan, clicked, new Map(r.units.map((u) => [u.code, u])))) : undefined;
}

export const reviewing: Feature = {
  name: 'reviewing',
  actions: {
    async 'review.accept'(deps, a, { event, now }) {
      const r = await underReview(deps, a.plan, a.report, event);
      if (!('report' in r)) return r;
      const last = (await deps.reviews.ofAssignments([r.report.assignmentId])).at(-1);
      if (last && last.reportId === r.report.id && last.decision === 'accept') return { toast: { type: 'info', content: zhReview.toast.alreadyAccepted(r.unitName, r.task) } };
      await deps.reviews.record({
        reportId: r.report.id,
        assignmentId: r.report.assignmentId,
        decision: 'accept',
        comment: '',
        reviewerOpenId: r.reviewer.openId,
        reviewerName: r.reviewer.name,
        reviewerUnitCode: r.reviewer.unitCode,
        at: now,
      });
      const card = await redrawDigests(deps, r, event.messageId);
      return { toast: { type: 'success', content: zhReview.toast.accepted(r.unitName, r.task, r.report.version) }, ...(card ? { card } : {}) };
    },

    async 'review.return'(deps, a, { event, now }) {
      const r = await underReview(deps, a.plan, a.report, event);
      if (!('report' in r)) return r;
      if (!event.chatId) return warn(zh.toast.staleCard);
      // The reason form goes to the chat as its own card: the digest is shared by everyone in it.
      const form = buildReturnFormCard({ plan: a.plan, reportId: r.report.id, unitName: r.unitName, task: r.task, version: r.report.version });
      await deps.outbox.enqueue(
        [{ key: `return.form:${event.eventId}`, kind: 'review.form', to: event.messageId ? { type: 'reply', id: event.messageId } : { type: 'chat', id: event.chatId }, msgType: 'interactive', content: JSON.stringify(form) }],
        now,
      );
      return { toast: { type: 'info', content: zhReview.toast.returnOpened } };
    },

    async 'review.reason'(deps, a, { event, now }) {
      const reason = typeof event.formValue[returnFields.reason] === 'string' ? String(event.formValue[returnFields.reason]).trim() : '';
      if (!reason) return { toast: { type: 'error', content: zhReview.toast.reasonRequired } };
      const r = await underReview(deps, a.plan, a.report, event);
      if (!('report' in r)) return r;
      const review = await deps.reviews.record({
        reportId: r.report.id,
        assignmentId: r.report.assignmentId,
        decision: 'return',
        comment: reason,
        reviewerOpenId: r.reviewer.openId,
        reviewerName: r.reviewer.name,
        reviewerUnitCode: r.reviewer.unitCode,
        at: now,
      });
      await sendRevisionCards(deps, r, reason, review.id, now);
      await redrawDigests(deps, r, undefined);
      const reviewerUnit = r.units.find((u) => u.code === r.reviewer.unitCode)?.name ?? '';
      const done = zhReview.returnForm.done(r.unitName, r.task, `${reviewerUnit} ${r.reviewer.name ?? ''}`.trim(), now, r.plan.timezone);
      return {
        toast: { type: 'success', content: zhReview.toast.returned(r.unitName, r.task) },
        card: buildReturnDoneCard({ plan: a.plan, reportId: r.report.id, unitName: r.unitName, task: r.task, version: r.report.version, done, reason }),
      };
    },
  },
};

/** The unit's chats get a revision card: the reason and who returned it, @ its contacts, the form prefilled with the returned report. */
async function sendRevisionCards(deps: Deps, r: Reviewing, reason: string, reviewId: number, now: Date): Promise<void> {
  const target = { planSlug: r.plan.slug, roundKey: r.report.roundKey, period: r.report.period, unitCode: r.report.unitCode };
  const ctx = await loadCardContext(deps, target);
  if (!ctx) return;
  const reviewerUnit = r.units.find((u) => u.code === r.reviewer.unitCode)?.name ?? '';
  const view = {
    ...reportCardView(deps, ctx, now, r.report.taskNumber),
    notice: {
      title: zhReview.revision.title(ctx.unit.name, r.task),
      lines: [zhReview.revision.line(r.reviewer.name ?? '', reviewerUnit, now, r.plan.timezone, reason), zhReview.revision.pointToForm],
      mentions: contactsToMention(ctx.unit, zonedDate(now, r.plan.timezone)).flatMap((c) => (c.openId ? [c.openId] : [])),
    },
  };
  const content = JSON.stringify(buildReportCard(view));
  const messages: OutboundMessage[] = [];
  for (const chatId of ctx.unit.chats) {
    const key = `revision:${reviewId}:${cardKey(target, chatId)}`;
    await deps.cards.save({ ...target, chatId, outboxKey: key, selectedTask: r.report.taskNumber });
    messages.push({ key, kind: 'report.card', to: { type: 'chat', id: chatId }, msgType: 'interactive', content });
  }
  await deps.outbox.enqueue(messages, now);
}
