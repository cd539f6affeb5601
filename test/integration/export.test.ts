// Exports of the seed plan against real libSQL: the xlsx read back with exceljs cell by cell,
// the CSV parsed back from its bytes, the docx unzipped and its text read — with formula-like
// and multi-line texts, which must come out as typed (xlsx: string cells) or neutralized (CSV).
import ExcelJS from 'exceljs';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { inflateRawSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { summarizeDay } from '../../src/app/daily-summary.js';
import { exportPlan, ExportFormatError, parseExportFormat, type ExportDeps } from '../../src/app/export-plan.js';
import { UnknownPlanError } from '../../src/app/plan-status.js';
import type { PlanStore } from '../../src/app/ports/index.js';
import type { DatabaseStorage } from '../../src/storage/index.js';
import { chinaCalendar } from '../../src/calendar/china.js';
import { exportCommand } from '../../src/cli/export-command.js';
import { createTimeFormatter, formatExportTime, neutralizeCell, toCsvLine } from '../../src/core/export-rows.js';
import { fixedClock } from '../../src/core/time.js';
import { createExportWriters, type ExportTarget } from '../../src/export/export-writers.js';
import type { Database } from '../../src/storage/database.js';
import { createExportSource } from '../../src/storage/export-source.js';
import { loadSeed, openTestStore, seedSlug, tempDir } from '../support/runtime.js';

const at = (iso: string) => new Date(`${iso}+08:00`);
const now = at('2020-11-06T09:00:00');

const texts = {
  formula: '=HYPERLINK("http://x")',
  plus: '+1',
  minus: '-2',
  at: '@SUM(A1)',
  tab: '\t制表符开头',
  cr: '\r回车开头',
  chinese: '已完成摸底排查，共走访学校12所，"双减"落实到位；\n第二行：含“中文引号”、逗号,和英文"引号"。',
};

let database: Database;
let store: PlanStore;
let storage: DatabaseStorage;
let deps: ExportDeps<ExportTarget>;
let dir: string;

async function assignmentId(round: string, task: string, unit: string, period = ''): Promise<number> {
  const r = await database.client.execute({
    sql: `SELECT a.id FROM assignments a JOIN rounds r ON r.id = a.round_id JOIN tasks t ON t.id = a.task_id JOIN units u ON u.id = a.unit_id
          WHERE r.key = ? AND t.number = ? AND u.code = ? AND a.period = ?`,
    args: [round, task, unit, period],
  });
  return Number(r.rows[0]!.id);
}

async function report(
  id: number,
  when: string,
  fields: { narrative: string; problems?: string; nextSteps?: string; percent?: number; values?: Record<string, number>; name?: string },
) {
  const submittedAt = at(when);
  return storage.reports.save(
    {
      assignmentId: id,
      progress: (fields.percent ?? 50) >= 100 ? 'done' : 'in_progress',
      percent: fields.percent ?? 50,
      narrative: fields.narrative,
      problems: fields.problems ?? '',
      nextSteps: fields.nextSteps ?? '',
      indicatorValues: fields.values ?? {},
      submittedBy: 'ou_zhang',
      submittedByName: fields.name ?? '张三',
      submittedAt,
      source: 'card',
      contentHash: `h${id}-${submittedAt.getTime()}`,
    },
    submittedAt,
  );
}

async function review(assignment: number, reportId: number, decision: 'accept' | 'return', comment: string, when: string) {
  await database.client.execute({
    sql: `INSERT INTO reviews (assignment_id, report_id, decision, comment, reviewer_open_id, at) VALUES (?, ?, ?, ?, 'ou_lead', ?)`,
    args: [assignment, reportId, decision, comment, at(when).getTime()],
  });
}

beforeEach(async () => {
  const t = await openTestStore();
  storage = t.storage;
  database = storage.database;
  store = storage.plans;
  // A small page size makes every export cross page boundaries.
  deps = { plans: store, directory: storage.directory, source: createExportSource(database, { pageSize: 2, daysPerPage: 1 }), writers: createExportWriters() };
  dir = tempDir('duban-export-');
  await loadSeed(storage);

  const tc1 = await assignmentId('round-1', '1', 'tengchong');
  await report(tc1, '2020-11-02T10:00:00', { narrative: texts.formula, problems: texts.plus, nextSteps: texts.minus, percent: 40 });
  const v2 = await report(tc1, '2020-11-03T15:30:00', { narrative: texts.chinese, problems: texts.at, nextSteps: texts.tab, percent: 60 });
  await review(tc1, v2.id, 'return', '=请补充数据', '2020-11-04T09:00:00');
  const sd12 = await assignmentId('round-1', '12', 'shidian');
  await report(sd12, '2020-11-06T08:30:00', { narrative: texts.cr, values: { 'entry-rate': 86, 'online-rate': 100 }, percent: 70, name: '李四' });
  const ly12 = await assignmentId('round-1', '12', 'longyang');
  const ly = await report(ly12, '2020-11-04T11:00:00', { narrative: '隆阳区政务服务中心进驻事项已全部梳理。', values: { 'entry-rate': 95 }, percent: 100, name: '王五' });
  await review(ly12, ly.id, 'accept', '', '2020-11-05T10:00:00');

  const summaries = { plans: store, directory: storage.directory, summaries: storage.summaries, calendar: chinaCalendar };
  await summarizeDay(summaries, seedSlug, '2020-11-04', at('2020-11-04T18:00:00'));
  await summarizeDay(summaries, seedSlug, '2020-11-05', at('2020-11-05T18:00:00'));
});
afterEach(() => database.close());

/** Cells of a row as plain values (exceljs gives rich text and formulas as objects; we write neither). */
const rowValues = (ws: ExcelJS.Worksheet, n: number) => (ws.getRow(n).values as unknown[]).slice(1);

async function readXlsx(file: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

/** RFC 4180, enough to read back what the export writes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  if (field !== '' || row.length > 0) throw new Error('CSV does not end with CRLF');
  return rows;
}

/** One file out of a zip (central directory, stored or deflated): enough for a docx. */
function unzipEntry(zip: Buffer, name: string): Buffer {
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error('not a zip');
  let p = zip.readUInt32LE(end + 16);
  for (let i = 0; i < zip.readUInt16LE(end + 10); i++) {
    const method = zip.readUInt16LE(p + 10);
    const size = zip.readUInt32LE(p + 20);
    const nameLength = zip.readUInt16LE(p + 28);
    const skip = nameLength + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
    const local = zip.readUInt32LE(p + 42);
    if (zip.toString('utf8', p + 46, p + 46 + nameLength) === name) {
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + size);
      return method === 8 ? inflateRawSync(data) : data;
    }
    p += 46 + skip;
  }
  throw new Error(`${name} not in the zip`);
}

/** The text of word/document.xml, a paragraph a line, line breaks as \n. */
function docxText(file: string): string {
  const xml = unzipEntry(readFileSync(file), 'word/document.xml').toString('utf8');
  const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  return xml
    .split('</w:p>')
    .map((p) => [...p.matchAll(/<w:br\/>|<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => (m[0] === '<w:br/>' ? '\n' : unescape(m[1] ?? ''))).join(''))
    .join('\n');
}

describe('neutralizeCell', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+1', "'+1"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\rx', "'\rx"],
    ['完成 =1', '完成 =1'],
    [' =1', ' =1'],
    ['', ''],
  ])('%j becomes %j', (input, output) => expect(neutralizeCell(input)).toBe(output));

  it('leaves numbers (negative ones too) and empty cells alone', () => {
    expect(neutralizeCell(-2)).toBe(-2);
    expect(neutralizeCell(0)).toBe(0);
    expect(neutralizeCell(null)).toBe(null);
  });

  it('formats times like Intl does, also across a daylight-saving change', () => {
    for (const tz of ['Asia/Shanghai', 'America/New_York']) {
      const time = createTimeFormatter(tz);
      for (let t = Date.parse('2021-03-13T00:00:00Z'); t < Date.parse('2021-03-16T00:00:00Z'); t += 7 * 60_000) {
        expect(time(new Date(t))).toBe(formatExportTime(new Date(t), tz));
      }
    }
    expect(createTimeFormatter('Asia/Shanghai')(new Date('2020-11-05T10:00:00Z'))).toBe('2020-11-05 18:00');
  });

  it('quotes CSV fields with quotes, commas and line breaks (RFC 4180)', () => {
    expect(toCsvLine(['a', 'b,c', 'say "hi"', 'x\ny', 3, null])).toBe('a,"b,c","say ""hi""","x\ny",3,\r\n');
  });
});

describe('xlsx export', () => {
  it('has its sheets, a frozen bold header and every report version cell by cell, text as typed in string cells', async () => {
    const file = join(dir, 'ledger.xlsx');
    const result = await exportPlan(deps, seedSlug, 'xlsx', file, now);
    expect(result).toEqual({
      fileName: '保山市公共服务质量改进提升行动方案-台账-20201106.xlsx',
      asciiFileName: 'baoshan-2020-public-service-quality-ledger-20201106.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      rows: 4,
    });
    // Written under a temporary name and renamed: nothing else is left beside it.
    expect(readdirSync(dir)).toEqual(['ledger.xlsx']);

    const wb = await readXlsx(file);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['汇总', '按任务', '按单位', '牵头部门汇总', '明细', '指标']);
    for (const ws of wb.worksheets) {
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(ws.getCell('A1').font?.bold).toBe(true);
      // It prints: A4 landscape, one page wide, the header row on every page, numbered pages, filters, ruled cells.
      expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
      expect(ws.headerFooter.oddFooter).toBe('&C第 &P 页，共 &N 页');
      expect(ws.autoFilter).toBeTruthy();
      expect(ws.getCell('A1').border?.bottom?.style).toBe('thin');
    }
    expect(wb.worksheets.every((ws) => ws.pageSetup.printTitlesRow === '1:1')).toBe(true);

    const detail = wb.getWorksheet('明细')!;
    const header = rowValues(detail, 1);
    expect(header.slice(0, 11)).toEqual(['单位', '任务', '轮次', '周期', '版本', '最新版本', '进展状态', '完成进度(%)', '工作开展情况', '存在问题', '下步打算']);
    expect(header).toContain('任务十二 政务服务进驻率(%)');
    expect(header.slice(-6)).toEqual(['填报人', '填报时间', '截止时间', '是否按时', '审核', '审核意见']);
    // Column widths are in character units, CJK counting two: 工作开展情况 gets room for its text.
    expect(detail.getColumn(9).width).toBeGreaterThanOrEqual(60);
    expect(detail.getColumn(1).width).toBeGreaterThanOrEqual(14);

    const col = (name: string) => header.indexOf(name);
    const row = (n: number) => rowValues(detail, n);
    expect(detail.rowCount).toBe(5);
    // Rows in the order they were stored: 腾冲市 v1, v2, 施甸县, 隆阳区.
    expect(row(2).slice(0, 11)).toEqual([
      '腾冲市',
      '任务一 公共教育',
      '第1轮 各县(市、区)、各园区报牵头部门',
      undefined,
      1,
      // v1 was superseded by v2: counting 最新版本 rows counts each expected report once.
      undefined,
      '推进中',
      40,
      texts.formula,
      texts.plus,
      texts.minus,
    ]);
    // As typed, and a string: an xlsx cell written as text never runs as a formula.
    expect(detail.getRow(2).getCell(9).type).toBe(ExcelJS.ValueType.String);
    // Date cells holding the plan's wall-clock time, formatted as such: filters and arithmetic work.
    expect(row(2)[col('填报时间')]).toEqual(new Date('2020-11-02T10:00:00Z'));
    expect(row(2)[col('截止时间')]).toEqual(new Date('2020-11-05T18:00:00Z'));
    expect(detail.getRow(2).getCell(col('填报时间') + 1).numFmt).toBe('yyyy-mm-dd hh:mm');
    expect(row(2)[col('是否按时')]).toBe('按时');
    expect(row(3)[col('版本')]).toBe(2);
    expect(row(3)[col('最新版本')]).toBe('是');
    // A wrapped narrative of several lines gets a row tall enough to show them.
    expect(detail.getRow(3).height).toBeGreaterThan(15);
    expect(row(3)[col('工作开展情况')]).toBe(texts.chinese);
    expect(row(3)[col('存在问题')]).toBe(texts.at);
    expect(row(3)[col('下步打算')]).toBe(texts.tab);
    expect(row(3)[col('审核')]).toBe('已退回');
    expect(row(3)[col('审核意见')]).toBe('=请补充数据');
    expect(row(4)[col('单位')]).toBe('施甸县');
    expect(row(4)[col('填报人')]).toBe('李四');
    // XML reads a bare CR as a line feed (line-end normalization), in Excel too.
    expect(row(4)[col('工作开展情况')]).toBe(texts.cr.replace('\r', '\n'));
    expect(row(4)[col('任务十二 网上可办事项(二级办理深度及以上)(%)')]).toBe(100);
    expect(row(4)[col('是否按时')]).toBe('迟报');
    expect(row(5)[col('单位')]).toBe('隆阳区');
    expect(row(5)[col('任务十二 政务服务进驻率(%)')]).toBe(95);
    expect(row(5)[col('审核')]).toBe('已采纳');
    // No cell anywhere is a formula.
    for (const ws of wb.worksheets) ws.eachRow((r) => r.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula)));

    const summary = wb.getWorksheet('汇总')!;
    expect(rowValues(summary, 1)).toEqual(['日期', '范围', '应报', '已报', '按时', '迟报', '逾期', '已采纳', '平均进度(%)', '按时率(%)']);
    // 日期 is a date cell: shown as the day, read back as that day at 00:00 (no zone).
    const day = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : v);
    const days = summary.getSheetValues().slice(2).map((r) => (r as unknown[]).slice(1, 3).map(day));
    expect(days[0]).toEqual(['2020-11-04', '全市']);
    expect(days.filter((d) => d[1] === '全市').map((d) => d[0])).toEqual(['2020-11-04', '2020-11-05']);
    expect(days.some((d) => d[0] === '2020-11-05' && d[1] === '腾冲市')).toBe(true);

    const byTask = wb.getWorksheet('按任务')!;
    expect(rowValues(byTask, 1).slice(0, 5)).toEqual(['任务', '名称', '牵头单位', '应报', '已报']);
    const task1 = rowValues(byTask, 2);
    expect(task1.slice(0, 3)).toEqual(['任务一', '公共教育', '市教育体育局']);
    // Round 1 (seven counties and parks, overdue but 腾冲市) and round 2 (opened at 09:00, pending).
    expect(task1.slice(3, 13)).toEqual([8, 1, 1, 0, 6, 1, 1, 0, 60, 14.3]);
    const total = rowValues(byTask, byTask.rowCount);
    expect(total[0]).toBe('合计');

    const byUnit = wb.getWorksheet('按单位')!;
    const shidian = summaryRowOf(byUnit, '施甸县');
    expect(shidian.slice(0, 2)).toEqual(['施甸县', '县(市、区)']);

    const indicators = wb.getWorksheet('指标')!;
    expect(rowValues(indicators, 1)).toEqual(['任务', '指标', '目标', '目标期限', '填报单位', '填报值', '计量单位', '填报时间', '是否达标']);
    const entryRate = indicators.getSheetValues().slice(2).map((r) => (r as unknown[]).slice(1)).filter((r) => r[1] === '政务服务进驻率');
    expect(entryRate).toEqual([
      ['任务十二 政务服务', '政务服务进驻率', '≥90%', '2020-12-31', '各单位平均', 90.5, '%', undefined, '达标'],
      ['任务十二 政务服务', '政务服务进驻率', '≥90%', '2020-12-31', '隆阳区', 95, '%', new Date('2020-11-04T11:00:00Z'), '达标'],
      ['任务十二 政务服务', '政务服务进驻率', '≥90%', '2020-12-31', '施甸县', 86, '%', new Date('2020-11-06T08:30:00Z'), '未达标'],
    ]);
    const venues = indicators.getSheetValues().slice(2).map((r) => (r as unknown[]).slice(1)).find((r) => r[1] === '平均每个村(社区)文化场所数');
    expect(venues?.[8]).toBe('未填报');
  });

  it('keeps a lead department’s citywide figure out of the units’ average, listed as its own', async () => {
    const lead = await assignmentId('round-2', '12', 'govservice');
    await report(lead, '2020-11-09T10:00:00', { narrative: '全市政务服务进驻情况汇总。', values: { 'entry-rate': 70 }, percent: 80, name: '赵六' });
    const file = join(dir, 'lead.xlsx');
    await exportPlan(deps, seedSlug, 'xlsx', file, at('2020-11-10T10:00:00'));
    const indicators = (await readXlsx(file)).getWorksheet('指标')!;
    const entryRate = indicators.getSheetValues().slice(2).map((r) => (r as unknown[]).slice(1)).filter((r) => r[1] === '政务服务进驻率');
    expect(entryRate.map((r) => [r[4], r[5]])).toEqual([
      ['各单位平均', 90.5],
      ['隆阳区', 95],
      ['施甸县', 86],
      ['市政务服务管理局（牵头单位汇总）', 70],
    ]);
  });

  it('streams to a Writable and ends it', async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const ended = new Promise((resolve) => out.on('end', resolve));
    const result = await exportPlan(deps, seedSlug, 'xlsx', out, now);
    await ended;
    const data = Buffer.concat(chunks);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer);
    expect(wb.getWorksheet('明细')!.rowCount).toBe(result.rows + 1);
  });
});

function summaryRowOf(ws: ExcelJS.Worksheet, first: string): unknown[] {
  for (let n = 2; n <= ws.rowCount; n++) if (rowValues(ws, n)[0] === first) return rowValues(ws, n);
  throw new Error(`no row ${first}`);
}

describe('CSV export', () => {
  it('is UTF-8 with a BOM, CRLF, RFC 4180 quoting, and neutralized cells', async () => {
    const file = join(dir, 'detail.csv');
    const result = await exportPlan(deps, seedSlug, 'csv', file, now);
    expect(result.fileName).toBe('保山市公共服务质量改进提升行动方案-明细-20201106.csv');
    expect(result.mimeType).toBe('text/csv; charset=utf-8');
    const bytes = readFileSync(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(bytes.toString('utf8').slice(1));
    expect(rows).toHaveLength(5);
    const header = rows[0]!;
    expect(header.slice(0, 3)).toEqual(['单位', '任务', '轮次']);
    const col = (name: string) => header.indexOf(name);
    expect(rows[1]![col('工作开展情况')]).toBe(`'${texts.formula}`);
    expect(rows[1]![col('存在问题')]).toBe(`'${texts.plus}`);
    expect(rows[1]![col('下步打算')]).toBe(`'${texts.minus}`);
    expect(rows[1]![col('完成进度(%)')]).toBe('40');
    expect(rows[2]![col('工作开展情况')]).toBe(texts.chinese);
    expect(rows[2]![col('存在问题')]).toBe(`'${texts.at}`);
    expect(rows[2]![col('下步打算')]).toBe(`'${texts.tab}`);
    expect(rows[3]![col('工作开展情况')]).toBe(`'${texts.cr}`);
    expect(rows[3]![col('任务十二 政务服务进驻率(%)')]).toBe('86');
    expect(rows.every((r) => r.length === header.length)).toBe(true);
    // The text of a field is never split across records: quoted line breaks stay inside it.
    expect(bytes.toString('utf8')).toContain('"已完成摸底排查，共走访学校12所，""双减""落实到位；\n第二行');
  });
});

describe('docx draft', () => {
  it('has, per round, each unit narrative under its task heading, the missing units and the indicators', async () => {
    const file = join(dir, 'draft.docx');
    const result = await exportPlan(deps, seedSlug, 'docx', file, now);
    expect(result.fileName).toBe('保山市公共服务质量改进提升行动方案-工作开展情况汇报-20201106.docx');
    // Latest versions only: 腾冲市 task 1 (v2), 隆阳区 and 施甸县 task 12.
    expect(result.rows).toBe(3);
    const text = docxText(file);
    // Chinese, said so (else LibreOffice picks a Japanese font), and numbered pages.
    const zip = readFileSync(file);
    expect(unzipEntry(zip, 'word/styles.xml').toString('utf8')).toMatch(/<w:lang [^>]*w:eastAsia="zh-CN"/);
    expect(unzipEntry(zip, 'word/footer1.xml').toString('utf8')).toContain('PAGE');
    expect(text).toContain('保山市公共服务质量改进提升行动方案工作开展情况汇报');
    expect(text).toContain('草稿');
    expect(text).toContain('（第1轮 各县(市、区)、各园区报牵头部门 · 截止 11月5日（周四）18:00）');
    const task1 = text.indexOf('一、公共教育');
    const task2 = text.indexOf('二、公共就业');
    expect(task1).toBeGreaterThan(0);
    const part = text.slice(task1, task2);
    // Text as typed, line break included; the draft is for Word, so nothing is prefixed.
    expect(part).toContain(`（一）腾冲市`);
    expect(part).toContain(`工作开展情况：${texts.chinese}`);
    expect(part).toContain(`存在问题：${texts.at}`);
    expect(part).not.toContain(texts.formula); // version 1 is superseded
    expect(part).toContain('第2版 · 11月3日 张三报送 · 推进中 · 完成进度 60%');
    expect(part).toContain('未报送：隆阳区、施甸县、龙陵县、昌宁县');
    const task12 = text.slice(text.indexOf('十二、政务服务'));
    expect(task12).toContain('（一）隆阳区');
    expect(task12).toContain('指标：政务服务进驻率 95%（目标 ≥90%）');
    expect(task12).toContain('逾期报送');
    expect(task12).toContain('政务服务进驻率 90.5%（目标 ≥90%，12月31日前）');
  });

  it('is one round only when asked', async () => {
    const file = join(dir, 'round-2.docx');
    const result = await exportPlan(deps, seedSlug, 'docx', file, now, { round: 'round-2' });
    expect(result.rows).toBe(0);
    const text = docxText(file);
    expect(text).toContain('第2轮 牵头部门报领导小组办公室');
    expect(text).not.toContain('第1轮');
    expect(text).toContain('未报送：市教育体育局');
  });
});

describe('errors and the command', () => {
  it('refuses an unknown plan before writing anything, and an unknown format', async () => {
    const file = join(dir, 'x.xlsx');
    await expect(exportPlan(deps, 'nope', 'xlsx', file, now)).rejects.toBeInstanceOf(UnknownPlanError);
    expect(readdirSync(dir)).toEqual([]);
    expect(() => parseExportFormat('pdf')).toThrow(ExportFormatError);
    expect(parseExportFormat(undefined)).toBe('xlsx');
    expect(parseExportFormat('CSV')).toBe('csv');
  });

  it('duban export writes the file under its own name by default and says how many rows', async () => {
    const cmd = { ...deps, clock: fixedClock(now), cwd: dir };
    expect(await exportCommand({ slug: seedSlug, format: 'csv' }, cmd)).toBe('wrote 保山市公共服务质量改进提升行动方案-明细-20201106.csv (4 rows)');
    expect(await exportCommand({ slug: seedSlug, out: 'a.xlsx' }, cmd)).toBe('wrote a.xlsx (4 rows)');
    expect(await exportCommand({ format: 'docx', out: 'a.docx' }, cmd)).toBe('wrote a.docx (3 rows)');
    expect(readdirSync(dir).sort()).toEqual(['a.docx', 'a.xlsx', '保山市公共服务质量改进提升行动方案-明细-20201106.csv']);
    await expect(exportCommand({ slug: seedSlug, format: 'pdf' }, cmd)).rejects.toThrow('format "pdf" is not one of xlsx, csv, docx');
  });
});
