import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { allTasks, resolvePlan } from '../../src/core/plan.js';
import { directorySpec, planSpec } from '../../src/core/plan-spec.js';
import { parseNumeral, parseQuestion, type Question, type QuestionContext } from '../../src/core/questions.js';

const seedPlan = planSpec.parse(parse(readFileSync('db/seeds/baoshan-2020-public-service-quality.yaml', 'utf8')));
const directory = directorySpec.parse(parse(readFileSync('db/seeds/baoshan-units.yaml', 'utf8')));
const resolved = resolvePlan(seedPlan, directory.units);
if (!resolved.ok) throw new Error(JSON.stringify(resolved.issues));
const plan = resolved.value;

/** The seed plan's twelve tasks, as the app passes them: top-level only. */
const ctx: QuestionContext = {
  tasks: plan.tasks.map((t) => ({ number: t.number, short: t.short, title: t.title })),
  units: directory.units,
  today: '2020-11-06',
};
/** The same with sub-tasks 6.1–6.3. */
const withSubtasks: QuestionContext = { ...ctx, tasks: allTasks(plan).map((t) => ({ number: t.number, short: t.short, title: t.title })) };

const overview: Question = { kind: 'overview' };
const overdue: Question = { kind: 'overdue' };
const help: Question = { kind: 'help' };
const task = (number: string): Question => ({ kind: 'task', number });
const unit = (code: string): Question => ({ kind: 'unit', code });
const summary = (date: string): Question => ({ kind: 'summary', date });

describe('parseQuestion: what a leader asks, against the seed plan (today 2020-11-06)', () => {
  it.each<[string, Question]>([
    // overall progress
    ['进度', overview],
    ['进度？', overview],
    ['总体情况', overview],
    ['整体进展', overview],
    ['情况怎么样', overview],
    ['现在情况怎么样了？', overview],
    ['目前进展如何', overview],
    ['status', overview],
    ['STATUS', overview],
    ['ｓｔａｔｕｓ', overview],
    ['  进 度  ', overview],
    ['请问总体进度怎么样呢？', overview],
    ['@_user_1 进度', overview],
    ['各县进度', overview],
    // a task by number
    ['任务三', task('3')],
    ['任务3', task('3')],
    ['任务３', task('3')],
    ['第3项', task('3')],
    ['第三项', task('3')],
    ['第3项任务', task('3')],
    ['3号任务', task('3')],
    ['三号任务', task('3')],
    ['任务十二', task('12')],
    ['第十二项', task('12')],
    ['任务十', task('10')],
    ['任务两', task('2')],
    ['任务三的进展如何？', task('3')],
    ['任务3进度', task('3')],
    ['3', task('3')],
    ['13', { kind: 'unknown_task', number: '13' }],
    ['任务13', { kind: 'unknown_task', number: '13' }],
    ['任务三十', { kind: 'unknown_task', number: '30' }],
    ['第二十一项', { kind: 'unknown_task', number: '21' }],
    ['任务0', { kind: 'unknown_task', number: '0' }],
    // a task by a keyword of its short name or title
    ['噪声', task('6')],
    ['养老', task('11')],
    ['教育', task('1')],
    ['体育', task('10')],
    ['医疗服务', task('3')],
    ['养老服务进展怎么样', task('11')],
    ['噪声治理情况', task('6')],
    ['残疾人', task('4')],
    ['公交', task('7')],
    ['交通', task('7')],
    ['择校', task('1')],
    ['政务服务', task('12')],
    // several tasks share the word: ask, never guess
    ['服务', { kind: 'ambiguous', text: '服务', candidates: [{ kind: 'task', number: '3' }, { kind: 'task', number: '11' }, { kind: 'task', number: '12' }] }],
    ['质量', { kind: 'ambiguous', text: '质量', candidates: ['1', '2', '3', '9', '10'].map((number) => ({ kind: 'task' as const, number })) }],
    // a unit by name or alias
    ['腾冲', unit('tengchong')],
    ['腾冲市', unit('tengchong')],
    ['腾冲市进度', unit('tengchong')],
    ['腾冲市的进度怎么样了？', unit('tengchong')],
    ['腾冲边合区', unit('park-bianhe')],
    ['腾冲边合区进度', unit('park-bianhe')],
    ['市卫健委', unit('health')],
    ['市卫生健康委的情况', unit('health')],
    ['隆阳区的情况', unit('longyang')],
    ['隆阳区人民政府', unit('longyang')],
    ['看一下施甸', unit('shidian')],
    ['公安', unit('police')],
    ['办公室', unit('office')],
    ['保山', { kind: 'ambiguous', text: '保山', candidates: ['office', 'park-gongmao', 'edu', 'civil', 'bus'].map((code) => ({ kind: 'unit' as const, code })) }],
    // who has not reported
    ['谁没报', overdue],
    ['谁没报？', overdue],
    ['未报送', overdue],
    ['逾期', overdue],
    ['还有谁没交', overdue],
    ['哪些单位没报', overdue],
    ['哪些单位还没有报送的', overdue],
    ['逾期未报的单位', overdue],
    ['催办', overdue],
    ['腾冲还有哪些没报', unit('tengchong')],
    ['任务三谁没报', task('3')],
    ['施甸县逾期了吗', unit('shidian')],
    ['昌宁县还差什么', unit('changning')],
    // the daily summary
    ['日报', summary('2020-11-06')],
    ['今日汇总', summary('2020-11-06')],
    ['今天', summary('2020-11-06')],
    ['今天的日报', summary('2020-11-06')],
    ['summary', summary('2020-11-06')],
    ['昨天', summary('2020-11-05')],
    ['昨天的汇总', summary('2020-11-05')],
    ['前天', summary('2020-11-04')],
    ['11月5日的汇总', summary('2020-11-05')],
    ['11月5号', summary('2020-11-05')],
    ['１１月５日日报', summary('2020-11-05')],
    ['2019年12月31日的日报', summary('2019-12-31')],
    ['12月30日', summary('2019-12-30')],
    ['11/5', summary('2020-11-05')],
    ['2月30日', { kind: 'unknown', text: '2月30日' }],
    ['２月３０日？', { kind: 'unknown', text: '２月３０日？' }],
    // exports
    ['导出', { kind: 'export', format: 'xlsx' }],
    ['导出excel', { kind: 'export', format: 'xlsx' }],
    ['导出 Excel', { kind: 'export', format: 'xlsx' }],
    ['导出csv', { kind: 'export', format: 'csv' }],
    ['导出明细', { kind: 'export', format: 'csv' }],
    ['export csv', { kind: 'export', format: 'csv' }],
    ['导出word', { kind: 'export', format: 'docx' }],
    ['导出docx', { kind: 'export', format: 'docx' }],
    ['导出汇报', { kind: 'export', format: 'docx' }],
    ['导出11月', { kind: 'export', format: 'xlsx', month: '2020-11' }],
    ['导出11月csv', { kind: 'export', format: 'csv', month: '2020-11' }],
    ['导出12月', { kind: 'export', format: 'xlsx', month: '2019-12' }],
    ['导出本月', { kind: 'export', format: 'xlsx', month: '2020-11' }],
    ['导出上个月的台账', { kind: 'export', format: 'xlsx', month: '2020-10' }],
    ['导出13月', { kind: 'unknown', text: '导出13月' }],
    ['导出 13月', { kind: 'unknown', text: '导出 13月' }],
    // help
    ['帮助', help],
    ['help', help],
    ['HELP', help],
    ['?', help],
    ['？', help],
    ['怎么用', help],
    ['怎么用？', help],
    ['', help],
    ['@_user_1', help],
    // not understood: shown back as typed
    ['今天天气怎么样', { kind: 'unknown', text: '今天天气怎么样' }],
    ['腾冲县', { kind: 'unknown', text: '腾冲县' }],
    ['  随便说点什么  ', { kind: 'unknown', text: '随便说点什么' }],
  ])('%j → %j', (text, expected) => {
    expect(parseQuestion(text, ctx)).toEqual(expected);
  });
});

describe('parseQuestion with sub-tasks in the context', () => {
  it.each<[string, Question]>([
    // every sub-task mentions 噪声: the task that holds them
    ['噪声', task('6')],
    ['任务六（一）', task('6.1')],
    ['任务6.1', task('6.1')],
    ['6.2', task('6.2')],
    ['任务六(四)', { kind: 'unknown_task', number: '6.4' }],
    // a task and one of its sub-tasks: the sub-task is the more specific
    ['施工噪声', task('6.1')],
    ['社会生活噪声', task('6.3')],
    // 交通 is task 7's short name and in sub-task 6.2's: ask
    ['交通', { kind: 'ambiguous', text: '交通', candidates: [{ kind: 'task', number: '6.2' }, { kind: 'task', number: '7' }] }],
  ])('%j → %j', (text, expected) => {
    expect(parseQuestion(text, withSubtasks)).toEqual(expected);
  });
});

describe('the year of a date without one', () => {
  it('is the latest such day up to today: in January, 12月30日 is last year', () => {
    expect(parseQuestion('12月30日的日报', { ...ctx, today: '2021-01-04' })).toEqual(summary('2020-12-30'));
    expect(parseQuestion('1月4日', { ...ctx, today: '2021-01-04' })).toEqual(summary('2021-01-04'));
    expect(parseQuestion('昨天', { ...ctx, today: '2021-01-01' })).toEqual(summary('2020-12-31'));
    expect(parseQuestion('导出上月', { ...ctx, today: '2021-01-04' })).toEqual({ kind: 'export', format: 'xlsx', month: '2020-12' });
  });

  it('keeps 2月29日 in a leap year and refuses it otherwise', () => {
    expect(parseQuestion('2月29日', { ...ctx, today: '2020-03-01' })).toEqual(summary('2020-02-29'));
    expect(parseQuestion('2月29日', { ...ctx, today: '2021-03-01' }).kind).toBe('unknown');
  });
});

describe('parseNumeral', () => {
  it.each<[string, number | undefined]>([
    ['3', 3],
    ['一', 1],
    ['两', 2],
    ['十', 10],
    ['十二', 12],
    ['二十', 20],
    ['三十', 30],
    ['二十一', 21],
    ['一一', undefined],
    ['十十', undefined],
    ['', undefined],
  ])('%j → %j', (text, n) => {
    expect(parseNumeral(text)).toBe(n);
  });
});
