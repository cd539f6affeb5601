// The notice-import card stays a valid card under Lark's 30 KB on a long notice: every task it
// can show, then the rest counted.
import { describe, expect, it } from 'vitest';
import { cardBytes, checkCard, maxCardBytes } from '../../cards/card-schema.js';
import { buildImportCard, type ImportPreviewView } from '../../cards/import-card.js';

const view = (tasks: number): ImportPreviewView => ({
  source: { message: 'om_1', file: 'file_v3_1', name: '通知.docx' },
  title: '关于印发某某行动方案的通知',
  issuer: '某某市人民政府办公室',
  issuedOn: '2021-03-01',
  tasks: Array.from({ length: tasks }, (_, i) => ({
    number: String(i + 1),
    title: `推进第${i + 1}项重点工作任务落实落细并建立长效机制确保取得实效`,
    lead: ['市发展和改革委员会', '市工业和信息化局'],
    cooperating: ['市财政局', '市人力资源和社会保障局', '市自然资源和规划局'],
    responsible: ['各县（市、区）人民政府'],
  })),
  subtasks: 0,
  deadlines: Array.from({ length: tasks }, (_, i) => ({ task: String(i + 1), text: '2021-06-30' })),
  todos: Array.from({ length: tasks }, (_, i) => `任务${i + 1}：原文未写明牵头单位，暂以列第一位的为牵头单位，请核对`),
  unknown: Array.from({ length: tasks }, (_, i) => ({ name: `市某局${i}`, closest: ['市某某局', '市某某委'] })),
  step: { kind: 'preview' },
});

describe('the notice-import card', () => {
  it('a 12-task notice shows every task, with [载入] and [下载YAML]', () => {
    const card = buildImportCard(view(12));
    expect(checkCard(card)).toEqual([]);
    const json = JSON.stringify(card);
    expect(json).toContain('12. 推进第12项');
    expect(json).not.toContain('另有');
    expect(json).toContain('"a":"import.load"');
    expect(json).toContain('"a":"import.yaml"');
  });

  it('a 200-task notice stays under 30 KB and counts what it leaves out', () => {
    const card = buildImportCard(view(200));
    expect(checkCard(card)).toEqual([]);
    expect(cardBytes(card)).toBeLessThan(maxCardBytes);
    expect(JSON.stringify(card)).toMatch(/……另有 \d+ 项/);
  });

  it('the confirm step loads with its own action; the receipt only offers the YAML', () => {
    const confirm = JSON.stringify(buildImportCard({ ...view(3), step: { kind: 'confirm', existing: { title: '旧方案', slug: 'old' } } }));
    expect(confirm).toContain('"a":"import.confirm"');
    expect(confirm).toContain('"slug":"old"');
    expect(confirm).not.toContain('"a":"import.load"');
    const loaded = JSON.stringify(buildImportCard({ ...view(3), step: { kind: 'loaded', tasks: 3, rounds: 1, assignments: 9, added: 9 } }));
    expect(loaded).not.toContain('"a":"import.load"');
    expect(loaded).toContain('"a":"import.yaml"');
  });
});
