// How long stored rows are kept, by what each must prove: an inbound event id as long as Lark
// may redeliver it, a finished outbox row for a while after, the audit log for years.
import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import { auditLog, inboundEvents, outbox } from '../../db/schema.js';
import { LARK_SIGNATURE_WINDOW_MS } from '../lark/crypto.js';
import type { Db } from './database.js';

const DAY_MS = 24 * 60 * 60_000;

export interface RetentionPolicy {
  /**
   * Processed inbound events: their event_id and message_id are the dedup keys, so they stay
   * at least as long as Lark redelivers (and a signed replay is accepted): the signature window.
   */
  inboundEventsMs: number;
  /** Sent or permanently failed outbox rows: what was said to whom, for support questions. */
  outboxMs: number;
  /** The audit log proves who bound which chat and loaded which plan: years, not days. */
  auditMs: number;
}

export const defaultRetention: RetentionPolicy = {
  inboundEventsMs: LARK_SIGNATURE_WINDOW_MS,
  outboxMs: 90 * DAY_MS,
  auditMs: 3 * 366 * DAY_MS,
};

export interface Pruned {
  inboundEvents: number;
  outbox: number;
  audit: number;
}

/**
 * Deletes what has outlived `policy` at `now`, in one atomic batch. Never an event still to
 * process (received or failed) nor a message still to send (pending). A policy shorter than
 * the signature window for inbound events is refused: a redelivered event would run twice.
 */
export async function pruneStored(db: Db, now: Date, policy: Partial<RetentionPolicy> = {}): Promise<Pruned> {
  const p = { ...defaultRetention, ...policy };
  if (p.inboundEventsMs < LARK_SIGNATURE_WINDOW_MS) {
    throw new RangeError(`inbound events must be kept at least ${LARK_SIGNATURE_WINDOW_MS} ms (Lark's retry window), got ${p.inboundEventsMs}`);
  }
  const before = (ms: number) => new Date(now.getTime() - ms);
  const [events, messages, audit] = await db.batch([
    db.delete(inboundEvents).where(and(eq(inboundEvents.status, 'processed'), lt(inboundEvents.receivedAt, before(p.inboundEventsMs)))),
    db.delete(outbox).where(and(inArray(outbox.status, ['sent', 'failed']), lt(sql`coalesce(${outbox.sentAt}, ${outbox.createdAt})`, before(p.outboxMs).getTime()))),
    db.delete(auditLog).where(lt(auditLog.at, before(p.auditMs))),
  ]);
  return { inboundEvents: events.rowsAffected, outbox: messages.rowsAffected, audit: audit.rowsAffected };
}
