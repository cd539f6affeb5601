import { describe, expect, it } from 'vitest';
import { cardBytes, checkCard, maxCardBytes } from '../../cards/card-schema.js';
import { buildDailySummaryCard, maxChartUnits, type DailySummaryView } from '../../cards/daily-summary-card.js';
import type { CardElement, ChartElement, LarkCard } from '../../cards/types.js';

const at = (iso: string) => new Date(iso);

function view(over: Partial<DailySummaryView> = {}): DailySummaryView {
  return {
    plan: { slug: 'baoshan-2020-public-service-quality', title: '保山市公共服务质量改进提升行动方案', timezone: 'Asia/Shanghai' },
    date: '2020-11-04',
    asOf: at('2020-11-04T18:00:00+08:00'),
    provisional: true,
    computedAt: at('2020-11-04T18:00:00+08:00'),
    computation: { mode: 'incremental', base: '2020-11-03', changed: 14 },
    status: 'overdue',
    totals: { expected: 84, submitted: 61, onTime: 54, late: 7, overdue: 9, accepted: 20, pending: 14, meanPercent: 62.5, onTimeRate: 54 / 61 },
    today: {
      count: 3,
      reports: [
        { unitCode: 'tengchong', unitName: '腾冲市', taskNumber: '1', taskShort: '公共教育', version: 1, submittedAt: at('2020-11-04T09:00:00+08:00'), late: false },
        { unitCode: 'tengchong', unitName: '腾冲市', taskNumber: '3', taskShort: '医疗服务', version: 2, submittedAt: at('2020-11-04T10:00:00+08:00'), late: false },
        { unitCode: 'shidian', unitName: '施甸县', taskNumber: '2', taskShort: '公共就业', version: 1, submittedAt: at('2020-11-04T11:00:00+08:00'), late: false },
      ],
    },
    units: [
      { code: 'tengchong', name: '腾冲市', expected: 12, submitted: 12, onTime: 12, late: 0, overdue: 0, meanPercent: 70 },
      { code: 'shidian', name: '施甸县', expected: 12, submitted: 5, onTime: 3, late: 2, overdue: 3, meanPercent: 40 },
      { code: 'edu', name: '市教育体育局', expected: 0, submitted: 0, onTime: 0, late: 0, overdue: 0, meanPercent: null },
    ],
    tasks: [],
    overdue: [
      { unitCode: 'shidian', unitName: '施甸县', count: 3, oldestDueAt: at('2020-11-03T18:00:00+08:00') },
      { unitCode: 'longling', unitName: '龙陵县', count: 1, oldestDueAt: at('2020-11-04T12:00:00+08:00') },
    ],
    overdueUnits: 2,
    indicators: [
      { taskNumber: '12', taskShort: '政务服务', key: 'entry-rate', name: '进驻率', unit: '%', comparator: '>=', target: 90, due: '2020-12-31', value: 86, reporters: 5, met: false },
      { taskNumber: '12', taskShort: '政务服务', key: 'online-rate', name: '网上可办率', unit: '%', comparator: '>=', target: 100, value: null, reporters: 0, met: null },
    ],
    deliveryProblems: [
      { kind: 'reminder', recipientType: 'chat', recipientId: 'oc_1', unitName: '昌宁县', code: 230002, error: '230002 Bot is not in the chat', count: 1, lastAt: at('2020-11-04T09:00:00+08:00') },
      { kind: 'reminder', recipientType: 'user', recipientId: 'ou_9', unitName: '龙陵县', personName: '李四', code: 230013, error: '230013 out of range', count: 2, lastAt: at('2020-11-04T09:00:00+08:00') },
      { kind: 'report.card', recipientType: 'chat', recipientId: 'oc_gone', error: 'socket hang up', count: 1, lastAt: at('2020-11-04T09:00:00+08:00') },
    ],
    warnings: [],
    ...over,
  };
}

const markdownText = (card: LarkCard) =>
  card.body.elements
    .filter((e): e is Extract<CardElement, { tag: 'markdown' }> => e.tag === 'markdown')
    .map((e) => e.content)
    .join('\n');
const chartOf = (card: LarkCard) => card.body.elements.find((e): e is ChartElement => e.tag === 'chart');

describe('the daily summary card', () => {
  it('passes the card schema', () => {
    expect(checkCard(buildDailySummaryCard(view()))).toEqual([]);
  });

  it.each<[string, DailySummaryView['status'], string]>([
    ['red when something is overdue', 'overdue', 'red'],
    ['yellow when something is due within a working day', 'due_soon', 'yellow'],
    ['green when everything is on time', 'on_time', 'green'],
  ])('has the date in its title, %s', (_name, status, template) => {
    const card = buildDailySummaryCard(view({ status }));
    expect(card.header).toMatchObject({ title: { content: '【日报】11月4日（周三）' }, template });
  });

  it('says when the numbers are from, and nothing when the day is over', () => {
    expect(buildDailySummaryCard(view()).header!.subtitle!.content).toBe('保山市公共服务质量改进提升行动方案 · 截至 18:00');
    expect(buildDailySummaryCard(view({ provisional: false })).header!.subtitle!.content).toBe('保山市公共服务质量改进提升行动方案 · 全天');
  });

  it('opens with the totals and today’s change', () => {
    const lines = markdownText(buildDailySummaryCard(view())).split('\n');
    expect(lines[0]).toBe('**应报 84 · 已报 61 · 逾期 9 · 按时率 89%**');
    expect(lines[1]).toBe('今日新报 3 项：腾冲市（任务一、三）、施甸县（任务二）');
  });

  it('shows a rate of — when nothing could be on time yet, and the deadline coming up', () => {
    const card = buildDailySummaryCard(
      view({
        status: 'due_soon',
        totals: { ...view().totals, submitted: 0, onTime: 0, late: 0, overdue: 0, onTimeRate: null },
        dueSoon: { dueAt: at('2020-11-05T18:00:00+08:00'), count: 23 },
      }),
    );
    const text = markdownText(card);
    expect(text).toContain('按时率 —');
    expect(text).toContain('11月5日（周四）18:00截止 23 项尚未报送');
  });

  it('draws 已报 and 应报 per unit in a data-only bar chart, leaving out units with nothing expected', () => {
    const chart = chartOf(buildDailySummaryCard(view()))!;
    expect(chart.chart_spec).toMatchObject({ type: 'bar', xField: 'count', yField: ['unit', 'series'], seriesField: 'series' });
    expect(chart.chart_spec.data).toEqual({
      values: [
        { unit: '腾冲市', series: '已报', count: 12 },
        { unit: '腾冲市', series: '应报', count: 12 },
        { unit: '施甸县', series: '已报', count: 5 },
        { unit: '施甸县', series: '应报', count: 12 },
      ],
    });
    // Lark refuses functions in a spec; JSON round-trips only data.
    expect(JSON.parse(JSON.stringify(chart.chart_spec))).toEqual(chart.chart_spec);
  });

  it('lists overdue units with how many and since when', () => {
    const text = markdownText(buildDailySummaryCard(view()));
    expect(text).toContain('**逾期未报**\n- 施甸县 3 项（最早 11月3日截止）\n- 龙陵县 1 项（最早 11月4日截止）');
  });

  it('shows indicators against their targets and due dates', () => {
    const text = markdownText(buildDailySummaryCard(view()));
    expect(text).toContain('**任务十二 政务服务 · 指标**');
    expect(text).toContain('- ⚠️ 进驻率 86%（目标 ≥90%，12月31日前）');
    expect(text).toContain('- 网上可办率 暂无填报（目标 ≥100%）');
  });

  it('names delivery problems by unit chat or person, with a reason people can act on', () => {
    const text = markdownText(buildDailySummaryCard(view()));
    expect(text).toContain('- 向昌宁县群发送失败：机器人不在群内');
    expect(text).toContain('- 向李四（龙陵县）发送失败：机器人无权向其发送消息（2条）');
    // Never a raw chat id or an error code.
    expect(text).toContain('- 向未绑定单位的群发送失败：发送未成功');
    expect(text).not.toMatch(/oc&#95;|错误码/);
  });

  it('leaves out empty sections, and shows warnings', () => {
    const quiet = markdownText(buildDailySummaryCard(view({ overdue: [], overdueUnits: 0, indicators: [], deliveryProblems: [], status: 'on_time' })));
    expect(quiet).not.toContain('逾期未报');
    expect(quiet).not.toContain('发送失败');
    expect(quiet).not.toContain('指标');
    const warned = markdownText(buildDailySummaryCard(view({ warnings: ['工作日历未覆盖2027年，按周一至周五计算工作日'] })));
    expect(warned).toContain('**提示**\n- ⚠️ 工作日历未覆盖2027年，按周一至周五计算工作日');
  });

  it('keeps names people typed inert', () => {
    const card = buildDailySummaryCard(view({ overdueUnits: 1, overdue: [{ unitCode: 'x', unitName: '<at id=all></at>', count: 1, oldestDueAt: at('2020-11-03T18:00:00+08:00') }] }));
    expect(markdownText(card)).not.toContain('<at id=all>');
  });

  it('stays under Lark’s limits at province scale: the chart shows the units furthest behind', () => {
    const units = Array.from({ length: 130 }, (_, i) => ({
      code: `u${i}`, name: `第${i}县人民政府`, expected: 52, submitted: 52 - (i % 40), onTime: 40, late: 12 - (i % 12), overdue: i % 40, meanPercent: 50,
    }));
    const overdue = units.filter((u) => u.overdue > 0).slice(0, 10).map((u) => ({ unitCode: u.code, unitName: u.name, count: u.overdue, oldestDueAt: at('2020-11-03T18:00:00+08:00') }));
    const card = buildDailySummaryCard(view({ units, overdue, overdueUnits: 127 }));
    expect(checkCard(card)).toEqual([]);
    expect(cardBytes(card)).toBeLessThan(maxCardBytes);
    const values = chartOf(card)!.chart_spec.data as { values: { unit: string; count: number }[] };
    expect(values.values).toHaveLength(2 * maxChartUnits);
    expect(values.values.map((v) => v.unit)).toContain('第39县人民政府');
    expect(values.values.map((v) => v.unit)).not.toContain('第0县人民政府');
    expect(markdownText(card)).toContain('图中为完成率最低的25个单位（共130个）');
    // Lark's chart component: at most 999 px high (lark-protocol §6.7).
    expect(Number(/^(\d+)px$/.exec(chartOf(card)!.height ?? '')![1])).toBeLessThanOrEqual(999);
    expect(markdownText(card)).toContain('- 另有117个单位逾期');
  });
});
