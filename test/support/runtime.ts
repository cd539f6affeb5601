// Test wiring: a real libSQL database (":memory:" or a temp file) with the real migrations,
// and the seed plan loaded through the same use case the product uses.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPlan } from '../../src/app/load-plan.js';
import type { PlanStore } from '../../src/app/ports.js';
import { fixedClock, type Clock } from '../../src/core/time.js';
import { migrateDatabase, openDatabase, type Database } from '../../src/storage/database.js';
import { readPlanFile, seedPlanFile } from '../../src/storage/plan-files.js';
import { createPlanStore } from '../../src/storage/plan-store.js';
import { createLoopStore, createOutboxStore } from '../../src/storage/loop-store.js';
import type { CardDeps } from '../../src/app/report-cards.js';
import { chinaCalendar } from '../../src/calendar/china.js';

export const seedSlug = 'baoshan-2020-public-service-quality';

export function tempDir(prefix = 'duban-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export async function openTestStore(url = ':memory:'): Promise<{ database: Database; store: PlanStore; cards: CardDeps }> {
  const database = await openDatabase(url);
  await migrateDatabase(database);
  const store = createPlanStore(database);
  return { database, store, cards: { plans: store, loop: createLoopStore(database), outbox: createOutboxStore(database), calendar: chinaCalendar } };
}

export async function loadSeed(store: PlanStore, clock: Clock = fixedClock('2020-08-20T09:00:00+08:00')) {
  const files = readPlanFile(seedPlanFile);
  const result = await loadPlan(store, { spec: files.spec, directory: files.directory }, clock);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result;
}
