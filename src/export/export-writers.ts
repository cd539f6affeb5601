// The file writers of an export, for Node: exceljs' streaming workbook writer, CSV (UTF-8 with
// BOM, RFC 4180, CRLF) and the docx draft, each onto a stream or a file path. A file appears
// under its name only once complete; a stream is ended (or destroyed on failure).
import { DubanError } from '../core/errors.js';
import { AlignmentType, Document, Footer, HeadingLevel, Packer, PageNumber, Paragraph, TextRun, type ISectionOptions } from 'docx';
import ExcelJS from 'exceljs';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { PassThrough, Readable, Writable } from 'node:stream';
import {
  exportFileInfo,
  exportPlan,
  type DraftDocument,
  type ExportDeps,
  type ExportDownload,
  type ExportFormat,
  type ExportWriters,
  type TableSink,
} from '../app/export-plan.js';
import type { ExportFiles } from '../app/ports/index.js';
import { displayWidth, toCsvLine, xmlSafeText, type Cell, type DraftUnit } from '../core/export-rows.js';
import { zh } from '../core/texts.js';

/** Where an export goes: a stream (an HTTP response, stdout) or a file path. */
export type ExportTarget = Writable | string;

interface Output {
  stream: Writable;
  /** After the stream has ended: waits for the file to be closed, and gives it its name. */
  finish(): Promise<void>;
  fail(error: unknown): Promise<void>;
}

function waitFor(stream: Writable, event: 'close' | 'finish'): Promise<void> {
  return new Promise((resolve, reject) => {
    if (event === 'close' ? stream.closed : stream.writableFinished) return resolve();
    const done = () => {
      stream.off('error', failed);
      resolve();
    };
    const failed = (e: Error) => {
      stream.off(event, done);
      reject(e);
    };
    stream.once(event, done);
    stream.once('error', failed);
  });
}

function openOutput(target: ExportTarget): Output {
  if (typeof target !== 'string') {
    return {
      stream: target,
      finish: () => waitFor(target, 'finish'),
      fail: async (error) => void target.destroy(error instanceof Error ? error : new Error(String(error))),
    };
  }
  // Written beside the target, then renamed: a reader never sees half a file.
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.partial`);
  const stream = createWriteStream(temp);
  return {
    stream,
    finish: async () => {
      await waitFor(stream, 'close');
      await rename(temp, target);
    },
    fail: async () => {
      stream.destroy();
      await rm(temp, { force: true });
    },
  };
}

/** The stream could not take the export any more (a client that went away). */
export class ExportAbortedError extends DubanError {
  constructor() {
    super('EXPORT_ABORTED', 'the export output was closed before the export was written');
    this.name = 'ExportAbortedError';
  }
}

/**
 * Waits until the output wants more: past its high-water mark, until it drains. Then one turn
 * of the event loop, so compression and file writes run between pages: libSQL reads resolve
 * without one, and the whole export would otherwise pile up in memory before a byte is written.
 */
async function drained(stream: Writable): Promise<void> {
  if (stream.destroyed) throw new ExportAbortedError();
  if (stream.writableNeedDrain) {
    await new Promise<void>((resolve, reject) => {
      const cleanup = () => {
        stream.off('drain', onDrain);
        stream.off('close', onClose);
      };
      const onDrain = () => {
        cleanup();
        resolve();
      };
      const onClose = () => {
        cleanup();
        reject(new ExportAbortedError());
      };
      stream.once('drain', onDrain);
      stream.once('close', onClose);
    });
  }
  await new Promise<void>((resolve) => setImmediate(resolve));
}

// Thin borders on every cell: a 台账 is printed and read as a ruled table.
const thin = { style: 'thin' as const };
const border: Partial<ExcelJS.Borders> = { top: thin, left: thin, bottom: thin, right: thin };
const plainStyle: Partial<ExcelJS.Style> = { border, alignment: { vertical: 'top' } };
const wrapStyle: Partial<ExcelJS.Style> = { border, alignment: { wrapText: true, vertical: 'top' } };
const headerStyle: Partial<ExcelJS.Style> = { border, font: { bold: true }, alignment: { vertical: 'middle', wrapText: true } };
/**
 * How a sheet prints: A4 landscape, one page wide, the header row repeated on every page, page
 * numbers in the footer (&P / &N are Excel's page and page-count fields).
 */
const printSetup = {
  pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1', margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 } },
  headerFooter: { oddFooter: `&C${zh.exportFile.pageFooter}` },
} satisfies Partial<ExcelJS.AddWorksheetOptions>;

/**
 * A time becomes a date cell holding the plan's wall-clock time: Excel dates have no zone, and
 * exceljs writes a Date by its UTC fields, so the wall time is put there.
 */
const xlsxCell = (cell: Cell): string | number | Date | null => {
  if (typeof cell === 'string') return xmlSafeText(cell);
  if (cell === null || typeof cell === 'number') return cell;
  const [y, mo, d, h = 0, mi = 0] = cell.wallTime.split(/[-: ]/).map(Number);
  return new Date(Date.UTC(y!, mo! - 1, d!, h, mi));
};
const dateFormats = { day: 'yyyy-mm-dd', minute: 'yyyy-mm-dd hh:mm' };
// One style object per base style and format: exceljs caches styles by object identity.
const dateStyles = new Map<Partial<ExcelJS.Style>, Record<keyof typeof dateFormats, Partial<ExcelJS.Style>>>();
function dateStyle(base: Partial<ExcelJS.Style>, kind: keyof typeof dateFormats): Partial<ExcelJS.Style> {
  let styles = dateStyles.get(base);
  if (!styles) dateStyles.set(base, (styles = { day: { ...base, numFmt: dateFormats.day }, minute: { ...base, numFmt: dateFormats.minute } }));
  return styles[kind];
}

/** The stream exceljs 4.4.0 feeds a worksheet's XML into, on its way to compression (internal). */
interface ZipFeed {
  _writableState?: { length?: number };
  _readableState?: { length?: number };
  once(event: 'drain', listener: () => void): unknown;
  removeListener(event: 'drain', listener: () => void): unknown;
}

const maxZipBacklog = 1 << 20;

/**
 * Waits until compression has taken a worksheet's XML. exceljs writes committed rows into the
 * zip without backpressure: rows produced faster than deflate runs pile up in memory (a 377 MB
 * peak at 100,000 rows against 305 MB with this wait). The stream between them is internal to
 * exceljs (pinned exactly in package.json); if it is not where 4.4.0 keeps it, this only yields.
 */
async function zipCaughtUp(sheet: ExcelJS.Worksheet): Promise<void> {
  const feed = (sheet as unknown as { _stream?: { pipes?: ZipFeed[] } })._stream?.pipes?.[0];
  if (!feed || typeof feed.once !== 'function') return;
  const backlog = () => (feed._writableState?.length ?? 0) + (feed._readableState?.length ?? 0);
  while (backlog() > maxZipBacklog) {
    // 'drain' comes when the feed empties; the timer re-checks in case it never does.
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        feed.removeListener('drain', done);
        resolve();
      };
      const timer = setTimeout(done, 50);
      feed.once('drain', done);
    });
  }
}

/** Excel's points per line of 11 pt text, and its tallest row. */
const lineHeight = 15;
const maxRowHeight = 409;

/**
 * A row tall enough for its wrapped cells (Excel does not grow a row written by a program): the
 * lines each wrapped text takes in its column's width, CJK counting two. Undefined: the default.
 */
function rowHeight(values: readonly Cell[], columns: readonly { width: number; wrap?: boolean | undefined }[]): number | undefined {
  let lines = 1;
  for (const [i, column] of columns.entries()) {
    const value = values[i];
    if (!column.wrap || typeof value !== 'string' || value === '') continue;
    const perLine = Math.max(1, column.width - 1);
    lines = Math.max(lines, value.split(/\r\n|\r|\n/).reduce((n, line) => n + Math.max(1, Math.ceil(displayWidth(line) / perLine)), 0));
  }
  return lines > 1 ? Math.min(maxRowHeight, lines * lineHeight) : undefined;
}

async function workbookSink(target: ExportTarget, meta: { title: string; at: Date }): Promise<TableSink> {
  const output = openOutput(target);
  // Shared strings would keep every distinct text in memory until the end: inline strings instead.
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output.stream, useStyles: true, useSharedStrings: false });
  workbook.creator = 'duban';
  workbook.created = meta.at;
  workbook.title = meta.title;
  let current: ExcelJS.Worksheet | undefined;
  return {
    async sheet(spec) {
      // Sheets are zipped one after another: the previous one is finished first.
      current?.commit();
      const sheet = workbook.addWorksheet(spec.name, { views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }], ...printSetup });
      sheet.columns = spec.columns.map((c) => ({ width: c.width }));
      sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: spec.columns.length } };
      // One style object per column: exceljs caches a style by object identity and builds it
      // anew for every cell that has its own (a third of the write time at 100,000 rows).
      const styles = spec.columns.map((c) => (c.wrap ? wrapStyle : plainStyle));
      const header = sheet.addRow(spec.columns.map((c) => c.header));
      header.eachCell((cell) => void (cell.style = headerStyle));
      header.commit();
      current = sheet;
      return {
        async add(rows) {
          for (const values of rows) {
            const row = sheet.addRow(values.map(xlsxCell));
            const height = rowHeight(values, spec.columns);
            if (height !== undefined) row.height = height;
            row.eachCell((cell, n) => {
              const value = values[n - 1];
              // A date cell gets its format from its own style object, never by mutating the column's.
              cell.style = value !== null && typeof value === 'object' ? dateStyle(styles[n - 1] ?? plainStyle, value.wallTime.length > 10 ? 'minute' : 'day') : (styles[n - 1] ?? plainStyle);
            });
            row.commit();
          }
          await zipCaughtUp(sheet);
          await drained(output.stream);
        },
      };
    },
    async close() {
      current?.commit();
      await workbook.commit();
      await output.finish();
    },
    abort: (error) => output.fail(error),
  };
}

async function csvSink(target: ExportTarget): Promise<TableSink> {
  const output = openOutput(target);
  const write = async (chunk: string) => {
    if (!output.stream.write(chunk, 'utf8')) await drained(output.stream);
  };
  // The byte order mark is what makes Excel read the file as UTF-8 rather than the local code page.
  await write('\uFEFF');
  let started = false;
  return {
    async sheet(spec) {
      if (started) throw new Error('a CSV export has one sheet');
      started = true;
      await write(toCsvLine(spec.columns.map((c) => c.header)));
      return { add: (rows) => write(rows.map(toCsvLine).join('')) };
    },
    async close() {
      output.stream.end();
      await output.finish();
    },
    abort: (error) => output.fail(error),
  };
}

/** Text as typed, its line breaks kept as Word line breaks. */
function textRuns(text: string, options: { bold?: boolean } = {}): TextRun[] {
  return xmlSafeText(text)
    .split(/\r\n|\r|\n/)
    .map((line, i) => new TextRun({ text: line, ...(i > 0 ? { break: 1 } : {}), ...options }));
}

const body = (children: TextRun[]) => new Paragraph({ children, indent: { firstLine: 640 } });
const grey = (text: string) => new Paragraph({ children: [new TextRun({ text: xmlSafeText(text), color: '595959', size: 24 })] });

function draftSections(draft: DraftDocument): ISectionOptions[] {
  const d = zh.exportFile.draft;
  const report = (unit: DraftUnit) => [
    new Paragraph({ heading: HeadingLevel.HEADING_2, children: textRuns(unit.heading) }),
    grey(unit.meta),
    ...unit.sections.map((s) => body([...textRuns(s.label, { bold: true }), ...textRuns(s.text)])),
    ...(unit.indicators.length > 0 ? [body([...textRuns(d.labels.indicators, { bold: true }), ...textRuns(unit.indicators.join('；'))])] : []),
  ];
  const title = (text: string) => new Paragraph({ heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER, children: textRuns(text) });
  if (draft.parts.length === 0) return [{ children: [title(d.title(draft.title)), body(textRuns(d.noRounds))] }];
  return draft.parts.map((part) => ({
    children: [
      title(part.title),
      new Paragraph({ alignment: AlignmentType.CENTER, children: textRuns(part.roundLine) }),
      grey(part.note),
      body(textRuns(part.tally)),
      ...(part.tasks.length === 0 ? [body(textRuns(d.noTasks))] : []),
      ...part.tasks.flatMap((task) => [
        new Paragraph({ heading: HeadingLevel.HEADING_1, children: textRuns(task.heading) }),
        grey(task.lead),
        // The lead department's report to the office first, then its units' reports to it.
        ...task.leads.flatMap(report),
        ...(task.leadsMissing ? [body(textRuns(task.leadsMissing))] : []),
        ...(task.leads.length > 0 || task.leadsMissing ? [new Paragraph({ heading: HeadingLevel.HEADING_2, children: textRuns(d.unitsHeading) })] : []),
        ...task.units.flatMap(report),
        ...(task.missing ? [body(textRuns(task.missing))] : []),
        ...(task.indicators.length > 0 ? [body(textRuns(d.indicatorsHeading, { bold: true })), ...task.indicators.map((line) => body(textRuns(line)))] : []),
      ]),
    ],
  }));
}

function pageNumberFooter(): Footer {
  return new Footer({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'] })] })] });
}

/** The draft as a 公文-like Word file: 小标宋 title, 黑体 and 楷体 headings, 仿宋 三号 body. */
export function buildDraftDocument(draft: DraftDocument): Document {
  const fonts = zh.exportFile.draft.fonts;
  const font = (eastAsia: string) => ({ ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia });
  return new Document({
    creator: 'duban',
    title: zh.exportFile.draft.title(draft.title),
    styles: {
      default: {
        // Chinese, said so: without it LibreOffice substitutes a Japanese CJK font.
        document: { run: { font: font(fonts.body), size: 32, language: { value: 'zh-CN', eastAsia: 'zh-CN' } }, paragraph: { spacing: { line: 560, lineRule: 'exact' } } },
        title: { run: { font: font(fonts.title), size: 44, color: '000000' }, paragraph: { spacing: { before: 240, after: 240, line: 720, lineRule: 'exact' } } },
        heading1: { run: { font: font(fonts.heading), size: 32, bold: false, color: '000000' }, paragraph: { spacing: { before: 240 } } },
        heading2: { run: { font: font(fonts.subheading), size: 32, bold: false, color: '000000' } },
      },
    },
    // Every part's pages numbered as a 公文's are: — 1 — centred at the foot.
    sections: draftSections(draft).map((section) => ({ ...section, footers: { default: pageNumberFooter() } })),
  });
}

async function writeDocx(target: ExportTarget, draft: DraftDocument): Promise<void> {
  const output = openOutput(target);
  try {
    // A draft holds one round's latest reports, not the versions: built in memory, then written.
    const buffer = await Packer.toBuffer(buildDraftDocument(draft));
    await new Promise<void>((resolve, reject) => output.stream.end(buffer, (e?: Error | null) => (e ? reject(e) : resolve())));
    await output.finish();
  } catch (e) {
    await output.fail(e);
    throw e;
  }
}

export function createExportWriters(): ExportWriters<ExportTarget> {
  return { workbook: workbookSink, csv: csvSink, docx: writeDocx };
}

/** Exports into memory, for a file sent in chat: Lark takes the bytes in one upload. */
export function createExportFiles(): ExportFiles {
  const writers = createExportWriters();
  return {
    async inMemory(write) {
      const chunks: Buffer[] = [];
      const sink = new Writable({
        write(chunk: Buffer, _encoding, done) {
          chunks.push(chunk);
          done();
        },
      });
      const result = await write(writers, sink);
      return { result, bytes: Buffer.concat(chunks) };
    },
  };
}

/**
 * Downloads for the HTTP API: the name and type are known (and an unknown plan refused) before
 * the response starts; the bytes then flow through a bounded pipe as they are written.
 */
export function createExportDownloads(
  deps: ExportDeps<ExportTarget>,
  log: (error: Error) => void = (e) => console.error(JSON.stringify({ level: 'error', msg: 'export failed', error: e.message })),
): (slug: string, format: ExportFormat, at: Date) => Promise<ExportDownload> {
  return async (slug, format, at) => {
    const info = await exportFileInfo(deps.plans, slug, format, at);
    const pipe = new PassThrough({ highWaterMark: 256 * 1024 });
    exportPlan(deps, slug, format, pipe, at).catch((e: unknown) => {
      const error = e instanceof Error ? e : new Error(String(e));
      if (!(error instanceof ExportAbortedError)) log(error);
      pipe.destroy(error);
    });
    return { ...info, body: Readable.toWeb(pipe) as ReadableStream<Uint8Array> };
  };
}
