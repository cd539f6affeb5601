// The 18:00 daily summary as the office receives it: the day's aggregates stored, the card
// built, one message to each office chat (with the calendar warning when there is one).
import { buildDailySummaryCard } from '../../cards/daily-summary-card.js';
import { planCalendarWarning } from './calendar-coverage.js';
import { summarizeDay, type DailySummaryDeps } from './daily-summary.js';
import type { OutboundMessage } from './ports/index.js';
import type { CoveredCalendar } from '../core/workdays.js';

export async function dailySummaryMessages(
  deps: DailySummaryDeps & { calendar: CoveredCalendar },
  slug: string,
  date: string,
  at: Date,
): Promise<OutboundMessage[]> {
  const plan = await deps.plans.readPlan(slug);
  if (!plan) return [];
  const warning = planCalendarWarning(plan, deps.calendar, at);
  const view = await summarizeDay(deps, slug, date, at, { warnings: warning ? [warning.zh] : [] });
  const office = await deps.directory.unit(plan.officeCode);
  const card = JSON.stringify(buildDailySummaryCard(view));
  return (office?.chats ?? []).map((chat) => ({
    key: `summary:${slug}:${date}:${chat}`,
    kind: 'daily.summary',
    to: { type: 'chat', id: chat },
    msgType: 'interactive',
    content: card,
  }));
}
