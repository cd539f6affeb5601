// Daily summaries in libSQL: the facts a day's computation reads (all of them, or only what
// changed in a window), the stored rows, and failed deliveries. Every write is one `batch`.
import type { InStatement, Row } from '@libsql/client';
import type { ChangeWindow, FailedDelivery, StoredSummaryDay, SummaryStore } from '../app/ports/index.js';
import type { AssignmentFact } from '../core/status.js';
import type { SummaryRow, SummaryScope } from '../core/summary.js';
import type { Database } from './database.js';
import { chunk, factColumns, parseValues, planIdOf, reportColumns, reviewColumns, toFacts } from './facts.js';

// Parameters per statement stay well under SQLite's limit (32,766).
const idsPerStatement = 500;
const rowsPerInsert = 200;


function toRow(r: Row): SummaryRow {
  return {
    scope: String(r.scope) as SummaryScope,
    key: String(r.scope_key),
    expected: Number(r.expected),
    submitted: Number(r.submitted),
    onTime: Number(r.on_time),
    late: Number(r.late),
    overdue: Number(r.overdue),
    accepted: Number(r.accepted),
    meanPercent: r.mean_percent === null ? null : Number(r.mean_percent),
    indicatorValues: parseValues(r.indicator_values),
  };
}

function toDays(rows: Row[]): StoredSummaryDay[] {
  const days = new Map<string, StoredSummaryDay>();
  for (const r of rows) {
    const date = String(r.date);
    let day = days.get(date);
    if (!day) days.set(date, (day = { date, computedAt: new Date(Number(r.computed_at)), rows: [] }));
    // A day written in one batch shares one computed_at; a mixed day is read as its oldest.
    const at = Number(r.computed_at);
    if (at < day.computedAt.getTime()) day.computedAt = new Date(at);
    day.rows.push(toRow(r));
  }
  return [...days.values()];
}

const selectDays = `SELECT date, scope, scope_key, expected, submitted, on_time, late, overdue, accepted, mean_percent, indicator_values, computed_at
  FROM daily_summaries WHERE plan_id = ${planIdOf}`;

function upserts(slug: string, day: StoredSummaryDay, onConflict: boolean): InStatement[] {
  return chunk(day.rows, rowsPerInsert).map((rows) => ({
    sql: `INSERT INTO daily_summaries (plan_id, date, scope, scope_key, expected, submitted, on_time, late, overdue, accepted, mean_percent, indicator_values, computed_at)
          VALUES ${rows.map(() => `(${planIdOf}, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).join(', ')}
          ${onConflict ? `ON CONFLICT(plan_id, date, scope, scope_key) DO UPDATE SET expected = excluded.expected, submitted = excluded.submitted,
            on_time = excluded.on_time, late = excluded.late, overdue = excluded.overdue, accepted = excluded.accepted,
            mean_percent = excluded.mean_percent, indicator_values = excluded.indicator_values, computed_at = excluded.computed_at` : ''}`,
    args: rows.flatMap((r) => [
      slug, day.date, r.scope, r.key, r.expected, r.submitted, r.onTime, r.late, r.overdue, r.accepted,
      r.meanPercent, JSON.stringify(r.indicatorValues), day.computedAt.getTime(),
    ]),
  }));
}

export function createSummaryStore(database: Database): SummaryStore {
  const { client } = database;

  async function factsOf(ids: readonly number[]): Promise<AssignmentFact[]> {
    if (ids.length === 0) return [];
    const stmts: InStatement[] = [];
    for (const part of chunk(ids, idsPerStatement)) {
      const marks = part.map(() => '?').join(',');
      stmts.push({ sql: `${factColumns} WHERE a.id IN (${marks})`, args: [...part] });
      stmts.push({ sql: `${reportColumns} WHERE rp.assignment_id IN (${marks})`, args: [...part] });
      stmts.push({ sql: `${reviewColumns} WHERE rv.assignment_id IN (${marks})`, args: [...part] });
    }
    const results = await client.batch(stmts, 'read');
    const pick = (k: number) => results.filter((_, i) => i % 3 === k).flatMap((r) => r.rows);
    return toFacts(pick(0), pick(1), pick(2));
  }

  return {
    async planLoadedAt(slug) {
      const r = await client.execute({ sql: `SELECT loaded_at FROM plans WHERE slug = ?`, args: [slug] });
      const at = r.rows[0]?.loaded_at;
      return at === undefined || at === null ? undefined : new Date(Number(at));
    },

    async previousDay(slug, date) {
      const r = await client.execute({
        sql: `${selectDays} AND date = (SELECT max(date) FROM daily_summaries WHERE plan_id = ${planIdOf} AND date < ?)`,
        args: [slug, slug, date],
      });
      return toDays(r.rows)[0];
    },

    async readDays(slug, from, to) {
      const r = await client.execute({ sql: `${selectDays} AND date BETWEEN ? AND ? ORDER BY date, id`, args: [slug, from, to] });
      return toDays(r.rows);
    },

    async storedRange(slug) {
      const r = await client.execute({ sql: `SELECT min(date) AS a, max(date) AS b FROM daily_summaries WHERE plan_id = ${planIdOf}`, args: [slug] });
      const row = r.rows[0];
      return row && row.a !== null ? { from: String(row.a), to: String(row.b) } : undefined;
    },

    async allFacts(slug) {
      const active = `a.plan_id = ${planIdOf} AND a.retired_at IS NULL`;
      const [assignments, reports, reviews] = await client.batch(
        [
          { sql: `${factColumns} WHERE ${active} ORDER BY a.id`, args: [slug] },
          { sql: `${reportColumns} JOIN assignments a ON a.id = rp.assignment_id WHERE ${active}`, args: [slug] },
          { sql: `${reviewColumns} JOIN assignments a ON a.id = rv.assignment_id WHERE ${active}`, args: [slug] },
        ],
        'read',
      );
      return toFacts(assignments!.rows, reports!.rows, reviews!.rows);
    },

    async changedFacts(slug, w: ChangeWindow) {
      const active = `a.plan_id = ${planIdOf} AND a.retired_at IS NULL`;
      // Each part is an index range: (plan_id, due_at), reports(submitted_at), (round_id, period).
      // CROSS JOIN keeps SQLite from driving the join from the plan's assignments (every one of
      // them) instead of from the day's reports. Reviews have no index on `at`: a scan of the
      // reviews table (at most one row per report version), then a primary-key probe per hit.
      const parts: InStatement[] = [
        { sql: `SELECT a.id FROM assignments a WHERE ${active} AND a.due_at BETWEEN ? AND ?`, args: [slug, w.dueFrom.getTime(), w.dueTo.getTime()] },
        {
          sql: `SELECT DISTINCT rp.assignment_id AS id FROM reports rp CROSS JOIN assignments a ON a.id = rp.assignment_id
                WHERE rp.submitted_at BETWEEN ? AND ? AND ${active}`,
          args: [w.knownFrom.getTime(), w.knownTo.getTime(), slug],
        },
        {
          sql: `SELECT DISTINCT rv.assignment_id AS id FROM reviews rv CROSS JOIN assignments a ON a.id = rv.assignment_id
                WHERE rv.at BETWEEN ? AND ? AND ${active}`,
          args: [w.knownFrom.getTime(), w.knownTo.getTime(), slug],
        },
        ...w.openedPeriods.map((p) => ({
          sql: `SELECT a.id FROM assignments a WHERE a.round_id = (SELECT id FROM rounds WHERE plan_id = ${planIdOf} AND key = ?)
                AND a.period = ? AND a.retired_at IS NULL`,
          args: [slug, p.roundKey, p.period],
        })),
      ];
      const results = await client.batch(parts, 'read');
      const ids = [...new Set(results.flatMap((r) => r.rows.map((row) => Number(row.id))))].sort((a, b) => a - b);
      return factsOf(ids);
    },

    async saveDays(slug, days) {
      const stmts: InStatement[] = [];
      for (const day of days) {
        stmts.push(...upserts(slug, day, true));
        // Scopes that no longer exist (a reload dropped a unit) leave the day.
        stmts.push({
          sql: `DELETE FROM daily_summaries WHERE plan_id = ${planIdOf} AND date = ?
                AND scope || ':' || scope_key NOT IN (SELECT value FROM json_each(?))`,
          args: [slug, day.date, JSON.stringify(day.rows.map((r) => `${r.scope}:${r.key}`))],
        });
      }
      if (stmts.length) await client.batch(stmts, 'write');
    },

    async replaceDays(slug, from, to, days) {
      const stmts: InStatement[] = [
        { sql: `DELETE FROM daily_summaries WHERE plan_id = ${planIdOf} AND date BETWEEN ? AND ?`, args: [slug, from, to] },
        ...days.flatMap((d) => upserts(slug, d, false)),
      ];
      await client.batch(stmts, 'write');
    },

    async overdueByUnit(slug, cut, unitCodes) {
      const out = new Map<string, { count: number; oldestDueAt: Date }>();
      for (const part of chunk(unitCodes, idsPerStatement)) {
        // The unary + keeps SQLite on the unit index: a few units' assignments, not the plan's past.
        const r = await client.execute({
          sql: `SELECT u.code, count(*) AS n, min(a.due_at) AS oldest FROM units u JOIN assignments a ON a.unit_id = u.id
                WHERE u.code IN (${part.map(() => '?').join(',')}) AND +a.plan_id = ${planIdOf} AND a.retired_at IS NULL
                  AND a.opens_at <= ? AND +a.due_at < ?
                  AND NOT EXISTS (SELECT 1 FROM reports rp WHERE rp.assignment_id = a.id AND rp.submitted_at <= ?)
                GROUP BY u.code`,
          args: [...part, slug, cut.at.getTime(), cut.at.getTime(), cut.knownBy.getTime()],
        });
        for (const row of r.rows) out.set(String(row.code), { count: Number(row.n), oldestDueAt: new Date(Number(row.oldest)) });
      }
      return out;
    },

    async reviewBacklog(slug, cut, staleBefore) {
      const known = cut.knownBy.getTime();
      // Per assignment, its latest version and latest review known at the cut: one index walk each.
      const r = await client.execute({
        sql: `SELECT coalesce(sum(reported IS NOT NULL AND (reviewed IS NULL OR reviewed < reported) AND reported < ?), 0) AS awaiting,
                     coalesce(sum(decision = 'return' AND reviewed >= reported), 0) AS returned
              FROM (SELECT
                  (SELECT rp.submitted_at FROM reports rp WHERE rp.assignment_id = a.id AND rp.submitted_at <= ? ORDER BY rp.version DESC LIMIT 1) AS reported,
                  (SELECT rv.at FROM reviews rv WHERE rv.assignment_id = a.id AND rv.at <= ? ORDER BY rv.at DESC, rv.id DESC LIMIT 1) AS reviewed,
                  (SELECT rv.decision FROM reviews rv WHERE rv.assignment_id = a.id AND rv.at <= ? ORDER BY rv.at DESC, rv.id DESC LIMIT 1) AS decision
                FROM assignments a JOIN rounds r ON r.id = a.round_id
                WHERE a.plan_id = ${planIdOf} AND a.retired_at IS NULL AND r.recipient = 'lead' AND a.opens_at <= ?)`,
        args: [staleBefore.getTime(), known, known, known, slug, cut.at.getTime()],
      });
      const row = r.rows[0]!;
      return { awaiting: Number(row.awaiting), returned: Number(row.returned) };
    },

    async pendingDeadlines(slug, cut, until) {
      const r = await client.execute({
        sql: `SELECT a.due_at, count(*) AS n FROM assignments a
              WHERE a.plan_id = ${planIdOf} AND a.retired_at IS NULL AND a.due_at BETWEEN ? AND ? AND a.opens_at <= ?
                AND NOT EXISTS (SELECT 1 FROM reports rp WHERE rp.assignment_id = a.id AND rp.submitted_at <= ?)
              GROUP BY a.due_at ORDER BY a.due_at`,
        args: [slug, cut.at.getTime(), until.getTime(), cut.at.getTime(), cut.knownBy.getTime()],
      });
      return r.rows.map((row) => ({ dueAt: new Date(Number(row.due_at)), count: Number(row.n) }));
    },

    async failedDeliveries(since) {
      const r = await client.execute({
        sql: `SELECT o.kind, o.recipient_type, o.recipient_id, o.last_error, o.created_at,
                CASE o.recipient_type
                  WHEN 'chat_id' THEN (SELECT u.name FROM unit_chats c JOIN units u ON u.id = c.unit_id WHERE c.chat_id = o.recipient_id)
                  WHEN 'open_id' THEN (SELECT u.name FROM unit_contacts c JOIN units u ON u.id = c.unit_id WHERE c.open_id = o.recipient_id ORDER BY c.id LIMIT 1)
                  ELSE (SELECT u.name FROM report_cards rc JOIN units u ON u.id = rc.unit_id WHERE rc.message_id = o.recipient_id)
                END AS unit_name,
                CASE WHEN o.recipient_type = 'open_id'
                  THEN (SELECT c.name FROM unit_contacts c WHERE c.open_id = o.recipient_id AND c.name IS NOT NULL ORDER BY c.id LIMIT 1)
                END AS person_name
              FROM outbox o WHERE o.status = 'failed' AND o.created_at >= ? ORDER BY o.id`,
        args: [since.getTime()],
      });
      return r.rows.map(
        (row): FailedDelivery => ({
          kind: String(row.kind),
          recipientType: String(row.recipient_type),
          recipientId: String(row.recipient_id),
          lastError: row.last_error === null ? '' : String(row.last_error),
          createdAt: new Date(Number(row.created_at)),
          unitName: row.unit_name === null ? undefined : String(row.unit_name),
          personName: row.person_name === null ? undefined : String(row.person_name),
        }),
      );
    },
  };
}
