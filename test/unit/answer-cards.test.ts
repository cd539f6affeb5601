import { describe, expect, it } from 'vitest';
import { allElements } from '../support/cards.js';
import { exportFormats, parseCardAction, queryExportValue, queryOverdueValue, remindUnitValue } from '../../cards/actions.js';
import {
  buildClarifyCard,
  buildHelpAnswerCard,
  buildOverdueCard,
  buildOverviewCard,
  buildRefusalCard,
  buildTaskCard,
  buildUnitCard,
  maxChartRows,
  maxOverdueRows,
  maxTaskUnitLines,
  type OverdueAnswerView,
  type OverviewView,
  type TaskAnswerView,
  type UnitAnswerView,
} from '../../cards/answer-cards.js';
import { cardBytes, checkCard, maxCardBytes, maxCardElements } from '../../cards/card-schema.js';
import type { ButtonElement, CardElement, ChartElement, LarkCard } from '../../cards/types.js';
import type { ExportFormat } from '../../src/core/questions.js';
import type { AssignmentStatus } from '../../src/core/status.js';

const at = (iso: string) => new Date(iso);
const plan = { slug: 'baoshan-2020-public-service-quality', title: '保山市公共服务质量改进提升行动方案', timezone: 'Asia/Shanghai' };
const now = at('2020-11-06T10:00:00+08:00');
const round1Due = at('2020-11-05T18:00:00+08:00');
const shorts = ['公共教育', '公共就业', '医疗服务', '社会保障', '公用事业', '生态环境', '公共交通', '公共安全', '公共文化', '公共体育', '养老服务', '政务服务'];

// ── fixed views of the seed plan the day after round 1's deadline ─────────────────────────

function overviewView(over: Partial<OverviewView> = {}): OverviewView {
  const units: [string, string, number, number][] = [
    ['longyang', '隆阳区', 11, 0],
    ['shidian', '施甸县', 7, 5],
    ['tengchong', '腾冲市', 12, 0],
    ['longling', '龙陵县', 9, 3],
    ['changning', '昌宁县', 10, 1],
    ['park-gongmao', '保山工贸园区管委会', 6, 0],
    ['park-bianhe', '腾冲边境经济合作区管委会', 6, 0],
  ];
  const submitted = [7, 6, 5, 5, 6, 4, 5, 5, 5, 4, 5, 4];
  const overdue = [0, 1, 1, 1, 0, 1, 1, 0, 1, 1, 1, 1];
  return {
    plan,
    at: now,
    totals: { expected: 84, submitted: 61, overdue: 9, onTimeRate: 0.88 },
    nextDueWorkdaysLeft: 2,
    units: [
      ...units.map(([code, name, s, o]) => ({ code, name, expected: 12, submitted: s, overdue: o, oldestOverdueDueAt: o > 0 ? round1Due : undefined })),
      { code: 'edu', name: '市教育体育局', expected: 0, submitted: 0, overdue: 0 },
    ],
    tasks: shorts.map((short, i) => ({ number: String(i + 1), short, expected: 7, submitted: submitted[i]!, overdue: overdue[i]! })),
    ...over,
  };
}

function taskView(over: Partial<TaskAnswerView> = {}): TaskAnswerView {
  const rows: [string, string, AssignmentStatus, number | null, string | undefined][] = [
    ['longyang', '隆阳区', 'submitted', 60, '已在区人民医院推行分时段预约诊疗，门诊平均候诊时间由45分钟缩短至28分钟，并开通线上缴费。'],
    ['shidian', '施甸县', 'overdue', null, undefined],
    ['tengchong', '腾冲市', 'accepted', 100, '**全部完成** <at id=all></at> 见附件'],
    ['longling', '龙陵县', 'late', 30, '推进中'],
    ['changning', '昌宁县', 'returned', 20, '数据待核实'],
    ['park-gongmao', '保山工贸园区管委会', 'pending', null, undefined],
  ];
  return {
    plan,
    at: now,
    task: { number: '3', short: '医疗服务', title: '多措施改进提升医疗服务质量,明显缩短门诊候诊等候时间' },
    lead: ['市卫生健康委'],
    cooperating: [],
    subtasks: [],
    totals: { expected: 7, submitted: 4, overdue: 1 },
    nextDueWorkdaysLeft: 2,
    units: rows.map(([code, name, status, percent, narrative]) => ({
      code,
      name,
      status,
      percent,
      narrative,
      reportedAt: narrative ? at('2020-11-04T16:30:00+08:00') : undefined,
    })),
    indicators: [],
    ...over,
  };
}

function unitView(over: Partial<UnitAnswerView> = {}): UnitAnswerView {
  const statuses: AssignmentStatus[] = ['submitted', 'overdue', 'submitted', 'late', 'overdue', 'submitted', 'overdue', 'accepted', 'submitted', 'overdue', 'submitted', 'overdue'];
  return {
    plan,
    at: now,
    unit: { code: 'shidian', name: '施甸县' },
    totals: { expected: 13, submitted: 7, overdue: 5 },
    nextDueWorkdaysLeft: 2,
    items: [
      ...shorts.map((taskShort, i) => {
        const status = statuses[i]!;
        const inn = status !== 'overdue';
        return {
          taskNumber: String(i + 1),
          taskShort,
          roundLabel: '第1轮',
          status,
          dueAt: round1Due,
          reportedAt: inn ? at('2020-11-03T11:00:00+08:00') : undefined,
          percent: inn ? 50 : null,
        };
      }),
      { taskNumber: '4', taskShort: '社会保障', roundLabel: '任务四 · 2020年11月', status: 'pending', dueAt: at('2020-11-10T18:00:00+08:00'), percent: null },
    ],
    leads: [],
    away: [{ name: '张三', until: '2020-11-10' }],
    ...over,
  };
}

function overdueView(over: Partial<OverdueAnswerView> = {}): OverdueAnswerView {
  return {
    plan,
    at: now,
    canRemind: true,
    nextDueWorkdaysLeft: 2,
    units: [
      { code: 'longyang', name: '隆阳区', overdue: 0, pending: 1, oldestDueAt: at('2020-11-10T18:00:00+08:00'), taskNumbers: ['4'] },
      { code: 'shidian', name: '施甸县', overdue: 5, pending: 1, oldestDueAt: round1Due, taskNumbers: ['2', '5', '7', '10', '12', '4'] },
      { code: 'tengchong', name: '腾冲市', overdue: 0, pending: 0, taskNumbers: [] },
      { code: 'longling', name: '龙陵县', overdue: 3, pending: 0, oldestDueAt: round1Due, taskNumbers: ['3', '6', '9'], remindedAt: at('2020-11-06T09:30:00+08:00') },
      { code: 'changning', name: '昌宁县', overdue: 1, pending: 0, oldestDueAt: round1Due, taskNumbers: ['11'] },
    ],
    ...over,
  };
}

// ── helpers ────────────────────────────────────────────────────────────────────────────────

const all = allElements;
const text = (card: LarkCard) =>
  all(card)
    .filter((e): e is Extract<CardElement, { tag: 'markdown' }> => e.tag === 'markdown')
    .map((e) => e.content)
    .join('\n');
const buttons = (card: LarkCard) => all(card).filter((e): e is ButtonElement => e.tag === 'button');
const charts = (card: LarkCard) => all(card).filter((e): e is ChartElement => e.tag === 'chart');
const golden = (card: LarkCard) => `${JSON.stringify(card, null, 2)}\n`;

// ── the cards ──────────────────────────────────────────────────────────────────────────────

describe('the overview card (进度)', () => {
  const card = buildOverviewCard(overviewView());

  it('matches its golden JSON and passes the card schema', async () => {
    expect(checkCard(card)).toEqual([]);
    await expect(golden(card)).toMatchFileSnapshot('../golden/cards/overview.json');
  });

  it('opens with one line of totals', () => {
    expect(text(card).split('\n')[0]).toBe('**应报 84 · 已报 61 · 逾期 9 · 按时率 88%**');
    expect(card.header?.title.content).toBe('【进度】保山市公共服务质量改进提升行动方案');
    expect(card.header?.subtitle?.content).toBe('截至 11月6日（周五）10:00');
  });

  it.each<[string, Partial<OverviewView>, string]>([
    ['red with anything overdue', {}, 'red'],
    ['yellow when reports are missing and due within a working day', { totals: { expected: 84, submitted: 61, overdue: 0, onTimeRate: 1 }, nextDueWorkdaysLeft: 1 }, 'yellow'],
    ['blue when reports are missing but days remain', { totals: { expected: 84, submitted: 61, overdue: 0, onTimeRate: 1 }, nextDueWorkdaysLeft: 3 }, 'blue'],
    ['green when everything is in', { totals: { expected: 84, submitted: 84, overdue: 0, onTimeRate: 1 }, nextDueWorkdaysLeft: undefined }, 'green'],
  ])('is %s', (_name, over, template) => {
    expect(buildOverviewCard(overviewView(over)).header?.template).toBe(template);
  });

  it('draws 已报/应报 by unit and by task, leaving out units with nothing expected', () => {
    const [units, tasks] = charts(card);
    expect(units?.element_id).toBe('units_chart');
    expect(units?.chart_spec.data).toMatchObject({ values: expect.arrayContaining([{ name: '施甸县', series: '已报', count: 7 }, { name: '施甸县', series: '应报', count: 12 }]) });
    expect(JSON.stringify(units?.chart_spec)).not.toContain('市教育体育局');
    expect(tasks?.element_id).toBe('tasks_chart');
    expect(tasks?.chart_spec.data).toMatchObject({ values: expect.arrayContaining([{ name: '任务三 医疗服务', series: '已报', count: 5 }]) });
    // Lark refuses functions in a spec: JSON round-trips only data.
    expect(JSON.parse(JSON.stringify(units?.chart_spec))).toEqual(units?.chart_spec);
  });

  it('names the three most overdue units, most first', () => {
    expect(text(card)).toContain('**逾期最多的单位**\n- 施甸县 逾期 5 项（最早 11月5日截止）\n- 龙陵县 逾期 3 项（最早 11月5日截止）\n- 昌宁县 逾期 1 项（最早 11月5日截止）');
  });

  it('says so when nothing is overdue', () => {
    const calm = buildOverviewCard(overviewView({ units: overviewView().units.map((u) => ({ ...u, overdue: 0 })) }));
    expect(text(calm)).toContain('目前没有逾期未报的事项。');
  });

  it('offers [谁没报] and [导出], carrying the plan', () => {
    expect(buttons(card).map((b) => [b.text.content, b.behaviors?.[0]?.value])).toEqual([
      ['谁没报', { a: 'query.overdue', plan: plan.slug, v: 1 }],
      ['导出', { a: 'query.export', plan: plan.slug, format: 'xlsx', v: 1 }],
    ]);
  });
});

describe('the task card (任务三)', () => {
  const card = buildTaskCard(taskView());

  it('matches its golden JSON and passes the card schema', async () => {
    expect(checkCard(card)).toEqual([]);
    await expect(golden(card)).toMatchFileSnapshot('../golden/cards/task.json');
  });

  it('names the lead and cooperating units, and says 无 for none', () => {
    expect(text(card).split('\n').slice(0, 2)).toEqual(['**牵头单位** 市卫生健康委', '**配合单位** 无']);
    expect(card.header?.title.content).toBe('【任务】任务三 医疗服务');
  });

  it('lists each responsible unit, what needs action first, with status, percent, date and its report in full', () => {
    const lines = text(card).split('\n');
    const from = lines.indexOf('**各责任单位报送情况**');
    expect(lines.slice(from + 1, from + 11)).toEqual([
      '- ⚠️ **施甸县** 逾期未报',
      '- ⚠️ **昌宁县** 已退回 20%（11月4日）',
      '  工作开展情况：数据待核实',
      '- ⏳ **保山工贸园区管委会** 待报送',
      '- ✅ **隆阳区** 已报送 60%（11月4日）',
      '  工作开展情况：已在区人民医院推行分时段预约诊疗，门诊平均候诊时间由45分钟缩短至28分钟，并开通线上缴费。',
      '- ✅ **腾冲市** 已采纳 100%（11月4日）',
      '  工作开展情况：&#42;&#42;全部完成&#42;&#42; &#60;at id=all&#62;&#60;/at&#62; 见附件',
      '- ✅ **龙陵县** 逾期报送 30%（11月4日）',
      '  工作开展情况：推进中',
    ]);
  });

  it('puts the lead department’s report to the office first, with its review state and its text in full', () => {
    const both = buildTaskCard(
      taskView({
        leadReports: [{ code: 'weijian', name: '市卫生健康委', status: 'submitted', percent: 80, narrative: '全市预约诊疗覆盖率达85%', problems: '基层信息化薄弱', reportedAt: new Date('2020-11-09T10:00:00+08:00') }],
        units: [{ code: 'longyang', name: '隆阳区', status: 'submitted', state: 'resubmitted', percent: 60, narrative: '已推行', reportedAt: new Date('2020-11-04T10:00:00+08:00') }],
      }),
    );
    const lines = text(both).split('\n');
    const lead = lines.indexOf('**牵头单位汇总报告**');
    expect(lines.slice(lead, lead + 4)).toEqual(['**牵头单位汇总报告**', '- ✅ **市卫生健康委** 已报送 80%（11月9日）', '  工作开展情况：全市预约诊疗覆盖率达85%', '  存在问题：基层信息化薄弱']);
    expect(lines.indexOf('**各责任单位报送情况**')).toBeGreaterThan(lead);
    expect(lines).toContain('- ✅ **隆阳区** 修改后重报 60%（11月4日）');
    expect(text(buildTaskCard(taskView({ leadReports: [], leadMissing: ['市卫生健康委'] })))).toContain('市卫生健康委尚未向办公室报送汇总报告。');
  });

  it('gives whoever may chase the task a 催办 button per overdue unit, carrying the task', () => {
    expect(buttons(card)).toEqual([]);
    const chase = buildTaskCard(taskView({ canRemind: true }));
    expect(checkCard(chase)).toEqual([]);
    expect(buttons(chase).map((b) => [b.text.content, b.behaviors?.[0]?.value])).toEqual([['催办', { a: 'remind.unit', plan: plan.slug, unit: 'shidian', task: '3', v: 1 }]]);
  });

  it('never lets a narrative mention anyone', () => {
    expect(JSON.stringify(card)).not.toMatch(/<at id=all>/);
  });

  it('lists sub-tasks with their own lead and cooperating units', () => {
    const six = buildTaskCard(
      taskView({
        task: { number: '6', short: '生态环境', title: '噪声污染专项整治' },
        lead: ['市生态环境局', '市公安局'],
        cooperating: ['市住房城乡建设局'],
        subtasks: [{ number: '6.1', title: '建筑施工噪声污染整治', lead: ['市生态环境局'], cooperating: ['市住房城乡建设局'] }],
      }),
    );
    expect(text(six)).toContain('- 任务六（一） 建筑施工噪声污染整治：牵头 市生态环境局；配合 市住房城乡建设局');
  });

  it('shows indicators against their targets', () => {
    const twelve = buildTaskCard(
      taskView({
        task: { number: '12', short: '政务服务', title: '政务服务' },
        indicators: [
          { name: '政务服务进驻率', unit: '%', comparator: '>=', target: 90, due: '2020-12-31', value: 86, met: false },
          { name: '网上可办率', unit: '%', comparator: '>=', target: 100, value: null, met: null },
        ],
      }),
    );
    expect(text(twelve)).toContain('**指标完成情况**\n- ⚠️ 政务服务进驻率 86%（目标 ≥90%，12月31日前）\n- 网上可办率 暂无填报（目标 ≥100%）');
    expect(checkCard(twelve)).toEqual([]);
  });

  it('says when only the viewer’s own rows are shown', () => {
    expect(text(buildTaskCard(taskView({ onlyOwnRows: true })))).toContain('仅显示本单位的报送情况。');
    expect(text(card)).not.toContain('仅显示本单位');
  });
});

describe('the unit card (施甸县)', () => {
  const card = buildUnitCard(unitView());

  it('matches its golden JSON and passes the card schema', async () => {
    expect(checkCard(card)).toEqual([]);
    await expect(golden(card)).toMatchFileSnapshot('../golden/cards/unit.json');
  });

  it('says what is overdue, then lists every report, overdue first', () => {
    const lines = text(card).split('\n');
    expect(lines[0]).toBe('**应报 13 · 已报 7 · 逾期 5**');
    expect(lines[1]).toBe('⚠️ 逾期未报：任务二、五、七、十、十二（最早 11月5日截止）');
    expect(lines).toContain('- ⚠️ 任务二 公共就业 · 第1轮 · 逾期未报 · 截止 11月5日');
    expect(lines).toContain('- ⏳ 任务四 社会保障 · 2020年11月 · 待报送 · 截止 11月10日');
    expect(lines).toContain('- ✅ 任务一 公共教育 · 第1轮 · 已报送 · 50% · 11月3日报送');
    // What needs action, then what waits, then what is in, each by task number.
    const from = lines.indexOf('**报送事项**');
    expect(lines.slice(from + 1).map((l) => l.split(' · ')[0])).toEqual([
      '- ⚠️ 任务二 公共就业',
      '- ⚠️ 任务五 公用事业',
      '- ⚠️ 任务七 公共交通',
      '- ⚠️ 任务十 公共体育',
      '- ⚠️ 任务十二 政务服务',
      '- ⏳ 任务四 社会保障',
      '- ✅ 任务一 公共教育',
      '- ✅ 任务三 医疗服务',
      '- ✅ 任务四 社会保障',
      '- ✅ 任务六 生态环境',
      '- ✅ 任务八 公共安全',
      '- ✅ 任务九 公共文化',
      '- ✅ 任务十一 养老服务',
      '**请假的联络员**',
      '- 张三（请假至11月10日）',
    ]);
  });

  it('names contacts on leave', () => {
    expect(text(card)).toContain('**请假的联络员**\n- 张三（请假至11月10日）');
  });

  it('shows a lead department the tasks it leads', () => {
    const health = buildUnitCard(
      unitView({ unit: { code: 'health', name: '市卫生健康委' }, items: [], totals: { expected: 0, submitted: 0, overdue: 0 }, away: [], leads: [{ number: '3', short: '医疗服务', expected: 7, submitted: 4, overdue: 1 }] }),
    );
    expect(text(health)).toContain('本单位目前没有应报事项。');
    expect(text(health)).toContain('**牵头任务 · 各单位报送**\n- ⚠️ 任务三 医疗服务 已报 4/7 · 逾期 1');
    expect(checkCard(health)).toEqual([]);
  });
});

describe('the overdue card (谁没报)', () => {
  const card = buildOverdueCard(overdueView());

  it('matches its golden JSON and passes the card schema', async () => {
    expect(checkCard(card)).toEqual([]);
    await expect(golden(card)).toMatchFileSnapshot('../golden/cards/overdue.json');
  });

  it('is red, lists overdue units first (most first), then those only pending, and skips units with nothing missing', () => {
    expect(card.header?.template).toBe('red');
    const names = [...text(card).matchAll(/\*\*(\S+)\*\* /g)].map((m) => m[1]);
    expect(names).toEqual(['施甸县', '龙陵县', '昌宁县', '隆阳区']);
    expect(text(card)).toContain('⚠️ **施甸县** 逾期 5 项 · 待报 1 项（最早 11月5日截止）\n任务二、四、五、七、十、十二');
  });

  it('puts a 催办 button carrying remind.unit on each late unit, disabled within the hour of the last one; none on a unit not yet due', () => {
    expect(buttons(card).map((b) => [b.text.content, b.disabled ?? false, b.behaviors?.[0]?.value])).toEqual([
      ['催办', false, { a: 'remind.unit', plan: plan.slug, unit: 'shidian', v: 1 }],
      ['已催办 09:30', true, undefined],
      ['催办', false, { a: 'remind.unit', plan: plan.slug, unit: 'changning', v: 1 }],
    ]);
    expect(text(card)).toContain('⏳ **隆阳区**');
    expect(buttons(card)[0]?.confirm?.text.content).toBe('将立即向施甸县发送催办提醒。');
  });

  it('has no buttons for someone who may not remind', () => {
    const plain = buildOverdueCard(overdueView({ canRemind: false }));
    expect(buttons(plain)).toEqual([]);
    expect(text(plain)).toContain('⚠️ **施甸县**');
    expect(checkCard(plain)).toEqual([]);
  });

  it.each<[string, OverdueAnswerView['units'], number | undefined, string]>([
    ['green when nothing is missing', [], undefined, 'green'],
    ['yellow when only pending reports are due within a working day', [{ code: 'longyang', name: '隆阳区', overdue: 0, pending: 1, taskNumbers: ['4'] }], 1, 'yellow'],
    ['blue when only pending reports have days left', [{ code: 'longyang', name: '隆阳区', overdue: 0, pending: 1, taskNumbers: ['4'] }], 3, 'blue'],
  ])('is %s', (_name, units, nextDueWorkdaysLeft, template) => {
    const c = buildOverdueCard(overdueView({ units, nextDueWorkdaysLeft }));
    expect(c.header?.template).toBe(template);
    expect(checkCard(c)).toEqual([]);
  });

  it('says when everyone has reported', () => {
    expect(text(buildOverdueCard(overdueView({ units: [] })))).toBe('各单位均已报送。');
  });
});

describe('help, clarifications and refusals', () => {
  it('tells a leader what to ask, with examples (golden)', async () => {
    const card = buildHelpAnswerCard();
    expect(checkCard(card)).toEqual([]);
    expect(text(card)).toContain('- **进度 · 总体情况** —— 全局进度');
    expect(text(card)).not.toContain('绑定');
    await expect(golden(card)).toMatchFileSnapshot('../golden/cards/help.json');
  });

  it('shows each role what it may ask: a unit contact and a lead department do not see leaders’ commands', () => {
    const unit = text(buildHelpAnswerCard({ role: 'unit' }));
    expect(unit).toContain('请假 至11月10日');
    expect(unit).not.toMatch(/谁没报|导出|催办/);
    const lead = text(buildHelpAnswerCard({ role: 'lead' }));
    expect(lead).toContain('您牵头的任务');
    expect(lead).not.toContain('谁没报');
    expect(text(buildHelpAnswerCard({ role: 'nobody' }))).toContain('如需开通，请联系办公室');
    for (const role of ['leader', 'lead', 'unit', 'nobody'] as const) expect(checkCard(buildHelpAnswerCard({ role }))).toEqual([]);
  });

  it('adds how to bind a chat for admins', () => {
    expect(text(buildHelpAnswerCard({ admin: true }))).toContain('@机器人 绑定 腾冲市 @张三 @李四');
  });

  it('answers what it did not understand with the text as typed, made inert', () => {
    const card = buildHelpAnswerCard({ notUnderstood: '今天<at id=all></at>天气' });
    expect(text(card).split('\n')[0]).toBe('没有理解“今天&#60;at id=all&#62;&#60;/at&#62;天气”。您可以这样问：');
    expect(checkCard(card)).toEqual([]);
  });

  it('asks which one when a word names several tasks', () => {
    const card = buildClarifyCard({ kind: 'ambiguous', text: '交通', options: [{ label: '任务六（二） 交通运输噪声污染整治', ask: '任务六（二）' }, { label: '任务七 公共交通', ask: '任务七' }] });
    expect(text(card)).toBe('“交通”可能指以下2项，请发送其中一项：\n- 任务六（二） 交通运输噪声污染整治（发送“任务六（二）”）\n- 任务七 公共交通（发送“任务七”）');
    expect(checkCard(card)).toEqual([]);
  });

  it('says a task is not in the plan, and which are', () => {
    const card = buildClarifyCard({ kind: 'unknown_task', number: '30', taskCount: 12 });
    expect(text(card)).toBe('方案中没有任务三十（共12项任务）。请发送“任务一”至“任务十二”。');
  });

  it('refuses politely, saying why and what to do', () => {
    const card = buildRefusalCard('您不是腾冲市的联络员，无法查看该单位的情况。如需调整，请联系办公室。');
    expect(card.header?.title.content).toBe('暂无查看权限');
    expect(text(card)).toBe('您不是腾冲市的联络员，无法查看该单位的情况。如需调整，请联系办公室。');
    expect(checkCard(card)).toEqual([]);
  });
});

// ── province scale: 130 units, long names, narratives full of markdown specials ─────────────

describe('at 130 units every answer card stays a valid card under 30 KB', () => {
  const n = 130;
  const names = Array.from({ length: n }, (_, i) => `某某省某某市某某县第${i + 1}号经济技术开发区管理委员会`);
  const worst = '*<>&[]_`#|'.repeat(100);

  const check = (card: LarkCard) => {
    expect(checkCard(card)).toEqual([]);
    expect(cardBytes(card)).toBeLessThan(maxCardBytes);
    expect(all(card).length).toBeLessThanOrEqual(maxCardElements);
  };

  it('the overview, charts capped to the units furthest behind', () => {
    const card = buildOverviewCard(
      overviewView({
        units: names.map((name, i) => ({ code: `u${i}`, name, expected: 12, submitted: i % 13, overdue: 12 - (i % 13), oldestOverdueDueAt: round1Due })),
      }),
    );
    check(card);
    const units = charts(card)[0]!;
    expect((units.chart_spec.data as { values: unknown[] }).values).toHaveLength(maxChartRows * 2);
    expect(text(card)).toContain(`图中为完成率最低的${maxChartRows}个单位（共${n}个）`);
  });

  it('the task card, with the rest of the units listed by status', () => {
    const statuses: AssignmentStatus[] = ['submitted', 'overdue', 'pending', 'late', 'returned', 'accepted'];
    const card = buildTaskCard(
      taskView({
        units: names.map((name, i) => ({ code: `u${i}`, name, status: statuses[i % statuses.length]!, percent: 50, narrative: worst, reportedAt: now })),
        totals: { expected: n, submitted: 80, overdue: 20 },
      }),
    );
    check(card);
    const lines = text(card).split('\n');
    const detailed = lines.filter((l) => /^- (⚠️|⏳|✅) \*\*/.test(l));
    const rest = lines.find((l) => l.startsWith('- 其余'));
    expect(detailed.length).toBeGreaterThan(10);
    expect(detailed.length).toBeLessThanOrEqual(maxTaskUnitLines);
    expect(rest).toMatch(new RegExp(`^- 其余${n - detailed.length}个单位：`));
    // No unit is named twice; past the budget the rest ends in 等N个.
    for (const name of names) expect(text(card).split(name).length - 1).toBeLessThanOrEqual(1);
    expect(rest).toMatch(/等\d+个/);
  });

  it('the unit card of a unit with a year of monthly rounds on every task', () => {
    const items = Array.from({ length: 12 * 12 }, (_, i) => ({
      taskNumber: String((i % 12) + 1),
      taskShort: `${worst.slice(0, 30)}`,
      roundLabel: `任务${(i % 12) + 1} · 2020年${(i % 12) + 1}月`,
      status: (i % 3 === 0 ? 'overdue' : 'submitted') as AssignmentStatus,
      dueAt: round1Due,
      reportedAt: now,
      percent: 50,
    }));
    const card = buildUnitCard(unitView({ items, away: names.slice(0, 20).map((name) => ({ name, until: '2020-11-10' })) }));
    check(card);
    expect(text(card)).toContain('- 另有104项：');
  });

  it('the overdue list, with a row and a button for the first units and names for the rest', () => {
    const card = buildOverdueCard(
      overdueView({ units: names.map((name, i) => ({ code: `u${i}`, name, overdue: i % 5, pending: 1, oldestDueAt: round1Due, taskNumbers: ['1', '2', '3', '4', '5', '6', '7', '8'] })) }),
    );
    check(card);
    expect(buttons(card)).toHaveLength(maxOverdueRows);
    expect(text(card)).toContain(`另有${n - maxOverdueRows}个单位尚有未报送事项：`);
  });
});

// ── the actions the answer cards' buttons emit ─────────────────────────────────────────────

describe('answer card actions', () => {
  it.each([
    ['query.overdue', queryOverdueValue(plan.slug), { a: 'query.overdue', v: 1, plan: plan.slug }],
    ['query.export', queryExportValue(plan.slug), { a: 'query.export', v: 1, plan: plan.slug, format: 'xlsx' }],
    ['query.export as csv', queryExportValue(plan.slug, 'csv'), { a: 'query.export', v: 1, plan: plan.slug, format: 'csv' }],
    ['remind.unit', remindUnitValue(plan.slug, 'shidian'), { a: 'remind.unit', v: 1, plan: plan.slug, unit: 'shidian' }],
  ])('%s round-trips through parseCardAction, also as a JSON string', (_name, value, action) => {
    expect(parseCardAction(value)).toEqual({ ok: true, action });
    expect(parseCardAction(JSON.stringify(value))).toEqual({ ok: true, action });
  });

  it.each([
    ['an export without a format', { a: 'query.export', v: 1, plan: plan.slug }],
    ['an export as pdf', { a: 'query.export', v: 1, plan: plan.slug, format: 'pdf' }],
    ['a reminder without a unit', { a: 'remind.unit', v: 1, plan: plan.slug }],
    ['a reminder with an empty plan', { a: 'remind.unit', v: 1, plan: '', unit: 'shidian' }],
    ['a query without a plan', { a: 'query.overdue', v: 1 }],
  ])('rejects %s as invalid', (_name, value) => {
    expect(parseCardAction(value)).toMatchObject({ ok: false, reason: 'invalid' });
  });

  it('calls a reminder from another card version stale', () => {
    expect(parseCardAction({ ...remindUnitValue(plan.slug, 'shidian'), v: 0 })).toMatchObject({ ok: false, reason: 'stale' });
  });

  it.each<ExportFormat>([...exportFormats])('accepts an export as %s, every format the question parser knows', (format) => {
    expect(parseCardAction(queryExportValue(plan.slug, format))).toMatchObject({ ok: true, action: { format } });
  });
});
