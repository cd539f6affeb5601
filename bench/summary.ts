// Benchmark: daily summaries of a province-scale year in a libSQL file — one day computed from
// every assignment, one day carried forward from the day before, and a recompute of the year.
// Usage: npm run bench:summary [-- units=130 seed=1]
import type { InStatement } from '@libsql/client';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recomputeSummaries, summarizeDay, type DailySummaryDeps } from '../src/app/daily-summary.js';
import { loadPlan } from '../src/app/load-plan.js';
import { chinaCalendar } from '../src/calendar/china.js';
import { syntheticPlan } from './synthetic-plan.js';
import { applyChanges, dayCut, summarizeFull } from '../src/core/summary.js';
import { addDays, fixedClock } from '../src/core/time.js';
import { migrateDatabase, openDatabase } from '../src/storage/database.js';
import { createStorage } from '../src/storage/index.js';

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.split('=') as [string, string]));
const unitCount = Number(args.units ?? 130);
let seed = Number(args.seed ?? 1) >>> 0;
const rnd = () => {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed / 2 ** 32;
};

const tz = 'Asia/Shanghai';
const { directory, spec } = syntheticPlan({ units: unitCount, weeklyUntil: '2026-12-28', indicators: true });

const database = await openDatabase(`file:${join(mkdtempSync(join(tmpdir(), 'duban-bench-')), 'bench.db')}`);
await migrateDatabase(database);
const storage = createStorage(database);
const deps: DailySummaryDeps = { plans: storage.plans, directory: storage.directory, summaries: storage.summaries, calendar: chinaCalendar };

const time = async <T>(label: string, fn: () => Promise<T> | T) => {
  const t0 = performance.now();
  const value = await fn();
  console.log(`${label.padEnd(46)} ${(performance.now() - t0).toFixed(0).padStart(7)} ms`);
  return value;
};
const show = (label: string, value: string | number) => console.log(`${label.padEnd(46)} ${String(value).padStart(7)}`);

const loaded = await loadPlan(storage, { spec, directory }, fixedClock('2026-01-01T09:00:00+08:00'));
if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
console.log(`plan: ${unitCount} units × 12 tasks, one round and a weekly round for a year`);
show('assignments', loaded.saved.assignments);

// A year of reporting: 85% report (some late), a quarter of those again, a third reviewed.
const rows = await database.client.execute(`SELECT id, opens_at, due_at FROM assignments ORDER BY id`);
const reports: (string | number)[][] = [];
const reviews: (string | number)[][] = [];
const day = 86_400_000;
for (const r of rows.rows) {
  if (rnd() < 0.15) continue;
  const id = Number(r.id);
  const opens = Number(r.opens_at);
  const due = Number(r.due_at);
  let t = opens + Math.floor(rnd() * (due + 3 * day - opens));
  const versions = rnd() < 0.25 ? 2 : 1;
  for (let v = 1; v <= versions; v++) {
    const values = id % 12 === 0 ? JSON.stringify({ 'entry-rate': 60 + Math.floor(rnd() * 40) }) : '{}';
    reports.push([id, v, Math.floor(rnd() * 101), values, t, `h${id}.${v}`]);
    t += Math.floor(rnd() * 2 * day) + 3_600_000;
  }
  if (rnd() < 0.33) reviews.push([id, rnd() < 0.7 ? 'accept' : 'return', t]);
}
await time(`insert ${reports.length} reports, ${reviews.length} reviews`, async () => {
  const stmts: InStatement[] = [];
  for (let i = 0; i < reports.length; i += 400) {
    const part = reports.slice(i, i + 400);
    stmts.push({
      sql: `INSERT INTO reports (assignment_id, version, progress, percent, narrative, indicator_values, submitted_by, submitted_at, source, content_hash)
            VALUES ${part.map(() => `(?, ?, 'in_progress', ?, '进展', ?, 'ou_bench', ?, 'card', ?)`).join(', ')}`,
      args: part.flat(),
    });
  }
  for (let i = 0; i < reviews.length; i += 400) {
    const part = reviews.slice(i, i + 400);
    stmts.push({
      sql: `INSERT INTO reviews (assignment_id, report_id, decision, reviewer_open_id, at)
            VALUES ${part.map(() => `(?, (SELECT max(id) FROM reports WHERE assignment_id = ?), ?, 'ou_lead', ?)`).join(', ')}`,
      args: part.flatMap(([id, decision, at]) => [id!, id!, decision!, at!]),
    });
  }
  await database.client.batch(stmts, 'write');
});

const now = new Date('2027-01-05T09:00:00+08:00');
const mid = '2026-07-01';

console.log('\none day (mid-year, stored rows of the day before or none)');
const full = await time('summarizeDay, no stored day before: full', () => summarizeDay(deps, 'bench', mid, now));
show('  assignments read', full.computation.changed);
const increments: number[] = [];
let changed = 0;
for (let i = 1; i <= 7; i++) {
  const t0 = performance.now();
  const v = await summarizeDay(deps, 'bench', addDays(mid, i), now);
  increments.push(performance.now() - t0);
  changed += v.computation.changed;
  if (v.computation.mode !== 'incremental') throw new Error('expected an increment');
}
show('summarizeDay, carried forward (mean of 7 days) ms', (increments.reduce((a, b) => a + b, 0) / increments.length).toFixed(0));
show('  assignments read per day (mean)', Math.round(changed / 7));

console.log('\nthe same in memory (no database, no view)');
const facts = await time('read every assignment with reports, reviews', () => deps.summaries.allFacts('bench'));
const cutA = dayCut(mid, tz, now);
const cutB = dayCut(addDays(mid, 1), tz, now);
const rowsA = await time('summarizeFull (one day)', () => summarizeFull(facts, cutA));
const window = facts.filter((f) =>
  [f.opensAt, f.dueAt, ...f.reports.map((r) => r.submittedAt), ...f.reviews.map((r) => r.at)].some((d) => d.getTime() >= cutA.at.getTime() && d.getTime() <= cutB.at.getTime()),
);
await time(`applyChanges (one day, ${window.length} changed)`, () => applyChanges(rowsA, cutA, window, cutB));

console.log('\na year');
const year = await time('recomputeSummaries 2026-01-05 … 2026-12-31', () => recomputeSummaries(deps, 'bench', now, '2026-01-05', '2026-12-31'));
show('  days / rows written', `${year.days} / ${year.rows}`);
const afterYear = await time('summarizeDay 2027-01-01, carried forward', () => summarizeDay(deps, 'bench', '2027-01-01', now));
show('  mode', afterYear.computation.mode);
database.close();
