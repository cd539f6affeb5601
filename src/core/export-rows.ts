// The rows of every export as plain data: the 台账 sheets (汇总, 按任务, 按单位, 明细, 指标), the
// CSV 明细, and the 工作开展情况汇报 draft, from the plan, assignment facts, report versions, reviews
// and stored daily summaries. Pure: pages of data in, rows out; times come in as arguments.
import { meetsTarget } from './indicators.js';
import { allTasks, type Indicator, type Plan, type PlanUnit } from './plan.js';
import { statusAt } from './status.js';
import type { SummaryFact } from './summary.js';
import { zh, type ProgressState } from './texts.js';
import { zonedParts } from './time.js';

export const exportFormats = ['xlsx', 'csv', 'docx'] as const;
export type ExportFormat = (typeof exportFormats)[number];

export function isExportFormat(value: string): value is ExportFormat {
  return (exportFormats as readonly string[]).includes(value);
}

export const exportMimeTypes: Record<ExportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/**
 * A time as the plan's clock shows it: "2020-11-05 18:00", or a day "2020-11-05". The xlsx makes
 * it a date cell (filters and arithmetic work); the CSV writes the text.
 */
export interface WallTime {
  wallTime: string;
}

/** A cell: text exactly as typed, a number, a time, or empty. */
export type Cell = string | number | WallTime | null;

export const wallTime = (text: string): WallTime => ({ wallTime: text });

/** A cell as text: what a CSV holds and what a column's width is measured on. */
export const cellText = (cell: Cell): string => (cell === null ? '' : typeof cell === 'object' ? cell.wallTime : String(cell));

export interface ColumnSpec {
  header: string;
  /** Excel character units; a CJK character takes two. */
  width: number;
  /** Long text: wrapped, aligned to the top. */
  wrap?: boolean | undefined;
}

export interface SheetSpec {
  name: string;
  columns: ColumnSpec[];
}

// ── safety ──────────────────────────────────────────────────────────────────

/**
 * OWASP CSV injection: text starting with = + - @, a tab or a carriage return would be read
 * as a formula by Excel (or by whoever re-saves the file as CSV), so it gets a leading '.
 * Numbers stay numbers; any other text is left exactly as typed.
 */
export function neutralizeCell(value: Cell | undefined): Cell {
  if (typeof value !== 'string') return value ?? null;
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function neutralizeRow(row: readonly Cell[]): Cell[] {
  return row.map(neutralizeCell);
}

// Characters XML 1.0 cannot carry at all; exceljs drops the same ones, so xlsx and docx agree.
const xmlInvalid = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]/g;

/** Text an XML part can hold: control characters (a stray paste) would make Word refuse the file. */
export function xmlSafeText(text: string): string {
  return text.replace(xmlInvalid, '');
}

/** One CSV record (RFC 4180): fields with a quote, comma, CR or LF are quoted, quotes doubled; CRLF ends it. */
export function toCsvLine(row: readonly Cell[]): string {
  return (
    row
      .map((cell) => {
        if (cell === null) return '';
        const text = cellText(cell);
        return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
      })
      .join(',') + '\r\n'
  );
}

// ── widths and names ────────────────────────────────────────────────────────

const wide = /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]|[\uD840-\uD87F][\uDC00-\uDFFF]/g;

/** Display width in Excel character units: CJK and full-width characters count two. */
export function displayWidth(text: string): number {
  const wideCount = (text.match(wide) ?? []).length;
  const codePoints = [...text].length;
  return codePoints + wideCount;
}

const maxFitWidth = 60;

/** Columns widened to their header and, for small in-memory sheets, to their longest cell. */
export function fitColumns(columns: readonly ColumnSpec[], rows: readonly (readonly Cell[])[] = []): ColumnSpec[] {
  return columns.map((c, i) => {
    let width = Math.max(c.width, displayWidth(c.header) + 2);
    for (const row of rows) {
      const cell = row[i];
      if (cell === null || cell === undefined) continue;
      const longestLine = cellText(cell).split(/\r\n|\r|\n/).reduce((m, line) => Math.max(m, displayWidth(line)), 0);
      width = Math.max(width, Math.min(maxFitWidth, longestLine + 2));
    }
    return { ...c, width };
  });
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** 2020-11-05 18:00 in the plan's zone: sorts as text, reads at a glance. */
export function formatExportTime(at: Date, timeZone: string): string {
  const p = zonedParts(at, timeZone);
  return `${p.year}-${pad2(p.month)}-${pad2(p.day)} ${pad2(p.hour)}:${pad2(p.minute)}`;
}

const quarterHour = 900_000;

/**
 * formatExportTime for many rows: Intl takes microseconds a call, so the zone's offset is looked
 * up once per quarter hour (zone changes fall on quarter hours) and the rest is arithmetic.
 */
export function createTimeFormatter(timeZone: string): (at: Date) => string {
  const offsets = new Map<number, number>();
  return (at) => {
    const t = at.getTime();
    const bucket = Math.floor(t / quarterHour);
    let offset = offsets.get(bucket);
    if (offset === undefined) {
      if (offsets.size > 10_000) offsets.clear();
      const p = zonedParts(new Date(bucket * quarterHour), timeZone);
      offset = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - bucket * quarterHour;
      offsets.set(bucket, offset);
    }
    const w = new Date(t + offset);
    return `${w.getUTCFullYear()}-${pad2(w.getUTCMonth() + 1)}-${pad2(w.getUTCDate())} ${pad2(w.getUTCHours())}:${pad2(w.getUTCMinutes())}`;
  };
}

function compactDate(at: Date, timeZone: string): string {
  const p = zonedParts(at, timeZone);
  return `${p.year}${pad2(p.month)}${pad2(p.day)}`;
}

const fileExtensions: Record<ExportFormat, string> = { xlsx: 'xlsx', csv: 'csv', docx: 'docx' };
const asciiKinds: Record<ExportFormat, string> = { xlsx: 'ledger', csv: 'reports', docx: 'draft-report' };

/** 保山市公共服务质量改进提升行动方案-台账-20201106.xlsx; characters no file system accepts become _. */
export function exportFileName(planTitle: string, format: ExportFormat, at: Date, timeZone: string): string {
  const title = planTitle.replace(/[\\/:*?"<>|\u0000-\u001F]/g, '_').trim() || 'export';
  return `${title}-${zh.exportFile.kinds[format]}-${compactDate(at, timeZone)}.${fileExtensions[format]}`;
}

/** The plain-ASCII name for clients that ignore RFC 5987 `filename*`. */
export function asciiExportFileName(slug: string, format: ExportFormat, at: Date, timeZone: string): string {
  const safe = slug.replace(/[^A-Za-z0-9._-]/g, '_') || 'export';
  return `${safe}-${asciiKinds[format]}-${compactDate(at, timeZone)}.${fileExtensions[format]}`;
}

// ── inputs ──────────────────────────────────────────────────────────────────

/** One report version with the names it is shown under (retired tasks and rounds keep theirs). */
export interface ExportReport {
  id: number;
  assignmentId: number;
  roundKey: string;
  roundName: string;
  period: string;
  taskNumber: string;
  taskShort: string;
  unitCode: string;
  unitName: string;
  dueAt: Date;
  version: number;
  progress: ProgressState;
  percent: number;
  narrative: string;
  problems: string;
  nextSteps: string;
  indicatorValues: Readonly<Record<string, number>>;
  submittedBy: string;
  submittedByName?: string | undefined;
  submittedAt: Date;
  /** Whether this is its assignment's latest version: what a count of 明细 rows should count. */
  latest?: boolean | undefined;
  /** The latest review of this very version, if any. */
  review?: { decision: 'accept' | 'return'; comment: string; at: Date } | undefined;
}

/** A stored daily summary row of the plan or of a unit. */
export interface ExportSummaryRow {
  date: string;
  scope: 'plan' | 'unit';
  /** '' for the plan, else the unit code. */
  key: string;
  expected: number;
  submitted: number;
  onTime: number;
  late: number;
  overdue: number;
  accepted: number;
  meanPercent: number | null;
}

const oneDecimal = (n: number) => Math.round(n * 10) / 10;
const rate = (onTime: number, submitted: number, overdue: number) =>
  submitted + overdue > 0 ? oneDecimal((onTime / (submitted + overdue)) * 100) : null;
const who = (r: { submittedBy: string; submittedByName?: string | undefined }) => r.submittedByName || r.submittedBy;


const columnNames = () => zh.exportFile.columns;

// ── 汇总 ─────────────────────────────────────────────────────────────────────

export function summarySheet(): SheetSpec {
  const col = columnNames();
  return {
    name: zh.exportFile.sheets.summary,
    columns: fitColumns([
      { header: col.date, width: 12 },
      { header: col.scope, width: 20 },
      ...[col.expected, col.submitted, col.onTime, col.late, col.overdue, col.accepted].map((header) => ({ header, width: 8 })),
      { header: col.meanPercent, width: 12 },
      { header: col.onTimeRate, width: 10 },
    ]),
  };
}

/** A day's plan row and unit rows; units with nothing expected yet would be rows of zeros. */
export function toSummaryRows(rows: readonly ExportSummaryRow[], unitNames: ReadonlyMap<string, string>): Cell[][] {
  return rows
    .filter((r) => r.scope === 'plan' || r.expected > 0)
    .map((r) => [
      wallTime(r.date),
      r.scope === 'plan' ? zh.exportFile.planScope : (unitNames.get(r.key) ?? r.key),
      r.expected,
      r.submitted,
      r.onTime,
      r.late,
      r.overdue,
      r.accepted,
      r.meanPercent === null ? null : oneDecimal(r.meanPercent),
      rate(r.onTime, r.submitted, r.overdue),
    ]);
}

// ── 按任务, 按单位, 指标: tallies at a time T, fed page by page ────────────────

export interface ExportTally {
  expected: number;
  submitted: number;
  onTime: number;
  late: number;
  overdue: number;
  pending: number;
  returned: number;
  accepted: number;
  percentSum: number;
}

const emptyTally = (): ExportTally => ({ expected: 0, submitted: 0, onTime: 0, late: 0, overdue: 0, pending: 0, returned: 0, accepted: 0, percentSum: 0 });

interface LatestValue {
  value: number;
  at: number;
  id: number;
}

/**
 * Counts at `at` by plan, task and unit, and each unit's latest value of each indicator,
 * accumulated over pages of facts: only the counts are kept, never the facts. The counting
 * is the daily summary's: on time by the first report, mean percent of the latest versions.
 */
export class ExportTallies {
  readonly plan = emptyTally();
  readonly byTask = new Map<string, ExportTally>();
  readonly byUnit = new Map<string, ExportTally>();
  /** unit → "task:key" → latest value known at `at`. */
  readonly indicators = new Map<string, Map<string, LatestValue>>();

  /** unit → "task:key" → the latest value a lead department reported for the whole city. */
  readonly leadIndicators = new Map<string, Map<string, LatestValue>>();

  /** `leadRounds`: rounds in which lead departments report; their figures are not one more unit's. */
  constructor(
    readonly at: Date,
    private readonly leadRounds: ReadonlySet<string> = new Set(),
  ) {}

  add(facts: readonly SummaryFact[]): void {
    const t = this.at.getTime();
    for (const f of facts) {
      const status = statusAt(f, this.at);
      if (status === 'not_open') continue;
      const tallies = [this.plan, this.tally(this.byTask, f.taskNumber), this.tally(this.byUnit, f.unitCode)];
      const known = f.reports.filter((r) => r.submittedAt.getTime() <= t);
      const first = known.reduce<(typeof known)[number] | undefined>((a, r) => (!a || r.submittedAt.getTime() < a.submittedAt.getTime() ? r : a), undefined);
      const latest = known.reduce<(typeof known)[number] | undefined>((a, r) => (!a || r.version > a.version ? r : a), undefined);
      for (const tally of tallies) {
        tally.expected++;
        if (status === 'overdue') tally.overdue++;
        else if (status === 'pending') tally.pending++;
        else if (first && latest) {
          tally.submitted++;
          if (first.submittedAt.getTime() <= f.dueAt.getTime()) tally.onTime++;
          else tally.late++;
          if (status === 'accepted') tally.accepted++;
          if (status === 'returned') tally.returned++;
          tally.percentSum += latest.percent;
        }
      }
      const values = this.leadRounds.has(f.roundKey) ? this.leadIndicators : this.indicators;
      for (const r of known) {
        for (const [key, value] of Object.entries(r.indicatorValues)) {
          if (typeof value !== 'number' || !Number.isFinite(value)) continue;
          let unit = values.get(f.unitCode);
          if (!unit) values.set(f.unitCode, (unit = new Map()));
          const qualified = `${f.taskNumber}:${key}`;
          const seen = unit.get(qualified);
          const at = r.submittedAt.getTime();
          if (!seen || at > seen.at || (at === seen.at && r.id > seen.id)) unit.set(qualified, { value, at, id: r.id });
        }
      }
    }
  }

  private tally(map: Map<string, ExportTally>, key: string): ExportTally {
    let tally = map.get(key);
    if (!tally) map.set(key, (tally = emptyTally()));
    return tally;
  }
}

const countColumns = (): ColumnSpec[] => {
  const col = columnNames();
  return [
    ...[col.expected, col.submitted, col.onTime, col.late, col.overdue, col.pending, col.returned, col.accepted].map((header) => ({ header, width: 8 })),
    { header: col.meanPercent, width: 12 },
    { header: col.onTimeRate, width: 10 },
  ];
};

const countCells = (t: ExportTally): Cell[] => [
  t.expected,
  t.submitted,
  t.onTime,
  t.late,
  t.overdue,
  t.pending,
  t.returned,
  t.accepted,
  t.submitted > 0 ? oneDecimal(t.percentSum / t.submitted) : null,
  rate(t.onTime, t.submitted, t.overdue),
];

/** 按任务: every top-level task (and a sub-task that has assignments of its own), then 合计. */
export function byTaskSheet(plan: Plan, tallies: ExportTallies, unitNames: ReadonlyMap<string, string>): { sheet: SheetSpec; rows: Cell[][] } {
  const col = columnNames();
  const tasks = allTasks(plan).filter((t) => t.parent === undefined || tallies.byTask.has(t.number));
  const rows: Cell[][] = tasks.map((t) => [
    zh.taskName(t.number),
    t.short,
    t.lead.map((code) => unitNames.get(code) ?? code).join('、'),
    ...countCells(tallies.byTask.get(t.number) ?? emptyTally()),
  ]);
  rows.push([zh.exportFile.total, null, null, ...countCells(tallies.plan)]);
  const columns = [{ header: col.task, width: 10 }, { header: col.taskTitle, width: 12 }, { header: col.lead, width: 16 }, ...countColumns()];
  return { sheet: { name: zh.exportFile.sheets.byTask, columns: fitColumns(columns, rows) }, rows };
}

/** 按单位: the units with anything expected, in directory order, then 合计. */
export function byUnitSheet(units: readonly PlanUnit[], tallies: ExportTallies): { sheet: SheetSpec; rows: Cell[][] } {
  const col = columnNames();
  const rows: Cell[][] = units
    .filter((u) => tallies.byUnit.has(u.code))
    .map((u) => [u.name, zh.exportFile.unitKinds[u.kind] ?? u.kind, ...countCells(tallies.byUnit.get(u.code)!)]);
  rows.push([zh.exportFile.total, null, ...countCells(tallies.plan)]);
  const columns = [{ header: col.unit, width: 14 }, { header: col.unitKind, width: 10 }, ...countColumns()];
  return { sheet: { name: zh.exportFile.sheets.byUnit, columns: fitColumns(columns, rows) }, rows };
}

/** 指标: per indicator, the mean of the units' latest values, then each unit's, against the target. */
export function indicatorSheet(plan: Plan, units: readonly PlanUnit[], tallies: ExportTallies): { sheet: SheetSpec; rows: Cell[][] } {
  const col = columnNames();
  const x = zh.exportFile;
  const tz = plan.timezone;
  const rows: Cell[][] = [];
  const met = (i: Indicator, value: number) => (meetsTarget(value, i.comparator, i.target) ? x.met : x.notMet);
  for (const task of allTasks(plan)) {
    for (const i of task.indicators) {
      const qualified = `${task.number}:${i.key}`;
      const head = [zh.taskLabel(task.number, task.short), i.name, zh.target(i.comparator, i.target, i.unit), i.due ?? null];
      const values = units
        .map((u) => ({ unit: u, latest: tallies.indicators.get(u.code)?.get(qualified) }))
        .filter((v): v is { unit: PlanUnit; latest: LatestValue } => v.latest !== undefined);
      if (values.length === 0) {
        rows.push([...head, x.average, null, i.unit, null, x.notReported]);
        continue;
      }
      const mean = oneDecimal(values.reduce((s, v) => s + v.latest.value, 0) / values.length);
      rows.push([...head, x.average, mean, i.unit, null, met(i, mean)]);
      const row = (name: string, v: LatestValue) => [...head, name, v.value, i.unit, wallTime(formatExportTime(new Date(v.at), tz)), met(i, v.value)];
      for (const v of values) rows.push(row(v.unit.name, v.latest));
      // A lead department's citywide figure is listed as its own, outside the units' average.
      for (const u of units) {
        const lead = tallies.leadIndicators.get(u.code)?.get(qualified);
        if (lead) rows.push(row(x.leadFigure(u.name), lead));
      }
    }
  }
  const columns: ColumnSpec[] = [
    { header: col.task, width: 14 },
    { header: col.indicator, width: 20 },
    { header: col.target, width: 10 },
    { header: col.targetDue, width: 12 },
    { header: col.reporter, width: 14 },
    { header: col.value, width: 10 },
    { header: col.measure, width: 8 },
    { header: col.submittedAt, width: 17 },
    { header: col.met, width: 10 },
  ];
  return { sheet: { name: x.sheets.indicators, columns: fitColumns(columns, rows) }, rows };
}

// ── 明细 ─────────────────────────────────────────────────────────────────────

/** The 明细 columns for a plan (one per indicator, so values stay numbers) and its row mapper. */
/** A report's own words, wrapped: 工作开展情况, 存在问题, 下步打算. */
const reportTextColumns = (): ColumnSpec[] => {
  const col = columnNames();
  return [
    { header: col.narrative, width: 60, wrap: true },
    { header: col.problems, width: 40, wrap: true },
    { header: col.nextSteps, width: 40, wrap: true },
  ];
};

export function detailRows(plan: Plan): { sheet: SheetSpec; row(r: ExportReport): Cell[] } {
  const col = columnNames();
  const x = zh.exportFile;
  const time = createTimeFormatter(plan.timezone);
  const indicators = allTasks(plan).flatMap((t) => t.indicators.map((i) => ({ task: t.number, i })));
  const columns: ColumnSpec[] = fitColumns([
    { header: col.unit, width: 14 },
    { header: col.task, width: 18 },
    { header: col.round, width: 30 },
    { header: col.period, width: 14 },
    { header: col.version, width: 6 },
    { header: col.latestVersion, width: 8 },
    { header: col.progress, width: 10 },
    { header: col.percent, width: 12 },
    ...reportTextColumns(),
    ...indicators.map(({ task, i }) => ({ header: x.indicatorColumn(task, i.name, i.unit), width: 12 })),
    { header: col.submittedBy, width: 10 },
    { header: col.submittedAt, width: 17 },
    { header: col.dueAt, width: 17 },
    { header: col.timeliness, width: 10 },
    { header: col.review, width: 8 },
    { header: col.reviewComment, width: 30, wrap: true },
  ]);
  return {
    sheet: { name: x.sheets.detail, columns },
    row: (r) => [
      r.unitName,
      zh.taskLabel(r.taskNumber, r.taskShort),
      r.roundName,
      x.period(r.period),
      r.version,
      r.latest ? x.yes : null,
      zh.progress[r.progress] ?? r.progress,
      r.percent,
      r.narrative,
      r.problems,
      r.nextSteps,
      ...indicators.map(({ task, i }) => (r.taskNumber === task ? (r.indicatorValues[i.key] ?? null) : null)),
      who(r),
      wallTime(time(r.submittedAt)),
      wallTime(time(r.dueAt)),
      r.submittedAt.getTime() <= r.dueAt.getTime() ? x.onTime : x.late,
      r.review ? x.review[r.review.decision] : null,
      r.review?.comment || null,
    ],
  };
}

// ── the 工作开展情况汇报 draft ──────────────────────────────────────────────────

export interface DraftPeriodInput {
  roundKey: string;
  roundName: string;
  period: string;
  dueAt: Date;
  /** Every active assignment of the round period. */
  assignments: readonly { id: number; taskNumber: string; unitCode: string }[];
  /** The latest version of each assignment that has one. */
  latest: readonly ExportReport[];
  /** Units report to lead departments here: each report shows its review state (已采纳 …). */
  reviewed?: boolean | undefined;
  /** The lead departments' own reports to the office on these tasks, shown first under each task. */
  leads?: PeriodReports | undefined;
}

/** A round period's active assignments and the latest version of each that has one. */
export interface PeriodReports {
  assignments: readonly { id: number; taskNumber: string; unitCode: string }[];
  latest: readonly ExportReport[];
}

export interface DraftUnit {
  heading: string;
  meta: string;
  /** Label and the text as typed; empty texts are left out. */
  sections: { label: string; text: string }[];
  indicators: string[];
}

export interface DraftTask {
  heading: string;
  lead: string;
  /** The lead departments' reports to the office, before the units' (the chain's two levels). */
  leads: DraftUnit[];
  /** Lead departments whose report is not in. */
  leadsMissing?: string | undefined;
  units: DraftUnit[];
  missing?: string | undefined;
  indicators: string[];
}

export interface DraftPart {
  title: string;
  roundLine: string;
  note: string;
  tally: string;
  tasks: DraftTask[];
  /** Unit reports in this part. */
  reports: number;
}

/**
 * 牵头部门汇总: per task, each lead department's report to the office, then each unit's latest
 * report to it with its review state. Who has not reported has a row too, marked 未报送.
 */
export function leadSummarySheet(plan: Plan, units: readonly PlanUnit[], levels: { leads: PeriodReports; units: PeriodReports }): { sheet: SheetSpec; rows: Cell[][] } {
  const col = columnNames();
  const x = zh.exportFile;
  const time = createTimeFormatter(plan.timezone);
  const order = new Map(units.map((u, i) => [u.code, i]));
  const name = new Map(units.map((u) => [u.code, u.name]));
  const rows: Cell[][] = [];
  const add = (task: { number: string; short: string }, level: string, of: PeriodReports, reviewed: boolean) => {
    const latest = new Map(of.latest.map((r) => [r.assignmentId, r]));
    const assigned = of.assignments.filter((a) => a.taskNumber === task.number).sort((a, b) => (order.get(a.unitCode) ?? Infinity) - (order.get(b.unitCode) ?? Infinity));
    for (const a of assigned) {
      const r = latest.get(a.id);
      const head = [zh.taskLabel(task.number, task.short), level, name.get(a.unitCode) ?? a.unitCode];
      rows.push(r ? [...head, reviewed ? reviewLabel(r) : x.reported, wallTime(time(r.submittedAt)), r.percent, r.narrative, r.problems, r.nextSteps] : [...head, x.notSubmitted, null, null, null, null, null]);
    }
  };
  for (const task of plan.tasks) {
    add(task, x.levels.lead, levels.leads, false);
    add(task, x.levels.unit, levels.units, true);
  }
  const columns = fitColumns(
    [
      { header: col.task, width: 18 },
      { header: col.level, width: 16 },
      { header: col.unit, width: 14 },
      { header: col.state, width: 10 },
      { header: col.submittedAt, width: 17 },
      { header: col.percent, width: 12 },
      ...reportTextColumns(),
    ],
    rows,
  );
  return { sheet: { name: x.sheets.leadSummary, columns }, rows };
}

/** A report in the draft as its unit wrote it: the system line, then its own words. */
function draftUnitOf(r: ExportReport, heading: string, indicators: string[], tz: string, review?: string): DraftUnit {
  const d = zh.exportFile.draft;
  return {
    heading,
    meta: d.unitMeta({ version: r.version, submittedAt: r.submittedAt, byName: who(r), progress: zh.progress[r.progress] ?? r.progress, percent: r.percent, late: r.submittedAt.getTime() > r.dueAt.getTime(), review }, tz),
    sections: [
      { label: d.labels.narrative, text: r.narrative },
      { label: d.labels.problems, text: r.problems },
      { label: d.labels.nextSteps, text: r.nextSteps },
    ].filter((s) => s.text.trim() !== ''),
    indicators,
  };
}

/** A unit's report as its lead department left it: 已采纳, 已退回, or 待审核. */
function reviewLabel(r: ExportReport): string {
  const x = zh.exportFile;
  return r.review ? x.review[r.review.decision] : x.awaitingReview;
}

/** One round period of the draft: by task, each unit's latest report, who has not reported, the indicators. */
export function toDraftPart(plan: Plan, units: readonly PlanUnit[], input: DraftPeriodInput, at: Date): DraftPart {
  const d = zh.exportFile.draft;
  const tz = plan.timezone;
  const order = new Map(units.map((u, i) => [u.code, i]));
  const name = new Map(units.map((u) => [u.code, u.name]));
  const byUnitOrder = (a: string, b: string) => (order.get(a) ?? Number.MAX_SAFE_INTEGER) - (order.get(b) ?? Number.MAX_SAFE_INTEGER);
  const latest = new Map(input.latest.map((r) => [r.assignmentId, r]));
  const tasks: DraftTask[] = [];
  let reports = 0;
  let late = 0;

  for (const task of plan.tasks) {
    const assigned = input.assignments.filter((a) => a.taskNumber === task.number).sort((a, b) => byUnitOrder(a.unitCode, b.unitCode));
    if (assigned.length === 0) continue;
    const indicators = [...task.indicators.map((i) => ({ task: task.number, i })), ...task.subtasks.flatMap((s) => s.indicators.map((i) => ({ task: s.number, i })))];
    const draftUnits: DraftUnit[] = [];
    const missing: string[] = [];
    const sums = new Map<string, { sum: number; n: number }>();
    for (const a of assigned) {
      const r = latest.get(a.id);
      if (!r) {
        missing.push(name.get(a.unitCode) ?? a.unitCode);
        continue;
      }
      reports++;
      const isLate = r.submittedAt.getTime() > r.dueAt.getTime();
      if (isLate) late++;
      const unitIndicators: string[] = [];
      for (const { task: number, i } of indicators) {
        const value = number === r.taskNumber ? r.indicatorValues[i.key] : undefined;
        if (value === undefined) continue;
        unitIndicators.push(d.unitIndicator(i, value));
        const s = sums.get(`${number}:${i.key}`) ?? { sum: 0, n: 0 };
        s.sum += value;
        s.n++;
        sums.set(`${number}:${i.key}`, s);
      }
      draftUnits.push(draftUnitOf(r, d.unitHeading(draftUnits.length + 1, r.unitName), unitIndicators, tz, input.reviewed ? reviewLabel(r) : undefined));
    }
    // The lead department's text first, then its units' (only their words, arranged).
    const leadAssigned = (input.leads?.assignments ?? []).filter((a) => a.taskNumber === task.number).sort((a, b) => byUnitOrder(a.unitCode, b.unitCode));
    const leadLatest = new Map((input.leads?.latest ?? []).map((r) => [r.assignmentId, r]));
    const leads = leadAssigned.flatMap((a) => {
      const r = leadLatest.get(a.id);
      return r ? [draftUnitOf(r, d.leadHeading(r.unitName), [], tz)] : [];
    });
    const leadsMissing = leadAssigned.filter((a) => !leadLatest.has(a.id)).map((a) => name.get(a.unitCode) ?? a.unitCode);
    tasks.push({
      heading: d.taskHeading(task.number, task.short),
      lead: d.lead(task.lead.map((code) => name.get(code) ?? code)),
      leads,
      ...(leadsMissing.length > 0 ? { leadsMissing: d.missing(leadsMissing) } : {}),
      units: draftUnits,
      missing: missing.length > 0 ? d.missing(missing) : undefined,
      indicators: indicators.map(({ task: number, i }) => {
        const s = sums.get(`${number}:${i.key}`);
        return zh.summary.indicatorLine(i, s ? s.sum / s.n : null);
      }),
    });
  }

  return {
    title: d.title(plan.title),
    roundLine: d.roundLine(zh.roundLabel(input.roundName, input.period), input.dueAt, tz),
    note: d.note(at, tz),
    tally: d.tally(input.assignments.length, reports, late),
    tasks,
    reports,
  };
}
