// Report cards in libSQL: which round period and unit each sent card is.
import type { Row } from '@libsql/client';
import type { CardStore, ReportCardRef } from '../app/ports/index.js';
import type { Database } from './database.js';

function toCard(row: Row): ReportCardRef {
  return {
    planSlug: String(row.slug),
    roundKey: String(row.round_key),
    period: String(row.period),
    unitCode: String(row.unit_code),
    chatId: String(row.chat_id),
    messageId: row.message_id === null ? undefined : String(row.message_id),
    selectedTask: row.selected_task === null ? undefined : String(row.selected_task),
    outboxKey: String(row.outbox_key),
    sentAt: row.sent_at === null || row.sent_at === undefined ? undefined : new Date(Number(row.sent_at)),
  };
}

const cardSelect = `SELECT p.slug, r.key AS round_key, c.period, u.code AS unit_code, c.chat_id, c.message_id, c.selected_task, c.outbox_key, o.sent_at
  FROM report_cards c JOIN plans p ON p.id = c.plan_id JOIN rounds r ON r.id = c.round_id JOIN units u ON u.id = c.unit_id
  LEFT JOIN outbox o ON o.idempotency_key = c.outbox_key`;

export function createCardStore({ client }: Database): CardStore {
  return {
    async save(ref) {
      await client.execute({
        sql: `INSERT INTO report_cards (plan_id, round_id, period, unit_id, chat_id, outbox_key, selected_task)
              SELECT p.id, r.id, ?, u.id, ?, ?, ? FROM plans p JOIN rounds r ON r.plan_id = p.id AND r.key = ? JOIN units u ON u.code = ?
              WHERE p.slug = ? ON CONFLICT DO NOTHING`,
        args: [ref.period, ref.chatId, ref.outboxKey, ref.selectedTask ?? null, ref.roundKey, ref.unitCode, ref.planSlug],
      });
    },

    async sent(outboxKey, messageId) {
      await client.execute({ sql: `UPDATE report_cards SET message_id = ? WHERE outbox_key = ?`, args: [messageId, outboxKey] });
    },

    async byMessage(messageId) {
      const r = await client.execute({ sql: `${cardSelect} WHERE c.message_id = ?`, args: [messageId] });
      return r.rows[0] ? toCard(r.rows[0]) : undefined;
    },

    async forUnit(planSlug, roundKey, period, unitCode) {
      const r = await client.execute({
        sql: `${cardSelect} WHERE p.slug = ? AND r.key = ? AND c.period = ? AND u.code = ? ORDER BY c.id`,
        args: [planSlug, roundKey, period, unitCode],
      });
      return r.rows.map(toCard);
    },

    async selectTask(messageId, task) {
      await client.execute({ sql: `UPDATE report_cards SET selected_task = ? WHERE message_id = ?`, args: [task, messageId] });
    },

    async current(planSlug) {
      const r = await client.execute({
        sql: `${cardSelect} WHERE p.slug = ? AND c.message_id IS NOT NULL AND c.id = (SELECT MAX(l.id) FROM report_cards l
                WHERE l.plan_id = c.plan_id AND l.round_id = c.round_id AND l.period = c.period AND l.unit_id = c.unit_id AND l.chat_id = c.chat_id AND l.message_id IS NOT NULL)
              ORDER BY c.id`,
        args: [planSlug],
      });
      return r.rows.map(toCard);
    },
    async unitsWithCards(planSlug, roundKey, period) {
      const r = await client.execute({ sql: `${cardSelect} WHERE p.slug = ? AND r.key = ? AND c.period = ?`, args: [planSlug, roundKey, period] });
      return new Set(r.rows.map((row) => String(row.unit_code)));
    },
  };
}
