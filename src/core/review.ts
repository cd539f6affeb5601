// The two-tier chain, pure: who a report goes to (its task's lead departments, and the
// cooperating units when the plan asks), where a report stands in review, who may review,
// and the lead department's draft for the office, arranged only from what its units wrote.
import { remindAllowed, type Viewer } from './permissions.js';
import type { IndicatorAggregate, Plan, Task } from './plan.js';
import { statusAt, type AssignmentFact } from './status.js';
import { addDays, zonedDate, zonedInstant, zonedParts } from './time.js';
import type { WorkCalendar } from './workdays.js';

/** Where the latest version of a report stands with its lead department. */
export type ReviewState = 'awaiting' | 'resubmitted' | 'accepted' | 'returned';

export function reviewStateAt(fact: AssignmentFact, at: Date): ReviewState | undefined {
  const status = statusAt(fact, at);
  if (status === 'accepted') return 'accepted';
  if (status === 'returned') return 'returned';
  if (status !== 'submitted' && status !== 'late') return undefined;
  // A version after a return is the revision the lead asked for (修改后重报).
  const t = at.getTime();
  const returnedBefore = fact.reviews.some((r) => r.decision === 'return' && r.at.getTime() <= t);
  return returnedBefore ? 'resubmitted' : 'awaiting';
}

function topTask(plan: Pick<Plan, 'tasks'>, number: string): Task | undefined {
  return plan.tasks.find((t) => t.number === number.split('.')[0]);
}

/**
 * A report waits for review "for more than a working day" at `at` when it came in before this:
 * the same time on the working day before.
 */
export function reviewStaleBefore(at: Date, timeZone: string, calendar: WorkCalendar): Date {
  const { hour, minute } = zonedParts(at, timeZone);
  let day = addDays(zonedDate(at, timeZone), -1);
  // A long holiday is a few weeks at most; the bound only guards a calendar with no working days.
  for (let i = 0; i < 60 && !calendar.isWorkday(day); i++) day = addDays(day, -1);
  return zonedInstant(day, `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`, timeZone);
}

/** The lead departments of a task: its own and its sub-tasks' (task 6 reports once, to all of them). */
export function leadsOf(plan: Pick<Plan, 'tasks'>, taskNumber: string): string[] {
  const task = topTask(plan, taskNumber);
  return task ? [...new Set([...task.lead, ...task.subtasks.flatMap((s) => s.lead)])] : [];
}

/** Who gets a read-only copy of the digests: the cooperating units, when the plan asks for it. */
export function cooperatorsOf(plan: Pick<Plan, 'tasks'>, taskNumber: string): string[] {
  const task = topTask(plan, taskNumber);
  if (!task) return [];
  const parts = [task, ...task.subtasks].filter((t) => t.digestToCooperating || task.digestToCooperating);
  const leads = new Set(leadsOf(plan, taskNumber));
  return [...new Set(parts.flatMap((t) => t.cooperating))].filter((c) => !leads.has(c));
}

/** A report may be reviewed by its task's lead departments' contacts, the office and leaders. */
export function mayReview(viewer: Viewer, plan: Pick<Plan, 'tasks'>, taskNumber: string): boolean {
  // The same people who may 催办 on the task: its leads, the office and leaders.
  return remindAllowed(viewer, leadsOf(plan, taskNumber));
}

/** The tasks a unit leads (top-level numbers, a sub-task's lead counting for its task). */
export function tasksLedBy(plan: Pick<Plan, 'tasks'>, unitCode: string): string[] {
  return plan.tasks.filter((t) => leadsOf(plan, t.number).includes(unitCode)).map((t) => t.number);
}

export interface UnitValue {
  unitName: string;
  value: number;
}

/** An indicator's value for the city, as the plan says to add it up; per-unit has none. */
export function aggregateValues(values: readonly UnitValue[], aggregate: IndicatorAggregate): number | undefined {
  const xs = values.map((v) => v.value);
  if (xs.length === 0 || aggregate === 'per-unit') return undefined;
  if (aggregate === 'sum') return round(xs.reduce((a, b) => a + b, 0));
  if (aggregate === 'mean') return round(xs.reduce((a, b) => a + b, 0) / xs.length);
  return aggregate === 'min' ? Math.min(...xs) : Math.max(...xs);
}

const round = (x: number) => Math.round(x * 100) / 100;

/** One unit's latest report on a task, as the draft arranges it. */
export interface DraftEntry {
  unitName: string;
  state: ReviewState | undefined;
  narrative: string;
  problems: string;
  nextSteps: string;
  indicatorValues: Readonly<Record<string, number>>;
}

export interface LeadDraft {
  narrative: string;
  problems: string;
  nextSteps: string;
  /** The aggregated indicator values, by key (per-unit indicators are left for the lead to fill in). */
  indicatorValues: Record<string, number>;
  /** Responsible units with no report. */
  missing: string[];
}

/**
 * The lead department's report for the office on one task, drafted from its units' latest
 * reports: their own words, each marked with its review state, the indicators added up as the
 * plan says (the basis beside the number), and the units that never reported. Nothing is
 * written that a unit did not write; the labels come from `texts`.
 */
export function leadDraft(
  task: Pick<Task, 'indicators'>,
  entries: readonly DraftEntry[],
  missing: readonly string[],
  texts: {
    unitLine(unitName: string, state: ReviewState | undefined, text: string): string;
    indicatorLine(name: string, unit: string, aggregate: IndicatorAggregate, value: number | undefined, perUnit: readonly UnitValue[]): string;
    missingLine(unitNames: readonly string[]): string;
    moreLine(count: number): string;
  },
  /** What the form's field holds (Lark's input limit): longer drafts are shortened to fit. */
  maxChars = Infinity,
): LeadDraft {
  const indicatorValues: Record<string, number> = {};
  const indicatorLines = task.indicators.flatMap((ind) => {
    const perUnit = entries.flatMap((e) => (typeof e.indicatorValues[ind.key] === 'number' ? [{ unitName: e.unitName, value: e.indicatorValues[ind.key]! }] : []));
    if (perUnit.length === 0) return [];
    const value = aggregateValues(perUnit, ind.aggregate);
    if (value !== undefined) indicatorValues[ind.key] = value;
    return [texts.indicatorLine(ind.name, ind.unit, ind.aggregate, value, perUnit)];
  });
  const field = (pick: (e: DraftEntry) => string, tail: readonly string[] = []) =>
    fitToField(
      entries.filter((e) => pick(e).trim() !== '').map((e) => ({ e, text: pick(e).trim() })),
      ({ e }, text) => texts.unitLine(e.unitName, e.state, text),
      tail,
      texts.moreLine,
      maxChars,
    );
  return {
    narrative: field((e) => e.narrative, [...indicatorLines, ...(missing.length ? [texts.missingLine(missing)] : [])]),
    problems: field((e) => e.problems),
    nextSteps: field((e) => e.nextSteps),
    indicatorValues,
    missing: [...missing],
  };
}

const length = (text: string) => [...text].length;
/** The first sentence of a text, as written (up to its first 。；！？ or line break). */
const firstSentence = (text: string) => /^[^。；！？\n]*[。；！？]?/.exec(text)?.[0] ?? text;

/**
 * The units' lines, then `tail`, within `max` characters: in full when they fit; else each unit's
 * first sentence; else as many units as fit and a line saying how many more. Never a cut word.
 */
function fitToField<T extends { text: string }>(items: readonly T[], line: (item: T, text: string) => string, tail: readonly string[], more: (count: number) => string, max: number): string {
  const join = (lines: readonly string[]) => [...lines, ...tail].join('\n');
  const full = join(items.map((i) => line(i, i.text)));
  if (length(full) <= max) return full;
  const short = items.map((i) => line(i, firstSentence(i.text)));
  if (length(join(short)) <= max) return join(short);
  const kept: string[] = [];
  for (const [n, l] of short.entries()) {
    if (length(join([...kept, l, more(short.length - n - 1)])) > max) break;
    kept.push(l);
  }
  return join([...kept, more(short.length - kept.length)]);
}
