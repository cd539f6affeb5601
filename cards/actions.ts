// The card actions duban's buttons and selects emit, defined once: the builders put these
// values on components, and the callback handler parses them back with parseCardAction.
import { z } from 'zod';
import { exportFormats, type ExportFormat } from '../src/core/questions.js';
import type { JsonValue } from './types.js';

export { exportFormats };

/** Bumped when the value shape changes; a card carrying another version is stale. */
export const cardActionVersion = 1;

export const cardActionNames = {
  reportSubmit: 'report.submit',
  reportPick: 'report.pick',
  reviewAccept: 'review.accept',
  reviewReturn: 'review.return',
  reviewReason: 'review.reason',
  queryOverdue: 'query.overdue',
  queryExport: 'query.export',
  remindUnit: 'remind.unit',
  importLoad: 'import.load',
  importConfirm: 'import.confirm',
  importYaml: 'import.yaml',
  threadConfirm: 'thread.confirm',
} as const;
export type CardActionName = (typeof cardActionNames)[keyof typeof cardActionNames];

const knownNames: readonly string[] = Object.values(cardActionNames);

/** Which report card a callback belongs to: every report action echoes it. */
export const reportScope = z.object({
  plan: z.string().min(1),
  round: z.string().min(1),
  // '' for a one-off round, '2020-09' for a monthly one.
  period: z.string(),
  unit: z.string().min(1),
});
export type ReportScope = z.infer<typeof reportScope>;

const version = z.literal(cardActionVersion);

/** The file message a notice-import card was read from: re-read on every click, nothing kept meanwhile. */
export const importSource = z.object({ message: z.string().min(1), file: z.string().min(1), name: z.string().min(1) });
export type ImportSource = z.infer<typeof importSource>;

export const cardAction = z.discriminatedUnion('a', [
  reportScope.extend({ a: z.literal(cardActionNames.reportSubmit), v: version }),
  reportScope.extend({ a: z.literal(cardActionNames.reportPick), v: version, task: z.string().min(1) }),
  // 采纳 / 退回 on a lead department's digest: the report version reviewed; 退回 opens the reason form.
  z.object({ a: z.literal(cardActionNames.reviewAccept), v: version, plan: z.string().min(1), report: z.number().int().positive() }),
  z.object({ a: z.literal(cardActionNames.reviewReturn), v: version, plan: z.string().min(1), report: z.number().int().positive() }),
  z.object({ a: z.literal(cardActionNames.reviewReason), v: version, plan: z.string().min(1), report: z.number().int().positive() }),
  // The answer cards' buttons: [谁没报] and [导出] on the overview, [催办] per unit on the overdue list.
  z.object({ a: z.literal(cardActionNames.queryOverdue), v: version, plan: z.string().min(1) }),
  z.object({ a: z.literal(cardActionNames.queryExport), v: version, plan: z.string().min(1), format: z.enum(exportFormats) }),
  // `task`: pressed by a lead department on its task's answer card, which allows only that task.
  z.object({ a: z.literal(cardActionNames.remindUnit), v: version, plan: z.string().min(1), unit: z.string().min(1), task: z.string().min(1).optional() }),
  // The notice-import preview: the file message it was read from (its id, file_key and name);
  // [载入] asks first when a plan of that title exists, [确认载入] then loads into `slug`.
  importSource.extend({ a: z.literal(cardActionNames.importLoad), v: version }),
  importSource.extend({ a: z.literal(cardActionNames.importConfirm), v: version, slug: z.string().min(1) }),
  importSource.extend({ a: z.literal(cardActionNames.importYaml), v: version }),
  // A short reply in a report card's thread ("收到"): [是] keeps it as the task's narrative, [否] drops it.
  reportScope.extend({
    a: z.literal(cardActionNames.threadConfirm),
    v: version,
    task: z.string().min(1),
    message: z.string().min(1),
    text: z.string().min(1).max(20),
    keep: z.boolean(),
  }),
]);
export type CardAction = z.infer<typeof cardAction>;

export type ParsedCardAction =
  | { ok: true; action: CardAction }
  | { ok: false; reason: 'unknown' | 'stale' | 'invalid'; detail: string };

type CallbackValue = { [key: string]: JsonValue };

export function reportSubmitValue(scope: ReportScope): CallbackValue {
  return { a: cardActionNames.reportSubmit, ...scope, v: cardActionVersion };
}

/**
 * The value on the task switcher. The task is not in it: a select sends the chosen
 * option beside the value (`action.option`), and parseCardAction takes it from there.
 */
export function reportPickValue(scope: ReportScope): CallbackValue {
  return { a: cardActionNames.reportPick, ...scope, v: cardActionVersion };
}

/** 采纳 / 退回 on a digest, and 确认退回 on the reason form: the report version they are about. */
export function reviewValue(step: 'accept' | 'return' | 'reason', plan: string, report: number): CallbackValue {
  const a = step === 'accept' ? cardActionNames.reviewAccept : step === 'return' ? cardActionNames.reviewReturn : cardActionNames.reviewReason;
  return { a, plan, report, v: cardActionVersion };
}

/** [谁没报] on the overview: answers with the overdue list of the plan. */
export function queryOverdueValue(plan: string): CallbackValue {
  return { a: cardActionNames.queryOverdue, plan, v: cardActionVersion };
}

/** [导出]: sends the plan's export file to the chat the card is in. */
export function queryExportValue(plan: string, format: ExportFormat = 'xlsx'): CallbackValue {
  return { a: cardActionNames.queryExport, plan, format, v: cardActionVersion };
}

/** [催办] on the overdue list: an immediate reminder to that unit (leaders and admins only, once an hour). */
export function remindUnitValue(plan: string, unit: string, task?: string): CallbackValue {
  return { a: cardActionNames.remindUnit, plan, unit, ...(task ? { task } : {}), v: cardActionVersion };
}

/** [是] / [否] under a short thread reply: the reply (its message id and text) and the task it would add to. */
export function threadConfirmValue(scope: ReportScope, reply: { task: string; message: string; text: string }, keep: boolean): CallbackValue {
  return { a: cardActionNames.threadConfirm, ...scope, ...reply, keep, v: cardActionVersion };
}

/** The notice-import buttons: [载入], [确认载入] (into the same-titled plan's slug), [下载YAML]. */
export function importValue(step: 'load' | 'yaml', source: ImportSource): CallbackValue;
export function importValue(step: 'confirm', source: ImportSource, slug: string): CallbackValue;
export function importValue(step: 'load' | 'confirm' | 'yaml', source: ImportSource, slug?: string): CallbackValue {
  const a = step === 'load' ? cardActionNames.importLoad : step === 'confirm' ? cardActionNames.importConfirm : cardActionNames.importYaml;
  // Only the source's fields: a parsed action passed as its source brings its own `a` along.
  return { a, message: source.message, file: source.file, name: source.name, ...(slug ? { slug } : {}), v: cardActionVersion };
}

/**
 * Reads a callback's `action.value` (object, or the same as a JSON string). `option` is the
 * select's chosen option, which becomes a pick's `task`. Unknown names and other versions are
 * told apart from malformed values, so the handler can answer with the right toast.
 */
export function parseCardAction(value: unknown, input: { option?: string | undefined } = {}): ParsedCardAction {
  let raw = value;
  if (typeof raw === 'string') {
    try {
      raw = JSON.parse(raw);
    } catch {
      return { ok: false, reason: 'unknown', detail: 'value is a string but not JSON' };
    }
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, reason: 'unknown', detail: 'value is not an object' };
  }
  const record = raw as Record<string, unknown>;
  const name = record.a;
  if (typeof name !== 'string' || !knownNames.includes(name)) {
    return { ok: false, reason: 'unknown', detail: `unknown action ${JSON.stringify(name)}` };
  }
  if (record.v !== cardActionVersion) {
    return { ok: false, reason: 'stale', detail: `card action version ${JSON.stringify(record.v)}, expected ${cardActionVersion}` };
  }
  const candidate = name === cardActionNames.reportPick && input.option ? { ...record, task: input.option } : record;
  const parsed = cardAction.safeParse(candidate);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.') || '(value)'}: ${i.message}`).join('; ');
    return { ok: false, reason: 'invalid', detail };
  }
  return { ok: true, action: parsed.data };
}
