import { describe, expect, it } from 'vitest';
import { taskLabel, zh } from '../../src/core/texts.js';

const tz = 'Asia/Shanghai';

describe('dates the way people say them', () => {
  it.each([
    // 18:00 in Shanghai is 10:00 UTC; 2020-11-05 was a Thursday.
    ['2020-11-05T10:00:00Z', '11月5日（周四）18:00', '11月5日（周四）', '11月5日'],
    // UTC midnight is already 08:00 the same day in Shanghai.
    ['2020-11-05T00:00:00Z', '11月5日（周四）08:00', '11月5日（周四）', '11月5日'],
    // 16:00 UTC is midnight of the next day in Shanghai: the date and weekday roll over.
    ['2020-11-05T16:00:00Z', '11月6日（周五）00:00', '11月6日（周五）', '11月6日'],
    ['2020-11-05T15:59:00Z', '11月5日（周四）23:59', '11月5日（周四）', '11月5日'],
    ['2020-11-01T01:05:00Z', '11月1日（周日）09:05', '11月1日（周日）', '11月1日'],
    ['2020-12-31T16:00:00Z', '1月1日（周五）00:00', '1月1日（周五）', '1月1日'],
  ])('%s is %s', (instant, dateTime, dateWeekday, date) => {
    const at = new Date(instant);
    expect(zh.dateTime(at, tz)).toBe(dateTime);
    expect(zh.dateWeekday(at, tz)).toBe(dateWeekday);
    expect(zh.date(at, tz)).toBe(date);
  });

  it('uses the zone it is given', () => {
    expect(zh.dateTime(new Date('2020-11-05T00:00:00Z'), 'UTC')).toBe('11月5日（周四）00:00');
    expect(zh.dateTime(new Date('2020-11-05T00:00:00Z'), 'America/New_York')).toBe('11月4日（周三）19:00');
  });
});

describe('countdowns from numbers the caller computed', () => {
  it.each([
    [5, '还剩5个工作日'],
    [1, '还剩1个工作日'],
    [0, '今天截止'],
    [-1, '已逾期1个工作日'],
    [-3, '已逾期3个工作日'],
  ])('%i working days → %s', (n, text) => {
    expect(zh.workdaysLeft(n)).toBe(text);
  });

  it('says calendar days overdue', () => {
    expect(zh.overdueDays(3)).toBe('已逾期3天');
  });
});

describe('task numbers in Chinese', () => {
  it.each([
    [1, '一'],
    [2, '二'],
    [3, '三'],
    [4, '四'],
    [5, '五'],
    [6, '六'],
    [7, '七'],
    [8, '八'],
    [9, '九'],
    [10, '十'],
    [11, '十一'],
    [12, '十二'],
    [20, '二十'],
    [21, '二十一'],
  ])('%i is %s', (n, text) => {
    expect(zh.numeral(n)).toBe(text);
    expect(zh.taskName(String(n))).toBe(`任务${text}`);
  });

  it('names sub-tasks the way the notice numbers them', () => {
    expect(zh.taskName('6.1')).toBe('任务六（一）');
    expect(zh.taskName('6.3')).toBe('任务六（三）');
  });

  it('labels a task with its short title', () => {
    expect(taskLabel('12', '政务服务')).toBe('任务十二 政务服务');
    expect(taskLabel('3')).toBe('任务三');
  });

  it('lists owed tasks compactly', () => {
    expect(zh.taskList(['2', '3', '5'])).toBe('任务二、三、五');
    expect(zh.taskList(['1', '2', '3', '4', '5', '6', '7', '8', '9'])).toBe('任务一、二、三、四、五等9项');
    expect(zh.taskList([])).toBe('');
  });
});

describe('statuses and indicators', () => {
  it('marks statuses with the three marks ux.md allows', () => {
    expect(zh.statusMark('submitted')).toBe('✅');
    expect(zh.statusMark('late')).toBe('✅');
    expect(zh.statusMark('accepted')).toBe('✅');
    expect(zh.statusMark('pending')).toBe('⏳');
    expect(zh.statusMark('overdue')).toBe('⚠️');
    expect(zh.statusMark('returned')).toBe('⚠️');
  });

  it('labels progress states', () => {
    expect(zh.progress).toEqual({ not_started: '未启动', in_progress: '推进中', done: '已完成', blocked: '遇到困难' });
  });

  it('labels an indicator field with its unit and target', () => {
    expect(zh.indicatorLabel({ name: '政务服务进驻率', unit: '%', comparator: '>=', target: 90 })).toBe('政务服务进驻率（%，目标 ≥90）');
    expect(zh.indicatorLabel({ name: '文化场所数', unit: '', comparator: '>=', target: 3 })).toBe('文化场所数（目标 ≥3）');
    expect(zh.target('<=', 50, '%')).toBe('≤50%');
  });
});

describe('toasts', () => {
  it('confirms a submission with the task and version', () => {
    expect(zh.toast.submitted('1', 2)).toBe('已提交：任务一（第2版）');
    expect(zh.toast.submitted('任务一', 2)).toBe('已提交：任务一（第2版）');
    expect(zh.toast.submittedLate('3', 1)).toMatch(/^已提交：任务三（第1版），.*逾期/);
  });

  it.each([
    [{ field: 'narrative', reason: 'required' }, '请填写工作开展情况'],
    [{ field: 'percent', reason: 'not_integer_0_100' }, '完成进度须为0–100的整数'],
    [{ field: 'percent', reason: 'required' }, '完成进度须为0–100的整数'],
    [{ field: 'progress', reason: 'unknown_option' }, '请选择进展状态'],
    [{ field: 'task', reason: 'required' }, '请选择任务'],
    [{ field: 'problems', reason: 'too_long', max: 5000 }, '存在问题不能超过5000字'],
    [{ field: 'indicator:entry-rate', reason: 'not_a_number' }, '政务服务进驻率须为数字'],
  ])('names the field: %o → %s', (problem, text) => {
    expect(zh.toast.formProblem(problem, (key) => (key === 'entry-rate' ? '政务服务进驻率' : key))).toBe(text);
  });

  it('refuses with the reason and what to do', () => {
    expect(zh.toast.notContact('腾冲市')).toBe('您不是腾冲市的联络员，无法代为报送。如需调整，请联系办公室。');
    expect(zh.toast.staleCard).toBe('该卡片已过期，请使用最新的报送卡片');
  });
});

describe('binding replies', () => {
  it('confirms the unit and its contacts', () => {
    expect(zh.bind.ok('腾冲市', ['张三', '李四'])).toBe('本群已绑定为腾冲市，联络员：张三、李四');
    expect(zh.bind.ok('腾冲市', ['张三'], '龙陵县')).toBe('本群已绑定为腾冲市（原为龙陵县），联络员：张三');
    expect(zh.bind.ok('腾冲市', [])).toMatch(/^本群已绑定为腾冲市。尚未登记联络员/);
  });

  it('suggests units for a name it does not know, and asks when a name is ambiguous', () => {
    expect(zh.bind.unknownUnit('腾冲县', ['腾冲市'])).toBe('未找到单位“腾冲县”。您要找的是否为：腾冲市？请写明单位全称后重新绑定。');
    expect(zh.bind.unknownUnit('火星', [])).toContain('例如：@机器人 绑定 腾冲市');
    expect(zh.bind.ambiguous('市局', ['市公安局', '市民政局'])).toBe('“市局”可能是：市公安局、市民政局。请写明单位全称后重新绑定。');
  });

  it('tells a non-admin who can bind', () => {
    expect(zh.bind.notAdmin).toMatch(/^仅办公室管理员可以绑定群组/);
  });

  it('acknowledges a thread reply', () => {
    expect(zh.thread.ack('腾冲市', '3', 3)).toBe('已记录为腾冲市任务三的进展补充（第3版）');
    expect(zh.thread.ack('腾冲市', '任务三', 3)).toBe('已记录为腾冲市任务三的进展补充（第3版）');
  });
});

describe('register', () => {
  it('uses no emoji beyond the three status marks', () => {
    const all = JSON.stringify(zh, (_k, v: unknown) => (typeof v === 'function' ? String(v) : v));
    const emoji = [...all.matchAll(/\p{Extended_Pictographic}/gu)].map((m) => m[0]);
    expect(new Set(emoji)).toEqual(new Set(['✅', '⏳', '⚠']));
  });
});
