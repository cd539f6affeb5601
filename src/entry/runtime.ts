// What every entry needs first: configuration, the clock, the database migrated,
// and on an empty database the bundled seed plan.
import { createProcessClock } from '../clock.js';
import { parseConfig, type Config } from '../config.js';
import type { Clock } from '../core/time.js';
import { loadPlan } from '../app/load-plan.js';
import type { EventStore, LoopStore, OutboxStore, PlanStore } from '../app/ports.js';
import type { CardDeps } from '../app/report-cards.js';
import type { TickDeps } from '../app/run-tick.js';
import { dailySummaryMessages } from '../app/daily-summary-messages.js';
import type { SummaryStore } from '../app/daily-summary.js';
import { createSummaryStore } from '../storage/summary-store.js';
import { loadChinaCalendar, type ChinaCalendar } from '../calendar/china.js';
import { createEventStore, createLoopStore, createOutboxStore } from '../storage/loop-store.js';
import { migrateDatabase, openDatabase, type Database } from '../storage/database.js';
import { PlanFileError, readPlanFile, seedPlanFile } from '../storage/plan-files.js';
import { createPlanStore } from '../storage/plan-store.js';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { formatPath } from '../core/plan.js';

export interface Runtime {
  config: Config;
  clock: Clock;
  database: Database;
  store: PlanStore;
  loop: LoopStore;
  outbox: OutboxStore;
  events: EventStore;
  calendar: ChinaCalendar;
  /** The dependencies of the card and tick use cases. */
  cards: CardDeps;
  tick: TickDeps;
  summaries: SummaryStore;
  close(): void;
}

export function loadEnv(): Config {
  try {
    process.loadEnvFile();
  } catch {
    // No .env file: the environment alone configures the program.
  }
  return parseConfig(process.env);
}

export async function openRuntime(config: Config, options: { seed?: boolean } = {}): Promise<Runtime> {
  const clock = createProcessClock(config.DUBAN_CLOCK_START);
  const database = await openDatabase(config.DATABASE_URL, config.DATABASE_AUTH_TOKEN);
  await migrateDatabase(database);
  const store = createPlanStore(database);
  const loop = createLoopStore(database);
  const outbox = createOutboxStore(database);
  const events = createEventStore(database);
  const summaries = createSummaryStore(database);
  // A broken db/calendar.yaml stops the start with file:path: reason, like a broken plan.
  const calendar = loadChinaCalendar();
  if (options.seed !== false && (await store.listPlans()).length === 0) await loadSeed(store, clock, calendar);
  const tick: TickDeps = {
    plans: store,
    loop,
    outbox,
    calendar,
    dailySummary: (slug, date, at) => dailySummaryMessages({ plans: store, summaries, calendar }, slug, date, at),
  };
  return {
    config, clock, database, store, loop, outbox, events, calendar,
    cards: tick,
    tick,
    summaries,
    close: () => database.close(),
  };
}

export { readSource };

async function loadSeed(store: PlanStore, clock: Clock, calendar: ChinaCalendar): Promise<void> {
  const files = readPlanFile(seedPlanFile);
  const result = await loadPlan(store, { spec: files.spec, directory: files.directory, sourceText: readSource(files.file, files.spec.source) }, clock, calendar);
  if (!result.ok) throw new PlanFileError(result.issues.map((i) => `${seedPlanFile}:${formatPath(i.path)}: ${i.message}`));
}

/** The source text of a plan file (the notice it was transcribed from), relative to the file. */
function readSource(planFile: string, source: string | undefined): string | undefined {
  if (!source) return undefined;
  try {
    return readFileSync(resolve(dirname(planFile), source), 'utf8');
  } catch {
    return undefined;
  }
}
