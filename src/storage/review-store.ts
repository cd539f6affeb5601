// Reviews (采纳 / 退回) and the lead departments' digests in libSQL. A review and its audit
// entry are one write; so are a tick's digest changes and the plan's digest cursor.
import type { InStatement, Row } from '@libsql/client';
import type { Digest, DigestStore, ReportInContext, ReviewStore, StoredReview } from '../app/ports/index.js';
import type { Database } from './database.js';
import { planIdOf } from './facts.js';
import { toReport } from './report-store.js';

const contextColumns = `SELECT rp.*, p.slug, r.key AS round_key, a.period, t.number, u.code AS unit_code, a.due_at FROM reports rp
  JOIN assignments a ON a.id = rp.assignment_id JOIN plans p ON p.id = a.plan_id JOIN rounds r ON r.id = a.round_id
  JOIN tasks t ON t.id = a.task_id JOIN units u ON u.id = a.unit_id`;

function toContext(row: Row): ReportInContext {
  return {
    ...toReport(row),
    planSlug: String(row.slug),
    roundKey: String(row.round_key),
    period: String(row.period),
    taskNumber: String(row.number),
    unitCode: String(row.unit_code),
    dueAt: new Date(Number(row.due_at)),
  };
}

function toReview(row: Row): StoredReview {
  return {
    id: Number(row.id),
    reportId: Number(row.report_id),
    assignmentId: Number(row.assignment_id),
    decision: row.decision === 'accept' ? 'accept' : 'return',
    comment: String(row.comment),
    reviewerOpenId: String(row.reviewer_open_id),
    reviewerName: row.reviewer_name === null || row.reviewer_name === undefined ? undefined : String(row.reviewer_name),
    reviewerUnitCode: row.unit_code === null || row.unit_code === undefined ? undefined : String(row.unit_code),
    at: new Date(Number(row.at)),
  };
}

const marks = (n: number) => Array.from({ length: n }, () => '?').join(',');

export function createReviewStore({ client }: Database): ReviewStore {
  return {
    async reports(ids) {
      if (ids.length === 0) return [];
      const r = await client.execute({ sql: `${contextColumns} WHERE rp.id IN (${marks(ids.length)}) ORDER BY rp.id`, args: [...ids] });
      return r.rows.map(toContext);
    },
    async record(review) {
      const [, inserted] = await client.batch(
        [
          {
            sql: `INSERT INTO reviews (assignment_id, report_id, decision, comment, reviewer_open_id, reviewer_name, reviewer_unit_id, at)
                  VALUES (?, ?, ?, ?, ?, ?, (SELECT id FROM units WHERE code = ?), ?)`,
            args: [review.assignmentId, review.reportId, review.decision, review.comment, review.reviewerOpenId, review.reviewerName ?? null, review.reviewerUnitCode ?? null, review.at.getTime()],
          },
          { sql: `SELECT last_insert_rowid() AS id`, args: [] },
          {
            sql: `INSERT INTO audit_log (at, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?)`,
            args: [review.at.getTime(), review.reviewerOpenId, `report.${review.decision}`, `report:${review.reportId}`,
              JSON.stringify({ assignment: review.assignmentId, comment: review.comment, reviewer: review.reviewerName ?? null, unit: review.reviewerUnitCode ?? null })],
          },
        ],
        'write',
      );
      return { ...review, id: Number(inserted!.rows[0]!.id) };
    },
    async ofAssignments(assignmentIds) {
      if (assignmentIds.length === 0) return [];
      const r = await client.execute({
        sql: `SELECT rv.*, u.code AS unit_code FROM reviews rv LEFT JOIN units u ON u.id = rv.reviewer_unit_id WHERE rv.assignment_id IN (${marks(assignmentIds.length)}) ORDER BY rv.id`,
        args: [...assignmentIds],
      });
      return r.rows.map(toReview);
    },
  };
}

function toDigest(row: Row): Digest {
  return {
    id: Number(row.id),
    planSlug: String(row.slug),
    unitCode: String(row.unit_code),
    chatId: String(row.chat_id),
    role: row.role === 'cooperating' ? 'cooperating' : 'lead',
    outboxKey: String(row.outbox_key),
    messageId: row.message_id === null ? undefined : String(row.message_id),
    reportIds: JSON.parse(String(row.report_ids)) as number[],
    openedAt: new Date(Number(row.opened_at)),
    updatedAt: new Date(Number(row.updated_at)),
    dirty: Boolean(Number(row.dirty)),
  };
}

const digestColumns = `SELECT d.*, p.slug, u.code AS unit_code FROM lead_digests d JOIN plans p ON p.id = d.plan_id JOIN units u ON u.id = d.unit_id`;

export function createDigestStore({ client }: Database): DigestStore {
  return {
    async cursor(slug) {
      const r = await client.execute({ sql: `SELECT digest_cursor FROM plans WHERE slug = ?`, args: [slug] });
      return Number(r.rows[0]?.digest_cursor ?? 0);
    },
    async reportsAfter(slug, cursor) {
      // The cheap question first: an idle tick asks only whether any report is newer.
      const newest = await client.execute(`SELECT max(id) AS id FROM reports`);
      if (Number(newest.rows[0]?.id ?? 0) <= cursor) return [];
      const r = await client.execute({ sql: `${contextColumns} WHERE rp.id > ? AND p.slug = ? AND r.recipient = 'lead' ORDER BY rp.id`, args: [cursor, slug] });
      return r.rows.map(toContext);
    },
    async latest(slug, unitCode, chatId, role) {
      const r = await client.execute({
        sql: `${digestColumns} WHERE d.plan_id = ${planIdOf} AND d.unit_id = (SELECT id FROM units WHERE code = ?) AND d.chat_id = ? AND d.role = ? ORDER BY d.id DESC LIMIT 1`,
        args: [slug, unitCode, chatId, role],
      });
      return r.rows[0] ? toDigest(r.rows[0]) : undefined;
    },
    async dirtySent(slug) {
      const r = await client.execute({ sql: `${digestColumns} WHERE d.plan_id = ${planIdOf} AND d.dirty = 1 AND d.message_id IS NOT NULL ORDER BY d.id`, args: [slug] });
      return r.rows.map(toDigest);
    },
    async byMessage(messageId) {
      const r = await client.execute({ sql: `${digestColumns} WHERE d.message_id = ?`, args: [messageId] });
      return r.rows[0] ? toDigest(r.rows[0]) : undefined;
    },
    async showing(slug, reportIds) {
      if (reportIds.length === 0) return [];
      const r = await client.execute({
        sql: `${digestColumns} WHERE d.plan_id = ${planIdOf} AND EXISTS (SELECT 1 FROM json_each(d.report_ids) j WHERE j.value IN (${marks(reportIds.length)}))`,
        args: [slug, ...reportIds],
      });
      return r.rows.map(toDigest);
    },
    async save(slug, changes) {
      const stmts: InStatement[] = [
        ...changes.create.map((d) => ({
          sql: `INSERT INTO lead_digests (plan_id, unit_id, chat_id, role, outbox_key, report_ids, opened_at, updated_at)
                VALUES (${planIdOf}, (SELECT id FROM units WHERE code = ?), ?, ?, ?, ?, ?, ?) ON CONFLICT(outbox_key) DO NOTHING`,
          args: [slug, d.unitCode, d.chatId, d.role, d.outboxKey, JSON.stringify(d.reportIds), d.openedAt.getTime(), d.updatedAt.getTime()],
        })),
        ...changes.extend.map((e) => ({ sql: `UPDATE lead_digests SET report_ids = ?, updated_at = ?, dirty = 1 WHERE id = ?`, args: [JSON.stringify(e.reportIds), e.at.getTime(), e.id] })),
        ...changes.drawn.map((id) => ({ sql: `UPDATE lead_digests SET dirty = 0 WHERE id = ?`, args: [id] })),
        ...(changes.dirty ?? []).map((id) => ({ sql: `UPDATE lead_digests SET dirty = 1 WHERE id = ?`, args: [id] })),
        ...(changes.cursor !== undefined ? [{ sql: `UPDATE plans SET digest_cursor = max(digest_cursor, ?) WHERE slug = ?`, args: [changes.cursor, slug] }] : []),
      ];
      if (stmts.length > 0) await client.batch(stmts, 'write');
    },
    async sent(outboxKey, messageId) {
      await client.execute({ sql: `UPDATE lead_digests SET message_id = ? WHERE outbox_key = ?`, args: [messageId, outboxKey] });
    },
  };
}
