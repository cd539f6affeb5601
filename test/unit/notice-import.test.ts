import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { importNotice, type NoticeImport } from '../../src/core/notice-import.js';
import { directorySpec, planSpec, type SubtaskSpec, type TaskSpec } from '../../src/core/plan-spec.js';
import type { UnitRef } from '../../src/core/units.js';

// A byte-identical copy of shared/notice/baoshan-2020-public-service-quality.txt.
const seedText = readFileSync('test/fixtures/notices/baoshan-2020-public-service-quality.txt', 'utf8');
const seedPlan = planSpec.parse(parse(readFileSync('db/seeds/baoshan-2020-public-service-quality.yaml', 'utf8')));
const seedUnits = directorySpec.parse(parse(readFileSync('db/seeds/baoshan-units.yaml', 'utf8'))).units;

const units = (t: TaskSpec | SubtaskSpec) => ({ lead: t.lead, cooperating: t.cooperating, responsible: t.responsible });
const shape = (t: TaskSpec) => ({
  number: t.number,
  title: t.title,
  body: t.body,
  ...units(t),
  subtasks: t.subtasks.map((s) => ({ number: s.number, title: s.title, body: s.body, ...units(s) })),
});
const messages = (r: NoticeImport, path: (string | number)[]) =>
  r.todos.filter((t) => JSON.stringify(t.path) === JSON.stringify(path)).map((t) => t.message);

/** A minimal notice around a few task lines, for the table tests. */
function notice(tasks: string, extra = ''): string {
  return ['测试市某某工作方案', '测试市人民政府', '2021年1月5日', '一、总体要求', '总体要求的文字。', '二、主要任务', tasks, '三、工作要求', extra].join('\n');
}

describe('importing the seed notice (保山 2020)', () => {
  const result = importNotice(seedText, { directory: seedUnits, slug: 'baoshan-2020-public-service-quality' });
  const { plan } = result;

  it('reproduces the seed tasks, sub-tasks and units exactly', () => {
    expect(plan.tasks.map(shape)).toEqual(seedPlan.tasks.map(shape));
  });

  it('takes the short names from the 12 fields listed in 总体要求', () => {
    expect(plan.tasks.map((t) => t.short)).toEqual(seedPlan.tasks.map((t) => t.short));
  });

  it('reads the header and the office', () => {
    expect({ title: plan.title, issuer: plan.issuer, issuedOn: plan.issuedOn, office: plan.office, timezone: plan.timezone }).toEqual({
      title: seedPlan.title,
      issuer: seedPlan.issuer,
      issuedOn: seedPlan.issuedOn,
      office: seedPlan.office,
      timezone: 'Asia/Shanghai',
    });
  });

  it('reads the leading group, spaced names joined and units from the directory', () => {
    expect(plan.leadingGroup).toEqual(seedPlan.leadingGroup);
  });

  it('finds the quantified targets of tasks 9 and 12 and no others', () => {
    const strip = (t: TaskSpec) => t.indicators.map(({ key: _key, ...rest }) => rest);
    expect(plan.tasks.map(strip)).toEqual(seedPlan.tasks.map(strip));
  });

  it('builds the two reporting rounds with the seed deadlines and roles', () => {
    const pick = (key: string, p = plan) => {
      const r = p.rounds.find((x) => x.key === key)!;
      return { reporter: r.reporter, recipient: r.recipient, opensAt: r.opensAt, dueAt: r.dueAt, recurrence: r.recurrence };
    };
    expect(pick('round-1')).toEqual(pick('round-1', seedPlan));
    expect(pick('round-2')).toEqual(pick('round-2', seedPlan));
  });

  it('finds the monthly follow-ups of tasks 4 and 7', () => {
    const monthly = plan.rounds.filter((r) => r.recurrence === 'monthly');
    expect(monthly.map((r) => ({ key: r.key, tasks: r.tasks, reporter: r.reporter, recipient: r.recipient, until: r.until }))).toEqual([
      { key: 'task4-monthly', tasks: [4], reporter: 'responsible', recipient: 'lead', until: '2020-12-31' },
      { key: 'task7-monthly', tasks: [7], reporter: 'responsible', recipient: 'lead', until: '2020-12-31' },
    ]);
    // 全市从2020年8月份开始 fixes the first period of task 4.
    expect(monthly[0]!.opensAt).toBe('2020-08-01T09:00:00+08:00');
  });

  it('passes the plan schema', () => {
    expect(planSpec.safeParse(plan).success).toBe(true);
  });

  it('leaves only the placeholders as TODOs: opening times, monthly details', () => {
    expect(result.todos.map((t) => t.path.join('.'))).toEqual([
      'rounds.0.opensAt',
      'rounds.1.opensAt',
      'rounds.2.opensAt',
      'rounds.2.reporter',
      'rounds.2.until',
      'rounds.3.opensAt',
      'rounds.3.reporter',
      'rounds.3.until',
    ]);
  });

  it('without a directory or slug, says so instead of guessing', () => {
    const bare = importNotice(seedText, {});
    expect(bare.plan.slug).toBe('plan-2020-08-19');
    expect(messages(bare, ['slug'])).toHaveLength(1);
    expect(messages(bare, ['directory'])).toHaveLength(1);
    expect(bare.plan.tasks.map(shape)).toEqual(seedPlan.tasks.map(shape));
  });
});

describe('numbering styles: the task level is the one whose items carry unit clauses', () => {
  it.each([
    ['（一）', '（一）甲任务。内容甲。（牵头单位：市甲局）\n（二）乙任务。内容乙。（牵头单位：市乙局）'],
    ['(一)', '(一)甲任务。内容甲。(牵头单位:市甲局)\n(二)乙任务。内容乙。(牵头单位:市乙局)'],
    ['1.', '1.甲任务。内容甲。（牵头单位：市甲局）\n2.乙任务。内容乙。（牵头单位：市乙局）'],
    ['1、', '1、甲任务。内容甲。（牵头单位：市甲局）\n2、乙任务。内容乙。（牵头单位：市乙局）'],
    ['category headings above 1. 2.', '（一）第一类\n1.甲任务。内容甲。（牵头单位：市甲局）\n（二）第二类\n2.乙任务。内容乙。（牵头单位：市乙局）'],
  ])('%s', (_style, tasks) => {
    const { plan } = importNotice(notice(tasks), { slug: 't' });
    expect(plan.tasks.map((t) => [t.number, t.title, t.body, t.lead])).toEqual([
      [1, '甲任务', '内容甲。', ['市甲局']],
      [2, '乙任务', '内容乙。', ['市乙局']],
    ]);
  });

  it('一、 items are tasks when the plan has no 主要任务 heading, and 工作要求 items are left out with a TODO', () => {
    const text = ['测试市某某工作方案', '测试市人民政府', '2021年1月5日', '一、甲任务。内容甲。（责任单位：市甲局（牵头）、市丙局）', '二、乙任务。内容乙。（牵头单位：市乙局）', '三、工作要求', '（一）加强领导。各单位要加强领导。'].join('\n');
    const r = importNotice(text, { slug: 't' });
    expect(r.plan.tasks.map((t) => [t.number, t.title, t.lead, t.responsible])).toEqual([
      [1, '甲任务', ['市甲局'], ['市丙局']],
      [2, '乙任务', ['市乙局'], []],
    ]);
  });

  it('第一条 articles', () => {
    const text = ['测试市若干措施', '测试市人民政府', '2021年1月5日', '第一条 甲措施。内容甲。（责任单位：市甲局）', '第二条 乙措施。内容乙。（责任单位：市乙局）'].join('\n');
    const { plan } = importNotice(text, { slug: 't' });
    expect(plan.tasks.map((t) => [t.number, t.title, t.responsible])).toEqual([
      [1, '甲措施', ['市甲局']],
      [2, '乙措施', ['市乙局']],
    ]);
  });

  it('renumbers tasks whose numbering restarts per category, with a TODO', () => {
    const r = importNotice(notice('（一）第一类\n1.甲任务。（牵头单位：市甲局）\n（二）第二类\n1.乙任务。（牵头单位：市乙局）'), { slug: 't' });
    expect(r.plan.tasks.map((t) => t.number)).toEqual([1, 2]);
    expect(messages(r, ['tasks', 1, 'number'])[0]).toMatch(/原文编号为“1.”/);
  });

  it('paragraphs with their own clause become sub-tasks; a clause only on the last paragraph is the item’s', () => {
    const sub = importNotice(notice('（一）总任务。\n子任务甲。内容甲。（牵头单位：市甲局）\n子任务乙。内容乙。（牵头单位：市乙局；配合单位：市甲局）'), { slug: 't' });
    expect(sub.plan.tasks[0]!.subtasks.map((s) => [s.number, s.title, s.body, s.lead, s.cooperating])).toEqual([
      ['1.1', '子任务甲', '内容甲。', ['市甲局'], []],
      ['1.2', '子任务乙', '内容乙。', ['市乙局'], ['市甲局']],
    ]);
    expect(sub.plan.tasks[0]!.lead).toEqual([]);

    const whole = importNotice(notice('（一）总任务。第一段。\n第二段。（牵头单位：市甲局）'), { slug: 't' });
    expect(whole.plan.tasks[0]).toMatchObject({ title: '总任务', body: '第一段。\n第二段。', lead: ['市甲局'], subtasks: [] });
  });
});

describe('unit clauses', () => {
  it.each([
    ['ASCII', '(牵头单位:市甲局;配合单位:市乙局、市丙局;责任单位:各县(市、区)人民政府、各园区管委会,市公交公司)'],
    ['full-width', '（牵头单位：市甲局；配合单位：市乙局、市丙局；责任单位：各县（市、区）人民政府、各园区管委会，市公交公司）'],
    ['bare tail', '牵头单位：市甲局；配合单位：市乙局、市丙局；责任单位：各县(市、区)人民政府、各园区管委会，市公交公司'],
  ])('%s', (_kind, clause) => {
    const { plan } = importNotice(notice(`（一）任务。内容。${clause}`), { slug: 't' });
    const t = plan.tasks[0]!;
    expect(t.body).toBe('内容。');
    expect(t.lead).toEqual(['市甲局']);
    expect(t.cooperating).toEqual(['市乙局', '市丙局']);
    expect(t.responsible.map((n) => n.replace(/[（）]/g, (c) => (c === '（' ? '(' : ')')))).toEqual(['各县(市、区)人民政府', '各园区管委会', '市公交公司']);
  });

  it('a clause on its own line belongs to the paragraph before it', () => {
    const { plan } = importNotice(notice('（一）任务。内容。\n牵头单位：市甲局\n责任单位：各县（市、区）人民政府'), { slug: 't' });
    expect(plan.tasks[0]).toMatchObject({ body: '内容。', lead: ['市甲局'], responsible: ['各县（市、区）人民政府'], subtasks: [] });
  });

  it('matches names against the directory and flags unknown and ambiguous ones, keeping them as written', () => {
    const directory: UnitRef[] = [
      { code: 'a', name: '市甲局', kind: 'department', aliases: [] },
      { code: 'tax1', name: '国家税务总局测试市税务局', kind: 'department', aliases: ['市税务局'] },
      { code: 'tax2', name: '测试市地方税务局', kind: 'department', aliases: ['市税务局'] },
      { code: 'c1', name: '甲县', kind: 'county', aliases: [] },
      { code: 'office', name: '测试市领导小组办公室', kind: 'office', aliases: ['领导小组办公室'] },
    ];
    const r = importNotice(notice('（一）任务。内容。（牵头单位：市甲局；配合单位：市税务局、市乙局；责任单位：各县（市、区）人民政府）', '领导小组下设办公室在市甲局。'), { slug: 't', directory });
    expect(r.plan.tasks[0]!.cooperating).toEqual(['市税务局', '市乙局']);
    expect(messages(r, ['tasks', 0, 'cooperating', 0])[0]).toMatch(/对应多个单位/);
    expect(messages(r, ['tasks', 0, 'cooperating', 1])[0]).toMatch(/不在单位名录中/);
    expect(r.todos.filter((t) => t.path[0] === 'tasks')).toHaveLength(2);
  });

  it('flags a task without any unit clause', () => {
    const r = importNotice(notice('（一）甲任务。内容。（牵头单位：市甲局）\n（二）乙任务。内容乙。'), { slug: 't' });
    expect(messages(r, ['tasks', 1, 'lead'])[0]).toMatch(/没有写明/);
  });
});

describe('issuing dates', () => {
  it.each([
    ['2020年8月19日', '2020-08-19'],
    ['2020-08-19', '2020-08-19'],
    ['2020.8.19', '2020-08-19'],
    ['二〇二〇年八月十九日', '2020-08-19'],
    ['二〇二一年十二月三十一日', '2021-12-31'],
  ])('%s → %s', (written, iso) => {
    const text = ['关于印发测试市某某工作方案的通知', '测试市人民政府', written, '一、主要任务', '（一）任务。（牵头单位：市甲局）'].join('\n');
    const r = importNotice(text, { slug: 't' });
    expect(r.plan.issuedOn).toBe(iso);
    expect(r.plan.issuer).toBe('测试市人民政府');
    expect(r.plan.title).toBe('测试市某某工作方案');
  });

  it('writes round times with the offset of the time zone asked for, and flags an unknown zone', () => {
    const text = notice('（一）任务。（牵头单位：市甲局）', '各牵头单位于2021年3月31日前将工作进展报领导小组办公室。');
    expect(importNotice(text, { slug: 't', timezone: 'Asia/Urumqi' }).plan.rounds[0]!.dueAt).toBe('2021-03-31T18:00:00+06:00');
    const unknown = importNotice(text, { slug: 't', timezone: 'Mars/Olympus' });
    expect(unknown.plan.timezone).toBe('Asia/Shanghai');
    expect(messages(unknown, ['timezone'])).toHaveLength(1);
  });

  it('a notice without a date gets a placeholder and a TODO', () => {
    const r = importNotice('测试市某某工作方案\n一、主要任务\n（一）任务。（牵头单位：市甲局）', { slug: 't' });
    expect(messages(r, ['issuedOn'])).toHaveLength(1);
    expect(messages(r, ['issuer'])).toHaveLength(1);
    expect(planSpec.safeParse(r.plan).success).toBe(true);
  });
});

describe('quantified targets', () => {
  it.each([
    ['2021年底，全市政务服务进驻率达到90%以上', { name: '政务服务进驻率', unit: '%', comparator: '>=', target: 90, due: '2021-12-31' }],
    ['网上可办事项(二级办理深度及以上)100%', { name: '网上可办事项(二级办理深度及以上)', unit: '%', comparator: '>=', target: 100 }],
    ['承诺时限压减50%', { name: '承诺时限压减', unit: '%', comparator: '>=', target: 50 }],
    ['实现平均每个村(社区)拥有3个以上文化场所的目标', { name: '平均每个村(社区)文化场所数', unit: '个', comparator: '>=', target: 3 }],
    ['即办件事项20%以上', { name: '即办件事项', unit: '%', comparator: '>=', target: 20 }],
    ['平均办理时限压缩至3个工作日以内', { name: '平均办理时限', unit: '个工作日', comparator: '<=', target: 3 }],
    ['投诉按时办结率不低于95%', { name: '投诉按时办结率', unit: '%', comparator: '>=', target: 95 }],
    ['2021年6月底前，新增停车泊位500个以上', { name: '新增停车泊位', unit: '个', comparator: '>=', target: 500, due: '2021-06-30' }],
  ])('%s', (sentence, indicator) => {
    const { plan } = importNotice(notice(`（一）任务。${sentence}。（牵头单位：市甲局）`), { slug: 't' });
    expect(plan.tasks[0]!.indicators).toEqual([indicator]);
  });

  it.each([['净网2020专项行动'], ['禁止夜间22:00至次日6:00之间施工'], ['交办后10个工作日内整改到位'], ['建设3所学校'], ['落实“六个身边”工程']])(
    'no target in “%s”',
    (sentence) => {
      const { plan } = importNotice(notice(`（一）任务。${sentence}。（牵头单位：市甲局）`), { slug: 't' });
      expect(plan.tasks[0]!.indicators).toEqual([]);
    },
  );
});

describe('reporting clauses', () => {
  const roundsOf = (extra: string) => importNotice(notice('（一）任务。内容。（牵头单位：市甲局；责任单位：各县（市、区）人民政府）', extra), { slug: 't' });

  it.each([
    ['各县（市、区）于2021年3月31日前将工作进展报市直牵头部门。', { reporter: 'responsible', recipient: 'lead', dueAt: '2021-03-31T18:00:00+08:00' }],
    ['各牵头单位于2021年3月底前将工作进展报领导小组办公室。', { reporter: 'lead', recipient: 'office', dueAt: '2021-03-31T18:00:00+08:00' }],
    ['各街道办事处于2021-06-30前将工作进展报送区整治办。', { reporter: 'responsible', recipient: 'office', dueAt: '2021-06-30T18:00:00+08:00' }],
  ])('%s', (sentence, expected) => {
    const r = roundsOf(sentence);
    expect(r.plan.rounds).toHaveLength(1);
    expect(r.plan.rounds[0]).toMatchObject({ key: 'round-1', recurrence: null, ...expected });
    expect(messages(r, ['rounds', 0, 'opensAt'])).toHaveLength(1);
  });

  it('每月5日前 makes a monthly round due on the 5th, from the month after the notice', () => {
    const r = roundsOf('各县（市、区）要于每月5日前将上月工作情况报领导小组办公室。');
    expect(r.plan.rounds[0]).toMatchObject({
      recurrence: 'monthly',
      opensAt: '2021-02-01T09:00:00+08:00',
      dueAt: '2021-02-05T18:00:00+08:00',
      until: '2021-12-31',
      reporter: 'responsible',
      recipient: 'office',
    });
    expect(messages(r, ['rounds', 0, 'until'])).toHaveLength(1);
  });

  it('每周 makes a weekly round: Monday to Friday of the first full week after the notice', () => {
    const r = roundsOf('各县（市、区）每周五前将工作进展报送领导小组办公室。');
    expect(r.plan.rounds[0]).toMatchObject({
      recurrence: 'weekly',
      opensAt: '2021-01-11T09:00:00+08:00',
      dueAt: '2021-01-15T18:00:00+08:00',
      until: '2021-12-31',
    });
  });

  it('每季度末 becomes one round per quarter end (no quarterly recurrence in plans), each with a TODO', () => {
    const r = roundsOf('各县（市、区）于每季度末将工作进展报领导小组办公室。');
    expect(r.plan.rounds.map((x) => x.dueAt.slice(0, 10))).toEqual(['2021-03-31', '2021-06-30', '2021-09-30', '2021-12-31']);
    expect(r.plan.rounds.every((x) => x.recurrence === null)).toBe(true);
    expect(r.todos.filter((t) => t.path[0] === 'rounds' && /季度/.test(t.message))).toHaveLength(4);
  });

  it('X个工作日内 is a TODO, not a round', () => {
    const r = roundsOf('问题交办后，责任单位须在10个工作日内整改到位并报领导小组办公室。');
    expect(r.plan.rounds).toEqual([]);
    expect(messages(r, ['rounds'])[0]).toMatch(/10个工作日内/);
  });

  it('每半年 is a TODO, not a round', () => {
    const r = roundsOf('各县（市、区）每半年将工作进展报领导小组办公室。');
    expect(r.plan.rounds).toEqual([]);
    expect(messages(r, ['rounds'])[0]).toMatch(/每半年/);
  });

  it('an unclear reporter or recipient is kept with a TODO', () => {
    const r = roundsOf('请于2021年3月31日前将工作进展报市甲局。');
    expect(r.plan.rounds[0]).toMatchObject({ reporter: 'responsible', recipient: 'lead' });
    expect(messages(r, ['rounds', 0, 'reporter'])).toHaveLength(1);
    expect(messages(r, ['rounds', 0, 'recipient'])).toHaveLength(1);
  });

  it('通报 (notifying downwards) is not reporting', () => {
    expect(roundsOf('领导小组办公室于2021年3月31日前通报各地工作进展。').plan.rounds).toEqual([]);
  });
});
