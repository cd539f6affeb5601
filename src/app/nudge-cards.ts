// A unit's reminder, overdue ping or 催办 is its report card, with the reminder on top; so is
// the card re-issued before Feishu's 14 days run out (cards take no clicks or updates after
// that, lark-protocol.md §6.7a) and the one 填报 asks for. Each new card becomes the unit's
// current card in its chat; the one before it is updated, while it still can be, to say where
// the new one is, and loses its form.
import type { Plan } from '../core/plan.js';
import type { OutboundMessage, StoredUnit } from './ports/index.js';
import { issueCards, loadCardContext, reportCardView, type CardDeps } from './report-cards.js';
import { indexOf, messagesFor, nudgeKind, nudgeNotice, type NudgeAction } from './scheduled-messages.js';

/** The nudge's period whose card it is: one running out of its 14 days, else one still due, else an overdue one. */
function periodOf(action: NudgeAction) {
  return action.entries.find((e) => e.kind === 'renew') ?? action.entries.find((e) => e.kind === 'reminder') ?? action.entries[0];
}

/** The messages of a unit's reminder, ping or 催办: its report card with the reminder on top, in each of its chats. */
export async function nudgeCardMessages(deps: CardDeps, action: NudgeAction, plan: Plan, units: readonly StoredUnit[], today: string, now: Date): Promise<OutboundMessage[]> {
  const byCode = indexOf(units);
  const unit = byCode.get(action.unitCode);
  const entry = periodOf(action);
  if (!unit || !entry || unit.chats.length === 0) return [];
  const target = { planSlug: plan.slug, roundKey: entry.roundKey, period: entry.period, unitCode: unit.code };
  const ctx = await loadCardContext(deps, target, { plan, units: byCode });
  if (!ctx || ctx.facts.length === 0) return messagesFor(action, plan, units, today);
  const view = { ...reportCardView(deps, ctx, now, entry.tasks[0]), notice: nudgeNotice(action, plan, unit, today) };
  return issueCards(deps, target, unit.chats, (chat) => `${action.key}:${chat}`, nudgeKind(action), view, now);
}
