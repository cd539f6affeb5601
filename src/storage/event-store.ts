// Inbound events in libSQL: stored before they are answered, unique by event_id and by
// message_id (Lark may deliver one message under two event ids).
import type { InStatement } from '@libsql/client';
import type { EventStore, InboundEventRecord, RecordedEvent } from '../app/ports/index.js';
import type { Database } from './database.js';
import { groupCommit } from './group-commit.js';

export function createEventStore({ client }: Database): EventStore {
  // One write answers both: stored now, or how far the earlier arrival got (a crash may have
  // cut it between storing and processing). Events of the same turn share it (group-commit.ts).
  const record = groupCommit(
    client,
    ({ e, at }: { e: InboundEventRecord; at: Date }): InStatement[] => [
      {
        sql: `INSERT INTO inbound_events (event_id, event_type, message_id, payload, received_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
        args: [e.eventId, e.eventType, e.messageId ?? null, e.payload, at.getTime()],
      },
      {
        sql: `SELECT event_id, status, received_at FROM inbound_events WHERE event_id = ? OR (message_id IS NOT NULL AND message_id = ?) ORDER BY id LIMIT 1`,
        args: [e.eventId, e.messageId ?? null],
      },
    ],
    ([inserted, earlier]): RecordedEvent => {
      if (inserted!.rowsAffected === 1) return { fresh: true };
      const row = earlier!.rows[0]!;
      return { fresh: false, processed: row.status === 'processed', receivedAt: new Date(Number(row.received_at)), eventId: String(row.event_id) };
    },
  );
  return {
    record: (e, at) => record({ e, at }),
    async markProcessed(eventId, at) {
      await client.execute({ sql: `UPDATE inbound_events SET status = 'processed', processed_at = ?, last_error = NULL WHERE event_id = ?`, args: [at.getTime(), eventId] });
    },
    async markFailed(eventId, error) {
      await client.execute({ sql: `UPDATE inbound_events SET status = 'failed', attempts = attempts + 1, last_error = ? WHERE event_id = ?`, args: [error, eventId] });
    },
    async unprocessed(limit, olderThan) {
      const r = await client.execute({
        sql: `SELECT event_id, event_type, message_id, payload, received_at FROM inbound_events
              WHERE status != 'processed' AND attempts < 10 AND received_at <= ? ORDER BY id LIMIT ?`,
        args: [olderThan.getTime(), limit],
      });
      return r.rows.map((row): InboundEventRecord & { receivedAt: Date } => ({
        eventId: String(row.event_id),
        eventType: String(row.event_type),
        messageId: row.message_id === null ? undefined : String(row.message_id),
        payload: String(row.payload),
        receivedAt: new Date(Number(row.received_at)),
      }));
    },
  };
}
