// Every store over one libSQL database: what an entry hands the composition root.
import type { Storage } from '../app/ports/index.js';
import { createActionStore } from './action-store.js';
import { createAssignmentStore } from './assignment-store.js';
import { createAuditStore } from './audit-store.js';
import { createCardStore } from './card-store.js';
import { migrateDatabase, openDatabase, type Database } from './database.js';
import { createDirectoryStore } from './directory-store.js';
import { createEventStore } from './event-store.js';
import { createExportSource } from './export-source.js';
import { createOutboxStore } from './outbox-store.js';
import { createPlanStore } from './plan-store.js';
import { createReportStore } from './report-store.js';
import { createDigestStore, createReviewStore } from './review-store.js';
import { pruneStored } from './retention.js';
import { createSummaryStore } from './summary-store.js';

export type DatabaseStorage = Storage & { database: Database };

export function createStorage(database: Database): DatabaseStorage {
  return {
    database,
    directory: createDirectoryStore(database),
    plans: createPlanStore(database),
    assignments: createAssignmentStore(database),
    reports: createReportStore(database),
    reviews: createReviewStore(database),
    digests: createDigestStore(database),
    cards: createCardStore(database),
    outbox: createOutboxStore(database),
    events: createEventStore(database),
    audit: createAuditStore(database),
    actions: createActionStore(database),
    summaries: createSummaryStore(database),
    exports: createExportSource(database),
    ping: async () => void (await database.client.execute('SELECT 1')),
    prune: async (now) => void (await pruneStored(database.db, now)),
    close: () => database.close(),
  };
}

/** Opens (and migrates) the database at `url`: `file:`, `:memory:`, `libsql:` or `https:`. */
export async function openStorage(url: string, authToken?: string): Promise<DatabaseStorage> {
  const database = await openDatabase(url, authToken);
  await migrateDatabase(database);
  return createStorage(database);
}
