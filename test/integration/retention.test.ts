// Retention against libSQL :memory: with the real migrations: what goes, and what never does.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LARK_SIGNATURE_WINDOW_MS } from '../../src/lark/crypto.js';
import { migrateDatabase, openDatabase, type Database } from '../../src/storage/database.js';
import { defaultRetention, pruneStored } from '../../src/storage/retention.js';

const NOW = new Date('2026-03-02T09:00:00+08:00');
const ago = (ms: number) => NOW.getTime() - ms;
const HOUR = 3600_000;
const DAY = 24 * HOUR;

let database: Database;
beforeEach(async () => {
  database = await openDatabase(':memory:');
  await migrateDatabase(database);
});
afterEach(() => database.close());

const run = (sql: string, args: (string | number | null)[]) => database.client.execute({ sql, args });
const ids = async (table: string, column: string) => (await database.client.execute(`SELECT ${column} AS k FROM ${table} ORDER BY 1`)).rows.map((r) => r.k);

async function event(key: string, status: string, receivedAt: number) {
  await run(`INSERT INTO inbound_events (event_id, event_type, payload, status, received_at) VALUES (?, 'x', '{}', ?, ?)`, [key, status, receivedAt]);
}
async function message(key: string, status: string, createdAt: number, sentAt: number | null) {
  await run(
    `INSERT INTO outbox (idempotency_key, kind, recipient_type, recipient_id, msg_type, content, status, next_attempt_at, created_at, sent_at) VALUES (?, 'k', 'chat_id', 'oc', 'text', '{}', ?, ?, ?, ?)`,
    [key, status, createdAt, createdAt, sentAt],
  );
}
async function audit(key: string, at: number) {
  await run(`INSERT INTO audit_log (at, actor, action, subject) VALUES (?, 'ou_admin', 'chat.bind', ?)`, [at, key]);
}

describe('pruneStored', () => {
  it('deletes processed events older than the signature window, never unprocessed ones', async () => {
    await event('old-processed', 'processed', ago(LARK_SIGNATURE_WINDOW_MS + HOUR));
    await event('young-processed', 'processed', ago(LARK_SIGNATURE_WINDOW_MS - HOUR));
    await event('old-received', 'received', ago(30 * DAY));
    await event('old-failed', 'failed', ago(30 * DAY));
    const pruned = await pruneStored(database.db, NOW);
    expect(pruned.inboundEvents).toBe(1);
    expect(await ids('inbound_events', 'event_id')).toEqual(['old-failed', 'old-received', 'young-processed']);
  });

  it('deletes sent and permanently failed outbox rows after the outbox retention, never pending ones', async () => {
    const old = ago(defaultRetention.outboxMs + DAY);
    await message('old-sent', 'sent', old, old);
    await message('old-failed', 'failed', old, null);
    await message('old-pending', 'pending', old, null);
    await message('sent-lately', 'sent', old, ago(DAY));
    const pruned = await pruneStored(database.db, NOW);
    expect(pruned.outbox).toBe(2);
    expect(await ids('outbox', 'idempotency_key')).toEqual(['old-pending', 'sent-lately']);
  });

  it('keeps the audit log for three years', async () => {
    await audit('four-years', ago(4 * 365 * DAY));
    await audit('two-years', ago(2 * 365 * DAY));
    expect((await pruneStored(database.db, NOW)).audit).toBe(1);
    expect(await ids('audit_log', 'subject')).toEqual(['two-years']);
    expect(defaultRetention.auditMs).toBeGreaterThanOrEqual(3 * 365 * DAY);
  });

  it('takes a policy, but never keeps event ids shorter than Lark redelivers', async () => {
    await audit('two-years', ago(2 * 365 * DAY));
    expect((await pruneStored(database.db, NOW, { auditMs: 365 * DAY })).audit).toBe(1);
    await expect(pruneStored(database.db, NOW, { inboundEventsMs: HOUR })).rejects.toThrow(RangeError);
  });

  it('running twice deletes nothing more', async () => {
    await event('old-processed', 'processed', ago(LARK_SIGNATURE_WINDOW_MS + HOUR));
    await pruneStored(database.db, NOW);
    expect(await pruneStored(database.db, NOW)).toEqual({ inboundEvents: 0, outbox: 0, audit: 0 });
  });
});
