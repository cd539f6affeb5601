// `duban export` as a process: a database with a report in it, the CSV and the xlsx written to
// the files asked for, a one-line answer, and one-line errors for an unknown plan or format.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { duban } from '../support/spawn.js';
import { loadSeed, openTestStore, seedSlug, tempDir } from '../support/runtime.js';

async function databaseWithAReport(): Promise<string> {
  const url = `file:${join(tempDir(), 'duban.db')}`;
  const { storage } = await openTestStore(url);
  const database = storage.database;
  await loadSeed(storage);
  const id = await database.client.execute(
    `SELECT a.id FROM assignments a JOIN units u ON u.id = a.unit_id JOIN tasks t ON t.id = a.task_id
     JOIN rounds r ON r.id = a.round_id WHERE u.code = 'tengchong' AND t.number = '3' AND r.key = 'round-1'`,
  );
  const submittedAt = new Date('2020-11-02T10:00:00+08:00');
  await storage.reports.save(
    { assignmentId: Number(id.rows[0]!.id), progress: 'in_progress', percent: 30, narrative: '@预约诊疗，已覆盖"二级以上"医院', problems: '', nextSteps: '',
      indicatorValues: {}, submittedBy: 'ou_zhang', submittedByName: '张三', submittedAt, source: 'card', contentHash: 'e2e' },
    submittedAt,
  );
  storage.close();
  return url;
}

describe('duban export', () => {
  it('writes the CSV and the xlsx where --out says and tells how many rows', async () => {
    const env = { DATABASE_URL: await databaseWithAReport(), DUBAN_CLOCK_START: '2020-11-06T09:00:00+08:00' };
    const dir = tempDir('duban-export-e2e-');
    const csv = join(dir, '明细.csv');
    const r = duban(['export', seedSlug, '--format', 'csv', '--out', csv], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(`wrote ${csv} (1 rows)`);
    const bytes = readFileSync(csv);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).split('\r\n');
    expect(lines[1]).toMatch(/^腾冲市,任务三 医疗服务,/);
    expect(lines[1]).toContain(`,"'@预约诊疗，已覆盖""二级以上""医院",`);

    const xlsx = join(dir, 'ledger.xlsx');
    const x = duban(['export', seedSlug, '--out', xlsx], env);
    expect(x.code).toBe(0);
    expect(x.stdout.trim()).toBe(`wrote ${xlsx} (1 rows)`);
    expect(readFileSync(xlsx).subarray(0, 2).toString()).toBe('PK');
 
    // `--out somedir/`: the file goes in it, under its own name (no raw EISDIR).
    const into = join(dir, 'out') + '/';
    const d = duban(['export', seedSlug, '--format', 'docx', '--out', into], env);
    expect(d.code).toBe(0);
    expect(d.stdout.trim()).toMatch(/^wrote .*\/out\/保山市公共服务质量改进提升行动方案-工作开展情况汇报-\d{8}\.docx \(\d+ rows\)$/);
    expect(readdirSync(join(dir, 'out')).filter((f) => f.endsWith('.docx'))).toHaveLength(1);
  });

  it('fails with one line for an unknown plan or format, and writes nothing', async () => {
    const env = { DATABASE_URL: `file:${join(tempDir(), 'duban.db')}` };
    const out = join(tempDir(), 'x.csv');
    const unknown = duban(['export', 'nope', '--format', 'csv', '--out', out], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim()).toBe('duban: unknown plan "nope"');
    const format = duban(['export', seedSlug, '--format', 'pdf', '--out', out], env);
    expect(format.code).not.toBe(0);
    expect(format.stderr.trim()).toMatch(/format "pdf" is not one of xlsx, csv, docx/);
    expect(existsSync(out)).toBe(false);
  });
});
