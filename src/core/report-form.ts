// Validation of a submitted report form: what a unit typed, checked field by field.
// Text is kept as typed (trimmed), never rewritten.

export const progressValues = ['not_started', 'in_progress', 'done', 'blocked'] as const;
export type Progress = (typeof progressValues)[number];

export interface ReportForm {
  task: string;
  progress: Progress;
  percent: number;
  narrative: string;
  problems: string;
  nextSteps: string;
  indicatorValues: Record<string, number>;
}

export type FormField = 'task' | 'progress' | 'percent' | 'narrative' | 'problems' | 'nextSteps' | `indicator:${string}`;

export type FormProblem =
  | { field: FormField; reason: 'required' }
  | { field: FormField; reason: 'not_integer_0_100' }
  | { field: FormField; reason: 'not_a_number' }
  | { field: FormField; reason: 'too_long'; max: number }
  | { field: FormField; reason: 'unknown_option' };

export const maxTextLength = 5000;

const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');

/**
 * Reads Lark's form_value (names as the report card gives them). `indicatorKeys` are the
 * selected task's indicators; `tasks` the task numbers the card offers.
 */
export function parseReportForm(
  form: Record<string, unknown>,
  options: { tasks: readonly string[]; indicatorKeys: (task: string) => readonly string[]; defaultTask?: string | undefined },
): { ok: true; form: ReportForm } | { ok: false; problems: FormProblem[] } {
  const problems: FormProblem[] = [];
  const task = str(form.task) || options.defaultTask || '';
  if (!task) problems.push({ field: 'task', reason: 'required' });
  else if (!options.tasks.includes(task)) problems.push({ field: 'task', reason: 'unknown_option' });

  const progressRaw = str(form.progress) || 'in_progress';
  const progress = (progressValues as readonly string[]).includes(progressRaw) ? (progressRaw as Progress) : undefined;
  if (!progress) problems.push({ field: 'progress', reason: 'unknown_option' });

  const percentRaw = str(form.percent).replace(/%$/, '').trim();
  const percent = Number(percentRaw);
  if (percentRaw === '') problems.push({ field: 'percent', reason: 'required' });
  else if (!/^\d+$/.test(percentRaw) || percent < 0 || percent > 100) problems.push({ field: 'percent', reason: 'not_integer_0_100' });

  const narrative = str(form.narrative);
  if (!narrative) problems.push({ field: 'narrative', reason: 'required' });
  const problemsText = str(form.problems);
  const nextSteps = str(form.next_steps);
  for (const [field, value] of [['narrative', narrative], ['problems', problemsText], ['nextSteps', nextSteps]] as const) {
    if (value.length > maxTextLength) problems.push({ field, reason: 'too_long', max: maxTextLength });
  }

  const indicatorValues: Record<string, number> = {};
  if (task && options.tasks.includes(task)) {
    for (const key of options.indicatorKeys(task)) {
      const raw = str(form[`ind_${key}`]).replace(/%$/, '').trim();
      if (raw === '') continue;
      const value = Number(raw);
      if (!Number.isFinite(value) || !/^-?\d+(\.\d+)?$/.test(raw)) problems.push({ field: `indicator:${key}`, reason: 'not_a_number' });
      else indicatorValues[key] = value;
    }
  }

  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, form: { task, progress: progress!, percent, narrative, problems: problemsText, nextSteps, indicatorValues } };
}

/** A stable fingerprint of a report's content, to tell a double click from a real resubmission. */
export function contentKey(form: Omit<ReportForm, 'task'> & { task?: string }): string {
  const keys = Object.keys(form.indicatorValues).sort();
  return JSON.stringify([form.task ?? '', form.progress, form.percent, form.narrative, form.problems, form.nextSteps, keys.map((k) => [k, form.indicatorValues[k]])]);
}
