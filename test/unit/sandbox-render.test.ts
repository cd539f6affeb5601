// The sandbox's card renderer and time control: what a card JSON 2.0 becomes in the page, and
// where each move of the clock goes.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chinaCalendar } from '../../src/calendar/china.js';
import { renderCard } from '../../src/sandbox/card-html.js';
import { renderMarkdown } from '../../src/sandbox/markdown.js';
import { moveTarget, nextAtTime, sandboxStart, tickTimes } from '../../src/sandbox/time-moves.js';
import { createWorld } from '../../src/sandbox/world.js';
import { readPlanFile, resolvePlanFile, seedPlanFile } from '../../src/storage/plan-files.js';

const names = new Map([['ou_zhang', '张三']]);
const nameOf = (id: string) => names.get(id);
const golden = (name: string): unknown => JSON.parse(readFileSync(new URL(`../golden/cards/${name}.json`, import.meta.url), 'utf8'));

describe('card markdown', () => {
  it.each([
    ['**已报 3/12 项**', '<p><strong>已报 3/12 项</strong></p>'],
    ['<at id=ou_zhang></at> 请报送', '<p><span class="at" data-open-id="ou_zhang">@张三</span> 请报送</p>'],
    ["<font color='grey'>第1轮</font>", '<p><span class="font-grey">第1轮</span></p>'],
    ['- 甲\n- 乙', '<ul><li>甲</li><li>乙</li></ul>'],
    ['第一行\n第二行\n\n新段', '<p>第一行<br>第二行</p><p>新段</p>'],
    ['&#42;不是粗体&#42;', '<p>&#42;不是粗体&#42;</p>'],
    ['<script>alert(1)</script>', '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>'],
    ['[链接](javascript:void)', '<p><a href="#" target="_blank" rel="noopener">链接</a></p>'],
    ['| 单位 | 已报 |\n| --- | --- |\n| 腾冲市 | 3 |', '<table class="md-table"><thead><tr><th>单位</th><th>已报</th></tr></thead><tbody><tr><td>腾冲市</td><td>3</td></tr></tbody></table>'],
  ])('%s', (content, html) => {
    expect(renderMarkdown(content, nameOf)).toBe(html);
  });
});

describe('cards as the bot sends them', () => {
  it('the report card: header colour, checklist, the task switcher calling back on its own, and the form', () => {
    const html = renderCard(golden('seed-report-card-tengchong-2020-10-22'), nameOf);
    expect(html).toContain('class="card-header tpl-blue"');
    expect(html).toContain('【报送】公共服务质量改进提升行动 · 工作开展情况（第1轮）');
    expect(html).toMatch(/<select name="task_pick" data-kind="select"[^>]* data-callback="[^"]*report\.pick[^"]*" data-tag="select_static"/);
    expect(html).toMatch(/<form class="card-form" data-form="report_form"/);
    expect(html).toMatch(/<textarea name="narrative" data-kind="input" data-required="1"/);
    expect(html).toMatch(/<button type="button" class="btn btn-primary_filled btn-medium"[^>]*data-submit="1"/);
  });

  it('the overview card: charts carry their VChart spec; buttons their callback value', () => {
    const html = renderCard(golden('overview'), nameOf);
    expect(html).toContain('tpl-red');
    const spec = /class="chart" data-spec="([^"]*)"/.exec(html)?.[1] ?? '';
    expect(JSON.parse(spec.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'))).toMatchObject({ type: 'bar', direction: 'horizontal' });
    expect(html).toMatch(/<button type="button" class="btn btn-primary[^"]*"[^>]*data-callback="[^"]*query\.overdue/);
  });

  it('tables, collapsible panels, date pickers, multi-selects, checkers and unknown components', () => {
    const html = renderCard(
      {
        schema: '2.0',
        header: { title: { tag: 'plain_text', content: '示例' }, template: 'green' },
        body: {
          elements: [
            { tag: 'table', columns: [{ name: 'unit', display_name: '单位' }, { name: 'rate', display_name: '进驻率', data_type: 'number', format: { precision: 1 } }, { name: 'who', display_name: '联络员', data_type: 'persons' }], rows: [{ unit: '腾冲市', rate: 86, who: 'ou_zhang' }] },
            { tag: 'collapsible_panel', expanded: false, header: { title: { tag: 'plain_text', content: '更多' } }, elements: [{ tag: 'markdown', content: '折叠内容' }] },
            { tag: 'form', name: 'f', elements: [
              { tag: 'date_picker', name: 'until', initial_date: '2020-11-10', required: true },
              { tag: 'multi_select_static', name: 'tasks', options: [{ text: { tag: 'plain_text', content: '任务一' }, value: '1' }] },
              { tag: 'checker', name: 'ok', checked: true, text: { tag: 'plain_text', content: '确认' } },
              { tag: 'button', name: 's', text: { tag: 'plain_text', content: '提交' }, form_action_type: 'submit', behaviors: [{ type: 'callback', value: { a: 'x' } }] },
            ] },
            { tag: 'person_list' },
          ],
        },
      },
      nameOf,
    );
    expect(html).toContain('tpl-green');
    expect(html).toContain('<th style="text-align:left">进驻率</th>');
    expect(html).toContain('<td style="text-align:left">86.0</td>');
    expect(html).toContain('@张三');
    expect(html).toMatch(/<details class="panel"><summary>更多<\/summary>/);
    expect(html).toMatch(/<input type="date" name="until" data-kind="date" data-required="1" value="2020-11-10">/);
    expect(html).toMatch(/<select name="tasks" data-kind="multi" multiple>/);
    expect(html).toMatch(/<input type="checkbox" name="ok" data-kind="checker" checked>/);
    expect(html).toContain('data-submit="1"');
    expect(html).toContain('[沙盒暂不支持显示的组件：person_list]');
  });
});

describe('the sandbox clock', () => {
  const files = readPlanFile(seedPlanFile);
  const plan = resolvePlanFile(files, files.directory?.units ?? []);
  const at = (iso: string) => new Date(iso);

  it('starts three workdays before round 1’s deadline, before the 09:00 reminders', () => {
    expect(sandboxStart(plan.rounds, plan.timezone, chinaCalendar)?.toISOString()).toBe(at('2020-11-02T08:45:00+08:00').toISOString());
  });

  it.each([
    ['next-0900', '2020-11-02T08:45:00+08:00', '2020-11-02T09:00:00+08:00'],
    ['next-0900', '2020-11-02T09:00:00+08:00', '2020-11-03T09:00:00+08:00'],
    ['next-1800', '2020-11-02T08:45:00+08:00', '2020-11-02T18:00:00+08:00'],
    ['next-day', '2020-11-02T08:45:00+08:00', '2020-11-03T08:45:00+08:00'],
    // Round 1 (and task 7's November period) are due on Thursday 11-05 18:00: Friday's pings.
    ['past-deadline', '2020-11-02T08:45:00+08:00', '2020-11-06T09:00:00+08:00'],
    // Round 2 is due on Tuesday 11-10: the next workday is Wednesday.
    ['past-deadline', '2020-11-06T09:00:00+08:00', '2020-11-11T09:00:00+08:00'],
  ] as const)('%s from %s goes to %s', (move, from, to) => {
    expect(moveTarget(move, at(from), [plan], chinaCalendar).toISOString()).toBe(at(to).toISOString());
  });

  it('ticks every half hour on the way, then at the target', () => {
    const times = tickTimes(at('2020-11-02T08:45:00+08:00'), at('2020-11-02T10:10:00+08:00')).map((d) => d.toISOString());
    expect(times).toEqual(['2020-11-02T01:00:00.000Z', '2020-11-02T01:30:00.000Z', '2020-11-02T02:00:00.000Z', '2020-11-02T02:10:00.000Z']);
    expect(nextAtTime(at('2020-11-02T23:00:00+08:00'), '09:00', 'Asia/Shanghai').toISOString()).toBe('2020-11-03T01:00:00.000Z');
  });

  it('the made-up tenant: one chat per unit, a leader of the leading group, five personas', () => {
    const world = createWorld(plan, files.directory?.units ?? []);
    expect(world.chats).toHaveLength(files.directory?.units.length ?? 0);
    expect(world.personas.map((p) => p.key)).toEqual(['admin', 'leader', 'county', 'lead', 'nobody']);
    expect(world.personas.find((p) => p.key === 'leader')?.person.name).toBe('段兆锦');
    expect(world.personas.find((p) => p.key === 'county')?.unitName).toBe('腾冲市');
    expect(world.personas.find((p) => p.key === 'lead')?.unitName).toBe('市教育体育局');
    expect(new Set(world.chats.map((c) => c.contact.name)).size).toBe(world.chats.length);
  });
});
