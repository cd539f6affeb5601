import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { toPlanYaml } from '../../src/app/plan-yaml.js';
import { importNotice } from '../../src/core/notice-import.js';
import { directorySpec, planSpec } from '../../src/core/plan-spec.js';

const seedText = readFileSync('test/fixtures/notices/baoshan-2020-public-service-quality.txt', 'utf8');
const seedUnits = directorySpec.parse(parse(readFileSync('db/seeds/baoshan-units.yaml', 'utf8'))).units;
const fixture = (name: string) => readFileSync(`test/fixtures/notices/${name}.txt`, 'utf8');

/** The line right after the comment that contains `text`. */
function lineAfterComment(yaml: string, text: string): string | undefined {
  const lines = yaml.split('\n');
  const at = lines.findIndex((l) => l.trim().startsWith('#') && l.includes(text));
  if (at < 0) return undefined;
  return lines.slice(at + 1).find((l) => !l.trim().startsWith('#'));
}

describe('toPlanYaml', () => {
  it.each([
    ['the seed notice with its directory', importNotice(seedText, { directory: seedUnits, slug: 'baoshan-2020' })],
    ['the seed notice alone', importNotice(seedText, {})],
    ['五华区 (table)', importNotice(fixture('wuhua-2021-back-streets'), {})],
    ['云南省 (sub-tasks)', importNotice(fixture('yunnan-2021-one-phone-office'), {})],
    ['曲靖市 (articles)', importNotice(fixture('qujing-2021-consumption'), {})],
  ])('%s: parses back to the same plan, with one TODO comment per TODO', (_name, result) => {
    const yaml = toPlanYaml(result);
    expect(planSpec.parse(parse(yaml))).toEqual(planSpec.parse(result.plan));
    expect(yaml.match(/# TODO: /g) ?? []).toHaveLength(result.todos.length);
  });

  const bare = importNotice(seedText, {});
  const yaml = toPlanYaml(bare);

  it('puts each TODO right above the value it concerns', () => {
    expect(lineAfterComment(yaml, '计划代号')).toBe('slug: plan-2020-08-19');
    expect(lineAfterComment(yaml, '截止前14天')).toBe('    opensAt: 2020-10-22T09:00:00+08:00');
    expect(lineAfterComment(yaml, '重复截止日期')).toBe('    until: 2020-12-31');
  });

  it('puts TODOs without a place in the file (directory) at the top', () => {
    const firstKey = yaml.split('\n').findIndex((l) => l.startsWith('slug:'));
    const directoryTodo = yaml.split('\n').findIndex((l) => l.includes('TODO') && l.includes('directory'));
    expect(directoryTodo).toBeGreaterThan(-1);
    expect(directoryTodo).toBeLessThan(firstKey);
  });

  it('reads like the hand-written seed: inline unit lists, fields in order, defaults left out', () => {
    expect(yaml).toContain('    lead: [市教育体育局]\n    responsible: [各县(市、区)人民政府, 各园区管委会]');
    expect(yaml).toContain("reminders: {daysBefore: [3, 1, 0], at: '09:00'}");
    expect(yaml).toContain('      - number: "6.1"\n        title: 建筑施工噪声污染整治');
    expect(yaml).not.toContain('rollover');
    expect(yaml).not.toContain('cooperating: []');
    expect(yaml.indexOf('rounds:')).toBeLessThan(yaml.indexOf('tasks:\n'));
  });

  it('a flagged unit name is listed on its own line with the TODO above it', () => {
    const r = importNotice(fixture('wuhua-2021-back-streets'), {
      directory: [{ code: 'cgj', name: '区城市管理局', kind: 'department', aliases: [] }],
    });
    const out = toPlanYaml(r);
    expect(lineAfterComment(out, '“区市场监管局”不在单位名录中')).toBe('      - 区市场监管局');
    expect(planSpec.parse(parse(out))).toEqual(planSpec.parse(r.plan));
  });

  it('keeps an empty list a TODO points at, so the comment has a place', () => {
    const r = importNotice(fixture('qujing-2021-consumption'), {});
    expect(lineAfterComment(toPlanYaml(r), '该任务没有写明牵头单位')).toBe('    lead: []');
  });
});

describe('what the draft says about each task', () => {
  const r = importNotice(readFileSync('test/fixtures/notices/real/gwy-2018-cujin-jiuye.txt', 'utf8'), {});
  const out = toPlanYaml(r);

  it('puts where its units came from above every task, with the rule that decided the lead', () => {
    expect(out.match(/# 单位来源：/g)).toHaveLength(r.plan.tasks.length);
    expect(out).toContain('# 单位来源：括注“（人力资源社会保障部、财政部负责。列第一位者为牵头单位，下同）”，按“列第一位者为牵头单位，下同”定牵头单位');
  });

  it('lists the doubts: generic names kept, generic tails left out', () => {
    expect(out).toContain('# 存疑：“各省级人民政府”是一类单位的统称，按原文保留');
    expect(out).toContain('# 存疑：“等有关部门和单位”不是具体单位，未列入');
  });

  it('still parses back to the same plan', () => {
    expect(planSpec.parse(parse(out))).toEqual(planSpec.parse(r.plan));
  });
});
