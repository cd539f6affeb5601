// `duban export <slug> [--format xlsx|csv|docx] [--out F]`: writes the 台账, the 明细 CSV or the
// 工作开展情况汇报 draft to a file (by default the export's own name in the current directory).
import { DubanError } from '../core/errors.js';
import { mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { exportFileInfo, exportPlan, parseExportFormat, type ExportDeps } from '../app/export-plan.js';
import type { Clock } from '../core/time.js';
import type { ExportTarget } from '../export/export-writers.js';

export interface ExportCommandArgs {
  slug?: string | undefined;
  /** xlsx (default), csv or docx. */
  format?: string | undefined;
  /** The file to write; the export's own name in `cwd` when absent. */
  out?: string | undefined;
  /** The draft of one round only (its key). */
  round?: string | undefined;
  /** Only what was reported in this month (YYYY-MM). */
  month?: string | undefined;
}

export interface ExportCommandDeps extends ExportDeps<ExportTarget> {
  clock: Clock;
  /** Where a default file name lands; the process's directory by default. */
  cwd?: string | undefined;
}

/** An export command that cannot run as asked (no plan named among several). */
export class ExportUsageError extends DubanError {
  constructor(message: string) {
    super('USAGE', message);
    this.name = 'ExportUsageError';
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Writes the file and says so: `wrote F (N rows)`. */
export async function exportCommand(args: ExportCommandArgs, deps: ExportCommandDeps): Promise<string> {
  if (args.month !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(args.month)) throw new ExportUsageError(`--month "${args.month}" is not a month like 2020-11`);
  const format = parseExportFormat(args.format);
  const slug = args.slug ?? (await onlyPlan(deps));
  const now = deps.clock.now();
  const cwd = deps.cwd ?? process.cwd();
  // `--out somedir/` (or an existing directory): the file goes in it, under its own name.
  const intoDir = args.out !== undefined && (/[\\/]$/.test(args.out) || isDirectory(resolve(cwd, args.out)));
  const name = args.out === undefined || intoDir ? (await exportFileInfo(deps.plans, slug, format, now)).fileName : undefined;
  const out = name === undefined ? args.out! : args.out === undefined ? name : join(args.out, name);
  if (intoDir) mkdirSync(resolve(cwd, args.out!), { recursive: true });
  const result = await exportPlan(deps, slug, format, resolve(cwd, out), now, { round: args.round, month: args.month });
  return `wrote ${out} (${result.rows} rows)`;
}

async function onlyPlan(deps: ExportCommandDeps): Promise<string> {
  const plans = await deps.plans.listPlans();
  if (plans.length === 1) return plans[0]!.slug;
  throw new ExportUsageError(
    plans.length === 0 ? 'no plan loaded; run duban plan load <plan.yaml>' : `name the plan: duban export <slug> (${plans.map((p) => p.slug).join(', ')})`,
  );
}
