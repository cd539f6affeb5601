// The importer against notices read by hand: seven real State Council notices
// (test/fixtures/notices/real, from gov.cn) and the project's own layout fixtures
// (test/fixtures/notices/layouts). Prints a score per notice.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importNotice } from '../../src/core/notice-import.js';
import { formatScore, scoreNotice, type NoticeScore, type Truth } from '../support/notice-truth.js';

// Units are scored by role where the notice labels roles (牵头单位：, 负责部门：, or a rule such as
// 列第一位者为牵头单位), else on the set of units: where units are named inline (which actors count
// is a judgment call, real/README.md) and where a clause says only 负责 (体育竞赛: whether the
// first listed leads is not written; the importer takes it as the lead, to be confirmed).
const scoredOnAllUnits = new Set(['gbh-2004-sichuan-banli', 'gbh-2018-wangzhan-jiyuehua', 'gbf-2019-sanji-yiyuan-kaohe', 'gbf-2018-tiyu-jingsai']);
// 三（一）–（五） are assigned to 试点地区 by the lead-in of their section; either reading is right.
const accepted: Record<string, Record<string, string[][]>> = {
  'gbh-2018-wangzhan-jiyuehua': Object.fromEntries(['三（一）', '三（二）', '三（三）', '三（四）', '三（五）'].map((id) => [id, [['试点地区']]])),
};

function load(dir: string): { name: string; text: string; truth: Truth }[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.truth.json'))
    .sort()
    .map((f) => {
      const name = f.replace(/\.truth\.json$/, '');
      const truth = JSON.parse(readFileSync(`${dir}/${f}`, 'utf8')) as Truth;
      truth.score ??= scoredOnAllUnits.has(name) ? 'all' : 'roles';
      truth.accept ??= accepted[name];
      return { name, text: readFileSync(`${dir}/${name}.txt`, 'utf8'), truth };
    });
}

const real = load('test/fixtures/notices/real');
const scores = new Map<string, NoticeScore>();
for (const n of real) scores.set(n.name, scoreNotice(n.name, n.truth, importNotice(n.text, {})));
console.log(['real notices:', ...[...scores.values()].map(formatScore)].join('\n'));

describe('real notices, against their hand-read truth', () => {
  for (const { name } of real) {
    it(`${name}: every task is found, with its number and title`, () => {
      const s = scores.get(name)!;
      expect({ found: s.found, titles: s.titles, numbers: s.numbers }).toEqual({ found: s.total, titles: s.total, numbers: s.total });
    });
  }

  it('at least 95% of the tasks have exactly the right units', () => {
    const all = [...scores.values()];
    const right = all.reduce((a, s) => a + s.units, 0);
    const total = all.reduce((a, s) => a + s.total, 0);
    expect(right / total).toBeGreaterThanOrEqual(0.95);
  });

  it('every deadline is found, on its task or on the notice', () => {
    const all = [...scores.values()];
    expect(all.flatMap((s) => s.missedDeadlines)).toEqual([]);
  });
});

const layouts = load('test/fixtures/notices/layouts');
const layoutScores = new Map(layouts.map((n) => [n.name, scoreNotice(n.name, n.truth, importNotice(n.text, {}))]));
console.log(['layout fixtures:', ...[...layoutScores.values()].map(formatScore)].join('\n'));

describe('the layout fixtures, each read exactly', () => {
  it.each(layouts.map((n) => [n.name]))('%s', (name) => {
    const s = layoutScores.get(name)!;
    expect({ found: s.found, titles: s.titles, numbers: s.numbers, units: s.units, missed: s.missedDeadlines }).toEqual({
      found: s.total,
      titles: s.total,
      numbers: s.total,
      units: s.total,
      missed: [],
    });
  });

  it('covers every layout at least twice', () => {
    const tags = layouts.flatMap((n) => (n.truth as Truth & { layouts?: string[] }).layouts ?? []);
    const required = ['numbering-nested', 'numbering-straight', 'numbering-restart', 'heading-only', 'multi-line', 'clause-labelled', 'clause-verb', 'rule-first-listed', 'clause-scope', 'units-own-lines', 'table', 'segments', 'inline', 'generic', 'deadlines'];
    expect(required.filter((t) => tags.filter((x) => x === t).length < 2)).toEqual([]);
  });
});
