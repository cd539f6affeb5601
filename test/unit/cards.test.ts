import { describe, expect, it } from 'vitest';
import { allElements } from '../support/cards.js';
import { parseCardAction, reportPickValue, reportSubmitValue, reviewValue } from '../../cards/actions.js';
import { buildBindHelpCard, buildNoticeCard } from '../../cards/bind-card.js';
import { cardBytes, checkCard, maxCardBytes } from '../../cards/card-schema.js';
import { buildReportCard, type ReportCardView } from '../../cards/report-card.js';
import type { LarkCard } from '../../cards/types.js';
import type { AssignmentStatus } from '../../src/core/status.js';

const shorts = ['公共教育', '公共就业', '医疗服务', '社会保障', '公用事业', '生态环境', '公共交通', '公共安全', '公共文化', '公共体育', '养老服务', '政务服务'];
const scope = { plan: 'baoshan-2020-public-service-quality', round: 'round-1', period: '', unit: 'tengchong' };
const task12Indicators = [
  { key: 'entry-rate', name: '政务服务进驻率', unit: '%', comparator: '>=', target: 90 },
  { key: 'online-rate', name: '网上可办事项(二级办理深度及以上)', unit: '%', comparator: '>=', target: 100 },
  { key: 'time-cut', name: '承诺时限压减', unit: '%', comparator: '>=', target: 50 },
  { key: 'one-visit', name: '“最多跑一次”事项', unit: '%', comparator: '>=', target: 90 },
  { key: 'instant', name: '即办件事项', unit: '%', comparator: '>=', target: 20 },
  { key: 'full-online', name: '全程网办(四级办理深度)事项', unit: '%', comparator: '>=', target: 30 },
];

function view(statuses: AssignmentStatus[] = [], overrides: Partial<ReportCardView> = {}): ReportCardView {
  return {
    planTitle: '公共服务质量改进提升行动',
    roundName: '第1轮 各县(市、区)、各园区报牵头部门',
    roundLabel: '第1轮',
    unitName: '腾冲市',
    dueAt: new Date('2020-11-05T10:00:00Z'),
    timezone: 'Asia/Shanghai',
    workdaysLeft: 5,
    tasks: shorts.map((short, i) => {
      const status = statuses[i] ?? 'pending';
      const inOrBack = status !== 'pending' && status !== 'overdue' && status !== 'not_open';
      return {
        number: String(i + 1),
        short,
        status,
        ...(inOrBack ? { last: { byName: '张三', at: new Date('2020-11-02T03:00:00Z'), version: 1 } } : {}),
      };
    }),
    selected: '2',
    indicators: [],
    action: scope,
    ...overrides,
  };
}

const all = allElements;
const named = (card: LarkCard, name: string) => all(card).find((e) => 'name' in e && e.name === name);
const checklist = (card: LarkCard) => {
  const first = card.body.elements[0];
  return first?.tag === 'markdown' ? first.content.split('\n') : [];
};

describe('the report card header says what, for whom, by when — coloured by status', () => {
  it('is blue with days to spare', () => {
    const card = buildReportCard(view(['submitted']));
    expect(card.header?.title.content).toBe('【报送】公共服务质量改进提升行动 · 工作开展情况（第1轮）');
    expect(card.header?.subtitle?.content).toBe('腾冲市 · 截止 11月5日（周四）18:00 · 还剩5个工作日');
    expect(card.header?.template).toBe('blue');
  });

  it.each([
    [1, '还剩1个工作日'],
    [0, '今天截止'],
  ])('is yellow when something is pending and %i working days are left', (workdaysLeft, text) => {
    const card = buildReportCard(view(['submitted'], { workdaysLeft }));
    expect(card.header?.template).toBe('yellow');
    expect(card.header?.subtitle?.content).toBe(`腾冲市 · 截止 11月5日（周四）18:00 · ${text}`);
  });

  it('is red when overdue with something missing', () => {
    const card = buildReportCard(view(['submitted', 'overdue', 'overdue'], { workdaysLeft: -2 }));
    expect(card.header?.template).toBe('red');
    expect(card.header?.subtitle?.content).toBe('腾冲市 · 截止 11月5日（周四）18:00 · 已逾期2个工作日');
  });

  it('is red when a returned report is still out after the deadline', () => {
    const statuses: AssignmentStatus[] = Array(12).fill('submitted');
    statuses[4] = 'returned';
    expect(buildReportCard(view(statuses, { workdaysLeft: -1 })).header?.template).toBe('red');
  });

  it('is green when every task is in, late or accepted ones included', () => {
    const statuses: AssignmentStatus[] = Array(12).fill('submitted');
    statuses[0] = 'late';
    statuses[1] = 'accepted';
    const card = buildReportCard(view(statuses, { workdaysLeft: -1 }));
    expect(card.header?.template).toBe('green');
    expect(card.header?.subtitle?.content).toBe('腾冲市 · 截止 11月5日（周四）18:00 · 已全部报送');
  });

  it('is grey and has no form when the round is closed', () => {
    const card = buildReportCard(view(['submitted'], { closed: true, workdaysLeft: -5 }));
    expect(card.header?.template).toBe('grey');
    expect(card.header?.subtitle?.content).toBe('腾冲市 · 截止 11月5日（周四）18:00 · 本轮已结束');
    expect(all(card).some((e) => e.tag === 'form' || e.tag === 'select_static' || e.tag === 'input')).toBe(false);
    expect(JSON.stringify(card.body)).toContain('请联系办公室');
  });
});

describe('the report card body', () => {
  it('opens with a compact checklist: one line per task with a status mark, who and when', () => {
    const card = buildReportCard(view(['submitted', 'pending', 'overdue', 'late', 'returned', 'accepted']));
    const lines = checklist(card);
    expect(lines[0]).toMatch(/^\*\*已报 3\/12 项\*\*/);
    expect(lines.slice(1, 7)).toEqual([
      '✅ 任务一 公共教育（11月2日 张三）',
      '⏳ 任务二 公共就业',
      '⚠️ 任务三 医疗服务（逾期未报）',
      '✅ 任务四 社会保障（11月2日 张三 · 逾期报送）',
      '⚠️ 任务五 公用事业（11月2日 张三 · 已退回）',
      '✅ 任务六 生态环境（11月2日 张三 · 已采纳）',
    ]);
    expect(lines).toHaveLength(13);
    // A checklist, a switcher row and a form: nothing else at the root.
    expect(card.body.elements.map((e) => e.tag)).toEqual(['markdown', 'column_set', 'form']);
  });

  it('shows names as typed, but inert in markdown', () => {
    const v = view(['submitted']);
    v.tasks[0]!.last!.byName = '张*三<at id=all></at>';
    const line = checklist(buildReportCard(v))[1]!;
    expect(line).not.toContain('<at');
    expect(line).toContain('张&#42;三&#60;at id=all&#62;&#60;/at&#62;');
  });

  it('has a task switcher outside the form whose callback re-renders the card', () => {
    const card = buildReportCard(view());
    const pick = named(card, 'task_pick');
    expect(pick?.tag).toBe('select_static');
    if (pick?.tag !== 'select_static') return;
    expect(pick.initial_option).toBe('2');
    expect(pick.options).toHaveLength(12);
    expect(pick.options[11]).toEqual({ text: { tag: 'plain_text', content: '任务十二 政务服务' }, value: '12' });
    expect(pick.behaviors).toEqual([{ type: 'callback', value: { a: 'report.pick', ...scope, v: 1 } }]);
    const form = card.body.elements.find((e) => e.tag === 'form');
    expect(form?.tag === 'form' && form.elements.some((e) => 'name' in e && e.name === 'task_pick')).toBe(false);
  });

  it('has the form at the body root with the fields in order and a submit carrying the action', () => {
    const card = buildReportCard(view());
    const form = card.body.elements.find((e) => e.tag === 'form');
    expect(form?.tag === 'form' && form.name).toBe('report_form');
    if (form?.tag !== 'form') return;
    const fields = form.elements.filter((e) => 'name' in e).map((e) => ('name' in e ? e.name : ''));
    expect(fields).toEqual(['task', 'progress', 'percent', 'narrative', 'problems', 'next_steps', 'submit']);
    const labels = form.elements.flatMap((e) => (e.tag === 'input' && e.label ? [e.label.content] : e.tag === 'markdown' ? [e.content] : []));
    expect(labels).toEqual(['**选择任务**', '**进展状态**', '完成进度(%)', '工作开展情况', '存在问题', '下步打算']);
    const narrative = named(card, 'narrative');
    expect(narrative).toMatchObject({ tag: 'input', required: true, max_length: 1000, input_type: 'multiline_text' });
    const progress = named(card, 'progress');
    expect(progress?.tag === 'select_static' && progress.options.map((o) => o.text.content)).toEqual(['未启动', '推进中', '已完成', '遇到困难']);
    expect(named(card, 'task')).toMatchObject({ tag: 'select_static', initial_option: '2' });
    expect(named(card, 'submit')).toEqual({
      tag: 'button',
      name: 'submit',
      text: { tag: 'plain_text', content: '提交' },
      type: 'primary_filled',
      width: 'fill',
      form_action_type: 'submit',
      behaviors: [{ type: 'callback', value: { a: 'report.submit', ...scope, v: 1 } }],
    });
  });

  it('prefills every field from the last report (沿用上次)', () => {
    const v = view(['pending', 'submitted'], {
      prefill: { progress: 'blocked', percent: 40, narrative: '已完成摸底', problems: '资金不足', nextSteps: '争取专项资金', indicatorValues: {} },
    });
    const card = buildReportCard(v);
    expect(named(card, 'progress')).toMatchObject({ initial_option: 'blocked' });
    expect(named(card, 'percent')).toMatchObject({ default_value: '40' });
    expect(named(card, 'narrative')).toMatchObject({ default_value: '已完成摸底' });
    expect(named(card, 'problems')).toMatchObject({ default_value: '资金不足' });
    expect(named(card, 'next_steps')).toMatchObject({ default_value: '争取专项资金' });
    expect(JSON.stringify(card)).toContain('已沿用上次填报内容（第1版）');
  });

  it('leaves a field empty, with a note, when the old text no longer fits the input', () => {
    const v = view([], { prefill: { progress: 'in_progress', percent: 10, narrative: '长'.repeat(1001), problems: '', nextSteps: '', indicatorValues: {} } });
    const narrative = named(buildReportCard(v), 'narrative');
    expect(narrative).toMatchObject({ tag: 'input', max_length: 1000 });
    expect(narrative && 'default_value' in narrative).toBe(false);
    expect(narrative?.tag === 'input' && narrative.placeholder?.content).toContain('超过1000字');
  });

  it('asks for indicator values only for a task that has indicators (task 12)', () => {
    const plain = buildReportCard(view());
    expect(all(plain).filter((e) => 'name' in e && e.name?.startsWith('ind_'))).toEqual([]);

    const card = buildReportCard(
      view([], {
        selected: '12',
        indicators: task12Indicators,
        prefill: { progress: 'in_progress', percent: 60, narrative: '推进中', problems: '', nextSteps: '', indicatorValues: { 'entry-rate': 86 } },
      }),
    );
    const inputs = all(card).filter((e) => e.tag === 'input' && e.name?.startsWith('ind_'));
    expect(inputs.map((e) => (e.tag === 'input' ? [e.name, e.label?.content, e.default_value] : []))).toEqual([
      ['ind_entry-rate', '政务服务进驻率（%，目标 ≥90）', '86'],
      ['ind_online-rate', '网上可办事项(二级办理深度及以上)（%，目标 ≥100）', undefined],
      ['ind_time-cut', '承诺时限压减（%，目标 ≥50）', undefined],
      ['ind_one-visit', '“最多跑一次”事项（%，目标 ≥90）', undefined],
      ['ind_instant', '即办件事项（%，目标 ≥20）', undefined],
      ['ind_full-online', '全程网办(四级办理深度)事项（%，目标 ≥30）', undefined],
    ]);
    // The indicator fields sit between the texts and the submit button.
    const form = card.body.elements.find((e) => e.tag === 'form');
    const names = form?.tag === 'form' ? form.elements.flatMap((e) => ('name' in e && e.name ? [e.name] : [])) : [];
    expect(names.slice(-8)).toEqual(['next_steps', 'ind_entry-rate', 'ind_online-rate', 'ind_time-cut', 'ind_one-visit', 'ind_instant', 'ind_full-online', 'submit']);
  });

  it('stays well under 30 KB with 12 tasks and 1000-character texts', () => {
    const long = '推进'.repeat(500);
    const card = buildReportCard(
      view(Array(12).fill('late'), {
        selected: '12',
        indicators: task12Indicators,
        prefill: {
          progress: 'in_progress',
          percent: 60,
          narrative: long,
          problems: long,
          nextSteps: long,
          indicatorValues: Object.fromEntries(task12Indicators.map((i) => [i.key, 99.5])),
        },
      }),
    );
    expect(checkCard(card)).toEqual([]);
    expect(cardBytes(card)).toBeLessThan(20 * 1024);
  });

  it('passes checkCard in every situation', () => {
    const cards = [
      buildReportCard(view()),
      buildReportCard(view(['submitted', 'overdue'], { workdaysLeft: -1 })),
      buildReportCard(view(Array(12).fill('accepted'))),
      buildReportCard(view([], { closed: true })),
      buildReportCard(view([], { selected: '12', indicators: task12Indicators })),
      buildReportCard({ ...view(), tasks: view().tasks.slice(0, 1), selected: '1' }),
      buildReportCard(view([], { selected: 'no-such-task' })),
    ];
    for (const card of cards) expect(checkCard(card)).toEqual([]);
  });

  it('falls back to the first task when the selected one is not on the card', () => {
    const card = buildReportCard(view([], { selected: '99' }));
    expect(named(card, 'task')).toMatchObject({ initial_option: '1' });
  });
});

describe('notice and help cards', () => {
  it('mentions the people who must act at the top, never @all', () => {
    const card = buildNoticeCard({
      title: '【提醒】报送截止',
      template: 'yellow',
      lines: ['腾冲市尚有 9 项未报送（任务二、三、五等9项），截止 11月5日（周四）18:00，还剩1个工作日。'],
      mentions: ['ou_a', 'ou_b', 'all', 'ou_a', 'ou_x></at><at id=all'],
    });
    expect(card.header).toEqual({ title: { tag: 'plain_text', content: '【提醒】报送截止' }, template: 'yellow' });
    const md = card.body.elements[0];
    expect(md?.tag === 'markdown' && md.content.split('\n')[0]).toBe('<at id=ou_a></at> <at id=ou_b></at>');
    expect(checkCard(card)).toEqual([]);
  });

  it('explains duban and how an admin binds a chat', () => {
    const card = buildBindHelpCard();
    expect(card.header?.template).toBe('blue');
    const text = JSON.stringify(card);
    for (const example of ['@机器人 绑定 腾冲市 @张三 @李四', '绑定 办公室', '绑定 市卫健委', '帮助']) expect(text).toContain(example);
    expect(checkCard(card)).toEqual([]);
  });
});

describe('checkCard catches what Lark would reject', () => {
  const good = (): LarkCard => buildReportCard(view());
  // Broken cards are built as plain JSON on purpose: the types would not let them be written.
  const json = (card: LarkCard) => JSON.parse(JSON.stringify(card)) as { [key: string]: unknown } & { body: { elements: { [key: string]: unknown }[] } };

  it('a form nested in a column', () => {
    const card = json(good());
    const form = card.body.elements.pop()!;
    card.body.elements.push({ tag: 'column_set', columns: [{ tag: 'column', elements: [form] }] });
    expect(checkCard(card).join('\n')).toMatch(/form must be at the body root/);
  });

  it('an input without a name inside a form', () => {
    const card = json(good());
    const form = card.body.elements.find((e) => e.tag === 'form') as { elements: { [key: string]: unknown }[] };
    const input = form.elements.find((e) => e.name === 'problems')!;
    delete input.name;
    expect(checkCard(card).join('\n')).toMatch(/input inside form report_form needs a name/);
  });

  it('update_multi false', () => {
    const card = json(good());
    card.config = { update_multi: false };
    expect(checkCard(card).join('\n')).toMatch(/update_multi must be true/);
  });

  it('a card over 30 KB', () => {
    const card = json(good());
    card.body.elements.push({ tag: 'markdown', content: '字'.repeat(11_000) });
    expect(cardBytes(card)).toBeGreaterThan(maxCardBytes);
    expect(checkCard(card).join('\n')).toMatch(/bytes; a card must stay under 30720/);
  });

  it('an unknown property (2.0 rejects them)', () => {
    const card = json(good());
    card.body.elements[0]!.colour = 'red';
    expect(checkCard(card).join('\n')).toMatch(/colour/);
  });

  it('a form without a submit button, a chart in a form, a duplicate name', () => {
    const card = json(good());
    const form = card.body.elements.find((e) => e.tag === 'form') as { elements: { [key: string]: unknown }[] };
    form.elements = form.elements.filter((e) => e.tag !== 'button');
    form.elements.push({ tag: 'chart', chart_spec: { type: 'bar' } });
    form.elements.push({ tag: 'input', name: 'task_pick' });
    const problems = checkCard(card).join('\n');
    expect(problems).toMatch(/needs a submit button/);
    expect(problems).toMatch(/a chart may not be inside form/);
    expect(problems).toMatch(/name task_pick is used 2 times/);
  });

  it('a header colour Lark does not have, a schema other than 2.0', () => {
    const card = json(good());
    (card.header as { template: string }).template = 'pink';
    card.schema = '1.0';
    const problems = checkCard(card).join('\n');
    expect(problems).toMatch(/header.template "pink"/);
    expect(problems).toMatch(/schema must be "2.0"/);
  });

  it('more than 200 elements', () => {
    const card = json(good());
    for (let i = 0; i < 200; i++) card.body.elements.push({ tag: 'hr' });
    expect(checkCard(card).join('\n')).toMatch(/elements; a card may have at most 200/);
  });

  it('something that is not a card at all', () => {
    expect(checkCard(null).length).toBeGreaterThan(0);
    expect(checkCard({}).length).toBeGreaterThan(0);
  });
});

describe('card actions', () => {
  it('reads back the values the builders emit', () => {
    expect(parseCardAction(reportSubmitValue(scope))).toEqual({ ok: true, action: { a: 'report.submit', ...scope, v: 1 } });
    expect(parseCardAction(reviewValue('return', 'p', 42))).toEqual({ ok: true, action: { a: 'review.return', plan: 'p', report: 42, v: 1 } });
    expect(parseCardAction(reviewValue('accept', 'p', 7))).toMatchObject({ ok: true, action: { a: 'review.accept', report: 7 } });
    expect(parseCardAction(reviewValue('reason', 'p', 7))).toMatchObject({ ok: true, action: { a: 'review.reason', report: 7 } });
  });

  it('takes a pick’s task from the option the select sends', () => {
    expect(parseCardAction(reportPickValue(scope), { option: '12' })).toEqual({ ok: true, action: { a: 'report.pick', ...scope, task: '12', v: 1 } });
    expect(parseCardAction(reportPickValue(scope))).toMatchObject({ ok: false, reason: 'invalid' });
  });

  it('accepts the value as a JSON string', () => {
    expect(parseCardAction(JSON.stringify(reportSubmitValue(scope)))).toMatchObject({ ok: true });
  });

  it.each([
    ['missing unit', { a: 'report.submit', plan: 'p', round: 'r', period: '', v: 1 }, 'invalid'],
    ['report not a number', { a: 'review.accept', plan: 'p', report: 'x', v: 1 }, 'invalid'],
    ['unknown action', { a: 'report.delete', v: 1 }, 'unknown'],
    ['no action name', { plan: 'p' }, 'unknown'],
    ['not an object', 42, 'unknown'],
    ['a string that is not JSON', 'report.submit', 'unknown'],
    ['an older card', { a: 'report.submit', ...scope, v: 0 }, 'stale'],
    ['a card without a version', { a: 'report.submit', ...scope }, 'stale'],
  ])('rejects %s', (_name, value, reason) => {
    expect(parseCardAction(value)).toMatchObject({ ok: false, reason });
  });
});
