// Task-division tables flattened to text (序号 / 工作任务 / 牵头单位 / 配合单位 / 完成时限):
// cells separated by |, tabs or runs of spaces; rows shortened by merged cells on the left;
// category rows (一、…) between them; a row's text continued on the next line.
import { addNames, emptyClause, type UnitClause } from './clauses.js';
import type { Draft } from './draft.js';
import { closingMatter } from './header.js';
import { readMarker } from './numbering.js';
import { splitNames } from './unit-names.js';

export interface TableRow {
  /** The number as written in the 序号 cell. */
  written: string;
  n: number;
  /** The category row above it (一、优化营商环境), if any. */
  section: string;
  task: string;
  /** A second text column (具体措施, 工作内容) when the table has one beside the task. */
  detail: string;
  clause: UnitClause;
  deadline?: string;
  /** Rows of the same number continued below it without a number: its measures. */
  measures: { text: string; clause: UnitClause; deadline?: string; line: number }[];
  lines: number[];
}

export interface Table {
  header: number;
  rows: TableRow[];
  end: number;
}

type Splitter = (line: string) => string[];

function splitterFor(header: string): Splitter | undefined {
  const trim = (cells: string[]) => cells.map((c) => c.trim());
  if (/[|｜]/.test(header)) return (l) => trim(l.replace(/^\s*[|｜]|[|｜]\s*$/g, '').split(/[|｜]/));
  if (/\t/.test(header)) return (l) => trim(l.split('\t'));
  if (/\S\s{2,}\S/.test(header)) return (l) => trim(l.split(/\s{2,}/));
  if (/\S\s\S/.test(header)) return (l) => trim(l.split(/\s+/));
  return undefined;
}

const taskColumn = /任务|内容|措施|事项|工作|举措/;
const unitColumn = /牵头|责任|配合|协办|参与|单位|部门/;

interface Columns {
  number: number;
  task: number;
  detail: number;
  lead: number;
  cooperating: number;
  responsible: number;
  deadline: number;
  count: number;
}

function columnsOf(cells: readonly string[]): Columns | undefined {
  const col = (pattern: RegExp, not?: RegExp) => cells.findIndex((c) => pattern.test(c) && !(not && not.test(c)));
  const texts = cells.map((c, i) => (taskColumn.test(c) && !unitColumn.test(c) && !/时限|时间/.test(c) ? i : -1)).filter((i) => i >= 0);
  const at: Columns = {
    number: col(/序号|编号/),
    task: texts[0] ?? -1,
    detail: texts[1] ?? -1,
    lead: col(/牵头/),
    cooperating: col(/配合|协办|参与/),
    responsible: col(/责任|负责/, /牵头/),
    deadline: col(/时限|时间|节点|期限/),
    count: cells.length,
  };
  if (at.task < 0 || (at.lead < 0 && at.cooperating < 0 && at.responsible < 0)) return undefined;
  return at;
}

/** The first task-division table from line `from` on: a header row naming a task column and a unit column. */
export function readTable(lines: readonly string[], from: number, to: number, draft: Draft): Table | undefined {
  for (let h = from; h < to; h++) {
    const split = splitterFor(lines[h]!);
    if (!split) continue;
    const header = split(lines[h]!);
    if (header.length < 3 || header.some((c) => c.length > 12)) continue;
    const at = columnsOf(header);
    if (!at) continue;
    return { header: h, ...readRows(lines, h + 1, to, split, at, draft) };
  }
  return undefined;
}

function readRows(lines: readonly string[], from: number, to: number, split: Splitter, at: Columns, draft: Draft): { rows: TableRow[]; end: number } {
  const rows: TableRow[] = [];
  let section = '';
  let k = from;
  for (; k < to; k++) {
    const line = lines[k]!;
    if (/^[-|｜\s:：+=]+$/.test(line)) continue; // a ruler line
    let cells = split(line);
    if (cells.length === 1) {
      const marker = readMarker(line);
      const next = k + 1 < to ? split(lines[k + 1]!) : [];
      // 一、优化营商环境 over more rows: a category row. Any other numbered line ends the table.
      if (marker && !/[。；;]/.test(line) && next.length >= 2) {
        section = marker.written.replace(/[、.．]$/, '');
        continue;
      }
      const last = rows.at(-1);
      // A paragraph after the table ends it; a fragment without a sentence end continues a cell.
      if (marker || closingMatter.test(line) || /^(注|备注|说明)[:：]/.test(line) || !last || (/[。；;]$/.test(line) && line.length > 15)) break;
      // A row's text continued on its own line.
      last.task += line;
      last.lines.push(k);
      continue;
    }
    // Cells merged over several rows are missing on the left: the number stays first.
    const numberCell = at.number >= 0 ? cells[at.number] ?? '' : '';
    // Without a 序号 column, every full row is the next task.
    const n = at.number >= 0 ? Number(numberCell.replace(/[.、．]$/, '')) : rows.length + 1;
    const numbered = at.number >= 0 ? Number.isInteger(n) && n > 0 && /^\d+[.、．]?$/.test(numberCell) : cells.length === at.count && cells[at.task] !== '';
    if (cells.length < at.count) {
      const missing = at.count - cells.length;
      if (numbered) cells = [cells[0]!, ...new Array<string>(missing).fill(''), ...cells.slice(1)];
      else cells = [...new Array<string>(missing).fill(''), ...cells];
    }
    if (cells.length !== at.count) {
      draft.todo(['tasks'], `表格中有一行未能识别，请核对：${line}`);
      continue;
    }
    const cell = (c: number) => (c >= 0 ? (cells[c] ?? '') : '');
    const clause = emptyClause('labelled', [cell(at.lead), cell(at.cooperating), cell(at.responsible)].filter((c) => c).join(' / '));
    addNames(clause, 'lead', splitNames(cell(at.lead)));
    addNames(clause, 'cooperating', splitNames(cell(at.cooperating)));
    addNames(clause, 'responsible', splitNames(cell(at.responsible)));
    const deadline = at.deadline >= 0 ? cell(at.deadline) : undefined;
    if (!numbered) {
      const last = rows.at(-1);
      if (at.number >= 0 && last && !cell(at.number) && (cell(at.detail) || cell(at.task))) {
        last.measures.push({ text: cell(at.detail) || cell(at.task), clause, line: k, ...(deadline ? { deadline } : {}) });
        last.lines.push(k);
        continue;
      }
      draft.todo(['tasks'], `表格中有一行未能识别，请核对：${line}`);
      continue;
    }
    rows.push({
      written: String(n),
      n,
      section,
      task: cell(at.task),
      detail: cell(at.detail),
      clause,
      ...(deadline !== undefined ? { deadline } : {}),
      measures: [],
      lines: [k],
    });
  }
  return { rows, end: k };
}
