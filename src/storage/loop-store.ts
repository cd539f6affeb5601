// Storage of the Lark loop: inbound events (dedup), the outbox, chat bindings,
// report cards and report versions. Each write is one atomic batch.
import type { InStatement, Row } from '@libsql/client';
import type {
  EventStore,
  InboundEventRecord,
  LoopStore,
  OutboundMessage,
  OutboxStore,
  ReportCardRef,
  ReportInput,
  StoredReport,
} from '../app/ports.js';
import type { Database } from './database.js';
import { createPlanStore } from './plan-store.js';

const unitIdOf = '(SELECT id FROM units WHERE code = ?)';

export function createEventStore({ client }: Database): EventStore {
  return {
    async record(e, at) {
      const r = await client.execute({
        sql: `INSERT INTO inbound_events (event_id, event_type, message_id, payload, received_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
        args: [e.eventId, e.eventType, e.messageId ?? null, e.payload, at.getTime()],
      });
      return r.rowsAffected === 1;
    },
    async markProcessed(eventId, at) {
      await client.execute({ sql: `UPDATE inbound_events SET status = 'processed', processed_at = ?, last_error = NULL WHERE event_id = ?`, args: [at.getTime(), eventId] });
    },
    async markFailed(eventId, error) {
      await client.execute({ sql: `UPDATE inbound_events SET status = 'failed', attempts = attempts + 1, last_error = ? WHERE event_id = ?`, args: [error, eventId] });
    },
    async unprocessed(limit, olderThan) {
      const r = await client.execute({
        sql: `SELECT event_id, event_type, message_id, payload FROM inbound_events
              WHERE status != 'processed' AND attempts < 10 AND received_at <= ? ORDER BY id LIMIT ?`,
        args: [olderThan.getTime(), limit],
      });
      return r.rows.map((row): InboundEventRecord => ({
        eventId: String(row.event_id),
        eventType: String(row.event_type),
        messageId: row.message_id === null ? undefined : String(row.message_id),
        payload: String(row.payload),
      }));
    },
  };
}

function toOutbound(row: Row): OutboundMessage & { attempts: number } {
  const type = String(row.recipient_type);
  return {
    key: String(row.idempotency_key),
    kind: String(row.kind),
    to: type === 'reply' || type === 'reply_in_thread'
      ? { type: 'reply', id: String(row.recipient_id), inThread: type === 'reply_in_thread' }
      : { type: type === 'open_id' ? 'user' : 'chat', id: String(row.recipient_id) },
    msgType: String(row.msg_type) as OutboundMessage['msgType'],
    content: String(row.content),
    attempts: Number(row.attempts),
  };
}

function receiveType(m: OutboundMessage): string {
  if (m.to.type === 'reply') return m.to.inThread ? 'reply_in_thread' : 'reply';
  return m.to.type === 'user' ? 'open_id' : 'chat_id';
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

function toReport(row: Row): StoredReport {
  return {
    id: Number(row.id),
    assignmentId: Number(row.assignment_id),
    version: Number(row.version),
    progress: String(row.progress) as StoredReport['progress'],
    percent: Number(row.percent),
    narrative: String(row.narrative),
    problems: String(row.problems),
    nextSteps: String(row.next_steps),
    indicatorValues: JSON.parse(String(row.indicator_values)) as Record<string, number>,
    submittedBy: String(row.submitted_by),
    submittedByName: row.submitted_by_name === null ? undefined : String(row.submitted_by_name),
    submittedAt: new Date(Number(row.submitted_at)),
    source: String(row.source) as StoredReport['source'],
    sourceEventId: row.source_event_id === null ? undefined : String(row.source_event_id),
    contentHash: String(row.content_hash),
  };
}

function toCard(row: Row): ReportCardRef {
  return {
    planSlug: String(row.slug),
    roundKey: String(row.round_key),
    period: String(row.period),
    unitCode: String(row.unit_code),
    chatId: String(row.chat_id),
    messageId: row.message_id === null ? undefined : String(row.message_id),
    selectedTask: row.selected_task === null ? undefined : String(row.selected_task),
  };
}

const cardSelect = `SELECT p.slug, r.key AS round_key, c.period, u.code AS unit_code, c.chat_id, c.message_id, c.selected_task
  FROM report_cards c JOIN plans p ON p.id = c.plan_id JOIN rounds r ON r.id = c.round_id JOIN units u ON u.id = c.unit_id`;

export function createLoopStore(database: Database): LoopStore {
  const { client } = database;
  const plans = createPlanStore(database);

  return {
    async unitByChat(chatId) {
      const r = await client.execute({ sql: `SELECT u.code FROM unit_chats c JOIN units u ON u.id = c.unit_id WHERE c.chat_id = ?`, args: [chatId] });
      const code = r.rows[0]?.code;
      if (code === undefined) return undefined;
      return (await plans.listUnits()).find((u) => u.code === String(code));
    },

    async bindChat({ unitCode, chatId, contacts, by, at }) {
      const prev = await client.execute({ sql: `SELECT u.code FROM unit_chats c JOIN units u ON u.id = c.unit_id WHERE c.chat_id = ?`, args: [chatId] });
      const previous = prev.rows[0] ? String(prev.rows[0].code) : undefined;
      const stmts: InStatement[] = [
        { sql: `DELETE FROM unit_chats WHERE chat_id = ?`, args: [chatId] },
        { sql: `INSERT INTO unit_chats (unit_id, chat_id, bound_by, bound_at) VALUES (${unitIdOf}, ?, ?, ?)`, args: [unitCode, chatId, by, at.getTime()] },
        ...contacts.map((c) => ({
          sql: `INSERT INTO unit_contacts (unit_id, open_id, name, role, source) VALUES (${unitIdOf}, ?, ?, 'contact', 'binding')
                ON CONFLICT(unit_id, open_id) DO UPDATE SET name = coalesce(excluded.name, unit_contacts.name)`,
          args: [unitCode, c.openId, c.name ?? null],
        })),
        {
          sql: `INSERT INTO audit_log (at, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?)`,
          args: [at.getTime(), by, previous ? 'chat.rebind' : 'chat.bind', chatId, JSON.stringify({ unit: unitCode, previous: previous ?? null, contacts: contacts.map((c) => c.openId) })],
        },
      ];
      await client.batch(stmts, 'write');
      return { previous };
    },

    async unbindChat(chatId, by, at) {
      const prev = await client.execute({ sql: `SELECT u.code FROM unit_chats c JOIN units u ON u.id = c.unit_id WHERE c.chat_id = ?`, args: [chatId] });
      const previous = prev.rows[0] ? String(prev.rows[0].code) : undefined;
      if (!previous) return undefined;
      await client.batch(
        [
          { sql: `DELETE FROM unit_chats WHERE chat_id = ?`, args: [chatId] },
          { sql: `INSERT INTO audit_log (at, actor, action, subject, detail) VALUES (?, ?, 'chat.unbind', ?, ?)`, args: [at.getTime(), by, chatId, JSON.stringify({ unit: previous })] },
        ],
        'write',
      );
      return previous;
    },

    async saveCard(ref) {
      await client.execute({
        sql: `INSERT INTO report_cards (plan_id, round_id, period, unit_id, chat_id, outbox_key, selected_task)
              SELECT p.id, r.id, ?, u.id, ?, ?, ? FROM plans p JOIN rounds r ON r.plan_id = p.id AND r.key = ? JOIN units u ON u.code = ?
              WHERE p.slug = ? ON CONFLICT DO NOTHING`,
        args: [ref.period, ref.chatId, ref.outboxKey, ref.selectedTask ?? null, ref.roundKey, ref.unitCode, ref.planSlug],
      });
    },

    async cardSent(outboxKey, messageId) {
      await client.execute({ sql: `UPDATE report_cards SET message_id = ? WHERE outbox_key = ?`, args: [messageId, outboxKey] });
    },

    async cardByMessage(messageId) {
      const r = await client.execute({ sql: `${cardSelect} WHERE c.message_id = ?`, args: [messageId] });
      return r.rows[0] ? toCard(r.rows[0]) : undefined;
    },

    async cardsFor(planSlug, roundKey, period, unitCode) {
      const r = await client.execute({
        sql: `${cardSelect} WHERE p.slug = ? AND r.key = ? AND c.period = ? AND u.code = ? ORDER BY c.id`,
        args: [planSlug, roundKey, period, unitCode],
      });
      return r.rows.map(toCard);
    },

    async selectTask(messageId, task) {
      await client.execute({ sql: `UPDATE report_cards SET selected_task = ? WHERE message_id = ?`, args: [task, messageId] });
    },

    async lastRemind(planSlug, unitCode) {
      const r = await client.execute({ sql: `SELECT max(at) AS at FROM audit_log WHERE action = 'unit.remind' AND subject = ?`, args: [`${planSlug}:${unitCode}`] });
      const at = r.rows[0]?.at;
      return at === null || at === undefined ? undefined : new Date(Number(at));
    },

    async recordRemind(planSlug, unitCode, by, at) {
      await client.execute({
        sql: `INSERT INTO audit_log (at, actor, action, subject, detail) VALUES (?, ?, 'unit.remind', ?, '{}')`,
        args: [at.getTime(), by, `${planSlug}:${unitCode}`],
      });
    },

    async setAway(openId, until, by, at) {
      const [updated] = await client.batch(
        [
          {
            sql: `UPDATE unit_contacts SET away_until = ? WHERE open_id = ? RETURNING (SELECT code FROM units WHERE id = unit_id) AS code`,
            args: [until, openId],
          },
          {
            sql: `INSERT INTO audit_log (at, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?)`,
            args: [at.getTime(), by, until ? 'contact.away' : 'contact.back', openId, JSON.stringify({ until })],
          },
        ],
        'write',
      );
      return updated!.rows.map((r) => String(r.code));
    },

    async unresolvedContacts() {
      const r = await client.execute(
        `SELECT u.code, c.mobile, c.email FROM unit_contacts c JOIN units u ON u.id = c.unit_id
         WHERE c.open_id IS NULL AND (c.mobile IS NOT NULL OR c.email IS NOT NULL) ORDER BY c.id`,
      );
      return r.rows.map((row) => ({
        unitCode: String(row.code),
        mobile: row.mobile === null ? undefined : String(row.mobile),
        email: row.email === null ? undefined : String(row.email),
      }));
    },

    async resolveContact(unitCode, by, openId) {
      const [column, value] = by.mobile ? ['mobile', by.mobile] : ['email', by.email ?? ''];
      // If this person is already a contact of the unit (bound in chat), the directory row merges into it.
      await client.batch(
        [
          {
            sql: `UPDATE unit_contacts SET mobile = coalesce(unit_contacts.mobile, d.mobile), email = coalesce(unit_contacts.email, d.email),
                    name = coalesce(unit_contacts.name, d.name), role = d.role
                  FROM (SELECT mobile, email, name, role FROM unit_contacts WHERE unit_id = ${unitIdOf} AND open_id IS NULL AND ${column} = ?) d
                  WHERE unit_contacts.unit_id = ${unitIdOf} AND unit_contacts.open_id = ?`,
            args: [unitCode, value, unitCode, openId],
          },
          {
            sql: `DELETE FROM unit_contacts WHERE unit_id = ${unitIdOf} AND open_id IS NULL AND ${column} = ?
                  AND EXISTS (SELECT 1 FROM unit_contacts WHERE unit_id = ${unitIdOf} AND open_id = ?)`,
            args: [unitCode, value, unitCode, openId],
          },
          {
            sql: `UPDATE unit_contacts SET open_id = ? WHERE unit_id = ${unitIdOf} AND open_id IS NULL AND ${column} = ?`,
            args: [openId, unitCode, value],
          },
        ],
        'write',
      );
    },

    async latestReports(assignmentIds) {
      const out = new Map<number, StoredReport>();
      if (assignmentIds.length === 0) return out;
      const r = await client.execute({
        sql: `SELECT rp.* FROM reports rp JOIN (SELECT assignment_id, max(version) AS v FROM reports
                WHERE assignment_id IN (${assignmentIds.map(() => '?').join(',')}) GROUP BY assignment_id) m
              ON m.assignment_id = rp.assignment_id AND m.v = rp.version`,
        args: [...assignmentIds],
      });
      for (const row of r.rows) out.set(Number(row.assignment_id), toReport(row));
      return out;
    },

    async saveReport(input, at) {
      // The version is computed inside the INSERT, so two submissions can never share one.
      const [, inserted] = await client.batch(
        [
          {
            sql: `INSERT INTO reports (assignment_id, version, progress, percent, narrative, problems, next_steps, indicator_values,
                    submitted_by, submitted_by_name, submitted_at, source, source_event_id, content_hash)
                  SELECT ?, coalesce(max(version), 0) + 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM reports WHERE assignment_id = ?`,
            args: [input.assignmentId, input.progress, input.percent, input.narrative, input.problems, input.nextSteps, JSON.stringify(input.indicatorValues),
              input.submittedBy, input.submittedByName ?? null, input.submittedAt.getTime(), input.source, input.sourceEventId ?? null, input.contentHash, input.assignmentId],
          },
          { sql: `SELECT * FROM reports WHERE id = last_insert_rowid()`, args: [] },
          ...(input.sourceEventId
            ? [{ sql: `UPDATE inbound_events SET status = 'processed', processed_at = ? WHERE event_id = ?`, args: [at.getTime(), input.sourceEventId] }]
            : []),
        ],
        'write',
      ).then((rs) => [rs[0], rs[1]] as const);
      return toReport(inserted!.rows[0]!);
    },
  };
}
