// Exports a plan for the office: the 台账 workbook (xlsx), the 明细 as CSV, or a 工作开展情况汇报
// draft (docx). Rows go from storage to the writer a page at a time, so memory stays flat as
// reports grow; the storage reads and the file writers are ports (src/storage, src/export).
import { DubanError } from '../core/errors.js';
import { zonedDate } from '../core/time.js';
import {
  asciiExportFileName,
  byTaskSheet,
  byUnitSheet,
  leadSummarySheet,
  detailRows,
  exportFileName,
  exportMimeTypes,
  ExportTallies,
  indicatorSheet,
  isExportFormat,
  neutralizeRow,
  summarySheet,
  toDraftPart,
  toSummaryRows,
  type Cell,
  type DraftPart,
  type PeriodReports,
  type ExportFormat,
  type SheetSpec,
} from '../core/export-rows.js';
import type { Plan } from '../core/plan.js';
import { UnknownPlanError } from './plan-status.js';
import type { DirectoryStore, PlanStore, StoredUnit } from './ports/index.js';

export type { ExportFormat };

export type { ExportRoundPeriod, ExportSource } from './ports/exports.js';
import type { ExportRoundPeriod, ExportSource } from './ports/exports.js';

export type { DraftDocument, ExportWriters, RowSink, TableSink } from './ports/exports.js';
import type { ExportWriters, TableSink } from './ports/exports.js';

export interface ExportDeps<T> {
  plans: PlanStore;
  directory: DirectoryStore;
  source: ExportSource;
  writers: ExportWriters<T>;
}

export interface ExportOptions {
  /** The draft of one round only (its key); every opened round by default. */
  round?: string | undefined;
  /** 导出11月: only report versions submitted, and daily summaries dated, in this month (YYYY-MM). */
  month?: string | undefined;
  /**
   * Only these tasks (top-level numbers): a lead department's export of the tasks it leads.
   * The plan-wide daily summaries (汇总) count every task, so they are left out.
   */
  tasks?: readonly string[] | undefined;
}

export interface ExportInfo {
  fileName: string;
  /** For clients that ignore RFC 5987 `filename*`. */
  asciiFileName: string;
  mimeType: string;
}

export interface ExportResult extends ExportInfo {
  /** Report versions written (xlsx, CSV), or unit reports in the draft (docx). */
  rows: number;
}

/** What the HTTP API streams: the name and type first, then the bytes as they are written. */
export interface ExportDownload extends ExportInfo {
  body: ReadableStream<Uint8Array>;
}

export class ExportFormatError extends DubanError {
  constructor(readonly value: string) {
    super('BAD_INPUT', `format "${value}" is not one of xlsx, csv, docx`);
    this.name = 'ExportFormatError';
  }
}

/** xlsx when absent; anything but xlsx, csv or docx is an ExportFormatError. */
export function parseExportFormat(value: string | undefined): ExportFormat {
  if (value === undefined || value === '') return 'xlsx';
  const lower = value.trim().toLowerCase();
  if (!isExportFormat(lower)) throw new ExportFormatError(value);
  return lower;
}

/** The file's name and type, known before a byte is written (an unknown plan fails here). */
export async function exportFileInfo(plans: PlanStore, slug: string, format: ExportFormat, now: Date): Promise<ExportInfo> {
  const plan = await plans.readPlan(slug);
  if (!plan) throw new UnknownPlanError(slug);
  return infoOf(plan, format, now);
}

function infoOf(plan: Plan, format: ExportFormat, now: Date): ExportInfo {
  return {
    fileName: exportFileName(plan.title, format, now, plan.timezone),
    asciiFileName: asciiExportFileName(plan.slug, format, now, plan.timezone),
    mimeType: exportMimeTypes[format],
  };
}

/**
 * Writes the export of a plan to `out` and ends it. xlsx: 汇总 (stored daily summaries), 按任务
 * and 按单位 (counts at `now`), 明细 (every report version), 指标 (latest values against
 * targets). CSV: the 明细 alone. docx: the draft of each round period opened by `now`.
 */
export async function exportPlan<T>(deps: ExportDeps<T>, slug: string, format: ExportFormat, out: T, now: Date, options: ExportOptions = {}): Promise<ExportResult> {
  const whole = await deps.plans.readPlan(slug);
  if (!whole) throw new UnknownPlanError(slug);
  const scope = options.tasks;
  const plan = scope ? { ...whole, tasks: whole.tasks.filter((t) => scope.includes(t.number)) } : whole;
  const units = await deps.directory.units();
  const info = infoOf(plan, format, now);
  if (format === 'docx') return { ...info, rows: await writeDraft(deps, plan, units, out, now, options) };

  const sink = format === 'xlsx' ? await deps.writers.workbook(out, { title: plan.title, at: now }) : await deps.writers.csv(out);
  try {
    const rows = format === 'xlsx' ? await writeWorkbook(deps, plan, units, sink, now, options) : await writeDetail(deps, plan, sink, options, neutralizeRow);
    await sink.close();
    return { ...info, rows };
  } catch (e) {
    await sink.abort(e);
    throw e;
  }
}

const inScope = (options: ExportOptions, taskNumber: string) => !options.tasks || options.tasks.includes(taskNumber);

/**
 * `cells`: what a row's cells become. A CSV is neutralized (a spreadsheet would run `=…` typed in
 * a field); an xlsx keeps the text as typed: its cells are strings, never formulas.
 */
async function writeDetail<T>(deps: ExportDeps<T>, plan: Plan, sink: TableSink, options: ExportOptions, cells: (row: readonly Cell[]) => readonly Cell[] = (row) => row): Promise<number> {
  const { month } = options;
  const detail = detailRows(plan);
  const sheet = await sink.sheet(detail.sheet);
  let count = 0;
  for await (const page of deps.source.reports(plan.slug)) {
    const rows = page.filter((r) => inScope(options, r.taskNumber) && (!month || zonedDate(r.submittedAt, plan.timezone).startsWith(`${month}-`)));
    await sheet.add(rows.map((r) => cells(detail.row(r))));
    count += rows.length;
  }
  return count;
}

async function writeWorkbook<T>(deps: ExportDeps<T>, plan: Plan, units: readonly StoredUnit[], sink: TableSink, now: Date, options: ExportOptions): Promise<number> {
  const { month } = options;
  const unitNames = new Map(units.map((u) => [u.code, u.name]));
  const writeAll = async (spec: SheetSpec, rows: readonly (readonly Cell[])[]) => (await sink.sheet(spec)).add(rows);

  if (!options.tasks) {
    const summary = await sink.sheet(summarySheet());
    for await (const page of deps.source.summaryRows(plan.slug)) {
      const rows = month ? page.filter((r) => r.date.startsWith(`${month}-`)) : page;
      await summary.add(toSummaryRows(rows, unitNames));
    }
  }

  // Counts need every assignment, but only the counts are kept: one pass, page by page.
  const tallies = new ExportTallies(now, new Set(plan.rounds.filter((r) => r.reporter === 'lead').map((r) => r.key)));
  for await (const page of deps.source.facts(plan.slug)) tallies.add(options.tasks ? page.filter((f) => inScope(options, f.taskNumber)) : page);
  const byTask = byTaskSheet(plan, tallies, unitNames);
  await writeAll(byTask.sheet, byTask.rows);
  const byUnit = byUnitSheet(units, tallies);
  await writeAll(byUnit.sheet, byUnit.rows);

  const chain = await chainOf(deps, plan, await deps.source.roundPeriods(plan.slug, now), options);
  if (chain) {
    const leadSummary = leadSummarySheet(plan, units, chain);
    await writeAll(leadSummary.sheet, leadSummary.rows);
  }

  const count = await writeDetail(deps, plan, sink, options);

  const indicators = indicatorSheet(plan, units, tallies);
  await writeAll(indicators.sheet, indicators.rows);
  return count;
}

/** A round period's reports, within the export's tasks. */
async function periodReports<T>(deps: ExportDeps<T>, plan: Plan, p: { roundKey: string; period: string }, options: ExportOptions): Promise<PeriodReports> {
  const read = await deps.source.periodReports(plan.slug, p.roundKey, p.period);
  const assignments = read.assignments.filter((a) => inScope(options, a.taskNumber));
  const ids = new Set(assignments.map((a) => a.id));
  return { assignments, latest: read.latest.filter((r) => ids.has(r.assignmentId)) };
}

/**
 * The chain's two levels, as opened by `now`: the units' one-off round to their lead departments
 * and the lead departments' rounds to the office. Undefined when the plan has no such chain.
 */
async function chainOf<T>(deps: ExportDeps<T>, plan: Plan, periods: readonly ExportRoundPeriod[], options: ExportOptions) {
  const round = (key: string) => plan.rounds.find((r) => r.key === key);
  const unitPeriod = periods.find((p) => round(p.roundKey)?.reporter !== 'lead' && round(p.roundKey)?.recipient === 'lead' && p.period === '');
  const leadPeriods = periods.filter((p) => round(p.roundKey)?.reporter === 'lead');
  if (!unitPeriod || leadPeriods.length === 0) return undefined;
  const leads = await Promise.all(leadPeriods.map((p) => periodReports(deps, plan, p, options)));
  return {
    unitPeriod,
    leadPeriods,
    units: await periodReports(deps, plan, unitPeriod, options),
    leads: { assignments: leads.flatMap((l) => l.assignments), latest: leads.flatMap((l) => l.latest) },
  };
}

async function writeDraft<T>(deps: ExportDeps<T>, plan: Plan, units: readonly StoredUnit[], out: T, now: Date, options: ExportOptions): Promise<number> {
  const periods = (await deps.source.roundPeriods(plan.slug, now)).filter((p) => !options.round || p.roundKey === options.round);
  // By task, the lead department's report first, then its units': the lead rounds join the units' round.
  const chain = await chainOf(deps, plan, periods, options);
  const parts: DraftPart[] = [];
  for (const p of periods) {
    if (chain?.leadPeriods.includes(p)) continue;
    const { assignments, latest } = p === chain?.unitPeriod ? chain.units : await periodReports(deps, plan, p, options);
    if (options.tasks && assignments.length === 0) continue;
    const reviewed = plan.rounds.find((r) => r.key === p.roundKey)?.recipient === 'lead';
    const leads = p === chain?.unitPeriod ? chain.leads : undefined;
    parts.push(toDraftPart(plan, units, { roundKey: p.roundKey, roundName: p.roundName, period: p.period, dueAt: p.dueAt, assignments, latest, reviewed, leads }, now));
  }
  await deps.writers.docx(out, { title: plan.title, parts });
  return parts.reduce((n, p) => n + p.reports, 0);
}
