// Benchmark: exporting 100,000 report versions to xlsx and CSV from a libSQL file — time and peak
// memory. The parent builds the database; each export runs in a child of its own, so its peak
// resident memory is its own (sampled in the child, and from /usr/bin/time -v where present).
// Usage: npm run bench:export [-- versions=100000 units=130 formats=xlsx,csv pageSize=2000 summaries=1 heap=MB]
// heap=64 caps the child's V8 heap: an export that held its rows would fail or crawl.
import type { InStatement } from '@libsql/client';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { recomputeSummaries } from '../src/app/daily-summary.js';
import { exportPlan, parseExportFormat } from '../src/app/export-plan.js';
import { loadPlan } from '../src/app/load-plan.js';
import { chinaCalendar } from '../src/calendar/china.js';
import { syntheticPlan } from './synthetic-plan.js';
import { fixedClock } from '../src/core/time.js';
import { createExportWriters } from '../src/export/export-writers.js';
import { migrateDatabase, openDatabase } from '../src/storage/database.js';
import { createExportSource } from '../src/storage/export-source.js';
import { createStorage } from '../src/storage/index.js';

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.split('=') as [string, string]));
const now = new Date('2027-01-05T09:00:00+08:00');
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

if (args.child) await child();
else await parent();

/** One export in this process: time, rows, file size, resident memory before and at its peak. */
async function child(): Promise<void> {
  const database = await openDatabase(`file:${args.db}`);
  const { plans, directory } = createStorage(database);
  const deps = { plans, directory, source: createExportSource(database, { pageSize: Number(args.pageSize ?? 2000) }), writers: createExportWriters() };
  const format = parseExportFormat(args.format);
  const file = join(mkdtempSync(join(tmpdir(), 'duban-bench-out-')), `bench.${format}`);
  // Modules loaded and the plan read once, so the baseline is what any export starts from.
  await plans.readPlan('bench');
  global.gc?.();
  const base = process.memoryUsage().rss;
  let peak = base;
  // The export yields to the event loop between pages, so the sampler gets its turns.
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  const t0 = performance.now();
  const result = await exportPlan(deps, 'bench', format, file, now);
  const ms = performance.now() - t0;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  console.log(JSON.stringify({ format, ms, rows: result.rows, bytes: statSync(file).size, baseRss: base, peakRss: peak }));
  database.close();
}

async function parent(): Promise<void> {
  const versions = Number(args.versions ?? 100_000);
  const unitCount = Number(args.units ?? 130);
  const formats = (args.formats ?? 'xlsx,csv').split(',');
  let seed = 1;
  const rnd = () => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };

  const { directory, spec } = syntheticPlan({ units: unitCount, weeklyUntil: '2026-12-28', indicators: true });

  const db = join(mkdtempSync(join(tmpdir(), 'duban-bench-')), 'bench.db');
  const database = await openDatabase(`file:${db}`);
  await migrateDatabase(database);
  const storage = createStorage(database);
  const t0 = performance.now();
  const loaded = await loadPlan(storage, { spec, directory }, fixedClock('2026-01-01T09:00:00+08:00'));
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));

  // Versions spread over the assignments (every one once, the first ones again), with texts of
  // the length units write: a paragraph of work done, a sentence of problems and of next steps.
  const rows = (await database.client.execute(`SELECT id, opens_at, due_at FROM assignments ORDER BY id`)).rows;
  const narrative = '按照方案要求，本单位召开专题会议研究部署，成立工作专班，制定实施方案和任务清单，明确责任人和完成时限。截至目前，已完成摸底排查，走访服务对象'
    + '共计一百二十余人次，收集意见建议三十余条，已整改落实二十余条，其余正在推进中。';
  const problems = '部分基层工作人员业务不熟，信息化手段运用不够，群众知晓率有待提高。';
  const nextSteps = '加强培训和督促指导，完善工作台账，按时报送进展情况。';
  const stmts: InStatement[] = [];
  const perInsert = 200;
  let batch: (string | number)[][] = [];
  const flush = () => {
    if (batch.length === 0) return;
    stmts.push({
      sql: `INSERT INTO reports (assignment_id, version, progress, percent, narrative, problems, next_steps, indicator_values, submitted_by, submitted_by_name, submitted_at, source, content_hash)
            VALUES ${batch.map(() => `(?, ?, 'in_progress', ?, ?, ?, ?, ?, 'ou_bench', '张三', ?, 'card', ?)`).join(', ')}`,
      args: batch.flat(),
    });
    batch = [];
  };
  for (let i = 0; i < versions; i++) {
    const r = rows[i % rows.length]!;
    const id = Number(r.id);
    const version = Math.floor(i / rows.length) + 1;
    const opens = Number(r.opens_at);
    const at = opens + Math.floor(rnd() * (Number(r.due_at) + 3 * 86_400_000 - opens));
    const values = id % 12 === 0 ? JSON.stringify({ 'entry-rate': 60 + Math.floor(rnd() * 40) }) : '{}';
    batch.push([id, version, Math.floor(rnd() * 101), `${narrative}（${id}-${version}）`, problems, nextSteps, values, at + version * 3_600_000, `h${id}.${version}`]);
    if (batch.length === perInsert) flush();
  }
  flush();
  // Written in batches of 50 statements (10,000 rows): each is one atomic libSQL write.
  for (let i = 0; i < stmts.length; i += 50) await database.client.batch(stmts.slice(i, i + 50), 'write');
  if (args.summaries !== '0') {
    await recomputeSummaries({ plans: storage.plans, directory: storage.directory, summaries: storage.summaries, calendar: chinaCalendar }, 'bench', now, '2026-01-05', '2026-12-31');
  }
  const counts = await database.client.execute(`SELECT (SELECT count(*) FROM assignments) AS a, (SELECT count(*) FROM reports) AS r, (SELECT count(*) FROM daily_summaries) AS s`);
  database.close();
  const c = counts.rows[0]!;
  console.log(`${args.heap ? `V8 heap capped at ${args.heap} MB; ` : ''}plan: ${unitCount} units × 12 tasks, one round and a weekly round for a year: ${c.a} assignments`);
  console.log(`stored: ${c.r} report versions, ${c.s} daily summary rows (${((performance.now() - t0) / 1000).toFixed(1)} s to build), db ${mb(statSync(db).size)} MB`);

  const script = fileURLToPath(import.meta.url);
  const timeV = existsSync('/usr/bin/time') ? ['/usr/bin/time', '-v'] : [];
  console.log(`\n${'format'.padEnd(6)} ${'rows'.padStart(8)} ${'time'.padStart(8)} ${'file'.padStart(8)} ${'RSS start'.padStart(10)} ${'RSS peak'.padStart(9)}${timeV.length ? ' max RSS (time -v)' : ''}`);
  for (const format of formats) {
    const heap = args.heap ? [`--max-old-space-size=${args.heap}`] : [];
    const cmd = [...timeV, process.execPath, '--expose-gc', ...heap, '--import', 'tsx', script, 'child=1', `db=${db}`, `format=${format}`, `pageSize=${args.pageSize ?? 2000}`];
    const r = spawnSync(cmd[0]!, cmd.slice(1), { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    if (r.status !== 0) throw new Error(`${format} export failed:\n${r.stderr}`);
    const out = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { ms: number; rows: number; bytes: number; baseRss: number; peakRss: number };
    const maxRss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1];
    console.log(
      `${format.padEnd(6)} ${String(out.rows).padStart(8)} ${`${(out.ms / 1000).toFixed(2)} s`.padStart(8)} ${`${mb(out.bytes)} MB`.padStart(8)} ` +
        `${`${mb(out.baseRss)} MB`.padStart(10)} ${`${mb(out.peakRss)} MB`.padStart(9)}${maxRss ? `${`${Math.round(Number(maxRss) / 1024)} MB`.padStart(18)}` : ''}`,
    );
  }
}
