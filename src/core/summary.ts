// Daily summaries: per plan, per task and per unit, what was expected, in, on time, late,
// overdue and accepted at the end of a day, the mean percent and the latest indicator values.
// Pure: facts in, rows out; the full and the incremental computation give identical rows.
import { standingAt, type AssignmentFact, type FactReport, type FactReview } from './status.js';
import { addDays, zonedInstant } from './time.js';

/*
 * What a row means. A row for day D is the state at `at` = the last millisecond of D in the
 * plan's zone, from the facts known by `knownBy` = min(computation time, at). Plan times
 * (opening, deadline) count at `at`; reports and reviews count only if made by `knownBy`. A
 * row computed at 18:00 is therefore provisional ("the end of the day, as known at 18:00");
 * computing the day again after it ended makes it final.
 *
 * Counting, per assignment opened by `at` (retired ones are left out by the caller):
 * - expected: every one; submitted: it has a report; overdue: no report and past its deadline;
 * - on time / late: by its *first* report against the deadline (on_time + late = submitted);
 * - accepted: the last review after the latest report accepted it (statusAt);
 * - mean percent: over submitted assignments, of each one's latest version;
 * - indicator values: a unit row has the latest reported value of each indicator of each
 *   task, keyed "task:key" (keys are unique only within a task, i2 may repeat); "latest" is
 *   the most recent report that carries the key, of any round or version. A task row has
 *   the mean of its units' latest values under the plain key; the plan row the same means
 *   under "task:key". Both are derived from the unit rows, so they never drift.
 *
 * Incremental step (applyChanges). An assignment's contribution at a cut is a function of
 * its opening and deadline and of the reports and reviews known by the cut. Between a base
 * cut (at₀, known₀) and a later one (at₁, known₁) it can change only if it opened in (at₀, at₁],
 * its deadline passed in [at₀, at₁) (it turns overdue just after the deadline), or it got a
 * report or review in (known₀, known₁]. So: start from the base rows,
 * and for just those assignments subtract their contribution at the base cut and add it at
 * the new one. Percent sums are exact integers (round(mean × submitted)), so a stored mean
 * restores them. A unit's latest indicator value changes only through a report in
 * (known₀, known₁], which is later than every report the base saw. Any superset of the
 * changed assignments gives the same result, so windows may be generous (inclusive bounds).
 *
 * Not seen by an increment, by design: a report stored with a time before the base's
 * `knownBy` (a backfill), and a plan reload (its assignments may differ). The caller
 * computes fully after a reload; recompute rebuilds from the reports for backfills.
 */

export type SummaryScope = 'plan' | 'task' | 'unit';

// One fact shape for status, summaries and exports (src/core/status.ts).
export type SummaryReport = FactReport;
export type SummaryReview = FactReview;
export type SummaryFact = AssignmentFact;

/** The state at `at`, from the reports and reviews made by `knownBy`. */
export interface SummaryCut {
  at: Date;
  knownBy: Date;
}

export interface SummaryCounts {
  expected: number;
  submitted: number;
  onTime: number;
  late: number;
  overdue: number;
  accepted: number;
}

export interface SummaryRow extends SummaryCounts {
  scope: SummaryScope;
  /** '' for the plan, the task number, or the unit code. */
  key: string;
  meanPercent: number | null;
  indicatorValues: Record<string, number>;
}

/** The last millisecond of a day in a zone: the day's rows are the state at this instant. */
export function endOfDay(date: string, timeZone: string): Date {
  return new Date(zonedInstant(addDays(date, 1), '00:00', timeZone).getTime() - 1);
}

export function startOfDay(date: string, timeZone: string): Date {
  return zonedInstant(date, '00:00', timeZone);
}

/** The cut of day D computed at `now`: final once the day is over, provisional before. */
export function dayCut(date: string, timeZone: string, now: Date): SummaryCut {
  const at = endOfDay(date, timeZone);
  return { at, knownBy: new Date(Math.min(now.getTime(), at.getTime())) };
}

const knownTime = (cut: SummaryCut) => Math.min(cut.knownBy.getTime(), cut.at.getTime());

/** Whether rows at `base` can be carried forward to `next` (neither time goes back). */
export function canAdvance(base: SummaryCut, next: SummaryCut): boolean {
  return next.at.getTime() >= base.at.getTime() && knownTime(next) >= knownTime(base);
}

/** Whether a row at this cut may still change without new facts (its day was not over). */
export function isProvisional(cut: SummaryCut): boolean {
  return knownTime(cut) < cut.at.getTime();
}

interface Contribution {
  submitted: boolean;
  onTime: boolean;
  overdue: boolean;
  accepted: boolean;
  percent: number;
}

/** What one assignment adds to its rows at a cut; undefined when it had not opened. */
export function contributionAt(fact: SummaryFact, cut: SummaryCut): Contribution | undefined {
  const at = cut.at.getTime();
  if (fact.opensAt.getTime() > at) return undefined;
  const known = knownTime(cut);
  const reports = fact.reports.filter((r) => r.submittedAt.getTime() <= known);
  const reviews = fact.reviews.filter((r) => r.at.getTime() <= known);
  // The same definition of 按时 / 迟报 / 逾期 / 已采纳 as the status JSON and the cards.
  const standing = standingAt({ opensAt: fact.opensAt, dueAt: fact.dueAt, reports, reviews }, cut.at);
  if (!standing.submitted) {
    return { submitted: false, onTime: false, overdue: standing.status === 'overdue', accepted: false, percent: 0 };
  }
  let latest = reports[0]!;
  for (const r of reports) if (r.version > latest.version) latest = r;
  return { submitted: true, onTime: standing.onTime, overdue: false, accepted: standing.status === 'accepted', percent: latest.percent };
}

interface Acc extends SummaryCounts {
  scope: SummaryScope;
  key: string;
  percentSum: number;
}

const emptyAcc = (scope: SummaryScope, key: string): Acc => ({
  scope, key, expected: 0, submitted: 0, onTime: 0, late: 0, overdue: 0, accepted: 0, percentSum: 0,
});

function addTo(acc: Acc, c: Contribution, sign: 1 | -1): void {
  acc.expected += sign;
  if (c.submitted) {
    acc.submitted += sign;
    if (c.onTime) acc.onTime += sign;
    else acc.late += sign;
    if (c.accepted) acc.accepted += sign;
    acc.percentSum += sign * c.percent;
  } else if (c.overdue) acc.overdue += sign;
}

const scopeId = (scope: SummaryScope, key: string) => `${scope}:${key}`;

/** The accumulators of one summary, by scope and key. */
class Accs {
  readonly byId = new Map<string, Acc>();

  get(scope: SummaryScope, key: string): Acc {
    const id = scopeId(scope, key);
    let acc = this.byId.get(id);
    if (!acc) {
      acc = emptyAcc(scope, key);
      this.byId.set(id, acc);
    }
    return acc;
  }

  /** Makes sure the fact's rows exist, even while it adds nothing (not yet open). */
  touch(fact: SummaryFact): void {
    this.get('plan', '');
    this.get('task', fact.taskNumber);
    this.get('unit', fact.unitCode);
  }

  apply(fact: SummaryFact, c: Contribution | undefined, sign: 1 | -1): void {
    this.touch(fact);
    if (!c) return;
    addTo(this.get('plan', ''), c, sign);
    addTo(this.get('task', fact.taskNumber), c, sign);
    addTo(this.get('unit', fact.unitCode), c, sign);
  }
}

/** Latest value per unit and "task:key", from reports made in (after, upTo]. */
interface Latest {
  value: number;
  at: number;
  id: number;
}

function latestValues(facts: Iterable<SummaryFact>, after: number, upTo: number): Map<string, Map<string, Latest>> {
  const byUnit = new Map<string, Map<string, Latest>>();
  for (const f of facts) {
    for (const r of f.reports) {
      const t = r.submittedAt.getTime();
      if (t <= after || t > upTo) continue;
      for (const [key, value] of Object.entries(r.indicatorValues)) {
        if (typeof value !== 'number' || !Number.isFinite(value)) continue;
        let unit = byUnit.get(f.unitCode);
        if (!unit) byUnit.set(f.unitCode, (unit = new Map()));
        const qualified = `${f.taskNumber}:${key}`;
        const seen = unit.get(qualified);
        if (!seen || t > seen.at || (t === seen.at && r.id > seen.id)) unit.set(qualified, { value, at: t, id: r.id });
      }
    }
  }
  return byUnit;
}

/** "1" < "2" < "6.1" < "10": task numbers as people count them. */
export function compareTaskNumbers(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? -1) - (pb[i] ?? -1);
    if (d !== 0 && !Number.isNaN(d)) return d;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

const scopeOrder: Record<SummaryScope, number> = { plan: 0, task: 1, unit: 2 };

/** Plan first, then tasks by number, then units by code: one stable order for every output. */
export function compareRows(a: { scope: SummaryScope; key: string }, b: { scope: SummaryScope; key: string }): number {
  if (a.scope !== b.scope) return scopeOrder[a.scope] - scopeOrder[b.scope];
  if (a.scope === 'task') return compareTaskNumbers(a.key, b.key);
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/** Rows from accumulators, with task and plan indicator means derived from the unit values. */
function toRows(accs: Accs, unitValues: ReadonlyMap<string, Record<string, number>>): SummaryRow[] {
  const rows = [...accs.byId.values()]
    .sort(compareRows)
    .map((a): SummaryRow => ({
      scope: a.scope,
      key: a.key,
      expected: a.expected,
      submitted: a.submitted,
      onTime: a.onTime,
      late: a.late,
      overdue: a.overdue,
      accepted: a.accepted,
      meanPercent: a.submitted > 0 ? a.percentSum / a.submitted : null,
      indicatorValues: a.scope === 'unit' ? { ...(unitValues.get(a.key) ?? {}) } : {},
    }));
  // Means over units in code order, so both computations add the same numbers in the same order.
  const sums = new Map<string, { sum: number; n: number }>();
  for (const row of rows) {
    if (row.scope !== 'unit') continue;
    for (const qualified of Object.keys(row.indicatorValues).sort()) {
      const s = sums.get(qualified) ?? { sum: 0, n: 0 };
      s.sum += row.indicatorValues[qualified]!;
      s.n++;
      sums.set(qualified, s);
    }
  }
  const planRow = rows.find((r) => r.scope === 'plan');
  const taskRows = new Map(rows.filter((r) => r.scope === 'task').map((r) => [r.key, r]));
  for (const qualified of [...sums.keys()].sort()) {
    const { sum, n } = sums.get(qualified)!;
    const mean = sum / n;
    const cut = qualified.indexOf(':');
    const task = qualified.slice(0, cut);
    const key = qualified.slice(cut + 1);
    if (planRow) planRow.indicatorValues[qualified] = mean;
    const taskRow = taskRows.get(task);
    if (taskRow) taskRow.indicatorValues[key] = mean;
  }
  return rows;
}

const flatten = (values: Map<string, Map<string, Latest>>) =>
  new Map([...values].map(([unit, m]) => [unit, Object.fromEntries([...m].map(([k, l]) => [k, l.value]))]));

/** Every row of a day from all of the plan's (active) assignments. */
export function summarizeFull(facts: readonly SummaryFact[], cut: SummaryCut): SummaryRow[] {
  const accs = new Accs();
  accs.get('plan', '');
  for (const f of facts) accs.apply(f, contributionAt(f, cut), 1);
  return toRows(accs, flatten(latestValues(facts, -Infinity, knownTime(cut))));
}

/**
 * The rows at `cut` from the rows at `baseCut` and the assignments that may have changed in
 * between (see the module comment for the windows). Throws when `cut` is before `baseCut`.
 */
export function applyChanges(
  base: readonly SummaryRow[],
  baseCut: SummaryCut,
  changed: readonly SummaryFact[],
  cut: SummaryCut,
): SummaryRow[] {
  if (!canAdvance(baseCut, cut)) throw new RangeError('a summary can only be carried forward in time');
  const accs = new Accs();
  accs.get('plan', '');
  const unitValues = new Map<string, Record<string, number>>();
  for (const row of base) {
    const acc = accs.get(row.scope, row.key);
    Object.assign(acc, {
      expected: row.expected,
      submitted: row.submitted,
      onTime: row.onTime,
      late: row.late,
      overdue: row.overdue,
      accepted: row.accepted,
      // Percents are integers, so the sum is an integer the stored mean gives back exactly.
      percentSum: row.meanPercent === null ? 0 : Math.round(row.meanPercent * row.submitted),
    });
    if (row.scope === 'unit') unitValues.set(row.key, { ...row.indicatorValues });
  }
  const unique = new Map(changed.map((f) => [f.id, f]));
  for (const f of unique.values()) {
    accs.apply(f, contributionAt(f, baseCut), -1);
    accs.apply(f, contributionAt(f, cut), 1);
  }
  for (const [unit, values] of latestValues(unique.values(), knownTime(baseCut), knownTime(cut))) {
    const merged = unitValues.get(unit) ?? {};
    for (const [qualified, latest] of values) merged[qualified] = latest.value;
    unitValues.set(unit, merged);
  }
  return toRows(accs, unitValues);
}

/** The times at which an assignment may change its contribution. */
function eventTimes(f: SummaryFact): number[] {
  // A deadline changes the status just after it passes (at the deadline itself it is pending).
  return [f.opensAt.getTime(), f.dueAt.getTime() + 1, ...f.reports.map((r) => r.submittedAt.getTime()), ...f.reviews.map((r) => r.at.getTime())];
}

/**
 * Rows for consecutive cuts (days in order) from all facts: the first fully, each next one by
 * applyChanges over the assignments with an event since the previous cut. What recompute uses:
 * O(assignments + events + days × scopes) instead of a full pass per day.
 */
export function summarizeSeries(facts: readonly SummaryFact[], cuts: readonly SummaryCut[]): SummaryRow[][] {
  const events: { t: number; fact: SummaryFact }[] = [];
  for (const f of facts) for (const t of eventTimes(f)) events.push({ t, fact: f });
  events.sort((a, b) => a.t - b.t);
  // The first event later than t.
  const after = (t: number) => {
    let lo = 0;
    let hi = events.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (events[mid]!.t <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const out: SummaryRow[][] = [];
  let prev: { cut: SummaryCut; rows: SummaryRow[] } | undefined;
  for (const cut of cuts) {
    let rows: SummaryRow[];
    if (!prev || !canAdvance(prev.cut, cut)) rows = summarizeFull(facts, cut);
    else {
      // (min of the previous times, max of these]: every window of the module comment at once.
      const from = after(Math.min(knownTime(prev.cut), prev.cut.at.getTime()));
      const to = after(Math.max(knownTime(cut), cut.at.getTime()));
      rows = applyChanges(prev.rows, prev.cut, events.slice(from, to).map((e) => e.fact), cut);
    }
    out.push(rows);
    prev = { cut, rows };
  }
  return out;
}
