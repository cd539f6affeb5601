// What an export reads (src/storage/export-source.ts implements it): pages of rows, never everything at once.
import type { Cell, DraftPart, ExportReport, ExportSummaryRow, SheetSpec } from '../../core/export-rows.js';
import type { AssignmentFact } from '../../core/status.js';

/** A round period that has opened, for the draft. */
export interface ExportRoundPeriod {
  roundKey: string;
  roundName: string;
  period: string;
  opensAt: Date;
  dueAt: Date;
}

/** What an export reads (src/storage/export-source.ts). Iterables yield pages, never everything at once. */
export interface ExportSource {
  /** Active assignments with their reports (indicator values included) and reviews, by assignment id. */
  facts(slug: string): AsyncIterable<readonly AssignmentFact[]>;
  /** Stored daily summary rows of the plan and of its units, by date, the plan row first. */
  summaryRows(slug: string): AsyncIterable<readonly ExportSummaryRow[]>;
  /** Every report version of the plan, in the order they were stored. */
  reports(slug: string): AsyncIterable<readonly ExportReport[]>;
  /** Round periods opened by `at`, in plan order. */
  roundPeriods(slug: string, at: Date): Promise<ExportRoundPeriod[]>;
  /** A round period's active assignments and the latest report version of each. */
  periodReports(slug: string, roundKey: string, period: string): Promise<{ assignments: { id: number; taskNumber: string; unitCode: string }[]; latest: ExportReport[] }>;
}


/** A sheet being written: `add` takes a page of rows and resolves when the output can take more. */
export interface RowSink {
  add(rows: readonly (readonly Cell[])[]): Promise<void>;
}

/** An xlsx workbook (sheets in order) or a CSV file (its one sheet: a header line, then rows). */
export interface TableSink {
  sheet(spec: SheetSpec): Promise<RowSink>;
  /** Finishes the file; a file path appears only now, whole. */
  close(): Promise<void>;
  /** Gives up: the output is destroyed, a partly written file removed. */
  abort(error: unknown): Promise<void>;
}

export interface DraftDocument {
  title: string;
  parts: DraftPart[];
}

/** The file formats, over an output of type T (a stream or a file path in Node). */
export interface ExportWriters<T> {
  workbook(out: T, meta: { title: string; at: Date }): Promise<TableSink>;
  csv(out: T): Promise<TableSink>;
  docx(out: T, draft: DraftDocument): Promise<void>;
}

/** Runs an export into memory: chat files are uploaded whole (src/export implements it). */
export interface ExportFiles {
  inMemory<R>(write: <T>(writers: ExportWriters<T>, out: T) => Promise<R>): Promise<{ result: R; bytes: Uint8Array }>;
}
