import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { duban } from '../support/spawn.js';
import { seedSlug, tempDir } from '../support/runtime.js';

const dbUrl = () => `file:${join(tempDir(), 'duban.db')}`;

describe('the duban command', () => {
  it('status on a fresh database: nothing overdue on 1 August, every county and park overdue after round 1', () => {
    const env = { DATABASE_URL: dbUrl() };
    const early = duban(['status', seedSlug, '--json', '--at', '2020-08-01T00:00:00+08:00'], env);
    expect(early.stderr).toBe('');
    expect(early.code).toBe(0);
    const e = early.json();
    expect(e).toMatchObject({ plan: seedSlug, totals: { expected: 0, submitted: 0, overdue: 0, late: 0, accepted: 0 } });
    expect(e.units.filter((u: { overdue: number }) => u.overdue > 0)).toEqual([]);

    const late = duban(['status', seedSlug, '--json', '--at', '2020-11-06T09:00:00+08:00'], env).json();
    const overdue = late.units.filter((u: { overdue: number }) => u.overdue > 0).map((u: { name: string }) => u.name);
    for (const name of ['隆阳区', '施甸县', '腾冲市', '龙陵县', '昌宁县', '保山工贸园区管委会', '腾冲边境经济合作区管委会']) {
      expect(overdue).toContain(name);
    }
    expect(late.units[0]).toEqual({ code: 'longyang', name: '隆阳区', kind: 'county', expected: 19, submitted: 0, onTime: 0, overdue: 18, late: 0, accepted: 0, returned: 0, pending: 1, away: [] });
    expect(late.tasks[0]).toMatchObject({ number: 1, title: expect.stringContaining('教育现代化'), expected: 8, submitted: 0, overdue: 7 });
    expect(late.totals.overdue).toBeGreaterThan(0);
  });

  it('prints a table for people', () => {
    const r = duban(['status', seedSlug, '--at', '2020-11-06T09:00:00+08:00'], { DATABASE_URL: dbUrl() });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^保山市公共服务质量改进提升行动方案 · 截至 2020-11-06T09:00:00\+08:00/);
    expect(r.stdout).toMatch(/腾冲市\s+19\s+0\s+18/);
  });

  it('plan list and plan show give the JSON shapes of design.md', () => {
    const env = { DATABASE_URL: dbUrl() };
    expect(duban(['plan', 'list', '--json'], env).json()).toEqual([{ slug: seedSlug, title: '保山市公共服务质量改进提升行动方案', tasks: 12 }]);
    const plan = duban(['plan', 'show', seedSlug, '--json'], env).json();
    expect(plan).toMatchObject({ slug: seedSlug, issuer: '保山市实施品牌和质量强市战略领导小组办公室', issuedOn: '2020-08-19', timezone: 'Asia/Shanghai' });
    expect(plan.tasks).toHaveLength(12);
    expect(plan.tasks[2]).toMatchObject({ number: 3, lead: ['市卫生健康委'], cooperating: [] });
    expect(plan.tasks[2].responsible).toContain('腾冲市');
    expect(plan.tasks[5].subtasks.map((t: { number: string; lead: string[] }) => [t.number, t.lead])).toEqual([
      ['6.1', ['市生态环境局']],
      ['6.2', ['市公安局']],
      ['6.3', ['市生态环境局', '市公安局']],
    ]);
    expect(plan.tasks[11].indicators[0]).toEqual({ key: 'entry-rate', name: '政务服务进驻率', unit: '%', comparator: '>=', target: 90, due: '2020-12-31' });
    expect(plan.rounds[0]).toMatchObject({ name: expect.any(String), reporter: 'responsible', recipient: 'lead', opensAt: '2020-10-22T09:00:00+08:00', dueAt: '2020-11-05T18:00:00+08:00', recurrence: null });
    expect(plan.rounds[1]).toMatchObject({ reporter: 'lead', recipient: 'office', dueAt: '2020-11-10T18:00:00+08:00' });
    expect(plan.rounds.filter((r: { recurrence: string | null }) => r.recurrence === 'monthly').map((r: { tasks: number[] }) => r.tasks)).toEqual([[4], [7]]);
    expect(plan.units.map((u: { name: string }) => u.name)).toEqual(expect.arrayContaining(['市卫生健康委', '腾冲市', '市公交公司']));
  });

  it('units --json lists units with chats and contacts', () => {
    const units = duban(['units', '--json'], { DATABASE_URL: dbUrl() }).json();
    expect(units.find((u: { code: string }) => u.code === 'office')).toEqual({
      code: 'office', name: '保山市公共服务质量改进提升专项行动工作领导小组办公室', kind: 'office',
      aliases: ['办公室', '领导小组办公室', '专项行动工作领导小组办公室', '专项行动领导小组办公室'], chats: [], contacts: [],
    });
  });

  it('plan load of a broken file says file:path: reason and exits 1, changing nothing', () => {
    const dir = tempDir();
    const env = { DATABASE_URL: `file:${join(dir, 'duban.db')}` };
    const seed = readFileSync('db/seeds/baoshan-2020-public-service-quality.yaml', 'utf8');
    const file = join(dir, 'plan.yaml');
    writeFileSync(join(dir, 'baoshan-units.yaml'), readFileSync('db/seeds/baoshan-units.yaml'));

    writeFileSync(file, seed.replace('lead: [市卫生健康委]', 'lead: [市财政局]'));
    let r = duban(['plan', 'load', file], env);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(`${file}:tasks[2].lead[0]: unknown unit "市财政局" (not in the unit directory)`);

    writeFileSync(file, seed.replace('dueAt: 2020-11-05T18:00:00+08:00', 'dueAt: 5 November'));
    r = duban(['plan', 'load', file], env);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(`${file}:rounds[0].dueAt: expected a time with an offset, like 2020-11-05T18:00:00+08:00`);

    writeFileSync(file, 'slug: [unclosed');
    r = duban(['plan', 'load', file], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^${file}:\\d+:\\d+: `));
    expect(r.stderr).not.toMatch(/\n\s+at /);

    r = duban(['plan', 'load', join(dir, 'missing.yaml')], env);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(`${join(dir, 'missing.yaml')}: file not found`);
    expect(duban(['plan', 'show', seedSlug, '--json'], env).json().tasks[2].lead).toEqual(['市卫生健康委']);
  });

  it('plan load of a new plan with its own directory adds it beside the seed', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'p'));
    writeFileSync(join(dir, 'p', 'units.yaml'), 'units:\n  - { code: town-a, name: 甲镇, kind: county, aliases: [甲] }\n  - { code: town-b, name: 乙镇, kind: county }\n  - { code: dist-office, name: 区督查室, kind: office, aliases: [督查室] }\n  - { code: dist-edu, name: 区教育局, kind: department }\n');
    writeFileSync(join(dir, 'p', 'plan.yaml'), [
      'slug: district-2021', 'title: 某区重点工作督办', 'issuer: 某区人民政府办公室', 'issuedOn: 2021-03-01', 'directory: units.yaml', 'office: 督查室',
      'tasks:', '  - { number: 1, title: 推进学校建设, lead: [区教育局], responsible: [各县(市、区)人民政府] }',
      'rounds:', '  - { key: q1, name: 一季度, reporter: responsible, recipient: lead, opensAt: "2021-03-01T09:00:00+08:00", dueAt: "2021-03-31T18:00:00+08:00" }',
    ].join('\n'));
    const env = { DATABASE_URL: `file:${join(dir, 'duban.db')}` };
    const r = duban(['plan', 'load', join(dir, 'p', 'plan.yaml'), '--json'], env);
    expect(r.stderr).toBe('');
    expect(r.json()).toMatchObject({ slug: 'district-2021', tasks: 1, rounds: 1, assignments: 2, added: 2 });
    expect(duban(['plan', 'list', '--json'], env).json().map((p: { slug: string }) => p.slug)).toEqual([seedSlug, 'district-2021']);
    const again = duban(['plan', 'load', join(dir, 'p', 'plan.yaml'), '--json'], env).json();
    expect(again).toMatchObject({ added: 0, retired: 0 });
  });

  it('plan import drafts the seed plan from the notice: 12 tasks, task 6 with 3 sub-tasks, the lead units', () => {
    const dir = tempDir();
    const r = duban(['plan', 'import', 'db/seeds/baoshan-2020-public-service-quality.txt', '--json'], { DATABASE_URL: `file:${join(dir, 'd.db')}` });
    expect(r.stderr).toBe('');
    const plan = r.json();
    expect(plan.tasks).toHaveLength(12);
    expect(plan.tasks[5].subtasks.map((t: { number: string }) => t.number)).toEqual(['6.1', '6.2', '6.3']);
    expect(plan.tasks.map((t: { lead: string[] }) => t.lead)).toEqual([
      ['市教育体育局'], ['市人力资源社会保障局'], ['市卫生健康委'], ['市民政局'], ['市住房城乡建设局'], ['市生态环境局', '市公安局'],
      ['市交通运输局'], ['市公安局'], ['市文化和旅游局'], ['市教育体育局'], ['市民政局'], ['市政务服务管理局'],
    ]);
    expect(plan.rounds.slice(0, 2).map((x: { dueAt: string }) => x.dueAt)).toEqual(['2020-11-05T18:00:00+08:00', '2020-11-10T18:00:00+08:00']);
    expect(plan.todos.length).toBeGreaterThan(0);

    // The drafted file, TODOs and all, loads as a plan.
    const out = join(dir, 'draft.yaml');
    const written = duban(['plan', 'import', 'db/seeds/baoshan-2020-public-service-quality.txt', '--out', out], { DATABASE_URL: `file:${join(dir, 'd.db')}` });
    expect(written.stdout).toMatch(/^wrote .*draft\.yaml: 12 tasks, \d+ TODO\(s\) to check/);
    expect(readFileSync(out, 'utf8')).toContain('# TODO');
    const loaded = duban(['plan', 'load', out, '--json'], { DATABASE_URL: `file:${join(dir, 'd.db')}` });
    expect(loaded.stderr).toBe('');
    expect(loaded.json()).toMatchObject({ slug: seedSlug, tasks: 12 });
  });

  it('tick --at opens the rounds whose time has come, once', () => {
    const env = { DATABASE_URL: dbUrl() };
    const first = duban(['tick', '--at', '2020-10-22T09:00:00+08:00', '--json'], env).json();
    expect(first.opened.map((o: { round: string; period: string }) => o.round + (o.period ? '@' + o.period : ''))).toContain('round-1');
    expect(first.due.find((d: { round: string }) => d.round === 'round-1')).toMatchObject({ expected: 85, submitted: 0, overdue: 0, dueAt: '2020-11-05T18:00:00+08:00' });
    expect(duban(['tick', '--at', '2020-10-22T09:00:00+08:00', '--json'], env).json().opened).toEqual([]);
  });

  it('summary prints the daily summary of a day, and recompute rebuilds it to the same numbers', () => {
    const env = { DATABASE_URL: dbUrl() };
    const day = duban(['summary', seedSlug, '--date', '2020-11-06', '--json'], env);
    expect(day.stderr).toBe('');
    const view = day.json();
    expect(view).toMatchObject({ date: '2020-11-06', totals: { expected: 150, submitted: 0, overdue: 130 } });
    expect(view.overdue[0]).toMatchObject({ unitCode: 'longyang' });
    expect(duban(['summary', 'recompute', seedSlug, '--date', '2020-11-06'], env).stdout).toMatch(/^recomputed baoshan-2020-public-service-quality: 2020-11-06/);
    expect(duban(['summary', seedSlug, '--date', '2020-11-06', '--json'], env).json().totals).toEqual(view.totals);
    const text = duban(['summary', seedSlug, '--date', '2020-11-06'], env).stdout;
    expect(text).toMatch(/^【日报】11月6日（周五）/);
    expect(text).toContain('应报 150 · 已报 0 · 逾期 130');
    const bad = duban(['summary', seedSlug, '--date', '2020-13-01'], env);
    expect([bad.code, bad.stderr.trim()]).toEqual([1, 'duban: "2020-13-01" is not a date like 2020-11-04']);
  });

  it('calendar check says which years the working calendar knows', () => {
    const r = duban(['calendar', 'check', '--year', '2020'], { DATABASE_URL: dbUrl() });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^working calendar \(工作日历\): chinese-days/);
    expect(r.stdout).toContain('国庆节');
    expect(duban(['calendar', 'check', '--year', '2031'], { DATABASE_URL: dbUrl() }).code).toBe(1);
  });

  it('bad arguments get a one-line reason and a non-zero exit', () => {
    const env = { DATABASE_URL: dbUrl() };
    const cases: [string[], number, RegExp][] = [
      [['status', 'no-such-plan'], 1, /^duban: unknown plan "no-such-plan"\n$/],
      [['status', seedSlug, '--at', 'tomorrow'], 1, /^duban: --at "tomorrow" is not an ISO time/],
      [['frobnicate'], 2, /^usage: unknown command "frobnicate"/],
      [['status', '--colour'], 2, /^usage: Unknown option '--colour'/],
    ];
    for (const [args, code, message] of cases) {
      const r = duban(args, env);
      expect([r.code, r.stderr]).toEqual([code, expect.stringMatching(message)]);
    }
    const bad = duban(['plan', 'list'], { ...env, PORT: 'x' });
    expect([bad.code, bad.stderr.trim()]).toEqual([1, 'duban: configuration: PORT is invalid: expected a port number (got "x")']);
  });
});
