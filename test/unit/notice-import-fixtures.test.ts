import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { importNotice, type NoticeImport } from '../../src/core/notice-import.js';
import { planSpec } from '../../src/core/plan-spec.js';
import type { UnitRef } from '../../src/core/units.js';

const fixture = (name: string) => readFileSync(`test/fixtures/notices/${name}.txt`, 'utf8');
const unit = (code: string, name: string, kind: UnitRef['kind'], aliases: string[] = []): UnitRef => ({ code, name, kind, aliases });
const todoPaths = (r: NoticeImport) => r.todos.map((t) => t.path.join('.'));
const todoAt = (r: NoticeImport, path: string) => r.todos.filter((t) => t.path.join('.') === path).map((t) => t.message);
const roundShape = (r: NoticeImport) =>
  r.plan.rounds.map((x) => ({ key: x.key, reporter: x.reporter, recipient: x.recipient, due: x.dueAt, recurrence: x.recurrence, tasks: x.tasks }));

describe('a district notice with a task table (五华区 2021, 街道 as responsible units)', () => {
  const directory = [
    unit('office', '五华区背街小巷环境整治提升工作领导小组办公室', 'office', ['领导小组办公室', '区整治办', '办公室']),
    unit('huashan', '华山街道办事处', 'county', ['华山街道']),
    unit('huguo', '护国街道办事处', 'county', ['护国街道']),
    unit('daguan', '大观街道办事处', 'county', ['大观街道']),
    unit('cgj', '区城市管理局', 'department', ['区城管局']),
    unit('scjg', '区市场监管局', 'department'),
    unit('gxj', '区工业和信息化局', 'department', ['区工信局']),
    unit('zjj', '区住房城乡建设局', 'department', ['区住建局']),
    unit('jtj', '区交通运输局', 'department'),
  ];
  const r = importNotice(fixture('wuhua-2021-back-streets'), { directory, slug: 'wuhua-2021-back-streets' });

  it('reads the header: title line, signature and an ISO date', () => {
    expect([r.plan.title, r.plan.issuer, r.plan.issuedOn, r.plan.office]).toEqual([
      '五华区2021年背街小巷环境整治提升行动方案',
      '五华区人民政府办公室',
      '2021-03-15',
      '领导小组办公室',
    ]);
  });

  it('reads one task per table row, with the units of the columns', () => {
    expect(r.plan.tasks.map((t) => [t.number, t.title, t.body, t.lead, t.cooperating, t.responsible])).toEqual([
      [1, '清理乱堆乱放', '全面清理背街小巷占道堆放的杂物、建筑垃圾，建立巡查台账，做到发现一处、清理一处。', ['区城市管理局'], ['区市场监管局'], ['各街道办事处']],
      [2, '规范架空线缆', '对背街小巷架空线缆进行梳理规整，完成率达到80%以上。', ['区工业和信息化局'], ['区住房城乡建设局'], ['华山街道办事处', '护国街道办事处']],
      [3, '整治破损路面', '修复背街小巷破损路面和人行道，新增停车泊位500个以上。', ['区住房城乡建设局'], ['区交通运输局', '区公安分局交警大队'], ['各街道办事处']],
      [4, '提升公厕服务', '推进背街小巷公厕提档升级，落实专人保洁管理。', ['区城市管理局'], [], ['各街道办事处']],
    ]);
  });

  it('finds the targets in the rows', () => {
    expect(r.plan.tasks.map((t) => t.indicators)).toEqual([
      [],
      [{ name: '完成率', unit: '%', comparator: '>=', target: 80 }],
      [{ name: '新增停车泊位', unit: '个', comparator: '>=', target: 500 }],
      [],
    ]);
  });

  it('turns 每季度末 into one round per quarter and each 完成时限 into a round on its task', () => {
    expect(roundShape(r)).toEqual([
      { key: 'quarterly-2021-q1', reporter: 'responsible', recipient: 'office', due: '2021-03-31T18:00:00+08:00', recurrence: null, tasks: undefined },
      { key: 'quarterly-2021-q2', reporter: 'responsible', recipient: 'office', due: '2021-06-30T18:00:00+08:00', recurrence: null, tasks: undefined },
      { key: 'quarterly-2021-q3', reporter: 'responsible', recipient: 'office', due: '2021-09-30T18:00:00+08:00', recurrence: null, tasks: undefined },
      { key: 'quarterly-2021-q4', reporter: 'responsible', recipient: 'office', due: '2021-12-31T18:00:00+08:00', recurrence: null, tasks: undefined },
      { key: 'deadline-2021-06-30', reporter: 'responsible', recipient: 'lead', due: '2021-06-30T18:00:00+08:00', recurrence: null, tasks: [1] },
      { key: 'deadline-2021-09-30', reporter: 'responsible', recipient: 'lead', due: '2021-09-30T18:00:00+08:00', recurrence: null, tasks: [2] },
      { key: 'deadline-2021-12-31', reporter: 'responsible', recipient: 'lead', due: '2021-12-31T18:00:00+08:00', recurrence: null, tasks: [3] },
    ]);
  });

  it('reads the leading group with double-spaced names and the office head', () => {
    expect(r.plan.leadingGroup).toEqual([
      { role: '组长', name: '王志刚', title: '区人民政府副区长' },
      { role: '副组长', name: '李明', title: '区城市管理局局长', unit: '区城市管理局' },
      { role: '副组长', name: '赵丽华', title: '区住房城乡建设局局长', unit: '区住房城乡建设局' },
      { role: '办公室主任', name: '李明', title: '领导小组办公室主任（设在区城市管理局）', unit: '领导小组办公室' },
    ]);
  });

  it('leaves as TODOs what it cannot place', () => {
    expect(todoAt(r, 'rounds')[0]).toMatch(/10个工作日内/);
    expect(todoAt(r, 'tasks.3')[0]).toMatch(/长期坚持/);
    expect(todoAt(r, 'tasks').join('\n')).toMatch(/保洁覆盖率>=100%[\s\S]*群众满意度>=90%/);
    expect(todoAt(r, 'leadingGroup.0.unit')).toHaveLength(1);
    expect(todoAt(r, 'leadingGroup')[0]).toMatch(/由区直相关部门/);
    // 各街道办事处 is a collective phrase the unit index does not know.
    expect(todoAt(r, 'tasks.0.responsible.0')[0]).toMatch(/统称/);
    expect(todoAt(r, 'tasks.2.cooperating.1')[0]).toMatch(/区公安分局交警大队.*不在单位名录中/);
    expect(todoPaths(r).filter((p) => /^rounds\.\d+\.opensAt$/.test(p))).toHaveLength(7);
    expect(todoPaths(r)).not.toContain('slug');
    expect(todoPaths(r)).not.toContain('office');
  });

  it('passes the plan schema', () => {
    expect(planSpec.safeParse(r.plan).success).toBe(true);
  });
});

describe('a provincial notice (云南省 2021): 1. tasks under (一) categories, (1) sub-tasks, 州(市)', () => {
  const directory = [
    unit('office', '云南省“一部手机办事通”迭代升级工作领导小组办公室', 'office', ['领导小组办公室']),
    unit('kunming', '昆明市', 'county', ['昆明市人民政府']),
    unit('qujing', '曲靖市', 'county', ['曲靖市人民政府']),
    unit('gov', '省政务服务管理局', 'department', ['省政务服务局']),
    unit('data', '省大数据中心', 'department'),
    unit('inspect', '省人民政府督查室', 'department', ['省政府督查室']),
  ];
  const r = importNotice(fixture('yunnan-2021-one-phone-office'), { directory });

  it('reads a date written in Chinese numerals and the 《》 plan name of the cover letter', () => {
    expect([r.plan.title, r.plan.issuer, r.plan.issuedOn]).toEqual(['云南省“一部手机办事通”迭代升级工作方案', '云南省人民政府办公厅', '2021-02-08']);
  });

  it('takes the 1. items as tasks, not the (一) categories above them', () => {
    expect(r.plan.tasks.map((t) => [t.number, t.title, t.lead, t.cooperating, t.responsible])).toEqual([
      [1, '推进政务数据共享', ['省政务服务管理局'], ['省大数据中心'], ['各州（市）人民政府']],
      [2, '扩大事项接入范围', ['省政务服务管理局'], [], ['省直有关部门', '各州（市）人民政府']],
      [3, '压缩办理时限', ['省政务服务管理局'], [], ['省直有关部门']],
      [4, '完善评价和监督机制', [], [], []],
    ]);
    expect(r.plan.tasks[3]!.body).toBe('全面推行“好差评”制度，确保差评整改到位。');
  });

  it('makes the (1)(2) paragraphs with their own clauses sub-tasks 4.1 and 4.2', () => {
    expect(r.plan.tasks[3]!.subtasks.map((s) => [s.number, s.title, s.body, s.lead, s.cooperating, s.responsible])).toEqual([
      ['4.1', '健全好差评体系', '建立覆盖全省的“好差评”数据汇聚和分析机制。', ['省政务服务管理局'], ['省大数据中心'], []],
      ['4.2', '强化投诉处理', '差评问题实行“一事一回访”，群众投诉按期办结率100%。', ['省人民政府督查室'], [], ['各州（市）人民政府']],
    ]);
  });

  it('finds targets with their comparators, and no due date from a later clause', () => {
    expect(r.plan.tasks.map((t) => t.indicators)).toEqual([
      [{ name: '电子证照共享调用率', unit: '%', comparator: '>=', target: 95 }],
      [{ name: '新增接入事项', unit: '项', comparator: '>=', target: 1000 }],
      [{ name: '平均办理时限', unit: '个工作日', comparator: '<=', target: 3 }],
      [],
    ]);
    expect(r.plan.tasks[3]!.subtasks[1]!.indicators).toEqual([{ name: '群众投诉按期办结率', unit: '%', comparator: '>=', target: 100 }]);
  });

  it('reads two rounds from one sentence, the second inheriting who reports to whom; 通报 is no round', () => {
    expect(roundShape(r)).toEqual([
      { key: 'round-1', reporter: 'responsible', recipient: 'office', due: '2021-06-30T18:00:00+08:00', recurrence: null, tasks: undefined },
      { key: 'round-2', reporter: 'responsible', recipient: 'office', due: '2021-12-25T18:00:00+08:00', recurrence: null, tasks: undefined },
    ]);
  });

  it('flags the collective names it cannot resolve and the completion deadline inside task 2', () => {
    expect(todoPaths(r).filter((p) => p.startsWith('tasks.'))).toEqual([
      'tasks.1',
      'tasks.0.responsible.0',
      'tasks.1.responsible.0',
      'tasks.1.responsible.1',
      'tasks.2.responsible.0',
      'tasks.3.subtasks.1.responsible.0',
    ]);
    expect(todoAt(r, 'tasks.1')[0]).toMatch(/2021年6月30日前完成首批事项接入/);
    expect(todoAt(r, 'tasks.1.responsible.0')[0]).toMatch(/省直有关部门/);
    expect(todoAt(r, 'tasks.1.responsible.1')[0]).toMatch(/各州（市）人民政府.*统称/);
  });

  it('passes the plan schema', () => {
    expect(planSpec.safeParse(r.plan).success).toBe(true);
  });
});

describe('a city measures notice (曲靖市 2021): 第一条 articles, (牵头) marks, 每月5日前, a validity date', () => {
  const counties = ['麒麟区', '沾益区', '马龙区', '宣威市', '陆良县'].map((n, i) => unit(`c${i}`, n, 'county', [`${n}人民政府`]));
  const directory = [
    ...counties,
    unit('commerce', '市商务局', 'department'),
    unit('culture', '市文化和旅游局', 'department', ['市文旅局']),
    unit('housing', '市住房城乡建设局', 'department', ['市住建局']),
    unit('traffic', '市公安局交警支队', 'department'),
    unit('tax1', '国家税务总局曲靖市税务局', 'department', ['市税务局']),
    unit('tax2', '曲靖市地方税务局', 'department', ['市税务局']),
    unit('market', '市市场监管局', 'department'),
  ];
  const r = importNotice(fixture('qujing-2021-consumption'), { directory, slug: 'qujing-2021-consumption' });

  it('takes each article as a task and a (牵头) mark as the lead unit', () => {
    expect(r.plan.tasks.map((t) => [t.number, t.title, t.lead, t.responsible])).toEqual([
      [1, '开展促消费系列活动', ['市商务局'], ['市文化和旅游局', '各县（市、区）人民政府']],
      [2, '培育夜间经济', [], ['市商务局', '市住房城乡建设局', '各县（市、区）人民政府']],
      [3, '促进汽车消费', ['市商务局'], ['市公安局交警支队', '市税务局']],
      [4, '提升消费环境', ['市市场监管局'], ['各县（市、区）人民政府']],
    ]);
  });

  it('keeps the closing paragraphs out of the last article', () => {
    expect(r.plan.tasks[3]!.body).toBe('开展放心消费创建，消费投诉按时办结率不低于95%。');
  });

  it('finds the targets', () => {
    expect(r.plan.tasks.map((t) => t.indicators.map((i) => [i.name, i.comparator, i.target, i.unit]))).toEqual([
      [['“乐购曲靖”等促消费活动', '>=', 20, '场']],
      [['新建夜间经济集聚区', '>=', 3, '个']],
      [],
      [['消费投诉按时办结率', '>=', 95, '%']],
    ]);
  });

  it('makes a monthly round due on the 5th, until the measures expire', () => {
    expect(r.plan.rounds).toEqual([
      expect.objectContaining({
        key: 'monthly-1',
        reporter: 'responsible',
        recipient: 'lead',
        opensAt: '2021-05-01T09:00:00+08:00',
        dueAt: '2021-05-05T18:00:00+08:00',
        recurrence: 'monthly',
        until: '2021-12-31',
      }),
    ]);
    expect(todoAt(r, 'rounds.0.until')).toEqual([]);
    expect(todoAt(r, 'rounds.0.recipient')[0]).toMatch(/市商务局/);
  });

  it('flags a task without a lead unit, an ambiguous name, the missing office and the relative deadline', () => {
    expect(todoAt(r, 'tasks.1.lead')).toHaveLength(1);
    expect(todoAt(r, 'tasks.2.responsible.1')[0]).toMatch(/对应多个单位：国家税务总局曲靖市税务局、曲靖市地方税务局/);
    expect(todoAt(r, 'tasks.2')[0]).toMatch(/2021-06-30前完成/);
    expect(todoAt(r, 'office')).toHaveLength(2); // not found in the notice, not in the directory
    expect(todoAt(r, 'rounds')[0]).toMatch(/5个工作日内/);
    // 各县（市、区）人民政府 is understood as every county of the directory.
    expect(todoPaths(r).filter((p) => /responsible/.test(p))).toEqual(['tasks.2.responsible.1']);
  });

  it('passes the plan schema', () => {
    expect(planSpec.safeParse(r.plan).success).toBe(true);
  });
});
