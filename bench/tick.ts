// Benchmark: the cost of one scheduler tick (`runTick(deps, at, instance)`) on a large plan in
// a libSQL file — N county units × 12 tasks, one round, every unit, lead department and the office
// bound to a chat (so report cards, reminders, pings and escalations are all generated). Only the
// queueing is measured: nothing is sent.
//
// Usage: npm run bench:tick [-- units=10000 openBudget=12 more=1 keep=1]   (keep: leave the database file)
//
// Ticks, in the order a real scheduler meets them (round: opens Mon 2026-03-02 09:00, due Thu
// 2026-03-12 18:00, reminders 3/1/0 days before at 09:00; nobody reports):
//   (a) 03-02 09:00  the round opens: one report card per unit. Stopped after `openBudget`
//                    seconds when it is slower than that (the cards queued so far give the rate);
//                    the opening is then recorded as done, as the tick would have.
//   (c) 03-02 10:00  idle, working hours        (c) 03-02 22:00  idle, quiet hours
//   (b) 03-09 09:00  reminder day (3 days before): one nudge per unit
//   (d) 03-16 09:00  overdue (2 working days): one ping per unit, one escalation per lead
//                    department, one to the office
// No daily summary falls in these ticks' catch-up windows (the previous working day's 18:00 is
// more than 24 h back), so each measures only what its label says. With more=1 also:
//   (c) 03-16 09:01  idle after the overdue day;  (e) 03-16 18:00  the daily summary;
//   and the two pure stages of the tick (`scheduleActions`, `messagesFor`) timed on their own.
// Each tick's store calls are timed through a proxy (calls, total ms); the rest of the tick is
// JavaScript in run-tick.ts and what it calls.
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPlan } from '../src/app/load-plan.js';
import { runTick, type TickDeps, type TickResult } from '../src/app/run-tick.js';
import { messagesFor } from '../src/app/scheduled-messages.js';
import { loadChinaCalendar } from '../src/calendar/china.js';
import { directorySpec, planSpec } from '../src/core/plan-spec.js';
import { periodId, periodsOpeningBy } from '../src/core/schedule.js';
import { scheduleActions } from '../src/core/scheduler.js';
import { fixedClock, zonedDate } from '../src/core/time.js';
import { openStorage } from '../src/storage/index.js';

const args = Object.fromEntries(process.argv.slice(2).filter((a) => a.includes('=')).map((a) => a.split('=', 2) as [string, string]));
const unitCount = Number(args.units ?? 10000);
const openBudgetMs = Number(args.openBudget ?? 12) * 1000;
const more = args.more === '1';
const slug = 'bench';
const taskCount = 12;

// --- the plan: N counties, 12 lead departments (one per task), the office; each unit's chat is
// bound in the directory (`chats:`), which stores the same unit_chats row as a `绑定` in the group.
const county = (i: number) => ({
  code: `u${i}`,
  name: `单位${i}`,
  kind: 'county' as const,
  contacts: [{ name: `联络员${i}`, openId: `ou_bench_u${i}` }],
  chats: [`oc_bench_u${i}`],
});
const directory = directorySpec.parse({
  units: [
    { code: 'office', name: '办公室', kind: 'office', contacts: [{ name: '督办员', openId: 'ou_bench_office' }], chats: ['oc_bench_office'] },
    ...Array.from({ length: taskCount }, (_, i) => ({ code: `dept${i + 1}`, name: `牵头局${i + 1}`, kind: 'department', chats: [`oc_bench_dept${i + 1}`] })),
    ...Array.from({ length: unitCount }, (_, i) => county(i)),
  ],
});
const spec = planSpec.parse({
  slug,
  title: '基准方案',
  issuer: '办公室',
  issuedOn: '2026-02-01',
  office: '办公室',
  tasks: Array.from({ length: taskCount }, (_, i) => ({ number: i + 1, title: `任务${i + 1}`, lead: [`牵头局${i + 1}`], responsible: ['各县(市、区)人民政府'] })),
  rounds: [{ key: 'r1', name: '第1轮', reporter: 'responsible', recipient: 'lead', opensAt: '2026-03-02T09:00:00+08:00', dueAt: '2026-03-12T18:00:00+08:00' }],
});

// --- instrumentation ------------------------------------------------------------------------
interface Stat {
  calls: number;
  ms: number;
}
let stats = new Map<string, Stat>();
let deadline = Infinity;
/** When each `outbox.enqueue` of the current tick returned (a card's last step). */
let enqueuedAt: number[] = [];
/** When the tick's first `claimedKeys` returned: its own reads are done, the cards come next. */
let cardsFrom = 0;
class BudgetSpent extends Error {}

const record = (name: string, ms: number) => {
  const s = stats.get(name) ?? { calls: 0, ms: 0 };
  s.calls++;
  s.ms += ms;
  stats.set(name, s);
};

/** Times every (async) method of a store; throws once the opening tick's budget is spent. */
function instrument<T extends object>(name: string, target: T): T {
  return new Proxy(target, {
    get(obj, prop, receiver) {
      const value: unknown = Reflect.get(obj, prop, receiver);
      if (typeof value !== 'function') return value;
      return async (...a: unknown[]) => {
        if (performance.now() > deadline) throw new BudgetSpent(`budget spent before ${name}.${String(prop)}`);
        const t0 = performance.now();
        try {
          return await (value as (...x: unknown[]) => Promise<unknown>).apply(obj, a);
        } finally {
          record(`${name}.${String(prop)}`, performance.now() - t0);
          if (name === 'outbox' && prop === 'enqueue') enqueuedAt.push(performance.now());
          if (name === 'actions' && prop === 'claimedKeys' && cardsFrom === 0) cardsFrom = performance.now();
        }
      };
    },
  });
}

const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
const peakRss = () => process.resourceUsage().maxRSS; // kilobytes
const sec = (ms: number) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);

// --- setup ----------------------------------------------------------------------------------
const t0 = performance.now();
const dir = mkdtempSync(join(tmpdir(), 'duban-bench-tick-'));
const storage = await openStorage(`file:${join(dir, 'bench.db')}`);
const calendar = loadChinaCalendar();
const loaded = await loadPlan(storage, { spec, directory }, fixedClock('2026-02-01T09:00:00+08:00'));
if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
const loadMs = performance.now() - t0;
console.log(`plan: ${unitCount} units × ${taskCount} tasks, ${loaded.saved.assignments} assignments, ${directory.units.length} chats bound`);
console.log(`setup: load ${sec(loadMs)}  (database ${dir})`);
console.log(`Node ${process.version}, ${availableParallelism()} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}; peak RSS after setup ${mb(peakRss())}\n`);

const deps: TickDeps = {
  plans: instrument('plans', storage.plans),
  directory: instrument('directory', storage.directory),
  assignments: instrument('assignments', storage.assignments),
  reports: instrument('reports', storage.reports),
  reviews: instrument('reviews', storage.reviews),
  digests: instrument('digests', storage.digests),
  cards: instrument('cards', storage.cards),
  outbox: instrument('outbox', storage.outbox),
  actions: instrument('actions', storage.actions),
  summaries: instrument('summaries', storage.summaries),
  calendar,
};

async function outboxByKind(): Promise<Map<string, { n: number; maxBytes: number }>> {
  const r = await storage.database.client.execute(`SELECT kind, count(*) AS n, max(length(CAST(content AS BLOB))) AS b FROM outbox GROUP BY kind`);
  return new Map(r.rows.map((row) => [String(row.kind), { n: Number(row.n), maxBytes: Number(row.b) }]));
}

interface Measured {
  label: string;
  ms: number;
  queued: Map<string, { n: number; maxBytes: number }>;
  result?: TickResult;
  stopped?: boolean;
}
const rows: Measured[] = [];

async function tick(label: string, iso: string, budgetMs = Infinity): Promise<Measured> {
  const at = new Date(iso);
  const before = await outboxByKind();
  stats = new Map();
  enqueuedAt = [];
  cardsFrom = 0;
  const start = performance.now();
  deadline = start + budgetMs;
  let result: TickResult | undefined;
  let stopped = false;
  try {
    result = await runTick(deps, at, 'bench');
  } catch (e) {
    if (!(e instanceof BudgetSpent)) throw e;
    stopped = true;
  } finally {
    deadline = Infinity;
  }
  const ms = performance.now() - start;
  const after = await outboxByKind();
  const queued = new Map([...after].map(([k, v]) => [k, { n: v.n - (before.get(k)?.n ?? 0), maxBytes: v.maxBytes }] as const).filter(([, v]) => v.n > 0));
  const m: Measured = { label, ms, queued, ...(result ? { result } : {}), stopped };
  rows.push(m);

  const what = [...queued].map(([k, v]) => `${v.n} ${k} (largest ${(v.maxBytes / 1024).toFixed(1)} KB)`).join(', ') || 'nothing queued';
  console.log(`${label}  [${iso}]`);
  console.log(`  ${sec(ms).padStart(9)}  ${stopped ? `STOPPED after the budget: ` : ''}${what};  RSS ${mb(process.memoryUsage().rss / 1024)}, peak ${mb(peakRss())}`);
  let storeMs = 0;
  for (const [name, s] of [...stats].sort((x, y) => y[1].ms - x[1].ms)) {
    storeMs += s.ms;
    if (s.ms >= 1 || s.calls > 100) console.log(`  ${sec(s.ms).padStart(9)}  ${name} ×${s.calls}`);
  }
  console.log(`  ${sec(ms - storeMs).padStart(9)}  the rest: JavaScript in runTick (scheduleActions, messagesFor, cards, status rows)`);
  return m;
}

/** The two pure stages of a tick, run again on their own. */
async function stages(iso: string) {
  const at = new Date(iso);
  const plan = (await storage.plans.readPlan(slug))!;
  const facts = await storage.assignments.facts(slug);
  const units = await storage.directory.units();
  let t = performance.now();
  const actions = scheduleActions({ plan, facts, at, calendar });
  const scheduleMs = performance.now() - t;
  const today = zonedDate(at, plan.timezone);
  t = performance.now();
  let messages = 0;
  for (const a of actions) messages += messagesFor(a, plan, units, today).length;
  const messagesMs = performance.now() - t;
  console.log(`  on their own: scheduleActions ${sec(scheduleMs)} (${actions.length} actions), messagesFor ×${actions.length} ${sec(messagesMs)} (${messages} messages)\n`);
}

// (a) The round opens.
const open = await tick('(a) round opens: report cards', '2026-03-02T09:00:00+08:00', openBudgetMs);
const cardsQueued = open.queued.get('report.card')?.n ?? 0;
let perCardMs = open.ms / Math.max(1, cardsQueued);
if (open.stopped) {
  // Per card: from the end of the tick's own reads to the last card queued.
  const perCard = (perCardMs = cardsQueued > 0 ? (enqueuedAt.at(-1)! - cardsFrom) / cardsQueued : open.ms);
  console.log(`  → ${cardsQueued} of ${unitCount} cards in ${sec(open.ms)}: ${perCard.toFixed(0)} ms per card; all ${unitCount} ≈ ${sec(perCard * unitCount)} (${((perCard * unitCount) / 3600_000).toFixed(1)} h)`);
  for (const [name, s] of [...stats].sort((x, y) => y[1].ms - x[1].ms).slice(0, 6)) console.log(`     ${name}: ${(s.ms / s.calls).toFixed(0)} ms a call`);
  // Record the opening as the finished tick would have (same key as run-tick.ts), and check it.
  const plan = (await storage.plans.readPlan(slug))!;
  const at = new Date('2026-03-02T09:00:00+08:00');
  const periods = periodsOpeningBy(plan, at, new Set());
  await storage.actions.claim(periods.map((p) => ({ key: `open:${slug}:${periodId(p)}`, planSlug: slug, kind: 'round.open', dueAt: p.opensAt })), 'bench', at);
  const opened = await storage.actions.claimedKeys(slug, 'round.open');
  if (periodsOpeningBy(plan, at, new Set([...opened].map((k) => k.slice(`open:${slug}:`.length)))).length > 0) throw new Error('the opening was not recorded');
}
console.log('');
await tick('(c) idle tick, working hours', '2026-03-02T10:00:00+08:00');
if (more) await stages('2026-03-02T10:00:00+08:00');
else console.log('');
await tick('(c) idle tick, quiet hours', '2026-03-02T22:00:00+08:00');
console.log('');
await tick('(b) reminder day: nudges', '2026-03-09T09:00:00+08:00');
if (more) await stages('2026-03-09T09:00:00+08:00');
else console.log('');
await tick('(d) overdue day: pings + escalations', '2026-03-16T09:00:00+08:00');
if (more) {
  await stages('2026-03-16T09:00:00+08:00');
  await tick('(c) idle tick after the overdue day', '2026-03-16T09:01:00+08:00');
  console.log('');
  await tick('(e) daily summary of the overdue day', '2026-03-16T18:00:00+08:00');
}

console.log(`\nsummary (${unitCount} units × ${taskCount} tasks):`);
for (const r of rows) {
  const n = [...r.queued.values()].reduce((s, v) => s + v.n, 0);
  console.log(`  ${r.label.padEnd(40)} ${sec(r.ms).padStart(9)}  ${String(n).padStart(6)} queued${r.stopped ? ` (stopped; ≈ ${sec(perCardMs * unitCount)} for all)` : ''}`);
}
console.log(`  peak RSS ${mb(peakRss())}; total ${sec(performance.now() - t0)}; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} (${availableParallelism()} cores)`);
storage.close();
if (args.keep !== '1') rmSync(dir, { recursive: true, force: true });
