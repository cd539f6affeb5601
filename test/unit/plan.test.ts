import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';
import { allTasks, resolvePlan, type Plan } from '../../src/core/plan.js';
import { directorySpec, planSpec } from '../../src/core/plan-spec.js';
import { expandAssignments, roundPeriods } from '../../src/core/schedule.js';
import { createUnitIndex } from '../../src/core/units.js';
import { toZonedIso } from '../../src/core/time.js';

const seedPlan = planSpec.parse(parse(readFileSync('db/seeds/baoshan-2020-public-service-quality.yaml', 'utf8')));
const directory = directorySpec.parse(parse(readFileSync('db/seeds/baoshan-units.yaml', 'utf8')));
const counties = ['longyang', 'shidian', 'tengchong', 'longling', 'changning'];
const parks = ['park-gongmao', 'park-bianhe'];

function resolved(): Plan {
  const r = resolvePlan(seedPlan, directory.units);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
}

describe('unit names as people write them', () => {
  const index = createUnitIndex(directory.units);
  it.each([
    ['腾冲市', 'tengchong'],
    ['腾冲', 'tengchong'],
    ['市卫健委', 'health'],
    ['市卫生健康委', 'health'],
    ['办公室', 'office'],
    ['领导小组办公室', 'office'],
    ['保山市公共服务质量改进提升专项行动工作领导小组办公室', 'office'],
    ['市政务服务局', 'govservice'],
    ['隆阳区人民政府', 'longyang'],
  ])('%s is %s', (name, code) => {
    const m = index.match(name);
    expect(m.kind === 'unit' && m.unit.code).toBe(code);
  });

  it.each([
    ['各县(市、区)人民政府', counties],
    ['各县（市、区）人民政府', counties],
    ['各园区管委会', parks],
  ])('%s stands for every unit of its kind', (phrase, codes) => {
    const m = index.match(phrase);
    expect(m.kind === 'group' && m.units.map((u) => u.code)).toEqual(codes);
  });

  it('does not guess an unknown or ambiguous name', () => {
    expect(index.match('市财政局').kind).toBe('unknown');
    expect(index.match('').kind).toBe('unknown');
    expect(index.match('市').kind).toBe('unknown');
  });
});

describe('the seed plan, resolved', () => {
  const plan = resolved();

  it('has the notice’s 12 tasks, task 6 with 3 sub-tasks of their own units', () => {
    expect(plan.tasks.map((t) => t.number)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12']);
    const six = plan.tasks[5]!;
    expect(six.subtasks.map((s) => [s.number, s.title, s.lead, s.cooperating])).toEqual([
      ['6.1', '建筑施工噪声污染整治', ['ecology'], ['housing']],
      ['6.2', '交通运输噪声污染整治', ['police'], ['ecology']],
      ['6.3', '社会生活噪声污染整治', ['ecology', 'police'], ['market', 'housing', 'culture']],
    ]);
    // Task 6 names no units itself: it answers for its sub-tasks' units.
    expect(six.lead).toEqual(['ecology', 'police']);
    expect(six.responsible).toEqual([...counties, ...parks]);
  });

  it('expands 各县(市、区)人民政府、各园区管委会 to every county and park, plus 市公交公司 on task 7', () => {
    for (const t of plan.tasks) {
      expect(t.responsible).toEqual(t.number === '7' ? [...counties, ...parks, 'bus'] : [...counties, ...parks]);
    }
  });

  it('has the quantified targets of tasks 9 and 12', () => {
    expect(plan.tasks[8]!.indicators).toEqual([
      { key: 'venues-per-village', name: '平均每个村(社区)文化场所数', unit: '个', comparator: '>=', target: 3, due: undefined, aggregate: 'per-unit' },
    ]);
    expect(plan.tasks[11]!.indicators.map((i) => [i.key, i.comparator, i.target, i.due])).toEqual([
      ['entry-rate', '>=', 90, '2020-12-31'],
      ['online-rate', '>=', 100, undefined],
      ['time-cut', '>=', 50, undefined],
      ['one-visit', '>=', 90, undefined],
      ['instant', '>=', 20, undefined],
      ['full-online', '>=', 30, undefined],
    ]);
  });

  it('keeps the leading group and the office at 市市场监管局', () => {
    expect(plan.officeCode).toBe('office');
    expect(plan.leadingGroup[0]).toMatchObject({ role: '组长', name: '段兆锦', unitCode: 'market' });
    expect(plan.leadingGroup.filter((m) => m.role === '副组长')).toHaveLength(11);
    expect(plan.leadingGroup.filter((m) => m.role === '成员')).toHaveLength(11);
    expect(allTasks(plan)).toHaveLength(15);
  });

  it('round 1 expects each responsible unit to report each task; round 2 each lead unit its tasks', () => {
    const a = expandAssignments(plan);
    const round1 = a.filter((x) => x.roundKey === 'round-1');
    expect(round1).toHaveLength(12 * 7 + 1);
    expect(round1.filter((x) => x.unitCode === 'tengchong').map((x) => x.taskNumber)).toHaveLength(12);
    const round2 = a.filter((x) => x.roundKey === 'round-2');
    expect(round2.map((x) => `${x.taskNumber}:${x.unitCode}`)).toEqual([
      '1:edu', '2:hrss', '3:health', '4:civil', '5:housing', '6:ecology', '6:police',
      '7:transport', '8:police', '9:culture', '10:edu', '11:civil', '12:govservice',
    ]);
    expect(round2.every((x) => toZonedIso(x.dueAt, plan.timezone) === '2020-11-10T18:00:00+08:00')).toBe(true);
  });

  it('runs task 4 monthly from August 2020 and task 7 monthly from September, to the end of 2020', () => {
    const four = roundPeriods(plan.rounds.find((r) => r.key === 'task4-monthly')!, plan.timezone);
    expect(four.map((p) => [p.period, toZonedIso(p.dueAt, plan.timezone)])).toEqual([
      ['2020-08', '2020-08-31T18:00:00+08:00'],
      ['2020-09', '2020-09-30T18:00:00+08:00'],
      ['2020-10', '2020-10-31T18:00:00+08:00'],
      ['2020-11', '2020-11-30T18:00:00+08:00'],
      ['2020-12', '2020-12-31T18:00:00+08:00'],
    ]);
    const seven = roundPeriods(plan.rounds.find((r) => r.key === 'task7-monthly')!, plan.timezone);
    expect(seven.map((p) => p.period)).toEqual(['2020-09', '2020-10', '2020-11', '2020-12']);
  });
});

describe('a broken plan says where and why', () => {
  it('names the path of an unknown unit', () => {
    const spec = planSpec.parse({ ...seedPlan, tasks: [{ ...seedPlan.tasks[0]!, lead: ['市财政局'] }], rounds: [] });
    const r = resolvePlan(spec, directory.units);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.issues).toEqual([{ path: ['tasks', 0, 'lead', 0], message: 'unknown unit "市财政局" (not in the unit directory)' }]);
  });

  it('rejects a round whose tasks are not in the plan, and duplicate task numbers', () => {
    const spec = planSpec.parse({
      ...seedPlan,
      tasks: [seedPlan.tasks[0]!, seedPlan.tasks[0]!],
      rounds: [{ ...seedPlan.rounds[0]!, tasks: [13] }],
    });
    const r = resolvePlan(spec, directory.units);
    expect(!r.ok && r.issues.map((i) => i.message)).toEqual(['task number 1 appears twice', 'task 13 is not in the plan']);
  });

  it('rejects a recurring round without an end and a deadline before the opening', () => {
    const bad = planSpec.safeParse({
      ...seedPlan,
      rounds: [{ ...seedPlan.rounds[0]!, recurrence: 'monthly', dueAt: '2020-10-01T18:00:00+08:00' }],
    });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['rounds.0.dueAt', 'opensAt must be before dueAt'],
      ['rounds.0.until', 'a recurring round needs until (the last day it may open)'],
    ]);
  });
});
