// A notice as a Word file: built with the docx package from a notice's text (paragraphs,
// and its tab-separated rows as a table), read back through mammoth, imported — the same
// plan as from the .txt. And `duban plan import notice.docx --json` prints what the .txt gives.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { importNotice } from '../../src/core/notice-import.js';
import { docxToText, htmlToNoticeText, readNoticeFile } from '../../src/documents/notice-text.js';

/** A Word file of the notice: one paragraph per line, consecutive tab-separated lines as one table. */
async function toDocx(text: string): Promise<Buffer> {
  const lines = text.split('\n').filter((l) => l.trim());
  const children: (Paragraph | Table)[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]!.includes('\t')) {
      children.push(new Paragraph({ children: [new TextRun(lines[i]!)] }));
      continue;
    }
    const rows: string[][] = [];
    for (; i < lines.length && lines[i]!.includes('\t'); i++) rows.push(lines[i]!.split('\t'));
    i--;
    const width = Math.max(...rows.map((r) => r.length));
    children.push(
      new Table({
        rows: rows.map(
          (r) =>
            new TableRow({
              children: [...r, ...new Array<string>(width - r.length).fill('')].map((c) => new TableCell({ children: [new Paragraph({ children: [new TextRun(c)] })] })),
            }),
        ),
      }),
    );
  }
  return Packer.toBuffer(new Document({ sections: [{ children }] }));
}

const notices = [
  'test/fixtures/notices/baoshan-2020-public-service-quality.txt',
  'test/fixtures/notices/layouts/prefecture-2021-task-table-tabs.txt',
  'test/fixtures/notices/layouts/county-2022-village-living.txt',
  'test/fixtures/notices/real/gbf-2018-tiyu-jingsai.txt',
  'test/fixtures/notices/real/gbf-2019-sanji-yiyuan-kaohe.txt',
];

describe('a notice as a Word file', () => {
  it.each(notices)('%s: the .docx imports to the same plan as the .txt', async (file) => {
    const text = readFileSync(file, 'utf8');
    const fromDocx = importNotice(await docxToText(await toDocx(text)), {});
    const fromText = importNotice(text, {});
    expect(fromDocx.plan).toEqual(fromText.plan);
    expect(fromDocx.origins).toEqual(fromText.origins);
    expect(fromDocx.todos).toEqual(fromText.todos);
  });

  it('keeps Word list numbering, cell paragraphs and entities', () => {
    const html =
      '<h1>测试方案</h1><p>一、主要任务</p><ol><li>甲任务。（牵头单位：市甲局）<ol><li>子项。</li></ol></li><li>乙任务&amp;丙。</li></ol>' +
      '<table><tr><td><p>序号</p></td><td><p>责任单位</p></td></tr><tr><td><p>1</p></td><td><p>市甲局</p><p>市乙局</p></td></tr></table>';
    expect(htmlToNoticeText(html).split('\n')).toEqual(['测试方案', '一、主要任务', '1.甲任务。（牵头单位：市甲局）', '(1)子项。', '2.乙任务&丙。', '序号\t责任单位', '1\t市甲局、市乙局']);
  });

  it('duban plan import notice.docx --json prints what the .txt gives', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'duban-docx-'));
    const text = readFileSync(notices[1]!, 'utf8');
    writeFileSync(join(dir, 'notice.txt'), text);
    writeFileSync(join(dir, 'notice.docx'), await toDocx(text));
    expect(await readNoticeFile(join(dir, 'notice.docx'))).toContain('序号\t重点任务\t具体措施\t牵头单位\t配合单位\t完成时限');
    const run = async (file: string) => {
      let out = '';
      const code = await runCli(['plan', 'import', join(dir, file), '--json'], { out: (t) => (out += t), err: (t) => (out += t) });
      return { code, json: JSON.parse(out) as { tasks: { title: string; unitsFrom: { kind: string } }[] } };
    };
    const [docx, txt] = [await run('notice.docx'), await run('notice.txt')];
    expect(docx.code).toBe(0);
    expect(docx.json).toEqual(txt.json);
    expect(docx.json.tasks.map((t) => [t.title, t.unitsFrom.kind])).toEqual([
      ['推进政务服务事项标准化', 'table'],
      ['扩大网上可办范围', 'subtasks'],
      ['深化“一窗受理”改革', 'table'],
      ['推行“好差评”制度', 'table'],
    ]);
  });

  it('a .doc file is refused with what to do', async () => {
    let err = '';
    const code = await runCli(['plan', 'import', 'notice.doc'], { out: () => {}, err: (t) => (err += t) });
    expect([code, err]).toEqual([1, expect.stringContaining('save it as .docx')]);
  });
});
