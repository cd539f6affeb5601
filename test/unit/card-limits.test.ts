// Every card type the chain and the report flow send, at 30 units with the longest texts a
// form accepts, checked against Feishu's documented limits: valid Card JSON 2.0 (our schema,
// which also holds a chart to 999 px), at most 200 components, under 30 KB.
import { describe, expect, it } from 'vitest';
import { cardBytes, checkCard, maxCardBytes } from '../../cards/card-schema.js';
import { buildReportCard, buildThreadConfirmCard } from '../../cards/report-card.js';
import { buildDigestCard, buildReturnFormCard } from '../../cards/review-cards.js';
import type { LarkCard } from '../../cards/types.js';

const at = new Date('2020-11-04T10:00:00+08:00');
const long = (n: number) => '已推行分时段预约诊疗，二级以上医院预约率达65%，基层医疗机构预约服务覆盖面持续扩大。'.repeat(Math.ceil(n / 44)).slice(0, n);
const scope = { plan: 'seed', round: 'round-1', period: '', unit: 'tengchong' };

function components(card: LarkCard): number {
  let n = 0;
  const walk = (v: unknown, depth: number): void => {
    if (Array.isArray(v)) return v.forEach((x) => walk(x, depth));
    if (v === null || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    if (typeof o.tag === 'string' && depth > 0) n++;
    for (const [k, x] of Object.entries(o)) if (k === 'elements' || k === 'columns' || k === 'actions') walk(x, depth + 1);
  };
  walk(card.body, 0);
  return n;
}

const withinLimits = (card: LarkCard) => {
  expect(checkCard(card)).toEqual([]);
  expect(components(card)).toBeLessThanOrEqual(200);
  expect(cardBytes(card)).toBeLessThan(maxCardBytes);
};

describe('at 30 units, with the longest texts, every card stays within Feishu’s limits', () => {
  it('a lead department’s digest of 30 reports', () => {
    const items = Array.from({ length: 30 }, (_, i) => ({
      reportId: i + 1, unitName: `第${i}县人民政府`, task: '任务三 医疗服务', roundLabel: '第1轮', version: 1, percent: 60, at, byName: '张三', late: i % 3 === 0,
      state: 'awaiting' as const, narrative: long(1000), problems: long(1000),
      indicators: [{ name: '政务服务进驻率', value: 86, unit: '%', comparator: '≥', target: 90, met: false }],
    }));
    withinLimits(buildDigestCard({ plan: 'seed', unitName: '市卫生健康委', role: 'lead', timezone: 'Asia/Shanghai', items }));
  });

  it('a report card of 12 tasks prefilled with the longest texts', () => {
    const tasks = Array.from({ length: 12 }, (_, i) => ({ number: String(i + 1), short: `任务名称${i}`, status: 'submitted' as const, last: { byName: '张三', at, version: 3 } }));
    const card = buildReportCard({
      planTitle: '保山市公共服务质量改进提升行动方案', roundName: '第1轮 各县(市、区)、各园区报牵头部门', roundLabel: '第1轮', unitName: '腾冲市', dueAt: at, timezone: 'Asia/Shanghai', workdaysLeft: 1,
      tasks, selected: '12',
      prefill: { progress: 'in_progress', percent: 60, narrative: long(1000), problems: long(1000), nextSteps: long(1000), indicatorValues: { a: 1, b: 2, c: 3, d: 4 } },
      indicators: ['a', 'b', 'c', 'd'].map((key) => ({ key, name: `指标${key}`, unit: '%', comparator: '≥', target: 90 })),
      action: scope,
      notice: { title: '【退回修改】', lines: [long(500)], mentions: Array.from({ length: 5 }, (_, i) => `ou_${i}`) },
      formNote: long(200),
    });
    withinLimits(card);
  });

  it('the return form and the short-reply question', () => {
    withinLimits(buildReturnFormCard({ plan: 'seed', reportId: 1, unitName: '腾冲边境经济合作区管委会', task: '任务十二 政务服务', version: 9 }));
    withinLimits(buildThreadConfirmCard({ scope, task: '3', taskLabel: '任务三 医疗服务', message: 'om_x', text: '收到收到收到' }));
  });
});
