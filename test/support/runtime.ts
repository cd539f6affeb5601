// Test wiring: a real libSQL database (":memory:" or a temp file) with the real migrations,
// and the seed plan loaded through the same use case the product uses.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPlan } from '../../src/app/load-plan.js';
import type { TickDeps } from '../../src/app/run-tick.js';
import type { Database } from '../../src/storage/database.js';
import { chinaCalendar } from '../../src/calendar/china.js';
import { fixedClock, type Clock } from '../../src/core/time.js';
import { openStorage, type DatabaseStorage } from '../../src/storage/index.js';
import { readPlanFile, seedPlanFile } from '../../src/storage/plan-files.js';

export const seedSlug = 'baoshan-2020-public-service-quality';

export function tempDir(prefix = 'duban-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** The stores over a migrated database, and the deps of the card and tick use cases over them. */
export async function openTestStore(url = ':memory:'): Promise<{ storage: DatabaseStorage; database: Database; cards: TickDeps }> {
  const storage = await openStorage(url);
  return { storage, database: storage.database, cards: { ...storage, calendar: chinaCalendar } };
}

export async function loadSeed(storage: Pick<DatabaseStorage, 'plans' | 'directory'>, clock: Clock = fixedClock('2020-08-20T09:00:00+08:00')) {
  const files = readPlanFile(seedPlanFile);
  const result = await loadPlan(storage, { spec: files.spec, directory: files.directory }, clock);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result;
}
