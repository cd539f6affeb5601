import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import * as s from '../../db/schema.js';
import { loadPlan } from '../../src/app/load-plan.js';
import { planStatus } from '../../src/app/plan-status.js';
import { runTick } from '../../src/app/run-tick.js';
import { fixedClock } from '../../src/core/time.js';
import type { Database } from '../../src/storage/database.js';
import { readPlanFile, seedPlanFile } from '../../src/storage/plan-files.js';
import { loadSeed, openTestStore, seedSlug, tempDir } from '../support/runtime.js';

let open: Database[] = [];
afterEach(() => {
  for (const d of open) d.close();
  open = [];
});

async function store(url?: string) {
  const t = await openTestStore(url);
  open.push(t.database);
  return t;
}

const seedFiles = () => readPlanFile(seedPlanFile);

async function addReport(database: Database, unitCode: string, taskNumber: string, roundKey: string, at: string) {
  const [row] = await database.client
    .execute({
      sql: `SELECT a.id FROM assignments a JOIN units u ON u.id = a.unit_id JOIN tasks t ON t.id = a.task_id JOIN rounds r ON r.id = a.round_id
            WHERE u.code = ? AND t.number = ? AND r.key = ?`,
      args: [unitCode, taskNumber, roundKey],
    })
    .then((r) => r.rows);
  await database.db.insert(s.reports).values({
    assignmentId: Number(row!.id),
    version: 1,
    progress: 'in_progress',
    percent: 60,
    narrative: '已完成摸底排查',
    submittedBy: 'ou_test',
    submittedAt: new Date(at),
    source: 'cli',
    contentHash: 'h',
  });
}

describe.each([
  ['in memory', () => undefined],
  ['in a file (WAL)', () => `file:${join(tempDir(), 'duban.db')}`],
])('plan storage %s', (_name, url) => {
  it('loads the seed: 12 tasks, their sub-tasks, units and every assignment', async () => {
    const { storage: st, database } = await store(url());
    const result = await loadSeed(st);
    expect(result.saved).toMatchObject({ assignments: 85 + 13 + 5 * 7 + 4 * 8, added: 85 + 13 + 35 + 32, retired: 0 });
    const plan = await st.plans.readPlan(seedSlug);
    expect(plan!.tasks).toHaveLength(12);
    expect(plan!.tasks[5]!.subtasks.map((t) => t.number)).toEqual(['6.1', '6.2', '6.3']);
    expect(plan!.tasks[11]!.indicators).toHaveLength(6);
    expect(await st.plans.listPlans()).toEqual([{ slug: seedSlug, title: '保山市公共服务质量改进提升行动方案', tasks: 12 }]);
    const units = await st.directory.units();
    expect(units.find((u) => u.code === 'tengchong')).toMatchObject({ name: '腾冲市', kind: 'county', aliases: ['腾冲', '腾冲市人民政府'] });
    if (database.url.startsWith('file:')) {
      const mode = await database.client.execute('PRAGMA journal_mode');
      expect(mode.rows[0]![0]).toBe('wal');
    }
  });

  it('reloading the same plan changes nothing', async () => {
    const { storage: st, database } = await store(url());
    await loadSeed(st);
    const before = await database.client.execute('SELECT id, opens_at, due_at, retired_at FROM assignments ORDER BY id');
    const again = await loadSeed(st, fixedClock('2020-09-01T09:00:00+08:00'));
    expect(again.saved).toMatchObject({ added: 0, retired: 0 });
    const after = await database.client.execute('SELECT id, opens_at, due_at, retired_at FROM assignments ORDER BY id');
    expect(after.rows).toEqual(before.rows);
  });

  it('a changed plan updates in place and keeps every report', async () => {
    const { storage: st, database } = await store(url());
    await loadSeed(st);
    await addReport(database, 'tengchong', '8', 'round-1', '2020-11-01T10:00:00+08:00');
    const files = seedFiles();
    const changed = {
      ...files.spec,
      tasks: files.spec.tasks.filter((t) => t.number !== 8).map((t) => (t.number === 1 ? { ...t, title: '加快推进教育现代化（修订）' } : t)),
      rounds: files.spec.rounds.map((r) => (r.key === 'round-1' ? { ...r, dueAt: '2020-11-06T18:00:00+08:00', tasks: [1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12] } : r)),
    };
    const result = await loadPlan(st, { spec: changed, directory: files.directory }, fixedClock('2020-10-01T09:00:00+08:00'));
    expect(result.ok && result.saved).toMatchObject({ added: 0, retired: 7 + 1 });
    const plan = await st.plans.readPlan(seedSlug);
    expect(plan!.tasks.map((t) => t.number)).not.toContain('8');
    expect(plan!.tasks[0]!.title).toBe('加快推进教育现代化（修订）');
    expect(plan!.rounds.find((r) => r.key === 'round-1')!.dueAt.toISOString()).toBe('2020-11-06T10:00:00.000Z');
    // The report on the dropped task is still there, on its retired assignment.
    const reports = await database.db.select().from(s.reports);
    expect(reports).toHaveLength(1);
    const [kept] = await database.db.select().from(s.assignments).where(eq(s.assignments.id, reports[0]!.assignmentId));
    expect(kept!.retiredAt).not.toBeNull();
    // Loading the original again brings the assignment (and its report) back.
    const back = await loadSeed(st, fixedClock('2020-10-02T09:00:00+08:00'));
    expect(back.saved.added).toBe(8);
    const status = await planStatus(st, seedSlug, new Date('2020-11-06T09:00:00+08:00'));
    expect(status.units.find((u) => u.code === 'tengchong')).toMatchObject({ submitted: 1 });
  });

  it('computes status at any time T: nothing overdue before round 1, every county and park overdue after it', async () => {
    const { storage: st, database } = await store(url());
    await loadSeed(st);
    const early = await planStatus(st, seedSlug, new Date('2020-08-01T00:00:00+08:00'));
    expect(early.totals).toMatchObject({ expected: 0, submitted: 0, overdue: 0 });
    expect(early.units.every((u) => u.overdue === 0)).toBe(true);

    await addReport(database, 'tengchong', '3', 'round-1', '2020-11-02T10:00:00+08:00');
    await addReport(database, 'shidian', '3', 'round-1', '2020-11-06T08:00:00+08:00');
    const after = await planStatus(st, seedSlug, new Date('2020-11-06T09:00:00+08:00'));
    const overdueUnits = after.units.filter((u) => u.overdue > 0).map((u) => u.name);
    expect(overdueUnits).toEqual(['隆阳区', '施甸县', '腾冲市', '龙陵县', '昌宁县', '保山工贸园区管委会', '腾冲边境经济合作区管委会', '市公交公司']);
    const round1 = after.assignments.filter((a) => a.fact.roundKey === 'round-1');
    expect(round1.filter((a) => a.status === 'overdue')).toHaveLength(83);
    expect(round1.filter((a) => a.fact.unitCode === 'shidian' && a.fact.taskNumber === '3')[0]!.status).toBe('late');
    expect(after.tasks.find((t) => t.number === 3)).toMatchObject({ submitted: 2, late: 1 });
    expect(after.totals.late).toBe(1);
  });

  it('opens each round period once, however often the tick runs', async () => {
    const { storage: st, cards } = await store(url());
    await loadSeed(st);
    const at = new Date('2020-10-22T09:00:00+08:00');
    const first = await runTick(cards, at, 'test-a');
    expect(first.opened.map((o) => `${o.round}${o.period ? '@' + o.period : ''}`)).toEqual([
      'round-1', 'task4-monthly@2020-08', 'task4-monthly@2020-09', 'task4-monthly@2020-10', 'task7-monthly@2020-09', 'task7-monthly@2020-10',
    ]);
    const [second, third] = await Promise.all([runTick(cards, at, 'test-b'), runTick(cards, at, 'test-c')]);
    expect([...second.opened, ...third.opened]).toEqual([]);
    const later = await runTick(cards, new Date('2020-11-06T09:00:00+08:00'), 'test-a');
    expect(later.opened.map((o) => o.round + '@' + o.period)).toEqual(['round-2@', 'task4-monthly@2020-11', 'task7-monthly@2020-11']);
  });
});
