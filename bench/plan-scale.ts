// Benchmark: loading, reloading and computing the status of a large plan in a libSQL file.
// Usage: npm run bench:plan [-- units=1000 weeks=52]
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { loadPlan } from '../src/app/load-plan.js';
import { planStatus } from '../src/app/plan-status.js';
import { fixedClock } from '../src/core/time.js';
import { syntheticPlan } from './synthetic-plan.js';
import { migrateDatabase, openDatabase } from '../src/storage/database.js';
import { createStorage } from '../src/storage/index.js';

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.split('=') as [string, string]));
const unitCount = Number(args.units ?? 1000);
const weeks = Number(args.weeks ?? 0);

const { directory, spec } = syntheticPlan({
  units: unitCount,
  weeklyUntil: weeks > 0 ? `2026-${String(Math.min(12, Math.ceil(weeks / 4.3))).padStart(2, '0')}-28` : undefined,
});

const database = await openDatabase(`file:${join(mkdtempSync(join(tmpdir(), 'duban-bench-')), 'bench.db')}`);
await migrateDatabase(database);
const store = createStorage(database);
const clock = fixedClock('2026-01-01T09:00:00+08:00');

const time = async <T>(label: string, fn: () => Promise<T>) => {
  const t0 = performance.now();
  const value = await fn();
  const ms = performance.now() - t0;
  console.log(`${label.padEnd(34)} ${ms.toFixed(0).padStart(7)} ms`);
  return value;
};

console.log(`plan: ${unitCount} units × 12 tasks${weeks ? `, weekly rounds (${weeks} weeks)` : ''}`);
const first = await time('first load', () => loadPlan(store, { spec, directory }, clock));
if (!first.ok) throw new Error(JSON.stringify(first.issues));
console.log(`${'assignments'.padEnd(34)} ${String(first.saved.assignments).padStart(7)}`);
await time('reload (unchanged)', () => loadPlan(store, { spec, directory }, clock));
const status = await time('status at a time T', () => planStatus(store, 'bench', new Date('2026-02-01T09:00:00+08:00')));
console.log(`${'overdue at T'.padEnd(34)} ${String(status.totals.overdue).padStart(7)}`);
database.close();
