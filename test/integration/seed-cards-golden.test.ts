// Golden card JSON for the seed plan at fixed times, built through the same use cases the
// bot uses. A change in what a leader or a county sees shows up as a diff of these files.
import { describe, expect, it } from 'vitest';
import { buildOverviewCard, buildUnitCard } from '../../cards/answer-cards.js';
import { buildReportCard } from '../../cards/report-card.js';
import { checkCard } from '../../cards/card-schema.js';
import { overviewView, unitView } from '../../src/app/answer-question.js';
import { planStatus } from '../../src/app/plan-status.js';
import { loadCardContext, reportCardView } from '../../src/app/report-cards.js';
import { chinaCalendar } from '../../src/calendar/china.js';
import { loadSeed, openTestStore, seedSlug } from '../support/runtime.js';

describe('the seed plan’s cards at fixed times', () => {
  it('the overview and 腾冲市’s unit card the morning after round 1’s deadline, and 腾冲市’s report card at the opening', async () => {
    const { storage, cards } = await openTestStore();
    await loadSeed(storage);
    const plan = (await storage.plans.readPlan(seedSlug))!;
    const units = await storage.directory.units();

    const at = new Date('2020-11-06T09:00:00+08:00');
    const status = await planStatus(storage, seedSlug, at);
    const overview = buildOverviewCard(overviewView(plan, status, at, chinaCalendar));
    const unit = buildUnitCard(unitView(plan, status, units, 'tengchong', at, chinaCalendar));

    const opening = new Date('2020-10-22T09:00:00+08:00');
    const ctx = (await loadCardContext(cards, { planSlug: seedSlug, roundKey: 'round-1', period: '', unitCode: 'tengchong' }))!;
    const report = buildReportCard(reportCardView(cards, ctx, opening));

    for (const card of [overview, unit, report]) expect(checkCard(card)).toEqual([]);
    await expect(JSON.stringify(overview, null, 2) + '\n').toMatchFileSnapshot('../golden/cards/seed-overview-2020-11-06.json');
    await expect(JSON.stringify(unit, null, 2) + '\n').toMatchFileSnapshot('../golden/cards/seed-unit-tengchong-2020-11-06.json');
    await expect(JSON.stringify(report, null, 2) + '\n').toMatchFileSnapshot('../golden/cards/seed-report-card-tengchong-2020-10-22.json');
  });
});
