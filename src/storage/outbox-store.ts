// The outbox in libSQL: messages stored under their idempotency key, claimed with a lease.
import type { Row } from '@libsql/client';
import type { OutboundMessage, OutboxStore } from '../app/ports/index.js';
import type { Database } from './database.js';

function toOutbound(row: Row): OutboundMessage & { attempts: number } {
  const type = String(row.recipient_type);
  return {
    key: String(row.idempotency_key),
    kind: String(row.kind),
    to: type === 'reply' || type === 'reply_in_thread'
      ? { type: 'reply', id: String(row.recipient_id), inThread: type === 'reply_in_thread' }
      : { type: type === 'open_id' ? 'user' : type === 'message_id' ? 'message' : 'chat', id: String(row.recipient_id) },
    msgType: String(row.msg_type) as OutboundMessage['msgType'],
    content: String(row.content),
    attempts: Number(row.attempts),
  };
}

function receiveType(m: OutboundMessage): string {
  if (m.to.type === 'reply') return m.to.inThread ? 'reply_in_thread' : 'reply';
  return m.to.type === 'user' ? 'open_id' : m.to.type === 'message' ? 'message_id' : 'chat_id';
}

export function createOutboxStore({ client }: Database): OutboxStore {
  return {
    async enqueue(messages, at) {
      if (messages.length === 0) return [];
      const results = await client.batch(
        messages.map((m) => ({
          sql: `INSERT INTO outbox (idempotency_key, kind, recipient_type, recipient_id, msg_type, content, next_attempt_at)
                VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(idempotency_key) DO NOTHING`,
          args: [m.key, m.kind, receiveType(m), m.to.id, m.msgType, m.content, at.getTime()],
        })),
        'write',
      );
      return messages.filter((_, i) => results[i]!.rowsAffected === 1).map((m) => m.key);
    },
    async claimDue(at, limit, by, leaseMs) {
      const r = await client.execute({
        sql: `UPDATE outbox SET claimed_by = ?, lease_until = ?
              WHERE id IN (SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= ?
                           AND (lease_until IS NULL OR lease_until <= ?) ORDER BY id LIMIT ?)
              RETURNING *`,
        args: [by, at.getTime() + leaseMs, at.getTime(), at.getTime(), limit],
      });
      return [...r.rows].sort((a, b) => Number(a.id) - Number(b.id)).map(toOutbound);
    },
    async markSent(key, messageId, at) {
      await client.execute({
        sql: `UPDATE outbox SET status = 'sent', message_id = ?, sent_at = ?, attempts = attempts + 1, last_error = NULL, lease_until = NULL WHERE idempotency_key = ?`,
        args: [messageId, at.getTime(), key],
      });
    },
    async markFailed(key, error, retryAt) {
      await client.execute({
        sql: `UPDATE outbox SET status = ?, attempts = attempts + 1, last_error = ?, next_attempt_at = coalesce(?, next_attempt_at), lease_until = NULL
              WHERE idempotency_key = ?`,
        args: [retryAt ? 'pending' : 'failed', error, retryAt?.getTime() ?? null, key],
      });
    },
    async pendingCount() {
      const r = await client.execute(`SELECT count(*) AS n FROM outbox WHERE status = 'pending'`);
      return Number(r.rows[0]!.n);
    },
  };
}

