// Daily summaries against real libSQL with the real migrations and the seed plan: a replay of
// three weeks (reports, resubmissions, reviews, late reports, a plan reload) summarized day by
// day must agree with a full computation every day, and with recompute at the end.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildDailySummaryCard } from '../../cards/daily-summary-card.js';
import { checkCard } from '../../cards/card-schema.js';
import { recomputeSummaries, summarizeDay, type DailySummaryDeps, type StoredSummaryDay } from '../../src/app/daily-summary.js';
import { loadPlan } from '../../src/app/load-plan.js';
import type { PlanStore } from '../../src/app/ports/index.js';
import type { DatabaseStorage } from '../../src/storage/index.js';
import { chinaCalendar } from '../../src/calendar/china.js';
import { summaryCommand } from '../../src/cli/summary-command.js';
import type { PlanSpec } from '../../src/core/plan-spec.js';
import { compareRows, dayCut, summarizeFull, type SummaryRow } from '../../src/core/summary.js';
import { addDays, fixedClock } from '../../src/core/time.js';
import type { Database } from '../../src/storage/database.js';
import { readPlanFile, seedPlanFile } from '../../src/storage/plan-files.js';
import { loadSeed, openTestStore, seedSlug } from '../support/runtime.js';

const tz = 'Asia/Shanghai';
const at = (date: string, time = '18:00') => new Date(`${date}T${time}:00+08:00`);

let database: Database;
let store: PlanStore;
let storage: DatabaseStorage;
let deps: DailySummaryDeps;

beforeEach(async () => {
  const t = await openTestStore();
  storage = t.storage;
  database = storage.database;
  store = storage.plans;
  deps = { plans: store, directory: storage.directory, summaries: storage.summaries, calendar: chinaCalendar };
  await loadSeed(storage);
});
afterEach(() => database.close());

interface Assignment {
  id: number;
  round: string;
  period: string;
  task: string;
  unit: string;
  opensAt: number;
  dueAt: number;
}

async function assignments(): Promise<Assignment[]> {
  const r = await database.client.execute(
    `SELECT a.id, r.key AS round, a.period, t.number, u.code, a.opens_at, a.due_at FROM assignments a
     JOIN rounds r ON r.id = a.round_id JOIN tasks t ON t.id = a.task_id JOIN units u ON u.id = a.unit_id
     WHERE a.retired_at IS NULL ORDER BY a.id`,
  );
  return r.rows.map((row) => ({
    id: Number(row.id),
    round: String(row.round),
    period: String(row.period),
    task: String(row.number),
    unit: String(row.code),
    opensAt: Number(row.opens_at),
    dueAt: Number(row.due_at),
  }));
}

const find = (list: Assignment[], round: string, task: string, unit: string, period = '') =>
  list.find((a) => a.round === round && a.task === task && a.unit === unit && a.period === period)!;

async function report(assignmentId: number, when: Date, percent = 60, indicatorValues: Record<string, number> = {}) {
  return storage.reports.save(
    {
      assignmentId,
      progress: percent >= 100 ? 'done' : 'in_progress',
      percent,
      narrative: '已完成摸底排查',
      problems: '',
      nextSteps: '',
      indicatorValues,
      submittedBy: 'ou_test',
      submittedByName: '张三',
      submittedAt: when,
      source: 'card',
      contentHash: `h${assignmentId}-${when.getTime()}`,
    },
    when,
  );
}

/** Reviews are written by a later issue's use case; the rows are what matter here. */
async function review(assignmentId: number, decision: 'accept' | 'return', when: Date) {
  await database.client.execute({
    sql: `INSERT INTO reviews (assignment_id, report_id, decision, comment, reviewer_open_id, at)
          SELECT ?, max(id), ?, '', 'ou_lead', ? FROM reports WHERE assignment_id = ? AND submitted_at <= ? HAVING count(*) > 0`,
    args: [assignmentId, decision, when.getTime(), assignmentId, when.getTime()],
  });
}

const sorted = (rows: readonly SummaryRow[]) => [...rows].sort(compareRows);

async function storedDay(date: string): Promise<StoredSummaryDay> {
  const [day] = await deps.summaries.readDays(seedSlug, date, date);
  expect(day, `rows stored for ${date}`).toBeDefined();
  return day!;
}

/** The rows a full computation gives for the day from what is stored now. */
async function fullRows(date: string, now: Date) {
  return summarizeFull(await deps.summaries.allFacts(seedSlug), dayCut(date, tz, now));
}

/** A deterministic generator, so a failing replay can be replayed. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

type Action =
  | { t: number; kind: 'report'; a: Assignment; percent: number; values: Record<string, number> }
  | { t: number; kind: 'review'; a: Assignment; decision: 'accept' | 'return' }
  | { t: number; kind: 'reload' }
  | { t: number; kind: 'summary'; date: string };

const hour = 3600_000;
const day = 24 * hour;

/** Reports (some late, some resubmitted) and reviews for each assignment, between `from` and `to`. */
function eventsFor(list: readonly Assignment[], rnd: () => number, from: number, to: number): Action[] {
  const out: Action[] = [];
  for (const a of list) {
    if (rnd() < 0.25) continue; // never reports
    // Somewhere between opening and four days past the deadline: some land late.
    let t = a.opensAt + Math.floor(rnd() * (a.dueAt + 4 * day - a.opensAt));
    const versions = rnd() < 0.3 ? 2 : 1;
    for (let v = 0; v < versions; v++) {
      const values: Record<string, number> = a.task === '12' ? { 'entry-rate': 60 + Math.floor(rnd() * 40), 'online-rate': 80 + Math.floor(rnd() * 21) } : a.task === '9' ? { 'venues-per-village': Math.floor(rnd() * 50) / 10 } : {};
      if (t >= from && t <= to) out.push({ t, kind: 'report', a, percent: Math.floor(rnd() * 101), values });
      if (rnd() < 0.45) {
        const r = t + Math.floor(rnd() * 2 * day) + 1;
        if (r >= from && r <= to) out.push({ t: r, kind: 'review', a, decision: rnd() < 0.5 ? 'accept' : 'return' });
      }
      t += Math.floor(rnd() * 3 * day) + hour;
    }
  }
  return out;
}

/** The seed changed in its future only: round 2's deadline moves, a weekly round for task 12 is added. */
function reloadedSpec(): { spec: PlanSpec; directory: ReturnType<typeof readPlanFile>['directory'] } {
  const files = readPlanFile(seedPlanFile);
  const spec: PlanSpec = structuredClone(files.spec);
  spec.rounds = spec.rounds.map((r) => (r.key === 'round-2' ? { ...r, dueAt: '2020-11-12T18:00:00+08:00' } : r));
  spec.rounds.push({
    key: 'task12-weekly',
    name: '任务十二 周报',
    reporter: 'responsible',
    recipient: 'lead',
    opensAt: '2020-11-09T09:00:00+08:00',
    dueAt: '2020-11-11T18:00:00+08:00',
    recurrence: 'weekly',
    until: '2020-12-31',
    tasks: [12],
    reminders: { daysBefore: [1, 0], at: '09:00' },
    rollover: false,
  });
  return { spec, directory: files.directory };
}

describe('daily summaries over a replay', () => {
  const first = '2020-10-26';
  const last = '2020-11-14';
  const days: string[] = [];
  for (let d = first; d <= last; d = addDays(d, 1)) days.push(d);

  it('agree every day with a full computation, and at the end with recompute', async () => {
    const rnd = random(20201104);
    const start = at(first, '00:00').getTime();
    const end = at(addDays(last, 1), '00:00').getTime() - 1;
    const reloadAt = at('2020-11-03', '10:00').getTime();
    // What happened before the replay is there when it starts (the first day is computed fully).
    const history = eventsFor(await assignments(), rnd, 0, end);
    const before = history.filter((e) => e.t < start).sort((a, b) => a.t - b.t);
    const timeline: Action[] = [
      ...history.filter((e) => e.t >= start),
      { t: reloadAt, kind: 'reload' },
      ...days.map((d): Action => ({ t: at(d).getTime(), kind: 'summary', date: d })),
    ];
    const modes: Record<string, string> = {};
    let reports = 0;
    let reviews = 0;

    const run = async (action: Action) => {
      if (action.kind === 'report') {
        await report(action.a.id, new Date(action.t), action.percent, action.values);
        reports++;
      } else if (action.kind === 'review') {
        await review(action.a.id, action.decision, new Date(action.t));
        reviews++;
      } else if (action.kind === 'reload') {
        const known = new Set((await assignments()).map((a) => a.id));
        const result = await loadPlan(storage, reloadedSpec(), fixedClock(new Date(action.t)));
        expect(result.ok).toBe(true);
        // The new weekly assignments get their reports too.
        const added = (await assignments()).filter((a) => !known.has(a.id));
        expect(added.length).toBeGreaterThan(0);
        timeline.push(...eventsFor(added, rnd, action.t + 1, end));
      } else {
        const now = new Date(action.t);
        const view = await summarizeDay(deps, seedSlug, action.date, now);
        modes[action.date] = view.computation.mode;
        expect(sorted((await storedDay(action.date)).rows), action.date).toEqual(sorted(await fullRows(action.date, now)));
        // The day before was provisional (computed at 18:00) and is final now.
        const previous = addDays(action.date, -1);
        if (previous >= first) {
          const prev = await storedDay(previous);
          expect(prev.computedAt.getTime(), previous).toBe(now.getTime());
          expect(sorted(prev.rows), previous).toEqual(sorted(await fullRows(previous, now)));
        }
        expect(view.plan.slug).toBe(seedSlug);
        expect(checkCard(buildDailySummaryCard(view)), action.date).toEqual([]);
      }
    };

    for (const action of before) await run(action);
    while (timeline.length > 0) {
      timeline.sort((a, b) => a.t - b.t || (a.kind === 'summary' ? 1 : 0) - (b.kind === 'summary' ? 1 : 0));
      await run(timeline.shift()!);
    }
    // The last day, once it is over.
    const after = at(addDays(last, 1), '09:00');
    await summarizeDay(deps, seedSlug, last, after);

    expect(reports).toBeGreaterThan(60);
    expect(reviews).toBeGreaterThan(15);
    expect(modes[first]).toBe('full');
    expect(modes['2020-11-03']).toBe('full'); // the plan was reloaded that morning
    expect(Object.entries(modes).filter(([, m]) => m === 'full').map(([d]) => d)).toEqual([first, '2020-11-03']);

    const incremental = await deps.summaries.readDays(seedSlug, first, last);
    expect(incremental.map((d) => d.date)).toEqual(days);
    const result = await recomputeSummaries(deps, seedSlug, after, first, last);
    expect(result).toMatchObject({ from: first, to: last, days: days.length });
    const recomputed = await deps.summaries.readDays(seedSlug, first, last);
    expect(recomputed.map((d) => d.date)).toEqual(days);
    recomputed.forEach((d, i) => expect(sorted(d.rows), d.date).toEqual(sorted(incremental[i]!.rows)));

    // The replay touched every kind of count.
    const totals = incremental.map((d) => d.rows.find((r) => r.scope === 'plan')!);
    for (const field of ['late', 'overdue', 'accepted', 'onTime'] as const) expect(Math.max(...totals.map((r) => r[field])), field).toBeGreaterThan(0);
    expect(totals.at(-1)!.indicatorValues['12:entry-rate']).toBeGreaterThan(0);
  });

  it('after a reload that retires assignments, the next day is computed afresh, then carried forward again', async () => {
    const list = await assignments();
    await report(find(list, 'round-1', '10', 'tengchong').id, at('2020-10-27', '10:00'));
    await report(find(list, 'round-1', '1', 'tengchong').id, at('2020-10-27', '11:00'), 80);
    await summarizeDay(deps, seedSlug, '2020-10-27', at('2020-10-27'));
    const before = (await storedDay('2020-10-27')).rows.find((r) => r.scope === 'task' && r.key === '10')!;

    // Round 1 no longer asks for task 10.
    const files = readPlanFile(seedPlanFile);
    const spec: PlanSpec = structuredClone(files.spec);
    spec.rounds = spec.rounds.map((r) => (r.key === 'round-1' ? { ...r, tasks: [1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12] } : r));
    const reloaded = await loadPlan(storage, { spec, directory: files.directory }, fixedClock(at('2020-10-28', '08:00')));
    expect(reloaded.ok && reloaded.saved.retired).toBe(7);

    const view = await summarizeDay(deps, seedSlug, '2020-10-28', at('2020-10-28'));
    expect(view.computation.mode).toBe('full');
    const after = (await storedDay('2020-10-28')).rows.find((r) => r.scope === 'task' && r.key === '10')!;
    expect(after.expected).toBe(before.expected - 7);
    expect(sorted((await storedDay('2020-10-28')).rows)).toEqual(sorted(await fullRows('2020-10-28', at('2020-10-28'))));

    await report(find(list, 'round-1', '2', 'shidian').id, at('2020-10-29', '09:30'));
    const next = await summarizeDay(deps, seedSlug, '2020-10-29', at('2020-10-29'));
    expect(next.computation).toMatchObject({ mode: 'incremental', base: '2020-10-28' });
    expect(sorted((await storedDay('2020-10-29')).rows)).toEqual(sorted(await fullRows('2020-10-29', at('2020-10-29'))));
  });

  it('recompute repairs what an increment cannot see: a backfilled report and a damaged row', async () => {
    const list = await assignments();
    for (const d of ['2020-11-02', '2020-11-03', '2020-11-04', '2020-11-05']) {
      await report(find(list, 'round-1', '3', 'longling').id, at(d, '10:00'), 50);
      await summarizeDay(deps, seedSlug, d, at(addDays(d, 1), '08:00'));
    }
    // Entered on the 6th for the 3rd (a phone report typed in by the office).
    await report(find(list, 'round-1', '5', 'changning').id, at('2020-11-03', '15:00'), 100);
    await database.client.execute(`UPDATE daily_summaries SET submitted = 999 WHERE date = '2020-11-02' AND scope = 'plan'`);
    const now = at('2020-11-06', '09:00');
    const stale = await storedDay('2020-11-04');
    expect(sorted(stale.rows)).not.toEqual(sorted(await fullRows('2020-11-04', now)));

    const result = await recomputeSummaries(deps, seedSlug, now);
    expect(result).toMatchObject({ from: '2020-11-02', to: '2020-11-05', days: 4 });
    for (const d of ['2020-11-02', '2020-11-03', '2020-11-04', '2020-11-05']) {
      expect(sorted((await storedDay(d)).rows), d).toEqual(sorted(await fullRows(d, now)));
    }
  });
});

describe('the summary of 4 November 2020 at 18:00', () => {
  const now = at('2020-11-04');

  beforeEach(async () => {
    const list = await assignments();
    for (let task = 1; task <= 12; task++) {
      await report(find(list, 'round-1', String(task), 'tengchong').id, at('2020-11-02', '10:00'), 60, task === 12 ? { 'entry-rate': 86, 'online-rate': 95 } : {});
    }
    await report(find(list, 'round-1', '1', 'shidian').id, at('2020-11-04', '09:00'), 40);
    await report(find(list, 'round-1', '2', 'shidian').id, at('2020-11-04', '10:00'), 50);
    await report(find(list, 'round-1', '12', 'shidian').id, at('2020-11-04', '11:00'), 30, { 'entry-rate': 90 });
    // After the summary was sent: tomorrow's news.
    await report(find(list, 'round-1', '3', 'longyang').id, at('2020-11-04', '20:00'), 70);
    await storage.directory.bindChat({ unitCode: 'changning', chatId: 'oc_changning', contacts: [], by: 'ou_admin', at: at('2020-10-20', '09:00') });
    await database.client.execute({
      sql: `INSERT INTO outbox (idempotency_key, kind, recipient_type, recipient_id, msg_type, content, status, attempts, next_attempt_at, last_error, created_at)
            VALUES (?, 'reminder', 'chat_id', 'oc_changning', 'text', '{}', 'failed', 1, ?, ?, ?), (?, 'reminder', 'chat_id', 'oc_changning', 'text', '{}', 'failed', 1, ?, ?, ?),
                   (?, 'report.card', 'chat_id', 'oc_unknown', 'interactive', '{}', 'failed', 1, ?, ?, ?)`,
      args: [
        'k1', now.getTime(), '230002 Bot is not in the chat', at('2020-11-04', '09:00').getTime(),
        'k2', now.getTime(), '230002 Bot is not in the chat', at('2020-11-04', '10:00').getTime(),
        'k3', now.getTime(), '230099 card content failed', at('2020-11-04', '11:00').getTime(),
      ],
    });
  });

  it('counts what was expected, in and overdue, and lists today’s reports', async () => {
    const view = await summarizeDay(deps, seedSlug, '2020-11-04', now);
    // Round 1 (85) and the monthly rounds opened by then: task 4 Aug–Nov (4 × 7), task 7 Sep–Nov (3 × 8).
    expect(view.totals).toMatchObject({ expected: 85 + 28 + 24, submitted: 15, onTime: 15, late: 0, overdue: 21 + 16, accepted: 0 });
    expect(view.totals.pending).toBe(137 - 15 - 37);
    expect(view.totals.onTimeRate).toBeCloseTo(15 / 52);
    expect(view.totals.meanPercent).toBeCloseTo((12 * 60 + 40 + 50 + 30) / 15);
    expect(view.status).toBe('overdue');
    expect(view.provisional).toBe(true);
    expect(view.today.count).toBe(3);
    expect(view.today.reports.map((r) => `${r.unitName} ${r.taskNumber}`)).toEqual(['施甸县 1', '施甸县 2', '施甸县 12']);
    // Round 1 and task 7's November period are due tomorrow 18:00, a working day away.
    expect(view.dueSoon).toEqual({ dueAt: at('2020-11-05'), count: 70 + 8 });
    expect(view.units.find((u) => u.code === 'tengchong')).toMatchObject({ name: '腾冲市', expected: 19, submitted: 12, overdue: 5 });
    // Counties and parks: task 4 Aug–Oct and task 7 Sep–Oct; the bus company task 7 only.
    expect(view.overdueUnits).toBe(8);
    expect(view.overdue[0]).toMatchObject({ count: 5, oldestDueAt: at('2020-08-31') });
    expect(view.overdue.find((o) => o.unitCode === 'bus')).toMatchObject({ count: 2, oldestDueAt: at('2020-09-05') });
    expect(view.indicators.find((i) => i.key === 'entry-rate')).toMatchObject({ taskNumber: '12', value: 88, reporters: 2, target: 90, due: '2020-12-31', met: false });
    expect(view.indicators.find((i) => i.key === 'online-rate')).toMatchObject({ value: 95, reporters: 1, met: false });
    expect(view.indicators.find((i) => i.key === 'venues-per-village')).toMatchObject({ taskNumber: '9', value: null, reporters: 0, met: null });
    expect(view.deliveryProblems).toEqual([
      expect.objectContaining({ recipientType: 'chat', unitName: '昌宁县', code: 230002, count: 2 }),
      expect.objectContaining({ recipientType: 'chat', recipientId: 'oc_unknown', unitName: undefined, code: 230099, count: 1 }),
    ]);
  });

  it('makes a card that Lark accepts and people can read', async () => {
    const card = buildDailySummaryCard(await summarizeDay(deps, seedSlug, '2020-11-04', now, { warnings: ['工作日历未覆盖2027年'] }));
    expect(checkCard(card)).toEqual([]);
    expect(card.header).toMatchObject({ title: { content: '【日报】11月4日（周三）' }, template: 'red' });
    const text = JSON.stringify(card);
    for (const line of ['应报 137 · 已报 15 · 逾期 37 · 按时率 29%', '今日新报 3 项', '政务服务进驻率 88%（目标 ≥90%，12月31日前）', '向昌宁县群发送失败：机器人不在群内（2条）', '工作日历未覆盖2027年']) {
      expect(text).toContain(line);
    }
  });

  it('answers duban summary as text and as JSON with zoned times', async () => {
    const cli = { ...deps, clock: fixedClock(now), warnings: () => ['工作日历未覆盖2027年'] };
    const text = await summaryCommand({ slug: seedSlug, date: '2020-11-04', json: false, recompute: false }, cli);
    expect(text).toContain('【日报】11月4日（周三）');
    expect(text).toContain('应报 137 · 已报 15 · 逾期 37 · 按时率 29%');
    expect(text).toMatch(/腾冲市\s+19\s+12/);
    const json = JSON.parse(await summaryCommand({ date: '2020-11-04', json: true, recompute: false }, cli)) as Record<string, unknown> & {
      overdue: { oldestDueAt: string }[];
      indicators: { due?: string }[];
    };
    expect(json).toMatchObject({ date: '2020-11-04', asOf: '2020-11-04T18:00:00+08:00', computedAt: '2020-11-04T18:00:00+08:00', warnings: ['工作日历未覆盖2027年'] });
    expect(json.overdue[0]!.oldestDueAt).toBe('2020-08-31T18:00:00+08:00');
    expect(json.indicators.find((i) => i.due)!.due).toBe('2020-12-31');
    const recomputed = JSON.parse(await summaryCommand({ slug: seedSlug, json: true, recompute: true }, cli)) as { from: string; to: string };
    expect(recomputed).toMatchObject({ from: '2020-11-04', to: '2020-11-04' });
    await expect(summaryCommand({ slug: seedSlug, date: '2020-11-31', json: false, recompute: false }, cli)).rejects.toThrow('not a date');
    await expect(summaryCommand({ slug: 'nope', json: false, recompute: false }, cli)).rejects.toThrow('unknown plan');
  });
});
