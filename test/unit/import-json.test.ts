import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toImportJson } from '../../src/app/import-json.js';
import { importNotice } from '../../src/core/notice-import.js';

describe('plan import --json', () => {
  const r = importNotice(readFileSync('test/fixtures/notices/real/gbf-2019-sanji-yiyuan-kaohe.txt', 'utf8'), {});
  const json = toImportJson(r.plan, r);

  it('keeps the contract fields of design.md and only adds to them', () => {
    for (const key of ['slug', 'title', 'issuer', 'issuedOn', 'timezone', 'tasks', 'rounds']) expect(json).toHaveProperty(key);
    for (const key of ['number', 'title', 'body', 'lead', 'cooperating', 'responsible', 'indicators', 'subtasks']) expect(json.tasks[0]).toHaveProperty(key);
    expect(json.tasks.map((t) => t.number)).toEqual(r.plan.tasks.map((t) => t.number));
  });

  it('says per task where its units came from, what is doubtful and which deadlines it has', () => {
    const t = json.tasks[1]!;
    expect(t).toMatchObject({
      numberAsWritten: '（二）',
      section: '三',
      unitsFrom: { kind: 'inline', text: expect.stringContaining('国家卫生健康委'), description: expect.stringMatching(/^正文推断/) },
      doubts: [expect.stringMatching(/单位由正文推断/), '“各地”是一类单位的统称，按原文保留'],
    });
    expect(t.deadlines!.map((d) => [d.date, d.text])).toEqual([
      ['2019-03-31', expect.stringMatching(/^2019年3月底前，国家卫生健康委推行/)],
      ['2019-08-31', expect.stringMatching(/^2019年8月底前，各地组织/)],
    ]);
  });

  it('lists the notice-wide deadlines with the task they belong to, recurring ones without a date', () => {
    expect(json.deadlines.filter((d) => d.task === null).map((d) => d.date ?? d.recurrence?.period)).toEqual(['2019-12-31', 'annual', 'annual']);
    expect(json.deadlines.filter((d) => d.task === 6).map((d) => d.date ?? d.recurrence?.period)).toEqual(['2019-11-30', 'annual']);
    expect(json.todos.length).toBe(r.todos.length);
  });
});
